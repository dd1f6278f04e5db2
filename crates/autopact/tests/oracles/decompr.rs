//! Oracle: R `decompr` 6.8 on the real WIOD 2013 table for 2011
//! (`shared/data/wiod2013/decompr_2011/`, see its README).
//!
//! decompr was given Z (1435 × 1435), final demand summed per destination,
//! output o = the file's `OUT` column and v = o − colSums(Z) (the file's
//! `VA` row). autopact's [`TradeBase::new`] uses the same residual value
//! added and `Mrio::x()` is the `OUT` column, so the numbers must agree to
//! the README's 1e-6 relative tolerance.
//!
//! Tolerance: |ours − decompr| ≤ 1e-6·|decompr| + 1e-6 (M USD). The
//! absolute floor (one US dollar) only matters for the near-zero terms
//! (e.g. RDV_* of small pairs, ~1e-5 M USD).
//!
//! When `shared/data` is absent (a checkout without the data folder) the
//! tests print why and pass.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use autopact::data::{ReadOptions, open_table};
use autopact::mrio::decompose::wwz::leontief_exports_by_source;
use autopact::mrio::decompose::{TradeBase, Wwz, WwzTerm};
use autopact::mrio::{Leontief, Mrio};

const REL: f64 = 1e-6;
const ABS: f64 = 1e-6;

fn data_dir() -> Option<PathBuf> {
    let dir = autopact_testdata::shared_data_dir().join("wiod2013");
    let ok = dir.join("ICIO_WIOD13_2011.csv.gz").is_file() && dir.join("decompr_2011").is_dir();
    autopact_testdata::shared_if(
        ok,
        dir,
        "the decompr oracle (ICIO_WIOD13_2011.csv.gz and decompr_2011/)",
    )
}

fn table() -> Option<&'static Mrio> {
    static TABLE: OnceLock<Option<Mrio>> = OnceLock::new();
    TABLE
        .get_or_init(|| {
            data_dir().map(|d| {
                let path = d.join("ICIO_WIOD13_2011.csv.gz");
                open_table(path.to_str().unwrap(), &ReadOptions::default()).expect("2011 table")
            })
        })
        .as_ref()
}

/// A small CSV reader for decompr's quoted output.
fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut lines = text.lines();
    let split = |l: &str| -> Vec<String> {
        l.split(',')
            .map(|f| f.trim().trim_matches('"').to_string())
            .collect()
    };
    let header = split(lines.next().expect("empty CSV"));
    let rows = lines.filter(|l| !l.trim().is_empty()).map(split).collect();
    (header, rows)
}

/// Largest relative error seen per column, and the number of cells compared.
#[derive(Default)]
struct Errors {
    max_rel: HashMap<String, f64>,
    cells: usize,
    failures: Vec<String>,
}

impl Errors {
    fn check(&mut self, column: &str, what: &str, got: f64, want: f64) {
        self.cells += 1;
        let err = (got - want).abs();
        let rel = if want != 0.0 { err / want.abs() } else { err };
        let e = self.max_rel.entry(column.to_string()).or_insert(0.0);
        *e = e.max(rel);
        if err > REL * want.abs() + ABS && self.failures.len() < 20 {
            self.failures
                .push(format!("{what} {column}: autopact {got} vs decompr {want}"));
        }
    }

    fn report(&self, title: &str, columns: &[&str]) {
        eprintln!("{title}: {} cells compared", self.cells);
        for c in columns {
            if let Some(e) = self.max_rel.get(*c) {
                eprintln!("  {c:>14}: max relative error {e:.2e}");
            }
        }
        assert!(
            self.failures.is_empty(),
            "{title}: {} cells outside tolerance, e.g.\n{}",
            self.failures.len(),
            self.failures.join("\n")
        );
    }
}

fn term_names() -> Vec<&'static str> {
    WwzTerm::ALL.iter().map(|t| t.name()).collect()
}

