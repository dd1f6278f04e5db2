//! The `autopact` command-line tool.
//!
//! This crate is thin on purpose: it defines the flags, loads inputs through
//! `autopact-data`, calls the pure engines and renders results. Anything a
//! user can reach here is reachable from the library crates.
//!
//! Conventions: data goes to stdout, messages to stderr; exit code 0 on
//! success, 1 when a check computed a negative answer (e.g. a good does
//! not qualify), 2 on error. A closed pipe (`autopact … | head`) ends
//! quietly with 0.

mod cmd;
mod output;
mod progress;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Examples shown at the end of `--help`.
const EXAMPLES: &str = "\
Examples:
  autopact overview                      # the main job, on the built-in table
  autopact info                          # the built-in North America table
  autopact multipliers --format csv > multipliers.csv
  autopact va-content --exporter CAN --importer USA --by source-region
  autopact info ICIO2023_2019.csv.gz     # an OECD ICIO file
  autopact duty --importer US --date 2025-10-01 --hts 8703.23.01 --origin JP --value 40000
  autopact roo --vehicle ontario-suv --date 2025-10-01 --explain
  autopact tiva --exporter USMCA --indicator EXGR_DVA,FFD_DVA --sector TOTAL
  autopact decompose --method wwz --exporter CAN --importer USA
  autopact contribution --from CAN --to USA --view summary
  autopact extract --from CAN --to USA --by region
  autopact landed-cost --format csv
  autopact report --out report.html
  autopact serve --addr 127.0.0.1:8080   # the JSON API";

/// autopact — how deeply the North American auto industries are woven
/// together, and what tariffs do to them.
#[derive(Debug, Parser)]
#[command(name = "autopact", version, about, long_about = None, after_help = EXAMPLES)]
struct Cli {
    /// Print no progress or notes on stderr (errors are still printed).
    #[arg(short, long, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// The main job in one readable page: North American integration and a tariff.
    Overview(cmd::overview::Args),
    /// What a table holds: regions, sectors, totals, reconciliation.
    Info(cmd::info::Args),
    /// Output, value-added (domestic/foreign) and satellite multipliers.
    Multipliers(cmd::multipliers::Args),
    /// Value added in one region's gross exports to another, by source.
    VaContent(cmd::va_content::Args),
    /// Aggregate regions and sectors with concordances (builds the default table).
    Aggregate(cmd::aggregate::Args),
    /// The dense Leontief inverse L = (I − A)⁻¹ (only when you need L itself).
    Leontief(cmd::leontief::Args),
    /// Price effects of tariffs (Leontief price model with tariff wedges).
    Price(cmd::price::Args),
    /// Jobs embodied in trade or final demand, or at stake in tariffs.
    Jobs(cmd::jobs::Args),
    /// Reproducible tariff scenarios: run, diff, validate.
    #[command(subcommand)]
    Scenario(cmd::scenario::Command),
    /// The duty stack owed on one entry, layer by layer, with citations.
    Duty(cmd::duty::Args),
    /// USMCA rules of origin for a BOM, a cost sheet or a reference vehicle.
    Roo(cmd::roo::Args),
    /// OECD TiVA indicators of a country or a group (USMCA as one exporter).
    Tiva(cmd::tiva::Args),
    /// Split gross exports into value-added terms (Borin-Mancini or WWZ).
    Decompose(cmd::decompose::Args),
    /// The law data: build the U.S. schedule, list and show measures, validate your own.
    #[command(subcommand)]
    Law(cmd::law::Command),
    /// Effective tariff rates from the law on real trade, per line, sector or measure.
    Wedges(cmd::wedges::Args),
    /// What one region puts into another's production of a sector: cost, jobs, tariffs.
    Contribution(cmd::contribution::Args),
    /// Hypothetical extraction: the output, value added and jobs that depend on a link.
    Extract(cmd::extract::Args),
    /// One self-contained HTML report: integration, contribution, jobs, tariffs.
    Report(cmd::report::Args),
    /// Landed cost of reference vehicles on the US market under tariff regimes.
    LandedCost(cmd::landed_cost::Args),
    /// Scenario sweeps with uncertainty, sharded for Slurm and other schedulers.
    #[command(subcommand)]
    Sweep(cmd::sweep::Command),
    /// The HTTP JSON API on one table (loopback by default).
    Serve(cmd::serve::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let ctx = cmd::Context { quiet: cli.quiet };
    let result = match cli.command {
        Command::Overview(a) => cmd::overview::run(a, &ctx),
        Command::Info(a) => cmd::info::run(a, &ctx),
        Command::Multipliers(a) => cmd::multipliers::run(a, &ctx),
        Command::VaContent(a) => cmd::va_content::run(a, &ctx),
        Command::Aggregate(a) => cmd::aggregate::run(a, &ctx),
        Command::Leontief(a) => cmd::leontief::run(a, &ctx),
        Command::Price(a) => cmd::price::run(a, &ctx),
        Command::Jobs(a) => cmd::jobs::run(a, &ctx),
        Command::Scenario(c) => cmd::scenario::run(c, &ctx),
        Command::Duty(a) => cmd::duty::run(a, &ctx),
        Command::Roo(a) => cmd::roo::run(a, &ctx),
        Command::Tiva(args) => cmd::tiva::run(args, &ctx),
        Command::Decompose(args) => cmd::decompose::run(args, &ctx),
        Command::Law(c) => cmd::law::run(c, &ctx),
        Command::Wedges(a) => cmd::wedges::run(a, &ctx),
        Command::Contribution(a) => cmd::contribution::run(a, &ctx),
        Command::Extract(a) => cmd::extract::run(a, &ctx),
        Command::Report(a) => cmd::report::run(a, &ctx),
        Command::LandedCost(a) => cmd::landed_cost::run(a, &ctx),
        Command::Sweep(c) => cmd::sweep::run(c, &ctx),
        Command::Serve(args) => cmd::serve::run(args, &ctx),
    };
    finish(result, &ctx)
}

/// Maps a command's result to the process exit code.
fn finish(result: anyhow::Result<ExitCode>, _ctx: &cmd::Context) -> ExitCode {
    match result {
        Ok(code) => code,
        Err(e) if output::is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}", autopact_report::error_message(&e));
            ExitCode::from(2)
        }
    }
}
