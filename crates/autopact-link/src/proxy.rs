//! Proxy line weights for partners without HTS10 data.
//!
//! The shipped data have US imports by line only from Canada and Mexico.
//! For another partner group g (Japan, the EU, China, …) the value of its
//! imports in GTAP sector k is known for 2024 (`M_g(k)`, USD million a
//! year). The lines inside k are weighted like Canada's and Mexico's
//! imports of the same month:
//!
//! ```text
//! V_g(ℓ) = M_g(k) × 10⁶ / 12 × V_CAMX(ℓ) / V_CAMX(k),   ℓ ∈ k
//! ```
//!
//! (rounded to the cent). The sector wedge then weights the law's line
//! rates for g's origin by North American line composition — a documented
//! proxy, flagged `proxy` in every row that uses it. Sectors where g
//! imports but Canada and Mexico had no lines that month get no proxy
//! lines; they are counted in the returned list of uncovered sectors.

use std::collections::BTreeMap;

use autopact_law::money::round_cents;
use rust_decimal::Decimal;

use crate::types::{GtapImports, LineInfo, TradeLine};

/// A table region without line weights and how it is proxied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProxyOrigin {
    /// Table region code (`JPN`).
    pub region: String,
    /// Partner group of the 2024 GTAP imports (`japan`).
    pub group: String,
    /// Origin country (ISO2) the law is applied for (`JP`).
    pub origin: String,
}

/// Proxy lines for `p` from Canada's and Mexico's lines of a month.
/// Returns the lines and the GTAP sectors (with the group's value, USD
/// million a year) left without lines.
pub fn proxy_lines(
    ca_mx: &[TradeLine],
    info: &BTreeMap<String, LineInfo>,
    gtap: &GtapImports,
    p: &ProxyOrigin,
) -> (Vec<TradeLine>, Vec<(String, Decimal)>) {
    // Value per line and per sector of the North American lines.
    let mut by_line: BTreeMap<&str, (Decimal, &str)> = BTreeMap::new();
    let mut by_sector: BTreeMap<&str, Decimal> = BTreeMap::new();
    for l in ca_mx.iter().filter(|l| !l.proxy) {
        let Some(g) = info.get(&l.hts10).and_then(|i| i.gtap.as_deref()) else {
            continue;
        };
        by_line.entry(&l.hts10).or_insert((Decimal::ZERO, g)).0 += l.value;
        *by_sector.entry(g).or_default() += l.value;
    }
    let mut out = Vec::new();
    for (hts10, (v, g)) in &by_line {
        let (Some(total), Some(m)) = (by_sector.get(g), gtap.get(g, &p.group)) else {
            continue;
        };
        if total.is_zero() || m.is_zero() {
            continue;
        }
        let value = round_cents(m * Decimal::from(1_000_000) / Decimal::from(12) * v / total);
        if value > Decimal::ZERO {
            out.push(TradeLine {
                hts10: (*hts10).to_string(),
                origin: p.origin.clone(),
                value,
                usmca_value: Decimal::ZERO,
                proxy: true,
                region: Some(p.region.clone()),
                claim: None,
            });
        }
    }
    let uncovered = gtap
        .rows
        .keys()
        .filter(|k| !by_sector.contains_key(k.as_str()))
        .filter_map(|k| gtap.get(k, &p.group).map(|m| (k.clone(), m)))
        .filter(|(_, m)| *m > Decimal::ZERO)
        .collect();
    (out, uncovered)
}
