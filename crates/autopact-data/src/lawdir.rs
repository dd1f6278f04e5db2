//! Users' own law: a folder of measure files in the schema of
//! `crates/autopact-law/law/` (see `autopact_law::measure`), read here and
//! handed to the pure law crate ([`autopact_law::LawDb::with_user_files`]).

use std::path::Path;

use crate::{DataError, Result, read_text};

/// Every `*.toml` file in `dir` (not recursive), sorted by name, as
/// `(file name, text)`. A folder without any is an error: an empty `--law`
/// is more likely a wrong path than an intent.
pub fn read_law_dir(dir: impl AsRef<Path>) -> Result<Vec<(String, String)>> {
    let dir = dir.as_ref();
    let entries =
        std::fs::read_dir(dir).map_err(|e| DataError::io(dir.display().to_string(), e))?;
    let mut paths = Vec::new();
    for e in entries {
        let e = e.map_err(|e| DataError::io(dir.display().to_string(), e))?;
        let p = e.path();
        if p.extension().is_some_and(|x| x == "toml") && p.is_file() {
            paths.push(p);
        }
    }
    paths.sort();
    if paths.is_empty() {
        return Err(DataError::NotALawFolder {
            folder: dir.display().to_string(),
        });
    }
    paths
        .into_iter()
        .map(|p| Ok((p.display().to_string(), read_text(&p)?)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_sorted_toml_files_and_refuses_an_empty_folder() {
        let d = tempfile::tempdir().unwrap();
        assert!(
            read_law_dir(d.path())
                .unwrap_err()
                .to_string()
                .contains("no .toml")
        );
        std::fs::write(d.path().join("b.toml"), "b").unwrap();
        std::fs::write(d.path().join("a.toml"), "a").unwrap();
        std::fs::write(d.path().join("notes.txt"), "x").unwrap();
        let v = read_law_dir(d.path()).unwrap();
        assert_eq!(v.len(), 2);
        assert!(v[0].0.ends_with("a.toml") && v[1].1 == "b");
        assert!(read_law_dir(d.path().join("nope")).is_err());
    }
}
