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
pub mod cost;
pub mod rules;
pub mod sheet;

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Write as _;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

pub use bom::{Bom, BomLine, Children, Declared, Metal};
pub use cost::{Costs, ExcludedCosts, LvcInput, MetalPurchases};
pub use rules::{Category, RooRules};
pub use sheet::CostSheet;

use crate::LawDb;
use crate::explain::Explanation;
use crate::hts::HsCode;
use crate::money::{fmt_money, parse_decimal, round_pct};

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
    /// Date outside the law data.
    #[error(
        "date {date} is outside the rules-of-origin data ({from} to {as_of}); pass --beyond-as-of to use the law as known on {as_of}"
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
    /// Explanation tree.
    pub explanation: Explanation,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum St {
    Root,
    Orig,
    NonOrig,
    RolledUp,
    Flattened,
    Qualified,
}

impl St {
    fn as_str(self) -> &'static str {
        match self {
            St::Root => "finished-good",
            St::Orig => "originating",
            St::NonOrig => "non-originating",
            St::RolledUp => "rolled-up",
            St::Flattened => "flattened",
            St::Qualified => "qualified-intermediate",
        }
    }
}

/// Why a line got its status: kept compact during the pass and rendered
/// only when the per-component table is built ([`Reason::text`]).
#[derive(Clone)]
enum Reason {
    /// The finished good (no reason text).
    None,
    /// Declared originating (with or without a certification reference).
    Declared,
    /// Accumulation: a supplier statement of VNM.
    Accumulation,
    /// Designated intermediate material that meets its RVC.
    Qualified(Box<Designated>),
    /// Designated intermediate material that does not.
    NotQualified(Option<Decimal>, Option<Decimal>),
    /// Self-produced, not designated.
    Flattened,
    /// Not originating.
    NonOrig,
    /// Unknown status, treated as non-originating.
    Unknown,
    /// Input of an originating line.
    RolledUp,
}

/// The figures of a qualifying designated intermediate material.
#[derive(Clone)]
struct Designated {
    rvc: Decimal,
    threshold: Decimal,
    nc: Decimal,
    vnm: Decimal,
}

impl Reason {
    /// The reason as shown in the per-component table.
    fn text(&self, l: &BomLine) -> Cow<'static, str> {
        match self {
            Reason::None => Cow::Borrowed(""),
            Reason::Declared => match &l.certificate {
                Some(c) => Cow::Owned(format!(
                    "declared originating (certification {c}); counts 100% originating (roll-up)"
                )),
                None => Cow::Borrowed("declared originating; counts 100% originating (roll-up)"),
            },
            Reason::Accumulation => Cow::Owned(format!(
                "accumulation: supplier statement of VNM {} per unit (of value {})",
                fmt_money(l.vnm_declared.unwrap_or_default()),
                fmt_money(l.unit_value)
            )),
            Reason::Qualified(d) => Cow::Owned(format!(
                "designated intermediate material: RVC {}% ≥ {}% (NC {}, VNM {}); counts originating, its VNM is not carried up",
                round_pct(d.rvc),
                d.threshold,
                fmt_money(d.nc),
                fmt_money(d.vnm)
            )),
            Reason::NotQualified(r, t) => Cow::Owned(format!(
                "designated intermediate material that does not qualify (RVC {} vs threshold {}): its full value is VNM",
                r.map(|r| format!("{}%", round_pct(r)))
                    .unwrap_or_else(|| "n/a".into()),
                t.map(|t| format!("{t}%"))
                    .unwrap_or_else(|| "unknown (no automotive table)".into())
            )),
            Reason::Flattened => Cow::Borrowed(
                "self-produced, not designated as an intermediate material: the VNM of its inputs is counted",
            ),
            Reason::NonOrig => Cow::Borrowed("non-originating"),
            Reason::Unknown => {
                Cow::Borrowed("originating status unknown: treated as non-originating")
            }
            Reason::RolledUp => {
                Cow::Borrowed("input of an originating line (see parent_id): not counted")
            }
        }
    }
}

/// Per-line results of the BOM pass.
struct Pass {
    st: Vec<St>,
    vnm: Vec<Decimal>,
    reason: Vec<Reason>,
}

fn is_cusma(c: Option<&str>) -> bool {
    matches!(c, Some("US") | Some("CA") | Some("MX"))
}

