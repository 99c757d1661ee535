use crate::common::*;
use graph_emulator::{Emulator, EmulatorConfig, Fault, FaultRule};
use reqwest::Method;
use serde_json::{Value, json};
use std::io::{Read, Write};

#[tokio::test]
async fn throttling_with_retry_after_seconds_then_success() {
    let env = Env::new().await;
    env.emu.state().seed_partner(&env.home(), PARTNER);
    let id = env.emu.state().add_fault(
        FaultRule::new(Fault::throttle("2"))
            .method("PUT")
            .path_contains("identitySynchronization"),
    );
    assert!(id > 0);
    let path = sync_path("v1.0", PARTNER);
    // a GET does not match the rule
    env.rw(Method::GET, &path, None)
        .await
        .expect_error(404, "Directory_ObjectNotFound");
    let r = env
        .rw(Method::PUT, &path, Some(json!({"displayName": "T"})))
        .await;
    r.expect_error(429, "TooManyRequests");
    assert_eq!(r.header("retry-after").as_deref(), Some("2"));
    assert!(
        r.header("x-ms-throttle-scope")
            .unwrap()
            .contains(&env.home())
    );
    assert!(r.header("x-ms-throttle-information").is_some());
    assert!(
        env.emu.state().sync_policy(&env.home(), PARTNER).is_none(),
        "a 429 applies nothing"
    );
    env.rw(Method::PUT, &path, Some(json!({"displayName": "T"})))
        .await
        .expect(204);
    assert!(env.emu.state().faults().is_empty());
    let log = env.emu.state().request_log();
    let throttled: Vec<_> = log.iter().filter(|r| r.status == 429).collect();
    assert_eq!(throttled.len(), 1);
    assert_eq!(throttled[0].fault_id, Some(id));
}

#[tokio::test]
async fn throttling_with_http_date_through_admin_api() {
    let env = Env::new().await;
    env.emu.state().seed_partner(&env.home(), PARTNER);
    let r = env
        .admin(
            Method::POST,
            "/faults",
            Some(
                json!({"method": "PUT", "path_contains": "identitysynchronization", "count": 1,
                        "fault": {"kind": "status", "status": 429, "retry_after": "date:2"}}),
            ),
        )
        .await;
    r.expect(200);
    assert!(r.json()["id"].as_u64().is_some());
    let r = env
        .rw(Method::PUT, &sync_path("v1.0", PARTNER), Some(json!({})))
        .await;
    r.expect(429);
    let when = httpdate::parse_http_date(&r.header("retry-after").unwrap()).expect("HTTP-date");
    let now = std::time::SystemTime::now();
    assert!(when > now - std::time::Duration::from_secs(1));
    assert!(when <= now + std::time::Duration::from_secs(3));
    env.rw(Method::PUT, &sync_path("v1.0", PARTNER), Some(json!({})))
        .await
        .expect(204);
}

#[tokio::test]
async fn server_errors_consume_count_in_order() {
    let env = Env::new().await;
    let st = env.emu.state();
    st.add_fault(
        FaultRule::new(Fault::status(503))
            .path_contains("/partners")
            .times(2),
    );
    st.add_fault(FaultRule::new(Fault::status(504)).path_contains("/partners"));
    st.add_fault(FaultRule::new(Fault::status(500)).path_contains("/partners"));
    let list = "/v1.0/policies/crossTenantAccessPolicy/partners";
    env.rw(Method::GET, list, None)
        .await
        .expect_error(503, "serviceNotAvailable");
    env.rw(Method::GET, list, None)
        .await
        .expect_error(503, "serviceNotAvailable");
    env.rw(Method::GET, list, None)
        .await
        .expect_error(504, "gatewayTimeout");
    env.rw(Method::GET, list, None)
        .await
        .expect_error(500, "generalException");
    env.rw(Method::GET, list, None).await.expect(200);
    // custom code and message; clear_faults removes pending rules
    st.add_fault(FaultRule {
        fault: Fault::Status {
            status: 503,
            retry_after: Some("1".into()),
            code: Some("Custom".into()),
            message: Some("custom message".into()),
        },
        ..FaultRule::new(Fault::DropBefore)
    });
    let r = env.rw(Method::GET, list, None).await;
    let v = r.expect_error(503, "Custom");
    assert_eq!(v["error"]["message"], "custom message");
    assert_eq!(r.header("retry-after").as_deref(), Some("1"));
    st.add_fault(FaultRule::new(Fault::status(500)));
    st.clear_faults();
    env.rw(Method::GET, list, None).await.expect(200);
}

#[tokio::test]
async fn drop_before_does_not_apply_the_write() {
    let env = Env::new().await;
    env.emu.state().seed_partner(&env.home(), PARTNER);
    let t = env.token("test").await;
    env.emu
        .state()
        .add_fault(FaultRule::new(Fault::DropBefore).method("PUT"));
    let err = env
        .client
        .put(env.url(&sync_path("v1.0", PARTNER)))
        .bearer_auth(&t)
        .json(&json!({"displayName": "Lost"}))
        .send()
        .await
        .expect_err("connection closed without an answer");
    assert!(
        err.is_request() || err.is_connect() || err.is_body(),
        "{err:?}"
    );
    assert!(env.emu.state().sync_policy(&env.home(), PARTNER).is_none());
    let log = env.emu.state().request_log();
    assert_eq!(log.last().unwrap().status, 0);
    assert_eq!(log.last().unwrap().method, "PUT");
}

