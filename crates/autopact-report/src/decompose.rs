//! Gross exports split into value-added terms — Borin–Mancini
//! (source-based; any perspective, groups allowed) or Wang–Wei–Zhu (16
//! terms, decompr's names). One row per exporting country-sector and
//! importer, one column per term.

use anyhow::{Context as _, bail};
use autopact_api_types::request::{DecomposeRequest, Method, Perspective};
use autopact_core::{Column, Table, Value};
use autopact_mrio::decompose::{
    BmTerm, Perimeter, RegionSet, TradeBase, Wwz, WwzTerm, borin_mancini,
};
use autopact_mrio::{Leontief, Mrio};

use crate::{Field, table_meta};

/// The `decompose` table for `req` on `mrio`.
pub fn build(mrio: &Mrio, leontief: &Leontief, req: &DecomposeRequest) -> anyhow::Result<Table> {
    let exporter = RegionSet::parse(mrio, &req.exporter).context(Field::new("exporter"))?;
    let importer = req
        .importer
        .as_deref()
        .map(|p| RegionSet::parse(mrio, p).context(Field::new("importer")))
        .transpose()?;
    if let Some(p) = &importer {
        crate::labels::check_partner(mrio, &exporter, p, crate::labels::PartnerOverlap::Refused)?;
    }
    let sectors = req
        .sector
        .iter()
        .map(|s| {
            mrio.sector_index(s)
                .with_context(|| Field::with("sector", s))
        })
        .collect::<anyhow::Result<Vec<usize>>>()?;
    let base = TradeBase::new(mrio, leontief)?;
    let mut table = match req.method {
        Method::Wwz => wwz_table(&base, &exporter, importer.as_ref(), &sectors)?,
        Method::Bm => bm_table(&base, &exporter, importer, sectors, req)?,
    };
    table_meta(&mut table, mrio);
    table.meta(
        "value added",
        "residual x - 1'Z (decompr/exvatools convention)",
    );
    Ok(table)
}

fn header(terms: &[&str]) -> Vec<Column> {
    let mut cols = vec![
        Column::new("exporter"),
        Column::new("sector"),
        Column::new("importer"),
    ];
    cols.extend(terms.iter().map(|t| Column::new(*t)));
    cols
}

fn wwz_table(
    base: &TradeBase<'_>,
    exporter: &RegionSet,
    importer: Option<&RegionSet>,
    sectors: &[usize],
) -> anyhow::Result<Table> {
    let mrio = base.mrio();
    if !exporter.is_single() {
        bail!(
            "WWZ decomposes one country's exports; for a group such as {} use --method bm",
            exporter.name
        );
    }
    let s = exporter.regions[0];
    let wwz = Wwz::new(base)?;
    let ex = wwz.exporter(s);
    let mut names: Vec<&str> = WwzTerm::ALL.iter().map(|t| t.name()).collect();
    names.push("texp");
    let mut table = Table::new("wwz", header(&names));
    let importers: Vec<usize> = (0..mrio.n_regions())
        .filter(|&r| r != s && importer.is_none_or(|p| p.contains(r)))
        .collect();
    for i in 0..mrio.n_sectors() {
        if !sectors.is_empty() && !sectors.contains(&i) {
            continue;
        }
        for &r in &importers {
            let mut row = vec![
                Value::from(mrio.regions()[s].as_str()),
                Value::from(mrio.sectors()[i].as_str()),
                Value::from(mrio.regions()[r].as_str()),
            ];
            row.extend(ex.terms(i, r).into_iter().map(Value::from));
            row.push(Value::from(ex.exports(i, r)));
            table.push(row);
        }
    }
    table.meta(
        "method",
        "Wang-Wei-Zhu (2013) 16 terms, decompr names and order",
    );
    Ok(table)
}

