//! Each table builder on the small test table, checked against identities
//! computed here by hand from Z, Y and x (not by the engine under test):
//! (I − A)·L = I, output multipliers are L's column sums, value-added
//! multipliers are 1 (every unit of final demand is value added somewhere),
//! and value added in exports adds up to the exports.

use autopact_api_types::request::{InfoRequest, MultipliersRequest, VaContentRequest};
use autopact_core::{Table, Value};
use autopact_mrio::{Leontief, Mrio};

use crate::testutil::{args_from, tiny3};

fn num(v: &Value) -> f64 {
    match v {
        Value::Float(x) => *x,
        Value::Int(i) => *i as f64,
        other => panic!("not a number: {other:?}"),
    }
}

fn column(t: &Table, name: &str) -> Vec<f64> {
    let k = t
        .column_index(name)
        .unwrap_or_else(|| panic!("{} has no column {name}", t.kind));
    t.rows.iter().map(|r| num(&r[k])).collect()
}

fn text(t: &Table, item: &str) -> String {
    let row = t
        .rows
        .iter()
        .find(|r| matches!(&r[0], Value::Text(s) if s == item))
        .unwrap_or_else(|| panic!("no item {item}"));
    match &row[1] {
        Value::Text(s) => s.clone(),
        v => format!("{}", num(v)),
    }
}

/// a_ij = z_ij / x_j, by hand.
fn a(m: &Mrio, i: usize, j: usize) -> f64 {
    m.z()[(i, j)] / m.x()[j]
}

#[test]
fn leontief_table_inverts_i_minus_a() {
    let m = tiny3();
    let l = Leontief::of(&m).unwrap();
    let t = crate::leontief::build(&m, &l);
    assert_eq!(t.rows.len(), m.n());
    let inv = |i: usize, j: usize| num(&t.rows[i][j + 1]);
    for i in 0..m.n() {
        for j in 0..m.n() {
            let prod: f64 = (0..m.n())
                .map(|k| (f64::from(u8::from(i == k)) - a(&m, i, k)) * inv(k, j))
                .sum();
            let want = f64::from(u8::from(i == j));
            assert!((prod - want).abs() < 1e-12, "({i},{j}): {prod}");
        }
    }
}

#[test]
fn multipliers_are_column_sums_and_value_added_is_whole() {
    let m = tiny3();
    let l = Leontief::of(&m).unwrap();
    let inverse = crate::leontief::build(&m, &l);
    let req: MultipliersRequest = args_from(&[]);
    let t = crate::multipliers::build(&m, &l, &req).unwrap();
    let output = column(&t, "output_multiplier");
    for (j, o) in output.iter().enumerate() {
        let col_sum: f64 = inverse.rows.iter().map(|r| num(&r[j + 1])).sum();
        assert!((o - col_sum).abs() < 1e-12, "{j}: {o} vs {col_sum}");
    }
    let va = column(&t, "va_multiplier");
    let dom = column(&t, "va_multiplier_domestic");
    let foreign = column(&t, "va_multiplier_foreign");
    for j in 0..m.n() {
        assert!((va[j] - 1.0).abs() < 1e-12, "{j}: {}", va[j]);
        assert!((dom[j] + foreign[j] - va[j]).abs() < 1e-12);
    }
}

#[test]
fn value_added_in_exports_adds_up_to_the_exports() {
    let m = tiny3();
    let l = Leontief::of(&m).unwrap();
    // Gross exports of AAA to BBB by hand: Z and Y rows of AAA, BBB's columns.
    let exports: f64 = (0..2)
        .map(|s| {
            let i = m.index(0, s);
            let z: f64 = m.region_range(1).map(|j| m.z()[(i, j)]).sum();
            let y: f64 = m.fd_columns_of("BBB").iter().map(|&k| m.y()[(i, k)]).sum();
            z + y
        })
        .sum();
    let req: VaContentRequest = args_from(&[
        "--exporter",
        "AAA",
        "--importer",
        "BBB",
        "--by",
        "exporting-sector",
    ]);
    let t = crate::va_content::build(&m, &l, &req).unwrap();
    let by_sector: f64 = column(&t, "exports").iter().sum();
    assert!(
        (by_sector - exports).abs() < 1e-9,
        "{by_sector} vs {exports}"
    );
    let dva = column(&t, "dva");
    let fva = column(&t, "fva");
    let e = column(&t, "exports");
    for k in 0..e.len() {
        assert!((dva[k] + fva[k] - e[k]).abs() < 1e-9, "sector {k}");
    }
    let req: VaContentRequest = args_from(&["--exporter", "AAA", "--importer", "BBB"]);
    let t = crate::va_content::build(&m, &l, &req).unwrap();
    let by_source: f64 = column(&t, "value_added").iter().sum();
    assert!(
        (by_source - exports).abs() < 1e-9,
        "{by_source} vs {exports}"
    );
}

#[test]
fn info_describes_the_table() {
    let m = tiny3();
    let req: InfoRequest = args_from(&[]);
    let t = crate::info::build(&m, &req);
    assert_eq!(text(&t, "regions"), "3");
    assert_eq!(text(&t, "region_codes"), "AAA BBB CCC");
    assert_eq!(text(&t, "sector_codes"), "s1 s2");
    assert_eq!(text(&t, "region_sectors"), "6");
}
