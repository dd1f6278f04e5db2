//! pymrio's text format: folders written by pymrio itself read correctly,
//! and folders autopact writes read back to identical numbers (and load in
//! pymrio when a venv with it is at hand).

use std::path::PathBuf;

use autopact_core::HistoryKind;
use autopact_data::pymrio::{PymrioResult, PymrioWriteOptions, read_pymrio, write_pymrio};
use autopact_data::{ReadOptions, open_table};
use autopact_mrio::Mrio;
use faer::Mat;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/pymrio"
    ))
    .join(name)
}

fn close(a: f64, b: f64, rtol: f64) -> bool {
    (a - b).abs() <= rtol * a.abs().max(b.abs()) || a == b
}

#[test]
fn reads_a_folder_saved_by_pymrio() {
    let m = read_pymrio(fixture("test_mrio")).unwrap();
    assert_eq!(
        m.regions(),
        ["reg1", "reg2", "reg3", "reg4", "reg5", "reg6"]
    );
    assert_eq!(m.sectors()[2], "manufactoring");
    assert_eq!(m.n(), 48);
    assert_eq!(m.final_demand().len(), 42);
    assert_eq!(m.final_demand()[6].category, "Export");
    assert_eq!(m.value_added_row(), Some("Value Added"));
    assert_eq!(m.factor_inputs().stressors[0].unit, "Mill USD");
    let em = m.extension("Emissions").expect("emissions extension");
    assert_eq!(em.stressors.len(), 2);
    assert_eq!(em.stressors[1].compartment.as_deref(), Some("water"));
    assert_eq!(em.stressors[0].unit, "kg");
    assert!(em.f_y.is_some());
    let p = m.provenance();
    assert_eq!(p.name, "testmrio");
    assert_eq!(p.unit, "Mill USD");
    assert_eq!(
        p.history[0].text,
        "20171024 12:11:47 - Created metadata file ../test_mrio/metadata.json"
    );
    assert!(
        p.history
            .iter()
            .any(|h| h.kind == HistoryKind::Modification && h.text.contains("calc_x"))
    );

    // Same numbers as the ICIO re-serialisation in shared/data (to pymrio's %.12g).
    let Some(icio) = autopact_testdata::shared(
        "pymrio-test/ICIO_pymrio_test.csv",
        "the comparison with the ICIO re-serialisation",
    ) else {
        return;
    };
    let r = open_table(icio.to_str().unwrap(), &ReadOptions::default()).unwrap();
    for i in 0..48 {
        assert!(close(m.x()[i], r.x()[i], 1e-11), "x {i}");
        assert!(close(m.value_added()[i], r.value_added()[i], 1e-11));
        for j in 0..48 {
            assert!(close(m.z()[(i, j)], r.z()[(i, j)], 1e-11));
        }
        for k in 0..42 {
            assert!(close(m.y()[(i, k)], r.y()[(i, k)], 1e-11));
        }
    }
}

#[test]
fn reads_a_folder_with_a_and_x_instead_of_z() {
    let ax = read_pymrio(fixture("test_mrio_ax")).unwrap();
    let z = read_pymrio(fixture("test_mrio")).unwrap();
    for i in 0..48 {
        assert!(close(ax.x()[i], z.x()[i], 1e-11));
        for j in 0..48 {
            assert!(close(ax.z()[(i, j)], z.z()[(i, j)], 1e-9), "Z {i} {j}");
        }
    }
    assert!(
        ax.provenance()
            .history
            .iter()
            .any(|h| h.text.contains("A·diag(x)"))
    );
}

fn assert_identical(a: &Mrio, b: &Mrio) {
    assert_eq!(a.regions(), b.regions());
    assert_eq!(a.sectors(), b.sectors());
    assert_eq!(a.final_demand(), b.final_demand());
    assert_eq!(a.z(), b.z());
    assert_eq!(a.y(), b.y());
    assert_eq!(a.x(), b.x());
    assert_eq!(a.value_added_row(), b.value_added_row());
    assert_eq!(a.factor_inputs(), b.factor_inputs());
    assert_eq!(a.extensions(), b.extensions());
}

