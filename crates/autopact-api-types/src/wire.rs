//! The JSON documents of `duty` (`autopact.duty/v1`) and `roo`
//! (`autopact.roo/v1`): the CLI's `--format json` and the API's responses
//! are these structs, so they cannot drift. Documented in
//! `docs/schemas/duty.md` and `docs/schemas/roo.md`.

use autopact_law::duty::{DutyQuery, DutyStack, GoodFacts};
use autopact_law::hint::{Fact, Hint};
use autopact_law::money::{fmt_money, fmt_pct};
use autopact_law::roo::{RooResult, TestResult, requirement_passed};
use serde::Serialize;

use crate::schema;

/// The command-line option that supplies a fact, if there is one.
pub fn option_for(fact: Fact) -> Option<&'static str> {
    Some(match fact {
        Fact::Quantity => "--quantity QTY",
        Fact::Column1Rate => "--mfn-rate PCT",
        Fact::TariffLine => "--hts with a full tariff line (or --mfn-rate PCT)",
        Fact::UsmcaClaim => "--usmca-qualifying",
        Fact::UsContent => "--us-content AMOUNT",
        Fact::CaMxContent => "--ca-mx-content AMOUNT",
        Fact::SteelContent => "--steel-content AMOUNT",
        Fact::AluminumContent => "--aluminum-content AMOUNT",
        Fact::CopperContent => "--copper-content AMOUNT",
        Fact::MeltPour => "--melt-pour COUNTRY",
        Fact::SmeltCast => "--smelt-cast COUNTRY",
        Fact::QuotaStatus => "--quota in|out",
        Fact::MetalWeight => "--metal-weight-share PCT",
        Fact::VehicleManufacturing => "--vehicle-manufacturing",
        Fact::VehicleAge => "--vehicle-age YEARS",
        Fact::LoadedDate => "--loaded DATE",
        Fact::Listed => "--listed LIST",
        Fact::Unconfirmed => "--include-unconfirmed",
        Fact::BeyondAsOf => "--beyond-as-of",
        _ => return None,
    })
}

/// Wire format of one layer.
/// One layer of the duty stack.
#[derive(Serialize)]
pub struct WireLayer<'a> {
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

/// A measure considered and not applied, with why.
#[derive(Serialize)]
pub struct WireNotApplied<'a> {
    measure_id: &'a str,
    heading: Option<&'a str>,
    reason: &'a str,
}

/// The `autopact.duty/v1` document.
#[derive(Serialize)]
pub struct WireDuty<'a> {
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

/// A missing fact or option the result depends on.
#[derive(Serialize)]
pub struct WireHint<'a> {
    kind: autopact_law::HintKind,
    fact: &'static str,
    message: &'a str,
    option: Option<&'static str>,
}

/// The entry, as the engine read it.
#[derive(Serialize)]
pub struct WireQuery<'a> {
    importer: &'a str,
    date: String,
    hts: String,
    origin: &'a str,
    value: String,
    facts: &'a GoodFacts,
}

/// The `autopact.duty/v1` document of a query and its stack.
pub fn duty<'a>(q: &'a DutyQuery, s: &'a DutyStack) -> WireDuty<'a> {
    WireDuty {
        schema: schema::DUTY,
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
                option: option_for(h.fact),
            })
            .collect(),
        explanation: &s.explanation,
    }
}

/// One test of the rules of origin.
#[derive(Serialize)]
pub struct WireTest<'a> {
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

/// A component whose change would flip the result.
#[derive(Serialize)]
pub struct WireFlip<'a> {
    part_id: &'a str,
    description: &'a str,
    test: &'a str,
    value: String,
    effect: &'a str,
}

/// One BOM component and its originating status.
#[derive(Serialize)]
pub struct WireComponent<'a> {
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

/// The `autopact.roo/v1` document.
#[derive(Serialize)]
pub struct WireRoo<'a> {
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

/// The good determined.
#[derive(Serialize)]
pub struct WireGood<'a> {
    id: &'a str,
    description: &'a str,
    hs: Option<&'a str>,
    category: &'static str,
    category_reason: &'a str,
    illustrative: bool,
}

fn wire_test(t: &TestResult) -> WireTest<'_> {
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

/// The `autopact.roo/v1` document of a result (`illustrative` for the
/// reference vehicles).
pub fn roo(r: &RooResult, illustrative: bool) -> WireRoo<'_> {
    WireRoo {
        schema: schema::ROO,
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
pub fn failing(r: &RooResult) -> impl Iterator<Item = &TestResult> {
    r.tests
        .iter()
        .filter(|t| t.passed == Some(false) && requirement_passed(&r.tests, &t.name) == Some(false))
}
