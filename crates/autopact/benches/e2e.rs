//! End-to-end benchmark: what a pymrio user does, done by autopact.
//!
//! Read an ICIO table, factor (I − A), compute output and value-added
//! multipliers (domestic/foreign split), the footprint accounts of the
//! value-added extension (pymrio's `calc_all` with a `factor_inputs`
//! extension), and the value added of every source region in one bilateral
//! export flow. Prints one JSON object with seconds per stage, the LU's
//! GFLOP/s and peak RSS, for `bench/compare.py` to set beside pymrio's
//! `../shared/bench/pymrio_e2e.py` on the same file.
//!
//! ```text
//! cargo bench -p autopact --bench e2e -- TABLE.csv.gz --exporter CAN --importer USA [--precision double|mixed|iterative]
//! ```
//!
//! The method is `Precision::for_table(n, density of Z)` unless
//! `--precision` says otherwise (mixed: a single-precision LU refined in
//! double precision; iterative: no LU, GMRES preconditioned with the
//! domestic blocks; the JSON carries the certified backward error). The
//! "lu" stage is the factorisation, or for the iterative solves the split
//! of I − A into its domestic blocks and trade coefficients.

use std::time::Instant;

use autopact::data::{ReadOptions, open_table};
use autopact::mrio::{
    BilateralExports, Extension, Leontief, Precision, Stressor, accounts, coefficients,
    multipliers, value_added_content,
};
use faer::Mat;

fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| {
                l.split_whitespace()
                    .nth(1)
                    .and_then(|v| v.parse::<f64>().ok())
            })
        })
        .map_or(f64::NAN, |kib| kib / 1024.0)
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let mut table = None;
    let (mut exporter, mut importer) = ("CAN".to_string(), "USA".to_string());
    let mut precision = None;
    let mut it = args.into_iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--exporter" => exporter = it.next().expect("--exporter CODE"),
            "--importer" => importer = it.next().expect("--importer CODE"),
            "--precision" => {
                precision = Some(match it.next().as_deref() {
                    Some("double") => Precision::Double,
                    Some("mixed") => Precision::Mixed,
                    Some("iterative") => Precision::Iterative,
                    _ => panic!("--precision double|mixed|iterative"),
                })
            }
            _ => table = Some(a),
        }
    }
    let Some(table) = table else {
        eprintln!("usage: e2e TABLE [--exporter CAN] [--importer USA]");
        std::process::exit(2);
    };
    let t0 = Instant::now();
    let m = open_table(&table, &ReadOptions::default()).expect("table");
    let t1 = Instant::now();
    let precision = precision.unwrap_or_else(|| Precision::for_table(m.n(), m.z_density()));
    let l = Leontief::of_with(&m, precision).expect("LU");
    let t2 = Instant::now();
    let v = coefficients(&m.value_added(), m.x());
    let va_ext = Extension {
        name: "factor_inputs".into(),
        stressors: vec![Stressor::new("VA", "USD million")],
        f: Mat::from_fn(1, m.n(), |_, j| m.value_added()[j]),
        f_y: None,
    };
    let mult = multipliers(&m, &l, &v, &[&va_ext]);
    let t3 = Instant::now();
    let acc = accounts(&m, &l, &va_ext);
    let t4 = Instant::now();
    let ex = m.region_index(&exporter).expect("exporter");
    let im = m.region_index(&importer).expect("importer");
    let e = BilateralExports::of(&m, ex, im)
        .expect("flow")
        .to_vector(&m, None);
    let va = value_added_content(&l, &v, &e);
    let t5 = Instant::now();
    let exports: f64 = e.iter().sum();
    let dva: f64 = m.region_range(ex).map(|i| va[i]).sum();
    let n = m.n() as f64;
    let secs = |a: Instant, b: Instant| (b - a).as_secs_f64();
    println!(
        "{}",
        serde_json::json!({
            "tool": "autopact",
            "table": table,
            "n": m.n(),
            "seconds": {
                "load": secs(t0, t1),
                "lu": secs(t1, t2),
                "multipliers": secs(t2, t3),
                "accounts": secs(t3, t4),
                "va_content": secs(t4, t5),
                "total": secs(t0, t5),
            },
            "lu_gflops": (2.0 / 3.0) * n * n * n / secs(t1, t2) / 1e9,
            "precision": l.precision(),
            "refinement": l.refinement(),
            "peak_rss_mib": peak_rss_mib(),
            "check": {
                "exports": exports,
                "va_total": va.iter().sum::<f64>(),
                "va_exporter_share": dva / exports,
                "va_multiplier_mean": mult.value_added.iter().sum::<f64>() / n,
                "d_cba_total": (0..acc.d_cba_reg.ncols()).map(|r| acc.d_cba_reg[(0, r)]).sum::<f64>(),
            },
        })
    );
}
