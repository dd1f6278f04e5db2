//! Rendering results: `--format table|csv|json|parquet|xlsx` and `--out FILE`.
//!
//! Without `--format`, a terminal gets an aligned table and a pipe gets CSV.
//! Parquet and XLSX are binary and need `--out`. XLSX puts each table on a
//! sheet of its own (names, then units, then rows) and the provenance on
//! an `about` sheet.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use anyhow::bail;
use autopact_core::Table;
use clap::{Args, ValueEnum};

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned text for people.
    Table,
    /// RFC 4180 CSV with a header line.
    Csv,
    /// JSON envelope (schema `autopact.table/v1`).
    Json,
    /// Apache Parquet (needs --out).
    Parquet,
    /// Excel workbook: one sheet per table with units, and an `about`
    /// sheet with the provenance (needs --out).
    Xlsx,
}

/// The output flags every tabular command takes.
#[derive(Debug, Clone, Args)]
pub struct OutputArgs {
    /// Output format [default: table on a terminal, csv otherwise].
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Write to this file instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

impl OutputArgs {
    /// The format in effect.
    pub fn format(&self) -> Format {
        self.format.unwrap_or_else(|| {
            if self.out.is_none() && io::stdout().is_terminal() {
                Format::Table
            } else {
                Format::Csv
            }
        })
    }

    /// Writes `table` as requested.
    pub fn emit(&self, table: &Table) -> anyhow::Result<()> {
        let format = self.format();
        if format == Format::Xlsx {
            return self.emit_xlsx(&[table]);
        }
        if format == Format::Parquet {
            let Some(path) = &self.out else {
                bail!("--format parquet writes binary data: give a file with --out FILE");
            };
            autopact_data::write_parquet(path, table)?;
            return Ok(());
        }
        let mut buf = Vec::new();
        write_table(table, format, &mut buf)?;
        self.emit_bytes(&buf)
    }

    /// Writes `tables` as one XLSX workbook to `--out`.
    pub fn emit_xlsx(&self, tables: &[&Table]) -> anyhow::Result<()> {
        let Some(path) = &self.out else {
            bail!("--format xlsx writes binary data: give a file with --out FILE");
        };
        autopact_data::write_xlsx(path, tables)?;
        Ok(())
    }

    /// Writes already rendered output to `--out` or stdout.
    pub fn emit_bytes(&self, bytes: &[u8]) -> anyhow::Result<()> {
        match &self.out {
            Some(path) => autopact_data::write_bytes(path, bytes)?,
            None => {
                let stdout = io::stdout();
                let mut w = stdout.lock();
                w.write_all(bytes)?;
                w.flush()?;
            }
        }
        Ok(())
    }
}

fn write_table(table: &Table, format: Format, w: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Table => table.write_text(w),
        Format::Csv => table.write_csv(w),
        Format::Json => table.write_json(w),
        Format::Parquet | Format::Xlsx => unreachable!("handled by the caller"),
    }
}

/// True when the error chain holds a broken-pipe IO error.
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}
