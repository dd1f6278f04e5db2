//! The model's monthly effective rates held against the duties Census
//! shows were collected ("calculated duty" ÷ imports for consumption), and
//! the gap between them taken apart by cause.
//!
//! Why: the wedges are the law applied to real trade; the collected rate
//! is what importers paid. A user who puts one next to the other must
//! find either agreement or the reason for the difference, named and
//! sized. The causes the data let us separate are those the model can be
//! run without:
//!
//! ```text
//! rate(recorded claims, 15th)                       the model before the claim corrections
//!   − claims_pp      recording gap of 2025-03…06 (claims filed under chapter 99 provisions)
//!   − energy_pp      pipeline gas and electricity, entered without a program indicator
//! = rate(corrected claims, 15th)                    the model (`wedges --series`)
//!   + timing_pp      the law day-weighted over the month instead of its 15th
//! = rate(corrected claims, day-weighted)
//!   − lag_pp         duties owed but known not to have been collected yet
//!                    ([`COLLECTION_LAGS`]: the non-US content of USMCA
//!                    vehicles before CBP said how to enter it)
//!   − collected rate
//! = residual_pp      not explained by the above
//! ```
//!
//! Every term is a difference of duty ÷ the model's imports (percentage
//! points), so the ladder adds up exactly. The residual is then set
//! against what the model charges by measure group (column 1, IEEPA,
//! §232 vehicles and parts, §232 metals, the rest): the model's duty in a
//! group is where an unexplained residual can lie (e.g. §232 metals
//! collected well below the statutory rate, the Budget Lab at Yale finds
//! 16–36% on 50%), never a measured split of the collected duty, which
//! Census does not publish by measure.
//!
//! The model's imports and Census's differ a little (the shipped data are
//! imports for consumption from the USITC DataWeb; a user's Census
//! download may be another vintage): both are shown, and rates are each
//! over its own imports.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::compute::ratio;
use crate::types::Wedges;

/// One month × exporter of collected duties: a user's Census download
/// (imports and calculated duty in USD), or a published rate (a bank's or
/// agency's note quoting Census, with its source).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Collected {
    /// `YYYY-MM`.
    pub period: String,
    /// Exporting table region (`CAN`).
    pub exporter: String,
    /// Collected rate, percent (calculated duty ÷ imports for consumption).
    pub rate_pct: Decimal,
    /// Imports for consumption, USD, where known.
    pub imports: Option<Decimal>,
    /// Calculated duty, USD, where known.
    pub duty: Option<Decimal>,
    /// Where a published rate comes from (`None`: the user's data).
    pub source: Option<String>,
}

impl Collected {
    /// From a Census download's amounts (imports > 0).
    pub fn from_amounts(period: String, exporter: String, imports: Decimal, duty: Decimal) -> Self {
        Collected {
            period,
            exporter,
            rate_pct: (duty / imports * Decimal::ONE_HUNDRED).round_dp(4),
            imports: Some(imports),
            duty: Some(duty),
            source: None,
        }
    }
}

/// A duty the law owed that was known not to be collected at entry over a
/// stretch of time, with the evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CollectionLag {
    /// Measure id.
    pub measure: &'static str,
    /// First and last month (`YYYY-MM`) it was not collected.
    pub months: (&'static str, &'static str),
    /// The exporters (table regions) the evidence is about.
    pub exporters: &'static [&'static str],
    /// Why, with the source.
    pub why: &'static str,
}

