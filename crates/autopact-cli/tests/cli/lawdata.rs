//! `autopact law` (list, show, validate), users' own law (`--law DIR`) and
//! the duty side of the bad-input table: every case ends in exit 2 with a
//! message that names what is wrong. Then the law-data fixes that bring the
//! duty stack in line with the duties customs collects (chapter 98, Canada's
//! energy scope, §232 wood, 8471, the metals articles), end to end through
//! `autopact duty`.

use std::path::Path;

use crate::util::{err, ok, run, temp};

const MPF: &str = r#"[instrument]
id = "acme-fees"
title = "Fees our broker charges on every entry"
importer = "US"

[[measure]]
id = "user.mpf"
name = "Merchandise processing fee"
heading = "MPF 499"
citation = "19 CFR 24.23 (0.3464% ad valorem)"
source = "ACME compliance"
confidence = "official-text"
from = 2024-01-01
scope_all = true
rate = { kind = "ad_valorem", pct = "0.3464" }
"#;

fn law_dir(files: &[(&str, &str)]) -> tempfile::TempDir {
    let d = temp();
    for (name, text) in files {
        std::fs::write(d.path().join(name), text).unwrap();
    }
    d
}

fn p(d: &Path) -> &str {
    d.to_str().unwrap()
}

#[test]
fn users_own_law_is_added_and_marked() {
    let d = law_dir(&[("fees.toml", MPF)]);
    let o = ok(&run(&["law", "validate", p(d.path())]));
    assert!(o.contains("1 measure(s) valid (user.mpf)"), "{o}");
    let o = run(&[
        "duty",
        "--importer",
        "US",
        "--date",
        "2025-10-01",
        "--hts",
        "8703.23.01",
        "--origin",
        "JP",
        "--value",
        "40000",
        "--law",
        p(d.path()),
        "--format",
        "json",
    ]);
    let j: serde_json::Value = serde_json::from_str(&ok(&o)).unwrap();
    assert_eq!(j["user_measures_used"], serde_json::json!(["user.mpf"]));
    let mpf = j["layers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["measure_id"] == "user.mpf")
        .unwrap();
    assert_eq!(mpf["amount"], "138.56");
    assert!(err(&o).contains("user-supplied measures used: user.mpf"));
    let o = ok(&run(&[
        "law",
        "list",
        "--date",
        "2025-10-01",
        "--importer",
        "US",
        "--law",
        p(d.path()),
    ]));
    assert!(
        o.lines()
            .any(|l| l.starts_with("user.mpf") && l.contains("USER")),
        "{o}"
    );
    assert!(o.contains("us.232.parts.all"));
    assert!(
        !o.lines().any(|l| l.starts_with("us.232.metals2018.steel,")),
        "ended 2025-03-11"
    );
    let o = ok(&run(&["law", "show", "us.232.mhdv.parts"]));
    assert!(
        o.contains("9903.74.08") && o.contains("Proclamation 10984"),
        "{o}"
    );
    // A user file may replace a built-in measure by id (e.g. an exclusion granted).
    let over = MPF
        .replace("user.mpf", "us.232.parts.all")
        .replace("0.3464", "0");
    let d2 = law_dir(&[("override.toml", &over)]);
    let o = ok(&run(&[
        "law",
        "show",
        "us.232.parts.all",
        "--law",
        p(d2.path()),
    ]));
    assert!(
        o.contains("USER-SUPPLIED") && o.contains("override.toml, line 7"),
        "{o}"
    );
}

/// The duty and law-file share of the bad-input table (24 cases).
#[test]
fn bad_duty_and_law_inputs_exit_2_with_a_clear_message() {
    let base = [
        "duty",
        "--importer",
        "US",
        "--date",
        "2025-10-01",
        "--origin",
        "DE",
    ];
    let duty_cases: &[(&[&str], &str)] = &[
        (&["--hts", "8708.99.99"], "nearest lines: 8708.99"),
        (&["--hts", "8704"], "give one of them"),
        (&["--hts", "2204.21.50"], "--quantity QTY"),
        (
            &["--hts", "2204.21.50", "--quantity=-3"],
            "quantity must not be negative",
        ),
        (&["--hts", "8708.99.68", "--value", "1e30"], "--value"),
        (
            &["--hts", "8708.99.68", "--value", "100000000000000000000"],
            "beyond the largest amount",
        ),
        (
            &["--hts", "7408.11.60", "--copper-content", "2000"],
            "copper content 2000 exceeds",
        ),
        (&["--hts", "87x8.99"], "invalid tariff code"),
        (
            &["--hts", "8708.99.68", "--law", "/nonexistent/law-dir"],
            "--law /nonexistent/law-dir",
        ),
    ];
    for (extra, want) in duty_cases {
        let mut a = base.to_vec();
        a.extend_from_slice(extra);
        if !extra.contains(&"--value") {
            a.extend(["--value", "1000"]);
        }
        let o = run(&a);
        assert_eq!(o.status.code(), Some(2), "{a:?}: {}", err(&o));
        assert!(err(&o).contains(want), "{a:?}: {}", err(&o));
    }
    let o = run(&[
        "duty",
        "--importer",
        "CA",
        "--date",
        "2025-10-01",
        "--hts",
        "8703.23.01",
        "--origin",
        "US",
        "--value",
        "1000",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err(&o).contains("not a Canadian tariff item"),
        "{}",
        err(&o)
    );

    let broken: &[(&str, &str)] = &[
        ("[instrument\nid = 1", "line 1"),
        (
            &MPF.replace("\"ad_valorem\"", "\"per_widget\""),
            "per_widget",
        ),
        (
            &MPF.replace("citation = \"19 CFR 24.23 (0.3464% ad valorem)\"\n", ""),
            "citation",
        ),
        (
            &MPF.replace("from = 2024-01-01", "from = 2024-01-01\nto = 2023-01-01"),
            "line 7",
        ),
        (
            &MPF.replace("scope_all = true", "scope_lists = [\"no-such-list\"]"),
            "unknown scope list",
        ),
        (
            &MPF.replace("scope_all = true", "scope = [\"87x3\"]"),
            "line 7: measure user.mpf",
        ),
        (
            &MPF.replace("scope_all = true", "scope_all = true\nwhen = [\"sunny\"]"),
            "unknown condition",
        ),
        (
            &MPF.replace(
                "scope_all = true",
                "scope_all = true\nreplaces = [\"us.nothing\"]",
            ),
            "us.nothing",
        ),
        (&MPF.replace("importer = \"US\"", "importer = \"ZZ\""), "ZZ"),
        (&MPF.replace("pct = \"0.3464\"", "pct = \"abc\""), "abc"),
        (
            &MPF.replace("confidence = \"official-text\"", "confidence = \"sure\""),
            "sure",
        ),
        (
            &MPF.replace(
                "scope_all = true",
                "scope_all = true\norigin = [\"Germany\"]",
            ),
            "Germany",
        ),
        (
            &format!("{MPF}\n{}", &MPF[MPF.find("[[measure]]").unwrap()..]),
            "defined twice",
        ),
    ];
    for (text, want) in broken {
        let d = law_dir(&[("mine.toml", text)]);
        let o = run(&["law", "validate", p(d.path())]);
        assert_eq!(o.status.code(), Some(2), "{text}: {}", err(&o));
        assert!(err(&o).contains(want), "want {want:?}: {}", err(&o));
        assert!(err(&o).contains("mine.toml"), "{}", err(&o));
    }
    let empty = temp();
    let o = run(&["law", "validate", p(empty.path())]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("no .toml"));
    let o = run(&["law", "show", "us.232.nothing"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err(&o).contains("no measure") && err(&o).contains("similar"),
        "{}",
        err(&o)
    );
    let o = run(&["law", "list", "--date", "2025-02-30"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("not a date"));
}

// ------------------------------------------------------- law-data fixes

/// `autopact duty` on `value` 1000, as JSON: (total, [(measure id,
/// amount)], assumptions, the explanation text of `--explain`).
struct Duty {
    total: String,
    layers: Vec<(String, String)>,
    assumptions: Vec<String>,
}

fn duty(date: &str, hts: &str, origin: &str, extra: &[&str]) -> Duty {
    let mut args = vec![
        "duty",
        "--importer",
        "US",
        "--date",
        date,
        "--hts",
        hts,
        "--origin",
        origin,
        "--value",
        "1000",
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    let j: serde_json::Value = serde_json::from_str(&ok(&run(&args))).unwrap();
    let text = |v: &serde_json::Value| v.as_str().unwrap().to_string();
    Duty {
        total: text(&j["total_duty"]),
        layers: j["layers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| (text(&l["measure_id"]), text(&l["amount"])))
            .collect(),
        assumptions: j["assumptions"]
            .as_array()
            .unwrap()
            .iter()
            .map(text)
            .collect(),
    }
}

impl Duty {
    fn amount(&self, id: &str) -> Option<&str> {
        self.layers
            .iter()
            .find(|(m, _)| m == id)
            .map(|(_, a)| a.as_str())
    }
}

fn explain(date: &str, hts: &str, origin: &str, extra: &[&str]) -> String {
    let mut args = vec![
        "duty",
        "--importer",
        "US",
        "--date",
        date,
        "--hts",
        hts,
        "--origin",
        origin,
        "--value",
        "1000",
        "--explain",
        "--format",
        "table",
    ];
    args.extend_from_slice(extra);
    ok(&run(&args))
}

#[test]
fn chapter_98_goods_returned_owe_no_ieepa_duty_but_9802_does() {
    let d = duty("2025-10-01", "9801.00.10.66", "CA", &[]);
    assert_eq!(d.total, "0.00");
    assert_eq!(d.amount("us.ieepa.ch98"), Some("0.00"));
    let t = explain("2025-10-01", "9801.00.10.66", "CA", &[]);
    assert!(t.contains("U.S. note 2"), "{t}");
    assert!(t.contains("replaced by us.ieepa.ch98"), "{t}");
    let d = duty("2025-10-01", "9802.00.50.60", "CA", &["--mfn-rate", "0"]);
    assert_eq!(d.amount("us.ieepa.ca.general35"), Some("350.00"));
    assert_eq!(d.total, "350.00");
    let t = explain("2025-10-01", "9802.00.50.60", "CA", &["--mfn-rate", "0"]);
    assert!(t.contains("value of the repairs"), "{t}");
    // §122, U.S. note 2(aa)(i).
    assert_eq!(duty("2026-03-02", "9801.00.10.66", "DE", &[]).total, "0.00");
}

#[test]
fn canadian_energy_and_critical_minerals_pay_ten_percent() {
    let d = duty("2025-10-01", "2707.99.40", "CA", &["--quantity", "100"]);
    assert_eq!(d.amount("us.ieepa.ca.energy"), Some("100.00"));
    assert_eq!(d.amount("us.ieepa.ca.general35"), None);
    for code in ["2844.10.20", "8105.20.30", "2711.21.00"] {
        let d = duty("2025-10-01", code, "CA", &[]);
        assert_eq!(
            d.amount("us.ieepa.ca.energy"),
            Some("100.00"),
            "{code}: {:?}",
            d.layers
        );
        assert_eq!(d.amount("us.ieepa.ca.general35"), None, "{code}");
    }
    let d = duty("2025-10-01", "2716.00.00", "CA", &[]);
    assert_eq!(d.amount("us.ieepa.ca.energy"), Some("100.00"));
    assert!(
        d.assumptions.iter().any(|a| a.contains("flowing water")),
        "{:?}",
        d.assumptions
    );
    let d = duty(
        "2025-10-01",
        "3926.90.99",
        "CA",
        &["--listed", "us-ieepa-ca-energy"],
    );
    assert_eq!(d.amount("us.ieepa.ca.energy.stated"), Some("100.00"));
}

#[test]
fn section_232_wood_from_october_14_2025() {
    let d = duty("2025-11-01", "4407.11", "CA", &[]);
    assert_eq!(d.amount("us.232.wood.softwood"), Some("100.00"));
    assert_eq!(d.total, "100.00", "{:?}", d.layers);
    let t = explain("2025-11-01", "4407.11", "CA", &[]);
    assert!(t.contains("9903.76.01"), "{t}");
    assert!(t.contains("us.stack.wood-over-ieepa"), "{t}");
    assert_eq!(
        duty("2025-10-13", "4407.11", "CA", &[]).amount("us.232.wood.softwood"),
        None
    );
    let d = duty("2025-11-01", "9403.40.90.60", "CN", &[]);
    assert_eq!(d.amount("us.232.wood.cabinets"), Some("250.00"));
    assert_eq!(d.amount("us.ieepa.reciprocal.baseline"), None);
    let d = duty("2025-11-01", "9401.61.40", "VN", &[]);
    assert_eq!(d.amount("us.232.wood.upholstered"), Some("250.00"));
    for (origin, id, amount) in [
        ("GB", "us.232.wood.uk", "100.00"),
        ("FR", "us.232.wood.eu", "150.00"),
        ("JP", "us.232.wood.jp", "150.00"),
    ] {
        let d = duty("2025-11-01", "9401.61.40.11", origin, &[]);
        assert_eq!(d.amount(id), Some(amount), "{origin}: {:?}", d.layers);
        assert_eq!(d.total, amount, "{origin}");
    }
}

#[test]
fn a_computer_is_not_charged_as_a_vehicle_part_unless_stated() {
    let d = duty("2025-10-01", "8471.50.01.50", "MX", &[]);
    assert_eq!(d.amount("us.232.parts.all"), None);
    assert_eq!(d.amount("us.232.parts.not-vehicle-part"), Some("0.00"));
    assert_eq!(d.amount("us.ieepa.mx.general"), Some("250.00"));
    assert!(
        d.assumptions
            .iter()
            .any(|a| a.contains("not parts of passenger vehicles")),
        "{:?}",
        d.assumptions
    );
    let d = duty(
        "2025-10-01",
        "8471.50.01.50",
        "MX",
        &["--listed", "us232-vehicle-part"],
    );
    assert_eq!(d.amount("us.232.parts.8471"), Some("250.00"));
    assert_eq!(d.amount("us.ieepa.mx.general"), None);
}

#[test]
fn scrap_pays_no_section_232_metals_duty_and_articles_are_as_defined() {
    for code in ["7204.49", "7602"] {
        let d = duty("2025-10-01", code, "CA", &[]);
        assert!(
            d.layers.iter().all(|(m, _)| !m.starts_with("us.232.")),
            "{code}: {:?}",
            d.layers
        );
    }
    let d = duty("2025-10-01", "7303.00.00", "CN", &[]);
    assert_eq!(d.amount("us.232.steel.articles.50"), None, "{:?}", d.layers);
    let d = duty("2025-10-01", "7616.99.51.60", "CN", &[]);
    assert_eq!(d.amount("us.232.aluminum.articles.50"), Some("500.00"));
}

/// `--law-dir DIR` reaches the commands that derive tariffs from the law:
/// a fee on every entry raises the law's wedges and the price effects
/// of `price --law`; `law show --format csv` gives the measure's fields.
#[test]
fn the_law_dir_reaches_price_and_wedges() {
    let d = law_dir(&[("fees.toml", MPF)]);
    let wedges = |extra: &[&str]| {
        let mut args = vec![
            "wedges",
            "--date",
            "2025-10-01",
            "--by",
            "sector",
            "--origin",
            "CAN",
            "--format",
            "json",
        ];
        args.extend(extra);
        let v: serde_json::Value = serde_json::from_str(&ok(&run(&args))).unwrap();
        v
    };
    let rate = |v: &serde_json::Value| -> f64 {
        let n = &v["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["sector"] == "c15")
            .unwrap()["rate"];
        n.as_f64()
            .or_else(|| n.as_str().and_then(|s| s.parse().ok()))
            .unwrap()
    };
    let (plain, with_fee) = (wedges(&[]), wedges(&["--law-dir", p(d.path())]));
    let raised = rate(&with_fee) - rate(&plain);
    assert!(raised > 0.001 && raised < 0.0035 + 1e-9, "{raised}");
    let price = |extra: &[&str]| {
        let mut args = vec!["price", "--law", "2025-10-01", "--format", "json"];
        args.extend(extra);
        let v: serde_json::Value = serde_json::from_str(&ok(&run(&args))).unwrap();
        v["meta"]["tariffs_from_law"].as_str().unwrap().to_string()
    };
    assert_ne!(price(&[]), price(&["--law-dir", p(d.path())]));
    let o = ok(&run(&[
        "law",
        "show",
        "user.mpf",
        "--law",
        p(d.path()),
        "--format",
        "csv",
    ]));
    assert!(o.starts_with("field,value\n"), "{o}");
    assert!(o.contains("rate,0.3464%"), "{o}");
    let o = run(&[
        "price",
        "--law",
        "2025-10-01",
        "--law-dir",
        "/nonexistent/law-dir",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("/nonexistent/law-dir"), "{}", err(&o));
}
