//! Labour value content (SOR/2020-155 s.18):
//! `LVC = ((HWLC + HWM) ÷ NC × 100) + HWTC + HWAC`, with the high-wage
//! material-and-manufacturing part checked on its own.

use rust_decimal::Decimal;

use super::{Subject, pct_gap};
use crate::money::{fmt_money, round_pct};
use crate::roo::cost::{self, Lvc, LvcInput};
use crate::roo::pass::lvc_from_bom;
use crate::roo::rules::Schedule;
use crate::roo::{Good, RooError, TestResult};

const HUNDRED: Decimal = Decimal::ONE_HUNDRED;

/// The LVC schedule in force, its thresholds `(lvc, hw)`, and the LVC
/// when there are inputs.
pub(in crate::roo) type LvcFound<'r> = (&'r Schedule, Decimal, Decimal, Option<Lvc>);

/// The LVC of the good, with its schedule and thresholds `(lvc, hw)`;
/// `None` for a category without an LVC requirement. The inputs are
/// checked: a negative amount is an error, not a low LVC.
pub(in crate::roo) fn compute<'r>(
    s: &Subject<'r>,
    assumptions: &mut Vec<String>,
) -> Result<Option<LvcFound<'r>>, RooError> {
    let Some(sched) = s.rules.schedule("lvc", s.category) else {
        return Ok(None);
    };
    let Some((step, _)) = sched.at(s.req.date) else {
        return Ok(None);
    };
    let (t_lvc, t_hw) = (step.lvc.unwrap_or_default(), step.hw.unwrap_or_default());
    let input: Option<LvcInput> = match (&s.req.lvc, s.req.good) {
        (Some(l), _) => Some(l.clone()),
        (None, Good::CostSheet(c)) => c.lvc.clone(),
        (None, Good::Bom(b)) => lvc_from_bom(b)?,
    };
    let Some(input) = input else {
        return Ok(Some((sched, t_lvc, t_hw, None)));
    };
    let problems = input.problems();
    if !problems.is_empty() {
        return Err(RooError::BadInput(format!(
            "labour value content inputs: {}",
            problems.join("; ")
        )));
    }
    let l = cost::lvc(&input, s.nc).ok_or_else(|| {
        RooError::BadInput(
            "labour value content: a denominator is zero or the amounts are beyond the exact decimal range"
                .into(),
        )
    })?;
    if input.technology_credit.is_none() && input.rd_it_wages.is_none() {
        assumptions.push("no high-wage technology credit stated: HWTC = 0".into());
    }
    Ok(Some((sched, t_lvc, t_hw, Some(l))))
}

/// The `lvc` and `lvc_high_wage` test entries.
pub(in crate::roo) fn check(
    s: &Subject,
    sched: &Schedule,
    t_lvc: Decimal,
    t_hw: Decimal,
    lvc: Option<&Lvc>,
) -> Vec<TestResult> {
    let nc = s.nc;
    let Some(l) = lvc else {
        return vec![TestResult {
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
        }];
    };
    let ok = l.total >= t_lvc;
    let ok_hw = l.hw_mm >= t_hw;
    let money_gap = |pp: Decimal| {
        pp.checked_mul(nc)
            .map(|x| fmt_money(x / HUNDRED))
            .unwrap_or_else(|| "(beyond range)".into())
    };
    vec![
        TestResult {
            name: "lvc".into(),
            method: l.basis.into(),
            value: Some(round_pct(l.total)),
            threshold: Some(t_lvc),
            passed: Some(ok),
            gap: pct_gap(t_lvc, l.total),
            gap_text: (!ok).then(|| {
                format!(
                    "{} more high-wage material or labour spend (at NC {})",
                    money_gap(t_lvc - l.total),
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
        },
        TestResult {
            name: "lvc_high_wage".into(),
            method: "high-wage material and manufacturing expenditures".into(),
            value: Some(round_pct(l.hw_mm)),
            threshold: Some(t_hw),
            passed: Some(ok_hw),
            gap: pct_gap(t_hw, l.hw_mm),
            gap_text: (!ok_hw).then(|| {
                format!(
                    "{} more high-wage material or labour spend",
                    money_gap(t_hw - l.hw_mm)
                )
            }),
            citation: format!(
                "{} (at least {t_hw} points from HW material and manufacturing)",
                sched.citation
            ),
            detail: "credits (technology ≤ 10, assembly ≤ 5) do not count toward this part".into(),
        },
    ]
}
