//! Tariff rates as people write them: `25%`, or the fraction `0.25`.
//!
//! Why one function for every front end: a rate is typed on the command
//! line (`--tariff USA:CAN:c15:25%`), sent in the API's JSON, typed in the
//! dashboard, written in scenario files and read from tariff files. A bare
//! `25` read as a fraction is a 2,500% tariff; the price model solves it
//! without complaint and shows a large, plausible-looking number. So the
//! rule is the same everywhere, and it lives here, below every crate that
//! reads a rate:
//!
//! * `N%` is a percentage: any finite `N ≥ 0` (rates above 100% are real,
//!   e.g. `145%`);
//! * a bare number is a fraction of the customs value and must lie in
//!   0–1; a bare number above 1 is refused with "did you mean N%?".

use std::fmt;

/// Why a rate was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateError(String);

impl fmt::Display for RateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RateError {}

/// Parses a rate written `25%` or `0.25` into a fraction (0.25).
pub fn parse_rate(s: &str) -> Result<f64, RateError> {
    let t = s.trim();
    if let Some(p) = t.strip_suffix('%') {
        let v: f64 = p.trim().parse().map_err(|_| {
            RateError(format!(
                "rate {t:?} is not a number (write 25% or the fraction 0.25)"
            ))
        })?;
        if !v.is_finite() || v < 0.0 {
            return Err(RateError(format!(
                "rate {t:?} must be a finite percentage ≥ 0 (e.g. 25%)"
            )));
        }
        return Ok(v / 100.0);
    }
    let v: f64 = t.parse().map_err(|_| {
        RateError(format!(
            "rate {t:?} is not a number (write 25% or the fraction 0.25)"
        ))
    })?;
    check_fraction(v, t)
}

/// Checks a rate given as a number (a scenario file's `rate = 0.25`, a
/// JSON number): a fraction in 0–1. `written` is how the user wrote it,
/// repeated in the error.
pub fn check_fraction(v: f64, written: &str) -> Result<f64, RateError> {
    if !v.is_finite() || v < 0.0 {
        return Err(RateError(format!(
            "rate {written} must be a finite number ≥ 0 (write 25% or the fraction 0.25)"
        )));
    }
    if v > 1.0 {
        return Err(RateError(format!(
            "rate {written} is more than 1, and a bare number is a fraction of the value \
             ({written} would be {}%): did you mean {written}%? Write 25% or 0.25 for a 25% tariff; \
             a rate above 100% needs the % sign (e.g. 150%)",
            trim_float(v * 100.0)
        )));
    }
    Ok(v)
}

fn trim_float(v: f64) -> String {
    let s = format!("{v:.4}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_and_fractions() {
        assert_eq!(parse_rate("25%").unwrap(), 0.25);
        assert_eq!(parse_rate(" 25 % ").unwrap(), 0.25);
        assert_eq!(parse_rate("145%").unwrap(), 1.45);
        assert_eq!(parse_rate("0.25").unwrap(), 0.25);
        assert_eq!(parse_rate("1").unwrap(), 1.0);
        assert_eq!(parse_rate("0").unwrap(), 0.0);
    }

    #[test]
    fn a_bare_number_above_one_asks_whether_a_percentage_was_meant() {
        let e = parse_rate("25").unwrap_err().to_string();
        assert!(e.contains("did you mean 25%?"), "{e}");
        assert!(e.contains("2500%"), "{e}");
        let e = parse_rate("1.5").unwrap_err().to_string();
        assert!(e.contains("did you mean 1.5%?"), "{e}");
        let e = check_fraction(25.0, "25").unwrap_err().to_string();
        assert!(e.contains("did you mean 25%?"), "{e}");
    }

    #[test]
    fn nonsense_is_refused() {
        for s in ["x", "-0.1", "-5%", "NaN", "inf", "inf%", "%", ""] {
            assert!(parse_rate(s).is_err(), "{s}");
        }
        assert!(check_fraction(f64::INFINITY, "inf").is_err());
        assert!(check_fraction(f64::NAN, "nan").is_err());
    }
}
