//! `autopact va-content`: where the value added in one country's gross
//! exports to another comes from (v̂ L e).
//!
//! Flags → `autopact_report::va_content` → output.

use std::process::ExitCode;

use anyhow::Result;
use autopact_api_types::request::VaContentRequest;
use clap::Args as ClapArgs;

use super::Context;
use super::table::{TableArgs, factor};
use crate::output::OutputArgs;

/// Arguments of `autopact va-content`.
#[derive(Debug, ClapArgs)]
#[command(after_help = "Examples:
  autopact va-content --exporter CAN --importer USA
  autopact va-content --exporter MEX --importer USA --sector c15 --by source-sector
  autopact va-content --exporter CAN --importer USA --by exporting-sector --format csv")]
pub struct Args {
    #[command(flatten)]
    table: TableArgs,
    #[command(flatten)]
    request: VaContentRequest,
    #[command(flatten)]
    output: OutputArgs,
}

/// Runs the command.
pub fn run(args: Args, ctx: &Context) -> Result<ExitCode> {
    let m = args.table.load(ctx)?;
    let l = factor(&m)?;
    let t = autopact_report::va_content::build(&m, &l, &args.request)?;
    args.output.emit(&t)?;
    Ok(ExitCode::SUCCESS)
}