#[tokio::test]
async fn drop_after_applies_the_write() {
    let env = Env::new().await;
    env.emu.state().seed_partner(&env.home(), PARTNER);
    let t = env.token("test").await;
    env.emu.state().add_fault(
        FaultRule::new(Fault::DropAfter)
            .method("PUT")
            .path_contains("identitySynchronization"),
    );
    let r = env
        .client
        .put(format!(
            "{}{}",
            env.emu.https_url(),
            sync_path("v1.0", PARTNER)
        ))
        .bearer_auth(&t)
        .json(&json!({"displayName": "Applied"}))
        .send()
        .await;
    assert!(r.is_err(), "the response was lost");
    assert_eq!(
        env.emu.state().sync_policy(&env.home(), PARTNER).unwrap()["displayName"],
        "Applied"
    );
    // the retry sees the conflict the real service would give
    env.rw(
        Method::PUT,
        &sync_path("v1.0", PARTNER),
        Some(json!({"displayName": "Applied"})),
    )
    .await
    .expect_error(409, "Request_MultipleObjectsWithSameKeyValue");
    assert!(
        env.emu
            .state()
            .request_log()
            .iter()
            .any(|r| r.status == 0 && r.fault_id.is_some())
    );
}

#[tokio::test]
async fn latency_fault_delays_then_answers() {
    let env = Env::new().await;
    let id = env
        .emu
        .state()
        .add_fault(FaultRule::new(Fault::Latency { ms: 50 }).method("GET"));
    env.rw(
        Method::GET,
        "/v1.0/policies/crossTenantAccessPolicy/partners",
        None,
    )
    .await
    .expect(200);
    let log = env.emu.state().request_log();
    let e = log
        .iter()
        .find(|r| r.fault_id == Some(id))
        .expect("logged with its fault");
    assert_eq!(e.status, 200);
}

#[tokio::test]
async fn request_log_records_graph_and_token_calls_not_admin() {
    let env = Env::new().await;
    env.emu.state().seed_partner(&env.home(), PARTNER);
    env.admin(Method::GET, "/state", None).await.expect(200);
    env.rw(
        Method::PUT,
        &format!("{}?x=1", sync_path("beta", PARTNER)),
        Some(json!({"displayName": "Logged"})),
    )
    .await
    .expect(204);
    let log = env.emu.state().request_log();
    assert_eq!(log.len(), 2, "token + PUT: {log:?}");
    assert!(log[0].path.ends_with("/oauth2/v2.0/token"));
    assert!(
        log[0].body.contains("client_secret=%3Credacted%3E"),
        "{}",
        log[0].body
    );
    assert!(!log[0].body.contains(&env.emu.test_app().client_secret));
    let put = &log[1];
    assert_eq!(put.method, "PUT");
    assert_eq!(put.path, sync_path("beta", PARTNER));
    assert_eq!(put.query, "x=1");
    assert_eq!(put.status, 204);
    assert_eq!(put.header("Authorization"), Some("Bearer <redacted>"));
    assert_eq!(
        serde_json::from_str::<Value>(&put.body).unwrap()["displayName"],
        "Logged"
    );
    assert!(put.id > log[0].id);

    let v = env.admin(Method::GET, "/requests", None).await.json();
    assert_eq!(v.as_array().unwrap().len(), 2);
    assert_eq!(v[1]["headers"]["authorization"], "Bearer <redacted>");
    env.admin(Method::DELETE, "/requests", None)
        .await
        .expect(204);
    assert!(env.emu.state().request_log().is_empty());
}

#[tokio::test]
async fn log_is_a_bounded_ring() {
    let env = Env::with(EmulatorConfig {
        log_capacity: 5,
        ..Default::default()
    })
    .await;
    for _ in 0..8 {
        env.send(
            Method::GET,
            "/v1.0/policies/crossTenantAccessPolicy/partners",
            None,
            None,
        )
        .await
        .expect(401);
    }
    let log = env.emu.state().request_log();
    assert_eq!(log.len(), 5);
    assert_eq!(log.last().unwrap().id, 8);
    assert_eq!(log[0].id, 4);
}

