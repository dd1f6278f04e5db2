//! Where the law meets the economy: **tariff wedges** per importer ×
//! exporting region × table sector, computed by the law engine's duty stack
//! on real trade weights.
//!
//! Why a crate of its own: `autopact-law` prices one entry and
//! `autopact-mrio` takes ad-valorem wedges per flow; neither should know the
//! other (docs/ARCHITECTURE.md, rule 2). This crate is the meeting point and
//! is pure like both: the trade weights, the concordances and the
//! assumptions come in as values (read by `autopact-data`), the results go
//! out as values.
//!
//! For a line ℓ (HTS10) from origin o on entry date d, with customs value
//! V = U + N (U entered under USMCA, N not), the duty is
//!
//! ```text
//! D(ℓ, o, d) = stack(ℓ, o, d, U, qualifying) + stack(ℓ, o, d, N, not qualifying)
//! ```
//!
//! where `stack` is [`autopact_law::duty::duty_stack`] (each layer rounded
//! to the cent) with the line's facts filled from data: steel and aluminum
//! content = V × the line's metal share; the US content of USMCA vehicles =
//! U × an assumed share. The wedge of importer r on exporter s's sector k is
//!
//! ```text
//! τ(r, s, k) = Σ_{ℓ ∈ k, o ∈ s} D(ℓ, o, d) / Σ_{ℓ ∈ k, o ∈ s} V(ℓ, o)
//! ```
//!
//! (0 where the value is 0). Sector and measure totals are exact decimal
//! sums of the line rows. Every result lists its assumptions and counts its
//! flags (proxy weights, lines without a column-1 rate, unmapped value).
//!
//! ```
//! use std::collections::BTreeMap;
//! use autopact_law::{Decimal, LawDb};
//! use autopact_link::{Assumptions, LineInfo, TradeLine, WedgeInput, compute};
//!
//! let usd = |s: &str| s.parse::<Decimal>().unwrap();
//! let car = |origin: &str, usmca: &str| TradeLine {
//!     hts10: "8703230190".into(), // passenger cars, 1,500–3,000 cc
//!     origin: origin.into(),
//!     value: usd("1000000"),
//!     usmca_value: usd(usmca),
//!     proxy: false,
//!     region: None,
//!     claim: None,
//! };
//! // One month's trade: a Canadian car entered under USMCA, a Japanese one.
//! let lines = vec![car("CA", "1000000"), car("JP", "0")];
//! let info = BTreeMap::from([("8703230190".to_string(), LineInfo {
//!     gtap: Some("mvh".into()),
//!     mapped_by: "crosswalk".into(),
//!     steel: usd("0.1"),
//!     aluminum: usd("0.05"),
//!     copper: usd("0.01"),
//!     metal_known: true,
//!     metal_from: "line".into(),
//! })]);
//! let sector_of_gtap = BTreeMap::from([("mvh".to_string(), "c15".to_string())]);
//! let region_of_origin = BTreeMap::from([
//!     ("CA".to_string(), "CAN".to_string()),
//!     ("JP".to_string(), "JPN".to_string()),
//! ]);
//! let regions = ["USA", "CAN", "JPN"].map(String::from);
//! let sectors = ["c15".to_string()];
//! let input = WedgeInput {
//!     importer: "US".into(),
//!     importer_region: "USA".into(),
//!     date: "2025-01-15".parse()?,
//!     beyond_as_of: false,
//!     lines: &lines,
//!     weights_label: "example".into(),
//!     line_info: &info,
//!     sector_of_gtap: &sector_of_gtap,
//!     region_of_origin: &region_of_origin,
//!     regions: &regions,
//!     sectors: &sectors,
//!     schedule: None,
//!     assumptions: Assumptions::default(),
//! };
//! let wedges = compute(&LawDb::builtin()?, &input)?;
//! let rate = |exporter: &str| {
//!     wedges.sectors.iter().find(|s| s.exporter == exporter).unwrap().rate
//! };
//! // Before the 2025 measures: the USMCA car enters free, the Japanese one
//! // pays the MFN 2.5% (rates are fractions).
//! assert_eq!(rate("CAN"), Decimal::ZERO);
//! assert_eq!(rate("JPN"), usd("0.025"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![deny(missing_docs)]

pub mod bea;
pub mod claims;
mod compute;
mod derive;
pub mod landed;
mod mirror;
mod proxy;
pub mod reconcile;
mod series;
mod types;

pub use compute::{StackMode, compute, compute_in, restrict_law, share_of};
pub use derive::{
    Derived, FlowRates, LawOptions, LinkData, WeightsChoice, derivation_meta, derivation_warnings,
    derive, importer_country, is_month, origin_filter, scenario_rates, tariff_specs, to_tariffs,
    with_recorded_claims,
};
pub use mirror::{Mirror, mirror_lines, table_flows};
pub use proxy::{ProxyOrigin, proxy_lines};
pub use series::{
    Series, SeriesMonth, SeriesRow, law_segments, month_rows, series_date, series_rows,
};
pub use types::*;

#[cfg(test)]
mod tests;
