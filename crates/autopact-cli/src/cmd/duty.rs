//! `autopact duty`: the duty stack for one entry.
//!
//! Flags (`autopact_api_types::request::DutyRequest`) →
//! `autopact_report::duty` (the law engine) → output. The JSON output is
//! the versioned schema `autopact.duty/v1` (`autopact_api_types::wire`),
//! documented in `docs/schemas/duty.md`.

use std::io::Write;
use std::process::ExitCode;

pub use autopact::frontend::load_law;
use autopact_api_types::request::DutyRequest;
use autopact_report::duty::{hint_words, stack, table};

use super::Context;
use crate::output::{Format, OutputArgs};

/// The duty stack a good owes on an entry date, layer by layer, with citations.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  autopact duty --importer US --date 2025-10-01 --hts 8703.23.01 --origin JP --value 40000
  autopact duty --importer US --date 2025-10-01 --hts 8703.23.01 --origin CA --value 40000 --usmca-qualifying --us-content 16000 --explain
  autopact duty --importer CA --date 2025-10-01 --hts 8703.23.00 --origin US --value 50000 --usmca-qualifying --format json")]
pub struct Args {
    /// The entry.
    #[command(flatten)]
    pub request: DutyRequest,
    /// A folder of your own measure files (same TOML schema as autopact's law data):
    /// added, or replacing autopact's measures of the same id; marked in every result.
    #[arg(long, value_name = "DIR")]
    pub law: Option<String>,
    /// Print the explanation tree (inputs, rule, citation, base, arithmetic, result).
    #[arg(long)]
    pub explain: bool,
    /// Output options.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Runs the command.
pub fn run(a: Args, ctx: &Context) -> anyhow::Result<ExitCode> {
    // The query is checked before the law is read (errors name the flag).
    let read = autopact_report::duty::query(&a.request)?;
    // Say how a place code was read (an alpha-3 code as its alpha-2 code).
    for (flag, typed, used) in [
        ("importer", &a.request.importer, &read.importer),
        ("origin", &a.request.origin, &read.origin),
    ] {
        if typed.trim().to_ascii_uppercase() != *used {
            ctx.note(format!(
                "--{flag} {typed} read as {used} (ISO 3166 alpha-2)"
            ));
        }
    }
    let db = load_law(a.law.as_deref())?;
    let (q, s) = stack(&db, &a.request)?;
    ctx.warn(&s.warnings);
    for h in &s.hints {
        ctx.note(format!("hint: {}", hint_words(h)));
    }
    for x in &s.assumptions {
        ctx.note(format!("assumption: {x}"));
    }
    match a.output.format() {
        Format::Json => {
            let mut text = serde_json::to_string_pretty(&autopact_api_types::wire::duty(&q, &s))?;
            text.push('\n');
            a.output.emit_bytes(text.as_bytes())?;
        }
        Format::Table if a.explain => {
            let mut buf = Vec::new();
            table(&s).write_text(&mut buf)?;
            writeln!(buf)?;
            buf.extend_from_slice(s.explanation.to_text().as_bytes());
            if !s.not_applied.is_empty() {
                writeln!(buf, "\nconsidered, not applied:")?;
                for n in s.not_applied.iter().filter(|n| !n.out_of_scope) {
                    writeln!(
                        buf,
                        "  {} ({}): {}",
                        n.measure_id,
                        n.heading.as_deref().unwrap_or("-"),
                        n.reason
                    )?;
                }
                let oos = s.not_applied.iter().filter(|n| n.out_of_scope).count();
                writeln!(
                    buf,
                    "  … and {oos} measure(s) whose scope does not cover {}",
                    q.hts
                )?;
            }
            a.output.emit_bytes(&buf)?;
        }
        _ => {
            a.output.emit(&table(&s))?;
            if a.explain {
                ctx.note(s.explanation.to_text());
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
