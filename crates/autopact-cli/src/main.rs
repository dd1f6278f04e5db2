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

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Examples shown at the end of `--help`.
const EXAMPLES: &str = "\
Examples:
  autopact info                          # the built-in North America table
  autopact multipliers --format csv > multipliers.csv
  autopact va-content --exporter CAN --importer USA --by source-region
  autopact info ICIO2023_2019.csv.gz     # an OECD ICIO file";

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
    /// OECD TiVA indicators of a country or a group (USMCA as one exporter).
    Tiva(cmd::tiva::Args),
    /// Split gross exports into value-added terms (Borin-Mancini or WWZ).
    Decompose(cmd::decompose::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let ctx = cmd::Context { quiet: cli.quiet };
    let result = match cli.command {
        Command::Tiva(args) => cmd::tiva::run(args, &ctx),
        Command::Decompose(args) => cmd::decompose::run(args, &ctx),
    };
    finish(result, &ctx)
}

/// Maps a command's result to the process exit code.
fn finish(result: anyhow::Result<ExitCode>, _ctx: &cmd::Context) -> ExitCode {
    match result {
        Ok(code) => code,
        Err(e) if output::is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}
