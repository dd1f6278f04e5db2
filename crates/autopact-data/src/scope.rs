//! Builds the law crate's named Section 232 code lists
//! (`law/us/scope_lists.txt`, format in `autopact_law::scope_lists`) from
//! the published lists in `shared/data/us-trade/scope/`:
//!
//! | file | lists |
//! |---|---|
//! | `s232_auto_parts.txt` | `us232-auto-parts` (Proc. 10908 Annex I as amended, US note 33) |
//! | `s232_mhd_parts.txt` | `us232-mhdv-parts` (Proc. 10984, US note 38) |
//! | `s232_derivative_products.csv` | `us232-deriv-<ch99>[-<effective date>]` |
//! | `s232_copper_products.csv` | `us232-copper` (9903.78.01) |
//! | `s232_annex_products.csv` | `us232-2026-annex-<annex>-<metal>` |
//!
//! Codes are checked (4–10 digits) and kept in file order; the output is
//! deterministic so the committed file can be rebuilt and compared.
//!
//! The shipped file also holds lists that no file of that folder carries
//! (after `autopact_law::scope_lists::HAND_KEPT_MARKER`): a rebuild
//! ([`rebuild_scope_file`]) keeps that part of the file as it stands.

use std::collections::BTreeMap;
use std::path::Path;

use autopact_core::Location;

use crate::{DataError, Result, read_text};

/// Header comments (attribution, as `shared/data/us-trade/README.md` requires).
pub const ATTRIBUTION: &[&str] = &[
    "autopact Section 232 code lists. Built by `autopact law build-scope ../shared/data/us-trade/scope`; do not edit this part by hand (hand-kept lists follow at the end).",
    "Source: The Budget Lab at Yale, Tariff Rate Tracker (github.com/Budget-Lab-Yale/tariff-rate-tracker, commit 8315fff of 2026-05-11), MIT licence;",
    "built there from Proclamations 10908 (Annex I as amended), 10984, the steel/aluminum derivative inclusions, the copper proclamation and the 2026 metals annexes. Cite both.",
];

fn code(loc: &Location, row: u64, s: &str) -> Result<String> {
    let c = autopact_law::HsCode::parse(s.trim())
        .map_err(|e| DataError::at(loc.at_row(row), e.to_string()))?;
    Ok(c.to_string())
}

fn txt_list(dir: &Path, file: &str) -> Result<Vec<String>> {
    let p = dir.join(file);
    let loc = Location::source(p.display().to_string());
    let text = read_text(&p)?;
    let mut v = Vec::new();
    for (i, l) in text.lines().enumerate() {
        if !l.trim().is_empty() {
            v.push(code(&loc, i as u64 + 1, l)?);
        }
    }
    Ok(v)
}

/// Reads a CSV whose first column is a code and returns `(key, code)` for
/// each row, the key built from the named columns.
fn csv_lists(
    dir: &Path,
    file: &str,
    key: impl Fn(&csv::StringRecord, &csv::StringRecord) -> String,
) -> Result<Vec<(String, String)>> {
    let p = dir.join(file);
    let loc = Location::source(p.display().to_string());
    let text = read_text(&p)?;
    let mut rd = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let headers = rd
        .headers()
        .map_err(|e| DataError::at(loc.at_row(1), e.to_string()))?
        .clone();
    let mut out = Vec::new();
    for (i, rec) in rd.records().enumerate() {
        let row = i as u64 + 2;
        let rec = rec.map_err(|e| DataError::at(loc.at_row(row), e.to_string()))?;
        let c = code(&loc, row, rec.get(0).unwrap_or(""))?;
        out.push((key(&headers, &rec), c));
    }
    Ok(out)
}

fn field<'a>(h: &csv::StringRecord, r: &'a csv::StringRecord, name: &str) -> &'a str {
    h.iter()
        .position(|x| x == name)
        .and_then(|i| r.get(i))
        .unwrap_or("")
        .trim()
}

/// The list file as rebuilt: the lists built from the scope folder `dir`,
/// then the hand-kept part of the file at `out` as it stands (none when
/// `out` does not exist yet).
pub fn rebuild_scope_file(dir: &Path, out: &Path) -> Result<String> {
    let mut text = build_scope_lists(dir)?;
    if out.exists() {
        let existing = read_text(out)?;
        text.push_str(autopact_law::scope_lists::split_hand_kept(&existing).1);
    }
    autopact_law::scope_lists::parse(&text).map_err(|reason| DataError::ScopeListsClash {
        file: out.display().to_string(),
        reason,
    })?;
    Ok(text)
}

