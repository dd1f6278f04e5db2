//! Wire types of autopact, shared by every front end.
//!
//! The command line (`--format json`) and the HTTP API speak the same JSON:
//! this crate holds what both must agree on, so that they cannot drift.
//!
//! * [`schema`]: the versioned schema ids, in one place;
//! * [`envelope`]: the JSON envelopes that carry result tables;
//! * [`request`]: the parameters of each computation. With the `clap`
//!   feature they are also the CLI's flags, so a flag `--us-content` and a
//!   JSON field `us_content` are one definition with one doc comment;
//! * [`wire`]: the `duty` and `roo` documents.

pub mod envelope;
pub mod request;
pub mod wire;

/// The version of autopact that produced a result.
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

/// `autopact <version>`, the `tool` field of every result.
pub fn tool() -> String {
    format!("autopact {TOOL_VERSION}")
}

/// Versioned schema ids of autopact's JSON outputs.
///
/// A consumer checks the id before reading; a breaking change bumps the
/// version suffix. The documents are in `docs/schemas/`.
pub mod schema {
    /// One result table: `{"schema", "kind", "meta", "columns", "rows"}`.
    pub const TABLE: &str = autopact_core::table::TABLE_SCHEMA;
    /// The duty stack on one entry.
    pub const DUTY: &str = "autopact.duty/v1";
    /// USMCA rules of origin for one good.
    pub const ROO: &str = "autopact.roo/v1";
    /// A scenario run: resolved scenario and its result tables.
    pub const SCENARIO_RUN: &str = "autopact.scenario-run/v1";
    /// The manifest of a scenario result folder.
    pub const SCENARIO_BUNDLE: &str = "autopact.scenario-bundle/v1";
    /// A JSON error of the HTTP API.
    pub const ERROR: &str = "autopact.error/v1";
}
