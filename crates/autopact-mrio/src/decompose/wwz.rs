//! The Wang–Wei–Zhu 16-term decomposition of bilateral gross exports.
//!
//! Wang, Wei & Zhu (2013, NBER WP 19677, eq. 19 / Table E1; 2018 revision)
//! split the exports E_sr of every exporting country-sector of s to an
//! importer r into 16 terms, written here as R `decompr::wwz` names and
//! orders them (its CSV output is the oracle this module is tested against).
//! With `V_sB_ss` the row vector of s's value added per unit of each of
//! s's sectors through the *global* inverse, `V_sL_ss` the same through
//! the *local* inverse, `#` the element-wise product with a column over s's
//! exporting sectors, and `Σ_t` sums over regions t ∉ {s, r}:
//!
//! | # | decompr name | formula |
//! |---|---|---|
//! | 1 | `DVA_FIN` | (V_s B_ss)ᵀ # Y_sr |
//! | 2 | `DVA_INT` | (V_s L_ss)ᵀ # (A_sr B_rr Y_rr) |
//! | 3 | `DVA_INTrexI1` | (V_s L_ss)ᵀ # (A_sr Σ_t B_rt Y_tt) |
//! | 4 | `DVA_INTrexF` | (V_s L_ss)ᵀ # (A_sr B_rr Σ_t Y_rt) |
//! | 5 | `DVA_INTrexI2` | (V_s L_ss)ᵀ # (A_sr Σ_t B_rt Σ_{u≠s,t} Y_tu) |
//! | 6 | `RDV_INT` | (V_s L_ss)ᵀ # (A_sr B_rs Y_ss) |
//! | 7 | `RDV_FIN` | (V_s L_ss)ᵀ # (A_sr B_rr Y_rs) |
//! | 8 | `RDV_FIN2` | (V_s L_ss)ᵀ # (A_sr Σ_t B_rt Y_ts) |
//! | 9 | `OVA_FIN` | (Σ_t V_t B_ts)ᵀ # Y_sr |
//! | 10 | `MVA_FIN` | (V_r B_rs)ᵀ # Y_sr |
//! | 11 | `OVA_INT` | (Σ_t V_t B_ts)ᵀ # (A_sr L_rr Y_rr) |
//! | 12 | `MVA_INT` | (V_r B_rs)ᵀ # (A_sr L_rr Y_rr) |
//! | 13 | `DDC_FIN` | (V_s L_ss)ᵀ # (A_sr B_rs Σ_{t≠s} Y_st) |
//! | 14 | `DDC_INT` | (V_s B_ss − V_s L_ss)ᵀ # (A_sr X_r) |
//! | 15 | `ODC` | (Σ_t V_t B_ts)ᵀ # (A_sr L_rr E_r*) |
//! | 16 | `MDC` | (V_r B_rs)ᵀ # (A_sr L_rr E_r*) |
//!
//! E_r* is r's total gross exports (all destinations), X_r the published
//! output. Note decompr's names of terms 6–8: `RDV_INT` is the value that
//! returns home inside intermediate imports (B_rs Y_ss), `RDV_FIN` inside
//! final imports from r, `RDV_FIN2` inside final imports via third
//! countries — in WWZ's own table these are T8, T6 and T7.
//!
//! **Identity.** When x = Z·1 + Y·1 (a balanced table) the 16 terms sum to
//! E_sr exactly (the final-goods terms 1, 9 and 10 always sum to Y_sr). A
//! published table's output differs from its row sums by d = x − Z·1 − Y·1;
//! the intermediate-export terms then expand A_sr x_r through B·Y = x − B d
//! and L_rr(Y_rr + E_r*) = x_r − L_rr d_r, and the terms miss E_sr by
//! −(V_s L_ss)ᵀ # A_sr (B d)_r − (Σ_{t≠s} V_t B_ts)ᵀ # A_sr L_rr d_r
//! (tested), which is decompr's `texpdiff` diagnostic. autopact reproduces
//! decompr's terms, residual included.
//!
//! ## How it is computed
//!
//! decompr forms B, A, L and GN × GN intermediates (15 s at n = 1,435).
//! Here every term is A_sr (an N × N block of the table) times an N-vector
//! built from a few n × G solve results:
//!
//! * `W` (n × G), W_jt = Σ_{k∈t} v_k B_kj: value added of each source region
//!   per unit of j — one block of G transposed solves;
//! * `P = B Y_d`, `H = B Ê_fin`, `B Y_m` (n × G each), with Y_d the domestic
//!   final-demand blocks, Ê_fin final-goods exports of each region on its
//!   own rows, Y_m the import blocks — one block of 3G forward solves;
//! * the diagonal blocks B_rr (G blocks of N × N) — from solves of identity
//!   columns. With no row interchanges in the LU (the case for every table
//!   with A ≥ 0 and non-negative value added), the columns of region r are
//!   zero above row rN and only the trailing part of both triangular
//!   factors is needed: 2n³/3 flops instead of 2n³;
//! * the local inverses L_rr (N × N each).
//!
//! Then e.g. A_sr B_rr Σ_t Y_rt = A_sr (H_{·r} − B_rr Y_rs)_r and
//! A_sr Σ_t B_rt Y_tt = A_sr (P·1 − P_{·s} − P_{·r})_r. The per-exporter
//! work is 11 products of N × N blocks with N-vectors per importer.

