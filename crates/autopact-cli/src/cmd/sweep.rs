//! `autopact sweep run|merge|slurm`: scenario sweeps with uncertainty,
//! sharded so that any scheduler handing out an index can run them.
//!
//! The sweep folder (`--out DIR`) holds `sweep.json` (the plan every shard
//! and the merge agree on: the sweep hash, the cells, the shard count) and
//! one `shard-IIIII-of-NNNNN.parquet` per shard, each written to a
//! temporary file and renamed, so a shard file is whole or absent. A rerun
//! skips shards already complete (resumable).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result, anyhow, bail};
use autopact_core::{Location, Table};
use autopact_mrio::Mrio;
use autopact_scenario::ResolvedScenario;
use autopact_sweep::merge::{TableSizes, check_shard, summary};
use autopact_sweep::output::{empty_table, push_cells};
use autopact_sweep::{Plan, Sweep, SweepError, solve_block, sweep_sha256};
use clap::{Args as ClapArgs, Subcommand, ValueEnum};
use serde::{Deserialize, Serialize};

use super::Context;
use super::table::factor;

/// `sweep` subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Compute one shard (--index I --of N) or all shards here (--jobs J).
    Run(RunArgs),
    /// Check every shard and merge them into one table plus a summary.
    Merge(MergeArgs),
    /// Write a Slurm job array (and a merge job) for a sweep.
    Slurm(SlurmArgs),
}

/// Arguments of `sweep run`.
#[derive(Debug, ClapArgs)]
#[command(after_help = "Examples:
  autopact sweep run sweeps/north-america-2025.toml --index 0 --of 4 --out results/sweep
  autopact sweep run sweeps/north-america-2025.toml --jobs 2 --out results/sweep")]
pub struct RunArgs {
    /// Sweep file (TOML).
    file: PathBuf,
    /// Shard to compute (0-based; with --of).
    #[arg(long, requires = "of", conflicts_with = "jobs")]
    index: Option<u64>,
    /// Number of shards [default with --jobs: the number of jobs].
    #[arg(long)]
    of: Option<u64>,
    /// Compute every shard on this machine, J processes at a time.
    #[arg(long, value_name = "J")]
    jobs: Option<u64>,
    /// Sweep folder for the shards.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
}

/// Output format of the merged table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MergeFormat {
    /// RFC 4180 CSV.
    Csv,
    /// Apache Parquet.
    Parquet,
}

/// Arguments of `sweep merge`.
#[derive(Debug, ClapArgs)]
pub struct MergeArgs {
    /// Sweep folder (as given to `sweep run --out`).
    dir: PathBuf,
    /// Merged table.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// Format [default: from the file name, csv otherwise].
    #[arg(long, value_enum)]
    format: Option<MergeFormat>,
    /// Summary (mean and 5/50/95% quantiles) [default: FILE's name with -summary].
    #[arg(long, value_name = "FILE")]
    summary: Option<PathBuf>,
}

/// Arguments of `sweep slurm`.
#[derive(Debug, ClapArgs)]
pub struct SlurmArgs {
    /// Sweep file (TOML).
    file: PathBuf,
    /// Number of array tasks (shards).
    #[arg(long)]
    of: u64,
    /// Sweep folder; the scripts are written there too.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Most array tasks running at once (`--array=0-(N-1)%K`).
    #[arg(long, value_name = "K")]
    max_running: Option<u64>,
    /// Slurm partition.
    #[arg(long)]
    partition: Option<String>,
    /// Wall-clock limit per task (Slurm syntax).
    #[arg(long, default_value = "01:00:00")]
    time: String,
    /// Memory per task (Slurm syntax; see docs/scale.md).
    #[arg(long, default_value = "4G")]
    mem: String,
    /// The autopact binary the tasks run [default: this one].
    #[arg(long, value_name = "PATH")]
    bin: Option<PathBuf>,
    /// Format of the merged table the merge job writes.
    #[arg(long, value_enum, default_value_t = MergeFormat::Parquet)]
    merge_format: MergeFormat,
}

/// Runs a `sweep` subcommand.
pub fn run(cmd: Command, ctx: &Context) -> Result<ExitCode> {
    match cmd {
        Command::Run(a) => run_cmd(a, ctx),
        Command::Merge(a) => merge_cmd(a, ctx),
        Command::Slurm(a) => slurm_cmd(a, ctx),
    }
}

