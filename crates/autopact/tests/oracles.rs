//! Oracle tests: autopact's numbers against independent tools on real
//! tables in `shared/data/` (skipped, with a message, when it is absent).

#[path = "oracles/decompr.rs"]
mod decompr;
#[path = "oracles/tiva.rs"]
mod tiva;
/// TEMPORARY: replaced by `autopact_data::open_table` once `autopact-data`
/// is merged into `main`.
#[path = "oracles/wiod_loader.rs"]
mod wiod_loader;
