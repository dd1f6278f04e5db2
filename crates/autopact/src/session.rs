//! The session: one table, its factorisation, the law and the results
//! worth keeping, shared by every front end.
//!
//! Why one type: the pipeline *law date → wedges → price-model tariffs*
//! and the pipeline *scenario text → resolved scenario → run* are each
//! assembled here once. The command line opens a session per command, the
//! Python package one per opened table, the HTTP server one per process —
//! and all three ask it the same questions ([`Session::price`],
//! [`Session::jobs`], [`Session::wedges`], [`Session::overview`],
//! [`Session::resolve_scenario`] …), so a fix lands in every front end at
//! once.
//!
//! What a session owns:
//! * the table, and `(I − A)` factored on first use, once ([`Solves`]
//!   picks the factorisation: one-off commands and many-solve servers
//!   differ);
//! * the law: autopact's measures, plus a user's measure files
//!   (`--law DIR`, `serve --law DIR`), read on first use unless given;
//! * the USMCA rules of origin, read on first use;
//! * caches of what is slow to derive and never changes while the session
//!   lives: the law's wedges by request (deriving one date from a month of
//!   line-level trade takes about a second), monthly series, resolved
//!   scenarios by their text, the built-in national tables. Each cache
//!   holds the last [`CACHE_ENTRIES`] keys.
//!
//! Errors are `anyhow` chains whose context names the request field at
//! fault ([`autopact_report::Field`]): the CLI prints the chain, the
//! server answers 422 with the field, Python raises with `.field`.

use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};

use anyhow::{Context as _, Result, anyhow};
use autopact_api_types::request::{
    Applies, ContributionRequest, JobsRequest, LawOptions, OverviewRequest, PriceRequest,
    WedgesRequest,
};
use autopact_brief::LineChart;
use autopact_core::Table;
use autopact_data::national::LawRates;
use autopact_law::roo::RooRules;
use autopact_law::{LawDb, NaiveDate};
use autopact_link::reconcile::Collected;
use autopact_link::{Derived, LinkError, Series};
use autopact_mrio::national::NationalTable;
use autopact_mrio::{Leontief, Mrio};
use autopact_report::contribution::Tariffs;
use autopact_report::national::VehicleCosts;
use autopact_report::overview::{Focus, Overview};
use autopact_report::{Field, LawTariffs};
use autopact_scenario::ResolvedScenario;

/// How many results of each kind a session keeps.
pub const CACHE_ENTRIES: usize = 24;

/// How `(I − A)` is factored: for a few solves (a command), or for many
/// (a server answering requests all day, where a slower factorisation
/// with faster solves pays) — [`autopact_report::factor`] and
/// [`autopact_report::factor_for_many_solves`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Solves {
    /// One command's solves.
    Few,
    /// A long-lived process's.
    Many,
}

/// One table, its factorisation, the law and the caches (module docs).
pub struct Session {
    mrio: Mrio,
    is_default: bool,
    solves: Solves,
    law_dir: Option<String>,
    leontief: OnceLock<Leontief>,
    law: OnceLock<LawDb>,
    rules: OnceLock<RooRules>,
    /// Held while something is built on first use, so that two threads
    /// asking at once build it once.
    building: Mutex<()>,
    overview_law: OnceLock<std::result::Result<Arc<Derived>, String>>,
    derived: Cache<Derived>,
    series: Cache<Series>,
    resolved: Cache<ResolvedScenario>,
    national: Cache<NationalTable>,
    law_rates: Cache<LawRates>,
    current: Cache<VehicleCosts>,
}

impl Session {
    /// A session on `mrio`, with autopact's law, factored for a few solves
    /// on first use.
    pub fn new(mrio: Mrio) -> Self {
        Session {
            mrio,
            is_default: false,
            solves: Solves::Few,
            law_dir: None,
            leontief: OnceLock::new(),
            law: OnceLock::new(),
            rules: OnceLock::new(),
            building: Mutex::new(()),
            overview_law: OnceLock::new(),
            derived: Cache::new(),
            series: Cache::new(),
            resolved: Cache::new(),
            national: Cache::new(),
            law_rates: Cache::new(),
            current: Cache::new(),
        }
    }

