//! `autopact overview`: the main job on a table in one readable page —
//! how deeply the North American industries are woven together, and what a
//! tariff on that web does. Flags → `autopact_report::overview` → output.

use std::process::ExitCode;

use std::fmt::Write as _;

use anyhow::Result;
use autopact_api_types::request::OverviewRequest;
use autopact_core::Table;
use autopact_mrio::{AppliesTo, Leontief, Mrio, PriceModel, PriceOptions, TariffSchedule};
use autopact_report::overview::{Focus, pct};
use clap::Args as ClapArgs;

use super::Context;
use super::table::{TableArgs, factor};
use crate::output::{Format, OutputArgs};

/// Arguments of `autopact overview`.
#[derive(Debug, ClapArgs)]
#[command(after_help = "Examples:
  autopact overview
  autopact overview ICIO2023_2019.csv.gz --sector C29 --rate 0.1")]
pub struct Args {
    #[command(flatten)]
    table: TableArgs,
    #[command(flatten)]
    request: OverviewRequest,
    #[command(flatten)]
    output: OutputArgs,
}

/// Runs the command.
pub fn run(args: Args, ctx: &Context) -> Result<ExitCode> {
    let m = args.table.load(ctx)?;
    let l = factor(&m)?;
    let law = |t: &mut Table, text: &mut String, focus: &Focus| law_section(&m, &l, t, text, focus);
    let page = autopact_report::overview::build(&m, &l, &args.request, Some(&law))?;
    // The overview is a page for people: text unless a format is asked for.
    match args.output.format.unwrap_or(Format::Table) {
        Format::Table => args.output.emit_bytes(page.text.as_bytes())?,
        _ => args.output.emit(&page.table)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// The date of the law in force the overview shows.
const LAW_DATE: &str = "2025-10-01";

/// Section 5, the law in force: wedges from the law engine on real trade,
/// and the followed sector's cost from them, next to the illustration above.
fn law_section(
    m: &Mrio,
    l: &Leontief,
    t: &mut Table,
    text: &mut String,
    focus: &Focus,
) -> Result<()> {
    let (usa, sector, sectors) = (focus.usa, focus.sector, &focus.sectors);
    let date: autopact_law::NaiveDate = LAW_DATE.parse().expect("valid date");
    let db = autopact_law::LawDb::builtin()?;
    let la = super::wedges::LawArgs::default();
    let d = match super::wedges::law_wedges(m, "USA", date, None, &la, &db) {
        Ok(d) => d,
        Err(e) => {
            writeln!(
                text,
                "\n5. The law in force on {LAW_DATE}: not available for this table ({e:#})"
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
    let tariffs = super::wedges::to_tariffs(m, w, AppliesTo::Both)?;
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
