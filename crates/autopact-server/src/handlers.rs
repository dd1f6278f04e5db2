//! One handler per endpoint: JSON body → request type → `autopact_report`
//! on the shared session → the CLI's JSON.

use std::collections::BTreeMap;
use std::sync::Arc;

use autopact_api_types::envelope;
use autopact_api_types::request::{
    DecomposeRequest, InfoRequest, JobsRequest, MultipliersRequest, OverviewRequest, PriceRequest,
    ScenarioDiffRequest, ScenarioLandedCostRequest, ScenarioRunRequest, TivaRequest,
    VaContentRequest,
};
use autopact_core::Table;
use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use crate::Session;
use crate::error::{ApiError, ErrorBody};

type Shared = State<Arc<Session>>;
type Body<T> = Result<Json<T>, JsonRejection>;

/// An `autopact.table/v1` document (the CLI's `--format json`).
#[derive(Debug, Serialize, ToSchema)]
pub struct TableDocument {
    /// Always `autopact.table/v1`.
    pub schema: String,
    /// What the table holds (`va-content`, `price`, …).
    pub kind: String,
    /// Units, provenance, method, data vintage.
    pub meta: BTreeMap<String, String>,
    /// Columns: `{"name", "unit"?}`.
    pub columns: Vec<Value>,
    /// One object per row, keyed by column name.
    pub rows: Vec<Value>,
}

/// `GET /api/health`.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// `ok`.
    pub status: &'static str,
    /// `autopact <version>`.
    pub tool: String,
    /// The table the server holds.
    pub table: String,
    /// Its sha256, when known.
    pub table_sha256: Option<String>,
    /// Regions × sectors.
    pub regions: usize,
    /// Sectors.
    pub sectors: usize,
}

/// Runs `f` on the blocking pool (the solves take milliseconds to seconds)
/// and turns its result into a response; a panic becomes a 500.
pub(crate) async fn compute<T, F>(session: Arc<Session>, f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&Session) -> Result<T, ApiError> + Send + 'static,
{
    tokio::task::spawn_blocking(move || f(&session))
        .await
        .map_err(internal_failure)?
}

/// A computation that panicked (or was cancelled): the panic's text goes to
/// the server's log, the client gets a fixed 500 — a panic message is
/// internal detail (file paths, values), not an answer.
fn internal_failure(e: tokio::task::JoinError) -> ApiError {
    eprintln!("autopact-server: a computation failed: {e}");
    ApiError::internal(
        "the computation failed unexpectedly; this is a bug in autopact (the server's log has the details)",
    )
}

fn table_response(t: &Table) -> Response {
    Json(envelope::table(t)).into_response()
}

async fn table_endpoint<R, F>(state: Shared, body: Body<R>, build: F) -> Result<Response, ApiError>
where
    R: Send + 'static,
    F: FnOnce(&Session, &R) -> anyhow::Result<Table> + Send + 'static,
{
    let Json(req) = body?;
    let t = compute(state.0, move |s| {
        build(s, &req).map_err(|e| ApiError::input(&e))
    })
    .await?;
    Ok(table_response(&t))
}

/// Health and what the server holds.
#[utoipa::path(get, path = "/api/health", responses((status = 200, body = Health)))]
pub async fn health(State(s): Shared) -> Json<Health> {
    let p = s.mrio().provenance();
    Json(Health {
        status: "ok",
        tool: autopact_api_types::tool(),
        table: p.name.clone(),
        table_sha256: p.sha256.clone(),
        regions: s.mrio().n_regions(),
        sectors: s.mrio().n_sectors(),
    })
}

/// The OpenAPI 3.1 document.
pub async fn openapi() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        crate::openapi_json(),
    )
        .into_response()
}

/// What the table holds and how well it balances (`autopact info`).
#[utoipa::path(post, path = "/api/info", request_body = InfoRequest,
    responses((status = 200, body = TableDocument), (status = 422, body = ErrorBody)))]
pub async fn info(state: Shared, body: Body<InfoRequest>) -> Result<Response, ApiError> {
    table_endpoint(state, body, |s, r| {
        Ok(autopact_report::info::build(s.mrio(), r))
    })
    .await
}

/// Output, value-added and satellite multipliers (`autopact multipliers`).
#[utoipa::path(post, path = "/api/multipliers", request_body = MultipliersRequest,
    responses((status = 200, body = TableDocument), (status = 422, body = ErrorBody)))]
