//! The §232 metals duties fall on the metal content only: regression tests
//! for the class of wrong stacks where a derivative was charged on its full
//! value (no content stated), a good on both the steel and the aluminum
//! list paid 100% of its value, and aluminum was charged twice on lines of
//! two overlapping aluminum lists (8503.00.95, 9401.99.90).

use super::*;
use crate::hts::ScopeItem;
use crate::money::parse_decimal;

fn d(s: &str) -> Decimal {
    parse_decimal(s).unwrap()
}

fn db() -> LawDb {
    LawDb::builtin().expect("law data valid")
}

fn q(date: &str, hts: &HsCode, origin: &str) -> DutyQuery {
    DutyQuery {
        importer: "US".into(),
        date: date.parse().unwrap(),
        hts: hts.clone(),
        origin: origin.into(),
        value: d("1000"),
        facts: GoodFacts {
            usmca_qualifying: Some(false),
            steel_content: Some(d("300")),
            aluminum_content: Some(d("200")),
            copper_content: Some(d("100")),
            ..GoodFacts::default()
        },
        column1_rate: Some(Decimal::ZERO),
        quantity: None,
        include_unconfirmed: false,
        beyond_as_of: false,
    }
}

/// Every code of every §232 metals list, on a date of each regime: each
/// metal is charged once, on a base no larger than its content, and the
/// metal bases together never exceed the value.
#[test]
fn each_metal_is_charged_once_on_its_own_content() {
    let dbx = db();
    let lists = crate::scope_lists::builtin();
    let mut codes: Vec<HsCode> = lists
        .iter()
        .filter(|(name, _)| name.starts_with("us232-deriv") || name.starts_with("us232-copper"))
        .flat_map(|(_, items)| items.iter())
        .filter_map(|i| match i {
            ScopeItem::Code(c) => Some(c.clone()),
            _ => None,
        })
        .collect();
    codes.sort_by(|a, b| a.digits().cmp(b.digits()));
    codes.dedup();
    assert!(codes.len() > 400, "{} codes", codes.len());
    let mut checked = 0;
    for date in ["2025-05-01", "2025-10-01"] {
        for c in &codes {
            for origin in ["CA", "DE"] {
                let s = match duty_stack(&dbx, &q(date, c, origin)) {
                    Ok(s) => s,
                    // Headings whose lines differ are not priced as such.
                    Err(DutyError::AmbiguousCode { .. }) => continue,
                    Err(e) => panic!("{c} {origin} {date}: {e}"),
                };
                let mut by_metal: BTreeMap<&str, (usize, Decimal)> = BTreeMap::new();
                for l in &s.layers {
                    for metal in ["steel", "aluminum", "copper"] {
                        if l.base_kind == format!("{metal} content") && !l.amount.is_zero() {
                            let e = by_metal.entry(metal).or_default();
                            e.0 += 1;
                            e.1 += l.base;
                        }
                    }
                }
                for (metal, (n, base)) in &by_metal {
                    assert_eq!(
                        *n,
                        1,
                        "{c} {origin} {date}: {metal} charged {n} times: {:?}",
                        ids(&s)
                    );
                    let content = match *metal {
                        "steel" => d("300"),
                        "aluminum" => d("200"),
                        _ => d("100"),
                    };
                    assert!(*base <= content, "{c} {origin} {date}: {metal} base {base}");
                }
                let metal_bases: Decimal = by_metal.values().map(|(_, b)| *b).sum();
                assert!(metal_bases <= d("1000"));
                checked += 1;
            }
        }
    }
    assert!(checked > 1000, "{checked}");
}

fn ids(s: &DutyStack) -> Vec<String> {
    s.layers
        .iter()
        .map(|l| format!("{} {} on {}", l.measure_id, l.amount, l.base_kind))
        .collect()
}

use std::collections::BTreeMap;

