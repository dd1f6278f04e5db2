//! `autopact overview`: the main job on a table in one readable page —
//! how deeply the North American industries are woven together, and what a
//! tariff on that web does. Flags → `autopact_report::overview` → output.

use std::process::ExitCode;

use anyhow::Result;
use autopact_api_types::request::OverviewRequest;
use autopact_core::Table;
use autopact_mrio::{Leontief, Mrio};
use autopact_report::overview::{Focus, LAW_DATE};
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
    let law = |t: &mut Table, text: &mut String, focus: &Focus| law_section(&m, &l, t, text, focus);
    let mut page = autopact_report::overview::build(&m, &l, &args.request, Some(&law))?;
    current_data_section(&mut page, ctx)?;
    // The overview is a page for people: text unless a format is asked for.
    match args.output.format.unwrap_or(Format::Table) {
        Format::Table => args.output.emit_bytes(page.text.as_bytes())?,
        _ => args.output.emit(&page.table)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Section 6, the seed's vehicle costs on current data (BEA 2017), next to
/// the WIOD results above; a failure is said on the page, not fatal.
fn current_data_section(
    page: &mut autopact_report::overview::Overview,
    ctx: &Context,
) -> Result<()> {
    let date: autopact_law::NaiveDate = LAW_DATE.parse().expect("valid date");
    let db = autopact_law::LawDb::builtin()?;
    let progress = crate::progress::spinner(ctx, "vehicle costs on the BEA 2017 table");
    let costs = autopact::frontend::current_vehicle_costs(date, &db);
    drop(progress);
    autopact_report::overview::current_data_section(
        page,
        costs.as_ref().map_err(|e| format!("{e:#}")),
        &autopact::frontend::current_label(date),
        autopact::frontend::CURRENT_TABLE,
    )
}

/// Section 5, the law in force: the wedges read here (trade weights), the
/// section written by `autopact_report::overview::law_section`.
fn law_section(
    m: &Mrio,
    l: &Leontief,
    t: &mut Table,
    text: &mut String,
    focus: &Focus,
) -> Result<()> {
    let date: autopact_law::NaiveDate = LAW_DATE.parse().expect("valid date");
    let db = autopact_law::LawDb::builtin()?;
    let d = super::wedges::law_wedges(m, "USA", date, None, &Default::default(), &db)
        .map_err(|e| format!("{e:#}"));
    autopact_report::overview::law_section(m, l, t, text, focus, d.as_ref().map_err(String::as_str))
}
