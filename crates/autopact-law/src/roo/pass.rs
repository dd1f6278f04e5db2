//! The bottom-up pass over a bill of materials: the originating status of
//! every line and what it adds to its parent's value of non-originating
//! materials (VNM), with roll-up (s.14(1)), intermediate materials (s.8)
//! and accumulation.
//!
//! Every line's VNM is *its own*: for a purchased line its full value (or
//! the supplier's accumulation statement), for a self-produced line not
//! designated as an intermediate material the VNM of its inputs. What
//! reaches the finished good is found by [`materials`], which walks down
//! from a line through the self-produced lines only: the inputs of a
//! purchased assembly are inside its price (status `in-parent`), those of
//! an originating line are rolled up, and every quantity on the way
//! multiplies.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::bom::{self, Bom, BomLine, Declared, Metal, ShiftRule};
use super::cost::{self, LvcInput, MetalPurchases};
use super::rules::RooRules;
use super::{RooError, overflow};
use crate::hts::HsCode;
use crate::money::{fmt_money, round_pct};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum St {
    Root,
    Orig,
    NonOrig,
    RolledUp,
    Flattened,
    Qualified,
    /// Input of a purchased (or otherwise valued-as-a-whole) non-originating
    /// line: already inside that line's value, not counted again.
    InParent,
}

impl St {
    pub(super) fn as_str(self) -> &'static str {
        match self {
            St::Root => "finished-good",
            St::Orig => "originating",
            St::NonOrig => "non-originating",
            St::RolledUp => "rolled-up",
            St::Flattened => "flattened",
            St::Qualified => "qualified-intermediate",
            St::InParent => "in-parent",
        }
    }
}

/// Why a line got its status: kept compact during the pass and rendered
/// only when the per-component table is built ([`Reason::text`]).
#[derive(Clone)]
pub(super) enum Reason {
    /// The finished good (no reason text).
    None,
    /// Declared originating (with or without a certification reference).
    Declared,
    /// Accumulation: a supplier statement of VNM.
    Accumulation,
    /// Designated intermediate material that meets its rule.
    Qualified(String),
    /// Designated intermediate material that does not.
    NotQualified(String),
    /// Self-produced, not designated.
    Flattened,
    /// Not originating.
    NonOrig,
    /// Unknown status, treated as non-originating.
    Unknown,
    /// Input of an originating line.
    RolledUp,
    /// Input of a line valued as a whole.
    InParent,
}

impl Reason {
    /// The reason as shown in the per-component table.
    pub(super) fn text(&self, l: &BomLine) -> Cow<'static, str> {
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
            Reason::Qualified(t) => Cow::Owned(format!(
                "designated intermediate material: {t}; counts originating, its VNM is not carried up"
            )),
            Reason::NotQualified(t) => Cow::Owned(format!(
                "designated intermediate material that does not qualify ({t}): its full value is VNM"
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
            Reason::InParent => Cow::Borrowed(
                "input of a non-originating line valued as a whole (see parent_id): already in its value, not counted again",
            ),
        }
    }
}

/// Per-line results of the BOM pass.
pub(super) struct Pass {
    pub(super) st: Vec<St>,
    /// Each line's own VNM per parent unit (already × its quantity).
    pub(super) vnm: Vec<Decimal>,
    pub(super) reason: Vec<Reason>,
}

impl Pass {
    /// What the line adds to its parent's VNM (zero where it is rolled
    /// up or inside its parent's value).
    pub(super) fn contribution(&self, i: usize) -> Decimal {
        match self.st[i] {
            St::RolledUp | St::InParent | St::Orig | St::Qualified => Decimal::ZERO,
            _ => self.vnm[i],
        }
    }
}

fn is_cusma(c: Option<&str>) -> bool {
    matches!(c, Some("US") | Some("CA") | Some("MX"))
}

