//! A national input-output table with an import matrix, and the price
//! model US tariff studies run on it (the Boston Fed, Barbiero & Stein
//! 2025; the Budget Lab at Yale; the Peterson Institute): what a tariff on
//! imported commodities does to the price of each commodity's absorption
//! bundle and to the PCE price level.
//!
//! Why a type of its own and not an [`crate::Mrio`]: a national table has
//! one region, commodities and industries that differ (402 × 402 in BEA's
//! 2017 detail table, but not the same 402), imports as a matrix of their
//! own rather than as other regions' rows, and a published domestic total
//! requirements matrix (industry by commodity) that is used as published —
//! there is no make table to rebuild it from. None of the MRIO machinery
//! (the LU of I − A, regions, final-demand columns) applies, and forcing
//! the table into that shape would invent a structure BEA does not
//! publish. The model is a matrix–vector product, so it needs no
//! factorisation.
//!
//! For a tariff change τ_c on imports of commodity c (a fraction),
//!
//! ```text
//! p = s · [ diag(ω^M) τ + diag(ω^D) L_Dᵀ B_Mᵀ τ ]
//! ```
//!
//! * `L_D[i,c]`: BEA's domestic total requirements, industry i per dollar
//!   of final demand for commodity c;
//! * `B_M[c,i]` = imported use of c by industry i ÷ n_i, with n_i the
//!   industry's output ([`Markup::ConstantDollar`]: margins stay fixed in
//!   dollars) or its variable cost, intermediate inputs plus compensation
//!   ([`Markup::ConstantPercentage`]: margins stay fixed as a percentage
//!   of variable cost); an industry with n_i = 0 gets a zero column;
//! * `ω^M_c = m_c / (m_c + d_c)`, the import share of c's use by industries
//!   and final demand (exports excluded), `ω^D = 1 − ω^M`; a total of 0
//!   gives ω^M = ω^D = 0, a negative ω^M is taken as 0, and the adjustment
//!   commodities ([`ADJUSTMENT_COMMODITIES`]) have ω^M = 0;
//! * `s = 1 + domestic_pricing − dollar_offset`: the share of the import
//!   price rise domestic competitors match, less the share the dollar's
//!   appreciation offsets (0 and 0: pure cost push).
//!
//! The first term is the **direct** part (the tariff on the imported share
//! of the bundle), the second the **supply-chain** part (domestic
//! producers' costs of imported inputs, passed on through the domestic
//! requirements). PCE category j: `P_j = Σ_c p_c w_jc / Σ_c q_jc` with q
//! the bridge's purchasers' value and w its producers' value (constant
//! dollar) or purchasers' value (constant percentage); the PCE level is
//! the purchasers'-value-weighted mean of the categories.

use crate::error::{MrioError, Result};
use autopact_core::Provenance;

/// Commodities that are accounting adjustments, not goods a tariff falls
/// on through an import share: noncomparable imports, scrap, used and
/// secondhand goods, the rest-of-world adjustment (detail codes) and their
/// summary codes. Their ω^M is 0.
pub const ADJUSTMENT_COMMODITIES: &[&str] =
    &["S00300", "S00401", "S00402", "S00900", "Other", "Used"];

/// The level of a BEA table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Detail commodities (2017 benchmark: 402), each with a summary parent.
    Detail,
    /// Summary commodities (73).
    Summary,
}

/// One row of the PCE bridge: a PCE category's purchase of a commodity.
#[derive(Debug, Clone, PartialEq)]
pub struct PceLine {
    /// PCE category (NIPA line's name).
    pub category: String,
    /// Index of the commodity.
    pub commodity: usize,
    /// Producers' value, USD million.
    pub producers: f64,
    /// Purchasers' value, USD million.
    pub purchasers: f64,
}

