//! From a table, a date and a user's options to the wedges — the glue every
//! front end shares (`wedges`, `price --law`, `jobs --law`, `overview`,
//! scenarios' `from_law`, the HTTP API).
//!
//! Why here and pure: the CLI and the server must derive the *same* wedges
//! from the same options. What needs files (the shipped trade months, a
//! user's weights file, the concordances) is read by `autopact-data` into
//! a [`LinkData`]; everything after that — proxies, the origin filter, the
//! duty stack, the conversion to price-model tariffs — happens here on
//! values.

use std::collections::BTreeMap;

use autopact_law::{LawDb, NaiveDate};
use autopact_mrio::{AppliesTo, Mrio, TariffWedge};
use rust_decimal::Decimal;

use crate::claims::{ClaimReference, ClaimReport};
use crate::compute::compute;
use crate::proxy::{ProxyOrigin, proxy_lines};
use crate::types::{
    Assumptions, DEFAULT_US_CONTENT_SOURCE, GtapImports, LineInfo, LinkError, LinkField,
    WedgeInput, Wedges, Weights,
};

/// How the wedges are derived from the law: the options of `autopact
/// wedges` (and `price --law`, …) as values.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LawOptions {
    /// Trade weights: a shipped month `YYYY-MM`, a weights file (read by
    /// `autopact-data`), or `None` for the latest month not after the date.
    pub weights: Option<String>,
    /// Share of Canadian and Mexican value treated as USMCA-qualifying.
    pub usmca_share: Option<Decimal>,
    /// US content of USMCA-qualifying vehicles.
    pub us_content: Option<Decimal>,
    /// Do not use the metal-content shares.
    pub no_metal_content: bool,
    /// Use measures the law data mark unconfirmed.
    pub include_unconfirmed: bool,
    /// Measures switched off (ids or `prefix.*` patterns).
    pub measures_off: Vec<String>,
    /// No proxy weights for partners without line data.
    pub no_proxies: bool,
    /// Allow dates after the law data's as-of date.
    pub beyond_as_of: bool,
    /// Use the USMCA claims as recorded, without the corrections of
    /// [`crate::claims`].
    pub raw_claims: bool,
}

/// Where the trade weights come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WeightsChoice<'a> {
    /// The latest shipped month not after the date.
    Latest,
    /// A shipped month `YYYY-MM`.
    Month(&'a str),
    /// A user's file (a path).
    File(&'a str),
}

/// Is `s` written like a month `YYYY-MM` (rather than a file name)?
pub fn is_month(s: &str) -> bool {
    s.len() == 7 && s.as_bytes()[4] == b'-'
}

impl LawOptions {
    /// Where the weights come from.
    pub fn weights_choice(&self) -> WeightsChoice<'_> {
        match &self.weights {
            None => WeightsChoice::Latest,
            Some(w) if is_month(w) => WeightsChoice::Month(w),
            Some(f) => WeightsChoice::File(f),
        }
    }

    /// The assumptions these options set (shares checked to lie in 0–1).
    pub fn assumptions(&self) -> Result<Assumptions, LinkError> {
        let mut a = Assumptions::default();
        for (field, v) in [
            (LinkField::UsmcaShare, self.usmca_share),
            (LinkField::UsContent, self.us_content),
        ] {
            if let Some(v) = v
                && (v < Decimal::ZERO || v > Decimal::ONE)
            {
                let flag = field.name().replace('_', "-");
                return Err(LinkError::field(
                    field,
                    format!("--{flag} {v}: a share between 0 and 1"),
                ));
            }
        }
        a.usmca_claim_share = self.usmca_share;
        if let Some(u) = self.us_content {
            a.us_content_share = u;
            a.us_content_source = "set by the user (--us-content)".into();
        } else {
            a.us_content_source = DEFAULT_US_CONTENT_SOURCE.into();
        }
        a.metal_content = !self.no_metal_content;
        a.include_unconfirmed = self.include_unconfirmed;
        a.measures_off = self.measures_off.clone();
        Ok(a)
    }
}

