//! Reads the real test tables in `../shared/data` (WIOD 2013 in the ICIO
//! layout, pymrio's test MRIO) and compares with the reference numbers
//! stored next to them. When the shared folder is absent (a fresh clone
//! without it), each test says so and passes.

use std::collections::HashMap;
use std::path::PathBuf;

use autopact_data::{ReadOptions, icio, open_table};

fn shared(rel: &str) -> Option<PathBuf> {
    autopact_testdata::shared(rel, "this test")
}

/// `label,value,...` CSV → label → row of strings by header name.
fn read_csv(path: &std::path::Path) -> (Vec<String>, Vec<Vec<String>>) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let header: Vec<String> = lines.next().unwrap().split(',').map(String::from).collect();
    let rows = lines
        .filter(|l| !l.is_empty())
        .map(|l| l.split(',').map(String::from).collect())
        .collect();
    (header, rows)
}

#[test]
fn wiod_2011_matches_pymrio_x_and_identity_checks() {
    let Some(path) = shared("wiod2013/ICIO_WIOD13_2011.csv.gz") else {
        return;
    };
    let r = icio::read_icio_detailed(&path, &ReadOptions::default()).unwrap();
    let m = &r.mrio;
    assert_eq!(r.edition, icio::IcioEdition::Wiod2013);
    assert_eq!(m.n_regions(), 41);
    assert_eq!(m.n_sectors(), 35);
    assert_eq!(m.regions()[40], "RoW");
    assert!(m.regions().contains(&"ROM".to_string()));
    assert_eq!(m.final_demand().len(), 205);
    assert_eq!(m.final_demand()[0].category, "c37");
    assert_eq!(m.value_added_row(), Some("VA"));
    assert_eq!(m.provenance().year, Some(2011));
    assert_eq!(m.provenance().sha256.as_ref().unwrap().len(), 64);

    let Some(refp) = shared("wiod2013/reference_2011/sector_reference.csv") else {
        return;
    };
    let (h, rows) = read_csv(&refp);
    let xi = h.iter().position(|c| c == "x").unwrap();
    let vai = h.iter().position(|c| c == "va").unwrap();
    assert_eq!(rows.len(), m.n());
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(row[0], m.label(i));
        assert_eq!(m.x()[i], row[xi].parse::<f64>().unwrap(), "x of {}", row[0]);
        assert_eq!(
            m.value_added()[i],
            row[vai].parse::<f64>().unwrap(),
            "va of {}",
            row[0]
        );
    }
    check_identities(m, "2011");
}

#[test]
fn wiod_2008_identity_checks() {
    let Some(path) = shared("wiod2013/ICIO_WIOD13_2008.csv.gz") else {
        return;
    };
    let m = open_table(path.to_str().unwrap(), &ReadOptions::default()).unwrap();
    check_identities(&m, "2008");
}

fn check_identities(m: &autopact_mrio::Mrio, year: &str) {
    let Some(p) = shared("wiod2013/identity_checks.csv") else {
        return;
    };
    let text = std::fs::read_to_string(p).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = header.iter().position(|h| *h == year).unwrap();
    let mut checks: HashMap<String, String> = HashMap::new();
    for l in lines {
        // The first field may be quoted and contain commas; the others do not.
        let (name, rest) = if let Some(stripped) = l.strip_prefix('"') {
            let e = stripped.find('"').unwrap();
            (stripped[..e].to_string(), &stripped[e + 2..])
        } else {
            let e = l.find(',').unwrap();
            (l[..e].to_string(), &l[e + 1..])
        };
        let vals: Vec<&str> = rest.split(',').collect();
        checks.insert(name, vals[col - 1].to_string());
    }
    let rec = m.reconcile(0.5, 1000.0);
    let num = |k: &str| checks[k].parse::<f64>().unwrap();
    assert_eq!(rec.rows.max_abs, num("row_identity_max_abs"));
    assert_eq!(rec.rows.max_abs_at, checks["row_identity_max_abs_at"]);
    assert_eq!(rec.rows.total, num("row_identity_sum"));
    assert_eq!(rec.columns.max_abs, num("col_identity_max_abs"));
    assert_eq!(rec.world_va_minus_final_demand, num("VA_minus_FD"));
    assert_eq!(rec.rows.max_rel_at, checks["row_identity_max_rel_at"]);
    assert!((rec.rows.max_rel - num("row_identity_max_rel_x_ge_1000")).abs() < 1e-6);
    let zero: Vec<&str> = checks["zero_output_sectors"].split(' ').collect();
    assert_eq!(rec.zero_output, zero);
    let exact = m.n() - rec.rows.count_over_tolerance;
    assert_eq!(exact as f64, num("rows_exact"));
}

#[test]
fn pymrio_test_table_matches_reference_x() {
    let Some(path) = shared("pymrio-test/ICIO_pymrio_test.csv") else {
        return;
    };
    let m = open_table(path.to_str().unwrap(), &ReadOptions::default()).unwrap();
    assert_eq!(m.n_regions(), 6);
    assert_eq!(m.n_sectors(), 8);
    assert_eq!(m.final_demand().len(), 42);
    assert_eq!(
        m.final_demand()[0].category,
        "Final consumption expenditure by households"
    );
    let Some(refp) = shared("pymrio-test/reference/x.csv") else {
        return;
    };
    let (_, rows) = read_csv(&refp);
    assert_eq!(rows.len(), 48);
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(row[0], m.label(i));
        assert_eq!(m.x()[i], row[1].parse::<f64>().unwrap());
    }
}
