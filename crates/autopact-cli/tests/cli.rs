//! The one CLI integration-test binary: each topic is a module under `tests/cli/`.

#[path = "cli/law.rs"]
mod law;
