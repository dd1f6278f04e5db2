//! Regression tests for the second audit's wrong duty stacks, each named
//! after its item: W1 and W2 (one good, one §232 automobile/MHDV line), W3
//! and W4 (the deals' parts caps exactly where the §232 parts duty
//! applies), W5 (UK golf carts, old vehicles under the deals), W8 (an
//! origin is a country), W9 (a list a good is stated to be on is one the
//! law knows) and W10 (USMCA tariff-rate-quota lines, rate texts the
//! schedule parser used to reject, invented codes for Canada and Mexico).
//! The legal readings are those of the fact sheet (B.1, B.2) and, where it
//! is silent, of the HTSUS notes cited in the law files.
//!
//! The sweeps run the bulk mode ([`duty_amounts`]) over every tariff line
//! of the lists concerned; single cases also check the explained stack.

use super::*;
use crate::money::parse_decimal;
use crate::schedule::{Column1Rate, RateKind};

fn d(s: &str) -> Decimal {
    parse_decimal(s).unwrap()
}

fn db() -> LawDb {
    LawDb::builtin().expect("law data valid")
}

fn q(hts: &str, date: &str, origin: &str, value: &str) -> DutyQuery {
    DutyQuery {
        importer: "US".into(),
        date: date.parse().unwrap(),
        hts: HsCode::parse(hts).unwrap(),
        origin: origin.into(),
        value: d(value),
        // No metal content unless a test states one (a duty on a content
        // asks for it).
        facts: GoodFacts {
            steel_content: Some(Decimal::ZERO),
            aluminum_content: Some(Decimal::ZERO),
            copper_content: Some(Decimal::ZERO),
            ..GoodFacts::default()
        },
        column1_rate: None,
        quantity: None,
        include_unconfirmed: false,
        beyond_as_of: false,
    }
}

/// The explained stack, checked against the bulk mode's amounts.
fn stack(db: &LawDb, x: &DutyQuery) -> DutyStack {
    let s = duty_stack(db, x).unwrap();
    let a = duty_amounts(db, x).unwrap();
    assert_eq!(a.total, s.total, "{} {}", x.hts, x.origin);
    s
}

fn amount(s: &DutyStack, id: &str) -> Option<Decimal> {
    s.layers
        .iter()
        .find(|l| l.measure_id == id)
        .map(|l| l.amount)
}

fn ids(a: &DutyAmounts) -> Vec<&str> {
    a.layers.iter().map(|l| l.measure_id.as_str()).collect()
}

/// The §232 automobile, automobile-parts and MHDV lines and the deals'
/// caps that stand in for them: a good owes at most one of them.
fn section232_auto_lines(a: &DutyAmounts) -> Vec<&str> {
    ids(a)
        .into_iter()
        .filter(|id| {
            id.starts_with("us.232.autos.")
                || id.starts_with("us.232.parts.")
                || id.starts_with("us.232.mhdv.")
                || (id.starts_with("us.deal.") && !id.starts_with("us.deal.none"))
        })
        .collect()
}

/// The rated 8-digit lines of the schedule a scope list covers.
fn lines_of(db: &LawDb, measure: &str) -> Vec<HsCode> {
    let scope = &db.measure(measure).unwrap().scope;
    crate::schedule::Schedule::builtin()
        .rows()
        .iter()
        .filter(|r| r.general.is_some())
        .filter_map(|r| r.code.clone())
        .filter(|c| c.digits().len() == 8 && scope.contains(c))
        .collect()
}

fn in_scope(db: &LawDb, measure: &str, c: &HsCode) -> bool {
    db.measure(measure).unwrap().scope.contains(c)
}

