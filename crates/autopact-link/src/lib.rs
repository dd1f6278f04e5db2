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

#![deny(missing_docs)]

pub mod bea;
pub mod claims;
mod compute;
mod derive;
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
