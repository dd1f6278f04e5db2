//! OECD Trade in Value Added indicators of a country or a group (e.g.
//! USMCA as one exporter), by partner and sector.

use anyhow::{Context as _, bail};
use autopact_api_types::request::TivaRequest;
use autopact_core::{Column, Table, Value};
use autopact_mrio::decompose::tiva::TIVA_CODES;
use autopact_mrio::decompose::{RegionSet, TradeBase, tiva};
use autopact_mrio::{Leontief, Mrio};

use crate::{Field, solver_meta, table_meta};

/// The `tiva` table for `req` on `mrio`.
pub fn build(mrio: &Mrio, leontief: &Leontief, req: &TivaRequest) -> anyhow::Result<Table> {
    let exporter = RegionSet::parse(mrio, &req.exporter).context(Field::new("exporter"))?;
    let partners = req
        .importer
        .iter()
        .map(|p| RegionSet::parse(mrio, p).with_context(|| Field::with("importer", p)))
        .collect::<anyhow::Result<Vec<_>>>()?;
    for p in &partners {
        crate::labels::check_partner(mrio, &exporter, p, crate::labels::PartnerOverlap::Partial)?;
    }
    for code in &req.indicator {
        if !TIVA_CODES.contains(&code.as_str()) {
            bail!(
                "unknown indicator {code:?}; known: {}",
                TIVA_CODES.join(", ")
            );
        }
    }
    for s in &req.sector {
        if s != "TOTAL" && !mrio.sectors().contains(s) {
            bail!(
                "unknown sector {s:?}; known: TOTAL, {}",
                mrio.sectors().join(", ")
            );
        }
    }
    let base = TradeBase::new(mrio, leontief)?;
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
        if !req.indicator.is_empty() && !req.indicator.iter().any(|c| c == row.code) {
            continue;
        }
        if !req.sector.is_empty() && !req.sector.contains(&row.sector) {
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
    solver_meta(&mut table, leontief);
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
    use crate::testutil::{args_from, tiny3};

    fn run(m: &Mrio, r: &TivaRequest) -> anyhow::Result<Table> {
        build(m, &crate::factor(m)?, r)
    }

    #[test]
    fn group_exporter_and_filters() {
        let m = tiny3();
        let a: TivaRequest = args_from(&[
            "--exporter",
            "AAA,BBB",
            "--importer",
            "CCC",
            "--indicator",
            "EXGR,EXGR_DVA,EXGR_FVA",
            "--sector",
            "TOTAL",
        ]);
        let t = run(&m, &a).unwrap();
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
        let e = run(&m, &args_from(&["--exporter", "ZZZ"])).unwrap_err();
        assert!(format!("{e:#}").contains("ZZZ"));
        let e = run(
            &m,
            &args_from(&["--exporter", "AAA", "--indicator", "NOPE"]),
        )
        .unwrap_err();
        assert!(e.to_string().contains("NOPE"));
        let e = run(
            &m,
            &args_from(&["--exporter", "AAA,BBB", "--importer", "BBB"]),
        )
        .unwrap_err();
        assert!(e.to_string().contains("inside the exporter"));
        let e = run(&m, &args_from(&["--exporter", "AAA", "--sector", "s9"])).unwrap_err();
        assert!(e.to_string().contains("s9"));
    }
}
