//! `autopact aggregate`: group regions and sectors with concordance files.
//!
//! This is the command that builds autopact's built-in default table from
//! the WIOD 2008 table (see `data/README.md`).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use autopact_mrio::{Concordance, aggregate};
use clap::Args as ClapArgs;

use super::Context;
use super::table::TableArgs;

/// Arguments of `autopact aggregate`.
#[derive(Debug, ClapArgs)]
pub struct Args {
    #[command(flatten)]
    table: TableArgs,
    /// Region concordance: CSV `original,group` (header line first).
    #[arg(long, value_name = "MAP")]
    regions: Option<PathBuf>,
    /// Sector concordance: CSV `original,group` (header line first).
    #[arg(long, value_name = "MAP")]
    sectors: Option<PathBuf>,
    /// Write the aggregated table here, in the ICIO wide-CSV layout
    /// (gzip-compressed when the name ends in .gz).
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
}

/// Runs the command.
pub fn run(args: Args, ctx: &Context) -> Result<ExitCode> {
    let m = args.table.load(ctx)?;
    let regions = match &args.regions {
        Some(p) => autopact_data::read_concordance(p)?,
        None => Concordance::identity(m.regions()),
    };
    let sectors = match &args.sectors {
        Some(p) => autopact_data::read_concordance(p)?,
        None => Concordance::identity(m.sectors()),
    };
    let agg = aggregate(&m, &regions, &sectors).with_context(|| {
        format!(
            "cannot aggregate with {} / {}",
            args.regions
                .as_ref()
                .map_or("identity".into(), |p| p.display().to_string()),
            args.sectors
                .as_ref()
                .map_or("identity".into(), |p| p.display().to_string())
        )
    })?;
    autopact_data::icio::write_icio(&args.out, &agg)?;
    ctx.note(format_args!(
        "wrote {} ({} regions × {} sectors)",
        args.out.display(),
        agg.n_regions(),
        agg.n_sectors()
    ));
    Ok(ExitCode::SUCCESS)
}
