use crate::common::*;
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn put_get_patch_delete_round_trip() {
    let env = Env::new().await;
    env.emu.state().seed_partner(&env.home(), PARTNER);
    let path = sync_path("v1.0", PARTNER);

    let r = env
        .rw(
            Method::PUT,
            &path,
            Some(json!({"displayName": "Fabrikam", "userSyncInbound": {"isSyncAllowed": true}})),
        )
        .await;
    r.expect(204);
    assert!(r.text.is_empty());
    assert!(r.header("request-id").is_some());
    assert!(r.header("x-ms-resource-unit").is_some());

    let r = env.rw(Method::GET, &path, None).await;
    r.expect(200);
    assert!(
        r.header("content-type")
            .unwrap()
            .starts_with("application/json;odata.metadata=minimal")
    );
    let v = r.json();
    assert_eq!(
        v["@odata.context"],
        format!(
            "{}/v1.0/$metadata#policies/crossTenantAccessPolicy/partners('{PARTNER}')/identitySynchronization/$entity",
            env.emu.http_url()
        )
    );
    assert_eq!(v["tenantId"], PARTNER);
    assert_eq!(v["displayName"], "Fabrikam");
    assert_eq!(v["userSyncInbound"]["isSyncAllowed"], true);
    // v1.0 shows only its three properties
    assert_eq!(v.as_object().unwrap().len(), 4, "{v}");

    env.rw(
        Method::PATCH,
        &path,
        Some(json!({"userSyncInbound": {"isSyncAllowed": false}})),
    )
    .await
    .expect(204);
    let v = env.rw(Method::GET, &path, None).await.json();
    assert_eq!(
        v["displayName"], "Fabrikam",
        "PATCH keeps what it does not name"
    );
    assert_eq!(v["userSyncInbound"]["isSyncAllowed"], false);

    env.rw(Method::DELETE, &path, None).await.expect(204);
    env.rw(Method::GET, &path, None)
        .await
        .expect_error(404, "Directory_ObjectNotFound");
    env.rw(Method::DELETE, &path, None)
        .await
        .expect_error(404, "Directory_ObjectNotFound");
    let deleted = env
        .emu
        .state()
        .deleted_sync_policy(&env.home(), PARTNER)
        .expect("soft deleted");
    assert!(deleted["deletedDateTime"].as_str().unwrap().ends_with('Z'));
}

#[tokio::test]
async fn second_put_conflicts() {
    let env = Env::new().await;
    env.emu.state().seed_partner(&env.home(), PARTNER);
    let path = sync_path("v1.0", PARTNER);
    env.rw(Method::PUT, &path, Some(json!({"displayName": "A"})))
        .await
        .expect(204);
    let v = env
        .rw(Method::PUT, &path, Some(json!({"displayName": "B"})))
        .await
        .expect_error(409, "Request_MultipleObjectsWithSameKeyValue");
    assert_eq!(v["error"]["details"][0]["code"], "ConflictingObjects");
    assert_eq!(
        env.emu.state().sync_policy(&env.home(), PARTNER).unwrap()["displayName"],
        "A"
    );
}

#[tokio::test]
async fn missing_partner_and_missing_policy_are_404() {
    let env = Env::new().await;
    let path = sync_path("v1.0", PARTNER);
    let v = env
        .rw(Method::PUT, &path, Some(json!({"displayName": "x"})))
        .await
        .expect_error(404, "Request_ResourceNotFound");
    assert!(v["error"]["message"].as_str().unwrap().contains(PARTNER));
    env.rw(Method::GET, &path, None)
        .await
        .expect_error(404, "Request_ResourceNotFound");

    env.emu.state().seed_partner(&env.home(), PARTNER);
    env.rw(Method::GET, &path, None)
        .await
        .expect_error(404, "Directory_ObjectNotFound");
    env.rw(Method::PATCH, &path, Some(json!({"displayName": "x"})))
        .await
        .expect_error(404, "Directory_ObjectNotFound");
    env.rw(Method::DELETE, &path, None)
        .await
        .expect_error(404, "Directory_ObjectNotFound");
}