/// Bottom-up pass: status and VNM contribution of every line.
fn bom_pass(
    bom: &Bom,
    rules: &RooRules,
    date: NaiveDate,
    for_ht: bool,
    assumptions: &mut Vec<String>,
) -> Pass {
    let n = bom.lines.len();
    let mut st = vec![St::NonOrig; n];
    let mut vnm = vec![Decimal::ZERO; n];
    let mut reason = vec![Reason::None; n];
    let mut unknown = 0usize;
    // Any order with children before parents will do. When every parent
    // comes before its children in the input (as BOM exports list them),
    // reverse input order is one, and it walks the lines in memory order;
    // otherwise the post-order. The results do not depend on the choice.
    let in_order = bom
        .parent
        .iter()
        .enumerate()
        .all(|(i, p)| p.is_none_or(|p| p < i));
    let mut rev = (0..n).rev();
    let mut post = bom.post_order.iter().copied();
    let bottom_up: &mut dyn Iterator<Item = usize> = if in_order { &mut rev } else { &mut post };
    for i in bottom_up {
        let l = &bom.lines[i];
        if i == bom.root {
            st[i] = St::Root;
            vnm[i] = sum_of(&bom.children[i], &vnm);
            continue;
        }
        match l.originating {
            Declared::Yes => {
                st[i] = St::Orig;
                reason[i] = Reason::Declared;
            }
            Declared::No | Declared::Unknown => {
                if l.originating == Declared::Unknown {
                    unknown += 1;
                }
                let self_produced = || {
                    l.supplier
                        .as_deref()
                        .is_none_or(|s| bom::trim(s).is_empty())
                };
                if let Some(v) = l.vnm_declared.filter(|_| is_cusma(l.origin.as_deref())) {
                    vnm[i] = v * l.qty;
                    reason[i] = Reason::Accumulation;
                } else if !bom.children[i].is_empty() && self_produced() {
                    let sub_vnm = sum_of(&bom.children[i], &vnm);
                    let nc = l.net_cost.unwrap_or(l.unit_value);
                    if l.designated {
                        let threshold = l.hs.as_ref().and_then(|hs| {
                            let (cat, _) = rules.category_of(hs, for_ht);
                            rules
                                .schedule("rvc", cat)
                                .and_then(|s| s.at(date))
                                .and_then(|(s, _)| s.nc)
                        });
                        let rvc = cost::rvc_net_cost(nc, sub_vnm);
                        match (threshold, rvc) {
                            (Some(t), Some(r)) if r >= t => {
                                st[i] = St::Qualified;
                                reason[i] = Reason::Qualified(Box::new(Designated {
                                    rvc: r,
                                    threshold: t,
                                    nc,
                                    vnm: sub_vnm,
                                }));
                            }
                            (t, r) => {
                                vnm[i] = l.value();
                                reason[i] = Reason::NotQualified(r, t);
                            }
                        }
                    } else {
                        st[i] = St::Flattened;
                        vnm[i] = sub_vnm * l.qty;
                        reason[i] = Reason::Flattened;
                    }
                } else {
                    vnm[i] = l.value();
                    reason[i] = if l.originating == Declared::Unknown {
                        Reason::Unknown
                    } else {
                        Reason::NonOrig
                    };
                }
            }
        }
    }
    // Top-down: inputs of originating or qualified lines are rolled up.
    let mut fwd = 0..n;
    let mut pre = bom.post_order.iter().rev().copied();
    let top_down: &mut dyn Iterator<Item = usize> = if in_order { &mut fwd } else { &mut pre };
    for i in top_down {
        if let Some(p) = bom.parent[i]
            && matches!(st[p], St::Orig | St::Qualified | St::RolledUp)
        {
            st[i] = St::RolledUp;
            vnm[i] = Decimal::ZERO;
            reason[i] = Reason::RolledUp;
        }
    }
    if unknown > 0 {
        assumptions.push(format!(
            "{unknown} line(s) with unknown originating status treated as non-originating"
        ));
    }
    Pass { st, vnm, reason }
}

/// Sum of the VNM of some lines.
fn sum_of(lines: &[usize], vnm: &[Decimal]) -> Decimal {
    lines.iter().map(|&c| vnm[c]).sum()
}

