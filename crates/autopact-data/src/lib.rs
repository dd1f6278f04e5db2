//! All of autopact's file formats, and the only crate that touches files.
//!
//! Why one crate: the math (`autopact-mrio`) and the law (`autopact-law`)
//! stay pure and deterministic when nothing but this crate reads or writes
//! (see `docs/ARCHITECTURE.md`). Everything a user can hand autopact comes
//! in here and leaves as a validated [`autopact_mrio::Mrio`] (or a
//! satellite [`autopact_mrio::Extension`]) with its provenance, and every
//! bad input ends as a [`DataError`] naming the file, line and column.
//!
//! * [`icio`] — OECD ICIO wide CSV, every edition 2016–2025 and WIOD in
//!   that layout; plain or gzip; fast (streaming, parallel); and a
//!   deterministic writer.
//! * [`pymrio`] — pymrio's text folders (and so EXIOBASE 3): read and
//!   write, with extensions and the metadata history.
//! * [`satellite`] — satellite accounts (employment, emissions) from wide
//!   or long CSV, matched to a table by label, missing values reported.
//! * [`bom`] — bills of materials (CSV, XLSX) and cost sheets (TOML) for
//!   the USMCA rules-of-origin engine, validated all at once with row and
//!   column;
//! * `write_parquet` — result tables ([`autopact_core::Table`]) as Parquet
//!   (feature `parquet`, on by default).
//! * `write_xlsx` — result tables as an XLSX workbook, one sheet per
//!   table with units, and their provenance.
//! * [`national`] — BEA national input-output tables (built in:
//!   `us-bea-2017`, `us-bea-2024`; or a folder in BEA's layout).
//! * [`open_table`] — the one entry point the CLI uses: a CSV path, a
//!   pymrio folder or `"default"`.
//!
//! ```no_run
//! use autopact_data::{open_table, ReadOptions, SplitMode};
//!
//! // An OECD ICIO 2023 extended table, keeping Mexico's global-manufacturing block.
//! let opts = ReadOptions { split: SplitMode::Keep };
//! let table = open_table("ICIO2023_2019.csv.gz", &opts)?;
//! println!("{} regions × {} sectors", table.n_regions(), table.n_sectors());
//! # Ok::<(), autopact_data::DataError>(())
//! ```

#![deny(missing_docs)]

pub mod bom;
mod bundle;
pub mod collected;
mod concordance;
mod csvline;
mod error;
mod files;
pub mod icio;
mod lawdir;
pub mod national;
#[cfg(feature = "parquet")]
mod parquet_in;
#[cfg(feature = "parquet")]
mod parquet_out;
pub mod pymrio;
pub mod satellite;
pub mod schedule;
pub mod scope;
mod source;
#[cfg(feature = "parquet")]
pub mod sweep;
pub mod trade;
pub mod wedges;
mod xlsx_out;

use std::path::Path;

use autopact_mrio::Mrio;

pub use bundle::{default_table, read_table_bundle, sidecars, write_table_bundle};
pub use concordance::{parse_concordance, read_concordance};
pub use error::{DataError, Result, Unwritable};
pub use files::{
    create_dir_all, read_bytes, read_text, set_executable, write_atomically, write_bytes,
};
pub use lawdir::read_law_dir;
#[cfg(feature = "parquet")]
pub use parquet_in::read_parquet;
#[cfg(feature = "parquet")]
pub use parquet_out::write_parquet;
pub use xlsx_out::{write_xlsx, xlsx_bytes};

/// What to do with the China and Mexico split regions of "extended" ICIO
/// tables (`CN1`, `CN2`, `MX1`, `MX2`; `MX3`, `CN3`, `CN4` in 2016).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SplitMode {
    /// Add the split regions' rows and columns into `CHN` / `MEX` by sector
    /// and drop them, as pymrio, MARIO and exvatools do (default).
    #[default]
    Merge,
    /// Keep `MX1`, `MX2`, `CN1`, `CN2`, … as regions of their own (e.g. to
    /// see Mexico's global-manufacturing block). The `MEX`/`CHN` aggregate
    /// blocks stay, with zero output in extended files.
    Keep,
}

/// Options for reading tables.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// China/Mexico split regions: merge (default) or keep.
    pub split: SplitMode,
}

/// Opens a table from a spec: a path to an ICIO wide CSV (`.csv`,
/// `.csv.gz`, any name: gzip is recognised by content), a folder in
/// pymrio's text format, or `"default"` for the table built into autopact.
pub fn open_table(spec: &str, opts: &ReadOptions) -> Result<Mrio> {
    if spec == "default" {
        return default_table();
    }
    let path = Path::new(spec);
    if path.is_dir() {
        return pymrio::read_pymrio(path);
    }
    if !path.exists() {
        return Err(DataError::io(
            spec,
            std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "no such file or folder (give an ICIO .csv/.csv.gz file, a pymrio folder, or \
                 \"default\")",
            ),
        ));
    }
    read_table_bundle(path, opts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_table_is_built_in() {
        let m = open_table("default", &ReadOptions::default()).unwrap();
        assert_eq!(m.regions().len(), 10);
        assert_eq!(&m.regions()[..3], ["USA", "CAN", "MEX"]);
        assert_eq!(m.n_sectors(), 35);
        assert_eq!(m.provenance().year, Some(2008));
        assert!(m.provenance().citation.contains("Timmer"));
        let emp = m.extension("employment").unwrap();
        assert_eq!(emp.stressors[0].name, "persons_engaged");
        assert!(
            m.provenance()
                .history
                .iter()
                .any(|h| h.text.contains("imputed"))
        );
        assert_eq!(m.provenance().sha256.as_deref().map(str::len), Some(64));
    }

    #[test]
    fn missing_path_is_a_clear_error() {
        let e = open_table("/nonexistent/t.csv", &ReadOptions::default()).unwrap_err();
        let s = e.to_string();
        assert!(
            s.contains("/nonexistent/t.csv") && s.contains("pymrio folder"),
            "{s}"
        );
    }
}
