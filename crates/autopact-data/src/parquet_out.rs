//! Parquet output of result tables.
//!
//! Why Parquet: large results (multipliers of 9,800 sectors × many
//! stressors, value added by origin × destination) are unwieldy as CSV;
//! Parquet is columnar, compressed and typed, and pandas, polars, R arrow
//! and DuckDB read it directly. The file is a plain tidy table — one
//! Parquet column per [`Table`] column — not pymrio's pandas-specific
//! layout (stringified tuples as column names).
//!
//! Why the low-level writer: the `parquet` crate's Arrow layer pulls in
//! arrow-cast, arrow-ord, chrono, lexical and more — minutes of cold build
//! on two cores for one function. A tidy table needs none of it: each
//! column is written directly with `SerializedFileWriter` (the `parquet`
//! crate with no default features but Snappy).
//!
//! Types: a column whose values are all floats (or floats and integers) is
//! `DOUBLE`; all integers `INT64`; all booleans `BOOLEAN`; anything else
//! (text, exact decimals, mixed) a UTF-8 `BYTE_ARRAY` with the machine
//! rendering. [`Value::Null`] is a null (every column is optional). The
//! table's kind, metadata and column units go into the file's key-value
//! metadata (`autopact.kind`, `autopact.meta.<key>`, `autopact.unit.<column>`),
//! so provenance travels with the data.

use std::fs::File;
use std::path::Path;
use std::sync::Arc;

use autopact_core::table::{ColumnType, TABLE_SCHEMA};
use autopact_core::{Table, Value};
use parquet::basic::{Compression, LogicalType, Repetition, Type as Physical};
use parquet::data_type::{BoolType, ByteArray, ByteArrayType, DoubleType, Int64Type};
use parquet::errors::ParquetError;
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::Type;

use crate::error::{DataError, Result};

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Float,
    Int,
    Bool,
    Text,
}

/// The Parquet kind of column `j`: [`Table::column_type`], with exact
/// decimals written as text (their canonical strings).
fn column_kind(t: &Table, j: usize) -> Kind {
    match t.column_type(j) {
        ColumnType::Float => Kind::Float,
        ColumnType::Int => Kind::Int,
        ColumnType::Bool => Kind::Bool,
        ColumnType::Decimal | ColumnType::Text => Kind::Text,
    }
}

