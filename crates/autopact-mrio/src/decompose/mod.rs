//! Trade in value added: where the value in a country's exports is made.
//!
//! Gross exports count a part twice or more when it crosses borders
//! several times; these decompositions split every export flow into the
//! value added of the countries that made it and the parts counted twice.
//! Three families live here:
//!
//! * [`wwz`] — the Wang–Wei–Zhu (2013, NBER WP 19677; 2018) 16-term
//!   bilateral decomposition, term for term as R `decompr::wwz`;
//! * [`bm`] — the Borin–Mancini (2023, *Economic Systems Research*; World
//!   Bank PRWP 8804) source-based decomposition (DAVAX, REF, DDC, FVA, FDC,
//!   GVC, GVCB, GVCF) in the exporter, bilateral, sectoral and
//!   bilateral-sectoral perspectives;
//! * [`tiva`](mod@tiva) — the OECD Trade in Value Added indicators (EXGR_DVA, DDC/IDC/RIM,
//!   DEXFVApSH, FEXDVApSH, FFD_DVA, DFD_FVA, BALVAFD, …) for countries and
//!   for groups of countries treated as one exporter (USMCA).
//!
//! ## Notation
//!
//! G regions, N sectors, n = G·N, region-major. `A = Z x̂⁻¹` with the
//! table's published output x (as decompr's `o`); `B = (I − A)⁻¹` the global
//! Leontief inverse, `B_sr` its (s, r) block; `L_ss = (I − A_ss)⁻¹` the
//! *local* inverse of region (or group) s alone; `Y_sr` final demand of r
//! for s's products (all categories summed); `E_sr = Z_sr·1 + Y_sr` gross
//! exports of s to r; `v_i = va_i / x_i` value-added coefficients.
//!
//! ## Which value added
//!
//! [`TradeBase::new`] uses the **residual** value added `va = x − 1ᵀZ`
//! (everything that is not an intermediate input from the table's own rows),
//! exactly as decompr (`v = o − colSums(x)`) and exvatools do. With it
//! `vᵀB = 1ᵀ`, so domestic plus foreign content closes on gross exports
//! (DVA + FVA = EXGR, DC + FC = EXGR) to round-off.
//! [`TradeBase::with_value_added`] takes another row (e.g. value added at
//! basic prices without taxes); the identities then hold only up to the gap
//! `1 − vᵀB`.
//!
//! ## How it is computed
//!
//! Every quantity is a product of a few blocks of B with vectors. B is never
//! formed: rows weighted by v come from one block of *transposed* solves
//! against the stored LU of (I − A) (`Wᵀ = (I − A)⁻ᵀ [v ∘ 1_t]_t`), columns
//! applied to final demand or exports from forward block solves, and the
//! local inverses are N × N. The WWZ engine needs the diagonal blocks
//! `B_rr` as well; it gets them from block solves of identity columns,
//! solving only the trailing part of the triangular system where that is
//! exact (see [`wwz`]). Results stream exporter by exporter: nothing of
//! size n × G × 16 is ever held.

pub mod bm;
pub mod tiva;
pub mod wwz;

#[cfg(test)]
pub(crate) mod dense;

use std::sync::OnceLock;

use faer::{Accum, Mat, MatMut, MatRef};

use crate::error::{MrioError, Result, list_labels};
use crate::leontief::Leontief;
use crate::multipliers::coefficients;
use crate::system::Mrio;
use crate::trade::GrossTrade;

pub use bm::{BmDecomposition, BmTerm, Perimeter, Perspective, borin_mancini};
pub use tiva::{Tiva, TivaRow, tiva};
pub use wwz::{Wwz, WwzExporter, WwzTerm};

/// Named country groups that `RegionSet::parse` understands.
///
/// * `USMCA` (= `NAFTA`, `CUSMA`, `T-MEC`): CAN, MEX, USA.
///
/// A group is treated as one exporter: flows among its members are not
/// exports (OECD TiVA and exvatools do the same for NAFTA / EU groups).
pub const GROUPS: &[(&str, &[&str])] = &[
    ("USMCA", &["CAN", "MEX", "USA"]),
    ("NAFTA", &["CAN", "MEX", "USA"]),
    ("CUSMA", &["CAN", "MEX", "USA"]),
    ("T-MEC", &["CAN", "MEX", "USA"]),
];

/// A region or a set of regions acting as one exporter or partner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionSet {
    /// Display name: the region code, the group name, or the codes joined
    /// with `+`.
    pub name: String,
    /// Region indices, ascending and distinct.
    pub regions: Vec<usize>,
}

impl RegionSet {
    /// One region.
    pub fn single(mrio: &Mrio, region: usize) -> Self {
        Self {
            name: mrio.regions()[region].clone(),
            regions: vec![region],
        }
    }

