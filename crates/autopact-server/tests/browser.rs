//! The dashboard in a real browser: Chromium driven through chromedriver
//! (WebDriver, the `fantoccini` client) against the server on a free
//! loopback port.
//!
//! Each view is loaded from a URL, and the numbers it draws are read back
//! from the charts themselves (`echarts.getInstanceByDom(el).getOption()`)
//! and from each chart's CSV download, and compared with the API's JSON for
//! the same request (relative 1e-9). The URL state is checked both ways: a
//! form change writes it, and a fresh load of that URL restores the form
//! and the numbers.
//!
//! Needs `chromium` and `chromedriver` on PATH (Debian: `apt-get install
//! chromium chromium-driver`), or their paths in `AUTOPACT_CHROMIUM` and
//! `AUTOPACT_CHROMEDRIVER`. Without them the test says so and passes, unless
//! `AUTOPACT_REQUIRE_BROWSER=1` (set by `.ci/run`), where it fails.
//!
//! `AUTOPACT_SCREENSHOTS=DIR` also saves a desktop and a phone screenshot of
//! every view into DIR (how docs/screenshots/ are made).

use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use autopact_server::{Limits, Session, app};
use axum::body::{Body, to_bytes};
use axum::http::{Request, StatusCode, header};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use tower::ServiceExt;

const TOLERANCE: f64 = 1e-9;

