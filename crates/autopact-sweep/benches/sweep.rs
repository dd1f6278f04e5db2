//! Cells per second of a sweep on one table, batched (the draws of a block
//! solved together, as `autopact sweep run` does) against one cell at a
//! time (each draw's scenario run on its own, as a loop over `autopact
//! scenario run` would, minus reading and factoring the table).
//!
//! ```text
//! cargo bench -p autopact-sweep --bench sweep -- default --draws 256
//! cargo bench -p autopact-sweep --bench sweep -- ../shared/data/wiod2013/ICIO_WIOD13_2011.csv.gz \
//!     --importer USA --exporters CAN,MEX --sectors c15,c12 --draws 128
//! cargo bench -p autopact-sweep --bench sweep -- /tmp/autopact-bench/syn3465.csv.gz \
//!     --importer R000 --exporters R001,R002 --sectors '*' --draws 64
//! ```
//!
//! The uncertain parameters: elasticity ~ U(0.5, 1.5) and every wedge
//! scaled by a Beta(6, 2) draw on [0.4, 1].

use std::time::Instant;

use autopact_mrio::Leontief;

fn arg(args: &[String], name: &str, default: &str) -> String {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
        .unwrap_or_else(|| default.to_string())
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let table = args.first().cloned().unwrap_or_else(|| "default".into());
    let importer = arg(&args, "--importer", "USA");
    let exporters = arg(&args, "--exporters", "CAN,MEX");
    let sectors = arg(&args, "--sectors", "c15,c12");
    let draws: u32 = arg(&args, "--draws", "256").parse().unwrap();
    let batch: u32 = arg(&args, "--batch", "32").parse().unwrap();
    let single: u32 = arg(&args, "--single", "32")
        .parse::<u32>()
        .unwrap()
        .min(draws);

    let t = Instant::now();
    let mrio = autopact_data::open_table(&table, &autopact_data::ReadOptions::default()).unwrap();
    let read_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let leontief = Leontief::of(&mrio).unwrap();
    let lu_s = t.elapsed().as_secs_f64();

    let quote = |s: &str| {
        s.split(',')
            .map(|x| format!("{x:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let sectors_toml = if sectors == "*" {
        "\"*\"".to_string()
    } else {
        format!("[{}]", quote(&sectors))
    };
    let employment = if mrio.extension("employment").is_some() {
        "[employment]\nextension = \"employment\"\n"
    } else {
        ""
    };
    let scenario = format!(
        "schema_version = 1\nname = \"bench\"\n[table]\nsource = \"default\"\n{employment}\
         [[tariff]]\nimporter = {importer:?}\nexporter = [{}]\nsectors = {sectors_toml}\nrate = 0.25\n\
         applies_to = \"both\"\n",
        quote(&exporters)
    );
    let sweep_text = format!(
        "[sweep]\nscenarios = [\"bench.toml\"]\ndraws = {draws}\nseed = 7\nbatch = {batch}\n\
         [[uncertain]]\nname = \"elasticity\"\ndist = \"uniform\"\nlow = 0.5\nhigh = 1.5\n\
         [[uncertain]]\nname = \"tariff.*.*.*\"\ndist = \"beta\"\nalpha = 6\nbeta = 2\nlow = 0.4\nhigh = 1.0\n\
         apply = \"scale\"\n"
    );
    let spec = autopact_scenario::parse("bench.toml", &scenario).unwrap();
    let sha = mrio.provenance().sha256.clone().unwrap_or_default();
    let base = autopact_scenario::resolve(&spec, "bench.toml", &scenario, &mrio, &sha).unwrap();
    let sweep = autopact_sweep::parse("bench-sweep.toml", &sweep_text).unwrap();

    // Batched: blocks of `batch` draws.
    let t = Instant::now();
    let mut cells = 0;
    let mut first = 0;
    while first < draws {
        let end = (first + batch).min(draws);
        cells += autopact_sweep::solve_block(
            &mrio,
            &leontief,
            &base,
            &sweep.parameters,
            sweep.seed,
            first,
            end,
        )
        .unwrap()
        .len();
        first = end;
    }
    let batched_s = t.elapsed().as_secs_f64();

    // One cell at a time.
    let t = Instant::now();
    for d in 0..single {
        let v = autopact_sweep::run::draw_values(&sweep.parameters, sweep.seed, d).unwrap();
        let s = autopact_sweep::run::scenario_of_draw(&base, &mrio, &sweep.parameters, &v);
        std::hint::black_box(autopact_scenario::run(&mrio, &leontief, &s).unwrap());
    }
    let single_s = t.elapsed().as_secs_f64();

    let per_batched = batched_s / f64::from(cells as u32);
    let per_single = single_s / f64::from(single);
    println!(
        "{{\"table\": {table:?}, \"n\": {}, \"read_s\": {read_s:.3}, \"lu_s\": {lu_s:.3}, \"cells\": {cells}, \
         \"batch\": {batch}, \"batched_s\": {batched_s:.3}, \"batched_cells_per_s\": {:.1}, \
         \"single_cells\": {single}, \"single_s\": {single_s:.3}, \"single_cells_per_s\": {:.1}, \
         \"speedup\": {:.2}}}",
        mrio.n(),
        1.0 / per_batched,
        1.0 / per_single,
        per_single / per_batched
    );
}
