//! Bad input to `autopact roo` — BOM CSV/XLSX, cost sheets and flags: one
//! table, each case ending in exit 2 with a message that names the input
//! (file, row and column, or the flag) and says what is wrong. Also the
//! CLI side of the audit fixes (hints worded as flags, averaging, the
//! transaction-value entry).

use std::path::Path;

use crate::util::{err, out, run, temp};

const HEADER: &str = "part_id,parent_id,description,hs,origin,originating,supplier,unit_value,qty";

/// A BOM with the standard header and the given extra rows after a root.
fn bom(rows: &str) -> String {
    format!("{HEADER}\ncar,,car,8703.23,CA,,,100,1\n{rows}")
}

const SHEET: &str = "originating_materials = \"30\"\nnon_originating_materials = \"40\"\n";

struct Case {
    name: &'static str,
    /// File name and content (written to a temp folder), if any.
    file: Option<(&'static str, String)>,
    /// Arguments after `roo`; `{f}` is replaced with the file's path.
    args: &'static [&'static str],
    /// Substrings the error must contain (besides the input's name).
    expect: &'static [&'static str],
    /// The input's name the message must carry (defaults to the file name).
    names: Option<&'static str>,
}

fn cases() -> Vec<Case> {
    let big = "50000000000000000000000000000";
    let c = |name, file: Option<(&'static str, String)>, args, expect| Case {
        name,
        file,
        args,
        expect,
        names: None,
    };
    let flag = |name, args, expect, names| Case {
        name,
        file: None,
        args,
        expect,
        names: Some(names),
    };
    let bom_args: &'static [&'static str] = &["--bom", "{f}", "--date", "2025-10-01"];
    let sheet_args: &'static [&'static str] = &["--cost-sheet", "{f}", "--date", "2025-10-01"];
    vec![
        // ---- BOM CSV: header and cells
        c("missing column", Some(("a.csv", "part_id,parent_id,description,hs,origin,originating,supplier,unit_value\ncar,,car,8703.23,CA,,,100\n".into())), bom_args, &["row 1, column qty: missing required column"]),
        c("unknown column", Some(("b.csv", format!("{HEADER},colour\ncar,,car,8703.23,CA,,,100,1,red\n"))), bom_args, &["column colour: unknown column"]),
        c("duplicate id", Some(("c.csv", bom("x,car,x,8708.99,CN,no,,1,1\nx,car,x,8708.99,CN,no,,1,1\n"))), bom_args, &["row 4, column part_id: duplicate part id"]),
        c("unknown parent", Some(("d.csv", bom("x,truck,x,8708.99,CN,no,,1,1\n"))), bom_args, &["row 3, column parent_id: unknown parent \"truck\""]),
        c("two roots", Some(("e.csv", bom("van,,van,8703.23,CA,,,100,1\n"))), bom_args, &["second finished good"]),
        c("cycle", Some(("f.csv", bom("a,b,a,8708.99,CN,no,,1,1\nb,a,b,8708.99,CN,no,,1,1\n"))), bom_args, &["cycle in the bill of materials"]),
        c("negative value", Some(("g.csv", bom("x,car,x,8708.99,CN,no,,-5,1\n"))), bom_args, &["row 3, column unit_value: negative value -5"]),
        c("thousands separator", Some(("h.csv", bom("x,car,x,8708.99,CN,no,,\"1,250.00\",1\n"))), bom_args, &["row 3, column unit_value", "not a plain decimal"]),
        c("bad tariff code", Some(("i.csv", bom("x,car,x,87A8.99,CN,no,,1,1\n"))), bom_args, &["row 3, column hs"]),
        c("bad origin", Some(("j.csv", bom("x,car,x,8708.99,Canada,no,,1,1\n"))), bom_args, &["row 3, column origin", "alpha-2"]),
        c("bad originating", Some(("k.csv", bom("x,car,x,8708.99,CN,maybe,,1,1\n"))), bom_args, &["row 3, column originating", "expected yes, no or unknown"]),
        c("bad metal", Some(("l.csv", format!("{HEADER},metal\ncar,,car,8703.23,CA,,,100,1,\nx,car,x,7208.25,CN,no,,1,1,copper\n"))), bom_args, &["row 3, column metal", "expected steel or aluminum"]),
        c("declared VNM above value", Some(("m.csv", format!("{HEADER},vnm_declared\ncar,,car,8703.23,CA,,,100,1,\nx,car,x,8708.99,MX,no,S,10,1,12\n"))), bom_args, &["row 3, column vnm_declared", "exceeds the unit value"]),
        c("empty file", Some(("n.csv", String::new())), bom_args, &["empty file"]),
        c("header only", Some(("o.csv", format!("{HEADER}\n"))), bom_args, &["no data rows"]),
        c("line threshold out of range", Some(("p.csv", format!("{HEADER},rvc_threshold\ncar,,car,8703.23,CA,,,100,1,\nx,car,x,8714.91,,,,10,1,150\n"))), bom_args, &["row 3, column rvc_threshold", "(0, 100]"]),
        c("bad tariff shift", Some(("q.csv", format!("{HEADER},tariff_shift\ncar,,car,8703.23,CA,,,100,1,\nx,car,x,8714.91,,,,10,1,sideways\n"))), bom_args, &["row 3, column tariff_shift", "chapter, heading or subheading"]),
        c("value × qty overflow", Some(("r.csv", bom(&format!("x,car,x,8708.99,CN,no,,{big},2\n")))), bom_args, &["row 3, column qty", "beyond the exact decimal range"]),
        c("VNM sum overflow", Some(("s.csv", bom(&format!("x,car,x,8708.99,CN,no,,{big},1\ny,car,y,8708.99,CN,no,,{big},1\n")))), bom_args, &["beyond the exact decimal range"]),
        c("zero net cost", Some(("t.csv", format!("{HEADER}\ncar,,car,8703.23,CA,,,0,1\nx,car,x,8708.99,CN,no,,1,1\n"))), bom_args, &["net cost must be positive"]),
        c("heading-level vehicle code", Some(("u.csv", format!("{HEADER}\ncar,,car,8703,CA,,,100,1\nx,car,x,8708.99,CN,no,,1,1\n"))), bom_args, &["8703.10", "give --category NAME"]),
        // ---- BOM XLSX
        c("not a workbook", Some(("v.xlsx", "not a workbook".into())), bom_args, &["not a readable XLSX workbook"]),
        Case {
            name: "workbook without the sheet",
            file: None,
            args: &["--bom", "fuzz/seeds/bom_csv/bom.xlsx", "--sheet", "Parts", "--date", "2025-10-01"],
            expect: &["no sheet named \"Parts\"", "--sheet NAME"],
            names: Some("bom.xlsx"),
        },
        // ---- cost sheets
        c("TOML syntax", Some(("a.toml", "originating_materials = \n".into())), sheet_args, &["row 1", "expected"]),
        c("unknown key", Some(("b.toml", format!("{SHEET}colour = \"red\"\n"))), sheet_args, &["unknown field `colour`"]),
        c("missing amount", Some(("c.toml", "originating_materials = 1\n".into())), sheet_args, &["missing field `non_originating_materials`"]),
        c("negative amount", Some(("d.toml", format!("{SHEET}period_costs = -3\n"))), sheet_args, &["period_costs is negative"]),
        c("not a finite number", Some(("e.toml", format!("{SHEET}other_costs = nan\n"))), sheet_args, &["not a finite number"]),
        c("text amount", Some(("f.toml", format!("{SHEET}other_costs = \"12 USD\"\n"))), sheet_args, &["not a plain decimal"]),
        c("negative LVC input", Some(("g.toml", format!("{SHEET}[good]\nhs = \"8703.23\"\n[lvc]\nhigh_wage_labor = -1000\n"))), sheet_args, &["lvc.high_wage_labor is negative"]),
        c("metal share above total", Some(("h.toml", format!("{SHEET}[good]\nhs = \"8703.23\"\n[steel_aluminum]\nsteel_total = 100\nsteel_originating = 120\naluminum_total = 1\naluminum_originating = 1\n"))), sheet_args, &["steel_originating 120 exceeds steel_total 100"]),
        c("sheet threshold out of range", Some(("i.toml", format!("{SHEET}[good]\nrvc_threshold = \"0\"\n"))), sheet_args, &["(0, 100]"]),
        c("unknown category", Some(("j.toml", format!("{SHEET}[good]\ncategory = \"bus\"\n"))), sheet_args, &["unknown category \"bus\"", "known: passenger_vehicle, light_truck"]),
        c("cost overflow", Some(("k.toml", format!("originating_materials = \"{big}\"\nnon_originating_materials = \"{big}\"\n"))), sheet_args, &["beyond the exact decimal range"]),
        // ---- flags
        flag("threshold zero", &["--vehicle", "ontario-suv", "--date", "2025-10-01", "--rvc-threshold", "0"], &["(0, 100]"], "--rvc-threshold"),
        flag("threshold above 100", &["--vehicle", "ontario-suv", "--date", "2025-10-01", "--rvc-threshold", "100.5"], &["(0, 100]"], "--rvc-threshold"),
        flag("threshold not a number", &["--vehicle", "ontario-suv", "--date", "2025-10-01", "--rvc-threshold", "high"], &["not a plain decimal"], "--rvc-threshold"),
        flag("bad date", &["--vehicle", "ontario-suv", "--date", "01/10/2025"], &["not a date"], "--date"),
        flag("date past the data", &["--vehicle", "ontario-suv", "--date", "2030-01-01"], &["pass --beyond-as-of"], "--date"),
        flag("date before USMCA", &["--vehicle", "ontario-suv", "--date", "2019-01-01"], &["outside the rules-of-origin data"], "--date"),
        flag("unknown category flag", &["--vehicle", "ontario-suv", "--date", "2025-10-01", "--category", "bus"], &["unknown category", "known: passenger_vehicle"], "--category"),
    ]
}

