//! What-if sends nothing; bad input of every kind gets its status and a
//! clear message, changes nothing, and never crashes.

mod common;

use std::ffi::c_char;
use std::ptr;

use common::*;
use mgpolicy::ffi::*;
use serde_json::{Value, json};

#[test]
fn what_if_describes_the_request_and_sends_nothing() {
    let emu = emulator();
    emu.state().seed_partner(&home(&emu), PARTNER);
    let c = client(&emu);
    emu.state().clear_request_log();
    let what_if = json!({"what_if": true, "headers": {"X-Trace": "t1"}, "client_request_id": "3f1c0e9e-0000-4000-8000-000000000001"});

    let r = call_body(
        mgp_identity_sync_set_set,
        &c,
        PARTNER,
        &json!({"userSyncInbound": {"IsSyncAllowed": true}}),
        Some(&what_if),
    );
    assert_eq!((r.status, r.http()), (mgp_status::Ok, 0), "{:?}", r.json);
    assert_eq!(r.json["what_if"], true);
    assert_eq!(r.json["sent"], false);
    let req = &r.json["request"];
    assert_eq!(req["method"], "PUT");
    assert_eq!(
        req["url"],
        format!(
            "{}/v1.0/policies/crossTenantAccessPolicy/partners/{PARTNER}/identitySynchronization",
            emu.https_url()
        )
    );
    assert_eq!(
        req["body"],
        json!({"userSyncInbound": {"isSyncAllowed": true}})
    );
    assert_eq!(req["headers"]["X-Trace"], "t1");
    assert_eq!(
        req["headers"]["client-request-id"],
        "3f1c0e9e-0000-4000-8000-000000000001"
    );
    assert_eq!(req["headers"]["Authorization"], "Bearer <redacted>");
    assert_eq!(
        r.json["should_process"]["action"],
        "Set-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization_Set"
    );
    assert_eq!(
        r.json["should_process"]["target"],
        format!(
            "Call remote 'PUT /v1.0/policies/crossTenantAccessPolicy/partners/{PARTNER}/identitySynchronization' operation"
        )
    );

    // Every state-changing export, with what-if: still nothing on the wire.
    let r = call_fields(
        mgp_beta_identity_sync_update_update_expanded,
        &c,
        PARTNER,
        &Fields {
            group: MGP_TRISTATE_TRUE,
            ..Default::default()
        },
        Some(&what_if),
    );
    assert_eq!(r.json["request"]["method"], "PATCH");
    assert_eq!(
        r.json["request"]["body"],
        json!({"groupSyncInbound": {"isSyncAllowed": true}})
    );
    let r = call_id(
        mgp_identity_sync_remove_delete,
        &c,
        PARTNER,
        Some(&json!({"what_if": true, "if_match": "W/\"1\""})),
    );
    assert_eq!(r.json["request"]["method"], "DELETE");
    assert_eq!(r.json["request"]["headers"]["If-Match"], "W/\"1\"");
    let r = call_id(
        mgp_beta_deleted_sync_partner_restore_restore,
        &c,
        PARTNER,
        Some(&what_if),
    );
    assert_eq!(r.json["request"]["method"], "POST");
    assert!(
        r.json["request"]["url"]
            .as_str()
            .unwrap()
            .ends_with("/restore")
    );
    let r = call_id(
        mgp_beta_deleted_sync_partner_remove_delete_via_identity,
        &c,
        &deleted_identity(PARTNER),
        Some(&what_if),
    );
    assert_eq!(r.json["request"]["method"], "DELETE");

    assert!(
        emu.state().request_log().is_empty(),
        "what-if sent something: {:?}",
        emu.state().request_log().len()
    );
    assert!(emu.state().sync_policy(&home(&emu), PARTNER).is_none());
}

#[test]
fn what_if_works_without_a_credential() {
    let c = client_from(&json!({"cloud": "USGov"})).unwrap();
    let r = call_id(
        mgp_identity_sync_remove_delete,
        &c,
        PARTNER,
        Some(&json!({"what_if": true})),
    );
    assert_eq!(r.status, mgp_status::Ok);
    assert_eq!(
        r.json["request"]["url"],
        format!(
            "https://graph.microsoft.us/v1.0/policies/crossTenantAccessPolicy/partners/{PARTNER}/identitySynchronization"
        )
    );
    let r = call_id(mgp_identity_sync_remove_delete, &c, PARTNER, None);
    assert_eq!(r.status, mgp_status::Unauthorized);
    assert!(r.last_error.contains("no credential"));
}

