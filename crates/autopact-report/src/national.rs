//! National tables (BEA's `us-bea-2017`, `us-bea-2024`) as tidy tables:
//! `price --by commodity|pce`, `wedges --by sector` (the law's rates by
//! BEA commodity) and `info`.
//!
//! Why here: the CLI and the HTTP API print the same columns and the same
//! named assumptions; the model is [`autopact_mrio::national`], the law's
//! rates [`autopact_link::bea`], and the files are read by
//! `autopact-data`.

use anyhow::{Context as _, Result, bail};
use autopact_api_types::request::{MarkupKind, PriceBy, PriceRequest};
use autopact_core::{Column, Table, Value};
use autopact_link::bea::CommodityRates;
use autopact_mrio::national::{Markup, NationalPrice, NationalTable, PriceAssumptions};

use crate::Field;

/// The model's assumptions for a request (checked by the model).
pub fn assumptions(req: &PriceRequest) -> PriceAssumptions {
    PriceAssumptions {
        markup: match req.markup {
            MarkupKind::ConstantDollar => Markup::ConstantDollar,
            MarkupKind::ConstantPercentage => Markup::ConstantPercentage,
        },
        domestic_pricing: req.domestic_pricing,
        dollar_offset: req.dollar_offset,
    }
}

/// Adds τ = `rate` to every commodity `code` names (itself, or each
/// detail commodity of a summary code); `at` says where the entry is for
/// the error.
fn apply(table: &NationalTable, tau: &mut [f64], code: &str, rate: &str, at: &str) -> Result<()> {
    let ks = table.resolve(code);
    if ks.is_empty() {
        bail!(
            "{at}: {code:?} is not a commodity of {} (nor a summary code of its commodities); `autopact info {}` lists them",
            table.provenance().name,
            short_name(table)
        );
    }
    let v = crate::labels::rate(rate).with_context(|| format!("{at}, column rate"))?;
    for k in ks {
        tau[k] = v;
    }
    Ok(())
}

fn short_name(table: &NationalTable) -> &str {
    table
        .provenance()
        .name
        .split(':')
        .next()
        .unwrap_or_default()
}

/// τ from a tariff file's text: CSV `commodity,rate` with a header line,
/// the rate as `10%` or a fraction `0.1` (the rule of `--tariff`); a later
/// row on the same commodity replaces an earlier one. Errors name the
/// file, row and column.
pub fn tariff_file(name: &str, text: &str, table: &NationalTable) -> Result<Vec<f64>> {
    let mut tau = vec![0.0; table.commodities().len()];
    let mut lines = text.lines().enumerate();
    let unquote = |f: &str| f.trim().trim_matches('"').trim().to_string();
    let Some((_, header)) = lines.next() else {
        bail!("{name}: empty file: a header line `commodity,rate` is needed");
    };
    let h: Vec<String> = header
        .trim_start_matches('\u{feff}')
        .split(',')
        .map(unquote)
        .collect();
    let col = |c: &str| {
        h.iter().position(|x| x == c).with_context(|| {
            format!("{name}, row 1: no column {c:?} (the header must be `commodity,rate`)")
        })
    };
    let (ic, ir) = (col("commodity")?, col("rate")?);
    for (k, l) in lines {
        let row = k + 1;
        if l.trim().is_empty() {
            continue;
        }
        let f: Vec<String> = l.split(',').map(unquote).collect();
        if f.len() != h.len() {
            bail!(
                "{name}, row {row}, column {}: {} fields where the header has {}",
                h.get(f.len()).map_or("?", String::as_str),
                f.len(),
                h.len()
            );
        }
        let at = format!("{name}, row {row}");
        if table.resolve(&f[ic]).is_empty() {
            bail!(
                "{at}, column commodity: {:?} is not a commodity of {} (nor a summary code of its commodities); `autopact info {}` lists them",
                f[ic],
                table.provenance().name,
                short_name(table)
            );
        }
        apply(table, &mut tau, &f[ic], &f[ir], &at)?;
    }
    Ok(tau)
}

