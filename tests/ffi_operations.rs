//! Every parameter set of every cmdlet, v1.0 and beta, through the exported
//! C functions against the emulator over HTTPS, asserting the emulator's
//! resulting state.

mod common;

use common::*;
use mgpolicy::ffi::*;
use serde_json::{Value, json};

struct Live {
    get: IdFn,
    get_via: IdFn,
    set_expanded: FieldsFn,
    set: BodyFn,
    set_via_expanded: FieldsFn,
    set_via: BodyFn,
    update_expanded: FieldsFn,
    update: BodyFn,
    update_via_expanded: FieldsFn,
    update_via: BodyFn,
    remove: IdFn,
    remove_via: IdFn,
}

const V1: Live = Live {
    get: mgp_identity_sync_get_get,
    get_via: mgp_identity_sync_get_get_via_identity,
    set_expanded: mgp_identity_sync_set_set_expanded,
    set: mgp_identity_sync_set_set,
    set_via_expanded: mgp_identity_sync_set_set_via_identity_expanded,
    set_via: mgp_identity_sync_set_set_via_identity,
    update_expanded: mgp_identity_sync_update_update_expanded,
    update: mgp_identity_sync_update_update,
    update_via_expanded: mgp_identity_sync_update_update_via_identity_expanded,
    update_via: mgp_identity_sync_update_update_via_identity,
    remove: mgp_identity_sync_remove_delete,
    remove_via: mgp_identity_sync_remove_delete_via_identity,
};

const BETA: Live = Live {
    get: mgp_beta_identity_sync_get_get,
    get_via: mgp_beta_identity_sync_get_get_via_identity,
    set_expanded: mgp_beta_identity_sync_set_set_expanded,
    set: mgp_beta_identity_sync_set_set,
    set_via_expanded: mgp_beta_identity_sync_set_set_via_identity_expanded,
    set_via: mgp_beta_identity_sync_set_set_via_identity,
    update_expanded: mgp_beta_identity_sync_update_update_expanded,
    update: mgp_beta_identity_sync_update_update,
    update_via_expanded: mgp_beta_identity_sync_update_update_via_identity_expanded,
    update_via: mgp_beta_identity_sync_update_update_via_identity,
    remove: mgp_beta_identity_sync_remove_delete,
    remove_via: mgp_beta_identity_sync_remove_delete_via_identity,
};

fn policy(emu: &graph_emulator::Emulator, partner: &str) -> Option<Value> {
    emu.state().sync_policy(&home(emu), partner)
}

fn user_sync(emu: &graph_emulator::Emulator, partner: &str) -> Value {
    policy(emu, partner).expect("policy exists")["userSyncInbound"]["isSyncAllowed"].clone()
}

