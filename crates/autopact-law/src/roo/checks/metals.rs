//! Steel and aluminum purchases (SOR/2020-155 s.17): at least 70% of each
//! originating.

use rust_decimal::Decimal;

use super::{Subject, pct_gap};
use crate::money::{fmt_money, round_pct};
use crate::roo::pass::metals_from_bom;
use crate::roo::{Good, RooError, TestResult, overflow};

const HUNDRED: Decimal = Decimal::ONE_HUNDRED;

/// The `steel` and `aluminum` entries, for the categories that require
/// them. The inputs are checked: negative amounts, or more originating
/// than purchased, are errors.
pub(in crate::roo) fn check(
    s: &Subject,
    assumptions: &mut Vec<String>,
) -> Result<Vec<TestResult>, RooError> {
    let Some(sched) = s.rules.schedule("steel-aluminum", s.category) else {
        return Ok(vec![]);
    };
    let t = sched
        .at(s.req.date)
        .and_then(|(s, _)| s.purchase)
        .unwrap_or_default();
    let m = match (&s.req.metals, s.req.good) {
        (Some(m), _) => Some(m.clone()),
        (None, Good::CostSheet(c)) => c.steel_aluminum.clone(),
        (None, Good::Bom(b)) => metals_from_bom(b, assumptions)?,
    };
    if let Some(m) = &m {
        let problems = m.problems();
        if !problems.is_empty() {
            return Err(RooError::BadInput(format!(
                "steel and aluminum purchases: {}",
                problems.join("; ")
            )));
        }
    }
    let mut tests = Vec::new();
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
                let v = o
                    .checked_div(tot)
                    .and_then(|x| x.checked_mul(HUNDRED))
                    .ok_or_else(|| overflow("a purchase share"))?;
                let ok = v >= t;
                let need = tot
                    .checked_mul(t)
                    .map(|x| x / HUNDRED - o)
                    .ok_or_else(|| overflow("a purchase gap"))?;
                (
                    Some(v),
                    Some(ok),
                    (!ok).then(|| format!("{} more originating {name} purchases", fmt_money(need))),
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
    Ok(tests)
}
