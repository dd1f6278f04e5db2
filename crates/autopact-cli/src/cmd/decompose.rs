//! `autopact decompose`: gross exports split into value-added terms —
//! Borin–Mancini (source-based; any perspective, groups allowed) or
//! Wang–Wei–Zhu (16 terms, decompr's names). One row per exporting
//! country-sector and importer, one column per term.
//!
//! Flags → `autopact_report::decompose` → output.

use std::process::ExitCode;

use anyhow::Result;
use autopact_api_types::request::DecomposeRequest;
use clap::Args as ClapArgs;

use super::Context;
use super::table::{TableArgs, factor_for_many_solves};
use crate::output::OutputArgs;

/// Arguments of `autopact decompose`.
#[derive(Debug, ClapArgs)]
#[command(after_help = "Examples:
  autopact decompose --method wwz --exporter CAN --importer USA --format csv
  autopact decompose --method bm --exporter USMCA --importer CHN
  autopact decompose --method bm --exporter MEX --sector c15 --detail")]
pub struct Args {
    #[command(flatten)]
    table: TableArgs,
    #[command(flatten)]
    request: DecomposeRequest,
    #[command(flatten)]
    output: OutputArgs,
}

/// Runs the command.
pub fn run(args: Args, ctx: &Context) -> Result<ExitCode> {
    let m = args.table.load(ctx)?;
    let l = factor_for_many_solves(&m)?;
    let t = autopact_report::decompose::build(&m, &l, &args.request)?;
    ctx.note(format!("{} rows", t.rows.len()));
    args.output.emit(&t)?;
    Ok(ExitCode::SUCCESS)
}
