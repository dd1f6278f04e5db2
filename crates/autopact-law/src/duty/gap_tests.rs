//! Regression tests for the law gaps of the trade-law completeness audit,
//! each named after its gap, following the fact sheet
//! (shared/docs/trade-law-facts.md): the IEEPA reciprocal tariffs on by
//! default with Annex II and the in-transit rule (B24), B7, B10, the §122
//! exemption list (B26), C6, Mexico's 2026 tariffs beyond passenger
//! vehicles (C10), the 2026 metals annexes (B20), MHDV × IEEPA (B18), and
//! no CLI flag named inside the law engine.

use super::*;
use crate::money::parse_decimal;

fn d(s: &str) -> Decimal {
    parse_decimal(s).unwrap()
}

fn db() -> LawDb {
    LawDb::builtin().expect("law data valid")
}

fn q(importer: &str, date: &str, hts: &str, origin: &str, value: &str) -> DutyQuery {
    DutyQuery {
        importer: importer.into(),
        date: date.parse().unwrap(),
        hts: HsCode::parse(hts).unwrap(),
        origin: origin.into(),
        value: d(value),
        facts: GoodFacts::default(),
        column1_rate: None,
        quantity: None,
        include_unconfirmed: false,
        beyond_as_of: false,
    }
}

fn stack(x: &DutyQuery) -> DutyStack {
    let s = duty_stack(&db(), x).unwrap();
    // The bulk mode gives the same amounts on every query here.
    let a = duty_amounts(&db(), x).unwrap();
    assert_eq!(a.total, s.total);
    assert_eq!(
        a.layers
            .iter()
            .map(|l| (l.measure_id.as_str(), l.amount))
            .collect::<Vec<_>>(),
        s.layers
            .iter()
            .map(|l| (l.measure_id.as_str(), l.amount))
            .collect::<Vec<_>>()
    );
    s
}

fn amount(s: &DutyStack, id: &str) -> Option<Decimal> {
    s.layers
        .iter()
        .find(|l| l.measure_id == id)
        .map(|l| l.amount)
}

fn reason<'a>(s: &'a DutyStack, id: &str) -> Option<&'a str> {
    s.not_applied
        .iter()
        .find(|n| n.measure_id == id)
        .map(|n| n.reason.as_str())
}

/// B24: the reciprocal tariffs are official law, on by default: 10% from
/// 2025-04-05; from 2025-08-07 the EU's all-in 15% (column 1 5.3% → 9.7%),
/// Japan's 15%, the UK's 10%; none on Canada or Mexico; none before
/// 2025-04-05 or after 2026-02-23.
#[test]
fn finding_ieepa_reciprocal_is_official_and_on_by_default() {
    let plastics = |date: &str, origin: &str| stack(&q("US", date, "3926.90.99", origin, "1000"));
    let s = plastics("2025-06-10", "DE");
    assert_eq!(
        amount(&s, "us.ieepa.reciprocal.baseline"),
        Some(d("100.00"))
    );
    assert!(s.unconfirmed_used.is_empty());
    let s = plastics("2025-10-01", "DE");
    assert_eq!(amount(&s, "us.mfn.39269099"), Some(d("53.00")));
    assert_eq!(amount(&s, "us.ieepa.reciprocal.eu"), Some(d("97.00")));
    assert_eq!(s.total, d("150.00"));
    assert!(
        reason(&s, "us.ieepa.reciprocal.baseline")
            .unwrap()
            .contains("replaced by us.ieepa.reciprocal.eu")
    );
    assert_eq!(
        amount(&plastics("2025-10-01", "JP"), "us.ieepa.reciprocal.jp"),
        Some(d("150.00"))
    );
    assert_eq!(
        amount(
            &plastics("2025-10-01", "GB"),
            "us.ieepa.reciprocal.baseline"
        ),
        Some(d("100.00"))
    );
    for (date, origin) in [
        ("2025-10-01", "CA"),
        ("2025-10-01", "MX"),
        ("2025-04-04", "DE"),
        ("2026-02-24", "DE"),
    ] {
        let s = plastics(date, origin);
        assert!(
            !s.layers
                .iter()
                .any(|l| l.measure_id.starts_with("us.ieepa.reciprocal")),
            "{date} {origin}"
        );
    }
    let m = db()
        .measure("us.ieepa.reciprocal.baseline")
        .unwrap()
        .clone();
    assert_eq!(m.status, Status::InForce);
    assert_eq!(m.confidence, Confidence::OfficialText);
}

