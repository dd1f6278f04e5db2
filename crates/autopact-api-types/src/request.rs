//! The parameters of each computation, as the CLI's flags and the API's
//! JSON bodies.
//!
//! Field names are the flags in snake_case (`--exporter` → `exporter`,
//! `--applies-to` → `applies_to`); enum values are the flags' values
//! (`source-region`). Unknown fields are rejected, so a misspelt field is an
//! error rather than a silently ignored option.

use serde::{Deserialize, Serialize};

/// Declares an enum of flag values: kebab-case in JSON, a `ValueEnum` for
/// clap with the `clap` feature.
macro_rules! flag_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $variant:ident),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
        #[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "kebab-case")]
        pub enum $name {
            $($(#[$vm])* $variant,)+
        }
        impl $name {
            #[doc = "Every value, in declaration order."]
            pub const ALL: &[$name] = &[$($name::$variant),+];
        }
    };
}

flag_enum! {
    /// Which flows tariffs apply to.
    Applies {
        /// Intermediate inputs only.
        Intermediate,
        /// Final goods only.
        Final,
        /// Both.
        #[default]
        Both,
    }
}

flag_enum! {
    /// Where the input wedges of a landed-cost `law:DATE` regime come from.
    InputWedges {
        /// The shipped scenarios/us-2025-tariffs.toml (the law on 2025-10-01
        /// through the law-to-economy link), for any date from then.
        #[default]
        Scenario,
        /// The law-to-economy link: the law on DATE × trade weights ×
        /// concordance (the wedges of `autopact wedges --date DATE`).
        Law,
    }
}

flag_enum! {
    /// Breakdown of value added in exports.
    VaBy {
        /// By source region.
        #[default]
        SourceRegion,
        /// By source region and sector.
        SourceSector,
        /// By the exporter's exporting sector: exports, DVA and FVA.
        ExportingSector,
    }
}

flag_enum! {
    /// Level of the rows of a hypothetical extraction.
    ExtractBy {
        /// One row per region-sector.
        #[default]
        RegionSector,
        /// One row per region (sums over sectors).
        Region,
    }
}

flag_enum! {
    /// Breakdown of embodied jobs.
    JobsBy {
        /// By region where the jobs are.
        #[default]
        SourceRegion,
        /// By region and sector where the jobs are.
        SourceSector,
    }
}

flag_enum! {
    /// Level of a price report.
    PriceBy {
        /// Price change of every region-sector.
        #[default]
        RegionSector,
        /// Consumer-price change and tariff revenue by region.
        Region,
        /// National tables (us-bea-2017, us-bea-2024): the price change of
        /// every commodity, direct and supply-chain parts.
        Commodity,
        /// National tables: the price change of every PCE category and,
        /// last (`ALL`), the PCE price level.
        Pce,
    }
}

flag_enum! {
    /// How margins respond to a cost increase (national price model).
    MarkupKind {
        /// Margins fixed in dollars: imported use ÷ industry output.
        #[default]
        ConstantDollar,
        /// Margins fixed as a percentage of variable cost: imported use ÷
        /// (intermediate inputs + compensation).
        ConstantPercentage,
    }
}

flag_enum! {
    /// Decomposition method.
    Method {
        /// Borin & Mancini (2023) source-based: EXGR, DC, DVA, VAX, DAVAX, REF,
        /// DDC, FC, FVA, FDC, GVC, GVCB, GVCF.
        #[default]
        Bm,
        /// Wang, Wei & Zhu (2013): the 16 terms of R decompr.
        Wwz,
    }
}

flag_enum! {
    /// Borin–Mancini perspective.
    Perspective {
        /// All of the exporter's exports (rows and columns then only filter).
        #[default]
        Exporter,
        /// Exports to the --importer set.
        Bilateral,
        /// Exports of the --sector set.
        Sectoral,
        /// Exports of the --sector set to the --importer set.
        BilateralSectoral,
    }
}

fn one() -> f64 {
    1.0
}

/// A repeatable field: a list of values, or one value alone (`"tariff":
/// "USA:CAN:c15:25%"` is `"tariff": ["USA:CAN:c15:25%"]`), as a repeated
/// flag given once.
fn one_or_many<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    OneOrMany::deserialize(d)
        .map(|v| match v {
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        })
        .map_err(|_| serde::de::Error::custom("expected a string or a list of strings"))
}

