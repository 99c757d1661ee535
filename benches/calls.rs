//! In-process per-call figures: the C ABI exports (called from Rust exactly as
//! a C program calls them) against an in-process emulator, next to the floor:
//! the same requests, byte for byte, from a minimal keep-alive hyper client.
//!
//! ```text
//! cargo bench --bench calls [-- --warm-up-time 1 --measurement-time 3]
//! ```
//!
//! Groups: `get` (a Get and reading its body), `set_remove` (a Set then a
//! Remove of the same policy), and `prepare/what_if_get` (a what-if Get:
//! everything the library does for a call except the network).

use std::ffi::{CString, c_char};
use std::ptr::{null, null_mut};

use bytes::Bytes;
use criterion::{Criterion, criterion_group, criterion_main};
use graph_emulator::{Emulator, EmulatorConfig, ROLE_READ_WRITE};
use http_body_util::{BodyExt, Full};
use hyper::Request;
use hyper::client::conn::http1::SendRequest;
use hyper_util::rt::TokioIo;
use mgpolicy::ffi::{
    MGP_TRISTATE_TRUE, mgp_client, mgp_client_free, mgp_client_new, mgp_identity_sync_get_get,
    mgp_identity_sync_remove_delete, mgp_identity_sync_set_set_expanded, mgp_response,
    mgp_response_body_json, mgp_response_free, mgp_status, mgp_sync_policy_fields,
};
use serde_json::{Value, json};

/// Has a policy: read by the Get benches.
const GET_PARTNER: &str = "90e29127-71ad-49c7-9ce8-db3f41ea06f1";
/// Has a partner configuration and no policy: Set then Remove.
const SET_PARTNER: &str = "3d0f5dec-5d3d-455c-8016-e2af1ae4d31a";

struct Ffi {
    client: *mut mgp_client,
    get_partner: CString,
    set_partner: CString,
    display_name: CString,
    what_if: CString,
    body: Vec<u8>,
}

impl Ffi {
    fn fields(&self) -> mgp_sync_policy_fields {
        mgp_sync_policy_fields {
            display_name: self.display_name.as_ptr(),
            tenant_id: null(),
            external_cloud_authorized_application_id: null(),
            additional_properties_json: null(),
            user_sync_inbound: MGP_TRISTATE_TRUE,
            group_sync_inbound: 0,
            role_enabled_group_sync_inbound: 0,
        }
    }

    /// A Get, with its body copied out as a C caller would.
    fn get(&mut self, options: *const c_char) -> mgp_status {
        let mut response: *mut mgp_response = null_mut();
        let status = mgp_identity_sync_get_get(
            self.client,
            self.get_partner.as_ptr(),
            options,
            &mut response,
        );
        let mut len = 0usize;
        mgp_response_body_json(response, null_mut(), 0, &mut len);
        self.body.resize(len + 1, 0);
        mgp_response_body_json(
            response,
            self.body.as_mut_ptr().cast(),
            self.body.len(),
            &mut len,
        );
        mgp_response_free(response);
        status
    }

    fn set_remove(&self) -> (mgp_status, mgp_status) {
        let fields = self.fields();
        let mut response: *mut mgp_response = null_mut();
        let set = mgp_identity_sync_set_set_expanded(
            self.client,
            self.set_partner.as_ptr(),
            &fields,
            null(),
            &mut response,
        );
        mgp_response_free(response);
        let mut response: *mut mgp_response = null_mut();
        let remove = mgp_identity_sync_remove_delete(
            self.client,
            self.set_partner.as_ptr(),
            null(),
            &mut response,
        );
        mgp_response_free(response);
        (set, remove)
    }
}

/// One request as the emulator logged it.
struct Replay {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: Bytes,
    expect: u16,
}

impl Replay {
    fn from_log(spec: &Value, token: &str, expect: u16) -> Replay {
        let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
        let path = text(&spec["path"]);
        let query = text(&spec["query"]);
        let target = if query.is_empty() {
            path
        } else {
            format!("{path}?{query}")
        };
        let mut headers = Vec::new();
        if let Some(map) = spec["headers"].as_object() {
            for (name, value) in map {
                let value = if name.eq_ignore_ascii_case("authorization") {
                    format!("Bearer {token}")
                } else {
                    text(value)
                };
                headers.push((name.clone(), value));
            }
        }
        Replay {
            method: text(&spec["method"]),
            target,
            headers,
            body: Bytes::from(text(&spec["body"])),
            expect,
        }
    }

    fn request(&self) -> Request<Full<Bytes>> {
        let mut builder = Request::builder()
            .method(self.method.as_str())
            .uri(self.target.as_str());
        for (name, value) in &self.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        builder
            .body(Full::new(self.body.clone()))
            .expect("the logged request is a valid request")
    }
}

/// Sends one request and reads the whole answer; true when the status is the expected one.
async fn exchange(sender: &mut SendRequest<Full<Bytes>>, replay: &Replay) -> bool {
    let response = match sender.send_request(replay.request()).await {
        Ok(r) => r,
        Err(_) => return false,
    };
    let ok = response.status().as_u16() == replay.expect;
    response.into_body().collect().await.is_ok() && ok
}

