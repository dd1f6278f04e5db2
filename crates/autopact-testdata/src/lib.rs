//! Where the shared reference data live, and one policy for tests that need
//! them.
//!
//! The oracle tests (pymrio, R decompr, the shipped-file rebuilds, the real
//! US trade months) read `../shared/data` next to the checkout. A user's
//! fresh clone has no such folder, so those tests skip there, saying why.
//! CI does have it, and there a skip would hide a broken oracle: with
//! `AUTOPACT_REQUIRE_SHARED_DATA=1` (set by `.ci/run`) a missing folder is a
//! test failure instead. Every test that reads the shared data asks
//! [`shared`] (or [`shared_if`]) so the policy lives in one place.
//!
//! `AUTOPACT_SHARED_DATA=DIR` points at the data folder elsewhere.

#![deny(missing_docs)]

use std::path::{Path, PathBuf};

/// The environment variable that turns a skip into a failure.
pub const REQUIRE_ENV: &str = "AUTOPACT_REQUIRE_SHARED_DATA";

/// The environment variable naming the data folder elsewhere.
pub const DIR_ENV: &str = "AUTOPACT_SHARED_DATA";

/// The shared data folder: `$AUTOPACT_SHARED_DATA`, else `shared/data` next
/// to the checkout (the repository's parent folder).
pub fn shared_data_dir() -> PathBuf {
    match std::env::var_os(DIR_ENV) {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"),
    }
}

/// Whether a missing folder must fail the test (`AUTOPACT_REQUIRE_SHARED_DATA=1`).
pub fn required() -> bool {
    std::env::var(REQUIRE_ENV).as_deref() == Ok("1")
}

/// `shared/data/<rel>` when it exists. Otherwise the calling test, `what`,
/// is skipped: this prints why and returns `None` — or panics with the same
/// words where the data are required.
pub fn shared(rel: &str, what: &str) -> Option<PathBuf> {
    let path = shared_data_dir().join(rel);
    shared_if(path.exists(), path, what)
}

/// Like [`shared`] for a test with its own presence check (several files,
/// a subfolder): `present` says whether `path` is usable.
pub fn shared_if(present: bool, path: PathBuf, what: &str) -> Option<PathBuf> {
    if present {
        return Some(path);
    }
    let why = format!(
        "{what}: {} is not here (a checkout without the shared data)",
        path.display()
    );
    assert!(!required(), "{REQUIRE_ENV}=1, but {why}");
    eprintln!("skipping {why}");
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_folder_skips_with_its_path() {
        // The test process does not set the variable for this one call's sake;
        // it only runs the skip branch when the data are not required.
        if required() {
            let r = std::panic::catch_unwind(|| shared("no/such/folder", "a test"));
            assert!(r.is_err(), "a required folder that is missing must fail");
        } else {
            assert_eq!(shared("no/such/folder", "a test"), None);
        }
    }

    #[test]
    fn an_existing_path_is_returned() {
        let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        assert_eq!(shared_if(true, here.clone(), "x"), Some(here));
    }
}