/// τ from `--commodity-tariff CODE:RATE` entries, added after `tau`.
pub fn commodity_tariffs(specs: &[String], table: &NationalTable, tau: &mut [f64]) -> Result<()> {
    for s in specs {
        let Some((code, rate)) = s.rsplit_once(':') else {
            bail!(
                anyhow::anyhow!("{s:?}: write CODE:RATE, e.g. 336111:25%")
                    .context(Field::new("commodity_tariff"))
            );
        };
        apply(table, tau, code.trim(), rate, s)
            .map_err(|e| e.context(Field::new("commodity_tariff")))?;
    }
    Ok(())
}

/// The national table's metadata and the named assumptions.
pub fn meta(t: &mut Table, table: &NationalTable, a: Option<PriceAssumptions>) {
    let p = table.provenance();
    t.meta("tool", autopact_api_types::tool());
    t.meta("table", &p.name);
    if let Some(y) = p.year {
        t.meta("year", y.to_string());
    }
    t.meta("unit", &p.unit);
    t.meta("price_basis", &p.price_basis);
    if let Some(h) = &p.sha256 {
        t.meta("table_sha256", h);
    }
    t.meta("citation", &p.citation);
    for (k, c) in table.caveats().iter().enumerate() {
        t.meta(format!("caveat_{}", k + 1), c);
    }
    if let Some(a) = a {
        t.meta("model", "p = s · [diag(ω^M) τ + diag(ω^D) L_Dᵀ B_Mᵀ τ] (docs/methodology/price-model.md, the national model)");
        t.meta("markup", a.markup.name());
        t.meta("domestic_pricing", a.domestic_pricing.to_string());
        t.meta("dollar_offset", a.dollar_offset.to_string());
        t.meta("s", a.scale().to_string());
    }
}

/// The `price` table of a national table for tariff changes `tau`.
pub fn price(table: &NationalTable, req: &PriceRequest, tau: &[f64]) -> Result<Table> {
    let a = assumptions(req);
    let model = NationalPrice::new(table, a).map_err(|e| {
        anyhow::Error::from(e).context(Field::new(
            // In the order `PriceAssumptions::check` tests them.
            if !(req.domestic_pricing.is_finite() && (0.0..=1.0).contains(&req.domestic_pricing)) {
                "domestic_pricing"
            } else {
                "dollar_offset"
            },
        ))
    })?;
    let p = model.solve(tau)?;
    let pct = |v: f64| Value::Float(100.0 * v);
    let mut t = match req.by {
        PriceBy::Commodity | PriceBy::RegionSector => {
            let mut t = Table::new(
                "price",
                vec![
                    Column::new("commodity"),
                    Column::new("description"),
                    Column::with_unit("import_share", "share of use (ω^M)"),
                    Column::with_unit("tariff_pct", "%"),
                    Column::with_unit("direct_pct", "%"),
                    Column::with_unit("supply_chain_pct", "%"),
                    Column::with_unit("price_change_pct", "%"),
                ],
            );
            for (c, &tc) in tau.iter().enumerate() {
                t.push(vec![
                    table.commodities()[c].clone().into(),
                    table.descriptions()[c].clone().into(),
                    model.import_shares()[c].into(),
                    pct(tc),
                    pct(p.direct[c]),
                    pct(p.supply_chain[c]),
                    pct(p.total[c]),
                ]);
            }
            t
        }
        PriceBy::Pce => {
            let mut t = Table::new(
                "price",
                vec![
                    Column::new("pce_category"),
                    Column::with_unit("purchasers_value", "USD million"),
                    Column::with_unit("direct_pct", "%"),
                    Column::with_unit("supply_chain_pct", "%"),
                    Column::with_unit("price_change_pct", "%"),
                ],
            );
            for r in model.pce(&p)? {
                t.push(vec![
                    r.category.into(),
                    r.purchasers.into(),
                    pct(r.direct),
                    pct(r.supply_chain),
                    pct(r.total),
                ]);
            }
            t
        }
        PriceBy::Region => bail!(
            anyhow::anyhow!("a national table has one region: use --by commodity or --by pce")
                .context(Field::new("by"))
        ),
    };
    meta(&mut t, table, Some(a));
    let zero = model.zero_industries();
    if !zero.is_empty() {
        t.meta(
            "zero_industries",
            format!("{} (n_i = 0: no imported-input cost)", zero.join(" ")),
        );
    }
    t.meta(
        "taxed_commodities",
        tau.iter().filter(|v| **v != 0.0).count().to_string(),
    );
    Ok(t)
}

