//! Regression tests for the rules-of-origin audit findings (issue 8 §4)
//! and the fact sheet's features A13, A16, A23 and A24, each named after
//! its finding. Figures marked "derived" follow from the legal formulas
//! (no official worked example exists for them); the others are the
//! regulation's own examples.

use super::*;
use crate::money::{parse_decimal, round_dp};
use crate::vehicles;
use autopact_core::Location;

fn d(s: &str) -> Decimal {
    parse_decimal(s).unwrap()
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn line(id: &str, parent: Option<&str>, hs: &str, orig: Declared, value: &str) -> BomLine {
    BomLine {
        part_id: id.into(),
        parent_id: parent.map(Into::into),
        description: id.into(),
        hs: (!hs.is_empty()).then(|| HsCode::parse(hs).unwrap()),
        originating: orig,
        unit_value: d(value),
        qty: Decimal::ONE,
        location: Location::source("test"),
        ..Default::default()
    }
}

fn request<'a>(good: Good<'a>, date: &str) -> RooRequest<'a> {
    RooRequest::new(good, day(date))
}

fn run_req(r: &RooRequest) -> Result<RooResult, RooError> {
    qualify(&LawDb::builtin().unwrap(), &RooRules::builtin().unwrap(), r)
}

fn run(bom: &Bom, date: &str, threshold: Option<&str>) -> RooResult {
    let mut r = request(Good::Bom(bom), date);
    r.rvc_threshold = threshold.map(d);
    run_req(&r).unwrap()
}

fn tests_named<'a>(r: &'a RooResult, name: &str) -> Vec<&'a TestResult> {
    r.tests.iter().filter(|t| t.name == name).collect()
}

fn entry<'a>(r: &'a RooResult, name: &str, method: &str) -> &'a TestResult {
    r.tests
        .iter()
        .find(|t| t.name == name && t.method == method)
        .unwrap_or_else(|| panic!("no {name} ({method}) in {:#?}", r.tests))
}

fn cat(code: &str) -> Result<Category, String> {
    RooRules::builtin()
        .unwrap()
        .category_of(&HsCode::parse(code).unwrap(), false)
        .map(|c| c.category)
}

fn sheet(text: &str) -> CostSheet {
    CostSheet::from_toml_str(text).unwrap()
}

/// HS 2022 split 8704.21/.31 by propulsion: the ≤ 5 t lines are light
/// trucks, the heavier ones heavy trucks; 8704.60 (electric, no weight
/// split) is a light truck by assumption, said so with a hint.
#[test]
fn finding_hs2022_truck_lines_take_truck_rules_not_other_vehicle_60() {
    for code in [
        "8704.41",
        "8704.51",
        "8704.60",
        "8704.21",
        "8704.31",
        "8704.60.00.00",
    ] {
        assert_eq!(cat(code), Ok(Category::LightTruck), "{code}");
    }
    for code in [
        "8704.42", "8704.43", "8704.52", "8704.22", "8704.23", "8704.32", "8704.90",
    ] {
        assert_eq!(cat(code), Ok(Category::HeavyTruck), "{code}");
    }
    assert_eq!(cat("8704.10"), Ok(Category::OtherVehicle60));
    // The audit's case: an electric pickup at 65% RVC is not originating
    // (75% applies), and the LVC, core-parts and steel tests are run.
    let mut truck = line("pickup", None, "8704.60", Declared::Unknown, "100");
    truck.net_cost = Some(d("100"));
    let bom = Bom::build(vec![
        truck,
        line("cells", Some("pickup"), "8507.60", Declared::No, "35"),
        line("body", Some("pickup"), "8707.10", Declared::Yes, "65"),
    ])
    .unwrap();
    let r = run(&bom, "2025-10-01", None);
    assert_eq!(r.category, Category::LightTruck);
    assert_eq!(entry(&r, "rvc", "net cost").value, Some(d("65")));
    assert_eq!(entry(&r, "rvc", "net cost").threshold, Some(d("75")));
    assert!(!r.originating);
    for t in ["lvc", "core_parts", "steel", "aluminum"] {
        assert!(!tests_named(&r, t).is_empty(), "{t} missing");
    }
    assert!(r.assumptions.iter().any(|a| a.contains("no weight split")));
    assert!(r.hints.iter().any(|h| h.fact == Fact::OriginCategory));
}

