//! `autopact roo`: USMCA rules of origin for a BOM, a cost sheet or a
//! built-in reference vehicle.
//!
//! Flags → files (`autopact::frontend::roo_good`) → `autopact_report::roo`
//! → output.
//! Exit code 1 when the good is not shown to be originating. The JSON
//! output is the versioned schema `autopact.roo/v1` documented in
//! `docs/schemas/roo.md`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use autopact_law::LawDb;
use autopact_report::roo::{components_table, determine, hint_text, tests_table, text_report};

use super::Context;
use crate::output::{Format, OutputArgs};

/// Whether a vehicle or part is USMCA-originating on a date, test by test.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  autopact roo --vehicle ontario-suv --date 2025-10-01 --explain
  autopact roo --bom bom.csv --date 2025-10-01 --format json
  autopact roo --bom bom.xlsx --sheet Sheet1 --date 2024-01-01
  autopact roo --cost-sheet good.toml --date 2024-01-01
  autopact roo --cost-sheet q1.toml --cost-sheet q2.toml --date 2024-07-01   # averaged (s.16)
Reference vehicles (illustrative): ontario-suv, mexico-pickup, michigan-sedan, japan-import, korea-import, germany-import, china-ev.")]
pub struct Args {
    /// Bill of materials (.csv, or .xlsx with a sheet named BOM).
    #[arg(long, value_name = "FILE", group = "input")]
    pub bom: Option<PathBuf>,
    /// Cost sheet (TOML with the regulation's cost names). Repeat it to
    /// average the RVC over several goods of one class or several periods
    /// (SOR/2020-155 s.16): the costs are summed.
    #[arg(long, value_name = "FILE", group = "input", num_args = 1.., action = clap::ArgAction::Append)]
    pub cost_sheet: Vec<PathBuf>,
    /// A built-in illustrative reference vehicle.
    #[arg(long, value_name = "NAME", group = "input")]
    pub vehicle: Option<String>,
    /// XLSX sheet holding the BOM [default: BOM].
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// Date of the determination (YYYY-MM-DD): thresholds by date.
    #[arg(long)]
    pub date: String,
    /// Category, overriding what the tariff code implies
    /// (passenger_vehicle, light_truck, heavy_truck, core_part, principal_part,
    /// complementary_part, ht_principal_part, ht_complementary_part,
    /// other_vehicle_62_5, other_vehicle_60, other).
    #[arg(long)]
    pub category: Option<String>,
    /// RVC threshold (percent) for a good outside the automotive tables.
    #[arg(long, value_name = "PCT")]
    pub rvc_threshold: Option<String>,
    /// Show the per-component table (CSV/table output).
    #[arg(long)]
    pub components: bool,
    /// Allow dates after the law data's as-of date.
    #[arg(long)]
    pub beyond_as_of: bool,
    /// Print the explanation tree.
    #[arg(long)]
    pub explain: bool,
    /// Output options.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Runs the command.
pub fn run(a: Args, ctx: &Context) -> anyhow::Result<ExitCode> {
    let settings = autopact_report::roo::settings(
        &a.date,
        a.category.as_deref(),
        a.rvc_threshold.as_deref(),
        a.beyond_as_of,
        // The per-component table is built only when it is shown: JSON
        // output always carries it, the other formats with --components
        // (or --explain).
        a.components || a.explain || matches!(a.output.format(), Format::Json | Format::Xlsx),
    )?;
    let db = LawDb::builtin().context("embedded law data")?;
    let rules = autopact::frontend::roo_rules()?;
    // The input, named in errors about its content.
    let (good, input_name) = autopact::frontend::roo_good(
        a.bom.as_deref(),
        a.sheet.as_deref(),
        &a.cost_sheet,
        a.vehicle.as_deref(),
    )?;
    let d = determine(&db, &rules, &good, &input_name, &settings)?;
    for n in &d.notes {
        ctx.note(n);
    }
    let (r, illustrative) = (d.result, d.illustrative);
    ctx.warn(&r.warnings);
    for h in &r.hints {
        ctx.note(format!("hint: {}", hint_text(h)));
    }
    for x in &r.assumptions {
        ctx.note(format!("assumption: {x}"));
    }
    match a.output.format() {
        Format::Json => {
            let mut text =
                serde_json::to_string_pretty(&autopact_api_types::wire::roo(&r, illustrative))?;
            text.push('\n');
            a.output.emit_bytes(text.as_bytes())?;
        }
        Format::Table => {
            let text = text_report(&r, a.components, a.explain)?;
            a.output.emit_bytes(text.as_bytes())?;
        }
        Format::Xlsx => a
            .output
            .emit_xlsx(&[&tests_table(&r), &components_table(&r)])?,
        _ => {
            let t = if a.components {
                components_table(&r)
            } else {
                tests_table(&r)
            };
            a.output.emit(&t)?;
            if a.explain {
                ctx.note(r.explanation.to_text());
            }
        }
    }
    Ok(if r.originating {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