fn usa() -> String {
    "USA".into()
}

fn quarter() -> String {
    "0.25".into()
}

/// `info`: what a table holds and how well it balances.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "clap", derive(clap::Args))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct InfoRequest {
    /// Absolute tolerance (table units) above which an identity counts as off.
    #[cfg_attr(feature = "clap", arg(long, default_value_t = 1.0))]
    #[serde(default = "one")]
    pub tolerance: f64,
}

/// `multipliers`: output, value-added and satellite multipliers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "clap", derive(clap::Args))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MultipliersRequest {
    /// Add one column per stressor of this satellite account (repeatable;
    /// `all` for every account of the table).
    #[cfg_attr(feature = "clap", arg(long = "extension", value_name = "NAME"))]
    #[serde(default, deserialize_with = "one_or_many")]
    pub extension: Vec<String>,
    /// Add diag(L), the Leontief inverse's diagonal (solved in blocks).
    #[cfg_attr(feature = "clap", arg(long))]
    #[serde(default)]
    pub leontief_diagonal: bool,
}

/// `va-content`: where the value added in one region's gross exports to
/// another comes from (v̂ L e).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "clap", derive(clap::Args))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct VaContentRequest {
    /// Exporting region, e.g. CAN (`--from`, as in `contribution`, is
    /// read as this).
    #[cfg_attr(feature = "clap", arg(long, alias = "from"))]
    pub exporter: String,
    /// Importing region, e.g. USA (`--to` is read as this).
    #[cfg_attr(feature = "clap", arg(long, alias = "to"))]
    pub importer: String,
    /// Only these exporting sectors (comma-separated codes, e.g. c15).
    #[cfg_attr(feature = "clap", arg(long))]
    #[serde(default)]
    pub sector: Option<String>,
    /// Breakdown.
    #[cfg_attr(feature = "clap", arg(long, value_enum, default_value_t = VaBy::SourceRegion))]
    #[serde(default)]
    pub by: VaBy,
}

/// How tariff wedges are derived from the law: the options of `wedges`,
/// `price --law` and `jobs --law`, as plain values (the fields of those
/// requests, gathered by their `law_options()`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LawOptions {
    /// Trade weights: a shipped month `YYYY-MM` or (command line only) a file.
    pub weights: Option<String>,
    /// Share of Canadian and Mexican value treated as USMCA-qualifying.
    pub usmca_share: Option<autopact_law::Decimal>,
    /// US content of USMCA-qualifying vehicles.
    pub us_content: Option<autopact_law::Decimal>,
    /// Do not use the metal-content shares.
    pub no_metal_content: bool,
    /// Use measures the law data mark unconfirmed.
    pub include_unconfirmed: bool,
    /// Measures switched off.
    pub measure_off: Vec<String>,
    /// No proxy weights for partners without line data.
    pub no_proxies: bool,
    /// Allow dates after the law data's as-of date.
    pub beyond_as_of: bool,
    /// Use the USMCA claims as recorded (no correction).
    pub raw_claims: bool,
}