/// A heading-level code is never compared as text with a range of
/// subheadings: `8703` (or `8704`, `8701`) is a choice the user must make.
#[test]
fn finding_8703_heading_is_not_a_string_range_match() {
    let e = cat("8703").unwrap_err();
    assert!(e.contains("8703.10") && e.contains("8703.21-.90"), "{e}");
    assert!(cat("8704").is_err() && cat("8701").is_err());
    assert_eq!(cat("8703.90"), Ok(Category::PassengerVehicle));
    assert_eq!(cat("8703.80.00"), Ok(Category::PassengerVehicle));
    assert_eq!(cat("8703.33"), Ok(Category::OtherVehicle62_5));
    let mut car = line("car", None, "8703", Declared::Unknown, "100");
    car.net_cost = Some(d("100"));
    let bom = Bom::build(vec![
        car,
        line("x", Some("car"), "8708.99", Declared::No, "10"),
    ])
    .unwrap();
    let e = run_req(&request(Good::Bom(&bom), "2025-10-01")).unwrap_err();
    assert_eq!(e.hint().map(|h| h.fact), Some(Fact::OriginCategory));
}

/// Fact sheet A6 (SOR/2020-155 s.14(3), (6)): a lithium-ion propulsion
/// battery is not subject to the Table A.1 RVC; its Schedule 1 rule applies.
#[test]
fn finding_8507_60_battery_pack_follows_a6_not_the_core_part_threshold() {
    let r = RooRules::builtin().unwrap();
    let c = r
        .category_of(&HsCode::parse("8507.60").unwrap(), false)
        .unwrap();
    assert_eq!(c.category, Category::Other);
    assert!(c.reason.contains("s.14(3)"), "{}", c.reason);
    // Heavy-truck original equipment: Table E still lists 8507.60.
    let c = r
        .category_of(&HsCode::parse("8507.60").unwrap(), true)
        .unwrap();
    assert_eq!(c.category, Category::HtComplementaryPart);
    // Without the Schedule 1 threshold the RVC is not evaluated, and a hint says what is missing.
    let mut pack = line("pack", None, "8507.60", Declared::Unknown, "100");
    pack.net_cost = Some(d("100"));
    let bom = Bom::build(vec![
        pack,
        line("cell", Some("pack"), "8507.60", Declared::No, "45"),
    ])
    .unwrap();
    let r = run(&bom, "2025-10-01", None);
    assert_eq!(r.outcome, Outcome::Incomplete);
    assert!(r.hints.iter().any(|h| h.fact == Fact::RvcMethod));
    let r = run(&bom, "2025-10-01", Some("50"));
    assert!(r.originating);
}

/// F7 Situation C (official, s.8(28) Example 3): the self-produced frame
/// (8714.91, in no automotive table) is designated and qualifies under
/// its own rule — here the tariff shift its steel tube (7306) makes —
/// so the bicycle's VNM is 5.50 and its RVC 76.1% ≥ 50%: originating.
/// The frame's own RVC, (10.40 − 7.50) ÷ 10.40 = 27.9%, would not meet a
/// 50% threshold: with only that rule, its full 10.60 becomes VNM.
#[test]
fn finding_f7_situation_c_designated_intermediate_outside_the_tables_qualifies() {
    let build = |shift: Option<ShiftRule>, threshold: Option<&str>| {
        let mut bike = line("bicycle", None, "8712.00", Declared::Unknown, "23.00");
        bike.net_cost = Some(d("23.00"));
        let mut frame = line(
            "frame",
            Some("bicycle"),
            "8714.91",
            Declared::Unknown,
            "10.60",
        );
        frame.designated = true;
        frame.net_cost = Some(d("10.40"));
        frame.tariff_shift = shift;
        frame.rvc_threshold = threshold.map(d);
        Bom::build(vec![
            bike,
            frame,
            line(
                "frame-orig",
                Some("frame"),
                "7326.90",
                Declared::Yes,
                "1.00",
            ),
            line("frame-vnm", Some("frame"), "7306.30", Declared::No, "7.50"),
            line("bike-vnm", Some("bicycle"), "8714.93", Declared::No, "5.50"),
        ])
        .unwrap()
    };
    let c = run(
        &build(Some(ShiftRule::Heading), None),
        "2024-01-01",
        Some("50"),
    );
    assert_eq!(c.vnm, d("5.50"));
    assert_eq!(
        round_dp(entry(&c, "rvc", "net cost").value.unwrap(), 1),
        d("76.1")
    );
    assert!(c.originating);
    assert_eq!(c.components[1].status, "qualified-intermediate");
    let by_rvc = run(&build(None, Some("50")), "2024-01-01", Some("50"));
    assert_eq!(by_rvc.vnm, d("16.10"));
    assert!(by_rvc.components[1].reason.contains("RVC 27.88% < 50%"));
    // A shift within the heading fails: the tube would have to be 8714 too.
    let same = run(
        &build(Some(ShiftRule::Chapter), None),
        "2024-01-01",
        Some("50"),
    );
    assert_eq!(same.vnm, d("5.50"), "7306 → 8714 changes chapter too");
}

