//! autopact: the facade over the engine crates.
//!
//! Re-exports the library crates under short names so that programs (the
//! CLI, the HTTP server, users' own tools) depend on one crate:
//!
//! * [`core`] — locations, provenance, tidy result tables;
//! * [`mrio`] — multi-regional input-output math;
//! * [`data`] — file formats (ICIO, pymrio, satellites, …), the only crate
//!   that touches files;
//! * [`scenario`] — reproducible tariff scenarios.
//!
//! Its `tests/` folder holds the oracle tests that check autopact's numbers
//! against independent tools (pymrio, R decompr) on real tables.

#![deny(missing_docs)]

pub use autopact_core as core;
pub use autopact_data as data;
pub use autopact_mrio as mrio;
pub use autopact_scenario as scenario;
