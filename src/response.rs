//! The owned result of one operation call: what was (or would be) sent, the
//! HTTP answer with all its headers (also on failure), the parsed Graph error,
//! and the library status.

use serde_json::{Map, Value, json};

use crate::error::mgp_status;
use crate::headers::Headers;
use crate::model::get_ci;
use crate::operations::Operation;
use crate::request::RequestPlan;

/// Graph's error object (`{"error": {...}}`), read case-insensitively.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GraphError {
    pub code: String,
    pub message: String,
    pub request_id: Option<String>,
    pub client_request_id: Option<String>,
    pub date: Option<String>,
    /// `(code, message, target)` of each entry of `details`.
    pub details: Vec<(String, String, String)>,
}

impl GraphError {
    /// Reads a Graph (OData) error body; `None` when the body is not one.
    pub fn parse(body: &Value) -> Option<Self> {
        let Value::Object(top) = body else {
            return None;
        };
        let Ok(Some(Value::Object(error))) = get_ci(top, "error") else {
            return None;
        };
        let text = |o: &Map<String, Value>, k: &str| {
            get_ci(o, k)
                .ok()
                .flatten()
                .and_then(Value::as_str)
                .map(str::to_string)
        };
        let inner = match get_ci(error, "innerError") {
            Ok(Some(Value::Object(inner))) => Some(inner),
            _ => None,
        };
        let details = match get_ci(error, "details") {
            Ok(Some(Value::Array(items))) => items
                .iter()
                .filter_map(|d| d.as_object())
                .map(|d| {
                    (
                        text(d, "code").unwrap_or_default(),
                        text(d, "message").unwrap_or_default(),
                        text(d, "target").unwrap_or_default(),
                    )
                })
                .collect(),
            _ => Vec::new(),
        };
        Some(Self {
            code: text(error, "code").unwrap_or_default(),
            message: text(error, "message").unwrap_or_default(),
            request_id: inner.and_then(|i| text(i, "request-id")),
            client_request_id: inner.and_then(|i| text(i, "client-request-id")),
            date: inner.and_then(|i| text(i, "date")),
            details,
        })
    }
}

/// The result of one call.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: mgp_status,
    pub operation: &'static Operation,
    /// The request sent last, or the one what-if would send.
    pub request: RequestPlan,
    /// False for what-if (and for calls refused before sending).
    pub sent: bool,
    /// 0 when no HTTP answer arrived.
    pub http_status: u16,
    pub headers: Headers,
    /// The answer body as JSON (for collections, all pages merged).
    pub body: Option<Value>,
    pub error: Option<GraphError>,
    /// A readable one-line account of a failure; empty on success.
    pub message: String,
    /// HTTP attempts made (retries and pages included).
    pub attempts: u32,
    /// A create whose response was lost was confirmed by reading the policy back.
    pub reconciled: bool,
}

impl Response {
    /// The first value of a response header (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name)
    }

    /// Graph's request-id: from the error body, else from the header.
    pub fn request_id(&self) -> Option<&str> {
        self.error
            .as_ref()
            .and_then(|e| e.request_id.as_deref())
            .or_else(|| self.header("request-id"))
    }

    /// Response headers as `{name: [values]}`, in arrival order.
    pub fn headers_json(&self) -> Value {
        let mut map = Map::new();
        for (name, value) in self.headers.iter() {
            let entry = map
                .entry(name.to_string())
                .or_insert_with(|| Value::Array(Vec::new()));
            if let Value::Array(values) = entry {
                values.push(Value::String(value.to_string()));
            }
        }
        Value::Object(map)
    }

    /// Everything in one JSON document, for bindings.
    pub fn to_json(&self) -> Value {
        let id = self.request.url.clone();
        json!({
            "status": self.status.name(),
            "status_code": self.status as u32,
            "cmdlet": self.operation.cmdlet(),
            "parameter_set": self.operation.parameter_set,
            "what_if": !self.sent && self.http_status == 0 && self.status == mgp_status::Ok,
            "sent": self.sent,
            "http_status": self.http_status,
            "request": serde_json::to_value(&self.request).unwrap_or(Value::Null),
            "headers": self.headers_json(),
            "body": self.body.clone().unwrap_or(Value::Null),
            "error": self.error.as_ref().map(|e| json!({
                "code": e.code,
                "message": e.message,
                "request_id": e.request_id,
                "client_request_id": e.client_request_id,
                "date": e.date,
                "details": e.details.iter().map(|(c, m, t)| json!({"code": c, "message": m, "target": t})).collect::<Vec<_>>(),
            })),
            "request_id": self.request_id(),
            "message": self.message,
            "attempts": self.attempts,
            "reconciled": self.reconciled,
            "should_process": {
                "action": self.operation.should_process_action(),
                "target": format!("Call remote '{} {}' operation", self.request.method, path_of(&id)),
            },
        })
    }
}

fn path_of(url: &str) -> &str {
    let after_scheme = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    let path = after_scheme
        .find('/')
        .map(|i| &after_scheme[i..])
        .unwrap_or("/");
    path.split('?').next().unwrap_or(path)
}

/// The reason phrase for common statuses, for messages.
pub fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        412 => "Precondition Failed",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graph_errors_parse_case_insensitively() {
        let body = json!({"error": {"code": "Request_MultipleObjectsWithSameKeyValue", "message": "dup",
            "innererror": {"request-id": "r1", "client-request-id": "c1", "date": "d"},
            "details": [{"code": "ConflictingObjects", "message": "m"}]}});
        let e = GraphError::parse(&body).unwrap();
        assert_eq!(e.code, "Request_MultipleObjectsWithSameKeyValue");
        assert_eq!(e.request_id.as_deref(), Some("r1"));
        assert_eq!(e.client_request_id.as_deref(), Some("c1"));
        assert_eq!(
            e.details,
            vec![("ConflictingObjects".into(), "m".into(), String::new())]
        );
        assert!(GraphError::parse(&json!({"value": []})).is_none());
        assert!(GraphError::parse(&json!("x")).is_none());
    }

    #[test]
    fn paths_for_should_process() {
        assert_eq!(path_of("https://h:1/v1.0/a/b?$select=x"), "/v1.0/a/b");
        assert_eq!(path_of("https://h"), "/");
    }
}