/// The law's importer country (ISO2) of a table region.
pub fn importer_country(region: &str) -> Result<&'static str, LinkError> {
    match autopact_law::country::alpha2(region) {
        Some(c @ ("US" | "CA" | "MX")) if autopact_law::country::alpha3(region) == Some(region) => {
            Ok(c)
        }
        _ => Err(LinkError::field(
            LinkField::Importer,
            format!("no law data for importer {region:?}: autopact's law covers USA, CAN and MEX"),
        )),
    }
}

/// Everything read from data files that a derivation needs, for one table.
#[derive(Debug, Clone)]
pub struct LinkData {
    /// The trade weights.
    pub weights: Weights,
    /// True when the weights are a user's file (no proxies are added).
    pub user_file: bool,
    /// HTS10 → line facts.
    pub line_info: BTreeMap<String, LineInfo>,
    /// 2024 GTAP imports by partner group (for proxies).
    pub gtap_imports: GtapImports,
    /// Name of the GTAP → table-sector concordance.
    pub concordance: String,
    /// GTAP sector → table sector.
    pub sector_of_gtap: BTreeMap<String, String>,
    /// Origin ISO2 → table region.
    pub region_of_origin: BTreeMap<String, String>,
    /// Table regions without line weights and how they are proxied.
    pub proxies: Vec<ProxyOrigin>,
    /// Any country code a user may write (ISO2, ISO3, Census; upper case)
    /// → ISO2.
    pub iso2_of: BTreeMap<String, String>,
    /// The claim floors of the reference months, when the weights' month
    /// needs them ([`crate::claims::needs_reference`]) and the claims are
    /// corrected.
    pub claim_reference: Option<std::sync::Arc<ClaimReference>>,
}

/// What [`derive`] returns besides the wedges.
#[derive(Debug, Clone)]
pub struct Derived {
    /// The wedges.
    pub wedges: Wedges,
    /// Name of the sector concordance used.
    pub concordance: String,
    /// Proxy notes (groups, uncovered sectors).
    pub proxy_notes: Vec<String>,
    /// What the claim correction did (`None`: claims as recorded — a
    /// user's file, `--raw-claims` or `--usmca-share`).
    pub claims: Option<ClaimReport>,
}

impl LawOptions {
    /// Whether the recorded claims of these weights are corrected.
    pub fn corrects_claims(&self, user_file: bool) -> bool {
        !self.raw_claims && !user_file && self.usmca_share.is_none()
    }
}

/// Resolves an origin filter (a table region or a country code) to ISO2
/// origins.
pub fn origin_filter(m: &Mrio, origin: &str, data: &LinkData) -> Result<Vec<String>, LinkError> {
    if m.regions().iter().any(|r| r == origin) {
        return Ok(data
            .region_of_origin
            .iter()
            .filter(|(_, r)| *r == origin)
            .map(|(i, _)| i.clone())
            .collect());
    }
    match data.iso2_of.get(&origin.to_uppercase()) {
        Some(i) => Ok(vec![i.clone()]),
        None => Err(LinkError::field(
            LinkField::Origin,
            format!(
                "--origin {origin:?} is neither a region of the table ({}) nor an ISO/Census country code",
                m.regions().join(", ")
            ),
        )),
    }
}

