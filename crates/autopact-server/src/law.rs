//! The trade-law endpoints: `duty`, `roo` and `wedges` — the law engine on
//! one entry, the USMCA rules of origin on an uploaded BOM, cost sheets or
//! a reference vehicle, and the law-derived tariff wedges on real trade.
//!
//! The documents are the CLI's (`autopact_api_types::wire` for duty and
//! roo, `autopact.table/v1` for wedges). Uploads arrive in the body: a BOM
//! as CSV text or as base64 XLSX, cost sheets as TOML text. The server
//! reads no file a request names: trade weights are a shipped month only.

use std::sync::Arc;

use anyhow::anyhow;
use autopact_api_types::request::{DutyRequest, LawOptions, RooRequest, WedgesRequest};
use autopact_report::Field;
use autopact_report::roo::RooGood;
use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::response::{IntoResponse, Response};
use base64::Engine as _;

use crate::Session;
use crate::error::{ApiError, ErrorBody};
use crate::handlers::{TableDocument, compute};

type Shared = State<Arc<Session>>;
type Body<T> = Result<Json<T>, JsonRejection>;

/// 422 naming `field`.
fn bad(field: &'static str, e: impl std::fmt::Display) -> ApiError {
    ApiError::input(&anyhow!("{e}").context(Field::new(field)))
}

/// Refuses weights that name a file (the server reads no file a request
/// names).
pub(crate) fn check_weights(o: &LawOptions) -> Result<(), ApiError> {
    let months = autopact_data::trade::shipped_months();
    match &o.weights {
        Some(w) if autopact_link::is_month(w) && !months.contains(&w.as_str()) => {
            let e = autopact_data::trade::month_not_shipped(w);
            Err(bad(e.field().unwrap_or("weights"), e))
        }
        Some(w) if !autopact_link::is_month(w) => Err(bad(
            "weights",
            format!(
                "{w:?}: the server uses the shipped trade months only (YYYY-MM, {} to {}); weights files work on the command line",
                autopact_data::trade::shipped_months()[0],
                autopact_data::trade::shipped_months()
                    .last()
                    .expect("months are shipped")
            ),
        )),
        _ => Ok(()),
    }
}

/// The duty stack on one entry (`autopact duty --format json`): every
/// layer with its citation, the measures considered and not applied, the
/// facts that would change the answer, and the explanation tree.
#[utoipa::path(post, path = "/api/duty", request_body = DutyRequest,
    responses((status = 200, description = "autopact.duty/v1", body = Object),
              (status = 422, body = ErrorBody)))]
pub async fn duty(state: Shared, body: Body<DutyRequest>) -> Result<Response, ApiError> {
    let Json(req) = body?;
    let v = compute(state.0, move |s| {
        let law = s.law().map_err(|e| ApiError::internal(format!("{e:#}")))?;
        let (q, stack) =
            autopact_report::duty::stack(law, &req).map_err(|e| ApiError::input(&e))?;
        serde_json::to_value(autopact_api_types::wire::duty(&q, &stack))
            .map_err(|e| ApiError::internal(e.to_string()))
    })
    .await?;
    Ok(Json(v).into_response())
}

/// The good and the request field it came from.
fn roo_good(req: &RooRequest) -> Result<(RooGood, &'static str), ApiError> {
    let given = [
        req.bom.is_some(),
        req.bom_xlsx.is_some(),
        !req.cost_sheet.is_empty(),
        req.vehicle.is_some(),
    ];
    match given.iter().filter(|g| **g).count() {
        1 => {}
        0 => {
            return Err(bad(
                "bom",
                "give one of bom (CSV text), bom_xlsx (base64 XLSX), cost_sheet (TOML texts) or vehicle (a reference vehicle's name)",
            ));
        }
        _ => {
            return Err(bad(
                "bom",
                "give only one of bom, bom_xlsx, cost_sheet and vehicle",
            ));
        }
    }
    if let Some(text) = &req.bom {
        let bom =
            autopact_data::bom::parse_csv("bom", text.as_bytes()).map_err(|e| bad("bom", e))?;
        return Ok((RooGood::Bom(bom), "bom"));
    }
    if let Some(b64) = &req.bom_xlsx {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(b64.trim())
            .map_err(|e| bad("bom_xlsx", format!("not base64: {e}")))?;
        let bom = autopact_data::bom::parse_xlsx("bom_xlsx", &bytes, req.sheet.as_deref())
            .map_err(|e| bad("bom_xlsx", e))?;
        return Ok((RooGood::Bom(bom), "bom_xlsx"));
    }
    if !req.cost_sheet.is_empty() {
        let mut sheets = Vec::new();
        let mut names = Vec::new();
        for (k, text) in req.cost_sheet.iter().enumerate() {
            let name = format!("cost_sheet[{k}]");
            sheets.push(
                autopact_data::bom::parse_cost_sheet(&name, text)
                    .map_err(|e| bad("cost_sheet", e))?,
            );
            names.push(name);
        }
        return Ok((
            RooGood::CostSheets {
                sheets,
                names: names.join(" "),
            },
            "cost_sheet",
        ));
    }
    let name = req.vehicle.clone().expect("one input is given");
    Ok((RooGood::Vehicle(name), "vehicle"))
}