/// Declares a request struct with the law-derivation fields appended (the
/// flags `--weights`, `--usmca-share`, … flat in the JSON body, so that
/// unknown fields stay rejected), and its `law_options()`.
macro_rules! with_law_options {
    ($(#[$m:meta])* pub struct $name:ident { $($body:tt)* }) => {
        $(#[$m])*
        pub struct $name {
            $($body)*
            /// Trade weights: a month of the shipped data (YYYY-MM; default:
            /// the latest month not after the date) or a CSV file
            /// `hts10,origin,value[,usmca_value]` (origin ISO2/ISO3/Census
            /// code, USD) that replaces the shipped weights and the proxies
            /// (a file on the command line only: the server reads no file a
            /// request names).
            #[cfg_attr(feature = "clap", arg(long, value_name = "YYYY-MM|FILE"))]
            #[serde(default)]
            pub weights: Option<String>,
            /// Share of Canadian and Mexican value treated as USMCA-qualifying
            /// (0–1), replacing each line's claimed share from the data.
            #[cfg_attr(feature = "clap", arg(long, value_name = "SHARE"))]
            #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
            #[serde(default)]
            pub usmca_share: Option<autopact_law::Decimal>,
            /// US content of USMCA-qualifying vehicles (0–1) for the Section 232
            /// non-US-content rule [default: 0.50, fact sheet section E].
            #[cfg_attr(feature = "clap", arg(long, value_name = "SHARE"))]
            #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
            #[serde(default)]
            pub us_content: Option<autopact_law::Decimal>,
            /// Do not use the metal-content shares (no steel/aluminum content stated).
            #[cfg_attr(feature = "clap", arg(long))]
            #[serde(default)]
            pub no_metal_content: bool,
            /// Use measures the law data mark unconfirmed.
            #[cfg_attr(feature = "clap", arg(long))]
            #[serde(default)]
            pub include_unconfirmed: bool,
            /// Switch a measure off (id or prefix pattern like us.232.*; repeatable).
            #[cfg_attr(feature = "clap", arg(long = "measure-off", value_name = "ID"))]
            #[serde(default, deserialize_with = "one_or_many")]
            pub measure_off: Vec<String>,
            /// No proxy weights for partners without line data (only Canada and Mexico).
            #[cfg_attr(feature = "clap", arg(long))]
            #[serde(default)]
            pub no_proxies: bool,
            /// Allow dates after the law data's as-of date.
            #[cfg_attr(feature = "clap", arg(long))]
            #[serde(default)]
            pub beyond_as_of: bool,
            /// Use the USMCA claims as recorded in the trade data, without
            /// the corrections (2025-03…06 claims recorded under chapter 99
            /// provisions; pipeline gas and electricity entered without a
            /// program indicator) — docs/methodology/wedges.md.
            #[cfg_attr(feature = "clap", arg(long))]
            #[serde(default)]
            pub raw_claims: bool,
        }

        impl $name {
            /// The law-derivation options of this request.
            pub fn law_options(&self) -> LawOptions {
                LawOptions {
                    weights: self.weights.clone(),
                    usmca_share: self.usmca_share,
                    us_content: self.us_content,
                    no_metal_content: self.no_metal_content,
                    include_unconfirmed: self.include_unconfirmed,
                    measure_off: self.measure_off.clone(),
                    no_proxies: self.no_proxies,
                    beyond_as_of: self.beyond_as_of,
                    raw_claims: self.raw_claims,
                }
            }
        }
    };
}

with_law_options! {
/// `price`: one-off tariff runs of the Leontief price model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "clap", derive(clap::Args))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PriceRequest {
    /// A tariff IMPORTER:EXPORTER:SECTORS:RATE, e.g. USA:CAN:c15:0.25 or
    /// USA:MEX:*:25% (SECTORS: comma-separated codes of the exporter's
    /// sectors, or *). Repeatable; a later tariff on the same flow replaces
    /// an earlier one.
    #[cfg_attr(feature = "clap", arg(long, value_name = "IMP:EXP:SECTORS:RATE"))]
    #[serde(default, deserialize_with = "one_or_many")]
    pub tariff: Vec<String>,
    /// Flows the tariffs apply to.
    #[cfg_attr(feature = "clap", arg(long, value_enum, default_value_t = Applies::Both))]
    #[serde(default)]
    pub applies_to: Applies,
    /// Final-demand categories of the consumer basket (comma-separated;
    /// default: households).
    #[cfg_attr(feature = "clap", arg(long))]
    #[serde(default)]
    pub basket: Option<String>,
    /// Level of the report.
    #[cfg_attr(feature = "clap", arg(long, value_enum, default_value_t = PriceBy::RegionSector))]
    #[serde(default)]
    pub by: PriceBy,
    /// Add the direct, first-round and cascade parts of each price change.
    #[cfg_attr(feature = "clap", arg(long))]
    #[serde(default)]
    pub detail: bool,
    /// Tariffs from the law in force on DATE: the wedges `autopact wedges
    /// --by sector --date DATE` gives (same options); `tariff` entries are
    /// applied after them and replace them on the same flow.
    #[cfg_attr(feature = "clap", arg(long, value_name = "DATE"))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    #[serde(default)]
    pub law: Option<autopact_law::NaiveDate>,
    /// Importer of the law-derived tariffs.
    #[cfg_attr(feature = "clap", arg(long, default_value = "USA", requires = "law"))]
    #[serde(default = "usa")]
    pub law_importer: String,
    /// National tables with --law: the tariffs are the change against the
    /// law on this date (its rates are already in the table's prices).
    #[cfg_attr(feature = "clap", arg(long, value_name = "DATE", default_value = "2025-01-01", requires = "law"))]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    #[serde(default = "baseline")]
    pub baseline: autopact_law::NaiveDate,
    /// National tables: margins (which industry total divides the import
    /// matrix).
    #[cfg_attr(feature = "clap", arg(long, value_enum, default_value_t = MarkupKind::ConstantDollar))]
    #[serde(default)]
    pub markup: MarkupKind,
    /// National tables: share of the import price rise that domestic
    /// competitors match (0–1; the Budget Lab assumes 0.5).
    #[cfg_attr(feature = "clap", arg(long, value_name = "SHARE", default_value_t = 0.0))]
    #[serde(default)]
    pub domestic_pricing: f64,
    /// National tables: share of the tariff offset by the dollar's
    /// appreciation (0–1; the Budget Lab assumes 0.174).
    #[cfg_attr(feature = "clap", arg(long, value_name = "SHARE", default_value_t = 0.0))]
    #[serde(default)]
    pub dollar_offset: f64,
    /// National tables: tariff changes by commodity, `CODE:RATE` (e.g.
    /// 336111:25%; a summary code applies to each of its detail
    /// commodities). Repeatable; the CLI's --tariff-file gives them as a
    /// CSV `commodity,rate`.
    #[cfg_attr(feature = "clap", arg(long = "commodity-tariff", value_name = "CODE:RATE"))]
    #[serde(default, deserialize_with = "one_or_many")]
    pub commodity_tariff: Vec<String>,
    /// API only: run on a built-in national table (`us-bea-2017`,
    /// `us-bea-2024`) instead of the server's table (the CLI names the
    /// table with --table).
    #[cfg_attr(feature = "clap", arg(skip))]
    #[serde(default)]
    pub table: Option<String>,
}
}

fn baseline() -> autopact_law::NaiveDate {
    autopact_law::NaiveDate::from_ymd_opt(2025, 1, 1).expect("a date")
}

with_law_options! {
/// `jobs`: jobs embodied in trade or final demand, or at stake in tariffs.
///
/// Exactly one mode: `exporter` with `importer`, `consumer`, or `tariff`
/// (the CLI adds `--law`, and declares the group).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "clap", derive(clap::Args))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct JobsRequest {
    /// Satellite account holding employment [default: `employment`].
    #[cfg_attr(feature = "clap", arg(long, default_value = "employment"))]
    #[serde(default = "employment")]
    pub extension: String,
    /// Row of that account [default: its first].
    #[cfg_attr(feature = "clap", arg(long))]
    #[serde(default)]
    pub stressor: Option<String>,
    /// Jobs in these gross exports: exporting region (with --importer).
    #[cfg_attr(feature = "clap", arg(long, requires = "importer"))]
    #[serde(default)]
    pub exporter: Option<String>,
    /// Importing region of the exports.
    #[cfg_attr(feature = "clap", arg(long, requires = "exporter"))]
    #[serde(default)]
    pub importer: Option<String>,
    /// Jobs in this region's final demand (e.g. USA).
    #[cfg_attr(feature = "clap", arg(long))]
    #[serde(default)]
    pub consumer: Option<String>,
    /// With --consumer: only final demand for products of this region (e.g. CAN).
    #[cfg_attr(feature = "clap", arg(long, requires = "consumer"))]
    #[serde(default)]
    pub origin: Option<String>,
    /// Only these products (the exporter's or origin's sectors, comma-separated).
    #[cfg_attr(feature = "clap", arg(long))]
    #[serde(default)]
    pub sector: Option<String>,
    /// Jobs at stake in tariffs IMPORTER:EXPORTER:SECTORS:RATE (repeatable).
    #[cfg_attr(feature = "clap", arg(long, value_name = "IMP:EXP:SECTORS:RATE"))]
    #[serde(default, deserialize_with = "one_or_many")]
    pub tariff: Vec<String>,
    /// With --tariff: the flows taxed.
    #[cfg_attr(feature = "clap", arg(long, value_enum, default_value_t = Applies::Both))]
    #[serde(default)]
    pub applies_to: Applies,
    /// With --tariff: price elasticity of final demand (0 = pure pass-through,
    /// no quantity change).
    #[cfg_attr(feature = "clap", arg(long, default_value_t = 1.0))]
    #[serde(default = "one")]
    pub elasticity: f64,
    /// Breakdown.
    #[cfg_attr(feature = "clap", arg(long, value_enum, default_value_t = JobsBy::SourceRegion))]
    #[serde(default)]
    pub by: JobsBy,
    /// Tariffs from the law in force on DATE: the wedges `autopact wedges
    /// --by sector --date DATE` gives (same options); `tariff` entries are
    /// applied after them and replace them on the same flow.
    #[cfg_attr(feature = "clap", arg(long, value_name = "DATE"))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    #[serde(default)]
    pub law: Option<autopact_law::NaiveDate>,
}
}

