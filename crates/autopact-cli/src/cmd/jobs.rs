//! `autopact jobs`: jobs embodied in trade and final demand, and jobs at
//! stake in a tariff.

use std::process::ExitCode;

use anyhow::{Result, bail};
use autopact_core::{Column, Table, Value};
use autopact_mrio::{
    BilateralExports, Mrio, PriceModel, PriceOptions, TariffSchedule, coefficients, embodied,
    quantity_response, taxed_flows,
};
use clap::{Args as ClapArgs, ValueEnum};

use super::Context;
use super::price::{Applies, parse_tariffs};
use super::table::{TableArgs, factor, region, sectors, table_meta};
use crate::output::OutputArgs;

/// Breakdown of embodied jobs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum By {
    /// By region where the jobs are.
    SourceRegion,
    /// By region and sector where the jobs are.
    SourceSector,
}

/// Arguments of `autopact jobs`.
#[derive(Debug, ClapArgs)]
#[command(after_help = "Examples:
  autopact jobs --exporter CAN --importer USA
  autopact jobs --consumer USA --origin CAN --sector c15   # US jobs in Canadian vehicles
  autopact jobs --tariff USA:MEX:c15:25% --elasticity 1.5 --by source-sector")]
#[command(group = clap::ArgGroup::new("mode").required(true).args(["exporter", "consumer", "tariffs", "law"]))]
pub struct Args {
    #[command(flatten)]
    table: TableArgs,
    /// Satellite account holding employment [default: `employment`].
    #[arg(long, default_value = "employment")]
    extension: String,
    /// Row of that account [default: its first].
    #[arg(long)]
    stressor: Option<String>,
    /// Jobs in these gross exports: exporting region (with --importer).
    #[arg(long, requires = "importer")]
    exporter: Option<String>,
    /// Importing region of the exports.
    #[arg(long, requires = "exporter")]
    importer: Option<String>,
    /// Jobs in this region's final demand (e.g. USA).
    #[arg(long)]
    consumer: Option<String>,
    /// With --consumer: only final demand for products of this region (e.g. CAN).
    #[arg(long, requires = "consumer")]
    origin: Option<String>,
    /// Only these products (the exporter's or origin's sectors, comma-separated).
    #[arg(long)]
    sector: Option<String>,
    /// Jobs at stake in tariffs IMPORTER:EXPORTER:SECTORS:RATE (repeatable).
    #[arg(long = "tariff", value_name = "IMP:EXP:SECTORS:RATE")]
    tariffs: Vec<String>,
    /// Jobs at stake in the tariffs of the law in force on DATE (the
    /// wedges of `autopact wedges --by sector`; --tariff entries apply after).
    #[arg(long, value_name = "DATE")]
    law: Option<autopact_law::NaiveDate>,
    #[command(flatten)]
    law_args: super::wedges::LawArgs,
    /// With --tariff: the flows taxed.
    #[arg(long, value_enum, default_value_t = Applies::Both)]
    applies_to: Applies,
    /// With --tariff: price elasticity of final demand (0 = pure pass-through,
    /// no quantity change).
    #[arg(long, default_value_t = 1.0)]
    elasticity: f64,
    /// Breakdown.
    #[arg(long, value_enum, default_value_t = By::SourceRegion)]
    by: By,
    #[command(flatten)]
    output: OutputArgs,
}

fn employment(m: &Mrio, args: &Args) -> Result<(Vec<f64>, String, String)> {
    let Some(ext) = m.extension(&args.extension) else {
        let known: Vec<&str> = m.extensions().iter().map(|e| e.name.as_str()).collect();
        bail!(
            "the table has no satellite account {:?} (it has: {}); jobs need employment by region-sector",
            args.extension,
            if known.is_empty() {
                "none".to_string()
            } else {
                known.join(", ")
            }
        );
    };
    let k = match &args.stressor {
        Some(s) => ext
            .stressor_index(s)
            .ok_or_else(|| anyhow::anyhow!("account {:?} has no row {s:?}", ext.name))?,
        None => 0,
    };
    let flow: Vec<f64> = ext.row(k);
    Ok((
        coefficients(&flow, m.x()),
        ext.stressors[k].label(),
        ext.stressors[k].unit.clone(),
    ))
}

