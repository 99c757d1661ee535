//! Real credentials against the emulator's HTTPS token endpoint, token
//! refresh, roles, retries on 429/503/connection failures, exhausted
//! retries, the lost-response create, timeouts and the proxy.

mod common;

use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::*;
use mgpolicy::ffi::*;
use serde_json::{Value, json};

fn app(emu: &graph_emulator::Emulator, name: &str) -> graph_emulator::AppInfo {
    emu.apps()
        .into_iter()
        .find(|a| a.name == name)
        .unwrap_or_else(|| panic!("no app {name}"))
}

fn config_for(emu: &graph_emulator::Emulator, credential: Value) -> Value {
    let mut c = config(emu);
    c["credential"] = credential;
    c
}

#[test]
fn client_secret_tokens_are_cached_and_refreshed_after_revocation() {
    let emu = emulator();
    emu.state().seed_partner(&home(&emu), PARTNER);
    let c = client(&emu);
    assert_eq!(token_requests(&emu), 0, "creating a client sends nothing");
    assert_eq!(
        call_id(mgp_identity_sync_get_get, &c, PARTNER, None).status,
        mgp_status::NotFound
    );
    assert_eq!(
        call_id(mgp_identity_sync_get_get, &c, PARTNER, None).status,
        mgp_status::NotFound
    );
    assert_eq!(token_requests(&emu), 1, "the token is cached");

    emu.state().expire_tokens();
    let r = call_body(
        mgp_identity_sync_set_set,
        &c,
        PARTNER,
        &json!({"userSyncInbound": {"isSyncAllowed": true}}),
        None,
    );
    assert_eq!(r.status, mgp_status::Ok, "{:?}", r.json);
    assert_eq!(token_requests(&emu), 2, "a rejected token is replaced once");
    let log = graph_requests(&emu);
    let statuses: Vec<u64> = log.iter().map(|r| r["status"].as_u64().unwrap()).collect();
    assert_eq!(&statuses[statuses.len() - 2..], &[401, 204]);
    assert!(emu.state().sync_policy(&home(&emu), PARTNER).is_some());
}

#[test]
fn roles_decide_between_success_and_forbidden() {
    let emu = emulator();
    emu.state().seed_partner(&home(&emu), PARTNER);
    let reader = app(&emu, "reader");
    let c = client_from(&config_for(
        &emu,
        json!({"type": "client_secret", "tenant_id": reader.tenant_id, "client_id": reader.client_id, "client_secret": reader.client_secret}),
    ))
    .unwrap();
    assert_eq!(
        call_id(mgp_identity_sync_get_get, &c, PARTNER, None).status,
        mgp_status::NotFound
    );
    let r = call_body(mgp_identity_sync_set_set, &c, PARTNER, &json!({}), None);
    assert_eq!((r.status, r.http()), (mgp_status::Forbidden, 403));
    assert_eq!(r.code(), "Authorization_RequestDenied");
    assert!(r.json["error"]["request_id"].is_string());
    assert!(emu.state().sync_policy(&home(&emu), PARTNER).is_none());

    let none = app(&emu, "no-roles");
    let c = client_from(&config_for(
        &emu,
        json!({"type": "client_secret", "tenant_id": none.tenant_id, "client_id": none.client_id, "client_secret": none.client_secret}),
    ))
    .unwrap();
    let r = call_id(mgp_identity_sync_get_get, &c, PARTNER, None);
    assert_eq!(r.status, mgp_status::Forbidden);
}

#[test]
fn a_wrong_secret_fails_authentication_without_leaking_it() {
    let emu = emulator();
    let app = emu.test_app();
    let c = client_from(&config_for(
        &emu,
        json!({"type": "client_secret", "tenant_id": app.tenant_id, "client_id": app.client_id, "client_secret": "Wrong-Secret-Value-42"}),
    ))
    .unwrap();
    let r = call_id(mgp_identity_sync_get_get, &c, PARTNER, None);
    assert_eq!(r.status, mgp_status::AuthenticationFailed);
    assert!(
        !r.last_error.contains("Wrong-Secret-Value-42"),
        "{}",
        r.last_error
    );
    assert!(
        r.last_error.contains("AADSTS") || r.last_error.contains("invalid_client"),
        "{}",
        r.last_error
    );
    assert!(
        graph_requests(&emu).is_empty(),
        "no Graph request without a token"
    );
}

