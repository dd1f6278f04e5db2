// The oracles are plain index loops on purpose: an implementation that
// shares nothing with the model's iterator code.
#![allow(clippy::needless_range_loop)]

use super::*;
use autopact_mrio::national::{Markup, NationalPrice, PriceAssumptions};

/// The shared data folder, when it holds the BEA tables (skipped, or a
/// failure under AUTOPACT_REQUIRE_SHARED_DATA=1, where it does not).
fn shared() -> Option<PathBuf> {
    autopact_testdata::shared("bea/README.md", "the BEA tables' tests")
        .map(|readme| readme.parent().unwrap().parent().unwrap().to_path_buf())
}

/// Rebuilds the shipped files from ../shared/data/bea (and us-trade) and
/// compares them byte for byte. With AUTOPACT_WRITE_BEA=1 it writes them
/// into the crate instead (how they were made).
#[test]
fn shipped_national_data_rebuild_identically() {
    let Some(src) = shared() else {
        return;
    };
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("bea");
    if std::env::var("AUTOPACT_WRITE_BEA").is_ok() {
        let r = build_national_data(&src.join("bea"), &src.join("us-trade"), &shipped).unwrap();
        eprintln!("{r:?}");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let r = build_national_data(&src.join("bea"), &src.join("us-trade"), dir.path()).unwrap();
    assert_eq!(
        r.sizes,
        vec![
            ("detail_2017".to_string(), 402, 402),
            ("summary_2024".to_string(), 73, 71)
        ]
    );
    assert_eq!(r.lines, (20780 - 295, 295));
    for f in &r.files {
        let a = std::fs::read(dir.path().join(f)).unwrap();
        let b = std::fs::read(shipped.join(f)).unwrap();
        assert!(
            a == b,
            "{f} differs from its rebuild: run AUTOPACT_WRITE_BEA=1 cargo test -p autopact-data shipped_national"
        );
    }
    // The shipped tables hold the same numbers as BEA's files.
    for (name, dir) in [
        ("us-bea-2017", "detail_2017"),
        ("us-bea-2024", "summary_2024"),
    ] {
        let a = open_national(name).unwrap();
        let b = read_national_dir(&src.join("bea").join(dir)).unwrap();
        let (pa, pb) = (a.parts(), b.parts());
        assert_eq!(pa.commodities, pb.commodities);
        assert_eq!(pa.industries, pb.industries);
        assert_eq!(pa.use_import, pb.use_import);
        assert_eq!(pa.requirements, pb.requirements);
        assert_eq!(pa.output, pb.output);
        assert_eq!(pa.variable_cost, pb.variable_cost);
        assert_eq!(pa.import_total, pb.import_total);
        assert_eq!(pa.domestic_total, pb.domestic_total);
        assert_eq!(pa.pce, pb.pce);
    }
}

#[test]
fn builtin_tables_hold_the_readme_totals() {
    // ../shared/data/bea/README.md: industry output 34,468,137; intermediate
    // imports 1,416,312; bridge purchasers' value 13,290,621, producers'
    // 11,098,476 (2017); output 49,726,225 (2024).
    let t = open_national("us-bea-2017").unwrap();
    assert_eq!((t.commodities().len(), t.industries().len()), (402, 402));
    assert_eq!(t.total_output(), 34_468_137.0);
    assert_eq!(t.intermediate_imports(), 1_416_312.0);
    let q: f64 = t.pce().iter().map(|l| l.purchasers).sum();
    let p: f64 = t.pce().iter().map(|l| l.producers).sum();
    assert_eq!((q, p), (13_290_621.0, 11_098_476.0));
    assert_eq!(t.level(), autopact_mrio::national::Level::Detail);
    assert_eq!(t.resolve("3361MV").len(), 14);
    let k = t.commodity_index("336111").unwrap();
    assert_eq!(t.descriptions()[k], "Automobile manufacturing");
    assert!(t.caveats().is_empty());
    assert!(
        t.provenance()
            .citation
            .contains("Bureau of Economic Analysis")
    );
    let s = open_national("us-bea-2024").unwrap();
    assert_eq!((s.commodities().len(), s.industries().len()), (73, 71));
    assert_eq!(s.total_output(), 49_726_225.0);
    assert_eq!(s.level(), autopact_mrio::national::Level::Summary);
    assert_eq!(s.parent_of("336111"), Some("3361MV"));
    assert!(s.caveats()[0].contains("purchasers' prices"));
    let codes = shipped_bea_codes().unwrap();
    assert_eq!(codes["8703230120"], "336111");
    assert!(is_national("us-bea-2017") && !is_national("default"));
}

/// The shared folder's files parsed with plain string splits.
fn raw(dir: &Path, name: &str) -> Vec<Vec<String>> {
    let bytes = std::fs::read(dir.join(format!("{name}.csv.gz"))).unwrap();
    let mut s = String::new();
    flate2::read::GzDecoder::new(&bytes[..])
        .read_to_string(&mut s)
        .unwrap();
    s.lines()
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect()
}

/// The oracle on the real 2017 table: BEA's files read with plain string
/// splits, the formulas of the issue written out as dense loops, against
/// the model on the built-in table, to 1e-12.
#[test]
fn real_2017_table_matches_a_brute_force_oracle() {
    let Some(src) = shared() else {
        return;
    };
    let dir = src.join("bea/detail_2017");
    let imp = raw(&dir, "bea_use_import");
    let req = raw(&dir, "bea_requirements_domestic");
    let commodities: Vec<String> = imp[1..].iter().map(|r| r[0].clone()).collect();
    let industries: Vec<String> = imp[0][1..].to_vec();
    let (nc, ni) = (commodities.len(), industries.len());
    let val = |s: &str| s.parse::<f64>().unwrap();
    let m: Vec<Vec<f64>> = imp[1..]
        .iter()
        .map(|r| r[1..].iter().map(|x| val(x)).collect())
        .collect();
    // Requirements: rows industries, columns commodities, in the file's order.
    assert_eq!(req[0][1..], commodities[..]);
    let l: Vec<Vec<f64>> = req[1..]
        .iter()
        .map(|r| r[1..].iter().map(|x| val(x)).collect())
        .collect();
    let req_rows: Vec<&str> = req[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(req_rows, industries);
    let by_code = |name: &str| -> HashMap<String, Vec<f64>> {
        raw(&dir, name)[1..]
            .iter()
            .map(|r| (r[0].clone(), r[1..].iter().map(|x| val(x)).collect()))
            .collect()
    };
    let out = by_code("bea_industry_output");
    let vc = by_code("bea_industry_variable_cost");
    let tot = by_code("bea_commodity_use_totals");
    let adjust = ["S00300", "S00401", "S00402", "S00900", "Other", "Used"];
    let tau: Vec<f64> = (0..nc).map(|c| ((c * 37) % 101) as f64 / 400.0).collect();
    let table = open_national("us-bea-2017").unwrap();
    for markup in [Markup::ConstantDollar, Markup::ConstantPercentage] {
        for (dp, off) in [(0.0, 0.0), (0.5, 0.174)] {
            let s = 1.0 + dp - off;
            let n: Vec<f64> = industries
                .iter()
                .map(|i| match markup {
                    Markup::ConstantDollar => out[i][0],
                    Markup::ConstantPercentage => vc[i][0],
                })
                .collect();
            // cost_i = Σ_c M[c][i]/n_i τ_c; p_c = s(ω^M τ_c + ω^D Σ_i L[i][c] cost_i).
            let mut cost = vec![0.0; ni];
            for (i, k) in cost.iter_mut().enumerate() {
                if n[i] != 0.0 {
                    for c in 0..nc {
                        *k += m[c][i] / n[i] * tau[c];
                    }
                }
            }
            let mut want = vec![0.0; nc];
            for c in 0..nc {
                let (mi, di) = (tot[&commodities[c]][0], tot[&commodities[c]][1]);
                let (wm, wd) = if mi + di == 0.0 {
                    (0.0, 0.0)
                } else if adjust.contains(&commodities[c].as_str()) {
                    (0.0, 1.0)
                } else {
                    let w = (mi / (mi + di)).max(0.0);
                    (w, 1.0 - w)
                };
                let chain: f64 = (0..ni).map(|i| l[i][c] * cost[i]).sum();
                want[c] = s * (wm * tau[c] + wd * chain);
            }
            let a = PriceAssumptions {
                markup,
                domestic_pricing: dp,
                dollar_offset: off,
            };
            let got = NationalPrice::new(&table, a).unwrap().solve(&tau).unwrap();
            let worst = got
                .total
                .iter()
                .zip(&want)
                .fold(0.0f64, |w, (g, e)| w.max((g - e).abs()));
            assert!(worst <= 1e-12, "{markup:?} s={s}: {worst:e}");
        }
    }
}

fn folder_with(edit: impl Fn(&str, String) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in SUMMARY_2024 {
        let text = gunzip(name, bytes).unwrap();
        std::fs::write(dir.path().join(format!("{name}.csv")), edit(name, text)).unwrap();
    }
    dir
}

#[test]
fn a_users_folder_reads_like_the_builtin_table() {
    let dir = folder_with(|_, t| t);
    let spec = dir.path().display().to_string();
    assert!(is_national(&spec));
    let t = open_national(&spec).unwrap();
    let b = open_national("us-bea-2024").unwrap();
    assert_eq!(t.parts().use_import, b.parts().use_import);
    assert_eq!(t.parts().pce, b.parts().pce);
    assert!(t.provenance().sha256.is_some());
}

#[test]
fn bad_folders_name_the_file_row_and_column() {
    // An industry column missing from the import matrix.
    let dir = folder_with(|name, t| {
        if name != "bea_use_import" {
            return t;
        }
        t.lines()
            .map(|l| {
                let f: Vec<&str> = l.split(',').collect();
                let mut f = f.clone();
                f.remove(3);
                f.join(",")
            })
            .collect::<Vec<_>>()
            .join("\n")
    });
    let e = open_national(&dir.path().display().to_string())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("bea_use_import.csv, row 1, column 211")
            && e.contains("industry 211 has no column"),
        "{e}"
    );
    // A cell that is not a number.
    let dir = folder_with(|name, t| {
        if name == "bea_requirements_domestic" {
            t.replacen("1.2980547", "x", 1)
        } else {
            t
        }
    });
    let e = open_national(&dir.path().display().to_string())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("bea_requirements_domestic.csv, row 2, column 111CA")
            && e.contains("\"x\" is not a number"),
        "{e}"
    );
    // A short row.
    let dir = folder_with(|name, t| {
        if name == "bea_industry_output" {
            t.replacen("111CA,572741", "111CA", 1)
        } else {
            t
        }
    });
    let e = open_national(&dir.path().display().to_string())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("bea_industry_output.csv, row 2, column output"),
        "{e}"
    );
    // A file that is missing.
    let dir = folder_with(|_, t| t);
    std::fs::remove_file(dir.path().join("bea_commodity_use_totals.csv")).unwrap();
    let e = open_national(&dir.path().display().to_string())
        .unwrap_err()
        .to_string();
    assert!(e.contains("no bea_commodity_use_totals"), "{e}");
    // An unknown commodity in the bridge.
    let dir = folder_with(|name, t| {
        if name == "pce_bridge" {
            t.replacen("3361MV", "3361XX", 1)
        } else {
            t
        }
    });
    let e = open_national(&dir.path().display().to_string())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("pce_bridge.csv, row 2, column bea_code") && e.contains("3361XX"),
        "{e}"
    );
}

