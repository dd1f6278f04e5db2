//! Errors of the data layer.
//!
//! Every error a user can cause with a bad file names the file, and — where
//! it is about one cell — the 1-based line and the column (label and
//! number), plus what to do about it. That is the [`DataError::Located`]
//! variant, built on [`autopact_core::Located`] so that every crate speaks
//! about places in inputs the same way. Errors of the math crate that come
//! out of validating a table ([`MrioError`]) are wrapped with the source
//! they came from.
//!
//! The policy, for this crate and the library crates below it:
//!
//! - **A typed error** (a variant here, or the lower crate's own error
//!   wrapped: link, sweep, scenario) for everything a caller may want to
//!   tell apart or point at: a place in a file, a file or folder, a month
//!   outside the shipped data, a table a format cannot hold. Each variant
//!   carries the values it is about, never only a sentence, and
//!   [`DataError::field`] names the request field at fault when there is
//!   one — front ends match on variants, not on wording.
//! - **`anyhow`** only in the binaries and the facade's front-end steps
//!   (`autopact-cli`, `autopact-server`, `autopact::frontend`), to add the
//!   flag or file a step was working on (`.context("--law DIR")`) on the
//!   way out. A library crate returns its own type.
//! - Messages are written once, in the `#[error]` attribute, for a person
//!   at the command line; tests assert on them.

use autopact_core::{Located, Location};
use autopact_mrio::MrioError;
use thiserror::Error;

/// What can go wrong reading or writing data files.
#[derive(Debug, Error)]
pub enum DataError {
    /// A problem at a known place in an input (file, line, column).
    #[error("{0}")]
    Located(#[from] Located),
    /// The operating system refused a read or write.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: String,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The table read from `source` is not a valid MRIO system.
    #[error("{file}: {error}")]
    Mrio {
        /// File or folder the table came from.
        file: String,
        /// What the validation found.
        error: MrioError,
    },
    /// A table or result that the output format cannot hold.
    #[error("{file}: {reason}")]
    CannotWrite {
        /// The file or folder being written.
        file: String,
        /// What does not fit the format.
        reason: Unwritable,
    },
    /// The XLSX writer failed.
    #[error("cannot write the XLSX workbook: {0}")]
    Xlsx(rust_xlsxwriter::XlsxError),
    /// A trade month outside the shipped trade data.
    #[error("no shipped trade data for month {month:?}: the data cover {first} to {last}")]
    MonthNotShipped {
        /// The month asked for (`YYYY-MM`).
        month: String,
        /// The first shipped month.
        first: &'static str,
        /// The last shipped month.
        last: &'static str,
    },
    /// No HTS → sector concordance for a table's sectors.
    #[error(
        "no HTS → sector concordance for this table's sectors ({}…): autopact has them for WIOD's 35 industries (c1…c35) and the OECD ICIO 2023 layout (45 industries)",
        .sectors.iter().take(4).cloned().collect::<Vec<_>>().join(", ")
    )]
    NoSectorConcordance {
        /// The table's sectors.
        sectors: Vec<String>,
    },
    /// A law folder without measure files.
    #[error("{folder}: no .toml measure files in this folder")]
    NotALawFolder {
        /// The folder.
        folder: String,
    },
    /// A BEA-layout (national) table folder without one of its files.
    #[error(
        "the table has no {name}.csv.gz (or {name}.csv): a BEA-layout folder needs {}",
        .required.join(", ")
    )]
    NationalFileMissing {
        /// The file's stem.
        name: String,
        /// Every file such a folder needs.
        required: &'static [&'static str],
    },
    /// Scope lists built from the scope folder that do not parse.
    #[error("built scope lists do not parse: {reason}")]
    ScopeListsUnreadable {
        /// What the law's parser said.
        reason: String,
    },
    /// Built scope lists that do not parse together with the hand-kept
    /// part of the list file.
    #[error("{file}: the built lists and the hand-kept lists do not read together: {reason}")]
    ScopeListsClash {
        /// The list file.
        file: String,
        /// What the law's parser said.
        reason: String,
    },
    /// A worker thread of a reader ended without a result.
    #[error("{file}: the {thread} thread failed unexpectedly")]
    ThreadFailed {
        /// The file it was reading.
        file: String,
        /// Which thread (`reader`).
        thread: &'static str,
    },
    /// A law date before every shipped trade month, with no weights named.
    #[error(
        "no shipped trade month on or before {date} (the data cover {first} to {last}): pick one with --weights YYYY-MM or give a file"
    )]
    NoMonthBefore {
        /// The law date.
        date: String,
        /// The first shipped month.
        first: String,
        /// The last shipped month.
        last: String,
    },
    /// One month of a monthly series failed.
    #[error("month {month}: {source}")]
    InMonth {
        /// The month (YYYY-MM).
        month: String,
        /// Why.
        source: Box<DataError>,
    },
    /// A sweep's table that cannot be read.
    #[error("{sweep}: cannot read table {table:?}: {source}")]
    SweepTable {
        /// The sweep file.
        sweep: String,
        /// The table as the sweep names it.
        table: String,
        /// Why.
        source: Box<DataError>,
    },
    /// A sweep's table whose Leontief system cannot be solved.
    #[error("cannot solve the table {table}: {source}")]
    Unsolvable {
        /// The table's name.
        table: String,
        /// The solver's reason.
        source: autopact_mrio::MrioError,
    },
    /// The law-to-economy link refused its inputs.
    #[error("{0}")]
    Link(#[from] autopact_link::LinkError),
    /// A sweep file, folder or shard that cannot be used.
    #[error("{0}")]
    Sweep(#[from] autopact_sweep::SweepError),
    /// A scenario file that cannot be used.
    #[error("{0}")]
    Scenario(#[from] autopact_scenario::ScenarioError),
}

impl DataError {
    /// A located error: `location: message`.
    pub fn at(location: Location, message: impl Into<String>) -> Self {
        DataError::Located(Located {
            location,
            message: message.into(),
        })
    }

    /// An IO error on `path`.
    pub fn io(path: impl Into<String>, source: std::io::Error) -> Self {
        DataError::Io {
            path: path.into(),
            source,
        }
    }

    /// The request field at fault, when there is one: `weights` (a trade
    /// month outside the shipped data), `law` (a law folder), or the field
    /// a wrapped link or sweep error names.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            DataError::MonthNotShipped { .. } => Some("weights"),
            DataError::NoMonthBefore { .. } => Some("date"),
            DataError::InMonth { source, .. } => source.field(),
            DataError::NotALawFolder { .. } => Some("law"),
            DataError::Link(e) => e.about().map(|f| f.name()),
            DataError::Sweep(e) => e.field(),
            _ => None,
        }
    }

    /// The location of a located error, if any.
    pub fn location(&self) -> Option<&Location> {
        match self {
            DataError::Located(l) => Some(&l.location),
            _ => None,
        }
    }
}

