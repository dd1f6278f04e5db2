//! JSON errors with stable codes.
//!
//! Every failure is `{"schema": "autopact.error/v1", "code", "message",
//! "field"?, "suggestion"?}` with an HTTP status that says whose fault it was: 400 for a
//! body that is not JSON, 422 for JSON that names something wrong (the
//! field is given when known), 413/503/504 for the server's limits. A
//! panic never reaches the client as anything but a 500 with this body.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

/// The body of every error response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ErrorBody {
    /// Always `autopact.error/v1`.
    pub schema: &'static str,
    /// Stable machine-readable code: `invalid_json`, `invalid_input`,
    /// `not_found`, `payload_too_large`, `timeout`, `overloaded`, `internal`.
    pub code: &'static str,
    /// What went wrong, for people.
    pub message: String,
    /// The request field at fault (snake_case), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// A value of `field` that would work, when there is an obvious one
    /// (a date outside the data: the nearest date with data).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
}

/// An error response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// The body.
    pub body: ErrorBody,
}

impl ApiError {
    /// An error with `status`, `code` and `message`.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        let message: String = message.into();
        ApiError {
            status,
            body: ErrorBody {
                schema: autopact_api_types::schema::ERROR,
                code,
                message: fields_not_flags(&message),
                field: None,
                suggestion: None,
            },
        }
    }

    /// Names the field at fault.
    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.body.field = Some(field.into());
        self
    }

    /// Offers a value of the field that would work.
    pub fn suggest(mut self, value: impl Into<String>) -> Self {
        self.body.suggestion = Some(value.into());
        self
    }

    /// A computation refused its input: 422, naming the field when the
    /// error chain carries one (by its JSON name).
    pub fn input(e: &anyhow::Error) -> Self {
        let field =
            autopact_report::Field::of(e).map(|f| f.render(autopact_report::labels::Voice::Json));
        let mut err = ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
            message(e),
        );
        err.body.field = field;
        err
    }

    /// 500 for what should not happen (a panicked computation).
    pub fn internal(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", message)
    }
}

/// The API's words for the CLI's (`--weights` → `weights`): the JSON
/// voice of `autopact_report::labels`.
pub fn fields_not_flags(message: &str) -> String {
    autopact_report::labels::Voice::Json.words(message)
}

/// The error chain joined by ": ", without causes the message already holds
/// (the one formatter every front end shares).
pub use autopact_report::error_message as message;

impl From<JsonRejection> for ApiError {
    fn from(r: JsonRejection) -> Self {
        let text = r.body_text();
        match r {
            JsonRejection::JsonDataError(_) => {
                let field = data_error_field(&text);
                let mut e = ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_input", text);
                e.body.field = field;
                e
            }
            JsonRejection::MissingJsonContentType(_) => ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "invalid_json",
                "send the body as JSON with Content-Type: application/json",
            ),
            JsonRejection::BytesRejection(_) => {
                ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large", text)
            }
            _ => ApiError::new(StatusCode::BAD_REQUEST, "invalid_json", text),
        }
    }
}

/// The field a serde data error is about. axum writes
/// `…target type: PATH: message` for a bad value (PATH = `by`,
/// `tariff[0]`), and serde writes ``missing field `x` `` / ``unknown field
/// `x` `` for the body's own keys.
fn data_error_field(text: &str) -> Option<String> {
    let detail = text.split_once("target type: ").map_or(text, |(_, d)| d);
    let is_ident = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "_[].".contains(c))
    };
    if let Some((path, _)) = detail.split_once(": ")
        && is_ident(path)
    {
        let top = path.split(['.', '[']).next().unwrap_or(path);
        return Some(top.to_string());
    }
    for key in ["missing field `", "unknown field `"] {
        if let Some((_, rest)) = detail.split_once(key) {
            return rest
                .split('`')
                .next()
                .filter(|f| is_ident(f))
                .map(str::to_string);
        }
    }
    None
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(self.body)).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::{data_error_field, fields_not_flags};

    #[test]
    fn api_messages_name_fields_not_flags() {
        assert_eq!(
            fields_not_flags("pick one with --weights YYYY-MM or --us-content 0.5"),
            "pick one with weights YYYY-MM or us_content 0.5"
        );
        assert_eq!(fields_not_flags("a -- b"), "a -- b");
        assert_eq!(fields_not_flags("x--y"), "x--y");
    }

    #[test]
    fn fields_of_serde_errors() {
        let t = "Failed to deserialize the JSON body into the target type: ";
        assert_eq!(
            data_error_field(&format!(
                "{t}by: unknown variant `sideways`, expected one of `a`"
            )),
            Some("by".into())
        );
        assert_eq!(
            data_error_field(&format!("{t}tariff[0]: invalid type: integer `1`")),
            Some("tariff".into())
        );
        assert_eq!(
            data_error_field(&format!("{t}missing field `importer` at line 1 column 20")),
            Some("importer".into())
        );
        assert_eq!(
            data_error_field(&format!(
                "{t}unknown field `importr`, expected one of `exporter`"
            )),
            Some("importr".into())
        );
        assert_eq!(
            data_error_field(&format!("{t}invalid type: string, expected a map")),
            None
        );
    }
}