fn employment() -> String {
    "employment".into()
}

/// `tiva`: OECD TiVA indicators of a country or a group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "clap", derive(clap::Args))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TivaRequest {
    /// Exporter: a region (CAN), a list treated as one economy (CAN,MEX,USA)
    /// or a group name (USMCA).
    #[cfg_attr(feature = "clap", arg(long))]
    pub exporter: String,
    /// Partner(s): a region, a list or a group; repeat for several. Default:
    /// every region outside the exporter. `WLD` (all partners) is always
    /// reported.
    #[cfg_attr(feature = "clap", arg(long))]
    #[serde(default, deserialize_with = "one_or_many")]
    pub importer: Vec<String>,
    /// Indicator codes (comma-separated), e.g. EXGR_DVA,FFD_DVA. Default: all.
    #[cfg_attr(feature = "clap", arg(long, value_delimiter = ','))]
    #[serde(default, deserialize_with = "one_or_many")]
    pub indicator: Vec<String>,
    /// Sector codes (comma-separated) or TOTAL. Default: every sector and
    /// TOTAL.
    #[cfg_attr(feature = "clap", arg(long, value_delimiter = ','))]
    #[serde(default, deserialize_with = "one_or_many")]
    pub sector: Vec<String>,
}

/// `decompose`: gross exports split into value-added terms.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "clap", derive(clap::Args))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DecomposeRequest {
    /// Method.
    #[cfg_attr(feature = "clap", arg(long, value_enum, default_value = "bm"))]
    #[serde(default)]
    pub method: Method,
    /// Exporter: a region (CAN); for bm also a list (CAN,MEX,USA) or group
    /// (USMCA) treated as one economy.
    #[cfg_attr(feature = "clap", arg(long))]
    pub exporter: String,
    /// Importer(s): a region, a list or a group. Default: every region
    /// outside the exporter.
    #[cfg_attr(feature = "clap", arg(long))]
    #[serde(default)]
    pub importer: Option<String>,
    /// Exporting sectors (comma-separated codes). Default: all.
    #[cfg_attr(feature = "clap", arg(long, value_delimiter = ','))]
    #[serde(default, deserialize_with = "one_or_many")]
    pub sector: Vec<String>,
    /// bm perspective. Default: bilateral with --importer, sectoral with
    /// --sector, bilateral-sectoral with both, exporter otherwise.
    #[cfg_attr(feature = "clap", arg(long, value_enum))]
    #[serde(default)]
    pub perspective: Option<Perspective>,
    /// bm: add the detailed terms VAX1–VAX4, REF1, REF2.
    #[cfg_attr(feature = "clap", arg(long))]
    #[serde(default)]
    pub detail: bool,
}

