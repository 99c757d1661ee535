use crate::common::*;
use reqwest::Method;
use serde_json::json;

const PARTNERS: &str = "/v1.0/policies/crossTenantAccessPolicy/partners";

#[tokio::test]
async fn create_get_list_patch_delete() {
    let env = Env::new().await;
    let r = env
        .rw(Method::POST, PARTNERS, Some(json!({"tenantId": PARTNER})))
        .await;
    r.expect(201);
    assert!(
        r.header("location")
            .unwrap()
            .ends_with(&format!("/partners/{PARTNER}"))
    );
    let v = r.json();
    assert_eq!(
        v["@odata.context"],
        format!(
            "{}/v1.0/$metadata#policies/crossTenantAccessPolicy/partners/$entity",
            env.emu.http_url()
        )
    );
    assert_eq!(v["tenantId"], PARTNER);
    assert!(v["inboundTrust"].is_null());
    assert!(v["b2bCollaborationInbound"].is_null());
    assert_eq!(
        v["automaticUserConsentSettings"],
        json!({"inboundAllowed": null, "outboundAllowed": null})
    );
    assert_eq!(
        v["crossCloudMeetingConfiguration"],
        json!({"inboundAllowed": null, "outboundAllowed": null})
    );

    let v = env
        .rw(Method::POST, PARTNERS, Some(json!({"tenantId": PARTNER})))
        .await
        .expect_error(409, "Request_MultipleObjectsWithSameKeyValue");
    assert_eq!(
        v["error"]["message"],
        "Another object with the same value for property tenantId already exists."
    );

    let body = json!({
        "tenantId": PARTNER2,
        "inboundTrust": {"isMfaAccepted": true, "isCompliantDeviceAccepted": false, "isHybridAzureADJoinedDeviceAccepted": false},
        "B2BCollaborationInbound": {"UsersAndGroups": {"AccessType": "allowed", "Targets": [{"Target": "AllUsers", "TargetType": "user"}]}}
    });
    env.rw(Method::POST, PARTNERS, Some(body)).await.expect(201);

    let list = env.rw(Method::GET, PARTNERS, None).await;
    list.expect(200);
    let v = list.json();
    assert_eq!(
        v["@odata.context"],
        format!(
            "{}/v1.0/$metadata#policies/crossTenantAccessPolicy/partners",
            env.emu.http_url()
        )
    );
    let items = v["value"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[1]["inboundTrust"]["isMfaAccepted"], true);
    assert_eq!(
        items[1]["b2bCollaborationInbound"]["usersAndGroups"]["targets"][0]["target"],
        "AllUsers"
    );

    env.rw(
        Method::PATCH,
        &partner_path("v1.0", PARTNER),
        Some(json!({"automaticUserConsentSettings": {"inboundAllowed": true}})),
    )
    .await
    .expect(204);
    let v = env
        .rw(Method::GET, &partner_path("v1.0", PARTNER), None)
        .await
        .json();
    assert_eq!(
        v["automaticUserConsentSettings"],
        json!({"inboundAllowed": true, "outboundAllowed": null})
    );

    env.rw(Method::DELETE, &partner_path("v1.0", PARTNER), None)
        .await
        .expect(204);
    let v = env
        .rw(Method::GET, &partner_path("v1.0", PARTNER), None)
        .await
        .expect_error(404, "Request_ResourceNotFound");
    assert_eq!(
        v["error"]["message"],
        format!(
            "Resource '{PARTNER}' does not exist or one of its queried reference-property objects are not present."
        )
    );
    env.rw(Method::DELETE, &partner_path("v1.0", PARTNER), None)
        .await
        .expect_error(404, "Request_ResourceNotFound");
    env.rw(
        Method::PATCH,
        &partner_path("v1.0", PARTNER),
        Some(json!({"isServiceProvider": true})),
    )
    .await
    .expect_error(404, "Request_ResourceNotFound");
}

