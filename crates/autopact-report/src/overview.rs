//! The main job on a table in one readable page — how deeply the North
//! American industries are woven together, and what a tariff on that web
//! does.
//!
//! Every number here is also available, with its breakdown, from a
//! specific computation (`va-content`, `multipliers`, `jobs`, `price`); the
//! page names it next to each section.

use std::fmt::Write as _;

use anyhow::{Context as _, Result};
use autopact_api_types::request::OverviewRequest;
use autopact_core::{Column, Table};
use autopact_mrio::{
    AppliesTo, BilateralExports, Leontief, Mrio, PriceModel, PriceOptions, StressorCoefficients,
    TariffSchedule, TariffWedge, by_region, coefficients, embodied, multipliers, tariff_response,
    value_added_content,
};

use crate::{Field, table_meta};

/// What the page follows, for a section a front end adds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Focus {
    /// Index of the USA.
    pub usa: usize,
    /// The followed sector.
    pub sector: usize,
    /// The sectors of the tariff illustration (followed sector, basic metals).
    pub sectors: Vec<usize>,
}

/// A section a front end adds before the closing line (the law in force,
/// which needs law data and trade weights this crate does not read): it
/// appends rows to the table and paragraphs to the text.
pub type Section<'a> = &'a dyn Fn(&mut Table, &mut String, &Focus) -> Result<()>;

/// The overview of `m` for `req`, with `extra` before the closing line.
/// Needs the regions USA, CAN and MEX.
pub fn build(
    m: &Mrio,
    l: &Leontief,
    req: &OverviewRequest,
    extra: Option<Section<'_>>,
) -> Result<Overview> {
    let na: Vec<usize> = ["USA", "CAN", "MEX"]
        .iter()
        .filter_map(|c| m.region_index(c).ok())
        .collect();
    anyhow::ensure!(
        na.len() == 3,
        "the overview follows the USA, CAN and MEX; this table lacks some of them (regions: {})",
        m.regions().join(" ")
    );
    let (usa, can, mex) = (na[0], na[1], na[2]);
    let sector = auto_sector(m, req.sector.as_deref()).context(Field::new("sector"))?;
    let rate = crate::labels::rate(&req.rate).context(Field::new("rate"))?;
    compute(m, l, usa, can, mex, sector, rate, extra)
}

/// The overview: a page of prose for people and the same numbers as a
/// tidy table.
#[derive(Debug, Clone)]
pub struct Overview {
    /// Every number of the page, one row each.
    pub table: Table,
    /// The page.
    pub text: String,
}

/// A share as a percentage with one decimal.
pub fn pct(x: f64) -> String {
    format!("{:.1}%", 100.0 * x)
}

fn auto_sector(m: &Mrio, asked: Option<&str>) -> Result<usize> {
    if let Some(s) = asked {
        return Ok(m.sector_index(s)?);
    }
    for code in ["c15", "C29", "D29", "29", "34t35"] {
        if let Ok(i) = m.sector_index(code) {
            return Ok(i);
        }
    }
    Ok(0)
}

fn metals_sector(m: &Mrio) -> Option<usize> {
    ["c12", "C24", "D24", "24"]
        .iter()
        .find_map(|c| m.sector_index(c).ok())
}

/// What every section of the page reads: the table, its LU, the three
/// North American regions and the followed sector.
struct Page<'a> {
    m: &'a Mrio,
    l: &'a Leontief,
    usa: usize,
    can: usize,
    mex: usize,
    sector: usize,
    /// The followed sector's code.
    sname: String,
    /// The table's unit.
    unit: String,
}

impl Page<'_> {
    /// The name of region `r`.
    fn name(&self, r: usize) -> String {
        self.m.regions()[r].clone()
    }
}

