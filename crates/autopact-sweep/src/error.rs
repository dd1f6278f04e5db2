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

/// Byte spans become line and character column through the one helper
/// every span-reporting parser shares.
pub use autopact_core::span_location;
