//! `autopact landed-cost`: the cost of putting reference vehicles on the
//! US market under each tariff regime — North America against Asia and
//! Europe. Equations: docs/methodology/landed-cost.md (L1).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use autopact_brief::{BarChart, bar_chart_svg};
use autopact_core::Table;
use autopact_law::roo::RooRules;
use autopact_law::vehicles::ReferenceVehicle;
use autopact_law::{LawDb, NaiveDate};
use autopact_mrio::{Leontief, Mrio};
use clap::Args as ClapArgs;

pub use autopact_report::landed::parse_vehicles;

use super::Context;
use super::contribution::write_chart;
use super::table::{TableArgs, factor};
use crate::output::OutputArgs;

/// The vehicles compared by default: one per assembly country.
pub use autopact_report::landed::DEFAULT_VEHICLES;
/// The regimes compared by default.
pub const DEFAULT_REGIMES: &str = "pre-2025,law:2025-10-01,law:today,scenario:fortress";

pub use autopact_api_types::request::InputWedges;

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
    let regimes = autopact::frontend::landed_regimes(regime_list, m, &db, input_wedges)?;
    autopact_report::landed::build(m, l, &db, &rules, vehicles, &regimes)
}

/// Next to the table's input-cost effects (the WIOD table's transport
/// equipment): the price change of vehicles and parts on current data
/// (BEA 2017) under each law regime after the baseline, in the metadata.
fn current_data_meta(t: &mut Table, regime_list: &str) -> Result<()> {
    let db = LawDb::builtin().context("embedded law data")?;
    let baseline: NaiveDate = autopact::frontend::CURRENT_BASELINE.parse().expect("date");
    for date in autopact::frontend::law_regime_dates(regime_list, &db) {
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
