//! Benchmark (not a timed test): the national price model on the BEA 2017
//! detail table (402 commodities × 402 industries) — reading the built-in
//! table, building the model (B_M, ω), one price run with the PCE
//! categories, and 1,000 runs with different tariff vectors — and the
//! law's rates by commodity (two derivations of a month of lines). Reports
//! the median of repeated runs. Run with
//! `cargo bench -p autopact-data --bench national`.

use std::hint::black_box;
use std::time::Instant;

use autopact_law::{LawDb, NaiveDate};
use autopact_mrio::national::{NationalPrice, PriceAssumptions};

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn time<T>(reps: usize, mut f: impl FnMut() -> T) -> f64 {
    median(
        (0..reps)
            .map(|_| {
                let t = Instant::now();
                black_box(f());
                t.elapsed().as_secs_f64()
            })
            .collect(),
    )
}

fn main() {
    let read = time(7, || {
        autopact_data::national::open_national("us-bea-2017").unwrap()
    });
    let table = autopact_data::national::open_national("us-bea-2017").unwrap();
    let nc = table.commodities().len();
    let build = time(7, || {
        NationalPrice::new(&table, PriceAssumptions::BUDGET_LAB).unwrap()
    });
    let model = NationalPrice::new(&table, PriceAssumptions::BUDGET_LAB).unwrap();
    let tau: Vec<f64> = (0..nc).map(|c| ((c * 37) % 101) as f64 / 400.0).collect();
    let one = time(101, || {
        let p = model.solve(&tau).unwrap();
        model.pce(&p).unwrap()
    });
    let taus: Vec<Vec<f64>> = (0..1000)
        .map(|k| {
            (0..nc)
                .map(|c| ((c * 37 + k) % 101) as f64 / 400.0)
                .collect()
        })
        .collect();
    let thousand = time(7, || {
        let mut s = 0.0;
        for t in &taus {
            let p = model.solve(t).unwrap();
            s += model.pce(&p).unwrap().last().unwrap().total;
        }
        s
    });
    println!(
        "us-bea-2017 ({nc} commodities × {} industries)",
        table.industries().len()
    );
    println!("read the built-in table        {:9.3} ms", read * 1e3);
    println!("build the model (B_M, ω)       {:9.3} ms", build * 1e3);
    println!("one price run + PCE            {:9.3} ms", one * 1e3);
    println!("1,000 price runs + PCE         {:9.3} ms", thousand * 1e3);
    let db = LawDb::builtin().unwrap();
    let date: NaiveDate = "2025-10-01".parse().unwrap();
    let base: NaiveDate = "2025-01-01".parse().unwrap();
    let opts = autopact_link::LawOptions::default();
    let rates = time(3, || {
        autopact_data::national::law_rates(&table, date, base, &opts, &db).unwrap()
    });
    println!(
        "the law's rates by commodity   {:9.3} ms (two derivations of a month of lines, with proxies)",
        rates * 1e3
    );
}
