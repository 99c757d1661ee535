//! Listeners, connections, request dispatch, fault injection and the request log.

use crate::errors::GraphError;
use crate::graph;
use crate::http::{Ctx, Resp};
use crate::model::ApiVersion;
use crate::state::{EmulatorState, Fault, LoggedRequest};
use crate::token::{self, Origins};
use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use serde_json::Value;
use std::collections::BTreeMap;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::{Duration, SystemTime};
use tokio::net::TcpListener;
use tokio::sync::{Notify, watch};
use tokio_rustls::TlsAcceptor;

const MAX_BODY: usize = 8 * 1024 * 1024;

pub(crate) struct Server {
    pub state: EmulatorState,
    pub info: Value,
    pub origins: Origins,
}

pub(crate) async fn accept_loop(
    listener: TcpListener,
    tls: Option<TlsAcceptor>,
    scheme: &'static str,
    server: Arc<Server>,
    mut shutdown: watch::Receiver<bool>,
) {
    loop {
        let stream = tokio::select! {
            r = listener.accept() => match r {
                Ok((s, _)) => s,
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(5)).await;
                    continue;
                }
            },
            _ = shutdown.changed() => break,
        };
        let _ = stream.set_nodelay(true);
        let server = server.clone();
        let tls = tls.clone();
        let mut sd = shutdown.clone();
        tokio::spawn(async move {
            match tls {
                Some(acceptor) => {
                    let accepted = tokio::select! {
                        r = tokio::time::timeout(Duration::from_secs(10), acceptor.accept(stream)) => r,
                        _ = sd.changed() => return,
                    };
                    if let Ok(Ok(s)) = accepted {
                        serve_connection(TokioIo::new(s), scheme, server, sd).await;
                    }
                }
                None => serve_connection(TokioIo::new(stream), scheme, server, sd).await,
            }
        });
    }
}

async fn serve_connection<I>(
    io: I,
    scheme: &'static str,
    server: Arc<Server>,
    mut shutdown: watch::Receiver<bool>,
) where
    I: hyper::rt::Read + hyper::rt::Write + Unpin + Send + 'static,
{
    let drop_signal = Arc::new(Notify::new());
    let d = drop_signal.clone();
    let svc = service_fn(move |req| {
        let server = server.clone();
        let d = d.clone();
        async move { Ok::<_, Infallible>(handle(server, req, scheme, d).await) }
    });
    let conn = http1::Builder::new()
        .timer(TokioTimer::new())
        .keep_alive(true)
        .serve_connection(io, svc);
    tokio::select! {
        _ = conn => {}
        _ = drop_signal.notified() => {}
        _ = shutdown.changed() => {}
    }
}

fn to_hyper(r: Resp) -> Response<Full<Bytes>> {
    let mut b = Response::builder().status(r.status);
    for (k, v) in r.headers {
        b = b.header(k, v);
    }
    b.body(Full::new(r.body)).unwrap_or_else(|_| {
        let mut resp = Response::new(Full::new(Bytes::new()));
        *resp.status_mut() = hyper::StatusCode::INTERNAL_SERVER_ERROR;
        resp
    })
}

fn redact_body(path: &str, body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    if !path.to_ascii_lowercase().contains("/oauth2/") {
        return text.into_owned();
    }
    let pairs: Vec<(String, String)> = form_urlencoded::parse(body)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if !pairs
        .iter()
        .any(|(k, _)| k == "client_secret" || k == "client_assertion")
    {
        return text.into_owned();
    }
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in &pairs {
        if k == "client_secret" || k == "client_assertion" {
            s.append_pair(k, "<redacted>");
        } else {
            s.append_pair(k, v);
        }
    }
    s.finish()
}

fn fault_response(state: &EmulatorState, ctx: &Ctx, fault: &Fault) -> Resp {
    let Fault::Status {
        status,
        retry_after,
        code,
        message,
    } = fault
    else {
        unreachable!("only status faults produce a response");
    };
    let (default_code, default_message) = match status {
        429 => (
            "TooManyRequests",
            "Too many requests. Retry after the interval given in the Retry-After header.",
        ),
        500 => ("generalException", "An unspecified error has occurred."),
        503 => (
            "serviceNotAvailable",
            "The service is temporarily unavailable. Try again later.",
        ),
        504 => (
            "gatewayTimeout",
            "The gateway timed out waiting for the service.",
        ),
        _ => ("UnknownError", "An error injected by the emulator."),
    };
    let mut e = GraphError::new(
        *status,
        code.as_deref().unwrap_or(default_code),
        message
            .clone()
            .unwrap_or_else(|| default_message.to_string()),
    );
    if let Some(ra) = retry_after {
        let value = match ra.strip_prefix("date:") {
            Some(secs) => {
                let secs: u64 = secs.trim().parse().unwrap_or(1);
                httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(secs))
            }
            None => ra.trim().to_string(),
        };
        e = e.with_header("retry-after", value);
    }
    if *status == 429 {
        let (tid, app) = graph::authenticate(state, ctx)
            .map(|t| (t.tid.clone(), t.appid.clone()))
            .unwrap_or_else(|_| ("unknown".into(), "unknown".into()));
        e = e
            .with_header(
                "x-ms-throttle-scope",
                format!("Tenant_Application/ReadWrite/{app}/{tid}"),
            )
            .with_header("x-ms-throttle-information", "ResourceUnitLimitExceeded");
    }
    Resp::graph_error(ctx, &e)
}