fn bm_table(
    base: &TradeBase<'_>,
    exporter: &RegionSet,
    importer: Option<RegionSet>,
    sectors: Vec<usize>,
    req: &DecomposeRequest,
) -> anyhow::Result<Table> {
    let mrio = base.mrio();
    let perspective = req
        .perspective
        .unwrap_or(match (&importer, sectors.is_empty()) {
            (None, true) => Perspective::Exporter,
            (Some(_), true) => Perspective::Bilateral,
            (None, false) => Perspective::Sectoral,
            (Some(_), false) => Perspective::BilateralSectoral,
        });
    let need_importer = matches!(
        perspective,
        Perspective::Bilateral | Perspective::BilateralSectoral
    );
    let need_sector = matches!(
        perspective,
        Perspective::Sectoral | Perspective::BilateralSectoral
    );
    if need_importer && importer.is_none() {
        bail!("the bilateral perspectives need --importer");
    }
    if need_sector && sectors.is_empty() {
        bail!("the sectoral perspectives need --sector");
    }
    let perimeter = Perimeter {
        partners: if need_importer {
            importer.clone()
        } else {
            None
        },
        sectors: if need_sector {
            Some(sectors.clone())
        } else {
            None
        },
    };
    let bm = borin_mancini(base, exporter, &perimeter)?;
    let mut terms: Vec<BmTerm> = BmTerm::STANDARD.to_vec();
    if req.detail {
        terms.extend(BmTerm::DETAIL);
    }
    let names: Vec<&str> = terms.iter().map(|t| t.name()).collect();
    let mut table = Table::new("bm", header(&names));
    for (row, &i) in bm.rows.iter().enumerate() {
        if !sectors.is_empty() && !sectors.contains(&mrio.sector_of(i)) {
            continue;
        }
        for (imp, &r) in bm.importers.iter().enumerate() {
            if importer.as_ref().is_some_and(|p| !p.contains(r)) {
                continue;
            }
            let mut cells = vec![
                Value::from(mrio.regions()[mrio.region_of(i)].as_str()),
                Value::from(mrio.sectors()[mrio.sector_of(i)].as_str()),
                Value::from(mrio.regions()[r].as_str()),
            ];
            cells.extend(terms.iter().map(|&t| Value::from(bm.get(t, row, imp))));
            table.push(cells);
        }
    }
    table.meta(
        "method",
        format!(
            "Borin-Mancini (2023) source-based, {} perspective",
            bm.perspective.name()
        ),
    );
    table.meta("exporter", exporter.name.clone());
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

    fn build(m: &Mrio, r: &DecomposeRequest) -> anyhow::Result<Table> {
        super::build(m, &crate::factor(m)?, r)
    }

    fn num(v: &Value) -> f64 {
        match v {
            Value::Float(x) => *x,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn wwz_rows_and_columns() {
        let m = tiny3();
        let t = build(&m, &args_from(&["--method", "wwz", "--exporter", "BBB"])).unwrap();
        assert_eq!(t.columns.len(), 3 + 16 + 1);
        assert_eq!(t.columns[3].name, "DVA_FIN");
        assert_eq!(t.columns[18].name, "MDC");
        // 2 sectors × 2 importers; the 16 terms sum to texp (balanced table).
        assert_eq!(t.rows.len(), 4);
        for r in &t.rows {
            let sum: f64 = r[3..19].iter().map(num).sum();
            assert!((sum - num(&r[19])).abs() < 1e-9 * num(&r[19]));
        }
        let e = build(
            &m,
            &args_from(&["--method", "wwz", "--exporter", "AAA,BBB"]),
        )
        .unwrap_err();
        assert!(e.to_string().contains("--method bm"));
    }

    #[test]
    fn bm_perspectives_and_groups() {
        let m = tiny3();
        let t = build(&m, &args_from(&["--exporter", "AAA,BBB", "--detail"])).unwrap();
        assert_eq!(t.columns.len(), 3 + 13 + 6);
        // 4 member sectors × 1 importer outside the group.
        assert_eq!(t.rows.len(), 4);
        assert!(
            t.meta
                .iter()
                .any(|(_, v)| v.contains("exporter perspective"))
        );
        let t = build(&m, &args_from(&["--exporter", "AAA", "--importer", "CCC"])).unwrap();
        assert!(
            t.meta
                .iter()
                .any(|(_, v)| v.contains("bilateral perspective"))
        );
        assert_eq!(t.rows.len(), 2);
        let t = build(
            &m,
            &args_from(&[
                "--exporter",
                "AAA",
                "--importer",
                "CCC",
                "--perspective",
                "exporter",
            ]),
        )
        .unwrap();
        assert!(
            t.meta
                .iter()
                .any(|(_, v)| v.contains("exporter perspective"))
        );
        assert_eq!(t.rows.len(), 2);
        let t = build(&m, &args_from(&["--exporter", "AAA", "--sector", "s2"])).unwrap();
        assert_eq!(t.rows.len(), 2);
        assert!(
            t.meta
                .iter()
                .any(|(_, v)| v.contains("sectoral perspective"))
        );
        let e = build(
            &m,
            &args_from(&["--exporter", "AAA", "--perspective", "bilateral"]),
        )
        .unwrap_err();
        assert!(e.to_string().contains("--importer"));
        let e = build(&m, &args_from(&["--exporter", "AAA", "--sector", "zz"])).unwrap_err();
        assert!(format!("{e:#}").contains("zz"));
    }
}
