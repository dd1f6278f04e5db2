//! Distributions of uncertain parameters.
//!
//! | dist | parameters | draw |
//! |---|---|---|
//! | `uniform` | `low < high` | low + (high − low) U |
//! | `normal` | `mean`, `sd > 0`, optional `low < high` | mean + sd Z, redrawn until inside [low, high] (truncation) |
//! | `triangular` | `low ≤ mode ≤ high`, `low < high` | inverse CDF |
//! | `beta` | `alpha > 0`, `beta > 0`, `low < high` (default 0, 1) | low + (high − low) G₁/(G₁ + G₂), Gᵢ Gamma |

use serde::Serialize;

use crate::random::Stream;

/// A distribution with checked parameters.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "dist", rename_all = "lowercase")]
pub enum Distribution {
    /// Uniform on [low, high].
    Uniform {
        /// Lower end.
        low: f64,
        /// Upper end.
        high: f64,
    },
    /// Normal, optionally truncated to [low, high].
    Normal {
        /// Mean.
        mean: f64,
        /// Standard deviation.
        sd: f64,
        /// Lower truncation point.
        low: Option<f64>,
        /// Upper truncation point.
        high: Option<f64>,
    },
    /// Triangular on [low, high] with peak at mode.
    Triangular {
        /// Lower end.
        low: f64,
        /// Peak.
        mode: f64,
        /// Upper end.
        high: f64,
    },
    /// Beta(alpha, beta) scaled to [low, high].
    Beta {
        /// First shape.
        alpha: f64,
        /// Second shape.
        beta: f64,
        /// Lower end.
        low: f64,
        /// Upper end.
        high: f64,
    },
}

/// Most tries of the truncated normal before giving up (a truncation
/// interval this improbable is a mistake in the sweep file).
const MAX_TRIES: usize = 1_000_000;

impl Distribution {
    /// The smallest value a draw can take.
    pub fn support_low(&self) -> f64 {
        match self {
            Distribution::Uniform { low, .. }
            | Distribution::Triangular { low, .. }
            | Distribution::Beta { low, .. } => *low,
            Distribution::Normal { low, .. } => low.unwrap_or(f64::NEG_INFINITY),
        }
    }

    /// The mean of the distribution (truncated normal: the untruncated mean).
    pub fn mean(&self) -> f64 {
        match *self {
            Distribution::Uniform { low, high } => 0.5 * (low + high),
            Distribution::Normal { mean, .. } => mean,
            Distribution::Triangular { low, mode, high } => (low + mode + high) / 3.0,
            Distribution::Beta {
                alpha,
                beta,
                low,
                high,
            } => low + (high - low) * alpha / (alpha + beta),
        }
    }

    /// One draw from `stream`; `None` if a truncated normal found no value
    /// inside its interval in [`MAX_TRIES`] tries.
    pub fn sample(&self, stream: &mut Stream) -> Option<f64> {
        Some(match *self {
            Distribution::Uniform { low, high } => low + (high - low) * stream.uniform(),
            Distribution::Normal {
                mean,
                sd,
                low,
                high,
            } => {
                let lo = low.unwrap_or(f64::NEG_INFINITY);
                let hi = high.unwrap_or(f64::INFINITY);
                let mut found = None;
                for _ in 0..MAX_TRIES {
                    let v = mean + sd * stream.normal();
                    if (lo..=hi).contains(&v) {
                        found = Some(v);
                        break;
                    }
                }
                found?
            }
            Distribution::Triangular { low, mode, high } => {
                let u = stream.uniform();
                let w = high - low;
                let f = (mode - low) / w;
                if u < f {
                    low + (u * w * (mode - low)).sqrt()
                } else {
                    high - ((1.0 - u) * w * (high - mode)).sqrt()
                }
            }
            Distribution::Beta {
                alpha,
                beta,
                low,
                high,
            } => {
                let g1 = stream.gamma(alpha);
                let g2 = stream.gamma(beta);
                low + (high - low) * g1 / (g1 + g2)
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn moments(d: &Distribution, n: u32) -> (f64, f64, f64, f64) {
        let v: Vec<f64> = (0..n)
            .map(|k| d.sample(&mut Stream::new(99, "p", k)).unwrap())
            .collect();
        let m = v.iter().sum::<f64>() / f64::from(n);
        let var = v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / f64::from(n);
        let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        (m, var, lo, hi)
    }

    /// Sample mean and variance against the textbook formulas, within
    /// about five standard errors for 40,000 draws.
    #[test]
    fn sample_moments_match_the_formulas() {
        let n = 40_000;
        let cases = [
            (
                Distribution::Uniform {
                    low: 0.5,
                    high: 1.5,
                },
                1.0 / 12.0,
            ),
            (
                Distribution::Normal {
                    mean: 2.0,
                    sd: 0.3,
                    low: None,
                    high: None,
                },
                0.09,
            ),
            (
                Distribution::Triangular {
                    low: 0.0,
                    mode: 0.2,
                    high: 1.0,
                },
                (0.04 + 1.0 - 0.2) / 18.0,
            ),
            (
                Distribution::Beta {
                    alpha: 2.0,
                    beta: 5.0,
                    low: 0.0,
                    high: 1.0,
                },
                10.0 / (49.0 * 8.0),
            ),
            (
                Distribution::Beta {
                    alpha: 0.5,
                    beta: 0.5,
                    low: 10.0,
                    high: 12.0,
                },
                4.0 * 0.25 / 2.0,
            ),
        ];
        for (d, var) in cases {
            let (m, v, lo, hi) = moments(&d, n);
            let se = (var / f64::from(n)).sqrt();
            assert!((m - d.mean()).abs() < 5.0 * se, "{d:?}: mean {m}");
            assert!((v - var).abs() < 0.05 * var, "{d:?}: var {v} vs {var}");
            assert!(lo >= d.support_low(), "{d:?}: {lo}");
            if let Distribution::Uniform { high, .. } | Distribution::Beta { high, .. } = d {
                assert!(hi <= high);
            }
        }
    }

    #[test]
    fn truncated_normal_stays_inside() {
        let d = Distribution::Normal {
            mean: 0.1,
            sd: 1.0,
            low: Some(0.0),
            high: Some(0.5),
        };
        let (_, _, lo, hi) = moments(&d, 2_000);
        assert!(lo >= 0.0 && hi <= 0.5);
        let impossible = Distribution::Normal {
            mean: 0.0,
            sd: 1e-3,
            low: Some(100.0),
            high: Some(101.0),
        };
        assert_eq!(impossible.sample(&mut Stream::new(1, "p", 0)), None);
    }
}
