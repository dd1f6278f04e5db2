//! Attaching a satellite account (employment, emissions …) to a table
//! before it is aggregated (`autopact aggregate --satellite`), with the
//! missing-value policy.
//!
//! Why a policy: a satellite file that lacks a region-sector is a zero in
//! the account, and a zero that means "we had no data" is a wrong number.
//! So a value may be missing only where the table has no output (nothing
//! to count), or in a region the user imputes by proxies
//! (`--impute REGION=PROXIES`: the output-weighted average of the
//! proxies' values per unit of output, eq. in docs/methodology/jobs.md),
//! whose reported values are kept beside the imputed ones as
//! `NAME_reported`. Anything else is refused, naming the file and up to
//! ten region-sectors.

use std::path::Path;

use anyhow::{Result, bail};
use autopact_core::HistoryKind;
use autopact_data::satellite::{LongSpec, Missing, read_long_satellite};
use autopact_mrio::{Extension, Mrio, Stressor, impute_by_proxy};

/// What to attach.
#[derive(Debug, Clone)]
pub struct SatelliteRequest {
    /// The satellite account's name (`employment`).
    pub name: String,
    /// Its columns: `COLUMN:UNIT[:NAME]` each.
    pub columns: Vec<String>,
    /// `REGION=PROXY,PROXY,…`: a region the file lacks, filled by proxies.
    pub impute: Option<String>,
}

/// Reads the satellite in long layout (`region,sector,<columns…>`) at
/// `path` and attaches it to `m` under the missing-value policy (module
/// docs), recording what was done in the table's provenance.
pub fn attach(m: &mut Mrio, path: &Path, args: &SatelliteRequest) -> Result<()> {
    if args.columns.is_empty() {
        bail!("--satellite needs at least one --satellite-column COLUMN:UNIT[:NAME]");
    }
    let mut columns = Vec::new();
    let mut names = Vec::new();
    for c in &args.columns {
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
            name: args.name.clone(),
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
        name: args.name.clone(),
        stressors,
        f: faer::Mat::from_fn(rows.len(), m.n(), |k, j| rows[k][j]),
        f_y: None,
    };
    m.add_extension(ext)?;
    let p = m.provenance_mut();
    p.record(
        HistoryKind::Fileio,
        format!(
            "attached satellite {:?} from {} (columns {})",
            args.name,
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
