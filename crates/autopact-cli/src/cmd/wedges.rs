//! `autopact wedges`: effective tariff rates from the law on real trade,
//! per line, per table sector, per measure, and as a monthly series.
//!
//! Thin glue: the data crate supplies the weights, line facts and
//! concordances; `autopact_link::compute` does the work. [`law_wedges`]
//! is shared with `price --law`, `jobs --law`, `overview` and scenarios so
//! that every command derives the same wedges from the same flags.

use std::collections::BTreeMap;
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use autopact_core::{Column, Table, Value};
use autopact_data::trade::{self, Countries};
use autopact_law::{Decimal, LawDb, NaiveDate};
use autopact_link::{
    Assumptions, DEFAULT_US_CONTENT_SOURCE, LineInfo, SeriesMonth, TradeLine, WedgeInput, Wedges,
    compute, proxy_lines, series_date, series_rows,
};
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
    /// The assumptions these flags set.
    pub fn assumptions(&self) -> Result<Assumptions> {
        let mut a = Assumptions::default();
        for (name, v) in [
            ("--usmca-share", self.usmca_share),
            ("--us-content", self.us_content),
        ] {
            if let Some(v) = v
                && (v < Decimal::ZERO || v > Decimal::ONE)
            {
                bail!("{name} {v}: a share between 0 and 1");
            }
        }
        a.usmca_claim_share = self.usmca_share;
        if let Some(u) = self.us_content {
            a.us_content_share = u;
            a.us_content_source = "set by the user (--us-content)".into();
        } else {
            a.us_content_source = DEFAULT_US_CONTENT_SOURCE.into();
        }
        a.metal_content = !self.no_metal_content;
        a.include_unconfirmed = self.include_unconfirmed;
        a.measures_off = self.measures_off.clone();
        Ok(a)
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
    /// Importing region (table code). Default: every importer with shipped
    /// weights (USA); CAN and MEX need --weights FILE.
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

/// What [`law_wedges`] returns besides the wedges.
pub struct Derived {
    /// The wedges.
    pub wedges: Wedges,
    /// Name of the sector concordance used.
    pub concordance: String,
    /// Proxy notes (groups, uncovered sectors).
    pub proxy_notes: Vec<String>,
}

fn countries() -> Result<Countries> {
    Ok(Countries::builtin()?)
}

/// The law importer country (ISO2) of a table region.
fn importer_country(region: &str) -> Result<&'static str> {
    Ok(match region {
        "USA" => "US",
        "CAN" => "CA",
        "MEX" => "MX",
        r => bail!("no law data for importer {r:?}: autopact's law covers USA, CAN and MEX"),
    })
}

