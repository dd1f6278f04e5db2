//! Hypothetical-extraction benchmark: the Woodbury update against the
//! baseline LU beside a re-factorisation of (I − A*), for one region's
//! supplies to another (k = all of its sectors, and k = 1 sector), with
//! the largest difference between the two answers.
//!
//! ```text
//! cargo bench -p autopact --bench extract -- TABLE.csv.gz FROM TO [--repeat 5]
//! ```

use std::time::Instant;

use autopact::data::{ReadOptions, open_table};
use autopact::mrio::{ExtractionMethod, ExtractionSpec, Leontief, extract};

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let mut pos = vec![];
    let mut repeat = 5usize;
    let mut it = args.into_iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--repeat" => repeat = it.next().and_then(|v| v.parse().ok()).expect("--repeat N"),
            _ => pos.push(a),
        }
    }
    let [table, from, to] = &pos[..] else {
        panic!("usage: extract TABLE FROM TO [--repeat N]")
    };
    let m = open_table(table, &ReadOptions::default()).expect("table");
    let t = Instant::now();
    let l = Leontief::of(&m).expect("LU");
    let lu = t.elapsed().as_secs_f64();
    let source = m.region_index(from).expect("FROM");
    let destination = m.region_index(to).expect("TO");
    println!(
        "table {table}: n = {} ({} regions × {} sectors); baseline LU {lu:.3} s",
        m.n(),
        m.n_regions(),
        m.n_sectors()
    );
    for sectors in [vec![], vec![0]] {
        let spec = ExtractionSpec {
            source,
            sectors,
            destination,
            with_final_demand: false,
        };
        let mut best = [f64::INFINITY; 2];
        let mut answers = vec![vec![]; 2];
        for _ in 0..repeat {
            for (k, method) in [
                ExtractionMethod::LowRankUpdate,
                ExtractionMethod::Refactorisation,
            ]
            .into_iter()
            .enumerate()
            {
                let t = Instant::now();
                let e = extract(&m, &l, &spec, method).expect("extract");
                best[k] = best[k].min(t.elapsed().as_secs_f64());
                answers[k] = e.extracted;
            }
        }
        let scale = answers[1].iter().fold(0.0f64, |a, v| a.max(v.abs()));
        let diff = answers[0]
            .iter()
            .zip(&answers[1])
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max);
        let k = if spec.sectors.is_empty() {
            m.n_sectors()
        } else {
            spec.sectors.len()
        };
        println!(
            "k = {k:>3}: update {:.4} s, re-factorisation {:.4} s, ratio {:.1}×, max |Δx*| / max x* = {:.1e}  (best of {repeat}; auto picks {:?})",
            best[0],
            best[1],
            best[1] / best[0],
            diff / scale,
            ExtractionMethod::Auto.resolve(k, m.n())
        );
    }
}
