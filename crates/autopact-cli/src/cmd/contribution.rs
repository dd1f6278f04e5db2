//! `autopact contribution`: what one region puts into another region's
//! production of a sector — cost shares by origin, jobs on both sides, and
//! the part of a tariff's cost increase due to the link alone.
//!
//! Flags (`autopact_api_types::request::ContributionRequest`) →
//! `autopact::Session::contribution` (a scenario file's or the law's
//! tariffs) → `autopact_report::contribution` → output.
//! Equations: docs/methodology/contribution.md (C1–C3, J1–J3, T1).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use autopact_api_types::request::ContributionRequest;
use autopact_brief::bar_chart_svg;
use clap::Args as ClapArgs;

use super::Context;
use super::table::{LawDirArgs, TableArgs};
use crate::output::OutputArgs;

/// Arguments of `autopact contribution`.
#[derive(Debug, ClapArgs)]
#[command(after_help = "Examples:
  autopact contribution --from CAN --to USA
  autopact contribution --from MEX --to USA --sector c15 --view summary
  autopact contribution --from CAN --to USA --scenario scenarios/us-2025-tariffs.toml --view summary
  autopact contribution --from USA --to CAN --tariff CAN:USA:c15:25% --chart usa-in-can.svg")]
pub struct Args {
    #[command(flatten)]
    table: TableArgs,
    #[command(flatten)]
    request: ContributionRequest,
    #[command(flatten)]
    law: LawDirArgs,
    /// Also draw the value-added composition as an SVG bar chart.
    #[arg(long, value_name = "FILE.svg")]
    chart: Option<PathBuf>,
    #[command(flatten)]
    output: OutputArgs,
}

/// Writes an SVG chart through the data crate.
pub fn write_chart(path: &Path, svg: &str, ctx: &Context) -> Result<()> {
    autopact_data::write_bytes(path, svg.as_bytes())
        .with_context(|| format!("cannot write the chart {}", path.display()))?;
    ctx.note(format_args!("chart written to {}", path.display()));
    Ok(())
}

/// Runs the command.
pub fn run(args: Args, ctx: &Context) -> Result<ExitCode> {
    let session = args.table.session(&args.law, ctx)?;
    let out = session.contribution(&args.request)?;
    if let Some(path) = &args.chart {
        write_chart(path, &bar_chart_svg(&out.chart), ctx)?;
    }
    args.output.emit(out.view(args.request.view))?;
    Ok(ExitCode::SUCCESS)
}
