//! The dashboard's files without a socket (tower `oneshot`): the page, every
//! asset it names with its content type and caching, unknown files, and the
//! shipped-scenario list the "What does a tariff do?" view offers.

use std::sync::{Arc, OnceLock};

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

struct Got {
    status: StatusCode,
    content_type: String,
    cache: String,
    body: Vec<u8>,
}

async fn get(path: &str) -> Got {
    let res = app(session(), Limits::default())
        .oneshot(Request::get(path).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let h = |name| {
        res.headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default()
    };
    let (content_type, cache) = (h(header::CONTENT_TYPE), h(header::CACHE_CONTROL));
    let status = res.status();
    let body = to_bytes(res.into_body(), usize::MAX)
        .await
        .unwrap()
        .to_vec();
    Got {
        status,
        content_type,
        cache,
        body,
    }
}

/// The asset URLs the page names (`href` and `src` under /assets/).
fn asset_urls(page: &str) -> Vec<String> {
    page.split(['"', '\''])
        .filter(|s| s.starts_with("/assets/"))
        .map(String::from)
        .collect()
}

#[tokio::test]
async fn the_page_and_every_asset_it_names_are_served() {
    let page = get("/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.content_type, "text/html; charset=utf-8");
    assert_eq!(page.cache, "no-cache");
    let html = String::from_utf8(page.body).unwrap();
    assert!(html.contains("How woven together?"), "{html}");
    let urls = asset_urls(&html);
    assert!(urls.len() >= 5, "{urls:?}");
    for url in &urls {
        let got = get(url).await;
        assert_eq!(got.status, StatusCode::OK, "{url}");
        assert_eq!(got.cache, "public, max-age=31536000, immutable", "{url}");
        assert!(!got.body.is_empty(), "{url}");
        let want = if url.ends_with(".js") {
            "text/javascript; charset=utf-8"
        } else if url.ends_with(".css") {
            "text/css; charset=utf-8"
        } else if url.ends_with(".svg") {
            "image/svg+xml"
        } else {
            "text/plain; charset=utf-8"
        };
        assert_eq!(got.content_type, want, "{url}");
    }
    // The charting library is the vendored ECharts, with its licence.
    let prefix = urls[0].rsplit_once("/assets/").unwrap().1;
    let fp = prefix.split('/').next().unwrap();
    let echarts = get(&format!("/assets/{fp}/vendor/echarts/echarts.min.js")).await;
    assert!(echarts.body.len() > 500_000);
    assert!(String::from_utf8_lossy(&echarts.body[..400]).contains("Apache Software Foundation"));
    // Gzipped for clients that accept it, the same bytes once inflated.
    let req = Request::get(format!("/assets/{fp}/vendor/echarts/echarts.min.js"))
        .header(header::ACCEPT_ENCODING, "gzip, deflate, br")
        .body(Body::empty())
        .unwrap();
    let res = app(session(), Limits::default())
        .oneshot(req)
        .await
        .unwrap();
    assert_eq!(res.headers()[header::CONTENT_ENCODING], "gzip");
    assert_eq!(res.headers()[header::VARY], "accept-encoding");
    let gz = to_bytes(res.into_body(), usize::MAX).await.unwrap();
    assert!(
        gz.len() < echarts.body.len() / 2,
        "{} bytes gzipped",
        gz.len()
    );
    let mut inflated = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&gz[..]), &mut inflated).unwrap();
    assert_eq!(inflated, echarts.body);
    let licence = get(&format!("/assets/{fp}/vendor/echarts/LICENSE")).await;
    assert!(String::from_utf8_lossy(&licence.body).contains("Apache License"));
    // The views are modules the app imports.
    for view in ["woven", "tariff", "compare", "duty", "roo"] {
        let js = get(&format!("/assets/{fp}/views/{view}.js")).await;
        assert_eq!(js.status, StatusCode::OK, "{view}");
        assert!(String::from_utf8_lossy(&js.body).contains("export async function render"));
    }
}

#[tokio::test]
async fn assets_of_another_build_are_served_uncached_and_unknown_files_are_404_json() {
    let old = get("/assets/0000000000000000/app.js").await;
    assert_eq!(old.status, StatusCode::OK);
    assert_eq!(old.cache, "no-cache");
    for path in [
        "/assets/0000000000000000/nope.js",
        "/assets/0000000000000000/../Cargo.toml",
        "/assets/0000000000000000/%2e%2e/src/lib.rs",
    ] {
        let got = get(path).await;
        assert_eq!(got.status, StatusCode::NOT_FOUND, "{path}");
        let v: Value = serde_json::from_slice(&got.body).unwrap();
        assert_eq!(v["code"], "not_found", "{path}");
    }
    let api_404 = get("/api/nope").await;
    assert_eq!(api_404.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn shipped_scenarios_are_listed_and_run() {
    let got = get("/api/dashboard/scenarios").await;
    assert_eq!(got.status, StatusCode::OK);
    let v: Value = serde_json::from_slice(&got.body).unwrap();
    assert_eq!(v["schema"], "autopact.scenario-list/v1");
    let list = v["scenarios"].as_array().unwrap();
    let ids: Vec<&str> = list.iter().map(|s| s["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&"us-2025-hand-typed"), "{ids:?}");
    // Each text is the file in scenarios/, byte for byte.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios");
    for s in list {
        let file = root.join(format!("{}.toml", s["id"].as_str().unwrap()));
        assert_eq!(
            s["text"].as_str().unwrap(),
            std::fs::read_to_string(&file).unwrap(),
            "{}",
            file.display()
        );
    }
    // The hand-typed one runs on the server's table.
    let text = &list
        .iter()
        .find(|s| s["id"] == "us-2025-hand-typed")
        .unwrap()["text"];
    let req = Request::post("/api/scenario/run")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(json!({"scenario": text}).to_string()))
        .unwrap();
    let res = app(session(), Limits::default())
        .oneshot(req)
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_scenario_list_is_in_the_openapi_document() {
    let got = get("/api/openapi.json").await;
    let v: Value = serde_json::from_slice(&got.body).unwrap();
    assert!(
        v["paths"].get("/api/dashboard/scenarios").is_some(),
        "{}",
        v["paths"]
    );
    assert!(v["components"]["schemas"].get("ScenarioList").is_some());
}
