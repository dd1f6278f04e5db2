//! USMCA claim shares of the shipped trade: the shares as recorded and
//! the corrected ones the wedges use by default.
//!
//! Why a correction: the part of a line's value entered under USMCA is
//! read from the special program indicators S/S+ of the USITC DataWeb. In
//! the months **2025-03 … 2025-06** many USMCA-qualifying entries of
//! Canadian and Mexican goods were recorded under the chapter 99
//! provisions of the IEEPA exemption rather than under S/S+; after a
//! reporting change in July 2025 they were recorded under S/S+. The
//! recorded share of all imports jumps from 57% (Canada) and 48% (Mexico)
//! in June 2025 to 86–87% in July, while Census rate-provision data show
//! 84–92% of imports entering duty free in April–June (RBC: 89%, 91%, 92%
//! of Canada's). Taken as recorded, the spring months charge the IEEPA
//! duties on goods that paid nothing (the largest line, Mexican computers
//! 8471.50.01.50, USD 6–7 billion a month recorded with no claim, paid no
//! duty).
//!
//! The method (on by default; `--raw-claims` turns it off):
//!
//! ```text
//! s*(ℓ, o, m) = max( s(ℓ, o, m), s̄(ℓ, o) )        for m in 2025-03 … 2025-06
//! s̄(ℓ, o)    = Σ_{m' ∈ 2025-07…2025-09} U(ℓ, o, m') / Σ_{m'} V(ℓ, o, m')
//! ```
//!
//! a line's qualifying share in a month of the recording gap is at least
//! its share in the three months just after the change (value-weighted,
//! so a line's lumpy month does not dominate). Why a floor and not a
//! replacement: a line that claimed more in the spring than later keeps
//! its own claim. Why these months: July–September are the first months
//! recorded under the new practice; the Budget Lab at Yale's tracker uses
//! the second half of 2025 as its baseline for the same reason
//! (tariff-rate-tracker, `docs/analysis/usmca_share_method_comparison.md`,
//! 2026-03-29: the raw monthly shares jump 35.6 points from June to July;
//! the H2 average is "the post-tariff steady state"). Lines with no trade
//! in the reference months keep their recorded share and are counted.
//! January and February 2025 are not corrected: no IEEPA provision for
//! Canada or Mexico existed then, so the recorded shares are real (when
//! the most-favoured-nation rate is free, there was nothing to claim).
//!
//! A second correction concerns goods that are not entered on entry
//! summaries with a program indicator at all: natural gas by pipeline
//! (2711.21) and electrical energy (2716) are entered on consolidated
//! monthly entries, which CBP limits to non-dutiable goods (CSMS
//! #64859298, "Pipeline Monthly Entry Process Is Limited to Nondutiable
//! Merchandise"): their recorded USMCA share is 0 in every month while
//! Census collects nothing on them. Both are wholly obtained in Canada or
//! Mexico and so originating (USMCA Art. 4.3); from 2025-03 they are
//! treated as USMCA-qualifying, and said so.

use std::collections::HashMap;

use autopact_law::money::round_cents;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::types::{TradeLine, Weights};

/// First month of the recording gap.
pub const GAP_FIRST: &str = "2025-03";
/// Last month of the recording gap.
pub const GAP_LAST: &str = "2025-06";
/// The months whose shares are the floor.
pub const REFERENCE_MONTHS: [&str; 3] = ["2025-07", "2025-08", "2025-09"];
/// First month the energy lines are treated as qualifying (the IEEPA
/// duties on Canada and Mexico start on 2025-03-04).
pub const ENERGY_FROM: &str = "2025-03";

/// Lines entered on monthly entries without a program indicator, with
/// what they are.
pub const NOT_ON_ENTRY_SUMMARIES: &[(&str, &str)] = &[
    ("271121", "natural gas by pipeline"),
    ("271600", "electrical energy"),
];

/// Why a line's qualifying value differs from the recorded one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClaimWhy {
    /// Raised to its share in the reference months (recording gap).
    RecordingGap,
    /// Entered without a program indicator; treated as qualifying.
    NotOnEntrySummary,
}

impl ClaimWhy {
    /// The flag a line row carries.
    pub fn flag(self) -> &'static str {
        match self {
            ClaimWhy::RecordingGap => "claim-corrected",
            ClaimWhy::NotOnEntrySummary => "claim-assumed",
        }
    }
}

/// A line whose qualifying value was changed, with the recorded value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ClaimAdjustment {
    /// The USMCA value as recorded, USD.
    pub recorded: Decimal,
    /// Why it was changed.
    pub why: ClaimWhy,
}

/// Each line × origin's value-weighted USMCA share over the reference
/// months.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ClaimReference {
    shares: HashMap<(String, String), Decimal>,
    /// The months it was built from.
    pub months: Vec<String>,
}