/// Derives the wedges of `importer` (a table region) on `date` from the
/// law `db` and the data read for the table.
pub fn derive(
    db: &LawDb,
    m: &Mrio,
    importer: &str,
    date: NaiveDate,
    origin: Option<&str>,
    opts: &LawOptions,
    data: &LinkData,
) -> Result<Derived, LinkError> {
    let country = importer_country(importer)?;
    let mut base = data.weights.lines.clone();
    let claims = match &data.weights.period {
        Some(p) if opts.corrects_claims(data.user_file) => Some(crate::claims::correct_claims(
            p,
            &mut base,
            data.claim_reference.as_deref(),
        )),
        _ => None,
    };
    let mut lines = base.clone();
    let mut proxy_notes = Vec::new();
    let mut weights_label = data.weights.label.clone();
    if country != "US" && !data.user_file {
        if opts.no_proxies {
            return Err(LinkError::field(
                LinkField::Weights,
                format!(
                    "the shipped weights are US imports: for importer {importer} without proxies give its imports with --weights FILE"
                ),
            ));
        }
        let month = data.weights.period.clone().unwrap_or_default();
        let mut exporters: Vec<(String, String)> = Vec::new();
        for (r, o) in [("USA", "US"), ("CAN", "CA"), ("MEX", "MX")]
            .into_iter()
            .map(|(r, o)| (r.to_string(), o.to_string()))
            .chain(
                data.proxies
                    .iter()
                    .map(|p| (p.region.clone(), p.origin.clone())),
            )
        {
            // One origin per region (a group region proxied twice for the
            // US, such as EUR, takes its first).
            if m.regions().contains(&r) && !exporters.iter().any(|(x, _)| *x == r) {
                exporters.push((r, o));
            }
        }
        let mirror = crate::mirror::mirror_lines(
            m,
            importer,
            country,
            &base,
            &month,
            &data.line_info,
            &data.sector_of_gtap,
            &exporters,
        )?;
        lines = mirror.lines;
        proxy_notes = mirror.notes;
        weights_label = format!(
            "mirror proxy for {importer} ({month}; see the proxy notes), from {}",
            data.weights.label
        );
    } else if !data.user_file && !opts.no_proxies {
        for p in &data.proxies {
            let (pl, uncovered) = proxy_lines(&base, &data.line_info, &data.gtap_imports, p);
            let missing: Decimal = uncovered.iter().map(|(_, v)| *v).sum();
            proxy_notes.push(format!(
                "{} (law applied as origin {}): 2024 GTAP imports of group \"{}\" spread over Canada's and Mexico's lines; {} GTAP sectors with USD {} million a year have no North American lines and no proxy",
                p.region, p.origin, p.group, uncovered.len(), missing.round_dp(0)
            ));
            lines.extend(pl);
        }
    }
    if let Some(o) = origin {
        let keep = origin_filter(m, o, data)?;
        // A table region keeps its own lines: a proxy line of a group
        // region (APA, ROW) says its region, and its origin is only the
        // country whose law it is charged under (which may map elsewhere).
        let is_region = m.regions().iter().any(|r| r == o);
        lines.retain(|l| match (&l.region, is_region) {
            (Some(region), true) => region == o,
            _ => keep.contains(&l.origin),
        });
        if lines.is_empty() {
            return Err(LinkError::field(
                LinkField::Origin,
                format!("no trade lines from origin {o} in the weights"),
            ));
        }
    }
    let input = WedgeInput {
        importer: country.into(),
        importer_region: importer.into(),
        date,
        beyond_as_of: opts.beyond_as_of,
        lines: &lines,
        weights_label,
        line_info: &data.line_info,
        sector_of_gtap: &data.sector_of_gtap,
        region_of_origin: &data.region_of_origin,
        regions: m.regions(),
        sectors: m.sectors(),
        schedule: (country == "US").then(autopact_law::schedule::Schedule::builtin),
        assumptions: Assumptions {
            claims_corrected: claims.is_some(),
            ..opts.assumptions()?
        },
    };
    let wedges = compute(db, &input)?;
    Ok(Derived {
        wedges,
        concordance: data.concordance.clone(),
        proxy_notes,
        claims,
    })
}