    /// Opens a table as the CLI's TABLE argument names it (`default`, an
    /// ICIO or WIOD CSV, a pymrio folder).
    pub fn open(spec: &str, options: &autopact_data::ReadOptions) -> Result<Self> {
        let mrio = autopact_data::open_table(spec, options)?;
        Ok(Self::new(mrio).built_in_table(spec == "default"))
    }

    /// Marks the table as the built-in one (scenarios with `source =
    /// "default"` run on it).
    pub fn built_in_table(mut self, yes: bool) -> Self {
        self.is_default = yes;
        self
    }

    /// Chooses the factorisation.
    pub fn solves(mut self, solves: Solves) -> Self {
        self.solves = solves;
        self
    }

    /// The law `law` instead of autopact's.
    pub fn with_law(mut self, law: LawDb) -> Self {
        self.law = OnceLock::from(law);
        self
    }

    /// autopact's law plus the user's measure files in `dir` (`--law
    /// DIR`), read now so that a bad file is reported at once.
    pub fn with_law_dir(self, dir: Option<&str>) -> Result<Self> {
        match dir {
            None => Ok(self),
            Some(d) => {
                let law = crate::frontend::load_law(Some(d))?;
                let mut s = self.with_law(law);
                s.law_dir = Some(d.to_string());
                Ok(s)
            }
        }
    }

    /// Factors `(I − A)` now rather than on first use (a server pays it
    /// before it listens).
    pub fn factored(self) -> Result<Self> {
        self.leontief()?;
        Ok(self)
    }

    /// The table.
    pub fn mrio(&self) -> &Mrio {
        &self.mrio
    }

    /// True when the table is the built-in one.
    pub fn is_default(&self) -> bool {
        self.is_default
    }

    /// The folder of the user's measure files, when given.
    pub fn law_dir(&self) -> Option<&str> {
        self.law_dir.as_deref()
    }

    /// `(I − A)` factored, on first use.
    pub fn leontief(&self) -> Result<&Leontief> {
        self.once(&self.leontief, || match self.solves {
            Solves::Few => autopact_report::factor(&self.mrio),
            Solves::Many => autopact_report::factor_for_many_solves(&self.mrio),
        })
    }

    /// True once the factorisation has been made.
    pub fn is_factored(&self) -> bool {
        self.leontief.get().is_some()
    }

    /// The law (autopact's, plus the user's files when given).
    pub fn law(&self) -> Result<&LawDb> {
        self.once(&self.law, || LawDb::builtin().context("embedded law data"))
    }

    /// The USMCA rules of origin.
    pub fn rules(&self) -> Result<&RooRules> {
        self.once(&self.rules, crate::frontend::roo_rules)
    }

