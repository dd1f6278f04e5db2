//! Locations inside user inputs.
//!
//! Every error a user can cause with bad input must name the file, the row
//! and the column, so that it can be fixed without guessing. A [`Location`]
//! carries exactly that; [`Located`] attaches one to any message.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A place in an input: a file (or other named source), optionally a
/// 1-based row (line) and a column (by label when the input has labels,
/// otherwise by 1-based number).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Location {
    /// File path or name of the source (`"<stdin>"`, `"built-in default table"`).
    pub source: String,
    /// 1-based row (line) number in the source, when known.
    pub row: Option<u64>,
    /// Column label (or 1-based number as text), when known.
    pub column: Option<String>,
}

impl Location {
    /// A location covering a whole source.
    pub fn source(source: impl Into<String>) -> Self {
        Self {
            source: source.into(),
            row: None,
            column: None,
        }
    }

    /// The same source, at `row` (1-based).
    pub fn at_row(&self, row: u64) -> Self {
        Self {
            row: Some(row),
            ..self.clone()
        }
    }

    /// The same source and row, at `column`.
    pub fn at_column(&self, column: impl Into<String>) -> Self {
        Self {
            column: Some(column.into()),
            ..self.clone()
        }
    }
}

/// The location of a byte span of `text` (a file read whole, named
/// `source`): 1-based line, and 1-based column counted in characters — what
/// an editor shows — not in bytes. A span starting inside a multi-byte
/// character points at that character; one past the end points at the end.
/// Every parser that reports spans (scenario and sweep files) uses this one.
pub fn span_location(source: &str, text: &str, span: Option<std::ops::Range<usize>>) -> Location {
    let loc = Location::source(source);
    let Some(span) = span else { return loc };
    let mut start = span.start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let before = &text[..start];
    let line = before.matches('\n').count() as u64 + 1;
    let line_start = before.rfind('\n').map_or(0, |p| p + 1);
    let col = before[line_start..].chars().count() + 1;
    loc.at_row(line).at_column(col.to_string())
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.source)?;
        if let Some(row) = self.row {
            write!(f, ", row {row}")?;
        }
        if let Some(col) = &self.column {
            write!(f, ", column {col}")?;
        }
        Ok(())
    }
}

/// A message tied to a [`Location`]; displays as `file, row R, column C: message`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Located {
    /// Where the problem is.
    pub location: Location,
    /// What is wrong, and what to do about it.
    pub message: String,
}

impl fmt::Display for Located {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

impl std::error::Error for Located {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_file_row_and_column() {
        let loc = Location::source("t.csv").at_row(12).at_column("CAN_c15");
        assert_eq!(loc.to_string(), "t.csv, row 12, column CAN_c15");
        let err = Located {
            location: loc,
            message: "not a number: \"x\"".into(),
        };
        assert_eq!(
            err.to_string(),
            "t.csv, row 12, column CAN_c15: not a number: \"x\""
        );
    }

    #[test]
    fn display_of_bare_source() {
        assert_eq!(Location::source("a").to_string(), "a");
    }
}
