//! `autopact extract`: hypothetical extraction of one region's supplies to
//! another — the output, value added and jobs that depend on the link.
//!
//! Equations: docs/methodology/extraction.md (E1–E3).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use autopact_brief::{Bar, BarChart, bar_chart_svg};
use autopact_core::{Column, Table, Value};
use autopact_mrio::{
    ExtractionMethod, ExtractionSpec, Leontief, Mrio, coefficients, extract as extract_link,
};
use clap::{Args as ClapArgs, ValueEnum};

use super::Context;
use super::contribution::{employment, write_chart};
use super::table::{TableArgs, factor, region, sectors, table_meta};
use crate::output::OutputArgs;

/// Level of the rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum By {
    /// One row per region-sector.
    RegionSector,
    /// One row per region (sums over sectors).
    Region,
}

/// How to solve the extracted system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Method {
    /// Low-rank update when the extracted rows are few, else a new LU.
    Auto,
    /// Woodbury update against the baseline factorisation.
    Update,
    /// A second LU of (I − A*).
    Refactor,
}

impl From<Method> for ExtractionMethod {
    fn from(m: Method) -> Self {
        match m {
            Method::Auto => ExtractionMethod::Auto,
            Method::Update => ExtractionMethod::LowRankUpdate,
            Method::Refactor => ExtractionMethod::Refactorisation,
        }
    }
}

/// Arguments of `autopact extract`.
#[derive(Debug, ClapArgs)]
#[command(after_help = "Examples:
  autopact extract --from CAN --to USA --by region
  autopact extract --from CAN --sectors c15,c12 --to USA --format csv
  autopact extract --from MEX --to USA --with-final-demand --by region --chart mex-usa.svg")]
pub struct Args {
    #[command(flatten)]
    table: TableArgs,
    /// Supplying region, e.g. CAN.
    #[arg(long)]
    from: String,
    /// Only these of its sectors (comma-separated codes) [default: all].
    #[arg(long)]
    sectors: Option<String>,
    /// Buying region, e.g. USA.
    #[arg(long)]
    to: String,
    /// Also remove the source's sales to the destination's final users.
    #[arg(long)]
    with_final_demand: bool,
    /// Level of the rows.
    #[arg(long, value_enum, default_value_t = By::RegionSector)]
    by: By,
    /// Solver.
    #[arg(long, value_enum, default_value_t = Method::Auto)]
    method: Method,
    /// Satellite account holding employment.
    #[arg(long, default_value = "employment")]
    extension: String,
    /// Also draw the output loss by region as an SVG bar chart.
    #[arg(long, value_name = "FILE.svg")]
    chart: Option<PathBuf>,
    #[command(flatten)]
    output: OutputArgs,
}

/// An extraction's result table and chart.
pub struct Extracted {
    /// Rows per region or region-sector.
    pub table: Table,
    /// Output loss by region.
    pub chart: BarChart,
}

