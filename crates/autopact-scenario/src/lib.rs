//! Reproducible tariff scenarios.
//!
//! A scenario file (TOML, see [`spec`]) names a table, a law as-of date,
//! assumptions and a list of tariff changes. [`resolve`] checks it against
//! the table and fills in every default; [`run()`] computes baseline and
//! scenario with the price model, the demand response and the jobs
//! satellite; [`report`] turns the run into tables that carry the tool
//! version, the table's hash and the resolved scenario, so that a rerun is
//! byte-identical. Pure: the caller reads files and computes hashes.
//!
//! ```
//! use autopact_mrio::{Leontief, Mrio};
//! use faer::Mat;
//!
//! // A hand-made table: Canada and the US, one sector each.
//! let z = Mat::from_fn(2, 2, |i, j| [[20.0, 10.0], [5.0, 30.0]][i][j]);
//! let y = Mat::from_fn(2, 2, |i, j| [[60.0, 10.0], [5.0, 60.0]][i][j]);
//! let table = Mrio::from_flows(&["CAN", "USA"], &["c15"], z, y)?;
//!
//! let text = r#"
//! schema_version = 1
//! name = "a 25% US tariff on Canadian vehicles"
//! [table]
//! source = "default"
//! [[tariff]]
//! importer = "USA"
//! exporter = ["CAN"]
//! sectors = ["c15"]
//! rate = 0.25
//! applies_to = "both"
//! "#;
//! let scenario = autopact_scenario::parse("example.toml", text)?;
//! let resolved = autopact_scenario::resolve(&scenario, "example.toml", text, &table, "sha256 of the table")?;
//! let run = autopact_scenario::run(&table, &Leontief::of(&table)?, &resolved)?;
//!
//! // The US buys Canadian vehicles for final use and as inputs: its
//! // consumer prices rise, Canada's output falls.
//! assert!(run.prices.consumer_price_change[1] > 0.0);
//! assert!(run.quantity.delta_output[0] < 0.0);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

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