/// The built part of the list file, from the scope folder.
pub fn build_scope_lists(dir: &Path) -> Result<String> {
    let mut lists: BTreeMap<String, Vec<String>> = BTreeMap::new();
    lists.insert(
        "us232-auto-parts".into(),
        txt_list(dir, "s232_auto_parts.txt")?,
    );
    lists.insert(
        "us232-mhdv-parts".into(),
        txt_list(dir, "s232_mhd_parts.txt")?,
    );
    for (k, c) in csv_lists(dir, "s232_derivative_products.csv", |h, r| {
        let date = field(h, r, "effective_date");
        let ch99 = field(h, r, "ch99_code");
        if date.is_empty() {
            format!("us232-deriv-{ch99}")
        } else {
            format!("us232-deriv-{ch99}-{date}")
        }
    })? {
        lists.entry(k).or_default().push(c);
    }
    for (k, c) in csv_lists(dir, "s232_copper_products.csv", |_, _| {
        "us232-copper".to_string()
    })? {
        lists.entry(k).or_default().push(c);
    }
    for (k, c) in csv_lists(dir, "s232_annex_products.csv", |h, r| {
        format!(
            "us232-2026-annex-{}-{}",
            field(h, r, "annex"),
            field(h, r, "metal_type")
        )
    })? {
        lists.entry(k).or_default().push(c);
    }
    let mut out = String::new();
    for a in ATTRIBUTION {
        out.push_str("# ");
        out.push_str(a);
        out.push('\n');
    }
    for (name, codes) in &lists {
        out.push_str(&format!("@list {name}\n"));
        for c in codes {
            out.push_str(c);
            out.push('\n');
        }
    }
    // What is written must read back.
    autopact_law::scope_lists::parse(&out)
        .map_err(|reason| DataError::ScopeListsUnreadable { reason })?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The committed lists are exactly what the builder makes of the shared
    /// scope folder, followed by the hand-kept part (skipped where
    /// `../shared` is absent).
    #[test]
    fn shipped_scope_lists_match_a_rebuild() {
        let Some(dir) = autopact_testdata::shared("us-trade/scope", "the scope lists' rebuild")
        else {
            return;
        };
        let built = build_scope_lists(&dir).unwrap();
        let (shipped, _) =
            autopact_law::scope_lists::split_hand_kept(autopact_law::scope_lists::SCOPE_LISTS);
        assert!(
            built == shipped,
            "the shipped scope lists are stale: run `autopact law build-scope {}`",
            dir.display()
        );
    }

    /// A rebuild keeps the hand-kept lists of the file it replaces, and
    /// refuses a hand-kept list whose name the built part already uses.
    #[test]
    fn a_rebuild_keeps_the_hand_kept_lists() {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join("s232_auto_parts.txt"), "8708\n").unwrap();
        std::fs::write(d.path().join("s232_mhd_parts.txt"), "8701\n").unwrap();
        for f in [
            "s232_derivative_products.csv",
            "s232_copper_products.csv",
            "s232_annex_products.csv",
        ] {
            std::fs::write(d.path().join(f), "hts_prefix\n").unwrap();
        }
        let out = d.path().join("lists.txt");
        let first = rebuild_scope_file(d.path(), &out).unwrap();
        assert_eq!(first, build_scope_lists(d.path()).unwrap());
        let hand = format!(
            "{} (test)\n@list mine\n2716\n",
            autopact_law::scope_lists::HAND_KEPT_MARKER
        );
        std::fs::write(&out, format!("# stale\n@list old\n8703\n{hand}")).unwrap();
        let again = rebuild_scope_file(d.path(), &out).unwrap();
        assert_eq!(again, format!("{first}{hand}"));
        std::fs::write(
            &out,
            format!(
                "{} (test)\n@list us232-auto-parts\n8708\n",
                autopact_law::scope_lists::HAND_KEPT_MARKER
            ),
        )
        .unwrap();
        let e = rebuild_scope_file(d.path(), &out).unwrap_err().to_string();
        assert!(e.contains("repeated"), "{e}");
    }

    #[test]
    fn bad_code_names_file_and_row() {
        let d = tempfile::tempdir().unwrap();
        for f in ["s232_auto_parts.txt", "s232_mhd_parts.txt"] {
            std::fs::write(d.path().join(f), "8708\n87x8\n").unwrap();
        }
        let e = build_scope_lists(d.path()).unwrap_err().to_string();
        assert!(e.contains("s232_auto_parts.txt, row 2"), "{e}");
    }
}
