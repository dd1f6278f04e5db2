//! The one CLI integration-test binary: each topic is a module under `tests/cli/`.

#[path = "cli/law.rs"]
mod law;
#[path = "cli/mrio.rs"]
mod mrio;
#[path = "cli/scenario.rs"]
mod scenario;
#[path = "cli/serve.rs"]
mod serve;
#[path = "cli/util.rs"]
mod util;
