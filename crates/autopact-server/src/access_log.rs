//! One line per request on standard error: method, path, status and time.
//!
//! Why: whoever runs `autopact serve` needs to see what it is asked and
//! how long it takes (a slow law-mode request, a burst of 503s) without a
//! logging framework to configure; a line on standard error is what
//! journald, Docker and a terminal all capture. The query string is left
//! out (the API takes its inputs in JSON bodies, which are never logged).

use std::time::{Duration, Instant};

use axum::extract::Request;
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

/// The middleware: times the request and writes its line once answered.
pub(crate) async fn log_request(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let start = Instant::now();
    let response = next.run(request).await;
    eprintln!(
        "{}",
        access_line(&method, &path, response.status(), start.elapsed())
    );
    response
}

/// `autopact-server: POST /api/price 200 12.3 ms`.
pub(crate) fn access_line(
    method: &Method,
    path: &str,
    status: StatusCode,
    took: Duration,
) -> String {
    format!(
        "autopact-server: {method} {path} {} {:.1} ms",
        status.as_u16(),
        took.as_secs_f64() * 1000.0
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_names_method_path_status_and_time() {
        let line = access_line(
            &Method::POST,
            "/api/price",
            StatusCode::UNPROCESSABLE_ENTITY,
            Duration::from_micros(12_345),
        );
        assert_eq!(line, "autopact-server: POST /api/price 422 12.3 ms");
    }
}