#[test]
fn certificate_credential_signs_a_client_assertion() {
    let emu = emulator();
    emu.state().seed_partner(&home(&emu), PARTNER);
    let cert = app(&emu, "certificate");
    let c = client_from(&config_for(
        &emu,
        json!({
            "type": "client_certificate",
            "tenant_id": cert.tenant_id,
            "client_id": cert.client_id,
            "certificate_path": cert.certificate_pem_path.unwrap(),
            "private_key_path": cert.private_key_pem_path.unwrap(),
        }),
    ))
    .unwrap();
    let r = call_fields(
        mgp_identity_sync_set_set_expanded,
        &c,
        PARTNER,
        &Fields {
            user: MGP_TRISTATE_TRUE,
            ..Default::default()
        },
        None,
    );
    assert_eq!(r.status, mgp_status::Ok, "{:?}", r.json);
    let token_call = emu
        .state()
        .request_log()
        .into_iter()
        .map(|r| serde_json::to_value(r).unwrap())
        .find(|r| r["path"].as_str().unwrap().contains("/oauth2/"))
        .unwrap();
    let body = token_call["body"].as_str().unwrap();
    assert!(
        body.contains(
            "client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer"
        ),
        "{body}"
    );
    assert!(!body.contains("client_secret"));
}

#[test]
fn a_caller_supplied_access_token_is_used_as_is() {
    let emu = emulator();
    emu.state().seed_partner(&home(&emu), PARTNER);
    let token = emu
        .state()
        .mint_token(&home(&emu), &["Policy.Read.All"], 600);
    let c = client_from(&config_for(
        &emu,
        json!({"type": "access_token", "token": token}),
    ))
    .unwrap();
    assert_eq!(
        call_id(mgp_identity_sync_get_get, &c, PARTNER, None).status,
        mgp_status::NotFound
    );
    let expired = emu
        .state()
        .mint_token(&home(&emu), &["Policy.Read.All"], -60);
    let c = client_from(&config_for(
        &emu,
        json!({"type": "access_token", "token": expired}),
    ))
    .unwrap();
    let r = call_id(mgp_identity_sync_get_get, &c, PARTNER, None);
    assert_eq!((r.status, r.http()), (mgp_status::Unauthorized, 401));
    assert_eq!(r.code(), "InvalidAuthenticationToken");
    assert_eq!(token_requests(&emu), 0);
}

#[test]
fn throttling_and_unavailability_are_retried_honouring_retry_after() {
    let emu = emulator();
    emu.state().seed_partner(&home(&emu), PARTNER);
    let c = client(&emu);
    add_fault(
        &emu,
        json!({"method": "GET", "path_contains": "identitySynchronization", "count": 1, "fault": {"kind": "status", "status": 429, "retry_after": "1"}}),
    );
    add_fault(
        &emu,
        json!({"method": "GET", "path_contains": "identitySynchronization", "count": 1, "fault": {"kind": "status", "status": 429, "retry_after": "date:1"}}),
    );
    add_fault(
        &emu,
        json!({"method": "GET", "path_contains": "identitySynchronization", "count": 1, "fault": {"kind": "status", "status": 503}}),
    );
    let started = Instant::now();
    let r = call_id(mgp_identity_sync_get_get, &c, PARTNER, None);
    assert_eq!(
        r.status,
        mgp_status::NotFound,
        "the real answer after the faults: {:?}",
        r.json
    );
    assert_eq!(r.json["attempts"], 4);
    // Lower bound only: the Retry-After waits must have happened.
    assert!(
        started.elapsed() >= Duration::from_millis(1000),
        "{:?}",
        started.elapsed()
    );
    let statuses: Vec<u64> = graph_requests(&emu)
        .iter()
        .map(|r| r["status"].as_u64().unwrap())
        .collect();
    assert_eq!(statuses, vec![429, 429, 503, 404]);
}

