//! The values that go into and come out of a wedge computation.

use std::collections::BTreeMap;

use autopact_law::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

/// One HTS10 line × origin of a month's imports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TradeLine {
    /// Ten-digit HTS code, digits only.
    pub hts10: String,
    /// Origin, ISO 3166 alpha-2 (`CA`, `MX`, …).
    pub origin: String,
    /// Customs value, USD.
    pub value: Decimal,
    /// Part of `value` entered under USMCA (special program indicators S/S+), USD.
    pub usmca_value: Decimal,
    /// True when the value is a proxy (a partner without line weights).
    pub proxy: bool,
    /// Table region the line belongs to when it is not the origin's own
    /// (proxy lines of a group region such as APA).
    pub region: Option<String>,
    /// Set when `usmca_value` is not the recorded one (see
    /// [`crate::claims`]): the recorded value and why it changed.
    pub claim: Option<crate::claims::ClaimAdjustment>,
}

/// A set of trade weights: a month of the shipped data or a user's file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Weights {
    /// What they are, for the result's metadata.
    pub label: String,
    /// Month `YYYY-MM` of shipped data; `None` for a user's file.
    pub period: Option<String>,
    /// The lines.
    pub lines: Vec<TradeLine>,
}

/// What is known about one HTS10 line beyond its value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LineInfo {
    /// GTAP sector code (lower case), `None` when no concordance maps it.
    pub gtap: Option<String>,
    /// How the GTAP code was found: `crosswalk`, `hs6`, `hs4`, or `none`.
    pub mapped_by: String,
    /// Steel share of the good's value (0–1), BEA total requirements.
    pub steel: Decimal,
    /// Aluminum share of the good's value.
    pub aluminum: Decimal,
    /// Copper share of the good's value.
    pub copper: Decimal,
    /// True when the metal shares are from data (false: none known, 0 used and flagged).
    pub metal_known: bool,
    /// Where the shares come from: `line` (the line's own BEA commodity),
    /// `bea CODE of the hsN siblings` (imputed from the commodity of the
    /// line's siblings, flagged), or empty (none).
    pub metal_from: String,
}

/// 2024 US imports by GTAP sector and partner group, USD million.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GtapImports {
    /// Partner groups in column order (`china`, `row`, `canada`, …).
    pub groups: Vec<String>,
    /// GTAP sector (lower case) → value per group.
    pub rows: BTreeMap<String, Vec<Decimal>>,
}

impl GtapImports {
    /// The value of a sector for a group (USD million), if both are known.
    pub fn get(&self, gtap: &str, group: &str) -> Option<Decimal> {
        let g = self.groups.iter().position(|x| x == group)?;
        self.rows.get(gtap).map(|r| r[g])
    }
}

/// The facts taken as assumptions, each overridable and listed in every
/// result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Assumptions {
    /// Share of each line's value treated as USMCA-qualifying. `None`: the
    /// line's own `usmca_value` ÷ `value` from the data.
    pub usmca_claim_share: Option<Decimal>,
    /// The recorded claims are corrected ([`crate::claims`]); false with
    /// `--raw-claims` or a user's weights file.
    pub claims_corrected: bool,
    /// US content of USMCA-qualifying vehicles (share of value) for the
    /// Section 232 non-US-content rule.
    pub us_content_share: Decimal,
    /// Where the US content share comes from and how sure it is.
    pub us_content_source: String,
    /// Use the metal-content shares for steel/aluminum content (else no
    /// content is stated and content-based measures do not apply).
    pub metal_content: bool,
    /// Use measures the law data mark unconfirmed.
    pub include_unconfirmed: bool,
    /// Measure ids (or `prefix.*` patterns) switched off.
    pub measures_off: Vec<String>,
}

impl Default for Assumptions {
    fn default() -> Self {
        Assumptions {
            usmca_claim_share: None,
            claims_corrected: false,
            us_content_share: Decimal::new(50, 2),
            us_content_source: DEFAULT_US_CONTENT_SOURCE.into(),
            metal_content: true,
            include_unconfirmed: false,
            measures_off: Vec::new(),
        }
    }
}

/// Source of the default US content share of USMCA vehicles.
pub const DEFAULT_US_CONTENT_SOURCE: &str = "50%: trade-law fact sheet section E (US content of Canadian-assembled USMCA vehicles, SECONDARY, not verified; Mexico's is given there as 40%, UNCONFIRMED); override with --us-content";

