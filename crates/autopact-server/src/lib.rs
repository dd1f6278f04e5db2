//! The autopact HTTP JSON API.
//!
//! One process holds one table, its Leontief factorisation and the law
//! (autopact's, plus a user's measure files given to `serve --law DIR`),
//! loaded once and shared read-only by every request ([`Session`]).
//! Each endpoint is a thin shell: JSON body → an
//! [`autopact_api_types::request`] type (the CLI's flags in snake_case) →
//! the same `autopact_report` function the CLI calls → the same JSON as the
//! CLI's `--format json`.
//!
//! Limits (all in [`Limits`]): request body size, a per-request timeout, a
//! cap on requests computed at once (the rest get 503 `overloaded` at
//! once rather than queueing without bound); computations run on tokio's
//! blocking pool so that they never stall the accept loop. The server
//! reads no file a request names: a scenario runs on the server's table,
//! a BOM or cost sheet comes in the body, trade weights are a shipped
//! month.
//!
//! Each request is logged on standard error (method, path, status, time);
//! a panicked computation answers 500 with a fixed message, its text going
//! to the log only.
//!
//! Law-derived wedges are cached per request key ([`Session`]'s
//! `derived`/`series`): the law mode of the dashboard asks four endpoints
//! for the same date at once, and deriving the wedges of one date from a
//! month of line-level trade takes seconds (measured in
//! docs/dashboard.md). The law and the table never change while the
//! server runs, so a cached result is exact; the cache holds the last
//! [`CACHE_ENTRIES`] keys.
//!
//! The OpenAPI 3.1 document is generated from the handlers ([`ApiDoc`]) and
//! served at `/api/openapi.json`.

mod access_log;
mod dashboard;
pub mod error;
mod handlers;
mod law;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use anyhow::Context as _;
use autopact_law::roo::RooRules;
use autopact_law::{LawDb, NaiveDate};
use autopact_link::{Derived, LawOptions, LinkError};
use autopact_mrio::{Leontief, Mrio};
use axum::Router;
use axum::error_handling::HandleErrorLayer;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::routing::{get, post};
use tower::ServiceBuilder;
use utoipa::OpenApi;

pub use error::{ApiError, ErrorBody};

/// What every request shares: the table, its factorisation and the law.
pub struct Session {
    /// The table.
    pub mrio: Mrio,
    /// (I − A) factored once.
    pub leontief: Leontief,
    /// The table is the built-in one (scenarios with `source = "default"`
    /// run on it).
    pub is_default: bool,
    /// The law: autopact's, plus the user's measure files when given.
    pub law: LawDb,
    /// The USMCA rules of origin.
    pub rules: RooRules,
    /// The overview's law section (the US wedges on its date), derived on
    /// first use.
    overview_law: OnceLock<Result<Derived, String>>,
    /// Wedges derived from the law, by request key.
    derived: Cache<Derived>,
    /// Monthly series, by request key.
    series: Cache<autopact_link::Series>,
    /// Resolved scenarios, by their text.
    pub(crate) resolved: Cache<autopact_scenario::ResolvedScenario>,
}

/// How many results of each kind the server keeps.
pub const CACHE_ENTRIES: usize = 24;

/// The last [`CACHE_ENTRIES`] results, keyed by the request's inputs
/// written out (`Debug` of the options); the oldest goes first.
pub(crate) struct Cache<V>(Mutex<Vec<(String, Arc<V>)>>);

impl<V> Cache<V> {
    fn new() -> Self {
        Cache(Mutex::new(Vec::new()))
    }

