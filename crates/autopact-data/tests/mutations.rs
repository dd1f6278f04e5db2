//! Seeded mutation testing of the ICIO reader (the stable-toolchain
//! companion of `fuzz/fuzz_targets/icio_csv.rs`): the fixtures are
//! truncated, bytes flipped, commas, quotes, `NaN`s and line breaks
//! inserted, lines dropped or repeated, and gzip streams corrupted. The
//! reader must never panic; whatever it accepts must be a valid table that
//! writes and reads back to the same numbers.

use std::io::Write;
use std::path::PathBuf;

use autopact_data::{ReadOptions, SplitMode, icio};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn seeds() -> Vec<Vec<u8>> {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/icio"));
    let mut v: Vec<Vec<u8>> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv")))
        .map(|p| std::fs::read(p).unwrap())
        .collect();
    v.sort();
    v.push(
        b"V1,AAA_s1,AAA_s2,BBB_s1,BBB_s2,AAA_HFCE,BBB_HFCE,OUT\nAAA_s1,1,2,3,4,10,20,40\n\
          AAA_s2,2,2,2,2,2,2,12\nBBB_s1,1,1,1,1,1,1,6\nBBB_s2,0,0,0,0,5,5,10\nVA,36,7,0,3,0,0,0\n\
          OUT,40,12,6,10,18,28,0\n"
            .to_vec(),
    );
    v
}

const INSERTS: &[&[u8]] = &[
    b",", b"\"", b"NaN", b"inf", b"-", b"\n", b"\r\n", b"_", b",,", b"1e999", b" ", b"\xff",
    b"\"\"", b"OUT", b"VA", b"CN1_C29", b"MX2", b"-5",
];

fn mutate(rng: &mut Rng, src: &[u8]) -> Vec<u8> {
    let mut d = src.to_vec();
    for _ in 0..1 + rng.below(3) {
        let len = d.len();
        match rng.below(8) {
            0 => d.truncate(rng.below(len + 1)),
            1 if len > 0 => {
                let i = rng.below(len);
                d[i] ^= 1 << rng.below(8);
            }
            2 => {
                let i = rng.below(len + 1);
                let ins = INSERTS[rng.below(INSERTS.len())];
                d.splice(i..i, ins.iter().copied());
            }
            3 if len > 0 => {
                let i = rng.below(len);
                let j = (i + rng.below(40)).min(len);
                d.drain(i..j);
            }
            4 => {
                // Drop or repeat a whole line.
                let lines: Vec<&[u8]> = d.split_inclusive(|&b| b == b'\n').collect();
                if !lines.is_empty() {
                    let k = rng.below(lines.len());
                    let repeat = rng.below(2) == 0;
                    let mut out = Vec::with_capacity(d.len());
                    for (i, l) in lines.iter().enumerate() {
                        if i != k || repeat {
                            out.extend_from_slice(l);
                        }
                        if i == k && repeat {
                            out.extend_from_slice(l);
                        }
                    }
                    d = out;
                }
            }
            5 if len > 0 => {
                // Replace a cell's digits with a non-number.
                let i = rng.below(len);
                if d[i].is_ascii_digit() {
                    d[i] = b'x';
                }
            }
            6 => {
                let i = rng.below(len + 1);
                d.splice(i..i, b"\"a,b\"".iter().copied());
            }
            _ => {
                // Swap two bytes.
                if len > 1 {
                    let (i, j) = (rng.below(len), rng.below(len));
                    d.swap(i, j);
                }
            }
        }
    }
    d
}

fn check(data: &[u8], split: SplitMode, stats: &mut (usize, usize)) {
    let opts = ReadOptions { split };
    match icio::read_icio_bytes("mutant.csv", data, &opts) {
        Ok(m) => {
            stats.0 += 1;
            let mut out = Vec::new();
            if icio::write_icio_to(&mut out, &m).is_ok() {
                let back = icio::read_icio_bytes("back.csv", &out, &opts)
                    .unwrap_or_else(|e| panic!("written table does not read back: {e}"));
                assert_eq!(back.z(), m.z());
                assert_eq!(back.x(), m.x());
            }
        }
        Err(e) => {
            stats.1 += 1;
            let msg = e.to_string();
            assert!(!msg.is_empty());
            assert!(
                msg.contains("mutant.csv"),
                "error does not name the file: {msg}"
            );
        }
    }
}

#[test]
fn mutated_fixtures_never_panic() {
    let seeds = seeds();
    let mut rng = Rng(0x5eed_1234_abcd_ef01);
    let mut stats = (0, 0);
    let rounds = std::env::var("AUTOPACT_MUTATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    for _ in 0..rounds {
        for s in &seeds {
            let d = mutate(&mut rng, s);
            let split = if rng.below(2) == 0 {
                SplitMode::Merge
            } else {
                SplitMode::Keep
            };
            check(&d, split, &mut stats);
        }
    }
    eprintln!(
        "mutations: {} read, {} rejected with an error",
        stats.0, stats.1
    );
    assert!(stats.1 > 0 && stats.0 > 0);
}

#[test]
fn corrupted_gzip_never_panics() {
    let seeds = seeds();
    let mut rng = Rng(0xfeed_0000_1111_2222);
    let mut stats = (0, 0);
    for s in &seeds {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(s).unwrap();
        let gz = enc.finish().unwrap();
        check(&gz, SplitMode::Merge, &mut stats);
        for _ in 0..40 {
            let mut d = gz.clone();
            match rng.below(3) {
                0 => d.truncate(rng.below(d.len())),
                1 => {
                    let i = rng.below(d.len());
                    d[i] ^= 1 << rng.below(8);
                }
                _ => d.extend_from_slice(b"trailing garbage"),
            }
            check(&d, SplitMode::Merge, &mut stats);
        }
    }
    assert!(stats.1 > 0);
}
