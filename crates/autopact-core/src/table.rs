//! Tidy result tables and their text renderings.
//!
//! Every tabular result autopact produces — multipliers, value-added
//! content, duty layers, price changes — is a [`Table`]: named columns
//! (with units), rows of [`Value`]s, and metadata (data vintage, units,
//! law as-of date, tool version). One type means one set of renderers:
//! aligned text for terminals, CSV for spreadsheets, JSON for programs,
//! and Parquet (written by `autopact-data`) for large outputs.
//!
//! CSV and JSON print floats with Rust's shortest round-trip formatting,
//! so reading a CSV back gives the identical `f64`; the text table rounds
//! for people.

use std::io::{self, Write};

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

/// Version of the JSON envelope written by [`Table::write_json`].
pub const TABLE_SCHEMA: &str = "autopact.table/v1";

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Text.
    Text(String),
    /// A floating-point number (physical and monetary aggregates of the
    /// MRIO engine).
    Float(f64),
    /// An integer.
    Int(i64),
    /// An exact decimal, kept as its canonical string (money of the law
    /// engine; never converted to binary floating point).
    Decimal(String),
    /// A boolean.
    Bool(bool),
    /// A missing value.
    Null,
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::Text(s.to_string())
    }
}
impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::Text(s)
    }
}
impl From<f64> for Value {
    fn from(v: f64) -> Self {
        Value::Float(v)
    }
}
impl From<i64> for Value {
    fn from(v: i64) -> Self {
        Value::Int(v)
    }
}
impl From<usize> for Value {
    fn from(v: usize) -> Self {
        Value::Int(v as i64)
    }
}
impl From<bool> for Value {
    fn from(v: bool) -> Self {
        Value::Bool(v)
    }
}

impl Value {
    /// Machine rendering: shortest round-trip floats, no thousands separators.
    pub fn machine(&self) -> String {
        match self {
            Value::Text(s) | Value::Decimal(s) => s.clone(),
            Value::Float(v) => format_float(*v),
            Value::Int(v) => v.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Null => String::new(),
        }
    }

    /// Human rendering: floats with 6 significant digits.
    pub fn human(&self) -> String {
        match self {
            Value::Float(v) => format_human(*v),
            Value::Null => "-".into(),
            other => other.machine(),
        }
    }

    /// Rendering for people in a column of unit `unit`: a share (0.123)
    /// or a percent (12.3) as `12.3%`; numbers with thousands separators
    /// and never in scientific notation; exact decimals keep their digits.
    /// Integers of a column without a unit (years, counts of codes) are
    /// left as they are.
    pub fn for_people(&self, unit: Option<&str>) -> String {
        let scale = unit.and_then(percent_unit).map(|(k, _)| k);
        match (self, scale) {
            (Value::Null, _) => "-".into(),
            (Value::Float(v), Some(k)) => percent(v * k),
            (Value::Decimal(d), Some(k)) => match d.parse::<f64>() {
                Ok(v) => percent(v * k),
                Err(_) => d.clone(),
            },
            (Value::Int(i), Some(k)) => percent(*i as f64 * k),
            (Value::Float(v), None) => group(&plain(*v, 6)),
            (Value::Decimal(d), None) => group(d),
            (Value::Int(i), None) if unit.is_some() => group(&i.to_string()),
            (other, _) => other.machine(),
        }
    }

    fn is_numeric(&self) -> bool {
        matches!(self, Value::Float(_) | Value::Int(_) | Value::Decimal(_))
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Text(t) => s.serialize_str(t),
            Value::Decimal(t) => s.serialize_str(t),
            Value::Float(v) if v.is_finite() => s.serialize_f64(*v),
            Value::Float(_) | Value::Null => s.serialize_none(),
            Value::Int(v) => s.serialize_i64(*v),
            Value::Bool(b) => s.serialize_bool(*b),
        }
    }
}

fn format_float(v: f64) -> String {
    if v == 0.0 {
        // Avoid "-0".
        return "0".into();
    }
    // Rust's Display for f64 is the shortest string that round-trips.
    format!("{v}")
}

/// A computed quantity for metadata and footers: rounded to 10 significant
/// digits (far beyond the data's own precision) and written in the shortest
/// form, so floating-point noise such as `58818.00000000008` reads `58818`.
pub fn format_quantity(v: f64) -> String {
    if !v.is_finite() {
        return format!("{v}");
    }
    let rounded: f64 = format!("{v:.9e}").parse().unwrap_or(v);
    format_float(rounded)
}