/// W1: from 2025-11-01 a part on both the automobile-parts list (note
/// 33(g)) and the MHDV parts list (note 38(i)) from a deal partner paid the
/// deal's all-in cap plus the MHDV 25%: 8708.10.30 from DE, 1,000 → 400.
/// It owes the cap (stacking rule us.stack.deal-parts-over-mhdv-parts):
/// 2.5% + 12.5% = 150. Swept over every line on both lists, for each deal
/// partner: never both.
#[test]
fn w1_deal_parts_and_mhdv_parts_never_both() {
    let db = db();
    let s = stack(&db, &q("8708.10.30", "2025-12-01", "DE", "1000"));
    assert_eq!(amount(&s, "us.deal.eu.parts"), Some(d("125.00")));
    assert!(amount(&s, "us.232.mhdv.parts").is_none());
    assert_eq!(s.total, d("150.00"));
    assert!(
        s.not_applied
            .iter()
            .any(|n| n.measure_id == "us.232.mhdv.parts"
                && n.reason.contains("us.stack.deal-parts-over-mhdv-parts"))
    );
    let rule = db
        .rules
        .iter()
        .find(|r| r.id == "us.stack.deal-parts-over-mhdv-parts")
        .unwrap();
    assert_eq!(rule.confidence, Confidence::Secondary);
    assert!(rule.note.as_deref().unwrap().contains("silent"));
    // The reading is an assumption of the result.
    assert!(
        s.assumptions
            .iter()
            .any(|a| a.contains("passenger-vehicle or light-truck part")),
        "{:?}",
        s.assumptions
    );
    // A non-deal origin still owes one 25% line.
    let s = stack(&db, &q("8708.10.30", "2025-12-01", "CN", "1000"));
    assert_eq!(amount(&s, "us.232.mhdv.parts"), Some(d("250.00")));
    assert!(amount(&s, "us.232.parts.all").is_none());

    let both: Vec<HsCode> = lines_of(&db, "us.232.parts.all")
        .into_iter()
        .filter(|c| in_scope(&db, "us.232.mhdv.parts", c))
        .collect();
    assert!(both.len() > 50, "{} lines on both lists", both.len());
    for c in &both {
        for (origin, deal) in [
            ("DE", "us.deal.eu.parts"),
            ("JP", "us.deal.jp.parts"),
            ("KR", "us.deal.kr.parts"),
            ("GB", "us.deal.uk.parts"),
        ] {
            let a = duty_amounts(&db, &q(c.digits(), "2025-12-01", origin, "1000")).unwrap();
            let lines = section232_auto_lines(&a);
            assert!(lines.len() <= 1, "{c} from {origin}: {lines:?}");
            if in_scope(&db, deal, c) && !in_scope(&db, "us.232.mhdv.vehicles", c) {
                assert_eq!(lines, [deal], "{c} from {origin}");
            }
        }
    }
}

/// W2: chassis 8706 and works-truck parts 8709.90 paid both the MHDV
/// vehicle line and the MHDV parts line (8706.00.05 from JP, 40,000, on
/// 2025-11-15 → 21,600). A good note 38(b) lists as a vehicle owes the
/// vehicle line only: 4% + 25% = 11,600; 8709.90 is a part, not a vehicle.
/// Swept over every line of the vehicle list and the parts lists.
#[test]
fn w2_mhdv_vehicle_and_parts_lines_never_both() {
    let db = db();
    let s = stack(&db, &q("8706.00.05", "2025-11-15", "JP", "40000"));
    assert_eq!(amount(&s, "us.232.mhdv.vehicles"), Some(d("10000.00")));
    assert_eq!(s.total, d("11600.00"));
    for id in ["us.232.mhdv.parts", "us.deal.jp.parts", "us.232.parts.all"] {
        assert!(amount(&s, id).is_none(), "{id}");
    }
    assert!(
        s.assumptions
            .iter()
            .any(|a| a.contains("entered as a medium- or heavy-duty vehicle")),
        "{:?}",
        s.assumptions
    );
    let s = stack(&db, &q("8709.90.00", "2025-11-15", "DE", "1000"));
    assert_eq!(amount(&s, "us.232.mhdv.parts"), Some(d("250.00")));
    assert!(amount(&s, "us.232.mhdv.vehicles").is_none());
    // A chassis 25 years old owes nothing under §232, as a vehicle.
    let mut old = q("8706.00.50", "2025-11-15", "DE", "1000");
    old.facts.vehicle_age_years = Some(30);
    let s = stack(&db, &old);
    assert_eq!(amount(&s, "us.232.mhdv.old"), Some(d("0")));
    assert!(amount(&s, "us.232.mhdv.parts").is_none());

    let mut codes = lines_of(&db, "us.232.mhdv.vehicles");
    codes.extend(lines_of(&db, "us.232.mhdv.parts"));
    codes.extend(lines_of(&db, "us.232.parts.all"));
    codes.sort();
    codes.dedup();
    for c in &codes {
        for origin in ["DE", "JP", "KR", "GB", "CN", "BR", "CA"] {
            let a = duty_amounts(&db, &q(c.digits(), "2025-11-15", origin, "1000")).unwrap();
            let lines = section232_auto_lines(&a);
            assert!(lines.len() <= 1, "{c} from {origin}: {lines:?}");
        }
    }
}

