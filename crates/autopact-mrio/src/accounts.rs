//! Footprints: consumption-, production-, import- and export-based
//! accounts of a satellite (pymrio's `calc_accounts`, same definitions).
//!
//! With S = F x̂⁻¹, M = S L, Y_agg (n × G) final demand summed per buying
//! region, and x_diag(i, (c, s)) = Σ_r L_{i,(r,s)} Y_agg((r,s), c) — output of i
//! needed for region c's final demand for products of sector s:
//!
//! * D_cba(k, (c, s)) = Σ_i S_ki x_diag(i, (c, s)) = Σ_r M_{k,(r,s)} Y_agg((r,s), c)
//!   — footprint of region c's final demand for sector s products;
//! * D_pba = S x̂_tot with x_tot = L y (y = all final demand) — production
//!   at home, with output *recomputed* from L and y as pymrio does;
//! * D_imp(k, (c, s)) = Σ_{i ∉ c} S_ki x_diag(i, (c, s)) — the part of the
//!   footprint produced abroad;
//! * D_exp(k, i) = S_ki x_exp,i with x_exp,i = x_tot,i − (L y_{r(i)})_i —
//!   production for other regions' final demand.
//!
//! Regional totals (`*_reg`) sum over sectors; D_cba_reg and D_pba_reg add
//! the final users' direct stressors F_Y by region (pymrio does the same,
//! which is why sector sums and regional totals differ — pymrio#140).
//!
//! The domestic part of D_cba is obtained either from one transposed solve
//! per (stressor, region) with S masked to the region (m·G right-hand
//! sides) or from x_diag's domestic blocks region by region (n right-hand
//! sides in all), whichever is fewer.

use faer::{Mat, MatRef};

use crate::leontief::Leontief;
use crate::system::{Extension, Mrio};

/// The four accounts by region-sector and by region.
#[derive(Debug, Clone, PartialEq)]
pub struct Accounts {
    /// Extension name.
    pub extension: String,
    /// S = F x̂⁻¹ (m × n).
    pub s: Mat<f64>,
    /// M = S L (m × n).
    pub m: Mat<f64>,
    /// Consumption-based account (m × n), columns (consuming region, sector).
    pub d_cba: Mat<f64>,
    /// Production-based account (m × n).
    pub d_pba: Mat<f64>,
    /// Import-embodied account (m × n), columns (consuming region, sector).
    pub d_imp: Mat<f64>,
    /// Export-embodied account (m × n), by producing region-sector.
    pub d_exp: Mat<f64>,
    /// Regional consumption-based totals incl. F_Y (m × G).
    pub d_cba_reg: Mat<f64>,
    /// Regional production-based totals incl. F_Y (m × G).
    pub d_pba_reg: Mat<f64>,
    /// Regional import-embodied totals (m × G).
    pub d_imp_reg: Mat<f64>,
    /// Regional export-embodied totals (m × G).
    pub d_exp_reg: Mat<f64>,
}

