//! Benchmark: the full Wang–Wei–Zhu bilateral decomposition of the WIOD
//! 2013 table for 2011 (41 regions × 35 sectors = 1,435 region-sectors;
//! every exporter × importer × exporting sector, 16 terms), against R
//! decompr's measured 2.6 s load + 15.2 s `wwz()` on this machine class.
//!
//! Run: `cargo bench -p autopact-mrio --bench decompose` (peak memory:
//! `/usr/bin/time -v target/release/deps/decompose-*`). Set
//! `AUTOPACT_BENCH_TABLE` to another WIOD/ICIO-layout `.csv.gz`.
//!
//! Timed separately: load (autopact_data::open_table: gunzip + parse + validate), the LU of (I − A),
//! the WWZ preparation (solves, diagonal blocks of B, local inverses) and
//! the streamed per-exporter decomposition. Not a test: nothing asserts a
//! time.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use autopact_data::{ReadOptions, open_table};
use autopact_mrio::Leontief;
use autopact_mrio::decompose::wwz::diagonal_blocks;
use autopact_mrio::decompose::{
    BmTerm, Perimeter, RegionSet, TradeBase, Wwz, WwzTerm, borin_mancini, tiva,
};

const DEFAULT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/wiod2013/ICIO_WIOD13_2011.csv.gz"
);

fn stats(mut v: Vec<Duration>) -> (f64, f64) {
    v.sort();
    (v[0].as_secs_f64(), v[v.len() / 2].as_secs_f64())
}

fn main() {
    let path = std::env::var_os("AUTOPACT_BENCH_TABLE")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(DEFAULT));
    if !path.is_file() {
        eprintln!("skipping the decompose bench: {} not found", path.display());
        return;
    }
    let reps: usize = std::env::var("AUTOPACT_BENCH_REPS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(7);
    println!(
        "autopact decompose bench — {} (threads: {})",
        path.display(),
        rayon_threads()
    );

    let t = Instant::now();
    let m = open_table(path.to_str().expect("UTF-8 path"), &ReadOptions::default())
        .expect("read the table");
    let load_s = t.elapsed().as_secs_f64();
    println!(
        "load (autopact_data::open_table: gunzip + parse + validate): {load_s:.3} s, n = {} ({} regions × {} sectors)",
        m.n(),
        m.n_regions(),
        m.n_sectors()
    );

    let (mut t_lu, mut t_prep, mut t_diag, mut t_stream, mut t_total) =
        (vec![], vec![], vec![], vec![], vec![]);
    let mut checksum = 0.0;
    for _ in 0..reps {
        let t0 = Instant::now();
        let l = Leontief::of(&m).unwrap();
        let t1 = Instant::now();
        let base = TradeBase::new(&m, &l).unwrap();
        let wwz = Wwz::new(&base).unwrap();
        let t2 = Instant::now();
        // Stream every exporter; fold all 16 × G × N values so nothing is
        // optimised away.
        let mut sum = 0.0;
        wwz.for_each_exporter(|ex| {
            for r in 0..ex.n_regions() {
                for t in WwzTerm::ALL {
                    sum += ex.pair_total(t, r);
                }
            }
            black_box(&ex);
        });
        let t3 = Instant::now();
        checksum = black_box(sum);
        t_lu.push(t1 - t0);
        t_prep.push(t2 - t1);
        t_stream.push(t3 - t2);
        t_total.push(t3 - t0);
        let td = Instant::now();
        black_box(diagonal_blocks(&base, m.n_regions(), m.n_sectors()));
        t_diag.push(td.elapsed());
    }
    let (lu_min, lu_med) = stats(t_lu);
    let (prep_min, prep_med) = stats(t_prep);
    let (diag_min, diag_med) = stats(t_diag);
    let (stream_min, stream_med) = stats(t_stream);
    let (tot_min, tot_med) = stats(t_total);
    println!("WWZ, all 41 × 40 pairs × 35 sectors × 16 terms ({reps} runs, min / median):");
    println!("  LU of (I − A)                     {lu_min:.4} / {lu_med:.4} s");
    println!("  preparation (Wwz::new)            {prep_min:.4} / {prep_med:.4} s");
    println!("    of which diagonal blocks of B   {diag_min:.4} / {diag_med:.4} s");
    println!("  streamed decomposition            {stream_min:.4} / {stream_med:.4} s");
    println!("  compute total (after load)        {tot_min:.4} / {tot_med:.4} s");
    println!("  Σ all terms (checksum)            {checksum:.6e}");
    let decompr = 2.6 + 15.2;
    println!("  vs decompr (2.6 s load + 15.2 s wwz = {decompr} s, 2 cores):");
    println!(
        "    {decompr} s / compute (min, median): {:.0}× / {:.0}×",
        decompr / tot_min,
        decompr / tot_med
    );
    println!(
        "    wwz 15.2 s / compute (min, median): {:.0}× / {:.0}×",
        15.2 / tot_min,
        15.2 / tot_med
    );
    println!(
        "    {decompr} s / (load + compute, min): {:.0}×",
        decompr / (load_s + tot_min)
    );

    // Borin–Mancini (exporter perspective) for every country, and TiVA for
    // USMCA, on the same factorisation.
    let l = Leontief::of(&m).unwrap();
    let base = TradeBase::new(&m, &l).unwrap();
    let t = Instant::now();
    let mut gvc = 0.0;
    for s in 0..m.n_regions() {
        let ex = RegionSet::single(&m, s);
        gvc += borin_mancini(&base, &ex, &Perimeter::exporter())
            .unwrap()
            .total(BmTerm::Gvc);
    }
    println!(
        "Borin–Mancini, exporter perspective, all 41 exporters: {:.3} s (Σ GVC {gvc:.6e})",
        t.elapsed().as_secs_f64()
    );
    if let Ok(usmca) = RegionSet::parse(&m, "USMCA") {
        let t = Instant::now();
        let ti = tiva(&base, &usmca, None).unwrap();
        println!(
            "TiVA indicators, USMCA as one exporter: {:.3} s ({} rows)",
            t.elapsed().as_secs_f64(),
            ti.rows.len()
        );
    }
}

fn rayon_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}
