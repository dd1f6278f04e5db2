//! Scenario results: the three report tables, the JSON envelope and the
//! reproducible result folder.
//!
//! The tables themselves are shaped in `autopact_scenario::report` (beside
//! the runner whose result they read); this module is what front ends
//! call, so the CLI's `scenario run` and the API's scenario endpoint give
//! the same bytes.

use autopact_api_types::{envelope, schema, tool};
use autopact_core::{Table, sha256_hex};
use autopact_mrio::Mrio;
pub use autopact_scenario::report::{diff_tables, regions_table, sectors_table, summary_table};
use autopact_scenario::{ResolvedScenario, ScenarioRun};
use serde_json::json;

/// Summary, regions and sectors tables of a run, in that order.
pub fn tables(run: &ScenarioRun, m: &Mrio) -> [Table; 3] {
    [
        summary_table(run, m),
        regions_table(run, m),
        sectors_table(run, m),
    ]
}

/// The `autopact.scenario-run/v1` document of a run.
pub fn run_envelope(resolved: &ResolvedScenario, tables: &[Table; 3]) -> serde_json::Value {
    envelope::scenario_run(resolved, &tables.each_ref())
}

/// The files of a result folder, `(name, bytes)`: one CSV per table, the
/// resolved scenario, and a manifest with every file's sha256. Byte-
/// identical on rerun.
pub fn bundle_files(resolved: &ResolvedScenario, tables: &[Table; 3]) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    for t in tables {
        let name = format!("{}.csv", t.kind.trim_start_matches("scenario-"));
        let mut b = Vec::new();
        t.write_csv(&mut b)
            .expect("writing CSV to memory cannot fail");
        files.push((name, b));
    }
    let resolved_json = resolved.to_json() + "\n";
    files.push(("resolved.json".into(), resolved_json.into_bytes()));
    let manifest = json!({
        "schema": schema::SCENARIO_BUNDLE,
        "tool": tool(),
        "scenario": resolved.name,
        "scenario_sha256": resolved.scenario_sha256,
        "table": resolved.table_name,
        "table_sha256": resolved.table_sha256,
        "files": files.iter().map(|(n, b)| json!({"name": n, "sha256": sha256_hex(b)})).collect::<Vec<_>>(),
    });
    let text = serde_json::to_string_pretty(&manifest).expect("JSON serialises") + "\n";
    files.push(("manifest.json".into(), text.into_bytes()));
    files
}