#[tokio::test]
async fn admin_api_reset_seed_state_tokens() {
    let env = Env::new().await;
    let home = env.home();
    env.admin(
        Method::POST,
        "/seed",
        Some(json!({
            "tenant_id": home,
            "partners": [{"tenantId": PARTNER, "isServiceProvider": true}],
            "sync_policies": [{"tenantId": PARTNER2, "displayName": "Seeded", "userSyncInbound": {"isSyncAllowed": true}}],
            "deleted_sync_policies": [{"tenantId": PARTNER3, "displayName": "Gone", "deletedDateTime": "2025-06-18T23:11:01Z"}]
        })),
    )
    .await
    .expect(200);
    let st = env.admin(Method::GET, "/state", None).await.json();
    let t = &st["tenants"][&home];
    assert_eq!(t["partners"].as_array().unwrap().len(), 2);
    assert_eq!(t["partners"][0]["isServiceProvider"], true);
    assert_eq!(
        t["partners"][1]["identitySynchronization"]["displayName"],
        "Seeded"
    );
    assert_eq!(
        t["deleted_sync_policies"][0]["deletedDateTime"],
        "2025-06-18T23:11:01Z"
    );
    env.admin(
        Method::POST,
        "/seed",
        Some(json!({"partners": [{"bogus": 1}]})),
    )
    .await
    .expect(400);
    env.admin(
        Method::POST,
        "/faults",
        Some(json!({"fault": {"kind": "nope"}})),
    )
    .await
    .expect(400);
    env.admin(
        Method::POST,
        "/faults",
        Some(json!({"count": 0, "fault": {"kind": "drop_before"}})),
    )
    .await
    .expect(400);
    env.admin(Method::GET, "/nothing", None).await.expect(404);

    // minted token through the admin API
    let v = env
        .admin(
            Method::POST,
            "/tokens",
            Some(json!({"tenant_id": home, "roles": ["Policy.Read.All"], "lifetime_secs": 600})),
        )
        .await
        .json();
    let tok = v["access_token"].as_str().unwrap().to_string();
    let v = env
        .send(Method::GET, &sync_path("v1.0", PARTNER2), Some(&tok), None)
        .await
        .json();
    assert_eq!(v["displayName"], "Seeded");
    env.admin(Method::POST, "/tokens/expire", None)
        .await
        .expect(200);
    env.send(Method::GET, &sync_path("v1.0", PARTNER2), Some(&tok), None)
        .await
        .expect_error(401, "InvalidAuthenticationToken");

    env.admin(
        Method::POST,
        "/faults",
        Some(json!({"fault": {"kind": "drop_before"}})),
    )
    .await
    .expect(200);
    assert_eq!(
        env.admin(Method::GET, "/faults", None)
            .await
            .json()
            .as_array()
            .unwrap()
            .len(),
        1
    );
    env.admin(Method::DELETE, "/faults", None).await.expect(204);
    assert!(env.emu.state().faults().is_empty());

    env.emu
        .state()
        .add_fault(FaultRule::new(Fault::status(500)));
    env.admin(Method::POST, "/reset", None).await.expect(200);
    let st = env.admin(Method::GET, "/state", None).await.json();
    assert_eq!(st["tenants"], json!({}));
    assert!(env.emu.state().request_log().is_empty());
    assert!(env.emu.state().faults().is_empty());
    let info = env.admin(Method::GET, "", None).await.json();
    assert_eq!(info, env.emu.startup_info());
}

#[tokio::test]
async fn reset_reapplies_configured_seed() {
    let seed = graph_emulator::SeedData {
        tenant_id: None,
        partners: vec![],
        sync_policies: vec![json!({"tenantId": PARTNER, "displayName": "From seed"})],
        deleted_sync_policies: vec![],
    };
    let env = Env::with(EmulatorConfig {
        seed: vec![seed],
        ..Default::default()
    })
    .await;
    let home = env.home();
    assert_eq!(
        env.emu.state().sync_policy(&home, PARTNER).unwrap()["displayName"],
        "From seed"
    );
    env.rw(Method::DELETE, &sync_path("v1.0", PARTNER), None)
        .await
        .expect(204);
    env.emu.state().reset();
    assert_eq!(
        env.emu.state().sync_policy(&home, PARTNER).unwrap()["displayName"],
        "From seed"
    );
    assert!(
        env.emu
            .state()
            .deleted_sync_policy(&home, PARTNER)
            .is_none()
    );
}

fn raw_get(addr: &str, path: &str) -> std::io::Result<String> {
    let mut s = std::net::TcpStream::connect(addr)?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )?;
    let mut out = String::new();
    s.read_to_string(&mut out)?;
    Ok(out)
}

#[test]
fn start_blocking_from_sync_code_and_drop_stops_it() {
    let emu = Emulator::start_blocking(EmulatorConfig::default()).unwrap();
    let addr = emu.http_url().trim_start_matches("http://").to_string();
    let resp = raw_get(&addr, "/_emulator/state").unwrap();
    assert!(resp.starts_with("HTTP/1.1 200"), "{resp}");
    emu.state().seed_partner(&emu.test_app().tenant_id, PARTNER);
    let resp = raw_get(&addr, "/_emulator/state").unwrap();
    assert!(resp.contains(PARTNER));
    let ca = emu.ca_pem_path();
    assert!(
        std::fs::read_to_string(&ca)
            .unwrap()
            .contains("BEGIN CERTIFICATE")
    );
    drop(emu);
    assert!(
        raw_get(&addr, "/_emulator/state").is_err(),
        "listener closed"
    );
    assert!(!ca.exists(), "temporary state directory removed");
}
