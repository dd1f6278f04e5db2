//! The JSON envelopes that carry result tables.
//!
//! Every tabular result is one `autopact.table/v1` document (written by
//! [`autopact_core::Table::write_json`]); a scenario run wraps its three
//! tables and the resolved scenario in one `autopact.scenario-run/v1`
//! document.

use autopact_core::Table;
use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::{schema, tool};

/// A table as its `autopact.table/v1` JSON value.
pub fn table(t: &Table) -> Value {
    let mut bytes = Vec::new();
    t.write_json(&mut bytes)
        .expect("writing JSON to memory cannot fail");
    serde_json::from_slice(&bytes).expect("a table writes valid JSON")
}

/// `{"schema": "autopact.scenario-run/v1", "tool", "resolved", "tables": {kind: table}}`.
pub fn scenario_run(resolved: &impl Serialize, tables: &[&Table]) -> Value {
    let tables: Map<String, Value> = tables.iter().map(|t| (t.kind.clone(), table(t))).collect();
    json!({
        "schema": schema::SCENARIO_RUN,
        "tool": tool(),
        "resolved": resolved,
        "tables": tables,
    })
}

/// Pretty JSON with a final newline, as the CLI prints it.
pub fn to_pretty_bytes(v: &Value) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(v).expect("a JSON value serialises");
    out.push(b'\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use autopact_core::Column;

    #[test]
    fn scenario_envelope_keys_tables_by_kind() {
        let mut t = Table::new("scenario-summary", vec![Column::new("x")]);
        t.push(vec![1.5.into()]);
        let v = scenario_run(&json!({"name": "n"}), &[&t]);
        assert_eq!(v["schema"], schema::SCENARIO_RUN);
        assert_eq!(v["resolved"]["name"], "n");
        assert_eq!(v["tables"]["scenario-summary"]["schema"], schema::TABLE);
        assert_eq!(v["tables"]["scenario-summary"]["rows"][0]["x"], 1.5);
    }
}
