//! The tariff's cost cascade at the vehicle assemblers and the landed-cost
//! index of each on the US market: North America against Asia and Europe
//! at sector level, for the HTML report (and any front end that shows it).
//!
//! Equations: docs/methodology/price-model.md and eq. T2 of
//! docs/methodology/contribution.md.

use anyhow::Result;
use autopact_brief::{Bar, BarChart};
use autopact_core::{Column, Table};
use autopact_mrio::{Leontief, Mrio, PriceModel, PriceOptions, TariffSchedule};

use crate::contribution::Tariffs;
use crate::table_meta;

/// Assembly regions of the North America vs Asia comparison.
pub const ASSEMBLERS: [&str; 7] = ["USA", "CAN", "MEX", "JPN", "KOR", "DEU", "CHN"];

/// The tariff cascade and the sector-level North America vs Asia table.
pub fn tariff_tables(
    m: &Mrio,
    l: &Leontief,
    t: &Tariffs,
    sector: usize,
) -> Result<(Table, Table, BarChart)> {
    let model = PriceModel::new(m, l, PriceOptions::default())?;
    let schedule = TariffSchedule::new(m, &t.wedges)?;
    let eff = model.solve(&schedule)?;
    let share = "share of the unit cost";
    let mut cascade = Table::new(
        "tariff-cascade",
        vec![
            Column::new("region_sector"),
            Column::with_unit("direct", share),
            Column::with_unit("first_round", share),
            Column::with_unit("cascade", share),
            Column::with_unit("price_change", share),
        ],
    );
    let mut landed = Table::new(
        "landed-cost-index",
        vec![
            Column::new("assembly_region"),
            Column::with_unit("input_cost_effect", share),
            Column::with_unit("us_border_tariff", "ad-valorem rate"),
            Column::with_unit("landed_cost_index", "base price = 1"),
            Column::with_unit("change", "share of the base price"),
        ],
    );
    let usa = m.region_index("USA").ok();
    let mut bars = vec![];
    for code in ASSEMBLERS {
        let Ok(r) = m.region_index(code) else {
            continue;
        };
        let j = m.index(r, sector);
        cascade.push(vec![
            m.label(j).into(),
            eff.direct[j].into(),
            eff.first_round[j].into(),
            eff.cascade[j].into(),
            eff.price_change[j].into(),
        ]);
        let tau = match usa {
            Some(u) if u != r => schedule
                .final_goods()
                .iter()
                .find(|&&(i, imp, _)| i == j && imp == u)
                .map_or(0.0, |&(_, _, t)| t),
            _ => 0.0,
        };
        let index = (1.0 + eff.price_change[j]) * (1.0 + tau);
        landed.push(vec![
            code.into(),
            eff.price_change[j].into(),
            tau.into(),
            index.into(),
            (index - 1.0).into(),
        ]);
        bars.push(Bar {
            label: code.into(),
            values: vec![eff.price_change[j], index - 1.0 - eff.price_change[j]],
        });
    }
    for tb in [&mut cascade, &mut landed] {
        table_meta(tb, m);
        tb.meta("tariffs", &t.label);
    }
    cascade.meta(
        "method",
        "Leontief price model with tariff wedges, full pass-through (docs/methodology/price-model.md): \
         direct = c_j, first round = (I − A)⁻ᵀ c, cascade = the rest",
    );
    landed.meta(
        "method",
        "landed-cost index = (1 + Δp_j)(1 + τ_j) (eq. T2, docs/methodology/contribution.md): \
         the assembler's input-cost effect times the US border tariff on its transport equipment, \
         per unit of base price; sector level, not a vehicle",
    );
    let chart = BarChart {
        title: format!(
            "Cost of putting {} on the US market under the tariffs",
            m.sectors()[sector]
        ),
        unit: "change against no tariffs, share of the base price (eq. T2)".into(),
        series: vec!["input-cost effect".into(), "US border tariff".into()],
        bars,
    };
    Ok((cascade, landed, chart))
}
