//! `autopact duty`: the duty stack for one entry.
//!
//! Thin glue: parse flags into an `autopact_law::duty::DutyQuery`, run the
//! pure engine, render. The JSON output is the versioned schema
//! `autopact.duty/v1` documented in `docs/schemas/duty.md`.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context as _, anyhow};
use autopact_core::{Column, Table, Value};
use autopact_law::duty::{DutyQuery, DutyStack, GoodFacts, QuotaStatus, duty_stack};
use autopact_law::money::{fmt_money, fmt_pct, parse_decimal};
use autopact_law::{Decimal, HsCode, LawDb, NaiveDate};
use clap::ValueEnum;
use serde::Serialize;

use super::Context;
use crate::output::{Format, OutputArgs};

/// JSON schema id of the output.
pub const SCHEMA: &str = "autopact.duty/v1";

/// Quota status flag.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Quota {
    /// Within the quota.
    In,
    /// Over the quota.
    Out,
}

/// The duty stack a good owes on an entry date, layer by layer, with citations.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  autopact duty --importer US --date 2025-10-01 --hts 8703.23.01 --origin JP --value 40000
  autopact duty --importer US --date 2025-10-01 --hts 8703.23.01 --origin CA --value 40000 --usmca-qualifying --us-content 16000 --explain
  autopact duty --importer CA --date 2025-10-01 --hts 8703.23.00 --origin US --value 50000 --usmca-qualifying --format json")]
pub struct Args {
    /// Importing country: US, CA or MX.
    #[arg(long)]
    pub importer: String,
    /// Entry date (YYYY-MM-DD).
    #[arg(long)]
    pub date: String,
    /// Tariff code of the good (e.g. 8703.23.01).
    #[arg(long)]
    pub hts: String,
    /// Country of origin (ISO alpha-2, e.g. JP).
    #[arg(long)]
    pub origin: String,
    /// Customs value (entered value / value for duty), plain decimal.
    #[arg(long)]
    pub value: String,
    /// The good is USMCA/CUSMA-originating and preference is claimed.
    #[arg(long)]
    pub usmca_qualifying: bool,
    /// Commerce-approved US content (amount).
    #[arg(long, value_name = "AMOUNT")]
    pub us_content: Option<String>,
    /// Canadian plus Mexican originating content (amount), for Canada's vehicle surtax.
    #[arg(long, value_name = "AMOUNT")]
    pub ca_mx_content: Option<String>,
    /// Value of the steel content (amount).
    #[arg(long, value_name = "AMOUNT")]
    pub steel_content: Option<String>,
    /// Value of the aluminum content (amount).
    #[arg(long, value_name = "AMOUNT")]
    pub aluminum_content: Option<String>,
    /// Value of the copper content (amount).
    #[arg(long, value_name = "AMOUNT")]
    pub copper_content: Option<String>,
    /// Country where the steel was melted and poured.
    #[arg(long, value_name = "COUNTRY")]
    pub melt_pour: Option<String>,
    /// Country where the aluminum was smelted and cast.
    #[arg(long, value_name = "COUNTRY")]
    pub smelt_cast: Option<String>,
    /// Metal share of the good's weight, percent (2026 §232 metals rules).
    #[arg(long, value_name = "PCT")]
    pub metal_weight_share: Option<String>,
    /// Tariff-rate quota status.
    #[arg(long, value_enum)]
    pub quota: Option<Quota>,
    /// Claim surtax remission (Canada's remission orders).
    #[arg(long)]
    pub remission: bool,
    /// Imported for use in manufacturing motor vehicles, chassis or their parts.
    #[arg(long)]
    pub vehicle_manufacturing: bool,
    /// Age of the vehicle in years (§232: vehicles 25 years old or older).
    #[arg(long, value_name = "YEARS")]
    pub vehicle_age: Option<u32>,
    /// Date the good was loaded for export (YYYY-MM-DD), for in-transit rules.
    #[arg(long, value_name = "DATE")]
    pub loaded: Option<String>,
    /// A list the good is on that the law data cannot itemize (repeatable):
    /// us232-auto-parts-inclusion, ca-surtax-2025-1, ca-surtax-2025-95-other.
    #[arg(long, value_name = "LIST")]
    pub listed: Vec<String>,
    /// Column-1 (MFN) rate in percent, when autopact's data lack it or you know better.
    #[arg(long, value_name = "PCT")]
    pub mfn_rate: Option<String>,
    /// Quantity in the unit of the line's specific rate (kg, liter, No., …), for specific or compound column-1 rates.
    #[arg(long, value_name = "QTY")]
    pub quantity: Option<String>,
    /// A folder of your own measure files (same TOML schema as autopact's law data):
    /// added, or replacing autopact's measures of the same id; marked in every result.
    #[arg(long, value_name = "DIR")]
    pub law: Option<String>,
    /// Include measures marked UNCONFIRMED (flagged in the result).
    #[arg(long)]
    pub include_unconfirmed: bool,
    /// Allow entry dates after the law data's as-of date.
    #[arg(long)]
    pub beyond_as_of: bool,
    /// Print the explanation tree (inputs, rule, citation, base, arithmetic, result).
    #[arg(long)]
    pub explain: bool,
    /// Output options.
    #[command(flatten)]
    pub output: OutputArgs,
}

