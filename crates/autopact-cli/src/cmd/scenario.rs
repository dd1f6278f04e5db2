//! `autopact scenario run|diff|validate`: reproducible tariff scenarios.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use autopact::frontend::LoadedScenario;
use autopact_report::scenario::{bundle_files, diff_tables, run_envelope, tables};
use clap::{Args as ClapArgs, Subcommand, ValueEnum};

use super::Context;
use crate::output::{Format, OutputArgs};

/// `scenario` subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a scenario file: baseline vs scenario prices, value added, jobs.
    Run(RunArgs),
    /// Run two scenario files and compare assumptions and results.
    Diff(DiffArgs),
    /// Check a scenario file against its table without running it.
    Validate(ValidateArgs),
}

/// Which table of results to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Report {
    /// Headline numbers.
    Summary,
    /// By region.
    Regions,
    /// By region-sector.
    Sectors,
}

/// Arguments of `scenario run`.
#[derive(Debug, ClapArgs)]
#[command(after_help = "Examples:
  autopact scenario run scenarios/us-2025-tariffs.toml
  autopact scenario run scenarios/fortress-north-america.toml --report regions --out-dir results/
  autopact scenario run my.toml --format json --show-resolved")]
pub struct RunArgs {
    /// Scenario file (TOML).
    file: PathBuf,
    /// Which results to print.
    #[arg(long, value_enum, default_value_t = Report::Summary)]
    report: Report,
    /// Also write every result, the resolved scenario and a manifest to
    /// this folder (byte-identical on rerun).
    #[arg(long, value_name = "DIR")]
    out_dir: Option<PathBuf>,
    /// Print the resolved scenario (every default filled in) on stderr.
    #[arg(long)]
    show_resolved: bool,
    #[command(flatten)]
    output: OutputArgs,
}

/// Arguments of `scenario diff`.
#[derive(Debug, ClapArgs)]
pub struct DiffArgs {
    /// First scenario (A).
    a: PathBuf,
    /// Second scenario (B).
    b: PathBuf,
    /// Compare the assumptions instead of the results.
    #[arg(long)]
    assumptions: bool,
    #[command(flatten)]
    output: OutputArgs,
}

/// Arguments of `scenario validate`.
#[derive(Debug, ClapArgs)]
pub struct ValidateArgs {
    /// Scenario file (TOML).
    file: PathBuf,
}

fn load(path: &Path, ctx: &Context) -> Result<LoadedScenario> {
    let l = autopact::frontend::load_scenario(path)?;
    ctx.note(format_args!(
        "scenario {:?}: {} tariff change(s) on {}",
        l.resolved.name,
        l.resolved.tariffs.len(),
        l.resolved.table_name
    ));
    Ok(l)
}

/// Runs a `scenario` subcommand.
pub fn run(cmd: Command, ctx: &Context) -> Result<ExitCode> {
    match cmd {
        Command::Run(args) => run_one(args, ctx),
        Command::Diff(args) => diff(args, ctx),
        Command::Validate(args) => {
            let l = load(&args.file, ctx)?;
            println!(
                "{}: valid — {} tariff change(s), table {} (sha256 {})",
                args.file.display(),
                l.resolved.tariffs.len(),
                l.resolved.table_name,
                l.resolved.table_sha256
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn run_one(args: RunArgs, ctx: &Context) -> Result<ExitCode> {
    let l = load(&args.file, ctx)?;
    let r = l.session.run_scenario(&l.resolved)?;
    if args.show_resolved {
        eprintln!("{}", l.resolved.to_json());
    }
    let tables = tables(&r, l.session.mrio());
    if let Some(dir) = &args.out_dir {
        autopact_data::create_dir_all(dir)?;
        for (name, bytes) in bundle_files(&l.resolved, &tables) {
            autopact_data::write_bytes(dir.join(name), &bytes)?;
        }
        ctx.note(format_args!("wrote results to {}", dir.display()));
    }
    if args.output.format() == Format::Xlsx {
        // Every table of the run in one workbook.
        args.output.emit_xlsx(&tables.iter().collect::<Vec<_>>())?;
    } else if args.output.format() == Format::Json {
        let v = run_envelope(&l.resolved, &tables);
        args.output
            .emit_bytes(&autopact_api_types::envelope::to_pretty_bytes(&v))?;
    } else {
        let [summary, regions, sectors] = &tables;
        let t = match args.report {
            Report::Summary => summary,
            Report::Regions => regions,
            Report::Sectors => sectors,
        };
        args.output.emit(t)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn diff(args: DiffArgs, ctx: &Context) -> Result<ExitCode> {
    let a = load(&args.a, ctx)?;
    let b = load(&args.b, ctx)?;
    anyhow::ensure!(
        a.resolved.table_sha256 == b.resolved.table_sha256,
        "the two scenarios use different tables ({} vs {}); results are only comparable on the same table",
        a.resolved.table_sha256,
        b.resolved.table_sha256
    );
    // One factorisation for both: B runs on A's session (the same table,
    // checked above and again by `run_scenario`).
    let ra = a.session.run_scenario(&a.resolved)?;
    let rb = a.session.run_scenario(&b.resolved)?;
    let (assumptions, results) = diff_tables(&ra, &rb, a.session.mrio());
    args.output.emit(if args.assumptions {
        &assumptions
    } else {
        &results
    })?;
    Ok(ExitCode::SUCCESS)
}