impl Assumptions {
    /// The assumptions as sentences, for results.
    pub fn describe(&self) -> Vec<String> {
        let mut v = vec![match self.usmca_claim_share {
            None if self.claims_corrected => "USMCA claim: the part of each line's value entered under USMCA (special program indicators S/S+) is treated as USMCA-qualifying, the rest as not; corrected where the records are known to miss claims (2025-03…2025-06: each line at least its 2025-07…09 share; pipeline gas and electricity, entered without a program indicator: qualifying), see the claims notes; --raw-claims uses the records as they are".to_string(),
            None => "USMCA claim: the part of each line's value entered under USMCA (special program indicators S/S+) is treated as USMCA-qualifying, the rest as not (claims as recorded, uncorrected)".to_string(),
            Some(s) => format!("USMCA claim: {s} of every Canadian and Mexican line's value is treated as USMCA-qualifying (user override of the data's claim shares)"),
        }];
        v.push(format!(
            "US content of USMCA-qualifying vehicles: {} of value ({})",
            self.us_content_share, self.us_content_source
        ));
        v.push(if self.metal_content {
            "steel, aluminum and copper content = value × the line's metal shares (BEA input-output total requirements via the Budget Lab tariff tracker; lines without their own take those of their siblings' BEA commodity, flagged metal-share-imputed; lines with none: 0, flagged no-metal-share); the §232 metals duties fall on these contents only".into()
        } else {
            "metal content taken as 0 (--no-metal-content): the §232 duties on metal content are left out".into()
        });
        if self.include_unconfirmed {
            v.push("measures marked unconfirmed are included".into());
        } else {
            v.push("measures marked unconfirmed are left out".into());
        }
        if !self.measures_off.is_empty() {
            v.push(format!(
                "measures switched off: {}",
                self.measures_off.join(", ")
            ));
        }
        v
    }
}

/// Everything a wedge computation needs besides the law.
#[derive(Debug, Clone)]
pub struct WedgeInput<'a> {
    /// Importing country of the law (`US`).
    pub importer: String,
    /// The importer's region code in the table (`USA`).
    pub importer_region: String,
    /// Entry date.
    pub date: NaiveDate,
    /// Allow dates after the law data's as-of date.
    pub beyond_as_of: bool,
    /// The trade weights (shipped month, user file, plus proxies).
    pub lines: &'a [TradeLine],
    /// Label of the weights.
    pub weights_label: String,
    /// HTS10 → what is known about the line.
    pub line_info: &'a BTreeMap<String, LineInfo>,
    /// GTAP sector → table sector.
    pub sector_of_gtap: &'a BTreeMap<String, String>,
    /// Origin ISO2 → table region.
    pub region_of_origin: &'a BTreeMap<String, String>,
    /// The table's regions, in order (rows come out in this order).
    pub regions: &'a [String],
    /// The table's sectors, in order.
    pub sectors: &'a [String],
    /// The importer's tariff schedule for column-1 rates (the US schedule);
    /// `None`: only the column-1 measures of the law data.
    pub schedule: Option<&'a autopact_law::schedule::Schedule>,
    /// The assumptions.
    pub assumptions: Assumptions,
}

/// One line × origin of the result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LineRow {
    /// HTS10.
    pub hts10: String,
    /// Origin (ISO2).
    pub origin: String,
    /// Exporting table region.
    pub exporter: String,
    /// Table sector, `None` when unmapped.
    pub sector: Option<String>,
    /// Customs value, USD.
    pub value: Decimal,
    /// Value treated as USMCA-qualifying, USD.
    pub usmca_value: Decimal,
    /// Value entered under USMCA as recorded in the data, USD (differs
    /// from `usmca_value` where the claims are corrected or overridden).
    pub usmca_value_recorded: Decimal,
    /// Duty, USD (sum of the two stacks' rounded layers).
    pub duty: Decimal,
    /// duty ÷ value.
    pub effective_rate: Decimal,
    /// Measures that raised (or remitted) duty, by id.
    pub measures: Vec<String>,
    /// Flags (`proxy`, `no-column1`, `specific-rate`, `unmapped`, `no-metal-share`, `unconfirmed`).
    pub flags: Vec<String>,
    /// Duty per measure (id → amount); sums to `duty`.
    #[serde(skip)]
    pub by_measure: Vec<(String, Decimal)>,
}