pub async fn multipliers(
    state: Shared,
    body: Body<MultipliersRequest>,
) -> Result<Response, ApiError> {
    table_endpoint(state, body, |s, r| {
        autopact_report::multipliers::build(s.mrio(), s.leontief()?, r)
    })
    .await
}

/// Value added in one region's exports to another, by source
/// (`autopact va-content`).
#[utoipa::path(post, path = "/api/va-content", request_body = VaContentRequest,
    responses((status = 200, body = TableDocument), (status = 422, body = ErrorBody)))]
pub async fn va_content(state: Shared, body: Body<VaContentRequest>) -> Result<Response, ApiError> {
    table_endpoint(state, body, |s, r| {
        autopact_report::va_content::build(s.mrio(), s.leontief()?, r)
    })
    .await
}

/// Price effects of tariffs (`autopact price`).
///
/// On the server's table, or on a built-in national table named by `table`.
#[utoipa::path(post, path = "/api/price", request_body = PriceRequest,
    responses((status = 200, body = TableDocument), (status = 422, body = ErrorBody)))]
pub async fn price(state: Shared, body: Body<PriceRequest>) -> Result<Response, ApiError> {
    let Json(req) = body?;
    crate::law::check_weights(&req.law_options())?;
    if let Some(date) = req.law {
        crate::check_law_date(date, &req.law_options())?;
    }
    let t = compute(state.0, move |s| {
        s.price(&req)
            .map(|w| w.table)
            .map_err(|e| ApiError::input(&e))
    })
    .await?;
    Ok(table_response(&t))
}

/// Jobs embodied in trade or final demand, or at stake in tariffs
/// (`autopact jobs`).
#[utoipa::path(post, path = "/api/jobs", request_body = JobsRequest,
    responses((status = 200, body = TableDocument), (status = 422, body = ErrorBody)))]
pub async fn jobs(state: Shared, body: Body<JobsRequest>) -> Result<Response, ApiError> {
    let Json(req) = body?;
    crate::law::check_weights(&req.law_options())?;
    if let Some(date) = req.law {
        crate::check_law_date(date, &req.law_options())?;
    }
    let t = compute(state.0, move |s| {
        s.jobs(&req)
            .map(|w| w.table)
            .map_err(|e| ApiError::input(&e))
    })
    .await?;
    Ok(table_response(&t))
}

/// OECD TiVA indicators (`autopact tiva`).
#[utoipa::path(post, path = "/api/tiva", request_body = TivaRequest,
    responses((status = 200, body = TableDocument), (status = 422, body = ErrorBody)))]
pub async fn tiva(state: Shared, body: Body<TivaRequest>) -> Result<Response, ApiError> {
    table_endpoint(state, body, |s, r| {
        autopact_report::tiva::build(s.mrio(), s.leontief()?, r)
    })
    .await
}

/// Gross exports split into value-added terms (`autopact decompose`).
#[utoipa::path(post, path = "/api/decompose", request_body = DecomposeRequest,
    responses((status = 200, body = TableDocument), (status = 422, body = ErrorBody)))]
pub async fn decompose(state: Shared, body: Body<DecomposeRequest>) -> Result<Response, ApiError> {
    table_endpoint(state, body, |s, r| {
        autopact_report::decompose::build(s.mrio(), s.leontief()?, r)
    })
    .await
}

/// The overview's numbers (`autopact overview --format json`).
#[utoipa::path(post, path = "/api/overview", request_body = OverviewRequest,
    responses((status = 200, body = TableDocument), (status = 422, body = ErrorBody)))]
pub async fn overview(state: Shared, body: Body<OverviewRequest>) -> Result<Response, ApiError> {
    table_endpoint(state, body, |s, r| Ok(s.overview(r)?.table)).await
}

/// A scenario text resolved on the session, errors naming `field`.
fn resolve(
    s: &Session,
    field: &'static str,
    text: &str,
) -> Result<Arc<autopact_scenario::ResolvedScenario>, ApiError> {
    s.resolve_scenario(field, text)
        .map_err(|e| ApiError::input(&e))
}

/// Runs a scenario (`autopact scenario run --format json`): the resolved
/// scenario and its summary, regions and sectors tables.
#[utoipa::path(post, path = "/api/scenario/run", request_body = ScenarioRunRequest,
    responses((status = 200, description = "autopact.scenario-run/v1", body = Object),
              (status = 422, body = ErrorBody)))]
