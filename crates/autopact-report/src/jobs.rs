//! Jobs embodied in trade and final demand, and jobs at stake in a tariff.

use anyhow::{Context as _, Result, bail};
use autopact_api_types::request::{JobsBy, JobsRequest};
use autopact_core::table::format_quantity;
use autopact_core::{Column, Table, Value};
use autopact_mrio::{
    BilateralExports, Leontief, Mrio, PriceOptions, StressorCoefficients, TariffSchedule, embodied,
    tariff_response,
};

use crate::labels::{applies_to, parse_tariffs, region, sectors};
use crate::{Field, LawTariffs, solver_meta, table_meta};

/// Employment coefficients e = E / x from satellite `extension`, row
/// `stressor` (its first row when `None`), or an error that lists what the
/// table has.
pub fn employment(
    m: &Mrio,
    extension: &str,
    stressor: Option<&str>,
) -> Result<StressorCoefficients> {
    let Some(ext) = m.extension(extension) else {
        let known: Vec<&str> = m.extensions().iter().map(|e| e.name.as_str()).collect();
        bail!(
            "the table has no satellite account {:?} (it has: {}); jobs need employment by region-sector",
            extension,
            if known.is_empty() {
                "none".to_string()
            } else {
                known.join(", ")
            }
        );
    };
    let k = match stressor {
        Some(s) => ext
            .stressor_index(s)
            .ok_or_else(|| anyhow::anyhow!("account {:?} has no row {s:?}", ext.name))
            .context(Field::new("stressor"))?,
        None => 0,
    };
    Ok(StressorCoefficients::of(m, ext, k))
}

