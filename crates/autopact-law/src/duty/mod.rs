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
//!
//! Steps 1 to 4 live in `candidates.rs`, `select.rs` (2 and 3) and
//! `bases.rs`; `layers.rs` prices one measure on its base. The same code
//! runs in two modes: [`duty_stack`] records every decision and builds the
//! explanation; [`duty_amounts`] (bulk use: every line of a month of trade)
//! builds no text at all and returns the same layers' amounts and total.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

mod bases;
mod candidates;
mod code;
mod layers;
mod select;
mod validate;

use layers::*;
use validate::validate;

use crate::db::LawDb;
use crate::explain::Explanation;
use crate::hint::{Fact, Hint};
use crate::hts::{HsCode, ScopeMatch};
use crate::measure::{
    Cond, Confidence, ContentBase, Country, LayerKind, Measure, Rate, StackKind, StackRule, Status,
    id_matches,
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
    /// Age of the vehicle in years (B7: vehicles 25 years old or older).
    pub vehicle_age_years: Option<u32>,
    /// Date the good was loaded for export (in-transit rules).
    pub loaded_on: Option<NaiveDate>,
    /// Lists the caller states the good is on, for measures whose lists
    /// the law data cannot itemize (`us232-auto-parts-inclusion`,
    /// `ca-surtax-2025-1`, `ca-surtax-2025-95-other`), or whose scope turns
    /// on what the good is rather than its code (`us232-vehicle-part`: a
    /// good of 8471 that is a vehicle part; `us-ieepa-ca-energy`: energy or
    /// a critical mineral of 9903.01.13 off CBP's list;
    /// `us232-wood-9903.76.04`: a good of the cabinet lines that is not a
    /// wooden kitchen cabinet or vanity).
    pub listed: Vec<String>,
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
    /// A country of the query (the origin, where the metal was melted or
    /// smelted) is not an ISO 3166 alpha-2 country code.
    #[error("{what} {code:?} is not a country: give an ISO 3166 alpha-2 country code (e.g. JP){}", crate::country::advice(code, *what == "origin"))]
    UnknownCountry {
        /// What the code was given as (`origin`, …).
        what: &'static str,
        /// The code given.
        code: String,
    },
    /// A list the good is stated to be on is not one the importer's
    /// measures name (a typo would otherwise change nothing).
    #[error("{name:?} is not a list the {importer} law data know; the known lists are: {}", if known.is_empty() { "none".to_string() } else { known.join(", ") })]
    UnknownList {
        /// The name given.
        name: String,
        /// Importing country.
        importer: Country,
        /// The names the importer's measures use.
        known: Vec<String>,
    },
    /// A value is negative, zero, or larger than the whole.
    #[error("{0}")]
    BadValue(String),
    /// The code is not a line of the importer's schedule (U.S.), or its
    /// heading or subheading is not one of the Harmonized System's, which
    /// the Canadian and Mexican tariffs share to six digits.
    #[error("{code} is not {}: {}", unknown_code_what(importer), if nearest.is_empty() { "none under the same heading".to_string() } else { nearest.join(", ") })]
    UnknownCode {
        /// The code given.
        code: HsCode,
        /// Importing country.
        importer: Country,
        /// The nearest valid codes (HS subheadings for Canada and Mexico).
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
    /// A duty falls on a metal content that is not stated.
    #[error(
        "{measure} ({heading}) applies to {code}: its duty falls on the {content} content, which is not stated; state the value of the {content} content (it and the other metal contents together cannot exceed the customs value)"
    )]
    NeedsContent {
        /// The measure.
        measure: String,
        /// Its chapter 99 heading.
        heading: String,
        /// The code.
        code: HsCode,
        /// `steel`, `aluminum` or `copper`.
        content: &'static str,
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
            DutyError::NeedsContent { content, .. } => Hint::missing(
                match *content {
                    "steel" => Fact::SteelContent,
                    "aluminum" => Fact::AluminumContent,
                    _ => Fact::CopperContent,
                },
                format!("the value of the {content} content"),
            ),
            DutyError::UnknownList { .. } => {
                Hint::needs_option(Fact::Listed, "name one of the known lists, as written")
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

/// What a code unknown to the importer's tariff is not, and what its
/// nearest codes are.
fn unknown_code_what(importer: &str) -> String {
    match importer {
        "US" => "a line of the US tariff schedule (HTSUS 2025 Basic Edition); nearest lines".into(),
        _ => format!(
            "a heading or subheading of the Harmonized System, which the {} tariff shares to six digits (checked against the HTSUS 2025 Basic Edition); nearest subheadings",
            country_adj(importer)
        ),
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

/// A measure that passed step 1 (in force, in scope, origin and facts),
/// with the assumptions its match rests on.
struct Candidate<'a> {
    m: &'a Measure,
    assumptions: Vec<String>,
}

/// What the stacking records besides the amounts: the measures not
/// applied and why, hints, assumptions, warnings and the stacking rules'
/// notes. With `explain` off (bulk use, [`duty_amounts`]) nothing is
/// recorded and no text is built; the amounts are computed by the same
/// code either way.
struct Record {
    explain: bool,
    /// Every measure of the law is known to hold the code (the caller
    /// restricted it so): the scope test is skipped.
    prescoped: bool,
    not_applied: Vec<NotApplied>,
    hints: Vec<Hint>,
    assumptions: Vec<String>,
    warnings: Vec<String>,
    rule_notes: Vec<Explanation>,
}

impl Record {
    fn new(explain: bool) -> Self {
        Record {
            explain,
            prescoped: false,
            not_applied: Vec::new(),
            hints: Vec::new(),
            assumptions: Vec::new(),
            warnings: Vec::new(),
            rule_notes: Vec::new(),
        }
    }

    /// Records a measure not applied (the reason is built only when
    /// explaining).
    fn skip(&mut self, m: &Measure, reason: impl FnOnce() -> String, out_of_scope: bool) {
        if self.explain {
            self.not_applied.push(NotApplied {
                measure_id: m.id.clone(),
                heading: m.heading.clone(),
                reason: reason(),
                out_of_scope,
            });
        }
    }

    /// A hint, once per fact.
    fn hint(&mut self, h: impl FnOnce() -> Hint) {
        if self.explain {
            push_hint(&mut self.hints, h());
        }
    }

    /// A hint, even when the fact was hinted before.
    fn hint_always(&mut self, h: Hint) {
        if self.explain {
            self.hints.push(h);
        }
    }
}

impl Layer {
    /// A layer with its amount and nothing else (bulk use).
    fn bare(
        measure_id: String,
        kind: LayerKind,
        base: Decimal,
        rate: Decimal,
        amount: Decimal,
    ) -> Self {
        Layer {
            measure_id,
            name: String::new(),
            heading: None,
            citation: String::new(),
            confidence: Confidence::OfficialText,
            unconfirmed: false,
            kind,
            base_kind: String::new(),
            base,
            rate,
            amount,
            note: None,
            assumptions: Vec::new(),
            explanation: Explanation::default(),
        }
    }

    fn marked(mut self, unconfirmed: bool) -> Self {
        self.unconfirmed = unconfirmed;
        self
    }
}

/// The layers of one entry, and whether column 1 is missing from them:
/// steps 1–4 of the module documentation.
fn stack_layers(
    db: &LawDb,
    q: &DutyQuery,
    rec: &mut Record,
) -> Result<(Vec<Layer>, bool), DutyError> {
    validate(db, q)?;
    let column1 = code::check_code(db, q, Schedule::builtin())?;
    if let code::Column1::User(Some(w)) = &column1
        && rec.explain
    {
        rec.warnings.push(w.clone());
    }
    let cands = candidates::candidates(db, q, rec);
    let rules: Vec<&StackRule> = db.rules.iter().filter(|r| r.in_force(q.date)).collect();
    let applied = select::select(cands, &rules, &column1, q, rec);
    bases::layers(&applied, &rules, &column1, q, rec)
}

/// Computes the duty stack for one entry, with its explanation.
pub fn duty_stack(db: &LawDb, q: &DutyQuery) -> Result<DutyStack, DutyError> {
    let mut rec = Record::new(true);
    let (layers, _) = stack_layers(db, q, &mut rec)?;
    let value = q.value;
    let total: Decimal = layers.iter().map(|l| l.amount).sum();
    let effective_rate = effective_rate(total, value);
    let Record {
        not_applied,
        hints,
        assumptions: global_assumptions,
        mut warnings,
        rule_notes,
        ..
    } = rec;
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

/// Total as a percent of the value, to 4 decimal places (0 for a zero value).
fn effective_rate(total: Decimal, value: Decimal) -> Decimal {
    if value.is_zero() {
        Decimal::ZERO
    } else {
        crate::money::round_dp(total / value * Decimal::ONE_HUNDRED, 4)
    }
}

/// One layer's amount, as [`duty_amounts`] gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LayerAmount {
    /// Measure id (as in [`Layer::measure_id`]).
    pub measure_id: String,
    /// Place in the stack.
    pub kind: LayerKind,
    /// Amount, rounded to the cent.
    pub amount: Decimal,
    /// True when the measure is unconfirmed (used only on request).
    pub unconfirmed: bool,
}

/// The amounts of a duty stack without its explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DutyAmounts {
    /// Applied layers, in the order of [`DutyStack::layers`].
    pub layers: Vec<LayerAmount>,
    /// Sum of the layers (equal to [`DutyStack::total`]).
    pub total: Decimal,
    /// Total as a percent of the value (equal to [`DutyStack::effective_rate`]).
    pub effective_rate: Decimal,
    /// No column-1 rate is in the total (the full stack warns about it).
    pub column1_missing: bool,
    /// An unconfirmed measure is in the total.
    pub unconfirmed_used: bool,
}

/// The duty stack's amounts for one entry, for bulk use (every line of a
/// month of trade): the same layers, amounts and total as [`duty_stack`],
/// computed by the same code, without the explanation tree, the records of
/// measures not applied, assumptions, hints or any other text. A query
/// [`duty_stack`] refuses is refused with the same error.
pub fn duty_amounts(db: &LawDb, q: &DutyQuery) -> Result<DutyAmounts, DutyError> {
    amounts(db, q, Record::new(false))
}

/// [`duty_amounts`] on a law whose every measure is known to hold the
/// query's code (a caller that matched the scopes once for many entries
/// of the same code, as the tariff wedges do): the scope test is skipped.
/// The caller's promise is checked in debug builds.
pub fn duty_amounts_in_scope(db: &LawDb, q: &DutyQuery) -> Result<DutyAmounts, DutyError> {
    debug_assert!(
        db.measures
            .iter()
            .filter(|m| m.importer == q.importer)
            .all(|m| m.scope.contains(&q.hts)),
        "a measure does not hold {}",
        q.hts
    );
    let mut rec = Record::new(false);
    rec.prescoped = true;
    amounts(db, q, rec)
}

fn amounts(db: &LawDb, q: &DutyQuery, mut rec: Record) -> Result<DutyAmounts, DutyError> {
    let (layers, column1_missing) = stack_layers(db, q, &mut rec)?;
    let total: Decimal = layers.iter().map(|l| l.amount).sum();
    Ok(DutyAmounts {
        effective_rate: effective_rate(total, q.value),
        total,
        column1_missing,
        unconfirmed_used: layers.iter().any(|l| l.unconfirmed),
        layers: layers
            .into_iter()
            .map(|l| LayerAmount {
                measure_id: l.measure_id,
                kind: l.kind,
                amount: l.amount,
                unconfirmed: l.unconfirmed,
            })
            .collect(),
    })
}

#[cfg(test)]
mod audit2_tests;
#[cfg(test)]
mod gap_tests;
#[cfg(test)]
mod metals_tests;
#[cfg(test)]
mod tests;
