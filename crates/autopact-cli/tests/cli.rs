//! The one CLI integration-test binary: each topic is a module under `tests/cli/`.

#[path = "cli/audit2.rs"]
mod audit2;
#[path = "cli/contrib.rs"]
mod contrib;
#[path = "cli/law.rs"]
mod law;
#[path = "cli/lawdata.rs"]
mod lawdata;
#[path = "cli/mrio.rs"]
mod mrio;
#[path = "cli/national.rs"]
mod national;
#[path = "cli/roo_inputs.rs"]
mod roo_inputs;
#[path = "cli/scenario.rs"]
mod scenario;
#[path = "cli/serve.rs"]
mod serve;
#[path = "cli/sweep.rs"]
mod sweep;
#[path = "cli/util.rs"]
mod util;
#[path = "cli/ux.rs"]
mod ux;
#[path = "cli/wedges.rs"]
mod wedges;
#[path = "cli/xlsx.rs"]
mod xlsx;