    /// Parses `CAN`, `CAN,MEX,USA` (also `CAN+MEX+USA`) or a group name of
    /// [`GROUPS`] (case-insensitive). Where a table splits a country into
    /// parts (OECD ICIO's `MX1`/`MX2`, `CN1`/`CN2`), the country code
    /// selects all of them.
    pub fn parse(mrio: &Mrio, spec: &str) -> Result<Self> {
        let spec = spec.trim();
        if spec.is_empty() {
            return Err(MrioError::Invalid("an empty region list".into()));
        }
        let group = GROUPS
            .iter()
            .find(|(g, _)| g.eq_ignore_ascii_case(spec))
            .map(|(g, members)| (g.to_string(), members.to_vec()));
        let (name, codes): (Option<String>, Vec<&str>) = match &group {
            Some((g, members)) => (Some(g.clone()), members.clone()),
            None => (
                None,
                spec.split([',', '+'])
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .collect(),
            ),
        };
        let mut regions = Vec::new();
        for code in &codes {
            regions.extend(region_parts(mrio, code)?);
        }
        regions.sort_unstable();
        regions.dedup();
        let name = name.unwrap_or_else(|| {
            if codes.len() == 1 {
                codes[0].to_string()
            } else {
                codes.join("+")
            }
        });
        Ok(Self { name, regions })
    }

    /// True when region `r` belongs to the set.
    pub fn contains(&self, r: usize) -> bool {
        self.regions.binary_search(&r).is_ok()
    }

    /// Flat indices of all member region-sectors, ascending.
    pub fn indices(&self, mrio: &Mrio) -> Vec<usize> {
        self.regions
            .iter()
            .flat_map(|&r| mrio.region_range(r))
            .collect()
    }

    /// True for a single region.
    pub fn is_single(&self) -> bool {
        self.regions.len() == 1
    }
}

/// Region indices for a code: the region itself, or its parts (`MEX` →
/// `MX1`, `MX2` in OECD ICIO tables that split Mexico and China).
fn region_parts(mrio: &Mrio, code: &str) -> Result<Vec<usize>> {
    if let Some(r) = mrio
        .regions()
        .iter()
        .position(|g| g.eq_ignore_ascii_case(code))
    {
        return Ok(vec![r]);
    }
    let prefix = match code.to_ascii_uppercase().as_str() {
        "MEX" => Some("MX"),
        "CHN" => Some("CN"),
        _ => None,
    };
    if let Some(p) = prefix {
        let parts: Vec<usize> = mrio
            .regions()
            .iter()
            .enumerate()
            .filter(|(_, g)| g.len() == 3 && g.starts_with(p) && g.as_bytes()[2].is_ascii_digit())
            .map(|(i, _)| i)
            .collect();
        if !parts.is_empty() {
            return Ok(parts);
        }
    }
    let mut known: Vec<String> = mrio.regions().to_vec();
    known.extend(GROUPS.iter().map(|(g, _)| g.to_string()));
    Err(MrioError::UnknownLabel {
        kind: "region",
        label: code.to_string(),
        known: list_labels(&known, 60),
    })
}

/// The pieces every trade-in-value-added computation shares: the table, its
/// factorised Leontief system, value added, final demand by destination and
/// bilateral gross exports.
#[derive(Debug, Clone)]
pub struct TradeBase<'a> {
    mrio: &'a Mrio,
    leontief: &'a Leontief,
    va: Vec<f64>,
    v: Vec<f64>,
    y: Mat<f64>,
    trade: GrossTrade,
    /// L_rr per region, computed on first use.
    regional_local: OnceLock<Vec<Mat<f64>>>,
}

impl<'a> TradeBase<'a> {
    /// With residual value added `va_j = x_j − Σ_i Z_ij` (decompr's and
    /// exvatools' choice; closes DVA + FVA = EXGR).
    pub fn new(mrio: &'a Mrio, leontief: &'a Leontief) -> Result<Self> {
        Self::with_value_added(mrio, leontief, mrio.residual_value_added())
    }

    /// With the given value added by region-sector (levels, length n), e.g.
    /// [`Mrio::value_added`].
    pub fn with_value_added(mrio: &'a Mrio, leontief: &'a Leontief, va: Vec<f64>) -> Result<Self> {
        if leontief.n() != mrio.n() {
            return Err(MrioError::Dimension(format!(
                "the Leontief system has order {} but the table has {} region-sectors",
                leontief.n(),
                mrio.n()
            )));
        }
        if va.len() != mrio.n() {
            return Err(MrioError::Dimension(format!(
                "value added has {} entries but the table has {} region-sectors",
                va.len(),
                mrio.n()
            )));
        }
        let v = coefficients(&va, mrio.x());
        Ok(Self {
            mrio,
            leontief,
            va,
            v,
            y: mrio.final_demand_by_region(),
            trade: GrossTrade::of(mrio),
            regional_local: OnceLock::new(),
        })
    }