    /// The cached value of `key`, or `make()`'s (cached when it is `Ok`).
    pub(crate) fn get_or<E>(
        &self,
        key: String,
        make: impl FnOnce() -> Result<V, E>,
    ) -> Result<Arc<V>, E> {
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

impl Session {
    /// Factors `mrio` once, with autopact's built-in law; `is_default`
    /// when it is the built-in table.
    pub fn new(mrio: Mrio, is_default: bool) -> anyhow::Result<Self> {
        Self::with_law(mrio, is_default, LawDb::builtin()?)
    }

    /// As [`Session::new`] with the law `law` (e.g. with a user's measure
    /// files, `serve --law DIR`).
    pub fn with_law(mrio: Mrio, is_default: bool, law: LawDb) -> anyhow::Result<Self> {
        let leontief = autopact_report::factor_for_many_solves(&mrio)?;
        Ok(Session {
            mrio,
            leontief,
            is_default,
            law,
            rules: RooRules::builtin()?,
            overview_law: OnceLock::new(),
            derived: Cache::new(),
            series: Cache::new(),
            resolved: Cache::new(),
        })
    }

    /// The US wedges of the overview's law section, or why there are none.
    pub fn overview_law(&self) -> &Result<Derived, String> {
        self.overview_law.get_or_init(|| {
            let date: NaiveDate = autopact_report::overview::LAW_DATE
                .parse()
                .expect("a valid date");
            autopact_data::wedges::law_wedges(
                &self.mrio,
                "USA",
                date,
                None,
                &LawOptions::default(),
                &self.law,
            )
            .map_err(|e| e.to_string())
        })
    }
}

/// Derives wedges from the server's law, naming the field at fault: the
/// link's errors say which field they are about ([`LinkError::about`]), the
/// data layer's too ([`autopact_data::DataError::field`]), and the server
/// maps that to the JSON key.
pub(crate) fn derive(
    s: &Session,
    importer: &str,
    date: NaiveDate,
    origin: Option<&str>,
    opts: &LawOptions,
) -> Result<Arc<Derived>, ApiError> {
    let bad = |field: &'static str, e: &dyn std::fmt::Display| {
        ApiError::input(&anyhow::anyhow!("{e}").context(autopact_report::Field::new(field)))
    };
    let link_error = |e: &LinkError| match e.about() {
        Some(field) => bad(field.name(), e),
        None => ApiError::input(&anyhow::anyhow!("{e}")),
    };
    autopact_link::importer_country(importer).map_err(|e| link_error(&e))?;
    s.mrio
        .region_index(importer)
        .map_err(|e| bad("importer", &e))?;
    opts.assumptions().map_err(|e| link_error(&e))?;
    if opts.weights.is_none() {
        // A date before the first shipped trade month: the nearest date
        // with data, as a value the client can send back.
        let months = autopact_data::trade::shipped_months();
        let month = date.format("%Y-%m").to_string();
        if let Some(first) = months.first()
            && month.as_str() < *first
        {
            let nearest = format!("{first}-15");
            return Err(ApiError::input(
                &anyhow::anyhow!(
                    "there are no US import data for {date}: the shipped months run from {first} to {}; the nearest date with data is {nearest}",
                    months.last().unwrap_or(first)
                )
                .context(autopact_report::Field::new("date")),
            )
            .suggest(nearest));
        }
    }
    let key = format!("{importer}|{date}|{origin:?}|{opts:?}");
    s.derived
        .get_or(key, || {
            autopact_data::wedges::law_wedges(&s.mrio, importer, date, origin, opts, &s.law)
        })
        .map_err(|e| match e.field() {
            Some(field) => bad(field, &e),
            None => ApiError::input(&anyhow::anyhow!("{e}")),
        })
}

/// The monthly series of the law's wedges, day-weighted (cached like
/// [`derive`]).
pub(crate) fn series(
    s: &Session,
    importer: &str,
    origin: Option<&str>,
    exporters: &[String],
    opts: &LawOptions,
) -> autopact_data::Result<Arc<autopact_link::Series>> {
    // The day-weighted series has the same rows plus each month's timing
    // term: one computation serves the plain series (the time view) and
    // the reconciliation (the collected-duties card), which the dashboard
    // asks for one after the other.
    let key = format!("{importer}|{origin:?}|{exporters:?}|{opts:?}");
    s.series.get_or(key, || {
        autopact_data::wedges::wedge_series(
            &s.mrio, importer, origin, exporters, opts, &s.law, true,
        )
    })
}

/// The server's limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest request body, bytes.
    pub body_bytes: usize,
    /// Longest a request may take.
    pub timeout: Duration,
    /// Requests computed at once; more get 503 `overloaded`.
    pub concurrency: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            body_bytes: 8 << 20,
            timeout: Duration::from_secs(60),
            concurrency: 64,
        }
    }
}

