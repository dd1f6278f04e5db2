//! What a front end does between a request and a result table when files
//! or the law's trade weights are involved.
//!
//! `autopact-report` turns requests into tables and reads nothing;
//! `autopact-data` reads files and trade weights and shapes nothing. What
//! needs a session's table and law lives on [`crate::Session`]; what is
//! left here needs files or no table at all, and is assembled once for
//! every front end: the law with a user's measure files, a scenario file
//! with the table it names (loaded into a session), a scenario's tariffs,
//! the rules of origin for a BOM file, the landed-cost regimes and run,
//! price runs on a national table, and the vehicle costs on current data.
//! (The HTTP server reads no file a request names, so it uses the session
//! and the table-less steps only.) Warnings go back to the caller, who
//! prints them (CLI) or raises them as Python warnings.
//!
//! What clap checks for the command line (one source of regimes, one input
//! of a rules-of-origin question) is checked here too, naming the field,
//! for front ends without clap.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, anyhow, bail};
use autopact_api_types::request::{InputWedges, PriceRequest};
use autopact_brief::BarChart;
use autopact_core::Table;
use autopact_law::roo::RooRules;
use autopact_law::vehicles::ReferenceVehicle;
use autopact_law::{LawDb, NaiveDate};
use autopact_link::landed::{Border, Regime};
use autopact_mrio::national::NationalTable;
use autopact_mrio::{AppliesTo, Mrio, TariffWedge};
use autopact_report::roo::RooGood;
use autopact_report::{Field, FieldNote};
use autopact_scenario::ResolvedScenario;

use crate::session::{Session, Warned};

/// autopact's law data, plus the user's measure files in `dir` when given
/// (`--law DIR`): added, or replacing autopact's measures of the same id.
pub fn load_law(dir: Option<&str>) -> Result<LawDb> {
    let db = LawDb::builtin().context("embedded law data")?;
    match dir {
        None => Ok(db),
        Some(d) => {
            let files = autopact_data::read_law_dir(d).with_context(|| format!("--law {d}"))?;
            Ok(db.with_user_files(&files)?)
        }
    }
}

/// The USMCA rules of origin built into autopact.
pub fn roo_rules() -> Result<RooRules> {
    RooRules::builtin().context("embedded USMCA rules")
}

/// The sector wedges as price-model tariffs (exporter = importer rows skipped).
pub fn to_tariffs(
    m: &Mrio,
    w: &autopact_link::Wedges,
    applies_to: AppliesTo,
) -> Result<Vec<TariffWedge>> {
    Ok(autopact_link::to_tariffs(m, w, applies_to)?)
}

/// The folder of a scenario file: where the weights files it names are
/// read.
pub fn scenario_folder(path: &Path) -> &Path {
    path.parent().unwrap_or(Path::new("."))
}

/// A scenario file read with its table.
pub struct LoadedScenario {
    /// A session on the table its `[table] source` names (relative to the
    /// file's folder), factored for many solves on first use.
    pub session: Session,
    /// The scenario with every default filled in.
    pub resolved: ResolvedScenario,
}

/// Reads a scenario file, opens the table it names (a relative path is
/// relative to the file's folder) and resolves it (`from_law` tariffs from
/// autopact's law and the shipped trade months or the weights files it
/// names).
pub fn load_scenario(path: &Path) -> Result<LoadedScenario> {
    let name = path.display().to_string();
    let text = autopact_data::read_text(path)?;
    let spec = autopact_scenario::parse(&name, &text)?;
    let source = spec.table.source.get_ref();
    let table_spec = if source == "default" {
        "default".to_string()
    } else {
        let p = Path::new(source);
        let p = if p.is_relative() {
            path.parent().unwrap_or(Path::new(".")).join(p)
        } else {
            p.to_path_buf()
        };
        p.display().to_string()
    };
    let mrio = autopact_data::open_table(&table_spec, &autopact_data::ReadOptions::default())
        .with_context(|| format!("{name}: cannot read its table {source:?}"))?;
    let session = Session::new(mrio)
        .built_in_table(table_spec == "default")
        .solves(crate::Solves::Many);
    let sha = session
        .mrio()
        .provenance()
        .sha256
        .clone()
        .unwrap_or_default();
    let law = session.scenario_law(Some(scenario_folder(path)));
    let resolved =
        autopact_scenario::resolve_with_law(&spec, &name, &text, session.mrio(), &sha, &law)?;
    Ok(LoadedScenario { session, resolved })
}

