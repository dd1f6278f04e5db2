//! `autopact price`: one-off tariff runs of the Leontief price model.
//!
//! Flags → `autopact::frontend::price` (the law's tariffs with `--law`) →
//! `autopact_report::price` → output.

use std::process::ExitCode;

use anyhow::{Context as _, Result};
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
  autopact price --tariff CAN:USA:c15,c12:25% --applies-to intermediate --detail
  autopact price --table us-bea-2017 --law 2025-10-01 --by commodity
  autopact price --table us-bea-2017 --law 2025-10-01 --domestic-pricing 0.5 --dollar-offset 0.174 --by pce
  autopact price --table us-bea-2017 --tariff-file rates.csv --markup constant-percentage")]
pub struct Args {
    #[command(flatten)]
    table: TableArgs,
    #[command(flatten)]
    request: PriceRequest,
    /// National tables: tariff changes by commodity, a CSV `commodity,rate`
    /// (rate as 10% or 0.1, the rule of --tariff; a summary code applies
    /// to each of its detail commodities).
    #[arg(long, value_name = "FILE", conflicts_with = "law")]
    tariff_file: Option<std::path::PathBuf>,
    #[command(flatten)]
    output: OutputArgs,
}

/// Runs the command.
pub fn run(args: Args, ctx: &Context) -> Result<ExitCode> {
    if let Some(t) = args.table.national(ctx)? {
        return national(&args, &t, ctx);
    }
    if args.tariff_file.is_some() || !args.request.commodity_tariff.is_empty() {
        anyhow::bail!(
            "--tariff-file and --commodity-tariff are for national tables (--table us-bea-2017, us-bea-2024): on {} give --tariff IMP:EXP:SECTORS:RATE",
            args.table.spec()
        );
    }
    let m = args.table.load(ctx)?;
    let l = factor(&m)?;
    let out = autopact::frontend::price(&m, &l, &args.request, None)?;
    for w in out.warnings {
        ctx.note(format!("warning: {w}"));
    }
    args.output.emit(&out.table)?;
    Ok(ExitCode::SUCCESS)
}

/// `price` on a national table: τ by commodity from a tariff file,
/// `--commodity-tariff` entries or the law, through the national model.
fn national(
    args: &Args,
    table: &autopact_mrio::national::NationalTable,
    ctx: &Context,
) -> Result<ExitCode> {
    let r = &args.request;
    if !r.tariff.is_empty() {
        anyhow::bail!(
            "--tariff IMP:EXP:SECTORS:RATE is for multi-region tables: on a national table give --tariff-file FILE, --commodity-tariff CODE:RATE or --law DATE"
        );
    }
    let mut tau = vec![0.0; table.commodities().len()];
    let mut law = None;
    if let Some(date) = r.law {
        if r.law_importer != "USA" {
            anyhow::bail!("the national tables are the US economy: --law-importer USA only");
        }
        let db = autopact_law::LawDb::builtin().context("embedded law data")?;
        let opts = autopact_report::wedges::link_options(&r.law_options());
        let lr = autopact_data::national::law_rates(table, date, r.baseline, &opts, &db)?;
        tau = lr.rates.tau(table.commodities());
        law = Some(lr);
    } else if let Some(f) = &args.tariff_file {
        let text = autopact_data::read_text(f)?;
        tau = autopact_report::national::tariff_file(&f.display().to_string(), &text, table)?;
    } else if r.commodity_tariff.is_empty() {
        anyhow::bail!(
            "give the tariffs: --tariff-file FILE, --commodity-tariff CODE:RATE or --law DATE"
        );
    }
    autopact_report::national::commodity_tariffs(&r.commodity_tariff, table, &mut tau)?;
    let mut t = autopact_report::national::price(table, r, &tau)?;
    if let Some(lr) = &law {
        super::wedges::describe(&mut t, &lr.derived, ctx);
        t.meta("baseline", lr.baseline.to_string());
        t.meta(
            "tariffs_from_law",
            "τ by commodity: `autopact wedges --table TABLE --date DATE --by sector`, column change of exporter ALL",
        );
    } else if let Some(f) = &args.tariff_file {
        t.meta("tariff_file", f.display().to_string());
    }
    args.output.emit(&t)?;
    Ok(ExitCode::SUCCESS)
}
