//! Load-speed benchmark of the ICIO reader (not a test).
//!
//! ```text
//! cargo run --release -p autopact-data --example icio_bench -- load FILE [--keep]
//! cargo run --release -p autopact-data --example icio_bench -- make-dense G N OUT
//! ```
//!
//! `load` reads a table and prints the wall time, the size and the peak
//! resident memory of the process (VmHWM). `make-dense` writes a dense
//! synthetic table (every cell non-zero, values with 3 decimals, like the
//! OECD files) of G regions × N sectors with 6 final-demand columns per
//! region, to measure the reader on realistic text volume.

use std::time::Instant;

use autopact_core::Provenance;
use autopact_data::{ReadOptions, SplitMode, icio};
use autopact_mrio::{Extension, FinalDemandColumn, Mrio, MrioParts, Stressor};
use faer::Mat;

fn peak_rss_mib() -> f64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    s.lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("load") => {
            let opts = ReadOptions {
                split: if args.iter().any(|a| a == "--keep") {
                    SplitMode::Keep
                } else {
                    SplitMode::Merge
                },
            };
            let t = Instant::now();
            let r = icio::read_icio_detailed(&args[1], &opts).unwrap_or_else(|e| {
                eprintln!("error: {e}");
                std::process::exit(2)
            });
            let secs = t.elapsed().as_secs_f64();
            let m = &r.mrio;
            println!(
                "{{\"file\": {:?}, \"n\": {}, \"fd\": {}, \"seconds\": {secs:.3}, \"peak_rss_mib\": {:.0}, \"edition\": {:?}, \"x_sum\": {}}}",
                args[1],
                m.n(),
                m.final_demand().len(),
                peak_rss_mib(),
                r.edition,
                m.x().iter().sum::<f64>()
            );
        }
        Some("make-dense") => {
            let g: usize = args[1].parse().unwrap();
            let nsec: usize = args[2].parse().unwrap();
            let out = &args[3];
            let n = g * nsec;
            let k = g * 6;
            let mut state = 0x9e3779b97f4a7c15u64;
            let mut rnd = move || {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state >> 11) as f64 / (1u64 << 53) as f64
            };
            let round3 = |v: f64| (v * 1000.0).round() / 1000.0;
            let z = Mat::from_fn(n, n, |_, _| round3(rnd() * 100.0));
            let y = Mat::from_fn(n, k, |_, _| round3(rnd() * 5000.0));
            let x: Vec<f64> = (0..n)
                .map(|i| round3(z.row(i).iter().sum::<f64>() + y.row(i).iter().sum::<f64>()))
                .collect();
            let va: Vec<f64> = (0..n)
                .map(|j| x[j] - z.col(j).iter().sum::<f64>())
                .collect();
            let regions: Vec<String> = (0..g).map(|r| format!("R{r:03}")).collect();
            let fd = regions
                .iter()
                .flat_map(|r| {
                    ["HFCE", "NPISH", "GGFC", "GFCF", "INVNT", "DPABR"]
                        .map(|c| FinalDemandColumn::new(r.clone(), c))
                })
                .collect();
            let m = Mrio::new(MrioParts {
                provenance: Provenance::default(),
                regions,
                sectors: (0..nsec).map(|s| format!("S{s:03}")).collect(),
                final_demand: fd,
                z: z.into(),
                y,
                x,
                factor_inputs: Extension {
                    name: "factor_inputs".into(),
                    stressors: vec![Stressor::new("VA", "USD million")],
                    f: Mat::from_fn(1, n, |_, j| va[j]),
                    f_y: None,
                },
                value_added_row: Some("VA".into()),
                extensions: vec![],
            })
            .unwrap();
            let t = Instant::now();
            icio::write_icio(out, &m).unwrap();
            println!(
                "wrote {out} (n = {n}) in {:.2} s",
                t.elapsed().as_secs_f64()
            );
        }
        _ => {
            eprintln!("usage: icio_bench load FILE [--keep] | make-dense G N OUT");
            std::process::exit(2);
        }
    }
}
