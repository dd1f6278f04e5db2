//! `autopact report`: one self-contained HTML page a reader can forward —
//! integration, what Canada and Mexico put into US-built vehicles, jobs,
//! the tariff's cost cascade, North America against Asia at sector level,
//! and the sources and assumptions.
//!
//! Flags and files → `autopact::page` (the page's assembly) → the HTML
//! file. Every table in the page is the table the corresponding command
//! emits (same function, same numbers); the tests check that.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use autopact::CollectedDuties;
use autopact::page::PageOptions;
use clap::Args as ClapArgs;

use super::Context;
use super::table::{LawDirArgs, TableArgs};

/// Arguments of `autopact report`.
#[derive(Debug, ClapArgs)]
#[command(after_help = "Examples:
  autopact report --out report.html
  autopact report --date 2025-10-01 --out report-law.html
  autopact report --scenario scenarios/fortress-north-america.toml --out fortress.html")]
pub struct Args {
    #[command(flatten)]
    table: TableArgs,
    /// The HTML file to write.
    #[arg(short, long, value_name = "FILE.html")]
    out: PathBuf,
    /// Tariffs of this scenario file [default: the shipped US 2025 tariffs
    /// as in force on 2025-10-01].
    #[arg(long, conflicts_with = "date")]
    scenario: Option<PathBuf>,
    /// Take the US tariffs from the law in force on DATE, derived by the
    /// law-to-economy link (`autopact wedges --date DATE --by sector`),
    /// instead of a scenario file.
    #[arg(long, value_name = "DATE")]
    date: Option<autopact_law::NaiveDate>,
    #[command(flatten)]
    law: LawDirArgs,
    /// Satellite account holding employment.
    #[arg(long, default_value = "employment")]
    extension: String,
    /// With --date: the duties collected the law's monthly rates are held
    /// against — a Census CSV `month,exporter,imports_usd,calculated_duty_usd`
    /// or `published` (the shipped published rates, the default).
    #[arg(long, value_name = "FILE|published", requires = "date")]
    collected: Option<String>,
}

/// Runs the command.
pub fn run(args: Args, ctx: &Context) -> Result<ExitCode> {
    let session = args.table.session(&args.law, ctx)?;
    let scenario = match &args.scenario {
        Some(p) => Some((p.display().to_string(), autopact_data::read_text(p)?)),
        None => None,
    };
    let collected = args
        .collected
        .as_deref()
        .map(|f| CollectedDuties::from_file(f, session.mrio()))
        .transpose()?;
    let options = PageOptions {
        scenario,
        date: args.date,
        extension: args.extension.clone(),
        collected,
    };
    let report = autopact::page::build(&session, &options)?;
    let page = report.render_named(&autopact_report::readable::code_name);
    autopact_data::write_bytes(&args.out, page.as_bytes())?;
    ctx.note(format_args!("report written to {}", args.out.display()));
    Ok(ExitCode::SUCCESS)
}
