//! Validation of a scenario against its table, and the resolved scenario
//! that every output embeds.
//!
//! Resolution turns labels into indices, fills every default in (so that
//! what a result assumed is written down, never implied), checks the table
//! pin, and rejects what cannot be meant: unknown regions or sectors, a
//! rate that is negative or not a number, a tariff of a region on itself.

use autopact_mrio::{AppliesTo, Mrio, TariffWedge, basket_columns};
use serde::Serialize;
use toml::Spanned;

use crate::error::{ScenarioError, span_location};
use crate::spec::{DEFAULT_ELASTICITY, Scenario};

mod tariff;

/// One tariff change for one importer–exporter pair, as resolved.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResolvedTariff {
    /// Levying region.
    pub importer: String,
    /// Exporting region.
    pub exporter: String,
    /// Exporter sectors (all listed, never `*`).
    pub sectors: Vec<String>,
    /// Ad-valorem rate.
    pub rate: f64,
    /// Flows covered.
    pub applies_to: AppliesTo,
    /// Why.
    pub note: String,
    /// How a law-derived rate was derived (law date, weights, assumptions).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub derivation: Option<String>,
}

/// Rates derived from the law for one `from_law` tariff entry.
#[derive(Debug, Clone, PartialEq)]
pub struct LawRates {
    /// `(exporter, sector, rate)` for every flow the law taxes with trade.
    pub rates: Vec<(String, String, f64)>,
    /// The derivation, written into every resolved tariff it produced.
    pub derivation: String,
}

/// Derives rates from the law (the caller's link to the law engine; the
/// scenario crate stays pure and knows no law).
pub trait LawProvider {
    /// Rates of `importer` on `exporters`' `sectors` under `source`.
    fn rates(
        &self,
        importer: &str,
        exporters: &[String],
        sectors: &[String],
        source: &crate::spec::LawSource,
    ) -> Result<LawRates, String>;
}

/// No law: `from_law` entries are an error.
pub struct NoLaw;

impl LawProvider for NoLaw {
    fn rates(
        &self,
        _: &str,
        _: &[String],
        _: &[String],
        _: &crate::spec::LawSource,
    ) -> Result<LawRates, String> {
        Err("this tariff takes its rates from the law (from_law), which this command cannot derive; run it with `autopact scenario run`".into())
    }
}

/// A scenario with every default filled in and every label checked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResolvedScenario {
    /// Schema version of the file.
    pub schema_version: u32,
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// sha256 of the scenario file's bytes.
    pub scenario_sha256: String,
    /// Table source as written (`default` or the path).
    pub table_source: String,
    /// sha256 of the table actually used.
    pub table_sha256: String,
    /// Table name and year from its provenance.
    pub table_name: String,
    /// Legal situation date.
    pub law_as_of: Option<String>,
    /// Pass-through assumption (always `full`).
    pub pass_through: String,
    /// Consumer basket categories.
    pub basket: String,
    /// Default elasticity of final demand.
    pub elasticity: f64,
    /// Per-sector elasticity overrides.
    pub sector_elasticity: Vec<(String, f64)>,
    /// Employment satellite `(extension, stressor)`.
    pub employment: Option<(String, String)>,
    /// Focus region-sectors.
    pub focus: Vec<String>,
    /// Tariff changes, one per importer–exporter pair, in file order.
    pub tariffs: Vec<ResolvedTariff>,
}

impl ResolvedScenario {
    /// The tariff wedges for the price model.
    pub fn wedges(&self, mrio: &Mrio) -> Vec<TariffWedge> {
        self.tariffs
            .iter()
            .map(|t| TariffWedge {
                importer: mrio.region_index(&t.importer).expect("resolved"),
                exporter: mrio.region_index(&t.exporter).expect("resolved"),
                sectors: t
                    .sectors
                    .iter()
                    .map(|s| mrio.sector_index(s).expect("resolved"))
                    .collect(),
                rate: t.rate,
                applies_to: t.applies_to,
            })
            .collect()
    }

    /// Elasticity of a sector index.
    pub fn elasticity_of(&self, mrio: &Mrio, sector: usize) -> f64 {
        let code = &mrio.sectors()[sector];
        self.sector_elasticity
            .iter()
            .find(|(s, _)| s == code)
            .map_or(self.elasticity, |(_, e)| *e)
    }