fn lifecycle(api: &Live, beta: bool) {
    let emu = emulator();
    let home = home(&emu);
    for p in [PARTNER, PARTNER2, PARTNER3] {
        emu.state().seed_partner(&home, p);
    }
    let c = client(&emu);

    // SetExpanded creates the policy (204) with the expanded parameters.
    let fields = Fields {
        display_name: Some("Fabrikam".into()),
        user: MGP_TRISTATE_TRUE,
        ..Default::default()
    };
    let r = call_fields(api.set_expanded, &c, PARTNER, &fields, None);
    assert_eq!((r.status, r.http()), (mgp_status::Ok, 204), "{:?}", r.json);
    assert_eq!(r.body(), &Value::Null);
    let p = policy(&emu, PARTNER).expect("created");
    assert_eq!(p["displayName"], "Fabrikam");
    assert_eq!(p["userSyncInbound"]["isSyncAllowed"], true);

    // Set (body) on the second partner, PascalCase keys and a "False" string.
    let body = json!({"DisplayName": "Contoso", "UserSyncInbound": {"IsSyncAllowed": "False"}});
    let r = call_body(api.set, &c, PARTNER2, &body, None);
    assert_eq!(r.status, mgp_status::Ok, "{:?}", r.json);
    assert_eq!(user_sync(&emu, PARTNER2), false);
    assert_eq!(
        r.json["request"]["body"],
        json!({"displayName": "Contoso", "userSyncInbound": {"isSyncAllowed": false}})
    );

    // SetViaIdentityExpanded and SetViaIdentity on the third partner: the first
    // creates, the second meets Graph's 409 with its code.
    let r = call_fields(
        api.set_via_expanded,
        &c,
        &identity(PARTNER3),
        &Fields {
            user: MGP_TRISTATE_FALSE,
            ..Default::default()
        },
        None,
    );
    assert_eq!(r.status, mgp_status::Ok, "{:?}", r.json);
    assert_eq!(user_sync(&emu, PARTNER3), false);
    let r = call_body(
        api.set_via,
        &c,
        &identity(PARTNER3),
        &json!({"userSyncInbound": {"isSyncAllowed": true}}),
        None,
    );
    assert_eq!((r.status, r.http()), (mgp_status::Conflict, 409));
    assert_eq!(r.code(), "Request_MultipleObjectsWithSameKeyValue");
    assert_eq!(
        user_sync(&emu, PARTNER3),
        false,
        "a refused create changes nothing"
    );

    // Get and GetViaIdentity return the object with @odata.context.
    let r = call_id(api.get, &c, PARTNER, None);
    assert_eq!((r.status, r.http()), (mgp_status::Ok, 200));
    assert_eq!(r.body()["tenantId"], PARTNER);
    assert_eq!(r.body()["displayName"], "Fabrikam");
    assert!(
        r.body()["@odata.context"]
            .as_str()
            .unwrap()
            .contains("identitySynchronization")
    );
    let r = call_id(
        api.get_via,
        &c,
        &identity(PARTNER2),
        Some(&json!({"select": ["displayName"]})),
    );
    assert_eq!(r.status, mgp_status::Ok);
    assert_eq!(r.body()["displayName"], "Contoso");
    assert!(
        r.body().get("userSyncInbound").is_none(),
        "$select honoured: {}",
        r.body()
    );

    // The four Update sets patch (204) and merge.
    let r = call_fields(
        api.update_expanded,
        &c,
        PARTNER,
        &Fields {
            user: MGP_TRISTATE_FALSE,
            ..Default::default()
        },
        None,
    );
    assert_eq!((r.status, r.http()), (mgp_status::Ok, 204), "{:?}", r.json);
    assert_eq!(user_sync(&emu, PARTNER), false);
    assert_eq!(
        policy(&emu, PARTNER).unwrap()["displayName"],
        "Fabrikam",
        "PATCH merges"
    );
    let r = call_body(
        api.update,
        &c,
        PARTNER,
        &json!({"displayName": "Fabrikam 2"}),
        None,
    );
    assert_eq!(r.status, mgp_status::Ok);
    assert_eq!(policy(&emu, PARTNER).unwrap()["displayName"], "Fabrikam 2");
    let r = call_fields(
        api.update_via_expanded,
        &c,
        &identity(PARTNER),
        &Fields {
            additional: Some(json!({"userSyncInbound": {"isSyncAllowed": "True"}})),
            ..Default::default()
        },
        None,
    );
    assert_eq!(r.status, mgp_status::Ok, "{:?}", r.json);
    assert_eq!(user_sync(&emu, PARTNER), true);
    let r = call_body(
        api.update_via,
        &c,
        &identity(PARTNER2),
        &json!({"userSyncInbound": {"isSyncAllowed": true}}),
        None,
    );
    assert_eq!(r.status, mgp_status::Ok);
    assert_eq!(user_sync(&emu, PARTNER2), true);

    // Remove (Delete and DeleteViaIdentity) soft-deletes.
    let r = call_id(api.remove, &c, PARTNER, None);
    assert_eq!((r.status, r.http()), (mgp_status::Ok, 204), "{:?}", r.json);
    assert!(policy(&emu, PARTNER).is_none());
    assert!(
        emu.state().deleted_sync_policy(&home, PARTNER).is_some(),
        "soft delete"
    );
    let r = call_id(api.remove_via, &c, &identity(PARTNER2), None);
    assert_eq!(r.status, mgp_status::Ok);
    assert!(policy(&emu, PARTNER2).is_none());

    // A missing policy is 404 with Graph's code, for Get, Update and Remove.
    let r = call_id(api.get, &c, PARTNER, None);
    assert_eq!((r.status, r.http()), (mgp_status::NotFound, 404));
    assert!(r.code().contains("NotFound"), "{}", r.code());
    assert!(r.last_error.contains("404"), "{}", r.last_error);
    let r = call_body(api.update, &c, PARTNER, &json!({"displayName": "x"}), None);
    assert_eq!(r.status, mgp_status::NotFound);
    let r = call_id(api.remove, &c, PARTNER, None);
    assert_eq!(r.status, mgp_status::NotFound);

    // Beta properties are accepted only by the beta twins.
    let fields = Fields {
        group: MGP_TRISTATE_TRUE,
        external_app: Some("app-1".into()),
        ..Default::default()
    };
    let r = call_fields(api.set_expanded, &c, PARTNER, &fields, None);
    if beta {
        assert_eq!(r.status, mgp_status::Ok, "{:?}", r.json);
        let p = policy(&emu, PARTNER).unwrap();
        assert_eq!(p["groupSyncInbound"]["isSyncAllowed"], true);
        assert_eq!(p["externalCloudAuthorizedApplicationId"], "app-1");
    } else {
        assert_eq!(r.status, mgp_status::InvalidArgument);
        assert!(r.json.is_null(), "refused before sending");
        assert!(r.last_error.contains("beta"), "{}", r.last_error);
        assert!(policy(&emu, PARTNER).is_none());
    }
}