/// Whether values of `unit` read as percentages for people: the factor to
/// a percent and the unit to write instead (`share of the cost` →
/// `% of the cost`).
pub fn percent_unit(unit: &str) -> Option<(f64, String)> {
    match unit {
        "percent" => Some((1.0, "%".into())),
        "share" | "ad-valorem rate" => Some((100.0, "%".into())),
        "per unit of base price" => Some((100.0, "% of the base price".into())),
        u => u
            .strip_prefix("share ")
            .map(|rest| (100.0, format!("% {rest}"))),
    }
}

/// `v` with `sig` significant digits in positional notation (never
/// `1e-5`), trailing zeros trimmed.
fn plain(v: f64, sig: i32) -> String {
    if !v.is_finite() {
        return format!("{v}");
    }
    if v == 0.0 {
        return "0".into();
    }
    let digits = (sig - 1 - v.abs().log10().floor() as i32).clamp(0, 12) as usize;
    let s = format!("{v:.digits$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    if s == "-0" { "0".into() } else { s }
}

/// A percentage: `12.35%`, `0.006586%`.
fn percent(p: f64) -> String {
    format!("{}%", group(&plain(p, 4)))
}

/// Thousands separators in the integer part of a plain number.
fn group(s: &str) -> String {
    let (sign, rest) = match s.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", s),
    };
    let (int, frac) = match rest.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (rest, None),
    };
    if !int.bytes().all(|b| b.is_ascii_digit()) {
        return s.to_string();
    }
    let mut out = String::new();
    for (k, ch) in int.chars().enumerate() {
        if k > 0 && (int.len() - k) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    match frac {
        Some(f) => format!("{sign}{out}.{f}"),
        None => format!("{sign}{out}"),
    }
}

fn format_human(v: f64) -> String {
    if v == 0.0 {
        return "0".into();
    }
    let a = v.abs();
    if (1e-4..1e12).contains(&a) {
        let digits = 6i32 - 1 - a.log10().floor() as i32;
        let d = digits.clamp(0, 10) as usize;
        let s = format!("{v:.d$}");
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        }
    } else {
        format!("{v:.5e}")
    }
}

/// A column: name and optional unit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Column {
    /// Name, as it appears in the CSV header.
    pub name: String,
    /// Unit of the values, e.g. `"USD million"`, `"share"`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

impl Column {
    /// A column without unit.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            unit: None,
        }
    }

    /// A column with a unit.
    pub fn with_unit(name: impl Into<String>, unit: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            unit: Some(unit.into()),
        }
    }
}

/// The type of a column's values, for the typed renderings (Parquet, the
/// Python package's DataFrames): nulls are ignored, floats mixed with
/// integers are floats, and any other mix (or a column of nulls only) is
/// text in its machine rendering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    /// Floating-point numbers (possibly with integers).
    Float,
    /// Integers only.
    Int,
    /// Booleans only.
    Bool,
    /// Exact decimals only (kept as their canonical strings).
    Decimal,
    /// Text, or a mix of kinds.
    Text,
}

/// A tidy result table with metadata.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// What the table is, e.g. `"multipliers"`.
    pub kind: String,
    /// Column definitions.
    pub columns: Vec<Column>,
    /// Rows; each has one value per column.
    pub rows: Vec<Vec<Value>>,
    /// Metadata: `(key, value)` pairs in a fixed order (data source,
    /// vintage, unit, law as-of date, tool version, …).
    pub meta: Vec<(String, String)>,
}

impl Table {
    /// An empty table of the given kind and columns.
    pub fn new(kind: impl Into<String>, columns: Vec<Column>) -> Self {
        Self {
            kind: kind.into(),
            columns,
            rows: Vec::new(),
            meta: Vec::new(),
        }
    }

    /// Appends a row. Panics in debug builds if the width is wrong (a bug).
    pub fn push(&mut self, row: Vec<Value>) {
        debug_assert_eq!(row.len(), self.columns.len(), "row width");
        self.rows.push(row);
    }

    /// Adds a metadata entry.
    pub fn meta(&mut self, key: impl Into<String>, value: impl Into<String>) {
        self.meta.push((key.into(), value.into()));
    }

    /// The type of column `j`'s values ([`ColumnType`]).
    pub fn column_type(&self, j: usize) -> ColumnType {
        let mut kind: Option<ColumnType> = None;
        for r in &self.rows {
            let k = match &r[j] {
                Value::Null => continue,
                Value::Float(_) => ColumnType::Float,
                Value::Int(_) => ColumnType::Int,
                Value::Bool(_) => ColumnType::Bool,
                Value::Decimal(_) => ColumnType::Decimal,
                Value::Text(_) => ColumnType::Text,
            };
            kind = Some(match (kind, k) {
                (None, k) => k,
                (Some(a), b) if a == b => a,
                (Some(ColumnType::Float), ColumnType::Int)
                | (Some(ColumnType::Int), ColumnType::Float) => ColumnType::Float,
                _ => ColumnType::Text,
            });
        }
        kind.unwrap_or(ColumnType::Text)
    }

