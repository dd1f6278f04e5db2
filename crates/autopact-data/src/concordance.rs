//! Concordance files: which original label goes into which group.
//!
//! A CSV with a header line and exactly two columns, original label then
//! group label (`original,group`; the header's names are free). Blank
//! lines and lines starting with `#` are skipped, so a concordance can say
//! why it groups as it does. The order of the groups in the result is the
//! order in which the file first names them.

use std::path::Path;

use autopact_core::Location;
use autopact_mrio::Concordance;

use crate::csvline::split_line;
use crate::error::{DataError, Result};
use crate::files::read_text;

/// Reads a concordance file.
pub fn read_concordance(path: impl AsRef<Path>) -> Result<Concordance> {
    let p = path.as_ref();
    parse_concordance(&p.display().to_string(), &read_text(p)?)
}

/// Parses concordance text; `name` is used in errors.
pub fn parse_concordance(name: &str, text: &str) -> Result<Concordance> {
    let loc = Location::source(name);
    let mut pairs = Vec::new();
    let mut header_seen = false;
    let mut seen = std::collections::HashMap::new();
    for (k, raw) in text.lines().enumerate() {
        let row = k as u64 + 1;
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let fields = split_line(line).map_err(|m| DataError::at(loc.at_row(row), m))?;
        if fields.len() != 2 {
            return Err(DataError::at(
                loc.at_row(row),
                format!(
                    "expected 2 fields (original label, group label), found {}",
                    fields.len()
                ),
            ));
        }
        if !header_seen {
            header_seen = true;
            continue;
        }
        for (c, f) in fields.iter().enumerate() {
            if f.is_empty() {
                return Err(DataError::at(
                    loc.at_row(row).at_column((c + 1).to_string()),
                    "empty label",
                ));
            }
        }
        if let Some(first) = seen.insert(fields[0].clone(), row) {
            return Err(DataError::at(
                loc.at_row(row).at_column("1"),
                format!("{:?} is already mapped on row {first}", fields[0]),
            ));
        }
        pairs.push((fields[0].clone(), fields[1].clone()));
    }
    if pairs.is_empty() {
        return Err(DataError::at(
            loc,
            "no mappings: write a header line, then one `original,group` line per label",
        ));
    }
    Ok(Concordance::new(pairs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_with_comments_and_keeps_order() {
        let c = parse_concordance(
            "m.csv",
            "# regions\noriginal,group\nAUT,EUR\nUSA,USA\nBEL,EUR\n\n",
        )
        .unwrap();
        assert_eq!(c.groups(), vec!["EUR", "USA"]);
        assert_eq!(c.pairs.len(), 3);
    }

    #[test]
    fn errors_name_row_and_column() {
        let e = parse_concordance("m.csv", "a,b\nAUT,EUR,X\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("m.csv, row 2") && e.contains("2 fields"),
            "{e}"
        );
        let e = parse_concordance("m.csv", "a,b\nAUT,\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("row 2, column 2") && e.contains("empty"), "{e}");
        let e = parse_concordance("m.csv", "a,b\nAUT,X\nAUT,Y\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("row 3") && e.contains("already mapped on row 2"),
            "{e}"
        );
        assert!(parse_concordance("m.csv", "a,b\n").is_err());
    }
}