fn pct_gap(t: Decimal, v: Decimal) -> Option<Decimal> {
    (v < t).then(|| round_pct(t - v))
}

/// Qualifies a good.
pub fn qualify(db: &LawDb, rules: &RooRules, req: &RooRequest) -> Result<RooResult, RooError> {
    if req.date < db.roo_from || (req.date > db.as_of && !req.beyond_as_of) {
        return Err(RooError::DateOutsideData {
            date: req.date,
            from: db.roo_from,
            as_of: db.as_of,
        });
    }
    let mut assumptions = Vec::new();
    let mut warnings = Vec::new();
    // Identify the good.
    let (good_id, description, hs_text, user_cat) = match req.good {
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
        Some(c) => Some(
            Category::parse(&c)
                .ok_or_else(|| RooError::BadInput(format!("unknown category {c:?}")))?,
        ),
        None => None,
    };
    let (category, category_reason) = match (req.category.or(user_cat), &hs) {
        (Some(c), _) => (c, "category stated by the user".to_string()),
        (None, Some(h)) => rules.category_of(h, false),
        (None, None) => (
            Category::Other,
            "no tariff code given: treated as a good outside the automotive tables".into(),
        ),
    };
    let for_ht = category == Category::HeavyTruck;
    let rvc_sched = rules.schedule("rvc", category);
    let (t_nc, t_tv) = match rvc_sched.and_then(|s| s.at(req.date)) {
        Some((s, _)) => (s.nc, s.tv),
        None => {
            let t = match (req.rvc_threshold, &req.good) {
                (Some(t), _) => Some(t),
                (None, Good::CostSheet(s)) => s
                    .good
                    .rvc_threshold
                    .as_deref()
                    .map(parse_decimal)
                    .transpose()
                    .map_err(RooError::BadInput)?,
                _ => None,
            };
            (t, None)
        }
    };
    let rvc_citation = rvc_sched
        .map(|s| s.citation.clone())
        .unwrap_or_else(|| "Schedule 1 product-specific rule (threshold stated by the user); RVC methods SOR/2020-155 s.7".into());

    // Net cost, VNM, and BOM-derived facts.
    let mut components = Vec::new();
    let mut flips = Vec::new();
    let mut tests = Vec::new();
    let nc;
    let vnm;
    let tv: Option<(Decimal, Decimal)>;
    let mut vnm_items: Vec<(usize, Decimal)> = Vec::new();
    let mut pass_opt = None;
    match req.good {
        Good::CostSheet(s) => {
            if let Some(f) = s.costs().negative_fields().first() {
                return Err(RooError::BadInput(format!(
                    "cost sheet field {f} is negative"
                )));
            }
            let c = s.costs();
            nc = c.net_cost();
            vnm = c.non_originating_materials;
            tv = c
                .transaction_value
                .map(|t| (t, c.international_shipping.unwrap_or_default()));
        }
        Good::Bom(b) => {
            let p = bom_pass(b, rules, req.date, for_ht, &mut assumptions);
            let root = &b.lines[b.root];
            nc = match root.net_cost {
                Some(n) => n,
                None => {
                    assumptions.push(format!(
                        "finished good {} has no net_cost: its unit_value {} is used as net cost",
                        root.part_id,
                        fmt_money(root.unit_value)
                    ));
                    root.unit_value
                }
            };
            vnm = p.vnm[b.root];
            tv = root
                .transaction_value
                .map(|t| (t, root.intl_shipping.unwrap_or_default()));
            for (i, &v) in p.vnm.iter().enumerate() {
                if i != b.root && v > Decimal::ZERO && p.st[i] == St::NonOrig {
                    vnm_items.push((i, v));
                }
            }
            // Table A.2 classes: of every line for the table, else only
            // where the core-parts test looks.
            let mut core = CoreClasses::new(rules);
            let classes: Vec<Option<&str>> = b
                .lines
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    let needed = req.component_table || (i != b.root && p.st[i] != St::RolledUp);
                    if needed { core.of(l) } else { None }
                })
                .collect();
            if req.component_table {
                components = b
                    .lines
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
                        vnm: p.vnm[i],
                        reason: p.reason[i].text(l),
                        core_class: classes[i].map(str::to_string),
                    })
                    .collect();
            }
            pass_opt = Some((p, classes));
        }
    }
    if nc <= Decimal::ZERO {
        return Err(RooError::BadInput(format!(
            "net cost must be positive, got {nc}"
        )));
    }
    if vnm > nc {
        warnings.push(format!(
            "VNM {} exceeds net cost {}: check the values",
            fmt_money(vnm),
            fmt_money(nc)
        ));
    }
    let deminimis_base = tv.map(|(t, s)| t - s).unwrap_or(nc);
    let deminimis = vnm <= deminimis_base * Decimal::from(10) / HUNDRED;

    // Tariff shift.
    if category.is_vehicle() {
        match (&req.good, &hs) {
            (Good::Bom(b), Some(h)) => {
                let mut failing = Decimal::ZERO;
                let mut unknown = Vec::new();
                let mut bad = Vec::new();
                for &(i, v) in &vnm_items {
                    match &b.lines[i].hs {
                        Some(m) if m.heading() == h.heading() => {
                            failing += v;
                            bad.push(b.lines[i].part_id.as_str());
                        }
                        Some(_) => {}
                        None => {
                            failing += v;
                            unknown.push(b.lines[i].part_id.as_str());
                        }
                    }
                }
                let within = failing <= deminimis_base * Decimal::from(10) / HUNDRED;
                let passed = failing.is_zero() || within;
                let mut detail = format!(
                    "non-originating materials must be classified outside heading {}",
                    h.heading()
                );
                if !bad.is_empty() {
                    detail.push_str(&format!("; same heading: {}", bad.join(", ")));
                }
                if !unknown.is_empty() {
                    detail.push_str(&format!(
                        "; no tariff code (cannot show a shift): {}",
                        unknown.join(", ")
                    ));
                }
                if !failing.is_zero() && within {
                    detail.push_str(&format!(
                        "; failing value {} within the 10% de minimis (s.5)",
                        fmt_money(failing)
                    ));
                }
                tests.push(TestResult {
                    name: "tariff_shift".into(),
                    method: "change from any other heading".into(),
                    value: None,
                    threshold: None,
                    passed: Some(passed),
                    gap: None,
                    gap_text: (!passed).then(|| format!("{} of non-originating materials fail the shift; originate or reclassify them", fmt_money(failing))),
                    citation: "SOR/2020-155 s.13 (PSR: change from any other heading), s.5 (de minimis)".into(),
                    detail,
                });
            }
            _ => {
                let asserted = match req.good {
                    Good::CostSheet(s) => s.good.tariff_shift_met,
                    _ => None,
                };
                tests.push(TestResult {
                    name: "tariff_shift".into(),
                    method: "change from any other heading".into(),
                    value: None,
                    threshold: None,
                    passed: asserted,
                    gap: None,
                    gap_text: None,
                    citation: "SOR/2020-155 s.13".into(),
                    detail: if asserted.is_some() {
                        "asserted by the user in the cost sheet (good.tariff_shift_met)".into()
                    } else {
                        "not evaluated: a cost sheet has no materials to classify (set good.tariff_shift_met)".into()
                    },
                });
            }
        }
    }

    // RVC.
    let rvc_nc = cost::rvc_net_cost(nc, vnm);
    let rvc_tv = match (tv, t_tv) {
        (Some((t, s)), Some(_)) => cost::rvc_transaction_value(t, s, vnm),
        _ => None,
    };
    let (rvc_pass, rvc_method, rvc_value, rvc_threshold) = match (t_nc, rvc_nc) {
        (Some(tn), Some(rn)) => {
            let nc_ok = rn >= tn;
            let tv_ok = matches!((rvc_tv, t_tv), (Some(rt), Some(tt)) if rt >= tt);
            if tv_ok && !nc_ok {
                (Some(true), "transaction value", rvc_tv, t_tv)
            } else {
                (Some(nc_ok || deminimis), "net cost", Some(rn), Some(tn))
            }
        }
        _ => (None, "net cost", rvc_nc, None),
    };
    {
        let mut detail = format!("NC {}, VNM {}", fmt_money(nc), fmt_money(vnm));
        if let Some(rt) = rvc_tv {
            detail.push_str(&format!(
                "; TV method RVC {}% (threshold {}%)",
                round_pct(rt),
                t_tv.unwrap_or_default()
            ));
        }
        if deminimis && rvc_value.zip(rvc_threshold).is_some_and(|(v, t)| v < t) {
            detail.push_str("; all VNM within 10% de minimis: RVC need not be met (s.5(4))");
        }
        let mut gap_text = None;
        let mut gap = None;
        if let (Some(false), Some(t)) = (rvc_pass, t_nc) {
            let need = vnm - nc * (HUNDRED - t) / HUNDRED;
            gap = rvc_nc.and_then(|v| pct_gap(t, v));
            gap_text = Some(format!(
                "reduce VNM by {} (originate or certify that much non-originating value) to reach {t}% by net cost",
                fmt_money(need)
            ));
            // Flips: single components that close the gap; then a greedy set.
            vnm_items.sort_by_key(|x| std::cmp::Reverse(x.1));
            if let (Good::Bom(b), true) = (&req.good, need > Decimal::ZERO) {
                let mut acc = Decimal::ZERO;
                for &(i, v) in vnm_items.iter() {
                    let single = v >= need;
                    if acc >= need && !single {
                        break;
                    }
                    acc += v;
                    flips.push(Flip {
                        part_id: b.lines[i].part_id.clone(),
                        description: b.lines[i].description.clone(),
                        test: "rvc".into(),
                        value: v,
                        effect: if single {
                            format!("certifying or re-sourcing it as originating alone closes the gap of {}", fmt_money(need))
                        } else {
                            format!("part of the smallest set (largest first) closing the gap of {} (cumulative {})", fmt_money(need), fmt_money(acc.min(need.max(acc))))
                        },
                    });
                    if flips.len() >= 10 {
                        break;
                    }
                }
            }
        } else if let (Some(true), Some(t), Good::Bom(b), Some((p, _))) =
            (rvc_pass, t_nc, &req.good, &pass_opt)
        {
            let slack = nc * (HUNDRED - t) / HUNDRED - vnm;
            let mut at_risk: Vec<(usize, Decimal)> = b
                .lines
                .iter()
                .enumerate()
                .filter(|(i, l)| matches!(p.st[*i], St::Orig | St::Qualified) && l.value() > slack)
                .map(|(i, l)| (i, l.value()))
                .collect();
            at_risk.sort_by_key(|x| std::cmp::Reverse(x.1));
            for (i, v) in at_risk.into_iter().take(10) {
                flips.push(Flip {
                    part_id: b.lines[i].part_id.clone(),
                    description: b.lines[i].description.clone(),
                    test: "rvc".into(),
                    value: v,
                    effect: format!(
                        "if it lost originating status the RVC would fail (slack {})",
                        fmt_money(slack)
                    ),
                });
            }
        }
        tests.push(TestResult {
            name: "rvc".into(),
            method: rvc_method.into(),
            value: rvc_value.map(round_pct),
            threshold: rvc_threshold,
            passed: rvc_pass,
            gap,
            gap_text,
            citation: rvc_citation.clone(),
            detail: if rvc_threshold.is_none() {
                format!("{detail}; not evaluated: no RVC threshold for category {} (give rvc_threshold)", category.as_str())
            } else {
                detail
            },
        });
    }

    // Core parts (PV/LT).
    if matches!(category, Category::PassengerVehicle | Category::LightTruck) {
        let core_t = rules
            .schedule("rvc", Category::CorePart)
            .and_then(|s| s.at(req.date))
            .map(|(s, _)| s.nc.unwrap_or_default());
        let cite = "USMCA auto appendix Art. 3.7; SOR/2020-155 s.14(4)-(13), Table A.2".to_string();
        match (&req.good, &pass_opt) {
            (Good::Bom(b), Some((p, classes))) => {
                let t = core_t.unwrap_or_default();
                let mut parts = Vec::new();
                let (mut sum_nc, mut sum_vnm) = (Decimal::ZERO, Decimal::ZERO);
                for (i, l) in b.lines.iter().enumerate() {
                    if i == b.root || p.st[i] == St::RolledUp {
                        continue;
                    }
                    let Some(class) = classes[i] else {
                        continue;
                    };
                    let part_nc = l.net_cost.unwrap_or(l.unit_value) * l.qty;
                    let (ok, rvc, pvnm) = match p.st[i] {
                        St::Orig => (true, None, Decimal::ZERO),
                        _ => {
                            // VNM option (a): all materials; (b): only column-2 components.
                            let kids = &b.children[i];
                            let all: Decimal =
                                kids.iter().map(|&c| p.vnm[c]).sum::<Decimal>() * l.qty;
                            let comp_scope = rules
                                .table_a2
                                .iter()
                                .find(|c| c.class == class)
                                .map(|c| &c.components);
                            let only2: Decimal =
                                kids.iter()
                                    .filter(|&&c| {
                                        b.lines[c].hs.as_ref().is_some_and(|h| {
                                            comp_scope.is_some_and(|s| s.contains(h))
                                        })
                                    })
                                    .map(|&c| p.vnm[c])
                                    .sum::<Decimal>()
                                    * l.qty;
                            if kids.is_empty() {
                                (false, None, part_nc)
                            } else {
                                let v = all.min(only2);
                                let r = cost::rvc_net_cost(part_nc, v);
                                (r.is_some_and(|r| r >= t), r, v)
                            }
                        }
                    };
                    sum_nc += part_nc;
                    sum_vnm += pvnm;
                    parts.push((i, class, ok, rvc, pvnm, part_nc));
                }
                let all_ok = parts.iter().all(|p| p.2);
                let sc = cost::rvc_net_cost(sum_nc, sum_vnm);
                let sc_ok = sc.is_some_and(|r| r >= t);
                let passed = if parts.is_empty() {
                    None
                } else {
                    Some(all_ok || sc_ok)
                };
                let failing: Vec<&str> = parts
                    .iter()
                    .filter(|p| !p.2)
                    .map(|p| b.lines[p.0].part_id.as_str())
                    .collect();
                if passed == Some(false) {
                    for p in parts.iter().filter(|p| !p.2) {
                        flips.push(Flip {
                            part_id: b.lines[p.0].part_id.clone(),
                            description: b.lines[p.0].description.clone(),
                            test: "core_parts".into(),
                            value: p.5,
                            effect: format!(
                                "{} part not originating (RVC {}): certify it, or raise its RVC to {t}%",
                                p.1,
                                p.3.map(|r| format!("{}%", round_pct(r))).unwrap_or_else(|| "not computable: no sub-BOM".into())
                            ),
                        });
                    }
                }
                tests.push(TestResult {
                    name: "core_parts".into(),
                    method: if all_ok { "each column-1 part".into() } else { "super-core (all column-1 parts as one)".into() },
                    value: sc.map(round_pct),
                    threshold: core_t,
                    passed,
                    gap: if passed == Some(false) { sc.and_then(|v| pct_gap(t, v)) } else { None },
                    gap_text: (passed == Some(false)).then(|| format!("not originating: {}", failing.join(", "))),
                    citation: cite,
                    detail: if parts.is_empty() {
                        "not evaluated: no Table A.2 column-1 part found in the BOM (state core_class on the lines)".into()
                    } else {
                        let mut d = format!("{} column-1 part(s): ", parts.len());
                        for (k, p) in parts.iter().enumerate() {
                            let sep = if k == 0 { "" } else { "; " };
                            let st = if p.2 { "originating" } else { "NOT originating" };
                            let _ = write!(d, "{sep}{} ({}) {st}", b.lines[p.0].part_id, p.1);
                        }
                        let _ = write!(d, "; super-core NC {}, VNM {}", fmt_money(sum_nc), fmt_money(sum_vnm));
                        d
                    },
                });
            }
            _ => {
                let asserted = match req.good {
                    Good::CostSheet(s) => s.good.core_parts_originating,
                    _ => None,
                };
                tests.push(TestResult {
                    name: "core_parts".into(),
                    method: "asserted".into(),
                    value: None,
                    threshold: core_t,
                    passed: asserted,
                    gap: None,
                    gap_text: None,
                    citation: cite,
                    detail: if asserted.is_some() {
                        "asserted by the user (good.core_parts_originating)".into()
                    } else {
                        "not evaluated: a cost sheet lists no parts (set good.core_parts_originating)".into()
                    },
                });
            }
        }
    }

    // LVC.
    if let Some(sched) = rules.schedule("lvc", category) {
        let (step, _) = sched.at(req.date).expect("LVC schedules start with USMCA");
        let (t_lvc, t_hw) = (step.lvc.unwrap_or_default(), step.hw.unwrap_or_default());
        let input = req.lvc.clone().or_else(|| match req.good {
            Good::CostSheet(s) => s.lvc.clone(),
            Good::Bom(b) => lvc_from_bom(b),
        });
        match input.as_ref().and_then(|i| cost::lvc(i, nc)) {
            Some(l) => {
                if input
                    .as_ref()
                    .is_some_and(|i| i.technology_credit.is_none() && i.rd_it_wages.is_none())
                {
                    assumptions.push("no high-wage technology credit stated: HWTC = 0".into());
                }
                let ok = l.total >= t_lvc;
                let ok_hw = l.hw_mm >= t_hw;
                tests.push(TestResult {
                    name: "lvc".into(),
                    method: l.basis.into(),
                    value: Some(round_pct(l.total)),
                    threshold: Some(t_lvc),
                    passed: Some(ok),
                    gap: pct_gap(t_lvc, l.total),
                    gap_text: (!ok).then(|| {
                        format!(
                            "{} more high-wage material or labour spend (at NC {})",
                            fmt_money((t_lvc - l.total) * nc / HUNDRED),
                            fmt_money(nc)
                        )
                    }),
                    citation: sched.citation.clone(),
                    detail: format!(
                        "{}: HW M&M {}% + HWTC {} + HWAC {}",
                        l.arithmetic,
                        round_pct(l.hw_mm),
                        round_pct(l.hwtc),
                        l.hwac
                    ),
                });
                tests.push(TestResult {
                    name: "lvc_high_wage".into(),
                    method: "high-wage material and manufacturing expenditures".into(),
                    value: Some(round_pct(l.hw_mm)),
                    threshold: Some(t_hw),
                    passed: Some(ok_hw),
                    gap: pct_gap(t_hw, l.hw_mm),
                    gap_text: (!ok_hw).then(|| {
                        format!(
                            "{} more high-wage material or labour spend",
                            fmt_money((t_hw - l.hw_mm) * nc / HUNDRED)
                        )
                    }),
                    citation: format!(
                        "{} (at least {t_hw} points from HW material and manufacturing)",
                        sched.citation
                    ),
                    detail: "credits (technology ≤ 10, assembly ≤ 5) do not count toward this part"
                        .into(),
                });
            }
            None => tests.push(TestResult {
                name: "lvc".into(),
                method: "net cost".into(),
                value: None,
                threshold: Some(t_lvc),
                passed: None,
                gap: None,
                gap_text: None,
                citation: sched.citation.clone(),
                detail: "not evaluated: no high-wage data (BOM column high_wage, or a [lvc] table)"
                    .into(),
            }),
        }
    }

    // Steel and aluminum purchases.
    if let Some(sched) = rules.schedule("steel-aluminum", category) {
        let t = sched
            .at(req.date)
            .and_then(|(s, _)| s.purchase)
            .unwrap_or_default();
        let m = req.metals.clone().or_else(|| match req.good {
            Good::CostSheet(s) => s.steel_aluminum.clone(),
            Good::Bom(b) => metals_from_bom(b, &mut assumptions),
        });
        for (name, total, orig) in [
            (
                "steel",
                m.as_ref().and_then(|m| m.steel_total),
                m.as_ref().and_then(|m| m.steel_originating),
            ),
            (
                "aluminum",
                m.as_ref().and_then(|m| m.aluminum_total),
                m.as_ref().and_then(|m| m.aluminum_originating),
            ),
        ] {
            let (value, passed, gap_text) = match (total, orig) {
                (Some(tot), Some(o)) if tot > Decimal::ZERO => {
                    let v = o / tot * HUNDRED;
                    let ok = v >= t;
                    (
                        Some(v),
                        Some(ok),
                        (!ok).then(|| {
                            format!(
                                "{} more originating {name} purchases",
                                fmt_money(tot * t / HUNDRED - o)
                            )
                        }),
                    )
                }
                _ => (None, None, None),
            };
            tests.push(TestResult {
                name: name.into(),
                method: "share of purchases that are originating".into(),
                value: value.map(round_pct),
                threshold: Some(t),
                passed,
                gap: value.and_then(|v| pct_gap(t, v)),
                gap_text,
                citation: sched.citation.clone(),
                detail: if passed.is_none() {
                    format!("not evaluated: no {name} purchase data")
                } else {
                    format!(
                        "{name} purchases: originating {} of {}",
                        fmt_money(orig.unwrap_or_default()),
                        fmt_money(total.unwrap_or_default())
                    )
                },
            });
        }
    }

    let any_fail = tests.iter().any(|t| t.passed == Some(false));
    let any_missing = tests.iter().any(|t| t.passed.is_none());
    let outcome = if any_fail {
        Outcome::NotOriginating
    } else if any_missing {
        Outcome::Incomplete
    } else {
        Outcome::Originating
    };
    if outcome == Outcome::Incomplete {
        warnings.push(
            "some required tests could not be evaluated: the good is not shown to be originating"
                .into(),
        );
    }
    let explanation = explain(
        &good_id,
        req.date,
        db.as_of,
        category,
        &category_reason,
        nc,
        vnm,
        &tests,
        outcome,
    );
    Ok(RooResult {
        good_id,
        description,
        hs: hs.map(|h| h.to_string()),
        category,
        category_reason,
        date: req.date,
        law_as_of: db.as_of,
        originating: outcome == Outcome::Originating,
        outcome,
        net_cost: nc,
        vnm,
        tests,
        flips,
        components,
        assumptions,
        warnings,
        explanation,
    })
}