#[tokio::test]
async fn v1_rejects_beta_and_unknown_properties_beta_accepts_its_own() {
    let env = Env::new().await;
    env.emu.state().seed_partner(&env.home(), PARTNER);
    let v1 = sync_path("v1.0", PARTNER);
    for body in [
        json!({"groupSyncInbound": {"isSyncAllowed": true}}),
        json!({"roleEnabledGroupSyncInbound": {"isSyncAllowed": true}}),
        json!({"externalCloudAuthorizedApplicationId": "x"}),
        json!({"foo": 1}),
        json!({"userSyncInbound": {"isSyncAllowed": true, "extra": 1}}),
    ] {
        let v = env
            .rw(Method::PUT, &v1, Some(body.clone()))
            .await
            .expect_error(400, "BadRequest");
        assert!(
            v["error"]["message"]
                .as_str()
                .unwrap()
                .contains("does not exist on type"),
            "{v}"
        );
    }
    assert!(env.emu.state().sync_policy(&env.home(), PARTNER).is_none());

    let beta = sync_path("beta", PARTNER);
    env.rw(
        Method::PUT,
        &beta,
        Some(json!({
            "@odata.type": "#microsoft.graph.crossTenantIdentitySyncPolicyPartner",
            "displayName": "Beta",
            "userSyncInbound": {"isSyncAllowed": true},
            "groupSyncInbound": {"isSyncAllowed": false},
            "roleEnabledGroupSyncInbound": {"isSyncAllowed": true},
            "externalCloudAuthorizedApplicationId": "app-1",
            "deletedDateTime": "2020-01-01T00:00:00Z"
        })),
    )
    .await
    .expect(204);
    let v = env.rw(Method::GET, &beta, None).await.json();
    assert_eq!(v["groupSyncInbound"]["isSyncAllowed"], false);
    assert_eq!(v["roleEnabledGroupSyncInbound"]["isSyncAllowed"], true);
    assert_eq!(v["externalCloudAuthorizedApplicationId"], "app-1");
    assert_eq!(
        v["deletedDateTime"],
        serde_json::Value::Null,
        "server-managed"
    );
    // v1.0 view of the same object hides the beta properties
    let v = env.rw(Method::GET, &v1, None).await.json();
    assert!(v.get("groupSyncInbound").is_none());
    assert_eq!(v["displayName"], "Beta");
    // wrong @odata.type
    env.rw(
        Method::PATCH,
        &beta,
        Some(json!({"@odata.type": "#microsoft.graph.user"})),
    )
    .await
    .expect_error(400, "BadRequest");
}

#[tokio::test]
async fn body_validation() {
    let env = Env::new().await;
    env.emu.state().seed_partner(&env.home(), PARTNER);
    let path = sync_path("v1.0", PARTNER);
    let t = env.token("test").await;
    for (body, why) in [
        ("{\"displayName\": ", "malformed JSON"),
        ("", "empty body"),
        ("[]", "not an object"),
        ("{\"userSyncInbound\": \"yes\"}", "complex as string"),
        (
            "{\"userSyncInbound\": {\"isSyncAllowed\": \"true\"}}",
            "bool as string",
        ),
        ("{\"displayName\": 42}", "string as number"),
        (
            "{\"displayName\": \"a\", \"DisplayName\": \"b\"}",
            "duplicate",
        ),
    ] {
        let r = env.send(Method::PUT, &path, Some(&t), Some(body)).await;
        let v = r.expect_error(400, "BadRequest");
        assert!(!v["error"]["message"].as_str().unwrap().is_empty(), "{why}");
    }
    // PATCH with an empty body
    env.send(Method::PATCH, &path, Some(&t), Some(""))
        .await
        .expect_error(400, "BadRequest");
    // tenantId must match the URL (case-insensitively)
    env.rw(Method::PUT, &path, Some(json!({"tenantId": PARTNER2})))
        .await
        .expect_error(400, "Request_BadRequest");
    assert!(env.emu.state().sync_policy(&env.home(), PARTNER).is_none());
    env.rw(
        Method::PUT,
        &path,
        Some(json!({"tenantId": PARTNER.to_uppercase(), "displayName": null})),
    )
    .await
    .expect(204);
    let v = env.emu.state().sync_policy(&env.home(), PARTNER).unwrap();
    assert_eq!(v["tenantId"], PARTNER);
    assert!(v["displayName"].is_null());
}

