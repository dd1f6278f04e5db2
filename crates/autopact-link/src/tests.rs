use std::collections::BTreeMap;

use autopact_law::{LawDb, NaiveDate};
use rust_decimal::Decimal;

use crate::*;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn line(hts: &str, o: &str, v: &str, u: &str) -> TradeLine {
    TradeLine {
        hts10: hts.into(),
        origin: o.into(),
        value: d(v),
        usmca_value: d(u),
        proxy: false,
        region: None,
        claim: None,
    }
}

struct Fixture {
    info: BTreeMap<String, LineInfo>,
    gtap: BTreeMap<String, String>,
    regions: BTreeMap<String, String>,
    region_list: Vec<String>,
    sector_list: Vec<String>,
}

fn fixture() -> Fixture {
    let mut info = BTreeMap::new();
    let mk = |g: &str, steel: &str| LineInfo {
        gtap: Some(g.into()),
        mapped_by: "crosswalk".into(),
        steel: d(steel),
        aluminum: d("0.01"),
        copper: Decimal::ZERO,
        metal_known: true,
        metal_from: "line".into(),
    };
    info.insert("8703230190".into(), mk("mvh", "0.1"));
    info.insert("8708999999".into(), mk("mvh", "0.2"));
    info.insert("7308900000".into(), mk("fmp", "0.6"));
    info.insert("0101210010".into(), mk("ctl", "0.002"));
    let gtap = [
        ("mvh", "c15"),
        ("fmp", "c12"),
        ("i_s", "c12"),
        ("ctl", "c1"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    let regions = [("CA", "CAN"), ("MX", "MEX"), ("JP", "JPN")]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    Fixture {
        info,
        gtap,
        regions,
        region_list: ["USA", "CAN", "MEX", "JPN"].map(String::from).to_vec(),
        sector_list: ["c1", "c12", "c15"].map(String::from).to_vec(),
    }
}

fn input<'a>(f: &'a Fixture, lines: &'a [TradeLine], date: &str) -> WedgeInput<'a> {
    WedgeInput {
        importer: "US".into(),
        importer_region: "USA".into(),
        date: date.parse::<NaiveDate>().unwrap(),
        beyond_as_of: false,
        lines,
        weights_label: "test".into(),
        line_info: &f.info,
        sector_of_gtap: &f.gtap,
        region_of_origin: &f.regions,
        regions: &f.region_list,
        sectors: &f.sector_list,
        schedule: None,
        assumptions: Assumptions::default(),
    }
}

fn sample() -> Vec<TradeLine> {
    vec![
        line("8703230190", "CA", "1000000", "900000"),
        line("8708999999", "MX", "500000", "100000"),
        line("7308900000", "CA", "2000", "0"),
        line("0101210010", "MX", "300", "300"),
        line("9801001012", "CA", "700", "0"),
    ]
}

#[test]
fn sector_and_measure_totals_are_exact_sums_of_lines() {
    let db = LawDb::builtin().unwrap();
    let f = fixture();
    let lines = sample();
    let w = compute(&db, &input(&f, &lines, "2025-10-01")).unwrap();
    assert_eq!(w.lines.len(), lines.len());
    for s in &w.sectors {
        let (v, du): (Decimal, Decimal) = w
            .lines
            .iter()
            .filter(|l| l.exporter == s.exporter && l.sector.as_deref() == Some(&s.sector))
            .fold((Decimal::ZERO, Decimal::ZERO), |a, l| {
                (a.0 + l.value, a.1 + l.duty)
            });
        assert_eq!((v, du), (s.value, s.duty), "{s:?}");
    }
    for x in ["CAN", "MEX"] {
        let by_lines: Decimal = w
            .lines
            .iter()
            .filter(|l| l.exporter == x)
            .map(|l| l.duty)
            .sum();
        let by_measures: Decimal = w
            .measures
            .iter()
            .filter(|m| m.exporter == x)
            .map(|m| m.duty)
            .sum();
        assert_eq!(by_lines, by_measures, "{x}");
    }
    // The unmapped chapter-98 line is counted, not dropped.
    let un = w.flags.iter().find(|f| f.id == "unmapped").unwrap();
    assert_eq!((un.lines, un.value), (1, d("700")));
}

#[test]
fn usmca_vehicle_pays_232_on_non_us_content_and_the_rest_pays_full() {
    let db = LawDb::builtin().unwrap();
    let f = fixture();
    let lines = vec![line("8703230190", "CA", "1000000", "900000")];
    let w = compute(&db, &input(&f, &lines, "2025-10-01")).unwrap();
    let l = &w.lines[0];
    // Qualifying 900,000: 25% × (1 − 50%) = 112,500; non-qualifying 100,000:
    // 25% Section 232 on full value = 25,000 plus 2.5% column 1 on both parts
    // (USMCA preference frees the qualifying part of column 1).
    let s232: Decimal = l
        .by_measure
        .iter()
        .filter(|(i, _)| i.starts_with("us.232"))
        .map(|(_, a)| *a)
        .sum();
    assert_eq!(s232, d("137500"), "{:?}", l.by_measure);
    assert!(
        l.measures.iter().any(|m| m.starts_with("us.mfn")),
        "{:?}",
        l.measures
    );
}

#[test]
fn switching_a_measure_off_removes_its_duty_and_a_typo_is_an_error() {
    let db = LawDb::builtin().unwrap();
    let f = fixture();
    let lines = sample();
    let mut i = input(&f, &lines, "2025-10-01");
    i.assumptions.measures_off = vec!["us.232.*".into()];
    let w = compute(&db, &i).unwrap();
    assert!(
        w.measures
            .iter()
            .all(|m| !m.measure_id.starts_with("us.232"))
    );
    i.assumptions.measures_off = vec!["us.nonsense".into()];
    assert!(compute(&db, &i).is_err());
}

/// Each refusal says which request field it is about, so that a front end
/// names it without reading the message.
#[test]
fn errors_name_their_field() {
    let db = LawDb::builtin().unwrap();
    let f = fixture();
    let lines = sample();
    let mut i = input(&f, &lines, "2025-10-01");
    i.assumptions.measures_off = vec!["us.nonsense".into()];
    let e = compute(&db, &i).unwrap_err();
    assert_eq!(e.about(), Some(LinkField::MeasureOff), "{e}");
    let bad = vec![line("8708999999", "MX", "100", "200")];
    let e = compute(&db, &input(&f, &bad, "2025-10-01")).unwrap_err();
    assert_eq!(e.about(), Some(LinkField::Weights), "{e}");
    let e = compute(&db, &input(&f, &lines, "1990-01-01")).unwrap_err();
    assert_eq!(e.about(), Some(LinkField::Date), "{e}");
    let opts = LawOptions {
        usmca_share: Some(d("1.5")),
        ..LawOptions::default()
    };
    let e = opts.assumptions().unwrap_err();
    assert_eq!(e.about(), Some(LinkField::UsmcaShare));
    assert!(e.to_string().starts_with("--usmca-share 1.5"), "{e}");
    let e = importer_country("JPN").unwrap_err();
    assert_eq!(e.about(), Some(LinkField::Importer));
}

#[test]
fn bad_values_are_errors() {
    let db = LawDb::builtin().unwrap();
    let f = fixture();
    let lines = vec![line("8708999999", "MX", "100", "200")];
    let e = compute(&db, &input(&f, &lines, "2025-10-01")).unwrap_err();
    assert!(e.to_string().contains("exceeds"), "{e}");
    let lines = vec![line("8708999999", "MX", "-1", "0")];
    assert!(compute(&db, &input(&f, &lines, "2025-10-01")).is_err());
    let lines = vec![line("8708999999", "ZZ", "1", "0")];
    let e = compute(&db, &input(&f, &lines, "2025-10-01")).unwrap_err();
    assert!(e.to_string().contains("no region"), "{e}");
}

#[test]
fn proxy_spreads_group_imports_over_north_american_lines() {
    let f = fixture();
    let mut gtap = GtapImports {
        groups: vec!["japan".into()],
        ..Default::default()
    };
    gtap.rows.insert("mvh".into(), vec![d("12")]);
    gtap.rows.insert("ctl".into(), vec![d("0")]);
    gtap.rows.insert("oil".into(), vec![d("1.2")]);
    let p = ProxyOrigin {
        region: "JPN".into(),
        group: "japan".into(),
        origin: "JP".into(),
    };
    let (lines, uncovered) = proxy_lines(&sample(), &f.info, &gtap, &p);
    // mvh: 12 million a year → 1 million a month, split 1,000,000 : 500,000.
    let v: Vec<_> = lines.iter().map(|l| (l.hts10.as_str(), l.value)).collect();
    assert_eq!(
        v,
        vec![
            ("8703230190", d("666666.67")),
            ("8708999999", d("333333.33"))
        ]
    );
    assert!(
        lines
            .iter()
            .all(|l| l.proxy && l.origin == "JP" && l.region.as_deref() == Some("JPN"))
    );
    assert_eq!(uncovered, vec![("oil".to_string(), d("1.2"))]);
}

#[test]
fn series_uses_the_fifteenth() {
    assert_eq!(
        series_date("2025-03"),
        Some(NaiveDate::from_ymd_opt(2025, 3, 15).unwrap())
    );
    assert_eq!(series_date("2025-13"), None);
}

#[test]
fn schedule_column1_applies_to_the_non_usmca_part_only() {
    let db = LawDb::builtin().unwrap();
    let f = fixture();
    let sched = autopact_law::schedule::Schedule::builtin();
    // 8708.99.81 (parts n.e.s.) is 2.5%, USMCA free; before the 2025
    // measures only column 1 on the non-claimed part is owed.
    let lines = vec![line("8708998180", "MX", "1000", "600")];
    let mut i = input(&f, &lines, "2024-12-31");
    i.schedule = Some(sched);
    let mut info = f.info.clone();
    info.insert("8708998180".into(), info["8708999999"].clone());
    i.line_info = &info;
    let w = compute(&db, &i).unwrap();
    assert_eq!(w.lines[0].duty, d("10"), "{:?}", w.lines[0]);
    assert!(!w.lines[0].flags.iter().any(|f| f == "no-column1"));
}
