//! Bad ICIO input ends in a clear error naming the file, the line and the
//! column — never a panic, never a guessed number.

use autopact_data::icio::{read_icio_bytes, write_icio, write_icio_to};
use autopact_data::{DataError, ReadOptions};

const GOOD: &str = "\
V1,AAA_s1,AAA_s2,BBB_s1,BBB_s2,AAA_HFCE,BBB_HFCE,OUT
AAA_s1,1,2,3,4,10,20,40
AAA_s2,2,2,2,2,2,2,12
BBB_s1,1,1,1,1,1,1,6
BBB_s2,0,0,0,0,5,5,10
VA,36,7,0,3,0,0,0
OUT,40,12,6,10,18,28,0
";

fn read(text: &str) -> Result<autopact_mrio::Mrio, DataError> {
    read_icio_bytes("t.csv", text.as_bytes(), &ReadOptions::default())
}

fn err(text: &str) -> String {
    match read(text) {
        Ok(_) => panic!("expected an error for:\n{text}"),
        Err(e) => e.to_string(),
    }
}

fn has(msg: &str, parts: &[&str]) {
    for p in parts {
        assert!(msg.contains(p), "{p:?} not in {msg:?}");
    }
}

#[test]
fn good_table_reads() {
    let m = read(GOOD).unwrap();
    assert_eq!(m.regions(), ["AAA", "BBB"]);
    assert_eq!(m.x(), [40.0, 12.0, 6.0, 10.0]);
    assert_eq!(m.z()[(0, 3)], 4.0);
    assert_eq!(m.y()[(3, 1)], 5.0);
}

#[test]
fn truncated_and_overlong_lines() {
    let e = err(&GOOD.replace("AAA_s2,2,2,2,2,2,2,12", "AAA_s2,2,2,2"));
    has(
        &e,
        &[
            "t.csv, row 3, column BBB_s2 (column 5)",
            "ends after 4 cells",
            "header has 8 columns",
        ],
    );
    let e = err(&GOOD.replace("BBB_s1,1,1,1,1,1,1,6", "BBB_s1,1,1,1,1,1,1,6,7"));
    has(&e, &["t.csv, row 4", "9 cells", "header has 8 columns"]);
    // A file cut off in the middle of a line.
    let cut = &GOOD[..GOOD.find("BBB_s2,0,0").unwrap() + 12];
    let e = err(cut);
    has(&e, &["row 5", "truncated"]);
}

#[test]
fn non_numeric_empty_nan_and_inf_cells() {
    let e = err(&GOOD.replace("AAA_s2,2,2,2,2,2,2,12", "AAA_s2,2,2,x7,2,2,2,12"));
    has(
        &e,
        &[
            "t.csv, row 3, column BBB_s1 (column 4)",
            "not a number: \"x7\"",
        ],
    );
    let e = err(&GOOD.replace("AAA_s2,2,2,2,2,2,2,12", "AAA_s2,2,2,,2,2,2,12"));
    has(
        &e,
        &[
            "row 3, column BBB_s1 (column 4)",
            "empty cell",
            "does not guess",
        ],
    );
    let e = err(&GOOD.replace("BBB_s1,1,1,1,1,1,1,6", "BBB_s1,1,1,NaN,1,1,1,6"));
    has(
        &e,
        &["row 4, column BBB_s1 (column 4)", "NaN is not allowed"],
    );
    let e = err(&GOOD.replace("BBB_s1,1,1,1,1,1,1,6", "BBB_s1,1,1,1,1,1,inf,6"));
    has(
        &e,
        &["row 4, column BBB_HFCE (column 7)", "inf is not allowed"],
    );
    let e = err(&GOOD.replace("VA,36,7,0,3", "VA,36,7,1e999,3"));
    has(&e, &["row 6, column BBB_s1", "inf"]);
}

#[test]
fn labels_that_do_not_parse_or_repeat() {
    let e = err(&GOOD.replace("AAA_s2", "AAAs2"));
    has(
        &e,
        &[
            "t.csv, row 1, column AAAs2 (column 3)",
            "does not parse as REGION_SECTOR",
        ],
    );
    let e = err(&GOOD.replacen("AAA_HFCE", "AAA_s1", 1));
    has(
        &e,
        &[
            "row 1, column AAA_s1 (column 6)",
            "duplicate column label",
            "also column 2",
        ],
    );
    let e = err(&GOOD.replace("BBB_s1,1,1,1,1,1,1,6", "AAA_s1,1,1,1,1,1,1,6"));
    has(
        &e,
        &["row 4", "duplicate row label \"AAA_s1\"", "also on line 2"],
    );
    let e = err(&GOOD.replace("\nBBB_s1,", "\nBBB_s9,"));
    has(
        &e,
        &["row 4, column BBB_s9 (column 1)", "matches no column label"],
    );
    let e = err(&GOOD.replace("AAA_HFCE", "ZZZ_HFCE"));
    has(
        &e,
        &["column ZZZ_HFCE (column 6)", "cannot tell the region"],
    );
    let e = err(&GOOD.replace("VA,", "OUTPUT,"));
    has(&e, &["row 7", "second output row"]);
}

