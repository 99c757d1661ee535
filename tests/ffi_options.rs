//! Per-call options reach the wire exactly: extra headers, client-request-id,
//! the API-version override, the user agent, $select.

mod common;

use common::*;
use mgpolicy::ffi::*;
use serde_json::json;

#[test]
fn headers_client_request_id_and_user_agent_are_sent() {
    let emu = emulator();
    emu.state().seed_partner(&home(&emu), PARTNER);
    let mut config = config(&emu);
    config["user_agent"] = json!("contoso-sync/2.1");
    let c = client_from(&config).unwrap();
    let cid = "0f8fad5b-d9cb-469f-a165-70867728950e";
    let r = call_id(
        mgp_identity_sync_get_get,
        &c,
        PARTNER,
        Some(
            &json!({"headers": {"X-Trace": "abc", "ConsistencyLevel": "eventual"}, "client_request_id": cid}),
        ),
    );
    assert_eq!(r.status, mgp_status::NotFound);
    assert_eq!(
        r.json["error"]["client_request_id"], cid,
        "Graph echoes the client-request-id"
    );
    assert_eq!(r.header("client-request-id").as_deref(), Some(cid));
    let sent = graph_requests(&emu).pop().unwrap();
    let header = |name: &str| {
        sent["headers"]
            .as_object()
            .unwrap()
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| {
                v.as_str()
                    .map(str::to_string)
                    .unwrap_or_else(|| v[0].as_str().unwrap().to_string())
            })
    };
    assert_eq!(header("x-trace").as_deref(), Some("abc"));
    assert_eq!(header("consistencylevel").as_deref(), Some("eventual"));
    assert_eq!(header("client-request-id").as_deref(), Some(cid));
    assert_eq!(header("user-agent").as_deref(), Some("contoso-sync/2.1"));
    assert!(header("authorization").unwrap().starts_with("Bearer"));
}

#[test]
fn api_version_override_switches_url_and_schema() {
    let emu = emulator();
    emu.state().seed_partner(&home(&emu), PARTNER);
    let c = client(&emu);
    let body = json!({"userSyncInbound": {"isSyncAllowed": true}, "groupSyncInbound": {"isSyncAllowed": true}});
    let r = call_body(mgp_identity_sync_set_set, &c, PARTNER, &body, None);
    assert_eq!(
        r.status,
        mgp_status::InvalidArgument,
        "v1.0 refuses the beta property"
    );
    let r = call_body(
        mgp_identity_sync_set_set,
        &c,
        PARTNER,
        &body,
        Some(&json!({"api_version": "beta"})),
    );
    assert_eq!(r.status, mgp_status::Ok, "{:?}", r.json);
    assert!(
        r.json["request"]["url"]
            .as_str()
            .unwrap()
            .contains("/beta/policies/")
    );
    let r = call_id(
        mgp_identity_sync_get_get,
        &c,
        PARTNER,
        Some(&json!({"api_version": "beta", "select": "groupSyncInbound"})),
    );
    assert_eq!(r.status, mgp_status::Ok);
    assert_eq!(r.body()["groupSyncInbound"]["isSyncAllowed"], true);
    let r = call_id(mgp_identity_sync_get_get, &c, PARTNER, None);
    assert!(
        r.body().get("groupSyncInbound").is_none(),
        "v1.0 shows only v1.0 properties: {}",
        r.body()
    );
}

#[test]
fn the_deleted_items_list_reports_its_count() {
    let emu = emulator();
    let home = home(&emu);
    let c = client(&emu);
    for p in [PARTNER, PARTNER2] {
        emu.state().seed_partner(&home, p);
        assert_eq!(
            call_body(mgp_beta_identity_sync_set_set, &c, p, &json!({}), None).status,
            mgp_status::Ok
        );
        assert_eq!(
            call_id(mgp_beta_identity_sync_remove_delete, &c, p, None).status,
            mgp_status::Ok
        );
    }
    let r = call_list(
        mgp_beta_deleted_sync_partner_get_list,
        &c,
        Some(&json!({"count": true, "top": 1})),
    );
    assert_eq!(r.status, mgp_status::Ok, "{:?}", r.json);
    assert_eq!(r.body()["value"].as_array().unwrap().len(), 1);
    assert_eq!(r.body()["@odata.count"], 2);
    let sent = graph_requests(&emu).pop().unwrap();
    assert!(
        sent["query"].as_str().unwrap_or("").contains("$count=true"),
        "{sent}"
    );
}
