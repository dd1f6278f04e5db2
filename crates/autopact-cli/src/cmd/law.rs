//! `autopact law`: the law data themselves — build the shipped U.S.
//! schedule from USITC's CSV, list the measures in force on a date, show
//! one measure, validate a folder of users' own measure files.

use std::process::ExitCode;

use clap::{Args as ClapArgs, Subcommand};

use autopact_law::LawDb;
use autopact_law::measure::{Rate, Status, id_matches};

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

fn rate_text(r: &Rate) -> String {
    match r {
        Rate::AdValorem { pct } => format!("{pct}%"),
        Rate::OnContent { pct, base } => format!("{pct}% of {}", base.describe()),
        Rate::Cap { total_pct, .. } => format!("all-in cap {total_pct}%"),
        Rate::Quota {
            in_pct, out_pct, ..
        } => format!("quota {in_pct}% / {out_pct}%"),
        Rate::CaContent { pct, floor_pct } => format!("{pct}% × (A − max(B, {floor_pct}% A))"),
        Rate::Free { .. } => "0%".into(),
        Rate::Remission { of } => format!("remits {of}"),
        Rate::Unstated { range } => format!("column 1 raised, rate not itemized ({range})"),
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
    let importer = a.importer.as_deref().map(str::to_ascii_uppercase);
    let mut t = autopact_core::Table::new(
        "law-list",
        [
            "id",
            "importer",
            "heading",
            "from",
            "to",
            "rate",
            "confidence",
            "status",
            "source",
        ]
        .into_iter()
        .map(autopact_core::Column::new)
        .collect(),
    );
    let mut n = 0;
    for m in &db.measures {
        if date.is_some_and(|d| !m.in_force(d))
            || importer.as_ref().is_some_and(|i| *i != m.importer)
        {
            continue;
        }
        n += 1;
        t.push(vec![
            m.id.clone().into(),
            m.importer.clone().into(),
            m.heading.clone().unwrap_or_else(|| "-".into()).into(),
            m.from.to_string().into(),
            m.to.map_or("open".to_string(), |t| t.to_string()).into(),
            rate_text(&m.rate).into(),
            m.confidence.as_str().into(),
            if m.status == Status::Unconfirmed {
                "unconfirmed (off by default)"
            } else {
                "in force"
            }
            .into(),
            if m.user_supplied {
                format!("USER {}:{}", m.file, m.line)
            } else {
                format!("autopact {}", m.file)
            }
            .into(),
        ]);
    }
    t.meta("law_data_as_of", db.as_of.to_string());
    a.output.emit(&t)?;
    eprintln!(
        "{n} measure(s){}; law data as of {}; U.S. column 1 from the {} for every line",
        date.map_or(String::new(), |d| format!(" in force on {d}")),
        db.as_of,
        autopact_law::schedule::EDITION
    );
    Ok(ExitCode::SUCCESS)
}

fn show(a: ShowArgs) -> anyhow::Result<ExitCode> {
    let db = super::duty::load_law(a.law.as_deref())?;
    let Some(m) = db.measure(&a.id) else {
        let near: Vec<&str> = db
            .measures
            .iter()
            .map(|m| m.id.as_str())
            .filter(|id| {
                let p = a.id.rsplit_once('.').map_or(a.id.as_str(), |x| x.0);
                id.starts_with(p)
            })
            .take(10)
            .collect();
        anyhow::bail!(
            "no measure {:?} in the law data{}",
            a.id,
            if near.is_empty() {
                " (autopact law list shows them all)".to_string()
            } else {
                format!("; similar: {}", near.join(", "))
            }
        );
    };
    let mut o = String::new();
    let mut line = |k: &str, v: String| o.push_str(&format!("{k:<12} {v}\n"));
    line("id", m.id.clone());
    line("name", m.name.clone());
    line("importer", m.importer.clone());
    line("heading", m.heading.clone().unwrap_or_else(|| "-".into()));
    line("layer", format!("{:?}", m.layer).to_lowercase());
    line(
        "in force",
        format!(
            "{} → {}",
            m.from,
            m.to.map_or("open".into(), |t| t.to_string())
        ),
    );
    line("rate", rate_text(&m.rate));
    line("scope", m.scope.describe());
    if !m.origin.is_empty() {
        line("origin", m.origin.join(", "));
    }
    if !m.origin_not.is_empty() {
        line("not origin", m.origin_not.join(", "));
    }
    for c in &m.when {
        line("when", c.describe());
    }
    for c in &m.unless {
        line("unless", c.describe());
    }
    if !m.replaces.is_empty() {
        line("replaces", m.replaces.join(", "));
    }
    line("citation", m.citation.clone());
    line("source", m.source.clone());
    line("confidence", m.confidence.as_str().into());
    line(
        "status",
        if m.status == Status::Unconfirmed {
            "unconfirmed: off unless asked for".into()
        } else {
            "in force".into()
        },
    );
    if let Some(n) = &m.note {
        line("note", n.clone());
    }
    line(
        "defined in",
        if m.user_supplied {
            format!("USER-SUPPLIED {}, line {}", m.file, m.line)
        } else {
            format!("autopact law/{}, line {}", m.file, m.line)
        },
    );
    let rules: Vec<&str> = db
        .rules
        .iter()
        .filter(|r| {
            r.winner
                .iter()
                .chain(&r.loser)
                .any(|p| id_matches(p, &m.id))
        })
        .map(|r| r.id.as_str())
        .collect();
    if !rules.is_empty() {
        line("stacking", rules.join(", "));
    }
    print!("{o}");
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