    /// The table.
    pub fn mrio(&self) -> &'a Mrio {
        self.mrio
    }

    /// The factorised Leontief system.
    pub fn leontief(&self) -> &'a Leontief {
        self.leontief
    }

    /// Value added by region-sector (levels).
    pub fn value_added(&self) -> &[f64] {
        &self.va
    }

    /// Value-added coefficients v_i = va_i / x_i (0 where x_i = 0).
    pub fn v(&self) -> &[f64] {
        &self.v
    }

    /// Final demand by destination region, Y (n × G).
    pub fn final_demand(&self) -> MatRef<'_, f64> {
        self.y.as_ref()
    }

    /// Bilateral gross trade (intermediate and final, n × G; zero on the
    /// domestic blocks).
    pub fn gross_trade(&self) -> &GrossTrade {
        &self.trade
    }

    /// Gross exports E_{i→r} = Σ_{j∈r} Z_ij + Y_ir of region-sector i to
    /// region r (0 when r is i's own region).
    pub fn exports(&self, i: usize, r: usize) -> f64 {
        self.trade.total(i, r)
    }

    /// a_ij = z_ij / x_j (0 where x_j = 0).
    pub fn a(&self, i: usize, j: usize) -> f64 {
        let xj = self.mrio.x()[j];
        if xj != 0.0 {
            self.mrio.z()[(i, j)] / xj
        } else {
            0.0
        }
    }

    /// A restricted to the given rows and columns (flat indices).
    pub fn a_block(&self, rows: &[usize], cols: &[usize]) -> Mat<f64> {
        Mat::from_fn(rows.len(), cols.len(), |i, j| self.a(rows[i], cols[j]))
    }

    /// The local Leontief inverse L_SS = (I − A_SS)⁻¹ of a set of
    /// region-sectors (one region, or a group's members together).
    pub fn local_inverse(&self, idx: &[usize]) -> Result<Mat<f64>> {
        let a = self.a_block(idx, idx);
        let l = Leontief::new(a.as_ref(), &|j| self.mrio.label(idx[j]))?;
        Ok(l.inverse())
    }

    /// The local inverse L_rr = (I − A_rr)⁻¹ of region `r` (N × N). All G
    /// of them are computed on the first call and kept (G·N² numbers).
    pub fn regional_local_inverse(&self, r: usize) -> Result<&Mat<f64>> {
        if self.regional_local.get().is_none() {
            let all = (0..self.mrio.n_regions())
                .map(|g| self.local_inverse(&self.mrio.region_range(g).collect::<Vec<_>>()))
                .collect::<Result<Vec<_>>>()?;
            // A concurrent caller may have filled it first; both are equal.
            let _ = self.regional_local.set(all);
        }
        Ok(&self.regional_local.get().expect("set above")[r])
    }

    /// Columns `idx` of the global inverse, B_{·S} = (I − A)⁻¹ E_S (n × |S|),
    /// by one block solve.
    pub fn inverse_columns(&self, idx: &[usize]) -> Mat<f64> {
        let mut m = Mat::<f64>::zeros(self.mrio.n(), idx.len());
        for (c, &i) in idx.iter().enumerate() {
            m[(i, c)] = 1.0;
        }
        self.leontief.solve_in_place(m.as_mut());
        m
    }
}

/// dst = lhs · rhs (replacing dst), sequential: for the many small N × N
/// products inside the per-exporter loops.
pub(crate) fn matmul_small(dst: MatMut<'_, f64>, lhs: MatRef<'_, f64>, rhs: MatRef<'_, f64>) {
    faer::linalg::matmul::matmul(dst, Accum::Replace, lhs, rhs, 1.0, faer::Par::Seq);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decompose::dense::{self, three_region};

    #[test]
    fn region_sets_parse_codes_lists_and_groups() {
        let m = three_region();
        let s = RegionSet::parse(&m, "BBB").unwrap();
        assert_eq!((s.name.as_str(), s.regions.as_slice()), ("BBB", &[1][..]));
        let s = RegionSet::parse(&m, "CCC, AAA").unwrap();
        assert_eq!(s.regions, vec![0, 2]);
        assert_eq!(s.name, "CCC+AAA");
        assert!(s.contains(2) && !s.contains(1));
        assert_eq!(s.indices(&m), vec![0, 1, 4, 5]);
        let e = RegionSet::parse(&m, "ZZZ").unwrap_err().to_string();
        assert!(e.contains("ZZZ") && e.contains("USMCA"), "{e}");
        assert!(RegionSet::parse(&m, " ").is_err());
        // USMCA needs CAN, MEX and USA; this table has none of them.
        assert!(RegionSet::parse(&m, "usmca").is_err());
    }

    #[test]
    fn local_inverse_and_inverse_columns_match_dense() {
        let m = three_region();
        let l = Leontief::of(&m).unwrap();
        let base = TradeBase::new(&m, &l).unwrap();
        let d = dense::Dense::of(&m);
        let idx = [2usize, 3];
        let li = base.local_inverse(&idx).unwrap();
        let lref = d.local_inverse(&idx);
        assert!((&li - &lref).norm_max() < 1e-13);
        let bc = base.inverse_columns(&idx);
        for (c, &j) in idx.iter().enumerate() {
            for i in 0..m.n() {
                assert!((bc[(i, c)] - d.b[(i, j)]).abs() < 1e-13);
            }
        }
    }
}
