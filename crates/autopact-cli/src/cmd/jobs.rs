//! `autopact jobs`: jobs embodied in trade and final demand, and jobs at
//! stake in a tariff.
//!
//! Flags → `autopact::Session::jobs` (the law's tariffs with `--law`) →
//! `autopact_report::jobs` → output.

use std::process::ExitCode;

use anyhow::Result;
use autopact_api_types::request::JobsRequest;
use clap::Args as ClapArgs;

use super::Context;
use super::table::{LawDirArgs, TableArgs};
use crate::output::OutputArgs;

/// Arguments of `autopact jobs`.
#[derive(Debug, ClapArgs)]
#[command(group = clap::ArgGroup::new("mode").required(true).args(["exporter", "consumer", "tariff", "law"]))]
#[command(after_help = "Examples:
  autopact jobs --exporter CAN --importer USA
  autopact jobs --consumer USA --origin CAN --sector c15   # US jobs in Canadian vehicles
  autopact jobs --tariff USA:MEX:c15:25% --elasticity 1.5 --by source-sector")]
pub struct Args {
    #[command(flatten)]
    table: TableArgs,
    #[command(flatten)]
    request: JobsRequest,
    #[command(flatten)]
    law: LawDirArgs,
    #[command(flatten)]
    output: OutputArgs,
}

/// Runs the command.
pub fn run(args: Args, ctx: &Context) -> Result<ExitCode> {
    let session = args.table.session(&args.law, ctx)?;
    let out = session.jobs(&args.request)?;
    ctx.warn(out.warnings);
    args.output.emit(&out.table)?;
    Ok(ExitCode::SUCCESS)
}