/// `overview`: North American integration and a tariff in one page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "clap", derive(clap::Args))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OverviewRequest {
    /// Sector to follow (default: transport equipment, `c15` in WIOD, `C29`
    /// in ICIO 2023; the first sector otherwise).
    #[cfg_attr(feature = "clap", arg(long))]
    #[serde(default)]
    pub sector: Option<String>,
    /// Tariff rate of the illustration (US on Canadian and Mexican goods of
    /// the followed sector and of basic metals, Canada and Mexico in return).
    #[cfg_attr(feature = "clap", arg(long, default_value = "0.25"))]
    #[serde(default = "quarter")]
    pub rate: String,
}

/// `scenario run`: a scenario file's text, run on the server's table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ScenarioRunRequest {
    /// The scenario file (TOML), as text. Its `[table] source` must be
    /// `"default"` on a server holding the built-in table, or be pinned by
    /// the sha256 of the server's table.
    pub scenario: String,
}

/// `scenario diff`: two scenario files' texts, compared on the server's
/// table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ScenarioDiffRequest {
    /// First scenario (A), TOML text.
    pub a: String,
    /// Second scenario (B), TOML text.
    pub b: String,
    /// Compare the assumptions instead of the results.
    #[serde(default)]
    pub assumptions: bool,
}