/// Computes the accounts of `ext` (see the module docs for the equations).
pub fn accounts(mrio: &Mrio, leontief: &Leontief, ext: &Extension) -> Accounts {
    let n = mrio.n();
    let g = mrio.n_regions();
    let ns = mrio.n_sectors();
    let nk = ext.len();
    let x = mrio.x();
    let s = Mat::from_fn(nk, n, |k, i| {
        if x[i] != 0.0 {
            ext.f[(k, i)] / x[i]
        } else {
            0.0
        }
    });
    // One block of transposed solves: M = S L and, when there are few
    // stressors × regions, the masked M^(c) = S^(c) L of the domestic
    // footprint (S^(c): S with columns outside region c zeroed).
    let masked = nk * g <= n;
    let mut rhs_t = Mat::<f64>::zeros(n, nk + if masked { nk * g } else { 0 });
    for k in 0..nk {
        for i in 0..n {
            rhs_t[(i, k)] = s[(k, i)];
        }
    }
    if masked {
        for c in 0..g {
            for k in 0..nk {
                for i in mrio.region_range(c) {
                    rhs_t[(i, nk + c * nk + k)] = s[(k, i)];
                }
            }
        }
    }
    leontief.solve_transpose_in_place(rhs_t.as_mut());
    let m = Mat::from_fn(nk, n, |k, i| rhs_t[(i, k)]);

    // Final demand per real region, plus columns bought by pseudo-regions
    // (e.g. ALL_DISC), which count in x_tot but have no footprint column.
    let yagg = mrio.final_demand_by_region();
    let mut y_all: Vec<f64> = (0..n).map(|i| yagg.row(i).iter().sum()).collect();
    for (k, c) in mrio.final_demand().iter().enumerate() {
        if !mrio.regions().contains(&c.region) {
            for (i, yi) in y_all.iter_mut().enumerate() {
                *yi += mrio.y()[(i, k)];
            }
        }
    }
    // [L y_1 … L y_G, L y_all] in one block solve.
    let mut rhs = Mat::<f64>::zeros(n, g + 1);
    for i in 0..n {
        for r in 0..g {
            rhs[(i, r)] = yagg[(i, r)];
        }
        rhs[(i, g)] = y_all[i];
    }
    leontief.solve_in_place(rhs.as_mut());
    let x_tot: Vec<f64> = rhs.col(g).iter().copied().collect();

    let d_cba = Mat::from_fn(nk, n, |k, col| {
        let (c, sec) = (mrio.region_of(col), mrio.sector_of(col));
        (0..g)
            .map(|r| m[(k, r * ns + sec)] * yagg[(r * ns + sec, c)])
            .sum::<f64>()
    });
    let d_pba = Mat::from_fn(nk, n, |k, i| s[(k, i)] * x_tot[i]);
    let masked_m = masked.then(|| rhs_t.as_ref().subcols(nk, nk * g));
    let domestic = domestic_footprint(mrio, leontief, &s, &yagg, masked_m);
    let d_imp = Mat::from_fn(nk, n, |k, col| d_cba[(k, col)] - domestic[(k, col)]);
    let d_exp = Mat::from_fn(nk, n, |k, i| {
        s[(k, i)] * (x_tot[i] - rhs[(i, mrio.region_of(i))])
    });

    let by_region = |d: &Mat<f64>| {
        Mat::from_fn(nk, g, |k, r| {
            mrio.region_range(r).map(|i| d[(k, i)]).sum::<f64>()
        })
    };
    let mut d_cba_reg = by_region(&d_cba);
    let mut d_pba_reg = by_region(&d_pba);
    if let Some(fy) = &ext.f_y {
        for (col, c) in mrio.final_demand().iter().enumerate() {
            if let Some(r) = mrio.regions().iter().position(|x| *x == c.region) {
                for k in 0..nk {
                    d_cba_reg[(k, r)] += fy[(k, col)];
                    d_pba_reg[(k, r)] += fy[(k, col)];
                }
            }
        }
    }
    Accounts {
        extension: ext.name.clone(),
        d_imp_reg: by_region(&d_imp),
        d_exp_reg: by_region(&d_exp),
        d_cba_reg,
        d_pba_reg,
        s,
        m,
        d_cba,
        d_pba,
        d_imp,
        d_exp,
    }
}