/// A purchased non-originating assembly's value already holds its inputs:
/// they are neither flips nor counted again in the tariff-shift sum.
#[test]
fn finding_flips_and_tariff_shift_skip_inputs_of_purchased_assemblies() {
    let mut car = line("car", None, "8703.23", Declared::Unknown, "100");
    car.net_cost = Some(d("100"));
    let mut seat = line("seat", Some("car"), "9401.20", Declared::No, "40");
    seat.supplier = Some("Seat Co".into());
    let bom = Bom::build(vec![
        car,
        seat,
        // The supplier's own inputs, listed for information.
        line("seat-frame", Some("seat"), "8703.90", Declared::No, "30"),
        line("body", Some("car"), "8707.10", Declared::Yes, "60"),
    ])
    .unwrap();
    let r = run(&bom, "2025-10-01", None);
    assert_eq!(r.vnm, d("40"));
    assert!(
        r.flips.iter().all(|f| f.part_id != "seat-frame"),
        "{:?}",
        r.flips
    );
    assert!(r.flips.iter().any(|f| f.part_id == "seat"));
    let shift = &tests_named(&r, "tariff_shift")[0];
    assert_eq!(shift.passed, Some(true), "{}", shift.detail);
    assert!(!shift.detail.contains("seat-frame"));
    let row = r
        .components
        .iter()
        .find(|c| c.part_id == "seat-frame")
        .unwrap();
    assert_eq!((row.status, row.vnm), ("in-parent", Decimal::ZERO));
}

/// A material inside a self-produced sub-assembly used 4 times reaches
/// the good 4 times: its flip value and its tariff-shift value say so.
#[test]
fn finding_flips_respect_the_parent_quantity() {
    let mut car = line("car", None, "8703.23", Declared::Unknown, "100");
    car.net_cost = Some(d("100"));
    let mut wheel = line("wheel", Some("car"), "8708.70", Declared::Unknown, "10");
    wheel.qty = d("4");
    let bom = Bom::build(vec![
        car,
        wheel,
        line("rim", Some("wheel"), "8703.90", Declared::No, "8"),
        line("rest", Some("car"), "8707.10", Declared::Yes, "60"),
    ])
    .unwrap();
    let r = run(&bom, "2025-10-01", None);
    assert_eq!(r.vnm, d("32"));
    let flip = r.flips.iter().find(|f| f.part_id == "rim").unwrap();
    assert_eq!(flip.value, d("32"));
    // 32 of same-heading materials is beyond 10% de minimis of NC 100.
    let shift = &tests_named(&r, "tariff_shift")[0];
    assert_eq!(shift.passed, Some(false));
    assert!(shift.gap_text.as_deref().unwrap().starts_with("32.00"));
}

fn core_car(part: BomLine, inputs: Vec<BomLine>) -> Bom {
    let mut car = line("car", None, "8703.23", Declared::Unknown, "1000");
    car.net_cost = Some(d("1000"));
    let mut lines = vec![car, part];
    lines.extend(inputs);
    // Seats: in no Table A.2 class, so the super-core is the part alone.
    lines.push(line("rest", Some("car"), "9401.20", Declared::Yes, "800"));
    Bom::build(lines).unwrap()
}

