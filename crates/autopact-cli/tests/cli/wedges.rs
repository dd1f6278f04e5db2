//! `autopact wedges`, `price --law`, `jobs --law`: the law on real trade.

use std::collections::BTreeMap;
use std::io::Read;

use super::util::{csv, err, ok, run, shared, temp};

/// A decimal string as integer units of 10⁻¹⁰ (exact for money and rates).
fn fixed(s: &str) -> i128 {
    let (i, f) = s.split_once('.').unwrap_or((s, ""));
    let neg = i.starts_with('-');
    let i: i128 = i.trim_start_matches('-').parse().unwrap_or(0);
    let mut f = f.to_string();
    assert!(f.len() <= 10, "{s}");
    while f.len() < 10 {
        f.push('0');
    }
    let v = i * 10_000_000_000 + f.parse::<i128>().unwrap();
    if neg { -v } else { v }
}

fn col(h: &[String], name: &str) -> usize {
    h.iter()
        .position(|c| c == name)
        .unwrap_or_else(|| panic!("no column {name} in {h:?}"))
}

/// The independent oracle: before the 2025 measures (entry 2024-12-31) US
/// imports from Canada and Mexico owe only column 1 on the value not
/// claimed under USMCA. Recomputed by a plain loop over the shared files'
/// ad-valorem lines (the 2025 HTS Basic Edition and the January 2025
/// imports), it must agree with `wedges --by line` to the cent.
#[test]
fn wedges_before_2025_equal_column1_on_unclaimed_value_to_the_cent() {
    let Some(dir) = shared("us-trade") else {
        return;
    };
    let gz = |p: std::path::PathBuf| {
        let mut s = String::new();
        flate2::read::GzDecoder::new(std::fs::File::open(p).unwrap())
            .read_to_string(&mut s)
            .unwrap();
        s
    };
    // HTS number (digits) → general rate text.
    let mut general: BTreeMap<String, String> = BTreeMap::new();
    let hts = gz(dir.join("hts_2025_basic_edition.csv.gz"));
    let mut r = csv::Reader::from_reader(hts.as_bytes());
    let h = r.headers().unwrap().clone();
    let (ic, ig) = (
        h.iter()
            .position(|c| c.trim_start_matches('\u{feff}') == "HTS Number")
            .unwrap(),
        h.iter().position(|c| c == "General Rate of Duty").unwrap(),
    );
    for rec in r.records() {
        let rec = rec.unwrap();
        let code: String = rec[ic].chars().filter(char::is_ascii_digit).collect();
        if !code.is_empty() && !rec[ig].trim().is_empty() {
            general.insert(code, rec[ig].trim().to_string());
        }
    }
    let pct_of = |hts10: &str| -> Option<f64> {
        let text = [10, 8, 6, 4]
            .iter()
            .find_map(|n| general.get(&hts10[..*n]))?;
        if text == "Free" {
            return Some(0.0);
        }
        let p = text.strip_suffix('%')?;
        p.parse::<f64>().ok()
    };
    // Expected duty in cents per (hts10, origin).
    let mut expected: BTreeMap<(String, String), f64> = BTreeMap::new();
    let month = gz(dir.join("monthly/us_imports_can_mex_hts10_2025_01.csv.gz"));
    for l in month.lines().skip(1) {
        let f: Vec<&str> = l.split(',').collect();
        let (v, u): (f64, f64) = (f[3].parse().unwrap(), f[4].parse().unwrap());
        if v == 0.0 {
            continue;
        }
        let Some(p) = pct_of(f[0]) else { continue };
        let origin = if f[1] == "1220" { "CA" } else { "MX" };
        expected.insert((f[0].into(), origin.into()), (v - u) * p);
    }
    let o = run(&[
        "wedges",
        "--date",
        "2024-12-31",
        "--weights",
        "2025-01",
        "--by",
        "line",
        "--format",
        "csv",
    ]);
    let (h, rows) = csv(&ok(&o));
    let (ih, io, id) = (col(&h, "hts10"), col(&h, "origin"), col(&h, "duty"));
    let mut checked = 0;
    let mut total = 0i128;
    for r in &rows {
        if let Some(cents) = expected.get(&(r[ih].clone(), r[io].clone())) {
            let got = fixed(&r[id]) / 100_000_000; // cents
            assert!(
                (got as f64 - cents).abs() <= 0.5 + 1e-6,
                "HTS {} from {}: wedges {} USD, oracle {:.4} USD",
                r[ih],
                r[io],
                r[id],
                cents / 100.0
            );
            checked += 1;
            total += got;
        }
    }
    assert!(checked > 9_000, "only {checked} ad-valorem lines compared");
    eprintln!(
        "{checked} lines agree to the cent; column-1 duty USD {}",
        total / 100
    );
}

