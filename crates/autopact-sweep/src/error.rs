//! Sweep errors: a place in a file (line and column) and what to do, a
//! run or merge that cannot be carried out as asked, or a shard that
//! cannot be merged.
//!
//! Each variant carries the values it is about (the shard index, the
//! folder, the hashes), so a front end can tell them apart without reading
//! the message, and [`SweepError::field`] names the input at fault. The
//! messages are worded for the command line.

use autopact_core::Location;
use thiserror::Error;

use crate::driver::{MANIFEST, MANIFEST_SCHEMA};

/// What can be wrong with a sweep.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum SweepError {
    /// A sweep file that is not valid, with where.
    #[error("{location}: {message}")]
    Invalid {
        /// Where.
        location: Location,
        /// What, and what to do.
        message: String,
    },
    /// The model failed on a cell.
    #[error("{0}")]
    Model(String),
    /// A shard count of zero.
    #[error("--of 0: give the number of shards, at least 1")]
    ShardCountZero,
    /// A shard index not below the shard count.
    #[error("--index {index} is out of range for --of {count}: indices run from 0 to {}", .count - 1)]
    ShardIndex {
        /// The index asked for.
        index: u64,
        /// The shard count (at least 1).
        count: u64,
    },
    /// A manifest file that does not parse as one.
    #[error("{path}: not a sweep manifest ({reason}); is this a sweep folder?")]
    ManifestUnreadable {
        /// The manifest file.
        path: String,
        /// What the JSON parser said.
        reason: String,
    },
    /// A manifest of another schema.
    #[error(
        "{path}: manifest schema {schema:?}, this autopact reads {:?}",
        MANIFEST_SCHEMA
    )]
    ManifestSchema {
        /// The manifest file.
        path: String,
        /// The schema it names.
        schema: String,
    },
    /// A sweep folder started for another sweep.
    #[error(
        "{folder} holds another sweep (sweep hash {found}, this one is {expected}): the sweep file or a \
         scenario changed since it was started — give another --out folder, or remove this one"
    )]
    FolderHoldsAnotherSweep {
        /// The folder.
        folder: String,
        /// The sweep hash in its manifest.
        found: String,
        /// This sweep's hash.
        expected: String,
    },
    /// A sweep folder started with another shard count.
    #[error(
        "{folder} was started with --of {started}, not {asked}: a sweep keeps its shard count — give \
         --of {started} or another --out folder"
    )]
    FolderShardCount {
        /// The folder.
        folder: String,
        /// The shard count in its manifest.
        started: u64,
        /// The shard count asked for.
        asked: u64,
    },
    /// A folder without a manifest given to the merge.
    #[error(
        "{folder} is not a sweep folder (no {}); give the --out folder of `autopact sweep run`",
        MANIFEST
    )]
    NotASweepFolder {
        /// The folder.
        folder: String,
    },
    /// Shards not yet written when merging.
    #[error(
        "{folder}: {} of {count} shards are missing ({}); run them with `autopact sweep run SWEEP --index I --of {count} --out {folder}`",
        .missing.len(),
        first_twenty(.missing)
    )]
    ShardMissing {
        /// The sweep folder.
        folder: String,
        /// The missing shards' indices, ascending.
        missing: Vec<u64>,
        /// The shard count.
        count: u64,
    },
    /// A shard file whose metadata name another sweep.
    #[error(
        "{file}: belongs to another sweep (sweep hash {found}, this sweep's is {expected}); the sweep \
         file or a scenario changed, or the file was copied from another folder — remove it and rerun \
         shard {index}"
    )]
    ShardFromAnotherSweep {
        /// The shard file.
        file: String,
        /// The shard's index.
        index: u64,
        /// The sweep hash in the shard.
        found: String,
        /// This sweep's hash.
        expected: String,
    },
    /// A shard file that is not whole or not this shard: it must be
    /// deleted and computed again.
    #[error(
        "{file}: {defect}; rerun it with `autopact sweep run SWEEP --index {index} --of {count} --out DIR` \
         after deleting it"
    )]
    ShardIncomplete {
        /// The shard file.
        file: String,
        /// The shard's index.
        index: u64,
        /// The shard count.
        count: u64,
        /// What is wrong with it.
        defect: Box<ShardDefect>,
    },
}

