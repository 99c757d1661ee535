//! The blocking HTTP/1.1 client calls go through (src/wire.rs), end to end
//! through the C ABI: plain HTTP through a forwarding proxy with
//! credentials, the proxy's no_proxy list, TLS connections kept alive across
//! calls, and redirects, which it leaves to reqwest.

mod common;

use std::io::{Read, Write};
use std::net::{Shutdown, TcpStream};
use std::sync::{Arc, Mutex};

use common::*;
use mgpolicy::ffi::*;
use serde_json::json;

const PARTNER: &str = "7a1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d";

/// The test config with Graph at `graph_url` and a token minted by the
/// emulator (sign-in checks the token's audience against Graph's URL).
fn config_at(emu: &graph_emulator::Emulator, graph_url: &str) -> serde_json::Value {
    let token = emu
        .state()
        .mint_token(&home(emu), &["Policy.ReadWrite.CrossTenantAccess"], 600);
    let mut config = config(emu);
    config["graph_url"] = json!(graph_url);
    config["credential"] = json!({"type": "access_token", "token": token});
    config
}

/// A forwarding proxy for plain HTTP on loopback: records each request head
/// it gets, sends the request on to the origin in origin form with
/// `Connection: close`, and relays the answer.
fn start_forward_proxy() -> (String, Arc<Mutex<Vec<String>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let addr = serve(32, move |mut client| {
        // One request per connection: the answer ends it.
        let Some((head, body)) = read_request(&mut client) else {
            return;
        };
        log.lock().unwrap().push(head.clone());
        let mut lines = head.split("\r\n");
        let request_line = lines.next().unwrap_or("");
        let mut parts = request_line.split(' ');
        let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
        let Some(rest) = target.strip_prefix("http://") else {
            let _ = client.write_all(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n");
            return;
        };
        let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        let Ok(mut upstream) = TcpStream::connect(authority) else {
            return;
        };
        let mut forwarded = format!("{method} {path} HTTP/1.1\r\n");
        for line in lines.filter(|l| !l.is_empty()) {
            let name = line.split(':').next().unwrap_or("").to_ascii_lowercase();
            if name != "proxy-authorization" && name != "connection" {
                forwarded.push_str(line);
                forwarded.push_str("\r\n");
            }
        }
        forwarded.push_str("connection: close\r\n\r\n");
        let _ = upstream.write_all(forwarded.as_bytes());
        let _ = upstream.write_all(&body);
        let mut answer = Vec::new();
        let _ = upstream.read_to_end(&mut answer);
        let _ = client.write_all(&answer);
        let _ = client.shutdown(Shutdown::Write);
    });
    (format!("http://{addr}"), seen)
}

#[test]
fn plain_http_goes_through_a_forwarding_proxy_with_its_credentials() {
    let emu = emulator();
    emu.state().seed_partner(&home(&emu), PARTNER);
    let (proxy, seen) = start_forward_proxy();
    let mut config = config(&emu);
    config["graph_url"] = json!(emu.http_url());
    // Sign-in goes to "localhost", which bypasses the proxy.
    let port = emu.https_url().rsplit(':').next().unwrap().to_string();
    config["authority_url"] = json!(format!("https://localhost:{port}"));
    config["proxy"] = json!({
        "url": proxy, "username": "proxy-user", "password": "pr0xy pass",
        "no_proxy": "localhost",
    });
    let c = client_from(&config).unwrap();
    let body = json!({"userSyncInbound": {"isSyncAllowed": true}});
    let put = call_body(mgp_identity_sync_set_set, &c, PARTNER, &body, None);
    assert_eq!(put.status, mgp_status::Ok, "{:?}", put.json);
    let get = call_id(mgp_identity_sync_get_get, &c, PARTNER, None);
    assert_eq!(get.status, mgp_status::Ok, "{:?}", get.json);
    assert_eq!(get.body()["userSyncInbound"]["isSyncAllowed"], json!(true));

    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 2, "{seen:?}");
    let origin = emu.http_url();
    let path = format!(
        "/v1.0/policies/crossTenantAccessPolicy/partners/{PARTNER}/identitySynchronization"
    );
    assert!(
        seen[0].starts_with(&format!("PUT {origin}{path} HTTP/1.1\r\n")),
        "{}",
        seen[0]
    );
    assert!(
        seen[1].starts_with(&format!("GET {origin}{path} HTTP/1.1\r\n")),
        "{}",
        seen[1]
    );
    // base64("proxy-user:pr0xy pass")
    for head in &seen {
        assert!(
            head.contains("\r\nProxy-Authorization: Basic cHJveHktdXNlcjpwcjB4eSBwYXNz\r\n"),
            "{head}"
        );
    }
    // The emulator got both, and the write really happened.
    let graph = graph_requests(&emu);
    assert_eq!(graph.len(), 2, "{graph:?}");
    assert!(emu.state().sync_policy(&home(&emu), PARTNER).is_some());
}

