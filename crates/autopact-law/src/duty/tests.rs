//! Duty-stack tests: fact-sheet F14 derived vectors, the four reference
//! dates for five representative goods, and a data-driven edge test over
//! every measure (day before/of start and end, scope, origin, conditions).

use super::*;
use crate::hint::Fact;
use crate::hts::ScopeItem;
use crate::money::parse_decimal;
use crate::schedule::Schedule;

fn d(s: &str) -> Decimal {
    parse_decimal(s).unwrap()
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn db() -> LawDb {
    LawDb::builtin().expect("law data valid")
}

fn q(importer: &str, date: &str, hts: &str, origin: &str, value: &str) -> DutyQuery {
    DutyQuery {
        importer: importer.into(),
        date: day(date),
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

fn amounts(s: &DutyStack) -> Vec<(String, Decimal)> {
    s.layers
        .iter()
        .map(|l| (l.measure_id.clone(), l.amount))
        .collect()
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

// ---------------------------------------------------------------- F14 (derived)

/// F14 derived: Japan PV 8703 from 2025-09-16: MFN 1,000 + 9903.94.41 top-up 5,000 = 6,000.
#[test]
fn derived_f14_japan_pv_cap() {
    let s = duty_stack(&db(), &q("US", "2025-10-01", "8703.23.01", "JP", "40000")).unwrap();
    assert_eq!(amount(&s, "us.mfn.87032301"), Some(d("1000")));
    assert_eq!(amount(&s, "us.deal.jp.vehicles"), Some(d("5000")));
    assert_eq!(s.layers[1].heading.as_deref(), Some("9903.94.41"));
    assert_eq!(s.total, d("6000"));
    assert!(
        reason(&s, "us.232.autos.vehicles")
            .unwrap()
            .contains("replaced by us.deal.jp.vehicles")
    );
}

/// F14 derived: USMCA PV with Commerce-approved US content 16,000 of 40,000:
/// §232 6,000 on 24,000 (9903.94.03) + 0 on 16,000 (9903.94.02); MFN 0 (SPI S).
#[test]
fn derived_f14_usmca_pv_with_us_content() {
    let mut x = q("US", "2025-10-01", "8703.23.01", "CA", "40000");
    x.facts.usmca_qualifying = Some(true);
    x.facts.us_content = Some(d("16000"));
    let s = duty_stack(&db(), &x).unwrap();
    let l = s
        .layers
        .iter()
        .find(|l| l.measure_id == "us.232.autos.vehicles.usmca-non-us")
        .unwrap();
    assert_eq!((l.base, l.amount), (d("24000"), d("6000")));
    let l2 = s
        .layers
        .iter()
        .find(|l| l.measure_id == "us.232.autos.vehicles.usmca-us-content")
        .unwrap();
    assert_eq!((l2.base, l2.amount), (d("16000"), d("0")));
    assert_eq!(amount(&s, "us.usmca.preference"), Some(d("0")));
    assert_eq!(s.total, d("6000"));
}

/// F14 derived: USMCA PV without Commerce approval: 25% on the full value.
#[test]
fn derived_f14_usmca_pv_without_approval() {
    let mut x = q("US", "2025-10-01", "8703.23.01", "CA", "40000");
    x.facts.usmca_qualifying = Some(true);
    let s = duty_stack(&db(), &x).unwrap();
    assert_eq!(amount(&s, "us.232.autos.vehicles"), Some(d("10000")));
    assert_eq!(s.total, d("10000"));
}

/// F14 derived: Canada's surtax on US vehicles, VFD 50,000.
#[test]
fn derived_f14_canada_surtax() {
    let dbx = db();
    let base = q("CA", "2025-10-01", "8703.23.00", "US", "50000");
    // non-CUSMA: 25% × A
    let mut x = base.clone();
    x.facts.usmca_qualifying = Some(false);
    let s = duty_stack(&dbx, &x).unwrap();
    assert_eq!(amount(&s, "ca.surtax.vehicles.non-cusma"), Some(d("12500")));
    // CUSMA, no claim: B = 7,500; surtax 10,625
    let mut x = base.clone();
    x.facts.usmca_qualifying = Some(true);
    let s = duty_stack(&dbx, &x).unwrap();
    let l = s
        .layers
        .iter()
        .find(|l| l.measure_id == "ca.surtax.vehicles.cusma")
        .unwrap();
    assert_eq!((l.base, l.amount), (d("42500"), d("10625")));
    assert!(l.explanation.to_text().contains("7500.00"));
    // claim 5,000 < 15% of A: ignored
    x.facts.ca_mx_content = Some(d("5000"));
    let s = duty_stack(&dbx, &x).unwrap();
    assert_eq!(amount(&s, "ca.surtax.vehicles.cusma"), Some(d("10625")));
    // claim 20,000 > 15%: used
    x.facts.ca_mx_content = Some(d("20000"));
    let s = duty_stack(&dbx, &x).unwrap();
    assert_eq!(amount(&s, "ca.surtax.vehicles.cusma"), Some(d("7500")));
    // remission flag gives it back as a negative layer
    x.facts.remission = true;
    let s = duty_stack(&dbx, &x).unwrap();
    assert_eq!(amount(&s, "ca.remission.vehicles.2025"), Some(d("-7500")));
    assert_eq!(s.total, d("0"));
}

// ------------------------------------------------ four dates × representative goods

fn stack_on(x: &DutyQuery, date: &str) -> DutyStack {
    let mut x = x.clone();
    x.date = day(date);
    duty_stack(&db(), &x).unwrap()
}

#[test]
fn four_dates_japanese_car() {
    let x = q("US", "2025-03-01", "8703.23.01", "JP", "40000");
    let totals: Vec<Decimal> = ["2025-03-01", "2025-06-10", "2025-10-01", "2026-03-01"]
        .iter()
        .map(|dt| stack_on(&x, dt).total)
        .collect();
    // MFN only; + §232 25%; 15% all-in; 15% all-in (§122 excludes vehicles).
    assert_eq!(totals, vec![d("1000"), d("11000"), d("6000"), d("6000")]);
    let s = stack_on(&x, "2026-03-01");
    assert!(
        reason(&s, "us.122.surcharge")
            .unwrap()
            .contains("replaced by us.122.vehicles")
    );
}

#[test]
fn four_dates_canadian_usmca_car_with_us_content() {
    let mut x = q("US", "2025-03-01", "8703.23.01", "CA", "40000");
    x.facts.usmca_qualifying = Some(true);
    x.facts.us_content = Some(d("20000"));
    let t: Vec<Decimal> = ["2025-03-01", "2025-06-10", "2025-10-01", "2026-03-01"]
        .iter()
        .map(|dt| stack_on(&x, dt).total)
        .collect();
    assert_eq!(t, vec![d("0"), d("5000"), d("5000"), d("5000")]);
    // IEEPA Canada: USMCA exemption (replaced) on 2025-06-10; ended by 2026-03-01.
    let s = stack_on(&x, "2025-06-10");
    assert!(
        reason(&s, "us.ieepa.ca.general")
            .unwrap()
            .contains("replaced by us.ieepa.ca.usmca")
    );
    let s = stack_on(&x, "2026-03-01");
    assert!(
        reason(&s, "us.ieepa.ca.general35")
            .unwrap()
            .contains("no longer in force")
    );
}

#[test]
fn four_dates_mexican_non_qualifying_part() {
    let mut x = q("US", "2025-03-01", "8708.99.68", "MX", "10000");
    x.facts.usmca_qualifying = Some(false);
    let t: Vec<Vec<(String, Decimal)>> = ["2025-03-01", "2025-06-10", "2025-10-01", "2026-03-01"]
        .iter()
        .map(|dt| amounts(&stack_on(&x, dt)))
        .collect();
    assert_eq!(t[0], vec![("us.mfn.87089968".into(), d("250"))]);
    let with_232 = vec![
        ("us.mfn.87089968".to_string(), d("250")),
        ("us.232.parts.all".to_string(), d("2500")),
    ];
    assert_eq!(t[1], with_232);
    assert_eq!(t[2], with_232);
    // From 2025-11-01 the line is also on the MHDV parts list: one 25%
    // duty, reported under 9903.74.08; in March 2026 the §122 parts
    // exemption is reported at 0.
    assert_eq!(
        t[3],
        vec![
            ("us.mfn.87089968".to_string(), d("250")),
            ("us.232.mhdv.parts".to_string(), d("2500")),
            ("us.122.parts".to_string(), d("0")),
        ]
    );
    // IEEPA Mexico excluded by §232 parts (EO 14289) in June; §122 excluded in March 2026.
    let s = stack_on(&x, "2025-06-10");
    assert!(
        reason(&s, "us.ieepa.mx.general")
            .unwrap()
            .contains("us.stack.autos-over-ieepa")
    );
    let s = stack_on(&x, "2026-03-01");
    assert!(
        reason(&s, "us.122.surcharge")
            .unwrap()
            .contains("replaced by us.122.parts")
    );
    // Before parts §232 started (2025-05-03), IEEPA Mexico applied.
    let s = stack_on(&x, "2025-04-10");
    assert_eq!(amount(&s, "us.ieepa.mx.general"), Some(d("2500")));
}

#[test]
fn four_dates_steel_heavy_part() {
    // Canadian spring (7320.90, ch. 73 steel derivative; leaf springs 7320.10
    // are on the §232 automobile-parts list), not USMCA-qualifying,
    // value 10,000 of which steel 6,000 melted and poured in Canada. Column 1 asserted 3.2%.
    let mut x = q("US", "2025-03-01", "7320.90.50", "CA", "10000");
    x.facts.usmca_qualifying = Some(false);
    x.facts.steel_content = Some(d("6000"));
    x.facts.melt_pour = Some("CA".into());
    x.column1_rate = Some(d("3.2"));
    let a = |dt| amounts(&stack_on(&x, dt));
    assert_eq!(a("2025-03-01"), vec![("user.column1".into(), d("320"))]);
    // IEEPA 25% on the non-steel 4,000 after the steel 50% on 6,000.
    assert_eq!(
        a("2025-06-10"),
        vec![
            ("user.column1".into(), d("320")),
            ("us.232.steel.derivatives.50".into(), d("3000")),
            ("us.ieepa.ca.general".into(), d("1000"))
        ]
    );
    assert_eq!(
        a("2025-10-01"),
        vec![
            ("user.column1".into(), d("320")),
            ("us.232.steel.derivatives.50".into(), d("3000")),
            ("us.ieepa.ca.general35".into(), d("1400"))
        ]
    );
    assert_eq!(
        a("2026-03-01"),
        vec![
            ("user.column1".into(), d("320")),
            ("us.232.steel.derivatives.50".into(), d("3000")),
            ("us.122.surcharge".into(), d("400"))
        ]
    );
    // Before 2025-06-04, IEEPA Canada excluded §232 steel (EO 14289 as issued).
    let s = stack_on(&x, "2025-04-10");
    assert_eq!(amount(&s, "us.ieepa.ca.general"), Some(d("2500")));
    assert!(
        reason(&s, "us.232.steel.derivatives.25")
            .unwrap()
            .contains("us.stack.ieepa-over-metals")
    );
    // 2026 restructuring: 7320.90.50 is on annex 1a, 50% of the full
    // value; §122 excluded.
    let s = stack_on(&x, "2026-04-10");
    assert_eq!(amount(&s, "us.232.metals2026.primary"), Some(d("5000")));
    assert!(amount(&s, "us.232.metals2026.derivatives").is_none());
    assert!(amount(&s, "us.122.surcharge").is_none());
}

#[test]
fn four_dates_chinese_ev_part() {
    let x = q("US", "2025-03-01", "8708.99.68", "CN", "10000");
    let t: Vec<Decimal> = ["2025-03-01", "2025-06-10", "2025-10-01", "2026-03-01"]
        .iter()
        .map(|dt| stack_on(&x, dt).total)
        .collect();
    // MFN 2.5% + §301 25%; then + §232 parts 25% (third-party illustration: 52.5%).
    assert_eq!(t, vec![d("2750"), d("5250"), d("5250"), d("5250")]);
    let s = stack_on(&x, "2025-06-10");
    assert_eq!(s.effective_rate, d("52.5"));
    assert!(
        s.warnings
            .iter()
            .any(|w| w.contains("us.301.cn.list3-parts") && w.contains("THIRD-PARTY-ENGINE"))
    );
}

// ---------------------------------------------------------------- behaviours

#[test]
fn unconfirmed_measures_are_off_by_default_and_flagged_when_used() {
    let mut x = q("US", "2026-09-01", "3926.90", "CA", "1000");
    x.facts.usmca_qualifying = Some(false);
    x.column1_rate = Some(d("0"));
    let s = duty_stack(&db(), &x).unwrap();
    assert!(reason(&s, "us.338.ca").unwrap().contains("UNCONFIRMED"));
    assert!(s.unconfirmed_used.is_empty());
    x.include_unconfirmed = true;
    let s = duty_stack(&db(), &x).unwrap();
    assert_eq!(amount(&s, "us.338.ca"), Some(d("500")));
    assert!(s.unconfirmed_used.contains(&"us.338.ca".to_string()));
    assert!(s.warnings.iter().any(|w| w.contains("UNCONFIRMED")));
}

#[test]
fn missing_column1_rate_is_a_warning_not_a_silent_zero() {
    // The U.S. schedule rates every line; Canada's column 1 is not in the data.
    let s = duty_stack(&db(), &q("US", "2025-06-10", "9401.20.00", "DE", "1000")).unwrap();
    assert_eq!(s.layers[0].measure_id, "us.mfn.9401200000");
    let s = duty_stack(&db(), &q("CA", "2025-06-10", "9401.20", "DE", "1000")).unwrap();
    assert!(s.warnings.iter().any(|w| w.contains("column-1")));
    assert!(
        s.hints
            .iter()
            .any(|h| h.fact == crate::hint::Fact::Column1Rate)
    );
}

#[test]
fn light_truck_from_japan_pays_no_top_up_over_the_cap() {
    let s = duty_stack(&db(), &q("US", "2025-10-01", "8704.21.01", "JP", "40000")).unwrap();
    assert_eq!(amount(&s, "us.mfn.8704210100"), Some(d("10000")));
    let l = s
        .layers
        .iter()
        .find(|l| l.measure_id == "us.deal.jp.vehicles")
        .unwrap();
    assert_eq!(
        (l.amount, l.heading.as_deref()),
        (d("0"), Some("9903.94.40"))
    );
}

#[test]
fn uk_quota_in_and_out() {
    let mut x = q("US", "2025-07-01", "8703.23.01", "GB", "40000");
    let s = duty_stack(&db(), &x).unwrap();
    assert_eq!(amount(&s, "us.deal.uk.vehicles"), Some(d("10000")));
    assert!(s.assumptions.iter().any(|a| a.contains("over the quota")));
    x.facts.quota = Some(QuotaStatus::In);
    let s = duty_stack(&db(), &x).unwrap();
    assert_eq!(amount(&s, "us.deal.uk.vehicles"), Some(d("3000")));
    assert_eq!(s.total, d("4000"));
}

#[test]
fn bad_inputs_are_errors() {
    let dbx = db();
    assert!(matches!(
        duty_stack(&dbx, &q("US", "2023-12-31", "8703.23.01", "JP", "1")),
        Err(DutyError::DateOutsideData { .. })
    ));
    assert!(matches!(
        duty_stack(&dbx, &q("US", "2027-01-01", "8703.23.01", "JP", "1")),
        Err(DutyError::DateOutsideData { .. })
    ));
    let mut x = q("US", "2027-01-01", "8703.23.01", "JP", "1");
    x.beyond_as_of = true;
    assert!(duty_stack(&dbx, &x).is_ok());
    assert!(matches!(
        duty_stack(&dbx, &q("US", "2025-06-10", "8703.23.01", "JP", "0")),
        Err(DutyError::BadValue(_))
    ));
    let mut x = q("US", "2025-06-10", "8703.23.01", "CA", "100");
    x.facts.us_content = Some(d("101"));
    assert!(matches!(duty_stack(&dbx, &x), Err(DutyError::BadValue(_))));
    assert!(matches!(
        duty_stack(&dbx, &q("FR", "2025-06-10", "8703.23.01", "JP", "1")),
        Err(DutyError::UnknownImporter(_))
    ));
}

// ------------------------------------------------ data-driven edges of every measure

fn probe_code(m: &Measure) -> HsCode {
    if m.scope.all {
        return HsCode::parse("3926.90").unwrap();
    }
    fn first(i: &ScopeItem) -> HsCode {
        match i {
            ScopeItem::Code(c) => c.clone(),
            ScopeItem::Range(lo, _) => lo.clone(),
            ScopeItem::Ex(inner, _) => first(inner),
        }
    }
    m.scope
        .include
        .iter()
        .map(first)
        .find(|c| m.scope.contains(c))
        .expect("a scope item outside the exclusions")
}

fn satisfying_query(m: &Measure, date: NaiveDate) -> DutyQuery {
    let origin = m.origin.first().cloned().unwrap_or_else(|| {
        ["DE", "BR", "IN"]
            .iter()
            .find(|c| !m.origin_not.contains(&c.to_string()))
            .unwrap()
            .to_string()
    });
    // Metal contents stated (a duty on a content asks for it).
    let mut f = GoodFacts {
        usmca_qualifying: Some(false),
        quota: Some(QuotaStatus::In),
        steel_content: Some(d("100")),
        aluminum_content: Some(d("100")),
        copper_content: Some(d("100")),
        ..Default::default()
    };
    for c in &m.when {
        match c {
            Cond::UsmcaQualifying => f.usmca_qualifying = Some(true),
            Cond::UsContent => f.us_content = Some(d("400")),
            Cond::Remission => f.remission = true,
            Cond::VehicleManufacturing => f.vehicle_manufacturing = true,
            Cond::MeltPour(c) => f.melt_pour = Some(c.clone()),
            Cond::SmeltCast(c) => f.smelt_cast = Some(c.clone()),
            Cond::MetalWeightAtMost(p) => f.metal_weight_pct = Some(*p),
            Cond::SteelContent => f.steel_content = Some(d("100")),
            Cond::AluminumContent => f.aluminum_content = Some(d("100")),
            Cond::VehicleAgeAtLeast(y) => f.vehicle_age_years = Some(*y),
            Cond::LoadedBefore(day) => f.loaded_on = day.pred_opt(),
            Cond::Listed(l) => f.listed.push(l.clone()),
        }
    }
    DutyQuery {
        importer: m.importer.clone(),
        date,
        hts: probe_code(m),
        origin,
        value: d("1000"),
        facts: f,
        // The explicit choice that lets a probe code be a heading.
        column1_rate: Some(d("0")),
        quantity: None,
        include_unconfirmed: true,
        beyond_as_of: true,
    }
}

/// For every measure: the day before it starts and the day after it ends it
/// is "not in force"; on its first and last day it is considered (applied,
/// or displaced by a named measure or rule); outside its scope, without its
/// origin, and without each required fact it does not apply.
#[test]
fn every_measure_edges() {
    let dbx = db();
    let one = chrono::Days::new(1);
    let mut checked = 0;
    for m in &dbx.measures {
        let considered = |s: &DutyStack| {
            s.layers.iter().any(|l| l.measure_id == m.id)
                || reason(s, &m.id).is_some_and(|r| {
                    r.contains("replaced by")
                        || r.contains("excluded by")
                        || r.contains("nothing to remit")
                })
        };
        let first_day = m.from.max(dbx.duty_from);
        let s = duty_stack(&dbx, &satisfying_query(m, first_day)).unwrap();
        assert!(
            considered(&s),
            "{} not considered on its first day: {:?}",
            m.id,
            reason(&s, &m.id)
        );
        if m.from > dbx.duty_from {
            let s = duty_stack(&dbx, &satisfying_query(m, m.from - one)).unwrap();
            assert!(
                reason(&s, &m.id).unwrap().contains("not yet in force"),
                "{} day before start",
                m.id
            );
        }
        if let Some(to) = m.to {
            let s = duty_stack(&dbx, &satisfying_query(m, to)).unwrap();
            assert!(considered(&s), "{} not considered on its last day", m.id);
            let s = duty_stack(&dbx, &satisfying_query(m, to + one)).unwrap();
            assert!(
                reason(&s, &m.id).unwrap().contains("no longer in force"),
                "{} day after end",
                m.id
            );
        }
        // Outside scope.
        if !m.scope.all {
            let mut x = satisfying_query(m, first_day);
            x.hts = HsCode::parse("0101.21").unwrap();
            let s = duty_stack(&dbx, &x).unwrap();
            assert!(
                reason(&s, &m.id).unwrap().contains("outside scope"),
                "{} scope",
                m.id
            );
        }
        // Without its origin.
        if !m.origin.is_empty() {
            let mut x = satisfying_query(m, first_day);
            x.origin = ["BR", "ZA"]
                .iter()
                .find(|c| !m.origin.contains(&c.to_string()))
                .unwrap()
                .to_string();
            let s = duty_stack(&dbx, &x).unwrap();
            assert!(
                reason(&s, &m.id).unwrap().contains("not covered"),
                "{} origin",
                m.id
            );
        }
        // Without each required fact.
        for c in &m.when {
            let mut x = satisfying_query(m, first_day);
            match c {
                Cond::UsmcaQualifying => x.facts.usmca_qualifying = Some(false),
                Cond::UsContent => x.facts.us_content = None,
                Cond::Remission => x.facts.remission = false,
                Cond::VehicleManufacturing => x.facts.vehicle_manufacturing = false,
                // A country no condition names (an invented code is refused).
                Cond::MeltPour(_) => x.facts.melt_pour = Some("AQ".into()),
                Cond::SmeltCast(_) => x.facts.smelt_cast = Some("AQ".into()),
                Cond::MetalWeightAtMost(p) => x.facts.metal_weight_pct = Some(*p + Decimal::ONE),
                Cond::SteelContent => x.facts.steel_content = None,
                Cond::AluminumContent => x.facts.aluminum_content = None,
                Cond::VehicleAgeAtLeast(y) => x.facts.vehicle_age_years = Some(*y - 1),
                Cond::LoadedBefore(day) => x.facts.loaded_on = Some(*day),
                Cond::Listed(_) => x.facts.listed.clear(),
            }
            let s = duty_stack(&dbx, &x).unwrap();
            assert!(
                reason(&s, &m.id).unwrap().contains("requires"),
                "{} without {:?}",
                m.id,
                c
            );
        }
        // With each excluding fact.
        for c in &m.unless {
            let mut x = satisfying_query(m, first_day);
            if let Cond::UsmcaQualifying = c {
                x.facts.usmca_qualifying = Some(true);
            }
            let s = duty_stack(&dbx, &x).unwrap();
            assert!(
                reason(&s, &m.id).unwrap().contains("does not apply when"),
                "{} unless {:?}",
                m.id,
                c
            );
        }
        checked += 1;
    }
    assert!(checked >= 60, "only {checked} measures");
}

// ------------------------------------------------- before the 2025 measures

/// The 2018 regime: Chinese steel 25%, Chinese aluminum 10%, Canadian and
/// Mexican metals exempt (2019-05-20 → 2025-03-11), EU steel under its
/// tariff-rate quota; the 2025 regime takes over on 2025-03-12.
#[test]
fn before_2025_metals_regime_with_ca_mx_exemption() {
    let db = db();
    let s = duty_stack(&db, &q("US", "2024-06-03", "7208.51.00", "CN", "1000")).unwrap();
    assert_eq!(amount(&s, "us.232.metals2018.steel"), Some(d("250.00")));
    let s = duty_stack(&db, &q("US", "2024-06-03", "7601.10.60", "CN", "1000")).unwrap();
    assert_eq!(amount(&s, "us.232.metals2018.aluminum"), Some(d("100.00")));
    for origin in ["CA", "MX"] {
        let s = duty_stack(&db, &q("US", "2024-06-03", "7208.51.00", origin, "1000")).unwrap();
        assert_eq!(amount(&s, "us.232.metals2018.steel"), None, "{origin}");
        assert!(reason(&s, "us.232.metals2018.steel").is_some());
        // The exemption ends with the 2025 regime (from 2025-06-04 the
        // metals apply first, not displaced by IEEPA).
        let s = duty_stack(&db, &q("US", "2025-06-04", "7208.51.00", origin, "1000")).unwrap();
        assert_eq!(
            amount(&s, "us.232.steel.articles.50"),
            Some(d("500.00")),
            "{origin}"
        );
        assert_eq!(amount(&s, "us.232.metals2018.steel"), None);
    }
    let mut eu = q("US", "2024-06-03", "7208.51.00", "DE", "1000");
    eu.facts.quota = Some(QuotaStatus::In);
    let s = duty_stack(&db, &eu).unwrap();
    assert_eq!(amount(&s, "us.232.metals2018.steel"), None);
    assert_eq!(amount(&s, "us.232.metals2018.steel-trq"), Some(d("0.00")));
    // No 2025 measure before 2025.
    let s = duty_stack(&db, &q("US", "2024-01-01", "8703.23.01", "DE", "1000")).unwrap();
    assert!(
        s.layers
            .iter()
            .all(|l| !l.measure_id.contains(".232.autos"))
    );
}

// ------------------------------------------------ audit findings (issue 8 §4)

/// A heading-level code is an error listing its lines (4% cab chassis and
/// 25% trucks), never a sum of two column-1 lines (it once stacked 65%).
#[test]
fn finding_heading_level_code_is_never_two_column1_lines() {
    let e = duty_stack(&db(), &q("US", "2025-11-15", "8704", "DE", "100000")).unwrap_err();
    let DutyError::AmbiguousCode { lines, .. } = &e else {
        panic!("{e:?}")
    };
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("8704.22.11") && l.contains("4%"))
    );
    assert!(lines.iter().any(|l| l.contains("(25%")));
    assert!(e.to_string().contains("never added up"));
    assert_eq!(e.hint().unwrap().fact, Fact::TariffLine);
    // The full line computes: one column-1 layer.
    let s = duty_stack(&db(), &q("US", "2025-11-15", "8704.22.11", "DE", "100000")).unwrap();
    let col1: Vec<_> = s
        .layers
        .iter()
        .filter(|l| l.kind == LayerKind::Column1)
        .collect();
    assert_eq!(col1.len(), 1);
    assert_eq!(col1[0].amount, d("4000.00"));
    // A uniform subheading stands for its lines, said as an assumption.
    let s = duty_stack(&db(), &q("US", "2025-01-15", "8703.23", "DE", "1000")).unwrap();
    assert_eq!(s.layers[0].amount, d("25.00"));
    assert!(
        s.assumptions
            .iter()
            .any(|a| a.contains("not a full tariff line"))
    );
}

/// An invented code is an error naming the nearest valid lines.
#[test]
fn finding_unknown_code_names_nearest_lines() {
    let e = duty_stack(&db(), &q("US", "2025-10-01", "8708.99.99", "DE", "1000")).unwrap_err();
    let DutyError::UnknownCode { nearest, .. } = &e else {
        panic!("{e:?}")
    };
    assert!(!nearest.is_empty() && nearest.iter().all(|n| n.starts_with("8708.99")));
    assert!(e.to_string().contains("nearest lines: 8708.99"), "{e}");
}

/// A U.S. HTS line given for an import into Canada is an error naming the
/// Canadian items, never a zero duty.
#[test]
fn finding_us_code_for_canadian_import_is_an_error() {
    let e = duty_stack(&db(), &q("CA", "2025-10-01", "8703.23.01", "US", "50000")).unwrap_err();
    let msg = e.to_string();
    assert!(
        matches!(e, DutyError::NotNationalItem { us_line: true, .. }),
        "{msg}"
    );
    assert!(
        msg.contains("8703.23.00") && msg.contains("8703.23"),
        "{msg}"
    );
    // The Canadian item and the HS subheading are accepted.
    assert!(duty_stack(&db(), &q("CA", "2025-10-01", "8703.23.00", "US", "50000")).is_ok());
    assert!(duty_stack(&db(), &q("CA", "2025-10-01", "8703.23", "US", "50000")).is_ok());
    let e = duty_stack(&db(), &q("MX", "2026-02-01", "8703.23.01", "CN", "50000")).unwrap_err();
    assert!(e.to_string().contains("Mexican"), "{e}");
}

/// EU light truck 8704.60: column 1 is 25% (from the schedule), so the 15%
/// all-in cap tops up nothing: 25%, not 15%.
#[test]
fn finding_deal_cap_uses_the_real_column1_rate() {
    let s = duty_stack(&db(), &q("US", "2025-10-01", "8704.60.00", "DE", "40000")).unwrap();
    assert_eq!(s.total, d("10000.00"), "{:?}", amounts(&s));
    assert_eq!(s.effective_rate, d("25"));
}

/// Specific and compound column-1 rates ask for the quantity, and use it.
#[test]
fn specific_column1_rate_needs_the_quantity() {
    // 8702.10.31 is not specific; 2204.21.50 (wine) is 14¢/liter.
    let mut x = q("US", "2024-06-03", "2204.21.50", "FR", "1000");
    let e = duty_stack(&db(), &x).unwrap_err();
    assert!(
        matches!(&e, DutyError::NeedsQuantity { unit, .. } if unit == "liter"),
        "{e}"
    );
    assert_eq!(e.hint().unwrap().fact, Fact::Quantity);
    x.quantity = Some(d("100"));
    let s = duty_stack(&db(), &x).unwrap();
    let c1 = &s.layers[0];
    assert_eq!(c1.kind, LayerKind::Column1);
    assert!(c1.amount > Decimal::ZERO);
    assert!(
        c1.note
            .as_deref()
            .unwrap()
            .contains("ad valorem equivalent")
    );
}

/// Money too large for exact decimals is an error, not a panic.
#[test]
fn finding_money_arithmetic_is_checked() {
    let mut x = q("US", "2025-10-01", "8708.99.68", "DE", "1");
    x.value = d("79000000000000000000000000000");
    let e = duty_stack(&db(), &x).unwrap_err();
    assert!(e.to_string().contains("beyond the largest amount"), "{e}");
    // Just under the bound, every layer still computes.
    x.value = Decimal::from(MAX_AMOUNT);
    x.facts.steel_content = Some(Decimal::from(MAX_AMOUNT));
    assert!(duty_stack(&db(), &x).is_ok());
    x.quantity = Some(d("-1"));
    assert!(duty_stack(&db(), &x).is_err());
}

/// A US-melted 0% steel derivative line takes only the steel content as its
/// base; IEEPA Canada stays on the rest: 35% × 600 = 210.00, not 0.
#[test]
fn finding_melt_pour_base_is_the_metal_content() {
    let mut x = q("US", "2025-10-01", "7318.15.20", "CA", "1000");
    x.facts.steel_content = Some(d("400"));
    x.facts.melt_pour = Some("US".into());
    x.facts.usmca_qualifying = Some(false);
    let s = duty_stack(&db(), &x).unwrap();
    let free = s
        .layers
        .iter()
        .find(|l| l.measure_id == "us.232.steel.derivatives.us-melted")
        .unwrap();
    assert_eq!((free.base, free.amount), (d("400"), d("0")));
    assert_eq!(amount(&s, "us.ieepa.ca.general35"), Some(d("210.00")));
    assert_eq!(s.total, d("210.00"));
}

/// MHDV §232 and IEEPA Canada: the stacking rule is stated with its
/// citation (Proclamation 10984) and flagged, since the fact sheet is
/// silent on it.
#[test]
fn finding_mhdv_and_ieepa_stacking_rule_is_cited_and_flagged() {
    let mut x = q("US", "2025-12-01", "8701.21.00", "CA", "100000");
    x.facts.usmca_qualifying = Some(false);
    x.facts.steel_content = Some(d("30000"));
    let s = duty_stack(&db(), &x).unwrap();
    assert_eq!(amount(&s, "us.232.mhdv.vehicles"), Some(d("25000.00")));
    let r = reason(&s, "us.ieepa.ca.general35").unwrap();
    assert!(
        r.contains("us.stack.mhdv-over-ieepa") && r.contains("Proclamation 10984"),
        "{r}"
    );
    assert!(
        s.warnings
            .iter()
            .any(|w| w.contains("UNCONFIRMED") && w.contains("silent"))
    );
    // Farm tractors are outside the MHDV measure; buses pay 10%.
    let mut farm = q("US", "2025-12-01", "8701.92.10", "DE", "1000");
    farm.facts.steel_content = Some(d("300"));
    let s = duty_stack(&db(), &farm).unwrap();
    assert!(amount(&s, "us.232.mhdv.vehicles").is_none());
    // … and, without the steel content stated, the engine asks for it
    // (the steel derivative duty falls on the content only).
    let e = duty_stack(&db(), &q("US", "2025-12-01", "8701.92.10", "DE", "1000")).unwrap_err();
    assert!(
        matches!(
            &e,
            DutyError::NeedsContent {
                content: "steel",
                ..
            }
        ) && e
            .to_string()
            .contains("state the value of the steel content"),
        "{e}"
    );
    assert_eq!(e.hint().unwrap().fact, Fact::SteelContent);
    let s = duty_stack(&db(), &q("US", "2025-12-01", "8702.10.31", "DE", "1000")).unwrap();
    assert_eq!(amount(&s, "us.232.mhdv.buses"), Some(d("100.00")));
}

/// Complete Section 232 scope: a listed automobile part outside the old
/// six stems (rubber hoses 4009.12.00.20) pays 25% (from a country without
/// a deal: from the EU it owes the deal's cap, audit W3); an 8708 line not
/// on Annex I (8708.99.81) does not; steel derivatives added on 2025-08-18
/// pay on the steel content; copper from 2025-08-01.
#[test]
fn section232_scope_follows_the_published_lists() {
    let s = duty_stack(&db(), &q("US", "2025-10-01", "4009.12.00.20", "BR", "1000")).unwrap();
    assert_eq!(amount(&s, "us.232.parts.all"), Some(d("250.00")));
    let s = duty_stack(&db(), &q("US", "2025-10-01", "4009.12.00.20", "DE", "1000")).unwrap();
    assert!(amount(&s, "us.deal.eu.parts").is_some());
    assert!(amount(&s, "us.232.parts.all").is_none());
    let mut x = q("US", "2025-10-01", "8708.99.81", "DE", "1000");
    x.facts.steel_content = Some(d("400"));
    let s = duty_stack(&db(), &x).unwrap();
    assert!(amount(&s, "us.232.parts.all").is_none());
    assert!(
        reason(&s, "us.232.parts.all")
            .unwrap()
            .contains("outside scope")
    );
    let lists = crate::scope_lists::builtin();
    let incl = lists["us232-deriv-9903.81.91-2025-08-18"]
        .iter()
        .map(|i| match i {
            ScopeItem::Code(c) => c.clone(),
            _ => unreachable!(),
        })
        .find(|c| {
            !c.digits().starts_with("73")
                && !c.digits().starts_with("72")
                && Schedule::builtin().rated(c).is_some()
                && !lists["us232-auto-parts"]
                    .iter()
                    .any(|a| a.matches(c).is_some())
        })
        .unwrap();
    let mut x = q("US", "2025-10-01", incl.digits(), "DE", "1000");
    x.facts.steel_content = Some(d("300"));
    x.facts.aluminum_content = Some(d("100"));
    let s = duty_stack(&db(), &x).unwrap();
    assert_eq!(
        amount(&s, "us.232.steel.derivatives.inclusions"),
        Some(d("150.00")),
        "{incl}"
    );
    let s = duty_stack(&db(), &q("US", "2025-07-31", incl.digits(), "DE", "1000")).unwrap();
    assert!(amount(&s, "us.232.steel.derivatives.inclusions").is_none());
    let mut x = q("US", "2025-09-01", "7408.11.60", "CL", "1000");
    x.facts.copper_content = Some(d("900"));
    let s = duty_stack(&db(), &x).unwrap();
    assert_eq!(amount(&s, "us.232.copper"), Some(d("450.00")));
}