#[tokio::test]
async fn property_names_are_case_insensitive_responses_camel_case() {
    let env = Env::new().await;
    env.emu.state().seed_partner(&env.home(), PARTNER);
    let path = sync_path("v1.0", PARTNER);
    env.rw(
        Method::PUT,
        &path,
        Some(json!({"DisplayName": "Pascal", "UserSyncInbound": {"IsSyncAllowed": true}})),
    )
    .await
    .expect(204);
    let v = env.rw(Method::GET, &path, None).await.json();
    assert_eq!(v["displayName"], "Pascal");
    assert_eq!(v["userSyncInbound"], json!({"isSyncAllowed": true}));
    assert!(v.get("DisplayName").is_none());
}

#[tokio::test]
async fn select_returns_only_selected_properties() {
    let env = Env::new().await;
    env.emu.state().seed_sync_policy(
        &env.home(),
        PARTNER,
        json!({"displayName": "Sel", "userSyncInbound": {"isSyncAllowed": true}}),
    );
    let path = sync_path("v1.0", PARTNER);
    let v = env
        .rw(Method::GET, &format!("{path}?$select=displayName"), None)
        .await
        .json();
    let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["@odata.context", "displayName"]);
    let v = env
        .rw(
            Method::GET,
            &format!("{path}?$select=TenantId,userSyncInbound"),
            None,
        )
        .await
        .json();
    assert_eq!(v.as_object().unwrap().len(), 3);
    assert_eq!(v["tenantId"], PARTNER);
    env.rw(Method::GET, &format!("{path}?$select=nope"), None)
        .await
        .expect_error(400, "BadRequest");
    // beta-only property is unknown in v1.0
    env.rw(
        Method::GET,
        &format!("{path}?$select=groupSyncInbound"),
        None,
    )
    .await
    .expect_error(400, "BadRequest");
    env.rw(Method::GET, &format!("{path}?$bogus=1"), None)
        .await
        .expect_error(400, "BadRequest");
    env.rw(Method::GET, &format!("{path}?$top=1"), None)
        .await
        .expect_error(400, "BadRequest");
}

#[tokio::test]
async fn soft_delete_list_restore_get_round_trip() {
    let env = Env::new().await;
    let home = env.home();
    env.emu.state().seed_partner(&home, PARTNER);
    let path = sync_path("beta", PARTNER);
    env.rw(
        Method::PUT,
        &path,
        Some(json!({"displayName": "Round", "userSyncInbound": {"isSyncAllowed": true}})),
    )
    .await
    .expect(204);
    env.rw(Method::DELETE, &path, None).await.expect(204);

    let list = env
        .rw(
            Method::GET,
            "/beta/policies/deletedItems/crossTenantSyncPolicyPartners",
            None,
        )
        .await;
    list.expect(200);
    let v = list.json();
    assert_eq!(
        v["@odata.context"],
        format!(
            "{}/beta/$metadata#policies/deletedItems/crossTenantSyncPolicyPartners",
            env.emu.http_url()
        )
    );
    assert_eq!(v["value"].as_array().unwrap().len(), 1);
    let item = &v["value"][0];
    assert_eq!(item["tenantId"], PARTNER);
    assert_eq!(item["displayName"], "Round");
    assert!(item["deletedDateTime"].is_string());
    assert!(item["externalCloudAuthorizedApplicationId"].is_null());

    let one = env.rw(Method::GET, &deleted_path(PARTNER), None).await;
    one.expect(200);
    assert!(
        one.json()["@odata.context"]
            .as_str()
            .unwrap()
            .ends_with("crossTenantSyncPolicyPartners/$entity")
    );

    let restored = env
        .rw(
            Method::POST,
            &format!("{}/restore", deleted_path(PARTNER)),
            None,
        )
        .await;
    restored.expect(200);
    let v = restored.json();
    assert_eq!(v["tenantId"], PARTNER);
    assert!(v["deletedDateTime"].is_null());
    assert_eq!(v["userSyncInbound"]["isSyncAllowed"], true);

    let v = env
        .rw(Method::GET, &sync_path("v1.0", PARTNER), None)
        .await
        .json();
    assert_eq!(v["displayName"], "Round");
    env.rw(Method::GET, &deleted_path(PARTNER), None)
        .await
        .expect_error(404, "Request_ResourceNotFound");
    env.rw(
        Method::POST,
        &format!("{}/restore", deleted_path(PARTNER)),
        None,
    )
    .await
    .expect_error(404, "Request_ResourceNotFound");
}

