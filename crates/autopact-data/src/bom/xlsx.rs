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

/// Excel's largest sheet: 1,048,576 rows × 16,384 columns (XFD). A cell
/// placed beyond them comes from a damaged or hand-made file.
const MAX_ROW: u32 = 1_048_575;
const MAX_COL: u32 = 16_383;

/// Parses a BOM from XLSX bytes.
///
/// The sheet's non-empty cells are read one by one (calamine's cell
/// reader) rather than as a dense range, so that a stray cell far away
/// (say at XFD1048576) costs nothing and a cell outside Excel's limits is
/// an error naming it. Rows are numbered from the first row that has a
/// cell, as they are shown in the sheet when it starts at row 1. A
/// malformed cell reference that the reader cannot handle (calamine 0.32
/// overflows on a row number past u32, found by the `bom_csv` fuzz target)
/// is an error too, not a crash: the reading is isolated with
/// `catch_unwind` (the panic hook may still print the reader's message on
/// stderr in a build with overflow checks; release builds have none).
pub fn parse_xlsx(source: &str, bytes: &[u8], sheet: Option<&str>) -> Result<Bom, ReadError> {
    let loc = Location::source(source);
    let fail = |m: String| {
        ReadError::Invalid(vec![Located {
            location: loc.clone(),
            message: m,
        }])
    };
    let want = sheet.unwrap_or("BOM");
    let read = std::panic::catch_unwind(|| read_cells(bytes, want));
    let cells = match read {
        Ok(r) => r.map_err(fail)?,
        Err(_) => {
            return Err(fail(format!(
                "sheet {want:?} could not be read: the workbook is damaged (the XLSX reader \
                 failed on it, e.g. on a cell reference past Excel's limits); save it again \
                 from a spreadsheet program"
            )));
        }
    };
    let sloc = Location::source(format!("{source} [{want}]"));
    let Some(&(first_row, _, _)) = cells.first() else {
        return Err(fail(format!("sheet {want:?} is empty")));
    };
    let first_col = cells.iter().map(|c| c.1).min().unwrap_or(0);
    let mut rows = SheetRows {
        cells: &cells,
        next: 0,
        first_row,
        first_col,
        width: 0,
    };
    let Some((_, header)) = rows.next_row(None) else {
        return Err(fail(format!("sheet {want:?} is empty")));
    };
    // Cells right of the header belong to no column: the rows are only as
    // wide as the header.
    rows.width = header.len();
    parse_rows(
        &sloc,
        &header,
        std::iter::from_fn(move || rows.next_row(Some(rows.width))),
    )
    .map_err(ReadError::Invalid)
}

/// The non-empty cells of sheet `want` as (row, column, text), in reading
/// order (rows ascending), positions checked against Excel's limits.
fn read_cells(bytes: &[u8], want: &str) -> Result<Vec<(u32, u32, String)>, String> {
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes))
        .map_err(|e| format!("not a readable XLSX workbook: {e}"))?;
    let names = wb.sheet_names();
    if !names.iter().any(|n| n == want) {
        return Err(format!(
            "no sheet named {want:?} (sheets: {}); name the BOM sheet \"BOM\" or pass --sheet NAME",
            names.join(", ")
        ));
    }
    let mut reader = wb
        .worksheet_cells_reader(want)
        .map_err(|e| format!("cannot read sheet {want:?}: {e}"))?;
    let mut cells = Vec::new();
    while let Some(cell) = reader
        .next_cell()
        .map_err(|e| format!("cannot read sheet {want:?}: {e}"))?
    {
        let value = Data::from(cell.get_value().clone());
        if value == Data::Empty {
            continue;
        }
        let (row, col) = cell.get_position();
        if row > MAX_ROW || col > MAX_COL {
            return Err(format!(
                "sheet {want:?}: a cell lies beyond Excel's last row 1,048,576 or column XFD \
                 (row {}, column {}); the workbook is damaged",
                u64::from(row) + 1,
                u64::from(col) + 1
            ));
        }
        cells.push((row, col, cell_text(&value)));
    }
    // The reader gives rows in file order, which a hand-made file may not
    // keep ascending.
    cells.sort_by_key(|c| (c.0, c.1));
    Ok(cells)
}

/// The sheet's rows, one at a time, as the CSV reader gives them: the row
/// number (1 = the first row with a cell) and the texts from the first
/// used column, blank rows skipped.
struct SheetRows<'c> {
    cells: &'c [(u32, u32, String)],
    next: usize,
    first_row: u32,
    first_col: u32,
    width: usize,
}

impl SheetRows<'_> {
    /// The next row with cells; `width` cuts it (the header's width) or,
    /// when `None`, the row is as wide as its last cell.
    fn next_row(&mut self, width: Option<usize>) -> Option<(u64, Vec<String>)> {
        let (row, _, _) = *self.cells.get(self.next)?;
        let end = self.cells[self.next..]
            .iter()
            .position(|c| c.0 != row)
            .map_or(self.cells.len(), |k| self.next + k);
        let here = &self.cells[self.next..end];
        self.next = end;
        let used = here
            .iter()
            .map(|c| (c.1 - self.first_col) as usize + 1)
            .max()
            .unwrap_or(0);
        let mut out = vec![String::new(); width.map_or(used, |w| w.min(used))];
        for (_, col, text) in here {
            if let Some(slot) = out.get_mut((col - self.first_col) as usize) {
                slot.clone_from(text);
            }
        }
        Some((u64::from(row - self.first_row) + 1, out))
    }
}
