//! The tariff shift of a vehicle (SOR/2020-155 s.13: change from any other
//! heading) with the 10% de minimis (s.5(1)).

use rust_decimal::Decimal;

use super::Subject;
use crate::money::fmt_money;
use crate::roo::{Good, RooError, TestResult, overflow};

/// The tariff-shift test: from the BOM's non-originating materials, or as
/// the user asserts it on a cost sheet.
pub(in crate::roo) fn check(s: &Subject) -> Result<TestResult, RooError> {
    let (Some(facts), Some(h)) = (&s.bom, s.hs) else {
        let asserted = match s.req.good {
            Good::CostSheet(c) => c.good.tariff_shift_met,
            _ => None,
        };
        return Ok(TestResult {
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
            } else if matches!(s.req.good, Good::Bom(_)) {
                "not evaluated: the finished good has no tariff code".into()
            } else {
                "not evaluated: a cost sheet has no materials to classify (set good.tariff_shift_met)".into()
            },
        });
    };
    let b = facts.bom;
    let mut failing = Decimal::ZERO;
    let mut unknown = Vec::new();
    let mut bad = Vec::new();
    // Each non-originating material once, at its value in the good.
    for &(i, v) in &facts.materials {
        let same = match &b.lines[i].hs {
            Some(m) if m.heading() == h.heading() => {
                bad.push(b.lines[i].part_id.as_str());
                true
            }
            Some(_) => false,
            None => {
                unknown.push(b.lines[i].part_id.as_str());
                true
            }
        };
        if same {
            failing = failing
                .checked_add(v)
                .ok_or_else(|| overflow("the value failing the tariff shift"))?;
        }
    }
    let within = s.within_de_minimis(failing);
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
            "; failing value {} within the 10% de minimis of the {} {} (s.5(1))",
            fmt_money(failing),
            s.deminimis_base.1,
            fmt_money(s.deminimis_base.0)
        ));
    }
    Ok(TestResult {
        name: "tariff_shift".into(),
        method: "change from any other heading".into(),
        value: None,
        threshold: None,
        passed: Some(passed),
        gap: None,
        gap_text: (!passed).then(|| {
            format!(
                "{} of non-originating materials fail the shift; originate or reclassify them",
                fmt_money(failing)
            )
        }),
        citation: "SOR/2020-155 s.13 (PSR: change from any other heading), s.5(1) (de minimis)"
            .into(),
        detail,
    })
}
