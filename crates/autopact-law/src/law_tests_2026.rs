//! Law-data fixes that bring the duty stack in line with what U.S. customs
//! collects on imports from Canada and Mexico (the Budget Lab's audits of
//! its tariff tracker against Census calculated duties, tariff-etr-eval
//! `docs/tracker_audits/` and `docs/residual_gap_deep_dive_2026-06-12.md`),
//! one test or more per fix, each failing on the law data before the fix:
//!
//! 1. chapter 98 is exempt from the IEEPA duties and the §122 surcharge
//!    (U.S. note 2 to chapter 99, subchapter III) except 9802.00.40/.50/.60/.80;
//! 2. Canada's 10% line 9903.01.13 covers energy, energy resources and
//!    critical minerals as defined, itemized by CBP (list `us-ieepa-ca-energy`);
//! 3. the §232 duties on timber, lumber, upholstered wooden furniture and
//!    kitchen cabinets and vanities (Proclamation 10976, U.S. note 37);
//! 4. heading 8471 is on the automobile-parts list of U.S. note 33(g), but
//!    only parts of passenger vehicles and light trucks owe the duty;
//! 5. §232 steel and aluminum articles as the proclamations define them
//!    (no scrap, pig iron or ferroalloys).

use crate::LawDb;
use crate::duty::{DutyQuery, DutyStack, GoodFacts, duty_amounts, duty_stack};
use crate::hts::HsCode;
use crate::money::parse_decimal;
use rust_decimal::Decimal;

fn d(s: &str) -> Decimal {
    parse_decimal(s).unwrap()
}

fn q(date: &str, hts: &str, origin: &str) -> DutyQuery {
    DutyQuery {
        importer: "US".into(),
        date: date.parse().unwrap(),
        hts: HsCode::parse(hts).unwrap(),
        origin: origin.into(),
        value: d("1000"),
        facts: GoodFacts::default(),
        column1_rate: None,
        quantity: None,
        include_unconfirmed: false,
        beyond_as_of: false,
    }
}

fn listed(mut x: DutyQuery, list: &str) -> DutyQuery {
    x.facts.listed.push(list.into());
    x
}

fn usmca(mut x: DutyQuery) -> DutyQuery {
    x.facts.usmca_qualifying = Some(true);
    x
}

/// The stack, checked against the bulk mode (the amounts the trade-weighted
/// rates are built from).
fn stack(x: &DutyQuery) -> DutyStack {
    let db = LawDb::builtin().expect("law data valid");
    let s = duty_stack(&db, x).unwrap_or_else(|e| panic!("{} {}: {e}", x.hts, x.origin));
    let a = duty_amounts(&db, x).unwrap();
    assert_eq!(a.total, s.total, "bulk total of {}", x.hts);
    s
}

fn amount(s: &DutyStack, id: &str) -> Option<Decimal> {
    s.layers
        .iter()
        .find(|l| l.measure_id == id)
        .map(|l| l.amount)
}

fn ids(s: &DutyStack) -> Vec<&str> {
    s.layers.iter().map(|l| l.measure_id.as_str()).collect()
}

fn reason<'a>(s: &'a DutyStack, id: &str) -> &'a str {
    s.not_applied
        .iter()
        .find(|n| n.measure_id == id)
        .map(|n| n.reason.as_str())
        .unwrap_or_else(|| panic!("{id} not among the measures considered"))
}

fn has_assumption(s: &DutyStack, words: &str) -> bool {
    s.assumptions.iter().any(|a| a.contains(words))
}

// ------------------------------------------------------------ 1. chapter 98

/// U.S. goods returned (9801.00.10) owe no IEEPA duty, from Canada, Mexico
/// or a reciprocal-tariff country (U.S. note 2(j), 2(a), 2(v)(i)).
#[test]
fn chapter_98_goods_owe_no_ieepa_duty() {
    for origin in ["CA", "MX", "DE", "CN"] {
        let s = stack(&q("2025-10-01", "9801.00.10.66", origin));
        assert_eq!(s.total, d("0.00"), "{origin}: {:?}", ids(&s));
        assert_eq!(amount(&s, "us.ieepa.ch98"), Some(d("0.00")), "{origin}");
    }
    let s = stack(&q("2025-10-01", "9801.00.10.66", "CA"));
    assert!(reason(&s, "us.ieepa.ca.general35").contains("replaced by us.ieepa.ch98"));
    // The exemption starts with the duties and ends with them.
    let s = stack(&q("2026-03-02", "9801.00.10.66", "CA"));
    assert!(amount(&s, "us.ieepa.ch98").is_none());
}

