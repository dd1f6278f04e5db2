//! The requests of the law engine's commands: `duty`, `roo` and `wedges`
//! (the law on real trade). The MRIO commands' requests, and the law
//! options they share, are in the parent module.

use super::*;

flag_enum! {
    /// Tariff-rate quota status.
    Quota {
        /// Within the quota.
        #[default]
        In,
        /// Over the quota.
        Out,
    }
}

/// `duty`: the duty stack a good owes on an entry date, layer by layer.
///
/// Money (`value`, `*_content`) is a plain decimal in the entry's currency,
/// as a JSON string or number; percentages likewise.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "clap", derive(clap::Args))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DutyRequest {
    /// Importing country: US, CA or MX.
    #[cfg_attr(feature = "clap", arg(long))]
    pub importer: String,
    /// Entry date (YYYY-MM-DD).
    #[cfg_attr(feature = "clap", arg(long))]
    pub date: String,
    /// Tariff code of the good (e.g. 8703.23.01).
    #[cfg_attr(feature = "clap", arg(long))]
    pub hts: String,
    /// Country of origin (ISO alpha-2, e.g. JP).
    #[cfg_attr(feature = "clap", arg(long))]
    pub origin: String,
    /// Customs value (entered value / value for duty), plain decimal.
    #[cfg_attr(feature = "clap", arg(long))]
    #[serde(deserialize_with = "text::required")]
    pub value: String,
    /// The good is USMCA/CUSMA-originating and preference is claimed.
    #[cfg_attr(feature = "clap", arg(long))]
    #[serde(default)]
    pub usmca_qualifying: bool,
    /// Commerce-approved US content (amount).
    #[cfg_attr(feature = "clap", arg(long, value_name = "AMOUNT"))]
    #[serde(default, deserialize_with = "text::optional")]
    pub us_content: Option<String>,
    /// Canadian plus Mexican originating content (amount), for Canada's vehicle surtax.
    #[cfg_attr(feature = "clap", arg(long, value_name = "AMOUNT"))]
    #[serde(default, deserialize_with = "text::optional")]
    pub ca_mx_content: Option<String>,
    /// Value of the steel content (amount).
    #[cfg_attr(feature = "clap", arg(long, value_name = "AMOUNT"))]
    #[serde(default, deserialize_with = "text::optional")]
    pub steel_content: Option<String>,
    /// Value of the aluminum content (amount).
    #[cfg_attr(feature = "clap", arg(long, value_name = "AMOUNT"))]
    #[serde(default, deserialize_with = "text::optional")]
    pub aluminum_content: Option<String>,
    /// Value of the copper content (amount).
    #[cfg_attr(feature = "clap", arg(long, value_name = "AMOUNT"))]
    #[serde(default, deserialize_with = "text::optional")]
    pub copper_content: Option<String>,
    /// Country where the steel was melted and poured.
    #[cfg_attr(feature = "clap", arg(long, value_name = "COUNTRY"))]
    #[serde(default)]
    pub melt_pour: Option<String>,
    /// Country where the aluminum was smelted and cast.
    #[cfg_attr(feature = "clap", arg(long, value_name = "COUNTRY"))]
    #[serde(default)]
    pub smelt_cast: Option<String>,
    /// Metal share of the good's weight, percent (2026 §232 metals rules).
    #[cfg_attr(feature = "clap", arg(long, value_name = "PCT"))]
    #[serde(default, deserialize_with = "text::optional")]
    pub metal_weight_share: Option<String>,
    /// Tariff-rate quota status.
    #[cfg_attr(feature = "clap", arg(long, value_enum))]
    #[serde(default)]
    pub quota: Option<Quota>,
    /// Claim surtax remission (Canada's remission orders).
    #[cfg_attr(feature = "clap", arg(long))]
    #[serde(default)]
    pub remission: bool,
    /// Imported for use in manufacturing motor vehicles, chassis or their parts.
    #[cfg_attr(feature = "clap", arg(long))]
    #[serde(default)]
    pub vehicle_manufacturing: bool,
    /// Age of the vehicle in years (§232: vehicles 25 years old or older).
    #[cfg_attr(feature = "clap", arg(long, value_name = "YEARS"))]
    #[serde(default)]
    pub vehicle_age: Option<u32>,
    /// Date the good was loaded for export (YYYY-MM-DD), for in-transit rules.
    #[cfg_attr(feature = "clap", arg(long, value_name = "DATE"))]
    #[serde(default, deserialize_with = "text::optional")]
    pub loaded: Option<String>,
    /// A list the good is on that the law data cannot itemize (repeatable):
    /// us232-auto-parts-inclusion, ca-surtax-2025-1, ca-surtax-2025-95-other.
    #[cfg_attr(feature = "clap", arg(long, value_name = "LIST"))]
    #[serde(default, deserialize_with = "one_or_many")]
    pub listed: Vec<String>,
    /// Column-1 (MFN) rate in percent, when autopact's data lack it or you know better.
    #[cfg_attr(feature = "clap", arg(long, value_name = "PCT"))]
    #[serde(default, deserialize_with = "text::optional")]
    pub mfn_rate: Option<String>,
    /// Quantity in the unit of the line's specific rate (kg, liter, No., …), for specific or compound column-1 rates.
    #[cfg_attr(feature = "clap", arg(long, value_name = "QTY"))]
    #[serde(default, deserialize_with = "text::optional")]
    pub quantity: Option<String>,
    /// Include measures marked UNCONFIRMED (flagged in the result).
    #[cfg_attr(feature = "clap", arg(long))]
    #[serde(default)]
    pub include_unconfirmed: bool,
    /// Allow entry dates after the law data's as-of date.
    #[cfg_attr(feature = "clap", arg(long))]
    #[serde(default)]
    pub beyond_as_of: bool,
}

