//! Shared helpers for the C-ABI integration tests: an emulator per test, a
//! client made through `mgp_client_new`, and readers for `mgp_response`.
//! Everything goes through the exported `extern "C"` functions.

#![allow(dead_code)]

use std::ffi::{CString, c_char};
use std::io::Read;
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::ptr;
use std::sync::Arc;

use graph_emulator::{Emulator, EmulatorConfig};
use mgpolicy::ffi::*;
use serde_json::{Value, json};

pub const PARTNER: &str = "90e29127-71ad-49c7-9ce8-db3f41ea06f1";
pub const PARTNER2: &str = "01d0e717-bc90-46ba-94a9-71b4a811fddb";
pub const PARTNER3: &str = "9c5d131d-b1c3-4fc4-9e3f-c6557947d551";

pub fn emulator() -> Emulator {
    Emulator::start_blocking(EmulatorConfig::default()).expect("emulator starts")
}

pub fn cstr(s: &str) -> CString {
    CString::new(s).expect("no NUL")
}

/// A client config for the emulator's test app over HTTPS, with fast retries.
pub fn config(emu: &Emulator) -> Value {
    let app = emu.test_app();
    json!({
        "cloud": "Custom",
        "graph_url": emu.https_url(),
        "authority_url": emu.https_url(),
        "credential": {
            "type": "client_secret",
            "tenant_id": app.tenant_id,
            "client_id": app.client_id,
            "client_secret": app.client_secret,
        },
        "ca_certificates_pem": [emu.ca_pem()],
        "retry": {"max_retries": 3, "delay_ms": 20, "max_total_ms": 20000},
        "timeout_ms": 20000,
    })
}

/// An owned client handle, freed on drop.
pub struct Client(pub *mut mgp_client);

impl Drop for Client {
    fn drop(&mut self) {
        mgp_client_free(self.0);
    }
}

// The tests share one client across threads on purpose; the library
// documents `mgp_client` as thread-safe.
unsafe impl Send for Client {}
unsafe impl Sync for Client {}

pub fn client_from(config: &Value) -> Result<Client, (mgp_status, String)> {
    let text = cstr(&config.to_string());
    let mut out: *mut mgp_client = ptr::null_mut();
    let status = mgp_client_new(text.as_ptr(), &mut out);
    if status == mgp_status::Ok {
        assert!(!out.is_null());
        Ok(Client(out))
    } else {
        assert!(out.is_null(), "out_client written on failure");
        Err((status, last_error()))
    }
}

pub fn client(emu: &Emulator) -> Client {
    client_from(&config(emu)).expect("client")
}

pub fn last_error() -> String {
    let mut len = 0usize;
    let status = mgp_last_error_message(ptr::null_mut(), 0, &mut len);
    if status == mgp_status::Ok {
        return String::new();
    }
    assert_eq!(status, mgp_status::BufferTooSmall);
    let mut buf = vec![0u8; len + 1];
    let status = mgp_last_error_message(buf.as_mut_ptr().cast::<c_char>(), buf.len(), &mut len);
    assert_eq!(status, mgp_status::Ok);
    buf.truncate(len);
    String::from_utf8(buf).expect("utf-8")
}

/// Reads a string through one of the `(buf, len, *out_len)` accessors.
pub fn read_string(f: impl Fn(*mut c_char, usize, *mut usize) -> mgp_status) -> String {
    let mut len = 0usize;
    let status = f(ptr::null_mut(), 0, &mut len);
    if status == mgp_status::Ok {
        return String::new();
    }
    assert_eq!(status, mgp_status::BufferTooSmall, "size query");
    let mut buf = vec![0u8; len + 1];
    assert_eq!(
        f(buf.as_mut_ptr().cast::<c_char>(), buf.len(), &mut len),
        mgp_status::Ok
    );
    assert_eq!(buf[len], 0, "NUL-terminated");
    buf.truncate(len);
    String::from_utf8(buf).expect("utf-8")
}

/// What a call produced, read through the response accessors.
#[derive(Debug)]
pub struct Outcome {
    pub status: mgp_status,
    /// `mgp_response_to_json`, or Null when no response was written.
    pub json: Value,
    pub last_error: String,
}

impl Outcome {
    pub fn http(&self) -> u64 {
        self.json["http_status"].as_u64().unwrap_or(0)
    }
    pub fn body(&self) -> &Value {
        &self.json["body"]
    }
    pub fn code(&self) -> &str {
        self.json["error"]["code"].as_str().unwrap_or("")
    }
    pub fn header(&self, name: &str) -> Option<String> {
        let headers = self.json["headers"].as_object()?;
        headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .and_then(|(_, v)| v[0].as_str().map(str::to_string))
    }
}

