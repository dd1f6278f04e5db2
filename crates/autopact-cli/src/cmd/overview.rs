//! `autopact overview`: the main job on a table in one readable page —
//! how deeply the North American industries are woven together, and what a
//! tariff on that web does. Flags → `autopact::Session::overview` (the
//! table's sections, the law in force, current data) → output.

use std::process::ExitCode;

use anyhow::Result;
use autopact_api_types::request::OverviewRequest;
use clap::Args as ClapArgs;

use super::Context;
use super::table::{LawDirArgs, TableArgs};
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
    law: LawDirArgs,
    #[command(flatten)]
    output: OutputArgs,
}

/// Runs the command.
pub fn run(args: Args, ctx: &Context) -> Result<ExitCode> {
    let session = args.table.session(&args.law, ctx)?;
    let progress =
        crate::progress::spinner(ctx, "the overview, with the law in force and current data");
    let page = session.overview(&args.request)?;
    drop(progress);
    // The overview is a page for people: text unless a format is asked for.
    match args.output.format.unwrap_or(Format::Table) {
        Format::Table => args.output.emit_bytes(page.text.as_bytes())?,
        _ => args.output.emit(&page.table)?,
    }
    Ok(ExitCode::SUCCESS)
}
