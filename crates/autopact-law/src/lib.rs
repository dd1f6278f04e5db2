//! autopact's trade-law engine: dated tariff measures as data, the duty
//! stack for a good on an entry date, and USMCA/CUSMA rules of origin from a
//! bill of materials or a cost sheet — every number with an explanation and
//! a legal citation.
//!
//! The crate is **pure**: no file or network IO and no clock. The law lives
//! in TOML files under `law/` (one per instrument), embedded with
//! `include_str!` and validated when [`LawDb::builtin`] parses them. Entry
//! dates are always given by the caller, and every result carries the
//! law data's as-of date.
//!
//! * [`duty`] — the duty stack ([`duty::duty_stack`]).
//! * [`roo`] — rules of origin ([`roo::qualify`]).
//! * [`offset`] — the U.S. import adjustment offset.
//! * [`vehicles`] — illustrative reference vehicles shipped with the binary.
//! * [`money`] — decimal money and the rounding rule.
//! * [`country`] — the country codes an origin may take.
//!
//! ```
//! use autopact_law::duty::{DutyQuery, GoodFacts, duty_stack};
//! use autopact_law::{Decimal, HsCode, LawDb};
//!
//! let law = LawDb::builtin()?;
//! // A German passenger car (HTS 8703.23.01) entered on 1 June 2025, USD 40,000.
//! let query = DutyQuery {
//!     importer: "US".into(),
//!     date: "2025-06-01".parse()?,
//!     hts: HsCode::parse("8703.23.01")?,
//!     origin: "DE".into(),
//!     value: Decimal::from(40_000),
//!     facts: GoodFacts::default(),
//!     column1_rate: None,
//!     quantity: None,
//!     include_unconfirmed: false,
//!     beyond_as_of: false,
//! };
//! let stack = duty_stack(&law, &query)?;
//! // MFN 2.5% and the Section 232 autos duty of 25% (the reciprocal duty
//! // does not stack on a §232 good): 27.5%, USD 11,000.
//! assert_eq!(stack.total, Decimal::from(11_000));
//! for layer in &stack.layers {
//!     println!("{} {}: {} ({})", layer.measure_id, layer.rate, layer.amount, layer.citation);
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![deny(missing_docs)]

pub mod country;
mod db;
pub mod duty;
pub mod explain;
pub mod hint;
pub mod hts;
pub mod measure;
pub mod money;
pub mod offset;
pub mod roo;
pub mod schedule;
pub mod scope_lists;
pub mod vehicles;

pub use chrono::NaiveDate;
pub use db::{FILES, LawDb, META};
pub use explain::Explanation;
pub use hint::{Fact, Hint, HintKind};
pub use hts::HsCode;
pub use money::Decimal;

#[cfg(test)]
mod law_tests;
#[cfg(test)]
mod law_tests_2026;