/// W3: the JP/EU/KR parts caps covered only 8407/8408/8409/8544.30/8708, so
/// Japanese tyres (4011.10.10) paid 25% + 4% = 29% instead of 15%. The
/// deals' parts lines now cover the §232 automobile-parts list itself: a
/// part owes the deal's cap wherever 9903.94.05 would apply.
#[test]
fn w3_deal_parts_cover_every_section232_auto_part() {
    let db = db();
    let s = stack(&db, &q("4011.10.10", "2025-10-01", "JP", "1000"));
    assert_eq!(s.total, d("150.00"));
    assert_eq!(amount(&s, "us.deal.jp.parts"), Some(d("110.00")));
    assert!(amount(&s, "us.232.parts.all").is_none());
    let parts = &db.measure("us.232.parts.all").unwrap().scope;
    for id in [
        "us.deal.eu.parts",
        "us.deal.jp.parts",
        "us.deal.kr.parts",
        "us.deal.tw.parts",
    ] {
        assert_eq!(&db.measure(id).unwrap().scope, parts, "{id}");
    }
    // Swept: before the MHDV tariff, every line of the list owes exactly
    // the deal's cap from each deal partner, never 9903.94.05.
    for c in lines_of(&db, "us.232.parts.all") {
        for (origin, date, deal) in [
            ("JP", "2025-10-01", "us.deal.jp.parts"),
            ("DE", "2025-10-01", "us.deal.eu.parts"),
            ("KR", "2026-01-15", "us.deal.kr.parts"),
        ] {
            if in_scope(&db, "us.232.mhdv.vehicles", &c) && date > "2025-11-01" {
                continue;
            }
            // Lines of the list that are not vehicle parts (8471, bodies
            // for tractors and buses) take no §232 parts duty and no cap.
            if in_scope(&db, "us.232.parts.not-vehicle-part", &c) {
                continue;
            }
            let a = duty_amounts(&db, &q(c.digits(), date, origin, "1000")).unwrap();
            assert_eq!(section232_auto_lines(&a), [deal], "{c} from {origin}");
        }
    }
    // The UK cap covers its own list (note 33(j)), all of it on note 33(g).
    for c in lines_of(&db, "us.deal.uk.parts") {
        assert!(in_scope(&db, "us.232.parts.all", &c), "{c}");
    }
}

/// W4: the deals' parts caps reached 8708 lines that are not §232
/// automobile parts (8708.99.23 from DE, with steel content, 2025-10-01):
/// such a line keeps its own duties — §232 steel on the steel content and
/// the EU's reciprocal duty on the rest — and no deal line. Swept over
/// every 8708 line off the list.
#[test]
fn w4_deal_parts_only_where_section232_parts_apply() {
    let db = db();
    let mut x = q("8708.99.23", "2025-10-01", "DE", "1000");
    x.facts.steel_content = Some(d("400"));
    let s = stack(&db, &x);
    assert!(amount(&s, "us.deal.eu.parts").is_none());
    assert!(amount(&s, "us.232.parts.all").is_none());
    assert_eq!(
        amount(&s, "us.232.steel.derivatives.inclusions"),
        Some(d("200.00"))
    );
    assert!(amount(&s, "us.ieepa.reciprocal.eu").is_some_and(|a| a > Decimal::ZERO));
    let off_list: Vec<HsCode> = crate::schedule::Schedule::builtin()
        .rows()
        .iter()
        .filter(|r| r.general.is_some())
        .filter_map(|r| r.code.clone())
        .filter(|c| c.digits().len() == 8 && c.digits().starts_with("8708"))
        .filter(|c| !in_scope(&db, "us.232.parts.all", c))
        .collect();
    assert!(!off_list.is_empty());
    for c in &off_list {
        for (origin, date) in [
            ("DE", "2025-10-01"),
            ("JP", "2025-10-01"),
            ("KR", "2026-01-15"),
            ("GB", "2025-10-01"),
        ] {
            let a = duty_amounts(&db, &q(c.digits(), date, origin, "1000")).unwrap();
            assert!(
                !ids(&a).iter().any(|id| id.starts_with("us.deal.")),
                "{c} from {origin}: {:?}",
                ids(&a)
            );
        }
    }
}