/// The known collection lags. Why not in the law: the duty was owed (and
/// the model of the law charges it); the administration that lets an
/// importer report it came later, so Census's calculated duty shows none.
pub const COLLECTION_LAGS: &[CollectionLag] = &[
    CollectionLag {
        measure: "us.232.autos.vehicles.usmca-non-us",
        months: ("2025-04", "2025-06"),
        // Mexico's collected rate rises by less than the model's vehicle
        // duty from June to July 2025 (4.0% → 4.7%): no evidence that its
        // vehicles went unreported, so the lag is Canada's only.
        exporters: &["CAN"],
        why: "the §232 duty on the non-US content of USMCA passenger vehicles and light trucks (9903.94.03) had no entry procedure until CBP's CSMS #65649652 of 2025-07-16 (two lines, 9903.94.03 and .02, after Commerce approves the US content); until then such vehicles were largely reported as non-dutiable (Anderson Economic Group from Census data, 2025-09: 'Up until June 2025, duties on Canadian vehicles remained low'; in July 2025 Census calculated USD 311 million on Canadian and 802 million on Mexican vehicles)",
    },
    CollectionLag {
        measure: "us.232.mhdv.usmca-non-us",
        months: ("2025-11", "2026-02"),
        exporters: &["CAN", "MEX"],
        why: "the §232 duty on the non-US content of USMCA medium and heavy-duty vehicles (9903.74.03) was 'on hold pending further CBP guidance' at its start (CBP cargo systems message of 2025-10-29, International Trade Today 2025-10-30); Commerce took US-content submissions only from 2026-02-02 (FR Doc 2026-02049)",
    },
];

/// The lag covers `period` and `exporter`.
fn lagged(lag: &CollectionLag, period: &str, exporter: &str) -> bool {
    (lag.months.0..=lag.months.1).contains(&period) && lag.exporters.contains(&exporter)
}

/// The measure groups the model's duty is reported in.
pub const GROUPS: [(&str, &str); 5] = [
    ("column1", "column 1 (MFN) and USMCA preference"),
    ("ieepa", "IEEPA (Canada, Mexico, reciprocal)"),
    (
        "s232_vehicles",
        "§232 vehicles and parts (autos, MHDV, country deals)",
    ),
    ("s232_metals", "§232 steel, aluminum and copper"),
    (
        "other",
        "every other measure (§232 wood, §122, §301, §338, …)",
    ),
];

/// The group of a measure id.
pub fn group_of(measure: &str) -> &'static str {
    let starts = |p: &[&str]| p.iter().any(|x| measure.starts_with(x));
    if starts(&[
        "us.column1",
        "user.column1",
        "us.usmca.preference",
        "us.schedule",
    ]) {
        "column1"
    } else if starts(&["us.ieepa."]) {
        "ieepa"
    } else if starts(&[
        "us.232.autos",
        "us.232.parts",
        "us.232.mhdv",
        "us.deal.",
        "us.offset",
    ]) {
        "s232_vehicles"
    } else if starts(&[
        "us.232.steel",
        "us.232.aluminum",
        "us.232.copper",
        "us.232.metals",
    ]) {
        "s232_metals"
    } else {
        "other"
    }
}

/// What the model says about one month and exporter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct MonthModel {
    /// `YYYY-MM`.
    pub period: String,
    /// Exporting region.
    pub exporter: String,
    /// Imports in the model's weights, USD.
    pub value: Decimal,
    /// Duty with the corrected claims on the month's 15th, USD.
    pub duty: Decimal,
    /// Duty with the claims as recorded, USD.
    pub duty_recorded_claims: Decimal,
    /// Of the difference, the part on lines not on entry summaries
    /// (pipeline gas, electricity), USD.
    pub energy_claims: Decimal,
    /// Duty with the law day-weighted over the month, USD (`None`: not
    /// computed).
    pub duty_day_weighted: Option<Decimal>,
    /// Duty by measure group (corrected claims, 15th), USD.
    pub by_group: BTreeMap<String, Decimal>,
    /// Duty by measure (corrected claims, 15th), USD.
    pub by_measure: BTreeMap<String, Decimal>,
}

impl MonthModel {
    /// The model's duty that [`COLLECTION_LAGS`] say was not collected in
    /// this month, USD.
    pub fn lagged_duty(&self) -> Decimal {
        COLLECTION_LAGS
            .iter()
            .filter(|l| lagged(l, &self.period, &self.exporter))
            .filter_map(|l| self.by_measure.get(l.measure))
            .sum()
    }
}