/// Landed cost of the reference vehicles under two scenarios (the
/// dashboard's Compare view): A is the baseline of `change`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ScenarioLandedCostRequest {
    /// First scenario (A), TOML text: the baseline.
    pub a: String,
    /// Second scenario (B), TOML text.
    pub b: String,
    /// When A is the law in force on a date (its tariffs `from_law` on that
    /// date): the border charges the duty engine's stack on that date, as
    /// `landed-cost --regimes law:DATE`; otherwise A's wedges are charged
    /// at the border too (a model, not the law).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub a_law: Option<autopact_law::NaiveDate>,
    /// The same for B.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub b_law: Option<autopact_law::NaiveDate>,
    /// Reference vehicles (comma-separated names) [default: all seven].
    #[serde(default)]
    pub vehicles: Option<String>,
}

flag_enum! {
    /// What a contribution question prints.
    ContributionView {
        /// Cost shares by origin region × category (direct and total value added).
        #[default]
        Cost,
        /// The headline figures: shares, jobs, tariff split, each with its equation.
        Summary,
    }
}

/// `contribution`: what one region puts into another region's production
/// of a sector — cost shares by origin, jobs on both sides, and the part
/// of a tariff's cost increase due to the link alone. At most one source
/// of tariffs: `tariff`, `scenario` or `law`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "clap", derive(clap::Args))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ContributionRequest {
    /// Source region (what it puts in), e.g. CAN.
    #[cfg_attr(feature = "clap", arg(long))]
    pub from: String,
    /// Destination region (whose production), e.g. USA.
    #[cfg_attr(feature = "clap", arg(long))]
    pub to: String,
    /// The destination's sector [default: c15, transport equipment, on WIOD codes].
    #[cfg_attr(feature = "clap", arg(long))]
    #[serde(default)]
    pub sector: Option<String>,
    /// Satellite account holding employment.
    #[cfg_attr(feature = "clap", arg(long, default_value = "employment"))]
    #[serde(default = "employment")]
    pub extension: String,
    /// Tariffs IMPORTER:EXPORTER:SECTORS:RATE for the tariff split (repeatable).
    #[cfg_attr(
        feature = "clap",
        arg(long = "tariff", value_name = "IMP:EXP:SECTORS:RATE")
    )]
    #[serde(default, deserialize_with = "one_or_many")]
    pub tariff: Vec<String>,
    /// With --tariff: the flows taxed.
    #[cfg_attr(feature = "clap", arg(long, value_enum, default_value_t = Applies::Both))]
    #[serde(default)]
    pub applies_to: Applies,
    /// Take the tariffs of a scenario file (e.g. scenarios/us-2025-tariffs.toml).
    #[cfg_attr(feature = "clap", arg(long, conflicts_with = "tariff"))]
    #[serde(default)]
    pub scenario: Option<String>,
    /// Take the destination's tariffs from the law in force on DATE through
    /// the law-to-economy link (the wedges of `autopact wedges --date DATE`).
    #[cfg_attr(feature = "clap", arg(long, value_name = "DATE", conflicts_with_all = ["tariff", "scenario"]))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    #[serde(default)]
    pub law: Option<autopact_law::NaiveDate>,
    /// What to print.
    #[cfg_attr(feature = "clap", arg(long, value_enum, default_value_t = ContributionView::Cost))]
    #[serde(default)]
    pub view: ContributionView,
}

flag_enum! {
    /// How to solve the extracted system.
    ExtractMethod {
        /// Low-rank update when the extracted rows are few, else a new LU.
        #[default]
        Auto,
        /// Woodbury update against the baseline factorisation.
        Update,
        /// A second LU of (I − A*).
        Refactor,
    }
}