    /// `cell`'s value, made by `make` on first use (one thread makes it).
    fn once<'a, T>(
        &self,
        cell: &'a OnceLock<T>,
        make: impl FnOnce() -> Result<T>,
    ) -> Result<&'a T> {
        if let Some(v) = cell.get() {
            return Ok(v);
        }
        let _one_at_a_time = self.building.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(v) = cell.get() {
            return Ok(v);
        }
        let v = make()?;
        Ok(cell.get_or_init(|| v))
    }

    // ---- the law → wedges → tariffs pipeline -------------------------

    /// The law's wedges for imports into `importer` on `date` (from
    /// `origin` only, when given), with the request's options — the sector
    /// wedges of `autopact wedges --date DATE`. Cached by its inputs; an
    /// error names the field at fault ([`LinkError::about`]).
    pub fn law_wedges(
        &self,
        importer: &str,
        date: NaiveDate,
        origin: Option<&str>,
        options: &LawOptions,
    ) -> Result<Arc<Derived>> {
        let opts = autopact_report::wedges::link_options(options);
        autopact_link::importer_country(importer).map_err(|e| link_error(&e))?;
        self.mrio
            .region_index(importer)
            .map_err(|e| anyhow!("{e}").context(Field::new("importer")))?;
        opts.assumptions().map_err(|e| link_error(&e))?;
        self.link_wedges(importer, date, origin, &opts)
            .map_err(|e| match e.downcast::<autopact_data::DataError>() {
                Ok(d) => data_error(d),
                Err(e) => e,
            })
    }

    /// [`Session::law_wedges`] with the link's own options, unchecked:
    /// the one cache every derivation of this session goes through (the
    /// requests' and the scenarios' `from_law` entries alike). A data
    /// error comes back as it is (no field attached).
    fn link_wedges(
        &self,
        importer: &str,
        date: NaiveDate,
        origin: Option<&str>,
        opts: &autopact_link::LawOptions,
    ) -> Result<Arc<Derived>> {
        let law = self.law()?;
        let key = format!("{importer}|{date}|{origin:?}|{opts:?}");
        Ok(self.derived.get_or(key, || {
            autopact_data::wedges::law_wedges(&self.mrio, importer, date, origin, opts, law)
        })?)
    }

    /// A scenario's tariffs on this session's table (its text given;
    /// `name` is what its errors call it; weights files it names are read
    /// relative to `base`, or refused without one). Its `from_law` entries
    /// are derived through the session's law and cache.
    pub fn scenario_tariffs(&self, name: &str, text: &str, base: Option<&Path>) -> Result<Tariffs> {
        let spec = autopact_scenario::parse(name, text)?;
        let sha = self.mrio.provenance().sha256.clone().unwrap_or_default();
        let law = self.scenario_law(base);
        let resolved =
            autopact_scenario::resolve_with_law(&spec, name, text, &self.mrio, &sha, &law)?;
        let label = match &resolved.law_as_of {
            Some(d) => format!("scenario {:?} (law as of {d})", resolved.name),
            None => format!("scenario {:?}", resolved.name),
        };
        Ok(Tariffs {
            wedges: resolved.wedges(&self.mrio),
            label,
        })
    }

    /// The law provider of scenarios resolved on this session.
    pub(crate) fn scenario_law<'a>(&'a self, base: Option<&'a Path>) -> SessionLaw<'a> {
        SessionLaw {
            session: self,
            base,
        }
    }

    /// The monthly series of the law's wedges (day-weighted when
    /// `day_weighted`: the same rows plus each month's timing term, which
    /// the reconciliation with collected duties needs). Cached.
    pub fn wedge_series(
        &self,
        importer: &str,
        origin: Option<&str>,
        exporters: &[String],
        options: &LawOptions,
        day_weighted: bool,
    ) -> Result<Arc<Series>> {
        let opts = autopact_report::wedges::link_options(options);
        let law = self.law()?;
        let key = format!("{importer}|{origin:?}|{exporters:?}|{opts:?}|{day_weighted}");
        Ok(self.series.get_or(key, || {
            autopact_data::wedges::wedge_series(
                &self.mrio,
                importer,
                origin,
                exporters,
                &opts,
                law,
                day_weighted,
            )
        })?)
    }

    /// The importer's tariffs from the law in force on `date`, through the
    /// law-to-economy link with its default assumptions.
    pub fn law_tariffs(
        &self,
        importer: &str,
        date: NaiveDate,
        applies: Applies,
    ) -> Result<Tariffs> {
        let d = self
            .law_wedges(importer, date, None, &Default::default())
            .context("tariffs from the law")?;
        Ok(Tariffs {
            wedges: autopact_link::to_tariffs(
                &self.mrio,
                &d.wedges,
                autopact_report::labels::applies_to(applies),
            )?,
            label: format!(
                "the law on {date} through the law-to-economy link (law data as of {}; on trade weights {}; concordance {})",
                d.wedges.law_as_of, d.wedges.weights, d.concordance
            ),
        })
    }

    /// The seed's vehicle costs on current data: the law in force on
    /// `date` against [`crate::frontend::CURRENT_BASELINE`], by BEA
    /// commodity, priced on the built-in [`crate::frontend::CURRENT_TABLE`]
    /// (`autopact price --table us-bea-2017 --law DATE`, run with s = 1 and
    /// the Budget Lab's assumptions). Shown next to the WIOD results by
    /// `overview`, `report` and `landed-cost`; computed once per date.
    pub fn current_vehicle_costs(&self, date: NaiveDate) -> Result<Arc<VehicleCosts>> {
        use crate::frontend::{CURRENT_BASELINE, CURRENT_TABLE};
        self.current.get_or(date.to_string(), || {
            let table = self.national_table(CURRENT_TABLE)?;
            let baseline: NaiveDate = CURRENT_BASELINE.parse().expect("a valid date");
            let lr = self.national_law_rates(CURRENT_TABLE, date, baseline, &Default::default())?;
            autopact_report::national::vehicle_costs(
                CURRENT_TABLE,
                &table,
                &lr.rates.tau(table.commodities()),
            )
        })
    }

    /// The law's rates by commodity of the built-in national table `name`
    /// on `date` against `baseline` ([`autopact_data::national::law_rates`]),
    /// computed once per table, dates and options: the dashboard's national
    /// view asks for them twice a draw, and each costs two derivations.
    pub fn national_law_rates(
        &self,
        name: &str,
        date: NaiveDate,
        baseline: NaiveDate,
        opts: &autopact_link::LawOptions,
    ) -> Result<Arc<LawRates>> {
        let table = self.national_table(name)?;
        let law = self.law()?;
        let key = format!("{name}|{date}|{baseline}|{opts:?}");
        Ok(self.law_rates.get_or(key, || {
            autopact_data::national::law_rates(&table, date, baseline, opts, law)
        })?)
    }

    /// The US wedges of the overview's law section
    /// ([`autopact_report::overview::LAW_DATE`]), or why there are none.
    pub fn overview_law(&self) -> std::result::Result<&Derived, &str> {
        self.overview_law
            .get_or_init(|| {
                let date: NaiveDate = autopact_report::overview::LAW_DATE
                    .parse()
                    .expect("a valid date");
                self.law_wedges("USA", date, None, &LawOptions::default())
                    .map_err(|e| format!("{e:#}"))
            })
            .as_ref()
            .map(|d| &**d)
            .map_err(String::as_str)
    }

    /// The law-derived wedges of a price or jobs request that names a law
    /// date.
    fn request_law(
        &self,
        importer: &str,
        law: Option<NaiveDate>,
        options: &LawOptions,
    ) -> Result<Option<Arc<Derived>>> {
        law.map(|date| self.law_wedges(importer, date, None, options))
            .transpose()
    }

    /// The price-model tariffs of derived wedges, with how to describe
    /// them on the result.
    fn tariffs_of<'a>(
        &self,
        d: Option<&Derived>,
        applies: Applies,
        describe: &'a dyn Fn(&mut Table),
    ) -> Result<Option<LawTariffs<'a>>> {
        d.map(|d| {
            Ok(LawTariffs {
                wedges: autopact_link::to_tariffs(
                    &self.mrio,
                    &d.wedges,
                    autopact_report::labels::applies_to(applies),
                )?,
                describe,
            })
        })
        .transpose()
    }

    /// Runs `build` with the law's tariffs of a request that names a law
    /// date (`law`: importer, date, options), describing the derivation on
    /// the result (and, with `specs`, the tariffs as `--tariff` specs) and
    /// collecting its warnings.
    fn with_law_tariffs(
        &self,
        (importer, date, options): (&str, Option<NaiveDate>, &LawOptions),
        applies: Applies,
        specs: bool,
        build: impl FnOnce(Option<&LawTariffs<'_>>) -> Result<Table>,
    ) -> Result<Warned> {
        let d = self.request_law(importer, date, options)?;
        let warnings = std::cell::RefCell::new(Vec::new());
        let describe = |t: &mut Table| {
            if let Some(d) = &d {
                warnings
                    .borrow_mut()
                    .extend(autopact_report::wedges::describe(t, d));
                if specs {
                    t.meta(
                        "tariffs_from_law",
                        autopact_link::tariff_specs(&d.wedges).join(" "),
                    );
                }
            }
        };
        let law = self.tariffs_of(d.as_deref(), applies, &describe)?;
        let table = build(law.as_ref())?;
        Ok(Warned {
            table,
            warnings: warnings.into_inner(),
        })
    }

    // ---- the commands ------------------------------------------------

    /// A price run (`autopact price`), with the tariffs of the law on
    /// `r.law` before the request's own; on a built-in national table when
    /// `r.table` names one.
    pub fn price(&self, r: &PriceRequest) -> Result<Warned> {
        if let Some(name) = &r.table {
            let table = self.national_table(name)?;
            let rates = |date, baseline, opts: &autopact_link::LawOptions| {
                self.national_law_rates(name, date, baseline, opts)
            };
            return crate::frontend::national_price(&table, r, None, &rates);
        }
        if r.law.is_none() && r.law_importer != "USA" {
            return Err(
                anyhow!("--law-importer needs --law DATE").context(Field::new("law_importer"))
            );
        }
        self.with_law_tariffs(
            (&r.law_importer, r.law, &r.law_options()),
            r.applies_to,
            true,
            |law| autopact_report::price::build(&self.mrio, self.leontief()?, r, law),
        )
    }

    /// A built-in national table (`us-bea-2017`, `us-bea-2024`), read once.
    pub fn national_table(&self, name: &str) -> Result<Arc<NationalTable>> {
        if !autopact_data::national::BUILTIN.contains(&name) {
            return Err(anyhow!(
                "{name:?}: give a built-in national table ({})",
                autopact_data::national::BUILTIN.join(", ")
            )
            .context(Field::new("table")));
        }
        Ok(self.national.get_or(name.to_string(), || {
            autopact_data::national::open_national(name)
        })?)
    }

    /// A jobs run (`autopact jobs`), with the US tariffs of the law on
    /// `r.law` before the request's own.
    pub fn jobs(&self, r: &JobsRequest) -> Result<Warned> {
        let needs =
            |field: &'static str, what: &str| Err(anyhow!("{what}").context(Field::new(field)));
        if r.exporter.is_some() != r.importer.is_some() {
            let missing = if r.exporter.is_some() {
                "importer"
            } else {
                "exporter"
            };
            return needs(missing, "give --exporter and --importer together");
        }
        if r.origin.is_some() && r.consumer.is_none() {
            return needs("consumer", "--origin needs --consumer");
        }
        self.with_law_tariffs(
            ("USA", r.law, &r.law_options()),
            r.applies_to,
            false,
            |law| autopact_report::jobs::build(&self.mrio, self.leontief()?, r, law),
        )
    }

    /// A contribution question (`autopact contribution`): the tariffs of
    /// its `law` or `scenario` (a file) fetched here, the rest by
    /// [`autopact_report::contribution::build`].
    pub fn contribution(
        &self,
        r: &ContributionRequest,
    ) -> Result<autopact_report::contribution::Contribution> {
        autopact_report::contribution::build(&self.mrio, self.leontief()?, r, || {
            if let Some(date) = r.law {
                return self
                    .law_tariffs(&r.to, date, r.applies_to)
                    .context(Field::new("law"));
            }
            let path = r
                .scenario
                .as_deref()
                .expect("called with a scenario or a law");
            let text = autopact_data::read_text(path)?;
            let base = crate::frontend::scenario_folder(Path::new(path));
            self.scenario_tariffs(path, &text, Some(base))
        })
    }

    /// Effective tariff rates from the law on real trade (`autopact
    /// wedges`): on `r.date` by line, sector or measure, or the monthly
    /// series — reconciled with `collected` duties (read by the front end:
    /// a file, the request's text or `published`) when given.
    pub fn wedges(
        &self,
        r: &WedgesRequest,
        collected: Option<CollectedDuties>,
    ) -> Result<WedgesOutput> {
        let importer = r.importer.clone().unwrap_or_else(|| "USA".into());
        if !r.series {
            if collected.is_some() {
                return Err(anyhow!("--collected needs --series").context(Field::new("collected")));
            }
            let Some(date) = r.date else {
                return Err(anyhow!("give the entry date (YYYY-MM-DD), or --series")
                    .context(Field::new("date")));
            };
            let d = self.law_wedges(&importer, date, r.origin.as_deref(), &r.law_options())?;
            let (table, warnings) = autopact_report::wedges::table(&self.mrio, &d, r.by);
            return Ok(WedgesOutput {
                table,
                warnings,
                chart: None,
            });
        }
        if r.date.is_some() || r.weights.is_some() {
            return Err(anyhow!(
                "the series uses each month's own weights on the 15th of the month: leave out --date and --weights"
            )
            .context(Field::new("series")));
        }
        let exporters: Vec<String> = match &r.origin {
            Some(o) if self.mrio.regions().iter().any(|x| x == o) => vec![o.clone()],
            Some(o) => {
                return Err(anyhow!(
                    "--series takes a table region as --origin (e.g. CAN), not {o:?}"
                )
                .context(Field::new("origin")));
            }
            None => vec!["CAN".into(), "MEX".into()],
        };
        let series = self.wedge_series(
            &importer,
            r.origin.as_deref(),
            &exporters,
            &r.law_options(),
            true,
        )?;
        let m = &self.mrio;
        Ok(match collected {
            Some(c) => {
                let (table, warnings) =
                    autopact_report::wedges::reconciliation(m, &series, &c.duties, &c.source);
                let chart = autopact_report::wedges::reconciliation_chart(&series, &c.duties);
                WedgesOutput {
                    table,
                    warnings,
                    chart: Some(chart),
                }
            }
            None => {
                let (table, warnings) =
                    autopact_report::wedges::series(m, &series, autopact_data::trade::TRADE_SOURCE);
                WedgesOutput {
                    table,
                    warnings,
                    chart: None,
                }
            }
        })
    }

    /// The overview (`autopact overview`): sections 1–4 on the table,
    /// section 5 the law in force on its date, section 6 the vehicle costs
    /// on current data (a failure of 5 or 6 is said on the page).
    pub fn overview(&self, r: &OverviewRequest) -> Result<Overview> {
        let l = self.leontief()?;
        let law = |t: &mut Table, text: &mut String, focus: &Focus| {
            autopact_report::overview::law_section(
                &self.mrio,
                l,
                t,
                text,
                focus,
                self.overview_law(),
            )
        };
        let mut page = autopact_report::overview::build(&self.mrio, l, r, Some(&law))?;
        let date: NaiveDate = autopact_report::overview::LAW_DATE
            .parse()
            .expect("a valid date");
        let costs = self.current_vehicle_costs(date);
        autopact_report::overview::current_data_section(
            &mut page,
            costs.as_deref().map_err(|e| format!("{e:#}")),
            &crate::frontend::current_label(date),
            crate::frontend::CURRENT_TABLE,
        )?;
        Ok(page)
    }

    // ---- scenarios ---------------------------------------------------

    /// Parses and resolves a scenario text to run on this session's table
    /// (its `[table]` must be `source = "default"` on the built-in table,
    /// or pin this table's sha256). `field` names the text in errors (the
    /// request field; `FIELD.toml` in locations). `from_law` tariffs come
    /// from the session's law and the shipped trade months; a weights file
    /// the scenario names is refused. Cached by the text alone (the field
    /// only words errors, which are not cached): the Compare view's diff,
    /// runs and landed cost share one resolution of each side.
    pub fn resolve_scenario(
        &self,
        field: &'static str,
        text: &str,
    ) -> Result<Arc<ResolvedScenario>> {
        self.resolved
            .get_or(text.to_string(), || self.resolve_anew(field, text))
    }

    fn resolve_anew(&self, field: &'static str, text: &str) -> Result<ResolvedScenario> {
        let bad = |e: anyhow::Error| e.context(Field::new(field));
        let name = format!("{field}.toml");
        let spec = autopact_scenario::parse(&name, text).map_err(|e| bad(e.into()))?;
        let sha = self.mrio.provenance().sha256.clone().unwrap_or_default();
        let source = spec.table.source.get_ref();
        let pinned_to_ours = spec
            .table
            .sha256
            .as_ref()
            .is_some_and(|p| p.get_ref().eq_ignore_ascii_case(&sha));
        if !(source == "default" && self.is_default || pinned_to_ours) {
            return Err(bad(anyhow!(
                "this server runs scenarios on its own table ({}, sha256 {sha}); set [table] source = \"default\"{} or pin sha256 = \"{sha}\"",
                self.mrio.provenance().name,
                if self.is_default {
                    ""
                } else {
                    " on a server started with the built-in table,"
                }
            )));
        }
        let law = self.scenario_law(None);
        autopact_scenario::resolve_with_law(&spec, &name, text, &self.mrio, &sha, &law)
            .map_err(|e| bad(e.into()))
    }

    /// Runs a resolved scenario on this session's table, after checking
    /// that it was resolved against this table (its sectors and regions
    /// are indices into the table it was resolved on).
    pub fn run_scenario(
        &self,
        resolved: &ResolvedScenario,
    ) -> Result<autopact_scenario::ScenarioRun> {
        let sha = self.mrio.provenance().sha256.as_deref().unwrap_or_default();
        if !resolved.table_sha256.eq_ignore_ascii_case(sha) {
            return Err(anyhow!(
                "scenario {:?} was resolved against table {} (sha256 {}), not this session's {} (sha256 {sha})",
                resolved.name,
                resolved.table_name,
                resolved.table_sha256,
                self.mrio.provenance().name
            ));
        }
        autopact_scenario::run(&self.mrio, self.leontief()?, resolved)
            .context("the scenario's model run failed")
    }
}