/// One exporter's duty in a month's wedges.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExporterDuty {
    /// Value of its lines, USD.
    pub value: Decimal,
    /// Their duty, USD.
    pub duty: Decimal,
    /// The duty on the lines the caller selected, USD.
    pub selected: Decimal,
    /// Duty by measure group, USD.
    pub by_group: BTreeMap<String, Decimal>,
    /// Duty by measure, USD.
    pub by_measure: BTreeMap<String, Decimal>,
}

/// Duty of one exporter's lines: in total, on the lines `on` selects, by
/// measure group and by measure.
pub fn exporter_duty(w: &Wedges, exporter: &str, on: impl Fn(&str) -> bool) -> ExporterDuty {
    let mut out = ExporterDuty {
        by_group: GROUPS
            .iter()
            .map(|(g, _)| (g.to_string(), Decimal::ZERO))
            .collect(),
        ..ExporterDuty::default()
    };
    for l in w.lines.iter().filter(|l| l.exporter == exporter) {
        out.value += l.value;
        out.duty += l.duty;
        if on(&l.hts10) {
            out.selected += l.duty;
        }
        for (id, amount) in &l.by_measure {
            *out.by_group.entry(group_of(id).to_string()).or_default() += *amount;
            *out.by_measure.entry(id.clone()).or_default() += *amount;
        }
    }
    out
}

/// One row of the reconciliation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReconRow {
    /// `YYYY-MM`.
    pub period: String,
    /// Exporting region.
    pub exporter: String,
    /// Imports in the model, USD.
    pub model_imports: Decimal,
    /// Imports in the collected data, USD (`None`: a published rate).
    pub collected_imports: Option<Decimal>,
    /// The model's rate before the claim corrections, percent.
    pub model_recorded_claims_pct: Decimal,
    /// Removed by the recording-gap correction, points.
    pub claims_pp: Decimal,
    /// Removed by the energy-entries correction, points.
    pub energy_pp: Decimal,
    /// The model's rate (corrected claims, law of the 15th), percent.
    pub model_pct: Decimal,
    /// Day-weighted law minus the 15th's, points (`None`: not computed).
    pub timing_pp: Option<Decimal>,
    /// Owed but known not to be collected yet ([`COLLECTION_LAGS`]), points.
    pub lag_pp: Decimal,
    /// Collected rate, percent (`None`: no collected data for the month).
    pub collected_pct: Option<Decimal>,
    /// model_pct + timing_pp − lag_pp − collected_pct: the gap left
    /// unexplained, points (`None` without collected data).
    pub residual_pp: Option<Decimal>,
    /// The model's rate by measure group, percent (groups of [`GROUPS`]).
    pub by_group_pct: BTreeMap<String, Decimal>,
}

fn pct(duty: Decimal, value: Decimal) -> Decimal {
    (ratio(duty, value) * Decimal::ONE_HUNDRED).round_dp(4)
}

