//! Where the value added in one region's gross exports to another comes
//! from (v̂ L e).

use anyhow::{Context as _, Result};
use autopact_api_types::request::{VaBy, VaContentRequest};
use autopact_core::table::format_quantity;
use autopact_core::{Column, Table, Value};
use autopact_mrio::{
    BilateralExports, Leontief, Mrio, coefficients, value_added_content,
    value_added_shares_by_source_region,
};

use crate::labels::{region, sectors};
use crate::{Field, solver_meta, table_meta};

/// The `va-content` table for `req` on `m`.
pub fn build(m: &Mrio, l: &Leontief, req: &VaContentRequest) -> Result<Table> {
    let exporter = region(m, &req.exporter).context(Field::new("exporter"))?;
    let importer = region(m, &req.importer).context(Field::new("importer"))?;
    let only = req.sector.as_deref().map(|s| sectors(m, s)).transpose()?;
    let v = coefficients(&m.value_added(), m.x());
    let flows = BilateralExports::of(m, exporter, importer)?;
    let e = flows.to_vector(m, only.as_deref());
    let exports: f64 = e.iter().sum();
    let unit = m.provenance().unit.clone();
    let t = match req.by {
        VaBy::ExportingSector => {
            let w = value_added_shares_by_source_region(m, l, &v);
            let mut t = Table::new(
                "va-content-by-exporting-sector",
                vec![
                    Column::new("exporting_sector"),
                    Column::with_unit("exports_intermediate", &unit),
                    Column::with_unit("exports_final", &unit),
                    Column::with_unit("exports", &unit),
                    Column::with_unit("dva", &unit),
                    Column::with_unit("fva", &unit),
                ],
            );
            for s in 0..m.n_sectors() {
                if only.as_ref().is_some_and(|o| !o.contains(&s)) {
                    continue;
                }
                let j = m.index(exporter, s);
                let total: f64 = (0..m.n_regions()).map(|r| w[(r, j)]).sum();
                let dva = w[(exporter, j)] * e[j];
                t.push(vec![
                    m.label(j).into(),
                    flows.intermediate[s].into(),
                    flows.final_goods[s].into(),
                    e[j].into(),
                    dva.into(),
                    (total * e[j] - dva).into(),
                ]);
            }
            t
        }
        by => {
            let va = value_added_content(l, &v, &e);
            let total: f64 = va.iter().sum();
            let share = |x: f64| if total != 0.0 { x / total } else { 0.0 };
            let mut cols = vec![Column::new("source_region")];
            if by == VaBy::SourceSector {
                cols.push(Column::new("source_sector"));
            }
            cols.push(Column::with_unit("value_added", &unit));
            cols.push(Column::with_unit(
                "share",
                "share of the value added embodied",
            ));
            let mut t = Table::new("va-content", cols);
            if by == VaBy::SourceSector {
                for (i, x) in va.iter().enumerate() {
                    t.push(vec![
                        m.regions()[m.region_of(i)].clone().into(),
                        m.sectors()[m.sector_of(i)].clone().into(),
                        (*x).into(),
                        share(*x).into(),
                    ]);
                }
            } else {
                for (r, name) in m.regions().iter().enumerate() {
                    let x: f64 = m.region_range(r).map(|i| va[i]).sum();
                    t.push(vec![name.clone().into(), x.into(), Value::Float(share(x))]);
                }
            }
            t.meta("value_added_embodied", format_quantity(total));
            t
        }
    };
    let mut t = t;
    table_meta(&mut t, m);
    solver_meta(&mut t, l);
    t.meta(
        "flow",
        format!("gross exports of {} to {}", req.exporter, req.importer),
    );
    if let Some(s) = &req.sector {
        t.meta("exporting_sectors", s);
    }
    t.meta("exports", format_quantity(exports));
    t.meta(
        "method",
        "v̂ L e with the global Leontief inverse L = (I − A)⁻¹; DVA includes value added that returns home",
    );
    Ok(t)
}