/// `roo` over HTTP: USMCA rules of origin for a BOM, cost sheets or a
/// built-in reference vehicle. Exactly one of `bom`, `bom_xlsx`,
/// `cost_sheet` and `vehicle`. The CLI's `--bom FILE` and `--cost-sheet
/// FILE` become the files' contents here (the server reads no file a
/// request names).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RooRequest {
    /// Date of the determination (YYYY-MM-DD): thresholds by date.
    pub date: String,
    /// Bill of materials as CSV text (the columns of `docs/bom.md`).
    #[serde(default)]
    pub bom: Option<String>,
    /// Bill of materials as an XLSX workbook, base64-encoded.
    #[serde(default)]
    pub bom_xlsx: Option<String>,
    /// XLSX sheet holding the BOM [default: BOM].
    #[serde(default)]
    pub sheet: Option<String>,
    /// Cost sheets (TOML text with the regulation's cost names); several
    /// are averaged (SOR/2020-155 s.16): the costs are summed.
    #[serde(default, deserialize_with = "one_or_many")]
    pub cost_sheet: Vec<String>,
    /// A built-in illustrative reference vehicle (e.g. `ontario-suv`).
    #[serde(default)]
    pub vehicle: Option<String>,
    /// Category, overriding what the tariff code implies.
    #[serde(default)]
    pub category: Option<String>,
    /// RVC threshold (percent) for a good outside the automotive tables.
    #[serde(default, deserialize_with = "text::optional")]
    pub rvc_threshold: Option<String>,
    /// Allow dates after the law data's as-of date.
    #[serde(default)]
    pub beyond_as_of: bool,
}

flag_enum! {
    /// Level of a wedges report.
    WedgesBy {
        /// One row per HTS10 line × origin.
        Line,
        /// One row per importer × exporter × table sector.
        #[default]
        Sector,
        /// Duty raised by each measure, per exporter.
        Measure,
    }
}

with_law_options! {
/// `wedges`: effective tariff rates from the law on real trade, per line,
/// per table sector, per measure, or as a monthly series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "clap", derive(clap::Args))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct WedgesRequest {
    /// Importing region (table code). Default: USA, the importer with shipped
    /// line weights; CAN and MEX take --weights FILE, or else a flagged
    /// mirror proxy (the table's flows spread over their own exports to the US).
    #[cfg_attr(feature = "clap", arg(long))]
    #[serde(default)]
    pub importer: Option<String>,
    /// Entry date (YYYY-MM-DD).
    #[cfg_attr(feature = "clap", arg(long, required_unless_present = "series"))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    #[serde(default)]
    pub date: Option<autopact_law::NaiveDate>,
    /// Only this exporter: a table region (CAN) or an ISO code (CA, CAN).
    #[cfg_attr(feature = "clap", arg(long))]
    #[serde(default)]
    pub origin: Option<String>,
    /// Level of the report.
    #[cfg_attr(feature = "clap", arg(long, value_enum, default_value_t = WedgesBy::Sector))]
    #[serde(default)]
    pub by: WedgesBy,
    /// The monthly series: each month of the shipped data under the law in
    /// force on its 15th, all goods and each sector, for Canada and Mexico
    /// (or --origin).
    #[cfg_attr(feature = "clap", arg(long, conflicts_with_all = ["date", "weights"]))]
    #[serde(default)]
    pub series: bool,
    /// With the series: reconcile it with the duties Census shows were
    /// collected — a CSV `month,exporter,imports_usd,calculated_duty_usd`
    /// (exporter as a table region or an ISO/Census country code; on the
    /// command line a file, in the API the CSV text itself), or `published`
    /// for the monthly rates published by banks and agencies quoting Census
    /// (shipped, with their sources). Gives the model and collected rates
    /// per month, the gap and its causes.
    #[cfg_attr(feature = "clap", arg(long, value_name = "FILE", requires = "series"))]
    #[serde(default)]
    pub collected: Option<String>,
    /// National tables: the rates' change is against the law on this
    /// date (its rates are already in the table's prices).
    #[cfg_attr(feature = "clap", arg(long, value_name = "DATE", default_value = "2025-01-01"))]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    #[serde(default = "baseline")]
    pub baseline: autopact_law::NaiveDate,
}
}
