//! Price-model benchmark: many distinct bilateral tariff scenarios solved
//! together against one factorisation of (I − A), beside what one
//! re-factorisation per scenario would cost, with a correctness check of a
//! few scenarios against that re-factorisation.
//!
//! ```text
//! cargo bench -p autopact --bench price -- TABLE.csv.gz [--scenarios 1000]
//! ```

use std::time::Instant;

use autopact::data::{ReadOptions, open_table};
use autopact::mrio::{
    AppliesTo, Leontief, PriceModel, PriceOptions, TariffSchedule, TariffWedge,
    technical_coefficients,
};

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let mut table = None;
    let mut count = 1000usize;
    let mut it = args.into_iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--scenarios" => {
                count = it
                    .next()
                    .and_then(|v| v.parse().ok())
                    .expect("--scenarios N")
            }
            _ => table = Some(a),
        }
    }
    let table = table.expect("usage: price TABLE [--scenarios N]");
    let m = open_table(&table, &ReadOptions::default()).expect("table");
    let g = m.n_regions();
    // Distinct bilateral scenarios: importer r levies a rate on every sector
    // of exporter s, walking the (r, s) pairs in a fixed order.
    let pairs: Vec<(usize, usize)> = (0..g)
        .flat_map(|r| (0..g).filter(move |&s| s != r).map(move |s| (r, s)))
        .collect();
    let schedules: Vec<TariffSchedule> = (0..count)
        .map(|k| {
            let (r, s) = pairs[(k * 7919) % pairs.len()];
            let rate = 0.05 + 0.25 * ((k % 7) as f64) / 6.0;
            TariffSchedule::new(
                &m,
                &[TariffWedge {
                    importer: r,
                    exporter: s,
                    sectors: vec![],
                    rate,
                    applies_to: AppliesTo::Both,
                }],
            )
            .unwrap()
        })
        .collect();
    let t0 = Instant::now();
    let l = Leontief::of(&m).expect("LU");
    let t1 = Instant::now();
    let model = PriceModel::new(&m, &l, PriceOptions::default()).unwrap();
    let t2 = Instant::now();
    let results = model.solve_many(&schedules).unwrap();
    let t3 = Instant::now();
    let max_iter = results
        .iter()
        .map(|r| r.certificate.iterations)
        .max()
        .unwrap_or(0);
    let max_bound = results
        .iter()
        .map(|r| r.certificate.error_bound)
        .fold(0.0f64, f64::max);
    // The naive way: re-factor (I − Â) for a scenario; time a few and check.
    let check: Vec<usize> = vec![0, count / 2, count - 1];
    let mut naive = Vec::new();
    let mut worst = 0.0f64;
    for &k in &check {
        let t = Instant::now();
        let mut a = technical_coefficients(m.z(), m.x());
        let v: Vec<f64> = (0..m.n())
            .map(|j| 1.0 - a.col(j).iter().sum::<f64>())
            .collect();
        for &(i, r, tau) in schedules[k].intermediate() {
            for j in m.region_range(r) {
                a[(i, j)] *= 1.0 + tau;
            }
        }
        let lu = Leontief::new(a.as_ref(), &|j| m.label(j)).unwrap();
        let p = lu.solve_transpose(&v);
        naive.push(t.elapsed().as_secs_f64());
        for (i, pi) in p.iter().enumerate() {
            worst = worst.max((pi - 1.0 - results[k].price_change[i]).abs());
        }
    }
    let naive_each = naive.iter().cloned().fold(f64::INFINITY, f64::min);
    let rss = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| {
                l.split_whitespace()
                    .nth(1)
                    .and_then(|v| v.parse::<f64>().ok())
            })
        })
        .map_or(f64::NAN, |k| k / 1024.0);
    let secs = |a: Instant, b: Instant| (b - a).as_secs_f64();
    println!(
        "{}",
        serde_json::json!({
            "table": table,
            "n": m.n(),
            "scenarios": count,
            "seconds": {
                "factorization": secs(t0, t1),
                "model_setup": secs(t1, t2),
                "all_scenarios": secs(t2, t3),
                "per_scenario": secs(t2, t3) / count as f64,
                "naive_refactorization_per_scenario": naive_each,
                "naive_all_scenarios_extrapolated": naive_each * count as f64,
            },
            "speedup_vs_refactorization": naive_each * count as f64 / secs(t2, t3),
            "max_iterations": max_iter,
            "max_error_bound": max_bound,
            "max_abs_difference_vs_refactorization": worst,
            "peak_rss_mib": rss,
        })
    );
}