/// The audit's examples: seat parts 9401.99.90 and motor parts 8503.00.95
/// pay aluminum once; medicines 3004.90.92, on both inclusion lists, pay
/// each metal on its own content, not 100% of the value.
#[test]
fn audit_examples_pay_each_metal_once_on_its_content() {
    let dbx = db();
    for code in ["9401.99.90", "8503.00.95"] {
        let c = HsCode::parse(code).unwrap();
        let s = duty_stack(&dbx, &q("2025-10-01", &c, "DE")).unwrap();
        let alu: Vec<&Layer> = s
            .layers
            .iter()
            .filter(|l| l.base_kind == "aluminum content" && !l.amount.is_zero())
            .collect();
        assert_eq!(alu.len(), 1, "{code}: {:?}", ids(&s));
        assert_eq!(alu[0].amount, d("100.00"), "{code}");
    }
    let c = HsCode::parse("3004.90.92").unwrap();
    let mut x = q("2025-10-01", &c, "CA");
    x.facts.steel_content = Some(d("10"));
    x.facts.aluminum_content = Some(d("20"));
    x.facts.copper_content = None;
    let s = duty_stack(&dbx, &x).unwrap();
    let metals: Decimal = s
        .layers
        .iter()
        .filter(|l| l.measure_id.starts_with("us.232."))
        .map(|l| l.amount)
        .sum();
    // 50% of 10 + 50% of 20 = 15, not 1,000.
    assert_eq!(metals, d("15.00"), "{:?}", ids(&s));
    // Without the contents the engine asks for them.
    x.facts.steel_content = None;
    let e = duty_stack(&dbx, &x).unwrap_err();
    assert!(matches!(e, DutyError::NeedsContent { .. }), "{e}");
}

/// The contents together cannot exceed the value.
#[test]
fn contents_above_the_value_are_refused() {
    let c = HsCode::parse("7616.99.51").unwrap();
    let mut x = q("2025-10-01", &c, "DE");
    x.facts.steel_content = Some(d("500"));
    x.facts.aluminum_content = Some(d("400"));
    x.facts.copper_content = Some(d("200"));
    let e = duty_stack(&db(), &x).unwrap_err().to_string();
    assert!(e.contains("exceed the customs value"), "{e}");
}

/// The deals' parts caps replace the §232 parts duty only where it
/// applies: a computer of heading 8471, not a vehicle part by default,
/// takes no deal parts line.
#[test]
fn deal_parts_caps_skip_goods_that_are_not_vehicle_parts() {
    let c = HsCode::parse("8471.50.01.50").unwrap();
    for (origin, deal) in [
        ("JP", "us.deal.jp.parts"),
        ("DE", "us.deal.eu.parts"),
        ("KR", "us.deal.kr.parts"),
    ] {
        let s = duty_stack(&db(), &q("2025-12-01", &c, origin)).unwrap();
        assert!(
            !s.layers.iter().any(|l| l.measure_id == deal),
            "{origin}: {:?}",
            ids(&s)
        );
        assert!(
            s.layers
                .iter()
                .any(|l| l.measure_id == "us.232.parts.not-vehicle-part"),
            "{origin}: {:?}",
            ids(&s)
        );
    }
}

/// Before 2025-06-04 the derivatives outside chapter 76 of the 2025 list
/// (heading 9903.85.08) paid 25% on their aluminum content, not on their
/// full value; the earlier derivatives of 9903.85.04 outside chapter 76
/// (bumper stampings 8708.10.30) on their full value.
#[test]
fn aluminum_derivatives_outside_chapter_76_paid_on_content_from_march_2025() {
    let lists = crate::scope_lists::builtin();
    let code = lists["us232-deriv-9903.85.08"]
        .iter()
        .find_map(|i| match i {
            ScopeItem::Code(c)
                if !c.digits().starts_with("76")
                    && !c.digits().starts_with("87")
                    && crate::schedule::Schedule::builtin().rated(c).is_some() =>
            {
                Some(c.clone())
            }
            _ => None,
        })
        .unwrap();
    let s = duty_stack(&db(), &q("2025-05-01", &code, "DE")).unwrap();
    let l = s
        .layers
        .iter()
        .find(|l| l.measure_id == "us.232.aluminum.derivatives.content.25")
        .unwrap_or_else(|| panic!("{code}: {:?}", ids(&s)));
    assert_eq!((l.base, l.amount), (d("200"), d("50.00")), "{code}");
    assert!(
        !s.layers
            .iter()
            .any(|l| l.measure_id == "us.232.aluminum.derivatives.listed.25")
    );
}
