//! Gross trade and the value added it carries.
//!
//! Gross exports of region-sector i (in region s) to region r:
//! e_{i→r} = Σ_{j ∈ r} Z_ij + Σ_{k ∈ FD(r)} Y_ik, for r ≠ s
//! (intermediate plus final; pymrio's `calc_gross_trade`).
//!
//! Value added embodied in an export vector e (n, zero outside the
//! exporter) by source region-sector: v̂ L e (Hummels–Ishii–Yi / decompr's
//! `leontief(post = "exports")` with the *global* Leontief inverse). Its
//! sum over the exporter's own sectors is the domestic value added (DVA,
//! which includes value added that returns home), the rest foreign value
//! added (FVA). With residual value added, DVA + FVA = Σ e exactly.
//!
//! Value added by origin and final destination: F = V̂ L Y_agg (n × G),
//! the value added of each region-sector absorbed by each region's final
//! demand (TiVA's origin-of-value-added block, pymrio's D_cba of VA).

use faer::Mat;
use serde::Serialize;

use crate::error::{MrioError, Result};
use crate::leontief::Leontief;
use crate::system::Mrio;

/// Bilateral gross trade of every region-sector with every region.
#[derive(Debug, Clone, PartialEq)]
pub struct GrossTrade {
    /// Intermediate exports: (n × G), entry (i, r) = Σ_{j∈r} Z_ij, zero where
    /// r is i's own region.
    pub intermediate: Mat<f64>,
    /// Final exports: (n × G), entry (i, r) = Σ_{k ∈ FD(r)} Y_ik, zero on the
    /// domestic block.
    pub final_goods: Mat<f64>,
}

impl GrossTrade {
    /// Computes the bilateral flows of a table.
    pub fn of(mrio: &Mrio) -> Self {
        let n = mrio.n();
        let g = mrio.n_regions();
        let ns = mrio.n_sectors();
        let z = mrio.z();
        let mut intermediate = Mat::<f64>::zeros(n, g);
        for r in 0..g {
            for j in r * ns..(r + 1) * ns {
                let col = z.col(j);
                for i in 0..n {
                    intermediate[(i, r)] += col[i];
                }
            }
        }
        let mut final_goods = mrio.final_demand_by_region();
        for i in 0..n {
            let own = mrio.region_of(i);
            intermediate[(i, own)] = 0.0;
            final_goods[(i, own)] = 0.0;
        }
        Self {
            intermediate,
            final_goods,
        }
    }

    /// Total exports (intermediate + final) of region-sector i to region r.
    pub fn total(&self, i: usize, r: usize) -> f64 {
        self.intermediate[(i, r)] + self.final_goods[(i, r)]
    }
}

/// The gross exports of one exporter to one importer, per exporting sector.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BilateralExports {
    /// Exporting region index.
    pub exporter: usize,
    /// Importing region index.
    pub importer: usize,
    /// Intermediate exports per exporting sector (N).
    pub intermediate: Vec<f64>,
    /// Final-goods exports per exporting sector (N).
    pub final_goods: Vec<f64>,
}

impl BilateralExports {
    /// e_{s→r} for exporter s and importer r; `exporter == importer` is an
    /// error (that is domestic sales, not trade).
    pub fn of(mrio: &Mrio, exporter: usize, importer: usize) -> Result<Self> {
        if exporter == importer {
            return Err(MrioError::Invalid(format!(
                "exporter and importer are both {}: trade needs two different regions",
                mrio.regions()[exporter]
            )));
        }
        let ns = mrio.n_sectors();
        let z = mrio.z();
        let y = mrio.y();
        let fd = mrio.fd_columns_of(&mrio.regions()[importer]);
        let mut intermediate = vec![0.0; ns];
        let mut final_goods = vec![0.0; ns];
        for s in 0..ns {
            let i = mrio.index(exporter, s);
            intermediate[s] = mrio.region_range(importer).map(|j| z[(i, j)]).sum();
            final_goods[s] = fd.iter().map(|&k| y[(i, k)]).sum();
        }
        Ok(Self {
            exporter,
            importer,
            intermediate,
            final_goods,
        })
    }

    /// Total exports per exporting sector.
    pub fn total(&self) -> Vec<f64> {
        self.intermediate
            .iter()
            .zip(&self.final_goods)
            .map(|(a, b)| a + b)
            .collect()
    }