fn null_checks_for_id(f: IdFn, c: &Client, key: &str) {
    let key = cstr(key);
    let mut out: *mut mgp_response = ptr::null_mut();
    assert_eq!(
        f(ptr::null(), key.as_ptr(), ptr::null(), &mut out),
        mgp_status::NullArgument
    );
    assert!(last_error().contains("client is NULL"));
    assert_eq!(
        f(c.0, ptr::null(), ptr::null(), &mut out),
        mgp_status::NullArgument
    );
    assert_eq!(
        f(c.0, key.as_ptr(), ptr::null(), ptr::null_mut()),
        mgp_status::NullArgument
    );
    assert!(out.is_null(), "nothing written on refusal");
}

#[test]
fn null_for_every_pointer_argument_of_every_export() {
    let emu = emulator();
    let c = client(&emu);
    let id_fns: [(IdFn, &str); 12] = [
        (mgp_identity_sync_get_get, PARTNER),
        (mgp_identity_sync_remove_delete, PARTNER),
        (mgp_beta_identity_sync_get_get, PARTNER),
        (mgp_beta_identity_sync_remove_delete, PARTNER),
        (mgp_beta_deleted_sync_partner_get_get, PARTNER),
        (mgp_beta_deleted_sync_partner_restore_restore, PARTNER),
        (mgp_beta_deleted_sync_partner_remove_delete, PARTNER),
        (mgp_identity_sync_get_get_via_identity, "{}"),
        (mgp_identity_sync_remove_delete_via_identity, "{}"),
        (mgp_beta_identity_sync_get_get_via_identity, "{}"),
        (mgp_beta_identity_sync_remove_delete_via_identity, "{}"),
        (mgp_beta_deleted_sync_partner_get_get_via_identity, "{}"),
    ];
    for (f, key) in id_fns {
        null_checks_for_id(f, &c, key);
    }
    for (f, key) in [
        (
            mgp_beta_deleted_sync_partner_restore_restore_via_identity as IdFn,
            "{}",
        ),
        (
            mgp_beta_deleted_sync_partner_remove_delete_via_identity,
            "{}",
        ),
    ] {
        null_checks_for_id(f, &c, key);
    }
    let body_fns: [BodyFn; 8] = [
        mgp_identity_sync_set_set,
        mgp_identity_sync_set_set_via_identity,
        mgp_identity_sync_update_update,
        mgp_identity_sync_update_update_via_identity,
        mgp_beta_identity_sync_set_set,
        mgp_beta_identity_sync_set_set_via_identity,
        mgp_beta_identity_sync_update_update,
        mgp_beta_identity_sync_update_update_via_identity,
    ];
    let key = cstr(PARTNER);
    let body = cstr("{}");
    for (i, f) in body_fns.into_iter().enumerate() {
        let key = if i % 2 == 1 {
            cstr(&identity(PARTNER))
        } else {
            key.clone()
        };
        let mut out = ptr::null_mut();
        assert_eq!(
            f(
                ptr::null(),
                key.as_ptr(),
                body.as_ptr(),
                ptr::null(),
                &mut out
            ),
            mgp_status::NullArgument
        );
        assert_eq!(
            f(c.0, ptr::null(), body.as_ptr(), ptr::null(), &mut out),
            mgp_status::NullArgument
        );
        assert_eq!(
            f(c.0, key.as_ptr(), ptr::null(), ptr::null(), &mut out),
            mgp_status::NullArgument
        );
        assert_eq!(
            f(
                c.0,
                key.as_ptr(),
                body.as_ptr(),
                ptr::null(),
                ptr::null_mut()
            ),
            mgp_status::NullArgument
        );
        assert!(out.is_null());
    }
    let fields_fns: [FieldsFn; 8] = [
        mgp_identity_sync_set_set_expanded,
        mgp_identity_sync_set_set_via_identity_expanded,
        mgp_identity_sync_update_update_expanded,
        mgp_identity_sync_update_update_via_identity_expanded,
        mgp_beta_identity_sync_set_set_expanded,
        mgp_beta_identity_sync_set_set_via_identity_expanded,
        mgp_beta_identity_sync_update_update_expanded,
        mgp_beta_identity_sync_update_update_via_identity_expanded,
    ];
    for (i, f) in fields_fns.into_iter().enumerate() {
        let key = if i % 2 == 1 {
            cstr(&identity(PARTNER))
        } else {
            key.clone()
        };
        let mut out = ptr::null_mut();
        assert_eq!(
            f(
                ptr::null(),
                key.as_ptr(),
                ptr::null(),
                ptr::null(),
                &mut out
            ),
            mgp_status::NullArgument
        );
        assert_eq!(
            f(c.0, ptr::null(), ptr::null(), ptr::null(), &mut out),
            mgp_status::NullArgument
        );
        assert_eq!(
            f(c.0, key.as_ptr(), ptr::null(), ptr::null(), ptr::null_mut()),
            mgp_status::NullArgument
        );
        assert!(out.is_null());
    }
    let mut out = ptr::null_mut();
    assert_eq!(
        mgp_beta_deleted_sync_partner_get_list(ptr::null(), ptr::null(), &mut out),
        mgp_status::NullArgument
    );
    assert_eq!(
        mgp_beta_deleted_sync_partner_get_list(c.0, ptr::null(), ptr::null_mut()),
        mgp_status::NullArgument
    );
    let name = cstr("Get-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization");
    assert_eq!(
        mgp_operation_invoke(
            ptr::null(),
            name.as_ptr(),
            ptr::null(),
            ptr::null(),
            &mut out
        ),
        mgp_status::NullArgument
    );
    assert_eq!(
        mgp_operation_invoke(c.0, ptr::null(), ptr::null(), ptr::null(), &mut out),
        mgp_status::NullArgument
    );
    assert_eq!(
        mgp_operation_invoke(
            c.0,
            name.as_ptr(),
            ptr::null(),
            ptr::null(),
            ptr::null_mut()
        ),
        mgp_status::NullArgument
    );
    assert!(out.is_null());

    // Client, response and string accessors.
    let mut client_out = ptr::null_mut();
    assert_eq!(
        mgp_client_new(ptr::null(), &mut client_out),
        mgp_status::NullArgument
    );
    assert_eq!(
        mgp_client_new(cstr("{}").as_ptr(), ptr::null_mut()),
        mgp_status::NullArgument
    );
    mgp_client_free(ptr::null_mut());
    mgp_response_free(ptr::null_mut());
    assert_eq!(mgp_response_status(ptr::null()), mgp_status::NullArgument);
    assert_eq!(mgp_response_http_status(ptr::null()), 0);
    assert!(!mgp_response_was_sent(ptr::null()));
    let mut len = 0usize;
    let mut buf = [0 as c_char; 8];
    type Accessor =
        extern "C" fn(*const mgp_response, *mut c_char, usize, *mut usize) -> mgp_status;
    let accessors: [Accessor; 8] = [
        mgp_response_body_json,
        mgp_response_headers_json,
        mgp_response_request_json,
        mgp_response_error_code,
        mgp_response_message,
        mgp_response_request_id,
        mgp_response_to_json,
        mgp_response_body_json,
    ];
    for a in accessors {
        assert_eq!(
            a(ptr::null(), buf.as_mut_ptr(), buf.len(), &mut len),
            mgp_status::NullArgument
        );
    }
    assert_eq!(
        mgp_last_error_message(buf.as_mut_ptr(), buf.len(), ptr::null_mut()),
        mgp_status::NullArgument
    );
    assert_eq!(
        mgp_operations_json(buf.as_mut_ptr(), buf.len(), ptr::null_mut()),
        mgp_status::NullArgument
    );
    assert_eq!(
        mgp_operations_json(buf.as_mut_ptr(), buf.len(), &mut len),
        mgp_status::BufferTooSmall
    );
    assert!(len > 1000);
    assert!(
        emu.state().request_log().is_empty(),
        "no bad call reached the network"
    );
}