#[tokio::test]
async fn partner_body_validation() {
    let env = Env::new().await;
    env.rw(Method::POST, PARTNERS, Some(json!({})))
        .await
        .expect_error(400, "Request_BadRequest");
    env.rw(Method::POST, PARTNERS, Some(json!({"tenantId": "contoso"})))
        .await
        .expect_error(400, "Request_BadRequest");
    env.rw(
        Method::POST,
        PARTNERS,
        Some(json!({"tenantId": PARTNER, "bogus": 1})),
    )
    .await
    .expect_error(400, "BadRequest");
    env.rw(
        Method::POST,
        PARTNERS,
        Some(json!({"tenantId": PARTNER, "isServiceProvider": "yes"})),
    )
    .await
    .expect_error(400, "BadRequest");
    env.rw(
        Method::POST,
        PARTNERS,
        Some(json!({"tenantId": PARTNER, "inboundTrust": 3})),
    )
    .await
    .expect_error(400, "BadRequest");
    env.rw(Method::POST, PARTNERS, Some(json!({"tenantId": PARTNER})))
        .await
        .expect(201);
    env.rw(
        Method::PATCH,
        &partner_path("v1.0", PARTNER),
        Some(json!({"tenantId": PARTNER2})),
    )
    .await
    .expect_error(400, "Request_BadRequest");
    env.rw(
        Method::PATCH,
        &partner_path("v1.0", PARTNER),
        Some(json!({"tenantId": PARTNER.to_uppercase()})),
    )
    .await
    .expect(204);
}

#[tokio::test]
async fn delete_refused_while_sync_policy_exists() {
    let env = Env::new().await;
    env.emu
        .state()
        .seed_sync_policy(&env.home(), PARTNER, json!({"displayName": "Keep"}));
    let v = env
        .rw(Method::DELETE, &partner_path("v1.0", PARTNER), None)
        .await
        .expect_error(400, "Request_BadRequest");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("must be deleted")
    );
    assert!(env.emu.state().partner(&env.home(), PARTNER).is_some());
    env.rw(Method::DELETE, &sync_path("v1.0", PARTNER), None)
        .await
        .expect(204);
    env.rw(Method::DELETE, &partner_path("v1.0", PARTNER), None)
        .await
        .expect(204);
    assert!(env.emu.state().partner(&env.home(), PARTNER).is_none());
}

