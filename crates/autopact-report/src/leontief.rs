//! The dense Leontief inverse as a table (only when a user asks for L
//! itself; every other result solves against the factorisation).

use autopact_core::{Column, Table, Value};
use autopact_mrio::{Leontief, Mrio};

use crate::table_meta;

/// L = (I − A)⁻¹ with rows and columns labelled `REGION_SECTOR`.
pub fn build(m: &Mrio, l: &Leontief) -> Table {
    let inv = l.inverse();
    let mut cols = vec![Column::new("label")];
    cols.extend((0..m.n()).map(|j| Column::new(m.label(j))));
    let mut t = Table::new("leontief-inverse", cols);
    for i in 0..m.n() {
        let mut row: Vec<Value> = Vec::with_capacity(m.n() + 1);
        row.push(m.label(i).into());
        row.extend((0..m.n()).map(|j| Value::Float(inv[(i, j)])));
        t.push(row);
    }
    table_meta(&mut t, m);
    t.meta(
        "definition",
        "L = (I − A)⁻¹, A = Z x̂⁻¹ (zero columns where x = 0)",
    );
    t
}