/// A core part is originating at 75% net cost **or 85% transaction
/// value** (s.14(2), Table A.1 from 2023-07-01). Derived: NC 100, VNM 30
/// → 70% < 75%; TV 200 → (200 − 30) ÷ 200 = 85% ≥ 85%.
#[test]
fn finding_core_parts_take_the_85_percent_transaction_value_option() {
    let mut gearbox = line("gearbox", Some("car"), "8708.40", Declared::Unknown, "100");
    gearbox.core_class = Some("transmission".into());
    gearbox.transaction_value = Some(d("200"));
    let bom = core_car(
        gearbox,
        vec![
            line("case", Some("gearbox"), "8708.40", Declared::No, "30"),
            line("gears", Some("gearbox"), "8483.40", Declared::Yes, "40"),
        ],
    );
    let r = run(&bom, "2025-10-01", None);
    let core = &tests_named(&r, "core_parts")[0];
    assert_eq!(core.passed, Some(true), "{}", core.detail);
    assert!(
        core.detail.contains("RVC 85.00% transaction value"),
        "{}",
        core.detail
    );
    // Without the TV the part fails by net cost alone (and the super-core too).
    let mut gearbox = line("gearbox", Some("car"), "8708.40", Declared::Unknown, "100");
    gearbox.core_class = Some("transmission".into());
    let bom = core_car(
        gearbox,
        vec![line("case", Some("gearbox"), "8708.40", Declared::No, "30")],
    );
    let r = run(&bom, "2025-10-01", None);
    assert_eq!(tests_named(&r, "core_parts")[0].passed, Some(false));
}

/// VNM option (b) counts the column-2 components wherever they sit below
/// the part: here a non-originating piston two levels down, under a
/// self-produced sub-assembly that is not a component itself.
#[test]
fn finding_core_parts_option_b_looks_through_the_whole_subtree() {
    let mut engine = line("engine", Some("car"), "8407.34", Declared::Unknown, "100");
    engine.core_class = Some("engine".into());
    let mut sub = line(
        "rotating",
        Some("engine"),
        "8483.90",
        Declared::Unknown,
        "60",
    );
    sub.qty = d("1");
    let bom = core_car(
        engine,
        vec![
            sub,
            // A column-2 component (ex 8409.91 pistons), non-originating.
            line("piston", Some("rotating"), "8409.91", Declared::No, "20"),
            // Not a column-2 component: disregarded under option (b).
            line("wiring", Some("engine"), "8544.30", Declared::No, "30"),
        ],
    );
    let r = run(&bom, "2025-10-01", None);
    let core = &tests_named(&r, "core_parts")[0];
    // (a) VNM 50 → 50%; (b) VNM 20 → 80% ≥ 75%.
    assert_eq!(core.passed, Some(true), "{}", core.detail);
    assert!(
        core.detail.contains("RVC 80.00% net cost, VNM option (b)"),
        "{}",
        core.detail
    );
}

/// Table A.2 column-1 entries are `ex` items: a match on the code alone
/// is an assumption, shown as one.
#[test]
fn finding_core_parts_ex_and_less_specific_matches_are_assumptions() {
    let engine = line("engine", Some("car"), "8407.34", Declared::Yes, "100");
    let bom = core_car(engine, vec![]);
    let r = run(&bom, "2025-10-01", None);
    assert!(
        r.assumptions
            .iter()
            .any(|a| a.contains("8407.34 counted as a Table A.2 column-1 part (engine)")),
        "{:?}",
        r.assumptions
    );
}

/// Accumulation is for materials produced in the USMCA territory: a
/// statement on a line from elsewhere is ignored with a warning.
#[test]
fn finding_accumulation_outside_usmca_is_dropped_with_a_warning() {
    let mut good = line("good", None, "", Declared::Unknown, "100");
    good.net_cost = Some(d("100"));
    let mut de = line("de-part", Some("good"), "8708.99", Declared::No, "40");
    de.origin = Some("DE".into());
    de.supplier = Some("S".into());
    de.vnm_declared = Some(d("10"));
    let mut mx = line("mx-part", Some("good"), "8708.99", Declared::No, "20");
    mx.origin = Some("MX".into());
    mx.supplier = Some("T".into());
    mx.vnm_declared = Some(d("5"));
    let r = run(
        &Bom::build(vec![good, de, mx]).unwrap(),
        "2025-10-01",
        Some("50"),
    );
    assert_eq!(r.vnm, d("45"));
    assert!(
        r.warnings
            .iter()
            .any(|w| w.contains("de-part (origin DE)") && w.contains("accumulation")),
        "{:?}",
        r.warnings
    );
}

