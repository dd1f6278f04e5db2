//! One tiny fixture per ICIO edition layout (`tests/fixtures/icio/`,
//! written by `make_fixtures.py` there), each read back and compared cell
//! by cell with the formula that generated it — in both split modes.

use std::path::PathBuf;

use autopact_data::icio::{self, IcioEdition};
use autopact_data::{ReadOptions, SplitMode};

/// The generator's cell formula (see make_fixtures.py).
fn f(r: &str, c: &str) -> f64 {
    let s = |t: &str| t.bytes().map(u64::from).sum::<u64>();
    ((s(r) * 31 + s(c) * 17) % 97 + 1) as f64 / 4.0
}

struct Spec {
    file: &'static str,
    regions: &'static [&'static str],
    splits: &'static [&'static str],
    sectors: &'static [&'static str],
    fd_cats: &'static [&'static str],
    cat_first: bool,
    disc: bool,
    taxes: &'static [&'static str],
    va: &'static str,
    aggregates: &'static [&'static str],
    edition: IcioEdition,
    year: i32,
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/icio")).join(name)
}

fn parent(r: &str) -> &str {
    if r.starts_with("CN") && r[2..].bytes().all(|b| b.is_ascii_digit()) {
        "CHN"
    } else if r.starts_with("MX") && r[2..].bytes().all(|b| b.is_ascii_digit()) {
        "MEX"
    } else {
        r
    }
}