#[allow(clippy::too_many_arguments)]
fn compute(
    m: &Mrio,
    l: &Leontief,
    usa: usize,
    can: usize,
    mex: usize,
    sector: usize,
    rate: f64,
    extra: Option<Section<'_>>,
) -> Result<Overview> {
    let pg = Page {
        m,
        l,
        usa,
        can,
        mex,
        sector,
        sname: m.sectors()[sector].clone(),
        unit: m.provenance().unit.clone(),
    };
    let mut t = Table::new(
        "overview",
        vec![
            Column::new("section"),
            Column::new("indicator"),
            Column::new("region"),
            Column::new("value"),
            Column::new("unit"),
        ],
    );
    let mut text = heading(&pg)?;
    let v = coefficients(&m.value_added(), m.x());
    va_in_exports(&pg, &v, &mut t, &mut text)?;
    value_chain(&pg, &v, &mut t, &mut text)?;
    let jobs_coef = m
        .extension("employment")
        .map(|e| StressorCoefficients::of(m, e, 0));
    if let Some(c) = &jobs_coef {
        jobs(&pg, c, &mut t, &mut text)?;
    }
    let sectors = tariff_illustration(&pg, rate, jobs_coef.as_ref(), &mut t, &mut text)?;
    if let Some(extra) = extra {
        let focus = Focus {
            usa,
            sector,
            sectors,
        };
        extra(&mut t, &mut text, &focus)?;
    }
    closing_line(m, &mut text)?;
    table_meta(&mut t, m);
    Ok(Overview { table: t, text })
}

/// The page's heading: the table, its size and unit, the followed sector.
fn heading(pg: &Page<'_>) -> Result<String> {
    let (m, p) = (pg.m, pg.m.provenance());
    let mut text = String::new();
    writeln!(text, "autopact overview — {}", p.name)?;
    writeln!(
        text,
        "{} regions × {} sectors; {}{}",
        m.n_regions(),
        m.n_sectors(),
        p.unit,
        if p.price_basis.is_empty() {
            String::new()
        } else {
            format!(", {}", p.price_basis)
        }
    )?;
    writeln!(text, "followed sector: {}\n", pg.sname)?;
    Ok(text)
}

/// Section 1: value added in bilateral exports, of all goods and services
/// and of the followed sector (`v` the value-added coefficients).
fn va_in_exports(pg: &Page<'_>, v: &[f64], t: &mut Table, text: &mut String) -> Result<()> {
    let (m, l, sector, sname, unit) = (pg.m, pg.l, pg.sector, &pg.sname, &pg.unit);
    let name = |r: usize| pg.name(r);
    let (usa, can, mex) = (pg.usa, pg.can, pg.mex);
    writeln!(
        text,
        "1. Whose value added is in North American trade? (v̂ L e; `autopact va-content`)"
    )?;
    for (ex, im) in [(can, usa), (mex, usa), (usa, can), (usa, mex)] {
        let flows = BilateralExports::of(m, ex, im)?;
        for (label, only) in [
            ("all goods and services", None),
            ("followed sector", Some(vec![sector])),
        ] {
            let e = flows.to_vector(m, only.as_deref());
            let total: f64 = e.iter().sum();
            if total == 0.0 {
                continue;
            }
            let va = value_added_content(l, v, &e);
            let by = by_region(m, &va);
            let va_total: f64 = by.iter().sum();
            let share = |r: usize| by[r] / va_total;
            let others: f64 = (0..m.n_regions())
                .filter(|&r| r != ex && r != im)
                .map(|r| by[r])
                .sum::<f64>()
                / va_total;
            writeln!(
                text,
                "   {} → {} exports, {label}: {:.0} {unit}; made in {}: {}, back from {}: {}, elsewhere: {}",
                name(ex),
                name(im),
                total,
                name(ex),
                pct(share(ex)),
                name(im),
                pct(share(im)),
                pct(others)
            )?;
            let section = format!(
                "va_in_exports_{}_to_{}_{}",
                name(ex),
                name(im),
                if only.is_some() {
                    sname.as_str()
                } else {
                    "all"
                }
            );
            t.push(vec![
                section.clone().into(),
                "exports".into(),
                name(ex).into(),
                total.into(),
                unit.clone().into(),
            ]);
            for r in 0..m.n_regions() {
                t.push(vec![
                    section.clone().into(),
                    "value_added_share".into(),
                    name(r).into(),
                    share(r).into(),
                    "share".into(),
                ]);
            }
        }
    }
    Ok(())
}

