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
    let mut start = span.start.min(text.len());
    // A span inside a multi-byte character points at that character.
    while !text.is_char_boundary(start) {
        start -= 1;
    }
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

    #[test]
    fn span_inside_a_character_or_past_the_end() {
        let t = "a = \"é\"\nb = 1";
        // Byte 6 is inside "é" (bytes 5..7).
        assert_eq!(
            span_location("f", t, Some(6..7)).to_string(),
            "f, row 1, column 6"
        );
        assert_eq!(
            span_location("f", t, Some(99..100)).to_string(),
            "f, row 2, column 6"
        );
    }
}