use faer::{Mat, Par};

use super::{TradeBase, matmul_small};
use crate::error::Result;

/// One of the 16 WWZ terms, in decompr's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WwzTerm {
    /// Domestic value added in final-goods exports.
    DvaFin,
    /// DVA in intermediate exports absorbed by the direct importer.
    DvaInt,
    /// DVA in intermediates the importer re-exports as intermediates for
    /// third countries' domestic final goods.
    DvaIntrexI1,
    /// DVA in intermediates the importer turns into final-goods exports to
    /// third countries.
    DvaIntrexF,
    /// DVA in intermediates the importer re-exports as intermediates to third
    /// countries that export again.
    DvaIntrexI2,
    /// Returned DVA in intermediate imports used for home final goods.
    RdvInt,
    /// Returned DVA in final-goods imports from the direct importer.
    RdvFin,
    /// Returned DVA in final-goods imports via third countries.
    RdvFin2,
    /// Third countries' value added in final-goods exports.
    OvaFin,
    /// Direct importer's value added in final-goods exports.
    MvaFin,
    /// Third countries' value added in intermediate exports.
    OvaInt,
    /// Direct importer's value added in intermediate exports.
    MvaInt,
    /// Double-counted DVA used to produce final-goods exports.
    DdcFin,
    /// Double-counted DVA used to produce intermediate exports.
    DdcInt,
    /// Third countries' value added double counted.
    Odc,
    /// Direct importer's value added double counted.
    Mdc,
}

impl WwzTerm {
    /// All 16 terms in decompr's column order.
    pub const ALL: [WwzTerm; 16] = [
        WwzTerm::DvaFin,
        WwzTerm::DvaInt,
        WwzTerm::DvaIntrexI1,
        WwzTerm::DvaIntrexF,
        WwzTerm::DvaIntrexI2,
        WwzTerm::RdvInt,
        WwzTerm::RdvFin,
        WwzTerm::RdvFin2,
        WwzTerm::OvaFin,
        WwzTerm::MvaFin,
        WwzTerm::OvaInt,
        WwzTerm::MvaInt,
        WwzTerm::DdcFin,
        WwzTerm::DdcInt,
        WwzTerm::Odc,
        WwzTerm::Mdc,
    ];

    /// decompr's column name.
    pub fn name(self) -> &'static str {
        match self {
            WwzTerm::DvaFin => "DVA_FIN",
            WwzTerm::DvaInt => "DVA_INT",
            WwzTerm::DvaIntrexI1 => "DVA_INTrexI1",
            WwzTerm::DvaIntrexF => "DVA_INTrexF",
            WwzTerm::DvaIntrexI2 => "DVA_INTrexI2",
            WwzTerm::RdvInt => "RDV_INT",
            WwzTerm::RdvFin => "RDV_FIN",
            WwzTerm::RdvFin2 => "RDV_FIN2",
            WwzTerm::OvaFin => "OVA_FIN",
            WwzTerm::MvaFin => "MVA_FIN",
            WwzTerm::OvaInt => "OVA_INT",
            WwzTerm::MvaInt => "MVA_INT",
            WwzTerm::DdcFin => "DDC_FIN",
            WwzTerm::DdcInt => "DDC_INT",
            WwzTerm::Odc => "ODC",
            WwzTerm::Mdc => "MDC",
        }
    }

    /// The term's formula (module-level notation).
    pub fn equation(self) -> &'static str {
        match self {
            WwzTerm::DvaFin => "(V_s B_ss)' # Y_sr",
            WwzTerm::DvaInt => "(V_s L_ss)' # (A_sr B_rr Y_rr)",
            WwzTerm::DvaIntrexI1 => "(V_s L_ss)' # (A_sr sum_{t!=s,r} B_rt Y_tt)",
            WwzTerm::DvaIntrexF => "(V_s L_ss)' # (A_sr B_rr sum_{t!=s,r} Y_rt)",
            WwzTerm::DvaIntrexI2 => "(V_s L_ss)' # (A_sr sum_{t!=s,r} B_rt sum_{u!=s,t} Y_tu)",
            WwzTerm::RdvInt => "(V_s L_ss)' # (A_sr B_rs Y_ss)",
            WwzTerm::RdvFin => "(V_s L_ss)' # (A_sr B_rr Y_rs)",
            WwzTerm::RdvFin2 => "(V_s L_ss)' # (A_sr sum_{t!=s,r} B_rt Y_ts)",
            WwzTerm::OvaFin => "(sum_{t!=s,r} V_t B_ts)' # Y_sr",
            WwzTerm::MvaFin => "(V_r B_rs)' # Y_sr",
            WwzTerm::OvaInt => "(sum_{t!=s,r} V_t B_ts)' # (A_sr L_rr Y_rr)",
            WwzTerm::MvaInt => "(V_r B_rs)' # (A_sr L_rr Y_rr)",
            WwzTerm::DdcFin => "(V_s L_ss)' # (A_sr B_rs sum_{t!=s} Y_st)",
            WwzTerm::DdcInt => "(V_s B_ss - V_s L_ss)' # (A_sr X_r)",
            WwzTerm::Odc => "(sum_{t!=s,r} V_t B_ts)' # (A_sr L_rr E_r*)",
            WwzTerm::Mdc => "(V_r B_rs)' # (A_sr L_rr E_r*)",
        }
    }

    /// Position in [`WwzTerm::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// The term named `name` (decompr spelling, case-insensitive).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|t| t.name().eq_ignore_ascii_case(name))
    }
}

