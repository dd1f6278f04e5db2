//! The law's rates by BEA commodity: the same line duties as the sector
//! wedges, summed by each line's BEA commodity instead of a table sector,
//! as the change against the law on a baseline date.
//!
//! Why a module of its own and not a second concordance into
//! [`crate::derive`]: the proxies of partners without line weights spread
//! GTAP imports over Canada's and Mexico's lines by GTAP sector, so the
//! derivation needs the GTAP concordance of the MRIO table it runs on.
//! The line rows it returns already carry everything a commodity rate
//! needs (HTS10, exporter, value, duty, proxy flag); re-summing them by
//! BEA code keeps every duty exactly the one `wedges` computes.
//!
//! For commodity c and exporter group e (or `ALL`), with the same trade
//! lines priced under the law on the date (D) and on the baseline (B):
//!
//! ```text
//! rate(c, e)   = Σ_{ℓ ∈ c, e} D_D(ℓ) / Σ V(ℓ)
//! τ(c, e)      = Σ_{ℓ ∈ c, e} (D_D(ℓ) − D_B(ℓ)) / Σ V(ℓ)
//! ```
//!
//! The baseline's rates (column 1 before 2025) are already in the table's
//! prices, so τ is what the price model takes.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::types::{LinkError, Wedges};

/// The exporter label of the sum over all partners.
pub const ALL: &str = "ALL";

/// Value, duty, baseline duty, lines and proxy value of one exporter ×
/// commodity.
type Sums = (Decimal, Decimal, Decimal, usize, Decimal);

/// One exporter × commodity rate.
#[derive(Debug, Clone, PartialEq)]
pub struct CommodityRate {
    /// Exporting region (a table region of the derivation) or [`ALL`].
    pub exporter: String,
    /// BEA commodity code of the national table.
    pub commodity: String,
    /// Customs value of the lines, USD.
    pub value: Decimal,
    /// Duty under the law on the date, USD.
    pub duty: Decimal,
    /// Duty under the law on the baseline date, USD.
    pub baseline_duty: Decimal,
    /// duty ÷ value.
    pub rate: Decimal,
    /// baseline duty ÷ value.
    pub baseline_rate: Decimal,
    /// τ = (duty − baseline duty) ÷ value, as the price model takes it.
    pub change: f64,
    /// Lines in the sum.
    pub lines: usize,
    /// Value of the proxy lines in it, USD.
    pub proxy_value: Decimal,
}

/// The rates of every commodity with trade, `ALL` first, then each
/// exporter in order of first appearance; commodities in table order.
#[derive(Debug, Clone, PartialEq)]
pub struct CommodityRates {
    /// The rows.
    pub rows: Vec<CommodityRate>,
    /// Lines (and their value, USD) without a commodity of the table.
    pub unmapped: (usize, Decimal),
}

impl CommodityRates {
    /// τ of every commodity of `commodities` for the `ALL` rows (0 where
    /// no line has the commodity).
    pub fn tau(&self, commodities: &[String]) -> Vec<f64> {
        let mut t = vec![0.0; commodities.len()];
        for r in self.rows.iter().filter(|r| r.exporter == ALL) {
            if let Some(k) = commodities.iter().position(|c| *c == r.commodity) {
                t[k] = r.change;
            }
        }
        t
    }
}

