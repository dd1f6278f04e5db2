//! USMCA/CUSMA rules of origin for vehicles and parts, from a multi-level
//! bill of materials or a cost sheet.
//!
//! Tests, each reported with its value, threshold and gap:
//!
//! * **Tariff shift** — vehicles: every non-originating material must be
//!   classified outside the good's heading (SOR/2020-155 s.13); materials
//!   failing it within the 10% de minimis (s.5) are tolerated. Parts: the
//!   Schedule 1 tariff-shift alternative is not in autopact's data; it is
//!   used only when the user asserts it.
//! * **RVC** — `RVC = (NC − VNM) ÷ NC × 100` (net cost) or
//!   `RVC = (TV − VNM) ÷ TV × 100` (transaction value less international
//!   shipping), where the category allows it; threshold by category and
//!   date. If all VNM ≤ 10% of TV (or of net cost when no TV is given),
//!   the RVC need not be met (de minimis, s.5(4)).
//! * **Core parts (Table A.2)** — PV/LT only: each column-1 part must be
//!   originating, by certification or by its own RVC (VNM of all its
//!   materials, or only of its non-originating column-2 components),
//!   or all column-1 parts together as one "super-core" part.
//! * **LVC** — `((HWLC + HWM) ÷ NC × 100) + HWTC + HWAC`, with the
//!   high-wage material-and-manufacturing part checked separately.
//! * **Steel and aluminum purchases** — ≥ 70% originating, each.
//!
//! Roll-up: a line declared originating counts 100% originating and its
//! inputs are ignored (s.14(1)); a self-produced sub-assembly designated
//! as an intermediate material counts as originating if it meets its own
//! RVC; if not designated its inputs flow into the parent (s.8, Example 3).
//! Accumulation: a supplier's statement of the VNM in a material
//! (`vnm_declared`) replaces the material's full value in the VNM.
//! Unknown origin is treated as non-originating and said so.

pub mod bom;
mod checks;
pub mod cost;
mod pass;
pub mod rules;
pub mod sheet;

use std::borrow::Cow;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

pub use bom::{Bom, BomLine, Children, Declared, Metal, ShiftRule};
pub use cost::{Costs, ExcludedCosts, LvcInput, MetalPurchases};
pub use rules::{Categorized, Category, RooRules};
pub use sheet::CostSheet;

use crate::LawDb;
use crate::explain::Explanation;
use crate::hint::{Fact, Hint};
use crate::hts::HsCode;
use crate::money::fmt_money;
use checks::{BomFacts, Subject};
use pass::{CoreClasses, St};

const HUNDRED: Decimal = Decimal::ONE_HUNDRED;

/// What to qualify.
#[derive(Debug, Clone, Copy)]
pub enum Good<'a> {
    /// A validated bill of materials (its root is the good).
    Bom(&'a Bom),
    /// A cost sheet.
    CostSheet(&'a CostSheet),
}

/// A qualification request.
#[derive(Debug, Clone)]
pub struct RooRequest<'a> {
    /// The good.
    pub good: Good<'a>,
    /// Date of the determination (thresholds by date).
    pub date: NaiveDate,
    /// Category override.
    pub category: Option<Category>,
    /// RVC threshold for goods outside the automotive tables.
    pub rvc_threshold: Option<Decimal>,
    /// LVC inputs (vehicles), overriding what the BOM implies.
    pub lvc: Option<LvcInput>,
    /// Steel/aluminum purchases (vehicles), overriding the BOM lines.
    pub metals: Option<MetalPurchases>,
    /// Allow dates after the law data's as-of date.
    pub beyond_as_of: bool,
    /// Build the per-component table ([`RooResult::components`], BOM
    /// input only). On by default; turning it off leaves the rest of the
    /// result unchanged and saves copying every line's text, for callers
    /// that do not show the table.
    pub component_table: bool,
}

impl<'a> RooRequest<'a> {
    /// A request with defaults.
    pub fn new(good: Good<'a>, date: NaiveDate) -> Self {
        Self {
            good,
            date,
            category: None,
            rvc_threshold: None,
            lvc: None,
            metals: None,
            beyond_as_of: false,
            component_table: true,
        }
    }
}

