//! Tariff wedges from the law as tables: per line, per table sector, per
//! measure, and the monthly series, each with the derivation (law date,
//! weights, concordance, assumptions, flags) in its metadata.

use autopact_api_types::request::WedgesBy;
use autopact_brief::{Line, LineChart};
use autopact_core::{Column, Table, Value};
use autopact_law::Decimal;
use autopact_link::reconcile::{self, Collected};
use autopact_link::{Derived, Series};
use autopact_mrio::Mrio;

use crate::table_meta;

fn money(d: Decimal) -> Value {
    Value::Decimal(d.normalize().to_string())
}

/// Adds the derivation to a result's metadata; returns the warnings a
/// user should see (unmapped value, lines without a column-1 rate).
pub fn describe(t: &mut Table, d: &Derived) -> Vec<String> {
    for (k, v) in autopact_link::derivation_meta(d) {
        t.meta(k, v);
    }
    autopact_link::derivation_warnings(d)
}

/// The wedges of `d` at level `by`, with the table's and the derivation's
/// metadata; and the warnings.
pub fn table(m: &Mrio, d: &Derived, by: WedgesBy) -> (Table, Vec<String>) {
    let mut t = match by {
        WedgesBy::Line => {
            let mut t = Table::new(
                "wedges-line",
                vec![
                    Column::new("hts10"),
                    Column::new("origin"),
                    Column::new("exporter"),
                    Column::new("sector"),
                    Column::with_unit("value", "USD"),
                    Column::with_unit("usmca_value", "USD"),
                    Column::with_unit("usmca_value_recorded", "USD"),
                    Column::with_unit("duty", "USD"),
                    Column::with_unit("effective_rate", "share"),
                    Column::new("measures"),
                    Column::new("flags"),
                ],
            );
            for l in &d.wedges.lines {
                t.push(vec![
                    l.hts10.clone().into(),
                    l.origin.clone().into(),
                    l.exporter.clone().into(),
                    l.sector.clone().map(Value::Text).unwrap_or(Value::Null),
                    money(l.value),
                    money(l.usmca_value),
                    money(l.usmca_value_recorded),
                    money(l.duty),
                    money(l.effective_rate),
                    l.measures.join(";").into(),
                    l.flags.join(";").into(),
                ]);
            }
            t
        }
        WedgesBy::Sector => {
            let mut t = Table::new(
                "wedges-sector",
                vec![
                    Column::new("importer"),
                    Column::new("exporter"),
                    Column::new("sector"),
                    Column::with_unit("value", "USD"),
                    Column::with_unit("duty", "USD"),
                    Column::with_unit("rate", "share"),
                    Column::new("lines"),
                    Column::new("proxy"),
                    Column::with_unit("proxy_share", "share"),
                ],
            );
            for s in &d.wedges.sectors {
                t.push(vec![
                    s.importer.clone().into(),
                    s.exporter.clone().into(),
                    s.sector.clone().into(),
                    money(s.value),
                    money(s.duty),
                    money(s.rate),
                    s.lines.into(),
                    s.proxy.into(),
                    money(autopact_link::share_of(s.proxy_value, s.value)),
                ]);
            }
            t
        }
        WedgesBy::Measure => {
            let mut t = Table::new(
                "wedges-measure",
                vec![
                    Column::new("exporter"),
                    Column::new("sector"),
                    Column::new("measure"),
                    Column::with_unit("value", "USD"),
                    Column::with_unit("duty", "USD"),
                    Column::new("lines"),
                ],
            );
            for r in &d.wedges.measures {
                t.push(vec![
                    r.exporter.clone().into(),
                    r.sector.clone().map(Value::Text).unwrap_or(Value::Null),
                    r.measure_id.clone().into(),
                    money(r.value),
                    money(r.duty),
                    r.lines.into(),
                ]);
            }
            t
        }
    };
    table_meta(&mut t, m);
    money_in_usd(&mut t);
    let warnings = describe(&mut t, d);
    (t, warnings)
}

/// The monthly series as a table, with its derivation in the metadata
/// (the last month's, and every month's claim notes); and the warnings.
pub fn series(m: &Mrio, series: &Series, trade_source: &str) -> (Table, Vec<String>) {
    let mut t = Table::new(
        "wedges-series",
        vec![
            Column::new("month"),
            Column::new("law_date"),
            Column::new("exporter"),
            Column::new("sector"),
            Column::with_unit("value", "USD"),
            Column::with_unit("duty", "USD"),
            Column::with_unit("rate", "share"),
            Column::with_unit("usmca_share", "share"),
            Column::with_unit("usmca_share_recorded", "share"),
            Column::with_unit("duty_recorded_claims", "USD"),
            Column::with_unit("rate_recorded_claims", "share"),
        ],
    );
    for r in &series.rows {
        t.push(vec![
            r.period.clone().into(),
            r.date.to_string().into(),
            r.exporter.clone().into(),
            r.sector.clone().into(),
            money(r.value),
            money(r.duty),
            money(r.rate),
            money(r.usmca_share),
            money(r.usmca_share_recorded),
            money(r.duty_recorded_claims),
            money(r.rate_recorded_claims),
        ]);
    }
    table_meta(&mut t, m);
    money_in_usd(&mut t);
    let mut warnings = Vec::new();
    if let Some(d) = &series.last {
        warnings = describe(&mut t, d);
    }
    t.meta("law_date", "each month's trade under the law in force on the 15th of that month: the middle day is closest to the month's average entry when a measure starts or ends inside the month; sector 'all' includes unmapped lines");
    t.meta(
        "weights",
        format!("each month's own imports: {trade_source}"),
    );
    t.meta(
        "recorded_claims",
        "rate_recorded_claims: the same month with the USMCA claims as recorded in the data (equal to rate where the month needed no correction)",
    );
    for n in &series.claim_notes {
        t.meta("claims", n.clone());
    }
    (t, warnings)
}

