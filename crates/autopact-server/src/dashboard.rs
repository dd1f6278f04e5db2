//! The web dashboard: static files embedded in the binary and served at `/`.
//!
//! Why embedded: `autopact serve` must be one file a user can run offline,
//! with no build step and no CDN. The files under `web/` (plain HTML, CSS,
//! JavaScript modules and the vendored Apache ECharts, see
//! `web/vendor/echarts/README.md`) are compiled in with `include_bytes!`.
//!
//! Caching: the assets live under `/assets/{fingerprint}/…`, where the
//! fingerprint is a hash of every embedded file, so a browser may keep them
//! for a year (`immutable`) and a new build changes every asset URL at once.
//! The page itself (`/`) names the current fingerprint and is served with
//! `no-cache`. An asset asked for under another fingerprint (a page from an
//! older build) is still served, but not cached. Text assets are gzipped
//! once, on first request, for clients that accept it (ECharts: 1.0 MB →
//! about 0.35 MB).
//!
//! The dashboard calls the same JSON API as any script; the one endpoint
//! added for it, `GET /api/dashboard/scenarios`, lists the scenario files
//! shipped in `scenarios/` so the page can offer them (the server reads no
//! file a request names, so the texts are compiled in too).

use std::io::Write as _;
use std::sync::OnceLock;

use axum::Json;
use axum::Router;
use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::ApiError;

/// One embedded file.
struct Asset {
    /// Path under `web/` (and under `/assets/{fingerprint}/`).
    path: &'static str,
    /// `Content-Type` header.
    content_type: &'static str,
    /// The file.
    bytes: &'static [u8],
}

const JS: &str = "text/javascript; charset=utf-8";
const CSS: &str = "text/css; charset=utf-8";
const TEXT: &str = "text/plain; charset=utf-8";
const SVG: &str = "image/svg+xml";

macro_rules! asset {
    ($path:literal, $ct:expr) => {
        Asset {
            path: $path,
            content_type: $ct,
            bytes: include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/web/", $path)),
        }
    };
}

/// Every file the page loads (the page itself is [`INDEX`]).
const ASSETS: &[Asset] = &[
    asset!("app.css", CSS),
    asset!("app.js", JS),
    asset!("common.js", JS),
    asset!("favicon.svg", SVG),
    asset!("views/woven.js", JS),
    asset!("views/tariff.js", JS),
    asset!("views/duty.js", JS),
    asset!("views/roo.js", JS),
    asset!("views/timeline.js", JS),
    asset!("views/compare.js", JS),
    asset!("vendor/echarts/echarts.min.js", JS),
    asset!("vendor/echarts/LICENSE", TEXT),
    asset!("vendor/echarts/NOTICE", TEXT),
    asset!("vendor/echarts/LICENSE-d3", TEXT),
    asset!("vendor/echarts/README.md", TEXT),
];

/// The page; `{{assets}}` is replaced by `/assets/{fingerprint}`.
const INDEX: &str = include_str!("../web/index.html");

/// The scenario files shipped with autopact, as (id, text).
const SHIPPED_SCENARIOS: &[(&str, &str)] = &[
    (
        "us-2025-tariffs",
        include_str!("../../../scenarios/us-2025-tariffs.toml"),
    ),
    (
        "us-2025-hand-typed",
        include_str!("../../../scenarios/us-2025-hand-typed.toml"),
    ),
    (
        "fortress-north-america",
        include_str!("../../../scenarios/fortress-north-america.toml"),
    ),
    (
        "canada-2025-countersurtax",
        include_str!("../../../scenarios/canada-2025-countersurtax.toml"),
    ),
];

/// Schema id of the scenario list.
pub const SCENARIO_LIST_SCHEMA: &str = "autopact.scenario-list/v1";

/// The dashboard's routes, to be merged into the application.
pub fn routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new()
        .route("/", get(index))
        .route("/assets/{version}/{*path}", get(asset))
        .route("/api/dashboard/scenarios", get(scenarios))
}

/// Sixteen hex digits of the sha256 of every embedded file (path and bytes).
pub fn fingerprint() -> &'static str {
    static FP: OnceLock<String> = OnceLock::new();
    FP.get_or_init(|| {
        let mut all = Vec::new();
        for a in ASSETS {
            all.extend_from_slice(a.path.as_bytes());
            all.push(0);
            all.extend_from_slice(a.bytes);
        }
        autopact_core::sha256_hex(&all)[..16].to_string()
    })
}

fn index_html() -> &'static str {
    static PAGE: OnceLock<String> = OnceLock::new();
    PAGE.get_or_init(|| INDEX.replace("{{assets}}", &format!("/assets/{}", fingerprint())))
}

/// Headers every dashboard response carries.
fn with_common_headers(
    mut res: Response,
    content_type: &'static str,
    cache: &'static str,
) -> Response {
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    res
}

/// `GET /`: the page.
async fn index() -> Response {
    let mut res = with_common_headers(
        index_html().into_response(),
        "text/html; charset=utf-8",
        "no-cache",
    );
    // Everything the page loads comes from this server; ECharts sets inline
    // styles on the elements it creates, hence 'unsafe-inline' for styles.
    res.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
        ),
    );
    res
}

