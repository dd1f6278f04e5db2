//! Fuzz the scenario parser and resolver: any text gives a scenario or an
//! error, never a panic. Text that parses is resolved against the built-in
//! table (10 regions × 35 sectors, with employment).
//! Run: `cargo +nightly fuzz run scenario_toml` (from the repository root or
//! `fuzz/`; see fuzz/README.md).
#![no_main]

use std::sync::LazyLock;

use autopact_mrio::Mrio;
use libfuzzer_sys::fuzz_target;

static TABLE: LazyLock<Mrio> =
    LazyLock::new(|| autopact_data::default_table().expect("built-in table"));

/// The hash the resolver compares a `sha256` pin with.
const TABLE_SHA256: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

fuzz_target!(|data: &[u8]| {
    // The parser takes text; the CLI reads files as UTF-8 first.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(s) = autopact_scenario::parse("fuzz.toml", text) {
        let _ = autopact_scenario::resolve(&s, "fuzz.toml", text, &TABLE, TABLE_SHA256);
    }
});
