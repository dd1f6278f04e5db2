//! Regional value content: one entry per method the rule allows —
//! `RVC = (NC − VNM) ÷ NC × 100` (net cost, s.7(3)),
//! `RVC = (TV − VNM) ÷ TV × 100` (transaction value less international
//! shipping, s.7(2)) and, for heavy trucks until 2027-07-01, the net cost
//! with the excess-LVC credit (s.18(22)). The good meets the RVC when any
//! entry passes. If all VNM ≤ 10% of the adjusted TV or of the total cost,
//! the RVC need not be met (de minimis, s.5(4)).
//!
//! When the RVC fails, the flips name the non-originating materials whose
//! originating status would close the gap (each once, at its value in the
//! good); when it passes, the originating ones whose loss would fail it.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{Subject, pct_gap};
use crate::money::{fmt_money, parse_decimal, round_pct};
use crate::roo::cost::{self, Lvc};
use crate::roo::pass::St;
use crate::roo::rules::Category;
use crate::roo::{Flip, Good, RooError, TestResult, overflow};

const HUNDRED: Decimal = Decimal::ONE_HUNDRED;

/// The RVC thresholds `(nc, tv)` for the good on its date, and the citation.
pub(in crate::roo) fn thresholds(
    s: &Subject,
) -> Result<(Option<Decimal>, Option<Decimal>, String), RooError> {
    let sched = s.rules.schedule("rvc", s.category);
    if let Some((step, _)) = sched.and_then(|x| x.at(s.req.date)) {
        return Ok((
            step.nc,
            step.tv,
            sched.map(|x| x.citation.clone()).unwrap_or_default(),
        ));
    }
    let t = match (s.req.rvc_threshold, s.req.good) {
        (Some(t), _) => Some(t),
        (None, Good::CostSheet(c)) => c
            .good
            .rvc_threshold
            .as_deref()
            .map(|t| {
                parse_decimal(t).map_err(|e| RooError::BadInput(format!("good.rvc_threshold: {e}")))
            })
            .transpose()?,
        _ => None,
    };
    if let Some(t) = t
        && (t <= Decimal::ZERO || t > HUNDRED)
    {
        return Err(RooError::BadInput(format!(
            "RVC threshold {t} is not a percentage in (0, 100]"
        )));
    }
    Ok((
        t,
        None,
        "Schedule 1 product-specific rule (threshold stated by the user); RVC methods SOR/2020-155 s.7".into(),
    ))
}

/// Last day of the heavy-truck excess-LVC credit (s.18(22)).
fn ht_credit_ends() -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 6, 30).expect("valid date")
}

/// The RVC entries and the flips.
pub(in crate::roo) fn check(
    s: &Subject,
    lvc: Option<(&Lvc, Decimal)>,
    flips: &mut Vec<Flip>,
) -> Result<Vec<TestResult>, RooError> {
    let (t_nc, t_tv, citation) = thresholds(s)?;
    let (nc, vnm) = (s.nc, s.vnm);
    let rvc_nc = cost::rvc_net_cost(nc, vnm).ok_or_else(|| overflow("the RVC"))?;
    let deminimis = s.within_de_minimis(vnm);
    let mut tests = Vec::new();

    // Net cost.
    let nc_ok = t_nc.map(|t| rvc_nc >= t);
    let mut detail = format!("NC {}, VNM {}", fmt_money(nc), fmt_money(vnm));
    match (s.tv, t_tv) {
        (Some(_), None) => detail.push_str(
            "; the transaction-value method is not open to this category (net cost required, s.7(6))",
        ),
        (None, Some(_)) => detail
            .push_str("; no transaction value given: the transaction-value method was not tried"),
        _ => {}
    }
    if deminimis && nc_ok == Some(false) {
        detail.push_str(&format!(
            "; all VNM within 10% of the {} {}: the RVC need not be met (de minimis, s.5(4))",
            s.deminimis_base.1,
            fmt_money(s.deminimis_base.0)
        ));
    }
    if t_nc.is_none() {
        detail.push_str(&format!(
            "; not evaluated: no RVC threshold for category {} (state the Schedule 1 rule's threshold)",
            s.category.as_str()
        ));
    }
    let nc_pass = nc_ok.map(|ok| ok || deminimis);
    tests.push(TestResult {
        name: "rvc".into(),
        method: "net cost".into(),
        value: Some(round_pct(rvc_nc)),
        threshold: t_nc,
        passed: nc_pass,
        gap: t_nc.and_then(|t| if nc_pass == Some(false) { pct_gap(t, rvc_nc) } else { None }),
        gap_text: match (nc_pass, t_nc) {
            (Some(false), Some(t)) => Some(format!(
                "reduce VNM by {} (originate or certify that much non-originating value) to reach {t}% by net cost",
                fmt_money(need(nc, vnm, t)?)
            )),
            _ => None,
        },
        citation: citation.clone(),
        detail,
    });

    // Transaction value.
    if let (Some((tv, ship)), Some(t)) = (s.tv, t_tv) {
        let r = cost::rvc_transaction_value(tv, ship, vnm);
        let passed = r.map(|r| r >= t);
        tests.push(TestResult {
            name: "rvc".into(),
            method: "transaction value".into(),
            value: r.map(round_pct),
            threshold: Some(t),
            passed,
            gap: r.and_then(|r| pct_gap(t, r)),
            gap_text: (passed == Some(false))
                .then(|| "the transaction-value alternative also falls short".to_string()),
            citation: format!(
                "{citation}; RVC = (TV − VNM) ÷ TV × 100, TV less international shipping (s.7(2))"
            ),
            detail: match r {
                Some(_) => format!(
                    "TV {}, international shipping {}, VNM {}",
                    fmt_money(tv),
                    fmt_money(ship),
                    fmt_money(vnm)
                ),
                None => {
                    "not evaluated: transaction value less international shipping is not positive"
                        .into()
                }
            },
        });
    }

    // Heavy trucks: excess-LVC credit (s.18(22)).
    if let (Category::HeavyTruck, Some((l, t_hw)), Some(t), true) =
        (s.category, lvc, t_nc, s.req.date <= ht_credit_ends())
        && l.hw_mm > t_hw
        && nc_pass == Some(false)
    {
        let excess = l.hw_mm - t_hw;
        let credited = rvc_nc + excess;
        let floor = Decimal::from(60);
        let passed = rvc_nc >= floor && credited >= t;
        tests.push(TestResult {
            name: "rvc".into(),
            method: "net cost with excess-LVC credit".into(),
            value: Some(round_pct(credited)),
            threshold: Some(t),
            passed: Some(passed),
            gap: pct_gap(t, credited),
            gap_text: (!passed).then(|| {
                if rvc_nc < floor {
                    format!("the credit needs an RVC of at least 60% before it (here {}%)", round_pct(rvc_nc))
                } else {
                    "the credit does not close the gap".to_string()
                }
            }),
            citation: "SOR/2020-155 s.18(22): high-wage material-and-manufacturing points above 30 credited toward a heavy truck's RVC, the RVC not below 60%, until 2027-07-01".into(),
            detail: format!(
                "RVC {}% + excess HW M&M {} points ({}% − {t_hw}) = {}%",
                round_pct(rvc_nc),
                round_pct(excess),
                round_pct(l.hw_mm),
                round_pct(credited)
            ),
        });
    }

    let group_failed = tests.iter().all(|t| t.passed == Some(false));
    if let (Some(t), Some(facts)) = (t_nc, &s.bom) {
        if group_failed {
            fail_flips(facts, need(nc, vnm, t)?, flips);
        } else if tests.iter().any(|t| t.passed == Some(true)) && nc_pass == Some(true) {
            let slack = nc
                .checked_mul(HUNDRED - t)
                .map(|x| x / HUNDRED - vnm)
                .ok_or_else(|| overflow("the RVC slack"))?;
            risk_flips(facts, slack, flips)?;
        }
    }
    Ok(tests)
}

