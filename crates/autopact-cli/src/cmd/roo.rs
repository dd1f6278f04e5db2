//! `autopact roo`: USMCA rules of origin for a BOM, a cost sheet or a
//! built-in reference vehicle.
//!
//! Exit code 1 when the good is not shown to be originating. The JSON
//! output is the versioned schema `autopact.roo/v1` documented in
//! `docs/schemas/roo.md`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, anyhow, bail};
use autopact_core::{Column, Table, Value};
use autopact_law::hint::{Fact, Hint};
use autopact_law::money::{fmt_money, fmt_pct, parse_decimal};
use autopact_law::roo::{
    Bom, Category, Good, RooError, RooRequest, RooResult, RooRules, qualify, requirement_passed,
};
use autopact_law::{LawDb, NaiveDate, vehicles};
use serde::Serialize;

use super::Context;
use crate::output::{Format, OutputArgs};

/// JSON schema id of the output.
pub const SCHEMA: &str = "autopact.roo/v1";

/// Whether a vehicle or part is USMCA-originating on a date, test by test.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  autopact roo --vehicle ontario-suv --date 2025-10-01 --explain
  autopact roo --bom bom.csv --date 2025-10-01 --format json
  autopact roo --bom bom.xlsx --sheet Sheet1 --date 2024-01-01
  autopact roo --cost-sheet good.toml --date 2024-01-01
  autopact roo --cost-sheet q1.toml --cost-sheet q2.toml --date 2024-07-01   # averaged (s.16)
Reference vehicles: ontario-suv, mexico-pickup, michigan-sedan, japan-import, china-ev (illustrative).")]
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

#[derive(Serialize)]
struct WireTest<'a> {
    name: &'a str,
    method: &'a str,
    value: Option<String>,
    threshold: Option<String>,
    passed: Option<bool>,
    gap: Option<String>,
    gap_text: Option<&'a str>,
    citation: &'a str,
    detail: &'a str,
}

#[derive(Serialize)]
struct WireFlip<'a> {
    part_id: &'a str,
    description: &'a str,
    test: &'a str,
    value: String,
    effect: &'a str,
}

#[derive(Serialize)]
struct WireComponent<'a> {
    part_id: &'a str,
    parent_id: Option<&'a str>,
    level: u32,
    description: &'a str,
    hs: Option<&'a str>,
    origin: Option<&'a str>,
    value: String,
    status: &'a str,
    vnm: String,
    reason: &'a str,
    core_class: Option<&'a str>,
}

#[derive(Serialize)]
struct WireRoo<'a> {
    schema: &'static str,
    schema_version: u32,
    law_as_of: String,
    date: String,
    good: WireGood<'a>,
    originating: bool,
    outcome: autopact_law::roo::Outcome,
    net_cost: String,
    vnm: String,
    tests: Vec<WireTest<'a>>,
    gap_to_qualify: Vec<WireTest<'a>>,
    flips: Vec<WireFlip<'a>>,
    components: Vec<WireComponent<'a>>,
    assumptions: &'a [String],
    warnings: &'a [String],
    hints: &'a [Hint],
    explanation: &'a autopact_law::Explanation,
}

#[derive(Serialize)]
struct WireGood<'a> {
    id: &'a str,
    description: &'a str,
    hs: Option<&'a str>,
    category: &'static str,
    category_reason: &'a str,
    illustrative: bool,
}

fn wire_test(t: &autopact_law::roo::TestResult) -> WireTest<'_> {
    WireTest {
        name: &t.name,
        method: &t.method,
        value: t.value.map(fmt_pct),
        threshold: t.threshold.map(fmt_pct),
        passed: t.passed,
        gap: t.gap.map(fmt_pct),
        gap_text: t.gap_text.as_deref(),
        citation: &t.citation,
        detail: &t.detail,
    }
}

fn wire(r: &RooResult, illustrative: bool) -> WireRoo<'_> {
    WireRoo {
        schema: SCHEMA,
        schema_version: 1,
        law_as_of: r.law_as_of.to_string(),
        date: r.date.to_string(),
        good: WireGood {
            id: &r.good_id,
            description: &r.description,
            hs: r.hs.as_deref(),
            category: r.category.as_str(),
            category_reason: &r.category_reason,
            illustrative,
        },
        originating: r.originating,
        outcome: r.outcome,
        net_cost: fmt_money(r.net_cost),
        vnm: fmt_money(r.vnm),
        tests: r.tests.iter().map(wire_test).collect(),
        gap_to_qualify: failing(r).map(wire_test).collect(),
        flips: r
            .flips
            .iter()
            .map(|f| WireFlip {
                part_id: &f.part_id,
                description: &f.description,
                test: &f.test,
                value: fmt_money(f.value),
                effect: &f.effect,
            })
            .collect(),
        components: r
            .components
            .iter()
            .map(|c| WireComponent {
                part_id: &c.part_id,
                parent_id: c.parent_id.as_deref(),
                level: c.level,
                description: &c.description,
                hs: c.hs.as_deref(),
                origin: c.origin.as_deref(),
                value: fmt_money(c.value),
                status: c.status,
                vnm: fmt_money(c.vnm),
                reason: &c.reason,
                core_class: c.core_class.as_deref(),
            })
            .collect(),
        assumptions: &r.assumptions,
        warnings: &r.warnings,
        hints: &r.hints,
        explanation: &r.explanation,
    }
}

