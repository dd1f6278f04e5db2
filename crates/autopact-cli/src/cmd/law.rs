//! `autopact law`: the law data themselves — build the shipped U.S.
//! schedule from USITC's CSV, list the measures in force on a date, show
//! one measure, validate a folder of users' own measure files.

use std::process::ExitCode;

use clap::{Args as ClapArgs, Subcommand};

use super::Context;

/// Where the shipped schedule lives, relative to the repository root.
const SCHEDULE_OUT: &str = "crates/autopact-law/schedule/us_hts_2025.tsv.gz";

/// `autopact law …`
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the shipped U.S. schedule from USITC's HTS CSV export (maintainers).
    BuildSchedule(BuildArgs),
    /// Build the shipped Section 232 code lists from the published scope folder (maintainers).
    BuildScope(BuildScopeArgs),
}

/// Flags of `autopact law build-scope`.
#[derive(Debug, ClapArgs)]
pub struct BuildScopeArgs {
    /// The scope folder, e.g. ../shared/data/us-trade/scope.
    pub dir: String,
    /// Where to write the lists.
    #[arg(long, default_value = SCOPE_OUT)]
    pub out: String,
}

/// Where the shipped scope lists live, relative to the repository root.
const SCOPE_OUT: &str = "crates/autopact-law/law/us/scope_lists.txt";

/// Flags of `autopact law build-schedule`.
#[derive(Debug, ClapArgs)]
pub struct BuildArgs {
    /// USITC's HTS CSV (plain or .gz), e.g. ../shared/data/us-trade/hts_2025_basic_edition.csv.gz.
    pub csv: String,
    /// Where to write the compact schedule.
    #[arg(long, default_value = SCHEDULE_OUT)]
    pub out: String,
}

/// Runs `autopact law …`.
pub fn run(cmd: Command, ctx: &Context) -> anyhow::Result<ExitCode> {
    match cmd {
        Command::BuildSchedule(a) => build_schedule(a, ctx),
        Command::BuildScope(a) => build_scope(a, ctx),
    }
}

fn build_scope(a: BuildScopeArgs, ctx: &Context) -> anyhow::Result<ExitCode> {
    let text = autopact_data::scope::build_scope_lists(std::path::Path::new(&a.dir))?;
    autopact_data::write_bytes(&a.out, text.as_bytes())?;
    let lists = autopact_law::scope_lists::parse(&text).map_err(anyhow::Error::msg)?;
    ctx.note(format!("wrote {} ({} bytes):", a.out, text.len()));
    for (name, codes) in &lists {
        ctx.note(format!("  {name:<40} {}", codes.len()));
    }
    Ok(ExitCode::SUCCESS)
}

fn build_schedule(a: BuildArgs, ctx: &Context) -> anyhow::Result<ExitCode> {
    let bytes = autopact_data::read_bytes(&a.csv)?;
    let gz = autopact_data::schedule::build_schedule(&a.csv, &bytes)?;
    autopact_data::write_bytes(&a.out, &gz)?;
    let text = autopact_law::schedule::gunzip(&gz).map_err(anyhow::Error::msg)?;
    let s = autopact_law::schedule::Schedule::parse(&text)?;
    let c = s.coverage();
    ctx.note(format!(
        "wrote {} ({} bytes): {} lines ({} HTS10), {} with a general rate, {} USMCA-eligible",
        a.out,
        gz.len(),
        c.lines,
        c.hts10,
        c.rated,
        c.usmca_eligible
    ));
    for (k, n) in &c.by_kind {
        ctx.note(format!("  {:<20} {n}", k.as_str()));
    }
    Ok(ExitCode::SUCCESS)
}
