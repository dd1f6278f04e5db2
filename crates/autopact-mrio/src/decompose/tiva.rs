//! OECD Trade in Value Added (TiVA) indicators for a country or a group.
//!
//! Definitions follow the OECD "Guide to OECD TiVA Indicators" (2021/2023
//! editions) and `docs/…/mrio-anchors.md` §9. The exporter S is a region or
//! a group of regions treated as **one economy**: flows among its members
//! are domestic, not exports (as TiVA does for NAFTA/USMCA or the EU).
//! Notation as in [`crate::decompose`]; B_SS is the S × S block of the
//! global inverse, L_SS = (I − A_SS)⁻¹ the local inverse of S alone
//! (the members together, for a group), e_S S's gross exports to regions
//! outside S, and F = V̂ B Y (n × G) value added by origin and final
//! destination.
//!
//! | code | unit | definition |
//! |---|---|---|
//! | PROD, VALU, PROD_VASH | level, level, % | x, va, va / x |
//! | EXGR, EXGR_INT, EXGR_FNL | level | E_{S→r} = Z_{S,r}·1 + Y_{S,r} and its two parts |
//! | IMGR, IMGR_INT, IMGR_FNL | level | E_{r→S} (sector = the partner's exporting industry) |
//! | BALGR | level | EXGR − IMGR |
//! | EXGRpSH, IMGRpSH | % | partner shares of EXGR and IMGR |
//! | EXGR_DVA | level | (V_S B_SS)ᵀ # E_{S→r} |
//! | EXGR_DDC | level | v̂_S diag(L_SS) E_{S→r} (value added of the exporting industry itself) |
//! | EXGR_IDC | level | (V_S offdiag(L_SS))ᵀ # E_{S→r} (other domestic industries) |
//! | EXGR_RIM | level | (V_S (B_SS − L_SS))ᵀ # E_{S→r} (re-imported domestic value added) |
//! | EXGR_FVA | level | (Σ_{t∉S} V_t B_tS)ᵀ # E_{S→r} |
//! | EXGR_DVASH, EXGR_FVASH | % | EXGR_DVA / EXGR, EXGR_FVA / EXGR |
//! | EXGR_INTDVASH, EXGR_FNLDVASH | % | DVA of intermediate (final) exports / EXGR |
//! | EXGR_TDVAIND, EXGR_TFVAIND | % | industry DVA (FVA) / total EXGR of S |
//! | EXGR_DVApSH | % | partner share of EXGR_DVA |
//! | DEXFVApSH | % | backward participation: Σ_{k∈p} v_k (B e_S)_k / EXGR (partner = origin p) |
//! | FEXDVApSH | % | forward participation: Σ_{k∈S} v_k (B e_p)_k / total EXGR (e_p = p's gross exports; sector = S's originating industry) |
//! | EXGR_DVAFXSH | % | Σ_{p∉S} FEXDVApSH |
//! | IMGR_DVA, IMGR_DVASH | level, % | S's own value added in its imports, V_S B m_{p→S}, and its share of IMGR |
//! | REII, IMGRINT_REII | level, % | re-exported intermediate imports Σ A_{p,S} B_SS e_S, and as % of IMGR_INT |
//! | FFD_DVA | level | Σ_{k∈S} F_{k,r}, r ∉ S (= VAX of Johnson–Noguera; sector = originating industry) |
//! | DFD_FVA | level | Σ_{k∈p} F_{k,S}, p ∉ S (partner = origin) |
//! | FD_VA | level | Σ_{k∈p} F_{k,S} for every origin p, the exporter itself included (WLD = S's final demand) |
//! | BALVAFD | level | FFD_DVA − DFD_FVA (per partner, all industries) |
//! | VALU_FFDDVA | % | FFD_DVA / VALU |
//! | VAX_RATIO | ratio | FFD_DVA / EXGR (Johnson & Noguera; autopact's code, not a TiVA one) |
//!
//! Rows carry a partner (a region code, a partner group's name, or `WLD` for
//! all partners) and a sector (a sector code or `TOTAL`). For a group,
//! sectors are summed over its members. Shares whose denominator is zero are
//! left out rather than reported as 0 or NaN.
//!
//! Value added is the [`TradeBase`]'s (residual by default, so
//! EXGR_DVA + EXGR_FVA = EXGR and EXGR_DDC + EXGR_IDC + EXGR_RIM = EXGR_DVA).