/// Result alias of this crate.
pub type Result<T, E = DataError> = std::result::Result<T, E>;

/// What an output format cannot hold.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum Unwritable {
    /// An ICIO region label with an underscore.
    #[error(
        "cannot write this table as an ICIO CSV: region {0:?} contains an underscore, and ICIO labels split at the first one"
    )]
    IcioRegion(String),
    /// An ICIO final-demand category of the pseudo-region ALL with an
    /// underscore.
    #[error(
        "cannot write this table as an ICIO CSV: final-demand category {0:?} of the pseudo-region ALL contains an underscore"
    )]
    IcioCategory(String),
    /// An ICIO final-demand column whose label another column or row has.
    #[error(
        "cannot write this table as an ICIO CSV: final-demand column {0:?} repeats another label"
    )]
    IcioFinalDemandLabel(String),
    /// An ICIO factor-input row whose label another row or column has.
    #[error("cannot write this table as an ICIO CSV: factor-input row {0:?} repeats another label")]
    IcioFactorInputLabel(String),
    /// A pymrio system result without one row per region-sector.
    #[error("result {key} has {rows} rows; a system result needs one per region-sector ({n})")]
    ResultRows {
        /// The result's key.
        key: String,
        /// Its rows.
        rows: usize,
        /// Region-sectors of the table.
        n: usize,
    },
    /// A pymrio system result neither square nor one column.
    #[error("result {key} has {columns} columns; expected {n} or 1")]
    ResultColumns {
        /// The result's key.
        key: String,
        /// Its columns.
        columns: usize,
        /// Region-sectors of the table.
        n: usize,
    },
    /// A pymrio extension result not stressors × region-sectors.
    #[error(
        "result {key} of extension {extension} is {rows} × {columns}; expected {stressors} × {n}"
    )]
    ExtensionResultShape {
        /// The result's key.
        key: String,
        /// The extension.
        extension: String,
        /// Its rows.
        rows: usize,
        /// Its columns.
        columns: usize,
        /// The extension's stressors.
        stressors: usize,
        /// Region-sectors of the table.
        n: usize,
    },
    /// Two pymrio extensions whose names give the same folder.
    #[error("two extensions would share the folder {0:?}")]
    ExtensionFolderShared(String),
    /// A satellite extension whose columns are not the table's.
    #[error(
        "extension {extension:?} does not fit the table ({columns} columns, the table has {n})"
    )]
    ExtensionDoesNotFit {
        /// The extension.
        extension: String,
        /// Its columns.
        columns: usize,
        /// Region-sectors of the table.
        n: usize,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unwritable(file: &str, reason: Unwritable) -> String {
        DataError::CannotWrite {
            file: file.into(),
            reason,
        }
        .to_string()
    }

    #[test]
    fn messages_name_the_values_they_carry() {
        let e = DataError::MonthNotShipped {
            month: "2019-01".into(),
            first: "2024-01",
            last: "2025-10",
        };
        assert_eq!(
            e.to_string(),
            "no shipped trade data for month \"2019-01\": the data cover 2024-01 to 2025-10"
        );
        assert_eq!(e.field(), Some("weights"));
        let e = DataError::NotALawFolder {
            folder: "law".into(),
        };
        assert_eq!(e.to_string(), "law: no .toml measure files in this folder");
        assert_eq!(e.field(), Some("law"));
        let sectors: Vec<String> = ["A01", "A02", "A03", "B", "C10T12"]
            .map(String::from)
            .into();
        assert_eq!(
            DataError::NoSectorConcordance { sectors }.to_string(),
            "no HTS → sector concordance for this table's sectors (A01, A02, A03, B…): autopact has them \
             for WIOD's 35 industries (c1…c35) and the OECD ICIO 2023 layout (45 industries)"
        );
        assert_eq!(
            DataError::NationalFileMissing {
                name: "use".into(),
                required: &["use", "make"]
            }
            .to_string(),
            "the table has no use.csv.gz (or use.csv): a BEA-layout folder needs use, make"
        );
        assert_eq!(
            DataError::ScopeListsUnreadable { reason: "r".into() }.to_string(),
            "built scope lists do not parse: r"
        );
        assert_eq!(
            DataError::ScopeListsClash {
                file: "l.txt".into(),
                reason: "r".into()
            }
            .to_string(),
            "l.txt: the built lists and the hand-kept lists do not read together: r"
        );
        assert_eq!(
            DataError::ThreadFailed {
                file: "t.csv".into(),
                thread: "reader"
            }
            .to_string(),
            "t.csv: the reader thread failed unexpectedly"
        );
    }

    #[test]
    fn the_law_wedges_and_sweep_errors_keep_their_words_and_fields() {
        let early = DataError::NoMonthBefore {
            date: "2024-01-01".into(),
            first: "2025-01".into(),
            last: "2026-02".into(),
        };
        assert_eq!(
            early.to_string(),
            "no shipped trade month on or before 2024-01-01 (the data cover 2025-01 to 2026-02): pick one with --weights YYYY-MM or give a file"
        );
        assert_eq!(early.field(), Some("date"));
        let month = DataError::InMonth {
            month: "2025-03".into(),
            source: Box::new(early),
        };
        assert!(
            month
                .to_string()
                .starts_with("month 2025-03: no shipped trade month")
        );
        assert_eq!(month.field(), Some("date"));
        let table = DataError::SweepTable {
            sweep: "s.toml".into(),
            table: "t.csv".into(),
            source: Box::new(DataError::NotALawFolder { folder: "x".into() }),
        };
        assert!(
            table
                .to_string()
                .starts_with("s.toml: cannot read table \"t.csv\": ")
        );
        assert_eq!(table.field(), None);
    }

    #[test]
    fn a_table_a_format_cannot_hold_says_what_does_not_fit() {
        let icio = "t.csv: cannot write this table as an ICIO CSV: ";
        assert_eq!(
            unwritable("t.csv", Unwritable::IcioRegion("U_S".into())),
            format!(
                "{icio}region \"U_S\" contains an underscore, and ICIO labels split at the first one"
            )
        );
        assert_eq!(
            unwritable("t.csv", Unwritable::IcioCategory("a_b".into())),
            format!(
                "{icio}final-demand category \"a_b\" of the pseudo-region ALL contains an underscore"
            )
        );
        assert_eq!(
            unwritable("t.csv", Unwritable::IcioFinalDemandLabel("x".into())),
            format!("{icio}final-demand column \"x\" repeats another label")
        );
        assert_eq!(
            unwritable("t.csv", Unwritable::IcioFactorInputLabel("x".into())),
            format!("{icio}factor-input row \"x\" repeats another label")
        );
        assert_eq!(
            unwritable(
                "p",
                Unwritable::ResultRows {
                    key: "M".into(),
                    rows: 2,
                    n: 4
                }
            ),
            "p: result M has 2 rows; a system result needs one per region-sector (4)"
        );
        assert_eq!(
            unwritable(
                "p",
                Unwritable::ResultColumns {
                    key: "M".into(),
                    columns: 2,
                    n: 4
                }
            ),
            "p: result M has 2 columns; expected 4 or 1"
        );
        assert_eq!(
            unwritable(
                "p",
                Unwritable::ExtensionResultShape {
                    key: "M".into(),
                    extension: "air".into(),
                    rows: 2,
                    columns: 3,
                    stressors: 1,
                    n: 4
                }
            ),
            "p: result M of extension air is 2 × 3; expected 1 × 4"
        );
        assert_eq!(
            unwritable("p", Unwritable::ExtensionFolderShared("air".into())),
            "p: two extensions would share the folder \"air\""
        );
        assert_eq!(
            unwritable(
                "s.csv",
                Unwritable::ExtensionDoesNotFit {
                    extension: "air".into(),
                    columns: 3,
                    n: 4
                }
            ),
            "s.csv: extension \"air\" does not fit the table (3 columns, the table has 4)"
        );
    }
}
