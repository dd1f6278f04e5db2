//! Hypothetical extraction of a bilateral supply link.
//!
//! Why: "what would the US lose without Canadian parts?" is a question
//! about a *link*, not a sector. Hypothetical extraction (Dietzenbacher &
//! Lahr 2013; Los, Timmer & de Vries 2016) removes the link from the
//! technology and asks how much output the unchanged final demand would
//! then need:
//!
//! ```text
//! A* = A with a_ij = 0 for i ∈ R (the source region's listed sectors),
//!                          j ∈ C (every sector of the destination region)
//! y  = Σ_k Y_·k (all final-demand columns), y* = y, or, with the final
//!      demand extracted too, y*_i = y_i − Σ_{k ∈ FD(destination)} Y_ik for i ∈ R
//! x  = (I − A)⁻¹ y,   x* = (I − A*)⁻¹ y*,   loss = x − x*
//! ```
//!
//! The model outputs x = L y are used on both sides (published tables do
//! not balance exactly, so L y differs slightly from the published x; the
//! loss is then exactly the effect of the extraction).
//!
//! **Solving against the baseline factorisation.** A* = A − U Vᵀ with
//! U = E_R (n × k, the unit columns of the k source rows) and Vᵀ (k × n) the
//! removed coefficients (row r of Vᵀ is a_r· on the destination's columns,
//! zero elsewhere). By the Sherman–Morrison–Woodbury identity, with
//! L = (I − A)⁻¹:
//!
//! ```text
//! x* = x̃ − L_R (I_k + Vᵀ L_R)⁻¹ Vᵀ x̃,   x̃ = L y*,   L_R = L E_R
//! ```
//!
//! i.e. k + 1 forward solves with the stored LU and one k × k system,
//! instead of a second O(n³) factorisation. When k is a large part of n the
//! re-factorisation is cheaper; [`ExtractionMethod::Auto`] picks by the
//! measured crossover (see `bench/README.md`).

use faer::Mat;
use serde::Serialize;

use crate::error::{MrioError, Result};
use crate::leontief::Leontief;
use crate::system::Mrio;

/// How to solve the extracted system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExtractionMethod {
    /// Low-rank (Woodbury) update of the baseline factorisation when the
    /// extracted rows are few relative to n, else re-factorisation.
    Auto,
    /// Sherman–Morrison–Woodbury update against the baseline LU.
    LowRankUpdate,
    /// A second LU of (I − A*).
    Refactorisation,
}

impl ExtractionMethod {
    /// The method [`ExtractionMethod::Auto`] resolves to for k extracted
    /// rows in a system of order n: the update while 4k ≤ n. The update
    /// costs k + 1 block solves (≈ 2(k + 1)n² flops at matrix-multiply
    /// speed) against ≈ ⅔n³ for a new LU; the benchmark in
    /// `bench/README.md` measured the update 26–35× faster at k = one
    /// region's sectors and 61–75× at k = 1 on WIOD 2011 and the
    /// synthetic 3,465 table. A single source region has k ≤ n / G, so
    /// the re-factorisation is taken only for tables of three regions or
    /// fewer.
    pub fn resolve(self, k: usize, n: usize) -> Self {
        match self {
            ExtractionMethod::Auto if 4 * k <= n => ExtractionMethod::LowRankUpdate,
            ExtractionMethod::Auto => ExtractionMethod::Refactorisation,
            m => m,
        }
    }
}

/// Which link to extract.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtractionSpec {
    /// Supplying region index.
    pub source: usize,
    /// The source region's sectors whose supplies are removed (empty = all).
    pub sectors: Vec<usize>,
    /// Buying region index.
    pub destination: usize,
    /// Also remove the source's sales to the destination's final users.
    pub with_final_demand: bool,
}

/// Result of an extraction: outputs by region-sector.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Extraction {
    /// x = L y (baseline model output).
    pub output: Vec<f64>,
    /// x* = (I − A*)⁻¹ y*.
    pub extracted: Vec<f64>,
    /// The method used.
    pub method: ExtractionMethod,
    /// Number of extracted rows k.
    pub rank: usize,
}

impl Extraction {
    /// x − x* per region-sector.
    pub fn loss(&self) -> Vec<f64> {
        self.output
            .iter()
            .zip(&self.extracted)
            .map(|(a, b)| a - b)
            .collect()
    }
}

/// Total final demand y = Σ_k Y_·k (every final-demand column).
pub fn total_final_demand(mrio: &Mrio) -> Vec<f64> {
    let y = mrio.y();
    (0..mrio.n()).map(|i| y.row(i).iter().sum()).collect()
}

/// The extracted rows R (flat indices) of a spec.
fn extracted_rows(mrio: &Mrio, spec: &ExtractionSpec) -> Vec<usize> {
    if spec.sectors.is_empty() {
        mrio.region_range(spec.source).collect()
    } else {
        spec.sectors
            .iter()
            .map(|&s| mrio.index(spec.source, s))
            .collect()
    }
}

