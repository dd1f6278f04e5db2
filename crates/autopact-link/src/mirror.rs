//! Proxy weights for Canada's and Mexico's own measures (importer CAN or
//! MEX) when the user gives no imports file.
//!
//! The shipped data have no Canadian or Mexican imports by line, only US
//! imports from Canada and Mexico by HTS10. The proxy takes the two things
//! that are known and says so in every result:
//!
//! * **how much** exporter e sells to importer I in table sector k: the
//!   table's own bilateral flow, intermediate plus final use,
//!   `F(e→I, k) = Σ_j Z[(e,k),(I,j)] + Σ_f Y[(e,k),(I,f)]` (USD million a
//!   year at table prices; one month is F/12);
//! * **which lines** inside k: the composition of I's own exports to the
//!   US in the same sector and month, mirrored —
//!
//! ```text
//! V(e→I, ℓ) = F(e→I, k) × 10⁶ / 12 × V(I→US, ℓ) / V(I→US, k),   ℓ ∈ k
//! ```
//!
//! Why mirrored lines: North American auto and metal trade is two-way
//! within the same HS lines (engines, transmissions, stampings and
//! vehicles cross the borders in both directions; intra-industry trade
//! dominates these sectors), so what Canada ships to the US inside a
//! sector is the best line-level evidence in the data of what it buys
//! there. It is a proxy, not data: for exporters outside North America
//! (China into Mexico, say) the mirror is weaker, and sector weights are
//! the table's (its year and prices), not 2025 trade. For US goods (and
//! Canadian into Mexico, Mexican into Canada) the part entered under
//! USMCA/CUSMA is mirrored too: the line's share of I's exports to the US
//! entered under USMCA. Laws are applied with each exporter's
//! representative origin (the same as the US proxies: `CN`, `KR`, `DE`, …;
//! `ZZ` for rest-of-world groups). Column 1 of Canada and Mexico is not in
//! the law data (flag `no-column1`): the wedges are their 2025–2026
//! measures. The law is queried on the line's 6-digit HS subheading, which
//! the three countries share (US national items are never used for a
//! Canadian or Mexican import). Every line is flagged `mirror-proxy`.

use std::collections::BTreeMap;

use autopact_law::money::round_cents;
use autopact_mrio::Mrio;
use rust_decimal::Decimal;

use crate::types::{LineInfo, LinkError, LinkField, TradeLine};

/// Where each exporter's goods come from for the law, and what the proxy
/// left out.
#[derive(Debug, Clone, PartialEq)]
pub struct Mirror {
    /// The proxy lines (`proxy = true`, `region` = the exporter).
    pub lines: Vec<TradeLine>,
    /// What the proxy is and what it could not cover, in words.
    pub notes: Vec<String>,
}

/// Table flows exporter → `importer` by sector, USD million a year:
/// `[exporter][sector]`.
pub fn table_flows(m: &Mrio, importer: usize) -> Vec<Vec<f64>> {
    let n = m.n_sectors();
    let z = m.z();
    let y = m.y();
    let fd: Vec<usize> = m
        .final_demand()
        .iter()
        .enumerate()
        .filter(|(_, c)| c.region == m.regions()[importer])
        .map(|(j, _)| j)
        .collect();
    (0..m.n_regions())
        .map(|e| {
            (0..n)
                .map(|k| {
                    let row = e * n + k;
                    let inter: f64 = (0..n).map(|j| z[(row, importer * n + j)]).sum();
                    let fin: f64 = fd.iter().map(|&f| y[(row, f)]).sum();
                    inter + fin
                })
                .collect()
        })
        .collect()
}

/// The mirror-proxy lines of `importer` (a table region, CAN or MEX) for
/// the exporters `(region, origin ISO2)`, from `own`, the importer
/// country's exports to the US of a month (origin = `own_origin`).
#[allow(clippy::too_many_arguments)]
pub fn mirror_lines(
    m: &Mrio,
    importer: &str,
    own_origin: &str,
    own: &[TradeLine],
    month: &str,
    info: &BTreeMap<String, LineInfo>,
    sector_of_gtap: &BTreeMap<String, String>,
    exporters: &[(String, String)],
) -> Result<Mirror, LinkError> {
    let imp = m
        .region_index(importer)
        .map_err(|e| LinkError::field(LinkField::Importer, e.to_string()))?;
    let flows = table_flows(m, imp);
    // The importer's exports to the US by table sector, per line.
    let mut by_sector: BTreeMap<&str, Vec<&TradeLine>> = BTreeMap::new();
    let mut sector_total: BTreeMap<&str, Decimal> = BTreeMap::new();
    for l in own
        .iter()
        .filter(|l| l.origin == own_origin && !l.proxy && l.value > Decimal::ZERO)
    {
        let Some(k) = info
            .get(&l.hts10)
            .and_then(|i| i.gtap.as_ref())
            .and_then(|g| sector_of_gtap.get(g))
        else {
            continue;
        };
        by_sector.entry(k.as_str()).or_default().push(l);
        *sector_total.entry(k.as_str()).or_default() += l.value;
    }
    let usmca = ["USA", "CAN", "MEX"];
    let mut lines = Vec::new();
    let mut uncovered: Vec<String> = Vec::new();
    for (e_region, e_origin) in exporters {
        if e_region == importer {
            continue;
        }
        let e = m
            .region_index(e_region)
            .map_err(|x| LinkError::Input(x.to_string()))?;
        let mirrored_claim = usmca.contains(&e_region.as_str()) && usmca.contains(&importer);
        for (k, sector) in m.sectors().iter().enumerate() {
            let f = flows[e][k];
            if f.is_nan() || f <= 0.0 {
                continue;
            }
            let Some(own_lines) = by_sector.get(sector.as_str()) else {
                uncovered.push(format!("{e_region} {sector} (USD {f:.0} million a year)"));
                continue;
            };
            let total = sector_total[sector.as_str()];
            let month_value = Decimal::from_f64_retain(f).unwrap_or_default().round_dp(6)
                * Decimal::from(1_000_000)
                / Decimal::from(12);
            for l in own_lines {
                let value = round_cents(month_value * l.value / total);
                if value <= Decimal::ZERO {
                    continue;
                }
                let usmca_value = if mirrored_claim {
                    round_cents(value * l.usmca_value / l.value).min(value)
                } else {
                    Decimal::ZERO
                };
                lines.push(TradeLine {
                    hts10: l.hts10.clone(),
                    origin: e_origin.clone(),
                    value,
                    usmca_value,
                    proxy: true,
                    region: Some(e_region.clone()),
                    claim: None,
                });
            }
        }
    }
    let mut notes = vec![format!(
        "mirror proxy for importer {importer} (no {importer} imports by line in the data): each exporter's sales to {importer} in a table sector are the table's flow (intermediate + final use, USD million a year at table prices, ÷ 12 for a month), spread over the HTS lines of the sector in proportion to {own_origin}'s exports to the US in {month} (mirrored composition); for North American exporters the USMCA/CUSMA share of each line is mirrored too; the law is applied on the 6-digit HS subheading with each exporter's representative origin ({})",
        exporters
            .iter()
            .filter(|(r, _)| r != importer)
            .map(|(r, o)| format!("{r} as {o}"))
            .collect::<Vec<_>>()
            .join(", ")
    )];
    if !uncovered.is_empty() {
        notes.push(format!(
            "{} exporter-sector flows have no {own_origin} exports to the US in {month} to spread over and no proxy lines: {}",
            uncovered.len(),
            uncovered.join("; ")
        ));
    }
    Ok(Mirror { lines, notes })
}
