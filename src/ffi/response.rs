//! `mgp_response`: the owned result of an operation call, read through
//! accessors that copy into caller buffers.

use std::ffi::c_char;
use std::sync::OnceLock;

use super::{copy_out, guard_keep, guard_quiet};
use crate::error::{Error, Result, mgp_status};
use crate::response::Response;

/// The result of one operation call (opaque): status, HTTP answer and
/// headers, Graph error, and the request that was (or would be) sent.
pub struct mgp_response {
    pub(crate) inner: Response,
    /// The body's JSON text, made on first use: a caller usually asks
    /// twice, once for the size and once for the bytes.
    body_json: OnceLock<String>,
}

impl mgp_response {
    pub(crate) fn new(inner: Response) -> Self {
        Self {
            inner,
            body_json: OnceLock::new(),
        }
    }
}

fn wrapper_ref<'a>(response: *const mgp_response) -> Result<&'a mgp_response> {
    if response.is_null() {
        return Err(Error::new(mgp_status::NullArgument, "response is NULL"));
    }
    // SAFETY: non-NULL, and the caller promises a live response from an
    // operation export that has not been freed.
    Ok(unsafe { &*response })
}

fn response_ref<'a>(response: *const mgp_response) -> Result<&'a Response> {
    wrapper_ref(response).map(|r| &r.inner)
}

/// Copies one text view of a response into a caller buffer.
fn copy_view(
    response: *const mgp_response,
    buf: *mut c_char,
    len: usize,
    out_len: *mut usize,
    view: impl FnOnce(&Response) -> String,
) -> mgp_status {
    guard_keep(|| copy_out(&view(response_ref(response)?), buf, len, out_len))
}

/// Frees a response. NULL is ignored. Leaves the last-error message
/// unchanged, so a failed call's response may be freed before the message
/// is read.
#[unsafe(no_mangle)]
pub extern "C" fn mgp_response_free(response: *mut mgp_response) {
    guard_quiet(|| {
        if !response.is_null() {
            // SAFETY: a non-NULL response came from `Box::into_raw` in an
            // operation export and, per the contract, is freed only once.
            drop(unsafe { Box::from_raw(response) });
        }
    });
}

/// The library status of the call that produced `response` (the same value
/// the export returned). `MGP_STATUS_NULL_ARGUMENT` for NULL.
#[unsafe(no_mangle)]
pub extern "C" fn mgp_response_status(response: *const mgp_response) -> mgp_status {
    match response_ref(response) {
        Ok(r) => r.status,
        Err(e) => e.status,
    }
}

/// The HTTP status of the last answer: 200/204 on success, the error status
/// on failure, 0 when nothing was answered (what-if, transport failure) or
/// for NULL.
#[unsafe(no_mangle)]
pub extern "C" fn mgp_response_http_status(response: *const mgp_response) -> u16 {
    response_ref(response).map(|r| r.http_status).unwrap_or(0)
}

/// True when a request went to the network; false for what-if (the request
/// is then only described, see `mgp_response_request_json`) and for NULL.
#[unsafe(no_mangle)]
pub extern "C" fn mgp_response_was_sent(response: *const mgp_response) -> bool {
    response_ref(response).map(|r| r.sent).unwrap_or(false)
}

/// Copies the answer body as JSON (`null` when there was none, e.g. for 204;
/// list pages merged into one `{"value":[...]}`) into `buf`.
#[unsafe(no_mangle)]
pub extern "C" fn mgp_response_body_json(
    response: *const mgp_response,
    buf: *mut c_char,
    len: usize,
    out_len: *mut usize,
) -> mgp_status {
    guard_keep(|| {
        let r = wrapper_ref(response)?;
        let text = r.body_json.get_or_init(|| {
            r.inner
                .body
                .as_ref()
                .map_or_else(|| "null".into(), |b| b.to_string())
        });
        copy_out(text, buf, len, out_len)
    })
}

/// Copies the response headers as a JSON object `{"name": ["value", ...]}`
/// into `buf`. Present on failures too (e.g. `Retry-After` after throttling).
#[unsafe(no_mangle)]
pub extern "C" fn mgp_response_headers_json(
    response: *const mgp_response,
    buf: *mut c_char,
    len: usize,
    out_len: *mut usize,
) -> mgp_status {
    copy_view(response, buf, len, out_len, |r| {
        r.headers_json().to_string()
    })
}

/// Copies the request as JSON, `{"method","url","headers","body"}`, with the
/// Authorization value replaced by `<redacted>`: for what-if, the request
/// that would be sent; otherwise the last one sent.
#[unsafe(no_mangle)]
pub extern "C" fn mgp_response_request_json(
    response: *const mgp_response,
    buf: *mut c_char,
    len: usize,
    out_len: *mut usize,
) -> mgp_status {
    copy_view(response, buf, len, out_len, |r| {
        serde_json::to_string(&r.request).unwrap_or_default()
    })
}

/// Copies Graph's error code (e.g. `Request_ResourceNotFound`) into `buf`;
/// an empty string when the answer carried no Graph error.
#[unsafe(no_mangle)]
pub extern "C" fn mgp_response_error_code(
    response: *const mgp_response,
    buf: *mut c_char,
    len: usize,
    out_len: *mut usize,
) -> mgp_status {
    copy_view(response, buf, len, out_len, |r| {
        r.error.as_ref().map(|e| e.code.clone()).unwrap_or_default()
    })
}

/// Copies a readable account of the failure into `buf`: Graph's code and
/// message, the HTTP status, request-id, method and URL; or the transport,
/// timeout or authentication problem. Empty on success.
#[unsafe(no_mangle)]
pub extern "C" fn mgp_response_message(
    response: *const mgp_response,
    buf: *mut c_char,
    len: usize,
    out_len: *mut usize,
) -> mgp_status {
    copy_view(response, buf, len, out_len, |r| r.message.clone())
}

/// Copies Graph's request-id (from the error body, else the `request-id`
/// header) into `buf`; empty when there is none.
#[unsafe(no_mangle)]
pub extern "C" fn mgp_response_request_id(
    response: *const mgp_response,
    buf: *mut c_char,
    len: usize,
    out_len: *mut usize,
) -> mgp_status {
    copy_view(response, buf, len, out_len, |r| {
        r.request_id().unwrap_or("").to_string()
    })
}

/// Copies the whole response as one JSON document into `buf`: `status`
/// (the status name), `status_code`, `cmdlet`, `parameter_set`,
/// `http_status`, `sent`, `what_if`, `request`, `headers`, `body`, `error`
/// (`code`, `message`, `request_id`, `client_request_id`, `date`,
/// `details`), `request_id` (from the error body, else the `request-id`
/// header), `message`, `attempts`, `reconciled` and `should_process`
/// (`action`, `target`). Bindings read this in one call.
#[unsafe(no_mangle)]
pub extern "C" fn mgp_response_to_json(
    response: *const mgp_response,
    buf: *mut c_char,
    len: usize,
    out_len: *mut usize,
) -> mgp_status {
    copy_view(response, buf, len, out_len, |r| r.to_json().to_string())
}
