//! The file side of the law-to-economy link: reads what
//! [`autopact_link::derive`] needs for one table (the shipped trade month
//! or a user's weights file, the line facts, the concordances) and runs it;
//! the monthly series over the shipped months; and the law provider of
//! scenario files' `from_law` tariffs.
//!
//! Why here: reading the weights is file IO (only this crate does it);
//! everything else is `autopact-link`'s pure code, shared by the CLI and
//! the HTTP API.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use autopact_law::{Decimal, LawDb, NaiveDate};
use autopact_link::claims::{self, ClaimReference};
use autopact_link::reconcile::{MonthModel, exporter_duty};
use autopact_link::{
    Derived, LawOptions, LinkData, LinkError, LinkField, Series, Weights, WeightsChoice,
    importer_country, law_segments, month_rows, series_date,
};
use autopact_mrio::Mrio;

use crate::error::{DataError, Result};
use crate::trade::{self, Countries};

fn link(e: LinkError) -> DataError {
    DataError::Link(e)
}

/// The trade weights `opts` choose (a shipped month, the latest month on
/// or before `date`, or the user's file), and whether they are a user file.
fn weights_of(opts: &LawOptions, date: NaiveDate) -> Result<(Weights, bool)> {
    Ok(match opts.weights_choice() {
        WeightsChoice::Month(w) => (trade::shipped_weights(w)?, false),
        WeightsChoice::File(f) => (trade::read_weights_file(f)?, true),
        WeightsChoice::Latest => {
            let Some(month) = trade::latest_month_not_after(&date.to_string()) else {
                let months = trade::shipped_months();
                return Err(DataError::NoMonthBefore {
                    date: date.to_string(),
                    first: months[0].to_string(),
                    last: months[months.len() - 1].to_string(),
                });
            };
            (trade::shipped_weights(month)?, false)
        }
    })
}

/// Reads everything a derivation needs for `importer` on `date` under
/// `opts` on table `m`.
pub fn link_data(m: &Mrio, importer: &str, date: NaiveDate, opts: &LawOptions) -> Result<LinkData> {
    importer_country(importer).map_err(link)?;
    m.region_index(importer)
        .map_err(|e| link(LinkError::field(LinkField::Importer, e.to_string())))?;
    let countries = Countries::builtin()?;
    let sectors = m.sectors().to_vec();
    let regions = m.regions().to_vec();
    let (concordance, sector_of_gtap) = trade::gtap_sector_concordance(&sectors)?;
    let region_of_origin = trade::region_concordance(&regions, &countries)?;
    let line_info = trade::shipped_line_info()?;
    let (weights, user_file) = weights_of(opts, date).map_err(|e| match e {
        DataError::Link(l) => DataError::Link(l),
        // An error that knows its field keeps it (no month before the
        // date is about the date, an unshipped month about the weights).
        e if e.field().is_some() => e,
        // Whatever else went wrong reading the weights is about them.
        other => link(LinkError::field(LinkField::Weights, other.to_string())),
    })?;
    let mut iso2_of = BTreeMap::new();
    for c in &countries.0 {
        for code in [&c.census, &c.iso3, &c.iso2] {
            iso2_of
                .entry(code.to_uppercase())
                .or_insert_with(|| c.iso2.clone());
        }
    }
    let needs_proxies = !user_file && !opts.no_proxies;
    let claim_reference = match &weights.period {
        Some(p) if opts.corrects_claims(user_file) && claims::needs_reference(p) => {
            Some(claim_reference()?)
        }
        _ => None,
    };
    Ok(LinkData {
        weights,
        user_file,
        line_info,
        gtap_imports: if needs_proxies {
            trade::shipped_gtap_imports()?
        } else {
            Default::default()
        },
        concordance,
        sector_of_gtap,
        region_of_origin,
        proxies: if needs_proxies {
            trade::proxy_origins(&regions, &countries, &["CAN", "MEX"])
        } else {
            Vec::new()
        },
        iso2_of,
        claim_reference,
    })
}