/// Adds the headers every Graph response carries.
fn graph_headers(ctx: &Ctx, mut r: Resp) -> Resp {
    let has = |r: &Resp, n: &str| r.headers.iter().any(|(k, _)| k.eq_ignore_ascii_case(n));
    if !has(&r, "cache-control") {
        r.headers.push(("cache-control", "no-cache".into()));
    }
    if r.headers
        .iter()
        .any(|(k, v)| *k == "content-type" && v.contains("odata.metadata"))
    {
        r.headers.push(("odata-version", "4.0".into()));
    }
    r.headers.push(("request-id", ctx.request_id.clone()));
    r.headers
        .push(("client-request-id", ctx.client_request_id.clone()));
    r.headers.push((
        "x-ms-ags-diagnostic",
        r#"{"ServerInfo":{"DataCenter":"Local","Slice":"E","Ring":"0","ScaleUnit":"000","RoleInstance":"graph-emulator"}}"#.into(),
    ));
    r.headers.push(("x-ms-resource-unit", "1".into()));
    if ctx.scheme == "https" {
        r.headers
            .push(("strict-transport-security", "max-age=31536000".into()));
    }
    r
}

fn dispatch(server: &Server, ctx: &Ctx, segs: &[String]) -> Resp {
    let first = segs
        .first()
        .map(|s| s.to_ascii_lowercase())
        .unwrap_or_default();
    match first.as_str() {
        "v1.0" => graph_headers(
            ctx,
            graph::handle(&server.state, ctx, ApiVersion::V1, &segs[1..]),
        ),
        "beta" => graph_headers(
            ctx,
            graph::handle(&server.state, ctx, ApiVersion::Beta, &segs[1..]),
        ),
        _ => match token::handle(&server.state, ctx, segs, &server.origins) {
            Some(r) => r
                .header("x-ms-request-id", ctx.request_id.clone())
                .header("client-request-id", ctx.client_request_id.clone()),
            None => {
                let e = if segs.is_empty() {
                    GraphError::new(
                        404,
                        "NotFound",
                        "Specify a version (/v1.0 or /beta) and a resource path.",
                    )
                } else {
                    GraphError::bad_request(format!("Invalid version: {}", segs[0]))
                };
                graph_headers(ctx, Resp::graph_error(ctx, &e))
            }
        },
    }
}

async fn handle(
    server: Arc<Server>,
    req: Request<Incoming>,
    scheme: &'static str,
    drop_signal: Arc<Notify>,
) -> Response<Full<Bytes>> {
    let (parts, body) = req.into_parts();
    let body = match Limited::new(body, MAX_BODY).collect().await {
        Ok(c) => c.to_bytes(),
        Err(_) => {
            let mut r = Response::new(Full::new(Bytes::from_static(b"request body too large")));
            *r.status_mut() = hyper::StatusCode::PAYLOAD_TOO_LARGE;
            return r;
        }
    };
    let request_id = uuid::Uuid::new_v4().to_string();
    let client_request_id = parts
        .headers
        .get("client-request-id")
        .and_then(|v| v.to_str().ok())
        .filter(|s| !s.is_empty())
        .map(String::from)
        .unwrap_or_else(|| request_id.clone());
    let host = parts
        .headers
        .get(hyper::header::HOST)
        .and_then(|v| v.to_str().ok())
        .map(String::from)
        .or_else(|| parts.uri.authority().map(|a| a.to_string()))
        .unwrap_or_else(|| "localhost".into());
    let ctx = Ctx {
        method: parts.method,
        path: parts.uri.path().to_string(),
        query: parts.uri.query().unwrap_or("").to_string(),
        headers: parts.headers,
        body,
        scheme,
        base_url: format!("{scheme}://{host}"),
        request_id,
        client_request_id,
    };
    let segs = ctx.segments();
    if segs
        .first()
        .is_some_and(|s| s.eq_ignore_ascii_case("_emulator"))
    {
        return to_hyper(crate::admin::handle(
            &server.state,
            &ctx,
            &segs,
            &server.info,
        ));
    }

    let state = &server.state;
    let fault = state.take_fault(ctx.method.as_str(), &ctx.path);
    let log_id = state.next_log_id();
    let timestamp = crate::util::now_iso_z();
    let (resp, drop_after, fault_id) = match fault {
        None => (Some(dispatch(&server, &ctx, &segs)), false, None),
        Some((id, f)) => match f {
            Fault::Status { .. } => (
                Some(graph_headers(&ctx, fault_response(state, &ctx, &f))),
                false,
                Some(id),
            ),
            Fault::Latency { ms } => {
                tokio::time::sleep(Duration::from_millis(ms)).await;
                (Some(dispatch(&server, &ctx, &segs)), false, Some(id))
            }
            Fault::DropBefore => (None, false, Some(id)),
            Fault::DropAfter => (Some(dispatch(&server, &ctx, &segs)), true, Some(id)),
        },
    };
    let status = match &resp {
        Some(r) if !drop_after => r.status,
        _ => 0,
    };
    let mut headers = BTreeMap::new();
    for (k, v) in ctx.headers.iter() {
        let name = k.as_str().to_string();
        let mut value = String::from_utf8_lossy(v.as_bytes()).into_owned();
        if name == "authorization" {
            value = if value.len() >= 6 && value[..6].eq_ignore_ascii_case("bearer") {
                "Bearer <redacted>".into()
            } else {
                "<redacted>".into()
            };
        }
        headers
            .entry(name)
            .and_modify(|e: &mut String| {
                e.push_str(", ");
                e.push_str(&value);
            })
            .or_insert(value);
    }
    state.log(LoggedRequest {
        id: log_id,
        timestamp,
        method: ctx.method.to_string(),
        path: ctx.path.clone(),
        query: ctx.query.clone(),
        headers,
        body: redact_body(&ctx.path, &ctx.body),
        status,
        fault_id,
    });
    match resp {
        Some(r) if !drop_after => to_hyper(r),
        _ => {
            drop_signal.notify_one();
            std::future::pending::<Response<Full<Bytes>>>().await
        }
    }
}
