//! The scenario file format (TOML, `schema_version = 1`).
//!
//! A scenario names its data (the built-in table or a file pinned by its
//! sha256), states its assumptions with visible defaults, and lists tariff
//! changes in the order WITS SMART users expect: affected partners →
//! affected products → the change.
//!
//! ```toml
//! schema_version = 1
//! name = "US tariffs on Canadian and Mexican transport equipment"
//! description = "…"
//!
//! [table]
//! source = "default"        # or a path, relative to this file
//! sha256 = "…"              # required for a path, checked when given
//!
//! [assumptions]
//! law_as_of = "2025-04-03"  # the legal situation the tariffs describe
//! basket = ["HFCE"]         # consumer-price basket (default: households)
//! elasticity = 1.0          # price elasticity of final demand (0 = pure pass-through)
//! sector_elasticity = { c15 = 1.5 }
//!
//! [employment]
//! extension = "employment"
//! stressor = "persons_engaged"
//!
//! [report]
//! focus = ["USA_c15", "CAN_c15", "MEX_c15"]
//!
//! [[tariff]]
//! importer = "USA"
//! exporter = ["CAN", "MEX"]
//! sectors = ["c15"]         # or "*"
//! rate = "25%"             # or the fraction 0.25; a bare number above 1 is an error
//! applies_to = "both"       # intermediate | final | both
//! note = "Section 232 autos and parts, Proclamation 10908"
//! ```
//!
//! Unknown keys are errors (a typo must not silently change a result);
//! every error names the line and column.

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::error::{ScenarioError, span_location};

/// The only schema version this build reads.
pub const SCHEMA_VERSION: u32 = 1;

/// Default price elasticity of final demand, shown in every result.
pub const DEFAULT_ELASTICITY: f64 = 1.0;

/// A scenario file as written.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Must be [`SCHEMA_VERSION`].
    pub schema_version: Spanned<u32>,
    /// Short name.
    pub name: String,
    /// Longer description (what, why, sources).
    #[serde(default)]
    pub description: String,
    /// The table the scenario runs on.
    pub table: TableRef,
    /// Assumptions with defaults.
    #[serde(default)]
    pub assumptions: Assumptions,
    /// Employment satellite used for jobs effects.
    #[serde(default)]
    pub employment: Option<EmploymentRef>,
    /// Reporting choices.
    #[serde(default)]
    pub report: Report,
    /// Tariff changes, applied in order (a later change to the same flow
    /// replaces an earlier one).
    #[serde(default)]
    pub tariff: Vec<TariffChange>,
}

/// Which table: `"default"` or a path pinned by sha256.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TableRef {
    /// `"default"` or a path relative to the scenario file.
    pub source: Spanned<String>,
    /// Hex sha256 of the file (required for paths).
    #[serde(default)]
    pub sha256: Option<Spanned<String>>,
}

/// Assumptions; every default is written out in the resolved scenario.
#[derive(Debug, Clone, Deserialize, Serialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Assumptions {
    /// Date of the legal situation the tariff changes describe (YYYY-MM-DD).
    #[serde(default)]
    pub law_as_of: Option<Spanned<String>>,
    /// Final-demand categories of the consumer-price basket.
    #[serde(default)]
    pub basket: Option<Spanned<Vec<String>>>,
    /// Price elasticity of final demand (default [`DEFAULT_ELASTICITY`]).
    #[serde(default)]
    pub elasticity: Option<Spanned<f64>>,
    /// Per-sector overrides of the elasticity.
    #[serde(default)]
    pub sector_elasticity: std::collections::BTreeMap<String, Spanned<f64>>,
    /// Pass-through; only `"full"` is modelled.
    #[serde(default)]
    pub pass_through: Option<Spanned<String>>,
}

/// The employment satellite to use.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EmploymentRef {
    /// Extension name in the table.
    pub extension: Spanned<String>,
    /// Stressor (row) of that extension; default: the first.
    #[serde(default)]
    pub stressor: Option<Spanned<String>>,
}

/// Reporting choices.
#[derive(Debug, Clone, Deserialize, Serialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Report {
    /// Region-sectors (`REGION_SECTOR`) whose cost increase per USD of
    /// output is reported on its own.
    #[serde(default)]
    pub focus: Vec<Spanned<String>>,
}

/// One label or a list of labels.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(untagged)]
pub enum OneOrMany {
    /// A single label (`"*"` = all).
    One(String),
    /// Several labels.
    Many(Vec<String>),
}

impl OneOrMany {
    /// The labels, with `"*"` expanded to `all`.
    pub fn expand(&self, all: &[String]) -> Vec<String> {
        match self {
            OneOrMany::One(s) if s == "*" => all.to_vec(),
            OneOrMany::One(s) => vec![s.clone()],
            OneOrMany::Many(v) => v.clone(),
        }
    }
}

/// One tariff change.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TariffChange {
    /// Levying region(s).
    pub importer: Spanned<OneOrMany>,
    /// Exporting region(s).
    pub exporter: Spanned<OneOrMany>,
    /// Exporter sectors (`"*"` = all).
    pub sectors: Spanned<OneOrMany>,
    /// Ad-valorem rate: `"25%"`, or the fraction `0.25` (a bare number
    /// above 1 is refused: "did you mean 25%?"). Exactly one of `rate` and
    /// `from_law`.
    #[serde(default)]
    pub rate: Option<Spanned<RateInput>>,
    /// Rates derived from the law on a date (per exporter and sector, by
    /// the law-to-economy link), instead of a typed `rate`.
    #[serde(default)]
    pub from_law: Option<Spanned<LawSource>>,
    /// `intermediate`, `final` or `both`.
    pub applies_to: Spanned<String>,
    /// Why (legal instrument, mapping to the table's sectors).
    #[serde(default)]
    pub note: String,
}

