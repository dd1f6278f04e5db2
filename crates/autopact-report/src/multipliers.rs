//! Output, value-added (domestic/foreign) and stressor multipliers of every
//! region-sector.

use anyhow::{Result, bail};
use autopact_api_types::request::MultipliersRequest;
use autopact_core::{Column, Table, Value};
use autopact_mrio::{Extension, Leontief, Mrio, coefficients, multipliers};

use crate::{solver_meta, table_meta};

/// The `multipliers` table: one row per region-sector.
pub fn build(m: &Mrio, l: &Leontief, req: &MultipliersRequest) -> Result<Table> {
    let exts: Vec<&Extension> = if req.extension.iter().any(|e| e == "all") {
        m.extensions().iter().collect()
    } else {
        let mut v = Vec::new();
        for name in &req.extension {
            match m.extension(name) {
                Some(e) => v.push(e),
                None => {
                    let known: Vec<&str> = m.extensions().iter().map(|e| e.name.as_str()).collect();
                    bail!(
                        "the table has no satellite account {name:?}; it has: {}",
                        if known.is_empty() {
                            "none".to_string()
                        } else {
                            known.join(", ")
                        }
                    );
                }
            }
        }
        v
    };
    let v = coefficients(&m.value_added(), m.x());
    let mult = multipliers(m, l, &v, &exts);
    let unit = if m.provenance().unit.is_empty() {
        "currency unit".to_string()
    } else {
        m.provenance().unit.clone()
    };
    let mut cols = vec![
        Column::new("region"),
        Column::new("sector"),
        Column::with_unit(
            "output_multiplier",
            format!("{unit} per {unit} of final demand"),
        ),
        Column::with_unit(
            "va_multiplier",
            format!("{unit} per {unit} of final demand"),
        ),
        Column::with_unit(
            "va_multiplier_domestic",
            format!("{unit} per {unit} of final demand"),
        ),
        Column::with_unit(
            "va_multiplier_foreign",
            format!("{unit} per {unit} of final demand"),
        ),
    ];
    let labels: Vec<String> = mult.stressors.iter().map(|s| s.stressor.label()).collect();
    for (s, label) in mult.stressors.iter().zip(&labels) {
        let dup = labels.iter().filter(|l| *l == label).count() > 1;
        let name = if dup {
            format!("{}:{label}", s.extension)
        } else {
            label.clone()
        };
        cols.push(Column::with_unit(
            name,
            format!("{} per {unit} of final demand", s.stressor.unit),
        ));
    }
    let diag = req.leontief_diagonal.then(|| l.inverse_diagonal());
    if diag.is_some() {
        cols.push(Column::new("leontief_diagonal"));
    }
    let mut t = Table::new("multipliers", cols);
    for j in 0..m.n() {
        let mut row: Vec<Value> = vec![
            m.regions()[m.region_of(j)].clone().into(),
            m.sectors()[m.sector_of(j)].clone().into(),
            mult.output[j].into(),
            mult.value_added[j].into(),
            mult.value_added_domestic[j].into(),
            mult.value_added_foreign[j].into(),
        ];
        for s in &mult.stressors {
            row.push(s.values[j].into());
        }
        if let Some(d) = &diag {
            row.push(d[j].into());
        }
        t.push(row);
    }
    table_meta(&mut t, m);
    solver_meta(&mut t, l);
    t.meta(
        "definition",
        "output multiplier = column sum of L = (I − A)⁻¹; va multiplier = vᵀL with v = VA/x; domestic = VA in the sector's own region",
    );
    t.meta(
        "value_added_row",
        m.value_added_row().unwrap_or("residual x − 1ᵀZ"),
    );
    Ok(t)
}