/// 9802.00.40/.50/.60/.80 keep the IEEPA duties, on the value the caller
/// gives, and say which value that should be.
#[test]
fn chapter_98_repairs_and_assembly_still_pay() {
    let mut x = q("2025-10-01", "9802.00.50.60", "CA");
    // Column 1 of 9802.00.50 is "a duty upon the value of the repairs".
    x.column1_rate = Some(d("0"));
    let s = stack(&x);
    assert_eq!(amount(&s, "us.ieepa.ca.general35"), Some(d("350.00")));
    let note = s
        .layers
        .iter()
        .find(|l| l.measure_id == "us.ieepa.ch98.9802")
        .and_then(|l| l.note.clone())
        .expect("the 9802 layer says what the value is");
    assert!(note.contains("value of the repairs"), "{note}");
    assert!(reason(&s, "us.ieepa.ch98").contains("outside scope"));
    let mut x = q("2025-10-01", "9802.00.80.69", "MX");
    x.column1_rate = Some(d("0"));
    assert_eq!(amount(&stack(&x), "us.ieepa.mx.general"), Some(d("250.00")));
}

/// §122 (U.S. note 2(aa)(i)): the same chapter 98 rule.
#[test]
fn chapter_98_goods_owe_no_section_122_surcharge() {
    let s = stack(&q("2026-03-02", "9801.00.10.66", "DE"));
    assert_eq!(s.total, d("0.00"), "{:?}", ids(&s));
    assert!(reason(&s, "us.122.surcharge").contains("replaced by us.122.ch98"));
    let mut x = q("2026-03-02", "9802.00.50.60", "DE");
    x.column1_rate = Some(d("0"));
    let s = stack(&x);
    assert_eq!(amount(&s, "us.122.surcharge"), Some(d("100.00")));
    assert!(amount(&s, "us.122.ch98.9802").is_some());
}

// ------------------------------------------------- 2. Canada's energy scope

/// Coal-tar oils (2707.99.40) and critical minerals (natural uranium, cobalt)
/// are on CBP's itemization: 10%, not 35%.
#[test]
fn canadian_energy_and_critical_minerals_pay_ten_percent() {
    let mut x = q("2025-10-01", "2707.99.40", "CA");
    x.quantity = Some(d("100"));
    let s = stack(&x);
    assert_eq!(amount(&s, "us.ieepa.ca.energy"), Some(d("100.00")));
    assert!(reason(&s, "us.ieepa.ca.general35").contains("replaced by us.ieepa.ca.energy"));
    for code in ["2844.10.20", "8105.20.30", "7204.49", "2504.10.50"] {
        let s = stack(&q("2025-10-01", code, "CA"));
        assert_eq!(
            amount(&s, "us.ieepa.ca.energy"),
            Some(d("100.00")),
            "{code}: {:?}",
            ids(&s)
        );
        assert!(amount(&s, "us.ieepa.ca.general35").is_none(), "{code}");
    }
    // 25% before the rate went to 35% on 2025-08-01, the same 10% line.
    let s = stack(&q("2025-06-10", "8105.20.30", "CA"));
    assert_eq!(amount(&s, "us.ieepa.ca.energy"), Some(d("100.00")));
    // USMCA-qualifying goods owe nothing.
    let s = stack(&usmca(q("2025-10-01", "8105.20.30", "CA")));
    assert!(amount(&s, "us.ieepa.ca.energy").is_none());
}