/// The `jobs` table for `req` on `m`: jobs at stake in tariffs, jobs in
/// bilateral exports, or jobs in a region's final demand. Tariffs from the
/// law, when a front end derived them, come before the request's own.
pub fn build(
    m: &Mrio,
    l: &Leontief,
    req: &JobsRequest,
    law: Option<&LawTariffs<'_>>,
) -> Result<Table> {
    let emp = employment(m, &req.extension, req.stressor.as_deref())?;
    let (e, unit) = (&emp.coefficients, &emp.unit);
    let only = req
        .sector
        .as_deref()
        .map(|s| sectors(m, s).context(Field::new("sector")))
        .transpose()?;
    let mut t;
    if !req.tariff.is_empty() || law.is_some() {
        if !(req.elasticity.is_finite() && req.elasticity >= 0.0) {
            bail!(
                anyhow::anyhow!("--elasticity must be a finite number ≥ 0")
                    .context(Field::new("elasticity"))
            );
        }
        let mut wedges = law.map(|l| l.wedges.clone()).unwrap_or_default();
        wedges.extend(parse_tariffs(m, &req.tariff, applies_to(req.applies_to))?);
        let schedule = TariffSchedule::new(m, &wedges)?;
        let response = tariff_response(m, l, &schedule, PriceOptions::default(), &|_| {
            req.elasticity
        })?;
        let at_stake = response.jobs(m, l, &schedule, e);
        let mut cols = vec![Column::new("region")];
        if req.by == JobsBy::SourceSector {
            cols.push(Column::new("sector"));
        }
        cols.push(Column::with_unit("jobs_exposed", unit));
        cols.push(Column::with_unit("jobs_change", unit));
        t = Table::new("jobs-tariff", cols);
        push_rows(&mut t, m, req.by, &[&at_stake.exposed, &at_stake.change]);
        if let Some(law) = law {
            (law.describe)(&mut t);
        }
        t.meta("tariffs", req.tariff.join(" "));
        t.meta("elasticity_of_final_demand", req.elasticity.to_string());
        t.meta(
            "method",
            "exposed = jobs embodied in the taxed flows at baseline (ê L d); change = ê L Δy with Δy = y((p(1+τ))^(−ε) − 1), full pass-through",
        );
    } else {
        let d = if let (Some(x), Some(y)) = (&req.exporter, &req.importer) {
            let f = BilateralExports::of(
                m,
                region(m, x).context(Field::new("exporter"))?,
                region(m, y).context(Field::new("importer"))?,
            )?;
            t = Table::new("jobs-in-exports", vec![]);
            t.meta("flow", format!("gross exports of {x} to {y}"));
            f.to_vector(m, only.as_deref())
        } else {
            let Some(consumer) = req.consumer.as_deref() else {
                bail!(
                    anyhow::anyhow!("give --exporter with --importer, --consumer, or --tariff")
                        .context(Field::new("consumer"))
                );
            };
            let origin = req
                .origin
                .as_deref()
                .map(|o| region(m, o).context(Field::new("origin")))
                .transpose()?;
            let cols = m.fd_columns_of(consumer);
            if cols.is_empty() {
                region(m, consumer).context(Field::new("consumer"))?;
                bail!("region {consumer} has no final-demand columns in this table");
            }
            let mut d = vec![0.0; m.n()];
            for (i, di) in d.iter_mut().enumerate() {
                if origin.is_some_and(|o| m.region_of(i) != o) {
                    continue;
                }
                if only.as_ref().is_some_and(|o| !o.contains(&m.sector_of(i))) {
                    continue;
                }
                *di = cols.iter().map(|&k| m.y()[(i, k)]).sum();
            }
            t = Table::new("jobs-in-final-demand", vec![]);
            t.meta(
                "flow",
                match &req.origin {
                    Some(o) => format!("final demand of {consumer} for products of {o}"),
                    None => format!("final demand of {consumer}"),
                },
            );
            d
        };
        let jobs = embodied(l, e, &d);
        let total: f64 = jobs.iter().sum();
        let share: Vec<f64> = jobs
            .iter()
            .map(|j| if total != 0.0 { j / total } else { 0.0 })
            .collect();
        let mut cols = vec![Column::new("source_region")];
        if req.by == JobsBy::SourceSector {
            cols.push(Column::new("source_sector"));
        }
        cols.push(Column::with_unit("jobs", unit));
        cols.push(Column::with_unit("share", "share of the jobs embodied"));
        t.columns = cols;
        push_rows(&mut t, m, req.by, &[&jobs, &share]);
        t.meta("demand", format_quantity(d.iter().sum::<f64>()));
        t.meta("jobs_embodied", format_quantity(total));
        t.meta(
            "method",
            "ê L d with e = employment / gross output and the global Leontief inverse",
        );
    }
    if let Some(s) = &req.sector {
        t.meta("products", s);
    }
    table_meta(&mut t, m);
    solver_meta(&mut t, l);
    t.meta(
        "employment",
        format!("{} / {} ({unit})", req.extension, emp.label),
    );
    for h in &m.provenance().history {
        if h.text.contains("employment") || h.text.contains("imputed") {
            t.meta("employment_note", &h.text);
        }
    }
    Ok(t)
}

/// Rows by region (summing sectors) or by region-sector; `cols` are
/// per-region-sector vectors (shares are summed too, which is consistent).
fn push_rows(t: &mut Table, m: &Mrio, by: JobsBy, cols: &[&Vec<f64>]) {
    match by {
        JobsBy::SourceSector => {
            for i in 0..m.n() {
                let mut row: Vec<Value> = vec![
                    m.regions()[m.region_of(i)].clone().into(),
                    m.sectors()[m.sector_of(i)].clone().into(),
                ];
                row.extend(cols.iter().map(|c| Value::Float(c[i])));
                t.push(row);
            }
        }
        JobsBy::SourceRegion => {
            for (r, name) in m.regions().iter().enumerate() {
                let mut row: Vec<Value> = vec![name.clone().into()];
                row.extend(
                    cols.iter()
                        .map(|c| Value::Float(m.region_range(r).map(|i| c[i]).sum())),
                );
                t.push(row);
            }
        }
    }
}
