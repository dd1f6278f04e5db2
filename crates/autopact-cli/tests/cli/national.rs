//! The BEA national tables end to end: `info`, `price` (tariff file,
//! commodity tariffs, the law), `wedges` by commodity, and bad input.

use super::util::{err, ok, run};

fn csv(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .map(|l| {
            // Descriptions may be quoted and hold commas: split on commas
            // outside quotes.
            let mut f = vec![String::new()];
            let mut quoted = false;
            for ch in l.chars() {
                match ch {
                    '"' => quoted = !quoted,
                    ',' if !quoted => f.push(String::new()),
                    c => f.last_mut().unwrap().push(c),
                }
            }
            f
        })
        .collect()
}

fn write(dir: &std::path::Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

#[test]
fn info_describes_both_bea_tables() {
    let o = ok(&run(&["info", "us-bea-2017", "--format", "csv"]));
    assert!(
        o.contains("commodities,402") && o.contains("industries,402"),
        "{o}"
    );
    assert!(o.contains("Bureau of Economic Analysis"), "{o}");
    assert!(o.contains("import_share 336111,"), "{o}");
    let o = ok(&run(&["info", "--table", "us-bea-2024", "--format", "csv"]));
    assert!(
        o.contains("commodities,73") && o.contains("industries,71"),
        "{o}"
    );
    assert!(
        o.contains("caveat_1") && o.contains("purchasers' prices"),
        "{o}"
    );
}

#[test]
fn price_law_equals_price_tariff_file_of_the_printed_rates() {
    let w = ok(&run(&[
        "wedges",
        "--table",
        "us-bea-2017",
        "--date",
        "2025-10-01",
        "--by",
        "sector",
        "--format",
        "csv",
    ]));
    let rows = csv(&w);
    let h = &rows[0];
    let (ie, ic, ich) = (
        h.iter().position(|c| c == "exporter").unwrap(),
        h.iter().position(|c| c == "commodity").unwrap(),
        h.iter().position(|c| c == "change").unwrap(),
    );
    let mut file = String::from("commodity,rate\n");
    for r in rows[1..].iter().filter(|r| r[ie] == "ALL") {
        file.push_str(&format!("{},{}\n", r[ic], r[ich]));
    }
    assert!(file.contains("\n336111,0.1"), "{file}");
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "rates.csv", &file);
    for markup in ["constant-dollar", "constant-percentage"] {
        for by in ["commodity", "pce"] {
            let a = ok(&run(&[
                "price",
                "--table",
                "us-bea-2017",
                "--law",
                "2025-10-01",
                "--markup",
                markup,
                "--domestic-pricing",
                "0.5",
                "--dollar-offset",
                "0.174",
                "--by",
                by,
                "--format",
                "csv",
            ]));
            let b = ok(&run(&[
                "price",
                "--table",
                "us-bea-2017",
                "--tariff-file",
                &f,
                "--markup",
                markup,
                "--domestic-pricing",
                "0.5",
                "--dollar-offset",
                "0.174",
                "--by",
                by,
                "--format",
                "csv",
            ]));
            assert_eq!(a, b, "{markup} {by}");
        }
    }
}

#[test]
fn price_by_pce_ends_with_the_level_and_the_parts_sum() {
    for (table, detail) in [("us-bea-2017", "336111:25%"), ("us-bea-2024", "3361MV:25%")] {
        let o = ok(&run(&[
            "price",
            table,
            "--commodity-tariff",
            "3361MV:10%",
            "--commodity-tariff",
            detail,
            "--by",
            "pce",
            "--format",
            "csv",
        ]));
        let rows = csv(&o);
        assert_eq!(
            rows[0],
            [
                "pce_category",
                "purchasers_value",
                "direct_pct",
                "supply_chain_pct",
                "price_change_pct"
            ]
        );
        let all = rows.last().unwrap();
        assert_eq!(all[0], "ALL");
        let v: Vec<f64> = all[2..].iter().map(|x| x.parse().unwrap()).collect();
        assert!(
            v[2] > 0.0 && (v[0] + v[1] - v[2]).abs() < 1e-12,
            "{table}: {all:?}"
        );
    }
}

