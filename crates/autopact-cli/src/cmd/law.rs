//! `autopact law`: the law data themselves — build the shipped U.S.
//! schedule from USITC's CSV, list the measures in force on a date, show
//! one measure, validate a folder of users' own measure files. The list
//! and the measure are `autopact_report::law_data`'s tables.

use std::process::ExitCode;

use clap::{Args as ClapArgs, Subcommand};

use autopact_law::LawDb;

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
    /// The measures in the law data (in force on a date, for an importer), with your own.
    List(ListArgs),
    /// One measure in full: scope, dates, rate, conditions, citation, where it comes from.
    Show(ShowArgs),
    /// Check a folder of your own measure files; errors name file and line.
    Validate(ValidateArgs),
}

/// Flags of `autopact law list`.
#[derive(Debug, ClapArgs)]
pub struct ListArgs {
    /// Only measures in force on this entry date (YYYY-MM-DD).
    #[arg(long)]
    pub date: Option<String>,
    /// Only measures of this importer (US, CA, MX).
    #[arg(long)]
    pub importer: Option<String>,
    /// Add your own measure files from this folder.
    #[arg(long, value_name = "DIR")]
    pub law: Option<String>,
    #[command(flatten)]
    pub output: crate::output::OutputArgs,
}

/// Flags of `autopact law show`.
#[derive(Debug, ClapArgs)]
pub struct ShowArgs {
    /// The measure id (e.g. us.232.parts.all).
    pub id: String,
    /// Add your own measure files from this folder.
    #[arg(long, value_name = "DIR")]
    pub law: Option<String>,
    /// Without --format: the fields as aligned text; with it, a
    /// `field,value` table.
    #[command(flatten)]
    pub output: crate::output::OutputArgs,
}

/// Flags of `autopact law validate`.
#[derive(Debug, ClapArgs)]
pub struct ValidateArgs {
    /// The folder of measure files.
    pub dir: String,
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
        Command::List(a) => list(a),
        Command::Show(a) => show(a),
        Command::Validate(a) => validate(a),
    }
}

fn list(a: ListArgs) -> anyhow::Result<ExitCode> {
    let db = super::duty::load_law(a.law.as_deref())?;
    let date = a
        .date
        .as_deref()
        .map(|d| {
            d.parse::<autopact_law::NaiveDate>()
                .map_err(|_| anyhow::anyhow!("--date: {d:?} is not a date (YYYY-MM-DD)"))
        })
        .transpose()?;
    let t = autopact_report::law_data::measures(&db, date, a.importer.as_deref());
    a.output.emit(&t)?;
    eprintln!(
        "{} measure(s){}; law data as of {}; U.S. column 1 from the {} for every line",
        t.rows.len(),
        date.map_or(String::new(), |d| format!(" in force on {d}")),
        db.as_of,
        autopact_law::schedule::EDITION
    );
    Ok(ExitCode::SUCCESS)
}

fn show(a: ShowArgs) -> anyhow::Result<ExitCode> {
    let db = super::duty::load_law(a.law.as_deref())?;
    let m = autopact_report::law_data::find(&db, &a.id)?;
    if a.output.format.is_some() {
        a.output
            .emit(&autopact_report::law_data::measure_table(&db, m))?;
        return Ok(ExitCode::SUCCESS);
    }
    let text: String = autopact_report::law_data::measure_fields(&db, m)
        .iter()
        .map(|(k, v)| format!("{k:<12} {v}\n"))
        .collect();
    a.output.emit_bytes(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

fn validate(a: ValidateArgs) -> anyhow::Result<ExitCode> {
    let files = autopact_data::read_law_dir(&a.dir)?;
    let db = LawDb::builtin()?.with_user_files(&files)?;
    let users: Vec<&autopact_law::measure::Measure> =
        db.measures.iter().filter(|m| m.user_supplied).collect();
    println!(
        "{}: {} file(s), {} measure(s) valid ({})",
        a.dir,
        files.len(),
        users.len(),
        users
            .iter()
            .map(|m| m.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(ExitCode::SUCCESS)
}

fn build_scope(a: BuildScopeArgs, ctx: &Context) -> anyhow::Result<ExitCode> {
    let text = autopact_data::scope::rebuild_scope_file(
        std::path::Path::new(&a.dir),
        std::path::Path::new(&a.out),
    )?;
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