/// W5: UK golf carts (8703.10.50, outside Annex I) and UK vehicles 25 years
/// old or older paid the 25% over-quota line. Golf carts are outside the UK
/// quota line (note 33(i)); an old vehicle owes 9903.94.04 (0%) and no deal
/// line, from the UK and from every deal partner.
#[test]
fn w5_uk_golf_carts_and_old_vehicles_owe_no_section232() {
    let db = db();
    // (A golf cart is a listed steel derivative: that duty is its own.)
    let s = stack(&db, &q("8703.10.50", "2025-10-01", "GB", "10000"));
    assert!(amount(&s, "us.deal.uk.vehicles").is_none());
    assert!(
        !s.layers
            .iter()
            .any(|l| l.measure_id.starts_with("us.232.autos.")
                || l.measure_id.starts_with("us.deal.")),
        "{:?}",
        s.layers.iter().map(|l| &l.measure_id).collect::<Vec<_>>()
    );
    for (origin, date) in [
        ("GB", "2025-10-01"),
        ("JP", "2025-10-01"),
        ("DE", "2025-10-01"),
        ("KR", "2025-12-01"),
    ] {
        let mut x = q("8703.23.01", date, origin, "40000");
        x.facts.vehicle_age_years = Some(30);
        let s = stack(&db, &x);
        assert_eq!(amount(&s, "us.232.autos.vehicles.old"), Some(d("0")));
        assert!(
            !s.layers
                .iter()
                .any(|l| l.measure_id.starts_with("us.deal.")),
            "{origin}: {:?}",
            s.layers.iter().map(|l| &l.measure_id).collect::<Vec<_>>()
        );
        // Younger, the deal line applies.
        x.facts.vehicle_age_years = Some(24);
        let s = stack(&db, &x);
        assert!(
            s.layers
                .iter()
                .any(|l| l.measure_id.starts_with("us.deal.")),
            "{origin}"
        );
    }
}

/// W8: an origin that is not a country (`EU`, `XX`) was priced as if from a
/// country without a deal. It is refused, naming the valid forms.
#[test]
fn w8_origin_must_be_a_country() {
    let db = db();
    for bad in ["EU", "XX", "UK"] {
        let e = duty_stack(&db, &q("8703.23.01", "2025-10-01", bad, "40000")).unwrap_err();
        assert!(
            matches!(&e, DutyError::UnknownCountry { what: "origin", code } if code == bad),
            "{e:?}"
        );
        let text = e.to_string();
        assert!(text.contains("ISO 3166 alpha-2"), "{text}");
        assert!(duty_amounts(&db, &q("8703.23.01", "2025-10-01", bad, "40000")).is_err());
    }
    let e = duty_stack(&db, &q("8703.23.01", "2025-10-01", "EU", "40000")).unwrap_err();
    assert!(e.to_string().contains("member state's code (e.g. DE)"));
    let mut x = q("7318.15.20", "2025-10-01", "DE", "1000");
    x.facts.melt_pour = Some("EU".into());
    assert!(matches!(
        duty_stack(&db, &x),
        Err(DutyError::UnknownCountry {
            what: "melt-and-pour country",
            ..
        })
    ));
    assert!(duty_stack(&db, &q("8703.23.01", "2025-10-01", "DE", "40000")).is_ok());
    // "Any other origin" (the wedges' rest-of-world proxies) is priced.
    assert!(duty_amounts(&db, &q("8703.23.01", "2025-10-01", "ZZ", "40000")).is_ok());
}