fn check(spec: &Spec, mode: SplitMode) {
    let opts = ReadOptions { split: mode };
    let r = icio::read_icio_detailed(fixture(spec.file), &opts)
        .unwrap_or_else(|e| panic!("{}: {e}", spec.file));
    let m = &r.mrio;
    assert_eq!(r.edition, spec.edition, "{}", spec.file);
    assert_eq!(r.extended, !spec.splits.is_empty(), "{}", spec.file);
    assert_eq!(m.provenance().year, Some(spec.year));
    assert_eq!(m.provenance().unit, "USD million");
    assert_eq!(m.value_added_row(), Some(spec.va));

    // Source (file) labels.
    let src_regions: Vec<&str> = spec.regions.iter().chain(spec.splits).copied().collect();
    let empty = |r: &str| !spec.splits.is_empty() && spec.aggregates.contains(&r);
    let target_regions: Vec<&str> = match mode {
        SplitMode::Merge => spec.regions.to_vec(),
        SplitMode::Keep => src_regions.clone(),
    };
    let sources = |t: &str| -> Vec<&str> {
        src_regions
            .iter()
            .copied()
            .filter(|r| match mode {
                SplitMode::Merge => parent(r) == t,
                SplitMode::Keep => *r == t,
            })
            .collect()
    };
    assert_eq!(m.regions(), target_regions.as_slice(), "{}", spec.file);
    assert_eq!(m.sectors(), spec.sectors);
    let fd_regions: Vec<&str> = spec
        .regions
        .iter()
        .copied()
        .filter(|r| !spec.splits.contains(r))
        .collect();
    let mut fd_labels = Vec::new();
    for r in &fd_regions {
        for c in spec.fd_cats {
            fd_labels.push(if spec.cat_first {
                format!("{c}_{r}")
            } else {
                format!("{r}_{c}")
            });
        }
    }
    if spec.disc {
        fd_labels.push("DISC".into());
    }
    assert_eq!(m.final_demand().len(), fd_labels.len());
    for (k, c) in m.final_demand().iter().enumerate() {
        let want = if spec.disc && k == fd_labels.len() - 1 {
            ("ALL".to_string(), "DISC".to_string())
        } else {
            (
                fd_regions[k / spec.fd_cats.len()].to_string(),
                spec.fd_cats[k % spec.fd_cats.len()].to_string(),
            )
        };
        assert_eq!((c.region.clone(), c.category.clone()), want);
    }

    // Source-level values.
    let z = |i: &str, ri: &str, j: &str, rj: &str| {
        if empty(ri) || empty(rj) { 0.0 } else { f(i, j) }
    };
    let all_src: Vec<(String, &str)> = src_regions
        .iter()
        .flat_map(|r| spec.sectors.iter().map(move |s| (format!("{r}_{s}"), *r)))
        .collect();
    let y = |i: &str, ri: &str, k: &str| if empty(ri) { 0.0 } else { 40.0 * f(i, k) };
    let x_src = |i: &str, ri: &str| {
        all_src.iter().map(|(j, rj)| z(i, ri, j, rj)).sum::<f64>()
            + fd_labels.iter().map(|k| y(i, ri, k)).sum::<f64>()
    };
    let tax = |t: &str, j: &str, rj: &str| if empty(rj) { 0.0 } else { f(t, j) };

    let n = m.n();
    let ns = spec.sectors.len();
    for ti in 0..n {
        let (rt, s) = (target_regions[ti / ns], spec.sectors[ti % ns]);
        let row_src: Vec<(String, &str)> = sources(rt)
            .into_iter()
            .map(|r| (format!("{r}_{s}"), r))
            .collect();
        for tj in 0..n {
            let (ct, s2) = (target_regions[tj / ns], spec.sectors[tj % ns]);
            let mut want = 0.0;
            for (i, ri) in &row_src {
                for rj in sources(ct) {
                    want += z(i, ri, &format!("{rj}_{s2}"), rj);
                }
            }
            assert_eq!(
                m.z()[(ti, tj)],
                want,
                "{} Z {} {}",
                spec.file,
                m.label(ti),
                m.label(tj)
            );
        }
        for (k, lab) in fd_labels.iter().enumerate() {
            let want: f64 = row_src.iter().map(|(i, ri)| y(i, ri, lab)).sum();
            assert_eq!(
                m.y()[(ti, k)],
                want,
                "{} Y {} {lab}",
                spec.file,
                m.label(ti)
            );
        }
        let want: f64 = row_src.iter().map(|(i, ri)| x_src(i, ri)).sum();
        assert_eq!(m.x()[ti], want, "{} x {}", spec.file, m.label(ti));
    }
    // Factor inputs: the tax rows, then value added.
    let fi = m.factor_inputs();
    let names: Vec<&str> = fi.stressors.iter().map(|s| s.name.as_str()).collect();
    let mut want_names: Vec<&str> = spec.taxes.to_vec();
    want_names.push(spec.va);
    assert_eq!(names, want_names);
    for tj in 0..n {
        let (ct, s2) = (target_regions[tj / ns], spec.sectors[tj % ns]);
        let col_src: Vec<(String, &str)> = sources(ct)
            .into_iter()
            .map(|r| (format!("{r}_{s2}"), r))
            .collect();
        for (ti, t) in spec.taxes.iter().enumerate() {
            let want: f64 = col_src.iter().map(|(j, rj)| tax(t, j, rj)).sum();
            assert_eq!(fi.f[(ti, tj)], want);
        }
        let want: f64 = col_src
            .iter()
            .map(|(j, rj)| {
                x_src(j, rj)
                    - all_src.iter().map(|(i, ri)| z(i, ri, j, rj)).sum::<f64>()
                    - spec.taxes.iter().map(|t| tax(t, j, rj)).sum::<f64>()
            })
            .sum();
        assert_eq!(
            fi.f[(spec.taxes.len(), tj)],
            want,
            "{} VA {}",
            spec.file,
            m.label(tj)
        );
    }
    let fy = fi.f_y.as_ref().unwrap();
    for (ti, t) in spec.taxes.iter().enumerate() {
        for (k, lab) in fd_labels.iter().enumerate() {
            assert_eq!(fy[(ti, k)], f(t, lab));
        }
    }
    // Rows balance by construction; columns too (VA is the residual).
    let rec = m.reconcile(1e-9, 1.0);
    assert!(rec.balanced(), "{}: {rec:?}", spec.file);
    if mode == SplitMode::Keep {
        for a in spec.aggregates.iter().filter(|_| !spec.splits.is_empty()) {
            let ri = m.region_index(a).unwrap();
            assert!(
                m.region_range(ri).all(|i| m.x()[i] == 0.0),
                "{a} keeps zero output"
            );
        }
    }
}

