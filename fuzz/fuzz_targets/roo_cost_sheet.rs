//! Fuzz the rules of origin from a cost sheet, end to end: any text read
//! as a cost sheet (TOML), and whatever reads qualified against the
//! built-in USMCA rules and averaged with itself (the A24 averaging
//! path). Every input must give a result or an error — never a panic
//! (overflow near the decimal range included).
//! Run: `cargo +nightly fuzz run roo_cost_sheet` from `fuzz/`.
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
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(sheet) = autopact_data::bom::parse_cost_sheet("fuzz", text) {
        let _ = qualify(db, rules, &RooRequest::new(Good::CostSheet(&sheet), date));
        let _ = autopact_law::roo::CostSheet::average(&[sheet.clone(), sheet]);
    }
});