/// W9: a misspelled `listed` name was ignored, so the measure it was meant
/// for silently did not apply. An unknown name is an error listing the
/// importer's known lists (and hinting at the field that takes them).
#[test]
fn w9_unknown_listed_name_is_an_error() {
    let db = db();
    let mut x = q("8409.91.99", "2025-11-01", "DE", "1000");
    x.facts.listed = vec!["us232-auto-parts-inclusions".into()];
    let e = duty_stack(&db, &x).unwrap_err();
    let DutyError::UnknownList { name, known, .. } = &e else {
        panic!("{e:?}")
    };
    assert_eq!(name, "us232-auto-parts-inclusions");
    assert!(
        known.contains(&"us232-auto-parts-inclusion".to_string()),
        "{known:?}"
    );
    assert!(!known.contains(&"us232-auto-parts-inclusions".to_string()));
    assert!(e.to_string().contains("us232-auto-parts-inclusion"));
    assert_eq!(e.hint().map(|h| h.fact), Some(Fact::Listed));
    // A Canadian list is not a list of the U.S. law.
    x.facts.listed = vec!["ca-surtax-2025-1".into()];
    assert!(matches!(
        duty_stack(&db, &x),
        Err(DutyError::UnknownList { .. })
    ));
    x.facts.listed = vec!["us232-auto-parts-inclusion".into()];
    assert!(duty_stack(&db, &x).is_ok());
}

/// W10: the schedule parser rejected rate texts such as `$1.035/kg +13.6%`
/// and `33.9¢/kg of total sugars + 5.1%`, which a bulk caller then read as
/// no column 1. Both parse, the specific part with its unit.
#[test]
fn w10_rates_with_tight_plus_and_counted_units_parse() {
    let r = Column1Rate::parse("$1.035/kg +13.6%");
    assert_eq!(r.kind(), RateKind::Compound);
    assert_eq!(r.ad_valorem_pct, Some(d("13.6")));
    assert_eq!(r.specific[0].usd_per_unit, d("1.035"));
    assert_eq!(r.quantity_unit(), Some("kg"));
    let r = Column1Rate::parse("33.9¢/kg of total sugars + 5.1%");
    assert_eq!(r.kind(), RateKind::Compound);
    assert_eq!(r.ad_valorem_pct, Some(d("5.1")));
    assert_eq!(r.specific[0].usd_per_unit, d("0.339"));
    assert_eq!(r.quantity_unit(), Some("kg of total sugars"));
    let r = Column1Rate::parse("3.7¢/kg on drained weight");
    assert_eq!(
        (r.kind(), r.quantity_unit()),
        (RateKind::Specific, Some("kg on drained weight"))
    );
    // The duty engine asks for the quantity in that unit.
    let e = duty_stack(&db(), &q("1702.40.28", "2025-10-01", "BR", "1000")).unwrap_err();
    assert!(
        matches!(&e, DutyError::NeedsQuantity { unit, .. } if unit == "kg of total sugars"),
        "{e:?}"
    );
    let mut x = q("1702.40.28", "2025-10-01", "BR", "1000");
    x.quantity = Some(d("100"));
    // 5.1% × 1,000 + 0.339 × 100 = 51 + 33.90.
    assert_eq!(
        amount(&stack(&db(), &x), "us.mfn.1702402800"),
        Some(d("84.90"))
    );
}

