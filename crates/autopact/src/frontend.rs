//! What a front end does between a request and a result table when files
//! or the law's trade weights are involved.
//!
//! `autopact-report` turns requests into tables and reads nothing;
//! `autopact-data` reads files and trade weights and shapes nothing. A
//! command that needs both — a price run with tariffs from the law, the
//! monthly wedge series, a contribution question with a scenario file's
//! tariffs, a scenario run on the table its file names, the rules of
//! origin for a BOM file — is assembled here once, for the command line
//! and the Python package alike. (The HTTP server holds its own session:
//! it reads no file a request names.) Warnings go back to the caller, who
//! prints them (CLI) or raises them as Python warnings.
//!
//! What clap checks for the command line (`--origin` needs `--consumer`,
//! one mode of `jobs`, one source of tariffs) is checked here too, naming
//! the field, for front ends without clap.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, anyhow, bail};
use autopact_api_types::request::{
    Applies, ContributionRequest, InputWedges, JobsRequest, LawOptions, PriceRequest, WedgesRequest,
};
use autopact_brief::LineChart;
use autopact_core::Table;
use autopact_data::wedges::ScenarioLaw;
use autopact_law::roo::RooRules;
use autopact_law::{LawDb, NaiveDate};
use autopact_link::Derived;
use autopact_link::landed::{Border, Regime};
use autopact_mrio::{AppliesTo, Leontief, Mrio, TariffWedge};
use autopact_report::contribution::Tariffs;
use autopact_report::roo::RooGood;
use autopact_report::{Field, FieldNote, LawTariffs};
use autopact_scenario::ResolvedScenario;

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

/// Calls `f` with `db`, or with the built-in law read now when `db` is
/// `None` (a front end that holds no law reads it only when a request
/// needs it).
fn with_law<T>(db: Option<&LawDb>, f: impl FnOnce(&LawDb) -> Result<T>) -> Result<T> {
    match db {
        Some(db) => f(db),
        None => f(&LawDb::builtin().context("embedded law data")?),
    }
}

/// The USMCA rules of origin built into autopact.
pub fn roo_rules() -> Result<RooRules> {
    RooRules::builtin().context("embedded USMCA rules")
}

/// Derives wedges from the law for one importer and date (the sector
/// wedges of `autopact wedges --date DATE`, with the request's options).
pub fn law_wedges(
    m: &Mrio,
    importer: &str,
    date: NaiveDate,
    origin: Option<&str>,
    options: &LawOptions,
    db: &LawDb,
) -> Result<Derived> {
    Ok(autopact_data::wedges::law_wedges(
        m,
        importer,
        date,
        origin,
        &autopact_report::wedges::link_options(options),
        db,
    )?)
}

/// The sector wedges as price-model tariffs (exporter = importer rows skipped).
pub fn to_tariffs(
    m: &Mrio,
    w: &autopact_link::Wedges,
    applies_to: AppliesTo,
) -> Result<Vec<TariffWedge>> {
    Ok(autopact_link::to_tariffs(m, w, applies_to)?)
}

/// The importer's tariffs from the law in force on `date`, through the
/// law-to-economy link (the sector wedges of `autopact wedges --date
/// DATE`, with the link's default assumptions).
pub fn law_tariffs(
    m: &Mrio,
    importer: &str,
    date: NaiveDate,
    applies: Applies,
    db: &LawDb,
) -> Result<Tariffs> {
    let d = law_wedges(m, importer, date, None, &Default::default(), db)
        .context("tariffs from the law")?;
    Ok(Tariffs {
        wedges: to_tariffs(m, &d.wedges, autopact_report::labels::applies_to(applies))?,
        label: format!(
            "the law on {date} through the law-to-economy link (law data as of {}; on trade weights {}; concordance {})",
            d.wedges.law_as_of, d.wedges.weights, d.concordance
        ),
    })
}