    /// Canonical JSON of the resolved scenario (embedded in outputs).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("serializable")
    }
}

pub use autopact_core::sha256_hex;

struct Ctx<'a> {
    source: &'a str,
    text: &'a str,
}

impl Ctx<'_> {
    fn err<T>(
        &self,
        span: std::ops::Range<usize>,
        message: impl Into<String>,
    ) -> Result<T, ScenarioError> {
        Err(ScenarioError::Invalid {
            location: span_location(self.source, self.text, Some(span)),
            message: message.into(),
        })
    }
}

/// Resolves `scenario` (parsed from `text`, named `source`) against `mrio`,
/// whose bytes hash to `table_sha256`.
pub fn resolve(
    scenario: &Scenario,
    source: &str,
    text: &str,
    mrio: &Mrio,
    table_sha256: &str,
) -> Result<ResolvedScenario, ScenarioError> {
    resolve_with_law(scenario, source, text, mrio, table_sha256, &NoLaw)
}

/// [`resolve`], with `from_law` tariffs derived by `law`.
pub fn resolve_with_law(
    scenario: &Scenario,
    source: &str,
    text: &str,
    mrio: &Mrio,
    table_sha256: &str,
    law: &dyn LawProvider,
) -> Result<ResolvedScenario, ScenarioError> {
    let cx = Ctx { source, text };
    let table_source = check_table_pin(&cx, scenario, table_sha256)?;
    let law_as_of = law_as_of(&cx, scenario)?;
    check_pass_through(&cx, scenario)?;
    let basket = basket_label(&cx, scenario, mrio)?;
    let elasticity = match &scenario.assumptions.elasticity {
        Some(e) => check_elasticity(&cx, e)?,
        None => DEFAULT_ELASTICITY,
    };
    let sector_elasticity = sector_elasticities(&cx, scenario, mrio)?;
    let employment = employment(&cx, scenario, mrio)?;
    let focus = focus(&cx, scenario, mrio)?;
    let mut tariffs = Vec::new();
    for t in &scenario.tariff {
        tariff::resolve_tariff(&cx, t, mrio, law, &mut tariffs)?;
    }
    let p = mrio.provenance();
    Ok(ResolvedScenario {
        schema_version: *scenario.schema_version.get_ref(),
        name: scenario.name.clone(),
        description: scenario.description.clone(),
        scenario_sha256: sha256_hex(text.as_bytes()),
        table_source,
        table_sha256: table_sha256.to_string(),
        table_name: if p.name.is_empty() {
            "unnamed table".into()
        } else {
            p.name.clone()
        },
        law_as_of,
        pass_through: "full".into(),
        basket,
        elasticity,
        sector_elasticity,
        employment,
        focus,
        tariffs,
    })
}

/// The table source as written, after checking the table's hash against
/// the scenario's pin (required for a table given by path).
fn check_table_pin(
    cx: &Ctx<'_>,
    scenario: &Scenario,
    table_sha256: &str,
) -> Result<String, ScenarioError> {
    let table_source = scenario.table.source.get_ref().clone();
    match &scenario.table.sha256 {
        Some(pin) if !pin.get_ref().eq_ignore_ascii_case(table_sha256) => {
            return cx.err(
                pin.span(),
                format!(
                    "table hash mismatch: the table {table_source:?} has sha256 {table_sha256}, \
                     the scenario pins {}; the data changed since the scenario was written — \
                     check the file, then update the pin",
                    pin.get_ref()
                ),
            );
        }
        None if table_source != "default" => {
            return cx.err(
                scenario.table.source.span(),
                format!("a table given by path must be pinned: add sha256 = \"{table_sha256}\" to [table]"),
            );
        }
        _ => {}
    }
    Ok(table_source)
}

/// The legal situation date, checked to be `YYYY-MM-DD`.
fn law_as_of(cx: &Ctx<'_>, scenario: &Scenario) -> Result<Option<String>, ScenarioError> {
    let Some(d) = &scenario.assumptions.law_as_of else {
        return Ok(None);
    };
    let s = d.get_ref();
    if !is_iso_date(s) {
        return cx.err(
            d.span(),
            format!("law_as_of {s:?} is not a date of the form YYYY-MM-DD"),
        );
    }
    Ok(Some(s.clone()))
}

