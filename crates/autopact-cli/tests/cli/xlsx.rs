//! `--format xlsx`: read back with calamine, every number equals the CSV's.

use calamine::{Data, Reader, Xlsx, open_workbook};

use crate::util::{csv, err, ok, run, temp};

fn cell_text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::Empty => String::new(),
        other => format!("{other:?}"),
    }
}

/// The sheet's header, units and rows as text.
fn sheet(wb: &mut Xlsx<std::io::BufReader<std::fs::File>>, name: &str) -> Vec<Vec<Data>> {
    let r = wb.worksheet_range(name).expect("the sheet");
    r.rows().map(|row| row.to_vec()).collect()
}

#[test]
fn xlsx_holds_the_csv_numbers_units_and_provenance() {
    let dir = temp();
    let path = dir.path().join("va.xlsx");
    let args = [
        "va-content",
        "--exporter",
        "CAN",
        "--importer",
        "USA",
        "--by",
        "source-region",
    ];
    let text = ok(&run(&[&args[..], &["--format", "csv"]].concat()));
    let (header, rows) = csv(&text);
    ok(&run(&[
        &args[..],
        &["--format", "xlsx", "-o", path.to_str().unwrap()],
    ]
    .concat()));
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(wb.sheet_names(), vec!["va-content", "about"]);
    let s = sheet(&mut wb, "va-content");
    let names: Vec<String> = s[0].iter().map(cell_text).collect();
    assert_eq!(names, header);
    // Row 2 holds the units of the JSON document's columns.
    assert!(
        s[1].iter().any(|d| cell_text(d) == "USD million"),
        "{:?}",
        s[1]
    );
    assert_eq!(s.len() - 2, rows.len());
    for (x, c) in s[2..].iter().zip(&rows) {
        for (d, want) in x.iter().zip(c) {
            match d {
                Data::Float(f) => {
                    let w: f64 = want.parse().unwrap();
                    assert!((f - w).abs() <= 1e-12 * w.abs().max(1.0), "{f} vs {want}");
                }
                other => assert_eq!(&cell_text(other), want),
            }
        }
    }
    let about = sheet(&mut wb, "about");
    assert!(
        about
            .iter()
            .any(|r| cell_text(&r[2]) == "table" && !cell_text(&r[3]).is_empty()),
        "{about:?}"
    );
}

#[test]
fn xlsx_of_duty_roo_and_a_scenario_run() {
    let dir = temp();
    let duty = dir.path().join("duty.xlsx");
    let entry = [
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
    ];
    let (_, rows) = csv(&ok(&run(&[&entry[..], &["--format", "csv"]].concat())));
    ok(&run(&[
        &entry[..],
        &["--format", "xlsx", "-o", duty.to_str().unwrap()],
    ]
    .concat()));
    let mut wb: Xlsx<_> = open_workbook(&duty).unwrap();
    let s = sheet(&mut wb, "duty-stack");
    assert_eq!(s.len() - 2, rows.len(), "{s:?}");
    for (x, c) in s[2..].iter().zip(&rows) {
        // The layers' base, rate and amount: the CSV's decimals as numbers.
        for k in [2, 3, 4] {
            let want = &c[k];
            match &x[k] {
                Data::Float(f) => assert_eq!(*f, want.parse::<f64>().unwrap(), "{want}"),
                other => assert_eq!(&cell_text(other), want),
            }
        }
    }
    let total = s
        .iter()
        .find(|r| cell_text(&r[0]) == "TOTAL")
        .expect("a total row");
    assert!(matches!(total[4], Data::Float(f) if f > 0.0), "{s:?}");

    let roo = dir.path().join("roo.xlsx");
    let o = run(&[
        "roo",
        "--vehicle",
        "ontario-suv",
        "--date",
        "2025-10-01",
        "--format",
        "xlsx",
        "-o",
        roo.to_str().unwrap(),
    ]);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", err(&o));
    let wb: Xlsx<_> = open_workbook(&roo).unwrap();
    assert_eq!(
        wb.sheet_names(),
        vec!["roo-tests", "roo-components", "about"]
    );

    let run_xlsx = dir.path().join("run.xlsx");
    ok(&run(&[
        "scenario",
        "run",
        "scenarios/us-2025-hand-typed.toml",
        "--format",
        "xlsx",
        "-o",
        run_xlsx.to_str().unwrap(),
    ]));
    let wb: Xlsx<_> = open_workbook(&run_xlsx).unwrap();
    assert_eq!(wb.sheet_names().len(), 4, "{:?}", wb.sheet_names());

    let o = run(&["info", "--format", "xlsx"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("--out"), "{}", err(&o));
}
