//! `autopact price`: one-off tariff runs of the Leontief price model.
//!
//! Flags → `autopact::Session::price` (the law's tariffs with `--law`) →
//! `autopact_report::price` → output; on a national table
//! `autopact::frontend::national_price`.

use std::process::ExitCode;

use anyhow::Result;
use autopact_api_types::request::PriceRequest;
use clap::Args as ClapArgs;

use super::Context;
use super::table::{LawDirArgs, TableArgs};
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
    #[command(flatten)]
    law: LawDirArgs,
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
    let session = args.table.session(&args.law, ctx)?;
    let out = session.price(&args.request)?;
    ctx.warn(out.warnings);
    args.output.emit(&out.table)?;
    Ok(ExitCode::SUCCESS)
}

/// `price` on a national table: τ by commodity from a tariff file,
/// `--commodity-tariff` entries or the law.
fn national(
    args: &Args,
    table: &autopact_mrio::national::NationalTable,
    ctx: &Context,
) -> Result<ExitCode> {
    let file = match &args.tariff_file {
        Some(f) => Some((f.display().to_string(), autopact_data::read_text(f)?)),
        None => None,
    };
    let file = file.as_ref().map(|(n, t)| (n.as_str(), t.as_str()));
    let db = args.law.load()?;
    let rates = |date, baseline, opts: &autopact_link::LawOptions| {
        Ok(std::sync::Arc::new(autopact_data::national::law_rates(
            table, date, baseline, opts, &db,
        )?))
    };
    let out = autopact::frontend::national_price(table, &args.request, file, &rates)?;
    ctx.warn(out.warnings);
    args.output.emit(&out.table)?;
    Ok(ExitCode::SUCCESS)
}