/// The `wedges --by sector` table of a national table: the law's rates
/// by commodity, `ALL` exporters first.
pub fn rates(table: &NationalTable, r: &CommodityRates, date: &str, baseline: &str) -> Table {
    let mut t = Table::new(
        "wedges",
        vec![
            Column::new("importer"),
            Column::new("exporter"),
            Column::new("commodity"),
            Column::new("description"),
            Column::with_unit("value", "USD"),
            Column::with_unit("duty", "USD"),
            Column::with_unit("rate", "duty / value"),
            Column::with_unit("baseline_duty", "USD"),
            Column::with_unit("baseline_rate", "duty / value"),
            Column::with_unit("change", "rate − baseline rate (the price model's τ)"),
            Column::new("lines"),
            Column::with_unit("proxy_value", "USD"),
        ],
    );
    for x in &r.rows {
        let k = table.commodity_index(&x.commodity);
        t.push(vec![
            "USA".into(),
            x.exporter.clone().into(),
            x.commodity.clone().into(),
            k.map_or(Value::Null, |k| table.descriptions()[k].clone().into()),
            Value::Decimal(x.value.to_string()),
            Value::Decimal(x.duty.to_string()),
            Value::Decimal(x.rate.to_string()),
            Value::Decimal(x.baseline_duty.to_string()),
            Value::Decimal(x.baseline_rate.to_string()),
            x.change.into(),
            x.lines.into(),
            Value::Decimal(x.proxy_value.to_string()),
        ]);
    }
    meta(&mut t, table, None);
    t.meta("date", date);
    t.meta("baseline", baseline);
    t.meta(
        "concordance",
        "HTS10 → BEA detail commodity: bea_detail_code of the tariff tracker's metal-content file (Budget-Lab-Yale/tariff-rate-tracker, MIT licence); a line it does not list takes the commodity all its HS8 (else HS6) siblings there share; summary codes by BEA's hierarchy",
    );
    t.meta(
        "unmapped",
        format!(
            "{} lines, USD {} without a commodity of the table (left out)",
            r.unmapped.0, r.unmapped.1
        ),
    );
    t
}

