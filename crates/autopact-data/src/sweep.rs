//! The file side of sweeps: reading a sweep file with its scenario files,
//! the sweep folder's manifest, shard files (Parquet, written atomically),
//! the merge of a folder, and the Slurm scripts.
//!
//! Why here: only this crate touches files; the folder's rules (names,
//! checks, the shard computation, the scripts' text) are
//! `autopact_sweep::driver`'s.

use std::path::{Path, PathBuf};

use autopact_core::Table;
use autopact_mrio::{Leontief, Mrio};
use autopact_scenario::{ResolvedScenario, Scenario};
use autopact_sweep::driver::{
    MANIFEST, Manifest, ShardTable, SlurmOptions, SlurmPaths, compute_shard, located,
    shard_file_name, slurm_scripts,
};
use autopact_sweep::merge::{TableSizes, check_shard, summary};
use autopact_sweep::{Plan, Sweep, SweepError, sweep_sha256};

use crate::error::{DataError, Result};
use crate::files::{create_dir_all, read_text, set_executable, write_atomically, write_bytes};
use crate::wedges::ScenarioLaw;
use crate::{ReadOptions, open_table, read_parquet, write_parquet};

/// A sweep file with its scenario files read and its paths resolved.
pub struct LoadedSweep {
    /// The sweep file's name (as given).
    pub name: String,
    /// Its text.
    pub text: String,
    /// Parsed.
    pub sweep: Sweep,
    /// The plan.
    pub plan: Plan,
    /// Per scenario: (path, text, parsed).
    pub scenarios: Vec<(String, String, Scenario)>,
    /// Per table: the spec for [`open_table`].
    pub tables: Vec<String>,
}

/// Reads a sweep file and the scenario files it names (relative to it),
/// and checks that its tables exist.
pub fn load_sweep(path: &Path) -> Result<LoadedSweep> {
    let name = path.display().to_string();
    let text = read_text(path)?;
    let sweep = autopact_sweep::parse(&name, &text)?;
    let base = path.parent().unwrap_or(Path::new("."));
    let mut scenarios = Vec::new();
    for s in &sweep.scenarios {
        let p = base.join(&s.value);
        let stext = read_text(&p).map_err(|e| {
            located(
                &name,
                &text,
                s.span.clone(),
                format!("scenario file {:?} cannot be read: {e}", s.value),
            )
        })?;
        let spec = autopact_scenario::parse(&p.display().to_string(), &stext)?;
        scenarios.push((p.display().to_string(), stext, spec));
    }
    let mut tables = Vec::new();
    for t in &sweep.tables {
        if t.value == "default" {
            tables.push("default".to_string());
            continue;
        }
        let p = base.join(&t.value);
        if !p.exists() {
            return Err(located(
                &name,
                &text,
                t.span.clone(),
                format!(
                    "table {:?} not found (looked for {}); give \"default\" or a table file, relative to the sweep file",
                    t.value,
                    p.display()
                ),
            )
            .into());
        }
        tables.push(p.display().to_string());
    }
    let hashed: Vec<(&str, &str)> = sweep
        .scenarios
        .iter()
        .zip(&scenarios)
        .map(|(s, (_, t, _))| (s.value.as_str(), t.as_str()))
        .collect();
    let plan = Plan::of(&sweep, sweep_sha256(&text, &hashed));
    Ok(LoadedSweep {
        name,
        text,
        sweep,
        plan,
        scenarios,
        tables,
    })
}

impl LoadedSweep {
    /// Resolves every scenario against `mrio` (tariffs `from_law` derived
    /// as in `scenario run`) and checks every parameter name against both.
    pub fn resolve_on(&self, mrio: &Mrio) -> Result<Vec<ResolvedScenario>> {
        let sha = mrio.provenance().sha256.clone().unwrap_or_default();
        let mut out = Vec::new();
        for (path, text, spec) in &self.scenarios {
            let law = ScenarioLaw {
                mrio,
                base: Some(
                    Path::new(path)
                        .parent()
                        .unwrap_or(Path::new("."))
                        .to_path_buf(),
                ),
                db: None,
            };
            out.push(autopact_scenario::resolve_with_law(
                spec, path, text, mrio, &sha, &law,
            )?);
        }
        for p in &self.sweep.parameters {
            p.target.check(mrio, &out).map_err(|m| {
                located(
                    &self.name,
                    &self.text,
                    p.name.span.clone(),
                    format!("parameter {:?} {m}", p.name.value),
                )
            })?;
        }
        Ok(out)
    }

