//! The duty stack: every measure that applies to one entry, with its
//! citation, base, rate and amount, the measures considered and why each
//! did not apply, and the total.
//!
//! Algorithm (each step is recorded in the explanation tree):
//!
//! 1. **Candidates.** A measure of the importing country is a candidate
//!    when it is in force on the entry date (`from ≤ date ≤ to`), the HTS
//!    code is in its scope, the origin matches, and its `when`/`unless`
//!    facts hold. Unconfirmed measures are candidates only when asked for.
//! 2. **Replacement.** A candidate that `replaces` another displaces it
//!    (e.g. the Japan 15% cap line 9903.94.41 replaces 9903.94.01).
//! 3. **Exclusion.** A dated `excludes` rule drops its losers when any of
//!    its winners applies (EO 14289: goods subject to §232 autos are not
//!    subject to IEEPA Canada/Mexico).
//! 4. **Bases and amounts.** Column 1 first (its rate is needed by all-in
//!    caps); then measures on their bases: full value, a content
//!    (non-US, steel, aluminum), Canada's `A − max(B, 15% A)`; an
//!    `applies_first` rule takes its winners' content out of the losers'
//!    base (the 2025-06-04 metals rule). Each amount is
//!    `round_cents(base × rate / 100)`; see [`crate::money`].
//! 5. **Total** = sum of the rounded layers (remissions are negative).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

mod code;
mod layers;
mod validate;

use layers::*;
use validate::validate;

use crate::db::LawDb;
use crate::explain::Explanation;
use crate::hint::{Fact, Hint};
use crate::hts::{HsCode, ScopeMatch};
use crate::measure::{
    Cond, Confidence, ContentBase, Country, LayerKind, Measure, Rate, StackKind, Status, id_matches,
};
use crate::money::{fmt_money, fmt_pct, pct_of, round_cents};
use crate::schedule::{RateError, Schedule};

/// Quota status of a good under a tariff-rate quota.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum QuotaStatus {
    /// Entered within the quota.
    In,
    /// Entered over the quota.
    Out,
}

/// What is known about the good beyond its code, origin and value.
/// `None` means "not stated": the engine then assumes the conservative
/// answer and says so in the result.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct GoodFacts {
    /// USMCA/CUSMA-originating and preference claimed.
    pub usmca_qualifying: Option<bool>,
    /// Commerce-approved US content (value).
    pub us_content: Option<Decimal>,
    /// Claimed value of Canadian and Mexican originating content (Canada's
    /// vehicle surtax, SOR/2025-118 s.2(2)).
    pub ca_mx_content: Option<Decimal>,
    /// Value of the steel content.
    pub steel_content: Option<Decimal>,
    /// Value of the aluminum content.
    pub aluminum_content: Option<Decimal>,
    /// Value of the copper content.
    pub copper_content: Option<Decimal>,
    /// Country where the steel was melted and poured.
    pub melt_pour: Option<Country>,
    /// Country where the aluminum was smelted and cast.
    pub smelt_cast: Option<Country>,
    /// Quota status.
    pub quota: Option<QuotaStatus>,
    /// The importer claims surtax remission (Canada).
    pub remission: bool,
    /// Imported for use in manufacturing motor vehicles, chassis or parts.
    pub vehicle_manufacturing: bool,
    /// Metal share of the good's weight, percent.
    pub metal_weight_pct: Option<Decimal>,
}

/// One entry to price.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DutyQuery {
    /// Importing country (`US`, `CA`, `MX`).
    pub importer: Country,
    /// Entry date.
    pub date: NaiveDate,
    /// Tariff code of the good.
    pub hts: HsCode,
    /// Country of origin.
    pub origin: Country,
    /// Customs value (entered value / value for duty), in the importer's
    /// currency.
    pub value: Decimal,
    /// What is known about the good.
    pub facts: GoodFacts,
    /// Column-1 rate asserted by the user (percent), overriding the data.
    pub column1_rate: Option<Decimal>,
    /// Quantity in the unit of the line's specific rate (`kg`, `No.`, …),
    /// needed when the column-1 rate has a specific part.
    pub quantity: Option<Decimal>,
    /// Use measures marked unconfirmed.
    pub include_unconfirmed: bool,
    /// Allow entry dates after the law data's as-of date.
    pub beyond_as_of: bool,
}

