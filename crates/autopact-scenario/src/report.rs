//! Scenario results as tidy tables, and the comparison of two runs.
//!
//! Every table carries the same metadata block: tool version, scenario
//! name and hash, table name and hash, law as-of date and the assumptions
//! (pass-through, elasticity, basket), so a number copied out of it can be
//! traced back and rerun. Nothing time-dependent is written: a rerun is
//! byte-identical.

use autopact_core::{Column, Table, Value};
use autopact_mrio::{Mrio, by_region};

use crate::run::ScenarioRun;

/// Version of autopact that produced a result.
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

fn meta(table: &mut Table, run: &ScenarioRun, mrio: &Mrio) {
    let r = &run.resolved;
    table.meta("tool", format!("autopact {TOOL_VERSION}"));
    table.meta("scenario", &r.name);
    table.meta("scenario_sha256", &r.scenario_sha256);
    table.meta("table", &r.table_name);
    table.meta("table_sha256", &r.table_sha256);
    let p = mrio.provenance();
    if !p.unit.is_empty() {
        table.meta("unit", &p.unit);
    }
    if !p.price_basis.is_empty() {
        table.meta("price_basis", &p.price_basis);
    }
    table.meta("law_as_of", r.law_as_of.as_deref().unwrap_or("not stated"));
    table.meta(
        "model",
        "Leontief price model, fixed technical coefficients, full pass-through, base prices 1",
    );
    table.meta("elasticity_of_final_demand", format!("{}", r.elasticity));
    if !r.sector_elasticity.is_empty() {
        let s: Vec<String> = r
            .sector_elasticity
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        table.meta("sector_elasticity", s.join(" "));
    }
    table.meta("consumer_basket", &r.basket);
    let c = &run.prices.certificate;
    table.meta("solution", c.summary());
}

/// Effects by region: consumer prices, tariff revenue, output, value added,
/// jobs.
pub fn regions_table(run: &ScenarioRun, mrio: &Mrio) -> Table {
    let unit = unit_of(mrio);
    let jobs_unit = run.jobs.as_ref().map(|j| j.unit.clone());
    let mut cols = vec![
        Column::new("region"),
        Column::with_unit("consumer_price_change", "share"),
        Column::with_unit("tariff_revenue_intermediate", &unit),
        Column::with_unit("tariff_revenue_final", &unit),
        Column::with_unit("output_change", &unit),
        Column::with_unit("value_added_change", &unit),
    ];
    if let Some(u) = &jobs_unit {
        cols.push(Column::with_unit("jobs_exposed", u));
        cols.push(Column::with_unit("jobs_change", u));
    }
    let mut t = Table::new("scenario-regions", cols);
    let out = by_region(mrio, &run.quantity.delta_output);
    let va = by_region(mrio, &run.value_added_change);
    let jobs = run
        .jobs
        .as_ref()
        .map(|j| (by_region(mrio, &j.exposed), by_region(mrio, &j.change)));
    for (r, name) in mrio.regions().iter().enumerate() {
        let mut row: Vec<Value> = vec![
            name.clone().into(),
            run.prices.consumer_price_change[r].into(),
            run.prices.revenue_intermediate[r].into(),
            run.prices.revenue_final[r].into(),
            out[r].into(),
            va[r].into(),
        ];
        if let Some((exp, chg)) = &jobs {
            row.push(exp[r].into());
            row.push(chg[r].into());
        }
        t.push(row);
    }
    meta(&mut t, run, mrio);
    t
}

/// Effects by region-sector: price change split into direct, supply-chain
/// and cascade parts; output and jobs changes.
pub fn sectors_table(run: &ScenarioRun, mrio: &Mrio) -> Table {
    let unit = unit_of(mrio);
    let mut cols = vec![
        Column::new("region"),
        Column::new("sector"),
        Column::with_unit("price_change", "per unit of base price"),
        Column::with_unit("direct", "per unit of base price"),
        Column::with_unit("first_round", "per unit of base price"),
        Column::with_unit("cascade", "per unit of base price"),
        Column::with_unit("output_change", &unit),
    ];
    if let Some(j) = &run.jobs {
        cols.push(Column::with_unit("jobs_change", &j.unit));
    }
    let mut t = Table::new("scenario-sectors", cols);
    let p = &run.prices;
    for i in 0..mrio.n() {
        let mut row: Vec<Value> = vec![
            mrio.regions()[mrio.region_of(i)].clone().into(),
            mrio.sectors()[mrio.sector_of(i)].clone().into(),
            p.price_change[i].into(),
            p.direct[i].into(),
            p.first_round[i].into(),
            p.cascade[i].into(),
            run.quantity.delta_output[i].into(),
        ];
        if let Some(j) = &run.jobs {
            row.push(j.change[i].into());
        }
        t.push(row);
    }
    meta(&mut t, run, mrio);
    t
}