/// Scenarios' `from_law` entries derived through a session's law and
/// cache ([`autopact_scenario::LawProvider`]): a scenario on the law of
/// 2025-10-01 and a request for that date share one derivation.
pub(crate) struct SessionLaw<'a> {
    session: &'a Session,
    base: Option<&'a Path>,
}

impl autopact_scenario::LawProvider for SessionLaw<'_> {
    fn rates(
        &self,
        importer: &str,
        exporters: &[String],
        sectors: &[String],
        src: &autopact_scenario::spec::LawSource,
    ) -> std::result::Result<autopact_scenario::LawRates, String> {
        let (date, opts) = autopact_data::wedges::scenario_law_options(src, self.base)?;
        let d = self
            .session
            .link_wedges(importer, date, None, &opts)
            .map_err(|e| e.to_string())?;
        let (rates, derivation) =
            autopact_link::scenario_rates(&d, exporters, sectors).map_err(|e| e.to_string())?;
        Ok(autopact_scenario::LawRates { rates, derivation })
    }
}

/// A data error, naming the field it is about when it knows
/// ([`autopact_data::DataError::field`]).
fn data_error(e: autopact_data::DataError) -> anyhow::Error {
    match e.field() {
        Some(field) => anyhow!("{e}").context(Field::new(field)),
        None => anyhow::Error::new(e),
    }
}