/// What is wrong with a shard file that must be computed again.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum ShardDefect {
    /// No sweep metadata at all.
    #[error("is not an autopact sweep shard (no sweep_sha256 metadata)")]
    NotAShard,
    /// The shard's index or count is not the one its name gives.
    #[error(
        "says it is shard {index:?} of {count:?}, expected {expected_index} of {expected_count}"
    )]
    OtherShard {
        /// The index in its metadata (`?` when absent).
        index: String,
        /// The count in its metadata (`?` when absent).
        count: String,
        /// The index its name gives.
        expected_index: u64,
        /// The count its name gives.
        expected_count: u64,
    },
    /// Columns other than the sweep's.
    #[error("has columns {0:?}, not the sweep's")]
    Columns(Vec<String>),
    /// A table whose size or hash differs from other shards'.
    #[error(
        "ran table {table:?} with {rows} rows per cell and sha256 {sha256}, other shards with \
         {other_rows} rows and sha256 {other_sha256}: the table file changed during the sweep"
    )]
    TableChanged {
        /// The table.
        table: String,
        /// Rows per cell in this shard.
        rows: usize,
        /// The table's hash in this shard.
        sha256: String,
        /// Rows per cell in the other shards.
        other_rows: usize,
        /// The table's hash in the other shards.
        other_sha256: String,
    },
    /// No size recorded for a table the shard has cells of.
    #[error("has no table_n metadata for table {0:?}")]
    NoTableSize(String),
    /// A row that is not the cell the partition puts there.
    #[error(
        "row {row} should be region-sector {region_sector} of table {table:?}, scenario {scenario:?}, \
         draw {draw}; the shard is incomplete or damaged"
    )]
    WrongRow {
        /// The row, 1-based.
        row: usize,
        /// The region-sector it should be, 1-based.
        region_sector: usize,
        /// Its table.
        table: String,
        /// Its scenario.
        scenario: String,
        /// Its draw.
        draw: u32,
    },
    /// More rows than the shard's cells give.
    #[error("has {rows} rows, expected {expected}")]
    RowCount {
        /// Rows in the file.
        rows: usize,
        /// Rows its cells give.
        expected: usize,
    },
}

impl SweepError {
    /// The command-line input at fault, when there is one: `index` and
    /// `of` (the shard and the shard count of `sweep run`), `out` (the
    /// sweep folder of `sweep run` and `sweep slurm`), `dir` (the folder
    /// given to `sweep merge`).
    pub fn field(&self) -> Option<&'static str> {
        match self {
            SweepError::ShardCountZero | SweepError::FolderShardCount { .. } => Some("of"),
            SweepError::ShardIndex { .. } => Some("index"),
            SweepError::FolderHoldsAnotherSweep { .. } => Some("out"),
            SweepError::NotASweepFolder { .. } | SweepError::ShardMissing { .. } => Some("dir"),
            SweepError::Invalid { .. }
            | SweepError::Model(_)
            | SweepError::ManifestUnreadable { .. }
            | SweepError::ManifestSchema { .. }
            | SweepError::ShardFromAnotherSweep { .. }
            | SweepError::ShardIncomplete { .. } => None,
        }
    }
}

/// Up to twenty indices, comma-separated, with `, …` when there are more.
fn first_twenty(indices: &[u64]) -> String {
    let list: Vec<String> = indices.iter().take(20).map(u64::to_string).collect();
    let more = if indices.len() > 20 { ", …" } else { "" };
    format!("{}{more}", list.join(", "))
}

/// Byte spans become line and character column through the one helper
/// every span-reporting parser shares.
pub use autopact_core::span_location;

#[cfg(test)]
mod tests {
    use super::*;

    fn incomplete(defect: ShardDefect) -> String {
        SweepError::ShardIncomplete {
            file: "d/shard-00001-of-00003.parquet".into(),
            index: 1,
            count: 3,
            defect: Box::new(defect),
        }
        .to_string()
    }

