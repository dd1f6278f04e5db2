//! Benchmark (not a timed test): tariff wedges from the law on the shipped
//! trade weights — one month of every HTS10 line × origin (Canada and
//! Mexico, then with the proxy partners) to sector wedges on the built-in
//! table, and the whole 14-month series — each with the duty stacks in the
//! law engine's bulk mode (amounts only, what `autopact wedges` uses) and
//! in the full mode (explanation trees), side by side in the same run.
//! Reports the median of repeated runs. Run with
//! `cargo bench -p autopact-data --bench wedges`.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::Instant;

use autopact_data::trade::{self, Countries};
use autopact_law::schedule::Schedule;
use autopact_law::{LawDb, NaiveDate};
use autopact_link::{
    Assumptions, StackMode, TradeLine, WedgeInput, compute_in, proxy_lines, series_date,
};

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn main() {
    let m = autopact_data::default_table().expect("built-in table");
    let db = LawDb::builtin().expect("law");
    let sched = Schedule::builtin();
    let c = Countries::builtin().unwrap();
    let sectors = m.sectors().to_vec();
    let regions = m.regions().to_vec();
    let (_, sector_of_gtap) = trade::gtap_sector_concordance(&sectors).unwrap();
    let region_of_origin = trade::region_concordance(&regions, &c).unwrap();
    let info = trade::shipped_line_info().unwrap();
    let gtap = trade::shipped_gtap_imports().unwrap();
    let date: NaiveDate = "2025-10-01".parse().unwrap();
    let base = WedgeInput {
        importer: "US".into(),
        importer_region: "USA".into(),
        date,
        beyond_as_of: false,
        lines: &[],
        weights_label: "bench".into(),
        line_info: &info,
        sector_of_gtap: &sector_of_gtap,
        region_of_origin: &region_of_origin,
        regions: &regions,
        sectors: &sectors,
        schedule: Some(sched),
        assumptions: Assumptions::default(),
    };
    let month = trade::shipped_weights("2025-10").unwrap().lines;
    let mut with_proxies = month.clone();
    for p in trade::proxy_origins(&regions, &c, &["CAN", "MEX"]) {
        with_proxies.extend(proxy_lines(&month, &info, &gtap, &p).0);
    }
    let reps = 7;
    // `WEDGES_BENCH_BULK=1`: the bulk mode alone (for profiling it).
    let modes: Vec<(&str, StackMode)> = if std::env::var_os("WEDGES_BENCH_BULK").is_some() {
        vec![("bulk", StackMode::Bulk)]
    } else {
        vec![("bulk", StackMode::Bulk), ("full", StackMode::Full)]
    };
    for (label, lines) in [
        ("CAN+MEX", &month),
        ("all partners (proxies)", &with_proxies),
    ] {
        // Interleaved: one run of each mode per repetition.
        let mut times = vec![Vec::new(); modes.len()];
        for _ in 0..reps {
            for (k, (_, mode)) in modes.iter().enumerate() {
                let t = Instant::now();
                black_box(
                    compute_in(
                        &db,
                        &WedgeInput {
                            lines,
                            date,
                            ..base.clone()
                        },
                        *mode,
                    )
                    .unwrap(),
                );
                times[k].push(t.elapsed().as_secs_f64() * 1e3);
            }
        }
        for (k, (name, _)) in modes.iter().enumerate() {
            println!(
                "one month (2025-10), {label}, {name}: {} line rows → sector wedges: median {:.1} ms ({reps} runs, min {:.1})",
                lines.len(),
                median(times[k].clone()),
                times[k].iter().cloned().fold(f64::INFINITY, f64::min)
            );
        }
    }
    let months: BTreeMap<&str, Vec<TradeLine>> = trade::shipped_months()
        .into_iter()
        .map(|p| (p, trade::shipped_weights(p).unwrap().lines))
        .collect();
    let mut times = vec![Vec::new(); modes.len()];
    for _ in 0..3 {
        for (k, (_, mode)) in modes.iter().enumerate() {
            let t = Instant::now();
            for (p, lines) in &months {
                black_box(
                    compute_in(
                        &db,
                        &WedgeInput {
                            lines,
                            date: series_date(p).unwrap(),
                            ..base.clone()
                        },
                        *mode,
                    )
                    .unwrap(),
                );
            }
            times[k].push(t.elapsed().as_secs_f64() * 1e3);
        }
    }
    for (k, (name, _)) in modes.iter().enumerate() {
        println!(
            "14-month series (CAN+MEX, each month under its own law), {name}: median {:.1} ms (3 runs, min {:.1})",
            median(times[k].clone()),
            times[k].iter().cloned().fold(f64::INFINITY, f64::min)
        );
    }
}
