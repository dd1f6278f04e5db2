//! `autopact serve` end to end: a real socket on loopback, the same JSON
//! as `--format json`, and a graceful stop on SIGTERM.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::Duration;

use super::util::{ok, repo, run};

/// One HTTP/1.1 request; returns (status, body).
fn http(addr: &str, method: &str, path: &str, body: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut raw = String::new();
    s.read_to_string(&mut raw).unwrap();
    let (head, rest) = raw.split_once("\r\n\r\n").unwrap();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    // Chunked or not, the JSON body is the part between the first '{' and
    // the last '}'.
    let body = match (rest.find('{'), rest.rfind('}')) {
        (Some(a), Some(b)) => rest[a..=b].to_string(),
        _ => rest.to_string(),
    };
    (status, body)
}

#[cfg(unix)]
#[test]
fn serve_answers_the_cli_json_and_stops_on_sigterm() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_autopact"))
        .args(["serve", "--addr", "127.0.0.1:0"])
        .current_dir(repo())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let addr = loop {
        let line = lines.next().expect("serve printed its address").unwrap();
        if let Some(rest) = line.strip_prefix("listening on http://") {
            break rest.split_whitespace().next().unwrap().to_string();
        }
    };
    assert!(
        addr.starts_with("127.0.0.1:"),
        "loopback by default: {addr}"
    );

    let (status, body) = http(&addr, "GET", "/api/health", "");
    assert_eq!(status, 200, "{body}");
    let (status, body) = http(
        &addr,
        "POST",
        "/api/va-content",
        r#"{"exporter": "MEX", "importer": "USA", "sector": "c15", "by": "source-sector"}"#,
    );
    assert_eq!(status, 200, "{body}");
    let api: serde_json::Value = serde_json::from_str(&body).unwrap();
    let cli: serde_json::Value = serde_json::from_str(&ok(&run(&[
        "va-content",
        "--exporter",
        "MEX",
        "--importer",
        "USA",
        "--sector",
        "c15",
        "--by",
        "source-sector",
        "--format",
        "json",
    ])))
    .unwrap();
    assert_eq!(api, cli, "the API answers the CLI's JSON");
    let (status, body) = http(&addr, "POST", "/api/va-content", r#"{"exporter": "MEX"}"#);
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("\"field\":\"importer\""), "{body}");

    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    assert!(status.success(), "graceful shutdown exits 0: {status:?}");
}