    #[test]
    fn messages_name_the_values_they_carry() {
        assert_eq!(
            SweepError::ShardCountZero.to_string(),
            "--of 0: give the number of shards, at least 1"
        );
        let e = SweepError::ShardIndex { index: 4, count: 3 };
        assert_eq!(
            e.to_string(),
            "--index 4 is out of range for --of 3: indices run from 0 to 2"
        );
        assert_eq!(e.field(), Some("index"));
        assert_eq!(
            SweepError::ManifestUnreadable {
                path: "d/sweep.json".into(),
                reason: "EOF".into()
            }
            .to_string(),
            "d/sweep.json: not a sweep manifest (EOF); is this a sweep folder?"
        );
        assert_eq!(
            SweepError::ManifestSchema {
                path: "d/sweep.json".into(),
                schema: "x/v0".into()
            }
            .to_string(),
            "d/sweep.json: manifest schema \"x/v0\", this autopact reads \"autopact.sweep-manifest/v1\""
        );
        let e = SweepError::FolderHoldsAnotherSweep {
            folder: "d".into(),
            found: "aa".into(),
            expected: "bb".into(),
        };
        assert_eq!(
            e.to_string(),
            "d holds another sweep (sweep hash aa, this one is bb): the sweep file or a scenario changed \
             since it was started — give another --out folder, or remove this one"
        );
        assert_eq!(e.field(), Some("out"));
        let e = SweepError::FolderShardCount {
            folder: "d".into(),
            started: 3,
            asked: 4,
        };
        assert_eq!(
            e.to_string(),
            "d was started with --of 3, not 4: a sweep keeps its shard count — give --of 3 or another \
             --out folder"
        );
        assert_eq!(e.field(), Some("of"));
        assert_eq!(
            SweepError::NotASweepFolder { folder: "d".into() }.to_string(),
            "d is not a sweep folder (no sweep.json); give the --out folder of `autopact sweep run`"
        );
        assert_eq!(
            SweepError::ShardMissing {
                folder: "d".into(),
                missing: vec![0, 2],
                count: 3
            }
            .to_string(),
            "d: 2 of 3 shards are missing (0, 2); run them with `autopact sweep run SWEEP --index I --of 3 --out d`"
        );
        let many = SweepError::ShardMissing {
            folder: "d".into(),
            missing: (0..25).collect(),
            count: 30,
        }
        .to_string();
        assert!(
            many.contains(
                "(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, …)"
            )
        );
        assert_eq!(
            SweepError::ShardFromAnotherSweep {
                file: "f".into(),
                index: 1,
                found: "aa".into(),
                expected: "bb".into()
            }
            .to_string(),
            "f: belongs to another sweep (sweep hash aa, this sweep's is bb); the sweep file or a scenario \
             changed, or the file was copied from another folder — remove it and rerun shard 1"
        );
    }

    #[test]
    fn a_shard_to_compute_again_says_what_is_wrong_and_how() {
        let rerun = "; rerun it with `autopact sweep run SWEEP --index 1 --of 3 --out DIR` after deleting it";
        let f = "d/shard-00001-of-00003.parquet: ";
        let cases = [
            (
                ShardDefect::NotAShard,
                "is not an autopact sweep shard (no sweep_sha256 metadata)",
            ),
            (
                ShardDefect::OtherShard {
                    index: "2".into(),
                    count: "?".into(),
                    expected_index: 1,
                    expected_count: 3,
                },
                "says it is shard \"2\" of \"?\", expected 1 of 3",
            ),
            (
                ShardDefect::Columns(vec!["table".into()]),
                "has columns [\"table\"], not the sweep's",
            ),
            (
                ShardDefect::TableChanged {
                    table: "default".into(),
                    rows: 2,
                    sha256: "aa".into(),
                    other_rows: 3,
                    other_sha256: "bb".into(),
                },
                "ran table \"default\" with 2 rows per cell and sha256 aa, other shards with 3 rows and \
                 sha256 bb: the table file changed during the sweep",
            ),
            (
                ShardDefect::NoTableSize("default".into()),
                "has no table_n metadata for table \"default\"",
            ),
            (
                ShardDefect::WrongRow {
                    row: 7,
                    region_sector: 2,
                    table: "default".into(),
                    scenario: "s".into(),
                    draw: 5,
                },
                "row 7 should be region-sector 2 of table \"default\", scenario \"s\", draw 5; the shard \
                 is incomplete or damaged",
            ),
            (
                ShardDefect::RowCount {
                    rows: 9,
                    expected: 8,
                },
                "has 9 rows, expected 8",
            ),
        ];
        for (defect, what) in cases {
            assert_eq!(incomplete(defect), format!("{f}{what}{rerun}"));
        }
    }
}