/// A scenario's tariffs against `m` (its text given; `name` is its path,
/// whose folder holds the weights files it names).
pub fn scenario_tariffs(m: &Mrio, name: &str, text: &str) -> Result<Tariffs> {
    let spec = autopact_scenario::parse(name, text)?;
    let sha = m.provenance().sha256.clone().unwrap_or_default();
    let law = ScenarioLaw {
        mrio: m,
        base: Some(
            Path::new(name)
                .parent()
                .unwrap_or(Path::new("."))
                .to_path_buf(),
        ),
        db: None,
    };
    let resolved = autopact_scenario::resolve_with_law(&spec, name, text, m, &sha, &law)?;
    let label = match &resolved.law_as_of {
        Some(d) => format!("scenario {:?} (law as of {d})", resolved.name),
        None => format!("scenario {:?}", resolved.name),
    };
    Ok(Tariffs {
        wedges: resolved.wedges(m),
        label,
    })
}

/// A contribution question (`autopact contribution`): the tariffs of its
/// `law` (`db`, or the built-in law) or `scenario` (a file) fetched here, the rest by
/// [`autopact_report::contribution::build`].
pub fn contribution(
    m: &Mrio,
    l: &Leontief,
    r: &ContributionRequest,
    db: Option<&LawDb>,
) -> Result<autopact_report::contribution::Contribution> {
    autopact_report::contribution::build(m, l, r, || {
        if let Some(date) = r.law {
            return with_law(db, |db| law_tariffs(m, &r.to, date, r.applies_to, db))
                .context(Field::new("law"));
        }
        let path = r
            .scenario
            .as_deref()
            .expect("called with a scenario or a law");
        let text = autopact_data::read_text(path)?;
        scenario_tariffs(m, path, &text)
    })
}

/// A table and the warnings its derivation raised.
pub struct Warned {
    /// The result.
    pub table: Table,
    /// Counted warnings about the derivation (for stderr, or Python warnings).
    pub warnings: Vec<String>,
}

/// The law-derived wedges of a price or jobs request, when it names a law date.
fn derived(
    m: &Mrio,
    importer: &str,
    law: Option<NaiveDate>,
    options: &LawOptions,
    db: Option<&LawDb>,
) -> Result<Option<Derived>> {
    law.map(|date| with_law(db, |db| law_wedges(m, importer, date, None, options, db)))
        .transpose()
}

/// A price run (`autopact price`), with the tariffs of the law on
/// `r.law` (`db`, or the built-in law) before the request's own.
pub fn price(m: &Mrio, l: &Leontief, r: &PriceRequest, db: Option<&LawDb>) -> Result<Warned> {
    if r.law.is_none() && r.law_importer != "USA" {
        return Err(anyhow!("--law-importer needs --law DATE").context(Field::new("law_importer")));
    }
    let d = derived(m, &r.law_importer, r.law, &r.law_options(), db)?;
    let warnings = std::cell::RefCell::new(Vec::new());
    let describe = |t: &mut Table| {
        if let Some(d) = &d {
            warnings
                .borrow_mut()
                .extend(autopact_report::wedges::describe(t, d));
            t.meta(
                "tariffs_from_law",
                autopact_link::tariff_specs(&d.wedges).join(" "),
            );
        }
    };
    let law = law_tariffs_of(m, d.as_ref(), r.applies_to, &describe)?;
    let table = autopact_report::price::build(m, l, r, law.as_ref())?;
    Ok(Warned {
        table,
        warnings: warnings.into_inner(),
    })
}

/// A jobs run (`autopact jobs`), with the US tariffs of the law on `r.law`
/// (`db`, or the built-in law) before the request's own.
pub fn jobs(m: &Mrio, l: &Leontief, r: &JobsRequest, db: Option<&LawDb>) -> Result<Warned> {
    let needs = |field: &'static str, what: &str| Err(anyhow!("{what}").context(Field::new(field)));
    if r.exporter.is_some() != r.importer.is_some() {
        let missing = if r.exporter.is_some() {
            "importer"
        } else {
            "exporter"
        };
        return needs(missing, "give --exporter and --importer together");
    }
    if r.origin.is_some() && r.consumer.is_none() {
        return needs("consumer", "--origin needs --consumer");
    }
    let d = derived(m, "USA", r.law, &r.law_options(), db)?;
    let warnings = std::cell::RefCell::new(Vec::new());
    let describe = |t: &mut Table| {
        if let Some(d) = &d {
            warnings
                .borrow_mut()
                .extend(autopact_report::wedges::describe(t, d));
        }
    };
    let law = law_tariffs_of(m, d.as_ref(), r.applies_to, &describe)?;
    let table = autopact_report::jobs::build(m, l, r, law.as_ref())?;
    Ok(Warned {
        table,
        warnings: warnings.into_inner(),
    })
}

