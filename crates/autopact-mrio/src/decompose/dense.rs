//! Test-only brute force: dense A, B = (I − A)⁻¹ (formed), local inverses
//! and the textbook formulas written literally, to check the solve-based
//! code against on small systems.

use autopact_core::Provenance;
use faer::Mat;

use crate::leontief::technical_coefficients;
use crate::system::{Extension, FinalDemandColumn, Mrio, MrioParts, Stressor};

/// Xorshift generator for reproducible random tables.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Self {
        Self(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1)
    }
    pub(crate) fn next(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A random productive table: `g` regions (`AAA`, `BBB`, …), `ns` sectors,
/// two final-demand categories per region. Some cells are zero (as in
/// real tables), one final-demand cell is negative (inventories). With
/// `balanced`, x = Z·1 + Y·1 exactly; otherwise x deviates from the row
/// sums by up to ±2 % (as published tables do).
pub(crate) fn random_table(g: usize, ns: usize, seed: u64, balanced: bool) -> Mrio {
    let mut rng = Rng::new(seed);
    let n = g * ns;
    let regions: Vec<String> = (0..g)
        .map(|r| {
            let c = (b'A' + r as u8) as char;
            format!("{c}{c}{c}")
        })
        .collect();
    let sectors: Vec<String> = (0..ns).map(|s| format!("s{}", s + 1)).collect();
    let mut final_demand = Vec::new();
    for r in &regions {
        final_demand.push(FinalDemandColumn::new(r.clone(), "HFCE"));
        final_demand.push(FinalDemandColumn::new(r.clone(), "GFCF"));
    }
    let z = Mat::from_fn(n, n, |i, j| {
        let same = i / ns == j / ns;
        let u = rng.next();
        if u < 0.15 {
            0.0
        } else if same {
            5.0 + 40.0 * u
        } else {
            8.0 * u
        }
    });
    let k = final_demand.len();
    let mut y = Mat::from_fn(n, k, |i, c| {
        let own = i / ns == c / 2;
        let u = rng.next();
        if own { 60.0 + 100.0 * u } else { 10.0 * u }
    });
    y[(1, k - 1)] = -3.0;
    let x: Vec<f64> = (0..n)
        .map(|i| {
            let s = z.row(i).iter().sum::<f64>() + y.row(i).iter().sum::<f64>();
            if balanced {
                s
            } else {
                s * (1.0 + 0.04 * (rng.next() - 0.5))
            }
        })
        .collect();
    let va: Vec<f64> = (0..n)
        .map(|j| x[j] - z.col(j).iter().sum::<f64>())
        .collect();
    Mrio::new(MrioParts {
        provenance: Provenance::default(),
        regions,
        sectors,
        final_demand,
        z: z.into(),
        y,
        x,
        factor_inputs: Extension {
            name: "factor_inputs".into(),
            stressors: vec![Stressor::new("VA", "USD million")],
            f: Mat::from_fn(1, n, |_, j| va[j]),
            f_y: None,
        },
        value_added_row: Some("VA".into()),
        extensions: vec![],
    })
    .unwrap()
}

/// A fixed 3-region × 2-sector balanced table.
pub(crate) fn three_region() -> Mrio {
    random_table(3, 2, 7, true)
}

/// Dense matrices of a table, formed literally.
pub(crate) struct Dense {
    pub g: usize,
    pub ns: usize,
    pub a: Mat<f64>,
    /// Global inverse B = (I − A)⁻¹, formed.
    pub b: Mat<f64>,
    /// Block-diagonal local inverses L_ss = (I − A_ss)⁻¹.
    pub l: Mat<f64>,
    pub x: Vec<f64>,
    pub v: Vec<f64>,
    /// Final demand by destination (n × G).
    pub y: Mat<f64>,
}

/// (I − M)⁻¹ of a small dense matrix by Gauss–Jordan with partial pivoting
/// (independent of the LU code under test).
pub(crate) fn inv_i_minus(m: &Mat<f64>) -> Mat<f64> {
    let n = m.nrows();
    let mut a = Mat::from_fn(n, n, |i, j| f64::from(u8::from(i == j)) - m[(i, j)]);
    let mut inv = Mat::<f64>::identity(n, n);
    for c in 0..n {
        let p = (c..n)
            .max_by(|&i, &j| a[(i, c)].abs().total_cmp(&a[(j, c)].abs()))
            .unwrap();
        for k in 0..n {
            let t = a[(c, k)];
            a[(c, k)] = a[(p, k)];
            a[(p, k)] = t;
            let t = inv[(c, k)];
            inv[(c, k)] = inv[(p, k)];
            inv[(p, k)] = t;
        }
        let d = a[(c, c)];
        for k in 0..n {
            a[(c, k)] /= d;
            inv[(c, k)] /= d;
        }
        for i in 0..n {
            if i != c {
                let f = a[(i, c)];
                if f != 0.0 {
                    for k in 0..n {
                        a[(i, k)] -= f * a[(c, k)];
                        inv[(i, k)] -= f * inv[(c, k)];
                    }
                }
            }
        }
    }
    inv
}

impl Dense {
    pub(crate) fn of(m: &Mrio) -> Self {
        let g = m.n_regions();
        let ns = m.n_sectors();
        let n = m.n();
        let a = technical_coefficients(m.z(), m.x());
        let b = inv_i_minus(&a);
        let mut l = Mat::<f64>::zeros(n, n);
        for r in 0..g {
            let idx: Vec<usize> = m.region_range(r).collect();
            let li = Self::local(&a, &idx);
            for (p, &i) in idx.iter().enumerate() {
                for (q, &j) in idx.iter().enumerate() {
                    l[(i, j)] = li[(p, q)];
                }
            }
        }
        let x = m.x().to_vec();
        let va = m.residual_value_added();
        let v = (0..n)
            .map(|i| if x[i] != 0.0 { va[i] / x[i] } else { 0.0 })
            .collect();
        Self {
            g,
            ns,
            a,
            b,
            l,
            x,
            v,
            y: m.final_demand_by_region(),
        }
    }

    fn local(a: &Mat<f64>, idx: &[usize]) -> Mat<f64> {
        let sub = Mat::from_fn(idx.len(), idx.len(), |p, q| a[(idx[p], idx[q])]);
        inv_i_minus(&sub)
    }

    /// (I − A_SS)⁻¹ for the given flat indices.
    pub(crate) fn local_inverse(&self, idx: &[usize]) -> Mat<f64> {
        Self::local(&self.a, idx)
    }

    pub(crate) fn n(&self) -> usize {
        self.g * self.ns
    }

    pub(crate) fn reg(&self, i: usize) -> usize {
        i / self.ns
    }

    /// Rows of region r.
    pub(crate) fn rows(&self, r: usize) -> std::ops::Range<usize> {
        r * self.ns..(r + 1) * self.ns
    }

    /// Gross exports of i to region r (0 on the own region).
    pub(crate) fn exports(&self, m: &Mrio, i: usize, r: usize) -> f64 {
        if self.reg(i) == r {
            return 0.0;
        }
        self.rows(r).map(|j| m.z()[(i, j)]).sum::<f64>() + self.y[(i, r)]
    }

    /// Total exports of i (all destinations).
    pub(crate) fn total_exports(&self, m: &Mrio, i: usize) -> f64 {
        (0..self.g).map(|r| self.exports(m, i, r)).sum()
    }
}