#[test]
fn exhausted_retries_give_throttled_with_the_response_headers() {
    let emu = emulator();
    let mut config = config(&emu);
    config["retry"] = json!({"max_retries": 2, "delay_ms": 10, "max_total_ms": 10000});
    let c = client_from(&config).unwrap();
    add_fault(
        &emu,
        json!({"count": 10, "path_contains": "identitySynchronization", "fault": {"kind": "status", "status": 429, "retry_after": "0"}}),
    );
    let r = call_id(mgp_identity_sync_get_get, &c, PARTNER, None);
    assert_eq!((r.status, r.http()), (mgp_status::Throttled, 429));
    assert_eq!(r.json["attempts"], 3);
    assert_eq!(r.header("Retry-After").as_deref(), Some("0"));
    assert!(r.header("request-id").is_some());
    assert!(r.last_error.contains("429"), "{}", r.last_error);
    assert_eq!(graph_requests(&emu).len(), 3);
}

#[test]
fn a_retry_after_beyond_the_time_budget_stops_at_once() {
    let emu = emulator();
    let mut config = config(&emu);
    config["retry"] = json!({"max_retries": 3, "delay_ms": 10, "max_total_ms": 2000});
    let c = client_from(&config).unwrap();
    add_fault(
        &emu,
        json!({"count": 5, "path_contains": "identitySynchronization", "fault": {"kind": "status", "status": 503, "retry_after": "120"}}),
    );
    let r = call_id(mgp_identity_sync_get_get, &c, PARTNER, None);
    assert_eq!(r.status, mgp_status::ServiceError);
    assert_eq!(r.json["attempts"], 1);
}

#[test]
fn a_throttled_token_endpoint_is_bounded_by_the_time_budget() {
    let emu = emulator();
    let mut config = config(&emu);
    config["retry"] = json!({"max_retries": 3, "delay_ms": 10, "max_total_ms": 1000});
    config["timeout_ms"] = json!(1000);
    let c = client_from(&config).unwrap();
    add_fault(
        &emu,
        json!({"count": 20, "path_contains": "oauth2", "fault": {"kind": "status", "status": 429, "retry_after": "60"}}),
    );
    let started = Instant::now();
    let r = call_id(mgp_identity_sync_get_get, &c, PARTNER, None);
    assert!(
        matches!(
            r.status,
            mgp_status::Timeout | mgp_status::AuthenticationFailed
        ),
        "{:?}",
        r.status
    );
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "token wait was not bounded: {:?}",
        started.elapsed()
    );
    assert!(graph_requests(&emu).is_empty());
}