    /// Index of a column by name.
    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }

    /// Writes RFC 4180 CSV: a header line of column names, then the rows.
    pub fn write_csv(&self, w: &mut dyn Write) -> io::Result<()> {
        let header: Vec<String> = self.columns.iter().map(|c| csv_field(&c.name)).collect();
        writeln!(w, "{}", header.join(","))?;
        for row in &self.rows {
            let cells: Vec<String> = row.iter().map(|v| csv_field(&v.machine())).collect();
            writeln!(w, "{}", cells.join(","))?;
        }
        Ok(())
    }

    /// Writes the JSON envelope
    /// `{"schema": "autopact.table/v1", "kind", "meta": {..}, "columns": [..], "rows": [{..}]}`.
    pub fn write_json(&self, w: &mut dyn Write) -> io::Result<()> {
        let mut ser = serde_json::Serializer::pretty(&mut *w);
        JsonTable(self)
            .serialize(&mut ser)
            .map_err(io::Error::other)?;
        writeln!(w)
    }

    /// Writes an aligned text table for people (`--format table`), with
    /// the metadata as a footer: shares and percents as `12.3%` (the
    /// header says `%`), thousands separators, no scientific notation,
    /// the unit in each header. CSV and JSON keep full precision.
    pub fn write_text(&self, w: &mut dyn Write) -> io::Result<()> {
        let headers: Vec<String> = self
            .columns
            .iter()
            .map(|c| match c.unit.as_deref() {
                Some(u) => match percent_unit(u) {
                    Some((_, head)) => format!("{} ({head})", c.name),
                    None => format!("{} ({u})", c.name),
                },
                None => c.name.clone(),
            })
            .collect();
        let cells: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|r| {
                r.iter()
                    .zip(&self.columns)
                    .map(|(v, c)| v.for_people(c.unit.as_deref()))
                    .collect()
            })
            .collect();
        let numeric: Vec<bool> = (0..self.columns.len())
            .map(|j| {
                self.rows.iter().any(|r| r[j].is_numeric())
                    && self
                        .rows
                        .iter()
                        .all(|r| r[j].is_numeric() || r[j] == Value::Null)
            })
            .collect();
        let widths: Vec<usize> = (0..self.columns.len())
            .map(|j| {
                cells
                    .iter()
                    .map(|r| r[j].chars().count())
                    .chain(std::iter::once(headers[j].chars().count()))
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let line = |w: &mut dyn Write, vals: &[String]| -> io::Result<()> {
            let parts: Vec<String> = vals
                .iter()
                .enumerate()
                .map(|(j, v)| {
                    let pad = widths[j].saturating_sub(v.chars().count());
                    if numeric[j] {
                        format!("{}{v}", " ".repeat(pad))
                    } else {
                        format!("{v}{}", " ".repeat(pad))
                    }
                })
                .collect();
            writeln!(w, "{}", parts.join("  ").trim_end())
        };
        line(w, &headers)?;
        let rule: Vec<String> = widths.iter().map(|&n| "-".repeat(n)).collect();
        writeln!(w, "{}", rule.join("  "))?;
        for r in &cells {
            line(w, r)?;
        }
        if !self.meta.is_empty() {
            writeln!(w)?;
            for (k, v) in &self.meta {
                writeln!(w, "{k}: {v}")?;
            }
        }
        Ok(())
    }
}

struct JsonTable<'a>(&'a Table);

impl Serialize for JsonTable<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let t = self.0;
        let mut m = s.serialize_map(Some(5))?;
        m.serialize_entry("schema", TABLE_SCHEMA)?;
        m.serialize_entry("kind", &t.kind)?;
        m.serialize_entry("meta", &MetaMap(&t.meta))?;
        m.serialize_entry("columns", &t.columns)?;
        let rows: Vec<RowMap<'_>> = t.rows.iter().map(|r| RowMap(&t.columns, r)).collect();
        m.serialize_entry("rows", &rows)?;
        m.end()
    }
}

struct MetaMap<'a>(&'a [(String, String)]);

impl Serialize for MetaMap<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

struct RowMap<'a>(&'a [Column], &'a [Value]);