#[test]
fn grid_missing_totals_and_negative_output() {
    // BBB lacks s2: drop its row and column.
    let mut t = String::new();
    for l in GOOD.lines() {
        if l.starts_with("BBB_s2") {
            continue;
        }
        let cells: Vec<&str> = l.split(',').collect();
        let keep: Vec<&str> = cells
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != 4)
            .map(|(_, c)| *c)
            .collect();
        t.push_str(&keep.join(","));
        t.push('\n');
    }
    let e = err(&t);
    has(&e, &["region BBB lacks s2", "same sector list"]);

    let no_totals: String = GOOD
        .lines()
        .filter(|l| !l.starts_with("OUT"))
        .map(|l| l.rsplit_once(',').unwrap().0.to_string() + "\n")
        .collect();
    let e = err(&no_totals);
    has(&e, &["t.csv", "missing totals", "OUT or TOTAL"]);

    let e = err(&GOOD.replace("AAA_s2,2,2,2,2,2,2,12", "AAA_s2,2,2,2,2,2,2,-12"));
    has(
        &e,
        &[
            "row 3, column OUT (column 8)",
            "gross output of AAA_s2 is -12",
            "cannot be negative",
        ],
    );
}

#[test]
fn empty_and_header_only_files() {
    has(&err(""), &["t.csv", "empty"]);
    let e = err("V1,AAA_s1,OUT\n");
    has(&e, &["t.csv"]);
}

#[test]
fn quoted_labels_crlf_bom_and_spaces_read() {
    let t = format!(
        "\u{feff}{}",
        GOOD.replace("AAA_s1,1,2", "\"AAA_s1\", 1 ,\"2\"")
            .replace('\n', "\r\n")
    );
    let m = read(&t).unwrap();
    assert_eq!(m.z()[(0, 0)], 1.0);
    assert_eq!(m.z()[(0, 1)], 2.0);
}

#[test]
fn output_row_and_column_disagreement_is_noted() {
    let t = GOOD.replace("OUT,40,12,6,10", "OUT,40,12,6,11");
    let r = autopact_data::icio::read_icio_bytes_detailed(
        "t.csv",
        t.as_bytes(),
        &ReadOptions::default(),
    )
    .unwrap();
    assert_eq!(r.mrio.x()[3], 10.0);
    assert_eq!(r.notes.len(), 1);
    has(
        &r.notes[0],
        &["disagree by up to 1", "BBB_s2", "taken from the column"],
    );
}

#[test]
fn writer_round_trips_identically_and_deterministically() {
    let m = read(GOOD).unwrap();
    let dir = tempfile::tempdir().unwrap();
    for name in ["a.csv", "a.csv.gz"] {
        let p = dir.path().join(name);
        write_icio(&p, &m).unwrap();
        let back = autopact_data::icio::read_icio(&p, &ReadOptions::default()).unwrap();
        assert_eq!(back.z(), m.z());
        assert_eq!(back.y(), m.y());
        assert_eq!(back.x(), m.x());
        assert_eq!(back.factor_inputs().f, m.factor_inputs().f);
        assert_eq!(back.regions(), m.regions());
        assert_eq!(back.final_demand(), m.final_demand());
        assert_eq!(back.value_added_row(), Some("VA"));
    }
    let a = std::fs::read(dir.path().join("a.csv.gz")).unwrap();
    write_icio(dir.path().join("b.csv.gz"), &m).unwrap();
    assert_eq!(a, std::fs::read(dir.path().join("b.csv.gz")).unwrap());
    assert_eq!(&a[4..8], &[0, 0, 0, 0], "gzip mtime is 0");
    let mut out = Vec::new();
    write_icio_to(&mut out, &m).unwrap();
    assert!(
        String::from_utf8(out)
            .unwrap()
            .starts_with("V1,AAA_s1,AAA_s2,BBB_s1,BBB_s2,AAA_HFCE,BBB_HFCE,OUT\n")
    );
}

#[test]
fn writer_round_trips_awkward_floats() {
    let mut p = read(GOOD).unwrap().into_parts();
    p.z[(0, 1)] = 0.1 + 0.2;
    p.z[(1, 0)] = 1e-300;
    p.y[(2, 0)] = -123456.789e10;
    p.x[0] = 1.0 / 3.0;
    let m = autopact_mrio::Mrio::new(p).unwrap();
    let mut out = Vec::new();
    write_icio_to(&mut out, &m).unwrap();
    let back = read_icio_bytes("w.csv", &out, &ReadOptions::default()).unwrap();
    assert_eq!(back.z()[(0, 1)].to_bits(), (0.1f64 + 0.2).to_bits());
    assert_eq!(back.z()[(1, 0)], 1e-300);
    assert_eq!(back.y()[(2, 0)], -123456.789e10);
    assert_eq!(back.x()[0], 1.0 / 3.0);
}
