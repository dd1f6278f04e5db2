//! Oracle tests: autopact's numbers against independent tools on real
//! tables in `shared/data/` (skipped, with a message, when it is absent).

#[path = "oracles/common.rs"]
mod common;
#[path = "oracles/decompr.rs"]
mod decompr;
#[path = "oracles/extraction.rs"]
mod extraction;
#[path = "oracles/jobs.rs"]
mod jobs;
#[path = "oracles/mixed.rs"]
mod mixed;
#[path = "oracles/price.rs"]
mod price;
#[path = "oracles/pymrio.rs"]
mod pymrio;
#[path = "oracles/pymrio_test_system.rs"]
mod pymrio_test_system;
#[path = "oracles/tiva.rs"]
mod tiva;