/// The good of a rules-of-origin question, from a BOM file (CSV, or XLSX
/// with `sheet`), cost-sheet files (averaged) or a reference vehicle's
/// name, with the name its errors give it. Exactly one is given.
pub fn roo_good(
    bom: Option<&Path>,
    sheet: Option<&str>,
    cost_sheets: &[PathBuf],
    vehicle: Option<&str>,
) -> Result<(RooGood, String)> {
    let given = [bom.is_some(), !cost_sheets.is_empty(), vehicle.is_some()];
    if given.iter().filter(|g| **g).count() != 1 {
        let field = if bom.is_some() && vehicle.is_some() {
            "vehicle"
        } else {
            "bom"
        };
        return Err(anyhow::Error::new(FieldNote {
            field: Field::new(field),
            text: "give one of --bom FILE, --cost-sheet FILE or --vehicle NAME".into(),
        }));
    }
    if let Some(p) = bom {
        return Ok((
            RooGood::Bom(autopact_data::bom::read_bom(p, sheet)?),
            p.display().to_string(),
        ));
    }
    if !cost_sheets.is_empty() {
        let sheets = cost_sheets
            .iter()
            .map(|p| autopact_data::bom::read_cost_sheet(p))
            .collect::<Result<Vec<_>, _>>()?;
        let names: Vec<String> = cost_sheets
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        return Ok((
            RooGood::CostSheets {
                sheets,
                names: names.join(" "),
            },
            names.join(" + "),
        ));
    }
    let name = vehicle.expect("one input is given");
    Ok((RooGood::Vehicle(name.to_string()), name.to_string()))
}

/// The law's rates by commodity of a national table on a date against a
/// baseline, with the link's options: computed by the caller (the session
/// caches them; a one-off command computes them once).
pub type NationalLawRates<'a> =
    &'a dyn Fn(
        NaiveDate,
        NaiveDate,
        &autopact_link::LawOptions,
    ) -> Result<std::sync::Arc<autopact_data::national::LawRates>>;

/// `price` on a national table (`autopact price --table us-bea-2017`): τ
/// by commodity from the law in force on `r.law` against `r.baseline`
/// (`law_rates`), or
/// from a tariff file (`tariff_file`: its name and text, read by the
/// front end), then the request's `commodity_tariff` entries, through the
/// national model.
pub fn national_price(
    table: &NationalTable,
    r: &PriceRequest,
    tariff_file: Option<(&str, &str)>,
    law_rates: NationalLawRates<'_>,
) -> Result<Warned> {
    let refuse =
        |field: &'static str, what: &str| Err(anyhow!("{what}").context(Field::new(field)));
    if !r.tariff.is_empty() {
        return refuse(
            "tariff",
            "--tariff IMP:EXP:SECTORS:RATE is for multi-region tables: on a national table give --tariff-file FILE, --commodity-tariff CODE:RATE or --law DATE",
        );
    }
    let mut tau = vec![0.0; table.commodities().len()];
    let mut law = None;
    if let Some(date) = r.law {
        if r.law_importer != "USA" {
            return refuse(
                "law_importer",
                "the national tables are the US economy: --law-importer USA only",
            );
        }
        let opts = autopact_report::wedges::link_options(&r.law_options());
        let lr = law_rates(date, r.baseline, &opts)
            .map_err(|e| anyhow!("{e}").context(Field::new("law")))?;
        tau = lr.rates.tau(table.commodities());
        law = Some(lr);
    } else if let Some((name, text)) = tariff_file {
        tau = autopact_report::national::tariff_file(name, text, table)?;
    } else if r.commodity_tariff.is_empty() {
        return refuse(
            "commodity_tariff",
            "give the tariffs: --tariff-file FILE, --commodity-tariff CODE:RATE or --law DATE",
        );
    }
    autopact_report::national::commodity_tariffs(&r.commodity_tariff, table, &mut tau)?;
    let mut t = autopact_report::national::price(table, r, &tau)?;
    let mut warnings = Vec::new();
    if let Some(lr) = &law {
        warnings = autopact_report::wedges::describe(&mut t, &lr.derived);
        t.meta("baseline", lr.baseline.to_string());
        t.meta(
            "tariffs_from_law",
            "τ by commodity: `autopact wedges --table TABLE --date DATE --by sector`, column change of exporter ALL",
        );
    } else if let Some((name, _)) = tariff_file {
        t.meta("tariff_file", name.to_string());
    }
    Ok(Warned { table: t, warnings })
}

/// The built-in table the vehicle costs on current data use.
pub const CURRENT_TABLE: &str = "us-bea-2017";

/// The baseline the law's tariffs are measured against on current data:
/// before the 2025 measures.
pub const CURRENT_BASELINE: &str = "2025-01-01";

/// The words naming the tariffs of [`Session::current_vehicle_costs`].
pub fn current_label(date: NaiveDate) -> String {
    format!("the US tariffs in force on {date} against {CURRENT_BASELINE}")
}

const US_2025: &str = include_str!("../../../scenarios/us-2025-tariffs.toml");
const FORTRESS: &str = include_str!("../../../scenarios/fortress-north-america.toml");