    /// Reads table `t` of the sweep.
    pub fn open(&self, t: usize) -> Result<Mrio> {
        open_table(&self.tables[t], &ReadOptions::default()).map_err(|e| DataError::SweepTable {
            sweep: self.name.clone(),
            table: self.plan.tables[t].clone(),
            source: Box::new(e),
        })
    }

    fn shard_table(&self, t: usize) -> Result<ShardTable> {
        let mrio = self.open(t)?;
        let resolved = self.resolve_on(&mrio)?;
        let leontief = Leontief::of(&mrio).map_err(|e| DataError::Unsolvable {
            table: mrio.provenance().name.clone(),
            source: e,
        })?;
        Ok(ShardTable {
            mrio,
            leontief,
            resolved,
        })
    }
}

/// Path of shard `index` of `of` in `dir`.
pub fn shard_path(dir: &Path, index: u64, of: u64) -> PathBuf {
    dir.join(shard_file_name(index, of))
}

/// The folder's manifest, if it has one.
pub fn read_manifest(dir: &Path) -> Result<Option<Manifest>> {
    let p = dir.join(MANIFEST);
    if !p.exists() {
        return Ok(None);
    }
    let text = read_text(&p)?;
    Ok(Some(Manifest::parse(&p.display().to_string(), &text)?))
}

/// Checks, writing nothing, that `dir` is new or holds this sweep with the
/// same shard count; true when it holds it.
pub fn check_folder(dir: &Path, plan: &Plan, of: u64) -> Result<bool> {
    let Some(m) = read_manifest(dir)? else {
        return Ok(false);
    };
    m.check(&dir.display().to_string(), plan, of)?;
    Ok(true)
}

/// Creates the folder and its manifest, or checks that an existing
/// manifest is this sweep's with the same shard count.
pub fn claim_folder(dir: &Path, plan: &Plan, of: u64) -> Result<()> {
    if check_folder(dir, plan, of)? {
        return Ok(());
    }
    create_dir_all(dir)?;
    let json = Manifest::new(plan, of).to_json();
    write_atomically(dir.join(MANIFEST), |tmp| write_bytes(tmp, json.as_bytes()))
}

/// Is shard `index` at `path` complete? (Read back and checked in full.)
pub fn shard_done(plan: &Plan, path: &Path, index: u64, of: u64) -> bool {
    let Ok(t) = read_parquet(path) else {
        return false;
    };
    let mut sizes = TableSizes::new();
    check_shard(plan, index, of, &path.display().to_string(), &t, &mut sizes).is_ok()
}

/// Computes shard `index` of `of` into `dir` (skipped when already
/// complete); `note` receives what a user should see.
pub fn run_shard(
    l: &LoadedSweep,
    index: u64,
    of: u64,
    dir: &Path,
    tool: &str,
    note: &dyn Fn(String),
) -> Result<()> {
    let path = shard_path(dir, index, of);
    if path.exists() {
        if shard_done(&l.plan, &path, index, of) {
            note(format!(
                "shard {index} of {of} is already complete: {}",
                path.display()
            ));
            return Ok(());
        }
        note(format!(
            "shard {index} of {of}: {} is incomplete, computing it again",
            path.display()
        ));
    }
    // One thread (as under --jobs and Slurm): no hand-offs to a pool in any kernel.
    faer::set_global_parallelism(autopact_mrio::parallelism());
    let started = std::time::Instant::now();
    let (out, cells) =
        compute_shard::<DataError>(&l.plan, &l.sweep, index, of, tool, |t| l.shard_table(t))?;
    claim_folder(dir, &l.plan, of)?;
    write_atomically(&path, |tmp| write_parquet(tmp, &out))?;
    note(format!(
        "shard {index} of {of}: {cells} cells in {:.2} s → {}",
        started.elapsed().as_secs_f64(),
        path.display()
    ));
    Ok(())
}

