//! Accounting identities of a table, checked and reported.
//!
//! A published MRIO table should satisfy, for every region-sector i,
//!
//! * row identity: Σ_j Z_ij + Σ_k Y_ik = x_i (sales add up to output);
//! * column identity: Σ_i Z_ij + Σ_r F_rj = x_j (costs add up to output),
//!   with F the factor-input rows (value added, taxes less subsidies, …).
//!
//! Real tables do not satisfy them exactly (rounding, statistical
//! discrepancies), so autopact reports how far off they are and where,
//! instead of failing or silently re-balancing. Users of pymrio asked for
//! exactly this (pymrio#140, #71).

use serde::Serialize;

use crate::system::Mrio;

/// Largest discrepancy of one identity and where it is.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IdentityCheck {
    /// `"row"` or `"column"`.
    pub identity: &'static str,
    /// The identity in words, e.g. `"sum_j Z_ij + sum_k Y_ik = x_i"`.
    pub equation: &'static str,
    /// max_i |d_i|, d_i = (sum) − x_i.
    pub max_abs: f64,
    /// Label where |d_i| is largest.
    pub max_abs_at: String,
    /// max |d_i| / x_i over region-sectors with x_i ≥ `relative_floor`.
    pub max_rel: f64,
    /// Label where the relative discrepancy is largest.
    pub max_rel_at: String,
    /// Σ_i |d_i|.
    pub total_abs: f64,
    /// Σ_i d_i.
    pub total: f64,
    /// Number of region-sectors with |d_i| > tolerance.
    pub count_over_tolerance: usize,
}

/// The reconciliation report of a table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reconciliation {
    /// Absolute tolerance used for the counts (in the table's unit).
    pub tolerance: f64,
    /// Outputs below this are ignored for the relative discrepancy.
    pub relative_floor: f64,
    /// Row identity check.
    pub rows: IdentityCheck,
    /// Column identity check.
    pub columns: IdentityCheck,
    /// Region-sectors with zero gross output (their A columns are zero).
    pub zero_output: Vec<String>,
    /// Σ of all value added minus Σ of all final demand (zero in a
    /// balanced table).
    pub world_va_minus_final_demand: f64,
}

impl Reconciliation {
    /// True when neither identity is off by more than the tolerance.
    pub fn balanced(&self) -> bool {
        self.rows.count_over_tolerance == 0 && self.columns.count_over_tolerance == 0
    }
}

impl Mrio {
    /// Checks the row and column identities. `tolerance` is the absolute
    /// discrepancy (in the table's unit) above which a region-sector is
    /// counted as off; relative discrepancies are reported over sectors
    /// with x ≥ `relative_floor`.
    pub fn reconcile(&self, tolerance: f64, relative_floor: f64) -> Reconciliation {
        let n = self.n();
        let z = self.z();
        let y = self.y();
        let f = &self.factor_inputs().f;
        let x = self.x();
        let row_d: Vec<f64> = (0..n)
            .map(|i| z.row(i).iter().sum::<f64>() + y.row(i).iter().sum::<f64>() - x[i])
            .collect();
        let col_d: Vec<f64> = (0..n)
            .map(|j| z.col(j).iter().sum::<f64>() + f.col(j).iter().sum::<f64>() - x[j])
            .collect();
        let va_total: f64 = self.value_added().iter().sum::<f64>()
            + self.factor_inputs().f_y.as_ref().map_or(0.0, |fy| {
                fy.row_iter().map(|r| r.iter().sum::<f64>()).sum::<f64>()
            });
        let fd_total: f64 = (0..y.ncols()).map(|k| y.col(k).iter().sum::<f64>()).sum();
        Reconciliation {
            tolerance,
            relative_floor,
            rows: self.check(
                "row",
                "sum_j Z_ij + sum_k Y_ik = x_i",
                &row_d,
                tolerance,
                relative_floor,
            ),
            columns: self.check(
                "column",
                "sum_i Z_ij + sum_r F_rj = x_j",
                &col_d,
                tolerance,
                relative_floor,
            ),
            zero_output: (0..n)
                .filter(|&i| x[i] == 0.0)
                .map(|i| self.label(i))
                .collect(),
            world_va_minus_final_demand: va_total - fd_total,
        }
    }

    fn check(
        &self,
        identity: &'static str,
        equation: &'static str,
        d: &[f64],
        tolerance: f64,
        floor: f64,
    ) -> IdentityCheck {
        let x = self.x();
        let (mut max_abs, mut at_abs) = (0.0f64, None);
        let (mut max_rel, mut at_rel) = (0.0f64, None);
        for (i, &di) in d.iter().enumerate() {
            if di.abs() > max_abs {
                max_abs = di.abs();
                at_abs = Some(i);
            }
            if x[i] >= floor && x[i] > 0.0 && di.abs() / x[i] > max_rel {
                max_rel = di.abs() / x[i];
                at_rel = Some(i);
            }
        }
        IdentityCheck {
            identity,
            equation,
            max_abs,
            max_abs_at: at_abs.map(|i| self.label(i)).unwrap_or_default(),
            max_rel,
            max_rel_at: at_rel.map(|i| self.label(i)).unwrap_or_default(),
            total_abs: d.iter().map(|v| v.abs()).sum(),
            total: d.iter().sum(),
            count_over_tolerance: d.iter().filter(|v| v.abs() > tolerance).count(),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::system::tests::tiny;

    #[test]
    fn balanced_table_reports_zero() {
        let r = tiny().reconcile(1e-9, 1.0);
        assert!(r.balanced(), "{r:?}");
        assert!(r.rows.max_abs < 1e-12 && r.columns.max_abs < 1e-12);
        assert!(r.world_va_minus_final_demand.abs() < 1e-9);
        assert!(r.zero_output.is_empty());
    }

    #[test]
    fn discrepancy_is_located() {
        let mut p = tiny().into_parts();
        p.x[2] += 5.0; // BBB_s1: sales now fall 5 short of output
        let m = crate::Mrio::new(p).unwrap();
        let r = m.reconcile(1.0, 1.0);
        assert_eq!(r.rows.max_abs_at, "BBB_s1");
        assert!((r.rows.max_abs - 5.0).abs() < 1e-12);
        assert!((r.rows.total + 5.0).abs() < 1e-12);
        assert_eq!(r.rows.count_over_tolerance, 1);
        // The VA row was computed before the change, so the column is off too.
        assert_eq!(r.columns.max_abs_at, "BBB_s1");
        assert!(!r.balanced());
    }
}
