//! Aggregation of regions and sectors with a concordance.
//!
//! With a 0/1 membership matrix R (n_agg × n; R_Ij = 1 when j belongs to
//! group I), flows aggregate as Z* = R Z Rᵀ, Y* = R Y C (C merging the
//! final-demand columns of regions in the same group, category by
//! category), x* = R x, F* = F Rᵀ, F_Y* = F_Y C. Coefficients (A, S, v) are
//! never aggregated directly: they are recomputed from the aggregated
//! flows, which is the only consistent way (Miller & Blair §8.2).
//!
//! Labels are kept: the groups are named by the concordance (pymrio#147
//! lost them), in the order the concordance first names them.

use faer::Mat;

use crate::error::{MrioError, Result, list_labels};
use crate::system::{Extension, FinalDemandColumn, Mrio, MrioParts};
use autopact_core::HistoryKind;

/// A many-to-one mapping of labels onto group labels.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Concordance {
    /// `(original, group)` pairs; each original label appears once.
    pub pairs: Vec<(String, String)>,
}

impl Concordance {
    /// Builds a concordance from pairs.
    pub fn new(pairs: Vec<(String, String)>) -> Self {
        Self { pairs }
    }

    /// The identity mapping of `labels`.
    pub fn identity(labels: &[String]) -> Self {
        Self {
            pairs: labels.iter().map(|l| (l.clone(), l.clone())).collect(),
        }
    }

    /// Group labels in order of first appearance.
    pub fn groups(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for (_, g) in &self.pairs {
            if !out.contains(g) {
                out.push(g.clone());
            }
        }
        out
    }

    /// For each of `labels`, the index of its group in [`Self::groups`].
    /// Every label must be mapped exactly once and every mapped label must
    /// exist.
    pub fn resolve(&self, kind: &'static str, labels: &[String]) -> Result<Vec<usize>> {
        let groups = self.groups();
        let mut out = vec![usize::MAX; labels.len()];
        for (from, to) in &self.pairs {
            let Some(i) = labels.iter().position(|l| l == from) else {
                return Err(MrioError::UnknownLabel {
                    kind,
                    label: from.clone(),
                    known: list_labels(labels, 60),
                });
            };
            if out[i] != usize::MAX {
                return Err(MrioError::Invalid(format!(
                    "{kind} {from:?} is mapped twice in the concordance"
                )));
            }
            out[i] = groups.iter().position(|g| g == to).expect("group exists");
        }
        let missing: Vec<String> = labels
            .iter()
            .zip(&out)
            .filter(|(_, g)| **g == usize::MAX)
            .map(|(l, _)| l.clone())
            .collect();
        if !missing.is_empty() {
            return Err(MrioError::Invalid(format!(
                "the concordance does not map these {kind}s: {}",
                list_labels(&missing, 40)
            )));
        }
        Ok(out)
    }
}