/// The link's errors name the field they are about ([`LinkError::about`]).
fn link_error(e: &LinkError) -> anyhow::Error {
    let err = anyhow!("{e}");
    match e.about() {
        Some(field) => err.context(Field::new(field.name())),
        None => err,
    }
}

/// Collected duties to reconcile the law's series with, and the words
/// naming their source.
pub struct CollectedDuties {
    /// The duties by exporter and month.
    pub duties: Vec<Collected>,
    /// Where they come from (a file, the request, Census as published).
    pub source: String,
}

impl CollectedDuties {
    /// Reads a collected-duties file, or `published` (the shipped Census
    /// figures), against `m`'s regions.
    pub fn from_file(file: &str, m: &Mrio) -> Result<Self> {
        Ok(CollectedDuties {
            duties: autopact_data::collected::collected_from(file, None, m.regions())?,
            source: autopact_data::collected::describe_source(file),
        })
    }
}

/// A table and the warnings its derivation raised.
pub struct Warned {
    /// The result.
    pub table: Table,
    /// Counted warnings about the derivation (for stderr, or Python warnings).
    pub warnings: Vec<String>,
}

/// The result of `autopact wedges`.
pub struct WedgesOutput {
    /// The table: by line, sector or measure on a date; the monthly
    /// series; or the series reconciled with collected duties.
    pub table: Table,
    /// Counted warnings.
    pub warnings: Vec<String>,
    /// With collected duties: the model's and the collected rates by month.
    pub chart: Option<LineChart>,
}