/// The headline: consumer prices and jobs by region, and the cost increase
/// per USD of output of the focus sectors with its cascade share.
pub fn summary_table(run: &ScenarioRun, mrio: &Mrio) -> Table {
    let mut t = Table::new(
        "scenario-summary",
        vec![
            Column::new("indicator"),
            Column::new("region"),
            Column::new("sector"),
            Column::new("value"),
            Column::new("unit"),
        ],
    );
    let p = &run.prices;
    for (r, name) in mrio.regions().iter().enumerate() {
        t.push(vec![
            "consumer_price_change".into(),
            name.clone().into(),
            "".into(),
            p.consumer_price_change[r].into(),
            "share".into(),
        ]);
    }
    let label_index = |l: &str| (0..mrio.n()).find(|&i| mrio.label(i) == l);
    for f in &run.resolved.focus {
        let Some(i) = label_index(f) else { continue };
        let region = &mrio.regions()[mrio.region_of(i)];
        let sector = &mrio.sectors()[mrio.sector_of(i)];
        let rows: [(&str, f64, &str); 3] = [
            (
                "cost_increase_per_usd_of_output",
                p.price_change[i],
                "USD per USD",
            ),
            ("of_which_direct_tariff_cost", p.direct[i], "USD per USD"),
            (
                "cascade_share",
                if p.price_change[i] > 0.0 {
                    p.cascade[i] / p.price_change[i]
                } else {
                    0.0
                },
                "share",
            ),
        ];
        for (name, v, u) in rows {
            t.push(vec![
                name.into(),
                region.clone().into(),
                sector.clone().into(),
                v.into(),
                u.into(),
            ]);
        }
        if let Some(j) = &run.jobs {
            t.push(vec![
                "jobs_change".into(),
                region.clone().into(),
                sector.clone().into(),
                j.change[i].into(),
                j.unit.clone().into(),
            ]);
        }
    }
    let revenue: f64 = p.revenue_intermediate.iter().chain(&p.revenue_final).sum();
    t.push(vec![
        "tariff_revenue_total".into(),
        "all".into(),
        "".into(),
        revenue.into(),
        unit_of(mrio).into(),
    ]);
    if let Some(j) = &run.jobs {
        for (r, name) in mrio.regions().iter().enumerate() {
            let chg: f64 = mrio.region_range(r).map(|i| j.change[i]).sum();
            t.push(vec![
                "jobs_change".into(),
                name.clone().into(),
                "".into(),
                chg.into(),
                j.unit.clone().into(),
            ]);
        }
    }
    meta(&mut t, run, mrio);
    t
}

/// Differences between two runs on the same table: assumptions side by
/// side (only those that differ) and region results A, B and B − A.
pub fn diff_tables(a: &ScenarioRun, b: &ScenarioRun, mrio: &Mrio) -> (Table, Table) {
    let mut assumptions = Table::new(
        "scenario-diff-assumptions",
        vec![Column::new("field"), Column::new("a"), Column::new("b")],
    );
    let ja = serde_json::to_value(&a.resolved).expect("serializable");
    let jb = serde_json::to_value(&b.resolved).expect("serializable");
    let mut keys: Vec<&String> = ja.as_object().expect("object").keys().collect();
    keys.sort();
    for k in keys {
        let va = &ja[k];
        let vb = &jb[k];
        if va != vb {
            assumptions.push(vec![
                k.clone().into(),
                compact(va).into(),
                compact(vb).into(),
            ]);
        }
    }
    let mut results = Table::new(
        "scenario-diff-regions",
        vec![
            Column::new("region"),
            Column::new("indicator"),
            Column::new("a"),
            Column::new("b"),
            Column::new("b_minus_a"),
        ],
    );
    let jobs = |r: &ScenarioRun| r.jobs.as_ref().map(|j| by_region(mrio, &j.change));
    let (ja_, jb_) = (jobs(a), jobs(b));
    for (r, name) in mrio.regions().iter().enumerate() {
        let mut rows = vec![
            (
                "consumer_price_change",
                a.prices.consumer_price_change[r],
                b.prices.consumer_price_change[r],
            ),
            (
                "tariff_revenue",
                a.prices.revenue_intermediate[r] + a.prices.revenue_final[r],
                b.prices.revenue_intermediate[r] + b.prices.revenue_final[r],
            ),
            (
                "output_change",
                by_region(mrio, &a.quantity.delta_output)[r],
                by_region(mrio, &b.quantity.delta_output)[r],
            ),
        ];
        if let (Some(x), Some(y)) = (&ja_, &jb_) {
            rows.push(("jobs_change", x[r], y[r]));
        }
        for (ind, va, vb) in rows {
            results.push(vec![
                name.clone().into(),
                ind.into(),
                va.into(),
                vb.into(),
                (vb - va).into(),
            ]);
        }
    }
    for t in [&mut assumptions, &mut results] {
        t.meta("tool", format!("autopact {TOOL_VERSION}"));
        t.meta(
            "a",
            format!("{} ({})", a.resolved.name, a.resolved.scenario_sha256),
        );
        t.meta(
            "b",
            format!("{} ({})", b.resolved.name, b.resolved.scenario_sha256),
        );
        t.meta("table_sha256", &a.resolved.table_sha256);
    }
    (assumptions, results)
}

fn compact(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn unit_of(mrio: &Mrio) -> String {
    let u = &mrio.provenance().unit;
    if u.is_empty() {
        "table currency unit".into()
    } else {
        u.clone()
    }
}
