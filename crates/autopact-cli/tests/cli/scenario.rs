//! Scenario files end to end: the shipped scenarios run, reruns are
//! byte-identical, diffs compare, bad files fail with their line.

use super::util::{csv, err, ok, run, temp};

#[test]
fn shipped_scenarios_validate_and_run() {
    for f in [
        "scenarios/us-2025-tariffs.toml",
        "scenarios/canada-2025-countersurtax.toml",
        "scenarios/fortress-north-america.toml",
    ] {
        ok(&run(&["scenario", "validate", f]));
        let text = ok(&run(&[
            "scenario", "run", f, "--report", "regions", "--format", "csv",
        ]));
        let (h, rows) = csv(&text);
        assert_eq!(h[0], "region");
        assert!(h.contains(&"jobs_change".to_string()));
        assert_eq!(rows.len(), 10);
    }
}

#[test]
fn reruns_are_byte_identical() {
    let (a, b) = (temp(), temp());
    for d in [&a, &b] {
        ok(&run(&[
            "scenario",
            "run",
            "scenarios/us-2025-tariffs.toml",
            "--out-dir",
            d.path().to_str().unwrap(),
            "--format",
            "json",
        ]));
    }
    for f in [
        "summary.csv",
        "regions.csv",
        "sectors.csv",
        "resolved.json",
        "manifest.json",
    ] {
        let x = std::fs::read(a.path().join(f)).unwrap();
        let y = std::fs::read(b.path().join(f)).unwrap();
        assert!(x == y, "{f} differs between reruns");
    }
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(a.path().join("manifest.json")).unwrap()).unwrap();
    assert_eq!(m["tool"], format!("autopact {}", env!("CARGO_PKG_VERSION")));
    assert_eq!(m["table_sha256"].as_str().unwrap().len(), 64);
}

#[test]
fn diff_compares_assumptions_and_results() {
    let text = ok(&run(&[
        "scenario",
        "diff",
        "scenarios/us-2025-tariffs.toml",
        "scenarios/fortress-north-america.toml",
        "--format",
        "csv",
    ]));
    let (h, rows) = csv(&text);
    assert_eq!(h, ["region", "indicator", "a", "b", "b_minus_a"]);
    assert!(rows.iter().any(|r| r[0] == "USA" && r[1] == "jobs_change"));
    let text = ok(&run(&[
        "scenario",
        "diff",
        "scenarios/us-2025-tariffs.toml",
        "scenarios/fortress-north-america.toml",
        "--assumptions",
        "--format",
        "csv",
    ]));
    assert!(text.contains("tariffs") && text.contains("law_as_of"));
}

#[test]
fn bad_scenarios_fail_with_their_line() {
    let dir = temp();
    let base =
        std::fs::read_to_string(super::util::repo().join("scenarios/fortress-north-america.toml"))
            .unwrap();
    let cases = [
        ("rate = 0.25", "rate = -0.25", "rate -0.25"),
        ("rate = 0.25", "rate = nan", "rate NaN"),
        (
            "sectors = [\"c15\", \"c12\"]",
            "sectors = [\"c99\"]",
            "unknown sector \"c99\"",
        ),
        (
            "importer = [\"USA\", \"CAN\", \"MEX\"]",
            "importer = [\"USA\", \"XYZ\"]",
            "unknown region \"XYZ\"",
        ),
        (
            "source = \"default\"",
            "source = \"default\"\nsha256 = \"00\"",
            "hash mismatch",
        ),
        (
            "source = \"default\"",
            "source = \"missing.csv\"\nsha256 = \"00\"",
            "missing.csv",
        ),
        (
            "elasticity = 1.0",
            "elasticity = 1.0\ncolour = \"red\"",
            "unknown field `colour`",
        ),
    ];
    for (from, to, want) in cases {
        assert!(base.contains(from), "{from}");
        let text = base.replacen(from, to, 1);
        let f = dir.path().join("s.toml");
        std::fs::write(&f, &text).unwrap();
        let o = run(&["scenario", "run", f.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2), "{to}");
        let e = err(&o);
        assert!(e.contains(want), "{to}: {e}");
        if !want.contains("missing.csv") {
            assert!(e.contains("s.toml, row "), "{to}: {e}");
        }
    }
}