fn pct(d: Decimal) -> Value {
    Value::Decimal(d.round_dp(4).normalize().to_string())
}

/// The reconciliation of the series with collected duties as a table
/// (one row per month and exporter), with the import-weighted means of
/// June 2025 – February 2026 (the window of the Budget Lab at Yale's
/// published comparison) and of every matched month in the metadata; and
/// the warnings (collected months without a model month).
pub fn reconciliation(
    m: &Mrio,
    series: &Series,
    collected: &[Collected],
    source: &str,
) -> (Table, Vec<String>) {
    let (rows, unmatched) = reconcile::reconcile(&series.models, collected);
    let mut cols = vec![
        Column::new("month"),
        Column::new("exporter"),
        Column::with_unit("model_imports", "USD"),
        Column::with_unit("collected_imports", "USD"),
        Column::with_unit("model_rate_recorded_claims", "percent"),
        Column::with_unit("claims_correction", "percentage points"),
        Column::with_unit("energy_entries", "percentage points"),
        Column::with_unit("model_rate", "percent"),
        Column::with_unit("timing", "percentage points"),
        Column::with_unit("collection_lag", "percentage points"),
        Column::with_unit("collected_rate", "percent"),
        Column::with_unit("gap", "percentage points"),
        Column::with_unit("residual", "percentage points"),
    ];
    for (g, _) in reconcile::GROUPS {
        cols.push(Column::with_unit(format!("model_{g}"), "percent"));
    }
    let mut t = Table::new("wedges-reconcile", cols);
    for r in &rows {
        let mut v = vec![
            r.period.clone().into(),
            r.exporter.clone().into(),
            money(r.model_imports),
            r.collected_imports.map(money).unwrap_or(Value::Null),
            pct(r.model_recorded_claims_pct),
            pct(-r.claims_pp),
            pct(-r.energy_pp),
            pct(r.model_pct),
            r.timing_pp.map(pct).unwrap_or(Value::Null),
            pct(-r.lag_pp),
            r.collected_pct.map(pct).unwrap_or(Value::Null),
            r.collected_pct
                .map(|c| pct(r.model_pct - c))
                .unwrap_or(Value::Null),
            r.residual_pp.map(pct).unwrap_or(Value::Null),
        ];
        for (g, _) in reconcile::GROUPS {
            v.push(pct(r.by_group_pct.get(g).copied().unwrap_or_default()));
        }
        t.push(v);
    }
    table_meta(&mut t, m);
    money_in_usd(&mut t);
    t.meta("collected", source.to_string());
    for c in collected {
        if let Some(src) = &c.source {
            t.meta(
                "collected_source",
                format!("{} {} {}%: {src}", c.period, c.exporter, c.rate_pct),
            );
        }
    }
    t.meta("method", "model_rate_recorded_claims + claims_correction + energy_entries = model_rate (the series); model_rate + timing = the law day-weighted over the month; collection_lag: duties the law owed that were known not to be collected yet (see lag_*); gap = model_rate − collected_rate; residual = model_rate + timing + collection_lag − collected_rate, the part no cause above explains; model_<group>: the model's duty by measure group (where a residual can lie, not a split of the collected duty); docs/methodology/wedges.md");
    for l in reconcile::COLLECTION_LAGS {
        t.meta(
            format!("lag_{}", l.measure),
            format!(
                "{} … {}, {}: {}",
                l.months.0,
                l.months.1,
                l.exporters.join(", "),
                l.why
            ),
        );
    }
    let mut exporters: Vec<&str> = rows.iter().map(|r| r.exporter.as_str()).collect();
    exporters.dedup();
    exporters.sort_unstable();
    exporters.dedup();
    for x in exporters {
        for (key, label, from, to) in [
            ("window", "2025-06…2026-02", "2025-06", "2026-02"),
            (
                "all",
                "all months with collected data",
                "0000-00",
                "9999-99",
            ),
        ] {
            let sel: Vec<&reconcile::ReconRow> = rows
                .iter()
                .filter(|r| {
                    r.exporter == x
                        && r.collected_pct.is_some()
                        && r.period.as_str() >= from
                        && r.period.as_str() <= to
                })
                .collect();
            if sel.is_empty() {
                continue;
            }
            let (model, day, coll) = reconcile::weighted_means(&sel);
            t.meta(
                format!("mean_{x}_{key}"),
                format!(
                    "{label} ({} months), import-weighted: model {}%, model day-weighted and net of the collection lags {}%, collected {}%, gap {} points",
                    sel.len(),
                    model.round_dp(2),
                    day.round_dp(2),
                    coll.round_dp(2),
                    (model - coll).round_dp(2)
                ),
            );
        }
    }
    let mut warnings = Vec::new();
    if let Some(d) = &series.last {
        warnings = describe(&mut t, d);
    }
    for n in &series.claim_notes {
        t.meta("claims", n.clone());
    }
    if !unmatched.is_empty() {
        warnings.push(format!(
            "collected rows with no month in the model's data (left out): {}",
            unmatched.join(", ")
        ));
    }
    (t, warnings)
}

