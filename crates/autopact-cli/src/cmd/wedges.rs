//! `autopact wedges`: effective tariff rates from the law on real trade,
//! per line, per table sector, per measure, and as a monthly series.
//!
//! Flags → `autopact::Session::wedges`: `autopact_data::wedges` (reads
//! the weights) → `autopact_link::derive` (the work) →
//! `autopact_report::wedges` (table). The session's `law_wedges` is
//! shared with `price --law`, `jobs --law`, `overview` and the other
//! commands so that every command derives the same wedges from the same
//! flags.

use std::process::ExitCode;

use anyhow::{Result, bail};
use autopact::CollectedDuties;
use autopact_api_types::request::WedgesRequest;
use autopact_data::trade;
use clap::Args as ClapArgs;

use super::Context;
use super::table::{LawDirArgs, TableArgs};
use crate::output::OutputArgs;

/// Arguments of `autopact wedges`.
#[derive(Debug, ClapArgs)]
#[command(after_help = "Examples:
  autopact wedges --date 2025-10-01 --by sector
  autopact wedges --date 2025-10-01 --origin MEX --by measure
  autopact wedges --date 2025-10-01 --origin CA --by line --format csv -o lines.csv
  autopact wedges --series --format csv
  autopact wedges --series --raw-claims --format csv
  autopact wedges --series --collected census_duties.csv --chart gap.svg
  autopact wedges --series --collected published
  autopact wedges --date 2025-10-01 --weights my_imports.csv --by sector
  autopact wedges --table us-bea-2017 --date 2025-10-01 --by sector")]
pub struct Args {
    #[command(flatten)]
    table: TableArgs,
    #[command(flatten)]
    request: WedgesRequest,
    #[command(flatten)]
    law: LawDirArgs,
    /// With --collected: also draw the model's and the collected rates by
    /// month as an SVG line chart.
    #[arg(long, value_name = "FILE.svg", requires = "collected")]
    chart: Option<std::path::PathBuf>,
    #[command(flatten)]
    output: OutputArgs,
}

/// Adds the derivation's metadata to `t` and prints its warnings.
pub fn describe(t: &mut autopact_core::Table, d: &autopact_link::Derived, ctx: &Context) {
    ctx.warn(autopact_report::wedges::describe(t, d));
}

/// Runs the command.
pub fn run(args: Args, ctx: &Context) -> Result<ExitCode> {
    if let Some(t) = args.table.national(ctx)? {
        return national(&args, &t, ctx);
    }
    let session = args.table.session(&args.law, ctx)?;
    let r = &args.request;
    if r.importer.is_none() {
        ctx.note("importer USA (the only importer with shipped line weights; CAN and MEX: --importer, with --weights FILE or a mirror proxy)");
    }
    let progress = r.series.then(|| {
        crate::progress::spinner(
            ctx,
            format!("wedges of {} months", trade::shipped_months().len()),
        )
    });
    let collected = r
        .collected
        .as_deref()
        .map(|f| CollectedDuties::from_file(f, session.mrio()))
        .transpose()?;
    let out = session.wedges(r, collected)?;
    drop(progress);
    if let (Some(path), Some(chart)) = (&args.chart, &out.chart) {
        super::contribution::write_chart(path, &autopact_brief::line_chart_svg(chart), ctx)?;
    }
    ctx.warn(out.warnings);
    args.output.emit(&out.table)?;
    Ok(ExitCode::SUCCESS)
}

/// `wedges` on a national table: the law's rates by commodity (US imports
/// from all partners, then each partner group) and their change against
/// the baseline.
fn national(
    args: &Args,
    table: &autopact_mrio::national::NationalTable,
    ctx: &Context,
) -> Result<ExitCode> {
    let r = &args.request;
    if r.series || r.collected.is_some() {
        bail!("--series is for multi-region tables: on a national table give --date");
    }
    if r.by != autopact_api_types::request::WedgesBy::Sector {
        bail!("on a national table wedges are by commodity: --by sector (the default)");
    }
    if r.origin.is_some() || r.importer.as_deref().is_some_and(|i| i != "USA") {
        bail!(
            "on a national table the rates are of US imports by partner group: leave out --origin and --importer"
        );
    }
    let date = r.date.expect("clap requires --date without --series");
    let db = args.law.load()?;
    let opts = autopact_report::wedges::link_options(&r.law_options());
    let lr = autopact_data::national::law_rates(table, date, r.baseline, &opts, &db)?;
    let mut t = autopact_report::national::rates(
        table,
        &lr.rates,
        &date.to_string(),
        &r.baseline.to_string(),
    );
    describe(&mut t, &lr.derived, ctx);
    args.output.emit(&t)?;
    Ok(ExitCode::SUCCESS)
}
