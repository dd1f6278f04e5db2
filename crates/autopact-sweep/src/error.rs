//! Sweep errors: a place in a file (line and column) and what to do, or a
//! shard that cannot be merged.

use autopact_core::Location;
use thiserror::Error;

/// What can be wrong with a sweep.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum SweepError {
    /// A sweep file that is not valid, with where.
    #[error("{location}: {message}")]
    Invalid {
        /// Where.
        location: Location,
        /// What, and what to do.
        message: String,
    },
    /// A shard that is missing, incomplete or from another sweep.
    #[error("{0}")]
    Shard(String),
    /// The model failed on a cell.
    #[error("{0}")]
    Model(String),
    /// A run or merge that cannot be carried out as asked (shard index,
    /// shard count, a folder that holds another sweep).
    #[error("{0}")]
    Usage(String),
}

/// Converts a byte span of `text` to a location (1-based line and column).
pub fn span_location(source: &str, text: &str, span: Option<std::ops::Range<usize>>) -> Location {
    let loc = Location::source(source);
    let Some(span) = span else { return loc };
    let mut start = span.start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let before = &text[..start];
    let line = before.matches('\n').count() as u64 + 1;
    let col = before[before.rfind('\n').map_or(0, |p| p + 1)..]
        .chars()
        .count()
        + 1;
    loc.at_row(line).at_column(col.to_string())
}
