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
    #[serde(default)]
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
    /// Exporting region, e.g. CAN.
    #[cfg_attr(feature = "clap", arg(long))]
    pub exporter: String,
    /// Importing region, e.g. USA.
    #[cfg_attr(feature = "clap", arg(long))]
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
    #[serde(default)]
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
}

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
    #[serde(default)]
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
    #[serde(default)]
    pub importer: Vec<String>,
    /// Indicator codes (comma-separated), e.g. EXGR_DVA,FFD_DVA. Default: all.
    #[cfg_attr(feature = "clap", arg(long, value_delimiter = ','))]
    #[serde(default)]
    pub indicator: Vec<String>,
    /// Sector codes (comma-separated) or TOTAL. Default: every sector and
    /// TOTAL.
    #[cfg_attr(feature = "clap", arg(long, value_delimiter = ','))]
    #[serde(default)]
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
    #[serde(default)]
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
}
