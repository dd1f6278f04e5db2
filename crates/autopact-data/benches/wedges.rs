//! Benchmark (not a timed test): tariff wedges from the law on the shipped
//! trade weights — one month of every HTS10 line × origin (Canada and
//! Mexico, then with the proxy partners) to sector wedges on the built-in
//! table, and the whole 14-month series. Reports the median of repeated
//! runs. Run with `cargo bench -p autopact-data --bench wedges`.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::Instant;

use autopact_data::trade::{self, Countries};
use autopact_law::schedule::Schedule;
use autopact_law::{LawDb, NaiveDate};
use autopact_link::{Assumptions, TradeLine, WedgeInput, compute, proxy_lines, series_date};

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
    let input = |lines: &'_ [TradeLine], date: NaiveDate| -> WedgeInput<'_> {
        WedgeInput {
            importer: "US".into(),
            importer_region: "USA".into(),
            date,
            beyond_as_of: false,
            lines,
            weights_label: "bench".into(),
            line_info: &info,
            sector_of_gtap: &sector_of_gtap,
            region_of_origin: &region_of_origin,
            regions: &regions,
            sectors: &sectors,
            schedule: Some(sched),
            assumptions: Assumptions::default(),
        }
    };
    let date: NaiveDate = "2025-10-01".parse().unwrap();
    let month = trade::shipped_weights("2025-10").unwrap().lines;
    let mut with_proxies = month.clone();
    for p in trade::proxy_origins(&regions, &c, &["CAN", "MEX"]) {
        with_proxies.extend(proxy_lines(&month, &info, &gtap, &p).0);
    }
    let reps = 7;
    for (label, lines) in [
        ("CAN+MEX", &month),
        ("all partners (proxies)", &with_proxies),
    ] {
        let times: Vec<f64> = (0..reps)
            .map(|_| {
                let t = Instant::now();
                black_box(compute(&db, &input(lines, date)).unwrap());
                t.elapsed().as_secs_f64() * 1e3
            })
            .collect();
        println!(
            "one month (2025-10), {label}: {} line rows → sector wedges: median {:.1} ms ({reps} runs, min {:.1})",
            lines.len(),
            median(times.clone()),
            times.iter().cloned().fold(f64::INFINITY, f64::min)
        );
    }
    let months: BTreeMap<&str, Vec<TradeLine>> = trade::shipped_months()
        .into_iter()
        .map(|p| (p, trade::shipped_weights(p).unwrap().lines))
        .collect();
    let times: Vec<f64> = (0..3)
        .map(|_| {
            let t = Instant::now();
            for (p, lines) in &months {
                black_box(compute(&db, &input(lines, series_date(p).unwrap())).unwrap());
            }
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    println!(
        "14-month series (CAN+MEX, each month under its own law): median {:.1} ms (3 runs)",
        median(times)
    );
}
