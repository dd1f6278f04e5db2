//! The readable report (`autopact report`): one self-contained HTML page
//! a reader can forward — integration, what Canada and Mexico put into
//! US-built vehicles, jobs, the tariff's cost cascade, North America
//! against Asia at sector level, the law's rates against the duties
//! collected, the legal basis, the vehicle costs on current data, and the
//! sources and assumptions.
//!
//! Why here: the page joins the table's results (`autopact-report`), the
//! law's wedges on real trade (the session's cached derivation) and
//! national tables (`autopact-data`); every front end that renders it
//! asks this module. Every table in the page is the table the
//! corresponding command emits (same function, same numbers); the CLI's
//! tests check that.

use anyhow::{Context as _, Result};
use autopact_api_types::request::{Applies, InputWedges};
use autopact_brief::{BarChart, Block, Report, Section, bar_chart_svg};
use autopact_core::Table;
use autopact_law::NaiveDate;
use autopact_mrio::{ExtractionMethod, ExtractionSpec};
use autopact_report::contribution::{Question, default_sector};
use autopact_report::extract::By;

use std::path::Path;

use crate::frontend::scenario_folder;
use crate::session::{CollectedDuties, Session};

/// The shipped scenario of the US 2025 tariffs, used when none is given.
const DEFAULT_SCENARIO: &str = include_str!("../../../scenarios/us-2025-tariffs.toml");
const DEFAULT_SCENARIO_NAME: &str = "scenarios/us-2025-tariffs.toml (built in)";

/// What the page is about.
#[derive(Default)]
pub struct PageOptions {
    /// The tariffs of this scenario (its name and text) [default: the
    /// shipped US 2025 tariffs as in force on 2025-10-01].
    pub scenario: Option<(String, String)>,
    /// Take the US tariffs from the law in force on this date instead, and
    /// hold the law's monthly rates against the duties collected.
    pub date: Option<NaiveDate>,
    /// The satellite account holding employment.
    pub extension: String,
    /// With `date`: the collected duties [default: the published rates].
    pub collected: Option<CollectedDuties>,
}

fn figure(id: &str, caption: &str, chart: &BarChart) -> Block {
    Block::Figure {
        id: id.into(),
        caption: caption.into(),
        svg: bar_chart_svg(chart),
    }
}

fn table(id: &str, caption: &str, t: Table) -> Block {
    Block::Table {
        id: id.into(),
        caption: caption.into(),
        table: t,
    }
}