/// The wedges of `d` with the USMCA claims as recorded: the lines whose
/// claim was corrected are priced again with their recorded USMCA value
/// and put in place of the corrected ones (every other line is the same
/// either way, so it is not recomputed). The sector and measure totals of
/// the result are left as in `d`: only its lines are meant to be read.
pub fn with_recorded_claims(
    db: &LawDb,
    m: &Mrio,
    d: &Derived,
    opts: &LawOptions,
    data: &LinkData,
) -> Result<Wedges, LinkError> {
    let w = &d.wedges;
    let changed: Vec<usize> = (0..w.lines.len())
        .filter(|&i| w.lines[i].usmca_value != w.lines[i].usmca_value_recorded)
        .collect();
    let lines: Vec<crate::types::TradeLine> = changed
        .iter()
        .map(|&i| {
            let l = &w.lines[i];
            crate::types::TradeLine {
                hts10: l.hts10.clone(),
                origin: l.origin.clone(),
                value: l.value,
                usmca_value: l.usmca_value_recorded,
                proxy: false,
                region: None,
                claim: None,
            }
        })
        .collect();
    let country = importer_country(&w.importer)?;
    let input = WedgeInput {
        importer: country.into(),
        importer_region: w.importer.clone(),
        date: w.date,
        beyond_as_of: opts.beyond_as_of,
        lines: &lines,
        weights_label: w.weights.clone(),
        line_info: &data.line_info,
        sector_of_gtap: &data.sector_of_gtap,
        region_of_origin: &data.region_of_origin,
        regions: m.regions(),
        sectors: m.sectors(),
        schedule: (country == "US").then(autopact_law::schedule::Schedule::builtin),
        assumptions: opts.assumptions()?,
    };
    let again = compute(db, &input)?;
    let mut out = w.clone();
    for (&i, l) in changed.iter().zip(again.lines) {
        out.lines[i] = l;
    }
    Ok(out)
}

fn rate_f64(rate: Decimal) -> Result<f64, LinkError> {
    rate.to_string()
        .parse::<f64>()
        .map_err(|e| LinkError::Input(format!("rate {rate}: {e}")))
}

fn table_error(e: autopact_mrio::MrioError) -> LinkError {
    LinkError::Input(e.to_string())
}

/// The sector wedges as price-model tariffs (exporter = importer rows skipped).
pub fn to_tariffs(
    m: &Mrio,
    w: &Wedges,
    applies_to: AppliesTo,
) -> Result<Vec<TariffWedge>, LinkError> {
    let imp = m.region_index(&w.importer).map_err(table_error)?;
    w.sectors
        .iter()
        .filter(|s| s.exporter != w.importer)
        .map(|s| {
            Ok(TariffWedge {
                importer: imp,
                exporter: m.region_index(&s.exporter).map_err(table_error)?,
                sectors: vec![m.sector_index(&s.sector).map_err(table_error)?],
                rate: rate_f64(s.rate)?,
                applies_to,
            })
        })
        .collect()
}

/// The sector wedges written as `--tariff` specs (the rate in full
/// decimal precision), so that `price --tariff` can reproduce `price --law`.
pub fn tariff_specs(w: &Wedges) -> Vec<String> {
    w.sectors
        .iter()
        .filter(|s| s.exporter != w.importer)
        .map(|s| {
            format!(
                "{}:{}:{}:{}",
                w.importer,
                s.exporter,
                s.sector,
                s.rate.normalize()
            )
        })
        .collect()
}

/// The derivation as result metadata (key, value), in order.
pub fn derivation_meta(d: &Derived) -> Vec<(String, String)> {
    let w = &d.wedges;
    let mut out = vec![
        ("law_date".to_string(), w.date.to_string()),
        ("law_data_as_of".to_string(), w.law_as_of.to_string()),
        ("weights".to_string(), w.weights.clone()),
        (
            "sector_concordance".to_string(),
            format!("HTS10 → GTAP (Budget Lab crosswalk) → {}", d.concordance),
        ),
    ];
    for (k, a) in w.assumptions.iter().enumerate() {
        out.push((format!("assumption_{}", k + 1), a.clone()));
    }
    for p in &d.proxy_notes {
        out.push(("proxy".to_string(), p.clone()));
    }
    for c in d.claims.iter().flat_map(ClaimReport::describe) {
        out.push(("claims".to_string(), c));
    }
    for f in &w.flags {
        out.push((format!("flag_{}", f.id), flag_message(f)));
    }
    out
}

