//! `autopact law` (list, show, validate), users' own law (`--law DIR`) and
//! the duty side of the bad-input table: every case ends in exit 2 with a
//! message that names what is wrong.

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
    assert!(!o.contains("us.232.metals2018.steel\t"), "ended 2025-03-11");
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
