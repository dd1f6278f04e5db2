//! Handler tests without a socket (tower `oneshot`) on the built-in table:
//! every endpoint, its bad input, the limits, and the OpenAPI snapshot.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use autopact_server::{Limits, Session, app};
use axum::body::{Body, to_bytes};
use axum::http::{Request, StatusCode, header};
use serde_json::{Value, json};
use tower::ServiceExt;

fn session() -> Arc<Session> {
    static S: OnceLock<Arc<Session>> = OnceLock::new();
    S.get_or_init(|| {
        let m = autopact_data::open_table("default", &autopact_data::ReadOptions::default())
            .expect("built-in table");
        Arc::new(autopact_server::session(m, true).unwrap())
    })
    .clone()
}

async fn call_with(limits: Limits, req: Request<Body>) -> (StatusCode, Value) {
    let res = app(session(), limits).oneshot(req).await.unwrap();
    let status = res.status();
    let bytes = to_bytes(res.into_body(), usize::MAX).await.unwrap();
    let v = serde_json::from_slice(&bytes)
        .unwrap_or_else(|_| panic!("not JSON: {}", String::from_utf8_lossy(&bytes)));
    (status, v)
}

async fn post(path: &str, body: Value) -> (StatusCode, Value) {
    post_raw(path, body.to_string()).await
}

async fn post_raw(path: &str, body: String) -> (StatusCode, Value) {
    let req = Request::post(path)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body))
        .unwrap();
    call_with(Limits::default(), req).await
}

async fn get(path: &str) -> (StatusCode, Value) {
    call_with(
        Limits::default(),
        Request::get(path).body(Body::empty()).unwrap(),
    )
    .await
}

fn assert_error(got: &(StatusCode, Value), status: StatusCode, code: &str, field: Option<&str>) {
    assert_eq!(got.0, status, "{}", got.1);
    assert_eq!(got.1["schema"], "autopact.error/v1", "{}", got.1);
    assert_eq!(got.1["code"], code, "{}", got.1);
    assert!(!got.1["message"].as_str().unwrap().is_empty());
    match field {
        Some(f) => assert_eq!(got.1["field"], f, "{}", got.1),
        None => assert!(got.1.get("field").is_none(), "{}", got.1),
    }
}

fn rows(v: &Value) -> &Vec<Value> {
    assert_eq!(v["schema"], "autopact.table/v1", "{v}");
    v["rows"].as_array().unwrap()
}

fn num(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

/// The JSON the CLI prints for the same request (same library call).
fn cli_json(t: &autopact_core::Table) -> Value {
    autopact_api_types::envelope::table(t)
}

#[tokio::test]
async fn health_names_the_table() {
    let (s, v) = get("/api/health").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["status"], "ok");
    assert_eq!(v["regions"], 10);
    assert_eq!(v["sectors"], 35);
    assert!(v["table"].as_str().unwrap().contains("WIOD"));
}

#[tokio::test]
async fn info_reports_the_table() {
    let (s, v) = post("/api/info", json!({})).await;
    assert_eq!(s, StatusCode::OK);
    let regions = rows(&v).iter().find(|r| r["item"] == "regions").unwrap();
    assert_eq!(regions["value"], 10);
    let bad = post("/api/info", json!({"tolerance": "high"})).await;
    assert_error(
        &bad,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_input",
        Some("tolerance"),
    );
}

#[tokio::test]
async fn va_content_matches_the_cli_and_shares_sum_to_one() {
    let body = json!({"exporter": "CAN", "importer": "USA"});
    let (s, v) = post("/api/va-content", body.clone()).await;
    assert_eq!(s, StatusCode::OK);
    let total: f64 = rows(&v).iter().map(|r| num(&r["share"])).sum();
    assert!((total - 1.0).abs() < 1e-12, "{total}");
    let ss = session();
    let req = serde_json::from_value(body).unwrap();
    let t = autopact_report::va_content::build(ss.mrio(), ss.leontief().unwrap(), &req).unwrap();
    assert_eq!(v, cli_json(&t));
}

