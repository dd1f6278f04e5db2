//! Oracle tests: autopact's numbers against independent tools on real
//! tables in `shared/data/` (skipped, with a message, when it is absent).

#[path = "oracles/common.rs"]
mod common;
#[path = "oracles/price.rs"]
mod price;
#[path = "oracles/pymrio.rs"]
mod pymrio;
