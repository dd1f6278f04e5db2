//! One handler per endpoint: JSON body → request type → `autopact_report`
//! on the shared session → the CLI's JSON.

use std::collections::BTreeMap;
use std::sync::Arc;

use anyhow::Context as _;
use autopact_api_types::envelope;
use autopact_api_types::request::{
    DecomposeRequest, InfoRequest, JobsRequest, MultipliersRequest, OverviewRequest, PriceRequest,
    ScenarioDiffRequest, ScenarioLandedCostRequest, ScenarioRunRequest, TivaRequest,
    VaContentRequest,
};
use autopact_core::Table;
use autopact_report::Field;
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
    let p = s.mrio.provenance();
    Json(Health {
        status: "ok",
        tool: autopact_api_types::tool(),
        table: p.name.clone(),
        table_sha256: p.sha256.clone(),
        regions: s.mrio.n_regions(),
        sectors: s.mrio.n_sectors(),
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
        Ok(autopact_report::info::build(&s.mrio, r))
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
        autopact_report::multipliers::build(&s.mrio, &s.leontief, r)
    })
    .await
}

/// Value added in one region's exports to another, by source
/// (`autopact va-content`).
#[utoipa::path(post, path = "/api/va-content", request_body = VaContentRequest,
    responses((status = 200, body = TableDocument), (status = 422, body = ErrorBody)))]
pub async fn va_content(state: Shared, body: Body<VaContentRequest>) -> Result<Response, ApiError> {
    table_endpoint(state, body, |s, r| {
        autopact_report::va_content::build(&s.mrio, &s.leontief, r)
    })
    .await
}

/// Price effects of tariffs (`autopact price`).
#[utoipa::path(post, path = "/api/price", request_body = PriceRequest,
    responses((status = 200, body = TableDocument), (status = 422, body = ErrorBody)))]
pub async fn price(state: Shared, body: Body<PriceRequest>) -> Result<Response, ApiError> {
    if let Ok(Json(r)) = &body {
        crate::law::check_weights(&r.law_options())?;
    }
    let Json(req) = body?;
    if let Some(name) = req.table.clone() {
        let t = compute(state.0, move |s| national_price(s, &name, &req)).await?;
        return Ok(table_response(&t));
    }
    let t = compute(state.0, move |s| {
        let derived = derive_law(s, &req.law_importer, req.law, &req.law_options())?;
        let applies = autopact_report::labels::applies_to(req.applies_to);
        let describe = |t: &mut Table| {
            if let Some(d) = &derived {
                autopact_report::wedges::describe(t, d);
                t.meta(
                    "tariffs_from_law",
                    autopact_link::tariff_specs(&d.wedges).join(" "),
                );
            }
        };
        let law = law_tariffs(s, derived.as_deref(), applies, &describe)?;
        autopact_report::price::build(&s.mrio, &s.leontief, &req, law.as_ref())
            .map_err(|e| ApiError::input(&e))
    })
    .await?;
    Ok(table_response(&t))
}

/// A built-in national table, read once per process.
fn national_table(name: &str) -> Result<&'static autopact_mrio::national::NationalTable, ApiError> {
    use std::sync::OnceLock;
    static TABLES: [OnceLock<Result<autopact_mrio::national::NationalTable, String>>; 2] =
        [OnceLock::new(), OnceLock::new()];
    let bad = |m: String| {
        ApiError::input(&anyhow::anyhow!(m).context(autopact_report::Field::new("table")))
    };
    let Some(k) = autopact_data::national::BUILTIN
        .iter()
        .position(|b| *b == name)
    else {
        return Err(bad(format!(
            "{name:?}: the API runs on the server's table or a built-in national table ({})",
            autopact_data::national::BUILTIN.join(", ")
        )));
    };
    TABLES[k]
        .get_or_init(|| autopact_data::national::open_national(name).map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| ApiError::internal(e.clone()))
}