/// Resolves `--origin` to a filter on ISO2 origins.
fn origin_filter(
    m: &Mrio,
    origin: &str,
    regions: &BTreeMap<String, String>,
) -> Result<Vec<String>> {
    if m.regions().iter().any(|r| r == origin) {
        return Ok(regions
            .iter()
            .filter(|(_, r)| *r == origin)
            .map(|(i, _)| i.clone())
            .collect());
    }
    let c = countries()?;
    match c.iso2(origin) {
        Some(i) => Ok(vec![i.to_string()]),
        None => bail!(
            "--origin {origin:?} is neither a region of the table ({}) nor an ISO/Census country code",
            m.regions().join(", ")
        ),
    }
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
    let country = importer_country(importer)?;
    m.region_index(importer)?;
    let c = countries()?;
    let sectors = m.sectors().to_vec();
    let regions_list = m.regions().to_vec();
    let (concordance, sector_of_gtap) = trade::gtap_sector_concordance(&sectors)?;
    let region_of_origin = trade::region_concordance(&regions_list, &c)?;
    let info: BTreeMap<String, LineInfo> = trade::shipped_line_info()?;
    let (weights, user_file) = match &la.weights {
        Some(w) if w.len() == 7 && w.as_bytes()[4] == b'-' => (trade::shipped_weights(w)?, false),
        Some(f) => (trade::read_weights_file(f)?, true),
        None => {
            let Some(month) = trade::latest_month_not_after(&date.to_string()) else {
                bail!(
                    "no shipped trade month on or before {date} (the data cover {} to {}): pick one with --weights YYYY-MM or give a file",
                    trade::shipped_months()[0],
                    trade::shipped_months().last().unwrap()
                );
            };
            (trade::shipped_weights(month)?, false)
        }
    };
    if country != "US" && !user_file {
        bail!(
            "the shipped weights are US imports: for importer {importer} give its imports with --weights FILE"
        );
    }
    let mut lines: Vec<TradeLine> = weights.lines.clone();
    let mut proxy_notes = Vec::new();
    if !user_file && !la.no_proxies {
        let gtap = trade::shipped_gtap_imports()?;
        for p in trade::proxy_origins(&regions_list, &c, &["CAN", "MEX"]) {
            let (pl, uncovered) = proxy_lines(&weights.lines, &info, &gtap, &p);
            let missing: Decimal = uncovered.iter().map(|(_, v)| *v).sum();
            proxy_notes.push(format!(
                "{} (law applied as origin {}): 2024 GTAP imports of group \"{}\" spread over Canada's and Mexico's lines; {} GTAP sectors with USD {} million a year have no North American lines and no proxy",
                p.region, p.origin, p.group, uncovered.len(), missing.round_dp(0)
            ));
            lines.extend(pl);
        }
    }
    if let Some(o) = origin {
        let keep = origin_filter(m, o, &region_of_origin)?;
        lines.retain(|l| keep.contains(&l.origin));
        if lines.is_empty() {
            bail!("no trade lines from origin {o} in the weights");
        }
    }
    let input = WedgeInput {
        importer: country.into(),
        importer_region: importer.into(),
        date,
        beyond_as_of: la.beyond_as_of,
        lines: &lines,
        weights_label: weights.label.clone(),
        line_info: &info,
        sector_of_gtap: &sector_of_gtap,
        region_of_origin: &region_of_origin,
        regions: &regions_list,
        sectors: &sectors,
        schedule: (country == "US").then(autopact_law::schedule::Schedule::builtin),
        assumptions: la.assumptions()?,
    };
    let wedges = compute(db, &input)?;
    Ok(Derived {
        wedges,
        concordance,
        proxy_notes,
    })
}

/// The sector wedges as price-model tariffs (exporter = importer rows skipped).
pub fn to_tariffs(m: &Mrio, w: &Wedges, applies_to: AppliesTo) -> Result<Vec<TariffWedge>> {
    let imp = m.region_index(&w.importer)?;
    w.sectors
        .iter()
        .filter(|s| s.exporter != w.importer)
        .map(|s| {
            Ok(TariffWedge {
                importer: imp,
                exporter: m.region_index(&s.exporter)?,
                sectors: vec![m.sector_index(&s.sector)?],
                rate: s.rate.to_string().parse::<f64>()?,
                applies_to,
            })
        })
        .collect()
}

/// The sector wedges written as `--tariff` specs (the rate in full
/// decimal precision), so that `price --tariff` can reproduce `price --law`.
pub fn tariff_specs(w: &Wedges) -> Vec<String> {
    w.sectors
        .iter()
        .filter(|s| s.exporter != w.importer)
        .map(|s| {
            format!(
                "{}:{}:{}:{}",
                w.importer,
                s.exporter,
                s.sector,
                s.rate.normalize()
            )
        })
        .collect()
}