/// The parts of a [`NationalTable`], as read.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NationalParts {
    /// Commodity codes, in row order of the import matrix.
    pub commodities: Vec<String>,
    /// Commodity descriptions (empty where none).
    pub descriptions: Vec<String>,
    /// BEA's code hierarchy, `(summary, detail)` pairs (may be empty): a
    /// table whose commodities are detail codes of it is a detail table.
    pub hierarchy: Vec<(String, String)>,
    /// Industry codes, in column order of the import matrix.
    pub industries: Vec<String>,
    /// Imported use of commodity c by industry i, row-major
    /// (commodities × industries), USD million.
    pub use_import: Vec<f64>,
    /// Domestic total requirements L_D, row-major (industries ×
    /// commodities).
    pub requirements: Vec<f64>,
    /// Industry output, USD million.
    pub output: Vec<f64>,
    /// Industry variable cost (intermediate inputs + compensation).
    pub variable_cost: Vec<f64>,
    /// Imported use of each commodity by industries and final demand,
    /// exports excluded.
    pub import_total: Vec<f64>,
    /// Domestic use likewise.
    pub domestic_total: Vec<f64>,
    /// The PCE bridge (empty: no PCE results).
    pub pce: Vec<PceLine>,
    /// Where the numbers come from.
    pub provenance: Provenance,
    /// Caveats every result on the table must repeat.
    pub caveats: Vec<String>,
}

/// A validated national table.
#[derive(Debug, Clone, PartialEq)]
pub struct NationalTable {
    p: NationalParts,
    level: Level,
    /// Summary parent of each commodity (detail tables).
    parents: Vec<Option<String>>,
}

fn duplicates(kind: &'static str, labels: &[String]) -> Result<()> {
    let mut seen = std::collections::HashSet::new();
    for l in labels {
        if !seen.insert(l.as_str()) {
            return Err(MrioError::DuplicateLabel {
                kind,
                label: l.clone(),
            });
        }
    }
    Ok(())
}

fn finite(what: &str, values: &[f64], at: impl Fn(usize) -> String) -> Result<()> {
    match values.iter().position(|v| !v.is_finite()) {
        Some(k) => Err(MrioError::NotFinite {
            what: what.into(),
            at: at(k),
            value: values[k],
        }),
        None => Ok(()),
    }
}

