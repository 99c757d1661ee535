//! Request context and response values shared by the route modules.

use crate::errors::GraphError;
use bytes::Bytes;
use hyper::HeaderMap;
use serde_json::{Value, json};

pub(crate) const ODATA_JSON: &str = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

pub(crate) struct Ctx {
    pub method: hyper::Method,
    pub path: String,
    pub query: String,
    pub headers: HeaderMap,
    pub body: Bytes,
    pub scheme: &'static str,
    /// `scheme://host[:port]` as the client addressed us.
    pub base_url: String,
    pub request_id: String,
    pub client_request_id: String,
}

impl Ctx {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn query_pairs(&self) -> Vec<(String, String)> {
        form_urlencoded::parse(self.query.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect()
    }

    /// Path segments, percent-decoded, empty segments dropped.
    pub fn segments(&self) -> Vec<String> {
        self.path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(crate::util::pct_decode)
            .collect()
    }
}

pub(crate) struct Resp {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Bytes,
}

impl Resp {
    pub fn empty(status: u16) -> Resp {
        Resp {
            status,
            headers: Vec::new(),
            body: Bytes::new(),
        }
    }

    pub fn json_with(status: u16, content_type: &str, v: &Value) -> Resp {
        Resp {
            status,
            headers: vec![("content-type", content_type.to_string())],
            body: Bytes::from(serde_json::to_vec(v).expect("JSON")),
        }
    }

    /// A Graph OData body.
    pub fn odata(status: u16, v: &Value) -> Resp {
        Self::json_with(status, ODATA_JSON, v)
    }

    /// Plain `application/json` (admin API, token endpoint).
    pub fn json(status: u16, v: &Value) -> Resp {
        Self::json_with(status, "application/json; charset=utf-8", v)
    }

    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Resp {
        self.headers.push((name, value.into()));
        self
    }

    pub fn graph_error(ctx: &Ctx, e: &GraphError) -> Resp {
        let mut err = json!({
            "code": e.code,
            "message": e.message,
        });
        if let Some(d) = &e.details {
            err["details"] = d.clone();
        }
        err["innerError"] = json!({
            "date": crate::util::now_inner_error_date(),
            "request-id": ctx.request_id,
            "client-request-id": ctx.client_request_id,
        });
        let mut r = Self::json_with(e.status, "application/json", &json!({ "error": err }));
        for (k, v) in &e.headers {
            r.headers.push((k, v.clone()));
        }
        r
    }
}