#[test]
fn v1_every_parameter_set() {
    lifecycle(&V1, false);
}

#[test]
fn beta_every_parameter_set() {
    lifecycle(&BETA, true);
}

#[test]
fn beta_deleted_items_list_get_restore_remove() {
    let emu = emulator();
    let home = home(&emu);
    let c = client(&emu);
    let ids = [PARTNER, PARTNER2, PARTNER3];
    for (i, p) in ids.iter().enumerate() {
        emu.state().seed_partner(&home, p);
        let body = json!({"displayName": format!("Partner {i}"), "userSyncInbound": {"isSyncAllowed": true}});
        assert_eq!(
            call_body(mgp_beta_identity_sync_set_set, &c, p, &body, None).status,
            mgp_status::Ok
        );
        assert_eq!(
            call_id(mgp_beta_identity_sync_remove_delete, &c, p, None).status,
            mgp_status::Ok
        );
    }

    // List: one page of 2 with Top, all pages with All, a filter, and the count.
    let r = call_list(
        mgp_beta_deleted_sync_partner_get_list,
        &c,
        Some(&json!({"top": 2})),
    );
    assert_eq!(r.status, mgp_status::Ok, "{:?}", r.json);
    assert_eq!(r.body()["value"].as_array().unwrap().len(), 2);
    let r = call_list(
        mgp_beta_deleted_sync_partner_get_list,
        &c,
        Some(&json!({"all": true, "page_size": 1})),
    );
    assert_eq!(r.status, mgp_status::Ok, "{:?}", r.json);
    let listed: Vec<&str> = r.body()["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["tenantId"].as_str().unwrap())
        .collect();
    assert_eq!(listed.len(), 3, "{listed:?}");
    assert!(
        r.json["attempts"].as_u64().unwrap() >= 3,
        "followed nextLink pages"
    );
    for p in ids {
        assert!(listed.contains(&p));
    }
    assert!(r.body()["value"][0]["deletedDateTime"].is_string());
    let r = call_list(
        mgp_beta_deleted_sync_partner_get_list,
        &c,
        Some(&json!({"filter": format!("tenantId eq '{PARTNER2}'")})),
    );
    assert_eq!(r.status, mgp_status::Ok, "{:?}", r.json);
    assert_eq!(r.body()["value"].as_array().unwrap().len(), 1);
    assert_eq!(r.body()["value"][0]["tenantId"], PARTNER2);

    // Get and GetViaIdentity.
    let r = call_id(mgp_beta_deleted_sync_partner_get_get, &c, PARTNER, None);
    assert_eq!((r.status, r.http()), (mgp_status::Ok, 200));
    assert_eq!(r.body()["displayName"], "Partner 0");
    let r = call_id(
        mgp_beta_deleted_sync_partner_get_get_via_identity,
        &c,
        &deleted_identity(PARTNER2),
        None,
    );
    assert_eq!(r.status, mgp_status::Ok);
    assert_eq!(r.body()["tenantId"], PARTNER2);

    // Restore brings the policy back live; RestoreViaIdentity too.
    let r = call_id(
        mgp_beta_deleted_sync_partner_restore_restore,
        &c,
        PARTNER,
        None,
    );
    assert_eq!((r.status, r.http()), (mgp_status::Ok, 200), "{:?}", r.json);
    assert_eq!(r.body()["tenantId"], PARTNER);
    assert_eq!(
        emu.state().sync_policy(&home, PARTNER).unwrap()["displayName"],
        "Partner 0"
    );
    assert!(emu.state().deleted_sync_policy(&home, PARTNER).is_none());
    let r = call_id(
        mgp_beta_deleted_sync_partner_restore_restore_via_identity,
        &c,
        &deleted_identity(PARTNER2),
        None,
    );
    assert_eq!(r.status, mgp_status::Ok);
    assert!(emu.state().sync_policy(&home, PARTNER2).is_some());

    // Get via v1.0 of the restored policy works again.
    let r = call_id(mgp_identity_sync_get_get, &c, PARTNER, None);
    assert_eq!(r.status, mgp_status::Ok);

    // Remove (permanent) and RemoveViaIdentity.
    let r = call_id(
        mgp_beta_deleted_sync_partner_remove_delete,
        &c,
        PARTNER3,
        None,
    );
    assert_eq!((r.status, r.http()), (mgp_status::Ok, 204));
    assert!(emu.state().deleted_sync_policy(&home, PARTNER3).is_none());
    assert_eq!(
        call_id(mgp_beta_identity_sync_remove_delete, &c, PARTNER2, None).status,
        mgp_status::Ok
    );
    let r = call_id(
        mgp_beta_deleted_sync_partner_remove_delete_via_identity,
        &c,
        &deleted_identity(PARTNER2),
        None,
    );
    assert_eq!(r.status, mgp_status::Ok);
    assert!(emu.state().deleted_sync_policy(&home, PARTNER2).is_none());
    let r = call_id(mgp_beta_deleted_sync_partner_get_get, &c, PARTNER2, None);
    assert_eq!(r.status, mgp_status::NotFound);
}

#[test]
fn generic_invoke_reaches_every_row_by_cmdlet_name() {
    let emu = emulator();
    emu.state().seed_partner(&home(&emu), PARTNER);
    let c = client(&emu);
    let r = invoke(
        &c,
        "set-mgbetapolicycrosstenantaccesspolicypartneridentitysynchronization",
        None,
        json!({"id": PARTNER, "fields": {"display_name": "Via invoke", "user_sync_inbound": "True", "group_sync_inbound": false}}),
    );
    assert_eq!(r.status, mgp_status::Ok, "{:?}", r.json);
    let p = emu.state().sync_policy(&home(&emu), PARTNER).unwrap();
    assert_eq!(p["displayName"], "Via invoke");
    assert_eq!(p["groupSyncInbound"]["isSyncAllowed"], false);
    let r = invoke(
        &c,
        "Get-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization",
        Some("GetViaIdentity"),
        json!({"identity": {"crossTenantAccessPolicyConfigurationPartnerTenantId": PARTNER}}),
    );
    assert_eq!(r.status, mgp_status::Ok);
    assert_eq!(
        r.json["cmdlet"],
        "Get-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization"
    );
    assert_eq!(r.json["parameter_set"], "GetViaIdentity");
    let r = invoke(
        &c,
        "Get-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner",
        None,
        json!({"options": {"all": true}}),
    );
    assert_eq!(r.status, mgp_status::Ok);
    assert_eq!(r.body()["value"], json!([]));
    let r = invoke(
        &c,
        "New-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner",
        None,
        json!({}),
    );
    assert_eq!(r.status, mgp_status::InvalidArgument);
    let r = invoke(
        &c,
        "Get-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization",
        Some("Nope"),
        json!({"id": PARTNER}),
    );
    assert_eq!(r.status, mgp_status::InvalidArgument);
    let r = invoke(
        &c,
        "Get-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization",
        None,
        json!({"idd": PARTNER}),
    );
    assert_eq!(r.status, mgp_status::InvalidArgument);
    assert!(r.last_error.contains("idd"));
}

#[test]
fn operations_table_is_exported_as_json() {
    let text = read_string(|b, l, o| mgp_operations_json(b, l, o));
    let table: Value = serde_json::from_str(&text).unwrap();
    let rows = table.as_array().unwrap();
    assert_eq!(rows.len(), 31);
    let restore = rows
        .iter()
        .find(|r| r["export"] == "mgp_beta_deleted_sync_partner_restore_restore")
        .unwrap();
    assert_eq!(restore["method"], "POST");
    assert_eq!(
        restore["path"],
        "/policies/deletedItems/crossTenantSyncPolicyPartners/{id}/restore"
    );
    assert_eq!(
        restore["cmdlet"],
        "Restore-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner"
    );
    assert_eq!(restore["changes_state"], true);
}

#[test]
fn powershell_bound_parameters_drive_invoke() {
    let emu = emulator();
    let home = home(&emu);
    emu.state().seed_partner(&home, PARTNER);
    let c = client(&emu);
    let set = "Set-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization";
    let r = invoke(
        &c,
        set,
        Some("SetExpanded"),
        json!({"parameters": {
            "CrossTenantAccessPolicyConfigurationPartnerTenantId": PARTNER,
            "DisplayName": "From PowerShell",
            "UserSyncInbound": {"IsSyncAllowed": "True"},
            "ErrorAction": "Stop",
            "WhatIf": false,
            "ResponseHeadersVariable": "rh",
        }}),
    );
    assert_eq!(r.status, mgp_status::Ok, "{:?}", r.json);
    let p = emu.state().sync_policy(&home, PARTNER).unwrap();
    assert_eq!(p["displayName"], "From PowerShell");
    assert_eq!(p["userSyncInbound"]["isSyncAllowed"], true);

    let r = invoke(
        &c,
        "Update-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization",
        Some("UpdateViaIdentity"),
        json!({"parameters": {
            "InputObject": {"CrossTenantAccessPolicyConfigurationPartnerTenantId": PARTNER},
            "BodyParameter": {"userSyncInbound": {"isSyncAllowed": false}},
            "Headers": {"X-Trace": "ps"},
        }, "options": {"what_if": true}}),
    );
    assert_eq!(r.status, mgp_status::Ok);
    assert_eq!(r.json["what_if"], true);
    assert_eq!(r.json["request"]["headers"]["X-Trace"], "ps");
    assert_eq!(
        emu.state().sync_policy(&home, PARTNER).unwrap()["userSyncInbound"]["isSyncAllowed"],
        true
    );

    let r = invoke(
        &c,
        "Get-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization",
        None,
        json!({"parameters": {"CrossTenantAccessPolicyConfigurationPartnerTenantId": PARTNER, "Top": 1}}),
    );
    assert_eq!(r.status, mgp_status::InvalidArgument);
    assert!(r.last_error.contains("-Top"), "{}", r.last_error);
}
