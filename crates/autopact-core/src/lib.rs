//! Shared vocabulary for every autopact crate.
//!
//! This crate is deliberately tiny and free of IO and heavy dependencies:
//! the math (`autopact-mrio`), the law (`autopact-law`) and the file formats
//! (`autopact-data`) all need to speak about the same two things —
//! *where* in an input a problem sits ([`Location`]), *where a number came
//! from* ([`Provenance`]) and *which code names which country*
//! ([`country`]) — without depending on one another.

#![deny(missing_docs)]

pub mod country;
pub mod digest;
mod location;
mod provenance;
pub mod rate;
pub mod table;

pub use digest::sha256_hex;
pub use location::{Located, Location, span_location};
pub use provenance::{HistoryEntry, HistoryKind, Provenance};
pub use rate::{RateError, check_fraction, parse_rate};
pub use table::{Column, ColumnType, Table, Value};
