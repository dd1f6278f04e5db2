//! Fuzz the rules of origin from a bill of materials, end to end: any
//! bytes read as a BOM (CSV), and whatever reads qualified against the
//! built-in USMCA rules. Every input must give a result or an error —
//! never a panic (overflow near the decimal range included).
//! Run: `cargo +nightly fuzz run roo_bom` from `fuzz/`.
#![no_main]

use std::sync::OnceLock;

use autopact_law::roo::{Good, RooRequest, RooRules, qualify};
use autopact_law::{LawDb, NaiveDate};
use libfuzzer_sys::fuzz_target;

fn law() -> &'static (LawDb, RooRules) {
    static LAW: OnceLock<(LawDb, RooRules)> = OnceLock::new();
    LAW.get_or_init(|| (LawDb::builtin().unwrap(), RooRules::builtin().unwrap()))
}

fuzz_target!(|data: &[u8]| {
    let (db, rules) = law();
    let date = NaiveDate::from_ymd_opt(2025, 10, 1).unwrap();
    // The first byte picks a threshold for goods outside the tables.
    let threshold = data.first().map(|b| rust_decimal::Decimal::from(*b));
    if let Ok(bom) = autopact_data::bom::parse_csv("fuzz", data) {
        let mut r = RooRequest::new(Good::Bom(&bom), date);
        r.rvc_threshold = threshold;
        let _ = qualify(db, rules, &r);
    }
});
