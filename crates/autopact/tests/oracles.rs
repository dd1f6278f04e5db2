//! Oracle tests: autopact's numbers against independent tools on real
//! tables in `shared/data/` (skipped, with a message, when it is absent).

mod decompr;
/// TEMPORARY: replaced by `autopact_data::open_table` once `autopact-data`
/// is merged into `main`.
mod wiod_loader;