impl Serialize for RowMap<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (c, v) in self.0.iter().zip(self.1) {
            m.serialize_entry(&c.name, v)?;
        }
        m.end()
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `--format table` is for people: percentages, separators, no
    /// scientific notation, units in the header.
    #[test]
    fn text_tables_are_for_people() {
        let mut t = Table::new(
            "t",
            vec![
                Column::new("region"),
                Column::with_unit("price_change", "share"),
                Column::with_unit("duty", "USD"),
                Column::with_unit("gap", "percent"),
                Column::with_unit("jobs", "thousand persons"),
                Column::new("year"),
            ],
        );
        t.push(vec![
            "USA".into(),
            Value::Float(6.58581e-5),
            Value::Decimal("1234567.50".into()),
            Value::Decimal("12.3".into()),
            Value::Float(-1234.5678),
            Value::Int(2019),
        ]);
        let mut b = Vec::new();
        t.write_text(&mut b).unwrap();
        let s = String::from_utf8(b).unwrap();
        assert!(s.contains("price_change (%)"), "{s}");
        assert!(s.contains("0.006586%"), "{s}");
        assert!(s.contains("1,234,567.50"), "{s}");
        assert!(s.contains("12.3%"), "{s}");
        assert!(s.contains("-1,234.57"), "{s}");
        assert!(s.contains("2019") && !s.contains("2,019"), "{s}");
        assert!(!s.contains("e-"), "{s}");
        assert_eq!(plain(1e-9, 6), "0.000000001");
        assert_eq!(group("-1234567"), "-1,234,567");
        assert_eq!(percent(25.0), "25%");
    }

    fn sample() -> Table {
        let mut t = Table::new(
            "demo",
            vec![
                Column::new("region"),
                Column::with_unit("value", "USD million"),
            ],
        );
        t.push(vec!["CAN".into(), 0.1f64.into()]);
        t.push(vec!["a,\"b\"".into(), Value::Float(1234567.891)]);
        t.meta("source", "test");
        t
    }

    #[test]
    fn csv_round_trips_floats_and_quotes() {
        let mut out = Vec::new();
        sample().write_csv(&mut out).unwrap();
        let s = String::from_utf8(out).unwrap();
        assert_eq!(s, "region,value\nCAN,0.1\n\"a,\"\"b\"\"\",1234567.891\n");
        assert_eq!("0.1".parse::<f64>().unwrap(), 0.1);
    }

    #[test]
    fn column_types_ignore_nulls_and_widen_mixes() {
        let mut t = Table::new(
            "t",
            ["f", "i", "b", "d", "mixed", "nulls"]
                .into_iter()
                .map(Column::new)
                .collect(),
        );
        t.push(vec![
            Value::Int(1),
            Value::Int(2),
            Value::Bool(true),
            Value::Decimal("1.50".into()),
            Value::Bool(true),
            Value::Null,
        ]);
        t.push(vec![
            Value::Float(0.5),
            Value::Null,
            Value::Null,
            Value::Null,
            "not evaluated".into(),
            Value::Null,
        ]);
        let types: Vec<ColumnType> = (0..6).map(|j| t.column_type(j)).collect();
        assert_eq!(
            types,
            [
                ColumnType::Float,
                ColumnType::Int,
                ColumnType::Bool,
                ColumnType::Decimal,
                ColumnType::Text,
                ColumnType::Text
            ]
        );
    }

    #[test]
    fn json_envelope() {
        let mut out = Vec::new();
        sample().write_json(&mut out).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["schema"], TABLE_SCHEMA);
        assert_eq!(v["rows"][0]["region"], "CAN");
        assert_eq!(v["rows"][0]["value"], 0.1);
        assert_eq!(v["columns"][1]["unit"], "USD million");
        assert_eq!(v["meta"]["source"], "test");
    }

    #[test]
    fn text_aligns_numbers_right() {
        let mut out = Vec::new();
        sample().write_text(&mut out).unwrap();
        let s = String::from_utf8(out).unwrap();
        assert!(s.contains("value (USD million)"), "{s}");
        assert!(s.contains("1,234,568"), "{s}");
        assert!(s.contains("source: test"));
    }

    #[test]
    fn human_format() {
        assert_eq!(format_human(0.777682), "0.777682");
        assert_eq!(format_human(244755.312446), "244755");
        assert_eq!(format_human(1.5), "1.5");
        assert_eq!(format_human(1e-7), "1.00000e-7");
        assert_eq!(format_float(-0.0), "0");
        assert_eq!(format_quantity(58818.00000000008), "58818");
        assert_eq!(format_quantity(0.1 + 0.2), "0.3");
        assert_eq!(format_quantity(-1.234567890123e-9), "-0.00000000123456789");
        assert_eq!(format_quantity(f64::NAN), "NaN");
    }
}
