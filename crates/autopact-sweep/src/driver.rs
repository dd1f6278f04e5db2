//! The sweep folder's rules, as values: its manifest, the shard file
//! names, the checks a run and a merge make before touching a file, the
//! computation of one shard from tables handed in, and the text of the
//! Slurm scripts.
//!
//! Why here: every front end that runs sweeps (the CLI today, a scheduler
//! plug-in tomorrow) must name, check and fill a folder the same way.
//! Reading and writing the files is `autopact-data`'s (`autopact_data::sweep`).

use autopact_core::{Location, Table};
use autopact_mrio::{Leontief, Mrio};
use autopact_scenario::ResolvedScenario;
use serde::{Deserialize, Serialize};

use crate::error::SweepError;
use crate::output::{empty_table, push_cells};
use crate::plan::Plan;
use crate::run::solve_block;
use crate::spec::Sweep;

/// File name of the folder's manifest.
pub const MANIFEST: &str = "sweep.json";
/// Schema id of the manifest.
pub const MANIFEST_SCHEMA: &str = "autopact.sweep-manifest/v1";

/// The folder's manifest: the plan every shard and the merge agree on, and
/// the shard count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// [`MANIFEST_SCHEMA`].
    pub schema: String,
    /// Number of shards.
    pub of: u64,
    /// The plan.
    pub plan: Plan,
}

impl Manifest {
    /// The manifest of `plan` cut into `of` shards.
    pub fn new(plan: &Plan, of: u64) -> Self {
        Manifest {
            schema: MANIFEST_SCHEMA.into(),
            of,
            plan: plan.clone(),
        }
    }

    /// Parses a manifest read from `path`.
    pub fn parse(path: &str, text: &str) -> Result<Self, SweepError> {
        let m: Manifest =
            serde_json::from_str(text).map_err(|e| SweepError::ManifestUnreadable {
                path: path.into(),
                reason: e.to_string(),
            })?;
        if m.schema != MANIFEST_SCHEMA {
            return Err(SweepError::ManifestSchema {
                path: path.into(),
                schema: m.schema,
            });
        }
        Ok(m)
    }

    /// The manifest as pretty JSON with a final newline.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a manifest serialises") + "\n"
    }

    /// Checks that this manifest (of folder `dir`) is `plan`'s with `of`
    /// shards.
    pub fn check(&self, dir: &str, plan: &Plan, of: u64) -> Result<(), SweepError> {
        if self.plan.sweep_sha256 != plan.sweep_sha256 {
            return Err(SweepError::FolderHoldsAnotherSweep {
                folder: dir.into(),
                found: self.plan.sweep_sha256.clone(),
                expected: plan.sweep_sha256.clone(),
            });
        }
        if self.of != of {
            return Err(SweepError::FolderShardCount {
                folder: dir.into(),
                started: self.of,
                asked: of,
            });
        }
        Ok(())
    }
}

/// File name of shard `index` of `of`.
pub fn shard_file_name(index: u64, of: u64) -> String {
    format!("shard-{index:05}-of-{of:05}.parquet")
}

/// Checks a shard index against the shard count.
pub fn check_index(index: u64, of: u64) -> Result<(), SweepError> {
    if of == 0 {
        return Err(SweepError::ShardCountZero);
    }
    if index >= of {
        return Err(SweepError::ShardIndex { index, count: of });
    }
    Ok(())
}

/// An error at a byte span of a sweep file.
pub fn located(name: &str, text: &str, span: std::ops::Range<usize>, msg: String) -> SweepError {
    let before = &text[..span.start.min(text.len())];
    let line = before.matches('\n').count() as u64 + 1;
    let col = before[before.rfind('\n').map_or(0, |p| p + 1)..]
        .chars()
        .count()
        + 1;
    SweepError::Invalid {
        location: Location::source(name)
            .at_row(line)
            .at_column(col.to_string()),
        message: msg,
    }
}

/// One table of a shard, ready to solve: the table, its factorisation and
/// the sweep's scenarios resolved against it.
pub struct ShardTable {
    /// The table.
    pub mrio: Mrio,
    /// Its LU.
    pub leontief: Leontief,
    /// The scenarios, resolved.
    pub resolved: Vec<ResolvedScenario>,
}