/// The `info` table of a national table.
pub fn info(table: &NationalTable) -> Table {
    let p = table.provenance();
    let mut t = Table::new("info", vec![Column::new("item"), Column::new("value")]);
    let mut row = |k: &str, v: Value| t.push(vec![k.into(), v]);
    row("name", p.name.clone().into());
    row("description", p.description.clone().into());
    row("source", p.source.clone().into());
    row("year", p.year.map_or(Value::Null, |y| Value::Int(y.into())));
    row("unit", p.unit.clone().into());
    row("price_basis", p.price_basis.clone().into());
    row(
        "level",
        match table.level() {
            autopact_mrio::national::Level::Detail => "detail",
            autopact_mrio::national::Level::Summary => "summary",
        }
        .into(),
    );
    row("commodities", table.commodities().len().into());
    row("industries", table.industries().len().into());
    row("total_industry_output", table.total_output().into());
    row("intermediate_imports", table.intermediate_imports().into());
    let (m, d): (f64, f64) = (
        table.parts().import_total.iter().sum(),
        table.parts().domestic_total.iter().sum(),
    );
    row("import_use_total", m.into());
    row("domestic_use_total", d.into());
    let q: f64 = table.pce().iter().map(|l| l.purchasers).sum();
    row("pce_bridge_purchasers_value", q.into());
    row("citation", p.citation.clone().into());
    row("licence", p.licence.clone().into());
    for (k, c) in table.caveats().iter().enumerate() {
        row(&format!("caveat_{}", k + 1), c.clone().into());
    }
    let w = table.import_shares();
    for (c, code) in table.commodities().iter().enumerate() {
        row(
            &format!("import_share {code}"),
            Value::Text(format!("{} ({})", w[c], table.descriptions()[c])),
        );
    }
    meta(&mut t, table, None);
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use autopact_mrio::national::{NationalParts, PceLine};

    fn table() -> NationalTable {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        NationalTable::new(NationalParts {
            commodities: s(&["A", "B"]),
            descriptions: s(&["a", "b"]),
            hierarchy: vec![("AB".into(), "A".into()), ("AB".into(), "B".into())],
            industries: s(&["X", "Y"]),
            use_import: vec![10.0, 0.0, 0.0, 5.0],
            requirements: vec![1.0, 0.0, 0.0, 1.0],
            output: vec![100.0, 100.0],
            variable_cost: vec![50.0, 50.0],
            import_total: vec![50.0, 0.0],
            domestic_total: vec![50.0, 100.0],
            pce: vec![PceLine {
                category: "Food".into(),
                commodity: 0,
                producers: 10.0,
                purchasers: 20.0,
            }],
            provenance: Default::default(),
            caveats: vec![],
        })
        .unwrap()
    }

    #[test]
    fn tariff_files_take_codes_summary_codes_and_the_tariff_rule() {
        let t = table();
        assert_eq!(
            tariff_file("f.csv", "commodity,rate\nA,10%\n", &t).unwrap(),
            vec![0.1, 0.0]
        );
        assert_eq!(
            tariff_file("f.csv", "rate,commodity\n0.2,AB\n", &t).unwrap(),
            vec![0.2, 0.2]
        );
        let e = |text: &str| format!("{:#}", tariff_file("f.csv", text, &t).unwrap_err());
        let u = e("commodity,rate\nA,1%\nZZ,1%\n");
        assert!(
            u.contains("f.csv, row 3, column commodity") && u.contains("\"ZZ\""),
            "{u}"
        );
        let n = e("commodity,rate\nA,-0.1\n");
        assert!(
            n.contains("f.csv, row 2, column rate") && n.contains("≥ 0"),
            "{n}"
        );
        let n = e("commodity,rate\nA,NaN\n");
        assert!(n.contains("f.csv, row 2, column rate"), "{n}");
        let h = e("code,rate\nA,1%\n");
        assert!(h.contains("no column \"commodity\""), "{h}");
        let mut tau = vec![0.0; 2];
        commodity_tariffs(&["B:25%".into()], &t, &mut tau).unwrap();
        assert_eq!(tau, vec![0.0, 0.25]);
    }

    #[test]
    fn price_tables_are_in_percent_with_the_parts_summing_to_the_total() {
        let t = table();
        let mut req: PriceRequest = serde_json::from_str("{}").unwrap();
        req.by = PriceBy::Commodity;
        let out = price(&t, &req, &[0.1, 0.0]).unwrap();
        // A: ω^M = 0.5 → direct 5%; supply chain 0.5 · 1 · 10/100 · 10% = 0.5%.
        let f = |v: &Value| match v {
            Value::Float(x) => *x,
            _ => f64::NAN,
        };
        let row = &out.rows[0];
        assert!((f(&row[4]) - 5.0).abs() < 1e-12);
        assert!((f(&row[5]) - 0.5).abs() < 1e-12);
        assert!((f(&row[4]) + f(&row[5]) - f(&row[6])).abs() < 1e-12);
        req.by = PriceBy::Pce;
        let out = price(&t, &req, &[0.1, 0.0]).unwrap();
        let all = out.rows.last().unwrap();
        assert_eq!(all[0], Value::Text("ALL".into()));
        // (5.5% × producers 10) / purchasers 20.
        assert!((f(&all[4]) - 100.0 * (0.055 * 10.0 / 20.0)).abs() < 1e-12);
        req.by = PriceBy::Region;
        assert!(price(&t, &req, &[0.1, 0.0]).is_err());
    }
}

