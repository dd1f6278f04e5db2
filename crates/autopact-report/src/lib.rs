//! Every autopact result as a tidy [`autopact_core::Table`].
//!
//! The command line and the HTTP API are two front ends over the same
//! computations. Each module here takes a validated table (and its one
//! Leontief factorisation) plus a plain request from
//! [`autopact_api_types::request`], runs the pure engines and shapes the
//! result into a table with its units and provenance. Front ends only
//! parse input and render output.
//!
//! Errors are `anyhow` chains worded for people. A problem with one input
//! field carries a [`Field`] in its chain, so the CLI prints `--exporter …`
//! and the API answers 422 naming `exporter`, from one source.

pub mod cascade;
pub mod contribution;
pub mod decompose;
pub mod duty;
pub mod extract;
pub mod info;
pub mod jobs;
pub mod labels;
pub mod landed;
pub mod law_data;
pub mod leontief;
pub mod multipliers;
pub mod national;
pub mod overview;
pub mod price;
pub mod readable;
pub mod roo;
pub mod scenario;
pub mod tiva;
pub mod va_content;
pub mod wedges;

#[cfg(test)]
pub(crate) mod testutil;

#[cfg(test)]
mod builder_tests;

pub use labels::{
    Field, FieldNote, LawTariffs, error_message, factor, factor_for_many_solves, solver_meta,
    table_meta,
};