/// Pipeline gas and electricity are in scope (electricity as an `ex` item:
/// the result says what it assumed); potash keeps its own line.
#[test]
fn gas_and_electricity_are_energy_and_potash_keeps_its_line() {
    let s = stack(&q("2025-10-01", "2711.21.00", "CA"));
    assert_eq!(amount(&s, "us.ieepa.ca.energy"), Some(d("100.00")));
    let s = stack(&q("2025-10-01", "2716.00.00", "CA"));
    assert_eq!(amount(&s, "us.ieepa.ca.energy"), Some(d("100.00")));
    assert!(
        has_assumption(&s, "hydroelectricity"),
        "{:?}",
        s.assumptions
    );
    let s = stack(&q("2025-10-01", "2207.20.00.10", "CA"));
    assert_eq!(amount(&s, "us.ieepa.ca.energy"), Some(d("100.00")));
    let s = stack(&q("2025-10-01", "3104.20.00", "CA"));
    assert_eq!(amount(&s, "us.ieepa.ca.potash"), Some(d("100.00")));
    assert!(amount(&s, "us.ieepa.ca.energy").is_none());
    // Not energy: the general rate.
    let s = stack(&q("2025-10-01", "3926.90.99", "CA"));
    assert_eq!(amount(&s, "us.ieepa.ca.general35"), Some(d("350.00")));
}

/// CBP's list is not exhaustive: a good the caller states is energy or a
/// critical mineral pays 10% whatever its code, once.
#[test]
fn a_good_stated_to_be_energy_pays_ten_percent_once() {
    let s = stack(&listed(
        q("2025-10-01", "3926.90.99", "CA"),
        "us-ieepa-ca-energy",
    ));
    assert_eq!(amount(&s, "us.ieepa.ca.energy.stated"), Some(d("100.00")));
    assert!(amount(&s, "us.ieepa.ca.general35").is_none());
    let s = stack(&listed(
        q("2025-10-01", "2711.21.00", "CA"),
        "us-ieepa-ca-energy",
    ));
    assert_eq!(s.total, d("100.00"), "{:?}", ids(&s));
}

/// The list holds metal derivatives (stranded aluminum wire, 7614): the
/// §232 aluminum duty takes its content first, the 10% falls on the rest
/// (rule us.stack.metals-first).
#[test]
fn energy_list_metal_derivatives_pay_ten_percent_on_the_rest() {
    let mut x = q("2025-10-01", "7614.10.50", "CA");
    x.facts.aluminum_content = Some(d("600"));
    let s = stack(&x);
    assert_eq!(
        amount(&s, "us.232.aluminum.derivatives.50"),
        Some(d("300.00"))
    );
    assert_eq!(amount(&s, "us.ieepa.ca.energy"), Some(d("40.00")));
}

// ----------------------------------------------------------------- 3. wood

/// Canadian softwood lumber: 10% from 2025-10-14, USMCA or not, and no
/// IEEPA Canada duty besides (U.S. note 2(j)); nothing before.
#[test]
fn softwood_lumber_pays_ten_percent_from_october_14() {
    let s = stack(&q("2025-11-01", "4407.11", "CA"));
    assert_eq!(amount(&s, "us.232.wood.softwood"), Some(d("100.00")));
    assert_eq!(s.total, d("100.00"), "{:?}", ids(&s));
    assert!(reason(&s, "us.ieepa.ca.general35").contains("us.stack.wood-over-ieepa"));
    let s = stack(&usmca(q("2025-11-01", "4407.11.00", "CA")));
    assert_eq!(s.total, d("100.00"), "{:?}", ids(&s));
    let s = stack(&q("2025-10-13", "4407.11", "CA"));
    assert!(amount(&s, "us.232.wood.softwood").is_none());
    assert_eq!(amount(&s, "us.ieepa.ca.general35"), Some(d("350.00")));
    // After the IEEPA duties: still 10%.
    let s = stack(&q("2026-03-02", "4407.11", "SE"));
    assert_eq!(amount(&s, "us.232.wood.softwood"), Some(d("100.00")));
    assert!(amount(&s, "us.122.surcharge").is_none(), "{:?}", ids(&s));
}

/// Kitchen cabinets from China: 25%, the reciprocal duty off (note
/// 2(v)(xiii)), the assumption that the good is a wooden cabinet stated;
/// the same line's other goods (9903.76.04) keep the reciprocal duty.
#[test]
fn kitchen_cabinets_pay_twenty_five_percent() {
    let s = stack(&q("2025-11-01", "9403.40.90.60", "CN"));
    assert_eq!(amount(&s, "us.232.wood.cabinets"), Some(d("250.00")));
    assert!(amount(&s, "us.ieepa.reciprocal.baseline").is_none());
    assert!(
        has_assumption(&s, "kitchen cabinets"),
        "{:?}",
        s.assumptions
    );
    let s = stack(&listed(
        q("2025-11-01", "9403.60.80.93", "CN"),
        "us232-wood-9903.76.04",
    ));
    assert!(
        !ids(&s).iter().any(|i| i.starts_with("us.232.wood.")),
        "{:?}",
        ids(&s)
    );
    assert_eq!(amount(&s, "us.232.notwood.cabinet-lines"), Some(d("0.00")));
    assert_eq!(
        amount(&s, "us.ieepa.reciprocal.baseline"),
        Some(d("100.00"))
    );
}

