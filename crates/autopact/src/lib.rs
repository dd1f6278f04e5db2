//! autopact: the facade over the engine crates.
//!
//! Re-exports the library crates under short names so that programs (the
//! CLI, the HTTP server, users' own tools) depend on one crate:
//!
//! * [`core`] — locations, provenance, tidy result tables;
//! * [`mrio`] — multi-regional input-output math;
//! * [`data`] — file formats (ICIO, pymrio, satellites, …), the only crate
//!   that touches files;
//! * [`scenario`] — reproducible tariff scenarios;
//! * [`Session`] — one table, its factorisation, the law and caches:
//!   the one owner of the law → wedges → tariffs pipeline and of scenario
//!   resolution, shared by the CLI, the HTTP server and the Python
//!   package;
//! * [`page`] — the readable HTML report (`autopact report`);
//! * [`satellite`] — attaching a satellite account under the
//!   missing-value policy (`autopact aggregate --satellite`);
//! * [`frontend`] — the steps every front end shares that need files or
//!   no table (the law with a user's files, scenario and BOM files,
//!   landed-cost regimes, national price runs, current-data vehicle
//!   costs).
//!
//! Its `tests/` folder holds the oracle tests that check autopact's numbers
//! against independent tools (pymrio, R decompr) on real tables.

#![deny(missing_docs)]

pub mod frontend;
pub mod page;
pub mod satellite;
pub mod session;

pub use session::{CollectedDuties, Session, Solves, Warned, WedgesOutput};

pub use autopact_core as core;
pub use autopact_data as data;
pub use autopact_mrio as mrio;
pub use autopact_scenario as scenario;
