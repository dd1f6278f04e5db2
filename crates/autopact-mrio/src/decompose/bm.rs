//! The Borin–Mancini source-based decomposition of gross exports.
//!
//! Borin & Mancini (2023), "Measuring what matters in value-added trade",
//! *Economic Systems Research* 35(4); World Bank PRWP 8804 (2019). Value
//! added is counted the first time it leaves the exporter ("source-based"),
//! so what counts as double counting depends on the **perspective** — which
//! export flow is being decomposed:
//!
//! * exporter: all of s's exports (country level, or a group such as USMCA
//!   with intra-group flows not counted as exports);
//! * bilateral: s's exports to a partner (or a partner group) only;
//! * sectoral: exports of some of s's sectors;
//! * bilateral-sectoral: both restrictions.
//!
//! For a perspective, the *extraction* matrix A* sets to zero the export
//! coefficients of the flow (rows: the exporting sectors of s in the
//! perimeter; columns: the partners), and B* = (I − A*)⁻¹ counts the value
//! added produced before the flow first leaves s. For every exporting
//! country-sector i of s and importer r (vectors over s's sectors, `#` the
//! element-wise product, `V_s B*_ss` a row of column sums):
//!
//! | term | formula |
//! |---|---|
//! | EXGR | E_sr = Z_sr·1 + Y_sr |
//! | DVA | (V_s B*_ss)ᵀ # E_sr |
//! | VAX1 | (V_s B*_ss)ᵀ # Y_sr (final goods absorbed by r) |
//! | VAX2 | (V_s B*_ss)ᵀ # (A_sr L_rr Y_rr) (intermediates absorbed by r) |
//! | VAX3 | (V_s B*_ss)ᵀ # (A_sr L_rr Σ_{l∉{s,r}} Y_rl) (r's final exports to third countries) |
//! | VAX4 | (V_s B*_ss)ᵀ # (A_sr L_rr Σ_{j≠r} A_rj Σ_k B_jk Σ_{l≠s} Y_kl) |
//! | REF1 | (V_s B*_ss)ᵀ # (A_sr L_rr Y_rs) (back home in r's final goods) |
//! | REF2 | (V_s B*_ss)ᵀ # (A_sr L_rr Σ_{j≠r} A_rj Σ_k B_jk Y_ks) |
//! | DDC | (V_s (B_ss − B*_ss))ᵀ # E_sr |
//! | FVA | (Σ_{t≠s} V_t B*_ts)ᵀ # E_sr |
//! | FDC | (Σ_{t≠s} V_t (B_ts − B*_ts))ᵀ # E_sr |
//!
//! and the aggregates REF = REF1 + REF2, VAX = DVA − REF, DAVAX = VAX1 + VAX2
//! (value added directly absorbed by the importer), DC = DVA + DDC,
//! FC = FVA + FDC, GVCB = FVA + FDC + DDC (backward participation),
//! GVCF = DVA − DAVAX (forward participation), GVC = EXGR − DAVAX.
//! With residual value added (vᵀB = 1ᵀ) DC + FC = EXGR and
//! GVC = GVCB + GVCF to round-off.
//!
//! On a balanced table (x = B·y) VAX1 + VAX2 + VAX3 + VAX4 = VAX exactly,
//! and GVCF = VAX3 + VAX4 + REF as in exvatools. On a published table whose
//! output differs from its row sums, VAX3 and VAX4 (built from B·y) miss
//! DVA − REF − DAVAX by (V_sB*_ss)ᵀ # A_sr (x − B y)_r; autopact keeps the
//! identities DVA = VAX + REF and DC + FC = EXGR exact by defining VAX as
//! DVA − REF, and reports VAX3 and VAX4 as computed.
//!
//! ## How it is computed
//!
//! B* never has to be factored: with D the perimeter rows and Q the
//! partner columns, A* = A − E_D A_DQ E_Qᵀ and the Woodbury identity gives
//! the exporter's columns B*_{·s} = B_{·s} (I + D A_sQ B_Qs)⁻¹. So one block
//! solve for B_{·s} (n × |s|N), one |s|N × |s|N system and the local
//! inverses L_rr give every term. For the exporter perspective of a single
//! country, B*_ss = L_ss and the FVA row is (Σ_t V_t B_ts) B_ss⁻¹ L_ss.