/// B24: Annex II goods (here a pharmaceutical) are not subject; the result
/// says it assumed the good is one Annex II lists.
#[test]
fn finding_ieepa_reciprocal_annex2_exemption() {
    let s = stack(&q("US", "2025-06-10", "3004.90.92", "DE", "1000"));
    assert_eq!(amount(&s, "us.ieepa.reciprocal.annex2"), Some(d("0")));
    assert!(amount(&s, "us.ieepa.reciprocal.baseline").is_none());
    assert!(
        s.assumptions
            .iter()
            .any(|a| a.contains("pharmaceuticals listed in Annex II"))
    );
}

/// B24: goods in transit before 2025-08-07 and entered before 2025-10-05
/// keep the earlier 10%; not stated, the new rate applies and the result
/// says it assumed so.
#[test]
fn finding_ieepa_reciprocal_in_transit_rule() {
    let mut x = q("US", "2025-09-01", "3926.90.99", "DE", "1000");
    let s = stack(&x);
    assert_eq!(amount(&s, "us.ieepa.reciprocal.eu"), Some(d("97.00")));
    assert!(s.hints.iter().any(|h| h.fact == Fact::LoadedDate));
    assert!(
        s.assumptions
            .iter()
            .any(|a| a.contains("loaded for export"))
    );
    x.facts.loaded_on = Some("2025-08-01".parse().unwrap());
    let s = stack(&x);
    assert_eq!(
        amount(&s, "us.ieepa.reciprocal.in-transit"),
        Some(d("100.00"))
    );
    assert!(amount(&s, "us.ieepa.reciprocal.eu").is_none());
    x.date = "2025-10-05".parse().unwrap();
    let s = stack(&x);
    assert_eq!(amount(&s, "us.ieepa.reciprocal.eu"), Some(d("97.00")));
}

/// B24 and B.2 rule 6: §232 goods are not subject to the reciprocal duty;
/// a steel derivative bears it on its non-steel content only.
#[test]
fn finding_reciprocal_not_on_section232_goods() {
    let s = stack(&q("US", "2025-10-01", "8708.99.68", "DE", "1000"));
    assert!(
        reason(&s, "us.ieepa.reciprocal.eu")
            .unwrap()
            .contains("us.stack.232-over-reciprocal")
    );
    // 7318.15.20 (column 1 free), steel 400 of 1,000: 50% × 400 = 200;
    // EU all-in 15% on the other 600 = 90.
    let mut x = q("US", "2025-10-01", "7318.15.20", "DE", "1000");
    x.facts.steel_content = Some(d("400"));
    let s = stack(&x);
    assert_eq!(amount(&s, "us.232.steel.derivatives.50"), Some(d("200.00")));
    assert_eq!(amount(&s, "us.ieepa.reciprocal.eu"), Some(d("90.00")));
    // Before 2025-06-04 the derivative duty was on the full value (B19),
    // so nothing is left for the reciprocal duty (EO 14257 sec. 3(b)).
    x.date = "2025-05-01".parse().unwrap();
    let s = stack(&x);
    assert_eq!(amount(&s, "us.232.steel.derivatives.25"), Some(d("250.00")));
    assert_eq!(amount(&s, "us.ieepa.reciprocal.baseline"), Some(d("0")));
}

/// B18 with B24: MHDV goods are not subject to the reciprocal duty
/// (official: EO 14257 sec. 3(b)); MHDV × IEEPA Canada/Mexico, on which the
/// fact sheet is silent, is cited and flagged UNCONFIRMED.
#[test]
fn finding_mhdv_stacking_official_for_reciprocal_unconfirmed_for_ieepa() {
    let s = stack(&q("US", "2025-12-01", "8701.21.00", "DE", "100000"));
    assert_eq!(amount(&s, "us.232.mhdv.vehicles"), Some(d("25000.00")));
    assert!(
        reason(&s, "us.ieepa.reciprocal.eu")
            .unwrap()
            .contains("us.stack.232-over-reciprocal")
    );
    assert!(!s.warnings.iter().any(|w| w.contains("UNCONFIRMED")));
    let rule = db()
        .rules
        .iter()
        .find(|r| r.id == "us.stack.mhdv-over-ieepa")
        .unwrap()
        .clone();
    assert_eq!(rule.confidence, Confidence::Unconfirmed);
    assert!(rule.citation.contains("Proclamation 10984"));
    assert!(rule.loser.iter().all(|l| !l.contains("reciprocal")));
}