/// Why a request cannot be answered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RooError {
    /// Date outside the law data ([`RooError::hint`]: [`Fact::BeyondAsOf`]).
    #[error(
        "date {date} is outside the rules-of-origin data ({from} to {as_of}); a later date can be answered with the law as known on {as_of}"
    )]
    DateOutsideData {
        /// Date.
        date: NaiveDate,
        /// First date.
        from: NaiveDate,
        /// As-of date.
        as_of: NaiveDate,
    },
    /// Bad input.
    #[error("{0}")]
    BadInput(String),
    /// The input leaves a choice only the caller can make.
    #[error("{}", .0.message)]
    Needs(Hint),
}

impl RooError {
    /// What the caller could supply, as a structured id.
    pub fn hint(&self) -> Option<Hint> {
        match self {
            RooError::DateOutsideData { date, as_of, .. } if date > as_of => {
                Some(Hint::needs_option(
                    Fact::BeyondAsOf,
                    format!("allow a date after the law data's as-of date {as_of}"),
                ))
            }
            RooError::Needs(h) => Some(h.clone()),
            _ => None,
        }
    }
}

/// Overall outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Every required test passed.
    Originating,
    /// A required test failed.
    NotOriginating,
    /// No test failed, but a required test could not be evaluated.
    Incomplete,
}

/// One test.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TestResult {
    /// `tariff_shift`, `rvc`, `core_parts`, `lvc`, `lvc_high_wage`, `steel`, `aluminum`.
    pub name: String,
    /// Method (`net cost`, `transaction value`, `super-core`, …).
    pub method: String,
    /// Value reached (percent), when numeric.
    pub value: Option<Decimal>,
    /// Threshold (percent), when numeric.
    pub threshold: Option<Decimal>,
    /// Passed; `None` = not evaluated.
    pub passed: Option<bool>,
    /// Gap to qualify in the test's unit (percentage points), when failed.
    pub gap: Option<Decimal>,
    /// Gap in money and what closes it.
    pub gap_text: Option<String>,
    /// Legal citation.
    pub citation: String,
    /// Details.
    pub detail: String,
}

/// A component whose change would flip a test.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Flip {
    /// Part id.
    pub part_id: String,
    /// Description.
    pub description: String,
    /// Test affected.
    pub test: String,
    /// Value at stake.
    pub value: Decimal,
    /// What would happen.
    pub effect: String,
}

/// One line of the per-component table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ComponentRow {
    /// Part id.
    pub part_id: String,
    /// Parent id.
    pub parent_id: Option<String>,
    /// Depth (finished good = 0).
    pub level: u32,
    /// Description.
    pub description: String,
    /// Tariff code.
    pub hs: Option<String>,
    /// Origin country.
    pub origin: Option<String>,
    /// Extended value (unit value × qty).
    pub value: Decimal,
    /// Status: `finished-good`, `originating`, `non-originating`,
    /// `rolled-up`, `flattened`, `qualified-intermediate`.
    pub status: &'static str,
    /// Contribution to the parent's VNM.
    pub vnm: Decimal,
    /// Why (most reasons are fixed texts, shared rather than copied).
    pub reason: Cow<'static, str>,
    /// Table A.2 class, if a column-1 part.
    pub core_class: Option<String>,
}

/// The answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RooResult {
    /// Good id.
    pub good_id: String,
    /// Description.
    pub description: String,
    /// Tariff code.
    pub hs: Option<String>,
    /// Category used.
    pub category: Category,
    /// Why that category.
    pub category_reason: String,
    /// Date of the determination.
    pub date: NaiveDate,
    /// Law data as-of date.
    pub law_as_of: NaiveDate,
    /// Originating (every required test passed).
    pub originating: bool,
    /// Outcome.
    pub outcome: Outcome,
    /// Net cost of the good.
    pub net_cost: Decimal,
    /// Value of non-originating materials.
    pub vnm: Decimal,
    /// Tests.
    pub tests: Vec<TestResult>,
    /// Components that would flip a result.
    pub flips: Vec<Flip>,
    /// Per-component table (BOM input only).
    pub components: Vec<ComponentRow>,
    /// Assumptions made.
    pub assumptions: Vec<String>,
    /// Warnings.
    pub warnings: Vec<String>,
    /// What the caller could supply to firm up the answer (structured ids,
    /// no interface's option names).
    pub hints: Vec<Hint>,
    /// Explanation tree.
    pub explanation: Explanation,
}