use faer::{Mat, MatRef};

use super::{RegionSet, TradeBase, matmul_small};
use crate::error::{MrioError, Result};
use crate::leontief::Leontief;
use crate::leontief::parallelism;

/// Which export flow is decomposed (Borin & Mancini 2023, section 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Perspective {
    /// All of the exporter's exports.
    Exporter,
    /// Exports to a partner (or partner group).
    Bilateral,
    /// Exports of some exporting sectors.
    Sectoral,
    /// Exports of some sectors to a partner.
    BilateralSectoral,
}

impl Perspective {
    /// Lower-case name.
    pub fn name(self) -> &'static str {
        match self {
            Perspective::Exporter => "exporter",
            Perspective::Bilateral => "bilateral",
            Perspective::Sectoral => "sectoral",
            Perspective::BilateralSectoral => "bilateral-sectoral",
        }
    }
}

/// The perimeter of the decomposed flow: which partners and which exporting
/// sectors. `None` means all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Perimeter {
    /// Importing partner(s); `None` = every region outside the exporter.
    pub partners: Option<RegionSet>,
    /// Exporting sectors (indices into the table's sector list); `None` =
    /// all.
    pub sectors: Option<Vec<usize>>,
}

impl Perimeter {
    /// The exporter perspective.
    pub fn exporter() -> Self {
        Self::default()
    }

    /// The bilateral perspective towards `partners`.
    pub fn bilateral(partners: RegionSet) -> Self {
        Self {
            partners: Some(partners),
            sectors: None,
        }
    }

    /// The sectoral perspective of `sectors`.
    pub fn sectoral(sectors: Vec<usize>) -> Self {
        Self {
            partners: None,
            sectors: Some(sectors),
        }
    }

    /// The perspective this perimeter defines.
    pub fn perspective(&self) -> Perspective {
        match (&self.partners, &self.sectors) {
            (None, None) => Perspective::Exporter,
            (Some(_), None) => Perspective::Bilateral,
            (None, Some(_)) => Perspective::Sectoral,
            (Some(_), Some(_)) => Perspective::BilateralSectoral,
        }
    }
}

/// A Borin–Mancini term or aggregate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BmTerm {
    /// Gross exports.
    Exgr,
    /// Domestic content DVA + DDC.
    Dc,
    /// Domestic value added.
    Dva,
    /// Value added exported and absorbed abroad (DVA − REF).
    Vax,
    /// Directly absorbed value added exports VAX1 + VAX2.
    Davax,
    /// Reflection: domestic value added that comes back home (REF1 + REF2).
    Ref,
    /// Domestic double counting.
    Ddc,
    /// Foreign content FVA + FDC.
    Fc,
    /// Foreign value added.
    Fva,
    /// Foreign double counting.
    Fdc,
    /// GVC-related trade EXGR − DAVAX.
    Gvc,
    /// Backward GVC participation FVA + FDC + DDC.
    Gvcb,
    /// Forward GVC participation DVA − DAVAX.
    Gvcf,
    /// VAX in final goods absorbed by the importer.
    Vax1,
    /// VAX in intermediates absorbed by the importer.
    Vax2,
    /// VAX in intermediates re-exported by the importer as final goods.
    Vax3,
    /// VAX in intermediates re-exported by the importer as intermediates.
    Vax4,
    /// Reflection in the importer's final goods.
    Ref1,
    /// Reflection in the importer's intermediates.
    Ref2,
}

impl BmTerm {
    /// The standard output, in exvatools' order.
    pub const STANDARD: [BmTerm; 13] = [
        BmTerm::Exgr,
        BmTerm::Dc,
        BmTerm::Dva,
        BmTerm::Vax,
        BmTerm::Davax,
        BmTerm::Ref,
        BmTerm::Ddc,
        BmTerm::Fc,
        BmTerm::Fva,
        BmTerm::Fdc,
        BmTerm::Gvc,
        BmTerm::Gvcb,
        BmTerm::Gvcf,
    ];