impl NationalTable {
    /// Checks the parts' dimensions, labels and values.
    pub fn new(p: NationalParts) -> Result<Self> {
        let (nc, ni) = (p.commodities.len(), p.industries.len());
        if nc == 0 || ni == 0 {
            return Err(MrioError::Dimension(
                "a national table needs at least one commodity and one industry".into(),
            ));
        }
        duplicates("commodity", &p.commodities)?;
        duplicates("industry", &p.industries)?;
        let check = |what: &str, len: usize, want: usize| {
            if len == want {
                Ok(())
            } else {
                Err(MrioError::Dimension(format!(
                    "{what} has {len} values, expected {want}"
                )))
            }
        };
        check("descriptions", p.descriptions.len(), nc)?;
        check("import matrix", p.use_import.len(), nc * ni)?;
        check("domestic requirements", p.requirements.len(), ni * nc)?;
        check("industry output", p.output.len(), ni)?;
        check("variable cost", p.variable_cost.len(), ni)?;
        check("import totals", p.import_total.len(), nc)?;
        check("domestic totals", p.domestic_total.len(), nc)?;
        fn cell<'a>(
            rows: &'a [String],
            cols: &'a [String],
            ncols: usize,
        ) -> impl Fn(usize) -> String + 'a {
            move |k: usize| format!("{} × {}", rows[k / ncols], cols[k % ncols])
        }
        finite(
            "imported use",
            &p.use_import,
            cell(&p.commodities, &p.industries, ni),
        )?;
        finite(
            "domestic requirements",
            &p.requirements,
            cell(&p.industries, &p.commodities, nc),
        )?;
        finite("industry output", &p.output, |k| p.industries[k].clone())?;
        finite("variable cost", &p.variable_cost, |k| {
            p.industries[k].clone()
        })?;
        finite("import total", &p.import_total, |k| {
            p.commodities[k].clone()
        })?;
        finite("domestic total", &p.domestic_total, |k| {
            p.commodities[k].clone()
        })?;
        for l in &p.pce {
            if l.commodity >= nc {
                return Err(MrioError::Dimension(format!(
                    "PCE bridge line of {:?} names commodity index {} of {nc}",
                    l.category, l.commodity
                )));
            }
            finite("PCE bridge value", &[l.producers, l.purchasers], |_| {
                format!("{} × {}", l.category, p.commodities[l.commodity])
            })?;
        }
        let parent: std::collections::HashMap<&str, &str> = p
            .hierarchy
            .iter()
            .map(|(s, d)| (d.as_str(), s.as_str()))
            .collect();
        let parents: Vec<Option<String>> = p
            .commodities
            .iter()
            .map(|c| parent.get(c.as_str()).map(|s| s.to_string()))
            .collect();
        let level = if parents.iter().any(Option::is_some) {
            Level::Detail
        } else {
            Level::Summary
        };
        Ok(NationalTable { p, level, parents })
    }

    /// The parts, as given.
    pub fn parts(&self) -> &NationalParts {
        &self.p
    }

    /// Detail or summary.
    pub fn level(&self) -> Level {
        self.level
    }

    /// Commodity codes.
    pub fn commodities(&self) -> &[String] {
        &self.p.commodities
    }

    /// Commodity descriptions.
    pub fn descriptions(&self) -> &[String] {
        &self.p.descriptions
    }

    /// Industry codes.
    pub fn industries(&self) -> &[String] {
        &self.p.industries
    }

    /// Provenance.
    pub fn provenance(&self) -> &Provenance {
        &self.p.provenance
    }

    /// Caveats every result must repeat.
    pub fn caveats(&self) -> &[String] {
        &self.p.caveats
    }

    /// The PCE bridge.
    pub fn pce(&self) -> &[PceLine] {
        &self.p.pce
    }

    /// Index of a commodity code.
    pub fn commodity_index(&self, code: &str) -> Option<usize> {
        self.p.commodities.iter().position(|c| c == code)
    }

    /// The commodities a code names: the commodity itself, or in a detail
    /// table every commodity whose summary parent it is. Empty: unknown.
    pub fn resolve(&self, code: &str) -> Vec<usize> {
        if let Some(i) = self.commodity_index(code) {
            return vec![i];
        }
        self.parents
            .iter()
            .enumerate()
            .filter(|(_, p)| p.as_deref() == Some(code))
            .map(|(i, _)| i)
            .collect()
    }

    /// The summary parent of a detail code, from the hierarchy.
    pub fn parent_of(&self, detail: &str) -> Option<&str> {
        self.p
            .hierarchy
            .iter()
            .find(|(_, d)| d == detail)
            .map(|(s, _)| s.as_str())
    }

    /// The summary parent of each commodity (detail tables).
    pub fn parents(&self) -> &[Option<String>] {
        &self.parents
    }

    /// ω^M of every commodity (see the module documentation for the rules).
    pub fn import_shares(&self) -> Vec<f64> {
        (0..self.p.commodities.len())
            .map(|c| {
                if ADJUSTMENT_COMMODITIES.contains(&self.p.commodities[c].as_str()) {
                    return 0.0;
                }
                let (m, d) = (self.p.import_total[c], self.p.domestic_total[c]);
                let total = m + d;
                if total == 0.0 {
                    0.0
                } else {
                    (m / total).max(0.0)
                }
            })
            .collect()
    }

    /// ω^D of every commodity: 1 − ω^M, and 0 where the commodity's use
    /// total is 0.
    pub fn domestic_shares(&self) -> Vec<f64> {
        self.import_shares()
            .iter()
            .enumerate()
            .map(|(c, w)| {
                if self.p.import_total[c] + self.p.domestic_total[c] == 0.0 {
                    0.0
                } else {
                    1.0 - w
                }
            })
            .collect()
    }

    /// Sum of the import matrix (intermediate imports), USD million.
    pub fn intermediate_imports(&self) -> f64 {
        self.p.use_import.iter().sum()
    }

    /// Total industry output, USD million.
    pub fn total_output(&self) -> f64 {
        self.p.output.iter().sum()
    }
}

/// How margins respond to a cost increase (which industry total divides
/// the import matrix).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Markup {
    /// Margins fixed in dollars: imported use ÷ industry output.
    #[default]
    ConstantDollar,
    /// Margins fixed as a percentage of variable cost: imported use ÷
    /// (intermediate inputs + compensation).
    ConstantPercentage,
}

impl Markup {
    /// The flag value (`constant-dollar`, `constant-percentage`).
    pub fn name(self) -> &'static str {
        match self {
            Markup::ConstantDollar => "constant-dollar",
            Markup::ConstantPercentage => "constant-percentage",
        }
    }
}