/// Upholstered seats with wooden frames from Viet Nam: 25% (the 8-digit
/// line stands for its household and other lines, and says so).
#[test]
fn upholstered_wooden_seats_pay_twenty_five_percent() {
    let s = stack(&q("2025-11-01", "9401.61.40.11", "VN"));
    assert_eq!(amount(&s, "us.232.wood.upholstered"), Some(d("250.00")));
    assert!(amount(&s, "us.ieepa.reciprocal.baseline").is_none());
    let s = stack(&q("2025-11-01", "9401.61.40", "VN"));
    assert_eq!(amount(&s, "us.232.wood.upholstered"), Some(d("250.00")));
    // Children's chairs (9401.61.40.01) are not on the list.
    let s = stack(&q("2025-11-01", "9401.61.40.01", "VN"));
    assert!(amount(&s, "us.232.wood.upholstered").is_none());
}

/// The United Kingdom's 10%, the EU's and Japan's 15% all-in (column 1 is
/// free on these lines), Korea's 15% from 2025-11-01.
#[test]
fn wood_rates_of_the_uk_eu_japan_and_korea() {
    let at = |date: &str, origin: &str| stack(&q(date, "9401.61.40.11", origin));
    assert_eq!(at("2025-11-01", "GB").total, d("100.00"));
    assert_eq!(
        amount(&at("2025-11-01", "GB"), "us.232.wood.uk"),
        Some(d("100.00"))
    );
    assert_eq!(
        amount(&at("2025-11-01", "DE"), "us.232.wood.eu"),
        Some(d("150.00"))
    );
    assert_eq!(at("2025-11-01", "DE").total, d("150.00"));
    assert_eq!(
        amount(&at("2025-11-01", "JP"), "us.232.wood.jp"),
        Some(d("150.00"))
    );
    assert_eq!(
        amount(&at("2025-11-01", "KR"), "us.232.wood.kr"),
        Some(d("150.00"))
    );
    assert_eq!(
        amount(&at("2025-10-20", "KR"), "us.232.wood.upholstered"),
        Some(d("250.00"))
    );
    let s = stack(&q("2025-11-01", "9403.40.90.60", "IT"));
    assert_eq!(amount(&s, "us.232.wood.eu"), Some(d("150.00")));
}

/// The increases scheduled for 2027-01-01 are unconfirmed: off by default,
/// and the deal countries keep their rates.
#[test]
fn scheduled_wood_increases_are_opt_in() {
    let mut x = q("2027-01-04", "9401.61.40.11", "CN");
    x.beyond_as_of = true;
    assert_eq!(
        amount(&stack(&x), "us.232.wood.upholstered"),
        Some(d("250.00"))
    );
    x.include_unconfirmed = true;
    let s = stack(&x);
    assert_eq!(
        amount(&s, "us.232.wood.upholstered.2027"),
        Some(d("300.00"))
    );
    assert!(amount(&s, "us.232.wood.upholstered").is_none());
    x.origin = "GB".into();
    assert_eq!(stack(&x).total, d("100.00"));
}

// ------------------------------------------------------------------ 4. 8471

