//! Errors of the data layer.
//!
//! Every error a user can cause with a bad file names the file, and — where
//! it is about one cell — the 1-based line and the column (label and
//! number), plus what to do about it. That is the [`DataError::Located`]
//! variant, built on [`autopact_core::Located`] so that every crate speaks
//! about places in inputs the same way. Errors of the math crate that come
//! out of validating a table ([`MrioError`]) are wrapped with the source
//! they came from.

use autopact_core::{Located, Location};
use autopact_mrio::MrioError;
use thiserror::Error;

/// What can go wrong reading or writing data files.
#[derive(Debug, Error)]
pub enum DataError {
    /// A problem at a known place in an input (file, line, column).
    #[error("{0}")]
    Located(#[from] Located),
    /// The operating system refused a read or write.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: String,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The table read from `source` is not a valid MRIO system.
    #[error("{file}: {error}")]
    Mrio {
        /// File or folder the table came from.
        file: String,
        /// What the validation found.
        error: MrioError,
    },
    /// The request cannot be served by this build or this input kind.
    #[error("{0}")]
    Unsupported(String),
    /// The law-to-economy link refused its inputs.
    #[error("{0}")]
    Link(#[from] autopact_link::LinkError),
    /// A sweep file, folder or shard that cannot be used.
    #[error("{0}")]
    Sweep(#[from] autopact_sweep::SweepError),
    /// A scenario file that cannot be used.
    #[error("{0}")]
    Scenario(#[from] autopact_scenario::ScenarioError),
}

impl DataError {
    /// A located error: `location: message`.
    pub fn at(location: Location, message: impl Into<String>) -> Self {
        DataError::Located(Located {
            location,
            message: message.into(),
        })
    }

    /// An IO error on `path`.
    pub fn io(path: impl Into<String>, source: std::io::Error) -> Self {
        DataError::Io {
            path: path.into(),
            source,
        }
    }

    /// The location of a located error, if any.
    pub fn location(&self) -> Option<&Location> {
        match self {
            DataError::Located(l) => Some(&l.location),
            _ => None,
        }
    }
}

/// Result alias of this crate.
pub type Result<T, E = DataError> = std::result::Result<T, E>;