/// Columns of the per-importer product `A_sr U`: the N-vectors U (over r's
/// rows) whose product with A_sr the terms need.
const N_COLS: usize = 11;

/// The WWZ engine: everything shared by all exporters, computed once.
/// [`Wwz::exporter`] then decomposes one exporter's exports to every
/// importer.
#[derive(Debug, Clone)]
pub struct Wwz<'b, 'a> {
    base: &'b TradeBase<'a>,
    g: usize,
    ns: usize,
    /// W (n × G): W_jt = Σ_{k∈t} v_k B_kj.
    w: Mat<f64>,
    /// Σ_t W_jt.
    w_sum: Vec<f64>,
    /// (V_s L_ss)_j for j in s.
    w_local: Vec<f64>,
    /// L_rr per region.
    local: Vec<Mat<f64>>,
    /// B_rr Y_r· (N × G) per region r.
    brr_y: Vec<Mat<f64>>,
    /// P = B Y_d (n × G).
    p: Mat<f64>,
    p_sum: Vec<f64>,
    /// H = B Ê_fin (n × G): column t = B_{·t} (final exports of t).
    h: Mat<f64>,
    h_sum: Vec<f64>,
    /// B Y_m (n × G).
    bym: Mat<f64>,
    /// L_rr Y_rr, stacked (n).
    l_yd: Vec<f64>,
    /// L_rr E_r*, stacked (n).
    l_e: Vec<f64>,
}

impl<'b, 'a> Wwz<'b, 'a> {
    /// Prepares the decomposition: one LU-based block of G transposed
    /// solves (W), one of 3G forward solves (P, H, B·Y_m), the diagonal
    /// blocks of B, and the local inverses.
    pub fn new(base: &'b TradeBase<'a>) -> Result<Self> {
        let mrio = base.mrio();
        let leontief = base.leontief();
        let g = mrio.n_regions();
        let ns = mrio.n_sectors();
        let n = mrio.n();
        let v = base.v();
        let y = base.final_demand();
        let reg = |i: usize| i / ns;

        // W: transposed solves with v on each region's rows.
        let mut w = Mat::<f64>::zeros(n, g);
        for i in 0..n {
            w[(i, reg(i))] = v[i];
        }
        leontief.solve_transpose_in_place(w.as_mut());
        let w_sum: Vec<f64> = (0..n).map(|j| w.row(j).iter().sum()).collect();

        // Forward solves: [Y_d | Ê_fin | Y_m].
        let mut rhs = Mat::<f64>::zeros(n, 3 * g);
        for i in 0..n {
            let own = reg(i);
            let mut fin_exports = 0.0;
            for u in 0..g {
                let yiu = y[(i, u)];
                if u == own {
                    rhs[(i, own)] = yiu;
                } else {
                    fin_exports += yiu;
                    rhs[(i, 2 * g + u)] = yiu;
                }
            }
            rhs[(i, g + own)] = fin_exports;
        }
        leontief.solve_in_place(rhs.as_mut());
        let p = rhs.subcols(0, g).to_owned();
        let h = rhs.subcols(g, g).to_owned();
        let bym = rhs.subcols(2 * g, g).to_owned();
        drop(rhs);
        let p_sum: Vec<f64> = (0..n).map(|j| p.row(j).iter().sum()).collect();
        let h_sum: Vec<f64> = (0..n).map(|j| h.row(j).iter().sum()).collect();

        // Local inverses, V_s L_ss, L_rr Y_rr and L_rr E_r*.
        let mut local = Vec::with_capacity(g);
        let mut w_local = vec![0.0; n];
        let mut l_yd = vec![0.0; n];
        let mut l_e = vec![0.0; n];
        let total_exports: Vec<f64> = (0..n)
            .map(|i| (0..g).map(|r| base.exports(i, r)).sum())
            .collect();
        for r in 0..g {
            let l = base.regional_local_inverse(r)?.clone();
            let o = r * ns;
            for j in 0..ns {
                let mut wl = 0.0;
                let mut ly = 0.0;
                let mut le = 0.0;
                for k in 0..ns {
                    wl += v[o + k] * l[(k, j)];
                    ly += l[(j, k)] * y[(o + k, r)];
                    le += l[(j, k)] * total_exports[o + k];
                }
                w_local[o + j] = wl;
                l_yd[o + j] = ly;
                l_e[o + j] = le;
            }
            local.push(l);
        }

        // B_rr Y_r· from the diagonal blocks.
        let diag = diagonal_blocks(base, g, ns);
        let mut brr_y = Vec::with_capacity(g);
        for (r, brr) in diag.iter().enumerate() {
            let yr = y.subrows(r * ns, ns);
            let mut out = Mat::<f64>::zeros(ns, g);
            matmul_small(out.as_mut(), brr.as_ref(), yr);
            brr_y.push(out);
        }

        Ok(Self {
            base,
            g,
            ns,
            w,
            w_sum,
            w_local,
            local,
            brr_y,
            p,
            p_sum,
            h,
            h_sum,
            bym,
            l_yd,
            l_e,
        })
    }

