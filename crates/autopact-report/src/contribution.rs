//! Contribution questions: what one region puts into another region's
//! production of a sector — cost shares by origin, jobs on both sides, and
//! the part of a tariff's cost increase due to the link alone. Front ends
//! (the CLI's `contribution` and `report`) only gather the question.
//!
//! Equations: docs/methodology/contribution.md (C1–C3, J1–J3, T1).

use anyhow::{Context as _, Result};
use autopact_api_types::request::{ContributionRequest, ContributionView};
use autopact_brief::{Bar, BarChart};
use autopact_core::{Column, Table, Value};
use autopact_mrio::{
    CostComposition, ExtractionMethod, ExtractionSpec, Leontief, Mrio, PriceModel, PriceOptions,
    SectorGroup, TariffWedge, by_group, coefficients, cost_composition, default_sector_groups,
    extract, tariff_split,
};

use crate::Field;
use crate::labels::{applies_to, parse_tariffs, region, solver_meta, table_meta};

/// Tariff wedges for the price model, from `--tariff` or a scenario file,
/// with a label saying where they came from. A regime "law on DATE" will
/// produce the same pair from the law-to-economy link.
pub struct Tariffs {
    /// The wedges.
    pub wedges: Vec<TariffWedge>,
    /// Where they come from (flags, scenario name and law as-of date).
    pub label: String,
}

/// Employment coefficients (persons per unit of output) and their unit,
/// or why there are none.
pub fn employment(m: &Mrio, extension: &str) -> std::result::Result<(Vec<f64>, String), String> {
    match m.extension(extension) {
        Some(ext) if !ext.is_empty() => Ok((
            coefficients(&ext.row(0), m.x()),
            ext.stressors[0].unit.clone(),
        )),
        _ => Err(format!(
            "the table has no satellite account {extension:?}: jobs are not computed"
        )),
    }
}

/// The default sector of the question: transport equipment.
pub fn default_sector(m: &Mrio) -> Result<usize> {
    for code in ["c15", "D29", "D29T30"] {
        if let Ok(s) = m.sector_index(code) {
            return Ok(s);
        }
    }
    anyhow::bail!(
        "the table has no transport-equipment sector c15 or D29: name one with --sector (known: {})",
        m.sectors().join(", ")
    )
}

/// The results of one contribution question.
pub struct Contribution {
    /// Cost shares by origin region × category.
    pub cost: Table,
    /// Headline figures with their equations.
    pub summary: Table,
    /// Value-added composition by origin region (stacked by category).
    pub chart: BarChart,
}

impl Contribution {
    /// The table a request's `view` shows.
    pub fn view(&self, view: ContributionView) -> &Table {
        match view {
            ContributionView::Cost => &self.cost,
            ContributionView::Summary => &self.summary,
        }
    }
}

/// Answers a contribution request (`autopact contribution`). The tariffs
/// of its `scenario` or `law` come from `outside`, which the front end
/// supplies (it reads scenario files and the law's trade weights; this
/// crate reads nothing) and which is called only when one of them is
/// given, after the regions and the sector have been checked; the
/// request's own `tariff` entries are parsed here.
pub fn build(
    m: &Mrio,
    l: &Leontief,
    r: &ContributionRequest,
    outside: impl FnOnce() -> Result<Tariffs>,
) -> Result<Contribution> {
    let from = region(m, &r.from).context(Field::new("from"))?;
    let to = region(m, &r.to).context(Field::new("to"))?;
    anyhow::ensure!(
        from != to,
        "--from and --to are both {}: the contribution of a region to itself is its domestic share, \
         shown in the rows of every other question",
        r.from
    );
    let sector = match &r.sector {
        Some(s) => m.sector_index(s).context(Field::new("sector"))?,
        None => default_sector(m)?,
    };
    let sources = [!r.tariff.is_empty(), r.scenario.is_some(), r.law.is_some()];
    if sources.iter().filter(|s| **s).count() > 1 {
        return Err(anyhow::anyhow!(
            "give the tariffs one way: --tariff, --scenario FILE or --law DATE"
        )
        .context(Field::new(if r.law.is_some() { "law" } else { "scenario" })));
    }
    let tariffs = if r.scenario.is_some() || r.law.is_some() {
        Some(outside()?)
    } else if r.tariff.is_empty() {
        None
    } else {
        Some(Tariffs {
            wedges: parse_tariffs(m, &r.tariff, applies_to(r.applies_to))?,
            label: format!("--tariff {}", r.tariff.join(" ")),
        })
    };
    compute(
        m,
        l,
        &Question {
            from,
            to,
            sector,
            extension: &r.extension,
            tariffs: tariffs.as_ref(),
        },
    )
}