/// Runs the command.
pub fn run(args: Args, ctx: &Context) -> Result<ExitCode> {
    let m = args.table.load(ctx)?;
    let (e, stressor, unit) = employment(&m, &args)?;
    let l = factor(&m)?;
    let only = args.sector.as_deref().map(|s| sectors(&m, s)).transpose()?;
    let mut t;
    if !args.tariffs.is_empty() || args.law.is_some() {
        anyhow::ensure!(
            args.elasticity.is_finite() && args.elasticity >= 0.0,
            "--elasticity must be a finite number ≥ 0"
        );
        let mut wedges = Vec::new();
        let derived = match args.law {
            Some(date) => {
                let db = autopact_law::LawDb::builtin()?;
                let d = super::wedges::law_wedges(&m, "USA", date, None, &args.law_args, &db)?;
                wedges.extend(super::wedges::to_tariffs(
                    &m,
                    &d.wedges,
                    args.applies_to.into(),
                )?);
                Some(d)
            }
            None => None,
        };
        wedges.extend(parse_tariffs(&m, &args.tariffs, args.applies_to.into())?);
        let schedule = TariffSchedule::new(&m, &wedges)?;
        let model = PriceModel::new(&m, &l, PriceOptions::default())?;
        let effects = model.solve(&schedule)?;
        let q = quantity_response(&m, &l, &schedule, &effects, &|_| args.elasticity);
        let exposed = embodied(&l, &e, &taxed_flows(&m, &schedule));
        let change: Vec<f64> = e.iter().zip(&q.delta_output).map(|(a, b)| a * b).collect();
        let mut cols = vec![Column::new("region")];
        if args.by == By::SourceSector {
            cols.push(Column::new("sector"));
        }
        cols.push(Column::with_unit("jobs_exposed", &unit));
        cols.push(Column::with_unit("jobs_change", &unit));
        t = Table::new("jobs-tariff", cols);
        push_rows(&mut t, &m, args.by, &[&exposed, &change]);
        if let Some(d) = &derived {
            super::wedges::describe(&mut t, d, ctx);
        }
        t.meta("tariffs", args.tariffs.join(" "));
        t.meta("elasticity_of_final_demand", args.elasticity.to_string());
        t.meta(
            "method",
            "exposed = jobs embodied in the taxed flows at baseline (ê L d); change = ê L Δy with Δy = y((p(1+τ))^(−ε) − 1), full pass-through",
        );
    } else {
        let d = if let (Some(x), Some(y)) = (&args.exporter, &args.importer) {
            let f = BilateralExports::of(&m, region(&m, x)?, region(&m, y)?)?;
            t = Table::new("jobs-in-exports", vec![]);
            t.meta("flow", format!("gross exports of {x} to {y}"));
            f.to_vector(&m, only.as_deref())
        } else {
            let consumer = args.consumer.as_deref().expect("clap group");
            let origin = args.origin.as_deref().map(|o| region(&m, o)).transpose()?;
            let cols = m.fd_columns_of(consumer);
            if cols.is_empty() {
                region(&m, consumer)?;
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
                match &args.origin {
                    Some(o) => format!("final demand of {consumer} for products of {o}"),
                    None => format!("final demand of {consumer}"),
                },
            );
            d
        };
        let jobs = embodied(&l, &e, &d);
        let total: f64 = jobs.iter().sum();
        let share: Vec<f64> = jobs
            .iter()
            .map(|j| if total != 0.0 { j / total } else { 0.0 })
            .collect();
        let mut cols = vec![Column::new("source_region")];
        if args.by == By::SourceSector {
            cols.push(Column::new("source_sector"));
        }
        cols.push(Column::with_unit("jobs", &unit));
        cols.push(Column::with_unit("share", "share of the jobs embodied"));
        t.columns = cols;
        push_rows(&mut t, &m, args.by, &[&jobs, &share]);
        t.meta("demand", format!("{}", d.iter().sum::<f64>()));
        t.meta("jobs_embodied", format!("{total}"));
        t.meta(
            "method",
            "ê L d with e = employment / gross output and the global Leontief inverse",
        );
    }
    if let Some(s) = &args.sector {
        t.meta("products", s);
    }
    table_meta(&mut t, &m);
    t.meta(
        "employment",
        format!("{} / {stressor} ({unit})", args.extension),
    );
    for h in &m.provenance().history {
        if h.text.contains("employment") || h.text.contains("imputed") {
            t.meta("employment_note", &h.text);
        }
    }
    args.output.emit(&t)?;
    Ok(ExitCode::SUCCESS)
}

/// Rows by region (summing sectors) or by region-sector; `cols` are
/// per-region-sector vectors (shares are summed too, which is consistent).
fn push_rows(t: &mut Table, m: &Mrio, by: By, cols: &[&Vec<f64>]) {
    match by {
        By::SourceSector => {
            for i in 0..m.n() {
                let mut row: Vec<Value> = vec![
                    m.regions()[m.region_of(i)].clone().into(),
                    m.sectors()[m.sector_of(i)].clone().into(),
                ];
                row.extend(cols.iter().map(|c| Value::Float(c[i])));
                t.push(row);
            }
        }
        By::SourceRegion => {
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
