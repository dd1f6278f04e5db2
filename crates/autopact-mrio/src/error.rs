//! Errors of the MRIO math.
//!
//! The math never sees files, so its errors name *labels* (region, sector,
//! stressor) instead of rows and columns of a file; the IO layer adds the
//! file name when it reports them.

use thiserror::Error;

/// What can go wrong when building or solving an MRIO system.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum MrioError {
    /// Matrix or label dimensions disagree.
    #[error("dimension mismatch: {0}")]
    Dimension(String),
    /// The same label appears twice.
    #[error("duplicate {kind} label {label:?}: every {kind} must be listed once")]
    DuplicateLabel {
        /// `"region"`, `"sector"`, `"final-demand column"` or `"stressor"`.
        kind: &'static str,
        /// The repeated label.
        label: String,
    },
    /// A value is NaN or infinite.
    #[error("{what} at {at} is {value}: every value must be a finite number")]
    NotFinite {
        /// Which matrix or vector (`"Z"`, `"Y"`, `"x"`, ...).
        what: String,
        /// Where (row and column labels).
        at: String,
        /// The offending value.
        value: f64,
    },
    /// Gross output is negative.
    #[error(
        "gross output x of {label} is {value}: output cannot be negative; \
         check the totals column of the table"
    )]
    NegativeOutput {
        /// Region-sector label.
        label: String,
        /// The value.
        value: f64,
    },
    /// `(I − A)` is singular (or numerically so).
    #[error(
        "the Leontief system (I − A) is singular at {label} (pivot {pivot:e}): \
         the table has a sector whose inputs use up all of its output \
         (column sum of A = {column_sum:.6}); check that sector's column and its total output"
    )]
    Singular {
        /// Region-sector where the factorization broke down.
        label: String,
        /// The tiny pivot.
        pivot: f64,
        /// Column sum of A for that sector.
        column_sum: f64,
    },
    /// A label that was asked for does not exist.
    #[error("unknown {kind} {label:?}; known {kind}s: {known}")]
    UnknownLabel {
        /// `"region"`, `"sector"`, ...
        kind: &'static str,
        /// What was asked for.
        label: String,
        /// A short list of valid labels.
        known: String,
    },
    /// An argument is outside its domain.
    #[error("invalid argument: {0}")]
    Invalid(String),
}

/// Result alias of this crate.
pub type Result<T, E = MrioError> = std::result::Result<T, E>;

/// Formats at most `max` labels for an error message.
pub(crate) fn list_labels(labels: &[String], max: usize) -> String {
    let mut s = labels
        .iter()
        .take(max)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    if labels.len() > max {
        s.push_str(&format!(", … ({} in all)", labels.len()));
    }
    s
}