#[tokio::test]
async fn va_content_bad_input_names_the_field() {
    let missing = post("/api/va-content", json!({"exporter": "CAN"})).await;
    assert_error(
        &missing,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_input",
        Some("importer"),
    );
    let unknown = post(
        "/api/va-content",
        json!({"exporter": "CAN", "importr": "USA"}),
    )
    .await;
    assert_error(
        &unknown,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_input",
        Some("importr"),
    );
    let region = post(
        "/api/va-content",
        json!({"exporter": "ZZZ", "importer": "USA"}),
    )
    .await;
    assert_error(
        &region,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_input",
        Some("exporter"),
    );
    assert!(region.1["message"].as_str().unwrap().contains("ZZZ"));
    let by = post(
        "/api/va-content",
        json!({"exporter": "CAN", "importer": "USA", "by": "sideways"}),
    )
    .await;
    assert_error(
        &by,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_input",
        Some("by"),
    );
    let syntax = post_raw("/api/va-content", "{\"exporter\": ".into()).await;
    assert_error(&syntax, StatusCode::BAD_REQUEST, "invalid_json", None);
}

#[tokio::test]
async fn multipliers_have_one_row_per_region_sector() {
    let (s, v) = post("/api/multipliers", json!({"extension": ["employment"]})).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(rows(&v).len(), 350);
    let bad = post("/api/multipliers", json!({"extension": ["nope"]})).await;
    assert_error(
        &bad,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_input",
        None,
    );
}