/// The claim floors of the shipped reference months, built once per
/// process (three months of lines; every derivation of a month in the
/// recording gap needs them).
fn claim_reference() -> Result<Arc<ClaimReference>> {
    static REFERENCE: OnceLock<Arc<ClaimReference>> = OnceLock::new();
    if let Some(r) = REFERENCE.get() {
        return Ok(r.clone());
    }
    let months = claims::REFERENCE_MONTHS
        .iter()
        .map(|m| trade::shipped_weights(m))
        .collect::<Result<Vec<_>>>()?;
    let built = Arc::new(ClaimReference::from_months(
        &months.iter().collect::<Vec<_>>(),
    ));
    Ok(REFERENCE.get_or_init(|| built).clone())
}

/// Derives the wedges of `importer` on `date` from the law `db`: the data
/// read here, the work done by [`autopact_link::derive`].
pub fn law_wedges(
    m: &Mrio,
    importer: &str,
    date: NaiveDate,
    origin: Option<&str>,
    opts: &LawOptions,
    db: &LawDb,
) -> Result<Derived> {
    let data = link_data(m, importer, date, opts)?;
    autopact_link::derive(db, m, importer, date, origin, opts, &data).map_err(link)
}

/// The monthly series: each shipped month's own imports (no proxies) under
/// the law in force on its 15th, for `exporters` (table regions), with the
/// corrected USMCA claims and, where the correction changed a month, also
/// with the claims as recorded. With `day_weighted`, each month is also
/// computed under the law of every stretch of the month in which it does
/// not change, weighted by days (the reconciliation's timing term).
pub fn wedge_series(
    m: &Mrio,
    importer: &str,
    origin: Option<&str>,
    exporters: &[String],
    opts: &LawOptions,
    db: &LawDb,
    day_weighted: bool,
) -> Result<Series> {
    let mut out = Series {
        rows: Vec::new(),
        last: None,
        claim_notes: Vec::new(),
        models: Vec::new(),
    };
    let country = importer_country(importer).map_err(link)?;
    for p in trade::shipped_months() {
        let date = series_date(p).expect("shipped months are valid");
        let mut o = opts.clone();
        o.weights = Some(p.to_string());
        o.no_proxies = true;
        let in_month = |e: DataError| DataError::InMonth {
            month: p.to_string(),
            source: Box::new(e),
        };
        let data = link_data(m, importer, date, &o).map_err(in_month)?;
        let derive = |o: &LawOptions, date: NaiveDate| {
            autopact_link::derive(db, m, importer, date, origin, o, &data)
                .map_err(|e| in_month(link(e)))
        };
        let d = derive(&o, date)?;
        let recorded = match &d.claims {
            Some(c) if !c.is_empty() => Some(
                autopact_link::with_recorded_claims(db, m, &d, &o, &data)
                    .map_err(|e| in_month(link(e)))?,
            ),
            _ => None,
        };
        let mut day: BTreeMap<String, Decimal> = BTreeMap::new();
        if day_weighted {
            let origins: Vec<&str> = data
                .region_of_origin
                .iter()
                .filter(|(_, r)| exporters.contains(r))
                .map(|(o, _)| o.as_str())
                .collect();
            let segments =
                law_segments(db, country, &origins, p).expect("shipped months are valid");
            let days: u32 = segments.iter().map(|(_, n)| n).sum();
            for (first, n) in segments {
                let w = if first == date {
                    d.clone()
                } else {
                    derive(&o, first)?
                };
                for x in exporters {
                    let duty = exporter_duty(&w.wedges, x, |_| false).duty;
                    *day.entry(x.clone()).or_default() +=
                        duty * Decimal::from(n) / Decimal::from(days);
                }
            }
        }
        out.rows
            .extend(month_rows(p, &d.wedges, recorded.as_ref(), exporters));
        out.claim_notes
            .extend(d.claims.iter().flat_map(|c| c.describe()));
        let energy = |h: &str| {
            claims::NOT_ON_ENTRY_SUMMARIES
                .iter()
                .any(|(prefix, _)| h.starts_with(prefix))
        };
        for x in exporters {
            let now = exporter_duty(&d.wedges, x, energy);
            let (duty_recorded_claims, energy_recorded) = match &recorded {
                Some(r) => {
                    let rec = exporter_duty(r, x, energy);
                    (rec.duty, rec.selected)
                }
                None => (now.duty, now.selected),
            };
            out.models.push(MonthModel {
                period: p.to_string(),
                exporter: x.clone(),
                value: now.value,
                duty: now.duty,
                duty_recorded_claims,
                energy_claims: energy_recorded - now.selected,
                duty_day_weighted: day_weighted.then(|| day.get(x).copied().unwrap_or_default()),
                by_group: now.by_group,
                by_measure: now.by_measure,
            });
        }
        out.last = Some(d);
    }
    Ok(out)
}

