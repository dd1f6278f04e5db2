//! `autopact aggregate`: group regions and sectors with concordance files,
//! optionally attaching a satellite account first
//! (`autopact::satellite`, with its missing-value policy).
//!
//! This is the command that builds autopact's built-in default table from
//! the WIOD 2008 table and the WIOD employment accounts (see
//! `data/README.md` for the exact command line).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use autopact_core::HistoryKind;
use autopact_mrio::{Concordance, aggregate};
use clap::Args as ClapArgs;

use super::Context;
use super::table::TableArgs;

/// Arguments of `autopact aggregate`.
#[derive(Debug, ClapArgs)]
#[command(after_help = "Examples:
  autopact aggregate ICIO2023_2019.csv.gz --regions regions.csv --out na.csv.gz
  (see data/README.md for the command that builds the built-in table)")]
pub struct Args {
    #[command(flatten)]
    table: TableArgs,
    /// Region concordance: CSV `original,group` (header line first).
    #[arg(long, value_name = "MAP")]
    regions: Option<PathBuf>,
    /// Sector concordance: CSV `original,group` (header line first).
    #[arg(long, value_name = "MAP")]
    sectors: Option<PathBuf>,
    /// A satellite in long layout (`region,sector,<columns…>`, e.g. the WIOD
    /// employment files) to attach before aggregating.
    #[arg(long, value_name = "FILE")]
    satellite: Option<PathBuf>,
    /// Name of the satellite account.
    #[arg(long, default_value = "employment", requires = "satellite")]
    satellite_name: String,
    /// A column of the satellite: COLUMN:UNIT[:NAME], e.g.
    /// `persons_engaged_thousands:thousand persons:persons_engaged` (repeatable).
    #[arg(
        long = "satellite-column",
        value_name = "COLUMN:UNIT[:NAME]",
        requires = "satellite"
    )]
    satellite_columns: Vec<String>,
    /// Fill a region the satellite lacks with proxy coefficients:
    /// REGION=PROXY,PROXY,… (output-weighted average of the proxies'
    /// values per unit of output). The reported values are kept as
    /// `<NAME>_reported`.
    #[arg(long, value_name = "REGION=PROXIES", requires = "satellite")]
    impute: Option<String>,
    /// Write the aggregated table here (ICIO wide CSV; gzip when the name
    /// ends in .gz), with `NAME_satellites.csv.gz` and
    /// `NAME_provenance.json` beside it.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// Name of the aggregated table (default: the source's name with the
    /// new dimensions).
    #[arg(long)]
    name: Option<String>,
    /// Description of the aggregated table.
    #[arg(long)]
    description: Option<String>,
}

/// Runs the command.
pub fn run(args: Args, ctx: &Context) -> Result<ExitCode> {
    let mut m = args.table.load(ctx)?;
    if let Some(path) = &args.satellite {
        let request = autopact::satellite::SatelliteRequest {
            name: args.satellite_name.clone(),
            columns: args.satellite_columns.clone(),
            impute: args.impute.clone(),
        };
        autopact::satellite::attach(&mut m, path, &request)?;
    }
    let regions = match &args.regions {
        Some(p) => autopact_data::read_concordance(p)?,
        None => Concordance::identity(m.regions()),
    };
    let sectors = match &args.sectors {
        Some(p) => autopact_data::read_concordance(p)?,
        None => Concordance::identity(m.sectors()),
    };
    let mut agg = aggregate(&m, &regions, &sectors).with_context(|| {
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
    let file = |p: &Option<PathBuf>| {
        p.as_ref()
            .and_then(|p| p.file_name())
            .map_or("identity".to_string(), |f| f.to_string_lossy().to_string())
    };
    agg.provenance_mut().record(
        HistoryKind::Note,
        format!(
            "built by `autopact aggregate` {} with regions {} and sectors {}",
            env!("CARGO_PKG_VERSION"),
            file(&args.regions),
            file(&args.sectors)
        ),
    );
    let name = match &args.name {
        Some(n) => n.clone(),
        None => format!(
            "{}, aggregated to {} regions × {} sectors",
            m.provenance().name,
            agg.n_regions(),
            agg.n_sectors()
        ),
    };
    let p = agg.provenance_mut();
    p.name = name;
    if let Some(d) = &args.description {
        p.description = d.clone();
    }
    autopact_data::write_table_bundle(&args.out, &agg)?;
    ctx.note(format_args!(
        "wrote {} ({} regions × {} sectors, {} satellite account(s))",
        args.out.display(),
        agg.n_regions(),
        agg.n_sectors(),
        agg.extensions().len()
    ));
    Ok(ExitCode::SUCCESS)
}
