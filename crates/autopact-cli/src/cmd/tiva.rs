//! `autopact tiva`: OECD Trade in Value Added indicators of a country or a
//! group (e.g. USMCA as one exporter), by partner and sector.
//!
//! Flags → `autopact_report::tiva` → output.

use std::process::ExitCode;

use anyhow::Result;
use autopact_api_types::request::TivaRequest;
use clap::Args as ClapArgs;

use super::Context;
use super::table::{TableArgs, factor};
use crate::output::OutputArgs;

/// Arguments of `autopact tiva`.
#[derive(Debug, ClapArgs)]
#[command(after_help = "Examples:
  autopact tiva --exporter CAN --indicator EXGR_DVA,EXGR_FVA,DEXFVApSH
  autopact tiva --exporter USMCA --importer CHN --importer JPN
  autopact tiva ICIO2023_2019.csv.gz --exporter MEX --sector C29")]
pub struct Args {
    #[command(flatten)]
    table: TableArgs,
    #[command(flatten)]
    request: TivaRequest,
    #[command(flatten)]
    output: OutputArgs,
}

/// Runs the command.
pub fn run(args: Args, ctx: &Context) -> Result<ExitCode> {
    let m = args.table.load(ctx)?;
    let l = factor(&m)?;
    let t = autopact_report::tiva::build(&m, &l, &args.request)?;
    ctx.note(format!("{} rows", t.rows.len()));
    args.output.emit(&t)?;
    Ok(ExitCode::SUCCESS)
}
