//! `autopact multipliers`: output, value-added (domestic/foreign) and
//! stressor multipliers of every region-sector.
//!
//! Flags → `autopact_report::multipliers` → output.

use std::process::ExitCode;

use anyhow::Result;
use autopact_api_types::request::MultipliersRequest;
use clap::Args as ClapArgs;

use super::Context;
use super::table::{TableArgs, factor};
use crate::output::OutputArgs;

/// Arguments of `autopact multipliers`.
#[derive(Debug, ClapArgs)]
#[command(after_help = "Examples:
  autopact multipliers --format csv > multipliers.csv
  autopact multipliers --extension employment --leontief-diagonal
  autopact multipliers ICIO2023_2019.csv.gz --format parquet -o multipliers.parquet")]
pub struct Args {
    #[command(flatten)]
    table: TableArgs,
    #[command(flatten)]
    request: MultipliersRequest,
    #[command(flatten)]
    output: OutputArgs,
}

/// Runs the command.
pub fn run(args: Args, ctx: &Context) -> Result<ExitCode> {
    let m = args.table.load(ctx)?;
    let l = factor(&m)?;
    let t = autopact_report::multipliers::build(&m, &l, &args.request)?;
    args.output.emit(&t)?;
    Ok(ExitCode::SUCCESS)
}
