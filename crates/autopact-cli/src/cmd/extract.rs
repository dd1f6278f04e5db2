//! `autopact extract`: hypothetical extraction of one region's supplies to
//! another — the output, value added and jobs that depend on the link.
//!
//! Flags (`autopact_api_types::request::ExtractRequest`) →
//! `autopact_report::extract` → output.
//! Equations: docs/methodology/extraction.md (E1–E3).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use autopact_api_types::request::ExtractRequest;
use autopact_brief::bar_chart_svg;
use clap::Args as ClapArgs;

use super::Context;
use super::contribution::write_chart;
use super::table::{TableArgs, factor};
use crate::output::OutputArgs;

/// Arguments of `autopact extract`.
#[derive(Debug, ClapArgs)]
#[command(after_help = "Examples:
  autopact extract --from CAN --to USA --by region
  autopact extract --from CAN --sectors c15,c12 --to USA --format csv
  autopact extract --from MEX --to USA --with-final-demand --by region --chart mex-usa.svg")]
pub struct Args {
    #[command(flatten)]
    table: TableArgs,
    #[command(flatten)]
    request: ExtractRequest,
    /// Also draw the output loss by region as an SVG bar chart.
    #[arg(long, value_name = "FILE.svg")]
    chart: Option<PathBuf>,
    #[command(flatten)]
    output: OutputArgs,
}

/// Runs the command.
pub fn run(args: Args, ctx: &Context) -> Result<ExitCode> {
    let m = args.table.load(ctx)?;
    let l = factor(&m)?;
    let out = autopact_report::extract::build(&m, &l, &args.request)?;
    if let Some(path) = &args.chart {
        write_chart(path, &bar_chart_svg(&out.chart), ctx)?;
    }
    args.output.emit(&out.table)?;
    Ok(ExitCode::SUCCESS)
}