/// Runs one extraction and tabulates it.
pub fn compute(
    m: &Mrio,
    l: &Leontief,
    spec: &ExtractionSpec,
    method: ExtractionMethod,
    by: By,
    extension: &str,
) -> Result<Extracted> {
    let ex = extract_link(m, l, spec, method)?;
    let loss = ex.loss();
    let v = coefficients(&m.value_added(), m.x());
    let va_loss: Vec<f64> = v.iter().zip(&loss).map(|(a, b)| a * b).collect();
    let jobs = employment(m, extension);
    let jobs_loss: Option<Vec<f64>> = jobs
        .as_ref()
        .ok()
        .map(|(e, _)| e.iter().zip(&loss).map(|(a, b)| a * b).collect());
    let unit = m.provenance().unit.clone();
    let mut cols = vec![Column::new("region")];
    if by == By::RegionSector {
        cols.push(Column::new("sector"));
    }
    cols.extend([
        Column::with_unit("output", &unit),
        Column::with_unit("output_extracted", &unit),
        Column::with_unit("output_loss", &unit),
        Column::with_unit("value_added_loss", &unit),
    ]);
    if let Ok((_, ju)) = &jobs {
        cols.push(Column::with_unit("jobs_loss", ju));
    }
    let mut t = Table::new("extraction", cols);
    let mut vectors: Vec<&[f64]> = vec![&ex.output, &ex.extracted, &loss, &va_loss];
    if let Some(j) = &jobs_loss {
        vectors.push(j);
    }
    let mut bars = vec![];
    for r in 0..m.n_regions() {
        let total = |v: &[f64]| m.region_range(r).map(|i| v[i]).sum::<f64>();
        bars.push(Bar {
            label: m.regions()[r].clone(),
            values: vec![total(&loss)],
        });
        match by {
            By::Region => {
                let mut row: Vec<Value> = vec![m.regions()[r].clone().into()];
                row.extend(vectors.iter().map(|v| Value::Float(total(v))));
                t.push(row);
            }
            By::RegionSector => {
                for i in m.region_range(r) {
                    let mut row: Vec<Value> = vec![
                        m.regions()[r].clone().into(),
                        m.sectors()[m.sector_of(i)].clone().into(),
                    ];
                    row.extend(vectors.iter().map(|v| Value::Float(v[i])));
                    t.push(row);
                }
            }
        }
    }
    let from = &m.regions()[spec.source];
    let to = &m.regions()[spec.destination];
    table_meta(&mut t, m);
    let what = if spec.sectors.is_empty() {
        "all sectors".to_string()
    } else {
        spec.sectors
            .iter()
            .map(|&s| m.sectors()[s].clone())
            .collect::<Vec<_>>()
            .join(",")
    };
    t.meta(
        "extracted",
        format!(
            "intermediate supplies of {from} ({what}) to every sector of {to}{}",
            if spec.with_final_demand {
                format!(", and {from}'s sales of them to {to}'s final users")
            } else {
                String::new()
            }
        ),
    );
    t.meta("output_loss_total", loss.iter().sum::<f64>().to_string());
    t.meta(
        "method",
        format!(
            "x = L y, x* = (I − A*)⁻¹ y* (eq. E1), loss = x − x*; value added and jobs lost = v̂ and ê times the loss (E2, E3); solved by {} (rank {})",
            match ex.method {
                ExtractionMethod::LowRankUpdate => "a Woodbury update of the baseline LU",
                _ => "a re-factorisation of (I − A*)",
            },
            ex.rank
        ),
    );
    t.meta(
        "output_basis",
        "model output x = L y with y the sum of every final-demand column (published tables do not balance exactly)",
    );
    if let Err(why) = &jobs {
        t.meta("note", why);
    }
    t.meta("equations", "docs/methodology/extraction.md");
    let chart = BarChart {
        title: format!("Output lost without {from}'s supplies to {to} ({what})"),
        unit: format!("output loss, {unit} (x − x*, eq. E1)"),
        series: vec!["output loss".into()],
        bars,
    };
    Ok(Extracted { table: t, chart })
}

/// Runs the command.
pub fn run(args: Args, ctx: &Context) -> Result<ExitCode> {
    let m = args.table.load(ctx)?;
    let from = region(&m, &args.from).context("--from")?;
    let to = region(&m, &args.to).context("--to")?;
    anyhow::ensure!(
        from != to,
        "--from and --to are both {}: extraction removes a link between two regions",
        args.from
    );
    let list = args
        .sectors
        .as_deref()
        .map(|s| sectors(&m, s))
        .transpose()
        .context("--sectors")?
        .unwrap_or_default();
    let l = factor(&m)?;
    let spec = ExtractionSpec {
        source: from,
        sectors: list,
        destination: to,
        with_final_demand: args.with_final_demand,
    };
    let out = compute(&m, &l, &spec, args.method.into(), args.by, &args.extension)?;
    if let Some(path) = &args.chart {
        write_chart(path, &bar_chart_svg(&out.chart), ctx)?;
    }
    args.output.emit(&out.table)?;
    Ok(ExitCode::SUCCESS)
}
