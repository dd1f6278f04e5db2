//! One-off tariff runs of the Leontief price model.

use anyhow::{Result, bail};
use autopact_api_types::request::{PriceBy, PriceRequest};
use autopact_core::{Column, Table, Value};
use autopact_mrio::{Leontief, Mrio, PriceModel, PriceOptions, TariffSchedule};

use crate::labels::{applies_to, parse_tariffs};
use crate::{Field, LawTariffs, solver_meta, table_meta};

/// The `price` table for `req` on `m`, with tariffs from the law first
/// when a front end derived them.
pub fn build(
    m: &Mrio,
    l: &Leontief,
    req: &PriceRequest,
    law: Option<&LawTariffs<'_>>,
) -> Result<Table> {
    if req.tariff.is_empty() && law.is_none() {
        bail!(
            anyhow::anyhow!("give at least one tariff IMPORTER:EXPORTER:SECTORS:RATE")
                .context(Field::new("tariff"))
        );
    }
    let mut wedges = law.map(|l| l.wedges.clone()).unwrap_or_default();
    wedges.extend(parse_tariffs(m, &req.tariff, applies_to(req.applies_to))?);
    let schedule = TariffSchedule::new(m, &wedges)?;
    let basket = req
        .basket
        .as_ref()
        .map(|b| b.split(',').map(|s| s.trim().to_string()).collect());
    let model = PriceModel::new(
        m,
        l,
        PriceOptions {
            basket,
            ..PriceOptions::default()
        },
    )?;
    let e = model.solve(&schedule)?;
    let unit = m.provenance().unit.clone();
    let mut t = match req.by {
        PriceBy::RegionSector => {
            let mut cols = vec![
                Column::new("region"),
                Column::new("sector"),
                Column::with_unit("price_change", "per unit of base price"),
            ];
            if req.detail {
                for c in ["direct", "first_round", "cascade"] {
                    cols.push(Column::with_unit(c, "per unit of base price"));
                }
            }
            let mut t = Table::new("price", cols);
            for i in 0..m.n() {
                let mut row: Vec<Value> = vec![
                    m.regions()[m.region_of(i)].clone().into(),
                    m.sectors()[m.sector_of(i)].clone().into(),
                    e.price_change[i].into(),
                ];
                if req.detail {
                    row.extend([
                        e.direct[i].into(),
                        e.first_round[i].into(),
                        e.cascade[i].into(),
                    ]);
                }
                t.push(row);
            }
            t
        }
        PriceBy::Commodity | PriceBy::Pce => bail!(
            anyhow::anyhow!(
                "--by commodity and --by pce are for national tables (us-bea-2017, us-bea-2024): this table has regions and sectors"
            )
            .context(crate::Field::new("by"))
        ),
        PriceBy::Region => {
            let mut t = Table::new(
                "price-by-region",
                vec![
                    Column::new("region"),
                    Column::with_unit("consumer_price_change", "share"),
                    Column::with_unit("tariff_revenue_intermediate", &unit),
                    Column::with_unit("tariff_revenue_final", &unit),
                ],
            );
            for (r, name) in m.regions().iter().enumerate() {
                t.push(vec![
                    name.clone().into(),
                    e.consumer_price_change[r].into(),
                    e.revenue_intermediate[r].into(),
                    e.revenue_final[r].into(),
                ]);
            }
            t
        }
    };
    table_meta(&mut t, m);
    solver_meta(&mut t, l);
    t.meta("model", "Leontief price model pᵀ = vᵀ(I − A∘(1+T))⁻¹; fixed coefficients, full pass-through, base prices 1");
    if let Some(law) = law {
        (law.describe)(&mut t);
    }
    t.meta("tariffs", req.tariff.join(" "));
    t.meta("applies_to", format!("{:?}", req.applies_to).to_lowercase());
    t.meta("consumer_basket", model.basket_label());
    let c = &e.certificate;
    t.meta("solution", c.summary());
    Ok(t)
}