#[test]
fn a_create_whose_response_was_lost_is_reconciled() {
    let emu = emulator();
    let home = home(&emu);
    emu.state().seed_partner(&home, PARTNER);
    emu.state().seed_partner(&home, PARTNER2);
    let c = client(&emu);
    add_fault(
        &emu,
        json!({"method": "PUT", "count": 1, "fault": {"kind": "drop_after"}}),
    );
    let body = json!({"displayName": "Lost", "userSyncInbound": {"isSyncAllowed": true}});
    let r = call_body(mgp_identity_sync_set_set, &c, PARTNER, &body, None);
    assert_eq!((r.status, r.http()), (mgp_status::Ok, 204), "{:?}", r.json);
    assert_eq!(r.json["reconciled"], true);
    assert_eq!(
        emu.state().sync_policy(&home, PARTNER).unwrap()["displayName"],
        "Lost"
    );
    let methods: Vec<(String, u64)> = graph_requests(&emu)
        .iter()
        .map(|r| {
            (
                r["method"].as_str().unwrap().to_string(),
                r["status"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        methods,
        vec![("PUT".into(), 0), ("PUT".into(), 409), ("GET".into(), 200)]
    );

    // A different policy already there: the 409 stands.
    emu.state().seed_sync_policy(
        &home,
        PARTNER2,
        json!({"displayName": "Someone else's", "userSyncInbound": {"isSyncAllowed": false}}),
    );
    add_fault(
        &emu,
        json!({"method": "PUT", "count": 1, "fault": {"kind": "drop_after"}}),
    );
    let r = call_body(mgp_identity_sync_set_set, &c, PARTNER2, &body, None);
    assert_eq!((r.status, r.http()), (mgp_status::Conflict, 409));
    assert_eq!(r.json["reconciled"], false);
    assert_eq!(r.code(), "Request_MultipleObjectsWithSameKeyValue");
    assert_eq!(
        emu.state().sync_policy(&home, PARTNER2).unwrap()["displayName"],
        "Someone else's"
    );

    // Without a lost response, a 409 is never reconciled away.
    let r = call_body(mgp_identity_sync_set_set, &c, PARTNER, &body, None);
    assert_eq!(r.status, mgp_status::Conflict);
}

#[test]
fn dropped_connections_are_retried_and_dead_endpoints_report_transport() {
    let emu = emulator();
    emu.state().seed_partner(&home(&emu), PARTNER);
    let c = client(&emu);
    add_fault(
        &emu,
        json!({"method": "GET", "count": 1, "fault": {"kind": "drop_before"}}),
    );
    let r = call_id(mgp_identity_sync_get_get, &c, PARTNER, None);
    assert_eq!(r.status, mgp_status::NotFound, "{:?}", r.json);
    assert_eq!(r.json["attempts"], 2);

    let closed = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let dead = client_from(&json!({
        "cloud": "Custom", "graph_url": format!("http://127.0.0.1:{port}"), "authority_url": "https://localhost:1",
        "credential": {"type": "access_token", "token": "x"},
        "retry": {"max_retries": 2, "delay_ms": 5, "max_total_ms": 5000},
    }))
    .unwrap();
    let r = call_id(mgp_identity_sync_get_get, &dead, PARTNER, None);
    assert_eq!(r.status, mgp_status::Transport);
    assert_eq!(r.json["attempts"], 3);
    assert!(r.last_error.contains("connection"), "{}", r.last_error);
}

#[test]
fn a_slow_answer_times_out() {
    let emu = emulator();
    let mut config = config(&emu);
    config["timeout_ms"] = json!(300);
    let c = client_from(&config).unwrap();
    // Get the token first so only the Graph call is slow.
    assert_eq!(
        call_id(mgp_identity_sync_get_get, &c, PARTNER, None).status,
        mgp_status::NotFound
    );
    add_fault(
        &emu,
        json!({"method": "GET", "count": 1, "fault": {"kind": "latency", "ms": 3000}}),
    );
    let r = call_id(mgp_identity_sync_get_get, &c, PARTNER, None);
    assert_eq!(r.status, mgp_status::Timeout);
    assert!(r.last_error.contains("timed out"));
}

/// A minimal HTTP CONNECT proxy on loopback that records each tunnel target.
fn start_proxy() -> (String, Arc<Mutex<Vec<String>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let addr = serve(16, move |mut client| {
        let Some((head, _)) = read_request(&mut client) else {
            return;
        };
        let target = head.split_whitespace().nth(1).unwrap_or("").to_string();
        log.lock().unwrap().push(format!(
            "{} {target}",
            head.split_whitespace().next().unwrap_or("")
        ));
        let Ok(upstream) = TcpStream::connect(&target) else {
            return;
        };
        let _ = client.write_all(b"HTTP/1.1 200 Connection Established\r\n\r\n");
        pipe(client, upstream);
    });
    (format!("http://{addr}"), seen)
}

#[test]
fn the_proxy_carries_graph_and_token_requests() {
    let emu = emulator();
    emu.state().seed_partner(&home(&emu), PARTNER);
    let (proxy, seen) = start_proxy();
    let mut config = config(&emu);
    // Different host names for Graph and sign-in, so each needs its own tunnel.
    let port = emu.https_url().rsplit(':').next().unwrap().to_string();
    config["graph_url"] = json!(format!("https://localhost:{port}"));
    config["authority_url"] = json!(format!("https://127.0.0.1:{port}"));
    config["proxy"] = json!({"url": proxy});
    let c = client_from(&config).unwrap();
    let r = call_id(mgp_identity_sync_get_get, &c, PARTNER, None);
    assert_eq!(r.status, mgp_status::NotFound, "{:?}", r.json);
    let seen = seen.lock().unwrap().clone();
    assert!(
        seen.contains(&format!("CONNECT 127.0.0.1:{port}")),
        "token request bypassed the proxy: {seen:?}"
    );
    assert!(
        seen.contains(&format!("CONNECT localhost:{port}")),
        "Graph request bypassed the proxy: {seen:?}"
    );
}

#[test]
fn many_threads_share_one_client() {
    let emu = emulator();
    let home = home(&emu);
    let ids: Vec<String> = (0..16)
        .map(|i| format!("00000000-0000-4000-8000-{i:012}"))
        .collect();
    for id in &ids {
        emu.state().seed_partner(&home, id);
    }
    let c = Arc::new(client(&emu));
    let handles: Vec<_> = ids
        .iter()
        .cloned()
        .map(|id| {
            let c = c.clone();
            std::thread::spawn(move || {
                let r = call_fields(
                    mgp_identity_sync_set_set_expanded,
                    &c,
                    &id,
                    &Fields {
                        user: MGP_TRISTATE_TRUE,
                        ..Default::default()
                    },
                    None,
                );
                assert_eq!(r.status, mgp_status::Ok);
                let r = call_id(mgp_identity_sync_get_get, &c, &id, None);
                assert_eq!(r.body()["tenantId"], id.as_str());
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    for id in &ids {
        assert!(emu.state().sync_policy(&home, id).is_some());
    }
}

#[test]
fn tokens_close_to_expiry_are_refreshed_before_use() {
    // Tokens that live 60 s are inside the five-minute refresh margin, so
    // every call asks for a fresh one instead of sending one about to expire.
    let config = graph_emulator::EmulatorConfig {
        token_lifetime_secs: 60,
        ..Default::default()
    };
    let emu = graph_emulator::Emulator::start_blocking(config).unwrap();
    emu.state().seed_partner(&home(&emu), PARTNER);
    let c = client(&emu);
    for _ in 0..3 {
        assert_eq!(
            call_id(mgp_identity_sync_get_get, &c, PARTNER, None).status,
            mgp_status::NotFound
        );
    }
    assert_eq!(token_requests(&emu), 3);
    assert!(
        graph_requests(&emu).iter().all(|r| r["status"] == 404),
        "no call was sent with a stale token"
    );
}

#[test]
fn authenticate_gets_a_token_without_calling_graph() {
    let emu = emulator();
    let c = client(&emu);
    assert_eq!(mgp_client_authenticate(c.0), mgp_status::Ok);
    assert_eq!(mgp_client_authenticate(c.0), mgp_status::Ok);
    assert_eq!(
        token_requests(&emu),
        1,
        "the second call uses the cached token"
    );
    assert!(graph_requests(&emu).is_empty(), "nothing was sent to Graph");

    let app = emu.test_app();
    let wrong = client_from(&config_for(
        &emu,
        json!({"type": "client_secret", "tenant_id": app.tenant_id, "client_id": app.client_id, "client_secret": "Not-The-Secret-99"}),
    ))
    .unwrap();
    assert_eq!(
        mgp_client_authenticate(wrong.0),
        mgp_status::AuthenticationFailed
    );
    let message = last_error();
    assert!(message.contains("AADSTS"), "{message}");
    assert!(!message.contains("Not-The-Secret-99"));

    let no_credential = client_from(&json!({})).unwrap();
    assert_eq!(
        mgp_client_authenticate(no_credential.0),
        mgp_status::Unauthorized
    );
    assert_eq!(
        mgp_client_authenticate(std::ptr::null()),
        mgp_status::NullArgument
    );
}

#[test]
fn a_token_renewed_on_one_thread_while_the_first_caller_waits() {
    // Calls run on the calling thread, with that thread's own connections;
    // tokens are shared. Thread A signs in and then waits (its runtime is
    // idle); the token is revoked; thread B must renew it and finish without
    // waiting for A, which it could not if the token's connection lived on A.
    let emu = emulator();
    emu.state().seed_partner(&home(&emu), PARTNER);
    let c = Arc::new(client(&emu));
    let (signed_in_tx, signed_in_rx) = std::sync::mpsc::channel();
    let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
    let first = {
        let c = c.clone();
        std::thread::spawn(move || {
            let r = call_id(mgp_identity_sync_get_get, &c, PARTNER, None);
            signed_in_tx.send(r.status).unwrap();
            release_rx.recv().unwrap();
            call_id(mgp_identity_sync_get_get, &c, PARTNER, None).status
        })
    };
    assert_eq!(
        signed_in_rx.recv_timeout(Duration::from_secs(30)).unwrap(),
        mgp_status::NotFound
    );
    assert_eq!(token_requests(&emu), 1);
    emu.state().expire_tokens();
    let (done_tx, done_rx) = std::sync::mpsc::channel();
    let second = {
        let c = c.clone();
        std::thread::spawn(move || {
            let r = call_body(
                mgp_identity_sync_set_set,
                &c,
                PARTNER,
                &json!({"userSyncInbound": {"isSyncAllowed": true}}),
                None,
            );
            done_tx.send(r.status).unwrap();
        })
    };
    let status = done_rx.recv_timeout(Duration::from_secs(30));
    release_tx.send(()).unwrap();
    assert_eq!(status, Ok(mgp_status::Ok), "thread B finished on its own");
    assert_eq!(
        token_requests(&emu),
        2,
        "the revoked token was renewed once"
    );
    second.join().unwrap();
    assert_eq!(
        first.join().unwrap(),
        mgp_status::Ok,
        "A uses the renewed token"
    );
    assert_eq!(token_requests(&emu), 2, "and does not ask for another");
}

#[test]
fn clients_freed_and_made_again_on_one_thread_keep_working() {
    // Each thread keeps an HTTP client per library client; freed clients'
    // entries go away, and a new client at the same address gets its own.
    let emu = emulator();
    emu.state().seed_partner(&home(&emu), PARTNER);
    for round in 0..20 {
        let c = client(&emu);
        let r = call_id(mgp_identity_sync_get_get, &c, PARTNER, None);
        assert_eq!(r.status, mgp_status::NotFound, "round {round}");
    }
    assert_eq!(token_requests(&emu), 20, "every client signs in on its own");
}

#[test]
fn one_pem_file_holding_certificate_and_key_signs_in() {
    // The configuration allows the certificate and its key in one PEM file,
    // in either order, given as certificate_path or certificate_pem alone.
    let emu = emulator();
    emu.state().seed_partner(&home(&emu), PARTNER);
    let cert = app(&emu, "certificate");
    let cert_pem = std::fs::read_to_string(cert.certificate_pem_path.unwrap()).unwrap();
    let key_pem = std::fs::read_to_string(cert.private_key_pem_path.unwrap()).unwrap();
    let dir = std::env::temp_dir().join(format!("mgpolicy-combined-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (name, text) in [
        ("cert-then-key.pem", format!("{cert_pem}\n{key_pem}")),
        ("key-then-cert.pem", format!("{key_pem}\n{cert_pem}")),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, &text).unwrap();
        for credential in [
            json!({"type": "client_certificate", "tenant_id": cert.tenant_id,
                   "client_id": cert.client_id, "certificate_path": path}),
            json!({"type": "client_certificate", "tenant_id": cert.tenant_id,
                   "client_id": cert.client_id, "certificate_pem": text}),
        ] {
            let c = client_from(&config_for(&emu, credential)).unwrap();
            let r = call_id(mgp_identity_sync_get_get, &c, PARTNER, None);
            assert_eq!(r.status, mgp_status::NotFound, "{name}: {:?}", r.json);
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