#[test]
fn invalid_utf8_malformed_json_unknown_properties_bad_ids_and_headers() {
    let emu = emulator();
    emu.state().seed_partner(&home(&emu), PARTNER);
    let c = client(&emu);
    emu.state().clear_request_log();
    let mut out = ptr::null_mut();

    let bad_utf8: &[u8] = b"90e29127-71ad-49c7-9ce8-db3f41ea06\xff\0";
    let s = mgp_identity_sync_get_get(c.0, bad_utf8.as_ptr().cast(), ptr::null(), &mut out);
    assert_eq!(s, mgp_status::InvalidUtf8);
    assert!(last_error().contains("partner_tenant_id"));
    let body_bad: &[u8] = b"{\"displayName\":\"\xc3\x28\"}\0";
    let id = cstr(PARTNER);
    let s = mgp_identity_sync_set_set(
        c.0,
        id.as_ptr(),
        body_bad.as_ptr().cast(),
        ptr::null(),
        &mut out,
    );
    assert_eq!(s, mgp_status::InvalidUtf8);
    assert!(out.is_null());

    let cases: Vec<(Value, mgp_status, &str)> = vec![
        (
            json!({"displayName": "x", "colour": "red"}),
            mgp_status::InvalidArgument,
            "unknown property 'colour'",
        ),
        (
            json!({"groupSyncInbound": {"isSyncAllowed": true}}),
            mgp_status::InvalidArgument,
            "beta",
        ),
        (
            json!({"userSyncInbound": {"isSyncAllowed": "maybe"}}),
            mgp_status::InvalidArgument,
            "isSyncAllowed",
        ),
        (
            json!({"tenantId": PARTNER2}),
            mgp_status::InvalidArgument,
            "read-only",
        ),
        (json!("text"), mgp_status::InvalidArgument, "JSON object"),
    ];
    for (body, status, needle) in cases {
        let r = call_body(mgp_identity_sync_set_set, &c, PARTNER, &body, None);
        assert_eq!(r.status, status, "{body}");
        assert!(r.last_error.contains(needle), "{body}: {}", r.last_error);
        assert!(r.json.is_null());
    }
    for text in ["{", "{\"displayName\": }", "", "nul"] {
        let t = cstr(text);
        let s = mgp_identity_sync_set_set(c.0, id.as_ptr(), t.as_ptr(), ptr::null(), &mut out);
        assert_eq!(s, mgp_status::InvalidJson, "{text:?}");
        assert!(last_error().contains("body_json is not valid JSON"));
    }
    let s = mgp_identity_sync_get_get(c.0, id.as_ptr(), cstr("{\"select\":").as_ptr(), &mut out);
    assert_eq!(s, mgp_status::InvalidJson);

    for bad_id in [
        "not-a-guid",
        "../../me",
        "90e29127-71ad-49c7-9ce8-db3f41ea06f1/../x",
        "",
    ] {
        let r = call_id(mgp_identity_sync_get_get, &c, bad_id, None);
        assert_eq!(r.status, mgp_status::InvalidArgument, "{bad_id}");
        assert!(r.last_error.contains("GUID"));
    }
    let r = call_id(
        mgp_identity_sync_get_get_via_identity,
        &c,
        &json!({"TenantId": PARTNER}).to_string(),
        None,
    );
    assert_eq!(r.status, mgp_status::InvalidArgument);
    assert!(
        r.last_error
            .contains("CrossTenantAccessPolicyConfigurationPartnerTenantId")
    );

    for headers in [
        json!({"X-A": "a\r\nInjected: 1"}),
        json!({"X-A": "a\nb"}),
        json!({"Authorization": "Bearer stolen"}),
        json!({"Bad Header": "x"}),
    ] {
        let r = call_id(
            mgp_identity_sync_get_get,
            &c,
            PARTNER,
            Some(&json!({"headers": headers})),
        );
        assert_eq!(r.status, mgp_status::InvalidArgument, "{headers}");
    }
    let r = call_id(
        mgp_identity_sync_get_get,
        &c,
        PARTNER,
        Some(&json!({"whatif": true})),
    );
    assert_eq!(r.status, mgp_status::InvalidArgument);
    assert!(r.last_error.contains("unknown option 'whatif'"));

    let fields = Fields {
        user: 7,
        ..Default::default()
    };
    let r = call_fields(
        mgp_identity_sync_set_set_expanded,
        &c,
        PARTNER,
        &fields,
        None,
    );
    assert_eq!(r.status, mgp_status::InvalidArgument);
    assert!(r.last_error.contains("MGP_TRISTATE"));

    assert!(
        emu.state().request_log().is_empty(),
        "bad input reached the network"
    );
    assert!(
        emu.state().sync_policy(&home(&emu), PARTNER).is_none(),
        "bad input changed state"
    );
}

