//! `contribution`, `extract` and `report` end to end on the built-in
//! table: shares sum to one, figures equal the `multipliers`, `va-content`,
//! `jobs` and `price` numbers, the HTML report carries every figure with
//! the commands' own numbers, and bad input exits 2.

use serde_json::Value;

use super::util::{err, ok, run, temp};

fn json(args: &[&str]) -> Value {
    let mut a = args.to_vec();
    a.extend(["--format", "json", "-q"]);
    serde_json::from_str(&ok(&run(&a))).unwrap()
}

fn rows(v: &Value) -> &Vec<Value> {
    v["rows"].as_array().unwrap()
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

/// The summary figure whose text starts with `prefix`.
fn figure(summary: &Value, prefix: &str) -> f64 {
    let row = rows(summary)
        .iter()
        .find(|r| r["figure"].as_str().unwrap().starts_with(prefix))
        .unwrap_or_else(|| panic!("no figure {prefix:?}"));
    f(&row["value"])
}

#[test]
fn contribution_shares_sum_to_one_and_equal_va_content_and_multipliers() {
    let cost = json(&["contribution", "--from", "CAN", "--to", "USA"]);
    let (mut direct, mut va, mut can_va, mut usa_va) = (0.0, 0.0, 0.0, 0.0);
    for r in rows(&cost) {
        direct += f(&r["direct_share"]);
        if let Some(x) = r["value_added_share"].as_f64() {
            va += x;
            match r["origin_region"].as_str().unwrap() {
                "CAN" => can_va += x,
                "USA" => usa_va += x,
                _ => {}
            }
        }
    }
    assert!(
        (direct - 1.0).abs() < 1e-12,
        "direct shares sum to {direct}"
    );
    assert!((va - 1.0).abs() < 1e-12, "value-added shares sum to {va}");
    // Canada's share equals va-content's share of CAN in US c15 exports.
    let vc = json(&[
        "va-content",
        "--exporter",
        "USA",
        "--importer",
        "CAN",
        "--sector",
        "c15",
    ]);
    let share = |reg: &str| {
        f(&rows(&vc)
            .iter()
            .find(|r| r["source_region"] == reg)
            .unwrap()["share"])
    };
    assert!((can_va - share("CAN")).abs() < 1e-12);
    assert!((usa_va - share("USA")).abs() < 1e-12);
    // The domestic share equals the domestic value-added multiplier.
    let mult = json(&["multipliers"]);
    let m = rows(&mult)
        .iter()
        .find(|r| r["region"] == "USA" && r["sector"] == "c15")
        .unwrap();
    assert!((usa_va - f(&m["va_multiplier_domestic"])).abs() < 1e-12);
    let summary = json(&[
        "contribution",
        "--from",
        "CAN",
        "--to",
        "USA",
        "--view",
        "summary",
    ]);
    assert!((figure(&summary, "CAN's share of the value of USA_c15") - can_va).abs() < 1e-15);
    assert!((figure(&summary, "value-added multiplier") - f(&m["va_multiplier"])).abs() < 1e-12);
}

#[test]
fn contribution_jobs_equal_the_jobs_command() {
    let summary = json(&[
        "contribution",
        "--from",
        "CAN",
        "--to",
        "USA",
        "--view",
        "summary",
    ]);
    let can_jobs = figure(
        &summary,
        "CAN jobs sustained by the final demand for USA_c15",
    );
    // The final demand for USA_c15 is every region's; jobs --consumer R
    // --origin USA --sector c15 gives each region's part.
    let regions = [
        "USA", "CAN", "MEX", "CHN", "JPN", "KOR", "DEU", "EUR", "APA", "ROW",
    ];
    let mut sum = 0.0;
    for r in regions {
        let j = json(&[
            "jobs",
            "--consumer",
            r,
            "--origin",
            "USA",
            "--sector",
            "c15",
        ]);
        sum += f(&rows(&j)
            .iter()
            .find(|x| x["source_region"] == "CAN")
            .unwrap()["jobs"]);
    }
    assert!(
        (can_jobs - sum).abs() < 1e-9 * sum.max(1.0),
        "{can_jobs} vs {sum}"
    );
    // The US jobs that depend on the link equal the extraction's.
    let ex = json(&["extract", "--from", "CAN", "--to", "USA", "--by", "region"]);
    let usa = rows(&ex).iter().find(|r| r["region"] == "USA").unwrap();
    let dep = figure(&summary, "USA jobs, all sectors, that depend on CAN");
    assert!((dep - f(&usa["jobs_loss"])).abs() < 1e-9);
}

#[test]
fn contribution_tariff_split_equals_the_price_command() {
    let summary = json(&[
        "contribution",
        "--from",
        "CAN",
        "--to",
        "USA",
        "--view",
        "summary",
        "--tariff",
        "USA:CAN:c15:25%",
        "--tariff",
        "USA:MEX:c15:25%",
    ]);
    let total = figure(&summary, "cost increase of USA_c15");
    let link = figure(&summary, "… caused by USA's tariffs on CAN");
    let rest = figure(&summary, "… caused by the other tariffs");
    let price = |args: &[&str]| {
        let mut a = vec!["price"];
        a.extend(args);
        let p = json(&a);
        f(&rows(&p)
            .iter()
            .find(|r| r["region"] == "USA" && r["sector"] == "c15")
            .unwrap()["price_change"])
    };
    let both = price(&["--tariff", "USA:CAN:c15:25%", "--tariff", "USA:MEX:c15:25%"]);
    let can = price(&["--tariff", "USA:CAN:c15:25%"]);
    assert!((total - both).abs() < 1e-15 && (link - can).abs() < 1e-15);
    assert!((total - link - rest).abs() < 1e-15 && link > 0.0 && rest > 0.0);
}

#[test]
fn extract_update_equals_refactorisation_and_rows_add_up() {
    let base = [
        "extract",
        "--from",
        "CAN",
        "--sectors",
        "c15,c12",
        "--to",
        "USA",
    ];
    let mut a = base.to_vec();
    a.extend(["--method", "update"]);
    let up = json(&a);
    let mut a = base.to_vec();
    a.extend(["--method", "refactor"]);
    let re = json(&a);
    assert_eq!(rows(&up).len(), 350);
    let scale = rows(&up)
        .iter()
        .map(|r| f(&r["output"]))
        .fold(0.0, f64::max);
    for (u, r) in rows(&up).iter().zip(rows(&re)) {
        assert!((f(&u["output_extracted"]) - f(&r["output_extracted"])).abs() <= 1e-9 * scale);
        assert!(f(&u["output_loss"]) >= -1e-6 * scale);
    }
    let mut a = base.to_vec();
    a.extend(["--by", "region"]);
    let reg = json(&a);
    for r in rows(&reg) {
        let name = r["region"].as_str().unwrap();
        let sum: f64 = rows(&up)
            .iter()
            .filter(|x| x["region"] == name)
            .map(|x| f(&x["output_loss"]))
            .sum();
        assert!((sum - f(&r["output_loss"])).abs() <= 1e-9 * scale.max(1.0));
    }
}

#[test]
fn charts_are_svg() {
    let dir = temp();
    for (cmd, name) in [("contribution", "c.svg"), ("extract", "e.svg")] {
        let p = dir.path().join(name);
        ok(&run(&[
            cmd,
            "--from",
            "MEX",
            "--to",
            "USA",
            "--chart",
            p.to_str().unwrap(),
            "-q",
        ]));
        let s = std::fs::read_to_string(&p).unwrap();
        assert!(
            s.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
            "{name}"
        );
        assert!(s.contains("</svg>") && s.contains("MEX"), "{name}");
    }
}

#[test]
fn bad_regions_sectors_and_scenarios_exit_2() {
    for (args, want) in [
        (vec!["contribution", "--from", "XXX", "--to", "USA"], "XXX"),
        (
            vec![
                "contribution",
                "--from",
                "CAN",
                "--to",
                "USA",
                "--sector",
                "c99",
            ],
            "c99",
        ),
        (
            vec!["contribution", "--from", "CAN", "--to", "CAN"],
            "both CAN",
        ),
        (
            vec![
                "contribution",
                "--from",
                "CAN",
                "--to",
                "USA",
                "--tariff",
                "USA:CAN:c15:x",
            ],
            "rate",
        ),
        (
            vec![
                "contribution",
                "--from",
                "CAN",
                "--to",
                "USA",
                "--scenario",
                "nope.toml",
            ],
            "nope.toml",
        ),
        (vec!["extract", "--from", "CAN", "--to", "ZZZ"], "ZZZ"),
        (
            vec![
                "extract",
                "--from",
                "CAN",
                "--to",
                "USA",
                "--sectors",
                "c15,c77",
            ],
            "c77",
        ),
        (
            vec!["report", "--out", "/nonexistent-dir/r.html"],
            "nonexistent",
        ),
        (
            vec!["report", "--out", "r.html", "--scenario", "missing.toml"],
            "missing.toml",
        ),
    ] {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", err(&o));
        assert!(err(&o).contains(want), "{args:?}: {}", err(&o));
        assert!(!err(&o).contains("panicked"), "{args:?}");
    }
}

/// The `data-value`s of the numeric cells of the HTML table `id`, in order.
fn html_table_values(html: &str, id: &str) -> Vec<f64> {
    let start = html
        .find(&format!("<table id=\"{id}\""))
        .unwrap_or_else(|| panic!("no table {id}"));
    let end = start + html[start..].find("</table>").unwrap();
    html[start..end]
        .split("data-value=\"")
        .skip(1)
        .map(|s| s[..s.find('"').unwrap()].parse().unwrap())
        .collect()
}

/// The numeric cells of a JSON table, row by row.
fn json_values(v: &Value) -> Vec<f64> {
    let cols: Vec<&str> = v["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    rows(v)
        .iter()
        .flat_map(|r| {
            cols.iter()
                .filter_map(|c| {
                    // Decimal money is a JSON string.
                    r[*c]
                        .as_f64()
                        .or_else(|| r[*c].as_str().and_then(|s| s.parse().ok()))
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn report_is_well_formed_complete_and_equal_to_the_commands() {
    let dir = temp();
    let p = dir.path().join("report.html");
    ok(&run(&["report", "--out", p.to_str().unwrap(), "-q"]));
    let html = std::fs::read_to_string(&p).unwrap();
    // Well-formed: every non-void element closed in order.
    let void = ["meta", "br"];
    let mut stack: Vec<String> = vec![];
    let mut rest = html.as_str();
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let end = rest.find('>').expect("unclosed tag");
        let tag = &rest[..end];
        rest = &rest[end..];
        if tag.starts_with('!') || tag.ends_with('/') {
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop().as_deref(), Some(name), "closing </{name}>");
        } else {
            let name = tag.split_whitespace().next().unwrap().to_string();
            if !void.contains(&name.as_str()) {
                stack.push(name);
            }
        }
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
    // Self-contained: no scripts, no external resources.
    assert!(!html.contains("<script") && !html.contains("src=") && !html.contains("<link"));
    for id in [
        "headline",
        "contribution",
        "extraction",
        "tariffs",
        "na-vs-asia",
        "sources",
        "chart-contribution-usa",
        "chart-extract-can-usa",
        "chart-extract-mex-usa",
        "chart-na-vs-asia",
        "chart-landed-cost",
        "landed-cost",
        "summary-can-usa",
        "summary-mex-usa",
        "contribution-can-usa",
        "contribution-mex-usa",
        "extract-can-usa",
        "extract-mex-usa",
        "tariff-cascade",
        "landed-cost-index",
    ] {
        assert!(html.contains(&format!("id=\"{id}\"")), "missing {id}");
    }
    for want in ["2008", "2025-10-01", "Timmer", "Dietzenbacher"] {
        assert!(html.contains(want), "missing {want:?}");
    }
    // Numbers equal the commands' outputs.
    let scen = "scenarios/us-2025-tariffs.toml";
    for (id, args) in [
        (
            "contribution-can-usa",
            vec!["contribution", "--from", "CAN", "--to", "USA"],
        ),
        (
            "contribution-mex-usa",
            vec!["contribution", "--from", "MEX", "--to", "USA"],
        ),
        (
            "summary-can-usa",
            vec![
                "contribution",
                "--from",
                "CAN",
                "--to",
                "USA",
                "--view",
                "summary",
                "--scenario",
                scen,
            ],
        ),
        (
            "extract-can-usa",
            vec!["extract", "--from", "CAN", "--to", "USA", "--by", "region"],
        ),
        (
            "extract-mex-usa",
            vec!["extract", "--from", "MEX", "--to", "USA", "--by", "region"],
        ),
    ] {
        let want = json_values(&json(&args));
        let got = html_table_values(&html, id);
        assert!(!want.is_empty());
        assert_eq!(got.len(), want.len(), "{id}");
        // Equal up to the last bits: faer's parallel kernels may sum in a
        // different order from one process to the next.
        for (g, w) in got.iter().zip(&want) {
            assert!(
                (g - w).abs() <= 1e-12 * w.abs().max(1e-300),
                "{id}: {g} vs {w}"
            );
        }
    }
}

#[test]
fn report_on_a_law_date_takes_the_tariffs_of_the_law() {
    let dir = temp();
    let p = dir.path().join("report-law.html");
    ok(&run(&[
        "report",
        "--date",
        "2025-10-01",
        "--out",
        p.to_str().unwrap(),
        "-q",
    ]));
    let html = std::fs::read_to_string(&p).unwrap();
    assert!(
        html.contains("the law on 2025-10-01 through the law-to-economy link"),
        "the page names where its tariffs come from"
    );
    // The law's monthly rates against the published collected rates: the
    // chart and the table, with the sources named.
    assert!(html.contains("id=\"chart-rates-vs-collected\""));
    assert!(html.contains("id=\"rates-vs-collected\""));
    assert!(html.contains("published monthly collected rates"));
    // The tariff split of the page equals `contribution --law DATE`.
    let want = json_values(&json(&[
        "contribution",
        "--from",
        "CAN",
        "--to",
        "USA",
        "--view",
        "summary",
        "--law",
        "2025-10-01",
    ]));
    let got = html_table_values(&html, "summary-can-usa");
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(&want) {
        assert!((g - w).abs() <= 1e-12 * w.abs().max(1e-300), "{g} vs {w}");
    }
    // A scenario and a law date are two sources for the same tariffs.
    let o = run(&[
        "report",
        "--date",
        "2025-10-01",
        "--scenario",
        "scenarios/us-2025-tariffs.toml",
        "--out",
        p.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
}

#[test]
fn landed_cost_duty_equals_the_duty_command() {
    let v = json(&[
        "landed-cost",
        "--vehicles",
        "michigan-sedan,ontario-suv,mexico-pickup,japan-import,korea-import,germany-import,china-ev",
        "--regimes",
        "pre-2025,law:2025-10-01,scenario:fortress",
    ]);
    let rows = rows(&v);
    assert_eq!(rows.len(), 21);
    let d = |x: &Value| -> f64 { x.as_str().unwrap().parse().unwrap() };
    let mut checked = 0;
    for r in rows {
        let veh = r["vehicle"].as_str().unwrap();
        let origin = r["assembly"].as_str().unwrap();
        let regime = r["regime"].as_str().unwrap();
        // landed = base + input-cost effect + duty, to the cent.
        let sum = d(&r["base_price"]) + d(&r["input_cost_effect"]) + d(&r["border_duty"]);
        assert!((sum - d(&r["landed_cost"])).abs() < 0.005, "{veh} {regime}");
        if regime == "pre-2025" {
            assert_eq!(d(&r["change"]), 0.0);
            assert_eq!(d(&r["input_cost_effect"]), 0.0);
        }
        if origin == "US" {
            assert_eq!(d(&r["border_duty"]), 0.0);
            continue;
        }
        let date = match regime {
            "pre-2025" => "2025-01-01",
            "law 2025-10-01" => "2025-10-01",
            _ => continue,
        };
        let us = r["us_content"].as_str().unwrap().to_string();
        let hts = r["hts"].as_str().unwrap().to_string();
        let value = r["base_price"].as_str().unwrap().to_string();
        let mut args = vec![
            "duty",
            "--importer",
            "US",
            "--date",
            date,
            "--hts",
            &hts,
            "--origin",
            origin,
            "--value",
            &value,
            "--us-content",
            &us,
            "--format",
            "json",
            "-q",
        ];
        if r["usmca_qualifying"] == Value::Bool(true) {
            args.push("--usmca-qualifying");
        }
        let duty: Value = serde_json::from_str(&ok(&run(&args))).unwrap();
        let want: f64 = duty["total_duty"].as_str().unwrap().parse().unwrap();
        assert_eq!(d(&r["border_duty"]), want, "{veh} {regime}");
        checked += 1;
    }
    assert_eq!(checked, 12);
}

#[test]
fn landed_cost_bad_vehicles_and_regimes_exit_2() {
    for (args, want) in [
        (vec!["landed-cost", "--vehicles", "batmobile"], "batmobile"),
        (
            vec!["landed-cost", "--regimes", "law:2024-05-01"],
            "2024-05-01",
        ),
        (vec!["landed-cost", "--regimes", "law:someday"], "someday"),
        (vec!["landed-cost", "--regimes", "tomorrow"], "tomorrow"),
        (
            vec!["landed-cost", "--regimes", "scenario:nope.toml"],
            "nope.toml",
        ),
    ] {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", err(&o));
        assert!(err(&o).contains(want), "{args:?}: {}", err(&o));
    }
}
