//! Reproducible tariff scenarios.
//!
//! A scenario file (TOML, see [`spec`]) names a table, a law as-of date,
//! assumptions and a list of tariff changes. [`resolve`] checks it against
//! the table and fills in every default; [`run()`] computes baseline and
//! scenario with the price model, the demand response and the jobs
//! satellite; [`report`] turns the run into tables that carry the tool
//! version, the table's hash and the resolved scenario, so that a rerun is
//! byte-identical. Pure: the caller reads files and computes hashes.

#![deny(missing_docs)]

mod error;
pub mod report;
mod resolve;
mod run;
pub mod spec;
#[cfg(test)]
mod test_table;

pub use error::ScenarioError;
pub use resolve::{
    LawProvider, LawRates, NoLaw, ResolvedScenario, ResolvedTariff, resolve, resolve_with_law,
    sha256_hex,
};
pub use run::{JobsEffects, ScenarioRun, run};
pub use spec::{RateInput, Scenario, parse};