/// The reconciliation rows: one per month and exporter of the model, in
/// its order, with the collected side where the collected data have the
/// month (else empty, never 0). Returns the rows and the collected rows
/// with no model month (named in the result).
pub fn reconcile(models: &[MonthModel], collected: &[Collected]) -> (Vec<ReconRow>, Vec<String>) {
    let mut rows = Vec::new();
    for m in models {
        let c = collected
            .iter()
            .find(|c| c.period == m.period && c.exporter == m.exporter);
        let model_pct = pct(m.duty, m.value);
        let recorded = pct(m.duty_recorded_claims, m.value);
        let energy_pp = pct(m.energy_claims, m.value);
        let claims_pp = pct(m.duty_recorded_claims - m.duty - m.energy_claims, m.value);
        let timing_pp = m.duty_day_weighted.map(|d| pct(d, m.value) - model_pct);
        let lag_pp = pct(m.lagged_duty(), m.value);
        let collected_pct = c.map(|c| c.rate_pct);
        rows.push(ReconRow {
            period: m.period.clone(),
            exporter: m.exporter.clone(),
            model_imports: m.value,
            collected_imports: c.and_then(|c| c.imports),
            model_recorded_claims_pct: recorded,
            claims_pp,
            energy_pp,
            model_pct,
            timing_pp,
            lag_pp,
            collected_pct,
            residual_pp: collected_pct
                .map(|c| model_pct + timing_pp.unwrap_or_default() - lag_pp - c),
            by_group_pct: m
                .by_group
                .iter()
                .map(|(g, d)| (g.clone(), pct(*d, m.value)))
                .collect(),
        });
    }
    let unmatched = collected
        .iter()
        .filter(|c| {
            !models
                .iter()
                .any(|m| m.period == c.period && m.exporter == c.exporter)
        })
        .map(|c| format!("{} {}", c.period, c.exporter))
        .collect();
    (rows, unmatched)
}

