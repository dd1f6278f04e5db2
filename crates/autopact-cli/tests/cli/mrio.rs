//! The MRIO commands end to end: output contracts, the built-in table,
//! real tables, and bad input.

use super::util::{csv, err, ok, run, shared, temp};

#[test]
fn overview_on_the_built_in_table_is_readable() {
    let text = ok(&run(&["overview"]));
    for want in [
        "autopact North America table (WIOD 2013 release, 2008)",
        "CAN → USA exports",
        "Jobs woven into the trade",
        "tariff war",
        "Timmer",
    ] {
        assert!(text.contains(want), "missing {want:?} in\n{text}");
    }
    let json = ok(&run(&["overview", "--format", "json"]));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["schema"], "autopact.table/v1");
    assert!(v["rows"].as_array().unwrap().len() > 50);
}

#[test]
fn multipliers_csv_columns_are_exact() {
    let text = ok(&run(&["multipliers", "--format", "csv"]));
    let (h, rows) = csv(&text);
    assert_eq!(
        h,
        [
            "region",
            "sector",
            "output_multiplier",
            "va_multiplier",
            "va_multiplier_domestic",
            "va_multiplier_foreign"
        ]
    );
    assert_eq!(rows.len(), 350);
    // Residual value added: every va multiplier with output is 1.
    for r in &rows {
        let va: f64 = r[3].parse().unwrap();
        assert!((va - 1.0).abs() < 1e-12 || va == 0.0, "{r:?}");
        let d: f64 = r[4].parse().unwrap();
        let f: f64 = r[5].parse().unwrap();
        assert!((d + f - va).abs() < 1e-12);
    }
    let text = ok(&run(&[
        "multipliers",
        "--format",
        "csv",
        "--extension",
        "employment",
    ]));
    let (h, _) = csv(&text);
    assert_eq!(&h[6..], ["persons_engaged", "persons_engaged_reported"]);
}

#[test]
fn va_content_shares_sum_to_one() {
    for by in ["source-region", "source-sector"] {
        let text = ok(&run(&[
            "va-content",
            "--exporter",
            "CAN",
            "--importer",
            "USA",
            "--by",
            by,
            "--format",
            "csv",
        ]));
        let (h, rows) = csv(&text);
        let n = h.len();
        assert_eq!(&h[n - 2..], ["value_added", "share"]);
        assert_eq!(h[0], "source_region");
        let s: f64 = rows.iter().map(|r| r[n - 1].parse::<f64>().unwrap()).sum();
        assert!((s - 1.0).abs() < 1e-12, "{by}: {s}");
    }
    let text = ok(&run(&[
        "va-content",
        "--exporter",
        "MEX",
        "--importer",
        "USA",
        "--sector",
        "c15",
        "--format",
        "json",
    ]));
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["meta"]["exporting_sectors"], "c15");
    assert_eq!(v["meta"]["exports"], "37845");
}

#[test]
fn price_command_contract_and_zero_tariff() {
    let text = ok(&run(&[
        "price",
        "--tariff",
        "USA:CAN:c15:0",
        "--format",
        "csv",
    ]));
    let (h, rows) = csv(&text);
    assert_eq!(h, ["region", "sector", "price_change"]);
    assert!(rows.iter().all(|r| r[2] == "0"), "zero tariff, zero change");
    let text = ok(&run(&[
        "price",
        "--tariff",
        "USA:CAN:c15,c12:25%",
        "--by",
        "region",
        "--format",
        "csv",
    ]));
    let (h, rows) = csv(&text);
    assert_eq!(h[1], "consumer_price_change");
    let usa = rows.iter().find(|r| r[0] == "USA").unwrap();
    assert!(usa[1].parse::<f64>().unwrap() > 0.0);
}