/// VNM to remove to reach `t`% by net cost: `VNM − NC × (100 − t) ÷ 100`.
fn need(nc: Decimal, vnm: Decimal, t: Decimal) -> Result<Decimal, RooError> {
    nc.checked_mul(HUNDRED - t)
        .map(|x| vnm - x / HUNDRED)
        .ok_or_else(|| overflow("the RVC gap"))
}

/// Single materials that close the gap, then the smallest set, largest first.
fn fail_flips(facts: &super::BomFacts, need: Decimal, flips: &mut Vec<Flip>) {
    if need <= Decimal::ZERO {
        return;
    }
    let b = facts.bom;
    let mut items = facts.materials.clone();
    items.sort_by_key(|x| std::cmp::Reverse(x.1));
    let mut acc = Decimal::ZERO;
    for (i, v) in items {
        let single = v >= need;
        if acc >= need && !single {
            break;
        }
        acc = acc.saturating_add(v);
        flips.push(Flip {
            part_id: b.lines[i].part_id.clone(),
            description: b.lines[i].description.clone(),
            test: "rvc".into(),
            value: v,
            effect: if single {
                format!(
                    "certifying or re-sourcing it as originating alone closes the gap of {}",
                    fmt_money(need)
                )
            } else {
                format!(
                    "part of the smallest set (largest first) closing the gap of {} (cumulative {})",
                    fmt_money(need),
                    fmt_money(acc)
                )
            },
        });
        if flips.len() >= 10 {
            break;
        }
    }
}

/// Originating lines reaching the good whose loss would fail the RVC, each
/// at its value in the good (quantities of self-produced lines above it
/// multiply).
fn risk_flips(
    facts: &super::BomFacts,
    slack: Decimal,
    flips: &mut Vec<Flip>,
) -> Result<(), RooError> {
    let (b, st) = (facts.bom, &facts.pass.st);
    let mut at_risk = Vec::new();
    let mut stack: Vec<(usize, Decimal)> = b.children[b.root]
        .iter()
        .map(|&c| (c, Decimal::ONE))
        .collect();
    while let Some((i, mult)) = stack.pop() {
        match st[i] {
            St::Orig | St::Qualified => {
                let v = b.lines[i]
                    .value()
                    .checked_mul(mult)
                    .ok_or_else(|| overflow("a line's value in the good"))?;
                if v > slack {
                    at_risk.push((i, v));
                }
            }
            St::Flattened => {
                let m = mult
                    .checked_mul(b.lines[i].qty)
                    .ok_or_else(|| overflow("a quantity product"))?;
                stack.extend(b.children[i].iter().map(|&c| (c, m)));
            }
            _ => {}
        }
    }
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
    Ok(())
}