/// Format of a merged table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableFormat {
    /// RFC 4180 CSV.
    Csv,
    /// Apache Parquet.
    Parquet,
}

/// What a merge wrote.
#[derive(Debug, Clone)]
pub struct Merged {
    /// Shards merged.
    pub shards: u64,
    /// Cells.
    pub cells: u64,
    /// Rows of the merged table.
    pub rows: usize,
    /// Where the summary went.
    pub summary: PathBuf,
}

/// Checks every shard of the folder `dir` and writes the merged table to
/// `out` and the summary (mean and quantiles) next to it or to `summary`.
pub fn merge_folder(
    dir: &Path,
    out: &Path,
    format: Option<TableFormat>,
    summary_path: Option<&Path>,
) -> Result<Merged> {
    let Some(m) = read_manifest(dir)? else {
        return Err(SweepError::NotASweepFolder {
            folder: dir.display().to_string(),
        }
        .into());
    };
    let missing: Vec<u64> = (0..m.of)
        .filter(|&i| !shard_path(dir, i, m.of).exists())
        .collect();
    if !missing.is_empty() {
        return Err(SweepError::ShardMissing {
            folder: dir.display().to_string(),
            missing,
            count: m.of,
        }
        .into());
    }
    let mut sizes = TableSizes::new();
    let mut shards = Vec::new();
    for i in 0..m.of {
        let p = shard_path(dir, i, m.of);
        let t = read_parquet(&p)?;
        check_shard(&m.plan, i, m.of, &p.display().to_string(), &t, &mut sizes)?;
        shards.push(t);
    }
    let merged = autopact_sweep::merge::merge(&m.plan, shards, &sizes);
    let summary_table = summary(&merged);
    let format = format.unwrap_or(
        if out
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("parquet"))
        {
            TableFormat::Parquet
        } else {
            TableFormat::Csv
        },
    );
    let summary = summary_path.map(Path::to_path_buf).unwrap_or_else(|| {
        let stem = out
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let ext = match format {
            TableFormat::Csv => "csv",
            TableFormat::Parquet => "parquet",
        };
        out.with_file_name(format!("{stem}-summary.{ext}"))
    });
    write_table(out, &merged, format)?;
    write_table(&summary, &summary_table, format)?;
    Ok(Merged {
        shards: m.of,
        cells: m.plan.n_cells(),
        rows: merged.rows.len(),
        summary,
    })
}

fn write_table(path: &Path, t: &Table, format: TableFormat) -> Result<()> {
    write_atomically(path, |tmp| match format {
        TableFormat::Parquet => write_parquet(tmp, t),
        TableFormat::Csv => {
            let mut buf = Vec::new();
            t.write_csv(&mut buf).expect("writing to memory");
            write_bytes(tmp, &buf)
        }
    })
}

/// Claims the folder `dir` (absolute) for `plan` cut into `o.of` tasks and
/// writes the Slurm array, merge and submit scripts there (executable).
/// Returns their paths and the merged table's.
pub fn write_slurm(plan: &Plan, dir: &Path, o: &SlurmOptions) -> Result<([PathBuf; 3], PathBuf)> {
    claim_folder(dir, plan, o.of)?;
    let logs = dir.join("logs");
    create_dir_all(&logs)?;
    let array_path = dir.join("sweep-array.sbatch");
    let merge_path = dir.join("sweep-merge.sbatch");
    let submit_path = dir.join("submit.sh");
    let merged = dir.join(&o.merged_name);
    let paths = SlurmPaths {
        logs: logs.display().to_string(),
        merged: merged.display().to_string(),
        array: array_path.display().to_string(),
        merge: merge_path.display().to_string(),
        submit: submit_path.display().to_string(),
    };
    let s = slurm_scripts(plan, o, &paths);
    for (p, text) in [
        (&array_path, &s.array),
        (&merge_path, &s.merge),
        (&submit_path, &s.submit),
    ] {
        write_atomically(p, |tmp| {
            write_bytes(tmp, text.as_bytes())?;
            set_executable(tmp)
        })?;
    }
    Ok(([array_path, merge_path, submit_path], merged))
}