/// Aggregates `mrio` by region and sector concordances (use
/// [`Concordance::identity`] to keep one dimension).
pub fn aggregate(mrio: &Mrio, regions: &Concordance, sectors: &Concordance) -> Result<Mrio> {
    let reg_of = regions.resolve("region", mrio.regions())?;
    let sec_of = sectors.resolve("sector", mrio.sectors())?;
    let new_regions = regions.groups();
    let new_sectors = sectors.groups();
    let ns_new = new_sectors.len();
    let n = mrio.n();
    let n_new = new_regions.len() * ns_new;
    let row_map: Vec<usize> = (0..n)
        .map(|i| reg_of[mrio.region_of(i)] * ns_new + sec_of[mrio.sector_of(i)])
        .collect();

    // Final-demand columns: (group of the buying region, category); pseudo
    // regions (not in the table's regions) pass through unchanged.
    let mut new_fd: Vec<FinalDemandColumn> = Vec::new();
    let mut fd_map = Vec::with_capacity(mrio.final_demand().len());
    for c in mrio.final_demand() {
        let region = match mrio.regions().iter().position(|r| *r == c.region) {
            Some(r) => new_regions[reg_of[r]].clone(),
            None => c.region.clone(),
        };
        let col = FinalDemandColumn::new(region, c.category.clone());
        let k = match new_fd.iter().position(|x| *x == col) {
            Some(k) => k,
            None => {
                new_fd.push(col);
                new_fd.len() - 1
            }
        };
        fd_map.push(k);
    }

    let z = mrio.z();
    let mut z_new = Mat::<f64>::zeros(n_new, n_new);
    for j in 0..n {
        let jj = row_map[j];
        let col = z.col(j);
        for i in 0..n {
            z_new[(row_map[i], jj)] += col[i];
        }
    }
    let y = mrio.y();
    let mut y_new = Mat::<f64>::zeros(n_new, new_fd.len());
    for (k, &kk) in fd_map.iter().enumerate() {
        for i in 0..n {
            y_new[(row_map[i], kk)] += y[(i, k)];
        }
    }
    let mut x_new = vec![0.0; n_new];
    for (i, &xi) in mrio.x().iter().enumerate() {
        x_new[row_map[i]] += xi;
    }
    let n_fd = new_fd.len();
    let agg_ext = |e: &Extension| -> Extension {
        let m = e.len();
        let mut f = Mat::<f64>::zeros(m, n_new);
        for j in 0..n {
            for k in 0..m {
                f[(k, row_map[j])] += e.f[(k, j)];
            }
        }
        let f_y = e.f_y.as_ref().map(|fy| {
            let mut out = Mat::<f64>::zeros(m, n_fd);
            for (c, &cc) in fd_map.iter().enumerate() {
                for k in 0..m {
                    out[(k, cc)] += fy[(k, c)];
                }
            }
            out
        });
        Extension {
            name: e.name.clone(),
            stressors: e.stressors.clone(),
            f,
            f_y,
        }
    };
    let mut provenance = mrio.provenance().clone();
    provenance.record(
        HistoryKind::Modification,
        format!(
            "aggregated {} regions × {} sectors into {} regions ({}) × {} sectors",
            mrio.n_regions(),
            mrio.n_sectors(),
            new_regions.len(),
            new_regions.join(" "),
            new_sectors.len()
        ),
    );
    let factor_inputs = agg_ext(mrio.factor_inputs());
    let extensions = mrio.extensions().iter().map(agg_ext).collect();
    Mrio::new(MrioParts {
        provenance,
        regions: new_regions,
        sectors: new_sectors,
        final_demand: new_fd,
        z: z_new.into(),
        y: y_new,
        x: x_new,
        factor_inputs,
        value_added_row: mrio.value_added_row().map(str::to_string),
        extensions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::system::tests::tiny;

    fn pairs(p: &[(&str, &str)]) -> Concordance {
        Concordance::new(
            p.iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect(),
        )
    }

    #[test]
    fn aggregating_everything_keeps_totals() {
        let m = tiny();
        let agg = aggregate(
            &m,
            &pairs(&[("AAA", "W"), ("BBB", "W")]),
            &pairs(&[("s1", "all"), ("s2", "all")]),
        )
        .unwrap();
        assert_eq!(agg.regions(), ["W"]);
        assert_eq!(agg.n(), 1);
        let zsum: f64 = (0..4).map(|j| m.z().col(j).iter().sum::<f64>()).sum();
        assert_eq!(agg.z()[(0, 0)], zsum);
        assert_eq!(agg.x()[0], m.x().iter().sum::<f64>());
        assert_eq!(agg.final_demand().len(), 1);
        assert_eq!(agg.value_added_row(), Some("VA"));
        assert!(agg.reconcile(1e-9, 1.0).balanced());
        assert!(
            agg.provenance()
                .history
                .last()
                .unwrap()
                .text
                .contains("aggregated")
        );
    }

    #[test]
    fn identity_aggregation_is_a_no_op() {
        let m = tiny();
        let agg = aggregate(
            &m,
            &Concordance::identity(m.regions()),
            &Concordance::identity(m.sectors()),
        )
        .unwrap();
        assert_eq!(agg.z(), m.z());
        assert_eq!(agg.y(), m.y());
        assert_eq!(agg.x(), m.x());
    }

    #[test]
    fn concordance_errors_are_specific() {
        let m = tiny();
        let e = aggregate(
            &m,
            &pairs(&[("AAA", "W")]),
            &Concordance::identity(m.sectors()),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("BBB"), "{e}");
        let e = aggregate(
            &m,
            &pairs(&[("AAA", "W"), ("BBB", "W"), ("CCC", "W")]),
            &Concordance::identity(m.sectors()),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("CCC"), "{e}");
        let e = aggregate(
            &m,
            &pairs(&[("AAA", "W"), ("AAA", "V"), ("BBB", "W")]),
            &Concordance::identity(m.sectors()),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("twice"), "{e}");
    }
}
