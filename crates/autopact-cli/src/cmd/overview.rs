//! `autopact overview`: the main job on a table in one readable page —
//! how deeply the North American industries are woven together, and what a
//! tariff on that web does. Flags → `autopact_report::overview` → output.

use std::process::ExitCode;

use anyhow::Result;
use autopact_api_types::request::OverviewRequest;
use clap::Args as ClapArgs;

use super::Context;
use super::table::{TableArgs, factor};
use crate::output::{Format, OutputArgs};

/// Arguments of `autopact overview`.
#[derive(Debug, ClapArgs)]
#[command(after_help = "Examples:
  autopact overview
  autopact overview ICIO2023_2019.csv.gz --sector C29 --rate 0.1")]
pub struct Args {
    #[command(flatten)]
    table: TableArgs,
    #[command(flatten)]
    request: OverviewRequest,
    #[command(flatten)]
    output: OutputArgs,
}

/// Runs the command.
pub fn run(args: Args, ctx: &Context) -> Result<ExitCode> {
    let m = args.table.load(ctx)?;
    let l = factor(&m)?;
    let page = autopact_report::overview::build(&m, &l, &args.request)?;
    // The overview is a page for people: text unless a format is asked for.
    match args.output.format.unwrap_or(Format::Table) {
        Format::Table => args.output.emit_bytes(page.text.as_bytes())?,
        _ => args.output.emit(&page.table)?,
    }
    Ok(ExitCode::SUCCESS)
}