fn flag_message(f: &crate::types::Flag) -> String {
    format!(
        "{} lines (USD {}): {}",
        f.lines,
        f.value.round_dp(0),
        f.meaning
    )
}

/// The flags a user should be warned about (unmapped value, lines without
/// a column-1 rate), worded.
pub fn derivation_warnings(d: &Derived) -> Vec<String> {
    d.wedges
        .flags
        .iter()
        .filter(|f| matches!(f.id.as_str(), "unmapped" | "no-column1"))
        .map(flag_message)
        .collect()
}

/// `(exporter, sector, rate)` of each flow.
pub type FlowRates = Vec<(String, String, f64)>;

/// The rates of `exporters`' `sectors` (a scenario's `from_law` tariffs)
/// and the derivation as one sentence.
pub fn scenario_rates(
    d: &Derived,
    exporters: &[String],
    sectors: &[String],
) -> Result<(FlowRates, String), LinkError> {
    let rates = d
        .wedges
        .sectors
        .iter()
        .filter(|s| exporters.contains(&s.exporter) && sectors.contains(&s.sector))
        .map(|s| Ok((s.exporter.clone(), s.sector.clone(), rate_f64(s.rate)?)))
        .collect::<Result<Vec<_>, LinkError>>()?;
    let mut parts = vec![
        format!(
            "duty ÷ value of the lines of each exporter and sector under the law in force on {} (law data as of {})",
            d.wedges.date, d.wedges.law_as_of
        ),
        format!("weights: {}", d.wedges.weights),
        format!("sectors: HTS10 → GTAP → {}", d.concordance),
    ];
    parts.extend(d.wedges.assumptions.iter().cloned());
    parts.extend(d.claims.iter().flat_map(ClaimReport::describe));
    parts.extend(d.proxy_notes.iter().cloned());
    for f in &d.wedges.flags {
        parts.push(format!(
            "{}: {} lines, USD {} ({})",
            f.id,
            f.lines,
            f.value.round_dp(0),
            f.meaning
        ));
    }
    Ok((rates, parts.join("; ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn importers_are_the_three_law_countries() {
        assert_eq!(importer_country("USA").unwrap(), "US");
        assert_eq!(importer_country("CAN").unwrap(), "CA");
        assert_eq!(importer_country("MEX").unwrap(), "MX");
        let e = importer_country("JPN").unwrap_err().to_string();
        assert!(
            e.contains("\"JPN\"") && e.contains("USA, CAN and MEX"),
            "{e}"
        );
    }

    #[test]
    fn weights_are_a_month_a_file_or_the_latest() {
        let mut o = LawOptions::default();
        assert_eq!(o.weights_choice(), WeightsChoice::Latest);
        o.weights = Some("2025-10".into());
        assert_eq!(o.weights_choice(), WeightsChoice::Month("2025-10"));
        o.weights = Some("imports.csv".into());
        assert_eq!(o.weights_choice(), WeightsChoice::File("imports.csv"));
    }

    #[test]
    fn shares_outside_0_1_are_refused_and_set_ones_are_stated() {
        let o = LawOptions {
            us_content: Some(Decimal::new(15, 1)),
            ..LawOptions::default()
        };
        let e = o.assumptions().unwrap_err().to_string();
        assert!(e.contains("--us-content 1.5"), "{e}");
        let o = LawOptions {
            us_content: Some(Decimal::new(4, 1)),
            no_metal_content: true,
            measures_off: vec!["us.232.*".into()],
            ..LawOptions::default()
        };
        let a = o.assumptions().unwrap();
        assert_eq!(a.us_content_share, Decimal::new(4, 1));
        assert!(a.us_content_source.contains("--us-content"));
        assert!(!a.metal_content);
        assert_eq!(a.measures_off, vec!["us.232.*".to_string()]);
        assert_eq!(
            LawOptions::default()
                .assumptions()
                .unwrap()
                .us_content_source,
            DEFAULT_US_CONTENT_SOURCE
        );
    }
}