/// Why a query cannot be answered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DutyError {
    /// The entry date is outside the law data.
    #[error("entry date {date} is outside the law data ({from} to {as_of}){hint}")]
    DateOutsideData {
        /// Entry date.
        date: NaiveDate,
        /// First date covered.
        from: NaiveDate,
        /// As-of date of the data.
        as_of: NaiveDate,
        /// How to proceed.
        hint: String,
    },
    /// The importer has no law data.
    #[error("no law data for importing country {0:?} (known: US, CA, MX)")]
    UnknownImporter(String),
    /// A value is negative, zero, or larger than the whole.
    #[error("{0}")]
    BadValue(String),
    /// The code is not a line of the importer's schedule.
    #[error("{code} is not a line of the {importer} tariff schedule (HTSUS 2025 Basic Edition); nearest lines: {}", if nearest.is_empty() { "none under the same heading".to_string() } else { nearest.join(", ") })]
    UnknownCode {
        /// The code given.
        code: HsCode,
        /// Importing country.
        importer: Country,
        /// The nearest valid codes.
        nearest: Vec<String>,
    },
    /// The code is a heading or subheading whose lines differ.
    #[error("{code} covers tariff lines that differ in column-1 rate or USMCA eligibility, and two column-1 lines are never added up; give one of them: {} — or state the column-1 rate yourself", lines.join("; "))]
    AmbiguousCode {
        /// The code given.
        code: HsCode,
        /// The differing lines, described.
        lines: Vec<String>,
    },
    /// An 8/10-digit code that is not a tariff item of the importer.
    #[error("{code} is not a {} tariff item in autopact's law data{}; give the 6-digit HS subheading {subheading}{}", country_adj(importer), if *us_line { " (it is a U.S. HTSUS line: national tariff items differ beyond 6 digits)" } else { "" }, if items.is_empty() { String::new() } else { format!(" or one of the items the {} measures name: {}", country_adj(importer), items.join(", ")) })]
    NotNationalItem {
        /// The code given.
        code: HsCode,
        /// Importing country.
        importer: Country,
        /// Whether the code is a U.S. HTSUS line.
        us_line: bool,
        /// Its HS subheading.
        subheading: HsCode,
        /// The importer's items under the same subheading.
        items: Vec<String>,
    },
    /// The column-1 rate has a specific part and no quantity was given.
    #[error(
        "the column-1 rate of {line} is {rate}: its specific part is per {unit}, so the quantity in {unit} is needed"
    )]
    NeedsQuantity {
        /// The tariff line.
        line: String,
        /// The rate text.
        rate: String,
        /// Unit of the quantity.
        unit: String,
    },
    /// The column-1 rate is text autopact does not read as a rate.
    #[error(
        "the column-1 rate of {line} is {rate:?}, which autopact does not read as a rate; state the column-1 rate (percent) yourself"
    )]
    Column1NotReadable {
        /// The tariff line.
        line: String,
        /// The rate text.
        rate: String,
    },
    /// An all-in cap needs the column-1 rate and none is known.
    #[error(
        "{measure} is an all-in cap (total {cap}%): the column-1 rate of {code} is needed to compute it and autopact's data have none; state it"
    )]
    CapNeedsColumn1 {
        /// The cap measure.
        measure: String,
        /// The cap, percent.
        cap: Decimal,
        /// The code.
        code: HsCode,
    },
    /// An amount is beyond exact decimal arithmetic.
    #[error("amounts too large to compute exactly (customs value {0}); check the value")]
    Overflow(Decimal),
}