/// The named assumptions of a national price run.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct PriceAssumptions {
    /// Margins.
    pub markup: Markup,
    /// Share of the import price rise that domestic competitors match
    /// (0–1).
    pub domestic_pricing: f64,
    /// Share of the tariff offset by the dollar's appreciation (0–1).
    pub dollar_offset: f64,
}

impl PriceAssumptions {
    /// The Budget Lab at Yale's published assumptions: domestic pricing
    /// 0.5, dollar offset 0.174.
    pub const BUDGET_LAB: PriceAssumptions = PriceAssumptions {
        markup: Markup::ConstantDollar,
        domestic_pricing: 0.5,
        dollar_offset: 0.174,
    };

    /// s = 1 + domestic pricing − dollar offset.
    pub fn scale(&self) -> f64 {
        1.0 + self.domestic_pricing - self.dollar_offset
    }

    /// Checks that both shares are numbers in 0–1.
    pub fn check(&self) -> Result<()> {
        for (name, v) in [
            ("domestic pricing", self.domestic_pricing),
            ("dollar offset", self.dollar_offset),
        ] {
            if !(v.is_finite() && (0.0..=1.0).contains(&v)) {
                return Err(MrioError::Invalid(format!(
                    "{name} {v}: a share between 0 and 1"
                )));
            }
        }
        Ok(())
    }
}

/// The price model on one table under one set of assumptions, with
/// everything that does not depend on τ computed once.
#[derive(Debug, Clone)]
pub struct NationalPrice<'a> {
    table: &'a NationalTable,
    assumptions: PriceAssumptions,
    omega_m: Vec<f64>,
    omega_d: Vec<f64>,
    /// B_M, row-major (commodities × industries).
    b_m: Vec<f64>,
    /// Industries with n_i = 0 (zero columns of B_M).
    zero_industries: Vec<usize>,
}

/// Price changes of every commodity, as fractions (0.01 = 1%).
#[derive(Debug, Clone, PartialEq)]
pub struct CommodityPrices {
    /// s · ω^M τ.
    pub direct: Vec<f64>,
    /// s · ω^D L_Dᵀ B_Mᵀ τ.
    pub supply_chain: Vec<f64>,
    /// direct + supply chain.
    pub total: Vec<f64>,
    /// B_Mᵀ τ: each industry's cost of imported inputs per dollar of n_i.
    pub industry_cost: Vec<f64>,
}

/// The price change of one PCE category (or of all of PCE).
#[derive(Debug, Clone, PartialEq)]
pub struct PceChange {
    /// PCE category; `ALL` for the PCE level.
    pub category: String,
    /// Purchasers' value of the category in the bridge, USD million.
    pub purchasers: f64,
    /// Direct part.
    pub direct: f64,
    /// Supply-chain part.
    pub supply_chain: f64,
    /// direct + supply chain.
    pub total: f64,
}

impl<'a> NationalPrice<'a> {
    /// The model of `table` under `assumptions` (checked).
    pub fn new(table: &'a NationalTable, assumptions: PriceAssumptions) -> Result<Self> {
        assumptions.check()?;
        let p = &table.p;
        let (nc, ni) = (p.commodities.len(), p.industries.len());
        let n: &[f64] = match assumptions.markup {
            Markup::ConstantDollar => &p.output,
            Markup::ConstantPercentage => &p.variable_cost,
        };
        let mut b_m = vec![0.0; nc * ni];
        for c in 0..nc {
            for i in 0..ni {
                if n[i] != 0.0 {
                    b_m[c * ni + i] = p.use_import[c * ni + i] / n[i];
                }
            }
        }
        Ok(NationalPrice {
            table,
            assumptions,
            omega_m: table.import_shares(),
            omega_d: table.domestic_shares(),
            b_m,
            zero_industries: (0..ni).filter(|&i| n[i] == 0.0).collect(),
        })
    }

    /// The assumptions.
    pub fn assumptions(&self) -> PriceAssumptions {
        self.assumptions
    }

    /// The table.
    pub fn table(&self) -> &NationalTable {
        self.table
    }

    /// ω^M.
    pub fn import_shares(&self) -> &[f64] {
        &self.omega_m
    }