/// B7: a vehicle 25 years old or older owes no §232 automobile duty
/// (9903.94.04; MHDV 9903.74.07); its age unstated, the result assumes it
/// is younger and asks.
#[test]
fn finding_b7_vehicles_25_years_or_older() {
    let mut x = q("US", "2025-10-01", "8703.23.01", "DE", "40000");
    let s = stack(&x);
    assert_eq!(amount(&s, "us.deal.eu.vehicles"), Some(d("5000.00")));
    assert!(s.hints.iter().any(|h| h.fact == Fact::VehicleAge));
    x.facts.vehicle_age_years = Some(30);
    let s = stack(&x);
    assert_eq!(amount(&s, "us.232.autos.vehicles.old"), Some(d("0")));
    assert!(amount(&s, "us.232.autos.vehicles").is_none());
    assert!(
        s.warnings
            .iter()
            .any(|w| w.contains("us.232.autos.vehicles.old") && w.contains("THIRD-PARTY"))
    );
    x.facts.vehicle_age_years = Some(24);
    assert!(amount(&stack(&x), "us.232.autos.vehicles.old").is_none());
    let mut t = q("US", "2025-12-01", "8701.21.00", "DE", "100000");
    t.facts.vehicle_age_years = Some(25);
    t.facts.steel_content = Some(d("30000"));
    let s = stack(&t);
    assert_eq!(amount(&s, "us.232.mhdv.old"), Some(d("0")));
    assert!(amount(&s, "us.232.mhdv.vehicles").is_none());
}

/// B10: a part the caller states was added by the inclusion process pays
/// 25% under 9903.94.07 (not before 2025-10-15); USMCA-qualifying, it is
/// exempt; a part already on Annex I owes one 25%, not two.
#[test]
fn finding_b10_parts_inclusions() {
    let mut x = q("US", "2025-11-03", "8481.80.90", "DE", "1000");
    x.facts.listed = vec!["us232-auto-parts-inclusion".into()];
    let s = stack(&x);
    assert_eq!(amount(&s, "us.232.parts.inclusions"), Some(d("250.00")));
    assert!(
        reason(&s, "us.ieepa.reciprocal.eu")
            .unwrap()
            .contains("us.stack.232-over-reciprocal")
    );
    x.date = "2025-10-14".parse().unwrap();
    assert!(amount(&stack(&x), "us.232.parts.inclusions").is_none());
    let mut c = x.clone();
    c.date = "2025-11-03".parse().unwrap();
    c.origin = "CA".into();
    c.facts.usmca_qualifying = Some(true);
    let s = stack(&c);
    assert_eq!(amount(&s, "us.232.parts.inclusions.usmca"), Some(d("0")));
    assert!(amount(&s, "us.232.parts.inclusions").is_none());
    let mut p = q("US", "2025-11-03", "8708.99.68", "DE", "1000");
    p.facts.listed = vec!["us232-auto-parts-inclusion".into()];
    let s = stack(&p);
    assert!(amount(&s, "us.232.parts.inclusions").is_none());
    let not_listed = stack(&q("US", "2025-11-03", "8481.80.90", "DE", "1000"));
    assert!(amount(&not_listed, "us.232.parts.inclusions").is_none());
}

/// B26 and B.2 rule 7: §122 (2026-02-24 → 2026-07-23) spares vehicles
/// (PV, LT, MHDV, buses), the listed parts, §232 goods and USMCA goods;
/// other goods pay 10%.
#[test]
fn finding_section122_exemption_list() {
    let on = |hts: &str, origin: &str| stack(&q("US", "2026-03-02", hts, origin, "1000"));
    let s = on("8703.23.01", "DE");
    assert_eq!(amount(&s, "us.122.vehicles"), Some(d("0")));
    assert!(amount(&s, "us.122.surcharge").is_none());
    let s = on("8702.10.31", "DE");
    assert!(amount(&s, "us.122.surcharge").is_none());
    let s = on("8708.99.68", "DE");
    assert_eq!(amount(&s, "us.122.parts"), Some(d("0")));
    assert!(amount(&s, "us.122.surcharge").is_none());
    // An agricultural tractor is no MHDV: it pays, on the value left after
    // its steel content bore §232 first (steel 300 of 1,000: 10% × 700).
    let mut t = q("US", "2026-03-02", "8701.92.10", "DE", "1000");
    t.facts.steel_content = Some(d("300"));
    let s = stack(&t);
    assert_eq!(amount(&s, "us.122.surcharge"), Some(d("70.00")));
    let s = on("3926.90.99", "DE");
    assert_eq!(amount(&s, "us.122.surcharge"), Some(d("100.00")));
    let mut x = q("US", "2026-03-02", "3926.90.99", "CA", "1000");
    x.facts.usmca_qualifying = Some(true);
    assert!(amount(&stack(&x), "us.122.surcharge").is_none());
    x.date = "2026-07-24".parse().unwrap();
    x.facts.usmca_qualifying = Some(false);
    assert!(amount(&stack(&x), "us.122.surcharge").is_none());
}

