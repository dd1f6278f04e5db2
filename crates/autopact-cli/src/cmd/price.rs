//! `autopact price`: one-off tariff runs of the Leontief price model.

use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use autopact_core::{Column, Table, Value};
use autopact_mrio::{AppliesTo, Mrio, PriceModel, PriceOptions, TariffSchedule, TariffWedge};
use clap::{Args as ClapArgs, ValueEnum};

use super::Context;
use super::table::{TableArgs, factor, rate, region, sectors, table_meta};
use crate::output::OutputArgs;

/// Which flows the tariffs apply to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Applies {
    /// Intermediate inputs only.
    Intermediate,
    /// Final goods only.
    Final,
    /// Both.
    Both,
}

impl From<Applies> for AppliesTo {
    fn from(a: Applies) -> Self {
        match a {
            Applies::Intermediate => AppliesTo::Intermediate,
            Applies::Final => AppliesTo::Final,
            Applies::Both => AppliesTo::Both,
        }
    }
}

/// Level of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum By {
    /// Price change of every region-sector.
    RegionSector,
    /// Consumer-price change and tariff revenue by region.
    Region,
}

/// Arguments of `autopact price`.
#[derive(Debug, ClapArgs)]
#[command(after_help = "Examples:
  autopact price --tariff USA:CAN:c15:25% --tariff USA:MEX:c15:25%
  autopact price --tariff USA:CAN:*:0.25 --by region
  autopact price --tariff CAN:USA:c15,c12:25% --applies-to intermediate --detail")]
pub struct Args {
    #[command(flatten)]
    table: TableArgs,
    /// A tariff IMPORTER:EXPORTER:SECTORS:RATE, e.g. USA:CAN:c15:0.25 or
    /// USA:MEX:*:25% (SECTORS: comma-separated codes of the exporter's
    /// sectors, or *). Repeatable; a later tariff on the same flow replaces
    /// an earlier one.
    #[arg(
        long = "tariff",
        value_name = "IMP:EXP:SECTORS:RATE",
        required_unless_present = "law"
    )]
    tariffs: Vec<String>,
    /// Tariffs from the law in force on DATE: the wedges `autopact wedges
    /// --by sector --date DATE` gives (same flags); --tariff entries are
    /// applied after them and replace them on the same flow.
    #[arg(long, value_name = "DATE")]
    law: Option<autopact_law::NaiveDate>,
    /// Importer of the law-derived tariffs.
    #[arg(long, default_value = "USA", requires = "law")]
    law_importer: String,
    #[command(flatten)]
    law_args: super::wedges::LawArgs,
    /// Flows the tariffs apply to.
    #[arg(long, value_enum, default_value_t = Applies::Both)]
    applies_to: Applies,
    /// Final-demand categories of the consumer basket (comma-separated;
    /// default: households).
    #[arg(long)]
    basket: Option<String>,
    /// Level of the report.
    #[arg(long, value_enum, default_value_t = By::RegionSector)]
    by: By,
    /// Add the direct, first-round and cascade parts of each price change.
    #[arg(long)]
    detail: bool,
    #[command(flatten)]
    output: OutputArgs,
}

/// Parses `IMP:EXP:SECTORS:RATE` specs into wedges.
pub fn parse_tariffs(
    m: &Mrio,
    specs: &[String],
    applies_to: AppliesTo,
) -> Result<Vec<TariffWedge>> {
    specs
        .iter()
        .map(|spec| {
            let parts: Vec<&str> = spec.split(':').collect();
            if parts.len() != 4 {
                bail!(
                    "--tariff {spec:?}: write IMPORTER:EXPORTER:SECTORS:RATE, e.g. USA:CAN:c15:0.25"
                );
            }
            Ok(TariffWedge {
                importer: region(m, parts[0]).with_context(|| format!("--tariff {spec:?}"))?,
                exporter: region(m, parts[1]).with_context(|| format!("--tariff {spec:?}"))?,
                sectors: sectors(m, parts[2]).with_context(|| format!("--tariff {spec:?}"))?,
                rate: rate(parts[3]).with_context(|| format!("--tariff {spec:?}"))?,
                applies_to,
            })
        })
        .collect()
}