#[test]
fn wedges_sector_and_measure_totals_are_sums_of_lines() {
    let args = |by: &str| {
        run(&[
            "wedges",
            "--date",
            "2025-10-01",
            "--origin",
            "MEX",
            "--by",
            by,
            "--format",
            "csv",
        ])
    };
    let (hl, lines) = csv(&ok(&args("line")));
    let (hs, sectors) = csv(&ok(&args("sector")));
    let (hm, measures) = csv(&ok(&args("measure")));
    let mut by_sector: BTreeMap<String, (i128, i128)> = BTreeMap::new();
    let mut all = 0i128;
    for r in &lines {
        all += fixed(&r[col(&hl, "duty")]);
        let s = &r[col(&hl, "sector")];
        if s.is_empty() {
            continue;
        }
        let e = by_sector.entry(s.clone()).or_default();
        e.0 += fixed(&r[col(&hl, "value")]);
        e.1 += fixed(&r[col(&hl, "duty")]);
    }
    assert_eq!(sectors.len(), by_sector.len());
    for r in &sectors {
        let (v, d) = by_sector[&r[col(&hs, "sector")]];
        assert_eq!(
            (fixed(&r[col(&hs, "value")]), fixed(&r[col(&hs, "duty")])),
            (v, d),
            "{r:?}"
        );
    }
    let m: i128 = measures.iter().map(|r| fixed(&r[col(&hm, "duty")])).sum();
    assert_eq!(m, all, "measure totals = line totals");
}