/// The failed entries of the requirements that failed (an entry whose
/// alternative passed — the RVC by net cost when the transaction value
/// meets it — is not a gap).
fn failing(r: &RooResult) -> impl Iterator<Item = &autopact_law::roo::TestResult> {
    r.tests
        .iter()
        .filter(|t| t.passed == Some(false) && requirement_passed(&r.tests, &t.name) == Some(false))
}

/// How this command's user supplies what a hint asks for.
fn flag_for(h: &Hint) -> Option<&'static str> {
    match h.fact {
        Fact::BeyondAsOf => Some("pass --beyond-as-of"),
        Fact::RvcMethod => Some("give --rvc-threshold PCT (or rvc_threshold in a cost sheet)"),
        Fact::OriginCategory => Some("give --category NAME"),
        _ => None,
    }
}

/// A hint in this command's words.
fn hint_text(h: &Hint) -> String {
    match flag_for(h) {
        Some(f) => format!("{}: {f}", h.message),
        None => h.message.clone(),
    }
}

fn opt_dec(v: Option<autopact_law::Decimal>) -> Value {
    v.map(|d| Value::Decimal(fmt_pct(d))).unwrap_or(Value::Null)
}

fn tests_table(r: &RooResult) -> Table {
    let mut t = Table::new(
        "roo-tests",
        vec![
            Column::new("test"),
            Column::new("method"),
            Column::with_unit("value", "%"),
            Column::with_unit("threshold", "%"),
            Column::new("passed"),
            Column::with_unit("gap", "pp"),
            Column::new("citation"),
        ],
    );
    for x in &r.tests {
        t.push(vec![
            x.name.clone().into(),
            x.method.clone().into(),
            opt_dec(x.value),
            opt_dec(x.threshold),
            match x.passed {
                Some(b) => Value::Bool(b),
                None => "not evaluated".into(),
            },
            opt_dec(x.gap),
            x.citation.clone().into(),
        ]);
    }
    t.meta("good", format!("{} {}", r.good_id, r.description));
    t.meta("category", r.category.as_str());
    t.meta(
        "originating",
        format!("{} ({:?})", r.originating, r.outcome),
    );
    t.meta(
        "net cost / VNM",
        format!("{} / {}", fmt_money(r.net_cost), fmt_money(r.vnm)),
    );
    t.meta("date", r.date.to_string());
    t.meta("law data as of", r.law_as_of.to_string());
    t
}

fn components_table(r: &RooResult) -> Table {
    let mut t = Table::new(
        "roo-components",
        vec![
            Column::new("part_id"),
            Column::new("parent_id"),
            Column::new("level"),
            Column::new("hs"),
            Column::new("origin"),
            Column::new("value"),
            Column::new("status"),
            Column::new("vnm"),
            Column::new("core_class"),
            Column::new("reason"),
        ],
    );
    for c in &r.components {
        t.push(vec![
            c.part_id.clone().into(),
            c.parent_id.clone().map(Value::Text).unwrap_or(Value::Null),
            Value::Int(c.level as i64),
            c.hs.clone().map(Value::Text).unwrap_or(Value::Null),
            c.origin.clone().map(Value::Text).unwrap_or(Value::Null),
            Value::Decimal(fmt_money(c.value)),
            c.status.into(),
            Value::Decimal(fmt_money(c.vnm)),
            c.core_class.clone().map(Value::Text).unwrap_or(Value::Null),
            c.reason.as_ref().into(),
        ]);
    }
    t
}

