//! `autopact contribution`: what one region puts into another region's
//! production of a sector — cost shares by origin, jobs on both sides, and
//! the part of a tariff's cost increase due to the link alone.
//!
//! Equations: docs/methodology/contribution.md (C1–C3, J1–J3, T1).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use autopact_brief::{Bar, BarChart, bar_chart_svg};
use autopact_core::{Column, Table, Value};
use autopact_mrio::{
    ExtractionMethod, ExtractionSpec, Leontief, Mrio, PriceModel, PriceOptions, TariffWedge,
    by_group, coefficients, cost_composition, default_sector_groups, extract, tariff_split,
};
use clap::{Args as ClapArgs, ValueEnum};

use super::Context;
use super::table::{TableArgs, factor, region, table_meta};
use crate::output::OutputArgs;
use autopact_api_types::request::Applies;
use autopact_report::labels::{applies_to, parse_tariffs};

/// What to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum View {
    /// Cost shares by origin region × category (direct and total value added).
    Cost,
    /// The headline figures: shares, jobs, tariff split, each with its equation.
    Summary,
}

/// Arguments of `autopact contribution`.
#[derive(Debug, ClapArgs)]
#[command(after_help = "Examples:
  autopact contribution --from CAN --to USA
  autopact contribution --from MEX --to USA --sector c15 --view summary
  autopact contribution --from CAN --to USA --scenario scenarios/us-2025-tariffs.toml --view summary
  autopact contribution --from USA --to CAN --tariff CAN:USA:c15:25% --chart usa-in-can.svg")]
pub struct Args {
    #[command(flatten)]
    table: TableArgs,
    /// Source region (what it puts in), e.g. CAN.
    #[arg(long)]
    from: String,
    /// Destination region (whose production), e.g. USA.
    #[arg(long)]
    to: String,
    /// The destination's sector [default: c15, transport equipment, on WIOD codes].
    #[arg(long)]
    sector: Option<String>,
    /// Satellite account holding employment.
    #[arg(long, default_value = "employment")]
    extension: String,
    /// Tariffs IMPORTER:EXPORTER:SECTORS:RATE for the tariff split (repeatable).
    #[arg(long = "tariff", value_name = "IMP:EXP:SECTORS:RATE")]
    tariffs: Vec<String>,
    /// With --tariff: the flows taxed.
    #[arg(long, value_enum, default_value_t = Applies::Both)]
    applies_to: Applies,
    /// Take the tariffs of a scenario file (e.g. scenarios/us-2025-tariffs.toml).
    #[arg(long, conflicts_with = "tariffs")]
    scenario: Option<PathBuf>,
    /// Take the destination's tariffs from the law in force on DATE through
    /// the law-to-economy link (the wedges of `autopact wedges --date DATE`).
    #[arg(long, value_name = "DATE", conflicts_with_all = ["tariffs", "scenario"])]
    law: Option<autopact_law::NaiveDate>,
    /// What to print.
    #[arg(long, value_enum, default_value_t = View::Cost)]
    view: View,
    /// Also draw the value-added composition as an SVG bar chart.
    #[arg(long, value_name = "FILE.svg")]
    chart: Option<PathBuf>,
    #[command(flatten)]
    output: OutputArgs,
}

/// Tariff wedges for the price model, from `--tariff` or a scenario file,
/// with a label saying where they came from. A regime "law on DATE" will
/// produce the same pair from the law-to-economy link.
pub struct Tariffs {
    /// The wedges.
    pub wedges: Vec<TariffWedge>,
    /// Where they come from (flags, scenario name and law as-of date).
    pub label: String,
}

/// Reads a scenario's tariffs against `m` (text given, or read from `path`).
pub fn scenario_tariffs(m: &Mrio, name: &str, text: &str) -> Result<Tariffs> {
    let spec = autopact_scenario::parse(name, text)?;
    let sha = m.provenance().sha256.clone().unwrap_or_default();
    let law = super::wedges::ScenarioLaw {
        mrio: m,
        base: Some(
            std::path::Path::new(name)
                .parent()
                .unwrap_or(std::path::Path::new("."))
                .to_path_buf(),
        ),
        db: None,
    };
    let resolved = autopact_scenario::resolve_with_law(&spec, name, text, m, &sha, &law)?;
    let label = match &resolved.law_as_of {
        Some(d) => format!("scenario {:?} (law as of {d})", resolved.name),
        None => format!("scenario {:?}", resolved.name),
    };
    Ok(Tariffs {
        wedges: resolved.wedges(m),
        label,
    })
}