/// Section 2: the followed sector's value chain, domestic and foreign value
/// added per unit of final demand in each North American region.
fn value_chain(pg: &Page<'_>, v: &[f64], t: &mut Table, text: &mut String) -> Result<()> {
    let (m, sector, sname) = (pg.m, pg.sector, &pg.sname);
    let mult = multipliers(m, pg.l, v, &[]);
    writeln!(
        text,
        "\n2. Where the value of a {sname} product comes from (vᵀL split; `autopact multipliers`)"
    )?;
    for r in [pg.usa, pg.can, pg.mex] {
        let j = m.index(r, sector);
        let total = mult.value_added[j];
        if total == 0.0 {
            continue;
        }
        writeln!(
            text,
            "   {}_{sname}: domestic value added {}, foreign {} (per unit of final demand: {:.3})",
            pg.name(r),
            pct(mult.value_added_domestic[j] / total),
            pct(mult.value_added_foreign[j] / total),
            total
        )?;
        t.push(vec![
            "value_chain".into(),
            "domestic_va_share".into(),
            pg.name(r).into(),
            (mult.value_added_domestic[j] / total).into(),
            "share".into(),
        ]);
    }
    Ok(())
}

/// Section 3: jobs sustained by bilateral exports, and by US final demand
/// for the followed sector's imports (`c` the employment coefficients).
fn jobs(pg: &Page<'_>, c: &StressorCoefficients, t: &mut Table, text: &mut String) -> Result<()> {
    let (m, l, sector, sname) = (pg.m, pg.l, pg.sector, &pg.sname);
    let (usa, can, mex) = (pg.usa, pg.can, pg.mex);
    let name = |r: usize| pg.name(r);
    let (e, stressor, junit) = (&c.coefficients, &c.label, &c.unit);
    writeln!(
        text,
        "\n3. Jobs woven into the trade (ê L d, {stressor}, {junit}; `autopact jobs`)"
    )?;
    for (ex, im) in [(can, usa), (mex, usa), (usa, can)] {
        let d = BilateralExports::of(m, ex, im)?.to_vector(m, None);
        let jobs = by_region(m, &embodied(l, e, &d));
        let third = [usa, can, mex]
            .into_iter()
            .find(|&r| r != ex && r != im)
            .expect("three regions");
        writeln!(
            text,
            "   {} → {} exports sustain {:.0} in {}, {:.0} in {}, {:.0} in {}",
            name(ex),
            name(im),
            jobs[ex],
            name(ex),
            jobs[im],
            name(im),
            jobs[third],
            name(third)
        )?;
        for r in [usa, can, mex] {
            t.push(vec![
                format!("jobs_in_exports_{}_to_{}", name(ex), name(im)).into(),
                "jobs".into(),
                name(r).into(),
                jobs[r].into(),
                junit.clone().into(),
            ]);
        }
    }
    let cols = m.fd_columns_of(&name(usa));
    for origin in [can, mex] {
        let i = m.index(origin, sector);
        let mut d = vec![0.0; m.n()];
        d[i] = cols.iter().map(|&k| m.y()[(i, k)]).sum();
        let jobs = by_region(m, &embodied(l, e, &d));
        writeln!(
            text,
            "   US final demand for {}_{sname}: {:.1} jobs in the USA, {:.1} in {}",
            name(origin),
            jobs[usa],
            jobs[origin],
            name(origin)
        )?;
        t.push(vec![
            format!("jobs_in_us_demand_for_{}_{sname}", name(origin)).into(),
            "jobs".into(),
            name(usa).into(),
            jobs[usa].into(),
            junit.clone().into(),
        ]);
    }
    Ok(())
}