    /// Number of regions (importers per exporter, own region included as a
    /// zero column).
    pub fn n_regions(&self) -> usize {
        self.g
    }

    /// Decomposes the exports of region `s` (every exporting sector, to every
    /// importer). Cost: G − 1 products of N × N blocks with N × 11 blocks.
    pub fn exporter(&self, s: usize) -> WwzExporter {
        let (g, ns) = (self.g, self.ns);
        let mrio = self.base.mrio();
        let z = mrio.z();
        let x = mrio.x();
        let y = self.base.final_demand();
        let trade = self.base.gross_trade();
        let os = s * ns;
        let mut out = WwzExporter {
            exporter: s,
            n_sectors: ns,
            n_regions: g,
            terms: vec![0.0; 16 * g * ns],
            exports_intermediate: vec![0.0; g * ns],
            exports_final: vec![0.0; g * ns],
            forward_dva: vec![0.0; g * ns],
        };
        let mut u = Mat::<f64>::zeros(ns, N_COLS);
        let mut c = Mat::<f64>::zeros(ns, N_COLS);
        for r in 0..g {
            if r == s {
                continue;
            }
            let or = r * ns;
            let brr_y = &self.brr_y[r];
            for jl in 0..ns {
                let j = or + jl;
                let inv_x = if x[j] != 0.0 { 1.0 / x[j] } else { 0.0 };
                let brr_yrs = brr_y[(jl, s)];
                let vals = [
                    self.p[(j, r)],
                    self.p_sum[j] - self.p[(j, s)] - self.p[(j, r)],
                    self.h[(j, r)] - brr_yrs,
                    (self.h_sum[j] - self.h[(j, s)] - self.h[(j, r)])
                        - (self.bym[(j, s)] - brr_yrs),
                    self.p[(j, s)],
                    brr_yrs,
                    self.bym[(j, s)] - brr_yrs,
                    self.h[(j, s)],
                    x[j],
                    self.l_yd[j],
                    self.l_e[j],
                ];
                for (k, val) in vals.into_iter().enumerate() {
                    u[(jl, k)] = val * inv_x;
                }
            }
            // C = A_sr U = Z_sr (x̂_r⁻¹ U).
            matmul_small(c.as_mut(), z.submatrix(os, or, ns, ns), u.as_ref());
            for il in 0..ns {
                let i = os + il;
                let ws = self.w[(i, s)];
                let wr = self.w[(i, r)];
                let wo = self.w_sum[i] - ws - wr;
                let wl = self.w_local[i];
                let yf = y[(i, r)];
                let vals = [
                    ws * yf,
                    wl * c[(il, 0)],
                    wl * c[(il, 1)],
                    wl * c[(il, 2)],
                    wl * c[(il, 3)],
                    wl * c[(il, 4)],
                    wl * c[(il, 5)],
                    wl * c[(il, 6)],
                    wo * yf,
                    wr * yf,
                    wo * c[(il, 9)],
                    wr * c[(il, 9)],
                    wl * c[(il, 7)],
                    (ws - wl) * c[(il, 8)],
                    wo * c[(il, 10)],
                    wr * c[(il, 10)],
                ];
                for (t, val) in vals.into_iter().enumerate() {
                    out.terms[(t * g + r) * ns + il] = val;
                }
                out.exports_intermediate[r * ns + il] = trade.intermediate[(i, r)];
                out.exports_final[r * ns + il] = trade.final_goods[(i, r)];
            }
        }
        // DViX_Fsr: v_i (L_ss E_s·r)_i.
        let v = self.base.v();
        let esr = Mat::from_fn(ns, g, |il, r| trade.total(os + il, r));
        let mut le = Mat::<f64>::zeros(ns, g);
        matmul_small(le.as_mut(), self.local[s].as_ref(), esr.as_ref());
        for r in 0..g {
            for il in 0..ns {
                out.forward_dva[r * ns + il] = v[os + il] * le[(il, r)];
            }
        }
        out
    }