/// A computer from Mexico is not charged as a vehicle part: 9903.94.06
/// (note 33(h)(ii)) at 0%, the assumption stated; it owes what any
/// Mexican good owes instead (IEEPA, later nothing under §122's list).
#[test]
fn a_computer_is_not_a_vehicle_part_by_default() {
    let s = stack(&q("2025-10-01", "8471.50.01.50", "MX"));
    assert!(amount(&s, "us.232.parts.all").is_none(), "{:?}", ids(&s));
    assert_eq!(amount(&s, "us.232.parts.not-vehicle-part"), Some(d("0.00")));
    assert!(has_assumption(&s, "not parts of passenger vehicles"));
    assert_eq!(amount(&s, "us.ieepa.mx.general"), Some(d("250.00")));
    let s = stack(&q("2026-03-02", "8471.50.01.50", "MX"));
    assert_eq!(s.total, d("0.00"), "{:?}", ids(&s));
    assert_eq!(amount(&s, "us.122.annex"), Some(d("0.00")));
    let s = stack(&q("2025-10-01", "8471.50.01.50", "CN"));
    assert!(amount(&s, "us.232.parts.all").is_none());
    assert_eq!(
        amount(&s, "us.ieepa.reciprocal.baseline"),
        Some(d("100.00"))
    );
}

/// The caller can say the good is an in-vehicle computing unit: then the
/// §232 parts duty applies, and keeps the IEEPA duty off (EO 14289).
#[test]
fn a_computer_stated_to_be_a_vehicle_part_pays_the_parts_duty() {
    let s = stack(&listed(
        q("2025-10-01", "8471.50.01.50", "MX"),
        "us232-vehicle-part",
    ));
    assert_eq!(amount(&s, "us.232.parts.8471"), Some(d("250.00")));
    assert!(amount(&s, "us.232.parts.not-vehicle-part").is_none());
    assert!(amount(&s, "us.ieepa.mx.general").is_none());
    assert_eq!(s.total, d("250.00"));
    let s = stack(&usmca(listed(
        q("2025-10-01", "8471.50.01.50", "MX"),
        "us232-vehicle-part",
    )));
    assert_eq!(s.total, d("0.00"), "{:?}", ids(&s));
}

/// Heading 8707 is the list's other bare heading: bus bodies are not parts
/// of passenger vehicles or light trucks; car bodies are.
#[test]
fn bus_bodies_are_not_passenger_vehicle_parts() {
    let s = stack(&q("2025-10-01", "8707.90.50.40", "DE"));
    assert!(amount(&s, "us.232.parts.all").is_none(), "{:?}", ids(&s));
    assert_eq!(amount(&s, "us.232.parts.not-vehicle-part"), Some(d("0.00")));
    let s = stack(&q("2025-10-01", "8707.10.00.20", "CN"));
    assert_eq!(amount(&s, "us.232.parts.all"), Some(d("250.00")));
}

// ---------------------------------------------------------------- 5. metals

/// Ferrous scrap and aluminum scrap from Canada owe no §232 metals duty
/// (outside the articles the proclamations define and on no derivative
/// list); the scrap is a critical-minerals line at 10%.
#[test]
fn scrap_owes_no_section_232_metals_duty() {
    for code in ["7204.49", "7602", "7201.10", "7202.11.50"] {
        let s = stack(&q("2025-10-01", code, "CA"));
        assert!(
            !ids(&s).iter().any(|i| i.starts_with("us.232.")),
            "{code}: {:?}",
            ids(&s)
        );
    }
    let s = stack(&q("2025-10-01", "7602", "CA"));
    assert_eq!(amount(&s, "us.ieepa.ca.general35"), Some(d("350.00")));
}

/// Steel articles are HTS 7206.10-7216.50, 7216.99-7301.10, 7302.10,
/// 7302.40-7302.90 and 7304.10-7306.90 (Proclamation 9705 cl. 1): cast-iron
/// tubes (7303) are not; hot-rolled sheet is. Aluminum castings and
/// forgings (7616.99.51.60/.70) are aluminum articles, on their full value.
#[test]
fn steel_and_aluminum_articles_as_defined() {
    let s = stack(&q("2025-10-01", "7303.00.00", "CN"));
    assert!(
        amount(&s, "us.232.steel.articles.50").is_none(),
        "{:?}",
        ids(&s)
    );
    assert!(amount(&s, "us.232.steel.derivatives.50").is_none());
    let s = stack(&q("2025-10-01", "7208.51.00.30", "CN"));
    assert_eq!(amount(&s, "us.232.steel.articles.50"), Some(d("500.00")));
    let s = stack(&q("2025-10-01", "7616.99.51.60", "CN"));
    assert_eq!(amount(&s, "us.232.aluminum.articles.50"), Some(d("500.00")));
    assert!(amount(&s, "us.232.aluminum.derivatives.50").is_none());
}