/// One importer × exporter × sector wedge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SectorRow {
    /// Importing region.
    pub importer: String,
    /// Exporting region.
    pub exporter: String,
    /// Table sector.
    pub sector: String,
    /// Customs value of the lines, USD.
    pub value: Decimal,
    /// Duty, USD.
    pub duty: Decimal,
    /// duty ÷ value (0 where the value is 0).
    pub rate: Decimal,
    /// Lines in the sum.
    pub lines: usize,
    /// True when any value is a proxy.
    pub proxy: bool,
    /// Value of the proxy lines in it, USD (how much of the rate rests on
    /// proxy weights).
    pub proxy_value: Decimal,
}

/// Duty raised by one measure on one exporter's goods.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MeasureRow {
    /// Exporting region.
    pub exporter: String,
    /// Table sector of the lines (`None`: unmapped lines).
    pub sector: Option<String>,
    /// Measure id.
    pub measure_id: String,
    /// Value of the lines the measure applied to, USD.
    pub value: Decimal,
    /// Duty it raised, USD (negative for remissions).
    pub duty: Decimal,
    /// Lines it applied to.
    pub lines: usize,
}

/// A counted warning: how many lines and how much value it concerns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Flag {
    /// Short id.
    pub id: String,
    /// What it means.
    pub meaning: String,
    /// Line rows concerned.
    pub lines: usize,
    /// Their value, USD.
    pub value: Decimal,
}

/// The answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Wedges {
    /// Importing region.
    pub importer: String,
    /// Entry date.
    pub date: NaiveDate,
    /// The law data's as-of date.
    pub law_as_of: NaiveDate,
    /// What the weights are.
    pub weights: String,
    /// Line rows, in input order.
    pub lines: Vec<LineRow>,
    /// Sector rows, regions × sectors in table order, for exporters with lines.
    pub sectors: Vec<SectorRow>,
    /// Measure rows, by exporter, sector (table order; unmapped last), then measure id.
    pub measures: Vec<MeasureRow>,
    /// The assumptions every number rests on.
    pub assumptions: Vec<String>,
    /// Counted warnings.
    pub flags: Vec<Flag>,
}

/// The request field a [`LinkError`] is about. Each front end names it its
/// own way (the CLI's `--usmca-share`, the API's `usmca_share`, Python's
/// keyword), so the error says which input to change without any front end
/// reading its message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkField {
    /// The importing region.
    Importer,
    /// The exporter/origin filter.
    Origin,
    /// The trade weights (a month or a file) and what they hold.
    Weights,
    /// The assumed USMCA claim share.
    UsmcaShare,
    /// The assumed US content of USMCA vehicles.
    UsContent,
    /// A measure switched off.
    MeasureOff,
    /// The entry date (outside the law data).
    Date,
}

impl LinkField {
    /// The field's name in snake_case (the API's JSON key; the CLI's flag
    /// is this with dashes).
    pub fn name(self) -> &'static str {
        match self {
            LinkField::Importer => "importer",
            LinkField::Origin => "origin",
            LinkField::Weights => "weights",
            LinkField::UsmcaShare => "usmca_share",
            LinkField::UsContent => "us_content",
            LinkField::MeasureOff => "measure_off",
            LinkField::Date => "date",
        }
    }
}

/// Why wedges cannot be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    /// The law engine refused an entry.
    #[error("HTS {hts10} from {origin}: {error}")]
    Law {
        /// Line.
        hts10: String,
        /// Origin.
        origin: String,
        /// What the law engine said (boxed: the duty errors are large and
        /// this one is rare).
        error: Box<autopact_law::duty::DutyError>,
    },
    /// A request field is unusable.
    #[error("{message}")]
    Field {
        /// Which field.
        field: LinkField,
        /// What is wrong, and what to do.
        message: String,
    },
    /// The table or a concordance does not fit (not a request field).
    #[error("{0}")]
    Input(String),
}

impl LinkError {
    /// An error about `field`.
    pub fn field(field: LinkField, message: impl Into<String>) -> Self {
        LinkError::Field {
            field,
            message: message.into(),
        }
    }

    /// The request field this error is about, when it is about one: the
    /// field named, or the date for an entry date outside the law data.
    pub fn about(&self) -> Option<LinkField> {
        match self {
            LinkError::Field { field, .. } => Some(*field),
            LinkError::Law { error, .. }
                if matches!(
                    **error,
                    autopact_law::duty::DutyError::DateOutsideData { .. }
                ) =>
            {
                Some(LinkField::Date)
            }
            _ => None,
        }
    }
}
