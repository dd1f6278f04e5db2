//! Bills of materials from CSV and XLSX, and cost sheets from TOML.
//!
//! **BOM format** (CSV with a header line, or an XLSX sheet named `BOM`
//! whose first row is the header). Required columns:
//! `part_id,parent_id,description,hs,origin,originating,supplier,unit_value,qty`.
//! Optional columns: `net_cost, transaction_value, intl_shipping,
//! vnm_declared, high_wage, labor_cost, metal, certificate, designated,
//! core_class, rvc_threshold, tariff_shift` (the last two: the Schedule 1
//! rule of a designated intermediate material in no automotive table —
//! its RVC threshold in percent, and `chapter`, `heading` or `subheading`
//! for its tariff-shift alternative). Exactly one row (the finished good) has an empty
//! `parent_id`. Money is per unit, plain decimals (`1234.50`; no thousands
//! separators). `originating` is `yes`, `no` or empty/`unknown` (treated as
//! non-originating and reported). `origin` is an ISO alpha-2 code or empty.
//!
//! Every problem is reported at once, each with its row and column; the
//! structural checks (one root, known parents, no cycles, no negative
//! values) are the law crate's, shared by every format.

mod cost_sheet;
mod rows;
mod xlsx;

use std::path::Path;

use autopact_core::{Located, Location};
use autopact_law::roo::Bom;

pub use cost_sheet::{parse_cost_sheet, read_cost_sheet};
pub use rows::{OPTIONAL_COLUMNS, REQUIRED_COLUMNS, parse_rows};
pub use xlsx::parse_xlsx;

/// Why a BOM or cost sheet could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// Path.
        path: String,
        /// Cause.
        source: std::io::Error,
    },
    /// The content is invalid; every problem is listed.
    #[error("{} problem(s) in the input:\n{}", .0.len(), .0.iter().map(|e| format!("  {e}")).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<Located>),
}

/// Parses a BOM from CSV bytes. `source` names the input in messages.
pub fn parse_csv(source: &str, bytes: &[u8]) -> Result<Bom, ReadError> {
    let loc = Location::source(source);
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut records = Vec::new();
    let mut errs = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let row = i as u64 + 1;
        match rec {
            Ok(r) => records.push((
                row,
                r.iter().map(|s| s.to_string()).collect::<Vec<String>>(),
            )),
            Err(e) => errs.push(Located {
                location: loc.at_row(row),
                message: format!("not valid CSV: {e}"),
            }),
        }
    }
    if !errs.is_empty() {
        return Err(ReadError::Invalid(errs));
    }
    let mut it = records.into_iter();
    let Some((_, header)) = it.next() else {
        return Err(ReadError::Invalid(vec![Located {
            location: loc,
            message: "empty file: expected a header line".into(),
        }]));
    };
    parse_rows(&loc, &header, it).map_err(ReadError::Invalid)
}

/// Reads a BOM file: `.csv`, or `.xlsx` (sheet `BOM` unless `sheet` is given).
pub fn read_bom(path: &Path, sheet: Option<&str>) -> Result<Bom, ReadError> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| ReadError::Io {
        path: name.clone(),
        source,
    })?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "xlsx" | "xlsm" => parse_xlsx(&name, &bytes, sheet),
        _ => parse_csv(&name, &bytes),
    }
}

#[cfg(test)]
mod tests;
