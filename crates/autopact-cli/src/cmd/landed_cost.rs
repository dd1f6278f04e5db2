//! `autopact landed-cost`: the cost of putting reference vehicles on the
//! US market under each tariff regime — North America against Asia and
//! Europe. Equations: docs/methodology/landed-cost.md (L1).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result, anyhow, bail};
use autopact_brief::{BarChart, bar_chart_svg};
use autopact_core::Table;
use autopact_law::roo::RooRules;
use autopact_law::vehicles::ReferenceVehicle;
use autopact_law::{LawDb, NaiveDate};
use autopact_link::landed::{Border, Regime};
use autopact_mrio::AppliesTo;
use autopact_mrio::{Leontief, Mrio};
use clap::{Args as ClapArgs, ValueEnum};

pub use autopact_report::landed::parse_vehicles;

use super::Context;
use super::contribution::{scenario_tariffs, write_chart};
use super::table::{TableArgs, factor};
use crate::output::OutputArgs;

const US_2025: &str = include_str!("../../../../scenarios/us-2025-tariffs.toml");
const FORTRESS: &str = include_str!("../../../../scenarios/fortress-north-america.toml");

/// The vehicles compared by default: one per assembly country.
pub use autopact_report::landed::DEFAULT_VEHICLES;
/// The regimes compared by default.
pub const DEFAULT_REGIMES: &str = "pre-2025,law:2025-10-01,law:today,scenario:fortress";

/// Where the input wedges of a `law:DATE` regime come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputWedges {
    /// The shipped scenarios/us-2025-tariffs.toml (the law on 2025-10-01
    /// through the law-to-economy link), for any date from then.
    Scenario,
    /// The law-to-economy link: the law on DATE × trade weights × concordance
    /// (the wedges of `autopact wedges --date DATE`).
    Law,
}

/// Arguments of `autopact landed-cost`.
#[derive(Debug, ClapArgs)]
#[command(after_help = "Regimes:
  pre-2025            the law on 2025-01-01 (before the 2025 measures), no input wedges
  law:DATE, law:today the law on DATE (today = the law data's as-of date) by the duty engine;
                      input wedges per --input-wedges: the shipped US 2025 scenario, the law on
                      2025-10-01 (DATE ≥ 2025-10-01) or the law-to-economy link (`autopact wedges`)
  scenario:FILE       a scenario file's wedges, on inputs and at the border (a model, not the law)
  scenario:fortress   the shipped scenarios/fortress-north-america.toml

Examples:
  autopact landed-cost
  autopact landed-cost --vehicles ontario-suv,japan-import --regimes pre-2025,law:2025-10-01
  autopact landed-cost --chart landed.svg --format csv")]
pub struct Args {
    #[command(flatten)]
    table: TableArgs,
    /// Reference vehicles (comma-separated names).
    #[arg(long, default_value = DEFAULT_VEHICLES)]
    vehicles: String,
    /// Regimes (comma-separated; the first is the baseline of `change`).
    #[arg(long, default_value = DEFAULT_REGIMES)]
    regimes: String,
    /// Input wedges of the `law:DATE` regimes.
    #[arg(long, value_enum, default_value_t = InputWedges::Scenario)]
    input_wedges: InputWedges,
    /// Also draw the input-cost effect and border duty as an SVG bar chart.
    #[arg(long, value_name = "FILE.svg")]
    chart: Option<PathBuf>,
    #[command(flatten)]
    output: OutputArgs,
}

/// Parses the regimes list against a table and the law data.
pub fn parse_regimes(
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
                    let d = super::wedges::law_wedges(
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
                        wedges: super::wedges::to_tariffs(m, &d.wedges, AppliesTo::Both)?,
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

/// The landed-cost table and chart: the regimes resolved here (scenario
/// files, trade weights), the table built by `autopact_report::landed`.
pub fn compute(
    m: &Mrio,
    l: &Leontief,
    vehicles: &[ReferenceVehicle],
    regime_list: &str,
    input_wedges: InputWedges,
) -> Result<(Table, BarChart)> {
    let db = LawDb::builtin().context("embedded law data")?;
    let rules = RooRules::builtin().context("embedded USMCA rules")?;
    let regimes = parse_regimes(regime_list, m, &db, input_wedges)?;
    autopact_report::landed::build(m, l, &db, &rules, vehicles, &regimes)
}

/// Next to the table's input-cost effects (the WIOD table's transport
/// equipment): the price change of vehicles and parts on current data
/// (BEA 2017) under each law regime after the baseline, in the metadata.
fn current_data_meta(t: &mut Table, regime_list: &str) -> Result<()> {
    let db = LawDb::builtin().context("embedded law data")?;
    let baseline: NaiveDate = autopact::frontend::CURRENT_BASELINE.parse().expect("date");
    for spec in regime_list.split(',').map(str::trim) {
        let Some(d) = spec.strip_prefix("law:") else {
            continue;
        };
        let date = if d == "today" {
            db.as_of
        } else {
            match d.parse::<NaiveDate>() {
                Ok(date) => date,
                Err(_) => continue, // refused with its message by parse_regimes
            }
        };
        if date <= baseline {
            continue;
        }
        let v = autopact::frontend::current_vehicle_costs(date, &db)?;
        let lines = autopact_report::national::vehicle_costs_lines(
            &v,
            &autopact::frontend::current_label(date),
        );
        t.meta(format!("current_data_{date}"), lines.join(" "));
    }
    Ok(())
}

/// Runs the command.
pub fn run(args: Args, ctx: &Context) -> Result<ExitCode> {
    let vehicles = parse_vehicles(&args.vehicles)?;
    let m = args.table.load(ctx)?;
    let l = factor(&m)?;
    let (mut t, chart) = compute(&m, &l, &vehicles, &args.regimes, args.input_wedges)?;
    ctx.note("reference vehicles are ILLUSTRATIVE: round numbers, not any real model");
    current_data_meta(&mut t, &args.regimes)?;
    if let Some(path) = &args.chart {
        write_chart(path, &bar_chart_svg(&chart), ctx)?;
    }
    args.output.emit(&t)?;
    Ok(ExitCode::SUCCESS)
}
