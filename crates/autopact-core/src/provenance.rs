//! Where a dataset came from and what was done to it.
//!
//! Modelled on pymrio's `metadata.json` history (a list of time-stamped
//! `FILEIO` / `MODIFICATION` / `NOTE` entries) so that metadata can travel
//! in and out of pymrio folders, but with the fields autopact's results must
//! carry explicitly: unit, price basis, data vintage and a citation.

use serde::{Deserialize, Serialize};

/// Kind of a history entry, as in pymrio's metadata.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum HistoryKind {
    /// A file was read or written.
    Fileio,
    /// The data were changed (aggregated, merged, recomputed).
    Modification,
    /// A free-form note.
    Note,
}

impl HistoryKind {
    /// The pymrio spelling (`FILEIO`, `MODIFICATION`, `NOTE`).
    pub fn as_str(self) -> &'static str {
        match self {
            HistoryKind::Fileio => "FILEIO",
            HistoryKind::Modification => "MODIFICATION",
            HistoryKind::Note => "NOTE",
        }
    }
}

/// One entry of a dataset's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// Kind of step.
    pub kind: HistoryKind,
    /// What happened, in words.
    pub text: String,
}

/// Provenance of a dataset: what it is, its units and vintage, how to cite
/// it, and the steps that produced it. Pure data: time stamps are supplied
/// by the IO layer, never read from a clock here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Provenance {
    /// Short name (e.g. `"WIOD 2013 release, 2008"`).
    pub name: String,
    /// Longer description.
    pub description: String,
    /// Data source (file path, database and edition).
    pub source: String,
    /// Reference year of the data (the table's year), if known.
    pub year: Option<i32>,
    /// Monetary unit, e.g. `"USD million"`.
    pub unit: String,
    /// Price basis, e.g. `"current prices, basic prices"`.
    pub price_basis: String,
    /// How to cite the data.
    pub citation: String,
    /// Licence of the data.
    pub licence: String,
    /// SHA-256 of the source file, hex, when read from a file.
    pub sha256: Option<String>,
    /// Steps applied, oldest first.
    pub history: Vec<HistoryEntry>,
}

impl Provenance {
    /// Appends a history entry.
    pub fn record(&mut self, kind: HistoryKind, text: impl Into<String>) {
        self.history.push(HistoryEntry {
            kind,
            text: text.into(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_appends_in_order() {
        let mut p = Provenance::default();
        p.record(HistoryKind::Fileio, "read a.csv");
        p.record(HistoryKind::Modification, "aggregated");
        assert_eq!(p.history.len(), 2);
        assert_eq!(p.history[1].kind.as_str(), "MODIFICATION");
    }
}