    /// The n-vector e with the exports at the exporter's rows, optionally
    /// restricted to some exporting sectors.
    pub fn to_vector(&self, mrio: &Mrio, sectors: Option<&[usize]>) -> Vec<f64> {
        let mut e = vec![0.0; mrio.n()];
        let total = self.total();
        for (s, v) in total.into_iter().enumerate() {
            if sectors.is_none_or(|list| list.contains(&s)) {
                e[mrio.index(self.exporter, s)] = v;
            }
        }
        e
    }
}

/// Value added embodied in an export (or any demand) vector, by source
/// region-sector: v̂ L e.
pub fn value_added_content(leontief: &Leontief, v: &[f64], e: &[f64]) -> Vec<f64> {
    crate::jobs::embodied(leontief, v, e)
}

/// Value added by source region (rows) embodied in each exporting
/// region-sector's unit of output sold abroad: W (G × n) with
/// W_{r, j} = Σ_{i ∈ r} v_i L_ij. Multiply column j by e_j to split an
/// export flow by source region and exporting sector
/// (DVA_j = W_{s(j), j} e_j, FVA_j = Σ_{r ≠ s(j)} W_{r, j} e_j).
pub fn value_added_shares_by_source_region(
    mrio: &Mrio,
    leontief: &Leontief,
    v: &[f64],
) -> Mat<f64> {
    let n = mrio.n();
    let g = mrio.n_regions();
    let mut rhs = Mat::<f64>::zeros(n, g);
    for i in 0..n {
        rhs[(i, mrio.region_of(i))] = v[i];
    }
    leontief.solve_transpose_in_place(rhs.as_mut());
    rhs.transpose().to_owned()
}

/// Value added by origin region-sector and final destination region:
/// V̂ L Y_agg (n × G).
pub fn value_added_by_destination(mrio: &Mrio, leontief: &Leontief, v: &[f64]) -> Mat<f64> {
    let mut x = mrio.final_demand_by_region();
    leontief.solve_in_place(x.as_mut());
    for j in 0..x.ncols() {
        for i in 0..x.nrows() {
            x[(i, j)] *= v[i];
        }
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::multipliers::coefficients;
    use crate::system::tests::tiny;

    #[test]
    fn gross_trade_of_tiny() {
        let m = tiny();
        let t = GrossTrade::of(&m);
        // AAA_s1 sells 2 + 1 to BBB's sectors and 22 to BBB's final demand.
        assert_eq!(t.intermediate[(0, 1)], 3.0);
        assert_eq!(t.final_goods[(0, 1)], 22.0);
        assert_eq!(t.intermediate[(0, 0)], 0.0);
        let b = BilateralExports::of(&m, 0, 1).unwrap();
        assert_eq!(b.total(), vec![25.0, 4.0 + 11.0]);
        assert!(BilateralExports::of(&m, 1, 1).is_err());
    }

    #[test]
    fn dva_plus_fva_equals_exports_and_matches_shares() {
        let m = tiny();
        let l = Leontief::of(&m).unwrap();
        let v = coefficients(&m.value_added(), m.x());
        let b = BilateralExports::of(&m, 0, 1).unwrap();
        let e = b.to_vector(&m, None);
        let va = value_added_content(&l, &v, &e);
        let total: f64 = va.iter().sum();
        assert!((total - e.iter().sum::<f64>()).abs() < 1e-12);
        let w = value_added_shares_by_source_region(&m, &l, &v);
        let dva_direct: f64 = va[0..2].iter().sum();
        let dva_shares: f64 = (0..2).map(|j| w[(0, j)] * e[j]).sum();
        assert!((dva_direct - dva_shares).abs() < 1e-12);
    }

    #[test]
    fn va_by_destination_sums_to_final_demand_total() {
        let m = tiny();
        let l = Leontief::of(&m).unwrap();
        let v = coefficients(&m.value_added(), m.x());
        let f = value_added_by_destination(&m, &l, &v);
        let yagg = m.final_demand_by_region();
        for r in 0..2 {
            let va: f64 = f.col(r).iter().sum();
            let fd: f64 = yagg.col(r).iter().sum();
            assert!((va - fd).abs() < 1e-10);
        }
    }
}
