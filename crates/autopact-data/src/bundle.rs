//! Table bundles: an ICIO wide CSV plus its satellites and provenance, and
//! the built-in default table.
//!
//! The ICIO layout has no room for satellite accounts or for a dataset's
//! history, so `autopact aggregate` writes up to three files that travel
//! together:
//!
//! * `NAME.csv.gz` — the table (ICIO wide CSV);
//! * `NAME_satellites.csv.gz` — its satellite accounts in the wide
//!   extensions layout (`extension,stressor,compartment,unit,<labels…>`);
//! * `NAME_provenance.json` — name, source, year, unit, citation, licence
//!   and the history of every step that produced it.
//!
//! Opening `NAME.csv.gz` picks up the two sidecars when they sit next to it
//! (and says so in the history). The bundle's SHA-256 covers the table and
//! its satellites, so a scenario pinned to it notices a change to either.
//!
//! The built-in default table is such a bundle, embedded in the binary
//! (see `data/README.md` for how it is built).

use std::io::Write;
use std::path::{Path, PathBuf};

use autopact_core::{HistoryKind, Provenance};
use autopact_mrio::{Extension, Mrio};
use flate2::{Compression, GzBuilder};
use sha2::{Digest, Sha256};

use crate::csvline::{fmt_f64, quote};
use crate::error::{DataError, Result};
use crate::source::{Input, hex, read_text};
use crate::{ReadOptions, icio};

/// The built-in table (see `data/README.md`).
const DEFAULT_TABLE: &[u8] = include_bytes!("../default/na10_wiod2008.csv.gz");
const DEFAULT_SATELLITES: &[u8] = include_bytes!("../default/na10_wiod2008_satellites.csv.gz");
const DEFAULT_PROVENANCE: &str = include_str!("../default/na10_wiod2008_provenance.json");

/// Sidecar paths of a table file `NAME.csv[.gz]`.
pub fn sidecars(table: &Path) -> (PathBuf, PathBuf) {
    let file = table
        .file_name()
        .map(|f| f.to_string_lossy().to_string())
        .unwrap_or_default();
    let stem = file
        .strip_suffix(".csv.gz")
        .or_else(|| file.strip_suffix(".csv"))
        .or_else(|| file.strip_suffix(".gz"))
        .unwrap_or(&file)
        .to_string();
    let dir = table.parent().unwrap_or(Path::new(""));
    (
        dir.join(format!("{stem}_satellites.csv.gz")),
        dir.join(format!("{stem}_provenance.json")),
    )
}

/// Reads an ICIO table and, when present, its satellite and provenance
/// sidecars.
pub fn read_table_bundle(path: &Path, opts: &ReadOptions) -> Result<Mrio> {
    let mut m = icio::read_icio(path, opts)?;
    let (sat, prov) = sidecars(path);
    let satellites = if sat.is_file() {
        Some((
            sat.display().to_string(),
            std::fs::read(&sat).map_err(|e| DataError::io(sat.display().to_string(), e))?,
        ))
    } else {
        None
    };
    let provenance = if prov.is_file() {
        Some((prov.display().to_string(), crate::read_text(&prov)?))
    } else {
        None
    };
    let table_sha = m.provenance().sha256.clone().unwrap_or_default();
    attach(
        &mut m,
        &table_sha,
        satellites.as_ref().map(|(n, b)| (n.as_str(), b.as_slice())),
        provenance.as_ref().map(|(n, t)| (n.as_str(), t.as_str())),
    )?;
    Ok(m)
}

/// The table built into autopact: WIOD 2013 release, 2008, aggregated to
/// ten regions around North America, with employment.
pub fn default_table() -> Result<Mrio> {
    let name = "built-in table na10_wiod2008.csv.gz";
    let mut m = icio::read_icio_bytes(name, DEFAULT_TABLE, &ReadOptions::default())?;
    let sha = hex(&Sha256::digest(DEFAULT_TABLE));
    attach(
        &mut m,
        &sha,
        Some((
            "built-in na10_wiod2008_satellites.csv.gz",
            DEFAULT_SATELLITES,
        )),
        Some(("built-in na10_wiod2008_provenance.json", DEFAULT_PROVENANCE)),
    )?;
    Ok(m)
}