/// The error for arithmetic past the decimal range (about 7.9e28).
pub(crate) fn overflow(what: &str) -> RooError {
    RooError::BadInput(format!(
        "{what} is beyond the exact decimal range (about 7.9e28): check the amounts and quantities"
    ))
}

/// Qualifies a good: the request checked, the good identified and
/// classified, its net cost and VNM valued (from a cost sheet, or by the
/// BOM pass), the tests of its category run, and the outcome explained.
pub fn qualify(db: &LawDb, rules: &RooRules, req: &RooRequest) -> Result<RooResult, RooError> {
    check_request(db, req)?;
    let mut notes = Notes::default();
    let good = identify(req, rules, &mut notes)?;
    let valued = match req.good {
        Good::CostSheet(s) => value_cost_sheet(s)?,
        Good::Bom(b) => value_bom(b, req, rules, good.category, &mut notes)?,
    };
    if valued.nc <= Decimal::ZERO {
        return Err(RooError::BadInput(format!(
            "net cost must be positive, got {}",
            valued.nc
        )));
    }
    if valued.vnm > valued.nc {
        notes.warnings.push(format!(
            "VNM {} exceeds net cost {}: check the values",
            fmt_money(valued.vnm),
            fmt_money(valued.nc)
        ));
    }
    let Valued {
        nc,
        vnm,
        tv,
        deminimis_base,
        bom,
        components,
    } = valued;
    let subject = Subject {
        req,
        rules,
        category: good.category,
        hs: good.hs.as_ref(),
        nc,
        vnm,
        tv,
        deminimis_base,
        bom,
    };
    let mut flips = Vec::new();
    let tests = run_tests(&subject, &mut notes, &mut flips)?;
    let outcome = outcome_of(&tests);
    if outcome == Outcome::Incomplete {
        notes.warnings.push(
            "some required tests could not be evaluated: the good is not shown to be originating"
                .into(),
        );
    }
    let explanation = explain(
        &good.id,
        req.date,
        db.as_of,
        good.category,
        &good.category_reason,
        nc,
        vnm,
        &tests,
        outcome,
    );
    Ok(RooResult {
        good_id: good.id,
        description: good.description,
        hs: good.hs.map(|h| h.to_string()),
        category: good.category,
        category_reason: good.category_reason,
        date: req.date,
        law_as_of: db.as_of,
        originating: outcome == Outcome::Originating,
        outcome,
        net_cost: nc,
        vnm,
        tests,
        flips,
        components,
        assumptions: notes.assumptions,
        warnings: notes.warnings,
        hints: notes.hints,
        explanation,
    })
}

/// What a determination says besides its tests, gathered on the way.
#[derive(Default)]
struct Notes {
    assumptions: Vec<String>,
    warnings: Vec<String>,
    hints: Vec<Hint>,
}

/// The good as identified: its id, words, tariff code and origin category.
struct Identified {
    id: String,
    description: String,
    hs: Option<HsCode>,
    category: Category,
    category_reason: String,
}

/// The good's values: net cost, VNM, transaction value, the de minimis
/// base, and for a BOM its facts and (on request) the component table.
struct Valued<'a> {
    nc: Decimal,
    vnm: Decimal,
    tv: Option<(Decimal, Decimal)>,
    deminimis_base: (Decimal, &'static str),
    bom: Option<BomFacts<'a>>,
    components: Vec<ComponentRow>,
}

