//! `autopact price`: one-off tariff runs of the Leontief price model.
//!
//! Flags → `autopact_report::price` → output.

use std::process::ExitCode;

use anyhow::{Context as _, Result};
use autopact_api_types::request::PriceRequest;
use autopact_report::LawTariffs;
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
    let r = &args.request;
    let derived = match r.law {
        Some(date) => {
            let db = autopact_law::LawDb::builtin().context("embedded law data")?;
            let d =
                super::wedges::law_wedges(&m, &r.law_importer, date, None, &r.law_options(), &db)?;
            Some(d)
        }
        None => None,
    };
    let applies = autopact_report::labels::applies_to(args.request.applies_to);
    let describe = |t: &mut autopact_core::Table| {
        if let Some(d) = &derived {
            super::wedges::describe(t, d, ctx);
            t.meta(
                "tariffs_from_law",
                super::wedges::tariff_specs(&d.wedges).join(" "),
            );
        }
    };
    let law = match &derived {
        Some(d) => Some(LawTariffs {
            wedges: super::wedges::to_tariffs(&m, &d.wedges, applies)?,
            describe: &describe,
        }),
        None => None,
    };
    let t = autopact_report::price::build(&m, &l, &args.request, law.as_ref())?;
    args.output.emit(&t)?;
    Ok(ExitCode::SUCCESS)
}