    /// Calls `f` with each exporter's decomposition in turn (region order),
    /// holding one exporter's N × G × 16 numbers at a time.
    pub fn for_each_exporter(&self, mut f: impl FnMut(WwzExporter)) {
        for s in 0..self.g {
            f(self.exporter(s));
        }
    }
}

/// The WWZ decomposition of one exporter s: for every exporting sector i of
/// s and importer r, the 16 terms, the exports they decompose, and
/// decompr's `DViX_Fsr` = v_i (L_ss E_sr)_i (the sector's own value added,
/// through the local inverse, in all of s's exports to r).
#[derive(Debug, Clone, PartialEq)]
pub struct WwzExporter {
    /// Exporting region.
    pub exporter: usize,
    n_sectors: usize,
    n_regions: usize,
    /// [term][importer][sector].
    terms: Vec<f64>,
    /// [importer][sector].
    exports_intermediate: Vec<f64>,
    exports_final: Vec<f64>,
    forward_dva: Vec<f64>,
}

impl WwzExporter {
    /// Number of exporting sectors.
    pub fn n_sectors(&self) -> usize {
        self.n_sectors
    }

    /// Number of importers (regions; the exporter's own column is zero).
    pub fn n_regions(&self) -> usize {
        self.n_regions
    }

    /// Term `t` for exporting sector `sector` (index within the exporter)
    /// and importer `importer` (region index).
    pub fn term(&self, t: WwzTerm, sector: usize, importer: usize) -> f64 {
        self.terms[(t.index() * self.n_regions + importer) * self.n_sectors + sector]
    }

    /// All 16 terms for one cell, in [`WwzTerm::ALL`] order.
    pub fn terms(&self, sector: usize, importer: usize) -> [f64; 16] {
        WwzTerm::ALL.map(|t| self.term(t, sector, importer))
    }

    /// Σ over exporting sectors of term `t` to `importer` (decompr's
    /// country-pair aggregate).
    pub fn pair_total(&self, t: WwzTerm, importer: usize) -> f64 {
        (0..self.n_sectors).map(|i| self.term(t, i, importer)).sum()
    }

    /// Gross exports E_sr of the cell (decompr's `texp`).
    pub fn exports(&self, sector: usize, importer: usize) -> f64 {
        self.exports_intermediate(sector, importer) + self.exports_final(sector, importer)
    }

    /// Intermediate exports Z_sr·1 (`texpint`).
    pub fn exports_intermediate(&self, sector: usize, importer: usize) -> f64 {
        self.exports_intermediate[importer * self.n_sectors + sector]
    }

    /// Final-goods exports Y_sr (`texpfd`).
    pub fn exports_final(&self, sector: usize, importer: usize) -> f64 {
        self.exports_final[importer * self.n_sectors + sector]
    }

    /// decompr's `DViX_Fsr`: v_i (L_ss E_sr)_i.
    pub fn forward_dva(&self, sector: usize, importer: usize) -> f64 {
        self.forward_dva[importer * self.n_sectors + sector]
    }

    /// Σ of the 16 terms of a cell (equals [`WwzExporter::exports`] on a
    /// balanced table).
    pub fn sum_of_terms(&self, sector: usize, importer: usize) -> f64 {
        self.terms(sector, importer).iter().sum()
    }
}

