//! Oracle tests: autopact's numbers against independent tools on real
//! tables in `shared/data/` (skipped, with a message, when it is absent).

#[path = "oracles/common.rs"]
mod common;
#[path = "oracles/decompr.rs"]
mod decompr;
#[path = "oracles/price.rs"]
mod price;
#[path = "oracles/pymrio.rs"]
mod pymrio;
#[path = "oracles/tiva.rs"]
mod tiva;