#[test]
fn bad_client_configs_are_refused_without_secrets_in_messages() {
    let cases = [
        json!({"cloud": "Atlantis"}),
        json!({"graph_url": "http://graph.example.com"}),
        json!({"retry": {"max_retries": 50}}),
        json!({"proxy": {"url": "ftp://x"}}),
        json!({"ca_certificates_pem": ["not a pem"]}),
        json!({"credential": {"type": "client_secret", "tenant_id": "t", "client_id": "c", "client_secret": "TopSecret123", "bogus": 1}}),
        json!({"credential": {"type": "password", "client_secret": "TopSecret123"}}),
        json!({"unknown_key": true}),
    ];
    for config in cases {
        let err = client_from(&config).err().expect("refused");
        assert_eq!(err.0, mgp_status::InvalidConfig, "{config}: {}", err.1);
        assert!(!err.1.contains("TopSecret123"), "secret leaked: {}", err.1);
        assert!(!err.1.is_empty());
    }
    let bad_utf8: &[u8] = b"{\"cloud\":\"\xff\"}\0";
    let mut out = ptr::null_mut();
    assert_eq!(
        mgp_client_new(bad_utf8.as_ptr().cast(), &mut out),
        mgp_status::InvalidUtf8
    );
    assert_eq!(
        mgp_client_new(cstr("{").as_ptr(), &mut out),
        mgp_status::InvalidJson
    );
    assert!(out.is_null());
}

