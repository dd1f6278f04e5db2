//! The monthly series: each month's trade under the law in force in that
//! month.
//!
//! The entry date of month m is its **15th day**. Why: a month's imports
//! enter on every day of the month and the data do not say which; the
//! middle day is the date whose law is closest to the month's average when
//! a measure starts or ends inside the month (e.g. the IEEPA tariffs of
//! 2025-03-04 and the USMCA exemption of 2025-03-07 are in force on
//! 2025-03-15 for most of March's entries). Measures that change inside a
//! month are therefore counted for the whole month or not at all; the
//! reconciliation with collected duties ([`crate::reconcile`]) measures
//! what that costs against the day-weighted law.
//!
//! Each month is computed with the corrected USMCA claims
//! ([`crate::claims`]); where the correction changed the month, it is also
//! computed with the claims as recorded, and both rates are in the row.

use autopact_law::NaiveDate;
use chrono::Datelike;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::claims::ClaimReport;
use crate::compute::ratio;
use crate::types::{LineRow, Wedges};

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
    /// The same with the USMCA claims as recorded, where the correction
    /// changed the month.
    pub recorded: Option<Wedges>,
    /// What the claim correction did (`None`: claims as recorded).
    pub claims: Option<ClaimReport>,
}

/// The whole series: its rows, the last month's derivation (for the
/// metadata), the claim notes of every month, and each month's model per
/// exporter (for the reconciliation with collected duties).
#[derive(Debug, Clone)]
pub struct Series {
    /// Rows, month by month.
    pub rows: Vec<SeriesRow>,
    /// The last month's derivation.
    pub last: Option<crate::derive::Derived>,
    /// What the claim correction did, month by month (sentences).
    pub claim_notes: Vec<String>,
    /// Each month × exporter's model.
    pub models: Vec<crate::reconcile::MonthModel>,
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
    /// Share of the value treated as USMCA-qualifying.
    pub usmca_share: Decimal,
    /// Share of the value entered under USMCA as recorded.
    pub usmca_share_recorded: Decimal,
    /// Duty with the claims as recorded, USD (= `duty` where the month
    /// was not corrected).
    pub duty_recorded_claims: Decimal,
    /// duty_recorded_claims ÷ value.
    pub rate_recorded_claims: Decimal,
}

#[derive(Default, Clone, Copy)]
struct Sums {
    value: Decimal,
    duty: Decimal,
    usmca: Decimal,
    recorded: Decimal,
}

fn sums<'a>(lines: impl Iterator<Item = &'a LineRow>) -> Sums {
    lines.fold(Sums::default(), |s, l| Sums {
        value: s.value + l.value,
        duty: s.duty + l.duty,
        usmca: s.usmca + l.usmca_value,
        recorded: s.recorded + l.usmca_value_recorded,
    })
}

fn row(
    period: &str,
    date: NaiveDate,
    exporter: &str,
    sector: &str,
    s: Sums,
    recorded_duty: Decimal,
) -> SeriesRow {
    SeriesRow {
        period: period.to_string(),
        date,
        exporter: exporter.to_string(),
        sector: sector.to_string(),
        value: s.value,
        duty: s.duty,
        rate: ratio(s.duty, s.value),
        usmca_share: ratio(s.usmca, s.value),
        usmca_share_recorded: ratio(s.recorded, s.value),
        duty_recorded_claims: recorded_duty,
        rate_recorded_claims: ratio(recorded_duty, s.value),
    }
}

/// Rows for the given exporters: all goods first, then each sector.
pub fn series_rows(months: &[SeriesMonth], exporters: &[String]) -> Vec<SeriesRow> {
    months
        .iter()
        .flat_map(|m| month_rows(&m.period, &m.wedges, m.recorded.as_ref(), exporters))
        .collect()
}

/// The stretches of a month `YYYY-MM` over which the law of `importer`
/// (ISO2) for goods of `origins` (ISO2) does not change, as (first day,
/// number of days): a measure that can apply to one of the origins, or a
/// stacking rule, that starts or ends inside the month cuts it (a measure
/// naming only other origins cannot change their rates). The day-weighted
/// law of the month is Σ days × law(first day) ÷ days of the month.
pub fn law_segments(
    db: &autopact_law::LawDb,
    importer: &str,
    origins: &[&str],
    period: &str,
) -> Option<Vec<(NaiveDate, u32)>> {
    let first = series_date(period)?.with_day(1)?;
    let next = first.checked_add_months(chrono::Months::new(1))?;
    let mut cuts: Vec<NaiveDate> = vec![first, next];
    let mut cut = |d: NaiveDate| {
        if d > first && d < next {
            cuts.push(d);
        }
    };
    let may_apply = |m: &autopact_law::measure::Measure| {
        let named = m.origin.is_empty()
            || m.origin
                .iter()
                .any(|o| o.starts_with('@') || origins.contains(&o.as_str()));
        let all_excluded =
            !origins.is_empty() && origins.iter().all(|o| m.origin_not.iter().any(|x| x == o));
        named && !all_excluded
    };
    for m in db
        .measures
        .iter()
        .filter(|m| m.importer == importer && may_apply(m))
    {
        cut(m.from);
        if let Some(to) = m.to.and_then(|t| t.succ_opt()) {
            cut(to);
        }
    }
    // Rules carry no importer; a cut too many only splits a stretch.
    for r in &db.rules {
        cut(r.from);
        if let Some(to) = r.to.and_then(|t| t.succ_opt()) {
            cut(to);
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    Some(
        cuts.windows(2)
            .map(|w| (w[0], (w[1] - w[0]).num_days() as u32))
            .collect(),
    )
}

/// One month's series rows for `exporters`, all goods first, then each
/// sector, from its wedges (and the wedges with the claims as recorded,
/// where they differ).
pub fn month_rows(
    period: &str,
    wedges: &Wedges,
    recorded: Option<&Wedges>,
    exporters: &[String],
) -> Vec<SeriesRow> {
    let recorded = recorded.unwrap_or(wedges);
    let mut out = Vec::new();
    for x in exporters {
        let all = sums(wedges.lines.iter().filter(|l| &l.exporter == x));
        let all_rec = sums(recorded.lines.iter().filter(|l| &l.exporter == x));
        out.push(row(period, wedges.date, x, "all", all, all_rec.duty));
        for s in wedges.sectors.iter().filter(|s| &s.exporter == x) {
            let in_sector = |l: &&LineRow| &l.exporter == x && l.sector.as_ref() == Some(&s.sector);
            let cur = sums(wedges.lines.iter().filter(in_sector));
            let rec = sums(recorded.lines.iter().filter(in_sector));
            out.push(row(period, wedges.date, x, &s.sector, cur, rec.duty));
        }
    }
    out
}