impl ClaimReference {
    /// Builds the floors from the reference months' weights.
    pub fn from_months(months: &[&Weights]) -> Self {
        let mut sums: HashMap<(String, String), (Decimal, Decimal)> = HashMap::new();
        for w in months {
            for l in w.lines.iter().filter(|l| !l.proxy) {
                let e = sums.entry((l.hts10.clone(), l.origin.clone())).or_default();
                e.0 += l.usmca_value;
                e.1 += l.value;
            }
        }
        ClaimReference {
            shares: sums
                .into_iter()
                .filter(|(_, (_, v))| *v > Decimal::ZERO)
                .map(|(k, (u, v))| (k, (u / v).round_dp(10)))
                .collect(),
            months: months.iter().filter_map(|w| w.period.clone()).collect(),
        }
    }

    /// The floor of a line × origin, if it traded in the reference months.
    pub fn share(&self, hts10: &str, origin: &str) -> Option<Decimal> {
        self.shares
            .get(&(hts10.to_string(), origin.to_string()))
            .copied()
    }
}

/// What a correction did to a month's lines.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ClaimReport {
    /// The month.
    pub period: String,
    /// Lines raised to their reference share, and the value they add to
    /// the qualifying value (USD).
    pub raised_lines: usize,
    /// USD moved from not qualifying to qualifying by the floor.
    pub raised_value: Decimal,
    /// Lines of the gap months with no trade in the reference months
    /// (kept as recorded), and their value.
    pub unreferenced_lines: usize,
    /// Their value, USD.
    pub unreferenced_value: Decimal,
    /// Energy lines treated as qualifying, and the value moved.
    pub energy_lines: usize,
    /// USD moved by the energy assumption.
    pub energy_value: Decimal,
    /// Value of the Canadian and Mexican lines of the month, USD.
    pub total_value: Decimal,
    /// Qualifying value as recorded, USD.
    pub recorded_usmca: Decimal,
    /// Qualifying value after the correction, USD.
    pub corrected_usmca: Decimal,
}

impl ClaimReport {
    /// True when the correction changed nothing.
    pub fn is_empty(&self) -> bool {
        self.raised_lines == 0 && self.energy_lines == 0
    }

    /// The correction as sentences, for results.
    pub fn describe(&self) -> Vec<String> {
        let mut v = Vec::new();
        let share = |u: Decimal| {
            if self.total_value.is_zero() {
                "0".to_string()
            } else {
                format!(
                    "{}%",
                    (u / self.total_value * Decimal::ONE_HUNDRED).round_dp(1)
                )
            }
        };
        if self.raised_lines > 0 || self.unreferenced_lines > 0 {
            v.push(format!(
                "USMCA claims of {} corrected for the 2025-03…2025-06 recording gap: {} lines raised to their {}–{} share (USD {} moved to qualifying); {} lines (USD {}) had no trade in those months and keep their recorded share; qualifying share of the month {} recorded → {} used",
                self.period,
                self.raised_lines,
                REFERENCE_MONTHS[0],
                REFERENCE_MONTHS[2],
                self.raised_value.round_dp(0),
                self.unreferenced_lines,
                self.unreferenced_value.round_dp(0),
                share(self.recorded_usmca),
                share(self.corrected_usmca),
            ));
        }
        if self.energy_lines > 0 {
            v.push(format!(
                "natural gas by pipeline (2711.21) and electricity (2716) of {}: entered on monthly entries without a program indicator (CBP CSMS #64859298), treated as USMCA-qualifying (wholly obtained): {} lines, USD {}",
                self.period,
                self.energy_lines,
                self.energy_value.round_dp(0)
            ));
        }
        v
    }
}

fn in_gap(period: &str) -> bool {
    (GAP_FIRST..=GAP_LAST).contains(&period)
}

fn not_on_entry_summaries(hts10: &str) -> bool {
    NOT_ON_ENTRY_SUMMARIES
        .iter()
        .any(|(p, _)| hts10.starts_with(p))
}

/// Whether the reference months are needed for `period`.
pub fn needs_reference(period: &str) -> bool {
    in_gap(period)
}

