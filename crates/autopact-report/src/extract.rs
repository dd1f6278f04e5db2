//! Hypothetical extraction tabulated: the output, value added and jobs
//! that depend on one region's supplies to another, by region or
//! region-sector, with the output loss as a chart. Shared by
//! `autopact extract` and the HTML report.
//!
//! Equations: docs/methodology/extraction.md (E1–E3).

use anyhow::{Context as _, Result};
pub use autopact_api_types::request::ExtractBy as By;
use autopact_api_types::request::{ExtractMethod, ExtractRequest};
use autopact_brief::{Bar, BarChart};
use autopact_core::{Column, Table, Value};
use autopact_mrio::{
    ExtractionMethod, ExtractionSpec, Leontief, Mrio, coefficients, extract as extract_link,
};

use crate::contribution::employment;
use crate::labels::{region, sectors};
use crate::{Field, table_meta};

/// An extraction's result table and chart.
pub struct Extracted {
    /// Rows per region or region-sector.
    pub table: Table,
    /// Output loss by region.
    pub chart: BarChart,
}

/// Answers an extraction request (`autopact extract`).
pub fn build(m: &Mrio, l: &Leontief, r: &ExtractRequest) -> Result<Extracted> {
    let from = region(m, &r.from).context(Field::new("from"))?;
    let to = region(m, &r.to).context(Field::new("to"))?;
    anyhow::ensure!(
        from != to,
        "--from and --to are both {}: extraction removes a link between two regions",
        r.from
    );
    let list = r
        .sectors
        .as_deref()
        .map(|s| sectors(m, s))
        .transpose()
        .context(Field::new("sectors"))?
        .unwrap_or_default();
    let spec = ExtractionSpec {
        source: from,
        sectors: list,
        destination: to,
        with_final_demand: r.with_final_demand,
    };
    let method = match r.method {
        ExtractMethod::Auto => ExtractionMethod::Auto,
        ExtractMethod::Update => ExtractionMethod::LowRankUpdate,
        ExtractMethod::Refactor => ExtractionMethod::Refactorisation,
    };
    compute(m, l, &spec, method, r.by, &r.extension)
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
