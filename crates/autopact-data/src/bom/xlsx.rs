//! XLSX BOMs through calamine: the sheet named `BOM` (or the one asked for).

use std::io::Cursor;

use autopact_core::{Located, Location};
use autopact_law::roo::Bom;
use calamine::{Data, Reader, Xlsx};

use super::ReadError;
use super::rows::parse_rows;

fn cell_text(c: &Data) -> String {
    match c {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        // Spreadsheet numbers are binary floats; the shortest round-trip
        // text is the decimal the user typed.
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
        Data::DateTime(d) => d.to_string(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#ERROR {e:?}"),
    }
}

/// Parses a BOM from XLSX bytes.
pub fn parse_xlsx(source: &str, bytes: &[u8], sheet: Option<&str>) -> Result<Bom, ReadError> {
    let loc = Location::source(source);
    let fail = |m: String| {
        ReadError::Invalid(vec![Located {
            location: loc.clone(),
            message: m,
        }])
    };
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes))
        .map_err(|e| fail(format!("not a readable XLSX workbook: {e}")))?;
    let names = wb.sheet_names();
    let want = sheet.unwrap_or("BOM");
    if !names.iter().any(|n| n == want) {
        return Err(fail(format!(
            "no sheet named {want:?} (sheets: {}); name the BOM sheet \"BOM\" or pass --sheet NAME",
            names.join(", ")
        )));
    }
    let range = wb
        .worksheet_range(want)
        .map_err(|e| fail(format!("cannot read sheet {want:?}: {e}")))?;
    let sloc = Location::source(format!("{source} [{want}]"));
    let mut rows = range
        .rows()
        .enumerate()
        .map(|(i, r)| (i as u64 + 1, r.iter().map(cell_text).collect::<Vec<_>>()));
    let Some((_, header)) = rows.next() else {
        return Err(fail(format!("sheet {want:?} is empty")));
    };
    parse_rows(&sloc, &header, rows).map_err(ReadError::Invalid)
}