/// Section 4: a tariff war at `rate` on the followed sector and basic
/// metals inside North America, through the price model (and the jobs
/// line when the table has employment); returns the sectors it taxed.
fn tariff_illustration(
    pg: &Page<'_>,
    rate: f64,
    jobs_coef: Option<&StressorCoefficients>,
    t: &mut Table,
    text: &mut String,
) -> Result<Vec<usize>> {
    let (m, sector, sname) = (pg.m, pg.sector, &pg.sname);
    let (usa, can, mex) = (pg.usa, pg.can, pg.mex);
    let name = |r: usize| pg.name(r);
    let mut sectors = vec![sector];
    if let Some(s) = metals_sector(m) {
        if s != sector {
            sectors.push(s);
        }
    }
    let w = |importer, exporter| TariffWedge {
        importer,
        exporter,
        sectors: sectors.clone(),
        rate,
        applies_to: AppliesTo::Both,
    };
    let wedges = vec![w(usa, can), w(usa, mex), w(can, usa), w(mex, usa)];
    let schedule = TariffSchedule::new(m, &wedges)?;
    // Unit price elasticity of final demand for the jobs line.
    let response = tariff_response(m, pg.l, &schedule, PriceOptions::default(), &|_| 1.0)?;
    let eff = &response.prices;
    let codes: Vec<&str> = sectors.iter().map(|&s| m.sectors()[s].as_str()).collect();
    writeln!(
        text,
        "\n4. A {} tariff war on {} inside North America (US on CAN and MEX, both in return;\n   price model, full pass-through, fixed coefficients; `autopact price`, `autopact scenario run`)",
        pct(rate),
        codes.join(" and ")
    )?;
    for r in [usa, can, mex] {
        let j = m.index(r, sector);
        let dp = eff.price_change[j];
        writeln!(
            text,
            "   {}_{sname}: cost +{} per unit (direct {}, cascade {} of the increase); consumer prices +{}",
            name(r),
            pct(dp),
            pct(eff.direct[j]),
            pct(if dp > 0.0 { eff.cascade[j] / dp } else { 0.0 }),
            pct(eff.consumer_price_change[r])
        )?;
        t.push(vec![
            "tariff_illustration".into(),
            format!("cost_increase_{sname}").into(),
            name(r).into(),
            dp.into(),
            "per unit of base price".into(),
        ]);
        t.push(vec![
            "tariff_illustration".into(),
            "consumer_price_change".into(),
            name(r).into(),
            eff.consumer_price_change[r].into(),
            "share".into(),
        ]);
    }
    if let Some(c) = jobs_coef {
        let junit = &c.unit;
        let jobs = by_region(m, &response.change_of(&c.coefficients));
        writeln!(
            text,
            "   jobs with a unit price elasticity of final demand: {} {:+.1}, {} {:+.1}, {} {:+.1} ({junit})",
            name(usa),
            jobs[usa],
            name(can),
            jobs[can],
            name(mex),
            jobs[mex]
        )?;
        for r in [usa, can, mex] {
            t.push(vec![
                "tariff_illustration".into(),
                "jobs_change".into(),
                name(r).into(),
                jobs[r].into(),
                junit.clone().into(),
            ]);
        }
    }
    Ok(sectors)
}

/// The closing line: model estimates, not forecasts, and the source.
fn closing_line(m: &Mrio, text: &mut String) -> Result<()> {
    let p = m.provenance();
    writeln!(
        text,
        "\nThese are model estimates from a {} table, not forecasts. Source: {}",
        p.year.map_or("single-year".to_string(), |y| y.to_string()),
        if p.citation.is_empty() {
            p.source.as_str()
        } else {
            p.citation.as_str()
        }
    )?;
    Ok(())
}

/// The date of the law in force the overview shows.
pub const LAW_DATE: &str = "2025-10-01";

