//! Tariff wedges from the law as tables: per line, per table sector, per
//! measure, and the monthly series, each with the derivation (law date,
//! weights, concordance, assumptions, flags) in its metadata.

use autopact_api_types::request::WedgesBy;
use autopact_core::{Column, Table, Value};
use autopact_law::Decimal;
use autopact_link::{Derived, SeriesRow};
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
    let warnings = describe(&mut t, d);
    (t, warnings)
}

/// The monthly series as a table (`last`: the last month's derivation,
/// for the metadata); and the warnings.
pub fn series(
    m: &Mrio,
    rows: Vec<SeriesRow>,
    last: Option<&Derived>,
    trade_source: &str,
) -> (Table, Vec<String>) {
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
        ],
    );
    for r in rows {
        t.push(vec![
            r.period.into(),
            r.date.to_string().into(),
            r.exporter.into(),
            r.sector.into(),
            money(r.value),
            money(r.duty),
            money(r.rate),
        ]);
    }
    table_meta(&mut t, m);
    let mut warnings = Vec::new();
    if let Some(d) = last {
        warnings = describe(&mut t, d);
    }
    t.meta("law_date", "each month's trade under the law in force on the 15th of that month: the middle day is closest to the month's average entry when a measure starts or ends inside the month; sector 'all' includes unmapped lines");
    t.meta(
        "weights",
        format!("each month's own imports: {trade_source}"),
    );
    (t, warnings)
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
    }
}
