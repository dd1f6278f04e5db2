//! Load benchmark of the HTTP API on loopback: p50/p99 latency, requests
//! per second and errors for `duty`, `roo` on a 1,000-line BOM,
//! `va-content` and a `price` scenario at 1, 8 and 64 concurrent clients,
//! and the process's memory at rest and under load.
//!
//! ```text
//! cargo bench -p autopact-server --bench load [-- --secs 30 --clients 1,8,64]
//! ```
//!
//! The server (built-in table, default limits: 64 requests at once) runs
//! in this process on 127.0.0.1 with a port of its own; each client is a
//! task holding one keep-alive HTTP/1.1 connection and sending its
//! endpoint's request in a loop until the time is up (bounded loops: they
//! stop by themselves). An error is any answer other than 200, or a
//! broken connection. Memory is this process's resident set (server plus
//! the clients' few buffers), read from /proc/self/status.

use std::sync::Arc;
use std::time::{Duration, Instant};

use autopact_server::Limits;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// A 1,000-line BOM: a vehicle, 40 assemblies and 959 parts of mixed
/// origin and status.
fn bom_1000() -> String {
    let mut s = String::from(
        "part_id,parent_id,description,hs,origin,originating,supplier,unit_value,qty,net_cost\n\
         car,,the vehicle,8703.23.01,MX,,,40000,1,40000\n",
    );
    let hs = [
        "8708.99.81",
        "8708.30",
        "8544.30.00",
        "8409.91",
        "8708.40.11",
        "7318.15",
    ];
    let origin = ["MX", "US", "CA", "CN", "JP", "DE"];
    let status = ["yes", "no", "unknown"];
    for a in 0..40 {
        s.push_str(&format!(
            "a{a},car,assembly {a},8708.99.81,{},yes,,300,1,\n",
            origin[a % 3]
        ));
    }
    for p in 0..959 {
        s.push_str(&format!(
            "p{p},a{},part {p},{},{},{},S{},{}.{:02},{},\n",
            p % 40,
            hs[p % hs.len()],
            origin[(p / 3) % origin.len()],
            status[p % status.len()],
            p % 7,
            10 + p % 30,
            p % 100,
            1 + p % 3
        ));
    }
    s
}

fn scenarios() -> Vec<(&'static str, &'static str, String)> {
    vec![
        (
            "duty",
            "/api/duty",
            json!({"importer": "US", "date": "2025-10-01", "hts": "8703.23.01", "origin": "CA",
                   "value": "40000", "usmca_qualifying": true, "us_content": "16000"})
            .to_string(),
        ),
        (
            "roo (1,000-line BOM)",
            "/api/roo",
            json!({"date": "2025-10-01", "bom": bom_1000()}).to_string(),
        ),
        (
            "va-content",
            "/api/va-content",
            json!({"exporter": "CAN", "importer": "USA", "by": "source-region"}).to_string(),
        ),
        (
            "price scenario",
            "/api/price",
            json!({"tariff": ["USA:CAN:c15:25%", "USA:MEX:c15:25%", "CAN:USA:c15:25%", "MEX:USA:c15:25%"],
                   "by": "region"})
            .to_string(),
        ),
    ]
}

/// One keep-alive connection.
struct Client {
    stream: TcpStream,
    buf: Vec<u8>,
}

impl Client {
    async fn connect(addr: std::net::SocketAddr) -> std::io::Result<Self> {
        let stream = TcpStream::connect(addr).await?;
        stream.set_nodelay(true)?;
        Ok(Client {
            stream,
            buf: Vec::with_capacity(1 << 16),
        })
    }

    /// Sends one POST and reads the whole answer; returns the status.
    async fn post(&mut self, path: &str, body: &str) -> std::io::Result<u16> {
        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            body.len()
        );
        self.stream.write_all(head.as_bytes()).await?;
        self.stream.write_all(body.as_bytes()).await?;
        self.buf.clear();
        let mut chunk = [0u8; 16384];
        let (status, header_end, length) = loop {
            let n = self.stream.read(&mut chunk).await?;
            if n == 0 {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
            self.buf.extend_from_slice(&chunk[..n]);
            if let Some(end) = self.buf.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&self.buf[..end]).to_ascii_lowercase();
                let status: u16 = head
                    .split(' ')
                    .nth(1)
                    .and_then(|s| s.parse().ok())
                    .unwrap_or(0);
                let length = head
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length:"))
                    .and_then(|v| v.trim().parse::<usize>().ok())
                    .ok_or_else(|| std::io::Error::other("no content-length"))?;
                break (status, end + 4, length);
            }
        };
        while self.buf.len() < header_end + length {
            let n = self.stream.read(&mut chunk).await?;
            if n == 0 {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
            self.buf.extend_from_slice(&chunk[..n]);
        }
        Ok(status)
    }
}