/// Section 5, the law in force: wedges from the law engine on real trade,
/// and the followed sector's cost from them, next to the illustration above.
///
/// `derived`: the US wedges on [`LAW_DATE`] with default options (the front
/// end reads the trade weights), or why they are not available.
pub fn law_section(
    m: &Mrio,
    l: &Leontief,
    t: &mut Table,
    text: &mut String,
    focus: &Focus,
    derived: std::result::Result<&autopact_link::Derived, &str>,
) -> Result<()> {
    let (usa, sector, sectors) = (focus.usa, focus.sector, &focus.sectors);
    let d = match derived {
        Ok(d) => d,
        Err(e) => {
            writeln!(
                text,
                "\n5. The law in force on {LAW_DATE}: not available for this table ({e})"
            )?;
            return Ok(());
        }
    };
    let w = &d.wedges;
    writeln!(
        text,
        "\n5. The US tariffs in force on {LAW_DATE}, from the law (law data as of {}; `autopact wedges`, `autopact price --law`)\n   wedges = duty ÷ value of each exporter's HTS10 lines under the law engine, weighted by {} imports\n   (USMCA claims as entered; other partners by a flagged proxy); full derivation: `autopact wedges --date {LAW_DATE}`",
        w.law_as_of,
        w.weights.split(':').next().unwrap_or("")
    )?;
    for x in ["CAN", "MEX"] {
        let mut parts = Vec::new();
        for &s in sectors.iter() {
            let code = &m.sectors()[s];
            if let Some(r) = w
                .sectors
                .iter()
                .find(|r| r.exporter == x && &r.sector == code)
            {
                let rate: f64 = r.rate.to_string().parse().unwrap_or(0.0);
                parts.push(format!("{code} {}", pct(rate)));
                t.push(vec![
                    "law_in_force".into(),
                    format!("effective_rate_{code}").into(),
                    x.into(),
                    rate.into(),
                    "share".into(),
                ]);
            }
        }
        writeln!(text, "   US effective rate on {x}: {}", parts.join(", "))?;
    }
    let tariffs = autopact_link::to_tariffs(m, w, AppliesTo::Both)?;
    let schedule = TariffSchedule::new(m, &tariffs)?;
    let eff = PriceModel::new(m, l, PriceOptions::default())?.solve(&schedule)?;
    let j = m.index(usa, sector);
    let sname = &m.sectors()[sector];
    writeln!(
        text,
        "   USA_{sname}: cost +{} per unit under the law in force (the hypothetical above: section 4); US consumer prices +{}",
        pct(eff.price_change[j]),
        pct(eff.consumer_price_change[usa])
    )?;
    t.push(vec![
        "law_in_force".into(),
        format!("cost_increase_{sname}").into(),
        "USA".into(),
        eff.price_change[j].into(),
        "per unit of base price".into(),
    ]);
    t.meta(
        "law_in_force",
        format!(
            "US tariffs in force on {LAW_DATE} from the law data as of {}; weights: {}",
            w.law_as_of, w.weights
        ),
    );
    Ok(())
}

/// Section 6, the seed's vehicle costs on current data (a national table),
/// next to the results above: its lines, and rows in the page's table; or
/// why it is not available.
pub fn current_data_section(
    page: &mut Overview,
    costs: std::result::Result<&crate::national::VehicleCosts, String>,
    label: &str,
    table_name: &str,
) -> Result<()> {
    match costs {
        Ok(v) => {
            let lines = crate::national::vehicle_costs_lines(v, label);
            writeln!(page.text, "\n6. {}", lines[0])?;
            for line in &lines[1..] {
                writeln!(page.text, "   {line}")?;
            }
            writeln!(
                page.text,
                "   (Sections 1–5 use the table above, whose transport equipment lumps cars with aircraft, ships and railcars; these rows separate vehicles from parts.)"
            )?;
            for row in crate::national::vehicle_costs_rows(v) {
                page.table.push(row);
            }
        }
        Err(e) => writeln!(
            page.text,
            "\n6. Vehicle costs on current data ({table_name}): not available ({e})"
        )?,
    }
    Ok(())
}