#[test]
fn price_law_equals_price_with_the_same_wedges_as_tariffs() {
    let o = run(&["price", "--law", "2025-10-01", "--format", "json"]);
    let a: serde_json::Value = serde_json::from_str(&ok(&o)).unwrap();
    let specs = a["meta"]["tariffs_from_law"].as_str().unwrap().to_string();
    assert!(specs.contains("USA:MEX:c15:"), "{specs}");
    let mut args = vec!["price", "--format", "json"];
    for s in specs.split(' ') {
        args.extend(["--tariff", s]);
    }
    let b: serde_json::Value = serde_json::from_str(&ok(&run(&args))).unwrap();
    assert_eq!(a["rows"], b["rows"]);
    let usa_c15 = a["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["region"] == "USA" && r["sector"] == "c15")
        .unwrap()["price_change"]
        .as_f64()
        .unwrap();
    assert!(usa_c15 > 0.005 && usa_c15 < 0.1, "{usa_c15}");
    let j = run(&["jobs", "--law", "2025-10-01", "--format", "csv"]);
    assert!(ok(&j).contains("jobs_change"));
}

#[test]
fn wedges_bad_input_exits_2_or_warns_with_counts() {
    let o = run(&["wedges", "--date", "2025-10-01", "--weights", "2024-12"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("2025-01 to 2026-02"), "{}", err(&o));
    let o = run(&["wedges", "--date", "2024-06-01"]);
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    let d = temp();
    let f = d.path().join("w.csv");
    std::fs::write(
        &f,
        "hts10,origin,value,usmca_value\n8703230190,CAN,100,0\n8708999999,XX,1,0\n",
    )
    .unwrap();
    let o = run(&[
        "wedges",
        "--date",
        "2025-10-01",
        "--weights",
        f.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err(&o).contains("row 3") && err(&o).contains("XX"),
        "{}",
        err(&o)
    );
    std::fs::write(&f, "hts10,origin,value\n8703230190,CA,-5\n").unwrap();
    let o = run(&[
        "wedges",
        "--date",
        "2025-10-01",
        "--weights",
        f.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("negative"), "{}", err(&o));
    // A chapter-98 line no concordance maps: counted loudly, not dropped.
    std::fs::write(
        &f,
        "hts10,origin,value\n8703230190,CA,100\n9801001012,CA,700\n",
    )
    .unwrap();
    let o = run(&[
        "wedges",
        "--date",
        "2025-10-01",
        "--weights",
        f.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let out = ok(&o);
    assert!(err(&o).contains("1 lines (USD 700)"), "{}", err(&o));
    assert!(out.contains("flag_unmapped"), "{out}");
    let o = run(&["wedges", "--date", "2025-10-01", "--measure-off", "us.nope"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn wedges_series_covers_every_month_for_canada_and_mexico() {
    let (h, rows) = csv(&ok(&run(&["wedges", "--series", "--format", "csv"])));
    let all: Vec<&Vec<String>> = rows
        .iter()
        .filter(|r| r[col(&h, "sector")] == "all")
        .collect();
    assert_eq!(all.len(), 28);
    assert_eq!(all[0][col(&h, "law_date")], "2025-01-15");
    // January 2025 (column 1 only) is far below October 2025.
    let rate = |m: &str, x: &str| {
        let r = all
            .iter()
            .find(|r| r[0] == m && r[col(&h, "exporter")] == x)
            .unwrap();
        fixed(&r[col(&h, "rate")])
    };
    assert!(rate("2025-01", "CAN") < rate("2025-10", "CAN"));
}

/// A decimal string as a float (for comparisons with a tolerance).
fn num(s: &str) -> f64 {
    s.parse().unwrap_or_else(|_| panic!("not a number: {s:?}"))
}

/// The series shows the rate with the claims as recorded next to the
/// corrected one; `--raw-claims` gives the recorded one as the rate.
#[test]
fn wedges_series_corrects_the_spring_2025_claims_and_shows_both() {
    let (h, rows) = csv(&ok(&run(&["wedges", "--series", "--format", "csv"])));
    let row = |m: &str, x: &str| {
        rows.iter()
            .find(|r| r[0] == m && r[col(&h, "exporter")] == x && r[col(&h, "sector")] == "all")
            .unwrap()
            .clone()
    };
    let may = row("2025-05", "MEX");
    let (rate, recorded) = (
        num(&may[col(&h, "rate")]),
        num(&may[col(&h, "rate_recorded_claims")]),
    );
    assert!(
        rate < recorded && recorded > 0.10 && rate < 0.06,
        "{rate} {recorded}"
    );
    assert!(num(&may[col(&h, "usmca_share")]) > 0.8);
    assert!(num(&may[col(&h, "usmca_share_recorded")]) < 0.55);
    // January 2025 is not corrected.
    let jan = row("2025-01", "CAN");
    assert_eq!(jan[col(&h, "rate")], jan[col(&h, "rate_recorded_claims")]);
    let (h2, raw) = csv(&ok(&run(&[
        "wedges",
        "--series",
        "--raw-claims",
        "--format",
        "csv",
    ])));
    let raw_may = raw
        .iter()
        .find(|r| {
            r[0] == "2025-05" && r[col(&h2, "exporter")] == "MEX" && r[col(&h2, "sector")] == "all"
        })
        .unwrap();
    assert_eq!(num(&raw_may[col(&h2, "rate")]), recorded);
}

/// `--collected`: the published rates by name, a user's Census download
/// with a chart, and a bad file refused naming its row and column.
#[test]
fn wedges_series_reconciles_with_collected_duties() {
    let d = temp();
    let file = d.path().join("census.csv");
    std::fs::write(
        &file,
        "month,exporter,imports_usd,calculated_duty_usd\n2025-06,CAN,29515445430,708370690\n2025-06,MX,44570916002,1782836640\n",
    )
    .unwrap();
    let svg = d.path().join("gap.svg");
    let (h, rows) = csv(&ok(&run(&[
        "wedges",
        "--series",
        "--collected",
        file.to_str().unwrap(),
        "--chart",
        svg.to_str().unwrap(),
        "--format",
        "csv",
    ])));
    assert_eq!(rows.len(), 28, "every model month is a row");
    let jun = rows
        .iter()
        .find(|r| r[0] == "2025-06" && r[col(&h, "exporter")] == "CAN")
        .unwrap();
    assert_eq!(jun[col(&h, "collected_rate")], "2.4");
    let ladder = num(&jun[col(&h, "model_rate_recorded_claims")])
        + num(&jun[col(&h, "claims_correction")])
        + num(&jun[col(&h, "energy_entries")]);
    assert!((ladder - num(&jun[col(&h, "model_rate")])).abs() < 1e-3);
    let residual = num(&jun[col(&h, "model_rate")])
        + num(&jun[col(&h, "timing")])
        + num(&jun[col(&h, "collection_lag")])
        - num(&jun[col(&h, "collected_rate")]);
    assert!((residual - num(&jun[col(&h, "residual")])).abs() < 1e-3);
    // A month without collected data has empty collected columns, not 0.
    let jul = rows
        .iter()
        .find(|r| r[0] == "2025-07" && r[col(&h, "exporter")] == "CAN")
        .unwrap();
    assert_eq!(jul[col(&h, "collected_rate")], "");
    let svg = std::fs::read_to_string(&svg).unwrap();
    assert!(svg.contains("CAN collected, 2025-06: 2.4"), "{svg}");
    // The published rates, with their sources in the metadata.
    let o = run(&[
        "wedges",
        "--series",
        "--collected",
        "published",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&ok(&o)).unwrap();
    assert!(
        v["meta"]["collected_source"]
            .as_str()
            .unwrap_or_default()
            .contains("https://")
            || v["meta"]
                .as_object()
                .unwrap()
                .keys()
                .any(|k| k.starts_with("collected_source"))
    );
    assert!(
        v["meta"]["mean_CAN_window"]
            .as_str()
            .unwrap()
            .contains("collected")
    );
    // Bad input: exit 2 naming the file, row and column.
    std::fs::write(
        &file,
        "month,exporter,imports_usd,calculated_duty_usd\n2025-06,CAN,29515445,708370690\n",
    )
    .unwrap();
    let o = run(&["wedges", "--series", "--collected", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err(&o).contains("census.csv")
            && err(&o).contains("row 2")
            && err(&o).contains("calculated_duty_usd"),
        "{}",
        err(&o)
    );
}

#[test]
fn scenario_from_law_reruns_byte_identically_and_shows_its_derivation() {
    let a = run(&[
        "scenario",
        "run",
        "scenarios/us-2025-tariffs.toml",
        "--format",
        "json",
        "--show-resolved",
    ]);
    let b = run(&[
        "scenario",
        "run",
        "scenarios/us-2025-tariffs.toml",
        "--format",
        "json",
    ]);
    assert_eq!(ok(&a), ok(&b));
    assert!(
        err(&a).contains("\"derivation\"") && err(&a).contains("2025-10-01"),
        "{}",
        err(&a)
    );
    // The hand-typed scenario still runs.
    ok(&run(&[
        "scenario",
        "run",
        "scenarios/us-2025-hand-typed.toml",
        "--format",
        "csv",
    ]));
}

/// On a WIOD table from the shared data the wedges of Canada and Mexico are
/// the same lines through the same concordance as on the built-in table
/// (both have WIOD's 35 industries), so the sector rows must be identical;
/// and the price model runs on that table with them.
#[test]
fn wedges_and_price_law_on_a_wiod_table_match_the_built_in_table() {
    let Some(dir) = shared("wiod2013") else {
        return;
    };
    let table = dir.join("ICIO_WIOD13_2011.csv.gz");
    let table = table.to_str().unwrap();
    for origin in ["CAN", "MEX"] {
        let mut args = vec![
            "wedges",
            "--date",
            "2025-10-01",
            "--by",
            "sector",
            "--origin",
            origin,
            "--format",
            "csv",
            "-q",
        ];
        let built_in = ok(&run(&args));
        args.push(table);
        let wiod = ok(&run(&args));
        let (h, rows) = csv(&wiod);
        assert!(rows.len() >= 10, "{origin}: {} sector rows", rows.len());
        assert_eq!(csv(&built_in).1.len(), rows.len());
        assert_eq!(
            wiod, built_in,
            "{origin}: sector wedges differ between tables"
        );
        let c15 = rows
            .iter()
            .find(|r| r[col(&h, "sector")] == "c15")
            .expect("c15 row");
        assert!(fixed(&c15[col(&h, "rate")]) > 0, "{origin} c15 pays duty");
    }
    let (h, rows) = csv(&ok(&run(&[
        "price",
        table,
        "--law",
        "2025-10-01",
        "--format",
        "csv",
        "-q",
    ])));
    let usa_c15 = rows
        .iter()
        .find(|r| r[col(&h, "region")] == "USA" && r[col(&h, "sector")] == "c15")
        .expect("USA c15");
    let change: f64 = usa_c15[col(&h, "price_change")].parse().unwrap();
    assert!(
        change > 0.0 && change < 0.5,
        "USA c15 price change {change}"
    );
}
