//! The Table A.2 condition of a passenger vehicle or light truck
//! (USMCA auto appendix Art. 3.7; SOR/2020-155 s.14(4)-(13)): every
//! column-1 part must be originating — certified, or by its own RVC, net
//! cost `(NC − VNM) ÷ NC × 100 ≥ 75%` or transaction value
//! `(TV − VNM) ÷ TV × 100 ≥ 85%` (s.14(2), thresholds by date) — with its
//! VNM either (a) of all its non-originating materials or (b) of only its
//! non-originating column-2 components, wherever they sit below it; or all
//! column-1 parts together as one "super-core" part (sum of net costs,
//! sum of VNM).

use rust_decimal::Decimal;

use super::{BomFacts, Subject, pct_gap};
use crate::money::{fmt_money, round_pct};
use crate::roo::cost;
use crate::roo::pass::{St, materials};
use crate::roo::rules::Category;
use crate::roo::{Flip, Good, RooError, TestResult, overflow};

const CITATION: &str =
    "USMCA auto appendix Art. 3.7; SOR/2020-155 s.14(2), (4)-(13), Tables A.1, A.2";

/// One column-1 part as the test saw it.
struct Part<'a> {
    line: usize,
    class: &'a str,
    ok: bool,
    /// The RVC that decided it (method, value), if computed.
    rvc: Option<(&'static str, Decimal)>,
    nc: Decimal,
    vnm: Decimal,
    option: &'static str,
}

/// The `core_parts` entry (PV/LT only; `None` for other categories).
pub(in crate::roo) fn check(
    s: &Subject,
    flips: &mut Vec<Flip>,
) -> Result<Option<TestResult>, RooError> {
    if !matches!(
        s.category,
        Category::PassengerVehicle | Category::LightTruck
    ) {
        return Ok(None);
    }
    let step = s
        .rules
        .schedule("rvc", Category::CorePart)
        .and_then(|x| x.at(s.req.date))
        .map(|(x, _)| x);
    let (t_nc, t_tv) = (
        step.and_then(|x| x.nc).unwrap_or_default(),
        step.and_then(|x| x.tv),
    );
    let Some(facts) = &s.bom else {
        let asserted = match s.req.good {
            Good::CostSheet(c) => c.good.core_parts_originating,
            _ => None,
        };
        return Ok(Some(TestResult {
            name: "core_parts".into(),
            method: "asserted".into(),
            value: None,
            threshold: Some(t_nc),
            passed: asserted,
            gap: None,
            gap_text: None,
            citation: CITATION.into(),
            detail: if asserted.is_some() {
                "asserted by the user (good.core_parts_originating)".into()
            } else {
                "not evaluated: a cost sheet lists no parts (set good.core_parts_originating)"
                    .into()
            },
        }));
    };
    let b = facts.bom;
    let p = &facts.pass;
    // A line below a column-1 part is one of its materials (a column-2
    // component, say), not a column-1 part of the vehicle.
    let mut below_part = vec![false; b.lines.len()];
    for &i in b.post_order.iter().rev() {
        if let Some(par) = b.parent[i] {
            below_part[i] = below_part[par] || (par != b.root && facts.classes[par].is_some());
        }
    }
    let mut parts = Vec::new();
    for (i, &below) in below_part.iter().enumerate() {
        if i == b.root || below || matches!(p.st[i], St::RolledUp | St::InParent) {
            continue;
        }
        let Some(class) = facts.classes[i] else {
            continue;
        };
        parts.push(part(s, facts, i, class, t_nc, t_tv)?);
    }
    let all_ok = parts.iter().all(|x| x.ok);
    let sum_nc = cost::checked_sum(parts.iter().map(|x| x.nc))
        .ok_or_else(|| overflow("the super-core net cost"))?;
    let sum_vnm = cost::checked_sum(parts.iter().map(|x| x.vnm))
        .ok_or_else(|| overflow("the super-core VNM"))?;
    let sc = if sum_nc.is_zero() {
        None
    } else {
        Some(cost::rvc_net_cost(sum_nc, sum_vnm).ok_or_else(|| overflow("the super-core RVC"))?)
    };
    let sc_ok = sc.is_some_and(|r| r >= t_nc);
    let passed = (!parts.is_empty()).then_some(all_ok || sc_ok);
    let failing: Vec<&str> = parts
        .iter()
        .filter(|x| !x.ok)
        .map(|x| b.lines[x.line].part_id.as_str())
        .collect();
    if passed == Some(false) {
        for x in parts.iter().filter(|x| !x.ok) {
            flips.push(Flip {
                part_id: b.lines[x.line].part_id.clone(),
                description: b.lines[x.line].description.clone(),
                test: "core_parts".into(),
                value: x.nc,
                effect: format!(
                    "{} part not originating (RVC {}): certify it, or raise its RVC to {t_nc}% net cost{}",
                    x.class,
                    x.rvc
                        .map(|(m, r)| format!("{}% {m}", round_pct(r)))
                        .unwrap_or_else(|| "not computable: no sub-BOM".into()),
                    t_tv.map(|t| format!(" or {t}% transaction value")).unwrap_or_default()
                ),
            });
        }
    }
    let detail = if parts.is_empty() {
        "not evaluated: no Table A.2 column-1 part found in the BOM (state core_class on the lines)"
            .to_string()
    } else {
        let mut d = format!("{} column-1 part(s): ", parts.len());
        for (k, x) in parts.iter().enumerate() {
            let sep = if k == 0 { "" } else { "; " };
            let st = if x.ok {
                "originating"
            } else {
                "NOT originating"
            };
            d.push_str(&format!(
                "{sep}{} ({}) {st}",
                b.lines[x.line].part_id, x.class
            ));
            if let Some((m, r)) = x.rvc {
                d.push_str(&format!(
                    " (RVC {}% {m}, VNM option {})",
                    round_pct(r),
                    x.option
                ));
            }
        }
        d.push_str(&format!(
            "; super-core NC {}, VNM {}",
            fmt_money(sum_nc),
            fmt_money(sum_vnm)
        ));
        d
    };
    Ok(Some(TestResult {
        name: "core_parts".into(),
        method: if all_ok {
            "each column-1 part".into()
        } else {
            "super-core (all column-1 parts as one)".into()
        },
        value: if all_ok { None } else { sc.map(round_pct) },
        threshold: Some(t_nc),
        passed,
        gap: if passed == Some(false) {
            sc.and_then(|v| pct_gap(t_nc, v))
        } else {
            None
        },
        gap_text: (passed == Some(false))
            .then(|| format!("not originating: {}", failing.join(", "))),
        citation: CITATION.into(),
        detail,
    }))
}

