//! `autopact wedges`: effective tariff rates from the law on real trade,
//! per line, per table sector, per measure, and as a monthly series.
//!
//! Flags → `autopact_data::wedges` (reads the weights) →
//! `autopact_link::derive` (the work) → table. [`law_wedges`] is shared
//! with `price --law`, `jobs --law`, `overview` and the other commands so
//! that every command derives the same wedges from the same flags.

use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use autopact_core::{Column, Table, Value};
use autopact_data::trade;
use autopact_law::{Decimal, LawDb, NaiveDate};
pub use autopact_link::{Derived, tariff_specs};
use autopact_link::{LawOptions, Wedges};
use autopact_mrio::{AppliesTo, Mrio, TariffWedge};
use clap::{Args as ClapArgs, ValueEnum};

use super::Context;
use super::table::{TableArgs, table_meta};
use crate::output::OutputArgs;

/// Level of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum By {
    /// One row per HTS10 line × origin.
    Line,
    /// One row per importer × exporter × table sector.
    Sector,
    /// Duty raised by each measure, per exporter.
    Measure,
}

/// The flags that say how wedges are derived from the law (shared by
/// `wedges`, `price --law`, `jobs --law` and `overview`).
#[derive(Debug, Clone, ClapArgs, Default)]
pub struct LawArgs {
    /// Trade weights: a month of the shipped data (YYYY-MM; default: the
    /// latest month not after the date) or a CSV file
    /// `hts10,origin,value[,usmca_value]` (origin ISO2/ISO3/Census code,
    /// USD) that replaces the shipped weights and the proxies.
    #[arg(long, value_name = "YYYY-MM|FILE")]
    pub weights: Option<String>,
    /// Share of Canadian and Mexican value treated as USMCA-qualifying
    /// (0–1), replacing each line's claimed share from the data.
    #[arg(long, value_name = "SHARE")]
    pub usmca_share: Option<Decimal>,
    /// US content of USMCA-qualifying vehicles (0–1) for the Section 232
    /// non-US-content rule [default: 0.50, fact sheet section E].
    #[arg(long, value_name = "SHARE")]
    pub us_content: Option<Decimal>,
    /// Do not use the metal-content shares (no steel/aluminum content stated).
    #[arg(long)]
    pub no_metal_content: bool,
    /// Use measures the law data mark unconfirmed.
    #[arg(long)]
    pub include_unconfirmed: bool,
    /// Switch a measure off (id or prefix pattern like us.232.*; repeatable).
    #[arg(long = "measure-off", value_name = "ID")]
    pub measures_off: Vec<String>,
    /// No proxy weights for partners without line data (only Canada and Mexico).
    #[arg(long)]
    pub no_proxies: bool,
    /// Allow dates after the law data's as-of date.
    #[arg(long)]
    pub beyond_as_of: bool,
}

impl LawArgs {
    /// The options these flags set.
    pub fn options(&self) -> LawOptions {
        LawOptions {
            weights: self.weights.clone(),
            usmca_share: self.usmca_share,
            us_content: self.us_content,
            no_metal_content: self.no_metal_content,
            include_unconfirmed: self.include_unconfirmed,
            measures_off: self.measures_off.clone(),
            no_proxies: self.no_proxies,
            beyond_as_of: self.beyond_as_of,
        }
    }
}

/// Arguments of `autopact wedges`.
#[derive(Debug, ClapArgs)]
#[command(after_help = "Examples:
  autopact wedges --date 2025-10-01 --by sector
  autopact wedges --date 2025-10-01 --origin MEX --by measure
  autopact wedges --date 2025-10-01 --origin CA --by line --format csv -o lines.csv
  autopact wedges --series --format csv
  autopact wedges --date 2025-10-01 --weights my_imports.csv --by sector")]
pub struct Args {
    #[command(flatten)]
    table: TableArgs,
    /// Importing region (table code). Default: USA, the importer with shipped
    /// line weights; CAN and MEX take --weights FILE, or else a flagged
    /// mirror proxy (the table's flows spread over their own exports to the US).
    #[arg(long)]
    importer: Option<String>,
    /// Entry date (YYYY-MM-DD).
    #[arg(long, required_unless_present = "series")]
    date: Option<NaiveDate>,
    /// Only this exporter: a table region (CAN) or an ISO code (CA, CAN).
    #[arg(long)]
    origin: Option<String>,
    /// Level of the report.
    #[arg(long, value_enum, default_value_t = By::Sector)]
    by: By,
    /// The monthly series: each month of the shipped data under the law in
    /// force on its 15th, all goods and each sector, for Canada and Mexico
    /// (or --origin).
    #[arg(long, conflicts_with_all = ["date", "weights"])]
    series: bool,
    #[command(flatten)]
    law: LawArgs,
    #[command(flatten)]
    output: OutputArgs,
}

/// Derives wedges from the law for one importer and date.
pub fn law_wedges(
    m: &Mrio,
    importer: &str,
    date: NaiveDate,
    origin: Option<&str>,
    la: &LawArgs,
    db: &LawDb,
) -> Result<Derived> {
    Ok(autopact_data::wedges::law_wedges(
        m,
        importer,
        date,
        origin,
        &la.options(),
        db,
    )?)
}

/// The sector wedges as price-model tariffs (exporter = importer rows skipped).
pub fn to_tariffs(m: &Mrio, w: &Wedges, applies_to: AppliesTo) -> Result<Vec<TariffWedge>> {
    Ok(autopact_link::to_tariffs(m, w, applies_to)?)
}

