//! Reading back the Parquet files [`crate::write_parquet`] writes.
//!
//! Why: sweep shards are written by many processes and merged by one; the
//! merge must read them back exactly (doubles bit for bit) with their
//! metadata, and must fail clearly on a file that is truncated or not a
//! Parquet file. Types map back one to one: `DOUBLE` → float, `INT64` →
//! integer, `BOOLEAN` → boolean, `BYTE_ARRAY` → text, null → null; the
//! kind, metadata and units come back from the key-value metadata.

use std::fs::File;
use std::path::Path;

use autopact_core::{Column, Table, Value};
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;

use crate::error::{DataError, Result};

/// Reads a table written by [`crate::write_parquet`].
pub fn read_parquet(path: impl AsRef<Path>) -> Result<Table> {
    let path = path.as_ref();
    let name = path.display().to_string();
    let bad = |what: String| {
        DataError::io(
            &name,
            std::io::Error::new(std::io::ErrorKind::InvalidData, what),
        )
    };
    let file = File::open(path).map_err(|e| DataError::io(&name, e))?;
    let reader = SerializedFileReader::new(file).map_err(|e| {
        bad(format!(
            "not a complete Parquet file ({e}); it may be truncated — write it again"
        ))
    })?;
    let meta = reader.metadata().file_metadata();
    let mut table = Table::default();
    let mut units: Vec<(String, String)> = Vec::new();
    for kv in meta.key_value_metadata().into_iter().flatten() {
        let v = kv.value.clone().unwrap_or_default();
        if kv.key == "autopact.kind" {
            table.kind = v;
        } else if let Some(k) = kv.key.strip_prefix("autopact.meta.") {
            table.meta(k, v);
        } else if let Some(c) = kv.key.strip_prefix("autopact.unit.") {
            units.push((c.to_string(), v));
        }
    }
    table.columns = meta
        .schema_descr()
        .columns()
        .iter()
        .map(|c| {
            let n = c.name().to_string();
            match units.iter().find(|(u, _)| *u == n) {
                Some((_, unit)) => Column::with_unit(n, unit.clone()),
                None => Column::new(n),
            }
        })
        .collect();
    let rows = reader
        .get_row_iter(None)
        .map_err(|e| bad(format!("cannot read its rows ({e})")))?;
    for (k, row) in rows.enumerate() {
        let row = row.map_err(|e| bad(format!("row {}: {e}; the file is damaged", k + 1)))?;
        let cells = row
            .get_column_iter()
            .map(|(c, f)| match f {
                Field::Null => Ok(Value::Null),
                Field::Double(v) => Ok(Value::Float(*v)),
                Field::Long(v) => Ok(Value::Int(*v)),
                Field::Bool(v) => Ok(Value::Bool(*v)),
                Field::Str(s) => Ok(Value::Text(s.clone())),
                other => Err(bad(format!(
                    "row {}, column {c}: unexpected value {other:?} (not written by autopact)",
                    k + 1
                ))),
            })
            .collect::<Result<Vec<Value>>>()?;
        table.rows.push(cells);
    }
    Ok(table)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{write_atomically, write_parquet};

    #[test]
    fn round_trip_is_exact_and_truncation_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let mut t = Table::new(
            "k",
            vec![
                Column::new("s"),
                Column::new("i"),
                Column::with_unit("x", "fraction"),
                Column::new("maybe"),
            ],
        );
        t.push(vec![
            "a".into(),
            Value::Int(3),
            Value::Float(0.1 + 0.2),
            Value::Null,
        ]);
        t.push(vec![
            "b".into(),
            Value::Int(-1),
            Value::Float(-1e-300),
            Value::Float(2.5),
        ]);
        t.meta("sweep_sha256", "abc");
        t.meta("shard_index", "0");
        let p = dir.path().join("t.parquet");
        write_atomically(&p, |tmp| write_parquet(tmp, &t)).unwrap();
        let back = read_parquet(&p).unwrap();
        assert_eq!(back, t);
        let bytes = std::fs::read(&p).unwrap();
        std::fs::write(&p, &bytes[..bytes.len() - 20]).unwrap();
        let e = read_parquet(&p).unwrap_err().to_string();
        assert!(e.contains("t.parquet") && e.contains("truncated"), "{e}");
        // No temporary file is left behind.
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }
}