/// One column-1 part: originating if certified, else by its RVC with the
/// lower of the two VNM options.
fn part<'a>(
    s: &Subject,
    facts: &BomFacts,
    i: usize,
    class: &'a str,
    t_nc: Decimal,
    t_tv: Option<Decimal>,
) -> Result<Part<'a>, RooError> {
    let b = facts.bom;
    let p = &facts.pass;
    let l = &b.lines[i];
    let unit_nc = l.net_cost.unwrap_or(l.unit_value);
    let nc = unit_nc
        .checked_mul(l.qty)
        .ok_or_else(|| overflow("a core part's net cost"))?;
    if matches!(p.st[i], St::Orig | St::Qualified) {
        return Ok(Part {
            line: i,
            class,
            ok: true,
            rvc: None,
            nc,
            vnm: Decimal::ZERO,
            option: "-",
        });
    }
    if b.children[i].is_empty() {
        return Ok(Part {
            line: i,
            class,
            ok: false,
            rvc: None,
            nc,
            vnm: nc,
            option: "-",
        });
    }
    // Per unit of the part: (a) every non-originating material below it.
    let all = materials(b, &p.st, &p.vnm, i)?;
    let vnm_a =
        cost::checked_sum(all.iter().map(|x| x.1)).ok_or_else(|| overflow("a core part's VNM"))?;
    // (b) only its non-originating column-2 components, through the whole subtree.
    let vnm_b = column2_vnm(s, facts, i, class)?;
    let (unit_vnm, option) = if vnm_b < vnm_a {
        (vnm_b, "(b) column-2 components")
    } else {
        (vnm_a, "(a) all materials")
    };
    let r_nc =
        cost::rvc_net_cost(unit_nc, unit_vnm).ok_or_else(|| overflow("a core part's RVC"))?;
    let r_tv = match (l.transaction_value, t_tv) {
        (Some(tv), Some(_)) => {
            cost::rvc_transaction_value(tv, l.intl_shipping.unwrap_or_default(), unit_vnm)
        }
        _ => None,
    };
    let vnm = unit_vnm
        .checked_mul(l.qty)
        .ok_or_else(|| overflow("a core part's VNM"))?;
    let (ok, rvc) = match (r_tv, t_tv) {
        (Some(rt), Some(tt)) if r_nc < t_nc && rt >= tt => (true, ("transaction value", rt)),
        _ => (r_nc >= t_nc, ("net cost", r_nc)),
    };
    Ok(Part {
        line: i,
        class,
        ok,
        rvc: Some(rvc),
        nc,
        vnm,
        option,
    })
}

/// VNM option (b): the non-originating column-2 components of the part's
/// class anywhere below it (per unit of the part); other materials are
/// disregarded. The walk descends through self-produced lines and through
/// lines that are not components themselves.
fn column2_vnm(
    s: &Subject,
    facts: &BomFacts,
    part: usize,
    class: &str,
) -> Result<Decimal, RooError> {
    let b = facts.bom;
    let p = &facts.pass;
    let Some(scope) = s
        .rules
        .table_a2
        .iter()
        .find(|c| c.class == class)
        .map(|c| &c.components)
    else {
        // A class the tables do not know: option (b) has no components to count.
        return Ok(Decimal::MAX);
    };
    let mut total = Decimal::ZERO;
    let mut stack: Vec<(usize, Decimal)> = b.children[part]
        .iter()
        .map(|&c| (c, Decimal::ONE))
        .collect();
    while let Some((i, mult)) = stack.pop() {
        if matches!(p.st[i], St::Orig | St::Qualified | St::RolledUp) {
            continue;
        }
        let l = &b.lines[i];
        if l.hs.as_ref().is_some_and(|h| scope.contains(h)) {
            // The component's own VNM: its value, or its inputs' VNM when self-produced.
            let v = p.vnm[i]
                .checked_mul(mult)
                .ok_or_else(|| overflow("a component's VNM"))?;
            total = total
                .checked_add(v)
                .ok_or_else(|| overflow("the column-2 VNM"))?;
        } else {
            let m = mult
                .checked_mul(l.qty)
                .ok_or_else(|| overflow("a quantity product"))?;
            stack.extend(b.children[i].iter().map(|&c| (c, m)));
        }
    }
    Ok(total)
}