/// What a contribution question asks.
pub struct Question<'a> {
    /// Source region index.
    pub from: usize,
    /// Destination region index.
    pub to: usize,
    /// Destination sector index.
    pub sector: usize,
    /// Employment satellite name.
    pub extension: &'a str,
    /// Tariffs for the split, if any.
    pub tariffs: Option<&'a Tariffs>,
}

const LABOUR_NOTE: &str = "not in the table: its value added is one row (VA), not split into \
labour compensation and capital income, so the source region's labour share cannot be separated \
(WIOD's Socio-Economic Accounts LAB variable would give it)";

/// What every part of the answer reads: the table, the question, and the
/// cost composition of the destination region-sector.
struct Answer<'a> {
    m: &'a Mrio,
    l: &'a Leontief,
    q: &'a Question<'a>,
    /// Index of the destination region-sector.
    j: usize,
    /// Source region's name.
    from: String,
    /// Destination region's name.
    to: String,
    /// Destination region-sector's label.
    target: String,
    /// The table's unit.
    unit: String,
    /// Cost composition of the destination region-sector.
    c: CostComposition,
}

/// Computes a contribution question (one forward solve, one extraction,
/// and two price-model runs when tariffs are given).
pub fn compute(m: &Mrio, l: &Leontief, q: &Question<'_>) -> Result<Contribution> {
    let j = m.index(q.to, q.sector);
    let v = coefficients(&m.value_added(), m.x());
    let a = Answer {
        m,
        l,
        q,
        j,
        from: m.regions()[q.from].clone(),
        to: m.regions()[q.to].clone(),
        target: m.label(j),
        unit: m.provenance().unit.clone(),
        c: cost_composition(m, l, &v, j)?,
    };
    let (groups, group_note) = default_sector_groups(m.sectors());
    let (cost, chart) = cost_by_origin(&a, &groups, group_note.as_deref());
    let mut summary = Table::new(
        "contribution-summary",
        vec![
            Column::new("figure"),
            Column::new("value"),
            Column::new("unit"),
            Column::new("equation"),
        ],
    );
    cost_figures(&a, &groups, &mut summary);
    let mut notes = vec![format!("{}'s labour: {LABOUR_NOTE}", a.from)];
    match employment(m, q.extension) {
        Ok((e, jobs_unit)) => jobs_figures(&a, &e, &jobs_unit, &mut summary)?,
        Err(why) => notes.push(why),
    }
    match q.tariffs {
        Some(t) => tariff_figures(&a, t, &mut summary)?,
        None => notes
            .push("tariff split not computed: give --law DATE, --scenario FILE or --tariff".into()),
    }
    table_meta(&mut summary, m);
    solver_meta(&mut summary, l);
    summary.meta("target", &a.target);
    summary.meta("equations", "docs/methodology/contribution.md");
    for n in notes {
        summary.meta("note", n);
    }
    Ok(Contribution {
        cost,
        summary,
        chart,
    })
}

