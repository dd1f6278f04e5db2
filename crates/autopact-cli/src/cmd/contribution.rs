//! `autopact contribution`: what one region puts into another region's
//! production of a sector — cost shares by origin, jobs on both sides, and
//! the part of a tariff's cost increase due to the link alone.
//!
//! Equations: docs/methodology/contribution.md (C1–C3, J1–J3, T1).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use autopact_brief::bar_chart_svg;
use autopact_mrio::Mrio;
use clap::{Args as ClapArgs, ValueEnum};

use super::Context;
use super::table::{TableArgs, factor, region};
use crate::output::OutputArgs;
use autopact_api_types::request::Applies;
pub use autopact_report::contribution::{Question, Tariffs, compute, default_sector};
use autopact_report::labels::{applies_to, parse_tariffs};

/// What to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum View {
    /// Cost shares by origin region × category (direct and total value added).
    Cost,
    /// The headline figures: shares, jobs, tariff split, each with its equation.
    Summary,
}

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
    /// Source region (what it puts in), e.g. CAN.
    #[arg(long)]
    from: String,
    /// Destination region (whose production), e.g. USA.
    #[arg(long)]
    to: String,
    /// The destination's sector [default: c15, transport equipment, on WIOD codes].
    #[arg(long)]
    sector: Option<String>,
    /// Satellite account holding employment.
    #[arg(long, default_value = "employment")]
    extension: String,
    /// Tariffs IMPORTER:EXPORTER:SECTORS:RATE for the tariff split (repeatable).
    #[arg(long = "tariff", value_name = "IMP:EXP:SECTORS:RATE")]
    tariffs: Vec<String>,
    /// With --tariff: the flows taxed.
    #[arg(long, value_enum, default_value_t = Applies::Both)]
    applies_to: Applies,
    /// Take the tariffs of a scenario file (e.g. scenarios/us-2025-tariffs.toml).
    #[arg(long, conflicts_with = "tariffs")]
    scenario: Option<PathBuf>,
    /// Take the destination's tariffs from the law in force on DATE through
    /// the law-to-economy link (the wedges of `autopact wedges --date DATE`).
    #[arg(long, value_name = "DATE", conflicts_with_all = ["tariffs", "scenario"])]
    law: Option<autopact_law::NaiveDate>,
    /// What to print.
    #[arg(long, value_enum, default_value_t = View::Cost)]
    view: View,
    /// Also draw the value-added composition as an SVG bar chart.
    #[arg(long, value_name = "FILE.svg")]
    chart: Option<PathBuf>,
    #[command(flatten)]
    output: OutputArgs,
}

/// Reads a scenario's tariffs against `m` (text given, or read from `path`).
pub fn scenario_tariffs(m: &Mrio, name: &str, text: &str) -> Result<Tariffs> {
    let spec = autopact_scenario::parse(name, text)?;
    let sha = m.provenance().sha256.clone().unwrap_or_default();
    let law = super::wedges::ScenarioLaw {
        mrio: m,
        base: Some(
            std::path::Path::new(name)
                .parent()
                .unwrap_or(std::path::Path::new("."))
                .to_path_buf(),
        ),
        db: None,
    };
    let resolved = autopact_scenario::resolve_with_law(&spec, name, text, m, &sha, &law)?;
    let label = match &resolved.law_as_of {
        Some(d) => format!("scenario {:?} (law as of {d})", resolved.name),
        None => format!("scenario {:?}", resolved.name),
    };
    Ok(Tariffs {
        wedges: resolved.wedges(m),
        label,
    })
}

/// The importer's tariffs from the law in force on `date`, through the
/// law-to-economy link (the sector wedges of `autopact wedges --date DATE`,
/// with the link's default assumptions).
pub fn law_tariffs(
    m: &Mrio,
    importer: &str,
    date: autopact_law::NaiveDate,
    applies: Applies,
) -> Result<Tariffs> {
    let db = autopact_law::LawDb::builtin().context("embedded law data")?;
    let d = super::wedges::law_wedges(m, importer, date, None, &Default::default(), &db)
        .context("tariffs from the law")?;
    Ok(Tariffs {
        wedges: super::wedges::to_tariffs(m, &d.wedges, applies_to(applies))?,
        label: format!(
            "the law on {date} through the law-to-economy link (concordance {})",
            d.concordance
        ),
    })
}

fn tariffs_of(args: &Args, m: &Mrio) -> Result<Option<Tariffs>> {
    if let Some(date) = args.law {
        return law_tariffs(m, &args.to, date, args.applies_to)
            .context("--law")
            .map(Some);
    }
    if let Some(path) = &args.scenario {
        let text = autopact_data::read_text(path)?;
        return scenario_tariffs(m, &path.display().to_string(), &text).map(Some);
    }
    if args.tariffs.is_empty() {
        return Ok(None);
    }
    Ok(Some(Tariffs {
        wedges: parse_tariffs(m, &args.tariffs, applies_to(args.applies_to))?,
        label: format!("--tariff {}", args.tariffs.join(" ")),
    }))
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
    let m = args.table.load(ctx)?;
    let from = region(&m, &args.from).context("--from")?;
    let to = region(&m, &args.to).context("--to")?;
    anyhow::ensure!(
        from != to,
        "--from and --to are both {}: the contribution of a region to itself is its domestic share, \
         shown in the rows of every other question",
        args.from
    );
    let sector = match &args.sector {
        Some(s) => m.sector_index(s).context("--sector")?,
        None => default_sector(&m)?,
    };
    let tariffs = tariffs_of(&args, &m)?;
    let l = factor(&m)?;
    let out = compute(
        &m,
        &l,
        &Question {
            from,
            to,
            sector,
            extension: &args.extension,
            tariffs: tariffs.as_ref(),
        },
    )?;
    if let Some(path) = &args.chart {
        write_chart(path, &bar_chart_svg(&out.chart), ctx)?;
    }
    args.output.emit(match args.view {
        View::Cost => &out.cost,
        View::Summary => &out.summary,
    })?;
    Ok(ExitCode::SUCCESS)
}