    /// The detailed terms of DVA.
    pub const DETAIL: [BmTerm; 6] = [
        BmTerm::Vax1,
        BmTerm::Vax2,
        BmTerm::Vax3,
        BmTerm::Vax4,
        BmTerm::Ref1,
        BmTerm::Ref2,
    ];

    /// Name as in Borin & Mancini and exvatools.
    pub fn name(self) -> &'static str {
        match self {
            BmTerm::Exgr => "EXGR",
            BmTerm::Dc => "DC",
            BmTerm::Dva => "DVA",
            BmTerm::Vax => "VAX",
            BmTerm::Davax => "DAVAX",
            BmTerm::Ref => "REF",
            BmTerm::Ddc => "DDC",
            BmTerm::Fc => "FC",
            BmTerm::Fva => "FVA",
            BmTerm::Fdc => "FDC",
            BmTerm::Gvc => "GVC",
            BmTerm::Gvcb => "GVCB",
            BmTerm::Gvcf => "GVCF",
            BmTerm::Vax1 => "VAX1",
            BmTerm::Vax2 => "VAX2",
            BmTerm::Vax3 => "VAX3",
            BmTerm::Vax4 => "VAX4",
            BmTerm::Ref1 => "REF1",
            BmTerm::Ref2 => "REF2",
        }
    }

    /// The term named `name` (case-insensitive).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::STANDARD
            .into_iter()
            .chain(Self::DETAIL)
            .find(|t| t.name().eq_ignore_ascii_case(name))
    }
}

/// Stored per cell: the basic terms; aggregates are derived.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Cell {
    exgr: f64,
    dva: f64,
    vax1: f64,
    vax2: f64,
    vax3: f64,
    vax4: f64,
    ref1: f64,
    ref2: f64,
    ddc: f64,
    fva: f64,
    fdc: f64,
}

impl Cell {
    fn get(&self, t: BmTerm) -> f64 {
        let rf = self.ref1 + self.ref2;
        let davax = self.vax1 + self.vax2;
        match t {
            BmTerm::Exgr => self.exgr,
            BmTerm::Dc => self.dva + self.ddc,
            BmTerm::Dva => self.dva,
            BmTerm::Vax => self.dva - rf,
            BmTerm::Davax => davax,
            BmTerm::Ref => rf,
            BmTerm::Ddc => self.ddc,
            BmTerm::Fc => self.fva + self.fdc,
            BmTerm::Fva => self.fva,
            BmTerm::Fdc => self.fdc,
            BmTerm::Gvc => self.exgr - davax,
            BmTerm::Gvcb => self.fva + self.fdc + self.ddc,
            BmTerm::Gvcf => self.dva - davax,
            BmTerm::Vax1 => self.vax1,
            BmTerm::Vax2 => self.vax2,
            BmTerm::Vax3 => self.vax3,
            BmTerm::Vax4 => self.vax4,
            BmTerm::Ref1 => self.ref1,
            BmTerm::Ref2 => self.ref2,
        }
    }
}

/// The decomposition of an exporter's flow: one cell per exporting
/// country-sector (in the perimeter) and importer (in the partner set).
#[derive(Debug, Clone, PartialEq)]
pub struct BmDecomposition {
    /// The exporter (a region or a group).
    pub exporter: RegionSet,
    /// The perspective.
    pub perspective: Perspective,
    /// Exporting country-sectors (flat indices; for a group, every member's
    /// sectors).
    pub rows: Vec<usize>,
    /// Importing regions (region indices).
    pub importers: Vec<usize>,
    cells: Vec<Cell>,
}

impl BmDecomposition {
    /// Term `t` for row `row` (position in [`BmDecomposition::rows`]) and
    /// importer `imp` (position in [`BmDecomposition::importers`]).
    pub fn get(&self, t: BmTerm, row: usize, imp: usize) -> f64 {
        self.cells[row * self.importers.len() + imp].get(t)
    }

