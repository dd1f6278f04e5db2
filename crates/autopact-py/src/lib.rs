//! autopact for Python: the engine in-process, results as pandas
//! DataFrames that carry their metadata.
//!
//! Two layers, both thin. [`calls`] is plain Rust: keyword arguments (a
//! JSON object) → the command's request type (`autopact_api_types`, the
//! CLI's flags) → the library call the CLI makes → a [`calls::Frame`] (the
//! CLI's CSV columns, and its JSON metadata as `attrs`). The `python`
//! module (feature `python`, turned on by maturin) is the PyO3 glue: it
//! releases the GIL, catches panics, and hands plain Python values to the
//! `autopact` package (`python/autopact`), which builds the DataFrames.
//!
//! Why a feature: see `Cargo.toml`. The workspace's `cargo test` and
//! `clippy` build [`calls`] alone; `maturin build` and `pip install`
//! build the extension module.

pub mod calls;

#[cfg(feature = "python")]
#[allow(unsafe_code)]
mod python;