/// Finds a program named in `var` or on PATH.
fn program(var: &str, names: &[&str]) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(var) {
        let p = PathBuf::from(p);
        return p.is_file().then_some(p);
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

/// chromedriver in a process group of its own, which the browser it starts
/// joins; the whole group is ended when this is dropped, also when a check
/// panics before the WebDriver session is closed.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        #[cfg(unix)]
        let _ = Command::new("kill")
            .args(["-TERM", "--", &format!("-{}", self.0.id())])
            .stderr(Stdio::null())
            .status();
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_chromedriver(program: &Path, port: u16) -> Driver {
    let mut cmd = Command::new(program);
    cmd.arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
    Driver(
        cmd.spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", program.display())),
    )
}

fn free_port() -> u16 {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// What the test drives: the browser, the page's base URL and the app (for
/// the expected JSON, asked without a socket).
struct Page {
    client: Client,
    base: String,
    session: Arc<Session>,
}

impl Page {
    /// The API's answer to the same request the page makes.
    async fn api(&self, method: &str, path: &str, body: Option<Value>) -> (StatusCode, Value) {
        let req = Request::builder()
            .method(method)
            .uri(path)
            .header(header::CONTENT_TYPE, "application/json")
            .body(body.map_or_else(Body::empty, |b| Body::from(b.to_string())))
            .unwrap();
        let res = app(self.session.clone(), Limits::default())
            .oneshot(req)
            .await
            .unwrap();
        let status = res.status();
        let bytes = to_bytes(res.into_body(), usize::MAX).await.unwrap();
        (status, serde_json::from_slice(&bytes).unwrap())
    }

    async fn post(&self, path: &str, body: Value) -> Value {
        let (s, v) = self.api("POST", path, Some(body)).await;
        assert_eq!(s, StatusCode::OK, "{path}: {v}");
        v
    }

    async fn js(&self, script: &str, args: Vec<Value>) -> Value {
        self.client
            .execute(script, args)
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// Opens `#/{hash}` and waits until the view says it is ready.
    async fn open(&self, hash: &str) {
        // Mark the old page so that a late "ready" from it is not taken for
        // the new view's.
        let _ = self
            .client
            .execute(
                "if (document.body) document.body.dataset.state = 'stale';",
                vec![],
            )
            .await;
        self.client
            .goto(&format!("{}/#/{hash}", self.base))
            .await
            .unwrap();
        self.wait_ready(hash).await;
    }

    async fn wait_ready(&self, what: &str) {
        let start = Instant::now();
        loop {
            let state = self
                .js(
                    "return document.body ? document.body.dataset.state : null;",
                    vec![],
                )
                .await;
            match state.as_str() {
                Some("ready") => {
                    // Nothing the page wrote is a JavaScript slip.
                    let slips = self
                        .js(
                            "const t = document.getElementById('view').innerText; \
                             return ['[object', 'undefined', 'NaN', 'Infinity'].filter(w => t.includes(w));",
                            vec![],
                        )
                        .await;
                    assert_eq!(slips, json!([]), "the view {what} shows {slips}");
                    return;
                }
                Some("error") => {
                    let msg = self
                        .js("return [...document.querySelectorAll('.error')].map(e => e.textContent).join('\\n');", vec![])
                        .await;
                    panic!(
                        "the view {what} shows an error: {}",
                        msg.as_str().unwrap_or("")
                    );
                }
                _ if start.elapsed() > Duration::from_secs(90) => {
                    panic!("the view {what} was not ready after 90 s (state {state})")
                }
                _ => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    }

    /// The series of the chart in element `id`, as ECharts holds them.
    async fn series(&self, id: &str) -> Vec<Value> {
        self.option(id).await["series"].as_array().unwrap().clone()
    }

    /// The chart's whole option (functions dropped).
    async fn option(&self, id: &str) -> Value {
        let v = self
            .js(
                "const el = document.getElementById(arguments[0]); \
                 const c = el && echarts.getInstanceByDom(el); \
                 return c ? JSON.parse(JSON.stringify(c.getOption())) : null;",
                vec![json!(id)],
            )
            .await;
        assert!(v.is_object(), "no chart #{id} on the page");
        v
    }

    /// The CSV behind the chart's download link, as records keyed by the
    /// header (units stripped: `value_added [USD million]` → `value_added`).
    async fn csv(&self, id: &str) -> Vec<std::collections::HashMap<String, String>> {
        let text = self
            .client
            .execute_async(
                "const [id, done] = arguments; \
                 const a = document.querySelector(`a.csv[data-chart='${id}']`); \
                 if (!a) { done(null); return; } \
                 fetch(a.href).then(r => r.text()).then(done, e => done('fetch failed: ' + e));",
                vec![json!(id)],
            )
            .await
            .unwrap();
        let text = text
            .as_str()
            .unwrap_or_else(|| panic!("no CSV link for #{id}"));
        let mut r = csv::Reader::from_reader(text.as_bytes());
        let head: Vec<String> = r
            .headers()
            .unwrap()
            .iter()
            .map(|h| h.split(" [").next().unwrap().to_string())
            .collect();
        r.records()
            .map(|rec| {
                let rec = rec.unwrap();
                head.iter()
                    .cloned()
                    .zip(rec.iter().map(String::from))
                    .collect()
            })
            .collect()
    }

    async fn value_of(&self, selector: &str) -> String {
        self.js(
            "return document.querySelector(arguments[0]).value;",
            vec![json!(selector)],
        )
        .await
        .as_str()
        .unwrap()
        .to_string()
    }

    async fn hash(&self) -> String {
        self.client
            .current_url()
            .await
            .unwrap()
            .fragment()
            .unwrap_or("")
            .to_string()
    }
}

fn num(v: &Value) -> f64 {
    match v {
        Value::Number(n) => n.as_f64().unwrap(),
        Value::String(s) => s.parse().unwrap_or_else(|_| panic!("not a number: {s:?}")),
        other => panic!("not a number: {other}"),
    }
}

#[track_caller]
fn close(got: f64, want: f64, what: &str) {
    let scale = got.abs().max(want.abs());
    assert!(
        (got - want).abs() <= TOLERANCE * scale || (got - want).abs() < 1e-300,
        "{what}: the page has {got}, the API {want}"
    );
}

fn rows(v: &Value) -> &Vec<Value> {
    v["rows"]
        .as_array()
        .unwrap_or_else(|| panic!("no rows: {v}"))
}

// ---- the views -------------------------------------------------------------

const GOODS: &str = "c1,c2,c3,c4,c5,c6,c7,c8,c9,c10,c11,c12,c13,c14,c15,c16";

/// The Sankey's links and the jobs bars equal va-content and jobs.
async fn check_woven_numbers(p: &Page, sector: &str) {
    let links = p.series("chart-woven-sankey").await[0]["links"]
        .as_array()
        .unwrap()
        .clone();
    let jobs_series = p.series("chart-woven-jobs").await;
    let csv = p.csv("chart-woven-sankey").await;
    let mut n = 0;
    for (i, exporter) in ["CAN", "MEX"].into_iter().enumerate() {
        let req = json!({"exporter": exporter, "importer": "USA", "sector": sector});
        let mut va_req = req.clone();
        va_req["by"] = json!("source-region");
        let va = p.post("/api/va-content", va_req).await;
        let jobs = p.post("/api/jobs", req).await;
        for row in rows(&va) {
            let r = row["source_region"].as_str().unwrap();
            let link = links
                .iter()
                .find(|l| {
                    l["source"] == format!("{r} value added")
                        && l["target"] == format!("{exporter} exports to USA")
                })
                .unwrap_or_else(|| panic!("no Sankey link {r} → {exporter}"));
            close(
                num(&link["value"]),
                num(&row["value_added"]),
                &format!("VA {r}→{exporter}"),
            );
            let line = csv
                .iter()
                .find(|c| c["exporter"] == exporter && c["source_region"] == r)
                .unwrap_or_else(|| panic!("no CSV line {exporter} {r}"));
            close(
                num(&json!(line["value_added"])),
                num(&row["value_added"]),
                "CSV value_added",
            );
            close(num(&json!(line["share"])), num(&row["share"]), "CSV share");
            n += 1;
        }
        let bars = jobs_series[i]["data"].as_array().unwrap();
        assert_eq!(bars.len(), rows(&jobs).len());
        for (bar, row) in bars.iter().zip(rows(&jobs)) {
            close(
                num(bar),
                num(&row["jobs"]),
                &format!("jobs in {} ({exporter})", row["source_region"]),
            );
            let line = csv
                .iter()
                .find(|c| c["exporter"] == exporter && c["source_region"] == row["source_region"])
                .unwrap();
            close(num(&json!(line["jobs"])), num(&row["jobs"]), "CSV jobs");
        }
    }
    assert_eq!(n, links.len(), "one link per exporter × source region");
}

async fn woven(p: &Page) {
    p.open("woven?sector=c15").await;
    check_woven_numbers(p, "c15").await;

    // A form change writes the URL…
    p.client
        .find(Locator::Css("select[name=sector]"))
        .await
        .unwrap()
        .select_by_value("goods")
        .await
        .unwrap();
    p.wait_ready("woven (goods)").await;
    let hash = p.hash().await;
    assert_eq!(hash, "/woven?sector=goods");
    check_woven_numbers(p, GOODS).await;
    // …and a fresh load of that URL restores the form and the numbers.
    p.client.goto("about:blank").await.unwrap();
    p.client.goto(&format!("{}/#{hash}", p.base)).await.unwrap();
    p.wait_ready("woven (reloaded)").await;
    assert_eq!(p.value_of("select[name=sector]").await, "goods");
    check_woven_numbers(p, GOODS).await;
}

/// The heatmap, consumer-price and jobs charts equal the API's tables.
async fn check_tariff_charts(p: &Page, sectors: &Value, regions: &Value, jobs: &Value) {
    let opt = p.option("chart-tariff-heatmap").await;
    let xs = opt["xAxis"][0]["data"].as_array().unwrap();
    let ys = opt["yAxis"][0]["data"].as_array().unwrap();
    let cells = opt["series"][0]["data"].as_array().unwrap();
    assert_eq!(cells.len(), rows(sectors).len());
    for row in rows(sectors) {
        let cell = cells
            .iter()
            .find(|c| {
                xs[c[0].as_u64().unwrap() as usize] == row["sector"]
                    && ys[c[1].as_u64().unwrap() as usize] == row["region"]
            })
            .unwrap_or_else(|| panic!("no heatmap cell {} {}", row["region"], row["sector"]));
        close(num(&cell[2]), num(&row["price_change"]), "price_change");
    }
    let csv = p.csv("chart-tariff-heatmap").await;
    assert_eq!(csv.len(), rows(sectors).len());
    for (line, row) in csv.iter().zip(rows(sectors)) {
        assert_eq!(line["region"], row["region"].as_str().unwrap());
        close(
            num(&json!(line["price_change"])),
            num(&row["price_change"]),
            "CSV price_change",
        );
    }
    let cons = p.series("chart-tariff-consumer").await;
    for (bar, row) in cons[0]["data"]
        .as_array()
        .unwrap()
        .iter()
        .zip(rows(regions))
    {
        close(
            num(bar),
            num(&row["consumer_price_change"]),
            "consumer price",
        );
    }
    assert_eq!(
        cons[0]["data"].as_array().unwrap().len(),
        rows(regions).len()
    );
    let jobs_series = p.series("chart-tariff-jobs").await;
    for (k, col) in ["jobs_change", "jobs_exposed"].iter().enumerate() {
        let data = jobs_series[k]["data"].as_array().unwrap();
        assert_eq!(data.len(), rows(jobs).len());
        for (bar, row) in data.iter().zip(rows(jobs)) {
            close(num(bar), num(&row[*col]), col);
        }
    }
    let csv = p.csv("chart-tariff-jobs").await;
    for (line, row) in csv.iter().zip(rows(jobs)) {
        close(
            num(&json!(line["jobs_change"])),
            num(&row["jobs_change"]),
            "CSV jobs_change",
        );
    }
}

async fn tariff(p: &Page) {
    p.open("tariff?mode=scenario&scenario=us-2025-hand-typed")
        .await;
    let (_, list) = p.api("GET", "/api/dashboard/scenarios", None).await;
    let text = list["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "us-2025-hand-typed")
        .unwrap()["text"]
        .clone();
    let run = p.post("/api/scenario/run", json!({"scenario": text})).await;
    let t = &run["tables"];
    check_tariff_charts(
        p,
        &t["scenario-sectors"],
        &t["scenario-regions"],
        &t["scenario-regions"],
    )
    .await;
    assert_eq!(
        p.value_of("select[name=scenario]").await,
        "us-2025-hand-typed"
    );

    // Wedges typed in the form → the URL → the numbers of /api/price and /api/jobs.
    p.client
        .find(Locator::Css("select[name=mode]"))
        .await
        .unwrap()
        .select_by_value("wedges")
        .await
        .unwrap();
    p.wait_ready("tariff (wedges)").await;
    let typed = "USA:CAN:c15:0.25\nUSA:MEX:*:0.1";
    p.js(
        "const t = document.querySelector('textarea[name=t]'); t.value = arguments[0]; \
         t.form.requestSubmit();",
        vec![json!(typed)],
    )
    .await;
    p.wait_ready("tariff (typed)").await;
    let hash = p.hash().await;
    assert_eq!(
        hash,
        "/tariff?mode=wedges&t=USA%3ACAN%3Ac15%3A0.25%3BUSA%3AMEX%3A*%3A0.1"
    );
    let tariffs = json!(["USA:CAN:c15:0.25", "USA:MEX:*:0.1"]);
    let sectors = p
        .post(
            "/api/price",
            json!({"tariff": tariffs, "by": "region-sector"}),
        )
        .await;
    let regions = p
        .post("/api/price", json!({"tariff": tariffs, "by": "region"}))
        .await;
    let jobs = p.post("/api/jobs", json!({"tariff": tariffs})).await;
    p.client.goto("about:blank").await.unwrap();
    p.client.goto(&format!("{}/#{hash}", p.base)).await.unwrap();
    p.wait_ready("tariff (reloaded)").await;
    assert_eq!(p.value_of("textarea[name=t]").await, typed);
    check_tariff_charts(p, &sectors, &regions, &jobs).await;

    // A rate typed without its % is refused, with the question.
    p.js("document.body.dataset.state = 'stale';", vec![]).await;
    p.client
        .goto(&format!(
            "{}/#/tariff?mode=wedges&t=USA%3ACAN%3Ac15%3A25",
            p.base
        ))
        .await
        .unwrap();
    let shown = wait_error(p, "tariff (25 without %)").await;
    assert!(shown.contains("did you mean 25%?"), "{shown}");

    // A shipped scenario whose rates come from the law runs on the server
    // (its rates derived there) and points to the law mode.
    p.open("tariff?mode=scenario&scenario=us-2025-tariffs")
        .await;
    let text = list["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "us-2025-tariffs")
        .unwrap()["text"]
        .clone();
    let run = p.post("/api/scenario/run", json!({"scenario": text})).await;
    let t = &run["tables"];
    check_tariff_charts(
        p,
        &t["scenario-sectors"],
        &t["scenario-regions"],
        &t["scenario-regions"],
    )
    .await;
    let link = p
        .js(
            "return document.querySelector('#tariff-from-law a').getAttribute('href');",
            vec![],
        )
        .await;
    assert_eq!(link, json!("#/tariff?mode=law&date=2025-10-01"));

    // The law on a date: its effective rates drawn, and applied as wedges.
    p.open("tariff?mode=law&date=2025-10-01").await;
    let wedges = p
        .post("/api/wedges", json!({"date": "2025-10-01", "by": "sector"}))
        .await;
    let opt = p.option("chart-tariff-wedges").await;
    let xs = opt["xAxis"][0]["data"].as_array().unwrap();
    let ys = opt["yAxis"][0]["data"].as_array().unwrap();
    let cells = opt["series"][0]["data"].as_array().unwrap();
    assert_eq!(cells.len(), rows(&wedges).len());
    let mut tariffs = Vec::new();
    for (cell, row) in cells.iter().zip(rows(&wedges)) {
        assert_eq!(xs[cell[0].as_u64().unwrap() as usize], row["sector"]);
        assert_eq!(ys[cell[1].as_u64().unwrap() as usize], row["exporter"]);
        close(num(&cell[2]), num(&row["rate"]), "effective rate");
        if num(&row["rate"]) > 0.0 {
            tariffs.push(format!(
                "{}:{}:{}:{}",
                row["importer"].as_str().unwrap(),
                row["exporter"].as_str().unwrap(),
                row["sector"].as_str().unwrap(),
                row["rate"].as_str().unwrap()
            ));
        }
    }
    assert!(tariffs.len() > 10, "{tariffs:?}");
    // Estimated cells carry a ▲ (series 1), one per row resting on proxy
    // weights, and the API's warnings are printed under the chart.
    let marks = opt["series"][1]["data"].as_array().unwrap();
    let proxied: Vec<&Value> = rows(&wedges)
        .iter()
        .filter(|r| r["proxy"] == true || num(&r["proxy_share"]) > 0.0)
        .collect();
    assert!(!proxied.is_empty());
    assert_eq!(marks.len(), proxied.len());
    for (m, r) in marks.iter().zip(&proxied) {
        assert_eq!(xs[m[0].as_u64().unwrap() as usize], r["sector"]);
        assert_eq!(ys[m[1].as_u64().unwrap() as usize], r["exporter"]);
    }
    assert_eq!(opt["series"][1]["name"], "estimated (proxy weights)");
    let warnings = p
        .js(
            "const w = document.getElementById('wedge-warnings'); return w ? w.innerText : '';",
            vec![],
        )
        .await;
    let warnings = warnings.as_str().unwrap();
    for (k, v) in wedges["meta"].as_object().unwrap() {
        if k.starts_with("flag_") || k == "proxy" {
            assert!(
                warnings.contains(v.as_str().unwrap()),
                "warning {k} not on the page"
            );
        }
    }
    let csv = p.csv("chart-tariff-wedges").await;
    assert_eq!(csv.len(), rows(&wedges).len());
    for (line, row) in csv.iter().zip(rows(&wedges)) {
        assert_eq!(line["rate"], row["rate"].as_str().unwrap());
    }
    let law = json!("2025-10-01");
    let sectors = p
        .post("/api/price", json!({"law": law, "by": "region-sector"}))
        .await;
    let regions = p
        .post("/api/price", json!({"law": law, "by": "region"}))
        .await;
    let jobs = p.post("/api/jobs", json!({"law": law})).await;
    check_tariff_charts(p, &sectors, &regions, &jobs).await;

    // The law's monthly rates against the published collected rates: the
    // chart's lines are the API's numbers, a month without a published
    // rate is a gap (null), never a 0.
    let rec = p
        .post(
            "/api/wedges",
            json!({"series": true, "collected": "published"}),
        )
        .await;
    let opt = p.option("chart-rates-vs-collected").await;
    let months = opt["xAxis"][0]["data"].as_array().unwrap().clone();
    let mut checked = 0;
    for s in opt["series"].as_array().unwrap() {
        let name = s["name"].as_str().unwrap();
        let (x, col) = match name.split_once(' ') {
            Some((x, "law (model)")) => (x, "model_rate"),
            Some((x, "collected")) => (x, "collected_rate"),
            _ => panic!("unexpected series {name}"),
        };
        for (m, v) in months.iter().zip(s["data"].as_array().unwrap()) {
            match rows(&rec)
                .iter()
                .find(|r| r["month"] == *m && r["exporter"] == json!(x))
            {
                Some(r) if r[col].is_null() => assert!(v.is_null(), "{name} {m}: {v}"),
                Some(r) => {
                    close(num(v), num(&r[col]), &format!("{name} {m}"));
                    checked += 1;
                }
                None => panic!("{name} {m}: no row in the API's answer"),
            }
        }
    }
    assert!(checked >= 30, "{checked}");
    let csv = p.csv("chart-rates-vs-collected").await;
    assert_eq!(csv.len(), rows(&rec).len());

    check_timeline(p, "all").await;
    // Every chart exports PNG and SVG; CSV files are named after what
    // they hold.
    let counts = p
        .js(
            "return [document.querySelectorAll('.card .chart').length, \
                     document.querySelectorAll('.card button.png').length, \
                     document.querySelectorAll('.card button.svg').length, \
                     document.querySelector('a.csv[data-chart=chart-tariff-heatmap]').getAttribute('download')];",
            vec![],
        )
        .await;
    assert_eq!(counts[0], counts[1], "{counts}");
    assert_eq!(counts[0], counts[2], "{counts}");
    assert_eq!(
        counts[3],
        json!("tariff-law-2025-10-01-cost-by-region-sector.csv")
    );
    // The time view: a sector's line, then the slider moves the heatmaps'
    // date to the 15th of the month it points at.
    p.js("document.body.dataset.state = 'stale';", vec![]).await;
    p.client
        .find(Locator::Css("select[name=ts]"))
        .await
        .unwrap()
        .select_by_value("c15")
        .await
        .unwrap();
    p.wait_ready("tariff (timeline c15)").await;
    assert_eq!(p.hash().await, "/tariff?mode=law&date=2025-10-01&ts=c15");
    check_timeline(p, "c15").await;
    p.js("document.body.dataset.state = 'stale';", vec![]).await;
    p.js(
        "const s = document.querySelector('input[name=month]'); \
         const months = echarts.getInstanceByDom(document.getElementById('chart-tariff-timeline')).getOption().xAxis[0].data; \
         s.value = months.indexOf('2025-06'); s.dispatchEvent(new Event('change'));",
        vec![],
    )
    .await;
    p.wait_ready("tariff (slider)").await;
    assert_eq!(p.hash().await, "/tariff?mode=law&date=2025-06-15&ts=c15");
    let june = p
        .post("/api/wedges", json!({"date": "2025-06-15", "by": "sector"}))
        .await;
    let cells = p.series("chart-tariff-wedges").await[0]["data"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(cells.len(), rows(&june).len());
    for (cell, row) in cells.iter().zip(rows(&june)) {
        close(
            num(&cell[2]),
            num(&row["rate"]),
            "effective rate on 2025-06-15",
        );
    }
}

/// The time chart's lines are the API's monthly series of `sector`, and
/// its event marks are the months in which US measures start.
async fn check_timeline(p: &Page, sector: &str) {
    let want = p.post("/api/wedges", json!({"series": true})).await;
    let opt = p.option("chart-tariff-timeline").await;
    let months = opt["xAxis"][0]["data"].as_array().unwrap().clone();
    let series = opt["series"].as_array().unwrap();
    assert_eq!(series.len(), 2, "CAN and MEX");
    let mut checked = 0;
    for s in series {
        let x = s["name"].as_str().unwrap().split(' ').next().unwrap();
        for (m, v) in months.iter().zip(s["data"].as_array().unwrap()) {
            let r = rows(&want)
                .iter()
                .find(|r| r["month"] == *m && r["exporter"] == json!(x) && r["sector"] == sector)
                .unwrap_or_else(|| panic!("{x} {sector} {m}: no row"));
            close(
                num(v),
                num(&r["rate"]) * 100.0,
                &format!("{x} {sector} {m}"),
            );
            checked += 1;
        }
    }
    assert!(checked >= 20, "{checked}");
    let (_, ev) = p.api("GET", "/api/law/events", None).await;
    let marks: Vec<String> = series[0]["markLine"]["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["xAxis"].as_str().unwrap().to_string())
        .collect();
    assert!(!marks.is_empty());
    for m in &marks {
        assert!(months.contains(&json!(m)), "{m}");
        assert!(
            ev["events"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["date"].as_str().unwrap().starts_with(m.as_str())),
            "no measure starts in {m}"
        );
    }
    // The 2025-03 tariffs on Canada and Mexico (IEEPA) are marked.
    assert!(marks.contains(&"2025-03".to_string()), "{marks:?}");
    let csv = p.csv("chart-tariff-timeline").await;
    assert!(csv.iter().all(|r| r["sector"] == sector));
}

/// Counts the nodes of an explanation tree.
fn tree_nodes(n: &Value) -> usize {
    1 + n["children"]
        .as_array()
        .map_or(0, |c| c.iter().map(tree_nodes).sum())
}

/// The stacked bar holds one series per layer, each the layer's amount; the
/// CSV the layers; the tree every node of the explanation.
async fn check_duty(p: &Page, req: Value) {
    let want = p.post("/api/duty", req).await;
    let layers = want["layers"].as_array().unwrap();
    let series = p.series("chart-duty-layers").await;
    assert_eq!(series.len(), layers.len(), "one bar segment per layer");
    for (s, l) in series.iter().zip(layers) {
        close(
            num(&s["data"][0]),
            num(&l["amount"]),
            &format!("layer {}", l["measure_id"]),
        );
        assert!(
            s["name"]
                .as_str()
                .unwrap()
                .contains(l["heading"].as_str().unwrap())
        );
    }
    let csv = p.csv("chart-duty-layers").await;
    assert_eq!(csv.len(), layers.len());
    for (line, l) in csv.iter().zip(layers) {
        for k in [
            "measure_id",
            "heading",
            "base",
            "rate",
            "amount",
            "citation",
        ] {
            assert_eq!(line[k], l[k].as_str().unwrap(), "CSV {k}");
        }
    }
    let total = p
        .js(
            "return document.getElementById('duty-total').textContent;",
            vec![],
        )
        .await;
    let shown: f64 = total
        .as_str()
        .unwrap()
        .rsplit(' ')
        .next()
        .unwrap()
        .replace(',', "")
        .parse()
        .unwrap();
    close(shown, num(&want["total_duty"]), "total duty");
    let nodes = p
        .js(
            "return document.querySelectorAll('#duty-explanation li').length;",
            vec![],
        )
        .await;
    assert_eq!(
        nodes.as_u64().unwrap() as usize,
        tree_nodes(&want["explanation"])
    );
}

async fn duty(p: &Page) {
    p.open("duty?importer=US&date=2025-10-01&hts=8703.23.01&origin=JP&value=40000")
        .await;
    check_duty(
        p,
        json!({"importer": "US", "date": "2025-10-01", "hts": "8703.23.01", "origin": "JP", "value": "40000"}),
    )
    .await;
    // Fill the form: a USMCA-qualifying Canadian vehicle with US content.
    p.js(
        "const f = document.querySelector('main form'); \
         f.origin.value = 'CA'; f.us_content.value = '16000'; f.usmca_qualifying.checked = true; \
         f.requestSubmit();",
        vec![],
    )
    .await;
    p.wait_ready("duty (form)").await;
    let hash = p.hash().await;
    assert_eq!(
        hash,
        "/duty?importer=US&date=2025-10-01&hts=8703.23.01&origin=CA&value=40000&us_content=16000&usmca_qualifying=1"
    );
    p.client.goto("about:blank").await.unwrap();
    p.client.goto(&format!("{}/#{hash}", p.base)).await.unwrap();
    p.wait_ready("duty (reloaded)").await;
    assert_eq!(p.value_of("input[name=origin]").await, "CA");
    assert_eq!(p.value_of("input[name=us_content]").await, "16000");
    let checked = p
        .js(
            "return document.querySelector('input[name=usmca_qualifying]').checked;",
            vec![],
        )
        .await;
    assert_eq!(checked, json!(true));
    check_duty(
        p,
        json!({"importer": "US", "date": "2025-10-01", "hts": "8703.23.01", "origin": "CA",
               "value": "40000", "us_content": "16000", "usmca_qualifying": true}),
    )
    .await;
}

/// The waterfall: net cost, minus each direct non-originating material
/// (largest first) and any VNM deeper in the BOM, then NC − VNM; the
/// threshold line at threshold × NC.
async fn check_roo(p: &Page, req: Value) {
    let want = p.post("/api/roo", req).await;
    let nc = num(&want["net_cost"]);
    let vnm = num(&want["vnm"]);
    let mut direct: Vec<(String, f64)> = want["components"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["level"] == 1 && num(&c["vnm"]) > 0.0)
        .map(|c| (c["part_id"].as_str().unwrap().to_string(), num(&c["vnm"])))
        .collect();
    direct.sort_by(|a, b| b.1.total_cmp(&a.1));
    let opt = p.option("chart-roo-waterfall").await;
    let labels = opt["xAxis"][0]["data"].as_array().unwrap();
    let base = opt["series"][0]["data"].as_array().unwrap();
    let shown = opt["series"][1]["data"].as_array().unwrap();
    let n = labels.len();
    close(num(&shown[0]), nc, "net cost bar");
    close(num(&shown[n - 1]), nc - vnm, "originating value bar");
    let mut running = nc;
    let mut steps_total = 0.0;
    for k in 1..n - 1 {
        let step = num(&shown[k]);
        running -= step;
        steps_total += step;
        close(num(&base[k]), running, "waterfall base");
        if let Some((id, v)) = direct.get(k - 1) {
            assert_eq!(labels[k], json!(id));
            close(step, *v, &format!("VNM of {id}"));
        }
    }
    close(steps_total, vnm, "the steps add up to VNM");
    let rvc = want["tests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "rvc")
        .unwrap();
    let line = &opt["series"][1]["markLine"]["data"][0]["yAxis"];
    close(
        num(line),
        num(&rvc["threshold"]) * nc / 100.0,
        "threshold line",
    );
    let rows = p
        .js(
            "return document.querySelectorAll('#roo-tests tr').length - 1;",
            vec![],
        )
        .await;
    assert_eq!(
        rows.as_u64().unwrap() as usize,
        want["tests"].as_array().unwrap().len()
    );
    let outcome = p
        .js(
            "return document.getElementById('roo-outcome').textContent;",
            vec![],
        )
        .await;
    let originating = want["originating"].as_bool().unwrap();
    assert_eq!(
        outcome,
        json!(if want["outcome"] == "incomplete" {
            "Not shown to be originating (a test was not evaluated)"
        } else if originating {
            "Originating"
        } else {
            "Not originating"
        })
    );
    // Four states: a test the engine did not evaluate is never drawn as
    // FAILED (or passed); it says "not evaluated" with the reason.
    let results = p
        .js(
            "return [...document.querySelectorAll('#roo-tests tr')].slice(1).map(tr => tr.children[4].textContent);",
            vec![],
        )
        .await;
    for (t, shown) in want["tests"]
        .as_array()
        .unwrap()
        .iter()
        .zip(results.as_array().unwrap())
    {
        let shown = shown.as_str().unwrap();
        match t["passed"].as_bool() {
            Some(true) => assert_eq!(shown, "passed"),
            Some(false) => assert_eq!(shown, "FAILED"),
            None => {
                assert!(
                    shown.starts_with("not evaluated: "),
                    "{} shows {shown}",
                    t["name"]
                );
                assert!(!shown.contains("not evaluated: not evaluated"), "{shown}");
            }
        }
    }
    let csv = p.csv("chart-roo-waterfall").await;
    assert_eq!(csv.len(), n);
    close(num(&json!(csv[0]["amount"])), nc, "CSV net cost");
}

const SMALL_BOM: &str = "part_id,parent_id,description,hs,origin,originating,supplier,unit_value,qty\n\
car,,Car,8703.23.01,CA,,,30000,1\n\
engine,car,Engine,8407.34,MX,yes,S1,4000,1\n\
seats,car,Seats,9401.20,CN,no,S3,1800,1\n\
bolt,engine,Bolt,7318.15,CN,no,S2,0.25,40\n";

async fn roo(p: &Page) {
    p.open("roo?vehicle=china-ev&date=2025-10-01").await;
    check_roo(p, json!({"vehicle": "china-ev", "date": "2025-10-01"})).await;
    // china-ev: aluminum has no purchase data, so its test is not evaluated.
    let aluminum = p
        .js(
            "return [...document.querySelectorAll('#roo-tests tr')].find(tr => tr.children[0].textContent === 'aluminum').children[4].textContent;",
            vec![],
        )
        .await;
    assert_eq!(aluminum, json!("not evaluated: no aluminum purchase data"));
    // The vehicle picker writes the address; a reload restores it.
    p.client
        .find(Locator::Css("select[name=vehicle]"))
        .await
        .unwrap()
        .select_by_value("mexico-pickup")
        .await
        .unwrap();
    p.wait_ready("roo (picked)").await;
    let hash = p.hash().await;
    assert_eq!(hash, "/roo?vehicle=mexico-pickup&date=2025-10-01");
    p.client.goto("about:blank").await.unwrap();
    p.client.goto(&format!("{}/#{hash}", p.base)).await.unwrap();
    p.wait_ready("roo (reloaded)").await;
    assert_eq!(p.value_of("select[name=vehicle]").await, "mexico-pickup");
    check_roo(p, json!({"vehicle": "mexico-pickup", "date": "2025-10-01"})).await;
    // An uploaded BOM.
    let dir = std::env::temp_dir().join(format!("autopact-browser-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("small-bom.csv");
    std::fs::write(&file, SMALL_BOM).unwrap();
    p.js("document.body.dataset.state = 'stale';", vec![]).await;
    p.client
        .find(Locator::Css("input[name=bom]"))
        .await
        .unwrap()
        .send_keys(file.to_str().unwrap())
        .await
        .unwrap();
    p.wait_ready("roo (upload)").await;
    assert_eq!(p.hash().await, "/roo?source=upload&date=2025-10-01");
    check_roo(p, json!({"bom": SMALL_BOM, "date": "2025-10-01"})).await;
    // A new date and Check keep the upload as the subject…
    p.js("document.body.dataset.state = 'stale';", vec![]).await;
    p.js(
        "const d = document.querySelector('input[name=date]'); d.value = '2025-11-03'; d.form.requestSubmit();",
        vec![],
    )
    .await;
    p.wait_ready("roo (upload, new date)").await;
    assert_eq!(p.hash().await, "/roo?source=upload&date=2025-11-03");
    check_roo(p, json!({"bom": SMALL_BOM, "date": "2025-11-03"})).await;
    // …until it is removed.
    p.js("document.body.dataset.state = 'stale';", vec![]).await;
    p.client
        .find(Locator::Id("roo-remove-upload"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    p.wait_ready("roo (upload removed)").await;
    assert_eq!(p.hash().await, "/roo?vehicle=ontario-suv&date=2025-11-03");
    check_roo(p, json!({"vehicle": "ontario-suv", "date": "2025-11-03"})).await;
    // An XLSX workbook goes as base64.
    use base64::Engine as _;
    let xlsx =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/seeds/bom_csv/bom.xlsx");
    let bytes = std::fs::read(&xlsx).unwrap();
    p.js("document.body.dataset.state = 'stale';", vec![]).await;
    p.client
        .find(Locator::Css("input[name=bom]"))
        .await
        .unwrap()
        .send_keys(xlsx.canonicalize().unwrap().to_str().unwrap())
        .await
        .unwrap();
    p.wait_ready("roo (XLSX upload)").await;
    let b64 = base64::engine::general_purpose::STANDARD.encode(bytes);
    check_roo(p, json!({"bom_xlsx": b64, "date": "2025-10-01"})).await;
    let _ = std::fs::remove_dir_all(&dir);
}

/// Compare: the bars are the API's scenario diff of the two scenario
/// files the page shows, the heatmap B − A of their runs.
async fn compare(p: &Page) {
    p.open("compare?a=law:2025-10-01&b=scenario:us-2025-hand-typed")
        .await;
    let text = |id: &'static str| async move {
        p.js(
            "return document.getElementById(arguments[0]).textContent;",
            vec![json!(id)],
        )
        .await
        .as_str()
        .unwrap()
        .to_string()
    };
    let (a, b) = (text("compare-a-toml").await, text("compare-b-toml").await);
    assert!(a.contains("from_law = { date = \"2025-10-01\" }"), "{a}");
    let diff = p.post("/api/scenario/diff", json!({"a": a, "b": b})).await;
    for (id, ind) in [
        ("chart-compare-consumer", "consumer_price_change"),
        ("chart-compare-jobs", "jobs_change"),
        ("chart-compare-revenue", "tariff_revenue"),
    ] {
        let series = p.series(id).await;
        let want: Vec<&Value> = rows(&diff)
            .iter()
            .filter(|r| r["indicator"] == ind)
            .collect();
        assert!(!want.is_empty(), "{ind}");
        for (k, col) in ["a", "b", "b_minus_a"].iter().enumerate() {
            let data = series[k]["data"].as_array().unwrap();
            assert_eq!(data.len(), want.len());
            for (v, r) in data.iter().zip(&want) {
                close(
                    num(v),
                    num(&r[*col]),
                    &format!("{ind} {col} {}", r["region"]),
                );
            }
        }
    }
    let ra = p.post("/api/scenario/run", json!({"scenario": a})).await;
    let rb = p.post("/api/scenario/run", json!({"scenario": b})).await;
    let (sa, sb) = (
        rows(&ra["tables"]["scenario-sectors"]),
        rows(&rb["tables"]["scenario-sectors"]),
    );
    let csv = p.csv("chart-compare-heatmap").await;
    assert_eq!(csv.len(), sa.len());
    for ((line, x), y) in csv.iter().zip(sa).zip(sb) {
        close(
            num(&json!(line["b_minus_a"])),
            num(&y["price_change"]) - num(&x["price_change"]),
            "B − A cost",
        );
    }
    // Landed cost: A is the law on 2025-10-01 (the duty engine at the
    // border), B the typed scenario (its wedges); the bars equal the API's.
    let landed = p
        .post(
            "/api/scenario/landed-cost",
            json!({"a": a, "b": b, "a_law": "2025-10-01"}),
        )
        .await;
    let lrows = rows(&landed);
    let series = p.series("chart-compare-landed").await;
    let regimes: Vec<&Value> = {
        let mut seen: Vec<&Value> = Vec::new();
        for r in lrows {
            if !seen.contains(&&r["regime"]) {
                seen.push(&r["regime"]);
            }
        }
        seen
    };
    assert_eq!(regimes.len(), 2, "two regimes");
    let cost = |v: &Value, g: &Value| {
        num(&lrows
            .iter()
            .find(|r| &r["vehicle"] == v && &r["regime"] == g)
            .unwrap()["landed_cost"])
    };
    let vehicles: Vec<&Value> = lrows
        .iter()
        .filter(|r| &r["regime"] == regimes[0])
        .map(|r| &r["vehicle"])
        .collect();
    assert_eq!(vehicles.len(), 7, "every reference vehicle");
    for (k, v) in vehicles.iter().enumerate() {
        let (ca, cb) = (cost(v, regimes[0]), cost(v, regimes[1]));
        close(num(&series[0]["data"][k]), ca, &format!("landed A {v}"));
        close(num(&series[1]["data"][k]), cb, &format!("landed B {v}"));
        close(
            num(&series[2]["data"][k]),
            cb - ca,
            &format!("landed B − A {v}"),
        );
    }
    // Typed wedges on both sides, one written with %, one as a fraction.
    p.open("compare?a=wedges:USA:CAN:c15:25%25&b=wedges:USA:CAN:c15:0.25")
        .await;
    let series = p.series("chart-compare-consumer").await;
    for v in series[2]["data"].as_array().unwrap() {
        assert!(num(v).abs() < 1e-12, "25% and 0.25 differ: {v}");
    }
}

/// A slow view shows a spinner with Cancel; a date outside the data is
/// refused with a button that puts the nearest date with data in its place.
async fn busy_and_errors(p: &Page) {
    p.js("document.body.dataset.state = 'stale';", vec![]).await;
    p.client
        .goto(&format!("{}/#/tariff?mode=law&date=2025-05-20", p.base))
        .await
        .unwrap();
    let start = Instant::now();
    loop {
        let busy = p
            .js("return !!document.getElementById('busy-cancel');", vec![])
            .await;
        if busy == json!(true) {
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(20), "no spinner");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    p.client
        .find(Locator::Id("busy-cancel"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let state = p.js("return document.body.dataset.state;", vec![]).await;
    assert_eq!(state, json!("cancelled"));
    let gone = p
        .js("return !document.getElementById('busy');", vec![])
        .await;
    assert_eq!(gone, json!(true));

    p.js("document.body.dataset.state = 'stale';", vec![]).await;
    p.client
        .goto(&format!("{}/#/tariff?mode=law&date=2023-06-01", p.base))
        .await
        .unwrap();
    let shown = wait_error(p, "tariff (date outside the data)").await;
    assert!(shown.contains("nearest date with data"), "{shown}");
    assert!(!shown.contains("--weights"), "{shown}");
    let first = autopact_data::trade::shipped_months()[0];
    p.js("document.body.dataset.state = 'stale';", vec![]).await;
    p.client
        .find(Locator::Id("error-fix"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    p.wait_ready("tariff (nearest month)").await;
    assert_eq!(p.hash().await, format!("/tariff?mode=law&date={first}-15"));

    // A cleared box is refused by the form, never replaced by a default.
    p.client.goto("about:blank").await.unwrap();
    p.client
        .goto(&format!(
            "{}/#/duty?importer=US&date=2025-10-01&hts=8703.23.01&origin=JP&value=41000",
            p.base
        ))
        .await
        .unwrap();
    p.wait_ready("duty (before clearing a box)").await;
    let before = p.hash().await;
    let refused = p
        .js(
            "const f = document.querySelector('main form'); f.hts.value = ''; f.requestSubmit(); \
             return f.hts.validity.valueMissing;",
            vec![],
        )
        .await;
    assert_eq!(refused, json!(true));
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(p.hash().await, before);
}

/// Waits until the view shows an error; its text.
async fn wait_error(p: &Page, what: &str) -> String {
    let start = Instant::now();
    loop {
        let state = p
            .js(
                "return document.body ? document.body.dataset.state : null;",
                vec![],
            )
            .await;
        match state.as_str() {
            Some("error") => {
                return p
                    .js("return [...document.querySelectorAll('.error')].map(e => e.textContent).join('\\n');", vec![])
                    .await
                    .as_str()
                    .unwrap()
                    .to_string();
            }
            Some("ready") => panic!("the view {what} showed no error"),
            _ if start.elapsed() > Duration::from_secs(90) => panic!("{what}: no error after 90 s"),
            _ => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
}

// ---- screenshots -------------------------------------------------------------

/// The HTML report (`autopact report` renders it with `autopact-brief`)
/// fits a 390-px phone: the page never scrolls sideways; wide tables
/// scroll inside their own box. Built here from the report's own pieces —
/// real result tables of the built-in table (350 rows × 6 columns of
/// multipliers, value added by source), a chart, and a long unbroken word.
async fn report_fits_a_phone(p: &Page, m: &autopact_mrio::Mrio) {
    use autopact_brief::{Bar, BarChart, Block, Report, Section, bar_chart_svg};
    let l = autopact_mrio::Leontief::of(m).unwrap();
    let multipliers =
        autopact_report::multipliers::build(m, &l, &serde_json::from_value(json!({})).unwrap())
            .unwrap();
    let va = autopact_report::va_content::build(
        m,
        &l,
        &serde_json::from_value(json!({"exporter": "CAN", "importer": "USA"})).unwrap(),
    )
    .unwrap();
    let chart = BarChart {
        title: "A chart".into(),
        unit: "USD".into(),
        series: vec!["part".into()],
        bars: (0..12)
            .map(|k| Bar {
                label: format!("a long label of a bar number {k}"),
                values: vec![10.0 + k as f64],
            })
            .collect(),
    };
    let report = Report {
        title: "North American autos: what Canada and Mexico put into US-built vehicles".into(),
        subtitle: "a subtitle with a long unbroken name: USA_c15_transport_equipment_and_other_manufacturing_of_vehicles".into(),
        sections: vec![Section {
            id: "s".into(),
            title: "Results".into(),
            blocks: vec![
                Block::Paragraph("Supercalifragilisticexpialidocious-and-longer-still-without-any-space-at-all-0123456789".into()),
                Block::Figure {
                    id: "chart".into(),
                    caption: "A chart".into(),
                    svg: bar_chart_svg(&chart),
                },
                Block::Table {
                    id: "multipliers".into(),
                    caption: "Multipliers".into(),
                    table: multipliers,
                },
                Block::Table {
                    id: "va".into(),
                    caption: "Value added".into(),
                    table: va,
                },
            ],
        }],
    };
    let html = report.render_named(&autopact_report::readable::code_name);
    let dir = std::env::temp_dir().join(format!("autopact-report-phone-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("report.html");
    std::fs::write(&file, html).unwrap();
    p.client.set_window_size(390, 900).await.unwrap();
    p.client
        .goto(&format!("file://{}", file.display()))
        .await
        .unwrap();
    let widths = p
        .js(
            "return [document.documentElement.scrollWidth, document.documentElement.clientWidth];",
            vec![],
        )
        .await;
    let (scroll, client) = (num(&widths[0]), num(&widths[1]));
    assert!(
        scroll <= client,
        "the report scrolls sideways on a phone: {scroll} px of content in {client} px"
    );
    p.client.set_window_size(1280, 1000).await.unwrap();
    std::fs::remove_dir_all(&dir).ok();
}

async fn screenshots(p: &Page, dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    let views = [
        ("woven", "woven?sector=c15"),
        ("tariff", "tariff?mode=scenario&scenario=us-2025-hand-typed"),
        ("time", "tariff?mode=law&date=2025-10-01"),
        ("compare", "compare?a=law:2025-04-15&b=law:2025-10-01"),
        (
            "duty",
            "duty?importer=US&date=2025-10-01&hts=8703.23.01&origin=MX&value=40000&us_content=12000&usmca_qualifying=1",
        ),
        ("roo", "roo?vehicle=china-ev&date=2025-10-01"),
    ];
    for (width, suffix) in [(1280, "desktop"), (390, "phone")] {
        for (name, hash) in views {
            p.client.set_window_size(width, 900).await.unwrap();
            p.open(hash).await;
            let height = p
                .js("return document.documentElement.scrollHeight;", vec![])
                .await
                .as_u64()
                .unwrap()
                .min(3000) as u32;
            p.client.set_window_size(width, height).await.unwrap();
            tokio::time::sleep(Duration::from_millis(400)).await;
            let png = p.client.screenshot().await.unwrap();
            std::fs::write(dir.join(format!("{name}-{suffix}.png")), png).unwrap();
        }
    }
    p.client.set_window_size(1280, 1000).await.unwrap();
}

// ---- the test ---------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dashboard_views_draw_the_apis_numbers_in_a_real_browser() {
    let required = std::env::var("AUTOPACT_REQUIRE_BROWSER").as_deref() == Ok("1");
    let chromium = program(
        "AUTOPACT_CHROMIUM",
        &["chromium", "chromium-browser", "google-chrome"],
    );
    let chromedriver = program("AUTOPACT_CHROMEDRIVER", &["chromedriver"]);
    let (Some(chromium), Some(chromedriver)) = (chromium, chromedriver) else {
        let msg = "chromium and chromedriver not found (Debian: apt-get install chromium \
                   chromium-driver; or set AUTOPACT_CHROMIUM and AUTOPACT_CHROMEDRIVER)";
        assert!(!required, "AUTOPACT_REQUIRE_BROWSER=1, but {msg}");
        eprintln!("skipping the dashboard's browser test: {msg}");
        return;
    };

    let table = autopact_data::open_table("default", &autopact_data::ReadOptions::default())
        .expect("built-in table");
    let session = Arc::new(autopact_server::session(table, true).unwrap());
    let listener = autopact_server::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
        .await
        .unwrap();
    let addr = listener.local_addr().unwrap();
    let served = app(session.clone(), Limits::default());
    tokio::spawn(async move { axum::serve(listener, served).await });

    let port = free_port();
    let _driver = start_chromedriver(&chromedriver, port);
    let caps = json!({
        "goog:chromeOptions": {
            "binary": chromium,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,1000", "--hide-scrollbars"],
        }
    });
    let start = Instant::now();
    let client = loop {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        match ClientBuilder::new(connector)
            .capabilities(caps.as_object().unwrap().clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(c) => break c,
            Err(e) if start.elapsed() > Duration::from_secs(30) => {
                panic!("chromedriver on port {port} did not start a browser: {e}")
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
        }
    };
    let page = Page {
        client,
        base: format!("http://{addr}"),
        session,
    };

    woven(&page).await;
    tariff(&page).await;
    compare(&page).await;
    busy_and_errors(&page).await;
    duty(&page).await;
    roo(&page).await;
    report_fits_a_phone(&page, page.session.mrio()).await;
    if let Some(dir) = std::env::var_os("AUTOPACT_SCREENSHOTS") {
        screenshots(&page, Path::new(&dir)).await;
    }
    page.client.close().await.unwrap();
}
