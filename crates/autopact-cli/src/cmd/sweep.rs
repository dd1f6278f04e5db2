//! `autopact sweep run|merge|slurm`: scenario sweeps with uncertainty,
//! sharded so that any scheduler handing out an index can run them.
//!
//! The sweep folder (`--out DIR`) holds `sweep.json` (the plan every shard
//! and the merge agree on: the sweep hash, the cells, the shard count) and
//! one `shard-IIIII-of-NNNNN.parquet` per shard, each written to a
//! temporary file and renamed, so a shard file is whole or absent. A rerun
//! skips shards already complete (resumable).
//!
//! Flags → `autopact_data::sweep` (files) and `autopact_sweep::driver`
//! (the folder's rules, the shard computation, the scripts) → notes. Only
//! the `--jobs` process pool lives here: it starts this binary.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use autopact_data::sweep::{TableFormat, check_folder, claim_folder, load_sweep, merge_folder};
use autopact_sweep::driver::{SlurmOptions, check_index};
use clap::{Args as ClapArgs, Subcommand, ValueEnum};

use super::Context;

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

fn tool() -> String {
    format!("autopact {}", env!("CARGO_PKG_VERSION"))
}

fn run_cmd(args: RunArgs, ctx: &Context) -> Result<ExitCode> {
    let l = load_sweep(&args.file)?;
    match (args.index, args.jobs) {
        (Some(index), _) => {
            let of = args.of.expect("clap requires --of");
            check_index(index, of)?;
            check_folder(&args.out, &l.plan, of)?;
            autopact_data::sweep::run_shard(&l, index, of, &args.out, &tool(), &|m| ctx.note(m))?;
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

/// Runs every shard in child processes, `jobs` at a time, each on one
/// thread (the processes are the parallelism).
fn run_all(file: &Path, dir: &Path, of: u64, jobs: u64, ctx: &Context) -> Result<()> {
    let exe = std::env::current_exe().context("cannot find the autopact binary to start")?;
    let mut running: Vec<(u64, std::process::Child)> = Vec::new();
    let mut failed: Vec<u64> = Vec::new();
    let mut next = 0;
    let progress = crate::progress::bar(ctx, of, "shards");
    let note = |m: String| match &progress {
        Some(p) => p.println(m),
        None => ctx.note(m),
    };
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
            note(format!("shard {index} of {of} done"));
        } else {
            failed.push(index);
        }
        if let Some(p) = &progress {
            p.inc();
        }
    }
    drop(progress);
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

fn table_format(f: MergeFormat) -> TableFormat {
    match f {
        MergeFormat::Csv => TableFormat::Csv,
        MergeFormat::Parquet => TableFormat::Parquet,
    }
}

fn merge_cmd(args: MergeArgs, ctx: &Context) -> Result<ExitCode> {
    let m = merge_folder(
        &args.dir,
        &args.out,
        args.format.map(table_format),
        args.summary.as_deref(),
    )?;
    ctx.note(format_args!(
        "merged {} shards, {} cells, {} rows → {}; summary → {}",
        m.shards,
        m.cells,
        m.rows,
        args.out.display(),
        m.summary.display()
    ));
    Ok(ExitCode::SUCCESS)
}

fn absolute(p: &Path) -> Result<PathBuf> {
    Ok(if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir()?.join(p)
    })
}

fn slurm_cmd(args: SlurmArgs, ctx: &Context) -> Result<ExitCode> {
    let l = load_sweep(&args.file)?;
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
    let options = SlurmOptions {
        file: file.display().to_string(),
        dir: dir.display().to_string(),
        bin: bin.display().to_string(),
        merged_name: match args.merge_format {
            MergeFormat::Csv => "merged.csv",
            MergeFormat::Parquet => "merged.parquet",
        }
        .into(),
        of: args.of,
        max_running: args.max_running,
        partition: args.partition.clone(),
        time: args.time.clone(),
        mem: args.mem.clone(),
    };
    let (paths, merged) = autopact_data::sweep::write_slurm(&l.plan, &dir, &options)?;
    for p in &paths {
        println!("{}", p.display());
    }
    ctx.note(format_args!(
        "submit with: sh {}  (then `squeue --me`; results in {})",
        paths[2].display(),
        merged.display()
    ));
    Ok(ExitCode::SUCCESS)
}
