//! The tidy table of a shard: one row per cell × region-sector.
//!
//! Columns: `table, scenario, draw, region, sector, price_change,
//! consumer_price_change, output_change, value_added_change, jobs_change,
//! jobs_exposed`, then one `param.NAME` column per uncertain parameter
//! with its drawn value. `consumer_price_change` is the region's basket
//! (repeated on each of its sectors); the jobs columns are empty when the
//! scenario names no employment satellite. The metadata ties the shard to
//! its sweep: `sweep_sha256`, `shard_index`, `shard_of`, `cells`, and per
//! table `table_sha256:TABLE` and `table_n:TABLE`.

use autopact_core::{Column, Table, Value};
use autopact_mrio::Mrio;

use crate::plan::Plan;
use crate::run::CellResult;

/// Kind of a shard table.
pub const SHARD_KIND: &str = "sweep_cells";

/// Result columns before the parameters.
pub const RESULT_COLUMNS: [&str; 11] = [
    "table",
    "scenario",
    "draw",
    "region",
    "sector",
    "price_change",
    "consumer_price_change",
    "output_change",
    "value_added_change",
    "jobs_change",
    "jobs_exposed",
];

/// The column names of a sweep's tables.
pub fn column_names(plan: &Plan) -> Vec<String> {
    RESULT_COLUMNS
        .iter()
        .map(|c| c.to_string())
        .chain(plan.parameters.iter().map(|p| format!("param.{p}")))
        .collect()
}

/// An empty table with the sweep's columns.
pub fn empty_table(plan: &Plan) -> Table {
    let columns = column_names(plan)
        .into_iter()
        .map(|c| match c.as_str() {
            "price_change" | "consumer_price_change" => Column::with_unit(c, "fraction"),
            _ => Column::new(c),
        })
        .collect();
    Table::new(SHARD_KIND, columns)
}

/// Appends the rows of solved cells of `plan.tables[table]` ×
/// `plan.scenarios[scenario]`.
pub fn push_cells(
    out: &mut Table,
    plan: &Plan,
    table: usize,
    scenario: usize,
    mrio: &Mrio,
    cells: &[CellResult],
) {
    let opt =
        |v: &Option<Vec<f64>>, i: usize| v.as_ref().map_or(Value::Null, |v| Value::Float(v[i]));
    for c in cells {
        for i in 0..mrio.n() {
            let r = mrio.region_of(i);
            let mut row = vec![
                Value::Text(plan.tables[table].clone()),
                Value::Text(plan.scenarios[scenario].clone()),
                Value::Int(i64::from(c.draw)),
                Value::Text(mrio.regions()[r].clone()),
                Value::Text(mrio.sectors()[mrio.sector_of(i)].clone()),
                Value::Float(c.price_change[i]),
                Value::Float(c.consumer_price_change[r]),
                Value::Float(c.output_change[i]),
                Value::Float(c.value_added_change[i]),
                opt(&c.jobs_change, i),
                opt(&c.jobs_exposed, i),
            ];
            row.extend(c.values.iter().map(|v| Value::Float(*v)));
            out.push(row);
        }
    }
}