/// The reconciliation as a line chart: the model's and the collected rate
/// of each exporter by month, percent.
pub fn reconciliation_chart(series: &Series, collected: &[Collected]) -> LineChart {
    let (rows, _) = reconcile::reconcile(&series.models, collected);
    let mut months: Vec<String> = series.models.iter().map(|m| m.period.clone()).collect();
    months.dedup();
    let mut exporters: Vec<String> = series.models.iter().map(|m| m.exporter.clone()).collect();
    exporters.sort();
    exporters.dedup();
    let mut lines = Vec::new();
    for x in &exporters {
        let model: Vec<Option<f64>> = months
            .iter()
            .map(|p| {
                series
                    .models
                    .iter()
                    .find(|m| &m.period == p && &m.exporter == x)
                    .and_then(|m| (reconcile_pct(m.duty, m.value)).to_string().parse().ok())
            })
            .collect();
        let coll: Vec<Option<f64>> = months
            .iter()
            .map(|p| {
                rows.iter()
                    .find(|r| &r.period == p && &r.exporter == x)
                    .and_then(|r| r.collected_pct)
                    .and_then(|c| c.to_string().parse().ok())
            })
            .collect();
        lines.push(Line {
            name: format!("{x} model"),
            values: model,
            dashed: false,
        });
        lines.push(Line {
            name: format!("{x} collected"),
            values: coll,
            dashed: true,
        });
    }
    LineChart {
        title: "Effective US tariff rate: the law on real trade vs duties collected".into(),
        unit: "percent of customs value".into(),
        categories: months,
        lines,
    }
}

/// The reconciliation as report blocks: what it is, the chart, the
/// table (the report's "rates against the duties collected" section).
pub fn reconciliation_blocks(
    m: &Mrio,
    series: &Series,
    collected: &[Collected],
    source: &str,
) -> Vec<autopact_brief::Block> {
    let (t, _) = reconciliation(m, series, collected, source);
    let chart = reconciliation_chart(series, collected);
    vec![
        autopact_brief::Block::Paragraph(format!(
            "The law's effective US tariff rate on all goods from Canada and from Mexico, month by month (each month's \
             own imports under the law in force on its 15th, with the USMCA claims corrected where the records miss them), \
             held against the rate of duty Census shows was collected: {source}. The table takes the gap apart: the \
             claim corrections, the timing of the law within the month, duties owed but known not to be collected yet \
             (the non-US content of USMCA vehicles before CBP's guidance of 16 July 2025), and what stays unexplained \
             (docs/methodology/wedges.md)."
        )),
        autopact_brief::Block::Figure {
            id: "chart-rates-vs-collected".into(),
            caption: "Effective US tariff rate on imports from Canada and Mexico: the law (solid) and the duties collected (dashed), percent".into(),
            svg: autopact_brief::line_chart_svg(&chart),
        },
        autopact_brief::Block::Table {
            id: "rates-vs-collected".into(),
            caption: "The law's rates against the duties collected, by month (autopact wedges --series --collected)".into(),
            table: t,
        },
    ]
}

fn reconcile_pct(duty: Decimal, value: Decimal) -> Decimal {
    if value.is_zero() {
        Decimal::ZERO
    } else {
        (duty / value * Decimal::ONE_HUNDRED).round_dp(4)
    }
}

/// The link's options from a request's law options.
pub fn link_options(o: &autopact_api_types::request::LawOptions) -> autopact_link::LawOptions {
    autopact_link::LawOptions {
        weights: o.weights.clone(),
        usmca_share: o.usmca_share,
        us_content: o.us_content,
        no_metal_content: o.no_metal_content,
        include_unconfirmed: o.include_unconfirmed,
        measures_off: o.measure_off.clone(),
        no_proxies: o.no_proxies,
        beyond_as_of: o.beyond_as_of,
        raw_claims: o.raw_claims,
    }
}

/// The wedges' values and duties are in USD (their columns say so), while
/// the economy table's unit is USD million: the metadata names the table's
/// unit as the table's, so that `unit` never contradicts the columns.
fn money_in_usd(t: &mut Table) {
    for (k, v) in &mut t.meta {
        if k == "unit" {
            *k = "table_unit".into();
            *v = format!(
                "{v} (the economy table's unit; the values and duties here are in USD, as their columns say)"
            );
        }
    }
}