#[tokio::test]
async fn put_after_soft_delete_then_restore_conflicts_and_permanent_delete() {
    let env = Env::new().await;
    let home = env.home();
    env.emu.state().seed_partner(&home, PARTNER);
    let path = sync_path("beta", PARTNER);
    env.rw(Method::PUT, &path, Some(json!({"displayName": "Old"})))
        .await
        .expect(204);
    env.rw(Method::DELETE, &path, None).await.expect(204);
    env.rw(Method::PUT, &path, Some(json!({"displayName": "New"})))
        .await
        .expect(204);
    assert_eq!(
        env.emu.state().sync_policy(&home, PARTNER).unwrap()["displayName"],
        "New"
    );
    assert_eq!(
        env.emu.state().deleted_sync_policy(&home, PARTNER).unwrap()["displayName"],
        "Old"
    );
    env.rw(
        Method::POST,
        &format!("{}/restore", deleted_path(PARTNER)),
        None,
    )
    .await
    .expect_error(409, "Request_MultipleObjectsWithSameKeyValue");
    env.rw(Method::DELETE, &deleted_path(PARTNER), None)
        .await
        .expect(204);
    assert!(
        env.emu
            .state()
            .deleted_sync_policy(&home, PARTNER)
            .is_none()
    );
    env.rw(Method::DELETE, &deleted_path(PARTNER), None)
        .await
        .expect_error(404, "Request_ResourceNotFound");
}

#[tokio::test]
async fn restore_without_partner_configuration_is_404() {
    let env = Env::new().await;
    let home = env.home();
    env.emu.state().seed_partner(&home, PARTNER);
    let path = sync_path("beta", PARTNER);
    env.rw(Method::PUT, &path, Some(json!({})))
        .await
        .expect(204);
    env.rw(Method::DELETE, &path, None).await.expect(204);
    env.rw(Method::DELETE, &partner_path("beta", PARTNER), None)
        .await
        .expect(204);
    env.rw(
        Method::POST,
        &format!("{}/restore", deleted_path(PARTNER)),
        None,
    )
    .await
    .expect_error(404, "Request_ResourceNotFound");
}

#[tokio::test]
async fn client_request_id_is_echoed() {
    let env = Env::new().await;
    let t = env.token("test").await;
    let r = env
        .client
        .get(env.url(&sync_path("v1.0", PARTNER)))
        .bearer_auth(&t)
        .header("client-request-id", "my-correlation-1")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    assert_eq!(r.headers()["client-request-id"], "my-correlation-1");
    let v: serde_json::Value = r.json().await.unwrap();
    assert_eq!(
        v["error"]["innerError"]["client-request-id"],
        "my-correlation-1"
    );
}

#[tokio::test]
async fn https_serves_the_same_routes() {
    let env = Env::new().await;
    env.emu
        .state()
        .seed_sync_policy(&env.home(), PARTNER, json!({"displayName": "TLS"}));
    let t = env.token("test").await;
    let r = env
        .client
        .get(format!(
            "{}{}",
            env.emu.https_url(),
            sync_path("v1.0", PARTNER)
        ))
        .bearer_auth(&t)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.headers().contains_key("strict-transport-security"));
    let v: serde_json::Value = r.json().await.unwrap();
    assert_eq!(v["displayName"], "TLS");
    assert!(
        v["@odata.context"]
            .as_str()
            .unwrap()
            .starts_with(&env.emu.https_url())
    );
}
