//! Satellite readers: the wide extensions CSV of the pymrio test system and
//! the long WIOD employment files, matched by label, with missing values
//! reported rather than invented.

use std::path::PathBuf;

use autopact_data::satellite::{LongSpec, Missing, read_long_satellite, read_wide_extensions};
use autopact_data::{ReadOptions, open_table};

fn shared(rel: &str) -> Option<PathBuf> {
    autopact_testdata::shared(rel, "this test")
}

#[test]
fn wide_extensions_of_the_pymrio_test_system() {
    let (Some(t), Some(e)) = (
        shared("pymrio-test/ICIO_pymrio_test.csv"),
        shared("pymrio-test/extensions.csv"),
    ) else {
        return;
    };
    let m = open_table(t.to_str().unwrap(), &ReadOptions::default()).unwrap();
    let exts = read_wide_extensions(&e, &m).unwrap();
    let names: Vec<&str> = exts.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["Factor Inputs", "Emissions"]);
    let fi = &exts[0];
    assert_eq!(fi.stressors[0].name, "Value Added");
    assert!(fi.f_y.is_none());
    // The VA row of the ICIO file is the Factor Inputs extension.
    assert_eq!(
        fi.f.row(0).iter().copied().collect::<Vec<_>>(),
        m.value_added()
    );
    let em = &exts[1];
    assert_eq!(em.stressors[1].compartment.as_deref(), Some("water"));
    assert_eq!(em.stressors[0].unit, "kg");
    assert!(em.f_y.is_some());
    // Same as pymrio's own save of the test system (written with %.12g).
    let folder = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/pymrio/test_mrio"
    ));
    let p = autopact_data::pymrio::read_pymrio(folder).unwrap();
    let pe = p.extension("Emissions").unwrap();
    for i in 0..2 {
        for j in 0..48 {
            let (a, b) = (em.f[(i, j)], pe.f[(i, j)]);
            assert!(
                (a - b).abs() <= 1e-11 * a.abs().max(b.abs()),
                "{i} {j}: {a} {b}"
            );
        }
    }
    let mut m = m;
    for e in exts {
        m.add_extension(e).unwrap();
    }
}

#[test]
fn wiod_employment_2008_missing_values_are_reported() {
    let (Some(t), Some(e)) = (
        shared("wiod2013/ICIO_WIOD13_2008.csv.gz"),
        shared("wiod2013/employment/employment_2008.csv"),
    ) else {
        return;
    };
    let m = open_table(t.to_str().unwrap(), &ReadOptions::default()).unwrap();
    let mut spec = LongSpec {
        name: "employment".into(),
        columns: vec![(
            "persons_engaged_thousands".into(),
            "thousand persons".into(),
        )],
        missing: Missing::Error,
    };
    let err = read_long_satellite(&e, &m, &spec).unwrap_err().to_string();
    assert!(
        err.contains("39 values are missing")
            && err.contains("CHN_c19 persons_engaged_thousands (empty on line"),
        "{err}"
    );
    spec.missing = Missing::ZeroFill;
    let s = read_long_satellite(&e, &m, &spec).unwrap();
    assert_eq!(s.missing.len(), 39);
    assert_eq!(
        s.missing.iter().filter(|v| v.line.is_none()).count(),
        35,
        "RoW has no rows"
    );
    let note = s.note().unwrap();
    assert!(
        note.contains("no row for 35 region-sectors (RoW_c1") && note.contains("4 empty cells"),
        "{note}"
    );
    let emp = &s.extension;
    let total = |r: &str| -> f64 {
        let ri = m.region_index(r).unwrap();
        m.region_range(ri).map(|i| emp.f[(0, i)]).sum()
    };
    assert!((total("CAN") - 17_485.7).abs() < 0.05, "{}", total("CAN"));
    assert!((total("USA") - 151_742.8).abs() < 0.05);
    assert!((total("MEX") - 49_694.4).abs() < 0.05);
    let mut m = m;
    m.add_extension(s.extension).unwrap();
}