/// The cost table (direct and value-added shares by origin region ×
/// category, with its metadata) and the chart of the foreign origins'
/// value added.
fn cost_by_origin(
    a: &Answer<'_>,
    groups: &[SectorGroup],
    group_note: Option<&str>,
) -> (Table, BarChart) {
    let (m, q, j, c) = (a.m, a.q, a.j, &a.c);
    let (from, to, target, unit) = (&a.from, &a.to, &a.target, &a.unit);
    let z = m.z();
    let purchases: Vec<f64> = (0..m.n()).map(|i| z[(i, j)]).collect();
    let mut cost = Table::new(
        "contribution",
        vec![
            Column::new("origin_region"),
            Column::new("category"),
            Column::with_unit("direct_share", "share of unit cost"),
            Column::with_unit("direct_purchases", unit),
            Column::with_unit("value_added_share", "share of final value"),
            Column::with_unit("value_added", unit),
        ],
    );
    let mut chart = BarChart {
        title: format!("Where the value of {target} comes from"),
        unit: "share of the value in one unit of final product (vᵀL, eq. C2)".into(),
        series: groups.iter().map(|g| g.name.clone()).collect(),
        bars: vec![],
    };
    for r in 0..m.n_regions() {
        let direct = by_group(m, &c.direct_inputs, r, groups);
        let bought = by_group(m, &purchases, r, groups);
        let va = by_group(m, &c.value_added, r, groups);
        for (g, group) in groups.iter().enumerate() {
            cost.push(vec![
                m.regions()[r].clone().into(),
                group.name.clone().into(),
                direct[g].into(),
                bought[g].into(),
                va[g].into(),
                (va[g] * c.final_demand).into(),
            ]);
        }
        // The destination's own share (most of the bar) would flatten the
        // others; the chart shows the foreign origins, the title the rest.
        if r != q.to {
            chart.bars.push(Bar {
                label: m.regions()[r].clone(),
                values: va,
            });
        }
        if r == q.to {
            cost.push(vec![
                to.clone().into(),
                format!("own value added of {target}").into(),
                c.own_value_added.into(),
                (c.own_value_added * c.output).into(),
                Value::Null,
                Value::Null,
            ]);
            if c.other_direct.abs() > 1e-12 {
                cost.push(vec![
                    to.clone().into(),
                    "other rows (taxes less subsidies on products, …)".into(),
                    c.other_direct.into(),
                    (c.other_direct * c.output).into(),
                    Value::Null,
                    Value::Null,
                ]);
            }
        }
    }
    let domestic: f64 = m.region_range(q.to).map(|i| c.value_added[i]).sum();
    chart.title = format!(
        "Foreign value in {target} by origin ({to}'s own share: {:.1}%)",
        100.0 * domestic
    );
    table_meta(&mut cost, m);
    solver_meta(&mut cost, a.l);
    cost.meta("target", target);
    cost.meta("source_region", from);
    cost.meta("output", c.output.to_string());
    cost.meta("final_demand_for_the_product", c.final_demand.to_string());
    cost.meta(
        "method",
        "direct_share = a_ij = z_ij / x_j (eq. C1); value_added_share = v_i L_ij (eq. C2); \
         value_added = v_i L_ij y_j (eq. C3); docs/methodology/contribution.md",
    );
    cost.meta("labour", format!("{from}'s labour: {LABOUR_NOTE}"));
    if let Some(n) = group_note {
        cost.meta("categories", n);
    }
    (cost, chart)
}

/// One summary figure: its name, value, unit and equation.
fn put(summary: &mut Table, fig: String, value: f64, unit: &str, eq: &str) {
    summary.push(vec![fig.into(), value.into(), unit.into(), eq.into()]);
}

/// The cost figures (C1–C3): direct and value-added shares of the source
/// region, by category, and of the destination itself.
fn cost_figures(a: &Answer<'_>, groups: &[SectorGroup], summary: &mut Table) {
    let (m, q, c) = (a.m, a.q, &a.c);
    let (from, to, target, unit) = (&a.from, &a.to, &a.target, &a.unit);
    let share_unit = "share of the cost";
    let direct_sum: f64 = c.direct_inputs.iter().sum::<f64>() + c.own_value_added + c.other_direct;
    put(
        summary,
        format!("direct cost shares of {target}, summed over every origin"),
        direct_sum,
        share_unit,
        "C1",
    );
    put(
        summary,
        format!("value-added multiplier of {target} (value added everywhere per unit)"),
        c.value_added_multiplier(),
        share_unit,
        "C2",
    );
    let src: Vec<usize> = m.region_range(q.from).collect();
    let direct_from: f64 = src.iter().map(|&i| c.direct_inputs[i]).sum();
    let va_from: f64 = src.iter().map(|&i| c.value_added[i]).sum();
    let va_to: f64 = m.region_range(q.to).map(|i| c.value_added[i]).sum();
    put(
        summary,
        format!("{from}'s direct share of the cost of {target} (purchases from {from})"),
        direct_from,
        share_unit,
        "C1",
    );
    put(
        summary,
        format!("{from}'s share of the value of {target} (value added in {from}, all tiers)"),
        va_from,
        share_unit,
        "C2",
    );
    for group in groups {
        let s: f64 = group
            .sectors
            .iter()
            .map(|&s| c.value_added[m.index(q.from, s)])
            .sum();
        put(
            summary,
            format!("… of which {from} {}", group.name),
            s,
            share_unit,
            "C2",
        );
    }
    put(
        summary,
        format!("{to}'s own share of the value of {target} (domestic value added)"),
        va_to,
        share_unit,
        "C2",
    );
    put(
        summary,
        format!("value added in {from} embodied in the final demand for {target}"),
        va_from * c.final_demand,
        unit,
        "C3",
    );
}

