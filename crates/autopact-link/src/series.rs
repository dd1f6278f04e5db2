//! The monthly series: each month's trade under the law in force in that
//! month.
//!
//! The entry date of month m is its **15th day**. Why: a month's imports
//! enter on every day of the month and the data do not say which; the
//! middle day is the date whose law is closest to the month's average when
//! a measure starts or ends inside the month (e.g. the IEEPA tariffs of
//! 2025-03-04 and the USMCA exemption of 2025-03-07 are in force on
//! 2025-03-15 for most of March's entries). Measures that change inside a
//! month are therefore counted for the whole month or not at all.

use autopact_law::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::compute::ratio;
use crate::types::Wedges;

/// The entry date used for a month `YYYY-MM`: its 15th day.
pub fn series_date(period: &str) -> Option<NaiveDate> {
    let (y, m) = period.split_once('-')?;
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, 15)
}

/// One month's wedges.
#[derive(Debug, Clone)]
pub struct SeriesMonth {
    /// `YYYY-MM`.
    pub period: String,
    /// The wedges of that month's trade on its entry date.
    pub wedges: Wedges,
}

/// One row of the series.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SeriesRow {
    /// `YYYY-MM`.
    pub period: String,
    /// Entry date used.
    pub date: NaiveDate,
    /// Exporting region.
    pub exporter: String,
    /// Table sector, or `all` for every line (mapped or not).
    pub sector: String,
    /// Customs value, USD.
    pub value: Decimal,
    /// Duty, USD.
    pub duty: Decimal,
    /// duty ÷ value.
    pub rate: Decimal,
}

/// Rows for the given exporters: all goods first, then each sector.
pub fn series_rows(months: &[SeriesMonth], exporters: &[String]) -> Vec<SeriesRow> {
    let mut out = Vec::new();
    for m in months {
        for x in exporters {
            let (value, duty) = m
                .wedges
                .lines
                .iter()
                .filter(|l| &l.exporter == x)
                .fold((Decimal::ZERO, Decimal::ZERO), |(v, d), l| {
                    (v + l.value, d + l.duty)
                });
            out.push(SeriesRow {
                period: m.period.clone(),
                date: m.wedges.date,
                exporter: x.clone(),
                sector: "all".into(),
                value,
                duty,
                rate: ratio(duty, value),
            });
            for s in m.wedges.sectors.iter().filter(|s| &s.exporter == x) {
                out.push(SeriesRow {
                    period: m.period.clone(),
                    date: m.wedges.date,
                    exporter: x.clone(),
                    sector: s.sector.clone(),
                    value: s.value,
                    duty: s.duty,
                    rate: s.rate,
                });
            }
        }
    }
    out
}
