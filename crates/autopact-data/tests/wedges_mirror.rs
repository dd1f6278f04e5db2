//! Canada's and Mexico's own measures as wedges without a user weights
//! file: the mirror proxy (the table's flows to the importer spread over
//! the importer's own exports to the US of the month). Every result names
//! the proxy; line duties are the law engine's own; sector totals are the
//! exact sums of their lines.

use autopact_data::wedges::law_wedges;
use autopact_law::duty::{DutyQuery, GoodFacts, duty_stack};
use autopact_law::{Decimal, HsCode, LawDb, NaiveDate};
use autopact_link::{LawOptions, Wedges, table_flows};

fn wedges(importer: &str, date: &str) -> (autopact_link::Derived, autopact_mrio::Mrio) {
    let m = autopact_data::default_table().expect("built-in table");
    let db = LawDb::builtin().unwrap();
    let date: NaiveDate = date.parse().unwrap();
    let d = law_wedges(&m, importer, date, None, &LawOptions::default(), &db).unwrap();
    (d, m)
}

fn rate(w: &Wedges, exporter: &str, sector: &str) -> Decimal {
    w.sectors
        .iter()
        .find(|s| s.exporter == exporter && s.sector == sector)
        .map(|s| s.rate)
        .unwrap_or_else(|| panic!("no {exporter} {sector} row"))
}

fn sums_hold(w: &Wedges) {
    for s in &w.sectors {
        let (v, d) = w
            .lines
            .iter()
            .filter(|l| l.exporter == s.exporter && l.sector.as_deref() == Some(&s.sector))
            .fold((Decimal::ZERO, Decimal::ZERO), |(v, d), l| {
                (v + l.value, d + l.duty)
            });
        assert_eq!((s.value, s.duty), (v, d), "{} {}", s.exporter, s.sector);
        assert!(s.proxy, "{} {} not marked proxy", s.exporter, s.sector);
    }
}

/// Canada on 2025-10-01: its surtax on US vehicles (25% of the value, or
/// of 85% of it for CUSMA-entitled vehicles) gives US transport equipment
/// a wedge; US basic metals bear the steel and aluminum surtax; the proxy
/// is named in the weights, the notes and every line's flags.
#[test]
fn canada_measures_as_wedges_with_the_mirror_proxy() {
    let (d, m) = wedges("CAN", "2025-10-01");
    let w = &d.wedges;
    assert_eq!(w.importer, "CAN");
    assert!(
        w.weights.starts_with("mirror proxy for CAN"),
        "{}",
        w.weights
    );
    assert!(d.proxy_notes[0].contains("mirror proxy for importer CAN"));
    assert!(w.flags.iter().any(|f| f.id == "mirror-proxy"));
    assert!(
        w.lines
            .iter()
            .all(|l| l.flags.iter().any(|f| f == "mirror-proxy"))
    );
    assert!(!w.lines.iter().any(|l| l.exporter == "CAN"));
    sums_hold(w);
    let c15 = rate(w, "USA", "c15");
    assert!(
        c15 > Decimal::new(1, 2) && c15 < Decimal::new(25, 2),
        "{c15}"
    );
    assert!(rate(w, "USA", "c12") > Decimal::new(5, 2));
    // Canada's measures hardly touch Japanese transport equipment.
    assert!(rate(w, "JPN", "c15") < c15);
    // The sector's value is the table's flow for a month.
    let flows = table_flows(&m, m.region_index("CAN").unwrap());
    let usa = m.region_index("USA").unwrap();
    let k = m.sector_index("c15").unwrap();
    let month = flows[usa][k] * 1e6 / 12.0;
    let s = w
        .sectors
        .iter()
        .find(|s| s.exporter == "USA" && s.sector == "c15")
        .unwrap();
    let v: f64 = s.value.to_string().parse().unwrap();
    assert!(
        (v - month).abs() < 0.01 * s.lines as f64 + 1.0,
        "{v} vs {month}"
    );
    // A line's duty is the law engine's on its HS subheading.
    let l = w
        .lines
        .iter()
        .filter(|l| l.exporter == "USA" && l.hts10.starts_with("870323"))
        .max_by_key(|l| l.value)
        .unwrap();
    let q = |value: Decimal, qualifying: bool| DutyQuery {
        importer: "CA".into(),
        date: "2025-10-01".parse().unwrap(),
        hts: HsCode::parse(&l.hts10[..6]).unwrap(),
        origin: "US".into(),
        value,
        facts: GoodFacts {
            usmca_qualifying: Some(qualifying),
            ..GoodFacts::default()
        },
        column1_rate: None,
        quantity: None,
        include_unconfirmed: false,
        beyond_as_of: false,
    };
    let db = LawDb::builtin().unwrap();
    let mut expect = Decimal::ZERO;
    for (v, qual) in [(l.usmca_value, true), (l.value - l.usmca_value, false)] {
        if v > Decimal::ZERO {
            expect += duty_stack(&db, &q(v, qual)).unwrap().total;
        }
    }
    assert_eq!(l.duty, expect);
    assert!(l.duty > Decimal::ZERO);
}

/// Mexico: passenger vehicles from non-FTA origins at 20% in 2025 and 50%
/// from 2026-01-01; the 2026 lines whose rates the law data cannot state
/// are counted (no-column1), never taken as 0 silently.
#[test]
fn mexico_measures_as_wedges_with_the_mirror_proxy() {
    let (d, _) = wedges("MEX", "2025-10-01");
    let w25 = &d.wedges;
    sums_hold(w25);
    let (d, _) = wedges("MEX", "2026-02-02");
    let w26 = &d.wedges;
    sums_hold(w26);
    assert!(w26.weights.starts_with("mirror proxy for MEX"));
    let (r25, r26) = (rate(w25, "CHN", "c15"), rate(w26, "CHN", "c15"));
    assert!(r25 > Decimal::ZERO && r26 > r25, "{r25} → {r26}");
    assert!(w26.flags.iter().any(|f| f.id == "no-column1"));
    // Measures by id: the passenger-vehicle rates.
    assert!(
        w26.measures
            .iter()
            .any(|m| m.measure_id == "mx.ligie.pv.2026" && m.duty > Decimal::ZERO)
    );
    // US goods: no Mexican measure beyond column 1.
    assert_eq!(rate(w26, "USA", "c15"), Decimal::ZERO);
}