#[test]
fn a_panic_inside_the_library_returns_the_panic_status() {
    let emu = emulator();
    let mut config = config(&emu);
    config["diagnostics"] = json!({"panic_in_call": true});
    let c = client_from(&config).unwrap();
    let r = call_id(mgp_identity_sync_get_get, &c, PARTNER, None);
    assert_eq!(r.status, mgp_status::Panic);
    assert!(r.json.is_null());
    assert!(r.last_error.contains("panic"), "{}", r.last_error);
    // The process and other clients are unaffected.
    let healthy = client(&emu);
    let r = call_id(mgp_identity_sync_get_get, &healthy, PARTNER, None);
    assert_eq!(r.status, mgp_status::NotFound);
}

#[test]
fn buffer_protocol_and_status_names() {
    let mut len = 0usize;
    let mut small = [0 as c_char; 4];
    assert_eq!(
        mgp_operations_json(small.as_mut_ptr(), small.len(), &mut len),
        mgp_status::BufferTooSmall
    );
    let mut exact = vec![0 as c_char; len];
    assert_eq!(
        mgp_operations_json(exact.as_mut_ptr(), exact.len(), &mut len),
        mgp_status::BufferTooSmall,
        "needs room for NUL"
    );
    let mut room = vec![0 as c_char; len + 1];
    assert_eq!(
        mgp_operations_json(room.as_mut_ptr(), room.len(), &mut len),
        mgp_status::Ok
    );
    assert_eq!(room[len], 0);
    let name = |s: u32| {
        // SAFETY: mgp_status_name returns a static NUL-terminated string.
        unsafe { std::ffi::CStr::from_ptr(mgp_status_name(s)) }
            .to_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(name(6), "MGP_STATUS_NOT_FOUND");
    assert_eq!(name(19), "MGP_STATUS_PANIC");
    assert_eq!(name(999), "MGP_STATUS_UNKNOWN");
}

#[test]
fn the_last_error_survives_freeing_and_reading_the_response() {
    let emu = emulator();
    let c = client(&emu);
    let id = cstr(PARTNER);
    let mut response = ptr::null_mut();
    let status = mgp_identity_sync_get_get(c.0, id.as_ptr(), ptr::null(), &mut response);
    assert_eq!(status, mgp_status::NotFound);
    let message = last_error();
    assert!(message.contains("404"), "{message}");
    // Reading the response (size queries included) and freeing it keep the message.
    let mut len = 0usize;
    assert_eq!(
        mgp_response_to_json(response, ptr::null_mut(), 0, &mut len),
        mgp_status::BufferTooSmall
    );
    let _ = read_string(|b, l, o| mgp_response_message(response, b, l, o));
    mgp_response_free(response);
    assert_eq!(last_error(), message);
    // A successful operation clears it.
    let mut response = ptr::null_mut();
    let what_if = cstr(r#"{"what_if": true}"#);
    assert_eq!(
        mgp_identity_sync_get_get(c.0, id.as_ptr(), what_if.as_ptr(), &mut response),
        mgp_status::Ok
    );
    mgp_response_free(response);
    assert_eq!(last_error(), "");
}