fn money(flag: &str, v: &Option<String>) -> anyhow::Result<Option<Decimal>> {
    v.as_deref()
        .map(|s| parse_decimal(s).map_err(|e| anyhow!("--{flag}: {e}")))
        .transpose()
}

fn country(flag: &str, s: &str) -> anyhow::Result<String> {
    let t = s.trim();
    if t.len() == 2 && t.bytes().all(|b| b.is_ascii_alphabetic()) {
        Ok(t.to_ascii_uppercase())
    } else {
        Err(anyhow!(
            "--{flag}: {s:?} is not an ISO 3166 alpha-2 country code (e.g. JP)"
        ))
    }
}

/// Builds the query from the flags.
pub fn query(a: &Args) -> anyhow::Result<DutyQuery> {
    let date: NaiveDate = a
        .date
        .parse()
        .map_err(|_| anyhow!("--date: {:?} is not a date (YYYY-MM-DD)", a.date))?;
    Ok(DutyQuery {
        importer: country("importer", &a.importer)?,
        date,
        hts: HsCode::parse(&a.hts).context("--hts")?,
        origin: country("origin", &a.origin)?,
        value: parse_decimal(&a.value).map_err(|e| anyhow!("--value: {e}"))?,
        facts: GoodFacts {
            usmca_qualifying: Some(a.usmca_qualifying),
            us_content: money("us-content", &a.us_content)?,
            ca_mx_content: money("ca-mx-content", &a.ca_mx_content)?,
            steel_content: money("steel-content", &a.steel_content)?,
            aluminum_content: money("aluminum-content", &a.aluminum_content)?,
            copper_content: money("copper-content", &a.copper_content)?,
            melt_pour: a
                .melt_pour
                .as_deref()
                .map(|c| country("melt-pour", c))
                .transpose()?,
            smelt_cast: a
                .smelt_cast
                .as_deref()
                .map(|c| country("smelt-cast", c))
                .transpose()?,
            quota: a.quota.map(|q| match q {
                Quota::In => QuotaStatus::In,
                Quota::Out => QuotaStatus::Out,
            }),
            remission: a.remission,
            vehicle_manufacturing: a.vehicle_manufacturing,
            metal_weight_pct: money("metal-weight-share", &a.metal_weight_share)?,
            vehicle_age_years: a.vehicle_age,
            loaded_on: a
                .loaded
                .as_deref()
                .map(|d| {
                    d.parse::<NaiveDate>()
                        .map_err(|_| anyhow!("--loaded: {d:?} is not a date (YYYY-MM-DD)"))
                })
                .transpose()?,
            listed: a.listed.clone(),
        },
        column1_rate: money("mfn-rate", &a.mfn_rate)?,
        quantity: money("quantity", &a.quantity)?,
        include_unconfirmed: a.include_unconfirmed,
        beyond_as_of: a.beyond_as_of,
    })
}

/// Wire format of one layer.
#[derive(Serialize)]
struct WireLayer<'a> {
    measure_id: &'a str,
    name: &'a str,
    heading: Option<&'a str>,
    citation: &'a str,
    confidence: &'static str,
    unconfirmed: bool,
    kind: autopact_law::measure::LayerKind,
    base_kind: &'a str,
    base: String,
    rate: String,
    amount: String,
    note: Option<&'a str>,
    assumptions: &'a [String],
}

#[derive(Serialize)]
struct WireNotApplied<'a> {
    measure_id: &'a str,
    heading: Option<&'a str>,
    reason: &'a str,
}

#[derive(Serialize)]
struct WireDuty<'a> {
    schema: &'static str,
    schema_version: u32,
    law_as_of: String,
    query: WireQuery<'a>,
    currency: &'a str,
    total_duty: String,
    effective_rate: String,
    layers: Vec<WireLayer<'a>>,
    not_applied: Vec<WireNotApplied<'a>>,
    assumptions: &'a [String],
    warnings: &'a [String],
    unconfirmed_used: &'a [String],
    user_measures_used: &'a [String],
    hints: Vec<WireHint<'a>>,
    explanation: &'a autopact_law::Explanation,
}

#[derive(Serialize)]
struct WireHint<'a> {
    kind: autopact_law::HintKind,
    fact: &'static str,
    message: &'a str,
    option: Option<&'static str>,
}

#[derive(Serialize)]
struct WireQuery<'a> {
    importer: &'a str,
    date: String,
    hts: String,
    origin: &'a str,
    value: String,
    facts: &'a GoodFacts,
}

