//! Builds the law crate's shipped U.S. tariff schedule from USITC's CSV
//! export of the HTSUS (the 2025 Basic Edition in
//! `shared/data/us-trade/hts_2025_basic_edition.csv.gz`).
//!
//! The CSV has nine columns (`HTS Number, Indent, Description, Unit of
//! Quantity, General Rate of Duty, Special Rate of Duty, Column 2 Rate of
//! Duty, Quota Quantity, Additional Duties`); autopact keeps the code,
//! indent, units, general rate, the USMCA part of the special column and
//! the description, drops chapter 99 (the additional duties are the
//! project's own measures), and writes the compact format of
//! [`autopact_law::schedule`], gzip-compressed, deterministic (no file name
//! or time in the gzip header) so the committed file can be rebuilt and
//! compared.

use std::io::Write;

use autopact_core::Location;
use autopact_law::schedule::{RawRow, encode};

use crate::{DataError, Result};

/// Header comment lines written into the shipped schedule (attribution,
/// as `shared/data/us-trade/README.md` requires).
pub const ATTRIBUTION: &[&str] = &[
    "autopact U.S. tariff schedule: HTSUS 2025 Basic Edition, column 1 general rates, USMCA (S/S+) eligibility, units and descriptions.",
    "Built by `autopact law build-schedule hts_2025_basic_edition.csv.gz`; chapter 99 left out. Do not edit by hand.",
    "Source: U.S. International Trade Commission, Harmonized Tariff Schedule of the United States (2025 Basic Edition), CSV export; a work of the U.S. Government, public domain.",
    "As kept in The Budget Lab at Yale, Tariff-ETRs repository (commit ffc0105 of 2026-07-22); cite both.",
    "Columns: code, indent, units (|-separated), general rate, USMCA indicators=rate, description (tab-separated).",
];

const COLUMNS: [&str; 6] = [
    "HTS Number",
    "Indent",
    "Description",
    "Unit of Quantity",
    "General Rate of Duty",
    "Special Rate of Duty",
];

/// Reads USITC's CSV (plain or gzip) into rows for [`encode`].
pub fn read_hts_csv(name: &str, bytes: &[u8]) -> Result<Vec<RawRow>> {
    let text = if bytes.starts_with(&[0x1f, 0x8b]) {
        autopact_law::schedule::gunzip(bytes)
            .map_err(|e| DataError::at(Location::source(name), e))?
    } else {
        String::from_utf8(bytes.to_vec())
            .map_err(|_| DataError::at(Location::source(name), "not UTF-8 text"))?
    };
    let text = text.trim_start_matches('\u{feff}');
    let loc = Location::source(name);
    let mut rd = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers = rd
        .headers()
        .map_err(|e| DataError::at(loc.at_row(1), e.to_string()))?
        .clone();
    let mut col = [0usize; 6];
    for (k, want) in COLUMNS.iter().enumerate() {
        col[k] = headers
            .iter()
            .position(|h| h.trim() == *want)
            .ok_or_else(|| {
                DataError::at(
                    loc.at_row(1),
                    format!("no column {want:?}: is this USITC's HTS CSV export?"),
                )
            })?;
    }
    let mut rows = Vec::new();
    for (i, rec) in rd.records().enumerate() {
        let row = i as u64 + 2;
        let rec = rec.map_err(|e| DataError::at(loc.at_row(row), e.to_string()))?;
        let get = |k: usize| rec.get(col[k]).unwrap_or("").trim().to_string();
        let code = get(0);
        if code.starts_with("99") {
            continue;
        }
        if !code.is_empty() && autopact_law::HsCode::parse(&code).is_err() {
            return Err(DataError::at(
                loc.at_row(row).at_column(COLUMNS[0]),
                format!("{code:?} is not a 4/6/8/10-digit code"),
            ));
        }
        let indent: u8 = get(1).parse().map_err(|_| {
            DataError::at(
                loc.at_row(row).at_column(COLUMNS[1]),
                format!("indent {:?} is not a small number", get(1)),
            )
        })?;
        let units_text = get(3);
        let units: Vec<String> = if units_text.is_empty() {
            vec![]
        } else {
            serde_json::from_str::<Vec<String>>(&units_text).map_err(|e| {
                DataError::at(
                    loc.at_row(row).at_column(COLUMNS[3]),
                    format!("units {units_text:?} are not a JSON list of strings ({e})"),
                )
            })?
        };
        rows.push(RawRow {
            code,
            indent,
            units,
            general: get(4),
            special: get(5),
            description: get(2),
        });
    }
    Ok(rows)
}