/// Derives `from_law` scenario tariffs with the law engine (the scenario
/// crate stays pure and asks through [`autopact_scenario::LawProvider`]).
pub struct ScenarioLaw<'a> {
    /// The table.
    pub mrio: &'a Mrio,
    /// Folder of the scenario file (weights paths are relative to it);
    /// `None`: weights files are refused (a server reads no file a request
    /// names), only shipped months are used.
    pub base: Option<PathBuf>,
    /// The law; `None`: the built-in law.
    pub db: Option<&'a LawDb>,
}

/// A scenario's `from_law` entry as a law date and the link's options:
/// weights files are relative to `base` (the scenario file's folder), or
/// refused without one (a server reads no file a request names).
pub fn scenario_law_options(
    src: &autopact_scenario::spec::LawSource,
    base: Option<&std::path::Path>,
) -> std::result::Result<(NaiveDate, LawOptions), String> {
    let date: NaiveDate = src
        .date
        .parse()
        .map_err(|e| format!("from_law date {:?} is not YYYY-MM-DD: {e}", src.date))?;
    let dec = |x: Option<f64>| -> std::result::Result<Option<Decimal>, String> {
        x.map(|v| Decimal::try_from(v).map_err(|e| format!("not a number: {e}")))
            .transpose()
    };
    let weights = match &src.weights {
        None => None,
        Some(w) if autopact_link::is_month(w) => Some(w.clone()),
        Some(w) => match base {
            Some(base) => Some(base.join(w).display().to_string()),
            None => {
                return Err(format!(
                    "from_law weights {w:?}: a file is not read here; give a shipped month YYYY-MM"
                ));
            }
        },
    };
    let opts = LawOptions {
        weights,
        usmca_share: dec(src.usmca_share)?,
        us_content: dec(src.us_content)?,
        include_unconfirmed: src.include_unconfirmed,
        measures_off: src.measures_off.clone(),
        ..LawOptions::default()
    };
    Ok((date, opts))
}

impl ScenarioLaw<'_> {
    fn derive(
        &self,
        importer: &str,
        src: &autopact_scenario::spec::LawSource,
    ) -> std::result::Result<Derived, String> {
        let (date, opts) = scenario_law_options(src, self.base.as_deref())?;
        let builtin;
        let db = match self.db {
            Some(db) => db,
            None => {
                builtin = LawDb::builtin().map_err(|e| format!("embedded law data: {e}"))?;
                &builtin
            }
        };
        law_wedges(self.mrio, importer, date, None, &opts, db).map_err(|e| e.to_string())
    }
}

impl autopact_scenario::LawProvider for ScenarioLaw<'_> {
    fn rates(
        &self,
        importer: &str,
        exporters: &[String],
        sectors: &[String],
        src: &autopact_scenario::spec::LawSource,
    ) -> std::result::Result<autopact_scenario::LawRates, String> {
        let d = self.derive(importer, src)?;
        let (rates, derivation) =
            autopact_link::scenario_rates(&d, exporters, sectors).map_err(|e| e.to_string())?;
        Ok(autopact_scenario::LawRates { rates, derivation })
    }
}