    /// Σ of term `t` over all rows and importers: the perspective's total.
    pub fn total(&self, t: BmTerm) -> f64 {
        self.cells.iter().map(|c| c.get(t)).sum()
    }

    /// Σ of term `t` over exporting rows, for importer position `imp`.
    pub fn importer_total(&self, t: BmTerm, imp: usize) -> f64 {
        (0..self.rows.len()).map(|row| self.get(t, row, imp)).sum()
    }

    /// Σ of term `t` over importers, for row position `row`.
    pub fn row_total(&self, t: BmTerm, row: usize) -> f64 {
        (0..self.importers.len())
            .map(|imp| self.get(t, row, imp))
            .sum()
    }
}

/// Borin–Mancini source-based decomposition of `exporter`'s exports in the
/// perspective set by `perimeter` (see the module docs for every formula).
///
/// Errors when the partner set overlaps the exporter or is empty, or a
/// sector index is out of range.
pub fn borin_mancini(
    base: &TradeBase<'_>,
    exporter: &RegionSet,
    perimeter: &Perimeter,
) -> Result<BmDecomposition> {
    let mrio = base.mrio();
    let n = mrio.n();
    let g = mrio.n_regions();
    let ns = mrio.n_sectors();
    let v = base.v();
    let y = base.final_demand();
    let trade = base.gross_trade();

    let idx_s = exporter.indices(mrio);
    let m = idx_s.len();
    let in_s = |i: usize| exporter.contains(mrio.region_of(i));
    let importers: Vec<usize> = match &perimeter.partners {
        None => (0..g).filter(|&r| !exporter.contains(r)).collect(),
        Some(p) => {
            if let Some(&r) = p.regions.iter().find(|&&r| exporter.contains(r)) {
                return Err(MrioError::Invalid(format!(
                    "partner {} is part of the exporter {}: flows inside the exporter are not exports",
                    mrio.regions()[r],
                    exporter.name
                )));
            }
            p.regions.clone()
        }
    };
    if importers.is_empty() {
        return Err(MrioError::Invalid(format!(
            "{} has no trading partner in this table",
            exporter.name
        )));
    }
    let in_sectors: Vec<bool> = match &perimeter.sectors {
        None => vec![true; ns],
        Some(list) => {
            let mut mask = vec![false; ns];
            for &k in list {
                if k >= ns {
                    return Err(MrioError::Invalid(format!(
                        "sector index {k} is out of range (the table has {ns} sectors)"
                    )));
                }
                mask[k] = true;
            }
            mask
        }
    };

    // One block solve: B_{·S}, B·Y_S and B·y_total.
    let mut rhs = Mat::<f64>::zeros(n, m + 2);
    for (c, &i) in idx_s.iter().enumerate() {
        rhs[(i, c)] = 1.0;
    }
    for i in 0..n {
        let mut ys = 0.0;
        let mut yt = 0.0;
        for u in 0..g {
            yt += y[(i, u)];
            if exporter.contains(u) {
                ys += y[(i, u)];
            }
        }
        rhs[(i, m)] = ys;
        rhs[(i, m + 1)] = yt;
    }
    base.leontief().solve_in_place(rhs.as_mut());
    let bs = rhs.subcols(0, m);

    // Row sums by origin: V_S B_{S,c} and Σ_{t∉S} V_t B_{t,c}.
    let mut w_dom = vec![0.0; m];
    let mut w_for = vec![0.0; m];
    for c in 0..m {
        for k in 0..n {
            let t = v[k] * bs[(k, c)];
            if in_s(k) {
                w_dom[c] += t;
            } else {
                w_for[c] += t;
            }
        }
    }

    // K = I + D A_SQ B_QS; the coefficient rows of B* are w K⁻¹.
    let q: Vec<usize> = importers
        .iter()
        .flat_map(|&r| mrio.region_range(r))
        .collect();
    let a_sq = base.a_block(&idx_s, &q);
    let b_qs = Mat::from_fn(q.len(), m, |p, c| bs[(q[p], c)]);
    let mut minus_k = Mat::<f64>::zeros(m, m);
    matmul_small(minus_k.as_mut(), a_sq.as_ref(), b_qs.as_ref());
    for c in 0..m {
        let keep = in_sectors[mrio.sector_of(idx_s[c])];
        for c2 in 0..m {
            minus_k[(c, c2)] = if keep { -minus_k[(c, c2)] } else { 0.0 };
        }
    }
    // Leontief::new factors I − (−D A_SQ B_QS) = K.
    let k_lu = Leontief::new(minus_k.as_ref(), &|j| mrio.label(idx_s[j]))?;
    let a_coef = k_lu.solve_transpose(&w_dom);
    let f_coef = k_lu.solve_transpose(&w_for);
    let ddc_coef: Vec<f64> = w_dom.iter().zip(&a_coef).map(|(w, a)| w - a).collect();
    let fdc_coef: Vec<f64> = w_for.iter().zip(&f_coef).map(|(w, f)| w - f).collect();

    // Σ_{j ∉ r(k)} A_kj g_j for g = B·Y_S and B·y_total.
    let am_g = off_block_product(base, rhs.subcols(m, 2));

    let rows: Vec<usize> = (0..m)
        .filter(|&c| in_sectors[mrio.sector_of(idx_s[c])])
        .collect();
    let n_imp = importers.len();
    let mut cells = vec![Cell::default(); rows.len() * n_imp];
    let mut u = Mat::<f64>::zeros(ns, 5);
    let mut lu_ = Mat::<f64>::zeros(ns, 5);
    let mut cmat = Mat::<f64>::zeros(m, 5);
    for (p, &r) in importers.iter().enumerate() {
        let rr: Vec<usize> = mrio.region_range(r).collect();
        let l_rr = base.regional_local_inverse(r)?;
        for (kl, &k) in rr.iter().enumerate() {
            let mut y_rs = 0.0;
            let mut y_third = 0.0;
            for l in 0..g {
                if exporter.contains(l) {
                    y_rs += y[(k, l)];
                } else if l != r {
                    y_third += y[(k, l)];
                }
            }
            u[(kl, 0)] = y[(k, r)];
            u[(kl, 1)] = y_third;
            u[(kl, 2)] = y_rs;
            u[(kl, 3)] = am_g[(k, 0)];
            u[(kl, 4)] = am_g[(k, 1)] - am_g[(k, 0)];
        }
        matmul_small(lu_.as_mut(), l_rr.as_ref(), u.as_ref());
        let a_sr = base.a_block(&idx_s, &rr);
        matmul_small(cmat.as_mut(), a_sr.as_ref(), lu_.as_ref());
        for (row, &c) in rows.iter().enumerate() {
            let i = idx_s[c];
            let a = a_coef[c];
            let exgr = trade.total(i, r);
            cells[row * n_imp + p] = Cell {
                exgr,
                dva: a * exgr,
                vax1: a * y[(i, r)],
                vax2: a * cmat[(c, 0)],
                vax3: a * cmat[(c, 1)],
                vax4: a * cmat[(c, 4)],
                ref1: a * cmat[(c, 2)],
                ref2: a * cmat[(c, 3)],
                ddc: ddc_coef[c] * exgr,
                fva: f_coef[c] * exgr,
                fdc: fdc_coef[c] * exgr,
            };
        }
    }
    Ok(BmDecomposition {
        exporter: exporter.clone(),
        perspective: perimeter.perspective(),
        rows: rows.iter().map(|&c| idx_s[c]).collect(),
        importers,
        cells,
    })
}

