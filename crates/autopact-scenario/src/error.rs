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

/// Byte spans become line and character column through the one helper
/// every span-reporting parser shares.
pub use autopact_core::span_location;

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

    /// Columns count characters, as the doc says and an editor shows: the
    /// `x` after a two-byte `é` is column 20, not 21.
    #[test]
    fn columns_count_characters_not_bytes() {
        let t = "name = \"é\", rate = x";
        let x = t.find('x').unwrap();
        assert_eq!(
            span_location("s.toml", t, Some(x..x + 1)).to_string(),
            "s.toml, row 1, column 20"
        );
    }
}
