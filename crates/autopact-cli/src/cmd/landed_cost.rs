//! `autopact landed-cost`: the cost of putting reference vehicles on the
//! US market under each tariff regime — North America against Asia and
//! Europe. Equations: docs/methodology/landed-cost.md (L1).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use autopact_brief::bar_chart_svg;
use clap::Args as ClapArgs;

pub use autopact_report::landed::parse_vehicles;

use super::Context;
use super::contribution::write_chart;
use super::table::{LawDirArgs, TableArgs};
use crate::output::OutputArgs;

/// The regimes compared by default.
pub use autopact::frontend::DEFAULT_REGIMES;
/// The vehicles compared by default: one per assembly country.
pub use autopact_report::landed::DEFAULT_VEHICLES;

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
    #[command(flatten)]
    law: LawDirArgs,
    /// Also draw the input-cost effect and border duty as an SVG bar chart.
    #[arg(long, value_name = "FILE.svg")]
    chart: Option<PathBuf>,
    #[command(flatten)]
    output: OutputArgs,
}

/// Runs the command.
pub fn run(args: Args, ctx: &Context) -> Result<ExitCode> {
    let vehicles = parse_vehicles(&args.vehicles)?;
    let session = args.table.session(&args.law, ctx)?;
    let (mut t, chart) =
        autopact::frontend::landed_cost(&session, &vehicles, &args.regimes, args.input_wedges)?;
    ctx.note("reference vehicles are ILLUSTRATIVE: round numbers, not any real model");
    autopact::frontend::current_data_meta(&mut t, &args.regimes, &session)?;
    if let Some(path) = &args.chart {
        write_chart(path, &bar_chart_svg(&chart), ctx)?;
    }
    args.output.emit(&t)?;
    Ok(ExitCode::SUCCESS)
}