/// Opens one keep-alive HTTP/1.1 connection (`TCP_NODELAY`) to `addr`; the
/// connection task runs on the current runtime.
async fn connect(addr: &str) -> SendRequest<Full<Bytes>> {
    let stream = tokio::net::TcpStream::connect(addr)
        .await
        .expect("connect to the server");
    stream.set_nodelay(true).expect("TCP_NODELAY");
    let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .expect("HTTP/1.1 handshake");
    tokio::spawn(connection);
    sender
}

/// The last logged request with this method on this partner's policy.
fn logged(emu: &Emulator, method: &str, partner: &str) -> Value {
    let entry = emu
        .state()
        .request_log()
        .into_iter()
        .rev()
        .find(|r| r.method == method && r.path.contains(partner))
        .expect("the library's request is in the log");
    serde_json::to_value(entry).expect("a logged request is JSON")
}

fn benches(c: &mut Criterion) {
    let emu = Emulator::start_blocking(EmulatorConfig::default()).expect("the emulator starts");
    let app = emu.test_app();
    emu.state().seed_sync_policy(
        &app.tenant_id,
        GET_PARTNER,
        json!({"displayName": "Bench", "userSyncInbound": {"isSyncAllowed": true}}),
    );
    emu.state().seed_partner(&app.tenant_id, SET_PARTNER);

    let config = json!({
        "cloud": "Custom",
        "graph_url": emu.http_url(),
        "authority_url": emu.https_url(),
        "ca_certificates_pem": [emu.ca_pem()],
        "credential": {"type": "client_secret", "tenant_id": app.tenant_id,
                       "client_id": app.client_id, "client_secret": app.client_secret},
    });
    let config = CString::new(config.to_string()).expect("no NUL");
    let mut client: *mut mgp_client = null_mut();
    assert_eq!(mgp_client_new(config.as_ptr(), &mut client), mgp_status::Ok);
    let mut ffi = Ffi {
        client,
        get_partner: CString::new(GET_PARTNER).expect("no NUL"),
        set_partner: CString::new(SET_PARTNER).expect("no NUL"),
        display_name: CString::new("Bench").expect("no NUL"),
        what_if: CString::new(r#"{"what_if": true}"#).expect("no NUL"),
        body: Vec::new(),
    };
    assert_eq!(ffi.get(null()), mgp_status::Ok, "a first Get works");
    assert_eq!(ffi.set_remove(), (mgp_status::Ok, mgp_status::Ok));

    // The floor replays what the library just sent, with a token of its own.
    let token = emu
        .state()
        .mint_token(&app.tenant_id, &[ROLE_READ_WRITE], 3600);
    let get = Replay::from_log(&logged(&emu, "GET", GET_PARTNER), &token, 200);
    let put = Replay::from_log(&logged(&emu, "PUT", SET_PARTNER), &token, 204);
    let delete = Replay::from_log(&logged(&emu, "DELETE", SET_PARTNER), &token, 204);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let addr = emu.http_url().trim_start_matches("http://").to_string();
    let mut sender = runtime.block_on(connect(&addr));

    // reqwest alone on a shared 2-worker runtime, the calling thread blocking on
    // each request (how the library drove calls until it moved them onto the
    // calling thread); and reqwest on the calling thread only, as the library did
    // until calls went through its own blocking client (src/wire.rs).
    let shared = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    let url = format!("{}{}", emu.http_url(), get.target);
    let http = {
        let _enter = shared.enter();
        reqwest::Client::new()
    };
    let local_http = reqwest::Client::new();
    let reqwest_get = |http: &reqwest::Client| {
        let mut request = http.get(&url);
        for (name, value) in &get.headers {
            if name != "host" {
                request = request.header(name.as_str(), value.as_str());
            }
        }
        async move {
            let response = request.send().await.expect("sent");
            response.text().await.expect("body")
        }
    };

    let mut group = c.benchmark_group("get");
    group.bench_function("c_abi", |b| b.iter(|| ffi.get(null())));
    group.bench_function("reqwest_shared_runtime", |b| {
        b.iter(|| shared.block_on(reqwest_get(&http)))
    });
    group.bench_function("reqwest_calling_thread", |b| {
        b.iter(|| runtime.block_on(reqwest_get(&local_http)))
    });
    group.bench_function("floor", |b| {
        b.iter(|| runtime.block_on(exchange(&mut sender, &get)))
    });
    group.finish();

    let mut group = c.benchmark_group("set_remove");
    group.bench_function("c_abi", |b| b.iter(|| ffi.set_remove()));
    group.bench_function("floor", |b| {
        b.iter(|| {
            runtime.block_on(async {
                exchange(&mut sender, &put).await && exchange(&mut sender, &delete).await
            })
        })
    });
    group.finish();

    let mut group = c.benchmark_group("prepare");
    let what_if = ffi.what_if.as_ptr();
    group.bench_function("what_if_get", |b| b.iter(|| ffi.get(what_if)));
    group.finish();

    mgp_client_free(ffi.client);
}

criterion_group!(calls, benches);
criterion_main!(calls);