/// The shipped schedule text built from USITC's CSV.
pub fn schedule_text(name: &str, bytes: &[u8]) -> Result<String> {
    let rows = read_hts_csv(name, bytes)?;
    let header: Vec<String> = ATTRIBUTION.iter().map(|s| s.to_string()).collect();
    Ok(encode(&header, &rows))
}

/// The shipped schedule, gzip-compressed deterministically.
pub fn build_schedule(name: &str, bytes: &[u8]) -> Result<Vec<u8>> {
    let text = schedule_text(name, bytes)?;
    let mut enc = flate2::GzBuilder::new()
        .mtime(0)
        .write(Vec::new(), flate2::Compression::best());
    enc.write_all(text.as_bytes())
        .and_then(|_| enc.finish())
        .map_err(|e| DataError::io(name, e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use autopact_law::schedule::{Lookup, RateKind, Schedule};

    const CSV: &str = "\u{feff}HTS Number,Indent,Description,Unit of Quantity,General Rate of Duty,Special Rate of Duty,Column 2 Rate of Duty,Quota Quantity,Additional Duties\n\
\"8704\",\"0\",\"Motor vehicles for the transport of goods:\",\"\",\"\",\"\",\"\",\"\",\"\"\n\
\"8704.22.11\",\"3\",\"Cab chassis\",\"\",\"4%\",\"Free (A+,AU,B,S,SG)\",\"25%\",\"\",\"\"\n\
\"8704.22.11.20\",\"4\",\"G.V.W. exceeding 5 metric tons\",\"[\"\"No.\"\"]\",\"\",\"\",\"\",\"\",\"\"\n\
\"8704.22.51\",\"3\",\"Other\",\"\",\"25%\",\"Free (A+,S,SG)25% (KR)\",\"25%\",\"\",\"\"\n\
\"9903.01.01\",\"1\",\"Chapter 99\",\"\",\"The duty provided in the applicable subheading\",\"\",\"\",\"\",\"\"\n";

    #[test]
    fn builds_a_schedule_the_law_crate_reads() {
        let gz = build_schedule("t.csv", CSV.as_bytes()).unwrap();
        let s = Schedule::parse(&autopact_law::schedule::gunzip(&gz).unwrap()).unwrap();
        let c = |x| autopact_law::HsCode::parse(x).unwrap();
        let Lookup::Line(r) = s.lookup(&c("8704.22.11.20")) else {
            panic!()
        };
        assert_eq!(r.general().text, "4%");
        assert_eq!(r.usmca().unwrap().programs, ["S"]);
        assert_eq!(r.units(), ["No."]);
        assert!(matches!(s.lookup(&c("8704")), Lookup::Ambiguous(v) if v.len() == 2));
        assert!(s.line(&c("9903.01.01")).is_none(), "chapter 99 is left out");
        assert_eq!(s.coverage().by_kind[&RateKind::AdValorem], 2);
        // Deterministic bytes.
        assert_eq!(gz, build_schedule("t.csv", CSV.as_bytes()).unwrap());
    }

    #[test]
    fn bad_csv_names_row_and_column() {
        let bad = CSV.replace("\"8704.22.51\",\"3\"", "\"8704.2X\",\"3\"");
        let e = build_schedule("t.csv", bad.as_bytes())
            .unwrap_err()
            .to_string();
        assert!(e.contains("t.csv, row 5, column HTS Number"), "{e}");
        let e = build_schedule("t.csv", b"a,b\n1,2\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("no column"), "{e}");
    }

    /// The committed schedule is exactly what the builder makes of the
    /// shared 2025 Basic Edition (skipped where `../shared` is absent).
    #[test]
    fn shipped_schedule_matches_a_rebuild() {
        let Some(p) = autopact_testdata::shared(
            "us-trade/hts_2025_basic_edition.csv.gz",
            "the schedule's rebuild",
        ) else {
            return;
        };
        let bytes = std::fs::read(&p).unwrap();
        let text = schedule_text("hts_2025_basic_edition.csv.gz", &bytes).unwrap();
        let shipped = autopact_law::schedule::gunzip(autopact_law::schedule::SCHEDULE_GZ).unwrap();
        assert!(
            text == shipped,
            "the shipped schedule is stale: run `autopact law build-schedule {}`",
            p.display()
        );
    }
}