/// `price` on a built-in national table: τ from the law (against the
/// baseline) and/or `commodity_tariff`, through the national model.
fn national_price(s: &Session, name: &str, req: &PriceRequest) -> Result<Table, ApiError> {
    let table = national_table(name)?;
    let input = |e: anyhow::Error| ApiError::input(&e);
    if !req.tariff.is_empty() {
        return Err(input(
            anyhow::anyhow!(
                "IMPORTER:EXPORTER:SECTORS:RATE tariffs are for the server's table: on a national table give commodity_tariff (CODE:RATE) or law"
            )
            .context(autopact_report::Field::new("tariff")),
        ));
    }
    let mut tau = vec![0.0; table.commodities().len()];
    let mut derived = None;
    if let Some(date) = req.law {
        crate::law::check_weights(&req.law_options())?;
        let opts = autopact_report::wedges::link_options(&req.law_options());
        let lr = autopact_data::national::law_rates(table, date, req.baseline, &opts, &s.law)
            .map_err(|e| {
                input(anyhow::anyhow!("{e}").context(autopact_report::Field::new("law")))
            })?;
        tau = lr.rates.tau(table.commodities());
        derived = Some(lr.derived);
    } else if req.commodity_tariff.is_empty() {
        return Err(input(
            anyhow::anyhow!("give commodity_tariff (CODE:RATE) or law")
                .context(autopact_report::Field::new("commodity_tariff")),
        ));
    }
    autopact_report::national::commodity_tariffs(&req.commodity_tariff, table, &mut tau)
        .map_err(input)?;
    let mut t = autopact_report::national::price(table, req, &tau).map_err(input)?;
    if let Some(d) = &derived {
        autopact_report::wedges::describe(&mut t, d);
        t.meta("baseline", req.baseline.to_string());
    }
    Ok(t)
}

/// The law-to-economy derivation of a price or jobs request that names a
/// law date (`law`), for imports into `importer`.
fn derive_law(
    s: &Session,
    importer: &str,
    law: Option<autopact_law::NaiveDate>,
    options: &autopact_api_types::request::LawOptions,
) -> Result<Option<Arc<autopact_link::Derived>>, ApiError> {
    law.map(|date| {
        crate::derive(
            s,
            importer,
            date,
            None,
            &autopact_report::wedges::link_options(options),
        )
    })
    .transpose()
}

/// The law-derived tariffs of a price or jobs request.
fn law_tariffs<'a>(
    s: &Session,
    derived: Option<&autopact_link::Derived>,
    applies: autopact_mrio::AppliesTo,
    describe: &'a dyn Fn(&mut Table),
) -> Result<Option<autopact_report::LawTariffs<'a>>, ApiError> {
    derived
        .map(|d| {
            Ok(autopact_report::LawTariffs {
                wedges: autopact_link::to_tariffs(&s.mrio, &d.wedges, applies)
                    .map_err(|e| ApiError::input(&anyhow::anyhow!(e)))?,
                describe,
            })
        })
        .transpose()
}

/// Jobs embodied in trade or final demand, or at stake in tariffs
/// (`autopact jobs`).
#[utoipa::path(post, path = "/api/jobs", request_body = JobsRequest,
    responses((status = 200, body = TableDocument), (status = 422, body = ErrorBody)))]
pub async fn jobs(state: Shared, body: Body<JobsRequest>) -> Result<Response, ApiError> {
    if let Ok(Json(r)) = &body {
        crate::law::check_weights(&r.law_options())?;
    }
    let Json(req) = body?;
    let t = compute(state.0, move |s| {
        let derived = derive_law(s, "USA", req.law, &req.law_options())?;
        let applies = autopact_report::labels::applies_to(req.applies_to);
        let describe = |t: &mut Table| {
            if let Some(d) = &derived {
                autopact_report::wedges::describe(t, d);
            }
        };
        let law = law_tariffs(s, derived.as_deref(), applies, &describe)?;
        jobs_table(s, &req, law.as_ref()).map_err(|e| ApiError::input(&e))
    })
    .await?;
    Ok(table_response(&t))
}

fn jobs_table(
    s: &Session,
    r: &JobsRequest,
    law: Option<&autopact_report::LawTariffs<'_>>,
) -> anyhow::Result<Table> {
    {
        if r.tariff.is_empty() && r.law.is_none() && r.exporter.is_some() != r.importer.is_some() {
            let missing = if r.exporter.is_some() {
                "importer"
            } else {
                "exporter"
            };
            return Err(
                anyhow::anyhow!("give exporter and importer together").context(Field::new(missing))
            );
        }
        autopact_report::jobs::build(&s.mrio, &s.leontief, r, law)
    }
}

/// OECD TiVA indicators (`autopact tiva`).
#[utoipa::path(post, path = "/api/tiva", request_body = TivaRequest,
    responses((status = 200, body = TableDocument), (status = 422, body = ErrorBody)))]
pub async fn tiva(state: Shared, body: Body<TivaRequest>) -> Result<Response, ApiError> {
    table_endpoint(state, body, |s, r| {
        autopact_report::tiva::build(&s.mrio, &s.leontief, r)
    })
    .await
}

