//! Fuzz users' own measure files: any text given as a `--law` file gives
//! a law database or an error naming the file and line, never a panic.
//! What parses is priced once (a duty stack on a fixed entry) so that the
//! engine meets the odd measures too.
//! Run: `cargo +nightly fuzz run law_toml` (see fuzz/README.md).
#![no_main]

use std::sync::LazyLock;

use autopact_law::duty::{DutyQuery, duty_stack};
use autopact_law::{HsCode, LawDb};
use libfuzzer_sys::fuzz_target;

static DB: LazyLock<LawDb> = LazyLock::new(|| LawDb::builtin().expect("law data"));

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(db) = DB
        .clone()
        .with_user_files(&[("fuzz.toml".to_string(), text.to_string())])
    else {
        return;
    };
    for (hts, origin) in [
        ("8708.99.68", "DE"),
        ("7318.15.20", "CA"),
        ("8703.23.00", "US"),
    ] {
        let importer = if origin == "US" { "CA" } else { "US" };
        let q = DutyQuery {
            importer: importer.into(),
            date: "2025-10-01".parse().unwrap(),
            hts: HsCode::parse(hts).unwrap(),
            origin: origin.into(),
            value: 1000.into(),
            facts: Default::default(),
            column1_rate: None,
            quantity: None,
            include_unconfirmed: true,
            beyond_as_of: false,
        };
        let _ = duty_stack(&db, &q);
    }
});