#[test]
fn jobs_in_exports_and_final_demand() {
    let text = ok(&run(&[
        "jobs",
        "--exporter",
        "CAN",
        "--importer",
        "USA",
        "--format",
        "csv",
    ]));
    let (h, rows) = csv(&text);
    assert_eq!(h, ["source_region", "jobs", "share"]);
    let can: f64 = rows.iter().find(|r| r[0] == "CAN").unwrap()[1]
        .parse()
        .unwrap();
    assert!(can > 2000.0 && can < 2500.0, "thousand persons: {can}");
    let text = ok(&run(&[
        "jobs",
        "--consumer",
        "USA",
        "--origin",
        "CAN",
        "--sector",
        "c15",
        "--format",
        "json",
    ]));
    assert!(text.contains("final demand of USA for products of CAN"));
}

#[test]
fn aggregate_rebuilds_the_default_table_byte_for_byte() {
    let Some(wiod) = shared("wiod2013") else {
        return;
    };
    let dir = temp();
    let outfile = dir.path().join("na10_wiod2008.csv.gz");
    let repo = super::util::repo();
    ok(&run(&[
        "aggregate",
        wiod.join("ICIO_WIOD13_2008.csv.gz").to_str().unwrap(),
        "--regions",
        "data/concordance/wiod2013_na10_regions.csv",
        "--satellite",
        wiod.join("employment/employment_2008.csv")
            .to_str()
            .unwrap(),
        "--satellite-name",
        "employment",
        "--satellite-column",
        "persons_engaged_thousands:thousand persons:persons_engaged",
        "--impute",
        "RoW=BRA,IDN,IND,MEX,TUR",
        "--name",
        "autopact North America table (WIOD 2013 release, 2008)",
        "--description",
        "The WIOD 2013 release world input-output table for 2008 (41 regions × 35 industries), aggregated to USA, CAN, MEX, CHN, JPN, KOR, DEU and three groups (EUR, APA, ROW), with employment (persons engaged) from the WIOD Socio-Economic Accounts; see data/README.md",
        "--out",
        outfile.to_str().unwrap(),
    ]));
    for f in ["na10_wiod2008.csv.gz", "na10_wiod2008_satellites.csv.gz"] {
        let built = std::fs::read(dir.path().join(f)).unwrap();
        let committed = std::fs::read(repo.join("crates/autopact-data/default").join(f)).unwrap();
        assert!(
            built == committed,
            "{f} differs from the committed default table"
        );
    }
    // The provenance differs only in the source path given on the command line.
    let built: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dir.path().join("na10_wiod2008_provenance.json")).unwrap(),
    )
    .unwrap();
    let committed: serde_json::Value = serde_json::from_slice(
        &std::fs::read(repo.join("crates/autopact-data/default/na10_wiod2008_provenance.json"))
            .unwrap(),
    )
    .unwrap();
    assert_eq!(built["name"], committed["name"]);
    assert_eq!(
        built["history"].as_array().unwrap().len(),
        committed["history"].as_array().unwrap().len()
    );
}

#[test]
fn reads_real_tables_and_reports_reconciliation() {
    let Some(wiod) = shared("wiod2013") else {
        return;
    };
    let t = wiod.join("ICIO_WIOD13_2011.csv.gz");
    let text = ok(&run(&["info", t.to_str().unwrap(), "--format", "json"]));
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let rows = v["rows"].as_array().unwrap();
    let get = |k: &str| rows.iter().find(|r| r["item"] == k).unwrap()["value"].clone();
    assert_eq!(get("region_sectors"), 1435);
    assert_eq!(get("row_max_abs_at"), "NLD_c23");
    assert_eq!(get("row_max_abs_discrepancy"), 108.0);
    assert_eq!(get("column_max_abs_discrepancy"), 0.0);
    assert_eq!(get("zero_output_sectors"), 22);
}