/// The import-weighted mean rates of the rows with collected data (model,
/// model day-weighted and net of the collection lags, collected), percent:
/// Σ duty ÷ Σ imports, each over its own imports (a published rate
/// without imports is weighted by the model's imports of its month).
pub fn weighted_means(rows: &[&ReconRow]) -> (Decimal, Decimal, Decimal) {
    let mut mv = Decimal::ZERO;
    let mut md = Decimal::ZERO;
    let mut tw = Decimal::ZERO;
    let mut cv = Decimal::ZERO;
    let mut cd = Decimal::ZERO;
    for r in rows {
        let Some(collected_pct) = r.collected_pct else {
            continue;
        };
        mv += r.model_imports;
        md += r.model_pct * r.model_imports;
        tw += (r.model_pct + r.timing_pp.unwrap_or_default() - r.lag_pp) * r.model_imports;
        let w = r.collected_imports.unwrap_or(r.model_imports);
        cv += w;
        cd += collected_pct * w;
    }
    let q = |a: Decimal, b: Decimal| {
        if b.is_zero() {
            Decimal::ZERO
        } else {
            (a / b).round_dp(4)
        }
    };
    (q(md, mv), q(tw, mv), q(cd, cv))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn model(period: &str, exporter: &str) -> MonthModel {
        MonthModel {
            period: period.into(),
            exporter: exporter.into(),
            value: d("1000"),
            duty: d("40"),
            duty_recorded_claims: d("100"),
            energy_claims: d("10"),
            duty_day_weighted: Some(d("38")),
            by_group: [("ieepa".to_string(), d("30")), ("column1".into(), d("10"))]
                .into_iter()
                .collect(),
            by_measure: BTreeMap::new(),
        }
    }

    #[test]
    fn the_ladder_adds_up_to_the_collected_rate() {
        let c = Collected::from_amounts("2025-05".into(), "CAN".into(), d("2000"), d("50"));
        let (rows, unmatched) = reconcile(&[model("2025-05", "CAN")], &[c]);
        assert!(unmatched.is_empty());
        let r = &rows[0];
        assert_eq!(r.model_recorded_claims_pct, d("10"));
        assert_eq!(r.energy_pp, d("1"));
        assert_eq!(r.claims_pp, d("5"));
        assert_eq!(r.model_pct, d("4"));
        assert_eq!(r.timing_pp, Some(d("-0.2")));
        assert_eq!(r.collected_pct, Some(d("2.5")));
        assert_eq!(r.residual_pp, Some(d("1.3")));
        // recorded − claims − energy + timing − residual = collected.
        assert_eq!(
            Some(
                r.model_recorded_claims_pct - r.claims_pp - r.energy_pp + r.timing_pp.unwrap()
                    - r.residual_pp.unwrap()
            ),
            r.collected_pct
        );
        assert_eq!(r.by_group_pct["ieepa"], d("3"));
    }

    #[test]
    fn lagged_duty_counts_only_in_its_months() {
        let mut m = model("2025-05", "CAN");
        m.by_measure = [
            ("us.232.autos.vehicles.usmca-non-us".to_string(), d("7")),
            ("us.ieepa.mx.general".to_string(), d("20")),
        ]
        .into_iter()
        .collect();
        assert_eq!(m.lagged_duty(), d("7"));
        let c = Collected::from_amounts("2025-05".into(), "CAN".into(), d("1000"), d("25"));
        let (rows, _) = reconcile(&[m.clone()], &[c]);
        assert_eq!(rows[0].lag_pp, d("0.7"));
        // 4 − 0.2 − 0.7 − 2.5.
        assert_eq!(rows[0].residual_pp, Some(d("0.6")));
        m.period = "2025-07".into();
        assert_eq!(m.lagged_duty(), Decimal::ZERO);
        // The vehicle lag is Canada's only.
        m.period = "2025-05".into();
        m.exporter = "MEX".into();
        assert_eq!(m.lagged_duty(), Decimal::ZERO);
        m.period = "2025-12".into();
        m.by_measure
            .insert("us.232.mhdv.usmca-non-us".into(), d("3"));
        assert_eq!(m.lagged_duty(), d("3"));
    }

    #[test]
    fn collected_rows_without_a_model_month_are_named() {
        let c = |p: &str| Collected::from_amounts(p.into(), "MEX".into(), d("1"), d("0"));
        let (rows, unmatched) =
            reconcile(&[model("2025-05", "MEX")], &[c("2025-05"), c("2027-01")]);
        assert_eq!(rows.len(), 1);
        assert_eq!(unmatched, vec!["2027-01 MEX".to_string()]);
    }

    #[test]
    fn measures_fall_into_their_groups() {
        assert_eq!(group_of("us.column1.schedule"), "column1");
        assert_eq!(group_of("us.ieepa.ca.general35"), "ieepa");
        assert_eq!(
            group_of("us.232.autos.vehicles.usmca-non-us"),
            "s232_vehicles"
        );
        assert_eq!(group_of("us.deal.jp.parts"), "s232_vehicles");
        assert_eq!(group_of("us.232.mhdv.parts"), "s232_vehicles");
        assert_eq!(group_of("us.232.aluminum.articles.50"), "s232_metals");
        assert_eq!(group_of("us.232.copper"), "s232_metals");
        assert_eq!(group_of("us.232.wood.lumber"), "other");
        assert_eq!(group_of("us.122.surcharge"), "other");
    }

    #[test]
    fn weighted_means_are_over_each_sides_own_imports() {
        let c = |p: &str, imports: &str, duty: &str| {
            Collected::from_amounts(p.into(), "CAN".into(), d(imports), d(duty))
        };
        let (rows, _) = reconcile(
            &[model("2025-05", "CAN"), model("2025-06", "CAN")],
            &[c("2025-05", "1000", "10"), c("2025-06", "3000", "90")],
        );
        let refs: Vec<&ReconRow> = rows.iter().collect();
        let (m, t, col) = weighted_means(&refs);
        assert_eq!(m, d("4"));
        assert_eq!(t, d("3.8"));
        // (10 + 90) / 4000.
        assert_eq!(col, d("2.5"));
        // A published rate (no imports) is weighted by the model's imports.
        let published = Collected {
            rate_pct: d("2"),
            imports: None,
            duty: None,
            source: Some("a bank note".into()),
            ..c("2025-05", "1", "0")
        };
        let (rows, _) = reconcile(&[model("2025-05", "CAN")], &[published]);
        assert_eq!(rows[0].collected_imports, None);
        assert_eq!(weighted_means(&[&rows[0]]).2, d("2"));
    }
}