/// The request's own checks: the date inside the law data, the RVC
/// threshold a percentage, the LVC and metals inputs consistent.
fn check_request(db: &LawDb, req: &RooRequest) -> Result<(), RooError> {
    if req.date < db.roo_from || (req.date > db.as_of && !req.beyond_as_of) {
        return Err(RooError::DateOutsideData {
            date: req.date,
            from: db.roo_from,
            as_of: db.as_of,
        });
    }
    if let Some(t) = req.rvc_threshold
        && (t <= Decimal::ZERO || t > HUNDRED)
    {
        return Err(RooError::BadInput(format!(
            "RVC threshold {t} is not a percentage in (0, 100]"
        )));
    }
    for (what, problems) in [
        (
            "labour value content inputs",
            req.lvc.as_ref().map(|l| l.problems()),
        ),
        (
            "steel and aluminum purchases",
            req.metals.as_ref().map(|m| m.problems()),
        ),
    ] {
        if let Some(p) = problems.filter(|p| !p.is_empty()) {
            return Err(RooError::BadInput(format!("{what}: {}", p.join("; "))));
        }
    }
    Ok(())
}

/// Identifies the good and its category: stated by the user (request or
/// cost sheet), else from its tariff code, else "other".
fn identify(req: &RooRequest, rules: &RooRules, notes: &mut Notes) -> Result<Identified, RooError> {
    let (id, description, hs_text, user_cat) = match req.good {
        Good::Bom(b) => {
            let r = &b.lines[b.root];
            (
                r.part_id.clone(),
                r.description.clone(),
                r.hs.as_ref().map(|h| h.to_string()),
                None,
            )
        }
        Good::CostSheet(s) => (
            s.good.id.clone(),
            s.good.description.clone(),
            s.good.hs.clone(),
            s.good.category.clone(),
        ),
    };
    let hs = match &hs_text {
        Some(t) => Some(HsCode::parse(t).map_err(|e| RooError::BadInput(e.to_string()))?),
        None => None,
    };
    let user_cat = match user_cat {
        Some(c) => Some(Category::parse(&c).ok_or_else(|| {
            let known: Vec<&str> = Category::ALL.iter().map(|k| k.as_str()).collect();
            RooError::BadInput(format!(
                "unknown category {c:?} (known: {})",
                known.join(", ")
            ))
        })?),
        None => None,
    };
    let (category, category_reason) = match (req.category.or(user_cat), &hs) {
        (Some(c), _) => (c, "category stated by the user".to_string()),
        (None, Some(h)) => {
            let c = rules
                .category_of(h, false)
                .map_err(|m| RooError::Needs(Hint::needs_option(Fact::OriginCategory, m)))?;
            if let Some(a) = c.assumption {
                notes
                    .hints
                    .push(Hint::needs_option(Fact::OriginCategory, a.clone()));
                notes.assumptions.push(a);
            }
            (c.category, c.reason)
        }
        (None, None) => (
            Category::Other,
            "no tariff code given: treated as a good outside the automotive tables".into(),
        ),
    };
    Ok(Identified {
        id,
        description,
        hs,
        category,
        category_reason,
    })
}

/// Values a cost sheet: its net cost, VNM and transaction value as stated.
fn value_cost_sheet(s: &CostSheet) -> Result<Valued<'static>, RooError> {
    let c = s.costs();
    if let Some(f) = c.negative_fields().first() {
        return Err(RooError::BadInput(format!(
            "cost sheet field {f} is negative"
        )));
    }
    for (what, problems) in [
        ("[lvc]", s.lvc.as_ref().map(|l| l.problems())),
        (
            "[steel_aluminum]",
            s.steel_aluminum.as_ref().map(|m| m.problems()),
        ),
    ] {
        if let Some(p) = problems.filter(|p| !p.is_empty()) {
            return Err(RooError::BadInput(format!(
                "cost sheet {what}: {}",
                p.join("; ")
            )));
        }
    }
    let nc = c
        .checked_net_cost()
        .ok_or_else(|| overflow("the cost sheet's net cost"))?;
    let total = c
        .checked_total_cost()
        .ok_or_else(|| overflow("the cost sheet's total cost"))?;
    let tv = c
        .transaction_value
        .map(|t| (t, c.international_shipping.unwrap_or_default()));
    let deminimis_base = match tv {
        Some((t, sh)) => (t - sh, "transaction value less international shipping"),
        None => (total, "total cost"),
    };
    Ok(Valued {
        nc,
        vnm: c.non_originating_materials,
        tv,
        deminimis_base,
        bom: None,
        components: Vec::new(),
    })
}