#[tokio::test]
async fn price_raises_us_prices_and_names_bad_tariffs() {
    let (s, v) = post(
        "/api/price",
        json!({"tariff": ["USA:CAN:c15:25%"], "by": "region"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let usa = rows(&v).iter().find(|r| r["region"] == "USA").unwrap();
    assert!(num(&usa["consumer_price_change"]) > 0.0);
    let zero = post("/api/price", json!({"tariff": ["USA:CAN:*:0"]})).await;
    assert!(rows(&zero.1).iter().all(|r| num(&r["price_change"]) == 0.0));
    let bad = post("/api/price", json!({"tariff": ["USA:CAN:c15"]})).await;
    assert_error(
        &bad,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_input",
        Some("tariff"),
    );
    // A rate without its % above 1 is refused on every endpoint that takes
    // one, naming the JSON field and asking what was meant.
    for (path, body, field) in [
        (
            "/api/price",
            json!({"tariff": ["USA:CAN:c15:25"]}),
            "tariff",
        ),
        ("/api/jobs", json!({"tariff": ["USA:CAN:c15:25"]}), "tariff"),
        ("/api/overview", json!({"rate": "25"}), "rate"),
    ] {
        let got = post(path, body).await;
        assert_error(
            &got,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
            Some(field),
        );
        let msg = got.1["message"].as_str().unwrap();
        assert!(msg.contains("did you mean 25%?"), "{path}: {msg}");
        assert!(!msg.contains("--"), "{path} names a flag: {msg}");
    }
    let none = post("/api/price", json!({"tariff": []})).await;
    assert_error(
        &none,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_input",
        Some("tariff"),
    );
}

#[tokio::test]
async fn price_runs_on_the_bea_national_tables() {
    let (s, v) = post(
        "/api/price",
        json!({"table": "us-bea-2017", "commodity_tariff": ["336111:25%"], "by": "commodity",
               "domestic_pricing": 0.5, "dollar_offset": 0.174}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let car = rows(&v)
        .iter()
        .find(|r| r["commodity"] == "336111")
        .unwrap();
    let (d, c, t) = (
        num(&car["direct_pct"]),
        num(&car["supply_chain_pct"]),
        num(&car["price_change_pct"]),
    );
    // s · ω^M · 25% with s = 1.326.
    assert!(d > 25.0 && (d + c - t).abs() < 1e-12, "{car}");
    let (s, v) = post(
        "/api/price",
        json!({"table": "us-bea-2024", "commodity_tariff": ["3361MV:10%"], "by": "pce"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(rows(&v).last().unwrap()["pce_category"], "ALL");
    let bad = post(
        "/api/price",
        json!({"table": "/etc", "commodity_tariff": ["336111:25%"]}),
    )
    .await;
    assert_error(
        &bad,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_input",
        Some("table"),
    );
    let bad = post(
        "/api/price",
        json!({"table": "us-bea-2017", "commodity_tariff": ["XYZ:25%"]}),
    )
    .await;
    assert_error(
        &bad,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_input",
        Some("commodity_tariff"),
    );
}

#[tokio::test]
async fn jobs_in_exports_and_at_stake() {
    let (s, v) = post("/api/jobs", json!({"exporter": "CAN", "importer": "USA"})).await;
    assert_eq!(s, StatusCode::OK);
    let share: f64 = rows(&v).iter().map(|r| num(&r["share"])).sum();
    assert!((share - 1.0).abs() < 1e-12);
    let (s, v) = post(
        "/api/jobs",
        json!({"tariff": ["USA:MEX:c15:25%"], "elasticity": 1.5}),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let mex = rows(&v).iter().find(|r| r["region"] == "MEX").unwrap();
    assert!(num(&mex["jobs_change"]) < 0.0);
    let half = post("/api/jobs", json!({"exporter": "CAN"})).await;
    assert_error(
        &half,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_input",
        Some("importer"),
    );
    let neg = post(
        "/api/jobs",
        json!({"tariff": ["USA:MEX:c15:25%"], "elasticity": -1}),
    )
    .await;
    assert_error(
        &neg,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_input",
        Some("elasticity"),
    );
}

#[tokio::test]
async fn tiva_and_decompose_close_their_identities() {
    let (s, v) = post(
        "/api/tiva",
        json!({"exporter": "USMCA", "indicator": ["EXGR", "EXGR_DVA", "EXGR_FVA"], "sector": ["TOTAL"]}),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let get = |code: &str| {
        rows(&v)
            .iter()
            .find(|r| r["indicator"] == code && r["partner"] == "WLD")
            .map(|r| num(&r["value"]))
            .unwrap()
    };
    assert!((get("EXGR_DVA") + get("EXGR_FVA") - get("EXGR")).abs() < 1e-6 * get("EXGR"));
    let bad = post(
        "/api/tiva",
        json!({"exporter": "CAN", "indicator": ["NOPE"]}),
    )
    .await;
    assert_error(
        &bad,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_input",
        None,
    );

    let (s, v) = post(
        "/api/decompose",
        json!({"method": "wwz", "exporter": "CAN", "importer": "USA", "sector": ["c15"]}),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let r = &rows(&v)[0];
    let terms = [
        "DVA_FIN",
        "DVA_INT",
        "DVA_INTrexI1",
        "DVA_INTrexF",
        "DVA_INTrexI2",
        "RDV_INT",
        "RDV_FIN",
        "RDV_FIN2",
        "OVA_FIN",
        "MVA_FIN",
        "OVA_INT",
        "MVA_INT",
        "DDC_FIN",
        "DDC_INT",
        "ODC",
        "MDC",
    ];
    let sum: f64 = terms.iter().map(|t| num(&r[*t])).sum();
    // The 16 terms close exactly only on a balanced table (wwz.rs); the
    // built-in table keeps WIOD's row imbalances (up to 1.6% of a row,
    // `autopact info`), which leaves a gap of 6e-5 of texp here.
    assert!(
        (sum - num(&r["texp"])).abs() < 1e-4 * num(&r["texp"]),
        "{r}"
    );
    let bad = post(
        "/api/decompose",
        json!({"exporter": "CAN", "sector": ["zz"]}),
    )
    .await;
    assert_error(
        &bad,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_input",
        Some("sector"),
    );
}

#[tokio::test]
async fn overview_numbers_and_bad_rate() {
    let (s, v) = post("/api/overview", json!({})).await;
    assert_eq!(s, StatusCode::OK);
    assert!(rows(&v).len() > 50);
    let bad = post("/api/overview", json!({"rate": "lots"})).await;
    assert_error(
        &bad,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_input",
        Some("rate"),
    );
}

const SCENARIO: &str = r#"schema_version = 1
name = "t"
[table]
source = "default"
[employment]
extension = "employment"
[[tariff]]
importer = "USA"
exporter = ["CAN", "MEX"]
sectors = ["c15"]
rate = 0.25
applies_to = "both"
"#;

#[tokio::test]
async fn scenario_run_and_diff() {
    let (s, v) = post("/api/scenario/run", json!({"scenario": SCENARIO})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["schema"], "autopact.scenario-run/v1");
    assert_eq!(v["resolved"]["name"], "t");
    for kind in ["scenario-summary", "scenario-regions", "scenario-sectors"] {
        assert!(!rows(&v["tables"][kind]).is_empty(), "{kind}");
    }
    let b = SCENARIO.replace("rate = 0.25", "rate = 0.10");
    let (s, v) = post("/api/scenario/diff", json!({"a": SCENARIO, "b": b})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert!(!rows(&v).is_empty());

    let syntax = post("/api/scenario/run", json!({"scenario": "name = "})).await;
    assert_error(
        &syntax,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_input",
        Some("scenario"),
    );
    let file = SCENARIO.replace("source = \"default\"", "source = \"/etc/passwd\"");
    let file = post("/api/scenario/run", json!({"scenario": file})).await;
    assert_error(
        &file,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_input",
        Some("scenario"),
    );
    assert!(
        file.1["message"]
            .as_str()
            .unwrap()
            .contains("its own table")
    );
    let region = SCENARIO.replace("importer = \"USA\"", "importer = \"ZZZ\"");
    let bad_b = post("/api/scenario/diff", json!({"a": SCENARIO, "b": region})).await;
    assert_error(
        &bad_b,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_input",
        Some("b"),
    );
}

#[tokio::test]
async fn unknown_routes_media_types_and_limits_answer_json() {
    let nf = get("/api/nothing").await;
    assert_error(&nf, StatusCode::NOT_FOUND, "not_found", None);
    let req = Request::post("/api/info")
        .header(header::CONTENT_TYPE, "text/plain")
        .body(Body::from("{}"))
        .unwrap();
    let media = call_with(Limits::default(), req).await;
    assert_error(
        &media,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "invalid_json",
        None,
    );
    let small = Limits {
        body_bytes: 64,
        ..Limits::default()
    };
    let req = Request::post("/api/va-content")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(
            json!({"exporter": "CAN", "importer": "USA", "sector": "x".repeat(100)}).to_string(),
        ))
        .unwrap();
    let big = call_with(small, req).await;
    assert_error(
        &big,
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
        None,
    );
    let instant = Limits {
        timeout: Duration::from_nanos(1),
        ..Limits::default()
    };
    let req = Request::post("/api/multipliers")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(r#"{"leontief_diagonal": true}"#))
        .unwrap();
    let slow = call_with(instant, req).await;
    assert_error(&slow, StatusCode::GATEWAY_TIMEOUT, "timeout", None);
}

/// The OpenAPI document is generated from the handlers; an unintended API
/// change shows up as a diff against `tests/openapi.json`. After an
/// intended change, rerun with `UPDATE_SNAPSHOTS=1`.
#[tokio::test]
async fn openapi_snapshot() {
    let (s, v) = get("/api/openapi.json").await;
    assert_eq!(s, StatusCode::OK);
    assert!(v["openapi"].as_str().unwrap().starts_with("3.1"));
    let text = autopact_server::openapi_json() + "\n";
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/openapi.json");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, &text).unwrap();
    }
    let want = std::fs::read_to_string(&path)
        .expect("tests/openapi.json (create it with UPDATE_SNAPSHOTS=1)");
    assert_eq!(
        text, want,
        "the API changed; if intended, rerun with UPDATE_SNAPSHOTS=1"
    );
    for p in [
        "/api/health",
        "/api/info",
        "/api/multipliers",
        "/api/va-content",
        "/api/price",
        "/api/jobs",
        "/api/tiva",
        "/api/decompose",
        "/api/overview",
        "/api/scenario/run",
        "/api/scenario/diff",
        "/api/duty",
        "/api/roo",
        "/api/wedges",
    ] {
        assert!(v["paths"].get(p).is_some(), "{p} missing from the document");
    }
}

// ------------------------------------------------------------ the law

/// What `autopact duty --format json` prints for the same request.
fn duty_json(req: &autopact_api_types::request::DutyRequest) -> Value {
    let db = autopact_law::LawDb::builtin().unwrap();
    let (q, s) = autopact_report::duty::stack(&db, req).unwrap();
    serde_json::to_value(autopact_api_types::wire::duty(&q, &s)).unwrap()
}

#[tokio::test]
async fn duty_equals_the_cli_document_and_accepts_numbers() {
    let body = json!({
        "importer": "US", "date": "2025-10-01", "hts": "8703.23.01",
        "origin": "CA", "value": 40000, "usmca_qualifying": true, "us_content": "16000"
    });
    let (status, v) = post("/api/duty", body.clone()).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["schema"], "autopact.duty/v1");
    let req: autopact_api_types::request::DutyRequest = serde_json::from_value(body).unwrap();
    assert_eq!(req.value, "40000");
    assert_eq!(v, duty_json(&req));
    // The layers add up to the total, to the cent.
    let sum: f64 = v["layers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["amount"].as_str().unwrap().parse::<f64>().unwrap())
        .sum();
    let total: f64 = v["total_duty"].as_str().unwrap().parse().unwrap();
    assert!((sum - total).abs() < 0.005, "{sum} vs {total}");
    assert!(total > 0.0, "{v}");
}

#[tokio::test]
async fn duty_bad_input_names_the_field() {
    let ok = json!({"importer": "US", "date": "2025-10-01", "hts": "8703.23.01", "origin": "JP", "value": "40000"});
    let with = |k: &str, x: Value| {
        let mut b = ok.clone();
        b[k] = x;
        b
    };
    for (body, field) in [
        (with("date", json!("2025-13-01")), "date"),
        (with("origin", json!("Japan")), "origin"),
        (with("importer", json!("USA!")), "importer"),
        (with("value", json!("forty")), "value"),
        (with("hts", json!("87x3")), "hts"),
        (with("steel_content", json!("-5x")), "steel_content"),
        (with("quota", json!("sideways")), "quota"),
        (with("valeu", json!("1")), "valeu"),
    ] {
        let got = post("/api/duty", body.clone()).await;
        assert_error(
            &got,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
            Some(field),
        );
    }
    let mut missing = ok.clone();
    missing.as_object_mut().unwrap().remove("value");
    let got = post("/api/duty", missing).await;
    assert_error(
        &got,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_input",
        Some("value"),
    );
    let got = post_raw("/api/duty", "{not json".into()).await;
    assert_error(&got, StatusCode::BAD_REQUEST, "invalid_json", None);
}

const BOM: &str = "part_id,parent_id,description,hs,origin,originating,supplier,unit_value,qty,net_cost\n\
    brake,,brake assembly,8708.30,MX,,,100,1,100\n\
    caliper,brake,caliper,8708.30,CN,no,Supplier A,20,1,\n\
    pads,brake,pads,6813.81,US,yes,Supplier B,15,1,\n";

fn rvc(v: &Value) -> String {
    v["tests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "rvc" && t["method"] == "net cost")
        .map(|t| t["value"].as_str().unwrap().to_string())
        .unwrap_or_else(|| panic!("no net-cost RVC test: {v}"))
}

#[tokio::test]
async fn roo_on_csv_xlsx_cost_sheets_and_a_vehicle() {
    use base64::Engine as _;
    let (s, v) = post("/api/roo", json!({"date": "2025-10-01", "bom": BOM})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["schema"], "autopact.roo/v1");
    // (100 − 20) / 100 = 80%, as `autopact roo --bom` prints.
    assert_eq!(rvc(&v), "80");
    assert_eq!(v["originating"], true);
    assert!(!v["components"].as_array().unwrap().is_empty());

    // The XLSX seed of the BOM fuzzer, sent as base64, gives what the
    // CLI gives for the file (`autopact roo --bom bom.xlsx`).
    let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/seeds/bom_csv");
    let xlsx = std::fs::read(seeds.join("bom.xlsx")).unwrap();
    let b64 = base64::engine::general_purpose::STANDARD.encode(&xlsx);
    let (s, x) = post("/api/roo", json!({"date": "2025-10-01", "bom_xlsx": b64})).await;
    assert_eq!(s, StatusCode::OK, "{x}");
    assert_eq!(x, roo_json(seeds.join("bom.xlsx").as_path(), "2025-10-01"));

    // Two cost sheets are averaged: 70% and 82% → 76% ≥ 75%.
    let sheet = |om: u32, nom: u32| {
        format!(
            "originating_materials = {om}\nnon_originating_materials = {nom}\n[good]\nid = \"q\"\nrvc_threshold = \"75\"\n"
        )
    };
    let (s, c) = post(
        "/api/roo",
        json!({"date": "2025-10-01", "cost_sheet": [sheet(70, 30), sheet(82, 18)]}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{c}");
    assert_eq!(c["originating"], true, "{c}");

    let (s, r) = post(
        "/api/roo",
        json!({"date": "2025-10-01", "vehicle": "ontario-suv"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{r}");
    assert_eq!(r["good"]["illustrative"], true);
}

/// What `autopact roo --bom FILE --format json` prints.
fn roo_json(path: &std::path::Path, date: &str) -> Value {
    let db = autopact_law::LawDb::builtin().unwrap();
    let rules = autopact_law::roo::RooRules::builtin().unwrap();
    let bom = autopact_data::bom::read_bom(path, None).unwrap();
    let settings = autopact_report::roo::settings(date, None, None, false, true).unwrap();
    let d = autopact_report::roo::determine(
        &db,
        &rules,
        &autopact_report::roo::RooGood::Bom(bom),
        "bom",
        &settings,
    )
    .unwrap();
    serde_json::to_value(autopact_api_types::wire::roo(&d.result, d.illustrative)).unwrap()
}

#[tokio::test]
async fn roo_bad_input_names_the_field() {
    for (body, field) in [
        (json!({"date": "2025-10-01"}), "bom"),
        (
            json!({"date": "2025-10-01", "bom": BOM, "vehicle": "ontario-suv"}),
            "bom",
        ),
        (json!({"date": "someday", "bom": BOM}), "date"),
        (
            json!({"date": "2025-10-01", "bom": "part_id,value\nx,1\n"}),
            "bom",
        ),
        (
            json!({"date": "2025-10-01", "bom_xlsx": "%%% not base64"}),
            "bom_xlsx",
        ),
        (
            json!({"date": "2025-10-01", "bom_xlsx": "aGVsbG8="}),
            "bom_xlsx",
        ),
        (
            json!({"date": "2025-10-01", "cost_sheet": ["originating_materials = \"x\""]}),
            "cost_sheet",
        ),
        (
            json!({"date": "2025-10-01", "vehicle": "flying-car"}),
            "vehicle",
        ),
        (
            json!({"date": "2025-10-01", "bom": BOM, "category": "spaceship"}),
            "category",
        ),
        (
            json!({"date": "2025-10-01", "bom": BOM, "rvc_threshold": 250}),
            "rvc_threshold",
        ),
        (json!({"date": "1990-01-01", "bom": BOM}), "date"),
        (
            json!({"date": "2025-10-01", "bom": BOM, "sheet_name": "x"}),
            "sheet_name",
        ),
    ] {
        let got = post("/api/roo", body.clone()).await;
        assert_error(
            &got,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
            Some(field),
        );
    }
}

#[tokio::test]
async fn wedges_equal_the_cli_and_refuse_files() {
    let (s, v) = post(
        "/api/wedges",
        json!({"date": "2025-10-01", "by": "sector", "origin": "CAN"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["kind"], "wedges-sector");
    let session = session();
    let m = session.mrio();
    let date = "2025-10-01".parse().unwrap();
    let db = autopact_law::LawDb::builtin().unwrap();
    let d =
        autopact_data::wedges::law_wedges(m, "USA", date, Some("CAN"), &Default::default(), &db)
            .unwrap();
    let (t, _) =
        autopact_report::wedges::table(m, &d, autopact_api_types::request::WedgesBy::Sector);
    assert_eq!(v, cli_json(&t));
    let c15 = rows(&v)
        .iter()
        .find(|r| r["exporter"] == "CAN" && r["sector"] == "c15")
        .unwrap();
    let duty: f64 = c15["duty"].as_str().unwrap().parse().unwrap();
    let value: f64 = c15["value"].as_str().unwrap().parse().unwrap();
    let rate: f64 = c15["rate"].as_str().unwrap().parse().unwrap();
    assert!((duty / value - rate).abs() < 1e-9, "{c15}");

    for (body, field) in [
        (
            json!({"date": "2025-10-01", "weights": "/etc/passwd"}),
            "weights",
        ),
        (json!({"by": "sector"}), "date"),
        (
            json!({"date": "2025-10-01", "origin": "Atlantis"}),
            "origin",
        ),
        (json!({"date": "2025-10-01", "importer": "JPN"}), "importer"),
        (json!({"date": "2025-10-01", "us_content": 3}), "us_content"),
        (json!({"date": "2025-10-01", "by": "diagonal"}), "by"),
        (json!({"series": true, "date": "2025-10-01"}), "series"),
        (
            json!({"date": "2025-10-01", "weights": "1999-01"}),
            "weights",
        ),
    ] {
        let got = post("/api/wedges", body.clone()).await;
        assert_error(
            &got,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
            Some(field),
        );
    }
}

#[tokio::test]
async fn price_and_jobs_take_the_law_on_a_date() {
    let (s, v) = post(
        "/api/price",
        json!({"law": "2025-10-01", "by": "region-sector"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["meta"]["law_date"], "2025-10-01", "{v}");
    let specs = v["meta"]["tariffs_from_law"].as_str().unwrap().to_string();
    assert!(specs.contains("USA:CAN:c15:"), "{specs}");
    // `price --law` = `price --tariff` with the derived wedges.
    let tariffs: Vec<&str> = specs.split(' ').collect();
    let (s2, w) = post("/api/price", json!({"tariff": tariffs})).await;
    assert_eq!(s2, StatusCode::OK, "{w}");
    assert_eq!(rows(&v), rows(&w));
    let bad = post(
        "/api/price",
        json!({"law": "2025-10-01", "weights": "my.csv"}),
    )
    .await;
    assert_error(
        &bad,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_input",
        Some("weights"),
    );
    let bad = post("/api/price", json!({"law": "yesterday"})).await;
    assert_error(
        &bad,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_input",
        Some("law"),
    );

    let (s, j) = post("/api/jobs", json!({"law": "2025-10-01"})).await;
    assert_eq!(s, StatusCode::OK, "{j}");
    assert_eq!(j["meta"]["law_date"], "2025-10-01", "{j}");
}

#[tokio::test]
async fn overview_carries_the_law_in_force() {
    let (s, v) = post("/api/overview", json!({})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert!(
        rows(&v)
            .iter()
            .any(|r| r.as_object().unwrap().values().any(|x| x == "law_in_force")),
        "{v}"
    );
    assert!(
        v["meta"]["law_in_force"]
            .as_str()
            .unwrap()
            .contains("2025-10-01")
    );
}

/// With one request allowed at a time, a second one while the first is
/// computing is answered 503 `overloaded` at once.
#[tokio::test]
async fn a_request_over_the_concurrency_limit_gets_503() {
    let one = Limits {
        concurrency: 1,
        ..Limits::default()
    };
    let svc = app(session(), one);
    let slow = Request::post("/api/wedges")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(json!({"series": true}).to_string()))
        .unwrap();
    let first = tokio::spawn(svc.clone().oneshot(slow));
    // Let the first request take the one permit and start computing.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let res = svc
        .clone()
        .oneshot(Request::get("/api/health").body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let bytes = to_bytes(res.into_body(), usize::MAX).await.unwrap();
    let v: Value = serde_json::from_slice(&bytes).unwrap();
    assert_error(
        &(status, v),
        StatusCode::SERVICE_UNAVAILABLE,
        "overloaded",
        None,
    );
    let done = first.await.unwrap().unwrap();
    assert_eq!(done.status(), StatusCode::OK);
}

/// The shipped `us-2025-tariffs` scenario takes its rates from the law
/// (`from_law`): the server derives them with its own law and the shipped
/// trade months, and the run equals the library's run of the same file with
/// the file's folder as base (what `autopact scenario run` does).
#[tokio::test]
async fn shipped_from_law_scenario_runs_and_equals_the_cli_path() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios");
    let text = std::fs::read_to_string(dir.join("us-2025-tariffs.toml")).unwrap();
    assert!(
        text.contains("from_law"),
        "the shipped scenario derives its rates"
    );
    let (s, v) = post("/api/scenario/run", json!({"scenario": text})).await;
    assert_eq!(s, StatusCode::OK, "{v}");

    let sess = session();
    let name = "scenario.toml";
    let spec = autopact_scenario::parse(name, &text).unwrap();
    let sha = sess.mrio().provenance().sha256.clone().unwrap_or_default();
    let law = autopact_data::wedges::ScenarioLaw {
        mrio: sess.mrio(),
        base: Some(dir.clone()),
        db: None,
    };
    let resolved =
        autopact_scenario::resolve_with_law(&spec, name, &text, sess.mrio(), &sha, &law).unwrap();
    let run = autopact_scenario::run(sess.mrio(), sess.leontief().unwrap(), &resolved).unwrap();
    let tables = autopact_report::scenario::tables(&run, sess.mrio());
    let want = autopact_report::scenario::run_envelope(&resolved, &tables);
    // Through the same text → number parse as the response (serde_json's
    // default float parser may differ from the printed value in the last bit).
    let want: Value = serde_json::from_str(&want.to_string()).unwrap();
    assert_eq!(v, want);
    assert!(!rows(&v["tables"]["scenario-sectors"]).is_empty());

    // A weights file named by the scenario is not read by the server.
    let file = text.replacen(
        "from_law = { date = \"2025-10-01\" }",
        "from_law = { date = \"2025-10-01\", weights = \"my.csv\" }",
        1,
    );
    assert_ne!(file, text, "the scenario has a from_law table");
    let got = post("/api/scenario/run", json!({"scenario": file})).await;
    assert_error(
        &got,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_input",
        Some("scenario"),
    );
    assert!(
        got.1["message"].as_str().unwrap().contains("not read here"),
        "{}",
        got.1
    );
}

/// A law date before the trade data is refused naming the field `date`
/// (never the CLI's `--weights`), with the nearest date that has data as
/// a value to send back.
#[tokio::test]
async fn a_date_outside_the_data_offers_the_nearest_month() {
    for path in ["/api/wedges", "/api/price"] {
        let body = if path == "/api/wedges" {
            json!({"date": "2023-06-01", "by": "sector"})
        } else {
            json!({"law": "2023-06-01"})
        };
        let got = post(path, body).await;
        assert_error(
            &got,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
            Some("date"),
        );
        let first = autopact_data::trade::shipped_months()[0];
        assert_eq!(got.1["suggestion"], json!(format!("{first}-15")), "{path}");
        let msg = got.1["message"].as_str().unwrap();
        assert!(
            msg.contains("nearest date with data") && !msg.contains("--"),
            "{msg}"
        );
    }
}

/// The law's events: every US measure with its start date, in date order,
/// the 2025 IEEPA tariffs on Canada among them.
#[tokio::test]
async fn law_events_list_the_us_measures_by_date() {
    let (s, v) = get("/api/law/events").await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let events = v["events"].as_array().unwrap();
    assert!(events.len() > 20, "{}", events.len());
    let dates: Vec<&str> = events.iter().map(|e| e["date"].as_str().unwrap()).collect();
    assert!(dates.windows(2).all(|w| w[0] <= w[1]));
    assert!(
        events
            .iter()
            .any(|e| e["date"].as_str().unwrap().starts_with("2025-03")
                && e["origin"].as_array().unwrap().contains(&json!("CA")))
    );
    assert_eq!(v["importer"], "US");
}

/// The law's wedges are cached per request: the second answer is the
/// first's, and quicker.
#[tokio::test]
async fn law_wedges_are_cached_per_date() {
    let s = session();
    let call = |body: Value| {
        let s = s.clone();
        async move {
            let req = Request::builder()
                .method("POST")
                .uri("/api/wedges")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body.to_string()))
                .unwrap();
            let t = std::time::Instant::now();
            let res = app(s, Limits::default()).oneshot(req).await.unwrap();
            let bytes = to_bytes(res.into_body(), usize::MAX).await.unwrap();
            (t.elapsed(), bytes)
        }
    };
    let body = json!({"date": "2025-08-01", "by": "sector"});
    let (first, a) = call(body.clone()).await;
    let (second, b) = call(body).await;
    assert_eq!(a, b);
    eprintln!("POST /api/wedges 2025-08-01 by sector: first {first:?}, cached {second:?}");
    assert!(second * 4 < first, "cached {second:?}, first {first:?}");
}

/// The Compare view's landed cost: two scenarios, A the baseline; a law
/// side is charged by the duty engine on its date. Every row adds up, A's
/// change is 0, B's change is B − A, and a bad vehicle names its field.
#[tokio::test]
async fn scenario_landed_cost_of_two_sides() {
    let law = r#"schema_version = 1
name = "the law in force on 2025-10-01"
[table]
source = "default"
[assumptions]
law_as_of = "2025-10-01"
[[tariff]]
importer = "USA"
exporter = "*"
sectors = "*"
applies_to = "both"
from_law = { date = "2025-10-01" }
"#;
    let (s, v) = post(
        "/api/scenario/landed-cost",
        json!({"a": law, "b": SCENARIO, "a_law": "2025-10-01"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let r = rows(&v);
    assert_eq!(r.len(), 14, "seven vehicles under two regimes");
    let n = |x: &Value| -> f64 { x.as_str().unwrap().parse().unwrap() };
    let regime_a = r[0]["regime"].clone();
    for row in r {
        let sum = n(&row["base_price"]) + n(&row["input_cost_effect"]) + n(&row["border_duty"]);
        assert!((sum - n(&row["landed_cost"])).abs() < 0.011, "{row}");
        if row["regime"] == regime_a {
            assert_eq!(n(&row["change"]), 0.0, "{row}");
            assert!(
                !row["duty_basis"].as_str().unwrap_or("").is_empty(),
                "{row}"
            );
        } else {
            let a = r
                .iter()
                .find(|x| x["regime"] == regime_a && x["vehicle"] == row["vehicle"])
                .unwrap();
            let change = n(&row["landed_cost"]) - n(&a["landed_cost"]);
            assert!((change - n(&row["change"])).abs() < 0.011, "{row}");
        }
    }
    let bad = post(
        "/api/scenario/landed-cost",
        json!({"a": law, "b": SCENARIO, "vehicles": "flying-car"}),
    )
    .await;
    assert_error(
        &bad,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_input",
        Some("vehicles"),
    );
}