/// Corrects the USMCA values of a shipped month's Canadian and Mexican
/// lines in place (proxy lines and other origins are left alone); each
/// changed line keeps its recorded value in [`TradeLine::claim`].
pub fn correct_claims(
    period: &str,
    lines: &mut [TradeLine],
    reference: Option<&ClaimReference>,
) -> ClaimReport {
    let mut r = ClaimReport {
        period: period.to_string(),
        ..ClaimReport::default()
    };
    let gap = in_gap(period);
    let energy = period >= ENERGY_FROM;
    for l in lines
        .iter_mut()
        .filter(|l| !l.proxy && matches!(l.origin.as_str(), "CA" | "MX"))
    {
        r.total_value += l.value;
        r.recorded_usmca += l.usmca_value;
        let recorded = l.usmca_value;
        if energy && not_on_entry_summaries(&l.hts10) && l.usmca_value < l.value {
            r.energy_lines += 1;
            r.energy_value += l.value - l.usmca_value;
            l.usmca_value = l.value;
            l.claim = Some(ClaimAdjustment {
                recorded,
                why: ClaimWhy::NotOnEntrySummary,
            });
        } else if gap {
            match reference.and_then(|x| x.share(&l.hts10, &l.origin)) {
                Some(s) => {
                    let floor = round_cents(l.value * s).min(l.value);
                    if floor > l.usmca_value {
                        r.raised_lines += 1;
                        r.raised_value += floor - l.usmca_value;
                        l.usmca_value = floor;
                        l.claim = Some(ClaimAdjustment {
                            recorded,
                            why: ClaimWhy::RecordingGap,
                        });
                    }
                }
                None => {
                    r.unreferenced_lines += 1;
                    r.unreferenced_value += l.value;
                }
            }
        }
        r.corrected_usmca += l.usmca_value;
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn line(hts: &str, o: &str, v: &str, u: &str) -> TradeLine {
        TradeLine {
            hts10: hts.into(),
            origin: o.into(),
            value: d(v),
            usmca_value: d(u),
            proxy: false,
            region: None,
            claim: None,
        }
    }

    fn weights(period: &str, lines: Vec<TradeLine>) -> Weights {
        Weights {
            label: period.into(),
            period: Some(period.into()),
            lines,
        }
    }

    fn reference() -> ClaimReference {
        let jul = weights(
            "2025-07",
            vec![
                line("8471500150", "MX", "600", "540"),
                line("8703230140", "CA", "100", "100"),
            ],
        );
        let aug = weights(
            "2025-08",
            vec![
                line("8471500150", "MX", "400", "360"),
                line("8703230140", "CA", "100", "80"),
            ],
        );
        ClaimReference::from_months(&[&jul, &aug])
    }

    #[test]
    fn the_floor_is_the_value_weighted_share_of_the_reference_months() {
        let r = reference();
        // (540 + 360) / (600 + 400) = 0.9; (100 + 80) / 200 = 0.9.
        assert_eq!(r.share("8471500150", "MX"), Some(d("0.9")));
        assert_eq!(r.share("8703230140", "CA"), Some(d("0.9")));
        assert_eq!(r.share("8703230140", "MX"), None);
        assert_eq!(r.months, vec!["2025-07", "2025-08"]);
    }

    #[test]
    fn gap_months_are_raised_to_the_floor_never_lowered() {
        let r = reference();
        let mut lines = vec![
            // Recorded 0 (the computers of 2025-05): raised to 90%.
            line("8471500150", "MX", "7000000000", "0"),
            // Recorded above the floor: kept.
            line("8703230140", "CA", "100", "95"),
            // No reference trade: kept and counted.
            line("0101210010", "CA", "50", "0"),
            // A proxy line is never touched.
            TradeLine {
                proxy: true,
                ..line("8471500150", "MX", "10", "0")
            },
        ];
        let rep = correct_claims("2025-05", &mut lines, Some(&r));
        assert_eq!(lines[0].usmca_value, d("6300000000"));
        assert_eq!(
            lines[0].claim,
            Some(ClaimAdjustment {
                recorded: Decimal::ZERO,
                why: ClaimWhy::RecordingGap
            })
        );
        assert_eq!(lines[1].usmca_value, d("95"));
        assert_eq!(lines[1].claim, None);
        assert_eq!(lines[2].usmca_value, Decimal::ZERO);
        assert_eq!(lines[3].usmca_value, Decimal::ZERO);
        assert_eq!(rep.raised_lines, 1);
        assert_eq!(rep.raised_value, d("6300000000"));
        assert_eq!(rep.unreferenced_lines, 1);
        assert_eq!(rep.unreferenced_value, d("50"));
        assert_eq!(rep.total_value, d("7000000150"));
        assert_eq!(rep.recorded_usmca, d("95"));
        assert_eq!(rep.corrected_usmca, d("6300000095"));
        let text = rep.describe().join(" ");
        assert!(text.contains("1 lines raised"), "{text}");
    }

    #[test]
    fn months_outside_the_gap_keep_their_recorded_claims() {
        let r = reference();
        for period in ["2025-01", "2025-02", "2025-07", "2026-01"] {
            let mut lines = vec![line("8471500150", "MX", "100", "0")];
            let rep = correct_claims(period, &mut lines, Some(&r));
            assert_eq!(lines[0].usmca_value, Decimal::ZERO, "{period}");
            assert!(rep.is_empty(), "{period}");
        }
    }

    #[test]
    fn pipeline_gas_and_electricity_are_qualifying_from_march_2025() {
        let mut lines = vec![
            line("2711210000", "CA", "300", "0"),
            line("2716000000", "CA", "90", "0"),
            line("2709001000", "CA", "500", "0"),
        ];
        let rep = correct_claims("2025-10", &mut lines, None);
        assert_eq!(lines[0].usmca_value, d("300"));
        assert_eq!(lines[1].usmca_value, d("90"));
        assert_eq!(lines[2].usmca_value, Decimal::ZERO);
        assert_eq!(rep.energy_lines, 2);
        assert_eq!(rep.energy_value, d("390"));
        assert_eq!(lines[0].claim.unwrap().why, ClaimWhy::NotOnEntrySummary);
        // Before the IEEPA duties, nothing to correct.
        let mut jan = vec![line("2711210000", "CA", "300", "0")];
        assert!(correct_claims("2025-02", &mut jan, None).is_empty());
        assert_eq!(jan[0].usmca_value, Decimal::ZERO);
    }
}
