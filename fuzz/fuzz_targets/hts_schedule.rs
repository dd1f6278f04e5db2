//! Fuzz the schedule reader and the rate parser: any text gives a
//! schedule or an error naming the line; every rate text parses to parts
//! or to "other", and amounts are computed or refused, never a panic.
//! Run: `cargo +nightly fuzz run hts_schedule` (see fuzz/README.md).
#![no_main]

use autopact_law::schedule::{Column1Rate, Lookup, Schedule, usmca_from_special};
use autopact_law::{Decimal, HsCode};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for line in text.lines().take(64) {
        let r = Column1Rate::parse(line);
        let _ = r.amount(Decimal::from(1000), Some(Decimal::from(7)));
        let _ = r.amount(Decimal::MAX, Some(Decimal::MAX));
        let _ = usmca_from_special(line);
    }
    if let Ok(s) = Schedule::parse(text) {
        let _ = s.coverage();
        for row in s.rows().iter().take(32) {
            if let Some(c) = &row.code {
                let _ = s.lookup(c);
                let _ = s.full_description(c);
                if let Ok(h) = HsCode::parse(c.heading()) {
                    if let Lookup::Unknown { nearest } = s.lookup(&h) {
                        let _ = nearest;
                    }
                }
            }
        }
    }
});