use faer::Mat;
use serde::Serialize;

use super::{RegionSet, TradeBase};
use crate::error::Result;

/// One indicator value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TivaRow {
    /// TiVA indicator code, e.g. `EXGR_DVA`.
    pub code: &'static str,
    /// Partner region, partner group, or `WLD`.
    pub partner: String,
    /// Sector code or `TOTAL`.
    pub sector: String,
    /// The value (table currency, %, or a ratio; see [`TivaRow::unit`]).
    pub value: f64,
    /// `"level"` (the table's currency unit), `"%"` or `"ratio"`.
    pub unit: &'static str,
}

/// The TiVA indicators of one exporter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tiva {
    /// Exporter name (region code or group name).
    pub exporter: String,
    /// Member regions (codes).
    pub members: Vec<String>,
    /// All rows.
    pub rows: Vec<TivaRow>,
}

impl Tiva {
    /// The value of `code` for `partner` and `sector` (`WLD`, `TOTAL` for the
    /// totals), if computed.
    pub fn get(&self, code: &str, partner: &str, sector: &str) -> Option<f64> {
        self.rows
            .iter()
            .find(|r| r.code == code && r.partner == partner && r.sector == sector)
            .map(|r| r.value)
    }

    /// The distinct indicator codes present.
    pub fn codes(&self) -> Vec<&'static str> {
        let mut out: Vec<&'static str> = Vec::new();
        for r in &self.rows {
            if !out.contains(&r.code) {
                out.push(r.code);
            }
        }
        out
    }
}

/// Every indicator code [`tiva`] computes, in output order.
pub const TIVA_CODES: &[&str] = &[
    "PROD",
    "VALU",
    "PROD_VASH",
    "EXGR",
    "EXGR_INT",
    "EXGR_FNL",
    "IMGR",
    "IMGR_INT",
    "IMGR_FNL",
    "BALGR",
    "EXGRpSH",
    "IMGRpSH",
    "EXGR_DVA",
    "EXGR_DDC",
    "EXGR_IDC",
    "EXGR_RIM",
    "EXGR_FVA",
    "EXGR_DVASH",
    "EXGR_FVASH",
    "EXGR_INTDVASH",
    "EXGR_FNLDVASH",
    "EXGR_TDVAIND",
    "EXGR_TFVAIND",
    "EXGR_DVApSH",
    "DEXFVApSH",
    "FEXDVApSH",
    "EXGR_DVAFXSH",
    "IMGR_DVA",
    "IMGR_DVASH",
    "REII",
    "IMGRINT_REII",
    "FFD_DVA",
    "DFD_FVA",
    "FD_VA",
    "BALVAFD",
    "VALU_FFDDVA",
    "VAX_RATIO",
];

/// Additive quantities by sector (rows, N) and partner or origin region
/// (columns, G).
struct Cubes {
    exgr: Mat<f64>,
    exgr_int: Mat<f64>,
    exgr_fnl: Mat<f64>,
    dva: Mat<f64>,
    dva_int: Mat<f64>,
    dva_fnl: Mat<f64>,
    ddc: Mat<f64>,
    idc: Mat<f64>,
    rim: Mat<f64>,
    fva: Mat<f64>,
    imgr: Mat<f64>,
    imgr_int: Mat<f64>,
    imgr_fnl: Mat<f64>,
    imgr_dva: Mat<f64>,
    reii: Mat<f64>,
    /// By origin region p (columns): VA of p in S's exports.
    dexfva: Mat<f64>,
    /// By partner p: S's VA (originating industry) in p's exports.
    fexdva: Mat<f64>,
    /// By consuming region r: S's VA (originating industry) in r's FD.
    ffd_dva: Mat<f64>,
    /// By origin region p (any, S included): p's VA in S's final demand.
    fd_va: Mat<f64>,
    prod: Vec<f64>,
    valu: Vec<f64>,
}