pub async fn scenario_run(
    state: Shared,
    body: Body<ScenarioRunRequest>,
) -> Result<Response, ApiError> {
    let Json(req) = body?;
    let v = compute(state.0, move |s| {
        let resolved = resolve(s, "scenario", &req.scenario)?;
        let run = s.run_scenario(&resolved).map_err(|e| ApiError::input(&e))?;
        let tables = autopact_report::scenario::tables(&run, s.mrio());
        Ok(autopact_report::scenario::run_envelope(&resolved, &tables))
    })
    .await?;
    Ok(Json(v).into_response())
}

/// Landed cost of the reference vehicles under two scenarios (the Compare
/// view): each scenario's wedges on the assembler's inputs, and at the
/// border the duty engine on the law's date (`a_law`, `b_law`) or else the
/// scenario's own wedges — `autopact landed-cost` with two regimes, A first
/// (the baseline of `change`).
#[utoipa::path(post, path = "/api/scenario/landed-cost", request_body = ScenarioLandedCostRequest,
    responses((status = 200, body = TableDocument), (status = 422, body = ErrorBody)))]
pub async fn scenario_landed_cost(
    state: Shared,
    body: Body<ScenarioLandedCostRequest>,
) -> Result<Response, ApiError> {
    let Json(req) = body?;
    let t = compute(state.0, move |s| {
        let vehicles = autopact_report::landed::parse_vehicles(
            req.vehicles
                .as_deref()
                .unwrap_or(autopact_report::landed::DEFAULT_VEHICLES),
        )
        .map_err(|e| ApiError::input(&e))?;
        let regime = |field: &'static str, text: &str, law: Option<autopact_law::NaiveDate>| {
            let resolved = resolve(s, field, text)?;
            Ok::<_, ApiError>(autopact_link::landed::Regime {
                name: format!("{} ({})", field.to_uppercase(), resolved.name),
                border: match law {
                    Some(date) => autopact_link::landed::Border::Law(date),
                    None => autopact_link::landed::Border::Wedges,
                },
                wedges: resolved.wedges(s.mrio()),
                wedges_source: format!("scenario {:?}", resolved.name),
            })
        };
        let regimes = [
            regime("a", &req.a, req.a_law)?,
            regime("b", &req.b, req.b_law)?,
        ];
        let input = |e: anyhow::Error| ApiError::input(&e);
        let (table, _chart) = autopact_report::landed::build(
            s.mrio(),
            s.leontief().map_err(input)?,
            s.law().map_err(input)?,
            s.rules().map_err(input)?,
            &vehicles,
            &regimes,
        )
        .map_err(input)?;
        Ok(table)
    })
    .await?;
    Ok(table_response(&t))
}

/// Compares two scenarios (`autopact scenario diff --format json`).
#[utoipa::path(post, path = "/api/scenario/diff", request_body = ScenarioDiffRequest,
    responses((status = 200, body = TableDocument), (status = 422, body = ErrorBody)))]
pub async fn scenario_diff(
    state: Shared,
    body: Body<ScenarioDiffRequest>,
) -> Result<Response, ApiError> {
    let Json(req) = body?;
    let t = compute(state.0, move |s| {
        let a = resolve(s, "a", &req.a)?;
        let b = resolve(s, "b", &req.b)?;
        let run = |r| s.run_scenario(r).map_err(|e| ApiError::input(&e));
        let (ra, rb) = (run(&a)?, run(&b)?);
        let (assumptions, results) = autopact_report::scenario::diff_tables(&ra, &rb, s.mrio());
        Ok(if req.assumptions {
            assumptions
        } else {
            results
        })
    })
    .await?;
    Ok(table_response(&t))
}

/// 404 as JSON.
pub async fn not_found() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        "no such endpoint; the API is described at /api/openapi.json",
    )
}

/// The response when a limit (timeout, concurrency) trips.
pub async fn limit_error(e: tower::BoxError) -> ApiError {
    let (status, code, message) = crate::limit_status(&e);
    ApiError::new(status, code, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panic_answers_500_without_its_text() {
        let join = tokio::task::spawn_blocking(|| -> u8 { panic!("internal detail /srv/x 42") })
            .await
            .unwrap_err();
        let e = internal_failure(join);
        assert_eq!(e.status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(
            !e.body.message.contains("internal detail"),
            "{}",
            e.body.message
        );
        assert!(e.body.message.contains("bug in autopact"));
    }
}