/// Runs the command.
pub fn run(a: Args, ctx: &Context) -> anyhow::Result<ExitCode> {
    let date: NaiveDate = a
        .date
        .parse()
        .map_err(|_| anyhow!("--date: {:?} is not a date (YYYY-MM-DD)", a.date))?;
    let db = LawDb::builtin().context("embedded law data")?;
    let rules = RooRules::builtin().context("embedded USMCA rules")?;
    let category = a
        .category
        .as_deref()
        .map(|c| Category::parse(c).ok_or_else(|| anyhow!("--category: unknown category {c:?}")))
        .transpose()?;
    let rvc_threshold = a
        .rvc_threshold
        .as_deref()
        .map(|s| parse_decimal(s).map_err(|e| anyhow!("--rvc-threshold: {e}")))
        .transpose()?;
    if let Some(t) = rvc_threshold
        && (t <= autopact_law::Decimal::ZERO || t > autopact_law::Decimal::ONE_HUNDRED)
    {
        bail!("--rvc-threshold: {t} is not a percentage in (0, 100]");
    }
    // The input, named in errors about its content.
    let input_name = if let Some(p) = &a.bom {
        p.display().to_string()
    } else if !a.cost_sheet.is_empty() {
        a.cost_sheet
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(" + ")
    } else {
        a.vehicle.clone().unwrap_or_default()
    };
    let mut illustrative = false;
    let bom: Bom;
    let sheet;
    let mut req = if let Some(path) = &a.bom {
        bom = autopact_data::bom::read_bom(path, a.sheet.as_deref())?;
        RooRequest::new(Good::Bom(&bom), date)
    } else if !a.cost_sheet.is_empty() {
        let sheets = a
            .cost_sheet
            .iter()
            .map(|p| autopact_data::bom::read_cost_sheet(p))
            .collect::<Result<Vec<_>, _>>()?;
        sheet = autopact_law::roo::CostSheet::average(&sheets).map_err(|e| {
            anyhow!(
                "--cost-sheet {}: {e}",
                a.cost_sheet
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(" ")
            )
        })?;
        if sheets.len() > 1 {
            ctx.note(format!(
                "assumption: RVC averaged over {} cost sheets (SOR/2020-155 s.16): the costs are summed",
                sheets.len()
            ));
        }
        RooRequest::new(Good::CostSheet(&sheet), date)
    } else if let Some(name) = &a.vehicle {
        let v = vehicles::get(name)?.ok_or_else(|| {
            anyhow!(
                "unknown reference vehicle {name:?} (known: {})",
                vehicles::names().join(", ")
            )
        })?;
        illustrative = true;
        ctx.note(format!("{}: ILLUSTRATIVE values ({})", v.title, v.basis));
        bom = Bom::build(v.lines.clone()).map_err(|e| anyhow!("built-in vehicle {name}: {e:?}"))?;
        let mut r = RooRequest::new(Good::Bom(&bom), date);
        // The vehicle file states the LVC credits; the BOM gives the high-wage spend.
        r.lvc = v.lvc.clone().map(|mut l| {
            let (hwm, hwlc) = high_wage_from_bom(&bom);
            l.high_wage_materials = hwm;
            l.high_wage_labor = hwlc;
            l
        });
        r.metals = v.metals.clone();
        r
    } else {
        bail!("give one of --bom FILE, --cost-sheet FILE or --vehicle NAME");
    };
    req.category = category;
    req.rvc_threshold = rvc_threshold;
    req.beyond_as_of = a.beyond_as_of;
    // The per-component table is built only when it is shown: JSON output
    // always carries it, the other formats with --components (or --explain).
    req.component_table = a.components || a.explain || a.output.format() == Format::Json;
    let r = qualify(&db, &rules, &req).map_err(|e: RooError| {
        let what = match &e {
            RooError::DateOutsideData { .. } => "--date".to_string(),
            _ => input_name.clone(),
        };
        match e.hint().as_ref().and_then(flag_for) {
            Some(f) => anyhow!("{what}: {e}: {f}"),
            None => anyhow!("{what}: {e}"),
        }
    })?;
    for w in &r.warnings {
        ctx.note(format!("warning: {w}"));
    }
    for h in &r.hints {
        ctx.note(format!("hint: {}", hint_text(h)));
    }
    for x in &r.assumptions {
        ctx.note(format!("assumption: {x}"));
    }
    match a.output.format() {
        Format::Json => {
            let mut text = serde_json::to_string_pretty(&wire(&r, illustrative))?;
            text.push('\n');
            a.output.emit_bytes(text.as_bytes())?;
        }
        Format::Table => {
            let mut buf = Vec::new();
            tests_table(&r).write_text(&mut buf)?;
            let gaps: Vec<_> = failing(&r).collect();
            if !gaps.is_empty() {
                writeln!(buf, "\ngap to qualify:")?;
                for t in gaps {
                    writeln!(
                        buf,
                        "  {}: {}",
                        t.name,
                        t.gap_text.as_deref().unwrap_or("-")
                    )?;
                }
            }
            if !r.flips.is_empty() {
                writeln!(buf, "\ncomponents that would flip the result:")?;
                for f in &r.flips {
                    writeln!(
                        buf,
                        "  {} ({}) [{}], {}: {}",
                        f.part_id,
                        f.description,
                        f.test,
                        fmt_money(f.value),
                        f.effect
                    )?;
                }
            }
            if a.components || a.explain {
                writeln!(buf)?;
                components_table(&r).write_text(&mut buf)?;
            }
            if a.explain {
                writeln!(buf)?;
                buf.extend_from_slice(r.explanation.to_text().as_bytes());
            }
            a.output.emit_bytes(&buf)?;
        }
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

fn high_wage_from_bom(b: &Bom) -> (autopact_law::Decimal, autopact_law::Decimal) {
    let root = &b.lines[b.root];
    let mut hwm = autopact_law::Decimal::ZERO;
    let mut stack = b.children[b.root].to_vec();
    while let Some(i) = stack.pop() {
        if b.lines[i].high_wage == Some(true) {
            hwm += b.lines[i].value();
        } else {
            stack.extend(b.children[i].iter().copied());
        }
    }
    let hwlc = if root.high_wage == Some(true) {
        root.labor_cost.unwrap_or_default()
    } else {
        Default::default()
    };
    (hwm, hwlc)
}