#[tokio::test]
async fn expand_and_select_on_partners() {
    let env = Env::new().await;
    let home = env.home();
    env.emu.state().seed_sync_policy(
        &home,
        PARTNER,
        json!({"displayName": "Exp", "userSyncInbound": {"isSyncAllowed": true}}),
    );
    env.emu.state().seed_partner(&home, PARTNER2);

    let v = env
        .rw(
            Method::GET,
            &format!("{PARTNERS}?$expand=identitySynchronization"),
            None,
        )
        .await
        .json();
    let items = v["value"].as_array().unwrap();
    assert_eq!(items[0]["identitySynchronization"]["displayName"], "Exp");
    assert!(
        items[0]["identitySynchronization"]
            .get("groupSyncInbound")
            .is_none(),
        "v1.0 shape"
    );
    assert!(items[1]["identitySynchronization"].is_null());

    let beta = format!(
        "/beta/policies/crossTenantAccessPolicy/partners/{PARTNER}?$expand=identitySynchronization"
    );
    let v = env.rw(Method::GET, &beta, None).await.json();
    assert!(
        v["identitySynchronization"]
            .get("groupSyncInbound")
            .is_some(),
        "beta shape"
    );

    let v = env
        .rw(
            Method::GET,
            &format!("{PARTNERS}?$select=tenantId&$expand=identitySynchronization"),
            None,
        )
        .await
        .json();
    let first = v["value"][0].as_object().unwrap();
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        ["tenantId", "identitySynchronization"]
    );

    let v = env
        .rw(
            Method::GET,
            &format!(
                "{}?$select=tenantId,isServiceProvider",
                partner_path("v1.0", PARTNER)
            ),
            None,
        )
        .await
        .json();
    assert_eq!(v.as_object().unwrap().len(), 3);
    env.rw(Method::GET, &format!("{PARTNERS}?$expand=nope"), None)
        .await
        .expect_error(400, "BadRequest");
    env.rw(Method::GET, &format!("{PARTNERS}?$select=nope"), None)
        .await
        .expect_error(400, "BadRequest");
    let v = env
        .rw(
            Method::GET,
            &format!("{PARTNERS}?$filter=tenantId eq '{PARTNER2}'"),
            None,
        )
        .await
        .json();
    assert_eq!(v["value"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn routing_errors() {
    let env = Env::new().await;
    // non-GUID key
    let v = env
        .rw(Method::GET, &sync_path("v1.0", "contoso"), None)
        .await
        .expect_error(400, "Request_BadRequest");
    assert_eq!(
        v["error"]["message"],
        "Invalid object identifier 'contoso'."
    );
    // deletedItems is beta-only
    let v = env
        .rw(
            Method::GET,
            "/v1.0/policies/deletedItems/crossTenantSyncPolicyPartners",
            None,
        )
        .await
        .expect_error(400, "BadRequest");
    assert_eq!(
        v["error"]["message"],
        "Resource not found for the segment 'deletedItems'."
    );
    // unknown segment
    let v = env
        .rw(Method::GET, "/v1.0/policies/nothingHere", None)
        .await
        .expect_error(400, "BadRequest");
    assert_eq!(
        v["error"]["message"],
        "Resource not found for the segment 'nothingHere'."
    );
    // unknown version
    env.rw(
        Method::GET,
        "/v2.0/policies/crossTenantAccessPolicy/partners",
        None,
    )
    .await
    .expect_error(400, "BadRequest");
    // wrong method
    let r = env.rw(Method::PUT, PARTNERS, Some(json!({}))).await;
    r.expect_error(405, "Request_BadRequest");
    assert!(r.header("allow").unwrap().contains("POST"));
    env.rw(Method::POST, &sync_path("v1.0", PARTNER), Some(json!({})))
        .await
        .expect_error(405, "Request_BadRequest");
    // path segments are case-insensitive, GUIDs too
    env.emu
        .state()
        .seed_sync_policy(&env.home(), PARTNER, json!({"displayName": "Case"}));
    let path = format!(
        "/V1.0/POLICIES/crosstenantaccesspolicy/PARTNERS/{}/IDENTITYSYNCHRONIZATION",
        PARTNER.to_uppercase()
    );
    let v = env.rw(Method::GET, &path, None).await.json();
    assert_eq!(v["displayName"], "Case");
    // OData key syntax
    let v = env
        .rw(Method::GET, &format!("/v1.0/policies/crossTenantAccessPolicy/partners('{PARTNER}')/identitySynchronization"), None)
        .await
        .json();
    assert_eq!(v["displayName"], "Case");
}

#[tokio::test]
async fn default_configuration_and_access_policy() {
    let env = Env::new().await;
    let v = env
        .rw(
            Method::GET,
            "/v1.0/policies/crossTenantAccessPolicy/default",
            None,
        )
        .await
        .json();
    assert_eq!(v["isServiceDefault"], true);
    assert_eq!(v["automaticUserConsentSettings"]["inboundAllowed"], false);
    env.rw(
        Method::PATCH,
        "/v1.0/policies/crossTenantAccessPolicy/default",
        Some(json!({"automaticUserConsentSettings": {"inboundAllowed": true}})),
    )
    .await
    .expect(204);
    let v = env
        .rw(
            Method::GET,
            "/beta/policies/crossTenantAccessPolicy/default",
            None,
        )
        .await
        .json();
    assert_eq!(
        v["automaticUserConsentSettings"],
        json!({"inboundAllowed": true, "outboundAllowed": false})
    );
    let v = env
        .rw(Method::GET, "/v1.0/policies/crossTenantAccessPolicy", None)
        .await
        .json();
    assert_eq!(v["displayName"], "CrossTenantAccessPolicy");
}