fn check(mrio: &Mrio, spec: &ExtractionSpec) -> Result<()> {
    let g = mrio.n_regions();
    if spec.source >= g || spec.destination >= g {
        return Err(MrioError::Invalid(format!(
            "region index out of range (the table has {g} regions)"
        )));
    }
    if let Some(s) = spec.sectors.iter().find(|&&s| s >= mrio.n_sectors()) {
        return Err(MrioError::Invalid(format!(
            "sector index {s} out of range (the table has {} sectors)",
            mrio.n_sectors()
        )));
    }
    Ok(())
}

/// y* of a spec: y with the source rows' sales to the destination's final
/// users removed when `with_final_demand`.
pub fn extracted_final_demand(mrio: &Mrio, spec: &ExtractionSpec) -> Vec<f64> {
    let mut y = total_final_demand(mrio);
    if spec.with_final_demand {
        let cols = mrio.fd_columns_of(&mrio.regions()[spec.destination]);
        let yy = mrio.y();
        for i in extracted_rows(mrio, spec) {
            y[i] -= cols.iter().map(|&k| yy[(i, k)]).sum::<f64>();
        }
    }
    y
}

/// Hypothetical extraction of the link `spec` (see the module docs).
pub fn extract(
    mrio: &Mrio,
    leontief: &Leontief,
    spec: &ExtractionSpec,
    method: ExtractionMethod,
) -> Result<Extraction> {
    check(mrio, spec)?;
    let n = mrio.n();
    let rows = extracted_rows(mrio, spec);
    let k = rows.len();
    let method = method.resolve(k, n);
    let output = leontief.solve(&total_final_demand(mrio));
    let y_star = extracted_final_demand(mrio, spec);
    let extracted = match method {
        ExtractionMethod::Refactorisation => refactorised(mrio, spec, &rows, &y_star)?,
        _ => updated(mrio, leontief, spec, &rows, &y_star)?,
    };
    Ok(Extraction {
        output,
        extracted,
        method,
        rank: k,
    })
}

/// x* by the Woodbury update against the baseline LU.
fn updated(
    mrio: &Mrio,
    leontief: &Leontief,
    spec: &ExtractionSpec,
    rows: &[usize],
    y_star: &[f64],
) -> Result<Vec<f64>> {
    let n = mrio.n();
    let k = rows.len();
    let x = mrio.x();
    let z = mrio.z();
    let cols = mrio.region_range(spec.destination);
    // Block [E_R | y*] solved at once: L_R and x̃.
    let mut rhs = Mat::<f64>::zeros(n, k + 1);
    for (c, &r) in rows.iter().enumerate() {
        rhs[(r, c)] = 1.0;
    }
    for (i, &v) in y_star.iter().enumerate() {
        rhs[(i, k)] = v;
    }
    leontief.solve_in_place(rhs.as_mut());
    // Capacitance C = I_k + Vᵀ L_R and right-hand side Vᵀ x̃, with
    // Vᵀ_{r,c} = a_{r c} = z_{rc} / x_c on the destination's columns.
    let a = |r: usize, c: usize| if x[c] != 0.0 { z[(r, c)] / x[c] } else { 0.0 };
    let mut cap = Mat::<f64>::identity(k, k);
    let mut w = Mat::<f64>::zeros(k, 1);
    for (p, &r) in rows.iter().enumerate() {
        for c in cols.clone() {
            let arc = a(r, c);
            if arc == 0.0 {
                continue;
            }
            for q in 0..k {
                cap[(p, q)] += arc * rhs[(c, q)];
            }
            w[(p, 0)] += arc * rhs[(c, k)];
        }
    }
    let small = Leontief::from_i_minus_a(cap, &|_| f64::NAN, &|q| {
        format!("{} (after the extraction)", mrio.label(rows[q]))
    })?;
    small.solve_in_place(w.as_mut());
    Ok((0..n)
        .map(|i| rhs[(i, k)] - (0..k).map(|q| rhs[(i, q)] * w[(q, 0)]).sum::<f64>())
        .collect())
}

/// x* by a second LU of (I − A*).
fn refactorised(
    mrio: &Mrio,
    spec: &ExtractionSpec,
    rows: &[usize],
    y_star: &[f64],
) -> Result<Vec<f64>> {
    let a_star = extracted_coefficients(mrio, spec, rows);
    let l = Leontief::new(a_star.as_ref(), &|j| mrio.label(j))?;
    Ok(l.solve(y_star))
}

/// A* as a dense matrix (for the re-factorisation and for tests).
fn extracted_coefficients(mrio: &Mrio, spec: &ExtractionSpec, rows: &[usize]) -> Mat<f64> {
    let mut a = crate::leontief::technical_coefficients(mrio.z(), mrio.x());
    for &r in rows {
        for c in mrio.region_range(spec.destination) {
            a[(r, c)] = 0.0;
        }
    }
    a
}