/// The gzip form of every asset, made on first use.
fn gzipped(index: usize) -> &'static [u8] {
    static GZ: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    &GZ.get_or_init(|| {
        ASSETS
            .iter()
            .map(|a| {
                let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
                e.write_all(a.bytes).expect("gzip into memory");
                e.finish().expect("gzip into memory")
            })
            .collect()
    })[index]
}

fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|enc| {
            let mut parts = enc.split(';');
            let name = parts.next().unwrap_or("").trim();
            let refused = parts.any(|q| matches!(q.trim(), "q=0" | "q=0.0" | "q=0.00" | "q=0.000"));
            name.eq_ignore_ascii_case("gzip") && !refused
        })
}

/// `GET /assets/{version}/{*path}`: one embedded file.
async fn asset(Path((version, path)): Path<(String, String)>, headers: HeaderMap) -> Response {
    let Some((index, a)) = ASSETS.iter().enumerate().find(|(_, a)| a.path == path) else {
        return ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("no dashboard file {path:?}"),
        )
        .into_response();
    };
    let cache = if version == fingerprint() {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let mut res = if accepts_gzip(&headers) {
        let mut r = with_common_headers(gzipped(index).into_response(), a.content_type, cache);
        r.headers_mut()
            .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        r
    } else {
        with_common_headers(a.bytes.into_response(), a.content_type, cache)
    };
    res.headers_mut()
        .insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    res
}

/// One shipped scenario file.
#[derive(Debug, Serialize, ToSchema)]
pub struct ShippedScenario {
    /// File name without `.toml` (`scenarios/{id}.toml` in the repository).
    pub id: &'static str,
    /// The file's text, to send as `scenario` to `/api/scenario/run`.
    pub text: &'static str,
}

/// `GET /api/dashboard/scenarios`.
#[derive(Debug, Serialize, ToSchema)]
pub struct ScenarioList {
    /// Always `autopact.scenario-list/v1`.
    pub schema: &'static str,
    /// The scenario files shipped in `scenarios/`.
    pub scenarios: Vec<ShippedScenario>,
}

/// The scenario files shipped with autopact (for the dashboard's
/// "What does a tariff do?" view).
#[utoipa::path(get, path = "/api/dashboard/scenarios",
    responses((status = 200, body = ScenarioList)))]
pub async fn scenarios() -> Json<ScenarioList> {
    Json(ScenarioList {
        schema: SCENARIO_LIST_SCHEMA,
        scenarios: SHIPPED_SCENARIOS
            .iter()
            .map(|&(id, text)| ShippedScenario { id, text })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_asset_the_page_names_is_embedded() {
        let page = index_html();
        let prefix = format!("/assets/{}/", fingerprint());
        let mut named = 0;
        for part in page.split(&prefix).skip(1) {
            let path: String = part.chars().take_while(|c| *c != '"').collect();
            assert!(
                ASSETS.iter().any(|a| a.path == path),
                "index.html names {path}, which is not embedded"
            );
            named += 1;
        }
        assert!(named >= 3, "the page names {named} assets");
        assert!(!page.contains("{{"), "an unreplaced placeholder");
    }

    #[test]
    fn every_module_import_is_embedded() {
        for a in ASSETS
            .iter()
            .filter(|a| a.path.ends_with(".js") && !a.path.starts_with("vendor/"))
        {
            let text = std::str::from_utf8(a.bytes).unwrap();
            for line in text.lines().filter(|l| l.starts_with("import ")) {
                let spec = line.split(['\'', '"']).nth(1).unwrap();
                let base = a.path.rsplit_once('/').map_or("", |(d, _)| d);
                let mut parts: Vec<&str> = if base.is_empty() {
                    vec![]
                } else {
                    base.split('/').collect()
                };
                for seg in spec.split('/') {
                    match seg {
                        "." => {}
                        ".." => {
                            parts.pop();
                        }
                        s => parts.push(s),
                    }
                }
                let resolved = parts.join("/");
                assert!(
                    ASSETS.iter().any(|x| x.path == resolved),
                    "{} imports {spec} ({resolved}), which is not embedded",
                    a.path
                );
            }
        }
    }

    #[test]
    fn gzip_is_offered_only_when_accepted() {
        let h = |v: &'static str| {
            let mut m = HeaderMap::new();
            m.insert(header::ACCEPT_ENCODING, HeaderValue::from_static(v));
            m
        };
        assert!(accepts_gzip(&h("gzip, deflate, br")));
        assert!(accepts_gzip(&h("br;q=1.0, GZIP;q=0.5")));
        assert!(!accepts_gzip(&h("gzip;q=0")));
        assert!(!accepts_gzip(&h("identity")));
        assert!(!accepts_gzip(&HeaderMap::new()));
    }

    #[test]
    fn gzipped_assets_decompress_to_the_files() {
        use std::io::Read as _;
        for (i, a) in ASSETS.iter().enumerate() {
            let mut back = Vec::new();
            flate2::read::GzDecoder::new(gzipped(i))
                .read_to_end(&mut back)
                .unwrap();
            assert_eq!(back, a.bytes, "{}", a.path);
        }
    }

    #[test]
    fn shipped_scenarios_parse() {
        for (id, text) in SHIPPED_SCENARIOS {
            autopact_scenario::parse(&format!("{id}.toml"), text)
                .unwrap_or_else(|e| panic!("{id}: {e}"));
        }
    }
}
