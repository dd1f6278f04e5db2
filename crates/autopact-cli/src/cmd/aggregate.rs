//! `autopact aggregate`: group regions and sectors with concordance files,
//! optionally attaching a satellite account first.
//!
//! This is the command that builds autopact's built-in default table from
//! the WIOD 2008 table and the WIOD employment accounts (see
//! `data/README.md` for the exact command line).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use autopact_core::HistoryKind;
use autopact_data::satellite::{LongSpec, Missing, read_long_satellite};
use autopact_mrio::{Concordance, Extension, Mrio, Stressor, aggregate, impute_by_proxy};
use clap::Args as ClapArgs;
use faer::Mat;

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
        attach_satellite(&mut m, &args, path)?;
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

fn attach_satellite(m: &mut Mrio, args: &Args, path: &std::path::Path) -> Result<()> {
    if args.satellite_columns.is_empty() {
        bail!("--satellite needs at least one --satellite-column COLUMN:UNIT[:NAME]");
    }
    let mut columns = Vec::new();
    let mut names = Vec::new();
    for c in &args.satellite_columns {
        let parts: Vec<&str> = c.splitn(3, ':').collect();
        if parts.len() < 2 || parts[0].is_empty() || parts[1].is_empty() {
            bail!("--satellite-column {c:?}: write COLUMN:UNIT or COLUMN:UNIT:NAME");
        }
        columns.push((parts[0].to_string(), parts[1].to_string()));
        names.push(parts.get(2).unwrap_or(&parts[0]).to_string());
    }
    let impute = match &args.impute {
        None => None,
        Some(spec) => {
            let Some((target, proxies)) = spec.split_once('=') else {
                bail!("--impute {spec:?}: write REGION=PROXY,PROXY,…");
            };
            let t = m.region_index(target)?;
            let p: Vec<usize> = proxies
                .split(',')
                .map(|r| m.region_index(r.trim()))
                .collect::<Result<_, _>>()?;
            Some((t, p, target.to_string(), proxies.to_string()))
        }
    };
    let sat = read_long_satellite(
        path,
        m,
        &LongSpec {
            name: args.satellite_name.clone(),
            columns: columns.clone(),
            missing: Missing::ZeroFill,
        },
    )?;
    // Missing values other than the imputed region's must not pass silently.
    let target_label = impute.as_ref().map(|(_, _, t, _)| format!("{t}_"));
    let unexpected: Vec<String> = sat
        .missing
        .iter()
        .filter(|v| {
            target_label
                .as_ref()
                .is_none_or(|t| !v.label.starts_with(t.as_str()))
        })
        .filter(|v| {
            let i = (0..m.n()).find(|&i| m.label(i) == v.label);
            i.is_some_and(|i| m.x()[i] != 0.0)
        })
        .map(|v| format!("{} {}", v.label, v.column))
        .collect();
    if !unexpected.is_empty() {
        bail!(
            "{}: no value for {} region-sector(s) that have output: {}; fill them in the file or use --impute",
            path.display(),
            unexpected.len(),
            unexpected
                .iter()
                .take(10)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let mut stressors = Vec::new();
    let mut rows: Vec<Vec<f64>> = Vec::new();
    for (k, ((_, unit), name)) in columns.iter().zip(&names).enumerate() {
        let flow: Vec<f64> = (0..m.n()).map(|j| sat.extension.f[(k, j)]).collect();
        match &impute {
            Some((t, p, _, _)) => {
                let (filled, left_zero) = impute_by_proxy(m, &flow, *t, p);
                if !left_zero.is_empty() {
                    bail!(
                        "--impute: the proxies have no output in some sectors the target has; choose other proxies"
                    );
                }
                stressors.push(Stressor::new(name.clone(), unit.clone()));
                rows.push(filled);
                stressors.push(Stressor::new(format!("{name}_reported"), unit.clone()));
                rows.push(flow);
            }
            None => {
                stressors.push(Stressor::new(name.clone(), unit.clone()));
                rows.push(flow);
            }
        }
    }
    let ext = Extension {
        name: args.satellite_name.clone(),
        stressors,
        f: Mat::from_fn(rows.len(), m.n(), |k, j| rows[k][j]),
        f_y: None,
    };
    m.add_extension(ext)?;
    let p = m.provenance_mut();
    p.record(
        HistoryKind::Fileio,
        format!(
            "attached satellite {:?} from {} (columns {})",
            args.satellite_name,
            path.display(),
            columns
                .iter()
                .map(|(c, _)| c.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    );
    if let Some(note) = sat.note() {
        p.record(
            HistoryKind::Note,
            format!("{note} (all in sectors without output, or in the imputed region)"),
        );
    }
    if let Some((_, _, target, proxies)) = &impute {
        p.record(
            HistoryKind::Note,
            format!(
                "{} employment imputed: values per unit of output of each sector set to the output-weighted \
                 average of {proxies}; the reported values (0 for {target}) are kept as *_reported",
                target
            ),
        );
    }
    Ok(())
}