/// The folder's manifest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Manifest {
    schema: String,
    of: u64,
    plan: Plan,
}

const MANIFEST: &str = "sweep.json";
const MANIFEST_SCHEMA: &str = "autopact.sweep-manifest/v1";

/// A sweep file with its scenario files read and its paths resolved.
struct Loaded {
    name: String,
    text: String,
    sweep: Sweep,
    plan: Plan,
    /// Per scenario: (name as written, path, text, parsed).
    scenarios: Vec<(String, String, autopact_scenario::Scenario)>,
    /// Per table: the spec for `open_table`.
    tables: Vec<String>,
}

fn located(name: &str, text: &str, span: std::ops::Range<usize>, msg: String) -> anyhow::Error {
    let before = &text[..span.start.min(text.len())];
    let line = before.matches('\n').count() as u64 + 1;
    let col = before[before.rfind('\n').map_or(0, |p| p + 1)..]
        .chars()
        .count()
        + 1;
    anyhow!(SweepError::Invalid {
        location: Location::source(name)
            .at_row(line)
            .at_column(col.to_string()),
        message: msg,
    })
}

fn load(path: &Path) -> Result<Loaded> {
    let name = path.display().to_string();
    let text = autopact_data::read_text(path)?;
    let sweep = autopact_sweep::parse(&name, &text)?;
    let base = path.parent().unwrap_or(Path::new("."));
    let mut scenarios = Vec::new();
    for s in &sweep.scenarios {
        let p = base.join(&s.value);
        let stext = autopact_data::read_text(&p).map_err(|e| {
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
            ));
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
    Ok(Loaded {
        name,
        text,
        sweep,
        plan,
        scenarios,
        tables,
    })
}

impl Loaded {
    /// Resolves every scenario against `mrio` and checks every parameter
    /// name against both.
    fn resolve_on(&self, mrio: &Mrio) -> Result<Vec<ResolvedScenario>> {
        let sha = mrio.provenance().sha256.clone().unwrap_or_default();
        let mut out = Vec::new();
        for (path, text, spec) in &self.scenarios {
            out.push(autopact_scenario::resolve(spec, path, text, mrio, &sha)?);
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

    fn open(&self, t: usize) -> Result<Mrio> {
        autopact_data::open_table(&self.tables[t], &autopact_data::ReadOptions::default())
            .with_context(|| format!("{}: cannot read table {:?}", self.name, self.plan.tables[t]))
    }
}

fn shard_path(dir: &Path, index: u64, of: u64) -> PathBuf {
    dir.join(format!("shard-{index:05}-of-{of:05}.parquet"))
}

fn read_manifest(dir: &Path) -> Result<Option<Manifest>> {
    let p = dir.join(MANIFEST);
    if !p.exists() {
        return Ok(None);
    }
    let text = autopact_data::read_text(&p)?;
    let m: Manifest = serde_json::from_str(&text).map_err(|e| {
        anyhow!(
            "{}: not a sweep manifest ({e}); is this a sweep folder?",
            p.display()
        )
    })?;
    if m.schema != MANIFEST_SCHEMA {
        bail!(
            "{}: manifest schema {:?}, this autopact reads {MANIFEST_SCHEMA:?}",
            p.display(),
            m.schema
        );
    }
    Ok(Some(m))
}

/// Creates the folder and its manifest, or checks that an existing
/// manifest is this sweep's with the same shard count.
fn claim_folder(dir: &Path, plan: &Plan, of: u64) -> Result<()> {
    if check_folder(dir, plan, of)? {
        return Ok(());
    }
    let mine = Manifest {
        schema: MANIFEST_SCHEMA.into(),
        of,
        plan: plan.clone(),
    };
    autopact_data::create_dir_all(dir)?;
    let json = serde_json::to_string_pretty(&mine)? + "\n";
    autopact_data::write_atomically(dir.join(MANIFEST), |tmp| {
        autopact_data::write_bytes(tmp, json.as_bytes())
    })?;
    Ok(())
}

/// Checks, writing nothing, that `dir` is new or holds this sweep with the
/// same shard count; true when it holds it.
fn check_folder(dir: &Path, plan: &Plan, of: u64) -> Result<bool> {
    let Some(m) = read_manifest(dir)? else {
        return Ok(false);
    };
    if m.plan.sweep_sha256 != plan.sweep_sha256 {
        bail!(
            "{} holds another sweep (sweep hash {}, this one is {}): the sweep file or a scenario \
             changed since it was started — give another --out folder, or remove this one",
            dir.display(),
            m.plan.sweep_sha256,
            plan.sweep_sha256
        );
    }
    if m.of != of {
        bail!(
            "{} was started with --of {}, not {of}: a sweep keeps its shard count — give --of {} \
             or another --out folder",
            dir.display(),
            m.of,
            m.of
        );
    }
    Ok(true)
}

fn check_index(index: u64, of: u64) -> Result<()> {
    if of == 0 {
        bail!("--of 0: give the number of shards, at least 1");
    }
    if index >= of {
        bail!(
            "--index {index} is out of range for --of {of}: indices run from 0 to {}",
            of - 1
        );
    }
    Ok(())
}

fn run_cmd(args: RunArgs, ctx: &Context) -> Result<ExitCode> {
    let l = load(&args.file)?;
    match (args.index, args.jobs) {
        (Some(index), _) => {
            let of = args.of.expect("clap requires --of");
            check_index(index, of)?;
            check_folder(&args.out, &l.plan, of)?;
            run_shard(&l, index, of, &args.out, ctx)?;
        }
        (None, Some(jobs)) => {
            if jobs == 0 {
                bail!("--jobs 0: give the number of processes, at least 1");
            }
            let of = args.of.unwrap_or(jobs);
            check_index(0, of)?;
            // Fail on bad parameters before starting any process.
            let first = l.open(0)?;
            l.resolve_on(&first)?;
            drop(first);
            claim_folder(&args.out, &l.plan, of)?;
            run_all(&args.file, &args.out, of, jobs, ctx)?;
        }
        (None, None) => bail!("give --index I --of N (one shard) or --jobs J (every shard here)"),
    }
    Ok(ExitCode::SUCCESS)
}

/// Is shard `index` already complete? (Read back and checked in full.)
fn shard_done(l: &Loaded, path: &Path, index: u64, of: u64) -> bool {
    let Ok(t) = autopact_data::read_parquet(path) else {
        return false;
    };
    let mut sizes = TableSizes::new();
    check_shard(
        &l.plan,
        index,
        of,
        &path.display().to_string(),
        &t,
        &mut sizes,
    )
    .is_ok()
}

fn run_shard(l: &Loaded, index: u64, of: u64, dir: &Path, ctx: &Context) -> Result<()> {
    let path = shard_path(dir, index, of);
    if path.exists() {
        if shard_done(l, &path, index, of) {
            ctx.note(format_args!(
                "shard {index} of {of} is already complete: {}",
                path.display()
            ));
            return Ok(());
        }
        ctx.note(format_args!(
            "shard {index} of {of}: {} is incomplete, computing it again",
            path.display()
        ));
    }
    let blocks = l.plan.shard(index, of);
    let mut out = empty_table(&l.plan);
    let mut table_meta: Vec<(String, String)> = Vec::new();
    let started = std::time::Instant::now();
    let mut cells = 0usize;
    let mut current: Option<(usize, Mrio, autopact_mrio::Leontief, Vec<ResolvedScenario>)> = None;
    for b in &blocks {
        if current.as_ref().map(|c| c.0) != Some(b.table) {
            drop(current.take()); // free the last table before reading the next
            let mrio = l.open(b.table)?;
            let resolved = l.resolve_on(&mrio)?;
            let leontief = factor(&mrio)?;
            let t = &l.plan.tables[b.table];
            table_meta.push((
                format!("table_sha256:{t}"),
                mrio.provenance().sha256.clone().unwrap_or_default(),
            ));
            table_meta.push((format!("table_n:{t}"), mrio.n().to_string()));
            current = Some((b.table, mrio, leontief, resolved));
        }
        let (_, mrio, leontief, resolved) = current.as_ref().expect("loaded above");
        let solved = solve_block(
            mrio,
            leontief,
            &resolved[b.scenario],
            &l.sweep.parameters,
            l.plan.seed,
            b.first,
            b.end,
        )?;
        cells += solved.len();
        push_cells(&mut out, &l.plan, b.table, b.scenario, mrio, &solved);
    }
    out.meta("sweep_sha256", l.plan.sweep_sha256.clone());
    out.meta("shard_index", index.to_string());
    out.meta("shard_of", of.to_string());
    out.meta("cells", cells.to_string());
    out.meta("tool", format!("autopact {}", env!("CARGO_PKG_VERSION")));
    out.meta.extend(table_meta);
    claim_folder(dir, &l.plan, of)?;
    autopact_data::write_atomically(&path, |tmp| autopact_data::write_parquet(tmp, &out))?;
    ctx.note(format_args!(
        "shard {index} of {of}: {cells} cells in {:.2} s → {}",
        started.elapsed().as_secs_f64(),
        path.display()
    ));
    Ok(())
}

/// Runs every shard in child processes, `jobs` at a time, each on one
/// thread (the processes are the parallelism).
fn run_all(file: &Path, dir: &Path, of: u64, jobs: u64, ctx: &Context) -> Result<()> {
    let exe = std::env::current_exe().context("cannot find the autopact binary to start")?;
    let mut running: Vec<(u64, std::process::Child)> = Vec::new();
    let mut failed: Vec<u64> = Vec::new();
    let mut next = 0;
    while next < of || !running.is_empty() {
        while next < of && (running.len() as u64) < jobs {
            let mut cmd = std::process::Command::new(&exe);
            cmd.arg("--quiet")
                .args(["sweep", "run"])
                .arg(file)
                .args([
                    "--index",
                    &next.to_string(),
                    "--of",
                    &of.to_string(),
                    "--out",
                ])
                .arg(dir);
            if std::env::var_os("RAYON_NUM_THREADS").is_none() {
                cmd.env("RAYON_NUM_THREADS", "1");
            }
            running.push((next, cmd.spawn().context("cannot start a shard process")?));
            next += 1;
        }
        let (index, mut child) = running.remove(0);
        let status = child.wait()?;
        if status.success() {
            ctx.note(format_args!("shard {index} of {of} done"));
        } else {
            failed.push(index);
        }
    }
    if !failed.is_empty() {
        bail!(
            "shard(s) {} of {of} failed (their errors are above); rerun the same command: finished \
             shards are kept",
            failed
                .iter()
                .map(u64::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    ctx.note(format_args!("all {of} shards done in {}", dir.display()));
    Ok(())
}

fn merge_cmd(args: MergeArgs, ctx: &Context) -> Result<ExitCode> {
    let Some(m) = read_manifest(&args.dir)? else {
        bail!(
            "{} is not a sweep folder (no {MANIFEST}); give the --out folder of `autopact sweep run`",
            args.dir.display()
        );
    };
    let missing: Vec<u64> = (0..m.of)
        .filter(|&i| !shard_path(&args.dir, i, m.of).exists())
        .collect();
    if !missing.is_empty() {
        let list: Vec<String> = missing.iter().take(20).map(u64::to_string).collect();
        bail!(
            "{}: {} of {} shards are missing ({}{}); run them with `autopact sweep run SWEEP --index I --of {} --out {}`",
            args.dir.display(),
            missing.len(),
            m.of,
            list.join(", "),
            if missing.len() > 20 { ", …" } else { "" },
            m.of,
            args.dir.display()
        );
    }
    let mut sizes = TableSizes::new();
    let mut shards = Vec::new();
    for i in 0..m.of {
        let p = shard_path(&args.dir, i, m.of);
        let t = autopact_data::read_parquet(&p)?;
        check_shard(&m.plan, i, m.of, &p.display().to_string(), &t, &mut sizes)?;
        shards.push(t);
    }
    let merged = autopact_sweep::merge::merge(&m.plan, shards, &sizes);
    let summary_table = summary(&merged);
    let format = args.format.unwrap_or(
        if args
            .out
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("parquet"))
        {
            MergeFormat::Parquet
        } else {
            MergeFormat::Csv
        },
    );
    let summary_path = args.summary.clone().unwrap_or_else(|| {
        let stem = args
            .out
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let ext = match format {
            MergeFormat::Csv => "csv",
            MergeFormat::Parquet => "parquet",
        };
        args.out.with_file_name(format!("{stem}-summary.{ext}"))
    });
    write_table(&args.out, &merged, format)?;
    write_table(&summary_path, &summary_table, format)?;
    ctx.note(format_args!(
        "merged {} shards, {} cells, {} rows → {}; summary → {}",
        m.of,
        m.plan.n_cells(),
        merged.rows.len(),
        args.out.display(),
        summary_path.display()
    ));
    Ok(ExitCode::SUCCESS)
}

fn write_table(path: &Path, t: &Table, format: MergeFormat) -> Result<()> {
    autopact_data::write_atomically(path, |tmp| match format {
        MergeFormat::Parquet => autopact_data::write_parquet(tmp, t),
        MergeFormat::Csv => {
            let mut buf = Vec::new();
            t.write_csv(&mut buf).expect("writing to memory");
            autopact_data::write_bytes(tmp, &buf)
        }
    })?;
    Ok(())
}

/// Single-quotes a string for sh.
fn sh(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

fn absolute(p: &Path) -> Result<PathBuf> {
    Ok(if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir()?.join(p)
    })
}

fn slurm_cmd(args: SlurmArgs, ctx: &Context) -> Result<ExitCode> {
    let l = load(&args.file)?;
    if args.of == 0 {
        bail!("--of 0: give the number of array tasks, at least 1");
    }
    if args.max_running == Some(0) {
        bail!("--max-running 0: give at least 1");
    }
    let first = l.open(0)?;
    l.resolve_on(&first)?;
    let n_blocks = l.plan.n_blocks();
    if args.of > n_blocks {
        ctx.note(format_args!(
            "note: {} tasks for {n_blocks} blocks of draws: {} tasks will have nothing to do \
             (lower --of, or lower batch in the sweep file)",
            args.of,
            args.of - n_blocks
        ));
    }
    let file = absolute(&args.file)?;
    let dir = absolute(&args.out)?;
    let bin = match &args.bin {
        Some(b) => b.clone(),
        None => std::env::current_exe()?,
    };
    claim_folder(&dir, &l.plan, args.of)?;
    let logs = dir.join("logs");
    autopact_data::create_dir_all(&logs)?;
    let (f, d, b) = (
        sh(&file.display().to_string()),
        sh(&dir.display().to_string()),
        sh(&bin.display().to_string()),
    );
    let partition = args
        .partition
        .as_ref()
        .map(|p| format!("#SBATCH --partition={p}\n"))
        .unwrap_or_default();
    let throttle = args
        .max_running
        .map(|k| format!("%{k}"))
        .unwrap_or_default();
    let merged = match args.merge_format {
        MergeFormat::Csv => "merged.csv",
        MergeFormat::Parquet => "merged.parquet",
    };
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
        file = file.display(),
        hash = l.plan.sweep_sha256,
        cells = l.plan.n_cells(),
        last = args.of - 1,
        of = args.of,
        mem = args.mem,
        time = args.time,
        logs = logs.display(),
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
        mem = args.mem,
        time = args.time,
        logs = logs.display(),
        out = sh(&dir.join(merged).display().to_string()),
    );
    let array_path = dir.join("sweep-array.sbatch");
    let merge_path = dir.join("sweep-merge.sbatch");
    let submit = format!(
        "#!/bin/sh\n\
         # Submits the array, then the merge to run after every task succeeded.\n\
         set -eu\n\
         array=$(sbatch --parsable {a})\n\
         array=${{array%%;*}}\n\
         merge=$(sbatch --parsable --dependency=afterok:\"$array\" {m})\n\
         echo \"array job $array, merge job ${{merge%%;*}}\"\n",
        a = sh(&array_path.display().to_string()),
        m = sh(&merge_path.display().to_string()),
    );
    let submit_path = dir.join("submit.sh");
    for (p, text) in [
        (&array_path, &array),
        (&merge_path, &merge),
        (&submit_path, &submit),
    ] {
        autopact_data::write_atomically(p, |tmp| {
            autopact_data::write_bytes(tmp, text.as_bytes())?;
            autopact_data::set_executable(tmp)
        })?;
    }
    println!("{}", array_path.display());
    println!("{}", merge_path.display());
    println!("{}", submit_path.display());
    ctx.note(format_args!(
        "submit with: sh {}  (then `squeue --me`; results in {})",
        submit_path.display(),
        dir.join(merged).display()
    ));
    Ok(ExitCode::SUCCESS)
}