/// Computes shard `index` of `of`: its blocks, table by table (`open(t)`
/// gives table `t` ready to solve; each is dropped before the next is
/// opened). Returns the shard table with its metadata.
pub fn compute_shard<E: From<SweepError>>(
    plan: &Plan,
    sweep: &Sweep,
    index: u64,
    of: u64,
    tool: &str,
    mut open: impl FnMut(usize) -> Result<ShardTable, E>,
) -> Result<(Table, usize), E> {
    let blocks = plan.shard(index, of);
    let mut out = empty_table(plan);
    let mut table_meta: Vec<(String, String)> = Vec::new();
    let mut cells = 0usize;
    let mut current: Option<(usize, ShardTable)> = None;
    for b in &blocks {
        if current.as_ref().map(|c| c.0) != Some(b.table) {
            drop(current.take()); // free the last table before reading the next
            let st = open(b.table)?;
            let t = &plan.tables[b.table];
            table_meta.push((
                format!("table_sha256:{t}"),
                st.mrio.provenance().sha256.clone().unwrap_or_default(),
            ));
            table_meta.push((format!("table_n:{t}"), st.mrio.n().to_string()));
            current = Some((b.table, st));
        }
        let (_, st) = current.as_ref().expect("opened above");
        let solved = solve_block(
            &st.mrio,
            &st.leontief,
            &st.resolved[b.scenario],
            &sweep.parameters,
            plan.seed,
            b.first,
            b.end,
        )?;
        cells += solved.len();
        push_cells(&mut out, plan, b.table, b.scenario, &st.mrio, &solved);
    }
    out.meta("sweep_sha256", plan.sweep_sha256.clone());
    out.meta("shard_index", index.to_string());
    out.meta("shard_of", of.to_string());
    out.meta("cells", cells.to_string());
    out.meta("tool", tool);
    out.meta.extend(table_meta);
    Ok((out, cells))
}

/// Single-quotes a string for sh.
pub fn sh(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// What the Slurm scripts run, and with which resources.
#[derive(Debug, Clone)]
pub struct SlurmOptions {
    /// The sweep file (absolute).
    pub file: String,
    /// The sweep folder (absolute).
    pub dir: String,
    /// The autopact binary.
    pub bin: String,
    /// File name of the merged table in the folder (`merged.parquet`).
    pub merged_name: String,
    /// Array tasks.
    pub of: u64,
    /// Most tasks at once.
    pub max_running: Option<u64>,
    /// Partition.
    pub partition: Option<String>,
    /// Wall-clock limit per task.
    pub time: String,
    /// Memory per task.
    pub mem: String,
}

/// Where the scripts, logs and merged table go inside the sweep folder.
#[derive(Debug, Clone)]
pub struct SlurmPaths {
    /// Log folder.
    pub logs: String,
    /// The merged table.
    pub merged: String,
    /// The array script.
    pub array: String,
    /// The merge script.
    pub merge: String,
    /// The submit script.
    pub submit: String,
}

/// The three scripts: the array, the merge, and the submit script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlurmScripts {
    /// `sweep-array.sbatch`.
    pub array: String,
    /// `sweep-merge.sbatch`.
    pub merge: String,
    /// `submit.sh`.
    pub submit: String,
}