/// x* by a dense re-solve: the inverse (I − A*)⁻¹ formed explicitly and
/// multiplied by y*. The oracle of the tests; O(n³) and n² memory.
pub fn extract_dense_oracle(mrio: &Mrio, spec: &ExtractionSpec) -> Result<Vec<f64>> {
    check(mrio, spec)?;
    let rows = extracted_rows(mrio, spec);
    let a_star = extracted_coefficients(mrio, spec, &rows);
    let n = mrio.n();
    let ima = Mat::from_fn(n, n, |i, j| f64::from(u8::from(i == j)) - a_star[(i, j)]);
    let inv = faer::linalg::solvers::DenseSolveCore::inverse(&ima.partial_piv_lu());
    let y = extracted_final_demand(mrio, spec);
    Ok((0..n)
        .map(|i| (0..n).map(|j| inv[(i, j)] * y[j]).sum())
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::system::tests::tiny;

    fn max_rel_diff(a: &[f64], b: &[f64]) -> f64 {
        let scale = b.iter().fold(1.0f64, |m, v| m.max(v.abs()));
        a.iter()
            .zip(b)
            .map(|(x, y)| (x - y).abs())
            .fold(0.0, f64::max)
            / scale
    }

    #[test]
    fn both_methods_equal_the_dense_oracle() {
        let m = tiny();
        let l = Leontief::of(&m).unwrap();
        for sectors in [vec![], vec![0], vec![1]] {
            for with_final_demand in [false, true] {
                for (source, destination) in [(0, 1), (1, 0)] {
                    let spec = ExtractionSpec {
                        source,
                        sectors: sectors.clone(),
                        destination,
                        with_final_demand,
                    };
                    let oracle = extract_dense_oracle(&m, &spec).unwrap();
                    for method in [
                        ExtractionMethod::LowRankUpdate,
                        ExtractionMethod::Refactorisation,
                    ] {
                        let e = extract(&m, &l, &spec, method).unwrap();
                        assert_eq!(e.method, method);
                        let d = max_rel_diff(&e.extracted, &oracle);
                        assert!(d < 1e-12, "{spec:?} {method:?}: {d}");
                        assert!(e.loss().iter().all(|v| *v >= -1e-9), "{spec:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn extracting_the_link_of_a_tiny_table_by_hand() {
        // AAA_s1 → BBB_s1 and BBB_s2 (z = 2, 1) removed; then only AAA's own
        // use and final demand need AAA_s1's output. Check x*_AAA_s1 against
        // the loss of the removed direct requirements: the loss must be at
        // least a_{0,2} x*_2 + a_{0,3} x*_3 (the direct part).
        let m = tiny();
        let l = Leontief::of(&m).unwrap();
        let spec = ExtractionSpec {
            source: 0,
            sectors: vec![0],
            destination: 1,
            with_final_demand: false,
        };
        let e = extract(&m, &l, &spec, ExtractionMethod::Auto).unwrap();
        let x = m.x();
        let direct = 2.0 / x[2] * e.extracted[2] + 1.0 / x[3] * e.extracted[3];
        assert!(e.loss()[0] >= direct - 1e-12);
        // Baseline model output reproduces the (balanced) table.
        for (a, b) in e.output.iter().zip(x) {
            assert!((a - b).abs() < 1e-9);
        }
    }

    #[test]
    fn auto_picks_by_size() {
        assert_eq!(
            ExtractionMethod::Auto.resolve(35, 1435),
            ExtractionMethod::LowRankUpdate
        );
        assert_eq!(
            ExtractionMethod::Auto.resolve(35, 70),
            ExtractionMethod::Refactorisation
        );
    }

    #[test]
    fn random_systems_across_sizes() {
        let mut seed = 0x2545f4914f6cdd1du64;
        let mut rnd = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 11) as f64 / (1u64 << 53) as f64
        };
        for (g, ns) in [(3usize, 4usize), (5, 7), (4, 20)] {
            let m = crate::system::tests::random_table(g, ns, &mut rnd);
            let l = Leontief::of(&m).unwrap();
            let spec = ExtractionSpec {
                source: 1,
                sectors: vec![0, ns - 1],
                destination: 2,
                with_final_demand: true,
            };
            let oracle = extract_dense_oracle(&m, &spec).unwrap();
            for method in [
                ExtractionMethod::LowRankUpdate,
                ExtractionMethod::Refactorisation,
            ] {
                let e = extract(&m, &l, &spec, method).unwrap();
                let d = max_rel_diff(&e.extracted, &oracle);
                assert!(d < 1e-12, "{g}×{ns} {method:?}: {d}");
            }
        }
    }

    #[test]
    fn out_of_range_is_an_error() {
        let m = tiny();
        let l = Leontief::of(&m).unwrap();
        let spec = ExtractionSpec {
            source: 5,
            sectors: vec![],
            destination: 1,
            with_final_demand: false,
        };
        assert!(extract(&m, &l, &spec, ExtractionMethod::Auto).is_err());
    }
}