/// W10: on a USMCA tariff-rate-quota line ("See 9823…", S+) the engine gave
/// a USMCA-qualifying good free entry whatever its quota status, while the
/// wedges charged column 1. Goods of Canada enter free inside the quota
/// only (the status not stated, over it: column 1, said so); goods of
/// Mexico free where the quota's first heading (9823.NN.01) says so.
#[test]
fn w10_usmca_trq_lines_free_only_inside_the_quota() {
    let db = db();
    // 0402.21.90 (dairy, $1.556/kg, S+ See 9823.03.01-9823.03.12).
    let mut x = q("0402.21.90", "2024-06-01", "CA", "1000");
    x.facts.usmca_qualifying = Some(true);
    x.quantity = Some(d("100"));
    let s = stack(&db, &x);
    assert_eq!(amount(&s, "us.mfn.0402219000"), Some(d("155.60")));
    assert!(amount(&s, "us.usmca.preference").is_none());
    assert!(s.hints.iter().any(|h| h.fact == Fact::QuotaStatus));
    assert!(
        s.assumptions
            .iter()
            .any(|a| a.contains("assumed over the USMCA tariff-rate quota"))
    );
    x.facts.quota = Some(QuotaStatus::In);
    let s = stack(&db, &x);
    assert_eq!(s.total, d("0"));
    assert_eq!(amount(&s, "us.usmca.preference"), Some(d("0")));
    // Goods of Mexico: 9823.03.01 reads "Goods of Mexico …", free.
    x.origin = "MX".into();
    x.facts.quota = None;
    assert_eq!(stack(&db, &x).total, d("0"));
    // Sugar (9823.10): no such heading, so Mexico too needs the quota.
    let mut y = q("1702.40.28", "2024-06-01", "MX", "1000");
    y.facts.usmca_qualifying = Some(true);
    y.quantity = Some(d("100"));
    assert_eq!(stack(&db, &y).total, d("84.90"));
    y.facts.quota = Some(QuotaStatus::In);
    assert_eq!(stack(&db, &y).total, d("0"));
    // An ordinary S line stays free.
    let mut z = q("8708.99.68", "2024-06-01", "MX", "1000");
    z.facts.usmca_qualifying = Some(true);
    assert_eq!(stack(&db, &z).total, d("0"));
}

/// W10: `--importer CA|MX` took any 4- or 6-digit code, an invented one
/// included, and priced it as if no measure applied. A code whose heading
/// or subheading is not one of the Harmonized System's is refused, as for
/// U.S. imports; every code the Canadian and Mexican measures name passes.
#[test]
fn w10_invented_code_refused_for_canada_and_mexico() {
    let db = db();
    for importer in ["CA", "MX"] {
        for code in ["9999.99", "8799", "8703.99", "8703.99.00"] {
            let mut x = q(code, "2025-10-01", "US", "1000");
            x.importer = importer.into();
            let e = duty_stack(&db, &x).unwrap_err();
            assert!(
                matches!(&e, DutyError::UnknownCode { importer: i, .. } if i == importer),
                "{importer} {code}: {e:?}"
            );
            assert!(e.to_string().contains("Harmonized System"), "{e}");
            assert!(duty_amounts(&db, &x).is_err());
        }
        let mut x = q("8703.23", "2025-10-01", "US", "1000");
        x.importer = importer.into();
        assert!(duty_stack(&db, &x).is_ok(), "{importer}");
        // A column-1 rate the caller states lifts the refusal, with a
        // warning (as for U.S. imports; the wedges rely on it for the
        // rare trade-data code outside the HTSUS edition).
        let mut x = q("4420.19", "2025-10-01", "US", "1000");
        x.importer = importer.into();
        x.column1_rate = Some(d("0"));
        let s = duty_stack(&db, &x).unwrap();
        assert!(
            s.warnings
                .iter()
                .any(|w| w.contains("stated column-1 rate")),
            "{:?}",
            s.warnings
        );
    }
    let schedule = crate::schedule::Schedule::builtin();
    for m in db.measures.iter().filter(|m| m.importer != "US") {
        for item in m.scope.include.iter() {
            if let crate::hts::ScopeItem::Code(c) = item {
                let hs = HsCode::parse(&c.digits()[..c.digits().len().min(6)]).unwrap();
                assert!(
                    !matches!(
                        schedule.lookup(&hs),
                        crate::schedule::Lookup::Unknown { .. }
                    ),
                    "{} names {c}",
                    m.id
                );
            }
        }
    }
}