#[test]
fn unlisted_lines_take_the_commodity_their_siblings_share() {
    let of: HashMap<String, String> = [
        ("8703230120", "336111"),
        ("8703230130", "336111"),
        ("8703240110", "336111"),
        ("8703240120", "336112"),
    ]
    .into_iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    let s = sibling_codes(&of);
    assert_eq!(s.get("87032301").map(String::as_str), Some("336111"));
    // Siblings that disagree give no code, at HS8 and HS6 alike.
    assert_eq!(s.get("87032401"), None);
    assert_eq!(s.get("870324"), None);
    assert_eq!(s.get("870323").map(String::as_str), Some("336111"));
}

/// A line the concordance lists with a code the table lacks (NAICS 331314,
/// secondary aluminum, not a 2017 detail commodity) stays unmapped: it
/// does not borrow the commodity of its HS8 siblings (331313, primary
/// aluminum), which only lines the concordance does not list do.
#[test]
fn a_listed_line_without_a_table_commodity_stays_unmapped() {
    let t = open_national("us-bea-2017").unwrap();
    let of = commodity_of_lines(&t).unwrap();
    for line in ["7601209045", "7601209075", "7603100000"] {
        assert_eq!(of.get(line), Some(&None), "{line}");
    }
    assert_eq!(
        of.get("7601103000").cloned().flatten().as_deref(),
        Some("331313")
    );
}
