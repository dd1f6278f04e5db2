//! Benchmark (not a timed test): qualify a generated 10-level BOM of
//! 30,000 lines and compute a duty stack, repeatedly; report ms per run and
//! BOM lines per second. Run with `cargo bench -p autopact-law --bench roo`.

use std::hint::black_box;
use std::time::Instant;

use autopact_core::Location;
use autopact_law::duty::{DutyQuery, GoodFacts, duty_stack};
use autopact_law::roo::{Bom, BomLine, Declared, Good, RooRequest, RooRules, qualify};
use autopact_law::{Decimal, HsCode, LawDb};

const LINES: usize = 30_000;
const LEVELS: usize = 10;

fn generate() -> Vec<BomLine> {
    let hs = [
        "8708.99.81",
        "8708.40.11",
        "8544.30.00",
        "7318.15",
        "8407.34",
        "9401.20",
    ];
    let origins = ["US", "CA", "MX", "CN", "JP", "DE"];
    let mut lines = Vec::with_capacity(LINES);
    lines.push(BomLine {
        part_id: "vehicle".into(),
        hs: Some(HsCode::parse("8703.23.01").unwrap()),
        origin: Some("CA".into()),
        unit_value: Decimal::from(40_000_000),
        net_cost: Some(Decimal::from(40_000_000)),
        qty: Decimal::ONE,
        location: Location::source("bench"),
        ..Default::default()
    });
    // Level sizes grow geometrically so that depth 9 is reached.
    let mut seed: u64 = 42;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut prev: Vec<usize> = vec![0];
    let per_level = (LINES - 1) / (LEVELS - 1);
    for level in 1..LEVELS {
        let n = if level == LEVELS - 1 {
            LINES - lines.len()
        } else {
            per_level
        };
        let mut cur = Vec::with_capacity(n);
        for k in 0..n {
            let parent = prev[k % prev.len()];
            let r = next();
            let orig = match r % 3 {
                0 => Declared::Yes,
                1 => Declared::No,
                _ => Declared::Unknown,
            };
            lines.push(BomLine {
                part_id: format!("p{level}-{k}"),
                parent_id: Some(lines[parent].part_id.clone()),
                description: "generated".into(),
                hs: Some(HsCode::parse(hs[(r >> 8) as usize % hs.len()]).unwrap()),
                origin: Some(origins[(r >> 16) as usize % origins.len()].into()),
                originating: orig,
                supplier: if level < 4 { None } else { Some("S".into()) },
                unit_value: Decimal::new(((r >> 24) % 100_000) as i64 + 100, 2),
                qty: Decimal::ONE,
                location: Location::source("bench").at_row(lines.len() as u64 + 1),
                ..Default::default()
            });
            cur.push(lines.len() - 1);
        }
        prev = cur;
    }
    lines
}

/// Best and median of a list of timings (ms).
fn best_median(xs: &[f64]) -> (f64, f64) {
    let mut v = xs.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    let med = if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    };
    (v[0], med)
}

fn main() {
    let db = LawDb::builtin().unwrap();
    let rules = RooRules::builtin().unwrap();
    let lines = generate();
    let bom = Bom::build(lines.clone()).unwrap();
    let depth = bom.depth.iter().max().unwrap() + 1;
    assert_eq!(bom.lines.len(), LINES);
    drop(bom);
    let q = DutyQuery {
        importer: "US".into(),
        date: "2025-10-01".parse().unwrap(),
        hts: HsCode::parse("8703.23.01").unwrap(),
        origin: "CA".into(),
        value: Decimal::from(40_000),
        facts: GoodFacts {
            usmca_qualifying: Some(true),
            us_content: Some(Decimal::from(16_000)),
            ..Default::default()
        },
        column1_rate: None,
        quantity: None,
        include_unconfirmed: false,
        beyond_as_of: false,
    };
    // Runs: `ROO_BENCH_RUNS=100 cargo bench -p autopact-law --bench roo`.
    let iters: usize = std::env::var("ROO_BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(50);
    println!(
        "BOM: {LINES} lines, {depth} levels; {iters} timed runs after one warm-up, per variant"
    );
    for table in [true, false] {
        let mut t = Timings::default();
        let mut summary = None;
        // One warm-up run, then `iters` timed runs. Nothing is cached
        // between runs: every run gets a fresh copy of the parsed lines (as
        // a reader hands them over) and builds, validates and qualifies
        // from scratch.
        for i in 0..=iters {
            let input = lines.clone();
            let t0 = Instant::now();
            let bom = Bom::build(black_box(input)).unwrap();
            let t1 = Instant::now();
            let mut req = RooRequest::new(Good::Bom(&bom), q.date);
            req.component_table = table;
            let r = qualify(&db, &rules, &req).unwrap();
            let t2 = Instant::now();
            let s = duty_stack(&db, &q).unwrap();
            let t3 = Instant::now();
            if i == 0 {
                summary = Some(format!(
                    "result: {:?}, {} tests, {} component rows, {} flips; duty total {}",
                    r.outcome,
                    r.tests.len(),
                    r.components.len(),
                    r.flips.len(),
                    s.total
                ));
            }
            black_box((&r, &s, &bom));
            drop((r, s, bom));
            let t4 = Instant::now();
            if i > 0 {
                let ms = |a: Instant, b: Instant| (b - a).as_secs_f64() * 1e3;
                t.build.push(ms(t0, t1));
                t.qual.push(ms(t1, t2));
                t.duty.push(ms(t2, t3));
                t.total.push(ms(t0, t3));
                t.drop.push(ms(t3, t4));
            }
        }
        println!();
        if table {
            println!(
                "with the per-component table (the default; JSON output, --components, --explain):"
            );
        } else {
            println!(
                "verdict only (component_table = false; the default table output of `autopact roo`):"
            );
        }
        println!("  {}", summary.unwrap_or_default());
        t.report();
    }
}

#[derive(Default)]
struct Timings {
    build: Vec<f64>,
    qual: Vec<f64>,
    duty: Vec<f64>,
    total: Vec<f64>,
    drop: Vec<f64>,
}

impl Timings {
    fn report(&self) {
        println!("  {:<30} {:>9} {:>10}", "stage", "best ms", "median ms");
        for (name, xs) in [
            ("(a) BOM build + validation", &self.build),
            ("(b) qualification", &self.qual),
            ("(c) duty stack", &self.duty),
            ("(d) total = a + b + c", &self.total),
            ("    (freeing BOM and result)", &self.drop),
        ] {
            let (b, m) = best_median(xs);
            println!("  {name:<30} {b:>9.3} {m:>10.3}");
        }
        let (b, m) = best_median(&self.total);
        println!(
            "  throughput: {:.2} million BOM lines/s at the median total, {:.2} at the best",
            LINES as f64 / (m / 1e3) / 1e6,
            LINES as f64 / (b / 1e3) / 1e6
        );
    }
}