/// The non-originating materials that reach line `start`, each with its
/// VNM per unit of `start`: walks down through self-produced lines
/// (`flattened`), multiplying their quantities; stops at originating,
/// qualified and rolled-up lines (nothing) and at every other line (its
/// own VNM, which already holds its inputs).
pub(super) fn materials(
    bom: &Bom,
    st: &[St],
    vnm: &[Decimal],
    start: usize,
) -> Result<Vec<(usize, Decimal)>, RooError> {
    let mut out = Vec::new();
    let mut stack: Vec<(usize, Decimal)> = bom.children[start]
        .iter()
        .map(|&c| (c, Decimal::ONE))
        .collect();
    while let Some((i, mult)) = stack.pop() {
        match st[i] {
            St::Orig | St::Qualified | St::RolledUp => {}
            St::Flattened => {
                let m = mult
                    .checked_mul(bom.lines[i].qty)
                    .ok_or_else(|| overflow("a quantity product"))?;
                stack.extend(bom.children[i].iter().map(|&c| (c, m)));
            }
            _ => {
                if !vnm[i].is_zero() {
                    let v = vnm[i]
                        .checked_mul(mult)
                        .ok_or_else(|| overflow("a VNM contribution"))?;
                    out.push((i, v));
                }
            }
        }
    }
    Ok(out)
}

/// Whether every non-originating input of a line shifts out of its
/// chapter, heading or subheading. `None` when the line has no code.
fn shift_met(
    bom: &Bom,
    st: &[St],
    vnm: &[Decimal],
    i: usize,
    rule: ShiftRule,
) -> Result<Option<(bool, Vec<String>)>, RooError> {
    let Some(own) = bom.lines[i].hs.as_ref() else {
        return Ok(None);
    };
    let n = rule.digits();
    let mut failing = Vec::new();
    for (m, _) in materials(bom, st, vnm, i)? {
        let ok = bom.lines[m].hs.as_ref().is_some_and(|h| {
            h.digits()[..n.min(h.digits().len())] != own.digits()[..n.min(own.digits().len())]
        });
        if !ok {
            failing.push(bom.lines[m].part_id.clone());
        }
    }
    Ok(Some((failing.is_empty(), failing)))
}

