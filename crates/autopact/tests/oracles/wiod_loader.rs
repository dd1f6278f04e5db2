//! TEMPORARY test-only loader for the WIOD 2013 ICIO-layout CSVs in
//! `shared/data/wiod2013/`.
//!
//! The real reader is `autopact_data::open_table` (branch `data`). Until it
//! is merged into `main`, the oracle tests parse the simple layout here:
//! a `V1` header row of `CCC_cN` labels (1,435 region-sector columns, then
//! final-demand columns `CCC_c37`…`CCC_c42`, then `OUT`), one row per
//! region-sector, then the `VA` and `OUT` rows. Replace every use with
//! `autopact_data::open_table(path, &ReadOptions::default())` once it lands
//! and delete this file.

use std::io::{BufRead, BufReader};
use std::path::Path;

use autopact::core::Provenance;
use autopact::mrio::{Extension, FinalDemandColumn, Mrio, MrioParts, Stressor};
use faer::Mat;

fn split_label(l: &str) -> (String, String) {
    let (r, s) = l
        .split_once('_')
        .unwrap_or_else(|| panic!("label {l:?} has no '_'"));
    (r.to_string(), s.to_string())
}

/// Reads a WIOD 2013 ICIO-layout `.csv.gz` into an [`Mrio`] with the file's
/// `VA` row as value added and its `OUT` column as gross output.
pub fn load(path: &Path) -> Mrio {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let reader = BufReader::new(flate2::read::GzDecoder::new(file));
    let mut lines = reader.lines();
    let header: Vec<String> = lines
        .next()
        .expect("empty file")
        .expect("read error")
        .split(',')
        .map(str::to_string)
        .collect();
    assert_eq!(header[0], "V1");
    assert_eq!(header.last().map(String::as_str), Some("OUT"));
    let mut rows: Vec<(String, Vec<f64>)> = Vec::new();
    for line in lines {
        let line = line.expect("read error");
        let mut it = line.split(',');
        let label = it.next().unwrap().to_string();
        let vals: Vec<f64> = it
            .map(|v| {
                v.parse::<f64>()
                    .unwrap_or_else(|e| panic!("{label}: {v:?}: {e}"))
            })
            .collect();
        assert_eq!(vals.len(), header.len() - 1, "row {label}");
        rows.push((label, vals));
    }
    let n = rows.iter().take_while(|(l, _)| l != "VA").count();
    let labels: Vec<&str> = rows[..n].iter().map(|(l, _)| l.as_str()).collect();
    for (j, l) in labels.iter().enumerate() {
        assert_eq!(header[j + 1], *l, "column {j} is not row {j}");
    }
    let mut regions: Vec<String> = Vec::new();
    let mut sectors: Vec<String> = Vec::new();
    for l in &labels {
        let (r, s) = split_label(l);
        if !regions.contains(&r) {
            regions.push(r);
        }
        if !sectors.contains(&s) {
            sectors.push(s);
        }
    }
    assert_eq!(regions.len() * sectors.len(), n);
    let k = header.len() - 2 - n;
    let final_demand: Vec<FinalDemandColumn> = header[n + 1..n + 1 + k]
        .iter()
        .map(|l| {
            let (r, c) = split_label(l);
            FinalDemandColumn::new(r, c)
        })
        .collect();
    let z = Mat::from_fn(n, n, |i, j| rows[i].1[j]);
    let y = Mat::from_fn(n, k, |i, c| rows[i].1[n + c]);
    let x: Vec<f64> = (0..n).map(|i| rows[i].1[n + k]).collect();
    let va_row = &rows[n].1;
    assert_eq!(rows[n].0, "VA");
    let provenance = Provenance {
        name: path.file_name().unwrap().to_string_lossy().into_owned(),
        source: "WIOD 2013 release via bquast/wiod (test-only loader)".into(),
        unit: "USD million".into(),
        ..Provenance::default()
    };
    Mrio::new(MrioParts {
        provenance,
        regions,
        sectors,
        final_demand,
        z,
        y,
        x,
        factor_inputs: Extension {
            name: "factor_inputs".into(),
            stressors: vec![Stressor::new("VA", "USD million")],
            f: Mat::from_fn(1, n, |_, j| va_row[j]),
            f_y: None,
        },
        value_added_row: Some("VA".into()),
        extensions: vec![],
    })
    .expect("valid table")
}