/// Adds the derivation to a result's metadata and prints counted warnings.
pub fn describe(t: &mut Table, d: &Derived, ctx: &Context) {
    for (k, v) in autopact_link::derivation_meta(d) {
        t.meta(k, v);
    }
    for w in autopact_link::derivation_warnings(d) {
        ctx.note(format!("warning: {w}"));
    }
}

fn money(d: Decimal) -> Value {
    Value::Decimal(d.normalize().to_string())
}

/// Runs the command.
pub fn run(args: Args, ctx: &Context) -> Result<ExitCode> {
    let m = args.table.load(ctx)?;
    let db = LawDb::builtin().context("embedded law data")?;
    let importer = args.importer.clone().unwrap_or_else(|| "USA".into());
    if args.importer.is_none() {
        ctx.note("importer USA (the only importer with shipped line weights; CAN and MEX: --importer, with --weights FILE or a mirror proxy)");
    }
    if args.series {
        return run_series(&args, &m, &db, &importer, ctx);
    }
    let date = args.date.expect("clap requires --date without --series");
    let d = law_wedges(&m, &importer, date, args.origin.as_deref(), &args.law, &db)?;
    let w = &d.wedges;
    let mut t = match args.by {
        By::Line => {
            let mut t = Table::new(
                "wedges-line",
                vec![
                    Column::new("hts10"),
                    Column::new("origin"),
                    Column::new("exporter"),
                    Column::new("sector"),
                    Column::with_unit("value", "USD"),
                    Column::with_unit("usmca_value", "USD"),
                    Column::with_unit("duty", "USD"),
                    Column::with_unit("effective_rate", "share"),
                    Column::new("measures"),
                    Column::new("flags"),
                ],
            );
            for l in &w.lines {
                t.push(vec![
                    l.hts10.clone().into(),
                    l.origin.clone().into(),
                    l.exporter.clone().into(),
                    l.sector.clone().map(Value::Text).unwrap_or(Value::Null),
                    money(l.value),
                    money(l.usmca_value),
                    money(l.duty),
                    money(l.effective_rate),
                    l.measures.join(";").into(),
                    l.flags.join(";").into(),
                ]);
            }
            t
        }
        By::Sector => {
            let mut t = Table::new(
                "wedges-sector",
                vec![
                    Column::new("importer"),
                    Column::new("exporter"),
                    Column::new("sector"),
                    Column::with_unit("value", "USD"),
                    Column::with_unit("duty", "USD"),
                    Column::with_unit("rate", "share"),
                    Column::new("lines"),
                    Column::new("proxy"),
                ],
            );
            for s in &w.sectors {
                t.push(vec![
                    s.importer.clone().into(),
                    s.exporter.clone().into(),
                    s.sector.clone().into(),
                    money(s.value),
                    money(s.duty),
                    money(s.rate),
                    s.lines.into(),
                    s.proxy.into(),
                ]);
            }
            t
        }
        By::Measure => {
            let mut t = Table::new(
                "wedges-measure",
                vec![
                    Column::new("exporter"),
                    Column::new("sector"),
                    Column::new("measure"),
                    Column::with_unit("value", "USD"),
                    Column::with_unit("duty", "USD"),
                    Column::new("lines"),
                ],
            );
            for r in &w.measures {
                t.push(vec![
                    r.exporter.clone().into(),
                    r.sector.clone().map(Value::Text).unwrap_or(Value::Null),
                    r.measure_id.clone().into(),
                    money(r.value),
                    money(r.duty),
                    r.lines.into(),
                ]);
            }
            t
        }
    };
    table_meta(&mut t, &m);
    describe(&mut t, &d, ctx);
    args.output.emit(&t)?;
    Ok(ExitCode::SUCCESS)
}

fn run_series(
    args: &Args,
    m: &Mrio,
    db: &LawDb,
    importer: &str,
    ctx: &Context,
) -> Result<ExitCode> {
    let exporters: Vec<String> = match &args.origin {
        Some(o) if m.regions().iter().any(|r| r == o) => vec![o.clone()],
        Some(o) => bail!("--series takes a table region as --origin (e.g. CAN), not {o:?}"),
        None => vec!["CAN".into(), "MEX".into()],
    };
    let (rows, last) = autopact_data::wedges::wedge_series(
        m,
        importer,
        args.origin.as_deref(),
        &exporters,
        &args.law.options(),
        db,
    )?;
    let mut t = Table::new(
        "wedges-series",
        vec![
            Column::new("month"),
            Column::new("law_date"),
            Column::new("exporter"),
            Column::new("sector"),
            Column::with_unit("value", "USD"),
            Column::with_unit("duty", "USD"),
            Column::with_unit("rate", "share"),
        ],
    );
    for r in rows {
        t.push(vec![
            r.period.into(),
            r.date.to_string().into(),
            r.exporter.into(),
            r.sector.into(),
            money(r.value),
            money(r.duty),
            money(r.rate),
        ]);
    }
    table_meta(&mut t, m);
    if let Some(d) = &last {
        describe(&mut t, d, ctx);
    }
    t.meta("law_date", "each month's trade under the law in force on the 15th of that month: the middle day is closest to the month's average entry when a measure starts or ends inside the month; sector 'all' includes unmapped lines");
    t.meta(
        "weights",
        format!("each month's own imports: {}", trade::TRADE_SOURCE),
    );
    args.output.emit(&t)?;
    Ok(ExitCode::SUCCESS)
}

/// Derives `from_law` scenario tariffs with the law engine.
pub use autopact_data::wedges::ScenarioLaw;