/// The price changes the seed's question asks for on a national table:
/// automobiles (336111), light trucks (336112) and each motor vehicle parts
/// commodity (3363xx), and the PCE level — as pure cost push (s = 1) and
/// under the Budget Lab's assumptions (domestic pricing 0.5, dollar offset
/// 0.174), both with constant-dollar margins. Fractions (0.01 = 1%).
#[derive(Debug, Clone, PartialEq)]
pub struct VehicleCosts {
    /// The table's name (`us-bea-2017`, …) as the user would type it.
    pub table: String,
    /// `(code, description, tariff τ, change at s = 1, change at the Budget Lab's s)`.
    pub commodities: Vec<(String, String, f64, f64, f64)>,
    /// The PCE level at s = 1 and at the Budget Lab's s.
    pub pce_level: (f64, f64),
}

/// Whether `code` is one the vehicle-cost summary reports.
fn is_vehicle_code(code: &str) -> bool {
    code == "336111" || code == "336112" || code.starts_with("3363")
}

/// [`VehicleCosts`] of `table` (named `name`) under tariff changes `tau`.
pub fn vehicle_costs(name: &str, table: &NationalTable, tau: &[f64]) -> Result<VehicleCosts> {
    let push = PriceAssumptions::default();
    let budget_lab = PriceAssumptions::BUDGET_LAB;
    let p1 = NationalPrice::new(table, push)?;
    let p2 = NationalPrice::new(table, budget_lab)?;
    let (c1, c2) = (p1.solve(tau)?, p2.solve(tau)?);
    let level = |m: &NationalPrice, c| -> Result<f64> {
        m.pce(c)?
            .into_iter()
            .find(|r| r.category == "ALL")
            .map(|r| r.total)
            .context("the PCE bridge has no ALL row")
    };
    let commodities = table
        .commodities()
        .iter()
        .enumerate()
        .filter(|(_, code)| is_vehicle_code(code))
        .map(|(k, code)| {
            (
                code.clone(),
                table.descriptions()[k].clone(),
                tau[k],
                c1.total[k],
                c2.total[k],
            )
        })
        .collect();
    Ok(VehicleCosts {
        table: name.to_string(),
        commodities,
        pce_level: (level(&p1, &c1)?, level(&p2, &c2)?),
    })
}

/// The vehicle costs in plain lines, saying which table and which law gave
/// them: `label` names the tariffs (e.g. "the US tariffs in force on
/// 2025-10-01 against 2025-01-01").
pub fn vehicle_costs_lines(v: &VehicleCosts, label: &str) -> Vec<String> {
    let pct = |x: f64| format!("{:+.2}%", 100.0 * x);
    let mut lines = vec![format!(
        "On current data — BEA's input-output table {} (national, by commodity), {label}; \
         price change as pure cost push (s = 1) and, in brackets, with the Budget Lab at Yale's \
         assumptions (domestic pricing 0.5, dollar offset 0.174); constant-dollar margins:",
        v.table
    )];
    for (code, description, tau, s1, bl) in &v.commodities {
        lines.push(format!(
            "{description} ({code}): {} [{}] (tariff change {})",
            pct(*s1),
            pct(*bl),
            pct(*tau)
        ));
    }
    lines.push(format!(
        "US consumer prices (PCE level): {} [{}]",
        pct(v.pce_level.0),
        pct(v.pce_level.1)
    ));
    lines
}

/// The vehicle costs as rows `(section, item, region, value, unit)` in the
/// overview's long table, so that `--format csv|json` carries them too.
pub fn vehicle_costs_rows(v: &VehicleCosts) -> Vec<Vec<Value>> {
    let mut rows = Vec::new();
    let mut row = |item: String, value: f64| {
        rows.push(vec![
            format!("current_data_{}", v.table).into(),
            item.into(),
            "USA".into(),
            value.into(),
            "share".into(),
        ])
    };
    for (code, _, _, s1, bl) in &v.commodities {
        row(format!("price_change_{code}"), *s1);
        row(format!("price_change_{code}_budget_lab"), *bl);
    }
    row("price_change_pce_level".into(), v.pce_level.0);
    row("price_change_pce_level_budget_lab".into(), v.pce_level.1);
    rows
}
