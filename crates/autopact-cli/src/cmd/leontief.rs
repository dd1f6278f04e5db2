//! `autopact leontief`: the dense Leontief inverse, for users who want L
//! itself. Everything else in autopact solves against the factorisation.

use std::process::ExitCode;

use anyhow::Result;
use clap::Args as ClapArgs;

use super::Context;
use super::table::{TableArgs, factor_for_many_solves};
use crate::output::OutputArgs;

/// Arguments of `autopact leontief`.
#[derive(Debug, ClapArgs)]
#[command(after_help = "Examples:
  autopact leontief --format parquet -o L.parquet")]
pub struct Args {
    #[command(flatten)]
    table: TableArgs,
    #[command(flatten)]
    output: OutputArgs,
}

/// Runs the command: rows and columns labelled `REGION_SECTOR`.
pub fn run(args: Args, ctx: &Context) -> Result<ExitCode> {
    let m = args.table.load(ctx)?;
    let l = factor_for_many_solves(&m)?;
    ctx.note(format_args!(
        "forming the dense {0} × {0} Leontief inverse",
        m.n()
    ));
    let t = autopact_report::leontief::build(&m, &l);
    args.output.emit(&t)?;
    Ok(ExitCode::SUCCESS)
}