/// The OpenAPI document of the API.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "autopact",
        description = "How deeply the North American auto industries are woven together, and what tariffs do to them. Every tabular response is an autopact.table/v1 document, the same JSON as the CLI's --format json."
    ),
    paths(
        handlers::health,
        handlers::info,
        handlers::multipliers,
        handlers::va_content,
        handlers::price,
        handlers::jobs,
        handlers::tiva,
        handlers::decompose,
        handlers::overview,
        handlers::scenario_run,
        handlers::scenario_diff,
        handlers::scenario_landed_cost,
        law::duty,
        law::roo,
        law::wedges,
        law::events,
        dashboard::scenarios,
    ),
    components(schemas(
        ErrorBody,
        handlers::TableDocument,
        handlers::Health,
        law::LawEvents,
        law::LawEvent
    ))
)]
pub struct ApiDoc;

/// The OpenAPI 3.1 document as pretty JSON.
pub fn openapi_json() -> String {
    ApiDoc::openapi()
        .to_pretty_json()
        .expect("the OpenAPI document serialises")
}

/// The application: every route with its limits.
pub fn app(session: Arc<Session>, limits: Limits) -> Router {
    let api = Router::new()
        .route("/api/health", get(handlers::health))
        .route("/api/openapi.json", get(handlers::openapi))
        .route("/api/info", post(handlers::info))
        .route("/api/multipliers", post(handlers::multipliers))
        .route("/api/va-content", post(handlers::va_content))
        .route("/api/price", post(handlers::price))
        .route("/api/jobs", post(handlers::jobs))
        .route("/api/tiva", post(handlers::tiva))
        .route("/api/decompose", post(handlers::decompose))
        .route("/api/overview", post(handlers::overview))
        .route("/api/scenario/run", post(handlers::scenario_run))
        .route("/api/scenario/diff", post(handlers::scenario_diff))
        .route(
            "/api/scenario/landed-cost",
            post(handlers::scenario_landed_cost),
        )
        .route("/api/duty", post(law::duty))
        .route("/api/roo", post(law::roo))
        .route("/api/wedges", post(law::wedges))
        .route("/api/law/events", get(law::events))
        .merge(dashboard::routes())
        .fallback(handlers::not_found)
        .with_state(session);
    api.layer(DefaultBodyLimit::max(limits.body_bytes))
        .layer(
            ServiceBuilder::new()
                .layer(HandleErrorLayer::new(handlers::limit_error))
                .load_shed()
                // One semaphore for the whole API: `Router::layer` wraps each
                // route on its own, and a plain concurrency limit would give
                // every route its own count.
                .layer(tower::limit::GlobalConcurrencyLimitLayer::new(
                    limits.concurrency,
                ))
                .timeout(limits.timeout),
        )
        // Outermost, so that refusals by the limits are logged too.
        .layer(axum::middleware::from_fn(access_log::log_request))
}

/// Binds `addr` (port 0 picks a free port; read it from `local_addr`).
pub async fn bind(addr: SocketAddr) -> anyhow::Result<tokio::net::TcpListener> {
    tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr}"))
}

/// Serves on an already bound listener until SIGINT or SIGTERM.
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    session: Arc<Session>,
    limits: Limits,
) -> anyhow::Result<()> {
    axum::serve(listener, app(session, limits))
        .with_graceful_shutdown(shutdown_signal())
        .await
        .context("server error")
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}

/// Maps a status to the error returned when a limit trips.
pub(crate) fn limit_status(e: &tower::BoxError) -> (StatusCode, &'static str, String) {
    if e.is::<tower::timeout::error::Elapsed>() {
        (
            StatusCode::GATEWAY_TIMEOUT,
            "timeout",
            "the request took longer than the server allows".into(),
        )
    } else if e.is::<tower::load_shed::error::Overloaded>() {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            "overloaded",
            "the server is computing as many requests as it allows; retry shortly".into(),
        )
    } else {
        (StatusCode::INTERNAL_SERVER_ERROR, "internal", e.to_string())
    }
}
