//! `autopact price`: one-off tariff runs of the Leontief price model.
//!
//! Flags → `autopact::frontend::price` (the law's tariffs with `--law`) →
//! `autopact_report::price` → output.

use std::process::ExitCode;

use anyhow::Result;
use autopact_api_types::request::PriceRequest;
use clap::Args as ClapArgs;

use super::Context;
use super::table::{TableArgs, factor};
use crate::output::OutputArgs;

/// Arguments of `autopact price`.
#[derive(Debug, ClapArgs)]
#[command(after_help = "Examples:
  autopact price --tariff USA:CAN:c15:25% --tariff USA:MEX:c15:25%
  autopact price --tariff USA:CAN:*:0.25 --by region
  autopact price --tariff CAN:USA:c15,c12:25% --applies-to intermediate --detail")]
pub struct Args {
    #[command(flatten)]
    table: TableArgs,
    #[command(flatten)]
    request: PriceRequest,
    #[command(flatten)]
    output: OutputArgs,
}

/// Runs the command.
pub fn run(args: Args, ctx: &Context) -> Result<ExitCode> {
    let m = args.table.load(ctx)?;
    let l = factor(&m)?;
    let out = autopact::frontend::price(&m, &l, &args.request, None)?;
    for w in out.warnings {
        ctx.note(format!("warning: {w}"));
    }
    args.output.emit(&out.table)?;
    Ok(ExitCode::SUCCESS)
}
