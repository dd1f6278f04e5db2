//! Shared helpers of the oracle tests: where the shared data lives, a
//! small CSV reader for the reference files, and tolerance checks.

use std::path::{Path, PathBuf};

/// The data folder `sub` when it exists; otherwise the calling test is
/// skipped, saying why (a failure under `AUTOPACT_REQUIRE_SHARED_DATA=1`).
pub fn data(sub: &str, what: &str) -> Option<PathBuf> {
    autopact_testdata::shared(sub, what)
}

/// Reads a simple CSV (no quoted commas): header and rows of fields.
pub fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let split = |l: &str| -> Vec<String> {
        l.split(',')
            .map(|f| f.trim().trim_matches('"').to_string())
            .collect()
    };
    let header = split(lines.next().expect("header"));
    (header, lines.map(split).collect())
}

/// Column index by name.
pub fn col(header: &[String], name: &str) -> usize {
    header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name} in {header:?}"))
}

/// Parses a float field.
pub fn num(s: &str) -> f64 {
    s.parse().unwrap_or_else(|_| panic!("not a number: {s:?}"))
}

/// Asserts |got − want| ≤ rtol·|want| + atol, naming what is compared.
#[track_caller]
pub fn close(what: &str, got: f64, want: f64, rtol: f64, atol: f64) {
    let d = (got - want).abs();
    assert!(
        d <= rtol * want.abs() + atol,
        "{what}: got {got}, want {want} (difference {d:e})"
    );
}