impl DutyError {
    /// What the caller could supply to get an answer.
    pub fn hint(&self) -> Option<Hint> {
        Some(match self {
            DutyError::DateOutsideData { date, as_of, .. } if date > as_of => Hint::needs_option(
                Fact::BeyondAsOf,
                "the entry date is after the law data's as-of date",
            ),
            DutyError::AmbiguousCode { .. } => Hint::needs_option(
                Fact::TariffLine,
                "choose one of the tariff lines listed, or state the column-1 rate",
            ),
            DutyError::NeedsQuantity { unit, .. } => {
                Hint::missing(Fact::Quantity, format!("the quantity in {unit}"))
            }
            DutyError::Column1NotReadable { .. } | DutyError::CapNeedsColumn1 { .. } => {
                Hint::missing(Fact::Column1Rate, "the column-1 rate, percent")
            }
            _ => return None,
        })
    }
}

/// The largest value, content or quantity accepted (10^18).
pub const MAX_AMOUNT: u64 = 1_000_000_000_000_000_000;

impl DutyError {
    fn named(self, name: &str) -> Self {
        match self {
            DutyError::Overflow(v) => DutyError::BadValue(format!(
                "{name} {v} is beyond the largest amount autopact computes exactly ({MAX_AMOUNT})"
            )),
            e => e,
        }
    }
}

fn country_adj(c: &str) -> &'static str {
    match c {
        "CA" => "Canadian",
        "MX" => "Mexican",
        "US" => "U.S.",
        _ => "national",
    }
}

/// One layer of the stack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Layer {
    /// Measure id.
    pub measure_id: String,
    /// Short name.
    pub name: String,
    /// Chapter 99 line or provision.
    pub heading: Option<String>,
    /// Legal citation.
    pub citation: String,
    /// Fact-sheet confidence.
    pub confidence: Confidence,
    /// True when the measure is unconfirmed (used only on request).
    pub unconfirmed: bool,
    /// Place in the stack.
    pub kind: LayerKind,
    /// What the base is.
    pub base_kind: String,
    /// The base.
    pub base: Decimal,
    /// Effective rate on the base, percent.
    pub rate: Decimal,
    /// Amount, rounded to the cent.
    pub amount: Decimal,
    /// Remarks.
    pub note: Option<String>,
    /// Assumptions this layer rests on.
    pub assumptions: Vec<String>,
    /// How the amount was computed.
    pub explanation: Explanation,
}

/// A measure considered but not applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotApplied {
    /// Measure id.
    pub measure_id: String,
    /// Chapter 99 line or provision.
    pub heading: Option<String>,
    /// Why it did not apply.
    pub reason: String,
    /// True when the only reason is that the HTS code is outside its scope.
    pub out_of_scope: bool,
}

/// The answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DutyStack {
    /// As-of date of the law data.
    pub law_as_of: NaiveDate,
    /// Currency of the amounts.
    pub currency: String,
    /// Applied layers, column 1 first.
    pub layers: Vec<Layer>,
    /// Sum of the layers.
    pub total: Decimal,
    /// Total as a percent of the value.
    pub effective_rate: Decimal,
    /// Measures considered and not applied.
    pub not_applied: Vec<NotApplied>,
    /// Assumptions made for facts not stated.
    pub assumptions: Vec<String>,
    /// Things the user should know (missing column-1 rate, …).
    pub warnings: Vec<String>,
    /// Ids of unconfirmed measures used.
    pub unconfirmed_used: Vec<String>,
    /// Facts that would make the result firmer, as structured ids.
    pub hints: Vec<Hint>,
    /// Ids of user-supplied measures (`--law`) in the total.
    pub user_measures_used: Vec<String>,
    /// The explanation tree (inputs, rules, citations, bases, arithmetic).
    pub explanation: Explanation,
}