/// Refuses any pass-through but `full`, the only one modelled.
fn check_pass_through(cx: &Ctx<'_>, scenario: &Scenario) -> Result<(), ScenarioError> {
    if let Some(pt) = &scenario.assumptions.pass_through {
        if pt.get_ref() != "full" {
            return cx.err(
                pt.span(),
                format!(
                    "pass_through {:?} is not modelled: only \"full\" pass-through is",
                    pt.get_ref()
                ),
            );
        }
    }
    Ok(())
}

/// The label of the consumer basket's final-demand categories.
fn basket_label(cx: &Ctx<'_>, scenario: &Scenario, mrio: &Mrio) -> Result<String, ScenarioError> {
    let basket_list = scenario
        .assumptions
        .basket
        .as_ref()
        .map(|b| b.get_ref().clone());
    match basket_columns(mrio, basket_list.as_deref()) {
        Ok((_, label)) => Ok(label),
        Err(e) => {
            let span = scenario
                .assumptions
                .basket
                .as_ref()
                .map(Spanned::span)
                .unwrap_or(0..0);
            cx.err(span, e.to_string())
        }
    }
}

/// The per-sector elasticity overrides, each naming a sector of the table.
fn sector_elasticities(
    cx: &Ctx<'_>,
    scenario: &Scenario,
    mrio: &Mrio,
) -> Result<Vec<(String, f64)>, ScenarioError> {
    let mut sector_elasticity = Vec::new();
    for (sector, e) in &scenario.assumptions.sector_elasticity {
        if mrio.sector_index(sector).is_err() {
            return cx.err(
                e.span(),
                format!(
                    "sector_elasticity names unknown sector {sector:?}; sectors: {}",
                    mrio.sectors().join(", ")
                ),
            );
        }
        sector_elasticity.push((sector.clone(), check_elasticity(cx, e)?));
    }
    Ok(sector_elasticity)
}

/// The employment satellite `(extension, stressor)`, the stressor
/// defaulting to the extension's first.
fn employment(
    cx: &Ctx<'_>,
    scenario: &Scenario,
    mrio: &Mrio,
) -> Result<Option<(String, String)>, ScenarioError> {
    let Some(emp) = &scenario.employment else {
        return Ok(None);
    };
    let name = emp.extension.get_ref();
    let Some(ext) = mrio.extension(name) else {
        let known: Vec<&str> = mrio.extensions().iter().map(|e| e.name.as_str()).collect();
        return cx.err(
            emp.extension.span(),
            format!(
                "the table has no extension {name:?} (it has: {})",
                if known.is_empty() {
                    "none".into()
                } else {
                    known.join(", ")
                }
            ),
        );
    };
    let stressor = match &emp.stressor {
        Some(s) => {
            if ext.stressor_index(s.get_ref()).is_none() {
                return cx.err(
                    s.span(),
                    format!("extension {name:?} has no stressor {:?}", s.get_ref()),
                );
            }
            s.get_ref().clone()
        }
        None => ext.stressors.first().map(|s| s.label()).unwrap_or_default(),
    };
    Ok(Some((name.clone(), stressor)))
}

/// The focus region-sectors, each a `REGION_SECTOR` label of the table.
fn focus(cx: &Ctx<'_>, scenario: &Scenario, mrio: &Mrio) -> Result<Vec<String>, ScenarioError> {
    let mut focus = Vec::new();
    for f in &scenario.report.focus {
        let label = f.get_ref();
        if !(0..mrio.n()).any(|i| mrio.label(i) == *label) {
            return cx.err(
                f.span(),
                format!("focus {label:?} is not a REGION_SECTOR label of the table"),
            );
        }
        focus.push(label.clone());
    }
    Ok(focus)
}

fn check_elasticity(cx: &Ctx<'_>, e: &Spanned<f64>) -> Result<f64, ScenarioError> {
    let v = *e.get_ref();
    if !v.is_finite() || v < 0.0 {
        return cx.err(
            e.span(),
            format!("elasticity {v} must be a finite number ≥ 0 (0 = no demand response)"),
        );
    }
    Ok(v)
}

fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        && (1..=12).contains(&s[5..7].parse::<u32>().unwrap_or(0))
        && (1..=31).contains(&s[8..10].parse::<u32>().unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::parse;
    use crate::test_table::table;

    fn file(tariff: &str) -> String {
        format!(
            "schema_version = 1\nname = \"t\"\n[table]\nsource = \"default\"\n[assumptions]\nlaw_as_of = \"2025-04-03\"\n{tariff}"
        )
    }

    fn resolve_text(text: &str) -> Result<ResolvedScenario, ScenarioError> {
        let s = parse("s.toml", text)?;
        resolve(&s, "s.toml", text, &table(), "abc")
    }

    #[test]
    fn resolves_lists_and_stars() {
        let r = resolve_text(&file(
            "[[tariff]]\nimporter = \"USA\"\nexporter = \"*\"\nsectors = \"*\"\nrate = 0.1\napplies_to = \"both\"\n",
        ))
        .unwrap();
        assert_eq!(r.tariffs.len(), 2, "USA on CAN and MEX, not on itself");
        assert_eq!(r.tariffs[0].sectors, vec!["goods", "services"]);
        assert_eq!(r.elasticity, DEFAULT_ELASTICITY);
        assert_eq!(r.basket, "HFCE");
        assert_eq!(r.law_as_of.as_deref(), Some("2025-04-03"));
    }

    #[test]
    fn bad_values_name_their_line() {
        let cases = [
            ("importer = \"XXX\"", "unknown region \"XXX\""),
            ("rate = -0.1", "rate -0.1"),
            ("rate = nan", "rate NaN"),
            ("rate = 25", "did you mean 25%?"),
            ("rate = \"25\"", "did you mean 25%?"),
            ("rate = \"x%\"", "not a number"),
            ("sectors = [\"nope\"]", "unknown sector"),
            ("applies_to = \"all\"", "applies_to \"all\""),
            ("exporter = \"USA\"", "own products"),
        ];
        for (line, want) in cases {
            let base = "[[tariff]]\nimporter = \"USA\"\nexporter = \"CAN\"\nsectors = \"*\"\nrate = 0.1\napplies_to = \"both\"\n";
            let key = line.split(" =").next().unwrap();
            let t: String = base
                .lines()
                .map(|l| {
                    if l.starts_with(&format!("{key} =")) {
                        line.to_string()
                    } else {
                        l.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join("\n");
            let e = resolve_text(&file(&t)).unwrap_err().to_string();
            assert!(e.contains(want), "{line}: {e}");
            assert!(e.starts_with("s.toml, row "), "{e}");
        }
    }

    /// A rate written "25%" is 0.25, the same as the fraction 0.25.
    #[test]
    fn percent_rates_equal_fractions() {
        let t = |rate: &str| {
            let text = file(&format!(
                "[[tariff]]\nimporter = \"USA\"\nexporter = \"CAN\"\nsectors = \"*\"\nrate = {rate}\napplies_to = \"both\"\n"
            ));
            resolve_text(&text).unwrap().tariffs[0].rate
        };
        assert_eq!(t("\"25%\""), 0.25);
        assert_eq!(t("0.25"), 0.25);
        assert_eq!(t("\"150%\""), 1.5);
    }

    #[test]
    fn hash_pin_is_checked() {
        let text =
            "schema_version = 1\nname = \"t\"\n[table]\nsource = \"default\"\nsha256 = \"def\"\n";
        let e = resolve_text(text).unwrap_err().to_string();
        assert!(e.contains("row 5") && e.contains("hash mismatch"), "{e}");
        let text = "schema_version = 1\nname = \"t\"\n[table]\nsource = \"x.csv\"\n";
        let e = resolve_text(text).unwrap_err().to_string();
        assert!(e.contains("must be pinned") && e.contains("abc"), "{e}");
    }

    /// Values that parse but are not usable, including non-ASCII text in
    /// fixed-width fields: each is an error at its line, never a panic.
    #[test]
    fn hostile_values_are_errors() {
        let cases = [
            ("2025-04-03", "2é5-01-01"),
            ("2025-04-03", "2025-é1-01"),
            ("2025-04-03", "２０２５-04-03"),
            ("2025-04-03", "2025-00-99"),
            ("[assumptions]", "[assumptions]\nelasticity = -inf"),
            (
                "[assumptions]",
                "[assumptions]\nsector_elasticity = { \"é\" = 1.0 }",
            ),
            ("[assumptions]", "[assumptions]\nbasket = [\"\u{1F600}\"]"),
            ("[assumptions]", "[assumptions]\npass_through = \"ü\""),
            (
                "[assumptions]",
                "[employment]\nextension = \"\"\n[assumptions]",
            ),
            (
                "[assumptions]",
                "[report]\nfocus = [\"USA_\"]\n[assumptions]",
            ),
            (
                "source = \"default\"",
                "source = \"default\"\nsha256 = \"é\"",
            ),
        ];
        let tariff = "[[tariff]]\nimporter = \"USA\"\nexporter = \"CAN\"\nsectors = \"*\"\nrate = 0.1\napplies_to = \"both\"\n";
        for (from, to) in cases {
            let text = file(tariff).replacen(from, to, 1);
            let e = resolve_text(&text).unwrap_err().to_string();
            assert!(e.starts_with("s.toml, row "), "{to:?}: {e}");
        }
    }

    #[test]
    fn dates_and_elasticities_validated() {
        let text = file("").replace("2025-04-03", "2025-13-03");
        assert!(
            resolve_text(&text)
                .unwrap_err()
                .to_string()
                .contains("YYYY-MM-DD")
        );
        let text = file("").replace("law_as_of = \"2025-04-03\"", "elasticity = -1.0");
        assert!(
            resolve_text(&text)
                .unwrap_err()
                .to_string()
                .contains("elasticity -1")
        );
    }
}

#[cfg(test)]
mod law_tests {
    use super::*;
    use crate::spec::{LawSource, parse};
    use crate::test_table::table;

    struct Fixed;
    impl LawProvider for Fixed {
        fn rates(
            &self,
            importer: &str,
            exporters: &[String],
            sectors: &[String],
            src: &LawSource,
        ) -> Result<LawRates, String> {
            Ok(LawRates {
                rates: exporters
                    .iter()
                    .map(|e| {
                        (
                            e.clone(),
                            sectors[0].clone(),
                            0.1 + src.us_content.unwrap_or(0.0),
                        )
                    })
                    .collect(),
                derivation: format!("law of {importer} on {}", src.date),
            })
        }
    }

    fn text(tariff: &str) -> String {
        format!("schema_version = 1\nname = \"t\"\n[table]\nsource = \"default\"\n{tariff}")
    }

    #[test]
    fn from_law_tariffs_take_the_providers_rates_and_derivation() {
        let m = table();
        let r0 = m.regions()[0].clone();
        let s0 = m.sectors()[0].clone();
        let t = text(&format!(
            "[[tariff]]\nimporter = \"{r0}\"\nexporter = \"*\"\nsectors = [\"{s0}\"]\napplies_to = \"both\"\nfrom_law = {{ date = \"2025-10-01\", us_content = 0.5 }}\n"
        ));
        let s = parse("s.toml", &t).unwrap();
        let r = resolve_with_law(&s, "s.toml", &t, &m, "h", &Fixed).unwrap();
        assert_eq!(r.tariffs.len(), m.n_regions() - 1);
        assert!(r.tariffs.iter().all(|x| x.rate == 0.6 && x.exporter != r0));
        assert_eq!(
            r.tariffs[0].derivation.as_deref(),
            Some(format!("law of {r0} on 2025-10-01").as_str())
        );
        assert!(r.to_json().contains("derivation"));
        // Without a law provider: a clear error at the entry.
        let e = resolve(&s, "s.toml", &t, &m, "h").unwrap_err().to_string();
        assert!(e.contains("from_law"), "{e}");
        // Both or neither: errors.
        let both = text(&format!(
            "[[tariff]]\nimporter = \"{r0}\"\nexporter = \"*\"\nsectors = \"*\"\napplies_to = \"both\"\nrate = 0.1\nfrom_law = {{ date = \"2025-10-01\" }}\n"
        ));
        let s = parse("s.toml", &both).unwrap();
        assert!(resolve_with_law(&s, "s.toml", &both, &m, "h", &Fixed).is_err());
        let none = text(&format!(
            "[[tariff]]\nimporter = \"{r0}\"\nexporter = \"*\"\nsectors = \"*\"\napplies_to = \"both\"\n"
        ));
        let s = parse("s.toml", &none).unwrap();
        let e = resolve(&s, "s.toml", &none, &m, "h")
            .unwrap_err()
            .to_string();
        assert!(e.contains("rate"), "{e}");
    }
}