/// Values a BOM by the pass over its lines (origin status, roll-up, VNM),
/// with the Table A.2 classes where the tests (or the component table)
/// look.
fn value_bom<'a>(
    b: &'a Bom,
    req: &RooRequest,
    rules: &'a RooRules,
    category: Category,
    notes: &mut Notes,
) -> Result<Valued<'a>, RooError> {
    let for_ht = category == Category::HeavyTruck;
    let p = pass::bom_pass(
        b,
        rules,
        req.date,
        for_ht,
        &mut notes.assumptions,
        &mut notes.warnings,
    )?;
    let root = &b.lines[b.root];
    let nc = match root.net_cost {
        Some(n) => n,
        None => {
            notes.assumptions.push(format!(
                "finished good {} has no net_cost: its unit_value {} is used as net cost",
                root.part_id,
                fmt_money(root.unit_value)
            ));
            root.unit_value
        }
    };
    let vnm = p.vnm[b.root];
    let tv = root
        .transaction_value
        .map(|t| (t, root.intl_shipping.unwrap_or_default()));
    let deminimis_base = match tv {
        Some((t, sh)) => (t - sh, "transaction value less international shipping"),
        // A BOM states no total cost; net cost is at most total
        // cost, so a VNM within 10% of it is within 10% of total cost.
        None => (
            nc,
            "net cost (a lower bound of total cost, which a BOM does not state)",
        ),
    };
    let materials = pass::materials(b, &p.st, &p.vnm, b.root)?;
    // Table A.2 classes: of every line for the table, else only
    // where the core-parts test looks.
    let mut core = CoreClasses::new(rules);
    let classes: Vec<Option<&str>> = b
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let needed = req.component_table
                || (i != b.root && !matches!(p.st[i], St::RolledUp | St::InParent));
            if needed { core.of(l) } else { None }
        })
        .collect();
    if matches!(category, Category::PassengerVehicle | Category::LightTruck) {
        notes.assumptions.extend(core.assumptions);
    }
    let components = if req.component_table {
        component_rows(b, &p, &classes)
    } else {
        Vec::new()
    };
    Ok(Valued {
        nc,
        vnm,
        tv,
        deminimis_base,
        bom: Some(BomFacts {
            bom: b,
            pass: p,
            classes,
            materials,
        }),
        components,
    })
}

/// The component table: every BOM line with its status, VNM contribution,
/// reason and Table A.2 class.
fn component_rows(b: &Bom, p: &pass::Pass, classes: &[Option<&str>]) -> Vec<ComponentRow> {
    b.lines
        .iter()
        .enumerate()
        .map(|(i, l)| ComponentRow {
            part_id: l.part_id.clone(),
            parent_id: l.parent_id.clone(),
            level: b.depth[i],
            description: l.description.clone(),
            hs: l.hs.as_ref().map(|h| h.to_string()),
            origin: l.origin.clone(),
            value: l.value(),
            status: p.st[i].as_str(),
            vnm: p.contribution(i),
            reason: p.reason[i].text(l),
            core_class: classes[i].map(str::to_string),
        })
        .collect()
}