#[test]
fn roo_bad_input_table_exits_2_naming_the_input() {
    let dir = temp();
    let all = cases();
    assert!(all.len() >= 20, "the table holds {} cases", all.len());
    let mut failures = Vec::new();
    for case in &all {
        let mut path = String::new();
        if let Some((name, text)) = &case.file {
            let p = dir.path().join(name);
            std::fs::write(&p, text).unwrap();
            path = p.display().to_string();
        }
        let mut args = vec!["roo".to_string()];
        args.extend(case.args.iter().map(|a| a.replace("{f}", &path)));
        let argv: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = run(&argv);
        let e = err(&o);
        let name = case
            .names
            .map(str::to_string)
            .or_else(|| case.file.as_ref().map(|(n, _)| n.to_string()))
            .unwrap_or_default();
        let ok = o.status.code() == Some(2)
            && e.contains(&name)
            && case.expect.iter().all(|x| e.contains(x))
            && !e.contains("panicked");
        if !ok {
            failures.push(format!(
                "{}: exit {:?}, expected {name:?} and {:?} in:\n{e}{}",
                case.name,
                o.status.code(),
                case.expect,
                out(&o)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n---\n"));
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

/// Averaging (SOR/2020-155 s.16) from the command line: two periods,
/// 70% and 82%, average 76% ≥ 75%.
#[test]
fn roo_cost_sheets_are_averaged_when_repeated() {
    let dir = temp();
    let a = write(
        dir.path(),
        "q1.toml",
        "originating_materials = 70\nnon_originating_materials = 30\n[good]\nid = \"q\"\nrvc_threshold = \"75\"\n",
    );
    let b = write(
        dir.path(),
        "q2.toml",
        "originating_materials = 82\nnon_originating_materials = 18\n[good]\nid = \"q\"\nrvc_threshold = \"75\"\n",
    );
    let o = run(&[
        "roo",
        "--cost-sheet",
        &a,
        "--cost-sheet",
        &b,
        "--date",
        "2025-10-01",
        "--format",
        "csv",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(out(&o).contains("rvc,net cost,76,75,true"), "{}", out(&o));
    assert!(
        err(&o).contains("averaged over 2 cost sheets"),
        "{}",
        err(&o)
    );
    let o = run(&[
        "roo",
        "--cost-sheet",
        &a,
        "--date",
        "2025-10-01",
        "--format",
        "csv",
    ]);
    assert_eq!(o.status.code(), Some(1));
}

/// The transaction-value RVC is its own entry in the JSON, and a hint for
/// a missing threshold is worded as this command's flag.
#[test]
fn roo_transaction_value_entry_and_flag_hints() {
    let dir = temp();
    let s = write(
        dir.path(),
        "p.toml",
        "originating_materials = 50\nnon_originating_materials = 35\nother_product_costs = 15\ntransaction_value = 180\ninternational_shipping = 5\n[good]\nhs = \"8708.30\"\n",
    );
    let o = run(&[
        "roo",
        "--cost-sheet",
        &s,
        "--date",
        "2025-10-01",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let v: serde_json::Value = serde_json::from_str(&out(&o)).unwrap();
    let tv = v["tests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["method"] == "transaction value")
        .unwrap();
    assert_eq!(
        (
            tv["value"].as_str(),
            tv["threshold"].as_str(),
            tv["passed"].as_bool()
        ),
        (Some("80"), Some("80"), Some(true))
    );
    assert!(
        v["gap_to_qualify"].as_array().unwrap().is_empty(),
        "the NC entry's alternative passed"
    );
    let s = write(
        dir.path(),
        "o.toml",
        "originating_materials = 50\nnon_originating_materials = 35\n",
    );
    let o = run(&[
        "roo",
        "--cost-sheet",
        &s,
        "--date",
        "2025-10-01",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&out(&o)).unwrap();
    assert_eq!(v["hints"][0]["fact"], "rvc-method");
    assert!(err(&o).contains("give --rvc-threshold PCT"), "{}", err(&o));
}