/// USMCA rules of origin (`autopact roo --format json`): the tests with
/// their values, thresholds and gaps, the parts that would flip the
/// result, and the per-component table. A good that does not qualify is a
/// 200 answer with `originating: false`.
#[utoipa::path(post, path = "/api/roo", request_body = RooRequest,
    responses((status = 200, description = "autopact.roo/v1", body = Object),
              (status = 422, body = ErrorBody)))]
pub async fn roo(state: Shared, body: Body<RooRequest>) -> Result<Response, ApiError> {
    let Json(req) = body?;
    let v = compute(state.0, move |s| {
        let settings = autopact_report::roo::settings(
            &req.date,
            req.category.as_deref(),
            req.rvc_threshold.as_deref(),
            req.beyond_as_of,
            true,
        )
        .map_err(|e| ApiError::input(&e))?;
        let (good, field) = roo_good(&req)?;
        let internal = |e: anyhow::Error| ApiError::internal(format!("{e:#}"));
        let (law, rules) = (s.law().map_err(internal)?, s.rules().map_err(internal)?);
        let d =
            autopact_report::roo::determine(law, rules, &good, field, &settings).map_err(|e| {
                let mut err = ApiError::input(&e);
                if err.body.field.is_none() {
                    err.body.field = Some(field.into());
                }
                err
            })?;
        serde_json::to_value(autopact_api_types::wire::roo(&d.result, d.illustrative))
            .map_err(|e| ApiError::internal(e.to_string()))
    })
    .await?;
    Ok(Json(v).into_response())
}

/// Effective tariff rates from the law on real trade (`autopact wedges
/// --format json`): by line, sector or measure on a date, or the monthly
/// series.
#[utoipa::path(post, path = "/api/wedges", request_body = WedgesRequest,
    responses((status = 200, body = TableDocument), (status = 422, body = ErrorBody)))]
pub async fn wedges(state: Shared, body: Body<WedgesRequest>) -> Result<Response, ApiError> {
    let Json(req) = body?;
    let law = req.law_options();
    check_weights(&law)?;
    if let (Some(date), false) = (req.date, req.series) {
        crate::check_law_date(date, &law)?;
    }
    let t = compute(state.0, move |s| {
        let collected = match &req.collected {
            Some(text) => Some(collected_in_request(s, text)?),
            None => None,
        };
        let out = s.wedges(&req, collected).map_err(|e| ApiError::input(&e))?;
        Ok(out.table)
    })
    .await?;
    Ok(Json(autopact_api_types::envelope::table(&t)).into_response())
}

/// The collected duties a wedges request sends (CSV text), or `published`
/// (the Census figures autopact ships).
fn collected_in_request(s: &Session, text: &str) -> Result<autopact::CollectedDuties, ApiError> {
    let published = text == autopact_data::collected::PUBLISHED_NAME;
    let duties = autopact_data::collected::collected_from(
        if published { text } else { "collected" },
        Some(text),
        s.mrio().regions(),
    )
    .map_err(|e| bad("collected", e.to_string()))?;
    let source = if published {
        autopact_data::collected::describe_source(text)
    } else {
        "collected duties given in the request (Census calculated duty ÷ imports for consumption)"
            .into()
    };
    Ok(autopact::CollectedDuties { duties, source })
}

/// One measure's start (and end) date: a law event on the dashboard's
/// time view.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct LawEvent {
    /// First entry date the measure applies to.
    pub date: String,
    /// Last entry date, when it has ended.
    pub to: Option<String>,
    /// Measure id (`ieepa_can.general`, …).
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its HTS heading (`9903.01.10`), when it has one.
    pub heading: Option<String>,
    /// Legal citation.
    pub citation: String,
    /// Origins it applies to (ISO 3166-1 alpha-2; empty = every origin
    /// but those in `origin_not`).
    pub origin: Vec<String>,
    /// Origins it does not apply to.
    pub origin_not: Vec<String>,
    /// How well the law data know it (`OFFICIAL-TEXT`, …, `UNCONFIRMED`).
    pub confidence: String,
}

/// The law's events of one importer: every measure with its dates.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct LawEvents {
    /// The importer (`US`).
    pub importer: String,
    /// Date of the law data.
    pub law_data_as_of: String,
    /// Measures by start date.
    pub events: Vec<LawEvent>,
}

/// The US law's measures with their start and end dates (the events the
/// dashboard marks on the monthly rates).
#[utoipa::path(get, path = "/api/law/events", responses((status = 200, body = LawEvents)))]
pub async fn events(State(s): Shared) -> Result<Json<LawEvents>, ApiError> {
    let law = s.law().map_err(|e| ApiError::internal(format!("{e:#}")))?;
    let mut events: Vec<LawEvent> = law
        .measures
        .iter()
        .filter(|m| m.importer == "US")
        .map(|m| LawEvent {
            date: m.from.to_string(),
            to: m.to.map(|d| d.to_string()),
            id: m.id.clone(),
            name: m.name.clone(),
            heading: m.heading.clone(),
            citation: m.citation.clone(),
            origin: m.origin.clone(),
            origin_not: m.origin_not.clone(),
            confidence: m.confidence.as_str().to_string(),
        })
        .collect();
    events.sort_by(|a, b| a.date.cmp(&b.date).then(a.id.cmp(&b.id)));
    Ok(Json(LawEvents {
        importer: "US".into(),
        law_data_as_of: law.as_of.to_string(),
        events,
    }))
}