/// Resident set and its peak, MiB.
fn rss() -> (f64, f64) {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib = |key: &str| {
        s.lines()
            .find_map(|l| l.strip_prefix(key))
            .and_then(|v| v.split_whitespace().next()?.parse::<f64>().ok())
            .unwrap_or(f64::NAN)
    };
    (kib("VmRSS:") / 1024.0, kib("VmHWM:") / 1024.0)
}

fn quantile(sorted: &[Duration], q: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let k = ((sorted.len() as f64 - 1.0) * q).round() as usize;
    sorted[k]
}

struct Outcome {
    latencies: Vec<Duration>,
    errors: u64,
}

async fn run_level(
    addr: std::net::SocketAddr,
    path: &'static str,
    body: Arc<String>,
    clients: usize,
    secs: f64,
) -> Outcome {
    let deadline = Instant::now() + Duration::from_secs_f64(secs);
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let body = body.clone();
        tasks.push(tokio::spawn(async move {
            let mut out = Outcome {
                latencies: Vec::new(),
                errors: 0,
            };
            let mut client = match Client::connect(addr).await {
                Ok(c) => c,
                Err(_) => {
                    out.errors += 1;
                    return out;
                }
            };
            while Instant::now() < deadline {
                let t = Instant::now();
                match client.post(path, &body).await {
                    Ok(200) => out.latencies.push(t.elapsed()),
                    Ok(_) => out.errors += 1,
                    Err(_) => {
                        out.errors += 1;
                        match Client::connect(addr).await {
                            Ok(c) => client = c,
                            Err(_) => break,
                        }
                    }
                }
            }
            out
        }));
    }
    let mut all = Outcome {
        latencies: Vec::new(),
        errors: 0,
    };
    for t in tasks {
        let o = t.await.expect("a client task");
        all.latencies.extend(o.latencies);
        all.errors += o.errors;
    }
    all.latencies.sort();
    all
}

fn arg<T: std::str::FromStr>(args: &[String], name: &str) -> Option<T> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let secs: f64 = arg(&args, "--secs").unwrap_or(30.0);
    let levels: Vec<usize> = arg::<String>(&args, "--clients")
        .unwrap_or_else(|| "1,8,64".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let m = autopact_data::open_table("default", &autopact_data::ReadOptions::default())
        .expect("the built-in table");
    let session = Arc::new(autopact_server::session(m, true).expect("a session"));
    let listener = rt
        .block_on(autopact_server::bind("127.0.0.1:0".parse().unwrap()))
        .expect("a port");
    let addr = listener.local_addr().unwrap();
    rt.spawn(async move {
        axum::serve(listener, autopact_server::app(session, Limits::default()))
            .await
            .expect("the server")
    });
    let cases = scenarios();
    // Warm up every endpoint once (first-use caches, page faults).
    rt.block_on(async {
        let mut c = Client::connect(addr).await.expect("connect");
        for (name, path, body) in &cases {
            let s = c.post(path, body).await.expect("warm-up");
            assert_eq!(s, 200, "{name}: warm-up answered {s}");
        }
    });
    let (rest, _) = rss();
    println!(
        "autopact API load on http://{addr}: {secs} s per endpoint and level; {} worker threads; resident set at rest {rest:.0} MiB",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!("| endpoint | clients | requests | req/s | p50 ms | p99 ms | errors | RSS MiB |");
    println!("|---|---|---|---|---|---|---|---|");
    let mut peak_under_load: f64 = 0.0;
    for (name, path, body) in &cases {
        let body = Arc::new(body.clone());
        for &n in &levels {
            let sampler_stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
            let stop = sampler_stop.clone();
            let sampler = std::thread::spawn(move || {
                let mut peak: f64 = 0.0;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    peak = peak.max(rss().0);
                    std::thread::sleep(Duration::from_millis(50));
                }
                peak
            });
            let o = rt.block_on(run_level(addr, path, body.clone(), n, secs));
            sampler_stop.store(true, std::sync::atomic::Ordering::Relaxed);
            let peak = sampler.join().unwrap_or(f64::NAN);
            peak_under_load = peak_under_load.max(peak);
            let ms = |d: Duration| d.as_secs_f64() * 1e3;
            println!(
                "| {name} | {n} | {} | {:.0} | {:.2} | {:.2} | {} | {peak:.0} |",
                o.latencies.len(),
                o.latencies.len() as f64 / secs,
                ms(quantile(&o.latencies, 0.50)),
                ms(quantile(&o.latencies, 0.99)),
                o.errors
            );
        }
    }
    let (after, hwm) = rss();
    println!(
        "resident set: at rest {rest:.0} MiB, highest sampled under load {peak_under_load:.0} MiB, after {after:.0} MiB, peak (VmHWM) {hwm:.0} MiB"
    );
}