/// Adds satellites and provenance to a freshly read table, and sets the
/// bundle hash sha256(table sha256 ‖ satellites bytes).
fn attach(
    m: &mut Mrio,
    table_sha: &str,
    satellites: Option<(&str, &[u8])>,
    provenance: Option<(&str, &str)>,
) -> Result<()> {
    let read_history = m.provenance().history.clone();
    if let Some((name, text)) = provenance {
        let p: Provenance = serde_json::from_str(text).map_err(|e| {
            DataError::at(
                autopact_core::Location::source(name)
                    .at_row(e.line() as u64)
                    .at_column(e.column().to_string()),
                format!("not a provenance file: {e}"),
            )
        })?;
        let current = m.provenance_mut();
        let source = current.source.clone();
        *current = p;
        current.source = source;
        current.history.extend(read_history);
        current.record(HistoryKind::Fileio, format!("read provenance from {name}"));
    }
    let mut hasher = Sha256::new();
    hasher.update(table_sha.as_bytes());
    if let Some((name, bytes)) = satellites {
        let (text, _) = read_text(&Input::Bytes {
            name: name.to_string(),
            data: bytes,
        })?;
        let exts = crate::satellite::wide_from_text(name, &text, m)?;
        for e in exts {
            let label = e.name.clone();
            m.add_extension(e).map_err(|error| DataError::Mrio {
                file: name.to_string(),
                error,
            })?;
            m.provenance_mut().record(
                HistoryKind::Fileio,
                format!("read satellite account {label:?} from {name}"),
            );
        }
        hasher.update(bytes);
    }
    m.provenance_mut().sha256 = Some(if satellites.is_some() {
        hex(&hasher.finalize())
    } else {
        table_sha.to_string()
    });
    Ok(())
}

/// Writes a table bundle: the ICIO CSV at `path` (gzip when it ends in
/// `.gz`), the satellites sidecar when the table has extensions, and the
/// provenance sidecar. Deterministic bytes.
pub fn write_table_bundle(path: &Path, m: &Mrio) -> Result<()> {
    icio::write_icio(path, m)?;
    let (sat, prov) = sidecars(path);
    if !m.extensions().is_empty() {
        let mut text = Vec::new();
        write_wide_extensions(&mut text, m, m.extensions())
            .map_err(|e| DataError::io(sat.display().to_string(), e))?;
        let mut gz = GzBuilder::new()
            .mtime(0)
            .write(Vec::new(), Compression::new(9));
        gz.write_all(&text)
            .and_then(|_| gz.flush())
            .map_err(|e| DataError::io(sat.display().to_string(), e))?;
        let bytes = gz
            .finish()
            .map_err(|e| DataError::io(sat.display().to_string(), e))?;
        crate::write_bytes(&sat, &bytes)?;
    }
    let json = serde_json::to_string_pretty(m.provenance()).expect("serializable") + "\n";
    crate::write_bytes(&prov, json.as_bytes())
}

/// Writes satellite accounts in the wide layout
/// `extension,stressor,compartment,unit,<region-sector labels…>,<final-demand labels…>`.
pub fn write_wide_extensions(
    w: &mut dyn Write,
    m: &Mrio,
    exts: &[Extension],
) -> std::io::Result<()> {
    let mut head = vec![
        "extension".to_string(),
        "stressor".into(),
        "compartment".into(),
        "unit".into(),
    ];
    head.extend((0..m.n()).map(|i| m.label(i)));
    let with_fd = exts.iter().any(|e| e.f_y.is_some());
    if with_fd {
        head.extend((0..m.final_demand().len()).map(|k| m.fd_label(k)));
    }
    let line: Vec<String> = head.iter().map(|h| quote(h).into_owned()).collect();
    writeln!(w, "{}", line.join(","))?;
    for e in exts {
        for (k, s) in e.stressors.iter().enumerate() {
            let mut cells = vec![
                quote(&e.name).into_owned(),
                quote(&s.name).into_owned(),
                quote(s.compartment.as_deref().unwrap_or("")).into_owned(),
                quote(&s.unit).into_owned(),
            ];
            let mut buf = ryu::Buffer::new();
            cells.extend((0..m.n()).map(|j| fmt_f64(e.f[(k, j)], &mut buf).to_string()));
            if with_fd {
                cells.extend((0..m.final_demand().len()).map(|c| {
                    fmt_f64(e.f_y.as_ref().map_or(0.0, |fy| fy[(k, c)]), &mut buf).to_string()
                }));
            }
            writeln!(w, "{}", cells.join(","))?;
        }
    }
    Ok(())
}
