//! `autopact extract`: hypothetical extraction of one region's supplies to
//! another — the output, value added and jobs that depend on the link.
//!
//! Equations: docs/methodology/extraction.md (E1–E3).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use autopact_brief::bar_chart_svg;
use autopact_mrio::{ExtractionMethod, ExtractionSpec};
pub use autopact_report::extract::{By, compute};
use clap::{Args as ClapArgs, ValueEnum};

use super::Context;
use super::contribution::write_chart;
use super::table::{TableArgs, factor, region, sectors};
use crate::output::OutputArgs;

/// How to solve the extracted system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Method {
    /// Low-rank update when the extracted rows are few, else a new LU.
    Auto,
    /// Woodbury update against the baseline factorisation.
    Update,
    /// A second LU of (I − A*).
    Refactor,
}

impl From<Method> for ExtractionMethod {
    fn from(m: Method) -> Self {
        match m {
            Method::Auto => ExtractionMethod::Auto,
            Method::Update => ExtractionMethod::LowRankUpdate,
            Method::Refactor => ExtractionMethod::Refactorisation,
        }
    }
}

/// Arguments of `autopact extract`.
#[derive(Debug, ClapArgs)]
#[command(after_help = "Examples:
  autopact extract --from CAN --to USA --by region
  autopact extract --from CAN --sectors c15,c12 --to USA --format csv
  autopact extract --from MEX --to USA --with-final-demand --by region --chart mex-usa.svg")]
pub struct Args {
    #[command(flatten)]
    table: TableArgs,
    /// Supplying region, e.g. CAN.
    #[arg(long)]
    from: String,
    /// Only these of its sectors (comma-separated codes) [default: all].
    #[arg(long)]
    sectors: Option<String>,
    /// Buying region, e.g. USA.
    #[arg(long)]
    to: String,
    /// Also remove the source's sales to the destination's final users.
    #[arg(long)]
    with_final_demand: bool,
    /// Level of the rows.
    #[arg(long, value_enum, default_value_t = By::RegionSector)]
    by: By,
    /// Solver.
    #[arg(long, value_enum, default_value_t = Method::Auto)]
    method: Method,
    /// Satellite account holding employment.
    #[arg(long, default_value = "employment")]
    extension: String,
    /// Also draw the output loss by region as an SVG bar chart.
    #[arg(long, value_name = "FILE.svg")]
    chart: Option<PathBuf>,
    #[command(flatten)]
    output: OutputArgs,
}

/// Runs the command.
pub fn run(args: Args, ctx: &Context) -> Result<ExitCode> {
    let m = args.table.load(ctx)?;
    let from = region(&m, &args.from).context("--from")?;
    let to = region(&m, &args.to).context("--to")?;
    anyhow::ensure!(
        from != to,
        "--from and --to are both {}: extraction removes a link between two regions",
        args.from
    );
    let list = args
        .sectors
        .as_deref()
        .map(|s| sectors(&m, s))
        .transpose()
        .context("--sectors")?
        .unwrap_or_default();
    let l = factor(&m)?;
    let spec = ExtractionSpec {
        source: from,
        sectors: list,
        destination: to,
        with_final_demand: args.with_final_demand,
    };
    let out = compute(&m, &l, &spec, args.method.into(), args.by, &args.extension)?;
    if let Some(path) = &args.chart {
        write_chart(path, &bar_chart_svg(&out.chart), ctx)?;
    }
    args.output.emit(&out.table)?;
    Ok(ExitCode::SUCCESS)
}
