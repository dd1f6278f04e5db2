use super::*;
use rust_decimal_macros_free::d;

mod rust_decimal_macros_free {
    /// A decimal from text (tests only).
    pub fn d(s: &str) -> rust_decimal::Decimal {
        s.parse().unwrap()
    }
}

fn c(s: &str) -> HsCode {
    HsCode::parse(s).unwrap()
}

#[test]
fn parses_every_kind_of_rate() {
    let r = Column1Rate::parse("Free");
    assert_eq!(
        (r.kind(), r.pure_ad_valorem_pct()),
        (RateKind::Free, Some(d("0")))
    );
    let r = Column1Rate::parse("2.5%");
    assert_eq!(
        (r.kind(), r.ad_valorem_pct),
        (RateKind::AdValorem, Some(d("2.5")))
    );
    let r = Column1Rate::parse("1.9¢/kg");
    assert_eq!(r.kind(), RateKind::Specific);
    assert_eq!(r.specific[0].usd_per_unit, d("0.019"));
    assert_eq!(r.quantity_unit(), Some("kg"));
    let r = Column1Rate::parse("$2.146/kg");
    assert_eq!(r.specific[0].usd_per_unit, d("2.146"));
    let r = Column1Rate::parse("6.8% + 1.5¢/kg");
    assert_eq!(r.kind(), RateKind::Compound);
    assert_eq!(r.ad_valorem_pct, Some(d("6.8")));
    let r = Column1Rate::parse("0.9¢ each");
    assert_eq!(
        (r.kind(), r.quantity_unit()),
        (RateKind::Specific, Some("each"))
    );
    let r = Column1Rate::parse("90¢/pr. + 37.5%");
    assert_eq!(
        (r.kind(), r.quantity_unit()),
        (RateKind::Compound, Some("pr."))
    );
    for other in [
        "The duty provided in the applicable subheading + 25%",
        "2.5% on the value of the lead content",
        "3.9% on the movement and case+ 5.3% on the battery",
        "3.6606¢/kg less 0.020668¢/kg for each degree under 100 degrees (and fractions of a degree in proportion) but not less than 3.143854¢/kg",
        "1% + 2%",
        "1% +",
        "",
        "¢/kg",
        "-3%",
    ] {
        let r = Column1Rate::parse(other);
        assert_eq!(r.kind(), RateKind::Other, "{other}");
        assert!(matches!(
            r.amount(d("100"), None),
            Err(RateError::NotParsed(_))
        ));
    }
}

#[test]
fn amounts_ask_for_a_quantity_and_never_guess() {
    let r = Column1Rate::parse("6.8% + 1.5¢/kg");
    // 6.8% of 1000 + 0.015 × 200 kg = 68 + 3 = 71.
    assert_eq!(r.amount(d("1000"), Some(d("200"))).unwrap(), d("71"));
    assert!(matches!(
        r.amount(d("1000"), None),
        Err(RateError::NeedsQuantity { unit, .. }) if unit == "kg"
    ));
    assert_eq!(
        r.ad_valorem_equivalent(d("1000"), Some(d("200"))).unwrap(),
        d("7.1")
    );
    let big = Decimal::MAX;
    assert_eq!(r.amount(big, Some(d("2"))), Err(RateError::Overflow));
}

#[test]
fn usmca_indicators_come_from_the_special_column() {
    assert_eq!(
        usmca_from_special("Free (A+,AU,B,BH,CL,CO,D,E,IL,JO,MA,OM,P,PA,PE,S,SG)25% (KR)"),
        Some((vec!["S".to_string()], "Free".to_string()))
    );
    assert_eq!(
        usmca_from_special("Free (A,AU,S+) 1.2% (KR)"),
        Some((vec!["S+".to_string()], "Free".to_string()))
    );
    assert_eq!(usmca_from_special("Free (A+,AU,SG)"), None);
    assert_eq!(usmca_from_special("Free (SG"), None);
}

#[test]
fn builtin_schedule_rates_the_vehicle_lines() {
    let s = Schedule::builtin();
    let Lookup::Line(r) = s.lookup(&c("8704.22.11.20")) else {
        panic!("a statistical line is a line")
    };
    assert_eq!(r.rate_line.code.as_ref().unwrap().digits(), "87042211");
    assert_eq!(r.general().pure_ad_valorem_pct(), Some(d("4")));
    assert_eq!(r.units(), ["No."]);
    assert!(r.usmca().unwrap().programs.contains(&"S".to_string()));
    let Lookup::Line(r) = s.lookup(&c("8703.23.01")) else {
        panic!()
    };
    assert_eq!(r.general().pure_ad_valorem_pct(), Some(d("2.5")));
    // Heading 8704 holds 4% and 25% lines: ambiguous, never summed.
    let Lookup::Ambiguous(lines) = s.lookup(&c("8704")) else {
        panic!("8704 lines differ")
    };
    assert!(lines.iter().any(|l| l.general().text == "4%"));
    assert!(lines.iter().any(|l| l.general().text == "25%"));
    // An invented code names its nearest neighbours.
    let Lookup::Unknown { nearest } = s.lookup(&c("8708.99.99")) else {
        panic!()
    };
    assert!(!nearest.is_empty() && nearest.iter().all(|n| n.digits().starts_with("870899")));
    assert!(
        s.full_description(&c("8704.22.11"))
            .unwrap()
            .starts_with("Motor vehicles for the transport of goods")
    );
}

#[test]
fn builtin_schedule_coverage() {
    let cov = Schedule::builtin().coverage();
    // The 2025 Basic Edition without chapter 99.
    assert!(cov.lines > 26_000 && cov.hts10 > 19_000, "{cov:?}");
    assert!(cov.rated > 11_000, "{cov:?}");
    // Nearly every rated line is read as a rate.
    assert!(cov.by_kind[&RateKind::Other] * 20 < cov.rated, "{cov:?}");
    // Every HTS10 line gets a rate from itself or its parent, but one
    // special provision of chapter 98 (9802.00.91.00, duty on the value
    // added abroad) that states no rate at all.
    let s = Schedule::builtin();
    assert_eq!(s.hts10_lines().count(), cov.hts10 - 1);
    assert!(s.rated(&c("9802.00.91.00")).is_none());
}

#[test]
fn malformed_files_are_errors_with_line_numbers() {
    for (text, want) in [
        (
            "8703\t0\t\t\t\tx\n8703\t0\t\t\t\tx\n",
            "line 2: code 8703.00",
        ),
        ("8703\tz\t\t\t\tx\n", "line 1: indent"),
        ("87\t0\t\t\t\tx\n", "line 1: invalid tariff code"),
        ("8703\t0\t\t\tX=Free\tx\n", "line 1: USMCA field"),
        ("8703\t0\t\t\tS\tx\n", "lacks '='"),
        ("8703\t0\tx\n", "line 1: 3 fields"),
        ("# only a comment\n", "no tariff lines"),
    ] {
        let e = Schedule::parse(text).unwrap_err().to_string();
        assert!(
            e.contains(want.split(" 8703.00").next().unwrap()),
            "{e} / {want}"
        );
    }
}