fn law_tariffs_of<'a>(
    m: &Mrio,
    d: Option<&Derived>,
    applies: Applies,
    describe: &'a dyn Fn(&mut Table),
) -> Result<Option<LawTariffs<'a>>> {
    d.map(|d| {
        Ok(LawTariffs {
            wedges: to_tariffs(m, &d.wedges, autopact_report::labels::applies_to(applies))?,
            describe,
        })
    })
    .transpose()
}

/// The result of `autopact wedges`.
pub struct WedgesOutput {
    /// The table: by line, sector or measure on a date; the monthly
    /// series; or the series reconciled with collected duties.
    pub table: Table,
    /// Counted warnings.
    pub warnings: Vec<String>,
    /// With collected duties: the model's and the collected rates by month.
    pub chart: Option<LineChart>,
}

/// Effective tariff rates from the law on real trade (`autopact wedges`):
/// on `r.date` by line, sector or measure, or the monthly series
/// (reconciled with collected duties when `r.collected` names a file or
/// `published`).
pub fn wedges(m: &Mrio, r: &WedgesRequest, db: &LawDb) -> Result<WedgesOutput> {
    let importer = r.importer.clone().unwrap_or_else(|| "USA".into());
    if !r.series {
        if r.collected.is_some() {
            return Err(anyhow!("--collected needs --series").context(Field::new("collected")));
        }
        let Some(date) = r.date else {
            return Err(anyhow!("give the entry date (YYYY-MM-DD), or --series")
                .context(Field::new("date")));
        };
        let d = law_wedges(
            m,
            &importer,
            date,
            r.origin.as_deref(),
            &r.law_options(),
            db,
        )?;
        let (table, warnings) = autopact_report::wedges::table(m, &d, r.by);
        return Ok(WedgesOutput {
            table,
            warnings,
            chart: None,
        });
    }
    if r.date.is_some() || r.weights.is_some() {
        return Err(anyhow!(
            "the series uses each month's own weights on the 15th of the month: leave out --date and --weights"
        )
        .context(Field::new("series")));
    }
    let exporters: Vec<String> = match &r.origin {
        Some(o) if m.regions().iter().any(|x| x == o) => vec![o.clone()],
        Some(o) => anyhow::bail!("--series takes a table region as --origin (e.g. CAN), not {o:?}"),
        None => vec!["CAN".into(), "MEX".into()],
    };
    let collected = r
        .collected
        .as_deref()
        .map(|f| autopact_data::collected::collected_from(f, None, m.regions()))
        .transpose()?;
    let series = autopact_data::wedges::wedge_series(
        m,
        &importer,
        r.origin.as_deref(),
        &exporters,
        &autopact_report::wedges::link_options(&r.law_options()),
        db,
        collected.is_some(),
    )?;
    let (table, warnings, chart) = match (&collected, &r.collected) {
        (Some(c), Some(f)) => {
            let (t, w) = autopact_report::wedges::reconciliation(
                m,
                &series,
                c,
                &autopact_data::collected::describe_source(f),
            );
            let chart = autopact_report::wedges::reconciliation_chart(&series, c);
            (t, w, Some(chart))
        }
        _ => {
            let (t, w) =
                autopact_report::wedges::series(m, &series, autopact_data::trade::TRADE_SOURCE);
            (t, w, None)
        }
    };
    Ok(WedgesOutput {
        table,
        warnings,
        chart,
    })
}