/// The Table A.2 class of a line: as stated on the line, else from its
/// tariff code. Codes repeat across a BOM, so the lookup in the rules is
/// made once per distinct code.
struct CoreClasses<'a> {
    rules: &'a RooRules,
    by_code: HashMap<&'a HsCode, Option<&'a str>, foldhash::fast::RandomState>,
}

impl<'a> CoreClasses<'a> {
    fn new(rules: &'a RooRules) -> Self {
        Self {
            rules,
            by_code: HashMap::default(),
        }
    }

    fn of(&mut self, l: &'a BomLine) -> Option<&'a str> {
        if let Some(c) = &l.core_class {
            return (!c.trim().is_empty() && c != "none").then_some(c.as_str());
        }
        let h = l.hs.as_ref()?;
        let rules = self.rules;
        *self
            .by_code
            .entry(h)
            .or_insert_with(|| rules.a2_class(h).map(|c| c.class.as_str()))
    }
}

fn lvc_from_bom(b: &Bom) -> Option<LvcInput> {
    // Without any high-wage data there is nothing to walk (a scan in
    // memory order is much cheaper than the walk down the tree).
    if b.lines.iter().all(|l| l.high_wage.is_none()) {
        return None;
    }
    let root = &b.lines[b.root];
    let mut any = root.high_wage.is_some();
    let mut hwm = Decimal::ZERO;
    // Topmost high-wage lines below the root (their inputs are included in their value).
    let mut stack: Vec<usize> = b.children[b.root].to_vec();
    while let Some(i) = stack.pop() {
        let l = &b.lines[i];
        any |= l.high_wage.is_some();
        if l.high_wage == Some(true) {
            hwm += l.value();
        } else {
            stack.extend(b.children[i].iter().copied());
        }
    }
    let hwlc = if root.high_wage == Some(true) {
        root.labor_cost.unwrap_or_default()
    } else {
        Decimal::ZERO
    };
    any.then(|| LvcInput {
        high_wage_materials: hwm,
        high_wage_labor: hwlc,
        ..Default::default()
    })
}

fn metals_from_bom(b: &Bom, assumptions: &mut Vec<String>) -> Option<MetalPurchases> {
    let mut m = MetalPurchases::default();
    let mut any = false;
    for l in &b.lines {
        let Some(kind) = l.metal else { continue };
        any = true;
        let (tot, orig) = match kind {
            Metal::Steel => (&mut m.steel_total, &mut m.steel_originating),
            Metal::Aluminum => (&mut m.aluminum_total, &mut m.aluminum_originating),
        };
        *tot = Some(tot.unwrap_or_default() + l.value());
        let o = if l.originating == Declared::Yes {
            l.value()
        } else {
            Decimal::ZERO
        };
        *orig = Some(orig.unwrap_or_default() + o);
    }
    if any {
        assumptions.push("steel/aluminum test computed from this BOM's metal lines, as a proxy for the producer's corporate-level annual purchases (s.17)".into());
    }
    any.then_some(m)
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
mod tests;