/// The diagonal blocks B_rr (N × N) of the global inverse, from block
/// solves of identity columns, a few regions at a time.
///
/// Region r's identity columns are zero above row rN; without row
/// interchanges only the trailing corner of the LU factors is used
/// ([`crate::Leontief::solve_trailing_in_place_with`]), so the whole pass
/// costs about 2n³/3 flops instead of the 2n³ of forming B. With pivoting it
/// falls back to full solves. Chunks of about 192 columns run in parallel.
pub fn diagonal_blocks(base: &TradeBase<'_>, g: usize, ns: usize) -> Vec<Mat<f64>> {
    use rayon::prelude::*;
    let leontief = base.leontief();
    let n = g * ns;
    // Regions per block solve: wide enough for matrix-multiply speed, narrow
    // enough that the later regions of a chunk waste little of the trailing
    // saving. The chunks are independent: they run side by side on the
    // cores, each solve sequential (measured faster than one parallel solve
    // at a time, which synchronises inside every triangular kernel).
    let per_chunk = (192 / ns.max(1)).clamp(1, g.max(1));
    let chunks: Vec<(usize, usize)> = (0..g)
        .step_by(per_chunk)
        .map(|r0| (r0, (r0 + per_chunk).min(g)))
        .collect();
    let solve_chunk = |&(r0, r1): &(usize, usize)| -> Vec<Mat<f64>> {
        let start = r0 * ns;
        let width = (r1 - r0) * ns;
        let mut rhs = Mat::<f64>::zeros(n - start, width);
        for c in 0..width {
            rhs[(c, c)] = 1.0;
        }
        let offset = if leontief.solve_trailing_in_place_with(start, rhs.as_mut(), Par::Seq) {
            start
        } else {
            let mut full = Mat::<f64>::zeros(n, width);
            for c in 0..width {
                full[(start + c, c)] = 1.0;
            }
            leontief.solve_in_place(full.as_mut());
            rhs = full;
            0
        };
        (r0..r1)
            .map(|r| {
                rhs.submatrix(r * ns - offset, (r - r0) * ns, ns, ns)
                    .to_owned()
            })
            .collect()
    };
    let parts: Vec<Vec<Mat<f64>>> = chunks.par_iter().map(solve_chunk).collect();
    parts.into_iter().flatten().collect()
}

/// W (n × G) with W_jt = Σ_{k∈t} v_k B_kj: the value added of each source
/// region per unit of final output of j (one block of transposed solves).
pub fn value_added_by_source(base: &TradeBase<'_>) -> Mat<f64> {
    let mrio = base.mrio();
    let n = mrio.n();
    let mut w = Mat::<f64>::zeros(n, mrio.n_regions());
    let v = base.v();
    for (i, &vi) in v.iter().enumerate() {
        w[(i, mrio.region_of(i))] = vi;
    }
    base.leontief().solve_transpose_in_place(w.as_mut());
    w
}