/// A rate as written: a number (a fraction, 0.25 = 25%) or a string
/// (`"25%"`, or a fraction). Checked by [`autopact_core::rate`].
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum RateInput {
    /// `rate = 0.25`.
    Number(f64),
    /// `rate = "25%"`.
    Text(String),
}

impl RateInput {
    /// The rate as a fraction, or why it is refused.
    pub fn fraction(&self) -> Result<f64, autopact_core::RateError> {
        match self {
            RateInput::Number(v) => autopact_core::check_fraction(*v, &format!("{v}")),
            RateInput::Text(s) => autopact_core::parse_rate(s),
        }
    }
}

/// Where law-derived rates come from, with the overridable assumptions
/// (see docs/methodology/wedges.md). Unset fields take the documented
/// defaults, which the resolved scenario writes out.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, Default)]
#[serde(deny_unknown_fields)]
pub struct LawSource {
    /// Entry date of the law (YYYY-MM-DD).
    pub date: String,
    /// Trade weights: a shipped month `YYYY-MM` (default: the latest not
    /// after the date) or a CSV path relative to the scenario file.
    #[serde(default)]
    pub weights: Option<String>,
    /// US content of USMCA-qualifying vehicles (0–1).
    #[serde(default)]
    pub us_content: Option<f64>,
    /// Share of Canadian and Mexican value treated as USMCA-qualifying
    /// (0–1), replacing the data's claimed shares.
    #[serde(default)]
    pub usmca_share: Option<f64>,
    /// Measures switched off (ids or `prefix.*` patterns).
    #[serde(default)]
    pub measures_off: Vec<String>,
    /// Use measures the law data mark unconfirmed.
    #[serde(default)]
    pub include_unconfirmed: bool,
}

/// Parses a scenario file. `source` names it in errors.
pub fn parse(source: &str, text: &str) -> Result<Scenario, ScenarioError> {
    let scenario: Scenario = toml::from_str(text).map_err(|e| ScenarioError::Syntax {
        location: span_location(source, text, e.span()),
        message: e.message().trim().to_string(),
    })?;
    let v = *scenario.schema_version.get_ref();
    if v != SCHEMA_VERSION {
        return Err(ScenarioError::Invalid {
            location: span_location(source, text, Some(scenario.schema_version.span())),
            message: format!(
                "schema_version {v} is not supported by this autopact (it reads version {SCHEMA_VERSION})"
            ),
        });
    }
    Ok(scenario)
}

#[cfg(test)]
mod tests {
    use super::*;

    const OK: &str = r#"
schema_version = 1
name = "t"

[table]
source = "default"

[[tariff]]
importer = "USA"
exporter = ["CAN", "MEX"]
sectors = "*"
rate = 0.25
applies_to = "both"
"#;

    #[test]
    fn parses_a_minimal_file() {
        let s = parse("t.toml", OK).unwrap();
        assert_eq!(s.tariff.len(), 1);
        assert_eq!(
            s.tariff[0].exporter.get_ref().expand(&[]),
            vec!["CAN".to_string(), "MEX".to_string()]
        );
        assert!(s.assumptions.elasticity.is_none());
    }

    #[test]
    fn unknown_key_names_line() {
        let bad = OK.replace("rate = 0.25", "rate = 0.25\nrat = 1");
        let e = parse("t.toml", &bad).unwrap_err().to_string();
        assert!(e.starts_with("t.toml, row 13, column 1:"), "{e}");
        assert!(e.contains("rat"), "{e}");
    }

    #[test]
    fn wrong_schema_version() {
        let bad = OK.replace("schema_version = 1", "schema_version = 7");
        let e = parse("t.toml", &bad).unwrap_err().to_string();
        assert!(e.contains("row 2") && e.contains("schema_version 7"), "{e}");
    }

    /// Inputs of the kinds the `scenario_toml` fuzz target throws at the
    /// parser: each must be an error (with a location), never a panic.
    #[test]
    fn hostile_inputs_are_errors() {
        let deep = |open: &str, close: &str, n: usize| {
            format!(
                "schema_version = 1\nname = \"t\"\n[table]\nsource = \"default\"\nx = {}1{}\n",
                open.repeat(n),
                close.repeat(n)
            )
        };
        let cases = [
            String::new(),
            "\u{feff}".into(),
            "\0".into(),
            "schema_version = 1".into(),
            "schema_version = 99999999999999999999".into(),
            "schema_version = -1\nname = \"t\"\n[table]\nsource = \"default\"".into(),
            "schema_version = 1.5".into(),
            "schema_version = 1\nname = \"é\u{301}\u{10ffff}".into(),
            "schema_version = 1\nname = 'é'\n[table]\nsource = \"default\"\n[[tariff]]\nimporter = \"é\"\nexporter = [\"USA\", 1]\nsectors = {}\nrate = inf\napplies_to = \"both\"".into(),
            "[table]\r\nsource = \"default\"\r\nsha256 = \"\u{1F600}\"\r\n".into(),
            "schema_version = 1\nname = \"t\"\n[table]\nsource = \"default\"\n[table]\nsource = \"x\"".into(),
            "é = 1\n\u{3000}".into(),
            deep("[", "]", 100_000),
            deep("{a=", "}", 100_000),
        ];
        for text in &cases {
            let e = parse("t.toml", text).unwrap_err();
            assert!(e.to_string().starts_with("t.toml"), "{text:?}: {e}");
        }
    }

    #[test]
    fn missing_table_is_an_error() {
        let bad = OK.replace("[table]\nsource = \"default\"\n", "");
        let e = parse("t.toml", &bad).unwrap_err().to_string();
        assert!(e.contains("table"), "{e}");
    }
}