/// The last [`CACHE_ENTRIES`] results, keyed by the request's inputs
/// written out (`Debug` of the options); the oldest goes first.
struct Cache<V>(Mutex<Vec<(String, Arc<V>)>>);

impl<V> Cache<V> {
    fn new() -> Self {
        Cache(Mutex::new(Vec::new()))
    }

    /// The cached value of `key`, or `make()`'s (cached when it is `Ok`).
    fn get_or<E>(&self, key: String, make: impl FnOnce() -> Result<V, E>) -> Result<Arc<V>, E> {
        if let Some(v) = self
            .lock()
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.clone())
        {
            return Ok(v);
        }
        // Computed outside the lock: two requests for a new key at once
        // both compute it (the same value), rather than one waiting on
        // the other while holding every other key's requests.
        let v = Arc::new(make()?);
        let mut c = self.lock();
        if !c.iter().any(|(k, _)| *k == key) {
            if c.len() >= CACHE_ENTRIES {
                c.remove(0);
            }
            c.push((key, v.clone()));
        }
        Ok(v)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<(String, Arc<V>)>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn default_session() -> Session {
        Session::open("default", &Default::default()).unwrap()
    }

    fn field(e: &anyhow::Error) -> Option<&'static str> {
        Field::of(e).map(|f| f.name)
    }

    /// What clap checks for the command line is refused here too, naming
    /// the field, for the front ends without clap.
    #[test]
    fn what_clap_checks_is_checked_for_other_front_ends() {
        let s = default_session();
        let req = |v: serde_json::Value| -> JobsRequest { serde_json::from_value(v).unwrap() };
        let e = s.jobs(&req(serde_json::json!({"exporter": "CAN"}))).err();
        assert_eq!(field(&e.unwrap()), Some("importer"));
        let e = s.jobs(&req(serde_json::json!({"origin": "CAN"}))).err();
        assert_eq!(field(&e.unwrap()), Some("consumer"));
        let w: WedgesRequest = serde_json::from_value(serde_json::json!({"by": "sector"})).unwrap();
        let e = s.wedges(&w, None).err();
        assert_eq!(field(&e.unwrap()), Some("date"));
        let e = crate::frontend::roo_good(
            Some(std::path::Path::new("b.csv")),
            None,
            &[],
            Some("ontario-suv"),
        )
        .err();
        assert_eq!(field(&e.unwrap()), Some("vehicle"));
        let p: PriceRequest =
            serde_json::from_value(serde_json::json!({"law_importer": "CAN"})).unwrap();
        let e = s.price(&p).err();
        assert_eq!(field(&e.unwrap()), Some("law_importer"));
    }

    #[test]
    fn a_contribution_takes_its_tariffs_one_way() {
        let s = default_session();
        let r: ContributionRequest = serde_json::from_value(serde_json::json!({
            "from": "CAN", "to": "USA", "tariff": "USA:CAN:c15:25%", "law": "2025-10-01"
        }))
        .unwrap();
        let e = s.contribution(&r).err().unwrap();
        assert_eq!(field(&e), Some("law"));
        let r: ContributionRequest = serde_json::from_value(serde_json::json!({
            "from": "CAN", "to": "USA", "tariff": "USA:CAN:c15:25%", "view": "summary"
        }))
        .unwrap();
        let c = s.contribution(&r).unwrap();
        assert_eq!(
            c.view(r.view)
                .meta
                .iter()
                .find(|(k, _)| k == "tariffs")
                .map(|x| x.1.as_str()),
            Some("--tariff USA:CAN:c15:25%")
        );
    }

    /// The law's wedges are derived once per key: a second request for
    /// the same date and options is the same `Arc`, another date is not.
    #[test]
    fn the_laws_wedges_are_derived_once_per_key() {
        let s = default_session();
        let date: NaiveDate = "2025-10-01".parse().unwrap();
        let a = s
            .law_wedges("USA", date, None, &Default::default())
            .unwrap();
        let b = s
            .law_wedges("USA", date, None, &Default::default())
            .unwrap();
        assert!(Arc::ptr_eq(&a, &b));
        let c = s
            .law_wedges(
                "USA",
                "2025-06-01".parse().unwrap(),
                None,
                &Default::default(),
            )
            .unwrap();
        assert!(!Arc::ptr_eq(&a, &c));
        assert!(!s.is_factored(), "deriving wedges needs no factorisation");
    }

    /// A law date before every shipped trade month is about the date,
    /// not the weights; an unshipped weights month is about the weights.
    #[test]
    fn a_date_before_the_trade_data_names_the_date() {
        let s = default_session();
        let early: NaiveDate = "2024-06-01".parse().unwrap();
        let e = s
            .law_wedges("USA", early, None, &Default::default())
            .unwrap_err();
        assert_eq!(field(&e), Some("date"), "{e:#}");
        assert!(format!("{e:#}").contains("no shipped trade month on or before"));
        let o = LawOptions {
            weights: Some("2019-01".into()),
            ..Default::default()
        };
        let e = s
            .law_wedges("USA", "2025-10-01".parse().unwrap(), None, &o)
            .unwrap_err();
        assert_eq!(field(&e), Some("weights"), "{e:#}");
    }

    /// A scenario resolved against one table is refused on another: its
    /// sector and region indices belong to the table it was resolved on.
    #[test]
    fn a_scenario_runs_only_on_the_table_it_was_resolved_against() {
        let s = default_session();
        let text = "schema_version = 1\nname = \"t\"\n[table]\nsource = \"default\"\n[[tariff]]\nimporter = \"USA\"\nexporter = \"CAN\"\nsectors = [\"c15\"]\nrate = 0.25\napplies_to = \"both\"\n";
        let resolved = s.resolve_scenario("scenario", text).unwrap();
        assert!(s.run_scenario(&resolved).is_ok());
        let mut other = (*resolved).clone();
        other.table_sha256 = "0".repeat(64);
        let e = s.run_scenario(&other).unwrap_err();
        assert!(format!("{e}").contains("was resolved against table"), "{e}");
    }
}
