//! `autopact tiva`: OECD Trade in Value Added indicators of a country or a
//! group (e.g. USMCA as one exporter), by partner and sector.

use std::process::ExitCode;

use anyhow::{Context as _, bail};
use autopact_core::{Column, Table, Value};
use autopact_mrio::Mrio;
use autopact_mrio::decompose::tiva::TIVA_CODES;
use autopact_mrio::decompose::{RegionSet, TradeBase, tiva};
use clap::Args as ClapArgs;

use super::Context;
use super::table::{TableArgs, factor, table_meta};
use crate::output::OutputArgs;

/// Flags of `autopact tiva`.
#[derive(Debug, Clone, ClapArgs)]
#[command(after_help = "Examples:
  autopact tiva --exporter CAN --indicator EXGR_DVA,EXGR_FVA,DEXFVApSH
  autopact tiva --exporter USMCA --importer CHN --importer JPN
  autopact tiva ICIO2023_2019.csv.gz --exporter MEX --sector C29")]
pub struct Args {
    #[command(flatten)]
    pub table: TableArgs,
    /// Exporter: a region (CAN), a list treated as one economy (CAN,MEX,USA)
    /// or a group name (USMCA).
    #[arg(long)]
    pub exporter: String,
    /// Partner(s): a region, a list or a group; repeat for several. Default:
    /// every region outside the exporter. `WLD` (all partners) is always
    /// reported.
    #[arg(long)]
    pub importer: Vec<String>,
    /// Indicator codes (comma-separated), e.g. EXGR_DVA,FFD_DVA. Default: all.
    #[arg(long, value_delimiter = ',')]
    pub indicator: Vec<String>,
    /// Sector codes (comma-separated) or TOTAL. Default: every sector and
    /// TOTAL.
    #[arg(long, value_delimiter = ',')]
    pub sector: Vec<String>,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Runs the command.
pub fn run(args: Args, ctx: &Context) -> anyhow::Result<ExitCode> {
    let mrio = args.table.load(ctx)?;
    let table = build(&mrio, &args)?;
    ctx.note(format!("{} rows", table.rows.len()));
    args.output.emit(&table)?;
    Ok(ExitCode::SUCCESS)
}

/// The result table for `args` on `mrio`.
pub fn build(mrio: &Mrio, args: &Args) -> anyhow::Result<Table> {
    let exporter = RegionSet::parse(mrio, &args.exporter).context("--exporter")?;
    let partners = args
        .importer
        .iter()
        .map(|p| RegionSet::parse(mrio, p).with_context(|| format!("--importer {p}")))
        .collect::<anyhow::Result<Vec<_>>>()?;
    for p in &partners {
        if p.regions.iter().all(|&r| exporter.contains(r)) {
            bail!(
                "--importer {} lies inside the exporter {}: flows inside the exporter are not exports",
                p.name,
                exporter.name
            );
        }
    }
    for code in &args.indicator {
        if !TIVA_CODES.contains(&code.as_str()) {
            bail!(
                "unknown indicator {code:?}; known: {}",
                TIVA_CODES.join(", ")
            );
        }
    }
    for s in &args.sector {
        if s != "TOTAL" && !mrio.sectors().contains(s) {
            bail!(
                "unknown sector {s:?}; known: TOTAL, {}",
                mrio.sectors().join(", ")
            );
        }
    }
    let leontief = factor(mrio)?;
    let base = TradeBase::new(mrio, &leontief)?;
    let result = tiva(
        &base,
        &exporter,
        (!partners.is_empty()).then_some(partners.as_slice()),
    )?;
    let unit = &mrio.provenance().unit;
    let mut table = Table::new(
        "tiva",
        vec![
            Column::new("exporter"),
            Column::new("partner"),
            Column::new("sector"),
            Column::new("indicator"),
            Column::new("value"),
            Column::new("unit"),
        ],
    );
    for row in &result.rows {
        if !args.indicator.is_empty() && !args.indicator.iter().any(|c| c == row.code) {
            continue;
        }
        if !args.sector.is_empty() && !args.sector.contains(&row.sector) {
            continue;
        }
        let unit = match row.unit {
            "level" if !unit.is_empty() => unit.clone(),
            u => u.to_string(),
        };
        table.push(vec![
            Value::from(result.exporter.as_str()),
            Value::from(row.partner.as_str()),
            Value::from(row.sector.as_str()),
            Value::from(row.code),
            Value::from(row.value),
            Value::from(unit),
        ]);
    }
    table_meta(&mut table, mrio);
    table.meta("exporter members", result.members.join(","));
    table.meta(
        "value added",
        "residual x - 1'Z (decompr/exvatools convention; closes EXGR_DVA + EXGR_FVA = EXGR)",
    );
    if !exporter.is_single() {
        table.meta(
            "group",
            "treated as one economy: flows among members are not exports",
        );
    }
    Ok(table)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cmd::testutil::{args_from, tiny3};

    #[test]
    fn group_exporter_and_filters() {
        let m = tiny3();
        let a: Args = args_from(&[
            "--exporter",
            "AAA,BBB",
            "--importer",
            "CCC",
            "--indicator",
            "EXGR,EXGR_DVA,EXGR_FVA",
            "--sector",
            "TOTAL",
        ]);
        let t = build(&m, &a).unwrap();
        // 3 indicators × (CCC, WLD) × TOTAL.
        assert_eq!(t.rows.len(), 6);
        let get = |code: &str, partner: &str| -> f64 {
            let r = t
                .rows
                .iter()
                .find(|r| r[3] == Value::from(code) && r[1] == Value::from(partner))
                .unwrap();
            match r[4] {
                Value::Float(v) => v,
                _ => panic!(),
            }
        };
        let e = get("EXGR", "WLD");
        assert!((get("EXGR_DVA", "WLD") + get("EXGR_FVA", "WLD") - e).abs() < 1e-9 * e);
        assert_eq!(get("EXGR", "CCC"), e);
        assert_eq!(t.rows[0][0], Value::from("AAA+BBB"));
    }

    #[test]
    fn bad_arguments_are_named() {
        let m = tiny3();
        let e = build(&m, &args_from(&["--exporter", "ZZZ"])).unwrap_err();
        assert!(format!("{e:#}").contains("ZZZ"));
        let e = build(
            &m,
            &args_from(&["--exporter", "AAA", "--indicator", "NOPE"]),
        )
        .unwrap_err();
        assert!(e.to_string().contains("NOPE"));
        let e = build(
            &m,
            &args_from(&["--exporter", "AAA,BBB", "--importer", "BBB"]),
        )
        .unwrap_err();
        assert!(e.to_string().contains("inside the exporter"));
        let e = build(&m, &args_from(&["--exporter", "AAA", "--sector", "s9"])).unwrap_err();
        assert!(e.to_string().contains("s9"));
    }
}
