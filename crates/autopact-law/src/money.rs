//! Money and percentages: exact decimals with one stated rounding rule.
//!
//! Customs arithmetic is decimal arithmetic. Binary floating point cannot
//! represent 0.1 or 2.5% exactly, and a duty engine whose cents drift is
//! useless for reconciliation, so every amount here is a
//! [`rust_decimal::Decimal`].
//!
//! **Rounding rule.** The fact sheet does not state CBP's or CBSA's
//! rounding, so autopact states its own: every duty *layer* is rounded to
//! the cent, half away from zero ([`round_cents`]); the total is the sum of
//! the rounded layers, so the printed layers always add up to the printed
//! total. Bases and intermediate products are kept exact. Percentages
//! (RVC, LVC) are kept exact and compared with their thresholds *unrounded*;
//! they are displayed to two decimals ([`round_pct`]).

use std::str::FromStr;

pub use rust_decimal::Decimal;
use rust_decimal::RoundingStrategy;

/// Rounds an amount to the cent, half away from zero.
pub fn round_cents(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// Rounds a percentage for display (two decimals, half away from zero).
pub fn round_pct(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// Rounds to `dp` decimals, half away from zero (used to compare with
/// figures published to one decimal).
pub fn round_dp(d: Decimal, dp: u32) -> Decimal {
    d.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
}

/// `pct` percent of `base`, exact (not rounded).
pub fn pct_of(base: Decimal, pct: Decimal) -> Decimal {
    base * pct / Decimal::ONE_HUNDRED
}

/// Parses a decimal written in plain notation (`"2.5"`, `"-3"`, `"40000"`).
/// Thousands separators, exponents and currency signs are refused so that
/// nothing is guessed.
pub fn parse_decimal(s: &str) -> Result<Decimal, String> {
    let t = s.trim();
    if t.is_empty() {
        return Err("empty number".into());
    }
    let ok = t
        .bytes()
        .enumerate()
        .all(|(i, b)| b.is_ascii_digit() || b == b'.' || (i == 0 && (b == b'-' || b == b'+')));
    if !ok || t.matches('.').count() > 1 || !t.bytes().any(|b| b.is_ascii_digit()) {
        return Err(format!("not a plain decimal number: {t:?}"));
    }
    Decimal::from_str_exact(t.trim_start_matches('+'))
        .or_else(|_| Decimal::from_str(t.trim_start_matches('+')))
        .map_err(|e| format!("not a decimal number: {t:?} ({e})"))
}

/// Formats an amount with exactly two decimals (`"1000.00"`).
pub fn fmt_money(d: Decimal) -> String {
    let r = round_cents(d);
    format!("{r:.2}")
}

/// Formats a percentage without trailing zeros (`"2.5"`, `"25"`, `"76.67"`).
pub fn fmt_pct(d: Decimal) -> String {
    d.normalize().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        parse_decimal(s).unwrap()
    }

    #[test]
    fn rounding_is_half_away_from_zero_to_the_cent() {
        assert_eq!(round_cents(d("0.005")), d("0.01"));
        assert_eq!(round_cents(d("0.0049")), d("0.00"));
        assert_eq!(round_cents(d("-0.005")), d("-0.01"));
        assert_eq!(fmt_money(d("1000")), "1000.00");
    }

    #[test]
    fn pct_of_is_exact() {
        assert_eq!(pct_of(d("40000"), d("2.5")), d("1000"));
        assert_eq!(pct_of(d("0.1"), d("10")), d("0.01"));
    }

    #[test]
    fn parse_refuses_ambiguous_numbers() {
        assert!(parse_decimal("1,000").is_err());
        assert!(parse_decimal("1e3").is_err());
        assert!(parse_decimal("$5").is_err());
        assert!(parse_decimal("").is_err());
        assert!(parse_decimal(".").is_err());
        assert_eq!(d("+2.50"), d("2.5"));
        assert_eq!(fmt_pct(d("25.000")), "25");
    }
}
