//! Running the built binary in tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs `autopact` with `args` (stdin closed, not a terminal).
pub fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_autopact"))
        .args(args)
        .current_dir(repo())
        .output()
        .expect("run autopact")
}

/// The repository root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// `shared/data/<sub>` when present; otherwise prints why the test is
/// skipped.
pub fn shared(sub: &str) -> Option<PathBuf> {
    autopact_testdata::shared(sub, "this test")
}

/// Standard output as text.
pub fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Standard error as text.
pub fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Asserts success and returns stdout.
#[track_caller]
pub fn ok(o: &Output) -> String {
    assert!(
        o.status.success(),
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        o.status.code(),
        out(o),
        err(o)
    );
    out(o)
}

/// A fresh temporary folder.
pub fn temp() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

/// Parses CSV text (no quoted commas) into header and rows.
pub fn csv(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut lines = text.lines();
    let split = |l: &str| l.split(',').map(str::to_string).collect::<Vec<_>>();
    let header = split(lines.next().expect("header"));
    (header, lines.map(split).collect())
}