/// Turns a status and an out-response into an [`Outcome`], checking that the
/// accessors agree with each other, then frees the response.
pub fn outcome(status: mgp_status, response: *mut mgp_response) -> Outcome {
    let last_error = last_error();
    if response.is_null() {
        return Outcome {
            status,
            json: Value::Null,
            last_error,
        };
    }
    assert_eq!(mgp_response_status(response), status);
    let json: Value = serde_json::from_str(&read_string(|b, l, o| {
        mgp_response_to_json(response, b, l, o)
    }))
    .unwrap();
    assert_eq!(json["status_code"].as_u64(), Some(status as u64));
    assert_eq!(
        json["http_status"].as_u64(),
        Some(mgp_response_http_status(response) as u64)
    );
    assert_eq!(
        json["sent"].as_bool(),
        Some(mgp_response_was_sent(response))
    );
    let body: Value = serde_json::from_str(&read_string(|b, l, o| {
        mgp_response_body_json(response, b, l, o)
    }))
    .unwrap();
    assert_eq!(body, json["body"]);
    let code = read_string(|b, l, o| mgp_response_error_code(response, b, l, o));
    assert_eq!(code, json["error"]["code"].as_str().unwrap_or(""));
    let message = read_string(|b, l, o| mgp_response_message(response, b, l, o));
    assert_eq!(message, json["message"].as_str().unwrap());
    if status != mgp_status::Ok {
        assert_eq!(
            last_error, message,
            "last error mirrors the response message"
        );
    } else {
        assert!(
            last_error.is_empty(),
            "last error cleared on success: {last_error}"
        );
    }
    mgp_response_free(response);
    Outcome {
        status,
        json,
        last_error,
    }
}

/// Calls `mgp_operation_invoke`.
pub fn invoke(client: &Client, cmdlet: &str, set: Option<&str>, args: Value) -> Outcome {
    let cmdlet = cstr(cmdlet);
    let set = set.map(cstr);
    let args = cstr(&args.to_string());
    let mut response: *mut mgp_response = ptr::null_mut();
    let status = mgp_operation_invoke(
        client.0,
        cmdlet.as_ptr(),
        set.as_ref().map_or(ptr::null(), |s| s.as_ptr()),
        args.as_ptr(),
        &mut response,
    );
    outcome(status, response)
}

pub type IdFn = extern "C" fn(
    *const mgp_client,
    *const c_char,
    *const c_char,
    *mut *mut mgp_response,
) -> mgp_status;
pub type BodyFn = extern "C" fn(
    *const mgp_client,
    *const c_char,
    *const c_char,
    *const c_char,
    *mut *mut mgp_response,
) -> mgp_status;
pub type FieldsFn = extern "C" fn(
    *const mgp_client,
    *const c_char,
    *const mgp_sync_policy_fields,
    *const c_char,
    *mut *mut mgp_response,
) -> mgp_status;
pub type ListFn =
    extern "C" fn(*const mgp_client, *const c_char, *mut *mut mgp_response) -> mgp_status;

fn opt(options: Option<&Value>) -> Option<CString> {
    options.map(|o| cstr(&o.to_string()))
}

fn ptr_of(c: &Option<CString>) -> *const c_char {
    c.as_ref().map_or(ptr::null(), |c| c.as_ptr())
}

/// Calls an export that takes an id (or identity JSON) and options.
pub fn call_id(f: IdFn, client: &Client, key: &str, options: Option<&Value>) -> Outcome {
    let key = cstr(key);
    let options = opt(options);
    let mut response = ptr::null_mut();
    let status = f(client.0, key.as_ptr(), ptr_of(&options), &mut response);
    outcome(status, response)
}

/// Calls an export that takes an id (or identity JSON), a body and options.
pub fn call_body(
    f: BodyFn,
    client: &Client,
    key: &str,
    body: &Value,
    options: Option<&Value>,
) -> Outcome {
    let key = cstr(key);
    let body = cstr(&body.to_string());
    let options = opt(options);
    let mut response = ptr::null_mut();
    let status = f(
        client.0,
        key.as_ptr(),
        body.as_ptr(),
        ptr_of(&options),
        &mut response,
    );
    outcome(status, response)
}

/// Expanded parameters as Rust values, turned into `mgp_sync_policy_fields`.
#[derive(Default, Clone)]
pub struct Fields {
    pub display_name: Option<String>,
    pub tenant_id: Option<String>,
    pub external_app: Option<String>,
    pub additional: Option<Value>,
    pub user: u32,
    pub group: u32,
    pub role_group: u32,
}

