//! `autopact info`: what a table holds and how well it balances.
//!
//! Flags → `autopact_report::info` → output.

use std::process::ExitCode;

use anyhow::Result;
use autopact_api_types::request::InfoRequest;
use clap::Args as ClapArgs;

use super::Context;
use super::table::TableArgs;
use crate::output::OutputArgs;

/// Arguments of `autopact info`.
#[derive(Debug, ClapArgs)]
#[command(after_help = "Examples:
  autopact info
  autopact info ICIO2023_2019.csv.gz --format json
  autopact info ../exiobase/IOT_2022_ixi --tolerance 0.01
  autopact info us-bea-2017")]
pub struct Args {
    #[command(flatten)]
    table: TableArgs,
    #[command(flatten)]
    request: InfoRequest,
    #[command(flatten)]
    output: OutputArgs,
}

/// Runs the command.
pub fn run(args: Args, ctx: &Context) -> Result<ExitCode> {
    if let Some(t) = args.table.national(ctx)? {
        args.output.emit(&autopact_report::national::info(&t))?;
        return Ok(ExitCode::SUCCESS);
    }
    let m = args.table.load(ctx)?;
    let t = autopact_report::info::build(&m, &args.request);
    args.output.emit(&t)?;
    Ok(ExitCode::SUCCESS)
}
