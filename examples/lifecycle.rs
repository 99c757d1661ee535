//! The main job, end to end: an embedded Graph emulator seeded with a
//! partner configuration, and the whole identity-synchronization lifecycle
//! through the C ABI (Set, Get, Update, what-if, Remove, list deleted,
//! Restore, Get), printing each request and its result.
//!
//! Run: `cargo run --example lifecycle`

use std::ffi::{CString, c_char};
use std::ptr;

use graph_emulator::{Emulator, EmulatorConfig};
use mgpolicy::ffi::*;
use serde_json::{Value, json};

const PARTNER: &str = "90e29127-71ad-49c7-9ce8-db3f41ea06f1";

fn read(f: impl Fn(*mut c_char, usize, *mut usize) -> mgp_status) -> String {
    let mut len = 0usize;
    if f(ptr::null_mut(), 0, &mut len) == mgp_status::Ok {
        return String::new();
    }
    let mut buf = vec![0u8; len + 1];
    f(buf.as_mut_ptr().cast(), buf.len(), &mut len);
    buf.truncate(len);
    String::from_utf8_lossy(&buf).into_owned()
}

/// Prints the request and the outcome of one call, frees the response and
/// returns its JSON summary.
fn show(step: &str, status: mgp_status, response: *mut mgp_response) -> Value {
    println!("== {step}");
    if response.is_null() {
        println!(
            "   refused: {}",
            read(|b, l, o| mgp_last_error_message(b, l, o))
        );
        return Value::Null;
    }
    let summary: Value =
        serde_json::from_str(&read(|b, l, o| mgp_response_to_json(response, b, l, o)))
            .unwrap_or(Value::Null);
    mgp_response_free(response);
    let request = &summary["request"];
    println!(
        "   -> {} {}",
        request["method"].as_str().unwrap_or(""),
        request["url"].as_str().unwrap_or("")
    );
    if !request["body"].is_null() {
        println!("      {}", request["body"]);
    }
    if summary["what_if"] == true {
        println!(
            "   <- what-if: nothing sent ({})",
            summary["should_process"]["target"].as_str().unwrap_or("")
        );
    } else {
        println!(
            "   <- HTTP {} {}",
            summary["http_status"],
            summary["status"].as_str().unwrap_or("")
        );
        if !summary["body"].is_null() {
            println!("      {}", summary["body"]);
        }
        if status != mgp_status::Ok {
            println!("      {}", summary["message"].as_str().unwrap_or(""));
        }
    }
    summary
}

fn main() {
    let emulator =
        Emulator::start_blocking(EmulatorConfig::default()).expect("the emulator starts");
    let app = emulator.test_app();
    emulator.state().seed_partner(&app.tenant_id, PARTNER);
    println!(
        "graph-emulator at {} (tenant {}), partner configuration {PARTNER} seeded",
        emulator.https_url(),
        app.tenant_id
    );

    let config = json!({
        "cloud": "Custom",
        "graph_url": emulator.https_url(),
        "authority_url": emulator.https_url(),
        "credential": {"type": "client_secret", "tenant_id": app.tenant_id, "client_id": app.client_id, "client_secret": app.client_secret},
        "ca_certificates_pem": [emulator.ca_pem()],
    });
    let config = CString::new(config.to_string()).unwrap();
    let mut client: *mut mgp_client = ptr::null_mut();
    let status = mgp_client_new(config.as_ptr(), &mut client);
    assert_eq!(
        status,
        mgp_status::Ok,
        "{}",
        read(|b, l, o| mgp_last_error_message(b, l, o))
    );

    let id = CString::new(PARTNER).unwrap();
    let deleted_identity =
        CString::new(json!({"CrossTenantIdentitySyncPolicyPartnerTenantId": PARTNER}).to_string())
            .unwrap();
    let what_if = CString::new(r#"{"what_if": true}"#).unwrap();
    let mut r = ptr::null_mut();
    let mut failures = 0;
    let mut check = |summary: Value, http: u64| {
        if summary["http_status"] != http {
            failures += 1;
            println!("   !! expected HTTP {http}");
        }
    };

    let name = CString::new("Fabrikam").unwrap();
    let fields = mgp_sync_policy_fields {
        display_name: name.as_ptr(),
        tenant_id: ptr::null(),
        external_cloud_authorized_application_id: ptr::null(),
        additional_properties_json: ptr::null(),
        user_sync_inbound: MGP_TRISTATE_TRUE,
        group_sync_inbound: MGP_TRISTATE_UNSET,
        role_enabled_group_sync_inbound: MGP_TRISTATE_UNSET,
    };
    let s = mgp_identity_sync_set_set_expanded(client, id.as_ptr(), &fields, ptr::null(), &mut r);
    check(
        show(
            "Set-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -DisplayName Fabrikam -UserSyncInbound @{IsSyncAllowed=$true}",
            s,
            r,
        ),
        204,
    );

    let s = mgp_identity_sync_get_get(client, id.as_ptr(), ptr::null(), &mut r);
    check(
        show(
            "Get-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization",
            s,
            r,
        ),
        200,
    );

    let patch = CString::new(r#"{"UserSyncInbound": {"IsSyncAllowed": "False"}}"#).unwrap();
    let s =
        mgp_identity_sync_update_update(client, id.as_ptr(), patch.as_ptr(), ptr::null(), &mut r);
    check(
        show(
            "Update-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -BodyParameter @{UserSyncInbound=@{IsSyncAllowed='False'}}",
            s,
            r,
        ),
        204,
    );

    let s = mgp_identity_sync_remove_delete(client, id.as_ptr(), what_if.as_ptr(), &mut r);
    check(
        show(
            "Remove-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -WhatIf",
            s,
            r,
        ),
        0,
    );

    let s = mgp_identity_sync_remove_delete(client, id.as_ptr(), ptr::null(), &mut r);
    check(
        show(
            "Remove-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization",
            s,
            r,
        ),
        204,
    );

    let s = mgp_beta_deleted_sync_partner_get_list(client, ptr::null(), &mut r);
    check(
        show(
            "Get-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner",
            s,
            r,
        ),
        200,
    );

    let s = mgp_beta_deleted_sync_partner_restore_restore_via_identity(
        client,
        deleted_identity.as_ptr(),
        ptr::null(),
        &mut r,
    );
    check(
        show(
            "Restore-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner -InputObject @{...}",
            s,
            r,
        ),
        200,
    );

    let s = mgp_beta_identity_sync_get_get(client, id.as_ptr(), ptr::null(), &mut r);
    check(
        show(
            "Get-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization",
            s,
            r,
        ),
        200,
    );

    let s = mgp_identity_sync_set_set_expanded(client, id.as_ptr(), &fields, ptr::null(), &mut r);
    check(
        show("Set-... again: Graph refuses a second create", s, r),
        409,
    );

    mgp_client_free(client);
    let sent = emulator.state().request_log().len();
    println!(
        "== done: {sent} requests reached the emulator (the what-if sent none), {failures} unexpected results"
    );
    if failures > 0 {
        std::process::exit(1);
    }
}