const EDITIONS: &[Spec] = &[
    Spec {
        file: "ICIO2016_2011.csv",
        regions: &["AUS", "CHN", "MEX", "ROW"],
        splits: &["MX1", "MX2", "MX3", "CN1", "CN2", "CN3", "CN4"],
        sectors: &["C01T05AGR", "C10T14MIN", "C34MTR"],
        fd_cats: &["HFCE", "NPS", "GGFC", "GFCF", "INV", "DIRP"],
        cat_first: true,
        disc: true,
        taxes: &[],
        va: "VA+TAXSUB",
        aggregates: &["CHN", "MEX"],
        edition: IcioEdition::Icio2016,
        year: 2011,
    },
    Spec {
        file: "ICIO2018_2010.CSV",
        regions: &["AUS", "CAN", "USA", "ROW"],
        splits: &[],
        sectors: &["01T03", "05T06", "29"],
        fd_cats: &["HFCE", "NPISH", "GGFC", "GFCF", "INVNT", "P33"],
        cat_first: false,
        disc: false,
        taxes: &["AUS_TAXSUB", "CAN_TAXSUB", "USA_TAXSUB", "ROW_TAXSUB"],
        va: "VALU",
        aggregates: &[],
        edition: IcioEdition::Icio2018,
        year: 2010,
    },
    Spec {
        file: "ICIO2021_2015.csv",
        regions: &["AUS", "CAN", "MEX", "ROW"],
        splits: &["MX1", "MX2"],
        sectors: &["01T02", "05T06", "29"],
        fd_cats: &["HFCE", "NPISH", "GGFC", "GFCF", "INVNT", "DPABR"],
        cat_first: false,
        disc: false,
        taxes: &["AUS_TAXSUB", "CAN_TAXSUB", "MEX_TAXSUB", "ROW_TAXSUB"],
        va: "VALU",
        aggregates: &["MEX"],
        edition: IcioEdition::Icio2021,
        year: 2015,
    },
    Spec {
        file: "ICIO2023_2019.csv",
        regions: &["ARG", "CHN", "MEX", "ROW"],
        splits: &["MX1", "MX2", "CN1", "CN2"],
        sectors: &["A01_02", "C29", "J62_63"],
        fd_cats: &["HFCE", "NPISH", "GGFC", "GFCF", "INVNT", "DPABR"],
        cat_first: false,
        disc: false,
        taxes: &["TLS"],
        va: "VA",
        aggregates: &["CHN", "MEX"],
        edition: IcioEdition::Icio2023,
        year: 2019,
    },
    Spec {
        file: "2019_SML.csv",
        regions: &["CAN", "MEX", "USA", "ROW"],
        splits: &[],
        sectors: &["A01_02", "C29", "J62_63"],
        fd_cats: &["HFCE", "NPISH", "GGFC", "GFCF", "INVNT", "DPABR"],
        cat_first: false,
        disc: false,
        taxes: &["TLS"],
        va: "VA",
        aggregates: &[],
        edition: IcioEdition::Icio2023,
        year: 2019,
    },
    Spec {
        file: "ICIO2025_2022.csv",
        regions: &["CAN", "MEX", "USA", "ROW"],
        splits: &[],
        sectors: &["A01", "C29", "C17_18"],
        fd_cats: &["HFCE", "NPISH", "GGFC", "GFCF", "INVNT", "DPABR"],
        cat_first: false,
        disc: false,
        taxes: &["TLS"],
        va: "VA",
        aggregates: &[],
        edition: IcioEdition::Icio2025,
        year: 2022,
    },
    Spec {
        file: "ICIO_WIOD13_2005.csv",
        regions: &["AUS", "CAN", "ROM", "RoW"],
        splits: &[],
        sectors: &["c1", "c15", "c35"],
        fd_cats: &["c37", "c38", "c39", "c41", "c42"],
        cat_first: false,
        disc: false,
        taxes: &[],
        va: "VA",
        aggregates: &[],
        edition: IcioEdition::Wiod2013,
        year: 2005,
    },
];

#[test]
fn every_edition_reads_back_its_numbers_merged() {
    for spec in EDITIONS {
        check(spec, SplitMode::Merge);
    }
}

#[test]
fn every_edition_reads_back_its_numbers_with_splits_kept() {
    for spec in EDITIONS {
        check(spec, SplitMode::Keep);
    }
}

#[test]
fn gzip_and_bytes_give_the_same_table() {
    use std::io::Write;
    let path = fixture("ICIO2023_2019.csv");
    let plain = std::fs::read(&path).unwrap();
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(&plain).unwrap();
    let gz = enc.finish().unwrap();
    let opts = ReadOptions::default();
    let a = icio::read_icio(&path, &opts).unwrap();
    let b = icio::read_icio_bytes("ICIO2023_2019.csv.gz", &gz, &opts).unwrap();
    assert_eq!(a.z(), b.z());
    assert_eq!(a.y(), b.y());
    assert_eq!(a.x(), b.x());
    // sha256 pins the stored bytes: the file's and the gzip's differ.
    assert_ne!(a.provenance().sha256, b.provenance().sha256);
    let c = icio::read_icio_bytes("x.csv", &plain, &opts).unwrap();
    assert_eq!(a.provenance().sha256, c.provenance().sha256);
}
