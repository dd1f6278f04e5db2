//! Result tables as an XLSX workbook (`--format xlsx`): one sheet per
//! table — a header row of column names, a row of units, then the rows —
//! and an `about` sheet with every table's provenance (data source,
//! vintage, units, law as-of date, tool version).
//!
//! Why here: writing files is this crate's job; `rust_xlsxwriter` is a
//! maintained writer with no default features needed. Numbers stay
//! numbers: floats as Excel numbers, exact decimals (the law engine's
//! money) as numbers only where the binary double holds the same value,
//! else as text, so nothing is silently rounded.

use std::collections::BTreeSet;
use std::path::Path;

use autopact_core::{Table, Value};
use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use crate::error::{DataError, Result};
use crate::files::write_bytes;

fn err(e: XlsxError) -> DataError {
    DataError::Xlsx(e)
}

/// A sheet name Excel accepts (≤ 31 characters, none of `[]:*?/\`),
/// unique among `taken`.
fn sheet_name(kind: &str, taken: &mut BTreeSet<String>) -> String {
    let clean: String = kind
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '-' } else { c })
        .collect();
    let base: String = clean.chars().take(28).collect();
    let base = if base.is_empty() {
        "table".into()
    } else {
        base
    };
    let mut name = base.clone();
    let mut k = 2;
    while taken.contains(&name.to_lowercase()) || name.eq_ignore_ascii_case("about") {
        name = format!("{base} {k}");
        k += 1;
    }
    taken.insert(name.to_lowercase());
    name
}

/// The decimal as a double when the double holds exactly its value.
fn exact_f64(s: &str) -> Option<f64> {
    let d: Decimal = s.parse().ok()?;
    let f: f64 = s.parse().ok()?;
    let back: Decimal = format!("{f}").parse().ok()?;
    (back == d && f.is_finite()).then_some(f)
}

fn write_value(ws: &mut Worksheet, row: u32, col: u16, v: &Value) -> Result<(), XlsxError> {
    match v {
        Value::Text(s) => ws.write_string(row, col, s).map(|_| ()),
        Value::Float(f) if f.is_finite() => ws.write_number(row, col, *f).map(|_| ()),
        Value::Float(f) => ws.write_string(row, col, f.to_string()).map(|_| ()),
        Value::Int(i) => ws.write_number(row, col, *i as f64).map(|_| ()),
        Value::Decimal(s) => match exact_f64(s) {
            Some(f) => ws.write_number(row, col, f).map(|_| ()),
            None => ws.write_string(row, col, s).map(|_| ()),
        },
        Value::Bool(b) => ws.write_boolean(row, col, *b).map(|_| ()),
        Value::Null => Ok(()),
    }
}

fn table_sheet(ws: &mut Worksheet, t: &Table, bold: &Format) -> Result<(), XlsxError> {
    for (c, col) in t.columns.iter().enumerate() {
        let c = c as u16;
        ws.write_string_with_format(0, c, &col.name, bold)?;
        ws.write_string(1, c, col.unit.as_deref().unwrap_or(""))?;
    }
    for (r, row) in t.rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            write_value(ws, r as u32 + 2, c as u16, v)?;
        }
    }
    ws.set_freeze_panes(2, 0)?;
    Ok(())
}

/// The workbook of `tables` as bytes.
pub fn xlsx_bytes(tables: &[&Table]) -> Result<Vec<u8>> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let mut taken = BTreeSet::new();
    let mut names = Vec::new();
    for t in tables {
        let name = sheet_name(&t.kind, &mut taken);
        let ws = wb.add_worksheet();
        ws.set_name(&name).map_err(err)?;
        table_sheet(ws, t, &bold).map_err(err)?;
        names.push(name);
    }
    let about = wb.add_worksheet();
    about.set_name("about").map_err(err)?;
    let write_about = |ws: &mut Worksheet| -> Result<(), XlsxError> {
        for (c, h) in ["sheet", "table", "key", "value"].iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &bold)?;
        }
        let mut r = 1;
        for (t, name) in tables.iter().zip(&names) {
            let mut put = |k: &str, v: &str| -> Result<(), XlsxError> {
                ws.write_string(r, 0, name)?;
                ws.write_string(r, 1, &t.kind)?;
                ws.write_string(r, 2, k)?;
                ws.write_string(r, 3, v)?;
                r += 1;
                Ok(())
            };
            put(
                "layout",
                "row 1: column names; row 2: units; rows 3 on: data",
            )?;
            for (k, v) in &t.meta {
                put(k, v)?;
            }
        }
        ws.set_freeze_panes(1, 0)?;
        Ok(())
    };
    write_about(about).map_err(err)?;
    wb.save_to_buffer().map_err(err)
}

/// Writes `tables` to an XLSX file at `path`.
pub fn write_xlsx(path: impl AsRef<Path>, tables: &[&Table]) -> Result<()> {
    write_bytes(path, &xlsx_bytes(tables)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use autopact_core::Column;
    use calamine::{Data, Reader, Xlsx};

    #[test]
    fn tables_come_back_with_units_values_and_provenance() {
        let mut t = Table::new(
            "duty-stack",
            vec![
                Column::new("measure_id"),
                Column::with_unit("amount", "USD"),
                Column::with_unit("share", "share"),
                Column::new("ok"),
            ],
        );
        t.push(vec![
            "us.mfn".into(),
            Value::Decimal("1000.10".into()),
            Value::Float(0.25),
            Value::Bool(true),
        ]);
        t.push(vec![
            "us.big".into(),
            Value::Decimal("12345678901234567.891".into()),
            Value::Null,
            Value::Bool(false),
        ]);
        t.meta("law data as of", "2025-10-01");
        let bytes = xlsx_bytes(&[&t, &t]).unwrap();
        let mut wb = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(
            wb.sheet_names(),
            vec!["duty-stack", "duty-stack 2", "about"]
        );
        let r = wb.worksheet_range("duty-stack").unwrap();
        assert_eq!(r.get((0, 1)), Some(&Data::String("amount".into())));
        assert_eq!(r.get((1, 1)), Some(&Data::String("USD".into())));
        assert_eq!(r.get((2, 1)), Some(&Data::Float(1000.1)));
        assert_eq!(r.get((2, 2)), Some(&Data::Float(0.25)));
        assert_eq!(r.get((2, 3)), Some(&Data::Bool(true)));
        // Not exact as a double: kept as text.
        assert_eq!(
            r.get((3, 1)),
            Some(&Data::String("12345678901234567.891".into()))
        );
        let about = wb.worksheet_range("about").unwrap();
        assert!(about.rows().any(|row| {
            row.get(2) == Some(&Data::String("law data as of".into()))
                && row.get(3) == Some(&Data::String("2025-10-01".into()))
        }));
    }

    #[test]
    fn sheet_names_are_legal_and_unique() {
        let mut taken = BTreeSet::new();
        assert_eq!(sheet_name("a/b", &mut taken), "a-b");
        assert_eq!(sheet_name("a/b", &mut taken), "a-b 2");
        assert_eq!(sheet_name("about", &mut taken), "about 2");
        let long = sheet_name(&"x".repeat(40), &mut taken);
        assert!(long.chars().count() <= 31);
    }
}