/// C5/C6: Canada's broad 2025-03-04 list (2025-1 order) and the
/// non-metal items of SOR/2025-95 charged 25% until 2025-08-31 and were
/// repealed from 2025-09-01; the lists are not itemized, so they apply
/// when the caller states the good is listed.
#[test]
fn finding_c6_canada_broad_list_repealed_2025_09_01() {
    let mut x = q("CA", "2025-06-02", "8481.80", "US", "1000");
    x.column1_rate = Some(d("0"));
    let s = stack(&x);
    assert!(amount(&s, "ca.surtax.2025-1.us").is_none());
    assert!(
        reason(&s, "ca.surtax.2025-1.us")
            .unwrap()
            .contains("on list ca-surtax-2025-1")
    );
    x.facts.listed = vec!["ca-surtax-2025-1".into()];
    assert_eq!(amount(&stack(&x), "ca.surtax.2025-1.us"), Some(d("250.00")));
    x.date = "2025-09-01".parse().unwrap();
    let s = stack(&x);
    assert!(amount(&s, "ca.surtax.2025-1.us").is_none());
    assert!(
        reason(&s, "ca.surtax.2025-1.us")
            .unwrap()
            .contains("no longer in force")
    );
    let mut o = q("CA", "2025-08-29", "8471.30", "US", "1000");
    o.column1_rate = Some(d("0"));
    o.facts.listed = vec!["ca-surtax-2025-95-other".into()];
    assert_eq!(
        amount(&stack(&o), "ca.surtax.2025-95-other.us"),
        Some(d("250.00"))
    );
    o.date = "2025-03-12".parse().unwrap();
    assert!(amount(&stack(&o), "ca.surtax.2025-95-other.us").is_none());
}

/// C10: from 2026-01-01 Mexico's raised rates on autos, auto parts, steel
/// and textiles from non-FTA origins apply; their lines and rates are not
/// itemized, so the result says the 2026 rate (5%–50%) applies and asks
/// for it instead of leaving column 1 out without a word.
#[test]
fn finding_mexico_2026_tariffs_beyond_passenger_vehicles() {
    let mut x = q("MX", "2026-02-02", "8708.99", "CN", "1000");
    let s = stack(&x);
    assert!(s.layers.is_empty());
    assert!(
        s.warnings
            .iter()
            .any(|w| w.contains("LIGIE 2026") && w.contains("5%-50%"))
    );
    assert!(s.hints.iter().any(|h| h.fact == Fact::Column1Rate));
    assert!(duty_amounts(&db(), &x).unwrap().column1_missing);
    x.column1_rate = Some(d("35"));
    assert_eq!(stack(&x).total, d("350.00"));
    // From an FTA partner, or before 2026: not this measure.
    for (origin, date) in [("US", "2026-02-02"), ("CN", "2025-12-31")] {
        let mut y = q("MX", date, "8708.99", origin, "1000");
        y.facts.usmca_qualifying = Some(false);
        let s = stack(&y);
        assert!(!s.warnings.iter().any(|w| w.contains("LIGIE 2026")));
    }
    // Passenger vehicles keep their stated 50%.
    let s = stack(&q("MX", "2026-02-02", "8703.23", "CN", "1000"));
    assert_eq!(amount(&s, "mx.ligie.pv.2026"), Some(d("500.00")));
}