/// decompr's `leontief(post = "exports")` summed over source sectors:
/// entry (t, j) = Σ_{k∈t} v_k B_kj E_j, the value added of source region t
/// embodied in the total gross exports E_j of region-sector j (G × n).
pub fn leontief_exports_by_source(base: &TradeBase<'_>) -> Mat<f64> {
    let mrio = base.mrio();
    let w = value_added_by_source(base);
    let g = mrio.n_regions();
    let mut out = Mat::<f64>::zeros(g, mrio.n());
    for j in 0..mrio.n() {
        let e: f64 = (0..g).map(|r| base.exports(j, r)).sum();
        for t in 0..g {
            out[(t, j)] = w[(j, t)] * e;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decompose::dense::{Dense, random_table};
    use crate::leontief::Leontief;
    use crate::system::Mrio;

    /// The 16 WWZ terms of exporter s, sector i (flat), importer r, written
    /// literally from the formulas with dense B, L and A.
    fn brute_force(m: &Mrio, d: &Dense, s: usize, i: usize, r: usize) -> [f64; 16] {
        let g = d.g;
        let n = d.n();
        let ins = |t: usize| d.rows(t);
        let vs_bss: f64 = ins(s).map(|k| d.v[k] * d.b[(k, i)]).sum();
        let vs_lss: f64 = ins(s).map(|k| d.v[k] * d.l[(k, i)]).sum();
        let vr_brs: f64 = ins(r).map(|k| d.v[k] * d.b[(k, i)]).sum();
        let vo_bts: f64 = (0..g)
            .filter(|&t| t != s && t != r)
            .flat_map(&ins)
            .map(|k| d.v[k] * d.b[(k, i)])
            .sum();
        let third: Vec<usize> = (0..g).filter(|&t| t != s && t != r).collect();
        // A_sr · w for a vector w over r's rows: Σ_{j∈r} a_ij w_j.
        let a_sr = |w: &dyn Fn(usize) -> f64| -> f64 { ins(r).map(|j| d.a[(i, j)] * w(j)).sum() };
        // (B_{r·} restricted to columns of t) · (vector over t's rows).
        let b_blk = |j: usize, t: usize, f: &dyn Fn(usize) -> f64| -> f64 {
            ins(t).map(|k| d.b[(j, k)] * f(k)).sum()
        };
        let l_blk = |j: usize, t: usize, f: &dyn Fn(usize) -> f64| -> f64 {
            ins(t).map(|k| d.l[(j, k)] * f(k)).sum()
        };
        let y = &d.y;
        let e_total: Vec<f64> = (0..n).map(|k| d.total_exports(m, k)).collect();
        let t1 = vs_bss * y[(i, r)];
        let t2 = vs_lss * a_sr(&|j| b_blk(j, r, &|k| y[(k, r)]));
        let t3 = vs_lss * a_sr(&|j| third.iter().map(|&t| b_blk(j, t, &|k| y[(k, t)])).sum());
        let t4 = vs_lss * a_sr(&|j| b_blk(j, r, &|k| third.iter().map(|&t| y[(k, t)]).sum()));
        let t5 = vs_lss
            * a_sr(&|j| {
                third
                    .iter()
                    .map(|&t| {
                        b_blk(j, t, &|k| {
                            (0..g)
                                .filter(|&u| u != s && u != t)
                                .map(|u| y[(k, u)])
                                .sum()
                        })
                    })
                    .sum()
            });
        let t6 = vs_lss * a_sr(&|j| b_blk(j, s, &|k| y[(k, s)]));
        let t7 = vs_lss * a_sr(&|j| b_blk(j, r, &|k| y[(k, s)]));
        let t8 = vs_lss * a_sr(&|j| third.iter().map(|&t| b_blk(j, t, &|k| y[(k, s)])).sum());
        let t9 = vo_bts * y[(i, r)];
        let t10 = vr_brs * y[(i, r)];
        let lyrr = a_sr(&|j| l_blk(j, r, &|k| y[(k, r)]));
        let t11 = vo_bts * lyrr;
        let t12 = vr_brs * lyrr;
        let t13 = vs_lss
            * a_sr(&|j| {
                b_blk(j, s, &|k| {
                    (0..g).filter(|&t| t != s).map(|t| y[(k, t)]).sum()
                })
            });
        let t14 = (vs_bss - vs_lss) * a_sr(&|j| d.x[j]);
        let le = a_sr(&|j| l_blk(j, r, &|k| e_total[k]));
        let t15 = vo_bts * le;
        let t16 = vr_brs * le;
        [
            t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11, t12, t13, t14, t15, t16,
        ]
    }

    fn check_against_brute_force(m: &Mrio) {
        let l = Leontief::of(m).unwrap();
        let base = TradeBase::new(m, &l).unwrap();
        let wwz = Wwz::new(&base).unwrap();
        let d = Dense::of(m);
        let ns = m.n_sectors();
        let mut cells = 0;
        wwz.for_each_exporter(|ex| {
            let s = ex.exporter;
            for r in 0..m.n_regions() {
                for il in 0..ns {
                    let got = ex.terms(il, r);
                    if r == s {
                        assert!(got.iter().all(|&t| t == 0.0));
                        continue;
                    }
                    let want = brute_force(m, &d, s, s * ns + il, r);
                    for (t, (a, b)) in got.iter().zip(&want).enumerate() {
                        let tol = 1e-11 * b.abs().max(1e-3);
                        assert!(
                            (a - b).abs() <= tol,
                            "s={s} i={il} r={r} {}: {a} vs {b}",
                            WwzTerm::ALL[t].name()
                        );
                    }
                    cells += 1;
                }
            }
        });
        assert_eq!(cells, m.n_regions() * (m.n_regions() - 1) * ns);
    }

    #[test]
    fn matches_brute_force_on_balanced_and_unbalanced_tables() {
        check_against_brute_force(&random_table(3, 2, 1, true));
        check_against_brute_force(&random_table(4, 3, 2, true));
        check_against_brute_force(&random_table(5, 3, 3, false));
    }

    #[test]
    fn sixteen_terms_sum_to_gross_exports_on_a_balanced_table() {
        for (g, ns, seed) in [(3, 2, 11), (4, 3, 12), (6, 4, 13)] {
            let m = random_table(g, ns, seed, true);
            let l = Leontief::of(&m).unwrap();
            let base = TradeBase::new(&m, &l).unwrap();
            let wwz = Wwz::new(&base).unwrap();
            wwz.for_each_exporter(|ex| {
                for r in 0..g {
                    for i in 0..ns {
                        let e = ex.exports(i, r);
                        let sum = ex.sum_of_terms(i, r);
                        assert!(
                            (sum - e).abs() <= 1e-10 * e.abs().max(1.0),
                            "s={} i={i} r={r}: Σ terms {sum} vs exports {e}",
                            ex.exporter
                        );
                        // Final-goods exports: DVA_FIN + OVA_FIN + MVA_FIN.
                        let t = ex.terms(i, r);
                        let fin = t[0] + t[8] + t[9];
                        let ef = ex.exports_final(i, r);
                        assert!((fin - ef).abs() <= 1e-10 * ef.abs().max(1.0));
                    }
                }
            });
        }
    }

    #[test]
    fn unbalanced_table_misses_exports_by_the_row_imbalance() {
        // With d = x − Z·1 − Y·1, Σ terms − E_sr =
        // −(V_sL_ss)ᵀ # A_sr (B d)_r − (Σ_{t≠s} V_t B_ts)ᵀ # A_sr L_rr d_r.
        let m = random_table(4, 2, 21, false);
        let l = Leontief::of(&m).unwrap();
        let base = TradeBase::new(&m, &l).unwrap();
        let wwz = Wwz::new(&base).unwrap();
        let d = Dense::of(&m);
        let n = m.n();
        let dvec: Vec<f64> = (0..n)
            .map(|i| d.x[i] - m.z().row(i).iter().sum::<f64>() - m.y().row(i).iter().sum::<f64>())
            .collect();
        let bd: Vec<f64> = (0..n)
            .map(|i| (0..n).map(|k| d.b[(i, k)] * dvec[k]).sum())
            .collect();
        let s = 1;
        let ex = wwz.exporter(s);
        let mut worst = 0.0f64;
        for r in [0usize, 2, 3] {
            for il in 0..2 {
                let i = 2 + il;
                let vl: f64 = d.rows(s).map(|k| d.v[k] * d.l[(k, i)]).sum();
                let vf: f64 = (0..n)
                    .filter(|&k| k / 2 != s)
                    .map(|k| d.v[k] * d.b[(k, i)])
                    .sum();
                let a_bd: f64 = d.rows(r).map(|j| d.a[(i, j)] * bd[j]).sum();
                let a_ld: f64 = d
                    .rows(r)
                    .map(|j| d.a[(i, j)] * d.rows(r).map(|k| d.l[(j, k)] * dvec[k]).sum::<f64>())
                    .sum();
                let want = -vl * a_bd - vf * a_ld;
                let got = ex.sum_of_terms(il, r) - ex.exports(il, r);
                assert!((got - want).abs() < 1e-9, "{got} vs {want}");
                worst = worst.max(want.abs());
                // Final goods always close.
                let t = ex.terms(il, r);
                assert!((t[0] + t[8] + t[9] - ex.exports_final(il, r)).abs() < 1e-10);
            }
        }
        assert!(worst > 1e-3, "the test table must be visibly unbalanced");
    }

    #[test]
    fn diagonal_blocks_match_the_dense_inverse() {
        let m = random_table(7, 3, 5, false);
        let l = Leontief::of(&m).unwrap();
        assert!(l.is_unpivoted());
        let base = TradeBase::new(&m, &l).unwrap();
        let d = Dense::of(&m);
        let blocks = diagonal_blocks(&base, 7, 3);
        for (r, b) in blocks.iter().enumerate() {
            for p in 0..3 {
                for q in 0..3 {
                    assert!((b[(p, q)] - d.b[(3 * r + p, 3 * r + q)]).abs() < 1e-13);
                }
            }
        }
    }

    #[test]
    fn diagonal_blocks_fall_back_to_full_solves_when_the_lu_pivots() {
        // A large off-diagonal coefficient (a_10 = 1.6, negative value added)
        // makes partial pivoting swap rows; the trailing shortcut must step
        // aside and the blocks still match the dense inverse.
        let mut p = random_table(4, 2, 15, false).into_parts();
        p.z[(1, 0)] = 1.6 * p.x[0];
        let m = Mrio::new(p).unwrap();
        let l = Leontief::of(&m).unwrap();
        assert!(!l.is_unpivoted());
        let mut probe = Mat::<f64>::zeros(m.n() - 2, 1);
        assert!(!l.solve_trailing_in_place(2, probe.as_mut()));
        let base = TradeBase::new(&m, &l).unwrap();
        let d = Dense::of(&m);
        for (r, b) in diagonal_blocks(&base, 4, 2).iter().enumerate() {
            for p in 0..2 {
                for q in 0..2 {
                    let want = d.b[(2 * r + p, 2 * r + q)];
                    assert!((b[(p, q)] - want).abs() < 1e-12 * want.abs().max(1.0));
                }
            }
        }
    }

    #[test]
    fn term_names_round_trip() {
        for t in WwzTerm::ALL {
            assert_eq!(WwzTerm::from_name(t.name()), Some(t));
            assert_eq!(WwzTerm::ALL[t.index()], t);
            assert!(!t.equation().is_empty());
        }
        assert_eq!(WwzTerm::from_name("rdv_fin2"), Some(WwzTerm::RdvFin2));
        assert_eq!(WwzTerm::from_name("nope"), None);
    }

    #[test]
    fn leontief_exports_split_total_exports_by_source() {
        let m = random_table(3, 2, 9, true);
        let l = Leontief::of(&m).unwrap();
        let base = TradeBase::new(&m, &l).unwrap();
        let d = Dense::of(&m);
        let le = leontief_exports_by_source(&base);
        for j in 0..m.n() {
            let e = d.total_exports(&m, j);
            let col: f64 = le.col(j).iter().sum();
            assert!((col - e).abs() < 1e-10 * e.max(1.0));
            for t in 0..3 {
                let want: f64 = d.rows(t).map(|k| d.v[k] * d.b[(k, j)] * e).sum();
                assert!((le[(t, j)] - want).abs() < 1e-10 * want.abs().max(1.0));
            }
        }
    }
}