/// Gross exports split into value-added terms (`autopact decompose`).
#[utoipa::path(post, path = "/api/decompose", request_body = DecomposeRequest,
    responses((status = 200, body = TableDocument), (status = 422, body = ErrorBody)))]
pub async fn decompose(state: Shared, body: Body<DecomposeRequest>) -> Result<Response, ApiError> {
    table_endpoint(state, body, |s, r| {
        autopact_report::decompose::build(&s.mrio, &s.leontief, r)
    })
    .await
}

/// The overview's numbers (`autopact overview --format json`).
#[utoipa::path(post, path = "/api/overview", request_body = OverviewRequest,
    responses((status = 200, body = TableDocument), (status = 422, body = ErrorBody)))]
pub async fn overview(state: Shared, body: Body<OverviewRequest>) -> Result<Response, ApiError> {
    table_endpoint(state, body, |s, r| {
        let derived = s.overview_law();
        let law = |t: &mut Table, text: &mut String, focus: &autopact_report::overview::Focus| {
            autopact_report::overview::law_section(
                &s.mrio,
                &s.leontief,
                t,
                text,
                focus,
                derived.as_ref().map_err(String::as_str),
            )
        };
        Ok(autopact_report::overview::build(&s.mrio, &s.leontief, r, Some(&law))?.table)
    })
    .await
}

/// Parses and resolves a scenario text against the server's table.
fn resolve(
    s: &Session,
    field: &'static str,
    text: &str,
) -> Result<Arc<autopact_scenario::ResolvedScenario>, ApiError> {
    // Resolved scenarios are cached by their text: the dashboard's compare
    // view resolves each side twice (diff and run), and a `from_law`
    // scenario derives the law's wedges when it is resolved.
    s.resolved
        .get_or(text.to_string(), || resolve_anew(s, field, text))
}

fn resolve_anew(
    s: &Session,
    field: &'static str,
    text: &str,
) -> Result<autopact_scenario::ResolvedScenario, ApiError> {
    let bad = |e: anyhow::Error| ApiError::input(&e.context(Field::new(field)));
    let name = format!("{field}.toml");
    let spec = autopact_scenario::parse(&name, text).map_err(|e| bad(e.into()))?;
    let sha = s.mrio.provenance().sha256.clone().unwrap_or_default();
    let source = spec.table.source.get_ref();
    let pinned_to_ours = spec
        .table
        .sha256
        .as_ref()
        .is_some_and(|p| p.get_ref().eq_ignore_ascii_case(&sha));
    if !(source == "default" && s.is_default || pinned_to_ours) {
        return Err(bad(anyhow::anyhow!(
            "this server runs scenarios on its own table ({}, sha256 {sha}); set [table] source = \"default\"{} or pin sha256 = \"{sha}\"",
            s.mrio.provenance().name,
            if s.is_default {
                ""
            } else {
                " on a server started with the built-in table,"
            }
        )));
    }
    // `from_law` tariffs come from the server's law and the shipped trade
    // months; `base: None` refuses a weights file the scenario names.
    let law = autopact_data::wedges::ScenarioLaw {
        mrio: &s.mrio,
        base: None,
        db: Some(&s.law),
    };
    autopact_scenario::resolve_with_law(&spec, &name, text, &s.mrio, &sha, &law)
        .map_err(|e| bad(e.into()))
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
        let run = autopact_scenario::run(&s.mrio, &s.leontief, &resolved)
            .context("the scenario's model run failed")
            .map_err(|e| ApiError::input(&e))?;
        let tables = autopact_report::scenario::tables(&run, &s.mrio);
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
                wedges: resolved.wedges(&s.mrio),
                wedges_source: format!("scenario {:?}", resolved.name),
            })
        };
        let regimes = [
            regime("a", &req.a, req.a_law)?,
            regime("b", &req.b, req.b_law)?,
        ];
        let (table, _chart) = autopact_report::landed::build(
            &s.mrio,
            &s.leontief,
            &s.law,
            &s.rules,
            &vehicles,
            &regimes,
        )
        .map_err(|e| ApiError::input(&e))?;
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
        let run = |r| {
            autopact_scenario::run(&s.mrio, &s.leontief, r)
                .context("the scenario's model run failed")
                .map_err(|e| ApiError::input(&e))
        };
        let (ra, rb) = (run(&a)?, run(&b)?);
        let (assumptions, results) = autopact_report::scenario::diff_tables(&ra, &rb, &s.mrio);
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