#[test]
fn written_folder_reads_back_identically() {
    let m = read_pymrio(fixture("test_mrio")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("copy");
    let a = autopact_mrio::technical_coefficients(m.z(), m.x());
    let opts = PymrioWriteOptions {
        timestamp: "20260102 03:04:05".into(),
        system: "pxp".into(),
        results: vec![
            PymrioResult {
                key: "A".into(),
                extension: None,
                values: a,
            },
            PymrioResult {
                key: "S".into(),
                extension: Some("Emissions".into()),
                values: Mat::from_fn(2, 48, |i, j| i as f64 + j as f64 / 7.0),
            },
        ],
    };
    write_pymrio(&out, &m, &opts).unwrap();
    let back = read_pymrio(&out).unwrap();
    assert_identical(&m, &back);
    // History: the old entries with their own stamps, then the save.
    let meta: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("metadata.json")).unwrap()).unwrap();
    let hist = meta["history"].as_array().unwrap();
    assert!(
        hist[0]
            .as_str()
            .unwrap()
            .starts_with("20260102 03:04:05 - FILEIO -  Saved testmrio to ")
    );
    assert_eq!(
        hist.last().unwrap(),
        "20171024 12:11:47 - FILEIO -  Created metadata file ../test_mrio/metadata.json"
    );
    assert_eq!(meta["system"], "pxp");
    let params: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("file_parameters.json")).unwrap())
            .unwrap();
    assert_eq!(params["files"]["Z"]["nr_index_col"], "2");
    assert_eq!(params["files"]["A"]["name"], "A.txt");
    assert!(out.join("emissions/S.txt").exists());
    // A second generation is byte-identical apart from the history.
    let out2 = dir.path().join("copy2");
    write_pymrio(&out2, &back, &opts).unwrap();
    for f in [
        "Z.txt",
        "Y.txt",
        "x.txt",
        "unit.txt",
        "factor_inputs/F.txt",
        "emissions/F_Y.txt",
    ] {
        assert_eq!(
            std::fs::read(out.join(f)).unwrap(),
            std::fs::read(out2.join(f)).unwrap(),
            "{f}"
        );
    }
    // open_table takes folders.
    let via = open_table(out.to_str().unwrap(), &ReadOptions::default()).unwrap();
    assert_identical(&m, &via);
}

#[test]
fn icio_table_round_trips_through_a_pymrio_folder() {
    let icio = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/icio/ICIO2018_2010.CSV"
    ));
    let m = open_table(icio.to_str().unwrap(), &ReadOptions::default()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    write_pymrio(
        dir.path(),
        &m,
        &PymrioWriteOptions {
            timestamp: "20260101 00:00:00".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let back = read_pymrio(dir.path()).unwrap();
    assert_identical(&m, &back);
    assert_eq!(back.provenance().unit, "USD million");
}

#[test]
fn bad_folders_give_located_errors() {
    let dir = tempfile::tempdir().unwrap();
    let e = read_pymrio(dir.path()).unwrap_err().to_string();
    assert!(e.contains("file_parameters.json"), "{e}");
    let m = read_pymrio(fixture("test_mrio")).unwrap();
    write_pymrio(dir.path(), &m, &PymrioWriteOptions::default()).unwrap();
    let z = dir.path().join("Z.txt");
    let text = std::fs::read_to_string(&z).unwrap();
    let broken = text.replacen("\t23697.221", "\tabc", 1);
    std::fs::write(&z, &broken).unwrap();
    let e = read_pymrio(dir.path()).unwrap_err().to_string();
    assert!(
        e.contains("Z.txt, row 4, column reg1|food (column 3): not a number: \"abc\""),
        "{e}"
    );
    let broken = text.replacen("\t23697.221", "\t", 1);
    std::fs::write(&z, &broken).unwrap();
    let e = read_pymrio(dir.path()).unwrap_err().to_string();
    assert!(e.contains("row 4") && e.contains("empty cell"), "{e}");
}

/// When a Python with pymrio is at hand (AUTOPACT_PYMRIO_PYTHON, or the
/// venv of `shared/bench/setup-peers.sh`), pymrio loads what autopact wrote.
#[test]
fn pymrio_loads_what_autopact_wrote() {
    let py = std::env::var("AUTOPACT_PYMRIO_PYTHON")
        .unwrap_or_else(|_| "/tmp/autopact-peers/bin/python".into());
    if !std::path::Path::new(&py).exists() {
        eprintln!("skipped: no Python with pymrio at {py} (run shared/bench/setup-peers.sh)");
        return;
    }
    let m = read_pymrio(fixture("test_mrio")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    write_pymrio(
        dir.path(),
        &m,
        &PymrioWriteOptions {
            timestamp: "20260101 00:00:00".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let script = "import sys, pymrio\nt = pymrio.load_all(sys.argv[1])\nprint(repr(float(t.Z.values.sum())), repr(float(t.x.values.sum())), repr(float(t.emissions.F_Y.values.sum())), t.meta.name)";
    let out = std::process::Command::new(&py)
        .arg("-c")
        .arg(script)
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s = String::from_utf8(out.stdout).unwrap();
    let v: Vec<&str> = s.split_whitespace().collect();
    let zsum: f64 = (0..48).map(|j| m.z().col(j).iter().sum::<f64>()).sum();
    let xsum: f64 = m.x().iter().sum();
    assert!(close(v[0].parse().unwrap(), zsum, 1e-12), "{s}");
    assert!(close(v[1].parse().unwrap(), xsum, 1e-12), "{s}");
    assert_eq!(v[3], "testmrio");
}