/// The regimes of `autopact landed-cost --regimes LIST` against a table
/// and the law data: `pre-2025`, `law:DATE`, `law:today`,
/// `scenario:FILE` and `scenario:fortress` (the grammar in the command's
/// help), each with its border charge and input wedges.
pub fn landed_regimes(
    list: &str,
    session: &Session,
    input_wedges: InputWedges,
) -> Result<Vec<Regime>> {
    let (m, db) = (session.mrio(), session.law()?);
    let from = NaiveDate::from_ymd_opt(2025, 10, 1).expect("date");
    list.split(',')
        .map(|spec| {
            let spec = spec.trim();
            if spec == "pre-2025" {
                // 2025-01-01: before the first 2025 measure (IEEPA, 2025-02-04).
                let date = NaiveDate::from_ymd_opt(2025, 1, 1).expect("date").max(db.duty_from);
                return Ok(Regime {
                    name: "pre-2025".into(),
                    border: Border::Law(date),
                    wedges: vec![],
                    wedges_source: format!("none (the law on {date}, before the 2025 measures)"),
                });
            }
            if let Some(d) = spec.strip_prefix("law:") {
                let date = if d == "today" {
                    db.as_of
                } else {
                    d.parse::<NaiveDate>()
                        .map_err(|_| anyhow!("--regimes {spec:?}: {d:?} is not a date (YYYY-MM-DD) or `today`"))?
                };
                if input_wedges == InputWedges::Law {
                    let d = session
                        .law_wedges("USA", date, None, &Default::default())
                        .with_context(|| format!("--regimes {spec:?}: input wedges from the law"))?;
                    return Ok(Regime {
                        name: format!("law {date}"),
                        border: Border::Law(date),
                        wedges: to_tariffs(m, &d.wedges, AppliesTo::Both)?,
                        wedges_source: format!(
                            "the law on {date} through the law-to-economy link (autopact wedges --date {date}; concordance {})",
                            d.concordance
                        ),
                    });
                }
                if date < from {
                    bail!(
                        "--regimes {spec:?}: the shipped US 2025 scenario gives input wedges from {from} on; \
                         use --input-wedges law for the law on {date}, pre-2025, or a date from {from}"
                    );
                }
                let t = session.scenario_tariffs(
                    "scenarios/us-2025-tariffs.toml (built in)",
                    US_2025,
                    None,
                )?;
                return Ok(Regime {
                    name: format!("law {date}"),
                    border: Border::Law(date),
                    wedges: t.wedges,
                    wedges_source: format!(
                        "{} (the shipped scenario's wedges; --input-wedges law derives them for this date)",
                        t.label
                    ),
                });
            }
            if let Some(f) = spec.strip_prefix("scenario:") {
                let (name, text) = if f == "fortress" {
                    ("scenarios/fortress-north-america.toml (built in)".to_string(), FORTRESS.to_string())
                } else {
                    (f.to_string(), autopact_data::read_text(f).with_context(|| format!("--regimes {spec:?}"))?)
                };
                let base = (f != "fortress").then(|| scenario_folder(Path::new(f)));
                let t = session
                    .scenario_tariffs(&name, &text, base)
                    .with_context(|| format!("--regimes {spec:?}"))?;
                return Ok(Regime {
                    name: format!("scenario {}", f.trim_end_matches(".toml")),
                    border: Border::Wedges,
                    wedges: t.wedges,
                    wedges_source: t.label,
                });
            }
            bail!("--regimes: unknown regime {spec:?} (pre-2025, law:DATE, law:today, scenario:FILE, scenario:fortress)")
        })
        .collect()
}

/// The regimes `autopact landed-cost` compares by default.
pub const DEFAULT_REGIMES: &str = "pre-2025,law:2025-10-01,law:today,scenario:fortress";

/// The landed cost of reference vehicles under a list of regimes
/// (`autopact landed-cost`): the regimes resolved by [`landed_regimes`],
/// the table and chart built by [`autopact_report::landed::build`].
pub fn landed_cost(
    session: &Session,
    vehicles: &[ReferenceVehicle],
    regime_list: &str,
    input_wedges: InputWedges,
) -> Result<(Table, BarChart)> {
    let regimes = landed_regimes(regime_list, session, input_wedges)?;
    autopact_report::landed::build(
        session.mrio(),
        session.leontief()?,
        session.law()?,
        session.rules()?,
        vehicles,
        &regimes,
    )
}

/// Next to a landed-cost table's input-cost effects (the WIOD table's
/// transport equipment): the price change of vehicles and parts on
/// current data (BEA 2017) under each law regime after
/// [`CURRENT_BASELINE`], in the metadata (`current_data_DATE`).
pub fn current_data_meta(t: &mut Table, regime_list: &str, session: &Session) -> Result<()> {
    let baseline: NaiveDate = CURRENT_BASELINE.parse().expect("a valid date");
    for date in law_regime_dates(regime_list, session.law()?) {
        if date <= baseline {
            continue;
        }
        let v = session.current_vehicle_costs(date)?;
        let lines = autopact_report::national::vehicle_costs_lines(&v, &current_label(date));
        t.meta(format!("current_data_{date}"), lines.join(" "));
    }
    Ok(())
}

/// The dates of the `law:DATE` and `law:today` regimes of a regimes list
/// (malformed ones are left to [`landed_regimes`], which names them).
pub fn law_regime_dates(list: &str, db: &LawDb) -> Vec<NaiveDate> {
    list.split(',')
        .filter_map(|spec| spec.trim().strip_prefix("law:"))
        .filter_map(|d| {
            if d == "today" {
                Some(db.as_of)
            } else {
                d.parse().ok()
            }
        })
        .collect()
}