/// Σ_{i ∈ c} S_ki x_diag(i, (c, s)) for every stressor k, region c, sector
/// s: from the masked multipliers M^(c) = S^(c) L (column c·nk + k of
/// `masked`, solved with M) when given, else by forward solves of x_diag.
fn domestic_footprint(
    mrio: &Mrio,
    leontief: &Leontief,
    s: &Mat<f64>,
    yagg: &Mat<f64>,
    masked: Option<MatRef<'_, f64>>,
) -> Mat<f64> {
    let n = mrio.n();
    let g = mrio.n_regions();
    let ns = mrio.n_sectors();
    let nk = s.nrows();
    let mut out = Mat::<f64>::zeros(nk, n);
    if let Some(rhs) = masked {
        for c in 0..g {
            for k in 0..nk {
                for sec in 0..ns {
                    out[(k, c * ns + sec)] = (0..g)
                        .map(|r| rhs[(r * ns + sec, c * nk + k)] * yagg[(r * ns + sec, c)])
                        .sum();
                }
            }
        }
    } else {
        // x_diag's columns for region c: L · diag-by-sector(Y_agg(:, c)).
        for c in 0..g {
            let mut rhs = Mat::<f64>::zeros(n, ns);
            for i in 0..n {
                rhs[(i, mrio.sector_of(i))] = yagg[(i, c)];
            }
            leontief.solve_in_place(rhs.as_mut());
            for k in 0..nk {
                for sec in 0..ns {
                    out[(k, c * ns + sec)] = mrio
                        .region_range(c)
                        .map(|i| s[(k, i)] * rhs[(i, sec)])
                        .sum();
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::system::{Stressor, tests::tiny};

    fn with_ext(n_stressors: usize) -> Mrio {
        let mut m = tiny();
        m.add_extension(Extension {
            name: "e".into(),
            stressors: (0..n_stressors)
                .map(|k| Stressor::new(format!("s{k}"), "kg"))
                .collect(),
            f: Mat::from_fn(n_stressors, 4, |k, j| ((k + 1) * (j + 2)) as f64),
            f_y: Some(Mat::from_fn(n_stressors, 2, |k, c| (k + c) as f64 + 0.5)),
        })
        .unwrap();
        m
    }

    /// Brute force with the dense inverse, exactly as pymrio writes it.
    fn brute(m: &Mrio, ext: &Extension) -> (Mat<f64>, Mat<f64>, Mat<f64>, Mat<f64>) {
        let l = Leontief::of(m).unwrap().inverse();
        let n = m.n();
        let ns = m.n_sectors();
        let x = m.x();
        let s = Mat::from_fn(ext.len(), n, |k, i| ext.f[(k, i)] / x[i]);
        let yagg = m.final_demand_by_region();
        // x_diag = L · diagonalize_columns_to_sectors(Y_agg)
        let ydiag = Mat::from_fn(n, n, |i, col| {
            if m.sector_of(i) == m.sector_of(col) {
                yagg[(i, m.region_of(col))]
            } else {
                0.0
            }
        });
        let x_diag = &l * &ydiag;
        let x_tot: Vec<f64> = (0..n).map(|i| x_diag.row(i).iter().sum()).collect();
        let cba = &s * &x_diag;
        let pba = Mat::from_fn(ext.len(), n, |k, i| s[(k, i)] * x_tot[i]);
        let x_trade = Mat::from_fn(n, n, |i, col| {
            if m.region_of(i) == m.region_of(col) {
                0.0
            } else {
                x_diag[(i, col)]
            }
        });
        let imp = &s * &x_trade;
        let x_exp: Vec<f64> = (0..n).map(|i| x_trade.row(i).iter().sum()).collect();
        let exp = Mat::from_fn(ext.len(), n, |k, i| s[(k, i)] * x_exp[i]);
        let _ = ns;
        (cba, pba, imp, exp)
    }

    fn assert_close(a: &Mat<f64>, b: &Mat<f64>) {
        let d = (a - b).norm_max();
        assert!(d < 1e-9 * b.norm_max().max(1.0), "difference {d}");
    }

    #[test]
    fn matches_brute_force_both_paths() {
        // 1 stressor × 2 regions ≤ n = 4: masked-S path; 3 × 2 > 4: x_diag path.
        for n_stressors in [1, 3] {
            let m = with_ext(n_stressors);
            let ext = m.extension("e").unwrap();
            let l = Leontief::of(&m).unwrap();
            let acc = accounts(&m, &l, ext);
            let (cba, pba, imp, exp) = brute(&m, ext);
            assert_close(&acc.d_cba, &cba);
            assert_close(&acc.d_pba, &pba);
            assert_close(&acc.d_imp, &imp);
            assert_close(&acc.d_exp, &exp);
            // Totals: world cba = world pba (closed system), both with F_Y.
            let tc: f64 = (0..2).map(|r| acc.d_cba_reg[(0, r)]).sum();
            let tp: f64 = (0..2).map(|r| acc.d_pba_reg[(0, r)]).sum();
            assert!((tc - tp).abs() < 1e-9 * tp);
            // Trade balance of embodied stressors sums to zero over regions.
            let imp_tot: f64 = (0..2).map(|r| acc.d_imp_reg[(0, r)]).sum();
            let exp_tot: f64 = (0..2).map(|r| acc.d_exp_reg[(0, r)]).sum();
            assert!((imp_tot - exp_tot).abs() < 1e-9 * exp_tot.max(1.0));
        }
    }
}