/// Computes the TiVA indicators of `exporter`.
///
/// `partners`: the partner views to report besides `WLD` (all regions
/// outside the exporter). `None` reports every region outside the exporter
/// one by one; a list reports those sets (a region or a group each, e.g.
/// `USA`, or `EU` members together).
///
/// Cost: one block of |S|N + 2G forward solves and one transposed solve.
/// Fails only when I − A_SS is singular.
pub fn tiva(
    base: &TradeBase<'_>,
    exporter: &RegionSet,
    partners: Option<&[RegionSet]>,
) -> Result<Tiva> {
    let mrio = base.mrio();
    let g = mrio.n_regions();
    let ns = mrio.n_sectors();
    let cubes = cubes(base, exporter)?;
    let outside: Vec<usize> = (0..g).filter(|&r| !exporter.contains(r)).collect();
    let mut views: Vec<(String, Vec<usize>)> = match partners {
        None => outside
            .iter()
            .map(|&r| (mrio.regions()[r].clone(), vec![r]))
            .collect(),
        Some(list) => list
            .iter()
            .map(|p| {
                (
                    p.name.clone(),
                    p.regions
                        .iter()
                        .copied()
                        .filter(|&r| !exporter.contains(r))
                        .collect(),
                )
            })
            .collect(),
    };
    views.push(("WLD".to_string(), outside.clone()));
    let sectors: Vec<(String, Option<usize>)> = mrio
        .sectors()
        .iter()
        .enumerate()
        .map(|(i, s)| (s.clone(), Some(i)))
        .chain(std::iter::once(("TOTAL".to_string(), None)))
        .collect();
    let sum = |m: &Mat<f64>, sector: Option<usize>, cols: &[usize]| -> f64 {
        let rows: Vec<usize> = match sector {
            Some(i) => vec![i],
            None => (0..ns).collect(),
        };
        rows.iter()
            .map(|&i| cols.iter().map(|&c| m[(i, c)]).sum::<f64>())
            .sum()
    };
    let vsum = |v: &[f64], sector: Option<usize>| -> f64 {
        match sector {
            Some(i) => v[i],
            None => v.iter().sum(),
        }
    };
    let mut rows = Vec::new();
    let mut push = |code: &'static str, partner: &str, sector: &str, value: f64, unit| {
        if value.is_finite() {
            rows.push(TivaRow {
                code,
                partner: partner.to_string(),
                sector: sector.to_string(),
                value,
                unit,
            });
        }
    };
    let pct = |a: f64, b: f64| if b != 0.0 { 100.0 * a / b } else { f64::NAN };
    let c = &cubes;
    let exgr_total_wld = sum(&c.exgr, None, &outside);

    for (sname, sec) in &sectors {
        let (prod, valu) = (vsum(&c.prod, *sec), vsum(&c.valu, *sec));
        push("PROD", "WLD", sname, prod, "level");
        push("VALU", "WLD", sname, valu, "level");
        push("PROD_VASH", "WLD", sname, pct(valu, prod), "%");
    }
    let levels: [(&'static str, &Mat<f64>); 8] = [
        ("EXGR", &c.exgr),
        ("EXGR_INT", &c.exgr_int),
        ("EXGR_FNL", &c.exgr_fnl),
        ("IMGR", &c.imgr),
        ("IMGR_INT", &c.imgr_int),
        ("IMGR_FNL", &c.imgr_fnl),
        ("EXGR_DVA", &c.dva),
        ("EXGR_DDC", &c.ddc),
    ];
    let levels2: [(&'static str, &Mat<f64>); 6] = [
        ("EXGR_IDC", &c.idc),
        ("EXGR_RIM", &c.rim),
        ("EXGR_FVA", &c.fva),
        ("IMGR_DVA", &c.imgr_dva),
        ("REII", &c.reii),
        ("FFD_DVA", &c.ffd_dva),
    ];
    for (sname, sec) in &sectors {
        for (pname, cols) in &views {
            let s = |m: &Mat<f64>| sum(m, *sec, cols);
            for (code, m) in levels.iter().chain(levels2.iter()) {
                push(code, pname, sname, s(m), "level");
            }
            let exgr = s(&c.exgr);
            let imgr = s(&c.imgr);
            let dva = s(&c.dva);
            push("BALGR", pname, sname, exgr - imgr, "level");
            push(
                "EXGRpSH",
                pname,
                sname,
                pct(exgr, sum(&c.exgr, *sec, &outside)),
                "%",
            );
            push(
                "IMGRpSH",
                pname,
                sname,
                pct(imgr, sum(&c.imgr, *sec, &outside)),
                "%",
            );
            push("EXGR_DVASH", pname, sname, pct(dva, exgr), "%");
            push("EXGR_FVASH", pname, sname, pct(s(&c.fva), exgr), "%");
            push("EXGR_INTDVASH", pname, sname, pct(s(&c.dva_int), exgr), "%");
            push("EXGR_FNLDVASH", pname, sname, pct(s(&c.dva_fnl), exgr), "%");
            let exgr_all_sectors = sum(&c.exgr, None, cols);
            push(
                "EXGR_TDVAIND",
                pname,
                sname,
                pct(dva, exgr_all_sectors),
                "%",
            );
            push(
                "EXGR_TFVAIND",
                pname,
                sname,
                pct(s(&c.fva), exgr_all_sectors),
                "%",
            );
            push(
                "EXGR_DVApSH",
                pname,
                sname,
                pct(dva, sum(&c.dva, *sec, &outside)),
                "%",
            );
            // Partner = origin of the foreign value added.
            let exgr_sector_wld = sum(&c.exgr, *sec, &outside);
            push(
                "DEXFVApSH",
                pname,
                sname,
                pct(s(&c.dexfva), exgr_sector_wld),
                "%",
            );
            let fex = pct(s(&c.fexdva), exgr_total_wld);
            push(
                if pname == "WLD" {
                    "EXGR_DVAFXSH"
                } else {
                    "FEXDVApSH"
                },
                pname,
                sname,
                fex,
                "%",
            );
            push("IMGR_DVASH", pname, sname, pct(s(&c.imgr_dva), imgr), "%");
            push(
                "IMGRINT_REII",
                pname,
                sname,
                pct(s(&c.reii), s(&c.imgr_int)),
                "%",
            );
            push("DFD_FVA", pname, sname, s(&c.fd_va), "level");
            if sec.is_none() {
                let ffd = s(&c.ffd_dva);
                push("BALVAFD", pname, sname, ffd - s(&c.fd_va), "level");
                push("VAX_RATIO", pname, sname, ffd / exgr, "ratio");
            }
        }
        // FD_VA by origin: foreign partners, the exporter itself, the world.
        let own: Vec<usize> = exporter.regions.clone();
        let all: Vec<usize> = (0..g).collect();
        for (pname, cols) in views
            .iter()
            .filter(|(p, _)| p != "WLD")
            .map(|(p, c)| (p.as_str(), c.as_slice()))
            .chain([
                (exporter.name.as_str(), own.as_slice()),
                ("WLD", all.as_slice()),
            ])
        {
            push("FD_VA", pname, sname, sum(&c.fd_va, *sec, cols), "level");
        }
        let ffd_wld = sum(&c.ffd_dva, *sec, &outside);
        push(
            "VALU_FFDDVA",
            "WLD",
            sname,
            pct(ffd_wld, vsum(&c.valu, *sec)),
            "%",
        );
    }
    rows.sort_by_key(|r| TIVA_CODES.iter().position(|c| *c == r.code));
    Ok(Tiva {
        exporter: exporter.name.clone(),
        members: exporter
            .regions
            .iter()
            .map(|&r| mrio.regions()[r].clone())
            .collect(),
        rows,
    })
}

fn cubes(base: &TradeBase<'_>, exporter: &RegionSet) -> Result<Cubes> {
    let mrio = base.mrio();
    let n = mrio.n();
    let g = mrio.n_regions();
    let ns = mrio.n_sectors();
    let v = base.v();
    let y = base.final_demand();
    let trade = base.gross_trade();
    let idx = exporter.indices(mrio);
    let m = idx.len();
    let in_s = |k: usize| exporter.contains(mrio.region_of(k));
    let sec = |k: usize| mrio.sector_of(k);
    let reg = |k: usize| mrio.region_of(k);
    let z = || Mat::<f64>::zeros(ns, g);

    // Forward solves: [I_S | Y | Ê], Ê column p = p's gross exports on p's rows.
    let mut rhs = Mat::<f64>::zeros(n, m + 2 * g);
    for (c, &i) in idx.iter().enumerate() {
        rhs[(i, c)] = 1.0;
    }
    for k in 0..n {
        for u in 0..g {
            rhs[(k, m + u)] = y[(k, u)];
        }
        rhs[(k, m + g + reg(k))] = (0..g).map(|u| trade.total(k, u)).sum();
    }
    base.leontief().solve_in_place(rhs.as_mut());
    let bs = rhs.subcols(0, m);
    let by = rhs.subcols(m, g);
    let be = rhs.subcols(m + g, g);

    // Transposed solve: z_j = Σ_{k∈S} v_k B_kj.
    let mut vs = vec![0.0; n];
    for &k in &idx {
        vs[k] = v[k];
    }
    let zs = base.leontief().solve_transpose(&vs);

    let local = if exporter.is_single() {
        base.regional_local_inverse(exporter.regions[0])?.clone()
    } else {
        base.local_inverse(&idx)?
    };
    let mut cb = Cubes {
        exgr: z(),
        exgr_int: z(),
        exgr_fnl: z(),
        dva: z(),
        dva_int: z(),
        dva_fnl: z(),
        ddc: z(),
        idc: z(),
        rim: z(),
        fva: z(),
        imgr: z(),
        imgr_int: z(),
        imgr_fnl: z(),
        imgr_dva: z(),
        reii: z(),
        dexfva: z(),
        fexdva: z(),
        ffd_dva: z(),
        fd_va: z(),
        prod: vec![0.0; ns],
        valu: vec![0.0; ns],
    };
    let mut e_s = vec![0.0; m];
    for (c, &i) in idx.iter().enumerate() {
        let si = sec(i);
        cb.prod[si] += mrio.x()[i];
        cb.valu[si] += base.value_added()[i];
        let mut w_dom = 0.0;
        let mut w_for = 0.0;
        for k in 0..n {
            let t = v[k] * bs[(k, c)];
            if in_s(k) {
                w_dom += t;
            } else {
                w_for += t;
            }
        }
        // V_S L_SS split into the industry's own coefficient and the rest.
        let own = v[i] * local[(c, c)];
        let l_col: f64 = (0..m).map(|c2| v[idx[c2]] * local[(c2, c)]).sum();
        for r in (0..g).filter(|&r| !exporter.contains(r)) {
            let (ei, ef) = (trade.intermediate[(i, r)], trade.final_goods[(i, r)]);
            let e = ei + ef;
            e_s[c] += e;
            cb.exgr[(si, r)] += e;
            cb.exgr_int[(si, r)] += ei;
            cb.exgr_fnl[(si, r)] += ef;
            cb.dva[(si, r)] += w_dom * e;
            cb.dva_int[(si, r)] += w_dom * ei;
            cb.dva_fnl[(si, r)] += w_dom * ef;
            cb.ddc[(si, r)] += own * e;
            cb.idc[(si, r)] += (l_col - own) * e;
            cb.rim[(si, r)] += (w_dom - l_col) * e;
            cb.fva[(si, r)] += w_for * e;
        }
        for k in (0..n).filter(|&k| !in_s(k)) {
            cb.dexfva[(si, reg(k))] += v[k] * bs[(k, c)] * e_s[c];
        }
    }
    // Imports of S from p, S's own value added in them, re-exported
    // intermediate imports A_{p,S} B_SS e_S.
    let mut t = vec![0.0; m];
    for (c, tc) in t.iter_mut().enumerate() {
        *tc = (0..m).map(|c2| bs[(idx[c], c2)] * e_s[c2]).sum();
    }
    for k in (0..n).filter(|&k| !in_s(k)) {
        let (p, sk) = (reg(k), sec(k));
        let mut mi = 0.0;
        let mut mf = 0.0;
        for &u in &exporter.regions {
            mi += trade.intermediate[(k, u)];
            mf += trade.final_goods[(k, u)];
        }
        cb.imgr[(sk, p)] += mi + mf;
        cb.imgr_int[(sk, p)] += mi;
        cb.imgr_fnl[(sk, p)] += mf;
        cb.imgr_dva[(sk, p)] += zs[k] * (mi + mf);
        cb.reii[(sk, p)] += idx
            .iter()
            .enumerate()
            .map(|(c, &j)| base.a(k, j) * t[c])
            .sum::<f64>();
    }
    // Value added by origin and destination, and in partners' exports.
    for k in 0..n {
        let vk = v[k];
        if in_s(k) {
            for r in (0..g).filter(|&r| !exporter.contains(r)) {
                cb.ffd_dva[(sec(k), r)] += vk * by[(k, r)];
                cb.fexdva[(sec(k), r)] += vk * be[(k, r)];
            }
        }
        let to_s: f64 = exporter.regions.iter().map(|&u| by[(k, u)]).sum();
        cb.fd_va[(sec(k), reg(k))] += vk * to_s;
    }
    Ok(cb)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decompose::dense::{Dense, random_table};
    use crate::leontief::Leontief;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-10 * b.abs().max(1.0)
    }

    #[test]
    fn country_indicators_match_dense_formulas() {
        let m = random_table(4, 3, 71, false);
        let l = Leontief::of(&m).unwrap();
        let base = TradeBase::new(&m, &l).unwrap();
        let d = Dense::of(&m);
        let s = 1usize;
        let ex = RegionSet::single(&m, s);
        let t = tiva(&base, &ex, None).unwrap();
        let n = m.n();
        let rs = d.rows(s);
        let e = |i: usize, r: usize| d.exports(&m, i, r);
        let es = |i: usize| (0..4).map(|r| e(i, r)).sum::<f64>();
        // Totals over sectors and partners.
        let exgr: f64 = rs.clone().map(es).sum();
        assert!(close(t.get("EXGR", "WLD", "TOTAL").unwrap(), exgr));
        let dva: f64 = rs
            .clone()
            .map(|i| rs.clone().map(|k| d.v[k] * d.b[(k, i)]).sum::<f64>() * es(i))
            .sum();
        assert!(close(t.get("EXGR_DVA", "WLD", "TOTAL").unwrap(), dva));
        let fva = t.get("EXGR_FVA", "WLD", "TOTAL").unwrap();
        assert!(close(dva + fva, exgr));
        let ddc = t.get("EXGR_DDC", "WLD", "TOTAL").unwrap();
        let idc = t.get("EXGR_IDC", "WLD", "TOTAL").unwrap();
        let rim = t.get("EXGR_RIM", "WLD", "TOTAL").unwrap();
        assert!(close(ddc + idc + rim, dva));
        let ddc_want: f64 = rs.clone().map(|i| d.v[i] * d.l[(i, i)] * es(i)).sum();
        assert!(close(ddc, ddc_want));
        // Per sector and partner: EXGR_DVA of sector 2 to region 3.
        let i = d.rows(s).start + 2;
        let want = rs.clone().map(|k| d.v[k] * d.b[(k, i)]).sum::<f64>() * e(i, 3);
        assert!(close(t.get("EXGR_DVA", "DDD", "s3").unwrap(), want));
        // Backward participation from origin 0.
        let dex: f64 = rs
            .clone()
            .map(|c| d.rows(0).map(|k| d.v[k] * d.b[(k, c)]).sum::<f64>() * es(c))
            .sum();
        assert!(close(
            t.get("DEXFVApSH", "AAA", "TOTAL").unwrap(),
            100.0 * dex / exgr
        ));
        // FFD_DVA to region 2: Σ_{k∈s} v_k (B Y_2)_k.
        let ffd: f64 = rs
            .clone()
            .map(|k| d.v[k] * (0..n).map(|j| d.b[(k, j)] * d.y[(j, 2)]).sum::<f64>())
            .sum();
        assert!(close(t.get("FFD_DVA", "CCC", "TOTAL").unwrap(), ffd));
        // Forward participation: s's VA in region 3's exports.
        let e3: Vec<f64> = (0..n)
            .map(|j| if j / 3 == 3 { es(j) } else { 0.0 })
            .collect();
        let fex: f64 = rs
            .clone()
            .map(|k| d.v[k] * (0..n).map(|j| d.b[(k, j)] * e3[j]).sum::<f64>())
            .sum();
        assert!(close(
            t.get("FEXDVApSH", "DDD", "TOTAL").unwrap(),
            100.0 * fex / exgr
        ));
        // DFD_FVA from 0: Σ_{k∈0} v_k (B Y_s)_k; BALVAFD.
        let dfd: f64 = d
            .rows(0)
            .map(|k| d.v[k] * (0..n).map(|j| d.b[(k, j)] * d.y[(j, s)]).sum::<f64>())
            .sum();
        assert!(close(t.get("DFD_FVA", "AAA", "TOTAL").unwrap(), dfd));
        let ffd0 = t.get("FFD_DVA", "AAA", "TOTAL").unwrap();
        assert!(close(t.get("BALVAFD", "AAA", "TOTAL").unwrap(), ffd0 - dfd));
        // FD_VA over all origins = s's final demand (residual VA: vᵀB = 1ᵀ).
        let fd: f64 = (0..n).map(|k| d.y[(k, s)]).sum();
        assert!(close(t.get("FD_VA", "WLD", "TOTAL").unwrap(), fd));
        // IMGR from 2 and BALGR.
        let imgr: f64 = d.rows(2).map(|k| e(k, s)).sum();
        assert!(close(t.get("IMGR", "CCC", "TOTAL").unwrap(), imgr));
        let exgr2: f64 = rs.clone().map(|i| e(i, 2)).sum();
        assert!(close(t.get("BALGR", "CCC", "TOTAL").unwrap(), exgr2 - imgr));
        // Every listed code is produced.
        for code in TIVA_CODES {
            assert!(t.codes().contains(code), "{code} missing");
        }
    }

    #[test]
    fn group_is_one_economy() {
        // USMCA-like group of regions 0 and 1: intra-group flows are not
        // exports, and its DVA uses the group's B_SS and L_SS.
        let m = random_table(4, 2, 81, true);
        let l = Leontief::of(&m).unwrap();
        let base = TradeBase::new(&m, &l).unwrap();
        let d = Dense::of(&m);
        let ex = RegionSet::parse(&m, "AAA,BBB").unwrap();
        let t = tiva(&base, &ex, None).unwrap();
        assert_eq!(t.members, vec!["AAA", "BBB"]);
        let ins: Vec<usize> = (0..4).collect();
        let e = |i: usize, r: usize| d.exports(&m, i, r);
        let es = |i: usize| e(i, 2) + e(i, 3);
        let exgr: f64 = ins.iter().map(|&i| es(i)).sum();
        assert!(close(t.get("EXGR", "WLD", "TOTAL").unwrap(), exgr));
        assert!(t.get("EXGR", "BBB", "TOTAL").is_none());
        let dva: f64 = ins
            .iter()
            .map(|&i| ins.iter().map(|&k| d.v[k] * d.b[(k, i)]).sum::<f64>() * es(i))
            .sum();
        assert!(close(t.get("EXGR_DVA", "WLD", "TOTAL").unwrap(), dva));
        let lss = d.local_inverse(&ins);
        let ddc: f64 = ins.iter().map(|&i| d.v[i] * lss[(i, i)] * es(i)).sum();
        assert!(close(t.get("EXGR_DDC", "WLD", "TOTAL").unwrap(), ddc));
        let dva_s1: f64 = [1usize, 3]
            .iter()
            .map(|&i| ins.iter().map(|&k| d.v[k] * d.b[(k, i)]).sum::<f64>() * es(i))
            .sum();
        assert!(close(t.get("EXGR_DVA", "WLD", "s2").unwrap(), dva_s1));
        // A partner group view.
        let p = RegionSet::parse(&m, "CCC,DDD").unwrap();
        let t2 = tiva(&base, &ex, Some(std::slice::from_ref(&p))).unwrap();
        assert!(close(t2.get("EXGR", "CCC+DDD", "TOTAL").unwrap(), exgr));
        assert!(t2.get("EXGR", "CCC", "TOTAL").is_none());
        let ffd = t2.get("FFD_DVA", "WLD", "TOTAL").unwrap();
        assert!(close(
            t2.get("VAX_RATIO", "WLD", "TOTAL").unwrap(),
            ffd / exgr
        ));
    }
}