/// The tests of the good's category: tariff shift (vehicles), RVC (with
/// the LVC's high-wage credit), core parts, LVC, steel and aluminum.
fn run_tests(
    subject: &Subject,
    notes: &mut Notes,
    flips: &mut Vec<Flip>,
) -> Result<Vec<TestResult>, RooError> {
    let mut tests = Vec::new();
    if subject.category.is_vehicle() {
        tests.push(checks::shift::check(subject)?);
    }
    let lvc = checks::lvc::compute(subject, &mut notes.assumptions)?;
    let lvc_for_credit = lvc
        .as_ref()
        .and_then(|(_, _, t_hw, l)| l.as_ref().map(|l| (l, *t_hw)));
    tests.extend(checks::rvc::check(subject, lvc_for_credit, flips)?);
    tests.extend(checks::core::check(subject, flips)?);
    if let Some((sched, t_lvc, t_hw, l)) = &lvc {
        tests.extend(checks::lvc::check(
            subject,
            sched,
            *t_lvc,
            *t_hw,
            l.as_ref(),
        ));
    }
    tests.extend(checks::metals::check(subject, &mut notes.assumptions)?);
    if tests
        .iter()
        .any(|t| t.name == "rvc" && t.threshold.is_none())
    {
        notes.hints.push(Hint::missing(
            Fact::RvcMethod,
            format!(
                "the RVC threshold of the good's Schedule 1 rule (category {} has none in the automotive tables)",
                subject.category.as_str()
            ),
        ));
    }
    Ok(tests)
}

/// Whether a requirement (all entries of one name: alternatives, such as
/// the RVC by net cost or by transaction value) is met: `Some(true)` when
/// any entry passes, `Some(false)` when every entry fails, else `None`.
pub fn requirement_passed(tests: &[TestResult], name: &str) -> Option<bool> {
    let mut all_failed = true;
    let mut any = false;
    for t in tests.iter().filter(|t| t.name == name) {
        any = true;
        match t.passed {
            Some(true) => return Some(true),
            Some(false) => {}
            None => all_failed = false,
        }
    }
    (any && all_failed).then_some(false)
}

/// The outcome: originating when every requirement passes (see
/// [`requirement_passed`]).
fn outcome_of(tests: &[TestResult]) -> Outcome {
    let mut names: Vec<&str> = tests.iter().map(|t| t.name.as_str()).collect();
    names.dedup();
    let results: Vec<Option<bool>> = names.iter().map(|n| requirement_passed(tests, n)).collect();
    if results.contains(&Some(false)) {
        Outcome::NotOriginating
    } else if results.contains(&None) {
        Outcome::Incomplete
    } else {
        Outcome::Originating
    }
}

#[allow(clippy::too_many_arguments)]
fn explain(
    id: &str,
    date: NaiveDate,
    as_of: NaiveDate,
    cat: Category,
    cat_reason: &str,
    nc: Decimal,
    vnm: Decimal,
    tests: &[TestResult],
    outcome: Outcome,
) -> Explanation {
    let mut e = Explanation::new(
        format!("USMCA origin of {id} on {date}"),
        match outcome {
            Outcome::Originating => "originating",
            Outcome::NotOriginating => "NOT originating",
            Outcome::Incomplete => "not shown to be originating (incomplete)",
        },
    )
    .rule("originating only if every required test passes")
    .citation(format!(
        "USMCA Chapter 4 and its automotive appendix; SOR/2020-155; law data as of {as_of}"
    ))
    .input("category", format!("{} ({cat_reason})", cat.as_str()))
    .input("net cost", fmt_money(nc))
    .input("VNM", fmt_money(vnm));
    for t in tests {
        let result = match t.passed {
            Some(true) => "passed",
            Some(false) => "FAILED",
            None => "not evaluated",
        };
        let mut c = Explanation::new(format!("{} ({})", t.name, t.method), result)
            .citation(t.citation.clone())
            .input("detail", t.detail.clone());
        if let (Some(v), Some(th)) = (t.value, t.threshold) {
            c = c
                .rule(format!("value ≥ {th}%"))
                .arithmetic(format!("{v}% {} {th}%", if v >= th { "≥" } else { "<" }));
        }
        if t.name == "rvc" && t.method == "net cost" {
            c = c.base(format!("net cost {}", fmt_money(nc))).input(
                "formula",
                format!(
                    "RVC = (NC − VNM) ÷ NC × 100 = ({} − {}) ÷ {} × 100",
                    fmt_money(nc),
                    fmt_money(vnm),
                    fmt_money(nc)
                ),
            );
        }
        if let Some(g) = &t.gap_text {
            c = c.input("gap to qualify", g.clone());
        }
        e = e.child(c);
    }
    e
}

#[cfg(test)]
mod audit_tests;
#[cfg(test)]
mod tests;