#[test]
fn wwz_country_pairs_match_decompr() {
    let Some(m) = table() else { return };
    let dir = data_dir().unwrap();
    let (header, rows) = read_csv(&dir.join("decompr_2011/wwz_country_pairs.csv"));
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    // decompr's column order is the oracle for the term order.
    let names = term_names();
    assert_eq!(&header[2..18], names.as_slice());

    let l = Leontief::of(m).unwrap();
    let base = TradeBase::new(m, &l).unwrap();
    let wwz = Wwz::new(&base).unwrap();
    let g = m.n_regions();
    let ns = m.n_sectors();
    // pair → [16 terms, texp, texpint, texpfd, Σterms − texp, DViX_Fsr]
    let mut ours: HashMap<(String, String), [f64; 21]> = HashMap::new();
    wwz.for_each_exporter(|ex| {
        for r in 0..g {
            let mut v = [0.0; 21];
            for (t, term) in WwzTerm::ALL.iter().enumerate() {
                v[t] = ex.pair_total(*term, r);
            }
            for i in 0..ns {
                v[16] += ex.exports(i, r);
                v[17] += ex.exports_intermediate(i, r);
                v[18] += ex.exports_final(i, r);
                v[20] += ex.forward_dva(i, r);
            }
            v[19] = v[..16].iter().sum::<f64>() - v[16];
            ours.insert(
                (m.regions()[ex.exporter].clone(), m.regions()[r].clone()),
                v,
            );
        }
    });
    let mut errs = Errors::default();
    let mut pairs = 0;
    for row in &rows {
        let key = (row[col("exporter")].clone(), row[col("importer")].clone());
        let v = ours
            .get(&key)
            .unwrap_or_else(|| panic!("pair {key:?} not in the table"));
        if key.0 != key.1 {
            pairs += 1;
        }
        let what = format!("{}→{}", key.0, key.1);
        for (t, name) in names.iter().enumerate() {
            errs.check(name, &what, v[t], row[col(name)].parse().unwrap());
        }
        for (k, name) in [
            (16, "texp"),
            (17, "texpint"),
            (18, "texpfd"),
            (20, "DViX_Fsr"),
        ] {
            errs.check(name, &what, v[k], row[col(name)].parse().unwrap());
        }
        // decompr rounds texpdiff to 4 decimals per exporting industry
        // before the pair sum: up to 35 × 5e-5.
        let want: f64 = row[col("texpdiff")].parse().unwrap();
        assert!(
            (v[19] - want).abs() <= 35.0 * 5e-5 + 1e-9,
            "{what} texpdiff: {} vs {want}",
            v[19]
        );
    }
    assert_eq!(pairs, 41 * 40, "every off-diagonal pair compared");
    let mut cols = names.clone();
    cols.extend(["texp", "texpint", "texpfd", "DViX_Fsr"]);
    errs.report("WWZ by country pair (decompr wwz_country_pairs.csv)", &cols);
}

#[test]
fn wwz_north_america_sectors_match_decompr() {
    let Some(m) = table() else { return };
    let dir = data_dir().unwrap();
    let (header, rows) = read_csv(&dir.join("decompr_2011/wwz_north_america_sectors.csv"));
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let names = term_names();
    assert_eq!(&header[3..19], names.as_slice());
    let l = Leontief::of(m).unwrap();
    let base = TradeBase::new(m, &l).unwrap();
    let wwz = Wwz::new(&base).unwrap();
    let mut cache: HashMap<usize, autopact::mrio::decompose::WwzExporter> = HashMap::new();
    let mut errs = Errors::default();
    for row in &rows {
        let s = m.region_index(&row[col("Exporting_Country")]).unwrap();
        let i = m.sector_index(&row[col("Exporting_Industry")]).unwrap();
        let r = m.region_index(&row[col("Importing_Country")]).unwrap();
        let ex = cache.entry(s).or_insert_with(|| wwz.exporter(s));
        let what = format!(
            "{}_{}→{}",
            row[col("Exporting_Country")],
            row[col("Exporting_Industry")],
            row[col("Importing_Country")]
        );
        for (t, name) in names.iter().enumerate() {
            errs.check(
                name,
                &what,
                ex.term(WwzTerm::ALL[t], i, r),
                row[col(name)].parse().unwrap(),
            );
        }
        errs.check(
            "texp",
            &what,
            ex.exports(i, r),
            row[col("texp")].parse().unwrap(),
        );
        errs.check(
            "DViX_Fsr",
            &what,
            ex.forward_dva(i, r),
            row[col("DViX_Fsr")].parse().unwrap(),
        );
    }
    assert_eq!(rows.len(), 3 * 35 * 3);
    let mut cols = names.clone();
    cols.extend(["texp", "DViX_Fsr"]);
    errs.report(
        "WWZ by exporting industry, CAN/MEX/USA pairs (decompr wwz_north_america_sectors.csv)",
        &cols,
    );
}

#[test]
fn leontief_exports_match_decompr() {
    let Some(m) = table() else { return };
    let dir = data_dir().unwrap();
    let (header, rows) = read_csv(&dir.join("decompr_2011/leontief_exports_by_source_country.csv"));
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let l = Leontief::of(m).unwrap();
    let base = TradeBase::new(m, &l).unwrap();
    let le = leontief_exports_by_source(&base);
    let mut errs = Errors::default();
    for row in &rows {
        let t = m.region_index(&row[col("source_country")]).unwrap();
        let u = m.region_index(&row[col("using_country")]).unwrap();
        let i = m.sector_index(&row[col("using_industry")]).unwrap();
        let what = format!(
            "{} in {}_{}",
            row[col("source_country")],
            row[col("using_country")],
            row[col("using_industry")]
        );
        errs.check(
            "value_added_in_exports",
            &what,
            le[(t, m.index(u, i))],
            row[col("value_added_in_exports")].parse().unwrap(),
        );
    }
    assert_eq!(rows.len(), 41 * 3 * 35);
    errs.report(
        "Leontief V̂BE by source country (decompr leontief_exports_by_source_country.csv)",
        &["value_added_in_exports"],
    );
}
