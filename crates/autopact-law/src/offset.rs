//! The U.S. import adjustment offset (Proclamation 10925): a credit for
//! producers of US-assembled automobiles, usable only against §232 *parts*
//! duties.
//!
//! `offset = aggregate MSRP × (§232 rate × deemed foreign-parts share)`:
//! 25% × 15% = 3.75% for vehicles assembled 2025-04-03 → 2026-04-30 and
//! 25% × 10% = 2.5% for 2026-05-01 → 2027-04-30 (fact sheet F12). The
//! reported extension at 3.75% through 2030 (Proclamation 10984) is
//! unconfirmed and used only on request.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::explain::Explanation;
use crate::measure::{Confidence, LawDataError, Status, toml_date};
use crate::money::{fmt_money, fmt_pct, pct_of, round_cents};

/// The embedded offset file.
pub const OFFSET_TOML: &str = include_str!("../law/us/offset.toml");

/// One accrual period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OffsetPeriod {
    /// Id.
    pub id: String,
    /// First assembly date.
    pub assembled_from: NaiveDate,
    /// Last assembly date.
    pub assembled_to: NaiveDate,
    /// §232 rate, percent.
    pub section232_pct: Decimal,
    /// Deemed foreign-parts share, percent.
    pub foreign_share_pct: Decimal,
    /// Citation.
    pub citation: String,
    /// Confidence.
    pub confidence: Confidence,
    /// Used by default or only on request.
    pub status: Status,
}

impl OffsetPeriod {
    /// Offset percent of MSRP = §232 rate × foreign share / 100.
    pub fn offset_pct(&self) -> Decimal {
        self.section232_pct * self.foreign_share_pct / Decimal::ONE_HUNDRED
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOffsets {
    period: Vec<RawPeriod>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPeriod {
    id: String,
    assembled_from: toml::value::Datetime,
    assembled_to: toml::value::Datetime,
    section232_pct: String,
    foreign_share_pct: String,
    citation: String,
    confidence: Confidence,
    status: Status,
}

/// Parses the offset periods.
pub fn periods() -> Result<Vec<OffsetPeriod>, LawDataError> {
    let err = |m: String| LawDataError {
        file: "us/offset.toml".into(),
        message: m,
    };
    let raw: RawOffsets = toml::from_str(OFFSET_TOML).map_err(|e| err(e.to_string()))?;
    raw.period
        .into_iter()
        .map(|p| {
            let dec = |s: &str| crate::money::parse_decimal(s).map_err(err);
            Ok(OffsetPeriod {
                assembled_from: toml_date(&p.assembled_from).map_err(err)?,
                assembled_to: toml_date(&p.assembled_to).map_err(err)?,
                section232_pct: dec(&p.section232_pct)?,
                foreign_share_pct: dec(&p.foreign_share_pct)?,
                id: p.id,
                citation: p.citation,
                confidence: p.confidence,
                status: p.status,
            })
        })
        .collect()
}

/// An offset computation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Offset {
    /// Period id used.
    pub period: String,
    /// Offset percent of MSRP.
    pub pct: Decimal,
    /// Aggregate MSRP.
    pub aggregate_msrp: Decimal,
    /// Offset amount (rounded to the cent).
    pub amount: Decimal,
    /// Whether an unconfirmed period was used.
    pub unconfirmed: bool,
    /// Explanation.
    pub explanation: Explanation,
}

/// Offset accrued on `aggregate_msrp` of vehicles assembled on `assembled`.
/// Returns `None` when no period covers the date.
pub fn offset(
    aggregate_msrp: Decimal,
    assembled: NaiveDate,
    include_unconfirmed: bool,
) -> Result<Option<Offset>, LawDataError> {
    let ps = periods()?;
    let p = ps.iter().find(|p| {
        p.status == Status::InForce && assembled >= p.assembled_from && assembled <= p.assembled_to
    });
    let p = match p {
        Some(p) => Some(p),
        None if include_unconfirmed => ps
            .iter()
            .find(|p| assembled >= p.assembled_from && assembled <= p.assembled_to),
        None => None,
    };
    Ok(p.map(|p| {
        let pct = p.offset_pct();
        let amount = round_cents(pct_of(aggregate_msrp, pct));
        Offset {
            period: p.id.clone(),
            pct,
            aggregate_msrp,
            amount,
            unconfirmed: p.status == Status::Unconfirmed,
            explanation: Explanation::new("import adjustment offset", fmt_money(amount))
                .rule(format!(
                    "offset % = §232 rate × deemed foreign-parts share = {}% × {}% = {}%",
                    fmt_pct(p.section232_pct),
                    fmt_pct(p.foreign_share_pct),
                    fmt_pct(pct)
                ))
                .citation(p.citation.clone())
                .base(format!("aggregate MSRP {}", fmt_money(aggregate_msrp)))
                .arithmetic(format!(
                    "{}% × {} = {}",
                    fmt_pct(pct),
                    fmt_money(aggregate_msrp),
                    fmt_money(amount)
                )),
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::parse_decimal as d;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// F12 (official derivation): 25% × 15% = 3.75%; 25% × 10% = 2.5%.
    #[test]
    fn f12_offset_percentages() {
        let ps = periods().unwrap();
        assert_eq!(ps[0].offset_pct(), d("3.75").unwrap());
        assert_eq!(ps[1].offset_pct(), d("2.5").unwrap());
    }

    /// F14 (derived): 100,000 vehicles × MSRP 45,000 assembled 2025-05 → 168,750,000.
    #[test]
    fn f14_derived_offset_accrual() {
        let msrp = d("45000").unwrap() * Decimal::from(100_000);
        let o = offset(msrp, day("2025-05-15"), false).unwrap().unwrap();
        assert_eq!(o.amount, d("168750000").unwrap());
    }

    #[test]
    fn offset_period_edges() {
        let m = d("1000").unwrap();
        assert!(offset(m, day("2025-04-02"), false).unwrap().is_none());
        assert_eq!(
            offset(m, day("2025-04-03"), false).unwrap().unwrap().amount,
            d("37.5").unwrap()
        );
        assert_eq!(
            offset(m, day("2026-04-30"), false).unwrap().unwrap().pct,
            d("3.75").unwrap()
        );
        assert_eq!(
            offset(m, day("2026-05-01"), false).unwrap().unwrap().pct,
            d("2.5").unwrap()
        );
        assert_eq!(
            offset(m, day("2027-04-30"), false).unwrap().unwrap().pct,
            d("2.5").unwrap()
        );
        assert!(offset(m, day("2027-05-01"), false).unwrap().is_none());
        // Reported extension: only on request, and flagged.
        let o = offset(m, day("2028-01-01"), true).unwrap().unwrap();
        assert!(o.unconfirmed);
        assert_eq!(o.pct, d("3.75").unwrap());
    }
}