/// Bottom-up pass: status and VNM of every line.
pub(super) fn bom_pass(
    bom: &Bom,
    rules: &RooRules,
    date: NaiveDate,
    for_ht: bool,
    assumptions: &mut Vec<String>,
    warnings: &mut Vec<String>,
) -> Result<Pass, RooError> {
    let n = bom.lines.len();
    let mut st = vec![St::NonOrig; n];
    let mut vnm = vec![Decimal::ZERO; n];
    let mut reason = vec![Reason::None; n];
    let mut unknown = 0usize;
    let mut foreign_statements = Vec::new();
    // Any order with children before parents will do. When every parent
    // comes before its children in the input (as BOM exports list them),
    // reverse input order is one, and it walks the lines in memory order;
    // otherwise the post-order. The results do not depend on the choice.
    let in_order = bom
        .parent
        .iter()
        .enumerate()
        .all(|(i, p)| p.is_none_or(|p| p < i));
    let order: Vec<usize> = if in_order {
        (0..n).rev().collect()
    } else {
        bom.post_order.clone()
    };
    for &i in &order {
        let l = &bom.lines[i];
        if i == bom.root {
            st[i] = St::Root;
            vnm[i] = sum_materials(bom, &st, &vnm, i)?;
            continue;
        }
        if l.originating == Declared::Yes {
            st[i] = St::Orig;
            reason[i] = Reason::Declared;
            continue;
        }
        if l.originating == Declared::Unknown {
            unknown += 1;
        }
        let self_produced = l
            .supplier
            .as_deref()
            .is_none_or(|s| bom::trim(s).is_empty());
        if let Some(v) = l.vnm_declared {
            if is_cusma(l.origin.as_deref()) {
                vnm[i] = v
                    .checked_mul(l.qty)
                    .ok_or_else(|| overflow("vnm_declared × qty"))?;
                reason[i] = Reason::Accumulation;
                continue;
            }
            foreign_statements.push(format!(
                "{} (origin {})",
                l.part_id,
                l.origin.as_deref().unwrap_or("not given")
            ));
        }
        if !bom.children[i].is_empty() && self_produced {
            let sub_vnm = sum_materials(bom, &st, &vnm, i)?;
            if l.designated {
                let (ok, text) =
                    designated(bom, rules, date, for_ht, &st, &vnm, i, sub_vnm, assumptions)?;
                if ok {
                    st[i] = St::Qualified;
                    reason[i] = Reason::Qualified(text);
                } else {
                    vnm[i] = l.value();
                    reason[i] = Reason::NotQualified(text);
                }
            } else {
                st[i] = St::Flattened;
                vnm[i] = sub_vnm
                    .checked_mul(l.qty)
                    .ok_or_else(|| overflow("a sub-assembly's VNM × qty"))?;
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
    // Top-down: inputs of originating or qualified lines are rolled up;
    // inputs of lines valued as a whole are inside that value.
    for &i in order.iter().rev() {
        if let Some(p) = bom.parent[i] {
            match st[p] {
                St::Orig | St::Qualified | St::RolledUp => {
                    st[i] = St::RolledUp;
                    reason[i] = Reason::RolledUp;
                }
                St::NonOrig | St::InParent => {
                    st[i] = St::InParent;
                    reason[i] = Reason::InParent;
                }
                _ => {}
            }
        }
    }
    if unknown > 0 {
        assumptions.push(format!(
            "{unknown} line(s) with unknown originating status treated as non-originating"
        ));
    }
    if !foreign_statements.is_empty() {
        warnings.push(format!(
            "accumulation statement (vnm_declared) ignored for {}: accumulation applies only to materials produced in the USMCA territory (US, CA, MX); their full value is counted as VNM",
            foreign_statements.join(", ")
        ));
    }
    Ok(Pass { st, vnm, reason })
}

/// The VNM of a line from its inputs, during the bottom-up pass: the sum
/// of its children's own VNM (a self-produced child's already holds its
/// inputs, times its quantity), originating and qualified children adding
/// nothing. The same total as summing [`materials`], in one step.
fn sum_materials(bom: &Bom, st: &[St], vnm: &[Decimal], i: usize) -> Result<Decimal, RooError> {
    cost::checked_sum(
        bom.children[i]
            .iter()
            .filter(|&&c| !matches!(st[c], St::Orig | St::Qualified))
            .map(|&c| vnm[c]),
    )
    .ok_or_else(|| overflow("the sum of VNM"))
}

/// A designated intermediate material (s.8): qualifies by its own rule.
/// The RVC threshold comes from the automotive tables when its code is in
/// one, else from the line (`rvc_threshold`); the tariff-shift alternative
/// from the line (`tariff_shift`).
#[allow(clippy::too_many_arguments)]
fn designated(
    bom: &Bom,
    rules: &RooRules,
    date: NaiveDate,
    for_ht: bool,
    st: &[St],
    vnm: &[Decimal],
    i: usize,
    sub_vnm: Decimal,
    assumptions: &mut Vec<String>,
) -> Result<(bool, String), RooError> {
    let l = &bom.lines[i];
    let nc = l.net_cost.unwrap_or(l.unit_value);
    let table =
        l.hs.as_ref()
            .and_then(|hs| rules.category_of(hs, for_ht).ok())
            .and_then(|c| {
                if let Some(a) = &c.assumption {
                    assumptions.push(format!("{}: {a}", l.part_id));
                }
                rules
                    .schedule("rvc", c.category)
                    .and_then(|s| s.at(date))
                    .and_then(|(s, _)| s.nc)
            });
    let threshold = table.or(l.rvc_threshold);
    let rvc = cost::rvc_net_cost(nc, sub_vnm);
    let mut texts = Vec::new();
    let mut ok = false;
    match (threshold, rvc) {
        (Some(t), Some(r)) => {
            ok |= r >= t;
            texts.push(format!(
                "RVC {}% {} {t}% (NC {}, VNM {})",
                round_pct(r),
                if r >= t { "≥" } else { "<" },
                fmt_money(nc),
                fmt_money(sub_vnm)
            ));
        }
        (None, r) => texts.push(format!(
            "RVC {} but no threshold: in no automotive table, give the line's rvc_threshold or tariff_shift",
            r.map(|r| format!("{}%", round_pct(r)))
                .unwrap_or_else(|| "n/a".into())
        )),
        (Some(_), None) => texts.push("RVC not computable (net cost 0)".into()),
    }
    if let Some(rule) = l.tariff_shift {
        match shift_met(bom, st, vnm, i, rule)? {
            Some((true, _)) => {
                ok = true;
                texts.push(format!(
                    "every non-originating input changes {}",
                    rule.as_str()
                ));
            }
            Some((false, failing)) => texts.push(format!(
                "change of {} not met by {}",
                rule.as_str(),
                failing.join(", ")
            )),
            None => texts.push("tariff shift not checkable: the line has no code".into()),
        }
    }
    Ok((ok, texts.join("; ")))
}

/// The Table A.2 class of a line: as stated on the line, else from its
/// tariff code, with the assumption an `ex` or less-specific match rests
/// on. Codes repeat across a BOM, so the lookup in the rules is made once
/// per distinct code.
pub(super) struct CoreClasses<'a> {
    rules: &'a RooRules,
    by_code: HashMap<&'a HsCode, Option<&'a str>, foldhash::fast::RandomState>,
    /// The assumptions of the matches made, one per distinct code.
    pub(super) assumptions: BTreeSet<String>,
}

impl<'a> CoreClasses<'a> {
    pub(super) fn new(rules: &'a RooRules) -> Self {
        Self {
            rules,
            by_code: HashMap::default(),
            assumptions: BTreeSet::new(),
        }
    }

    pub(super) fn of(&mut self, l: &'a BomLine) -> Option<&'a str> {
        if let Some(c) = &l.core_class {
            return (!c.trim().is_empty() && c != "none").then_some(c.as_str());
        }
        let h = l.hs.as_ref()?;
        let rules = self.rules;
        let assumptions = &mut self.assumptions;
        *self.by_code.entry(h).or_insert_with(|| {
            let (class, a) = rules.a2_match(h)?;
            if let Some(a) = a {
                assumptions.insert(format!(
                    "{h} counted as a Table A.2 column-1 part ({}): {a}; state core_class on the line (\"none\" if it is not one)",
                    class.class
                ));
            }
            Some(class.class.as_str())
        })
    }
}

/// High-wage material and labour from the BOM's `high_wage` flags.
pub(super) fn lvc_from_bom(b: &Bom) -> Result<Option<LvcInput>, RooError> {
    // Without any high-wage data there is nothing to walk (a scan in
    // memory order is much cheaper than the walk down the tree).
    if b.lines.iter().all(|l| l.high_wage.is_none()) {
        return Ok(None);
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
            hwm = hwm
                .checked_add(l.value())
                .ok_or_else(|| overflow("the high-wage material sum"))?;
        } else {
            stack.extend(b.children[i].iter().copied());
        }
    }
    let hwlc = if root.high_wage == Some(true) {
        root.labor_cost.unwrap_or_default()
    } else {
        Decimal::ZERO
    };
    Ok(any.then(|| LvcInput {
        high_wage_materials: hwm,
        high_wage_labor: hwlc,
        ..Default::default()
    }))
}

/// Steel and aluminum purchases from the BOM's `metal` lines.
pub(super) fn metals_from_bom(
    b: &Bom,
    assumptions: &mut Vec<String>,
) -> Result<Option<MetalPurchases>, RooError> {
    let mut m = MetalPurchases::default();
    let mut any = false;
    for l in &b.lines {
        let Some(kind) = l.metal else { continue };
        any = true;
        let (tot, orig) = match kind {
            Metal::Steel => (&mut m.steel_total, &mut m.steel_originating),
            Metal::Aluminum => (&mut m.aluminum_total, &mut m.aluminum_originating),
        };
        let add = |acc: Option<Decimal>, x: Decimal| {
            acc.unwrap_or_default()
                .checked_add(x)
                .ok_or_else(|| overflow("the metal purchase sum"))
        };
        *tot = Some(add(*tot, l.value())?);
        let o = if l.originating == Declared::Yes {
            l.value()
        } else {
            Decimal::ZERO
        };
        *orig = Some(add(*orig, o)?);
    }
    if any {
        assumptions.push("steel/aluminum test computed from this BOM's metal lines, as a proxy for the producer's corporate-level annual purchases (s.17)".into());
    }
    Ok(any.then_some(m))
}