/// B20: from 2026-04-06 the metals measures take their scope from the
/// proclamation's annexes: annex 1a 50%, annex 1b 25%, annex 3 15% all-in,
/// annex 2 (removed from scope) none, copper included.
#[test]
fn finding_metals_2026_annexes_wired() {
    use crate::hts::ScopeItem;
    let lists = crate::scope_lists::builtin();
    let sched = crate::schedule::Schedule::builtin();
    let on_232_vehicle_lists = |c: &HsCode| {
        ["us232-auto-parts", "us232-mhdv-parts"]
            .iter()
            .any(|l| lists[*l].iter().any(|i| i.matches(c).is_some()))
    };
    let pick = |list: &str| -> HsCode {
        lists[list]
            .iter()
            .filter_map(|i| match i {
                ScopeItem::Code(c) => Some(c.clone()),
                _ => None,
            })
            .find(|c| {
                sched.rated(c).is_some_and(|r| {
                    r.general().pure_ad_valorem_pct().is_some() && !r.general().needs_quantity()
                }) && !on_232_vehicle_lists(c)
                    && !lists
                        .iter()
                        .filter(|(k, _)| k.starts_with("us232-2026-annex-") && k.as_str() != list)
                        .any(|(_, v)| v.iter().any(|i| i.matches(c).is_some()))
            })
            .unwrap_or_else(|| panic!("a rated line only on {list}"))
    };
    let run = |c: &HsCode| {
        let mut x = q("US", "2026-04-10", c.digits(), "DE", "1000");
        x.facts.metal_weight_pct = Some(d("50"));
        stack(&x)
    };
    let s = run(&pick("us232-2026-annex-1a-steel"));
    assert_eq!(amount(&s, "us.232.metals2026.primary"), Some(d("500.00")));
    let s = run(&pick("us232-2026-annex-1a-copper"));
    assert_eq!(amount(&s, "us.232.metals2026.primary"), Some(d("500.00")));
    let s = run(&pick("us232-2026-annex-1b-aluminum"));
    assert_eq!(
        amount(&s, "us.232.metals2026.derivatives"),
        Some(d("250.00"))
    );
    let c = pick("us232-2026-annex-3-steel");
    let s = run(&c);
    let col1 = sched
        .rated(&c)
        .unwrap()
        .general()
        .pure_ad_valorem_pct()
        .unwrap();
    assert_eq!(
        amount(&s, "us.232.metals2026.annex3"),
        Some(round_cents(pct_of(
            d("1000"),
            (d("15") - col1).max(Decimal::ZERO)
        )))
    );
    let s = run(&pick("us232-2026-annex-2-steel"));
    assert!(
        !s.layers
            .iter()
            .any(|l| l.measure_id.starts_with("us.232.metals2026"))
    );
    // Metal at most 15% of the weight: annex 1b exempt.
    let mut x = q(
        "US",
        "2026-04-10",
        pick("us232-2026-annex-1b-aluminum").digits(),
        "DE",
        "1000",
    );
    x.facts.metal_weight_pct = Some(d("10"));
    let s = stack(&x);
    assert_eq!(amount(&s, "us.232.metals2026.low-metal"), Some(d("0")));
}

/// The law engine never names a command-line flag: hints are structured
/// ids, assumptions, warnings, reasons and measure texts are in the law's
/// words (each interface words them for its users).
#[test]
fn no_law_string_names_a_cli_flag() {
    let flag = |s: &str| {
        s.as_bytes()
            .windows(3)
            .any(|w| w[0] == b'-' && w[1] == b'-' && w[2].is_ascii_lowercase())
    };
    let dbx = db();
    for m in &dbx.measures {
        for t in [&m.name, &m.citation].into_iter().chain(m.note.as_ref()) {
            assert!(!flag(t), "measure {}: {t}", m.id);
        }
    }
    let mut checked = 0;
    for (importer, date, hts, origin) in [
        ("US", "2025-10-01", "8703.23.01", "CA"),
        ("US", "2025-10-01", "8708.99.68", "DE"),
        ("US", "2025-10-01", "7318.15.20", "CA"),
        ("US", "2025-06-30", "8703.23.01", "GB"),
        ("US", "2026-04-10", "7320.90.50", "DE"),
        ("US", "2025-09-01", "3926.90.99", "JP"),
        ("US", "2025-10-01", "8701.21.00", "MX"),
        ("CA", "2025-10-01", "8703.23", "US"),
        ("MX", "2026-02-02", "8708.99", "CN"),
    ] {
        let mut x = q(importer, date, hts, origin, "1000");
        x.facts.steel_content = Some(d("300"));
        x.facts.aluminum_content = Some(d("100"));
        let s = duty_stack(&dbx, &x).unwrap();
        let texts = s
            .assumptions
            .iter()
            .chain(&s.warnings)
            .chain(s.hints.iter().map(|h| &h.message))
            .chain(s.not_applied.iter().map(|n| &n.reason))
            .chain(
                s.layers
                    .iter()
                    .flat_map(|l| l.note.iter().chain(&l.assumptions)),
            );
        for t in texts {
            assert!(!flag(t), "{hts} from {origin}: {t}");
        }
        assert!(!flag(&s.explanation.to_text()), "{hts}: explanation");
        checked += 1;
    }
    let late = q("US", "2027-01-04", "8703.23.01", "JP", "1000");
    let e = duty_stack(&dbx, &late).unwrap_err();
    assert!(!flag(&e.to_string()), "{e}");
    assert!(checked > 0);
}