#[test]
fn bad_input_exits_2_with_file_row_and_column() {
    let dir = temp();
    let missing = run(&["info", "/no/such/table.csv"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        err(&missing).contains("/no/such/table.csv"),
        "{}",
        err(&missing)
    );

    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "V1,AAA_s1,AAA_s2,AAA_HFCE,OUT\nAAA_s1,1,2,7,10\nAAA_s2,3,x,5,12\nVA,6,6,0,0\nOUT,10,12,12,0\n",
    )
    .unwrap();
    let o = run(&["info", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let e = err(&o);
    assert!(
        e.contains("bad.csv") && e.contains("row 3") && e.contains("AAA_s2") && e.contains("\"x\""),
        "{e}"
    );

    let o = run(&["va-content", "--exporter", "XXX", "--importer", "USA"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("unknown region \"XXX\""), "{}", err(&o));

    let o = run(&["price", "--tariff", "USA:CAN:c15:-1"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("≥ 0"), "{}", err(&o));
}

#[test]
fn a_closed_pipe_ends_quietly_with_0() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    // `autopact leontief | head -c 100`: the reader goes away after 100 bytes
    // of a ~2 MB output.
    let mut child = Command::new(env!("CARGO_BIN_EXE_autopact"))
        .args(["-q", "leontief", "--format", "csv"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 100];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        o.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(String::from_utf8_lossy(&first).starts_with("label,USA_c1,"));
}

#[test]
fn decompose_and_tiva_contracts() {
    let text = ok(&run(&[
        "decompose",
        "--method",
        "wwz",
        "--exporter",
        "CAN",
        "--importer",
        "USA",
        "--format",
        "csv",
    ]));
    let (h, rows) = csv(&text);
    let terms = [
        "DVA_FIN",
        "DVA_INT",
        "DVA_INTrexI1",
        "DVA_INTrexF",
        "DVA_INTrexI2",
        "RDV_INT",
        "RDV_FIN",
        "RDV_FIN2",
        "OVA_FIN",
        "MVA_FIN",
        "OVA_INT",
        "MVA_INT",
        "DDC_FIN",
        "DDC_INT",
        "ODC",
        "MDC",
    ];
    assert_eq!(&h[3..19], terms);
    assert_eq!(rows.len(), 35);
    let text = ok(&run(&[
        "decompose",
        "--method",
        "bm",
        "--exporter",
        "USMCA",
        "--format",
        "csv",
    ]));
    let (h, rows) = csv(&text);
    for t in ["DAVAX", "REF", "DDC", "FVA", "FDC", "GVC", "GVCB", "GVCF"] {
        assert!(h.contains(&t.to_string()), "{t} in {h:?}");
    }
    // Intra-USMCA flows are not exports of the group.
    assert!(
        rows.iter()
            .all(|r| !["USA", "CAN", "MEX"].contains(&r[2].as_str()))
    );
    let o = run(&["decompose", "--method", "wwz", "--exporter", "USMCA"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("--method bm"), "{}", err(&o));
    let text = ok(&run(&[
        "tiva",
        "--exporter",
        "CAN",
        "--indicator",
        "EXGR,EXGR_DVA,EXGR_FVA",
        "--format",
        "csv",
    ]));
    let (h, rows) = csv(&text);
    assert_eq!(
        h,
        [
            "exporter",
            "partner",
            "sector",
            "indicator",
            "value",
            "unit"
        ]
    );
    let get = |ind: &str| -> f64 {
        rows.iter()
            .find(|r| r[1] == "WLD" && r[2] == "TOTAL" && r[3] == ind)
            .unwrap()[4]
            .parse()
            .unwrap()
    };
    assert!((get("EXGR_DVA") + get("EXGR_FVA") - get("EXGR")).abs() < 1e-6 * get("EXGR"));
}

#[test]
fn an_error_is_printed_once_and_footers_have_no_float_noise() {
    let o = run(&["info", "/nonexistent.csv"]);
    assert_eq!(o.status.code(), Some(2));
    let e = err(&o);
    assert_eq!(e.matches("no such file or folder").count(), 1, "{e}");
    let text = ok(&run(&[
        "va-content",
        "--exporter",
        "CAN",
        "--importer",
        "USA",
        "--format",
        "table",
    ]));
    for line in text
        .lines()
        .filter(|l| l.starts_with("value_added_embodied:") || l.starts_with("exports:"))
    {
        let number = line.split_once(": ").unwrap().1;
        assert!(number.len() <= 11, "noisy footer {line:?}");
        number.parse::<f64>().unwrap();
    }
}
