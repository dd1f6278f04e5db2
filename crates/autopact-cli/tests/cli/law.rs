//! `autopact duty` and `autopact roo`, end to end through the built
//! binary, with a consumer-side contract test of the JSON schemas
//! (an independent serde model, as in ripgrep's tests/json.rs).

use std::path::Path;
use std::process::{Command, Output};

use serde::Deserialize;

fn autopact(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_autopact"))
        .args(args)
        .output()
        .expect("run autopact")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

// ------------------------------------------------------------ contract models

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct DutyDoc {
    schema: String,
    schema_version: u32,
    law_as_of: String,
    query: serde_json::Value,
    currency: String,
    total_duty: String,
    effective_rate: String,
    layers: Vec<DutyLayer>,
    not_applied: Vec<NotApplied>,
    assumptions: Vec<String>,
    warnings: Vec<String>,
    unconfirmed_used: Vec<String>,
    user_measures_used: Vec<String>,
    hints: Vec<DutyHint>,
    explanation: Node,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct DutyHint {
    kind: String,
    fact: String,
    message: String,
    option: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct DutyLayer {
    measure_id: String,
    name: String,
    heading: Option<String>,
    citation: String,
    confidence: String,
    unconfirmed: bool,
    kind: String,
    base_kind: String,
    base: String,
    rate: String,
    amount: String,
    note: Option<String>,
    assumptions: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct NotApplied {
    measure_id: String,
    heading: Option<String>,
    reason: String,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Node {
    title: String,
    result: String,
    #[serde(default)]
    citation: Option<String>,
    #[serde(default)]
    children: Vec<Node>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct RooDoc {
    schema: String,
    schema_version: u32,
    law_as_of: String,
    date: String,
    good: serde_json::Value,
    originating: bool,
    outcome: String,
    net_cost: String,
    vnm: String,
    tests: Vec<RooTest>,
    gap_to_qualify: Vec<RooTest>,
    flips: Vec<serde_json::Value>,
    components: Vec<serde_json::Value>,
    assumptions: Vec<String>,
    warnings: Vec<String>,
    hints: Vec<serde_json::Value>,
    explanation: Node,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct RooTest {
    name: String,
    method: String,
    value: Option<String>,
    threshold: Option<String>,
    passed: Option<bool>,
    gap: Option<String>,
    gap_text: Option<String>,
    citation: String,
    detail: String,
}

// ------------------------------------------------------------------ duty

#[test]
fn duty_japanese_car_json_contract() {
    let o = autopact(&[
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
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let d: DutyDoc = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        (d.schema.as_str(), d.schema_version),
        ("autopact.duty/v1", 1)
    );
    assert_eq!(d.total_duty, "6000.00");
    let ids: Vec<&str> = d.layers.iter().map(|l| l.measure_id.as_str()).collect();
    assert_eq!(ids, ["us.mfn.87032301", "us.deal.jp.vehicles"]);
    assert_eq!(d.layers[1].heading.as_deref(), Some("9903.94.41"));
    assert_eq!(
        (
            d.layers[1].base.as_str(),
            d.layers[1].rate.as_str(),
            d.layers[1].amount.as_str()
        ),
        ("40000.00", "12.5", "5000.00")
    );
    assert!(d.layers.iter().all(|l| !l.citation.is_empty()));
    // The two layers, and the stacking rule that keeps the reciprocal
    // tariff off a §232 good (EO 14257 sec. 3(b)).
    assert_eq!(d.explanation.children.len(), 3);
}

#[test]
fn duty_usmca_vehicle_table_and_csv() {
    let args = [
        "duty",
        "--importer",
        "US",
        "--date",
        "2025-10-01",
        "--hts",
        "8703.23.01",
        "--origin",
        "CA",
        "--value",
        "40000",
        "--usmca-qualifying",
        "--us-content",
        "16000",
    ];
    let mut a = args.to_vec();
    a.extend(["--format", "csv"]);
    let o = autopact(&a);
    assert!(o.status.success(), "{}", stderr(&o));
    let s = stdout(&o);
    assert!(
        s.starts_with("measure_id,heading,base,rate,amount,confidence,citation\n"),
        "{s}"
    );
    assert!(
        s.contains("us.232.autos.vehicles.usmca-non-us,9903.94.03,24000.00,25,6000.00"),
        "{s}"
    );
    assert!(s.contains("TOTAL,,,15,6000.00"), "{s}");
    let mut a = args.to_vec();
    a.extend(["--format", "table", "--explain"]);
    let s = stdout(&autopact(&a));
    assert!(s.contains("arithmetic: 25% × 24000.00 = 6000.00"), "{s}");
    assert!(s.contains("considered, not applied:"), "{s}");
}

#[test]
fn duty_canada_surtax() {
    let o = autopact(&[
        "duty",
        "--importer",
        "CA",
        "--date",
        "2025-10-01",
        "--hts",
        "8703.23.00",
        "--origin",
        "US",
        "--value",
        "50000",
        "--usmca-qualifying",
        "--format",
        "json",
    ]);
    let d: DutyDoc = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(d.total_duty, "10625.00");
    assert_eq!(d.currency, "CAD");
}

#[test]
fn duty_bad_input_exits_2_with_a_clear_message() {
    let base = [
        "duty",
        "--importer",
        "US",
        "--origin",
        "JP",
        "--value",
        "40000",
    ];
    for (extra, want) in [
        (
            vec!["--date", "2025-10-01", "--hts", "87x3.23"],
            "invalid tariff code",
        ),
        (
            vec!["--date", "2023-12-31", "--hts", "8703.23.01"],
            "outside the law data",
        ),
        (
            vec!["--date", "2025-13-01", "--hts", "8703.23.01"],
            "not a date",
        ),
    ] {
        let mut a = base.to_vec();
        a.extend(extra);
        let o = autopact(&a);
        assert_eq!(o.status.code(), Some(2), "{a:?}");
        assert!(stderr(&o).contains(want), "{}", stderr(&o));
    }
    let o = autopact(&[
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
        "1,000",
    ]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn duty_unconfirmed_is_opt_in_and_flagged() {
    let a = [
        "duty",
        "--importer",
        "US",
        "--date",
        "2026-09-01",
        "--hts",
        "3926.90",
        "--origin",
        "CA",
        "--value",
        "1000",
        "--mfn-rate",
        "0",
        "--format",
        "json",
    ];
    let d: DutyDoc = serde_json::from_str(&stdout(&autopact(&a))).unwrap();
    assert_eq!(d.total_duty, "0.00");
    let mut b = a.to_vec();
    b.push("--include-unconfirmed");
    let d: DutyDoc = serde_json::from_str(&stdout(&autopact(&b))).unwrap();
    assert_eq!(d.unconfirmed_used, ["us.301.forced-labor", "us.338.ca"]);
    assert!(d.layers.iter().any(|l| l.unconfirmed));
}

// ------------------------------------------------------------------- roo

#[test]
fn roo_reference_vehicle_json_contract_and_exit_codes() {
    let o = autopact(&[
        "roo",
        "--vehicle",
        "ontario-suv",
        "--date",
        "2025-10-01",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let r: RooDoc = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(r.schema, "autopact.roo/v1");
    assert!(r.originating);
    let rvc = r.tests.iter().find(|t| t.name == "rvc").unwrap();
    assert_eq!(rvc.threshold.as_deref(), Some("75"));
    assert!(stderr(&o).contains("ILLUSTRATIVE"));

    let o = autopact(&[
        "roo",
        "--vehicle",
        "china-ev",
        "--date",
        "2025-10-01",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let r: RooDoc = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(!r.originating);
    assert!(!r.gap_to_qualify.is_empty());
    assert!(!r.flips.is_empty());
}

#[test]
fn roo_explain_prints_the_tree_and_components() {
    let o = autopact(&[
        "roo",
        "--vehicle",
        "mexico-pickup",
        "--date",
        "2025-10-01",
        "--explain",
        "--format",
        "table",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let s = stdout(&o);
    assert!(
        s.contains("USMCA origin of mexico-pickup on 2025-10-01 → NOT originating"),
        "{s}"
    );
    assert!(s.contains("RVC = (NC − VNM) ÷ NC × 100"), "{s}");
    assert!(s.contains("gap to qualify:"), "{s}");
    assert!(s.contains("part_id"), "{s}");
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

#[test]
fn roo_bom_and_cost_sheet_files() {
    let dir = tempfile::tempdir().unwrap();
    let bom = write(
        dir.path(),
        "bom.csv",
        "part_id,parent_id,description,hs,origin,originating,supplier,unit_value,qty,net_cost\n\
         brake,,brake assembly,8708.30,MX,,,100,1,100\n\
         caliper,brake,caliper,8708.30,CN,no,Supplier A,20,1,\n\
         pads,brake,pads,6813.81,US,yes,Supplier B,15,1,\n",
    );
    let o = autopact(&[
        "roo",
        "--bom",
        &bom,
        "--date",
        "2025-10-01",
        "--format",
        "csv",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("rvc,net cost,80,70,true"),
        "{}",
        stdout(&o)
    );

    let sheet = write(
        dir.path(),
        "a.toml",
        "originating_materials = \"30.00\"\nnon_originating_materials = \"40.00\"\nother_product_costs = \"20.00\"\nperiod_costs = \"10.00\"\n\
         [good]\nid = \"good-a\"\nrvc_threshold = \"50\"\n[excluded_costs]\nsales_promotion = \"5.00\"\nroyalties = \"2.50\"\nshipping_and_packing = \"3.00\"\nnon_allowable_interest = \"1.50\"\n",
    );
    let o = autopact(&[
        "roo",
        "--cost-sheet",
        &sheet,
        "--date",
        "2024-01-01",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let r: RooDoc = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(r.net_cost, "88.00");
    assert_eq!(r.tests[0].value.as_deref(), Some("54.55"));
}

#[test]
fn roo_bad_input_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let cyc = write(
        dir.path(),
        "c.csv",
        "part_id,parent_id,description,hs,origin,originating,supplier,unit_value,qty\n\
         car,,car,8703.23,CA,,,100,1\na,b,a,8708.99,CN,no,,-1,1\nb,a,b,8708.99,CN,no,,,1\n",
    );
    let o = autopact(&["roo", "--bom", &cyc, "--date", "2025-10-01"]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(e.contains("cycle in the bill of materials"), "{e}");
    assert!(
        e.contains("row 3, column unit_value: negative value -1"),
        "{e}"
    );
    assert!(e.contains("row 4, column unit_value: missing value"), "{e}");
    let xl = write(dir.path(), "w.xlsx", "not a workbook");
    let o = autopact(&["roo", "--bom", &xl, "--date", "2025-10-01"]);
    assert_eq!(o.status.code(), Some(2));
    let o = autopact(&["roo", "--vehicle", "nope", "--date", "2025-10-01"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("ontario-suv"));
    let o = autopact(&["roo", "--vehicle", "ontario-suv", "--date", "2019-01-01"]);
    assert_eq!(o.status.code(), Some(2));
}