/// `extract`: hypothetical extraction of one region's supplies to another
/// — the output, value added and jobs that depend on the link.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "clap", derive(clap::Args))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ExtractRequest {
    /// Supplying region, e.g. CAN.
    #[cfg_attr(feature = "clap", arg(long))]
    pub from: String,
    /// Only these of its sectors (comma-separated codes) [default: all].
    #[cfg_attr(feature = "clap", arg(long))]
    #[serde(default)]
    pub sectors: Option<String>,
    /// Buying region, e.g. USA.
    #[cfg_attr(feature = "clap", arg(long))]
    pub to: String,
    /// Also remove the source's sales to the destination's final users.
    #[cfg_attr(feature = "clap", arg(long))]
    #[serde(default)]
    pub with_final_demand: bool,
    /// Level of the rows.
    #[cfg_attr(feature = "clap", arg(long, value_enum, default_value_t = ExtractBy::RegionSector))]
    #[serde(default)]
    pub by: ExtractBy,
    /// Solver.
    #[cfg_attr(feature = "clap", arg(long, value_enum, default_value_t = ExtractMethod::Auto))]
    #[serde(default)]
    pub method: ExtractMethod,
    /// Satellite account holding employment.
    #[cfg_attr(feature = "clap", arg(long, default_value = "employment"))]
    #[serde(default = "employment")]
    pub extension: String,
}

/// Accepts a JSON string or number as text (money and percentages are
/// parsed as decimals later, so `40000` and `"40000.00"` both work).
mod text {
    use serde::{Deserialize, Deserializer};

    #[derive(Deserialize)]
    #[serde(untagged)]
    enum TextOrNumber {
        Text(String),
        Number(serde_json::Number),
    }

    impl From<TextOrNumber> for String {
        fn from(t: TextOrNumber) -> String {
            match t {
                TextOrNumber::Text(s) => s,
                TextOrNumber::Number(n) => n.to_string(),
            }
        }
    }

    /// A required value.
    pub fn required<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        TextOrNumber::deserialize(d).map(String::from)
    }

    /// An optional value.
    pub fn optional<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        Ok(Option::<TextOrNumber>::deserialize(d)?.map(String::from))
    }
}

mod law;

pub use law::*;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_flags_in_snake_case() {
        let r: JobsRequest = serde_json::from_str(
            r#"{"tariff": ["USA:CAN:*:25%"], "applies_to": "final", "by": "source-sector"}"#,
        )
        .unwrap();
        assert_eq!(r.applies_to, Applies::Final);
        assert_eq!(r.by, JobsBy::SourceSector);
        assert_eq!(r.elasticity, 1.0);
        assert_eq!(r.extension, "employment");
        let e =
            serde_json::from_str::<VaContentRequest>(r#"{"exporter": "CAN", "importr": "USA"}"#)
                .unwrap_err();
        assert!(e.to_string().contains("importr"), "{e}");
    }

    #[test]
    fn a_repeatable_field_takes_one_value_or_a_list() {
        let one: PriceRequest = serde_json::from_str(r#"{"tariff": "USA:CAN:c15:25%"}"#).unwrap();
        let many: PriceRequest =
            serde_json::from_str(r#"{"tariff": ["USA:CAN:c15:25%"]}"#).unwrap();
        assert_eq!(one, many);
        assert_eq!(one.tariff, ["USA:CAN:c15:25%"]);
        let e = serde_json::from_str::<PriceRequest>(r#"{"tariff": 25}"#).unwrap_err();
        assert!(
            e.to_string().contains("a string or a list of strings"),
            "{e}"
        );
    }

    #[test]
    fn a_national_tariff_takes_one_value_or_a_list_too() {
        let one: PriceRequest =
            serde_json::from_str(r#"{"commodity_tariff": "336111:25%"}"#).unwrap();
        let many: PriceRequest =
            serde_json::from_str(r#"{"commodity_tariff": ["336111:25%"]}"#).unwrap();
        assert_eq!(one, many);
        assert_eq!(one.commodity_tariff, ["336111:25%"]);
    }

    #[test]
    fn contribution_and_extract_defaults_are_the_flags_defaults() {
        let c: ContributionRequest =
            serde_json::from_str(r#"{"from": "CAN", "to": "USA"}"#).unwrap();
        assert_eq!(
            (c.extension.as_str(), c.view, c.applies_to),
            ("employment", ContributionView::Cost, Applies::Both)
        );
        let x: ExtractRequest =
            serde_json::from_str(r#"{"from": "CAN", "to": "USA", "method": "refactor"}"#).unwrap();
        assert_eq!(
            (x.by, x.method, x.extension.as_str()),
            (
                ExtractBy::RegionSector,
                ExtractMethod::Refactor,
                "employment"
            )
        );
    }
}
