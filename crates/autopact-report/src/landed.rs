//! Landed cost of reference vehicles on the US market under tariff
//! regimes (`autopact landed-cost`, the report's vehicle section): the
//! table and chart from regimes a front end has resolved (reading
//! scenario files and trade weights is the front end's part). Equations:
//! docs/methodology/landed-cost.md (L1).

use anyhow::{Context as _, Result, anyhow};
use autopact_brief::{Bar, BarChart};
use autopact_core::{Column, Table, Value};
use autopact_law::LawDb;
use autopact_law::roo::RooRules;
use autopact_law::vehicles::{self, ReferenceVehicle};
use autopact_link::landed::{LandedInputs, LandedRow, Regime, landed_costs};
use autopact_mrio::{Leontief, Mrio};

use crate::contribution::default_sector;
use crate::{Field, table_meta};

/// The reference vehicles compared by default: all seven.
pub const DEFAULT_VEHICLES: &str =
    "michigan-sedan,ontario-suv,mexico-pickup,japan-import,korea-import,germany-import,china-ev";

/// Reference vehicles from a comma-separated list of names.
pub fn parse_vehicles(list: &str) -> Result<Vec<ReferenceVehicle>> {
    list.split(',')
        .map(|n| {
            let n = n.trim();
            vehicles::get(n)?
                .ok_or_else(|| {
                    anyhow!(
                        "unknown reference vehicle {n:?} (known: {})",
                        vehicles::names().join(", ")
                    )
                })
                .context(Field::new("vehicles"))
        })
        .collect()
}

fn dec(d: autopact_law::Decimal) -> Value {
    Value::Decimal(autopact_law::money::fmt_money(d))
}

/// The landed-cost table (one row per vehicle × regime, the first regime
/// the baseline of `change`) and its bar chart (input-cost effect and
/// border duty).
pub fn build(
    m: &Mrio,
    l: &Leontief,
    db: &LawDb,
    rules: &RooRules,
    vehicles: &[ReferenceVehicle],
    regimes: &[Regime],
) -> Result<(Table, BarChart)> {
    let sector = default_sector(m)?;
    let rows: Vec<LandedRow> = landed_costs(
        &LandedInputs {
            mrio: m,
            leontief: l,
            db,
            rules,
            sector,
        },
        vehicles,
        regimes,
    )
    .map_err(|e| anyhow!(e))?;
    let mut t = Table::new(
        "landed-cost",
        vec![
            Column::new("vehicle"),
            Column::new("assembly"),
            Column::new("hts"),
            Column::new("regime"),
            Column::with_unit("base_price", "USD"),
            Column::new("usmca_qualifying"),
            Column::with_unit("us_content", "USD"),
            Column::with_unit("input_cost_effect", "USD"),
            Column::with_unit("border_duty", "USD"),
            Column::with_unit("landed_cost", "USD"),
            Column::with_unit("change", "USD"),
            Column::new("duty_basis"),
        ],
    );
    let mut bars = vec![];
    for r in &rows {
        t.push(vec![
            r.vehicle.clone().into(),
            r.assembly.clone().into(),
            r.hts.clone().into(),
            r.regime.clone().into(),
            dec(r.base_price),
            r.usmca_qualifying.map_or(Value::Null, Value::Bool),
            dec(r.us_content),
            dec(r.input_cost_effect),
            dec(r.border_duty),
            dec(r.landed_cost),
            dec(r.change),
            r.duty_basis.clone().into(),
        ]);
        let f = |d: autopact_law::Decimal| d.to_string().parse::<f64>().unwrap_or(f64::NAN);
        bars.push(Bar {
            label: format!("{} · {}", r.vehicle, r.regime),
            values: vec![f(r.input_cost_effect), f(r.border_duty)],
        });
    }
    table_meta(&mut t, m);
    t.meta(
        "market",
        "United States (Canada's market: not computed; see docs/methodology/landed-cost.md)",
    );
    t.meta("law_as_of", db.as_of.to_string());
    for g in regimes {
        t.meta(
            "regime",
            format!("{}: input wedges {}", g.name, g.wedges_source),
        );
    }
    t.meta(
        "method",
        "landed cost = base price + Δp(assembler's region, c15) × base price + border duty (eq. L1, docs/methodology/landed-cost.md); \
         duty by the duty engine with USMCA qualification by the origin engine and US content from the BOM",
    );
    t.meta(
        "vehicles",
        "ILLUSTRATIVE reference vehicles: round numbers, not any real model",
    );
    t.meta("silent_on", "dealer margins, exchange rates, the demand response, tariffs' effect on the base price itself");
    let chart = BarChart {
        title: "Landed cost on the US market: what each regime adds".into(),
        unit: "USD per vehicle (eq. L1)".into(),
        series: vec!["input-cost effect".into(), "border duty".into()],
        bars,
    };
    Ok((t, chart))
}