/// Writes `table` to `path` as a Parquet file (Snappy-compressed).
pub fn write_parquet(path: impl AsRef<Path>, table: &Table) -> Result<()> {
    let path = path.as_ref();
    let name = path.display().to_string();
    let err = |e: ParquetError| DataError::io(&name, std::io::Error::other(e));
    let kinds: Vec<Kind> = (0..table.columns.len())
        .map(|j| column_kind(table, j))
        .collect();
    let mut fields = Vec::with_capacity(kinds.len());
    for (c, k) in table.columns.iter().zip(&kinds) {
        let (phys, logical) = match k {
            Kind::Float => (Physical::DOUBLE, None),
            Kind::Int => (Physical::INT64, None),
            Kind::Bool => (Physical::BOOLEAN, None),
            Kind::Text => (Physical::BYTE_ARRAY, Some(LogicalType::String)),
        };
        fields.push(Arc::new(
            Type::primitive_type_builder(&c.name, phys)
                .with_repetition(Repetition::OPTIONAL)
                .with_logical_type(logical)
                .build()
                .map_err(err)?,
        ));
    }
    let schema = Arc::new(
        Type::group_type_builder("autopact_table")
            .with_fields(fields)
            .build()
            .map_err(err)?,
    );
    let mut kv = vec![
        KeyValue::new("autopact.schema".into(), TABLE_SCHEMA.to_string()),
        KeyValue::new("autopact.kind".into(), table.kind.clone()),
    ];
    kv.extend(
        table
            .meta
            .iter()
            .map(|(k, v)| KeyValue::new(format!("autopact.meta.{k}"), v.clone())),
    );
    kv.extend(table.columns.iter().filter_map(|c| {
        c.unit
            .as_ref()
            .map(|u| KeyValue::new(format!("autopact.unit.{}", c.name), u.clone()))
    }));
    let props = Arc::new(
        WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_key_value_metadata(Some(kv))
            .set_created_by(format!("autopact {}", env!("CARGO_PKG_VERSION")))
            .build(),
    );
    let file = File::create(path).map_err(|e| DataError::io(&name, e))?;
    let mut w = SerializedFileWriter::new(file, schema, props).map_err(err)?;
    let mut rg = w.next_row_group().map_err(err)?;
    for (j, k) in kinds.iter().enumerate() {
        let Some(mut col) = rg.next_column().map_err(err)? else {
            break;
        };
        let cells = table.rows.iter().map(|r| &r[j]);
        let def: Vec<i16> = cells
            .clone()
            .map(|v| i16::from(!matches!(v, Value::Null)))
            .collect();
        match k {
            Kind::Float => {
                let v: Vec<f64> = cells
                    .filter_map(|v| match v {
                        Value::Float(x) => Some(*x),
                        Value::Int(i) => Some(*i as f64),
                        _ => None,
                    })
                    .collect();
                col.typed::<DoubleType>()
                    .write_batch(&v, Some(&def), None)
                    .map_err(err)?;
            }
            Kind::Int => {
                let v: Vec<i64> = cells
                    .filter_map(|v| match v {
                        Value::Int(i) => Some(*i),
                        _ => None,
                    })
                    .collect();
                col.typed::<Int64Type>()
                    .write_batch(&v, Some(&def), None)
                    .map_err(err)?;
            }
            Kind::Bool => {
                let v: Vec<bool> = cells
                    .filter_map(|v| match v {
                        Value::Bool(b) => Some(*b),
                        _ => None,
                    })
                    .collect();
                col.typed::<BoolType>()
                    .write_batch(&v, Some(&def), None)
                    .map_err(err)?;
            }
            Kind::Text => {
                let v: Vec<ByteArray> = cells
                    .filter(|v| !matches!(v, Value::Null))
                    .map(|v| ByteArray::from(v.machine().into_bytes()))
                    .collect();
                col.typed::<ByteArrayType>()
                    .write_batch(&v, Some(&def), None)
                    .map_err(err)?;
            }
        }
        col.close().map_err(err)?;
    }
    rg.close().map_err(err)?;
    w.close().map_err(err)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use autopact_core::Column;
    use parquet::file::reader::{FileReader, SerializedFileReader};

    #[test]
    fn writes_typed_columns_with_units_and_metadata() {
        let mut t = Table::new(
            "multipliers",
            vec![
                Column::new("region"),
                Column::with_unit("value", "USD million"),
                Column::new("n"),
                Column::new("flag"),
                Column::new("mixed"),
            ],
        );
        t.push(vec![
            "CAN".into(),
            0.1.into(),
            Value::Int(3),
            true.into(),
            Value::Int(1),
        ]);
        t.push(vec![
            Value::Null,
            Value::Int(2),
            Value::Null,
            false.into(),
            "x".into(),
        ]);
        t.meta("source", "test");
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("t.parquet");
        write_parquet(&p, &t).unwrap();
        let r = SerializedFileReader::new(File::open(&p).unwrap()).unwrap();
        let md = r.metadata().file_metadata();
        assert_eq!(md.num_rows(), 2);
        let kv = md.key_value_metadata().unwrap();
        let get = |k: &str| kv.iter().find(|x| x.key == k).and_then(|x| x.value.clone());
        assert_eq!(get("autopact.meta.source").as_deref(), Some("test"));
        assert_eq!(get("autopact.unit.value").as_deref(), Some("USD million"));
        assert_eq!(get("autopact.kind").as_deref(), Some("multipliers"));
        let schema = md.schema_descr();
        let types: Vec<String> = (0..5)
            .map(|i| format!("{:?}", schema.column(i).physical_type()))
            .collect();
        assert_eq!(
            types,
            ["BYTE_ARRAY", "DOUBLE", "INT64", "BOOLEAN", "BYTE_ARRAY"]
        );
        let rows: Vec<String> = r
            .get_row_iter(None)
            .unwrap()
            .map(|row| row.unwrap().to_string())
            .collect();
        assert_eq!(
            rows[0],
            "{region: \"CAN\", value: 0.1, n: 3, flag: true, mixed: \"1\"}"
        );
        assert_eq!(
            rows[1],
            "{region: null, value: 2.0, n: null, flag: false, mixed: \"x\"}"
        );
    }
}