/// Writes the scripts' text for `plan`.
pub fn slurm_scripts(plan: &Plan, o: &SlurmOptions, paths: &SlurmPaths) -> SlurmScripts {
    let (f, d, b) = (sh(&o.file), sh(&o.dir), sh(&o.bin));
    let partition = o
        .partition
        .as_ref()
        .map(|p| format!("#SBATCH --partition={p}\n"))
        .unwrap_or_default();
    let throttle = o.max_running.map(|k| format!("%{k}")).unwrap_or_default();
    let array = format!(
        "#!/bin/bash\n\
         # Written by `autopact sweep slurm` for {file}\n\
         # sweep hash {hash}; {cells} cells in {n_blocks} blocks; {of} tasks.\n\
         #SBATCH --job-name=autopact-sweep\n\
         #SBATCH --array=0-{last}{throttle}\n\
         #SBATCH --ntasks=1\n\
         #SBATCH --cpus-per-task=1\n\
         #SBATCH --mem={mem}\n\
         #SBATCH --time={time}\n\
         {partition}\
         #SBATCH --output={logs}/shard-%a.out\n\
         set -euo pipefail\n\
         export RAYON_NUM_THREADS=\"${{SLURM_CPUS_PER_TASK:-1}}\"\n\
         exec {b} sweep run {f} --index \"$SLURM_ARRAY_TASK_ID\" --of {of} --out {d}\n",
        file = o.file,
        hash = plan.sweep_sha256,
        cells = plan.n_cells(),
        n_blocks = plan.n_blocks(),
        last = o.of - 1,
        of = o.of,
        mem = o.mem,
        time = o.time,
        logs = paths.logs,
    );
    let merge = format!(
        "#!/bin/bash\n\
         # Written by `autopact sweep slurm`: merges the shards once every array task succeeded.\n\
         #SBATCH --job-name=autopact-sweep-merge\n\
         #SBATCH --ntasks=1\n\
         #SBATCH --cpus-per-task=1\n\
         #SBATCH --mem={mem}\n\
         #SBATCH --time={time}\n\
         {partition}\
         #SBATCH --output={logs}/merge.out\n\
         set -euo pipefail\n\
         exec {b} sweep merge {d} --out {out}\n",
        mem = o.mem,
        time = o.time,
        logs = paths.logs,
        out = sh(&paths.merged),
    );
    let submit = format!(
        "#!/bin/sh\n\
         # Submits the array, then the merge to run after every task succeeded.\n\
         set -eu\n\
         array=$(sbatch --parsable {a})\n\
         array=${{array%%;*}}\n\
         merge=$(sbatch --parsable --dependency=afterok:\"$array\" {m})\n\
         echo \"array job $array, merge job ${{merge%%;*}}\"\n",
        a = sh(&paths.array),
        m = sh(&paths.merge),
    );
    SlurmScripts {
        array,
        merge,
        submit,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(sha: &str) -> Plan {
        Plan {
            sweep_sha256: sha.into(),
            tables: vec!["default".into()],
            scenarios: vec!["s.toml".into()],
            draws: 10,
            batch: 4,
            seed: 7,
            parameters: vec!["p".into()],
        }
    }

    #[test]
    fn manifests_round_trip_and_refuse_another_sweep_or_count() {
        let m = Manifest::new(&plan("aa"), 3);
        let back = Manifest::parse("d/sweep.json", &m.to_json()).unwrap();
        assert_eq!(back, m);
        back.check("d", &plan("aa"), 3).unwrap();
        let e = back.check("d", &plan("bb"), 3).unwrap_err().to_string();
        assert!(e.contains("another sweep"), "{e}");
        let e = back.check("d", &plan("aa"), 4).unwrap_err().to_string();
        assert!(e.contains("--of 3, not 4"), "{e}");
        let e = Manifest::parse("d/sweep.json", "{}")
            .unwrap_err()
            .to_string();
        assert!(e.contains("not a sweep manifest"), "{e}");
        let wrong = m.to_json().replace(MANIFEST_SCHEMA, "other/v9");
        let e = Manifest::parse("x", &wrong).unwrap_err().to_string();
        assert!(e.contains("other/v9"), "{e}");
    }

    #[test]
    fn indices_and_names() {
        check_index(0, 1).unwrap();
        assert!(check_index(0, 0).is_err());
        assert!(
            check_index(3, 3)
                .unwrap_err()
                .to_string()
                .contains("0 to 2")
        );
        assert_eq!(shard_file_name(2, 7), "shard-00002-of-00007.parquet");
        assert_eq!(sh("it's"), r"'it'\''s'");
    }

    #[test]
    fn slurm_array_throttles_and_merge_depends_on_it() {
        let o = SlurmOptions {
            file: "/s/sweep.toml".into(),
            dir: "/s/out".into(),
            bin: "/bin/autopact".into(),
            merged_name: "merged.parquet".into(),
            of: 4,
            max_running: Some(2),
            partition: Some("short".into()),
            time: "00:10:00".into(),
            mem: "2G".into(),
        };
        let p = SlurmPaths {
            logs: "/s/out/logs".into(),
            merged: "/s/out/merged.parquet".into(),
            array: "/s/out/sweep-array.sbatch".into(),
            merge: "/s/out/sweep-merge.sbatch".into(),
            submit: "/s/out/submit.sh".into(),
        };
        let s = slurm_scripts(&plan("aa"), &o, &p);
        assert!(s.array.contains("#SBATCH --array=0-3%2\n"), "{}", s.array);
        assert!(s.array.contains("#SBATCH --partition=short\n"));
        assert!(s.array.contains("--of 4 --out '/s/out'"));
        assert!(
            s.merge
                .contains("sweep merge '/s/out' --out '/s/out/merged.parquet'")
        );
        assert!(
            s.submit
                .contains("--dependency=afterok:\"$array\" '/s/out/sweep-merge.sbatch'")
        );
    }
}
