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
//! Law-derived wedges, series and resolved scenarios are cached by the
//! session per request key: the law mode of the dashboard asks four
//! endpoints for the same date at once, and deriving the wedges of one
//! date from a month of line-level trade takes seconds (measured in
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
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use autopact_law::NaiveDate;
use autopact_mrio::Mrio;
use axum::Router;
use axum::error_handling::HandleErrorLayer;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::routing::{get, post};
use tower::ServiceBuilder;
use utoipa::OpenApi;

pub use error::{ApiError, ErrorBody};

/// What every request shares: the table, its factorisation, the law and
/// the caches — the same [`autopact::Session`] the CLI and the Python
/// package use, factored for many solves before the server listens.
pub use autopact::Session;

/// How many results of each kind the server keeps.
pub use autopact::session::CACHE_ENTRIES;

/// A session for a server: `mrio` factored now for many solves, with
/// autopact's law and rules of origin read now (a server pays for them
/// before it listens); `is_default` when it is the built-in table. Give
/// it a user's measure files (`serve --law DIR`) with
/// [`Session::with_law`].
pub fn session(mrio: Mrio, is_default: bool) -> anyhow::Result<Session> {
    let s = Session::new(mrio)
        .built_in_table(is_default)
        .solves(autopact::Solves::Many)
        .factored()?;
    s.law()?;
    s.rules()?;
    Ok(s)
}

/// Refuses, naming `date`, a law date before the first shipped trade
/// month, suggesting the nearest date with data (a value the client can
/// send back). Requests that name their own weights month are left to
/// the session.
pub(crate) fn check_law_date(
    date: NaiveDate,
    opts: &autopact_api_types::request::LawOptions,
) -> Result<(), ApiError> {
    if opts.weights.is_some() {
        return Ok(());
    }
    let months = autopact_data::trade::shipped_months();
    let month = date.format("%Y-%m").to_string();
    match months.first() {
        Some(first) if month.as_str() < *first => {
            let nearest = format!("{first}-15");
            Err(ApiError::input(
                &anyhow::anyhow!(
                    "there are no US import data for {date}: the shipped months run from {first} to {}; the nearest date with data is {nearest}",
                    months.last().unwrap_or(first)
                )
                .context(autopact_report::Field::new("date")),
            )
            .suggest(nearest))
        }
        _ => Ok(()),
    }
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