/// Calls an export that takes an id (or identity JSON), expanded fields and options.
pub fn call_fields(
    f: FieldsFn,
    client: &Client,
    key: &str,
    fields: &Fields,
    options: Option<&Value>,
) -> Outcome {
    let key = cstr(key);
    let dn = fields.display_name.as_deref().map(cstr);
    let tid = fields.tenant_id.as_deref().map(cstr);
    let ext = fields.external_app.as_deref().map(cstr);
    let add = fields.additional.as_ref().map(|v| cstr(&v.to_string()));
    let raw = mgp_sync_policy_fields {
        display_name: ptr_of(&dn),
        tenant_id: ptr_of(&tid),
        external_cloud_authorized_application_id: ptr_of(&ext),
        additional_properties_json: ptr_of(&add),
        user_sync_inbound: fields.user,
        group_sync_inbound: fields.group,
        role_enabled_group_sync_inbound: fields.role_group,
    };
    let options = opt(options);
    let mut response = ptr::null_mut();
    let status = f(
        client.0,
        key.as_ptr(),
        &raw,
        ptr_of(&options),
        &mut response,
    );
    outcome(status, response)
}

/// Calls an export that takes only options (the deleted-items list).
pub fn call_list(f: ListFn, client: &Client, options: Option<&Value>) -> Outcome {
    let options = opt(options);
    let mut response = ptr::null_mut();
    let status = f(client.0, ptr_of(&options), &mut response);
    outcome(status, response)
}

pub fn identity(id: &str) -> String {
    json!({"CrossTenantAccessPolicyConfigurationPartnerTenantId": id}).to_string()
}

pub fn deleted_identity(id: &str) -> String {
    json!({"CrossTenantIdentitySyncPolicyPartnerTenantId": id}).to_string()
}

/// Graph requests (not token requests) in the emulator's log.
pub fn graph_requests(emu: &Emulator) -> Vec<Value> {
    emu.state()
        .request_log()
        .into_iter()
        .map(|r| serde_json::to_value(r).unwrap())
        .filter(|r| {
            let path = r["path"].as_str().unwrap_or("");
            path.starts_with("/v1.0/") || path.starts_with("/beta/")
        })
        .collect()
}

pub fn token_requests(emu: &Emulator) -> usize {
    emu.state()
        .request_log()
        .into_iter()
        .map(|r| serde_json::to_value(r).unwrap())
        .filter(|r| r["path"].as_str().unwrap_or("").contains("/oauth2/"))
        .count()
}

/// The home tenant of the test app.
pub fn home(emu: &Emulator) -> String {
    emu.test_app().tenant_id
}

/// Adds a fault through the emulator's admin API format.
pub fn add_fault(emu: &Emulator, rule: Value) {
    let rule = serde_json::from_value(rule).expect("fault rule");
    emu.state().add_fault(rule);
}

/// A test server on loopback: accepts up to `connections` connections and
/// runs `handle` for each on its own thread. Returns the address.
pub fn serve(connections: usize, handle: impl Fn(TcpStream) + Send + Sync + 'static) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let handle = Arc::new(handle);
    std::thread::spawn(move || {
        for stream in listener.incoming().take(connections) {
            let Ok(stream) = stream else { continue };
            let handle = handle.clone();
            std::thread::spawn(move || handle(stream));
        }
    });
    addr
}

/// Reads one request head, and the body its Content-Length announces.
pub fn read_request(stream: &mut TcpStream) -> Option<(String, Vec<u8>)> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if stream.read(&mut byte).ok()? == 0 {
            return None;
        }
        head.push(byte[0]);
    }
    let text = String::from_utf8_lossy(&head).to_string();
    let length = text
        .lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse::<usize>().ok())?
        })
        .unwrap_or(0);
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body).ok()?;
    Some((text, body))
}

/// Relays bytes both ways between `client` and `upstream` until both
/// sides have finished sending.
pub fn pipe(mut client: TcpStream, mut upstream: TcpStream) {
    let (mut c2, mut u2) = (client.try_clone().unwrap(), upstream.try_clone().unwrap());
    let up = std::thread::spawn(move || {
        let _ = std::io::copy(&mut c2, &mut u2);
        let _ = u2.shutdown(Shutdown::Write);
    });
    let _ = std::io::copy(&mut upstream, &mut client);
    let _ = client.shutdown(Shutdown::Write);
    let _ = up.join();
}