/// The jobs figures (J1–J3) with employment coefficients `e` in
/// `jobs_unit`: jobs per unit and sustained on both sides, and the
/// destination's jobs that depend on the source's intermediate supplies
/// (hypothetical extraction).
fn jobs_figures(a: &Answer<'_>, e: &[f64], jobs_unit: &str, summary: &mut Table) -> Result<()> {
    let (m, l, q, j, c) = (a.m, a.l, a.q, a.j, &a.c);
    let (from, to, target, unit) = (&a.from, &a.to, &a.target, &a.unit);
    let src: Vec<usize> = m.region_range(q.from).collect();
    let per_unit = c.embodied_per_unit(e);
    let from_per_unit: f64 = src.iter().map(|&i| per_unit[i]).sum();
    let to_per_unit: f64 = m.region_range(q.to).map(|i| per_unit[i]).sum();
    let per = format!("{jobs_unit} per {unit} of final demand");
    put(
        summary,
        format!("{from} jobs per unit of final demand for {target}"),
        from_per_unit,
        &per,
        "J1",
    );
    put(
        summary,
        format!("{from} jobs sustained by the final demand for {target}"),
        from_per_unit * c.final_demand,
        jobs_unit,
        "J2",
    );
    put(
        summary,
        format!("{to} jobs sustained by the final demand for {target}"),
        to_per_unit * c.final_demand,
        jobs_unit,
        "J2",
    );
    let ex = extract(
        m,
        l,
        &ExtractionSpec {
            source: q.from,
            sectors: vec![],
            destination: q.to,
            with_final_demand: false,
        },
        ExtractionMethod::Auto,
    )?;
    let loss = ex.loss();
    put(
        summary,
        format!("{to} jobs in {target} that depend on {from}'s intermediate supplies"),
        e[j] * loss[j],
        jobs_unit,
        "J3",
    );
    let to_jobs: f64 = m.region_range(q.to).map(|i| e[i] * loss[i]).sum();
    put(
        summary,
        format!("{to} jobs, all sectors, that depend on {from}'s intermediate supplies"),
        to_jobs,
        jobs_unit,
        "J3",
    );
    Ok(())
}

/// The tariff split (T1): the destination's cost increase from every
/// tariff given, from the link alone, and from the rest.
fn tariff_figures(a: &Answer<'_>, t: &Tariffs, summary: &mut Table) -> Result<()> {
    let (m, q, j) = (a.m, a.q, a.j);
    let (from, to, target) = (&a.from, &a.to, &a.target);
    let model = PriceModel::new(m, a.l, PriceOptions::default())?;
    let split = tariff_split(&model, m, &t.wedges, q.from, q.to, j)?;
    let u = "share of the unit cost (price change)";
    put(
        summary,
        format!("cost increase of {target} from every tariff given"),
        split.total,
        u,
        "T1",
    );
    put(
        summary,
        format!("… caused by {to}'s tariffs on {from}'s products alone"),
        split.from_link,
        u,
        "T1",
    );
    put(
        summary,
        "… caused by the other tariffs".into(),
        split.rest,
        u,
        "T1",
    );
    summary.meta("tariffs", &t.label);
    Ok(())
}