#[test]
fn bad_tariff_files_exit_2_with_file_row_and_column() {
    let dir = tempfile::tempdir().unwrap();
    for (text, want) in [
        (
            "commodity,rate\n336111,10%\nXYZ,5%\n",
            "row 3, column commodity",
        ),
        ("commodity,rate\n336111,-0.1\n", "row 2, column rate"),
        ("commodity,rate\n336111,NaN\n", "row 2, column rate"),
        ("commodity,rate\n336111\n", "row 2, column rate"),
    ] {
        let f = write(dir.path(), "bad.csv", text);
        let o = run(&["price", "--table", "us-bea-2017", "--tariff-file", &f]);
        assert_eq!(o.status.code(), Some(2), "{text}");
        let e = err(&o);
        assert!(e.contains("bad.csv") && e.contains(want), "{text}: {e}");
    }
    // A folder in BEA's layout with an industry column missing from the
    // import matrix.
    let t = tempfile::tempdir().unwrap();
    write(t.path(), "bea_use_import.csv", "bea_code,X\nA,1\nB,2\n");
    write(
        t.path(),
        "bea_requirements_domestic.csv",
        "bea_code,A,B\nX,1,0\nY,0,1\n",
    );
    write(
        t.path(),
        "bea_industry_output.csv",
        "bea_code,output\nX,10\nY,10\n",
    );
    write(
        t.path(),
        "bea_industry_variable_cost.csv",
        "bea_code,variable_cost\nX,5\nY,5\n",
    );
    write(
        t.path(),
        "bea_commodity_use_totals.csv",
        "bea_code,import_total,domestic_total\nA,1,1\nB,1,1\n",
    );
    let o = run(&[
        "price",
        "--table",
        t.path().to_str().unwrap(),
        "--commodity-tariff",
        "A:1%",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let e = err(&o);
    assert!(
        e.contains("bea_use_import.csv, row 1, column Y") && e.contains("industry Y has no column"),
        "{e}"
    );
    // With the column, the same folder runs.
    write(
        t.path(),
        "bea_use_import.csv",
        "bea_code,X,Y\nA,1,0\nB,2,0\n",
    );
    let o = ok(&run(&[
        "price",
        "--table",
        t.path().to_str().unwrap(),
        "--commodity-tariff",
        "A:10%",
        "--format",
        "csv",
    ]));
    assert!(o.starts_with("commodity,"), "{o}");
    // Flags of the other kind of table.
    let o = run(&[
        "price",
        "--table",
        "us-bea-2017",
        "--tariff",
        "USA:CAN:*:10%",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("--tariff-file"), "{}", err(&o));
    let o = run(&["leontief", "us-bea-2017"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("national table"), "{}", err(&o));
}

/// The seed's numbers on current data: `overview` (text and CSV), `report`
/// and `landed-cost` show the price change of 336111, 336112, the 3363xx
/// parts and the PCE level on us-bea-2017, equal to `price --table
/// us-bea-2017 --law 2025-10-01` (s = 1) and its run with the Budget Lab's
/// assumptions, and say which table gave them.
#[test]
fn overview_report_and_landed_cost_show_vehicle_costs_on_current_data() {
    let price = |extra: &[&str]| {
        let mut a = vec![
            "price",
            "--table",
            "us-bea-2017",
            "--law",
            "2025-10-01",
            "--by",
            "commodity",
            "--format",
            "csv",
        ];
        a.extend_from_slice(extra);
        let rows = csv(&ok(&run(&a)));
        let k = rows[0]
            .iter()
            .position(|c| c == "price_change_pct")
            .unwrap();
        rows[1..]
            .iter()
            .map(|r| (r[0].clone(), r[k].parse::<f64>().unwrap() / 100.0))
            .collect::<std::collections::BTreeMap<_, _>>()
    };
    let push = price(&[]);
    let budget_lab = price(&["--domestic-pricing", "0.5", "--dollar-offset", "0.174"]);

    let text = ok(&run(&["overview"]));
    assert!(
        text.contains("6. On current data — BEA's input-output table us-bea-2017"),
        "{text}"
    );
    assert!(
        text.contains("(336111)") && text.contains("(336112)") && text.contains("(336390)"),
        "{text}"
    );
    assert!(text.contains("PCE level"), "{text}");

    let rows = csv(&ok(&run(&["overview", "--format", "csv"])));
    let value = |item: &str| -> f64 {
        rows.iter()
            .find(|r| r[0] == "current_data_us-bea-2017" && r[1] == item)
            .unwrap_or_else(|| panic!("no row {item}"))[3]
            .parse()
            .unwrap()
    };
    let mut parts = 0;
    for code in push
        .keys()
        .filter(|c| *c == "336111" || *c == "336112" || c.starts_with("3363"))
    {
        parts += 1;
        let got = value(&format!("price_change_{code}"));
        assert!(
            (got - push[code]).abs() < 1e-9,
            "{code}: {got} vs {}",
            push[code]
        );
        let got = value(&format!("price_change_{code}_budget_lab"));
        assert!((got - budget_lab[code]).abs() < 1e-9, "{code} (Budget Lab)");
    }
    assert_eq!(parts, 9, "336111, 336112 and seven parts commodities");
    assert!(value("price_change_pce_level") > 0.0);

    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.html");
    ok(&run(&[
        "report",
        "--date",
        "2025-10-01",
        "--out",
        out.to_str().unwrap(),
        "-q",
    ]));
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains("On current data: US-built vehicles and parts (us-bea-2017)"));
    // The page says which law and which trade weights it used.
    assert!(
        html.contains("on trade weights 2025-10"),
        "no weights month in the report"
    );
    // No table is printed twice.
    let tables: Vec<&str> = html
        .split("<table")
        .skip(1)
        .map(|t| t.split("</table>").next().unwrap())
        .map(|t| t.split_once('>').map_or(t, |(_, body)| body))
        .collect();
    for (i, a) in tables.iter().enumerate() {
        for b in &tables[i + 1..] {
            assert!(a != b, "a table is printed twice:\n{a}");
        }
    }

    let json = ok(&run(&["landed-cost", "--format", "json"]));
    assert!(
        json.contains("current_data_2025-10-01") || json.contains("current_data_"),
        "{json}"
    );
}