/// The importer's tariffs from the law in force on `date`, through the
/// law-to-economy link (the sector wedges of `autopact wedges --date DATE`,
/// with the link's default assumptions).
pub fn law_tariffs(
    m: &Mrio,
    importer: &str,
    date: autopact_law::NaiveDate,
    applies: Applies,
) -> Result<Tariffs> {
    let db = autopact_law::LawDb::builtin().context("embedded law data")?;
    let d = super::wedges::law_wedges(m, importer, date, None, &Default::default(), &db)
        .context("tariffs from the law")?;
    Ok(Tariffs {
        wedges: super::wedges::to_tariffs(m, &d.wedges, applies_to(applies))?,
        label: format!(
            "the law on {date} through the law-to-economy link (concordance {})",
            d.concordance
        ),
    })
}

fn tariffs_of(args: &Args, m: &Mrio) -> Result<Option<Tariffs>> {
    if let Some(date) = args.law {
        return law_tariffs(m, &args.to, date, args.applies_to)
            .context("--law")
            .map(Some);
    }
    if let Some(path) = &args.scenario {
        let text = autopact_data::read_text(path)?;
        return scenario_tariffs(m, &path.display().to_string(), &text).map(Some);
    }
    if args.tariffs.is_empty() {
        return Ok(None);
    }
    Ok(Some(Tariffs {
        wedges: parse_tariffs(m, &args.tariffs, applies_to(args.applies_to))?,
        label: format!("--tariff {}", args.tariffs.join(" ")),
    }))
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

/// Computes a contribution question (one forward solve, one extraction,
/// and two price-model runs when tariffs are given).
pub fn compute(m: &Mrio, l: &Leontief, q: &Question<'_>) -> Result<Contribution> {
    let j = m.index(q.to, q.sector);
    let from = m.regions()[q.from].clone();
    let to = m.regions()[q.to].clone();
    let target = m.label(j);
    let unit = m.provenance().unit.clone();
    let v = coefficients(&m.value_added(), m.x());
    let c = cost_composition(m, l, &v, j)?;
    let z = m.z();
    let purchases: Vec<f64> = (0..m.n()).map(|i| z[(i, j)]).collect();
    let (groups, group_note) = default_sector_groups(m.sectors());
    let mut cost = Table::new(
        "contribution",
        vec![
            Column::new("origin_region"),
            Column::new("category"),
            Column::with_unit("direct_share", "share of unit cost"),
            Column::with_unit("direct_purchases", &unit),
            Column::with_unit("value_added_share", "share of final value"),
            Column::with_unit("value_added", &unit),
        ],
    );
    let mut chart = BarChart {
        title: format!("Where the value of {target} comes from"),
        unit: "share of the value in one unit of final product (vᵀL, eq. C2)".into(),
        series: groups.iter().map(|g| g.name.clone()).collect(),
        bars: vec![],
    };
    for r in 0..m.n_regions() {
        let direct = by_group(m, &c.direct_inputs, r, &groups);
        let bought = by_group(m, &purchases, r, &groups);
        let va = by_group(m, &c.value_added, r, &groups);
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
    cost.meta("target", &target);
    cost.meta("source_region", &from);
    cost.meta("output", c.output.to_string());
    cost.meta("final_demand_for_the_product", c.final_demand.to_string());
    cost.meta(
        "method",
        "direct_share = a_ij = z_ij / x_j (eq. C1); value_added_share = v_i L_ij (eq. C2); \
         value_added = v_i L_ij y_j (eq. C3); docs/methodology/contribution.md",
    );
    cost.meta("labour", format!("{from}'s labour: {LABOUR_NOTE}"));
    if let Some(n) = &group_note {
        cost.meta("categories", n);
    }

    // Summary figures.
    let mut summary = Table::new(
        "contribution-summary",
        vec![
            Column::new("figure"),
            Column::new("value"),
            Column::new("unit"),
            Column::new("equation"),
        ],
    );
    let mut put = |fig: String, value: f64, u: &str, eq: &str| {
        summary.push(vec![fig.into(), value.into(), u.into(), eq.into()]);
    };
    let share_unit = "share of the cost";
    let direct_sum: f64 = c.direct_inputs.iter().sum::<f64>() + c.own_value_added + c.other_direct;
    put(
        format!("direct cost shares of {target}, summed over every origin"),
        direct_sum,
        share_unit,
        "C1",
    );
    put(
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
        format!("{from}'s direct share of the cost of {target} (purchases from {from})"),
        direct_from,
        share_unit,
        "C1",
    );
    put(
        format!("{from}'s share of the value of {target} (value added in {from}, all tiers)"),
        va_from,
        share_unit,
        "C2",
    );
    for group in &groups {
        let s: f64 = group
            .sectors
            .iter()
            .map(|&s| c.value_added[m.index(q.from, s)])
            .sum();
        put(
            format!("… of which {from} {}", group.name),
            s,
            share_unit,
            "C2",
        );
    }
    put(
        format!("{to}'s own share of the value of {target} (domestic value added)"),
        va_to,
        share_unit,
        "C2",
    );
    put(
        format!("value added in {from} embodied in the final demand for {target}"),
        va_from * c.final_demand,
        &unit,
        "C3",
    );
    let mut notes = vec![format!("{from}'s labour: {LABOUR_NOTE}")];
    match employment(m, q.extension) {
        Ok((e, jobs_unit)) => {
            let per_unit = c.embodied_per_unit(&e);
            let from_per_unit: f64 = src.iter().map(|&i| per_unit[i]).sum();
            let to_per_unit: f64 = m.region_range(q.to).map(|i| per_unit[i]).sum();
            let per = format!("{jobs_unit} per {unit} of final demand");
            put(
                format!("{from} jobs per unit of final demand for {target}"),
                from_per_unit,
                &per,
                "J1",
            );
            put(
                format!("{from} jobs sustained by the final demand for {target}"),
                from_per_unit * c.final_demand,
                &jobs_unit,
                "J2",
            );
            put(
                format!("{to} jobs sustained by the final demand for {target}"),
                to_per_unit * c.final_demand,
                &jobs_unit,
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
                format!("{to} jobs in {target} that depend on {from}'s intermediate supplies"),
                e[j] * loss[j],
                &jobs_unit,
                "J3",
            );
            let to_jobs: f64 = m.region_range(q.to).map(|i| e[i] * loss[i]).sum();
            put(
                format!("{to} jobs, all sectors, that depend on {from}'s intermediate supplies"),
                to_jobs,
                &jobs_unit,
                "J3",
            );
        }
        Err(why) => notes.push(why),
    }
    if let Some(t) = q.tariffs {
        let model = PriceModel::new(m, l, PriceOptions::default())?;
        let split = tariff_split(&model, m, &t.wedges, q.from, q.to, j)?;
        let u = "share of the unit cost (price change)";
        put(
            format!("cost increase of {target} from every tariff given"),
            split.total,
            u,
            "T1",
        );
        put(
            format!("… caused by {to}'s tariffs on {from}'s products alone"),
            split.from_link,
            u,
            "T1",
        );
        put("… caused by the other tariffs".into(), split.rest, u, "T1");
        summary.meta("tariffs", &t.label);
    } else {
        notes
            .push("tariff split not computed: give --law DATE, --scenario FILE or --tariff".into());
    }
    table_meta(&mut summary, m);
    summary.meta("target", &target);
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

/// Writes an SVG chart through the data crate.
pub fn write_chart(path: &Path, svg: &str, ctx: &Context) -> Result<()> {
    autopact_data::write_bytes(path, svg.as_bytes())
        .with_context(|| format!("cannot write the chart {}", path.display()))?;
    ctx.note(format_args!("chart written to {}", path.display()));
    Ok(())
}

/// Runs the command.
pub fn run(args: Args, ctx: &Context) -> Result<ExitCode> {
    let m = args.table.load(ctx)?;
    let from = region(&m, &args.from).context("--from")?;
    let to = region(&m, &args.to).context("--to")?;
    anyhow::ensure!(
        from != to,
        "--from and --to are both {}: the contribution of a region to itself is its domestic share, \
         shown in the rows of every other question",
        args.from
    );
    let sector = match &args.sector {
        Some(s) => m.sector_index(s).context("--sector")?,
        None => default_sector(&m)?,
    };
    let tariffs = tariffs_of(&args, &m)?;
    let l = factor(&m)?;
    let out = compute(
        &m,
        &l,
        &Question {
            from,
            to,
            sector,
            extension: &args.extension,
            tariffs: tariffs.as_ref(),
        },
    )?;
    if let Some(path) = &args.chart {
        write_chart(path, &bar_chart_svg(&out.chart), ctx)?;
    }
    args.output.emit(match args.view {
        View::Cost => &out.cost,
        View::Summary => &out.summary,
    })?;
    Ok(ExitCode::SUCCESS)
}
