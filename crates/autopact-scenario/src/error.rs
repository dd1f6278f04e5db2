//! Scenario errors, each tied to a line and column of the scenario file.

use autopact_core::Location;
use thiserror::Error;

/// What can be wrong with a scenario.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum ScenarioError {
    /// The file is not valid TOML or not of the expected shape.
    #[error("{location}: {message}")]
    Syntax {
        /// Where.
        location: Location,
        /// What.
        message: String,
    },
    /// A value is not acceptable (unknown region, negative rate, …).
    #[error("{location}: {message}")]
    Invalid {
        /// Where.
        location: Location,
        /// What, and what to do.
        message: String,
    },
    /// The model failed on a valid scenario.
    #[error("{0}")]
    Model(String),
}

/// Converts a byte span of `text` to a location (1-based line; column as
/// 1-based character column).
pub fn span_location(source: &str, text: &str, span: Option<std::ops::Range<usize>>) -> Location {
    let loc = Location::source(source);
    let Some(span) = span else { return loc };
    let start = span.start.min(text.len());
    let before = &text[..start];
    let line = before.matches('\n').count() as u64 + 1;
    let col = before.rfind('\n').map_or(start, |p| start - p - 1) + 1;
    loc.at_row(line).at_column(col.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_from_span() {
        let t = "a = 1\nbb = 2\n";
        let l = span_location("f", t, Some(9..10));
        assert_eq!(l.to_string(), "f, row 2, column 4");
        assert_eq!(span_location("f", t, None).to_string(), "f");
    }
}