/// Runs the command.
pub fn run(args: Args, ctx: &Context) -> Result<ExitCode> {
    let m = args.table.load(ctx)?;
    let mut wedges = Vec::new();
    let derived = match args.law {
        Some(date) => {
            let db = autopact_law::LawDb::builtin().context("embedded law data")?;
            let d =
                super::wedges::law_wedges(&m, &args.law_importer, date, None, &args.law_args, &db)?;
            wedges.extend(super::wedges::to_tariffs(
                &m,
                &d.wedges,
                args.applies_to.into(),
            )?);
            Some(d)
        }
        None => None,
    };
    wedges.extend(parse_tariffs(&m, &args.tariffs, args.applies_to.into())?);
    let schedule = TariffSchedule::new(&m, &wedges)?;
    let l = factor(&m)?;
    let basket = args
        .basket
        .as_ref()
        .map(|b| b.split(',').map(|s| s.trim().to_string()).collect());
    let model = PriceModel::new(
        &m,
        &l,
        PriceOptions {
            basket,
            ..PriceOptions::default()
        },
    )?;
    let e = model.solve(&schedule)?;
    let unit = m.provenance().unit.clone();
    let mut t = match args.by {
        By::RegionSector => {
            let mut cols = vec![
                Column::new("region"),
                Column::new("sector"),
                Column::with_unit("price_change", "per unit of base price"),
            ];
            if args.detail {
                for c in ["direct", "first_round", "cascade"] {
                    cols.push(Column::with_unit(c, "per unit of base price"));
                }
            }
            let mut t = Table::new("price", cols);
            for i in 0..m.n() {
                let mut row: Vec<Value> = vec![
                    m.regions()[m.region_of(i)].clone().into(),
                    m.sectors()[m.sector_of(i)].clone().into(),
                    e.price_change[i].into(),
                ];
                if args.detail {
                    row.extend([
                        e.direct[i].into(),
                        e.first_round[i].into(),
                        e.cascade[i].into(),
                    ]);
                }
                t.push(row);
            }
            t
        }
        By::Region => {
            let mut t = Table::new(
                "price-by-region",
                vec![
                    Column::new("region"),
                    Column::with_unit("consumer_price_change", "share"),
                    Column::with_unit("tariff_revenue_intermediate", &unit),
                    Column::with_unit("tariff_revenue_final", &unit),
                ],
            );
            for (r, name) in m.regions().iter().enumerate() {
                t.push(vec![
                    name.clone().into(),
                    e.consumer_price_change[r].into(),
                    e.revenue_intermediate[r].into(),
                    e.revenue_final[r].into(),
                ]);
            }
            t
        }
    };
    table_meta(&mut t, &m);
    t.meta("model", "Leontief price model pᵀ = vᵀ(I − A∘(1+T))⁻¹; fixed coefficients, full pass-through, base prices 1");
    if let Some(d) = &derived {
        super::wedges::describe(&mut t, d, ctx);
        t.meta(
            "tariffs_from_law",
            super::wedges::tariff_specs(&d.wedges).join(" "),
        );
    }
    t.meta("tariffs", args.tariffs.join(" "));
    t.meta(
        "applies_to",
        format!("{:?}", args.applies_to).to_lowercase(),
    );
    t.meta("consumer_basket", model.basket_label());
    let c = &e.certificate;
    t.meta(
        "solution",
        format!(
            "{} ({} steps), residual {:.1e}, error bound {:.1e}",
            c.method, c.iterations, c.residual, c.error_bound
        ),
    );
    args.output.emit(&t)?;
    Ok(ExitCode::SUCCESS)
}
