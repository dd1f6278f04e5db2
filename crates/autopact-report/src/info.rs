//! What a table holds and how well it balances.

use autopact_api_types::request::InfoRequest;
use autopact_core::{Column, Table, Value};
use autopact_mrio::Mrio;

use crate::table_meta;

/// The `info` table: one row per item.
pub fn build(m: &Mrio, req: &InfoRequest) -> Table {
    let rec = m.reconcile(req.tolerance, 1000.0);
    let p = m.provenance();
    let mut t = Table::new("info", vec![Column::new("item"), Column::new("value")]);
    let mut row = |k: &str, v: Value| t.push(vec![k.into(), v]);
    row("name", p.name.clone().into());
    row("source", p.source.clone().into());
    if !p.description.is_empty() {
        row("description", p.description.clone().into());
    }
    row("year", p.year.map_or(Value::Null, |y| Value::Int(y.into())));
    row("unit", p.unit.clone().into());
    row("regions", m.n_regions().into());
    row("region_codes", m.regions().join(" ").into());
    row("sectors", m.n_sectors().into());
    row("sector_codes", m.sectors().join(" ").into());
    row("region_sectors", m.n().into());
    row(
        "final_demand_categories",
        m.final_demand_categories().join(" ").into(),
    );
    row("final_demand_columns", m.final_demand().len().into());
    let fi: Vec<String> = m
        .factor_inputs()
        .stressors
        .iter()
        .map(|s| s.label())
        .collect();
    row("factor_input_rows", fi.join(" ").into());
    row(
        "value_added_row",
        m.value_added_row().unwrap_or("residual x − 1ᵀZ").into(),
    );
    let exts: Vec<String> = m
        .extensions()
        .iter()
        .map(|e| {
            let s: Vec<String> = e
                .stressors
                .iter()
                .map(|s| format!("{} [{}]", s.label(), s.unit))
                .collect();
            format!("{}: {}", e.name, s.join(", "))
        })
        .collect();
    row("extensions", exts.join("; ").into());
    let x_total: f64 = m.x().iter().sum();
    let va_total: f64 = m.value_added().iter().sum();
    let fd_total: f64 = (0..m.y().ncols())
        .map(|k| m.y().col(k).iter().sum::<f64>())
        .sum();
    row("world_gross_output", x_total.into());
    row("world_value_added", va_total.into());
    row("world_final_demand", fd_total.into());
    for c in [&rec.rows, &rec.columns] {
        let k = c.identity;
        row(&format!("{k}_identity"), c.equation.into());
        row(&format!("{k}_max_abs_discrepancy"), c.max_abs.into());
        row(&format!("{k}_max_abs_at"), c.max_abs_at.clone().into());
        row(&format!("{k}_max_rel_discrepancy"), c.max_rel.into());
        row(&format!("{k}_max_rel_at"), c.max_rel_at.clone().into());
        row(&format!("{k}_total_discrepancy"), c.total.into());
        row(&format!("{k}_total_abs_discrepancy"), c.total_abs.into());
        row(
            &format!("{k}_over_tolerance"),
            c.count_over_tolerance.into(),
        );
    }
    row("tolerance", rec.tolerance.into());
    row("relative_floor", rec.relative_floor.into());
    row("zero_output_sectors", rec.zero_output.len().into());
    row("zero_output_labels", rec.zero_output.join(" ").into());
    row(
        "world_va_minus_final_demand",
        rec.world_va_minus_final_demand.into(),
    );
    for h in &p.history {
        row(
            "history",
            format!("{} - {}", h.kind.as_str(), h.text).into(),
        );
    }
    table_meta(&mut t, m);
    t
}