fn wire<'a>(q: &'a DutyQuery, s: &'a DutyStack) -> WireDuty<'a> {
    WireDuty {
        schema: SCHEMA,
        schema_version: 1,
        law_as_of: s.law_as_of.to_string(),
        query: WireQuery {
            importer: &q.importer,
            date: q.date.to_string(),
            hts: q.hts.to_string(),
            origin: &q.origin,
            value: fmt_money(q.value),
            facts: &q.facts,
        },
        currency: &s.currency,
        total_duty: fmt_money(s.total),
        effective_rate: fmt_pct(s.effective_rate),
        layers: s
            .layers
            .iter()
            .map(|l| WireLayer {
                measure_id: &l.measure_id,
                name: &l.name,
                heading: l.heading.as_deref(),
                citation: &l.citation,
                confidence: l.confidence.as_str(),
                unconfirmed: l.unconfirmed,
                kind: l.kind,
                base_kind: &l.base_kind,
                base: fmt_money(l.base),
                rate: fmt_pct(l.rate),
                amount: fmt_money(l.amount),
                note: l.note.as_deref(),
                assumptions: &l.assumptions,
            })
            .collect(),
        not_applied: s
            .not_applied
            .iter()
            .map(|n| WireNotApplied {
                measure_id: &n.measure_id,
                heading: n.heading.as_deref(),
                reason: &n.reason,
            })
            .collect(),
        assumptions: &s.assumptions,
        warnings: &s.warnings,
        unconfirmed_used: &s.unconfirmed_used,
        user_measures_used: &s.user_measures_used,
        hints: s
            .hints
            .iter()
            .map(|h| WireHint {
                kind: h.kind,
                fact: h.fact.id(),
                message: &h.message,
                option: super::hint::option_for(h.fact),
            })
            .collect(),
        explanation: &s.explanation,
    }
}

fn table(s: &DutyStack) -> Table {
    let cur = s.currency.clone();
    let mut t = Table::new(
        "duty-stack",
        vec![
            Column::new("measure_id"),
            Column::new("heading"),
            Column::with_unit("base", cur.clone()),
            Column::with_unit("rate", "%"),
            Column::with_unit("amount", cur.clone()),
            Column::new("confidence"),
            Column::new("citation"),
        ],
    );
    for l in &s.layers {
        t.push(vec![
            l.measure_id.clone().into(),
            l.heading.clone().map(Value::Text).unwrap_or(Value::Null),
            Value::Decimal(fmt_money(l.base)),
            Value::Decimal(fmt_pct(l.rate)),
            Value::Decimal(fmt_money(l.amount)),
            if l.unconfirmed {
                "UNCONFIRMED".into()
            } else {
                l.confidence.as_str().into()
            },
            l.citation.clone().into(),
        ]);
    }
    t.push(vec![
        "TOTAL".into(),
        Value::Null,
        Value::Null,
        Value::Decimal(fmt_pct(s.effective_rate)),
        Value::Decimal(fmt_money(s.total)),
        Value::Null,
        Value::Null,
    ]);
    t.meta("law data as of", s.law_as_of.to_string());
    t.meta(
        "rounding",
        "each layer to the cent, half away from zero; total = sum of layers",
    );
    if !s.unconfirmed_used.is_empty() {
        t.meta("UNCONFIRMED measures used", s.unconfirmed_used.join(", "));
    }
    if !s.user_measures_used.is_empty() {
        t.meta(
            "USER-SUPPLIED measures used",
            s.user_measures_used.join(", "),
        );
    }
    t
}

/// autopact's law data, plus the user's measure files when `--law DIR` is given.
pub fn load_law(dir: Option<&str>) -> anyhow::Result<LawDb> {
    let db = LawDb::builtin().context("embedded law data")?;
    match dir {
        None => Ok(db),
        Some(d) => {
            let files = autopact_data::read_law_dir(d).with_context(|| format!("--law {d}"))?;
            Ok(db.with_user_files(&files)?)
        }
    }
}

/// Runs the command.
pub fn run(a: Args, ctx: &Context) -> anyhow::Result<ExitCode> {
    let q = query(&a)?;
    let db = load_law(a.law.as_deref())?;
    let s = duty_stack(&db, &q).map_err(|e| match e.hint() {
        Some(h) => anyhow!("{e} ({})", super::hint::words(&h)),
        None => anyhow!(e),
    })?;
    for w in &s.warnings {
        ctx.note(format!("warning: {w}"));
    }
    for h in &s.hints {
        ctx.note(format!("hint: {}", super::hint::words(h)));
    }
    for x in &s.assumptions {
        ctx.note(format!("assumption: {x}"));
    }
    match a.output.format() {
        Format::Json => {
            let mut text = serde_json::to_string_pretty(&wire(&q, &s))?;
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
