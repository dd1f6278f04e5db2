//! `autopact jobs`: jobs embodied in trade and final demand, and jobs at
//! stake in a tariff.
//!
//! Flags → `autopact_report::jobs` → output.

use std::process::ExitCode;

use anyhow::Result;
use autopact_api_types::request::JobsRequest;
use autopact_report::LawTariffs;
use clap::Args as ClapArgs;

use super::Context;
use super::table::{TableArgs, factor};
use crate::output::OutputArgs;

/// Arguments of `autopact jobs`.
#[derive(Debug, ClapArgs)]
#[command(group = clap::ArgGroup::new("mode").required(true).args(["exporter", "consumer", "tariff", "law"]))]
#[command(after_help = "Examples:
  autopact jobs --exporter CAN --importer USA
  autopact jobs --consumer USA --origin CAN --sector c15   # US jobs in Canadian vehicles
  autopact jobs --tariff USA:MEX:c15:25% --elasticity 1.5 --by source-sector")]
pub struct Args {
    #[command(flatten)]
    table: TableArgs,
    #[command(flatten)]
    request: JobsRequest,
    #[command(flatten)]
    output: OutputArgs,
}

/// Runs the command.
pub fn run(args: Args, ctx: &Context) -> Result<ExitCode> {
    let m = args.table.load(ctx)?;
    let l = factor(&m)?;
    let derived = match args.request.law {
        Some(date) => {
            let db = autopact_law::LawDb::builtin()?;
            Some(super::wedges::law_wedges(
                &m,
                "USA",
                date,
                None,
                &args.request.law_options(),
                &db,
            )?)
        }
        None => None,
    };
    let applies = autopact_report::labels::applies_to(args.request.applies_to);
    let describe = |t: &mut autopact_core::Table| {
        if let Some(d) = &derived {
            super::wedges::describe(t, d, ctx);
        }
    };
    let law = match &derived {
        Some(d) => Some(LawTariffs {
            wedges: super::wedges::to_tariffs(&m, &d.wedges, applies)?,
            describe: &describe,
        }),
        None => None,
    };
    let t = autopact_report::jobs::build(&m, &l, &args.request, law.as_ref())?;
    args.output.emit(&t)?;
    Ok(ExitCode::SUCCESS)
}