fn tiny() -> autopact_mrio::Mrio {
    let t = "V1,AAA_s1,AAA_s2,BBB_s1,BBB_s2,AAA_HFCE,BBB_HFCE,OUT\n\
             AAA_s1,1,2,3,4,10,20,40\nAAA_s2,2,2,2,2,2,2,12\nBBB_s1,1,1,1,1,1,1,6\nBBB_s2,0,0,0,0,5,5,10\n\
             VA,36,7,0,3,0,0,0\n";
    autopact_data::icio::read_icio_bytes("t.csv", t.as_bytes(), &ReadOptions::default()).unwrap()
}

#[test]
fn wide_and_long_errors_are_located() {
    let m = tiny();
    let dir = tempfile::tempdir().unwrap();
    let w = dir.path().join("w.csv");
    std::fs::write(&w, "extension,stressor,compartment,unit,AAA_s1,AAA_s2,BBB_s1,BBB_s2,AAA_HFCE\nE,co2,air,kg,1,2,,4,5\n").unwrap();
    let e = read_wide_extensions(&w, &m).unwrap_err().to_string();
    assert!(
        e.contains("w.csv, row 2, column BBB_s1 (column 7): empty cell"),
        "{e}"
    );
    std::fs::write(
        &w,
        "extension,stressor,unit,AAA_s1,AAA_s2,BBB_s1\nE,co2,kg,1,2,3\n",
    )
    .unwrap();
    let e = read_wide_extensions(&w, &m).unwrap_err().to_string();
    assert!(e.contains("no column for region-sector BBB_s2"), "{e}");
    std::fs::write(
        &w,
        "extension,stressor,unit,AAA_s1,AAA_s2,BBB_s1,BBB_s2,CCC_s1\nE,co2,kg,1,2,3,4,5\n",
    )
    .unwrap();
    let e = read_wide_extensions(&w, &m).unwrap_err().to_string();
    assert!(
        e.contains("column CCC_s1 (column 8)") && e.contains("neither a region-sector"),
        "{e}"
    );

    let l = dir.path().join("l.csv");
    let spec = LongSpec {
        name: "jobs".into(),
        columns: vec![("emp".into(), "persons".into())],
        missing: Missing::Error,
    };
    std::fs::write(&l, "region,sector,emp\nAAA,s1,1\nAAA,s2,x\n").unwrap();
    let e = read_long_satellite(&l, &m, &spec).unwrap_err().to_string();
    assert!(
        e.contains("l.csv, row 3, column emp (column 3): not a number"),
        "{e}"
    );
    std::fs::write(&l, "region,sector,emp\nAAA,s1,1\nZZZ,s2,2\n").unwrap();
    let e = read_long_satellite(&l, &m, &spec).unwrap_err().to_string();
    assert!(
        e.contains("row 3") && e.contains("not a region-sector of the table"),
        "{e}"
    );
    std::fs::write(&l, "region,sector,emp\nAAA,s1,1\nAAA,s2,2\nBBB,s1,\n").unwrap();
    let e = read_long_satellite(&l, &m, &spec).unwrap_err().to_string();
    assert!(
        e.contains("2 values are missing: BBB_s1 emp (empty on line 4), BBB_s2 (no row)"),
        "{e}"
    );
}

#[test]
fn wide_extensions_round_trip_through_the_writer() {
    let Some(t) = shared("wiod2013/ICIO_WIOD13_2008.csv.gz") else {
        return;
    };
    let Some(e) = shared("wiod2013/employment/employment_2008.csv") else {
        return;
    };
    let m = open_table(t.to_str().unwrap(), &ReadOptions::default()).unwrap();
    let spec = LongSpec {
        name: "employment".into(),
        columns: vec![
            (
                "persons_engaged_thousands".into(),
                "thousand persons".into(),
            ),
            ("hours_millions".into(), "million hours".into()),
        ],
        missing: Missing::ZeroFill,
    };
    let s = read_long_satellite(&e, &m, &spec).unwrap();
    let dir = tempfile::tempdir().unwrap();
    for f in ["emp.csv", "emp.csv.gz"] {
        let p = dir.path().join(f);
        autopact_data::satellite::write_wide_extensions(&p, &m, &[&s.extension]).unwrap();
        let back = read_wide_extensions(&p, &m).unwrap();
        assert_eq!(back.len(), 1);
        assert_eq!(back[0], s.extension);
    }
}