/// (A_m G)_k· = Σ_{j ∉ r(k)} a_kj G_j·: A without its diagonal blocks, times
/// the columns of G — one product with Z x̂⁻¹, minus the N × N diagonal blocks.
fn off_block_product(base: &TradeBase<'_>, g: MatRef<'_, f64>) -> Mat<f64> {
    let mrio = base.mrio();
    let n = mrio.n();
    let ns = mrio.n_sectors();
    let x = mrio.x();
    let z = mrio.z();
    let scaled = Mat::from_fn(n, g.ncols(), |j, c| {
        if x[j] != 0.0 { g[(j, c)] / x[j] } else { 0.0 }
    });
    let mut out = Mat::<f64>::zeros(n, g.ncols());
    faer::linalg::matmul::matmul(
        out.as_mut(),
        faer::Accum::Replace,
        z,
        scaled.as_ref(),
        1.0,
        parallelism(),
    );
    for r in 0..mrio.n_regions() {
        let o = r * ns;
        faer::linalg::matmul::matmul(
            out.as_mut().subrows_mut(o, ns),
            faer::Accum::Add,
            z.submatrix(o, o, ns, ns),
            scaled.as_ref().subrows(o, ns),
            -1.0,
            faer::Par::Seq,
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decompose::dense::{Dense, inv_i_minus, random_table};
    use crate::system::Mrio;

    /// The terms written literally with a formed extraction inverse B*.
    fn brute_force(m: &Mrio, exporter: &RegionSet, perimeter: &Perimeter) -> BmDecomposition {
        let d = Dense::of(m);
        let n = m.n();
        let g = m.n_regions();
        let ns = m.n_sectors();
        let in_s = |i: usize| exporter.contains(i / ns);
        let partners: Vec<usize> = match &perimeter.partners {
            None => (0..g).filter(|&r| !exporter.contains(r)).collect(),
            Some(p) => p.regions.clone(),
        };
        let sector_ok = |i: usize| {
            perimeter
                .sectors
                .as_ref()
                .is_none_or(|s| s.contains(&(i % ns)))
        };
        let mut a_star = d.a.clone();
        for i in 0..n {
            if in_s(i) && sector_ok(i) {
                for j in 0..n {
                    if partners.contains(&(j / ns)) {
                        a_star[(i, j)] = 0.0;
                    }
                }
            }
        }
        let b_star = inv_i_minus(&a_star);
        let y = &d.y;
        let ytot: Vec<f64> = (0..n).map(|k| y.row(k).iter().sum()).collect();
        let ys: Vec<f64> = (0..n)
            .map(|k| {
                (0..g)
                    .filter(|&u| exporter.contains(u))
                    .map(|u| y[(k, u)])
                    .sum()
            })
            .collect();
        let by = |f: &Vec<f64>| -> Vec<f64> {
            (0..n)
                .map(|i| (0..n).map(|k| d.b[(i, k)] * f[k]).sum())
                .collect()
        };
        let (bys, byt) = (by(&ys), by(&ytot));
        let idx = exporter.indices(m);
        let rows: Vec<usize> = idx.iter().copied().filter(|&i| sector_ok(i)).collect();
        let mut cells = Vec::new();
        for &i in &rows {
            let a: f64 = (0..n)
                .filter(|&k| in_s(k))
                .map(|k| d.v[k] * b_star[(k, i)])
                .sum();
            let f: f64 = (0..n)
                .filter(|&k| !in_s(k))
                .map(|k| d.v[k] * b_star[(k, i)])
                .sum();
            let ddc: f64 = (0..n)
                .filter(|&k| in_s(k))
                .map(|k| d.v[k] * (d.b[(k, i)] - b_star[(k, i)]))
                .sum();
            let fdc: f64 = (0..n)
                .filter(|&k| !in_s(k))
                .map(|k| d.v[k] * (d.b[(k, i)] - b_star[(k, i)]))
                .sum();
            for &r in &partners {
                let rr = d.rows(r);
                // A_sr L_rr w for w over r's rows.
                let alw = |w: &dyn Fn(usize) -> f64| -> f64 {
                    rr.clone()
                        .map(|j| d.a[(i, j)] * rr.clone().map(|k| d.l[(j, k)] * w(k)).sum::<f64>())
                        .sum()
                };
                let off = |k: usize, f: &Vec<f64>| -> f64 {
                    (0..n)
                        .filter(|&j| j / ns != r)
                        .map(|j| d.a[(k, j)] * f[j])
                        .sum()
                };
                let exgr = d.exports(m, i, r);
                cells.push(Cell {
                    exgr,
                    dva: a * exgr,
                    vax1: a * y[(i, r)],
                    vax2: a * alw(&|k| y[(k, r)]),
                    vax3: a * alw(&|k| {
                        (0..g)
                            .filter(|&l| l != r && !exporter.contains(l))
                            .map(|l| y[(k, l)])
                            .sum()
                    }),
                    vax4: a * alw(&|k| off(k, &byt) - off(k, &bys)),
                    ref1: a * alw(&|k| ys[k]),
                    ref2: a * alw(&|k| off(k, &bys)),
                    ddc: ddc * exgr,
                    fva: f * exgr,
                    fdc: fdc * exgr,
                });
            }
        }
        BmDecomposition {
            exporter: exporter.clone(),
            perspective: perimeter.perspective(),
            rows,
            importers: partners,
            cells,
        }
    }

    fn assert_close(got: &BmDecomposition, want: &BmDecomposition) {
        assert_eq!(got.rows, want.rows);
        assert_eq!(got.importers, want.importers);
        for (c1, c2) in got.cells.iter().zip(&want.cells) {
            for t in BmTerm::STANDARD.into_iter().chain(BmTerm::DETAIL) {
                let (a, b) = (c1.get(t), c2.get(t));
                assert!(
                    (a - b).abs() <= 1e-11 * b.abs().max(1.0),
                    "{}: {a} vs {b}",
                    t.name()
                );
            }
        }
    }

    fn perimeters(m: &Mrio) -> Vec<(RegionSet, Perimeter)> {
        let single = RegionSet::parse(m, "BBB").unwrap();
        let group = RegionSet::parse(m, "AAA,CCC").unwrap();
        vec![
            (single.clone(), Perimeter::exporter()),
            (
                single.clone(),
                Perimeter::bilateral(RegionSet::parse(m, "CCC").unwrap()),
            ),
            (
                single.clone(),
                Perimeter::bilateral(RegionSet::parse(m, "AAA,DDD").unwrap()),
            ),
            (single.clone(), Perimeter::sectoral(vec![1])),
            (
                single,
                Perimeter {
                    partners: Some(RegionSet::parse(m, "DDD").unwrap()),
                    sectors: Some(vec![0, 2]),
                },
            ),
            (group.clone(), Perimeter::exporter()),
            (
                group,
                Perimeter::bilateral(RegionSet::parse(m, "BBB").unwrap()),
            ),
        ]
    }

    #[test]
    fn matches_brute_force_in_every_perspective() {
        for balanced in [true, false] {
            let m = random_table(4, 3, 31, balanced);
            let l = Leontief::of(&m).unwrap();
            let base = TradeBase::new(&m, &l).unwrap();
            for (ex, per) in perimeters(&m) {
                let got = borin_mancini(&base, &ex, &per).unwrap();
                let want = brute_force(&m, &ex, &per);
                assert_close(&got, &want);
            }
        }
    }

    #[test]
    fn identities_hold() {
        let m = random_table(5, 3, 41, true);
        let l = Leontief::of(&m).unwrap();
        let base = TradeBase::new(&m, &l).unwrap();
        let tol = |x: f64| 1e-10 * x.abs().max(1.0);
        for (ex, per) in perimeters(&m) {
            let bm = borin_mancini(&base, &ex, &per).unwrap();
            for row in 0..bm.rows.len() {
                for imp in 0..bm.importers.len() {
                    let t = |term| bm.get(term, row, imp);
                    let exgr = t(BmTerm::Exgr);
                    // DC + FC = EXGR.
                    assert!((t(BmTerm::Dc) + t(BmTerm::Fc) - exgr).abs() <= tol(exgr));
                    // DVA = VAX + REF; DC = DVA + DDC; FC = FVA + FDC.
                    assert!((t(BmTerm::Vax) + t(BmTerm::Ref) - t(BmTerm::Dva)).abs() <= tol(exgr));
                    assert!((t(BmTerm::Dva) + t(BmTerm::Ddc) - t(BmTerm::Dc)).abs() <= tol(exgr));
                    assert!((t(BmTerm::Fva) + t(BmTerm::Fdc) - t(BmTerm::Fc)).abs() <= tol(exgr));
                    // On a balanced table the four VAX terms sum to VAX.
                    let vax4: f64 = [BmTerm::Vax1, BmTerm::Vax2, BmTerm::Vax3, BmTerm::Vax4]
                        .into_iter()
                        .map(t)
                        .sum();
                    assert!((vax4 - t(BmTerm::Vax)).abs() <= tol(exgr));
                    // GVC = GVCB + GVCF = EXGR − DAVAX; GVCF = VAX3 + VAX4 + REF.
                    let gvc = t(BmTerm::Gvc);
                    assert!((t(BmTerm::Gvcb) + t(BmTerm::Gvcf) - gvc).abs() <= tol(exgr));
                    assert!((exgr - t(BmTerm::Davax) - gvc).abs() <= tol(exgr));
                    assert!(
                        (t(BmTerm::Vax3) + t(BmTerm::Vax4) + t(BmTerm::Ref) - t(BmTerm::Gvcf))
                            .abs()
                            <= tol(exgr)
                    );
                }
            }
        }
    }

    #[test]
    fn exporter_perspective_of_a_country_uses_the_local_inverse() {
        // B*_ss = L_ss, so DVA = (V_s L_ss)ᵀ # E_s and DDC = V_s(B_ss − L_ss).
        let m = random_table(4, 3, 51, false);
        let l = Leontief::of(&m).unwrap();
        let base = TradeBase::new(&m, &l).unwrap();
        let d = Dense::of(&m);
        let ex = RegionSet::parse(&m, "CCC").unwrap();
        let bm = borin_mancini(&base, &ex, &Perimeter::exporter()).unwrap();
        for (row, &i) in bm.rows.iter().enumerate() {
            let vl: f64 = d.rows(2).map(|k| d.v[k] * d.l[(k, i)]).sum();
            let vb: f64 = d.rows(2).map(|k| d.v[k] * d.b[(k, i)]).sum();
            let e: f64 = bm.row_total(BmTerm::Exgr, row);
            assert!((bm.row_total(BmTerm::Dva, row) - vl * e).abs() < 1e-10 * e.max(1.0));
            assert!((bm.row_total(BmTerm::Ddc, row) - (vb - vl) * e).abs() < 1e-10 * e.max(1.0));
        }
        assert_eq!(bm.perspective, Perspective::Exporter);
    }

    #[test]
    fn group_exporter_counts_no_intra_group_exports() {
        let m = random_table(4, 2, 61, true);
        let l = Leontief::of(&m).unwrap();
        let base = TradeBase::new(&m, &l).unwrap();
        let ex = RegionSet::parse(&m, "AAA,BBB").unwrap();
        let bm = borin_mancini(&base, &ex, &Perimeter::exporter()).unwrap();
        assert_eq!(bm.importers, vec![2, 3]);
        let d = Dense::of(&m);
        let want: f64 = (0..4)
            .flat_map(|i| [2usize, 3].map(|r| d.exports(&m, i, r)))
            .sum();
        assert!((bm.total(BmTerm::Exgr) - want).abs() < 1e-9);
        // A partner inside the exporter is refused.
        let err = borin_mancini(
            &base,
            &ex,
            &Perimeter::bilateral(RegionSet::parse(&m, "BBB").unwrap()),
        )
        .unwrap_err();
        assert!(err.to_string().contains("part of the exporter"), "{err}");
        assert!(borin_mancini(&base, &ex, &Perimeter::sectoral(vec![9])).is_err());
    }

    #[test]
    fn term_names_round_trip() {
        for t in BmTerm::STANDARD.into_iter().chain(BmTerm::DETAIL) {
            assert_eq!(BmTerm::from_name(t.name()), Some(t));
        }
        assert_eq!(BmTerm::from_name("gvcb"), Some(BmTerm::Gvcb));
        assert_eq!(
            Perimeter::sectoral(vec![0]).perspective().name(),
            "sectoral"
        );
    }
}