/// Sums the line rows of `now` and `base` (the same lines priced on two
/// dates) by commodity: `commodity_of` maps an HTS10 to a commodity of
/// `commodities` (`None`: unmapped).
pub fn commodity_rates(
    now: &Wedges,
    base: &Wedges,
    commodities: &[String],
    commodity_of: &dyn Fn(&str) -> Option<String>,
) -> Result<CommodityRates, LinkError> {
    if now.lines.len() != base.lines.len() {
        return Err(LinkError::Input(format!(
            "the baseline was priced on {} lines and the date on {}: both need the same trade weights",
            base.lines.len(),
            now.lines.len()
        )));
    }
    let index: BTreeMap<&str, usize> = commodities
        .iter()
        .enumerate()
        .map(|(k, c)| (c.as_str(), k))
        .collect();
    let mut exporters: Vec<String> = vec![ALL.to_string()];
    // (exporter, commodity) → value, duty, baseline duty, lines, proxy value.
    let mut sums: BTreeMap<(usize, usize), Sums> = BTreeMap::new();
    let mut unmapped = (0, Decimal::ZERO);
    for (a, b) in now.lines.iter().zip(&base.lines) {
        if a.hts10 != b.hts10 || a.origin != b.origin || a.value != b.value {
            return Err(LinkError::Input(format!(
                "the baseline's line {} from {} does not match the date's line {} from {}: both need the same trade weights",
                b.hts10, b.origin, a.hts10, a.origin
            )));
        }
        let Some(k) = commodity_of(&a.hts10).and_then(|c| index.get(c.as_str()).copied()) else {
            unmapped.0 += 1;
            unmapped.1 += a.value;
            continue;
        };
        let e = match exporters.iter().position(|x| *x == a.exporter) {
            Some(e) => e,
            None => {
                exporters.push(a.exporter.clone());
                exporters.len() - 1
            }
        };
        let proxy = if a.flags.iter().any(|f| f == "proxy") {
            a.value
        } else {
            Decimal::ZERO
        };
        for e in [0, e] {
            let s = sums.entry((e, k)).or_default();
            s.0 += a.value;
            s.1 += a.duty;
            s.2 += b.duty;
            s.3 += 1;
            s.4 += proxy;
        }
    }
    let ratio = |d: Decimal, v: Decimal| {
        if v.is_zero() {
            Decimal::ZERO
        } else {
            (d / v).normalize()
        }
    };
    let rows = sums
        .into_iter()
        .map(
            |((e, k), (value, duty, baseline_duty, lines, proxy_value))| {
                let change = ratio(duty - baseline_duty, value).to_f64().unwrap_or(0.0);
                CommodityRate {
                    exporter: exporters[e].clone(),
                    commodity: commodities[k].clone(),
                    value,
                    duty,
                    baseline_duty,
                    rate: ratio(duty, value),
                    baseline_rate: ratio(baseline_duty, value),
                    change,
                    lines,
                    proxy_value,
                }
            },
        )
        .collect();
    Ok(CommodityRates { rows, unmapped })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::LineRow;
    use autopact_law::NaiveDate;

    fn line(hts: &str, exporter: &str, value: i64, duty: i64, proxy: bool) -> LineRow {
        LineRow {
            hts10: hts.into(),
            origin: exporter[..2].into(),
            exporter: exporter.into(),
            sector: None,
            value: value.into(),
            usmca_value: Decimal::ZERO,
            usmca_value_recorded: Decimal::ZERO,
            duty: duty.into(),
            effective_rate: Decimal::ZERO,
            measures: vec![],
            flags: if proxy { vec!["proxy".into()] } else { vec![] },
            by_measure: vec![],
        }
    }

    fn wedges(lines: Vec<LineRow>) -> Wedges {
        Wedges {
            importer: "USA".into(),
            date: NaiveDate::from_ymd_opt(2025, 10, 1).unwrap(),
            law_as_of: NaiveDate::from_ymd_opt(2025, 10, 1).unwrap(),
            weights: String::new(),
            lines,
            sectors: vec![],
            measures: vec![],
            assumptions: vec![],
            flags: vec![],
        }
    }

    #[test]
    fn lines_sum_by_commodity_and_exporter_as_changes_against_the_baseline() {
        let now = wedges(vec![
            line("1", "CAN", 100, 25, false),
            line("2", "MEX", 300, 30, false),
            line("3", "CHN", 100, 50, true),
            line("9", "CAN", 50, 5, false),
        ]);
        let base = wedges(vec![
            line("1", "CAN", 100, 0, false),
            line("2", "MEX", 300, 6, false),
            line("3", "CHN", 100, 10, true),
            line("9", "CAN", 50, 5, false),
        ]);
        let commodities = vec!["A".to_string(), "B".to_string()];
        let of = |h: &str| match h {
            "1" | "2" => Some("A".to_string()),
            "3" => Some("B".to_string()),
            _ => Some("Z".to_string()),
        };
        let r = commodity_rates(&now, &base, &commodities, &of).unwrap();
        assert_eq!(r.unmapped, (1, Decimal::from(50)));
        let get = |e: &str, c: &str| {
            r.rows
                .iter()
                .find(|x| x.exporter == e && x.commodity == c)
                .unwrap()
                .clone()
        };
        // ALL × A: (25 + 30 − 0 − 6) / 400.
        let a = get(ALL, "A");
        assert_eq!((a.value, a.lines), (Decimal::from(400), 2));
        assert_eq!(a.change, 49.0 / 400.0);
        assert_eq!(a.rate, Decimal::new(1375, 4));
        assert_eq!(get("CAN", "A").change, 0.25);
        assert_eq!(get("MEX", "A").change, 0.08);
        let b = get(ALL, "B");
        assert_eq!((b.change, b.proxy_value), (0.4, Decimal::from(100)));
        assert_eq!(r.rows[0].exporter, ALL);
        assert_eq!(r.tau(&commodities), vec![49.0 / 400.0, 0.4]);
        // Lines that do not match are an error, not a silent wrong number.
        let other = wedges(vec![line("1", "CAN", 100, 0, false)]);
        assert!(commodity_rates(&now, &other, &commodities, &of).is_err());
    }
}
