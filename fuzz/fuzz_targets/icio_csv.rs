//! Fuzz target: the ICIO wide-CSV reader must never panic, whatever the
//! bytes (plain or gzip). Run with `cargo fuzz run icio_csv` from `fuzz/`.
#![no_main]

use autopact_data::{ReadOptions, SplitMode, icio};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let split = if data.first().is_some_and(|b| b & 1 == 1) {
        SplitMode::Keep
    } else {
        SplitMode::Merge
    };
    if let Ok(m) = icio::read_icio_bytes("fuzz.csv", data, &ReadOptions { split }) {
        // Whatever reads must write and read back.
        let mut out = Vec::new();
        if icio::write_icio_to(&mut out, &m).is_ok() {
            let back = icio::read_icio_bytes("back.csv", &out, &ReadOptions { split })
                .expect("a written table reads back");
            assert_eq!(back.x(), m.x());
        }
    }
});
