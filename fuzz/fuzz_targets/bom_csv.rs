//! Fuzz the BOM readers: any bytes give a BOM or an error, never a panic.
//! Run: `cargo +nightly fuzz run bom_csv` from the repository root.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = autopact_data::bom::parse_csv("fuzz", data);
    let _ = autopact_data::bom::parse_xlsx("fuzz", data, None);
});