#[test]
fn hosts_in_no_proxy_bypass_the_proxy() {
    let emu = emulator();
    emu.state().seed_partner(&home(&emu), PARTNER);
    let (proxy, seen) = start_forward_proxy();
    let mut config = config(&emu);
    config["graph_url"] = json!(emu.http_url());
    config["proxy"] = json!({"url": proxy, "no_proxy": "127.0.0.1,localhost"});
    let c = client_from(&config).unwrap();
    let get = call_id(mgp_identity_sync_get_get, &c, PARTNER, None);
    assert_eq!(get.status, mgp_status::NotFound, "{:?}", get.json);
    assert!(seen.lock().unwrap().is_empty());
    assert_eq!(graph_requests(&emu).len(), 1);
}

/// A TCP relay to `target` that counts the connections it accepts.
fn start_relay(target: String) -> (u16, Arc<Mutex<usize>>) {
    let count = Arc::new(Mutex::new(0usize));
    let counter = count.clone();
    let addr = serve(16, move |client| {
        *counter.lock().unwrap() += 1;
        if let Ok(upstream) = TcpStream::connect(&target) {
            pipe(client, upstream);
        }
    });
    (addr.port(), count)
}

#[test]
fn calls_on_one_thread_share_one_tls_connection() {
    let emu = emulator();
    emu.state().seed_partner(&home(&emu), PARTNER);
    let https = emu.https_url();
    let (port, connections) = start_relay(https.trim_start_matches("https://").to_string());
    let config = config_at(&emu, &format!("https://127.0.0.1:{port}"));
    let c = client_from(&config).unwrap();
    for _ in 0..5 {
        let get = call_id(mgp_identity_sync_get_get, &c, PARTNER, None);
        assert_eq!(get.status, mgp_status::NotFound, "{:?}", get.json);
    }
    assert_eq!(graph_requests(&emu).len(), 5);
    assert_eq!(*connections.lock().unwrap(), 1);
}

/// A server that answers every request with 307 to the same path on
/// `target`, counting what it gets.
fn start_redirector(target: String) -> (String, Arc<Mutex<usize>>) {
    let count = Arc::new(Mutex::new(0usize));
    let counter = count.clone();
    let addr = serve(16, move |mut client| {
        while let Some((head, _)) = read_request(&mut client) {
            *counter.lock().unwrap() += 1;
            let path = head.split(' ').nth(1).unwrap_or("/").to_string();
            let answer = format!(
                "HTTP/1.1 307 Temporary Redirect\r\nlocation: {target}{path}\r\ncontent-length: 0\r\n\r\n"
            );
            if client.write_all(answer.as_bytes()).is_err() {
                return;
            }
        }
    });
    (format!("http://{addr}"), count)
}

#[test]
fn redirects_are_followed_without_the_token_to_another_origin() {
    let emu = emulator();
    emu.state().seed_partner(&home(&emu), PARTNER);
    let (redirector, count) = start_redirector(emu.http_url());
    let c = client_from(&config_at(&emu, &redirector)).unwrap();
    let get = call_id(mgp_identity_sync_get_get, &c, PARTNER, None);
    // Followed to the emulator, which got no token: 401.
    assert_eq!(get.status, mgp_status::Unauthorized, "{:?}", get.json);
    let graph = graph_requests(&emu);
    assert_eq!(graph.len(), 1, "the redirect was not followed: {graph:?}");
    let headers = graph[0]["headers"].as_object().unwrap();
    assert!(
        !headers
            .keys()
            .any(|k| k.eq_ignore_ascii_case("authorization")),
        "the token went to another origin: {headers:?}"
    );
    // The redirector was asked twice: once by the blocking client, once
    // more through reqwest, which followed the redirect.
    assert_eq!(*count.lock().unwrap(), 2);
}
