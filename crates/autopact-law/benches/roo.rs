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

fn main() {
    let db = LawDb::builtin().unwrap();
    let rules = RooRules::builtin().unwrap();
    let lines = generate();
    let bom = Bom::build(lines.clone()).unwrap();
    let depth = bom.depth.iter().max().unwrap() + 1;
    assert_eq!(bom.lines.len(), LINES);
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
        include_unconfirmed: false,
        beyond_as_of: false,
    };
    let iters = 30;
    let mut best = f64::MAX;
    let mut total = 0.0;
    for i in 0..=iters {
        let input = lines.clone(); // the parsed input, as a reader hands it over
        let t = Instant::now();
        // Build (validation, cycle check) + qualification + duty stack.
        let bom = Bom::build(black_box(input)).unwrap();
        let t_build = t.elapsed();
        let r = qualify(&db, &rules, &RooRequest::new(Good::Bom(&bom), q.date)).unwrap();
        let t_qual = t.elapsed() - t_build;
        let s = duty_stack(&db, &q).unwrap();
        let ms = t.elapsed().as_secs_f64() * 1e3;
        if i == iters {
            println!(
                "last run: build {:.2} ms, qualify {:.2} ms, duty {:.3} ms",
                t_build.as_secs_f64() * 1e3,
                t_qual.as_secs_f64() * 1e3,
                ms - (t_build + t_qual).as_secs_f64() * 1e3
            );
        }
        black_box((r, s));
        if i > 0 {
            best = best.min(ms);
            total += ms;
        }
    }
    let mean = total / iters as f64;
    println!("BOM: {LINES} lines, {depth} levels; validate + qualify + duty stack");
    println!("mean {mean:.2} ms, best {best:.2} ms per run ({iters} runs)");
    println!(
        "throughput {:.2} million BOM lines/s (mean)",
        LINES as f64 / (mean / 1e3) / 1e6
    );
}