/// Currency of an importing country's customs values.
pub fn currency_of(importer: &str) -> &'static str {
    match importer {
        "CA" => "CAD",
        "MX" => "MXN",
        _ => "USD",
    }
}

struct Candidate<'a> {
    m: &'a Measure,
    assumptions: Vec<String>,
}

/// Computes the duty stack for one entry.
pub fn duty_stack(db: &LawDb, q: &DutyQuery) -> Result<DutyStack, DutyError> {
    validate(db, q)?;
    let column1 = code::check_code(db, q, Schedule::builtin())?;
    let mut hints: Vec<Hint> = Vec::new();
    let code_warning = match &column1 {
        code::Column1::User(w) => w.clone(),
        _ => None,
    };
    let mut not_applied = Vec::new();
    let mut global_assumptions: Vec<String> = Vec::new();
    let mut cands: Vec<Candidate> = Vec::new();
    let na = |m: &Measure, reason: String, oos: bool| NotApplied {
        measure_id: m.id.clone(),
        heading: m.heading.clone(),
        reason,
        out_of_scope: oos,
    };

    for m in db.measures.iter().filter(|m| m.importer == q.importer) {
        let Some(sm) = m.scope.matches(&q.hts) else {
            not_applied.push(na(
                m,
                format!("HTS {} outside scope ({})", q.hts, m.scope.describe()),
                true,
            ));
            continue;
        };
        if q.date < m.from {
            not_applied.push(na(
                m,
                format!("not yet in force on {} (from {})", q.date, m.from),
                false,
            ));
            continue;
        }
        if let Some(to) = m.to
            && q.date > to
        {
            not_applied.push(na(
                m,
                format!("no longer in force on {} (last day {to})", q.date),
                false,
            ));
            continue;
        }
        if !m.origin.is_empty() && !m.origin.contains(&q.origin) {
            not_applied.push(na(
                m,
                format!(
                    "origin {} not covered (covers {})",
                    q.origin,
                    short_list(&m.origin)
                ),
                false,
            ));
            continue;
        }
        if m.origin_not.contains(&q.origin) {
            not_applied.push(na(m, format!("origin {} is excluded", q.origin), false));
            continue;
        }
        let mut assumptions = Vec::new();
        match sm {
            ScopeMatch::Inside => {}
            ScopeMatch::Ex(s) | ScopeMatch::LessSpecific(s) => assumptions.push(s),
        }
        let mut failed = None;
        for c in &m.when {
            let (holds, assumption) = cond_holds(c, &q.facts);
            if let Some(a) = assumption {
                assumptions.push(a);
                push_hint(&mut hints, cond_hint(c));
            }
            if !holds {
                failed = Some(format!("requires that {}", c.describe()));
                break;
            }
        }
        if failed.is_none() {
            for c in &m.unless {
                let (holds, assumption) = cond_holds(c, &q.facts);
                if let Some(a) = assumption {
                    assumptions.push(a);
                    push_hint(&mut hints, cond_hint(c));
                }
                if holds {
                    failed = Some(format!("does not apply when {}", c.describe()));
                    break;
                }
            }
        }
        if let Some(reason) = failed {
            // An assumption that made a measure fail is still an assumption
            // the result rests on.
            for a in assumptions {
                push_unique(&mut global_assumptions, a);
            }
            not_applied.push(na(m, reason, false));
            continue;
        }
        if m.status == Status::Unconfirmed && !q.include_unconfirmed {
            not_applied.push(na(
                m,
                "UNCONFIRMED measure: off by default (use --include-unconfirmed to include it)"
                    .into(),
                false,
            ));
            continue;
        }
        cands.push(Candidate { m, assumptions });
    }

    // A user-asserted column-1 rate replaces the data's.
    if q.column1_rate.is_some() {
        cands.retain(|c| {
            if c.m.layer == LayerKind::Column1 {
                not_applied.push(na(
                    c.m,
                    "replaced by the user-asserted column-1 rate".into(),
                    false,
                ));
                false
            } else {
                true
            }
        });
    }

    // 2. Replacement.
    let mut removed = vec![false; cands.len()];
    for (i, a) in cands.iter().enumerate() {
        for (j, b) in cands.iter().enumerate() {
            if i != j && a.m.replaces.iter().any(|p| id_matches(p, &b.m.id)) {
                removed[j] = true;
                not_applied.push(na(
                    b.m,
                    format!("replaced by {} ({})", a.m.id, heading_or_name(a.m)),
                    false,
                ));
            }
        }
    }
    let mut applied: Vec<Candidate> = cands
        .into_iter()
        .zip(removed)
        .filter_map(|(c, r)| (!r).then_some(c))
        .collect();

    // 3. Exclusion rules.
    let rules: Vec<_> = db.rules.iter().filter(|r| r.in_force(q.date)).collect();
    let mut rule_notes = Vec::new();
    let mut flagged: Vec<String> = Vec::new();
    for r in rules.iter().filter(|r| r.kind == StackKind::Excludes) {
        let winner = applied
            .iter()
            .find(|c| r.winner.iter().any(|p| id_matches(p, &c.m.id)))
            .map(|c| c.m.id.clone());
        if let Some(w) = winner {
            applied.retain(|c| {
                let lose = r.loser.iter().any(|p| id_matches(p, &c.m.id));
                if lose {
                    not_applied.push(na(
                        c.m,
                        format!(
                            "excluded by {w} under stacking rule {} ({})",
                            r.id, r.citation
                        ),
                        false,
                    ));
                    if r.confidence == Confidence::Unconfirmed {
                        let w = format!(
                            "stacking rule {} is UNCONFIRMED ({}): {}",
                            r.id,
                            r.citation,
                            r.note.as_deref().unwrap_or("verify")
                        );
                        if !flagged.contains(&w) {
                            flagged.push(w);
                        }
                    }
                    rule_notes.push(
                        Explanation::new(
                            format!("stacking rule {}", r.id),
                            format!("{} not applied", c.m.id),
                        )
                        .rule(format!(
                            "goods subject to {} are not subject to {}",
                            r.winner.join(", "),
                            r.loser.join(", ")
                        ))
                        .citation(r.citation.clone()),
                    );
                }
                !lose
            });
        }
    }

    // A preference needs the line's special column to list it.
    if let code::Column1::Schedule(rated, _) = &column1
        && rated.usmca().is_none()
    {
        applied.retain(|c| {
            let keep = c.m.layer != LayerKind::Preference;
            if !keep {
                not_applied.push(na(
                    c.m,
                    format!(
                        "the special-rate column of {} lists no USMCA indicator (S/S+)",
                        rated.code()
                    ),
                    false,
                ));
            }
            keep
        });
    }

    // 4. Layers.
    let value = q.value;
    let mut layers: Vec<Layer> = Vec::new();
    let mut warnings: Vec<String> = code_warning.into_iter().chain(flagged).collect();
    let mut column1_rate: Option<Decimal> = None;

    if let Some(rate) = q.column1_rate {
        let amount = round_cents(pct_of(value, rate));
        column1_rate = Some(rate);
        layers.push(Layer {
            measure_id: "user.column1".into(),
            name: "Column-1 rate asserted by the user".into(),
            heading: Some(q.hts.to_string()),
            citation: format!(
                "user-asserted rate for {} (check the importer's tariff schedule)",
                q.hts
            ),
            confidence: Confidence::Unconfirmed,
            unconfirmed: false,
            kind: LayerKind::Column1,
            base_kind: "customs value".into(),
            base: value,
            rate,
            amount,
            note: None,
            assumptions: vec![],
            explanation: Explanation::new("column 1 (user-asserted)", fmt_money(amount))
                .rule("column-1 rate given with --mfn-rate")
                .base(fmt_money(value))
                .arithmetic(format!(
                    "{}% × {} = {}",
                    fmt_pct(rate),
                    fmt_money(value),
                    fmt_money(amount)
                )),
        });
    }
    let has_col1 = |l: &[Layer]| {
        l.iter()
            .any(|x| matches!(x.kind, LayerKind::Column1 | LayerKind::Preference))
    };
    for c in applied
        .iter()
        .filter(|c| matches!(c.m.layer, LayerKind::Column1 | LayerKind::Preference))
    {
        let layer = simple_layer(c, value, q, &mut column1_rate);
        layers.push(layer);
    }
    if let code::Column1::Schedule(rated, note) = &column1 {
        if let Some(p) = layers
            .iter()
            .find(|l| l.kind == LayerKind::Preference)
            .map(|l| l.measure_id.clone())
        {
            not_applied.push(NotApplied {
                measure_id: schedule_id(rated),
                heading: Some(format!("HTSUS {} col. 1", rated.rate_line_code())),
                reason: format!("column 1 {} replaced by {p}", rated.general()),
                out_of_scope: false,
            });
        } else {
            let (layer, rate) = schedule_layer(rated, note.as_deref(), q)?;
            column1_rate = Some(rate);
            layers.push(layer);
        }
    }
    if !has_col1(&layers) {
        push_hint(
            &mut hints,
            Hint::missing(
                Fact::Column1Rate,
                "the importer's column-1 rate for the code, percent",
            ),
        );
        warnings.push(format!(
            "no column-1 (MFN/general) rate for {} into {} in autopact's law data: it is NOT included in the total; pass --mfn-rate PCT from the tariff schedule",
            q.hts, q.importer
        ));
    }
    let c1 = column1_rate.unwrap_or(Decimal::ZERO);

    // Applies-first: which measures lose part of their base.
    let first_rules: Vec<_> = rules
        .iter()
        .filter(|r| r.kind == StackKind::AppliesFirst)
        .collect();
    let is_loser = |id: &str| {
        first_rules
            .iter()
            .any(|r| r.loser.iter().any(|p| id_matches(p, id)))
    };
    let additional: Vec<&Candidate> = applied
        .iter()
        .filter(|c| c.m.layer == LayerKind::Additional)
        .collect();
    // Winners first.
    for c in additional.iter().filter(|c| !is_loser(&c.m.id)) {
        layers.push(additional_layer(
            c,
            q,
            c1,
            column1_rate.is_some(),
            Decimal::ZERO,
            None,
            &mut hints,
        )?);
    }
    for c in additional.iter().filter(|c| is_loser(&c.m.id)) {
        let mut taken = Decimal::ZERO;
        let mut why = Vec::new();
        for r in &first_rules {
            if !r.loser.iter().any(|p| id_matches(p, &c.m.id)) {
                continue;
            }
            for l in layers
                .iter()
                .filter(|l| r.winner.iter().any(|p| id_matches(p, &l.measure_id)))
            {
                taken += l.base;
                why.push(format!(
                    "{} ({}) on {}",
                    l.measure_id,
                    r.id,
                    fmt_money(l.base)
                ));
            }
        }
        let taken = taken.min(value);
        let note = (!why.is_empty()).then(|| {
            format!(
                "base reduced by the content that bore {} first",
                why.join("; ")
            )
        });
        layers.push(additional_layer(
            c,
            q,
            c1,
            column1_rate.is_some(),
            taken,
            note,
            &mut hints,
        )?);
    }
    for c in applied.iter().filter(|c| c.m.layer == LayerKind::Relief) {
        let Rate::Remission { of } = &c.m.rate else {
            continue;
        };
        let Some(target) = layers.iter().find(|l| id_matches(of, &l.measure_id)) else {
            not_applied.push(na(
                c.m,
                format!("nothing to remit: {of} does not apply"),
                false,
            ));
            continue;
        };
        let amount = -target.amount;
        let e = Explanation::new(
            format!("{} ({})", c.m.name, heading_or_name(c.m)),
            fmt_money(amount),
        )
        .rule(format!("remits the surtax of {of}"))
        .citation(c.m.citation.clone())
        .base(fmt_money(target.amount))
        .arithmetic(format!(
            "−{} = {}",
            fmt_money(target.amount),
            fmt_money(amount)
        ));
        layers.push(Layer {
            measure_id: c.m.id.clone(),
            name: c.m.name.clone(),
            heading: c.m.heading.clone(),
            citation: c.m.citation.clone(),
            confidence: c.m.confidence,
            unconfirmed: c.m.status == Status::Unconfirmed,
            kind: LayerKind::Relief,
            base_kind: format!("surtax of {of}"),
            base: target.amount,
            rate: Decimal::ONE_HUNDRED,
            amount,
            note: c.m.note.clone(),
            assumptions: c.assumptions.clone(),
            explanation: e,
        });
    }

    let total: Decimal = layers.iter().map(|l| l.amount).sum();
    let effective_rate = if value.is_zero() {
        Decimal::ZERO
    } else {
        crate::money::round_dp(total / value * Decimal::ONE_HUNDRED, 4)
    };
    let mut assumptions = global_assumptions;
    for l in &layers {
        for a in &l.assumptions {
            push_unique(&mut assumptions, a.clone());
        }
    }
    let unconfirmed_used: Vec<String> = layers
        .iter()
        .filter(|l| l.unconfirmed)
        .map(|l| l.measure_id.clone())
        .collect();
    for l in &layers {
        if matches!(l.confidence, Confidence::ThirdPartyEngine) {
            push_unique(
                &mut warnings,
                format!(
                    "{} rests on third-party tariff-engine documentation only (confidence THIRD-PARTY-ENGINE): verify",
                    l.measure_id
                ),
            );
        }
    }
    let user_measures_used: Vec<String> = layers
        .iter()
        .filter(|l| db.measure(&l.measure_id).is_some_and(|m| m.user_supplied))
        .map(|l| l.measure_id.clone())
        .collect();
    if !user_measures_used.is_empty() {
        warnings.push(format!(
            "user-supplied measures used: {}",
            user_measures_used.join(", ")
        ));
    }
    if !unconfirmed_used.is_empty() {
        warnings.push(format!(
            "UNCONFIRMED measures used: {}",
            unconfirmed_used.join(", ")
        ));
    }

    let mut root = Explanation::new(
        format!(
            "duty on {} from {} into {} entered {}",
            q.hts, q.origin, q.importer, q.date
        ),
        format!("{} {}", fmt_money(total), currency_of(&q.importer)),
    )
    .rule("sum of the applicable layers, each rounded to the cent (half away from zero)")
    .citation(format!(
        "autopact law data as of {} ({})",
        db.as_of, db.source
    ))
    .input("customs value", fmt_money(value))
    .input("origin", q.origin.clone())
    .input("entry date", q.date.to_string());
    for (k, v) in fact_inputs(&q.facts) {
        root = root.input(k, v);
    }
    root = root.arithmetic(
        layers
            .iter()
            .map(|l| fmt_money(l.amount))
            .collect::<Vec<_>>()
            .join(" + ")
            + &format!(" = {}", fmt_money(total)),
    );
    for l in &layers {
        root.children.push(l.explanation.clone());
    }
    root.children.extend(rule_notes);

    Ok(DutyStack {
        law_as_of: db.as_of,
        currency: currency_of(&q.importer).into(),
        layers,
        total,
        effective_rate,
        not_applied,
        assumptions,
        warnings,
        unconfirmed_used,
        hints,
        user_measures_used,
        explanation: root,
    })
}

#[cfg(test)]
mod tests;
