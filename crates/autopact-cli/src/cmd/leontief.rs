//! `autopact leontief`: the dense Leontief inverse, for users who want L
//! itself. Everything else in autopact solves against the factorisation.

use std::process::ExitCode;

use anyhow::Result;
use autopact_core::{Column, Table, Value};
use clap::Args as ClapArgs;

use super::Context;
use super::table::{TableArgs, factor, table_meta};
use crate::output::OutputArgs;

/// Arguments of `autopact leontief`.
#[derive(Debug, ClapArgs)]
#[command(after_help = "Examples:
  autopact leontief --format parquet -o L.parquet")]
pub struct Args {
    #[command(flatten)]
    table: TableArgs,
    #[command(flatten)]
    output: OutputArgs,
}

/// Runs the command: rows and columns labelled `REGION_SECTOR`.
pub fn run(args: Args, ctx: &Context) -> Result<ExitCode> {
    let m = args.table.load(ctx)?;
    let l = factor(&m)?;
    ctx.note(format_args!(
        "forming the dense {0} × {0} Leontief inverse",
        m.n()
    ));
    let inv = l.inverse();
    let mut cols = vec![Column::new("label")];
    cols.extend((0..m.n()).map(|j| Column::new(m.label(j))));
    let mut t = Table::new("leontief-inverse", cols);
    for i in 0..m.n() {
        let mut row: Vec<Value> = Vec::with_capacity(m.n() + 1);
        row.push(m.label(i).into());
        row.extend((0..m.n()).map(|j| Value::Float(inv[(i, j)])));
        t.push(row);
    }
    table_meta(&mut t, &m);
    t.meta(
        "definition",
        "L = (I − A)⁻¹, A = Z x̂⁻¹ (zero columns where x = 0)",
    );
    args.output.emit(&t)?;
    Ok(ExitCode::SUCCESS)
}