/// Negative LVC or purchase inputs, more originating metal than bought,
/// and an RVC threshold outside (0, 100] are input errors, not numbers.
#[test]
fn finding_lvc_metal_and_threshold_inputs_are_checked() {
    let v = vehicles::get("ontario-suv").unwrap().unwrap();
    let bom = Bom::build(v.lines.clone()).unwrap();
    let mut r = request(Good::Bom(&bom), "2025-10-01");
    r.lvc = Some(LvcInput {
        high_wage_labor: d("-1000"),
        ..Default::default()
    });
    let e = run_req(&r).unwrap_err().to_string();
    assert!(e.contains("lvc.high_wage_labor is negative"), "{e}");
    let mut r = request(Good::Bom(&bom), "2025-10-01");
    r.metals = Some(MetalPurchases {
        steel_total: Some(d("100")),
        steel_originating: Some(d("120")),
        ..Default::default()
    });
    let e = run_req(&r).unwrap_err().to_string();
    assert!(
        e.contains("steel_originating 120 exceeds steel_total 100"),
        "{e}"
    );
    for t in ["0", "-5", "100.01", "150"] {
        let mut r = request(Good::Bom(&bom), "2025-10-01");
        r.rvc_threshold = Some(d(t));
        assert!(
            run_req(&r).unwrap_err().to_string().contains("(0, 100]"),
            "{t}"
        );
    }
    let s = sheet(
        "originating_materials = 1\nnon_originating_materials = 1\n[lvc]\nhigh_wage_materials = -5\n",
    );
    let e = run_req(&request(Good::CostSheet(&s), "2025-10-01"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("cost sheet [lvc]"), "{e}");
}

/// TOML numbers with a fraction are read as the decimal written.
#[test]
fn finding_cost_sheet_fractions_are_read_exactly() {
    let s = sheet(
        "originating_materials = 30.1\nnon_originating_materials = 0.3\n[excluded_costs]\nsales_promotion = 0.05\n",
    );
    assert_eq!(s.excluded_costs.sales_promotion.to_string(), "0.05");
    assert_eq!(s.originating_materials.to_string(), "30.1");
    assert_eq!(s.costs().net_cost(), d("30.35"));
    assert!(
        CostSheet::from_toml_str("originating_materials = nan\nnon_originating_materials = 1")
            .is_err()
    );
    assert!(
        CostSheet::from_toml_str("originating_materials = 1e40\nnon_originating_materials = 1")
            .is_err()
    );
}

/// The transaction-value RVC is a test entry of its own, an alternative
/// to the net-cost one. Derived: a Table B part, NC 100, VNM 35 → 65% <
/// 70%; TV 180 less shipping 5 → (175 − 35) ÷ 175 = 80% ≥ 80%.
#[test]
fn finding_transaction_value_rvc_is_its_own_test_entry() {
    let s = sheet(
        "originating_materials = 50\nnon_originating_materials = 35\nother_product_costs = 15\n\
         transaction_value = 180\ninternational_shipping = 5\n[good]\nhs = \"8708.30\"\n",
    );
    let r = run_req(&request(Good::CostSheet(&s), "2025-10-01")).unwrap();
    let nc = entry(&r, "rvc", "net cost");
    assert_eq!((nc.value, nc.passed), (Some(d("65")), Some(false)));
    let tv = entry(&r, "rvc", "transaction value");
    assert_eq!(tv.value, Some(d("80")));
    assert_eq!(tv.threshold, Some(d("80")));
    assert_eq!(tv.passed, Some(true));
    assert_eq!(requirement_passed(&r.tests, "rvc"), Some(true));
    assert!(r.originating);
}

/// Amounts near the top of the decimal range (about 7.9e28) end in an
/// error, never a panic.
#[test]
fn finding_bom_money_near_7_9e28_is_an_error_not_a_panic() {
    let big = "50000000000000000000000000000";
    let mut x = line("x", Some("good"), "8708.99", Declared::No, big);
    x.qty = d("2");
    let mut good = line("good", None, "", Declared::Unknown, "1");
    good.net_cost = Some(d("1"));
    let e = Bom::build(vec![good.clone(), x]).unwrap_err();
    assert!(
        e[0].message.contains("beyond the exact decimal range"),
        "{e:?}"
    );
    // Two lines each in range whose sum is not.
    let lines = vec![
        good,
        line("a", Some("good"), "8708.99", Declared::No, big),
        line("b", Some("good"), "8708.99", Declared::No, big),
    ];
    let e = run_req(&{
        let b = Bom::build(lines).unwrap();
        let mut r = request(Good::Bom(Box::leak(Box::new(b))), "2025-10-01");
        r.rvc_threshold = Some(d("50"));
        r
    })
    .unwrap_err();
    assert!(
        e.to_string().contains("beyond the exact decimal range"),
        "{e}"
    );
    let s = sheet(&format!(
        "originating_materials = \"{big}\"\nnon_originating_materials = \"{big}\"\n[good]\nrvc_threshold = \"50\"\n"
    ));
    let e = run_req(&request(Good::CostSheet(&s), "2025-10-01")).unwrap_err();
    assert!(
        e.to_string().contains("beyond the exact decimal range"),
        "{e}"
    );
}

/// A13 (SOR/2020-155 s.13): 8703.10 snow and golf vehicles, 60% TV or
/// 50% NC. Derived: NC 100, VNM 45 → 55% ≥ 50%.
#[test]
fn feature_a13_snow_and_golf_vehicles_60_tv_or_50_nc() {
    assert_eq!(cat("8703.10.50"), Ok(Category::SnowGolf));
    let s = sheet(
        "originating_materials = 40\nnon_originating_materials = 45\nother_product_costs = 15\n\
         transaction_value = 120\n[good]\nhs = \"8703.10\"\ntariff_shift_met = true\n",
    );
    let r = run_req(&request(Good::CostSheet(&s), "2025-10-01")).unwrap();
    let nc = entry(&r, "rvc", "net cost");
    assert_eq!(
        (nc.value, nc.threshold, nc.passed),
        (Some(d("55")), Some(d("50")), Some(true))
    );
    let tv = entry(&r, "rvc", "transaction value");
    // (120 − 45) ÷ 120 = 62.5% ≥ 60%.
    assert_eq!(
        (tv.value, tv.threshold, tv.passed),
        (Some(d("62.5")), Some(d("60")), Some(true))
    );
    assert!(r.originating);
    assert!(tests_named(&r, "lvc").is_empty(), "no LVC for 8703.10");
}

/// A16 (SOR/2020-155 s.18(22)): a heavy truck may credit high-wage
/// material-and-manufacturing points above 30 toward its RVC, the RVC
/// not below 60%, until 2027-07-01. Derived: 2025, threshold 64%; RVC
/// 62%, HW M&M 33% → 62 + 3 = 65% ≥ 64%: met. RVC 59%: no credit.
#[test]
fn feature_a16_heavy_truck_excess_lvc_credit() {
    let mk = |vnm: &str, orig: &str| {
        sheet(&format!(
            "originating_materials = {orig}\nnon_originating_materials = {vnm}\nother_product_costs = 10\n\
             [good]\nhs = \"8704.23\"\ntariff_shift_met = true\n\
             [lvc]\nhigh_wage_materials = 28\nhigh_wage_labor = 5\ntechnology_credit = 10\nassembly_credit = true\n"
        ))
    };
    let s = mk("38", "52");
    let mut req = request(Good::CostSheet(&s), "2025-10-01");
    req.metals = Some(MetalPurchases {
        steel_total: Some(d("100")),
        steel_originating: Some(d("90")),
        aluminum_total: Some(d("100")),
        aluminum_originating: Some(d("90")),
    });
    let r = run_req(&req).unwrap();
    assert_eq!(entry(&r, "rvc", "net cost").passed, Some(false));
    let credit = entry(&r, "rvc", "net cost with excess-LVC credit");
    assert_eq!(
        (credit.value, credit.threshold, credit.passed),
        (Some(d("65")), Some(d("64")), Some(true))
    );
    assert!(r.originating, "{:#?}", r.tests);
    let s = mk("41", "49");
    let mut req2 = request(Good::CostSheet(&s), "2025-10-01");
    req2.metals = req.metals.clone();
    let r = run_req(&req2).unwrap();
    let credit = entry(&r, "rvc", "net cost with excess-LVC credit");
    assert_eq!(credit.passed, Some(false));
    assert!(credit.gap_text.as_deref().unwrap().contains("at least 60%"));
    // After 2027-06-30 there is no credit entry.
    let mut req3 = request(Good::CostSheet(&s), "2027-07-01");
    req3.beyond_as_of = true;
    req3.metals = req.metals.clone();
    let r = run_req(&req3).unwrap();
    assert!(
        r.tests
            .iter()
            .all(|t| t.method != "net cost with excess-LVC credit")
    );
}

/// A23 (SOR/2020-155 s.5(4)): if all VNM ≤ 10% of the total cost (no
/// TV given), the RVC need not be met. Derived: total cost 100, net cost
/// 85 (15 excluded), VNM 9.5 ≤ 10 = 10% of total cost (but > 10% of net
/// cost 8.5), threshold 95% → RVC 88.8% fails, yet de minimis applies.
#[test]
fn feature_a23_de_minimis_on_total_cost() {
    let s = sheet(
        "originating_materials = 80.5\nnon_originating_materials = 9.5\nother_product_costs = 10\n\
         [excluded_costs]\nroyalties = 15\n[good]\nrvc_threshold = \"95\"\n",
    );
    let r = run_req(&request(Good::CostSheet(&s), "2025-10-01")).unwrap();
    let t = entry(&r, "rvc", "net cost");
    assert!(t.value.unwrap() < d("95"));
    assert_eq!(t.passed, Some(true), "{}", t.detail);
    assert!(
        t.detail.contains("10% of the total cost 100.00"),
        "{}",
        t.detail
    );
    // VNM 10.5 > 10: the RVC applies and fails.
    let s = sheet(
        "originating_materials = 79.5\nnon_originating_materials = 10.5\nother_product_costs = 10\n\
         [excluded_costs]\nroyalties = 15\n[good]\nrvc_threshold = \"95\"\n",
    );
    let r = run_req(&request(Good::CostSheet(&s), "2025-10-01")).unwrap();
    assert_eq!(entry(&r, "rvc", "net cost").passed, Some(false));
}

/// A24 (SOR/2020-155 s.16): the RVC averaged over goods or periods is
/// computed on the summed costs. Derived: NC 100 / VNM 30 (70%) and
/// NC 100 / VNM 18 (82%) → (200 − 48) ÷ 200 = 76% ≥ 75%.
#[test]
fn feature_a24_averaging_sums_the_costs() {
    let mk = |vnm: u32| {
        sheet(&format!(
            "originating_materials = {}\nnon_originating_materials = {vnm}\n[good]\nid = \"q\"\nrvc_threshold = \"75\"\n",
            100 - vnm
        ))
    };
    let avg = CostSheet::average(&[mk(30), mk(18)]).unwrap();
    assert!(avg.good.description.contains("averaged over 2 sheets"));
    let r = run_req(&request(Good::CostSheet(&avg), "2025-10-01")).unwrap();
    let t = entry(&r, "rvc", "net cost");
    assert_eq!((t.value, t.passed), (Some(d("76")), Some(true)));
    let r = run_req(&request(Good::CostSheet(&mk(30)), "2025-10-01")).unwrap();
    assert!(!r.originating);
    let mut other = mk(18);
    other.good.hs = Some("8708.30".into());
    assert!(
        CostSheet::average(&[mk(30), other])
            .unwrap_err()
            .contains("another good")
    );
    // F10 (official, s.16(12)): the first period runs 18 months.
    let (from, to, months) = cost::first_averaging_period(day("2020-07-01"), day("2021-01-01"));
    assert_eq!(
        (from, to, months),
        (day("2020-07-01"), day("2021-12-31"), 18)
    );
}