/// The report on the session's table (render it with
/// `Report::render_named(&autopact_report::readable::code_name)`).
pub fn build(session: &Session, o: &PageOptions) -> Result<Report> {
    let m = session.mrio();
    let sector = default_sector(m)?;
    let tariffs = match (&o.scenario, o.date) {
        (_, Some(date)) => session
            .law_tariffs("USA", date, Applies::Both)
            .context("--date")?,
        (Some((name, text)), None) => {
            session.scenario_tariffs(name, text, Some(scenario_folder(Path::new(name))))?
        }
        (None, None) => session.scenario_tariffs(DEFAULT_SCENARIO_NAME, DEFAULT_SCENARIO, None)?,
    };
    let l = session.leontief()?;
    let usa = m.region_index("USA")?;
    let target = m.label(m.index(usa, sector));
    let p = m.provenance();
    let year = p.year.map_or("unknown year".to_string(), |y| y.to_string());
    let mut sections = vec![];

    // Contribution of Canada and Mexico.
    let mut contrib_blocks = vec![Block::Paragraph(format!(
        "Every unit of {target} bought by a final user embodies value added \
         from around the world. The direct split (eq. C1) shows who sells the US assembler its inputs; \
         the total split (vᵀL, eq. C2) traces every input back to the region whose work and capital made it."
    ))];
    let mut summaries = vec![];
    let mut summary_tables: Vec<(&str, Table)> = vec![];
    for from in ["CAN", "MEX"] {
        let Ok(f) = m.region_index(from) else {
            continue;
        };
        let c = autopact_report::contribution::compute(
            m,
            l,
            &Question {
                from: f,
                to: usa,
                sector,
                extension: &o.extension,
                tariffs: Some(&tariffs),
            },
        )?;
        let key = from.to_lowercase();
        if from == "CAN" {
            contrib_blocks.push(figure(
                "chart-contribution-usa",
                &format!("Value in one unit of final {target} by origin region and category (vᵀL, eq. C2)"),
                &c.chart,
            ));
        }
        summary_tables.push((from, c.summary.clone()));
        summaries.push(table(
            &format!("summary-{key}-usa"),
            &format!("{from} in {target}: headline figures (autopact contribution --from {from} --to USA --view summary)"),
            c.summary,
        ));
        contrib_blocks.push(table(
            &format!("contribution-{key}-usa"),
            &format!("Cost of {target} by origin region and category (autopact contribution --from {from} --to USA)"),
            c.cost,
        ));
    }
    // The tariff tables are built before the headlines, which read them.
    let (cascade, landed, chart) = autopact_report::cascade::tariff_tables(m, l, &tariffs, sector)?;
    let refs: Vec<(&str, &Table)> = summary_tables.iter().map(|(c, t)| (*c, t)).collect();
    let lines = autopact_report::readable::headlines(&refs, &landed, &year, &tariffs.label);
    sections.push(Section {
        id: "in-brief".into(),
        title: "In brief".into(),
        blocks: vec![
            Block::List(lines),
            Block::List(
                autopact_report::readable::TERMS
                    .iter()
                    .map(|t| t.to_string())
                    .collect(),
            ),
        ],
    });
    let mut head = vec![Block::Paragraph(format!(
        "The figures below answer: what share of the cost of US-built transport equipment is Canadian \
         (and Mexican), of what kind, how many jobs on each side depend on it, and how much of the tariffs' \
         cost increase comes from the tariffs on Canada's (Mexico's) products alone. Table: {} ({year} data).",
        p.name
    ))];
    head.extend(summaries);
    sections.push(Section {
        id: "headline".into(),
        title: "Canada and Mexico in US-built vehicles".into(),
        blocks: head,
    });
    sections.push(Section {
        id: "contribution".into(),
        title: "Cost composition".into(),
        blocks: contrib_blocks,
    });

    // Extraction.
    let mut ex_blocks = vec![Block::Paragraph(
        "Hypothetical extraction (eq. E1): remove one region's intermediate supplies to every US sector, keep \
         final demand unchanged, and compare the output the world would need. The loss is the output, value \
         added and jobs that depend on the link, in the US and in the supplier."
            .into(),
    )];
    for from in ["CAN", "MEX"] {
        let Ok(f) = m.region_index(from) else {
            continue;
        };
        let spec = ExtractionSpec {
            source: f,
            sectors: vec![],
            destination: usa,
            with_final_demand: false,
        };
        let ex = autopact_report::extract::compute(
            m,
            l,
            &spec,
            ExtractionMethod::Auto,
            By::Region,
            &o.extension,
        )?;
        let key = from.to_lowercase();
        ex_blocks.push(figure(
            &format!("chart-extract-{key}-usa"),
            &format!(
                "Output lost by region without {from}'s intermediate supplies to the US (eq. E1)"
            ),
            &ex.chart,
        ));
        ex_blocks.push(table(
            &format!("extract-{key}-usa"),
            &format!("Extraction of {from}'s supplies to the US (autopact extract --from {from} --to USA --by region)"),
            ex.table,
        ));
    }
    sections.push(Section {
        id: "extraction".into(),
        title: "What depends on the link".into(),
        blocks: ex_blocks,
    });

    // Tariffs.
    sections.push(Section {
        id: "tariffs".into(),
        title: "The tariff's cost cascade".into(),
        blocks: vec![
            Block::Paragraph(format!(
                "Tariffs: {}. The price model passes every tariff on in full through fixed input coefficients; \
                 the cascade is tariff levied on inputs already inflated by tariff (goods crossing a taxed border \
                 more than once).",
                tariffs.label
            )),
            table("tariff-cascade", "Price change of transport equipment by assembly region", cascade),
        ],
    });
    let vehicles =
        autopact_report::landed::parse_vehicles(autopact_report::landed::DEFAULT_VEHICLES)?;
    let (vehicle_table, vehicle_chart) = crate::frontend::landed_cost(
        session,
        &vehicles,
        crate::frontend::DEFAULT_REGIMES,
        InputWedges::Scenario,
    )?;
    sections.push(Section {
        id: "na-vs-asia".into(),
        title: "North America vs Asia".into(),
        blocks: vec![
            Block::Paragraph(
                "The cost of putting illustrative reference vehicles, assembled in the US, Canada, Mexico, Japan, \
                 Korea, Germany and China, on the US market under each regime (eq. L1): the input-cost effect of \
                 the tariffs on the assembler's supply chain (price model) and the border duty (duty engine, with \
                 USMCA qualification by the origin engine and US content from the vehicle's bill of materials). \
                 The vehicles are round illustrative numbers, not real models. The model is silent on margins, \
                 exchange rates and the demand response."
                    .into(),
            ),
            figure(
                "chart-landed-cost",
                "What each regime adds to the landed cost of each vehicle (eq. L1)",
                &vehicle_chart,
            ),
            table(
                "landed-cost",
                "Landed cost by vehicle and regime (autopact landed-cost)",
                vehicle_table,
            ),
            Block::Paragraph(
                "The same comparison at sector level, per unit of base price (eq. T2): each region's transport \
                 equipment with its input-cost effect and the US border wedge of the tariff scenario."
                    .into(),
            ),
            figure("chart-na-vs-asia", "Change in landed cost against no tariffs, sector level (eq. T2)", &chart),
            table("landed-cost-index", "Landed-cost index by assembly region (sector level)", landed),
        ],
    });

    if o.date.is_some() {
        let published;
        let collected = match &o.collected {
            Some(c) => c,
            None => {
                published =
                    CollectedDuties::from_file(autopact_data::collected::PUBLISHED_NAME, m)?;
                &published
            }
        };
        let exporters: Vec<String> = ["CAN", "MEX"]
            .iter()
            .filter(|r| m.region_index(r).is_ok())
            .map(|r| r.to_string())
            .collect();
        let series = session.wedge_series("USA", None, &exporters, &Default::default(), false)?;
        sections.push(Section {
            id: "rates-vs-collected".into(),
            title: "The law's rates against the duties collected".into(),
            blocks: autopact_report::wedges::reconciliation_blocks(
                m,
                &series,
                &collected.duties,
                &collected.source,
            ),
        });
    }

    // The legal basis of the law's tariffs (the law date of --date, or of
    // the built-in scenario).
    let law_date = match (&o.scenario, o.date) {
        (_, Some(d)) => Some(d),
        (None, None) => "2025-10-01".parse().ok(),
        _ => None,
    };
    if let Some(d) = law_date {
        let db = session.law()?;
        let items: Vec<String> = db
            .measures
            .iter()
            .filter(|x| {
                x.importer == "US"
                    && x.in_force(d)
                    && x.status != autopact_law::measure::Status::Unconfirmed
            })
            .map(|x| {
                format!(
                    "{}{}: {} (confidence: {})",
                    x.name,
                    x.heading
                        .as_deref()
                        .map_or(String::new(), |h| format!(", heading {h}")),
                    x.citation,
                    x.confidence.as_str().to_lowercase().replace('-', " ")
                )
            })
            .collect();
        sections.push(Section {
            id: "legal-basis".into(),
            title: format!("The law behind the tariffs (US measures in force on {d})"),
            blocks: vec![
                Block::Paragraph(format!(
                    "Each tariff the page uses, with its legal citation, as encoded in autopact's law data as of {} \
                     (the fact sheet of the trade-law research). The law is applied line by line to the month's US \
                     imports from Canada and Mexico (USITC DataWeb, via The Budget Lab at Yale's Tariff Rate \
                     Tracker, https://github.com/Budget-Lab-Yale/tariff-rate-tracker); other exporters' rates rest \
                     on proxy weights (their 2024 imports by GTAP sector spread over Canada's and Mexico's lines).",
                    db.as_of
                )),
                Block::List(items),
            ],
        });
    }

    // The seed's vehicle costs on current data (BEA 2017), next to the
    // table's results above.
    if let Some(d) = law_date.filter(|d| d.to_string().as_str() > crate::frontend::CURRENT_BASELINE)
    {
        let v = session.current_vehicle_costs(d)?;
        let lines =
            autopact_report::national::vehicle_costs_lines(&v, &crate::frontend::current_label(d));
        sections.push(Section {
            id: "current-data".into(),
            title: format!("On current data: US-built vehicles and parts ({})", v.table),
            blocks: vec![
                Block::Paragraph(format!(
                    "{} The sections above use {}, whose transport equipment lumps cars with aircraft, \
                     ships and railcars; BEA's 2017 benchmark table separates automobiles, light trucks \
                     and seven parts industries. Same law, same trade weights \
                     (`autopact price --table {} --law {d} --by commodity`).",
                    lines[0],
                    p.name,
                    v.table
                )),
                Block::List(lines[1..].to_vec()),
            ],
        });
    }

    // Sources and assumptions.
    let mut sources = vec![
        format!(
            "Data: {} — {}. The built-in table describes the year {year}: the structure of North American \
             production in {year}, not today.",
            p.name, p.description
        ),
        format!("Citation: {}", p.citation),
        format!("Tariffs: {} (law as-of date as stated there).", tariffs.label),
        "Method: fixed technical coefficients (Leontief), value added from the table's VA row, employment \
         from the WIOD Socio-Economic Accounts (persons engaged; rest of world imputed, see the table notes); \
         equations in https://github.com/autopact/autopact/tree/main/docs/methodology (contribution.md, \
         extraction.md, price-model.md, jobs.md)."
            .into(),
        "Labour: the table's value added is one row; the share of it paid to workers is not in the table."
            .into(),
        "Hypothetical extraction: Dietzenbacher, E. and Lahr, M. L. (2013), Expanding extractions, Economic \
         Systems Research 25(3); Los, B., Timmer, M. P. and de Vries, G. J. (2016), Tracing value-added and \
         double counting in gross exports: comment, American Economic Review 106(7)."
            .into(),
        "Value added by origin: Timmer, M. P., Erumban, A. A., Los, B., Stehrer, R. and de Vries, G. J. \
         (2014), Slicing up global value chains, Journal of Economic Perspectives 28(2)."
            .into(),
        format!("Tool: autopact {}.", env!("CARGO_PKG_VERSION")),
    ];
    if let Some(h) = &p.sha256 {
        sources.push(format!("Table sha256: {h}"));
    }
    sections.push(Section {
        id: "sources".into(),
        title: "Sources and assumptions".into(),
        blocks: vec![Block::List(sources)],
    });

    Ok(Report {
        title: "North American autos: what Canada and Mexico put into US-built vehicles".into(),
        subtitle: format!(
            "{} · data year {year} · tariffs: {} · autopact {}",
            p.name,
            tariffs.label,
            env!("CARGO_PKG_VERSION")
        ),
        sections,
    })
}