    /// Industries whose n_i is 0 (their column of B_M is zero).
    pub fn zero_industries(&self) -> Vec<&str> {
        self.zero_industries
            .iter()
            .map(|&i| self.table.p.industries[i].as_str())
            .collect()
    }

    /// The price change of every commodity for tariff changes `tau` (one
    /// per commodity, fractions).
    pub fn solve(&self, tau: &[f64]) -> Result<CommodityPrices> {
        let p = &self.table.p;
        let (nc, ni) = (p.commodities.len(), p.industries.len());
        if tau.len() != nc {
            return Err(MrioError::Dimension(format!(
                "{} tariff rates for {nc} commodities",
                tau.len()
            )));
        }
        if let Some(c) = tau.iter().position(|t| !t.is_finite()) {
            return Err(MrioError::NotFinite {
                what: "tariff rate".into(),
                at: p.commodities[c].clone(),
                value: tau[c],
            });
        }
        let s = self.assumptions.scale();
        // B_Mᵀ τ: one pass over the rows of commodities that are taxed.
        let mut cost = vec![0.0; ni];
        for (c, &t) in tau.iter().enumerate() {
            if t != 0.0 {
                let row = &self.b_m[c * ni..(c + 1) * ni];
                for (k, b) in cost.iter_mut().zip(row) {
                    *k += b * t;
                }
            }
        }
        // L_Dᵀ (B_Mᵀ τ): rows of L_D (industries) scaled and summed.
        let mut domestic = vec![0.0; nc];
        for (i, &k) in cost.iter().enumerate() {
            if k != 0.0 {
                let row = &p.requirements[i * nc..(i + 1) * nc];
                for (d, l) in domestic.iter_mut().zip(row) {
                    *d += l * k;
                }
            }
        }
        let direct: Vec<f64> = (0..nc).map(|c| s * self.omega_m[c] * tau[c]).collect();
        let supply_chain: Vec<f64> = (0..nc).map(|c| s * self.omega_d[c] * domestic[c]).collect();
        let total = direct
            .iter()
            .zip(&supply_chain)
            .map(|(a, b)| a + b)
            .collect();
        Ok(CommodityPrices {
            direct,
            supply_chain,
            total,
            industry_cost: cost,
        })
    }

    /// The price change of every PCE category (in the bridge's order of
    /// first appearance) and, last, of all of PCE (`ALL`). A category
    /// whose purchasers' value is 0 gets 0 (it has no weight in `ALL`).
    pub fn pce(&self, prices: &CommodityPrices) -> Result<Vec<PceChange>> {
        let bridge = &self.table.p.pce;
        if bridge.is_empty() {
            return Err(MrioError::Invalid(
                "this table has no PCE bridge: PCE results need one".into(),
            ));
        }
        let weight = |l: &PceLine| match self.assumptions.markup {
            Markup::ConstantDollar => l.producers,
            Markup::ConstantPercentage => l.purchasers,
        };
        let mut order: Vec<&str> = Vec::new();
        let mut sums: std::collections::HashMap<&str, [f64; 3]> = Default::default();
        for l in bridge {
            let e = sums.entry(l.category.as_str()).or_insert_with(|| {
                order.push(l.category.as_str());
                [0.0; 3]
            });
            let w = weight(l);
            e[0] += l.purchasers;
            e[1] += prices.direct[l.commodity] * w;
            e[2] += prices.supply_chain[l.commodity] * w;
        }
        let mut out = Vec::with_capacity(order.len() + 1);
        let (mut q_all, mut d_all, mut s_all) = (0.0, 0.0, 0.0);
        for name in order {
            let [q, d, s] = sums[name];
            let (direct, supply_chain) = if q == 0.0 { (0.0, 0.0) } else { (d / q, s / q) };
            q_all += q;
            d_all += direct * q;
            s_all += supply_chain * q;
            out.push(PceChange {
                category: name.to_string(),
                purchasers: q,
                direct,
                supply_chain,
                total: direct + supply_chain,
            });
        }
        let (direct, supply_chain) = if q_all == 0.0 {
            (0.0, 0.0)
        } else {
            (d_all / q_all, s_all / q_all)
        };
        out.push(PceChange {
            category: "ALL".into(),
            purchasers: q_all,
            direct,
            supply_chain,
            total: direct + supply_chain,
        });
        Ok(out)
    }
}

#[cfg(test)]
mod tests;
