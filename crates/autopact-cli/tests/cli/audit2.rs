//! The second audit's duty-stack items through the built binary, each test
//! named after its item: the totals of the audit's examples (W1–W5), an
//! origin that is not a country and an unknown list (W8, W9), and `duty`
//! and `wedges` agreeing on USMCA tariff-rate-quota lines, rate texts read
//! or flagged, invented codes refused for Canada and Mexico (W10).

use crate::util::{csv, err, ok, out, run, temp};

/// `autopact duty … --format json` on a U.S. entry: the total and the ids
/// of the layers.
fn duty(args: &[&str]) -> (String, Vec<String>) {
    let mut a = vec!["duty", "--importer", "US", "--format", "json"];
    a.extend_from_slice(args);
    let o = run(&a);
    let v: serde_json::Value = serde_json::from_str(&ok(&o)).unwrap();
    let ids = v["layers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["measure_id"].as_str().unwrap().to_string())
        .collect();
    (v["total_duty"].as_str().unwrap().to_string(), ids)
}

#[test]
fn w1_deal_parts_and_mhdv_parts_never_both() {
    let (total, ids) = duty(&[
        "--date",
        "2025-12-01",
        "--hts",
        "8708.10.30",
        "--origin",
        "DE",
        "--value",
        "1000",
    ]);
    assert_eq!(total, "150.00", "{ids:?}");
    assert!(ids.contains(&"us.deal.eu.parts".to_string()));
    assert!(!ids.contains(&"us.232.mhdv.parts".to_string()));
}

#[test]
fn w2_mhdv_vehicle_and_parts_lines_never_both() {
    let (total, ids) = duty(&[
        "--date",
        "2025-11-15",
        "--hts",
        "8706.00.05",
        "--origin",
        "JP",
        "--value",
        "40000",
    ]);
    assert_eq!(total, "11600.00", "{ids:?}");
    let (total, ids) = duty(&[
        "--date",
        "2025-11-15",
        "--hts",
        "8709.90.00",
        "--origin",
        "DE",
        "--value",
        "1000",
    ]);
    assert_eq!(total, "250.00", "{ids:?}");
}

#[test]
fn w3_deal_parts_cover_every_section232_auto_part() {
    let (total, ids) = duty(&[
        "--date",
        "2025-10-01",
        "--hts",
        "4011.10.10",
        "--origin",
        "JP",
        "--value",
        "1000",
    ]);
    assert_eq!(total, "150.00", "{ids:?}");
    assert!(!ids.contains(&"us.232.parts.all".to_string()));
}

#[test]
fn w4_deal_parts_only_where_section232_parts_apply() {
    let (total, ids) = duty(&[
        "--date",
        "2025-10-01",
        "--hts",
        "8708.99.23",
        "--origin",
        "DE",
        "--value",
        "1000",
        "--steel-content",
        "400",
    ]);
    assert!(!ids.iter().any(|i| i.starts_with("us.deal.")), "{ids:?}");
    // Steel 50% on 400 and the EU's all-in 15% on the other 600.
    assert_eq!(total, "290.00", "{ids:?}");
}

#[test]
fn w5_uk_golf_carts_and_old_vehicles_owe_no_section232() {
    let (_, ids) = duty(&[
        "--date",
        "2025-10-01",
        "--hts",
        "8703.10.50",
        "--origin",
        "GB",
        "--value",
        "10000",
        "--steel-content",
        "0",
    ]);
    assert!(!ids.contains(&"us.deal.uk.vehicles".to_string()), "{ids:?}");
    // A golf cart is a listed steel derivative (UK 25%, on the steel
    // content) and bears the UK's 10% reciprocal duty on the rest.
    let (total, ids) = duty(&[
        "--date",
        "2025-10-01",
        "--hts",
        "8703.10.50",
        "--origin",
        "GB",
        "--value",
        "10000",
        "--steel-content",
        "3000",
    ]);
    assert_eq!(total, "1700.00", "{ids:?}");
    let (total, ids) = duty(&[
        "--date",
        "2025-10-01",
        "--hts",
        "8703.23.01",
        "--origin",
        "GB",
        "--value",
        "40000",
        "--vehicle-age",
        "30",
    ]);
    assert!(!ids.iter().any(|i| i.starts_with("us.deal.")), "{ids:?}");
    // Column 1 2.5% and the UK's 10% reciprocal duty: no §232.
    assert_eq!(total, "5000.00", "{ids:?}");
}

#[test]
fn w8_origin_eu_or_invented_exits_2() {
    for origin in ["EU", "XX", "eu", "ZZ"] {
        let o = run(&[
            "duty",
            "--importer",
            "US",
            "--date",
            "2025-10-01",
            "--hts",
            "8703.23.01",
            "--origin",
            origin,
            "--value",
            "40000",
        ]);
        assert_eq!(o.status.code(), Some(2), "{origin}: {}", out(&o));
        let e = err(&o);
        assert!(
            e.contains("--origin") && e.contains("ISO 3166 alpha-2") && e.contains("(e.g. DE)"),
            "{e}"
        );
    }
}

#[test]
fn w9_unknown_listed_name_exits_2_listing_the_known_ones() {
    let o = run(&[
        "duty",
        "--importer",
        "US",
        "--date",
        "2025-11-01",
        "--hts",
        "8409.91.99",
        "--origin",
        "DE",
        "--value",
        "1000",
        "--listed",
        "us232-auto-parts-inclusions",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", out(&o));
    let e = err(&o);
    assert!(
        e.contains("\"us232-auto-parts-inclusions\"")
            && e.contains("us232-auto-parts-inclusion,")
            && e.contains("known lists are:")
            && e.contains("--listed"),
        "{e}"
    );
    let (total, ids) = duty(&[
        "--date",
        "2025-11-01",
        "--hts",
        "8409.91.99",
        "--origin",
        "DE",
        "--value",
        "1000",
        "--listed",
        "us232-auto-parts-inclusion",
    ]);
    assert!(ids.contains(&"us.232.parts.inclusions".to_string()));
    assert_eq!(total, "275.00", "{ids:?}");
}

/// The USMCA part of a tariff-rate-quota line costs the same in `duty`
/// (quota status not stated: over the quota) and in `wedges`; goods of
/// Mexico of a quota that frees them are free in both. A rate with a
/// specific part: the ad valorem part in `wedges` (flagged), the whole in
/// `duty` with its quantity.
#[test]
fn w10_duty_and_wedges_agree_on_usmca_trq_lines() {
    let d = temp();
    let f = d.path().join("w.csv");
    std::fs::write(
        &f,
        "hts10,origin,value,usmca_value\n0402295000,CA,1000,1000\n0402295000,MX,1000,1000\n1702402800,MX,1000,1000\n1702402800,BR,1000,0\n",
    )
    .unwrap();
    let o = run(&[
        "wedges",
        "--date",
        "2025-10-01",
        "--weights",
        f.to_str().unwrap(),
        "--by",
        "line",
        "--format",
        "csv",
    ]);
    let (h, rows) = csv(&ok(&o));
    let col = |n: &str| h.iter().position(|x| x == n).unwrap();
    let row = |hts: &str, origin: &str| {
        rows.iter()
            .find(|r| r[col("hts10")] == hts && r[col("origin")] == origin)
            .unwrap()
            .clone()
    };
    // Canada, dairy ($1.104/kg + 14.9%): over the quota, 14.9% (+ the
    // specific part in duty, left out of the wedges and flagged).
    let r = row("0402295000", "CA");
    assert_eq!(r[col("duty")], "149", "{r:?}");
    assert!(r[col("flags")].contains("specific-rate"), "{r:?}");
    let (total, ids) = duty(&[
        "--date",
        "2025-10-01",
        "--hts",
        "0402.29.50",
        "--origin",
        "CA",
        "--value",
        "1000",
        "--usmca-qualifying",
        "--quantity",
        "100",
    ]);
    assert_eq!(total, "259.40", "{ids:?}");
    // Mexico, dairy: 9823.05.01 frees goods of Mexico, in both.
    assert_eq!(row("0402295000", "MX")[col("duty")], "0");
    let (total, _) = duty(&[
        "--date",
        "2025-10-01",
        "--hts",
        "0402.29.50",
        "--origin",
        "MX",
        "--value",
        "1000",
        "--usmca-qualifying",
    ]);
    assert_eq!(total, "0.00");
    // Mexico, sugar (33.9¢/kg of total sugars + 5.1%, read now): over the
    // quota, 5.1% and flagged; never a silent 0.
    let r = row("1702402800", "MX");
    assert_eq!(r[col("duty")], "51", "{r:?}");
    assert!(r[col("flags")].contains("specific-rate"), "{r:?}");
    let r = row("1702402800", "BR");
    assert!(!r[col("flags")].contains("no-column1"), "{r:?}");
    assert!(r[col("measures")].contains("us.column1.schedule"), "{r:?}");
}

#[test]
fn w10_invented_code_exits_2_for_canada_and_mexico() {
    for (importer, hts) in [
        ("CA", "9999.99"),
        ("MX", "8799"),
        ("CA", "8703.99"),
        ("US", "9999.99"),
    ] {
        let o = run(&[
            "duty",
            "--importer",
            importer,
            "--date",
            "2025-10-01",
            "--hts",
            hts,
            "--origin",
            "DE",
            "--value",
            "1000",
        ]);
        assert_eq!(o.status.code(), Some(2), "{importer} {hts}: {}", out(&o));
        assert!(err(&o).contains(hts), "{}", err(&o));
    }
    let o = run(&[
        "duty",
        "--importer",
        "CA",
        "--date",
        "2025-10-01",
        "--hts",
        "8703.23",
        "--origin",
        "DE",
        "--value",
        "1000",
    ]);
    ok(&o);
}