/// A scenario file read with its table.
pub struct LoadedScenario {
    /// The table its `[table] source` names (relative to the file's folder).
    pub mrio: Mrio,
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
    let sha = mrio.provenance().sha256.clone().unwrap_or_default();
    let law = ScenarioLaw {
        mrio: &mrio,
        base: Some(path.parent().unwrap_or(Path::new(".")).to_path_buf()),
        db: None,
    };
    let resolved = autopact_scenario::resolve_with_law(&spec, &name, &text, &mrio, &sha, &law)?;
    Ok(LoadedScenario { mrio, resolved })
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

/// The built-in table the vehicle costs on current data use.
pub const CURRENT_TABLE: &str = "us-bea-2017";

/// The baseline the law's tariffs are measured against on current data:
/// before the 2025 measures.
pub const CURRENT_BASELINE: &str = "2025-01-01";

/// The seed's vehicle costs on current data: the law in force on `date`
/// against [`CURRENT_BASELINE`], by BEA commodity, priced on the built-in
/// [`CURRENT_TABLE`] (`autopact price --table us-bea-2017 --law DATE`,
/// run with s = 1 and the Budget Lab's assumptions). Shown next to the
/// WIOD results by `overview`, `report` and `landed-cost`.
pub fn current_vehicle_costs(
    date: NaiveDate,
    db: &LawDb,
) -> Result<autopact_report::national::VehicleCosts> {
    let table = autopact_data::national::open_national(CURRENT_TABLE)?;
    let baseline: NaiveDate = CURRENT_BASELINE.parse().expect("a valid date");
    let lr = autopact_data::national::law_rates(
        &table,
        date,
        baseline,
        &autopact_link::LawOptions::default(),
        db,
    )?;
    autopact_report::national::vehicle_costs(
        CURRENT_TABLE,
        &table,
        &lr.rates.tau(table.commodities()),
    )
}

/// The words naming the tariffs of [`current_vehicle_costs`].
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
    m: &Mrio,
    db: &LawDb,
    input_wedges: InputWedges,
) -> Result<Vec<Regime>> {
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
                    let d = law_wedges(
                        m,
                        "USA",
                        date,
                        None,
                        &Default::default(),
                        db,
                    )
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
                let t = scenario_tariffs(m, "scenarios/us-2025-tariffs.toml (built in)", US_2025)?;
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
                let t = scenario_tariffs(m, &name, &text).with_context(|| format!("--regimes {spec:?}"))?;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn default_table() -> (Mrio, Leontief) {
        let m = autopact_data::open_table("default", &Default::default()).unwrap();
        let l = autopact_report::factor(&m).unwrap();
        (m, l)
    }

    fn field(e: &anyhow::Error) -> Option<&'static str> {
        Field::of(e).map(|f| f.name)
    }

    /// What clap checks for the command line is refused here too, naming
    /// the field, for the front ends without clap.
    #[test]
    fn what_clap_checks_is_checked_for_other_front_ends() {
        let (m, l) = default_table();
        let req = |v: serde_json::Value| -> JobsRequest { serde_json::from_value(v).unwrap() };
        let e = jobs(&m, &l, &req(serde_json::json!({"exporter": "CAN"})), None).err();
        assert_eq!(field(&e.unwrap()), Some("importer"));
        let e = jobs(&m, &l, &req(serde_json::json!({"origin": "CAN"})), None).err();
        assert_eq!(field(&e.unwrap()), Some("consumer"));
        let w: WedgesRequest = serde_json::from_value(serde_json::json!({"by": "sector"})).unwrap();
        let e = wedges(&m, &w, &LawDb::builtin().unwrap()).err();
        assert_eq!(field(&e.unwrap()), Some("date"));
        let e = roo_good(Some(Path::new("b.csv")), None, &[], Some("ontario-suv")).err();
        assert_eq!(field(&e.unwrap()), Some("vehicle"));
        let p: PriceRequest =
            serde_json::from_value(serde_json::json!({"law_importer": "CAN"})).unwrap();
        let e = price(&m, &l, &p, None).err();
        assert_eq!(field(&e.unwrap()), Some("law_importer"));
    }

    #[test]
    fn a_contribution_takes_its_tariffs_one_way() {
        let (m, l) = default_table();
        let r: ContributionRequest = serde_json::from_value(serde_json::json!({
            "from": "CAN", "to": "USA", "tariff": "USA:CAN:c15:25%", "law": "2025-10-01"
        }))
        .unwrap();
        let e = contribution(&m, &l, &r, None).err().unwrap();
        assert_eq!(field(&e), Some("law"));
        let r: ContributionRequest = serde_json::from_value(serde_json::json!({
            "from": "CAN", "to": "USA", "tariff": "USA:CAN:c15:25%", "view": "summary"
        }))
        .unwrap();
        let c = contribution(&m, &l, &r, None).unwrap();
        assert_eq!(
            c.view(r.view)
                .meta
                .iter()
                .find(|(k, _)| k == "tariffs")
                .map(|x| x.1.as_str()),
            Some("--tariff USA:CAN:c15:25%")
        );
    }
}