/// Adds the derivation to a result's metadata and prints counted warnings.
pub fn describe(t: &mut Table, d: &Derived, ctx: &Context) {
    let w = &d.wedges;
    t.meta("law_date", w.date.to_string());
    t.meta("law_data_as_of", w.law_as_of.to_string());
    t.meta("weights", &w.weights);
    t.meta(
        "sector_concordance",
        format!("HTS10 → GTAP (Budget Lab crosswalk) → {}", d.concordance),
    );
    for (k, a) in w.assumptions.iter().enumerate() {
        t.meta(format!("assumption_{}", k + 1), a);
    }
    for p in &d.proxy_notes {
        t.meta("proxy", p);
    }
    for f in &w.flags {
        let msg = format!(
            "{} lines (USD {}): {}",
            f.lines,
            f.value.round_dp(0),
            f.meaning
        );
        t.meta(format!("flag_{}", f.id), &msg);
        if matches!(f.id.as_str(), "unmapped" | "no-column1") {
            ctx.note(format!("warning: {msg}"));
        }
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
        ctx.note("importer USA (the only importer with shipped line weights; CAN and MEX need --importer and --weights FILE)");
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
                    Column::new("measure"),
                    Column::with_unit("value", "USD"),
                    Column::with_unit("duty", "USD"),
                    Column::new("lines"),
                ],
            );
            for r in &w.measures {
                t.push(vec![
                    r.exporter.clone().into(),
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
    let mut months = Vec::new();
    let mut last = None;
    for p in trade::shipped_months() {
        let date = series_date(p).expect("shipped months are valid");
        let mut la = args.law.clone();
        la.weights = Some(p.to_string());
        la.no_proxies = true;
        let d = law_wedges(m, importer, date, args.origin.as_deref(), &la, db)
            .with_context(|| format!("month {p}"))?;
        months.push(SeriesMonth {
            period: p.to_string(),
            wedges: d.wedges.clone(),
        });
        last = Some(d);
    }
    let rows = series_rows(&months, &exporters);
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

/// Derives `from_law` scenario tariffs with the law engine (the scenario
/// crate stays pure and asks through [`autopact_scenario::LawProvider`]).
pub struct ScenarioLaw<'a> {
    /// The table.
    pub mrio: &'a Mrio,
    /// Folder of the scenario file (weights paths are relative to it).
    pub base: std::path::PathBuf,
}

impl autopact_scenario::LawProvider for ScenarioLaw<'_> {
    fn rates(
        &self,
        importer: &str,
        exporters: &[String],
        sectors: &[String],
        src: &autopact_scenario::spec::LawSource,
    ) -> std::result::Result<autopact_scenario::LawRates, String> {
        let go = || -> Result<autopact_scenario::LawRates> {
            let date: NaiveDate = src
                .date
                .parse()
                .with_context(|| format!("from_law date {:?} is not YYYY-MM-DD", src.date))?;
            let dec = |x: Option<f64>| -> Result<Option<Decimal>> {
                x.map(|v| Decimal::try_from(v).context("not a number"))
                    .transpose()
            };
            let la = LawArgs {
                weights: src.weights.as_ref().map(|w| {
                    if w.len() == 7 && w.as_bytes()[4] == b'-' {
                        w.clone()
                    } else {
                        self.base.join(w).display().to_string()
                    }
                }),
                usmca_share: dec(src.usmca_share)?,
                us_content: dec(src.us_content)?,
                include_unconfirmed: src.include_unconfirmed,
                measures_off: src.measures_off.clone(),
                ..LawArgs::default()
            };
            let db = LawDb::builtin().context("embedded law data")?;
            let d = law_wedges(self.mrio, importer, date, None, &la, &db)?;
            let rates = d
                .wedges
                .sectors
                .iter()
                .filter(|s| exporters.contains(&s.exporter) && sectors.contains(&s.sector))
                .map(|s| {
                    Ok((
                        s.exporter.clone(),
                        s.sector.clone(),
                        s.rate.to_string().parse::<f64>()?,
                    ))
                })
                .collect::<Result<Vec<_>>>()?;
            let mut parts = vec![
                format!(
                    "duty ÷ value of the lines of each exporter and sector under the law in force on {date} (law data as of {})",
                    d.wedges.law_as_of
                ),
                format!("weights: {}", d.wedges.weights),
                format!("sectors: HTS10 → GTAP → {}", d.concordance),
            ];
            parts.extend(d.wedges.assumptions.iter().cloned());
            parts.extend(d.proxy_notes.iter().cloned());
            for f in &d.wedges.flags {
                parts.push(format!(
                    "{}: {} lines, USD {} ({})",
                    f.id,
                    f.lines,
                    f.value.round_dp(0),
                    f.meaning
                ));
            }
            Ok(autopact_scenario::LawRates {
                rates,
                derivation: parts.join("; "),
            })
        };
        go().map_err(|e| format!("{e:#}"))
    }
}
