use crate::common::*;
use base64::Engine as _;
use graph_emulator::ROLE_READ_ALL;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use reqwest::Method;
use serde_json::{Value, json};

fn b64url(b: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b)
}

fn hex_to_bytes(h: &str) -> Vec<u8> {
    (0..h.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&h[i..i + 2], 16).unwrap())
        .collect()
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

async fn token_request(env: &Env, tenant: &str, form: &[(&str, &str)]) -> (u16, Value) {
    let r = env
        .client
        .post(format!(
            "{}/{tenant}/oauth2/v2.0/token",
            env.emu.https_url()
        ))
        .form(form)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

#[track_caller]
fn assert_aad_error(got: &(u16, Value), status: u16, error: &str, code: u64) {
    let (s, v) = got;
    assert_eq!(*s, status, "{v}");
    assert_eq!(v["error"], error, "{v}");
    assert_eq!(v["error_codes"][0], code, "{v}");
    assert!(
        v["error_description"]
            .as_str()
            .unwrap()
            .starts_with(&format!("AADSTS{code}:")),
        "{v}"
    );
    for k in ["timestamp", "trace_id", "correlation_id"] {
        assert!(v[k].is_string(), "{k} in {v}");
    }
}

fn decode_claims(token: &str) -> Value {
    let payload = token.split('.').nth(1).unwrap();
    serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload)
            .unwrap(),
    )
    .unwrap()
}

#[tokio::test]
async fn client_secret_token_and_claims() {
    let env = Env::new().await;
    let app = env.emu.test_app();
    let (s, v) = token_request(
        &env,
        &app.tenant_id,
        &[
            ("grant_type", "client_credentials"),
            ("client_id", &app.client_id),
            ("client_secret", &app.client_secret),
            ("scope", "https://graph.microsoft.com/.default"),
        ],
    )
    .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["token_type"], "Bearer");
    assert_eq!(v["expires_in"], 3600);
    assert_eq!(v["ext_expires_in"], 3600);
    let claims = decode_claims(v["access_token"].as_str().unwrap());
    assert_eq!(claims["aud"], "https://graph.microsoft.com");
    assert_eq!(
        claims["iss"],
        format!("https://sts.windows.net/{}/", app.tenant_id)
    );
    assert_eq!(claims["tid"], app.tenant_id);
    assert_eq!(claims["appid"], app.client_id);
    assert_eq!(claims["ver"], "1.0");
    assert!(claims["oid"].is_string());
    assert!(claims["exp"].as_i64().unwrap() > now());
    let roles: Vec<&str> = claims["roles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    assert!(roles.contains(&"Policy.ReadWrite.CrossTenantAccess"));
    // the token works on Graph, including the US government audience
    let (s, v) = token_request(
        &env,
        &app.tenant_id,
        &[
            ("grant_type", "client_credentials"),
            ("client_id", &app.client_id),
            ("client_secret", &app.client_secret),
            ("scope", "https://graph.microsoft.us/.default"),
        ],
    )
    .await;
    assert_eq!(s, 200);
    let t = v["access_token"].as_str().unwrap();
    env.send(
        Method::GET,
        "/v1.0/policies/crossTenantAccessPolicy/partners",
        Some(t),
        None,
    )
    .await
    .expect(200);
    // plain http works too, and the tenant may be given by domain name
    let r = env
        .client
        .post(env.url("/contoso.onmicrosoft.com/oauth2/v2.0/token"))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", app.client_id.as_str()),
            ("client_secret", app.client_secret.as_str()),
            ("scope", "https://graph.microsoft.com/.default"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn token_endpoint_errors() {
    let env = Env::new().await;
    let app = env.emu.test_app();
    let tid = app.tenant_id.as_str();
    let cid = app.client_id.as_str();
    let scope = "https://graph.microsoft.com/.default";
    let base = |secret: &'static str| {
        vec![
            ("grant_type", "client_credentials"),
            ("client_id", cid),
            ("client_secret", secret),
            ("scope", scope),
        ]
    };
    assert_aad_error(
        &token_request(&env, tid, &base("wrong")).await,
        401,
        "invalid_client",
        7000215,
    );
    let mut f = base("x");
    f[1] = ("client_id", "6f1d9b8e-0000-4000-8000-000000000000");
    assert_aad_error(
        &token_request(&env, tid, &f).await,
        400,
        "unauthorized_client",
        700016,
    );
    assert_aad_error(
        &token_request(&env, "7d0b3f6a-0000-4000-8000-000000000000", &base("x")).await,
        400,
        "invalid_request",
        90002,
    );
    let mut f = base("x");
    f[2] = ("client_secret", &app.client_secret);
    f[3] = ("scope", "https://graph.microsoft.com/Policy.Read.All");
    assert_aad_error(
        &token_request(&env, tid, &f).await,
        400,
        "invalid_scope",
        1002012,
    );
    f[3] = ("scope", "api://somewhere-else/.default");
    assert_aad_error(
        &token_request(&env, tid, &f).await,
        400,
        "invalid_resource",
        500011,
    );
    assert_aad_error(
        &token_request(
            &env,
            tid,
            &[("client_id", cid), ("client_secret", "x"), ("scope", scope)],
        )
        .await,
        400,
        "invalid_request",
        900144,
    );
    let cert_app = env.emu.app("certificate").unwrap();
    assert_aad_error(
        &token_request(
            &env,
            tid,
            &[
                ("grant_type", "client_credentials"),
                ("client_id", &cert_app.client_id),
                ("scope", scope),
            ],
        )
        .await,
        401,
        "invalid_client",
        7000218,
    );
    let r = env
        .client
        .get(format!("{}/{tid}/oauth2/v2.0/token", env.emu.https_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 405);
}

fn assertion(
    env: &Env,
    key_pem: &[u8],
    aud: &str,
    x5t: Option<String>,
    x5t256: Option<String>,
) -> String {
    let app = env.emu.app("certificate").unwrap();
    let mut header = Header::new(Algorithm::RS256);
    header.x5t = x5t;
    header.x5t_s256 = x5t256;
    let claims = json!({
        "aud": aud,
        "iss": app.client_id,
        "sub": app.client_id,
        "jti": uuid::Uuid::new_v4().to_string(),
        "nbf": now() - 10,
        "iat": now() - 10,
        "exp": now() + 600,
    });
    jsonwebtoken::encode(
        &header,
        &claims,
        &EncodingKey::from_rsa_pem(key_pem).unwrap(),
    )
    .unwrap()
}

#[tokio::test]
async fn certificate_client_assertion() {
    let env = Env::new().await;
    let app = env.emu.app("certificate").unwrap();
    let key_pem = std::fs::read(app.private_key_pem_path.as_ref().unwrap()).unwrap();
    let x5t = b64url(&hex_to_bytes(app.thumbprint_sha1_hex.as_ref().unwrap()));
    let x5t256 = b64url(&hex_to_bytes(app.thumbprint_sha256_hex.as_ref().unwrap()));
    let endpoint = format!(
        "{}/{}/oauth2/v2.0/token",
        env.emu.https_url(),
        app.tenant_id
    );
    let form = |a: &str| {
        vec![
            ("grant_type", "client_credentials".to_string()),
            ("client_id", app.client_id.clone()),
            (
                "client_assertion_type",
                "urn:ietf:params:oauth:client-assertion-type:jwt-bearer".to_string(),
            ),
            ("client_assertion", a.to_string()),
            ("scope", "https://graph.microsoft.com/.default".to_string()),
        ]
    };
    let post = |f: Vec<(&'static str, String)>| {
        let env = &env;
        let endpoint = endpoint.clone();
        async move {
            let r = env.client.post(endpoint).form(&f).send().await.unwrap();
            (r.status().as_u16(), r.json::<Value>().await.unwrap())
        }
    };
    // x5t (SHA-1) as MSAL sends it
    let (s, v) = post(form(&assertion(
        &env,
        &key_pem,
        &endpoint,
        Some(x5t.clone()),
        None,
    )))
    .await;
    assert_eq!(s, 200, "{v}");
    let tok = v["access_token"].as_str().unwrap().to_string();
    assert_eq!(decode_claims(&tok)["appidacr"], "2");
    env.emu.state().seed_partner(&app.tenant_id, PARTNER);
    env.send(
        Method::PUT,
        &sync_path("v1.0", PARTNER),
        Some(&tok),
        Some("{}"),
    )
    .await
    .expect(204);
    // x5t#S256 only, audience given with 127.0.0.1
    let alt_aud = endpoint.replace("localhost", "127.0.0.1");
    let (s, v) = post(form(&assertion(
        &env,
        &key_pem,
        &alt_aud,
        None,
        Some(x5t256),
    )))
    .await;
    assert_eq!(s, 200, "{v}");
    // signed by another key
    let other = rcgen::KeyPair::generate_for(&rcgen::PKCS_RSA_SHA256)
        .unwrap()
        .serialize_pem();
    let got = post(form(&assertion(
        &env,
        other.as_bytes(),
        &endpoint,
        Some(x5t.clone()),
        None,
    )))
    .await;
    assert_aad_error(&got, 401, "invalid_client", 700027);
    // unknown thumbprint
    let got = post(form(&assertion(
        &env,
        &key_pem,
        &endpoint,
        Some(b64url(&[1u8; 20])),
        None,
    )))
    .await;
    assert_aad_error(&got, 401, "invalid_client", 700027);
    // audience elsewhere
    let got = post(form(&assertion(
        &env,
        &key_pem,
        "https://login.example.invalid/x/oauth2/v2.0/token",
        Some(x5t.clone()),
        None,
    )))
    .await;
    assert_aad_error(&got, 401, "invalid_client", 50027);
    // garbage assertion
    let got = post(form("not-a-jwt")).await;
    assert_aad_error(&got, 401, "invalid_client", 50027);
}

#[tokio::test]
async fn graph_401_variants() {
    let env = Env::new().await;
    let path = "/v1.0/policies/crossTenantAccessPolicy/partners";
    let check = |r: Res, msg: &str| {
        let v = r.expect_error(401, "InvalidAuthenticationToken");
        assert!(r.header("www-authenticate").unwrap().starts_with("Bearer"));
        assert!(v["error"]["message"].as_str().unwrap().contains(msg), "{v}");
    };
    check(
        env.send(Method::GET, path, None, None).await,
        "Access token is empty.",
    );
    check(
        env.send(Method::GET, path, Some("not-a-jwt"), None).await,
        "IDX14100",
    );
    check(
        env.send(Method::GET, path, Some("a.b.c"), None).await,
        "IDX14102",
    );
    // a well-formed token signed with a key the emulator does not know
    let real = env.token("test").await;
    let header: Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(real.split('.').next().unwrap())
            .unwrap(),
    )
    .unwrap();
    let other = rcgen::KeyPair::generate_for(&rcgen::PKCS_RSA_SHA256)
        .unwrap()
        .serialize_pem();
    let mut h = Header::new(Algorithm::RS256);
    h.kid = header["kid"].as_str().map(String::from);
    let forged = jsonwebtoken::encode(
        &h,
        &decode_claims(&real),
        &EncodingKey::from_rsa_pem(other.as_bytes()).unwrap(),
    )
    .unwrap();
    check(
        env.send(Method::GET, path, Some(&forged), None).await,
        "Invalid signature",
    );
    // minted with a negative lifetime
    let expired = env
        .emu
        .state()
        .mint_token(&env.home(), &[ROLE_READ_ALL], -60);
    check(
        env.send(Method::GET, path, Some(&expired), None).await,
        "expired",
    );
    let fresh = env
        .emu
        .state()
        .mint_token(&env.home(), &[ROLE_READ_ALL], 600);
    env.send(Method::GET, path, Some(&fresh), None)
        .await
        .expect(200);
    // expire_tokens revokes everything issued so far, new tokens work
    env.send(Method::GET, path, Some(&real), None)
        .await
        .expect(200);
    env.emu.state().expire_tokens();
    check(
        env.send(Method::GET, path, Some(&real), None).await,
        "expired",
    );
    check(
        env.send(Method::GET, path, Some(&fresh), None).await,
        "expired",
    );
    let newer = env
        .emu
        .state()
        .mint_token(&env.home(), &[ROLE_READ_ALL], 600);
    env.send(Method::GET, path, Some(&newer), None)
        .await
        .expect(200);
    // a token from another emulator instance is refused
    let other_emu = Env::new().await;
    let foreign = other_emu.token("test").await;
    check(
        env.send(Method::GET, path, Some(&foreign), None).await,
        "Invalid signature",
    );
}

#[tokio::test]
async fn roles_decide_403() {
    let env = Env::new().await;
    env.emu
        .state()
        .seed_sync_policy(&env.home(), PARTNER, json!({"displayName": "R"}));
    let path = sync_path("v1.0", PARTNER);
    let reader = env.token("reader").await;
    env.send(Method::GET, &path, Some(&reader), None)
        .await
        .expect(200);
    let v = env
        .send(
            Method::PATCH,
            &path,
            Some(&reader),
            Some("{\"displayName\":\"x\"}"),
        )
        .await
        .expect_error(403, "Authorization_RequestDenied");
    assert_eq!(
        v["error"]["message"],
        "Insufficient privileges to complete the operation."
    );
    env.send(Method::DELETE, &path, Some(&reader), None)
        .await
        .expect_error(403, "Authorization_RequestDenied");
    let none = env.token("no-roles").await;
    env.send(Method::GET, &path, Some(&none), None)
        .await
        .expect_error(403, "Authorization_RequestDenied");
    let minted_rw =
        env.emu
            .state()
            .mint_token(&env.home(), &["Policy.ReadWrite.CrossTenantAccess"], 600);
    env.send(
        Method::PATCH,
        &path,
        Some(&minted_rw),
        Some("{\"displayName\":\"y\"}"),
    )
    .await
    .expect(204);
    assert_eq!(
        env.emu.state().sync_policy(&env.home(), PARTNER).unwrap()["displayName"],
        "y"
    );
}

#[tokio::test]
async fn tenants_are_isolated() {
    let env = Env::new().await;
    let t1 = env.token("test").await;
    let t2 = env.token("second-tenant").await;
    let partners = "/v1.0/policies/crossTenantAccessPolicy/partners";
    let body = json!({"tenantId": PARTNER}).to_string();
    env.send(Method::POST, partners, Some(&t1), Some(&body))
        .await
        .expect(201);
    env.send(
        Method::PUT,
        &sync_path("v1.0", PARTNER),
        Some(&t1),
        Some("{\"displayName\":\"one\"}"),
    )
    .await
    .expect(204);
    env.send(Method::GET, &sync_path("v1.0", PARTNER), Some(&t2), None)
        .await
        .expect_error(404, "Request_ResourceNotFound");
    let v = env
        .send(Method::GET, partners, Some(&t2), None)
        .await
        .json();
    assert_eq!(v["value"].as_array().unwrap().len(), 0);
    env.send(Method::POST, partners, Some(&t2), Some(&body))
        .await
        .expect(201);
    env.send(
        Method::PUT,
        &sync_path("v1.0", PARTNER),
        Some(&t2),
        Some("{\"displayName\":\"two\"}"),
    )
    .await
    .expect(204);
    let second = env.emu.app("second-tenant").unwrap().tenant_id;
    assert_eq!(
        env.emu.state().sync_policy(&env.home(), PARTNER).unwrap()["displayName"],
        "one"
    );
    assert_eq!(
        env.emu.state().sync_policy(&second, PARTNER).unwrap()["displayName"],
        "two"
    );
}

#[tokio::test]
async fn managed_identity_endpoints() {
    let env = Env::new().await;
    let info = env.emu.startup_info();
    let imds = info["imds_endpoint"].as_str().unwrap();
    let q = "?api-version=2018-02-01&resource=https://graph.microsoft.com";
    let r = env.client.get(format!("{imds}{q}")).send().await.unwrap();
    assert_eq!(r.status(), 400, "Metadata header is required");
    let r = env
        .client
        .get(format!("{imds}{q}"))
        .header("Metadata", "true")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    assert!(v["expires_on"].is_string());
    let mi = env.emu.app("managed-identity").unwrap();
    assert_eq!(v["client_id"], mi.client_id);
    let tok = v["access_token"].as_str().unwrap();
    env.send(
        Method::GET,
        "/beta/policies/crossTenantAccessPolicy/partners",
        Some(tok),
        None,
    )
    .await
    .expect(200);

    let ep = info["identity_endpoint"].as_str().unwrap();
    let q = "?api-version=2019-08-01&resource=https://graph.microsoft.com";
    let r = env
        .client
        .get(format!("{ep}{q}"))
        .header("X-IDENTITY-HEADER", "wrong")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let r = env
        .client
        .get(format!("{ep}{q}&client_id={}", mi.client_id))
        .header(
            "X-IDENTITY-HEADER",
            info["identity_header"].as_str().unwrap(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["token_type"], "Bearer");
    let r = env
        .client
        .get(format!(
            "{ep}{q}&client_id=00000000-0000-0000-0000-000000000001"
        ))
        .header(
            "X-IDENTITY-HEADER",
            info["identity_header"].as_str().unwrap(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
}

#[tokio::test]
async fn discovery_documents() {
    let env = Env::new().await;
    let tid = env.home();
    let v: Value = env
        .client
        .get(format!(
            "{}/{tid}/v2.0/.well-known/openid-configuration",
            env.emu.https_url()
        ))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        v["token_endpoint"],
        format!("{}/{tid}/oauth2/v2.0/token", env.emu.https_url())
    );
    let keys: Value = env
        .client
        .get(v["jwks_uri"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(keys["keys"][0]["kty"], "RSA");
    let r = env
        .client
        .get(format!(
            "{}/6f1d9b8e-0000-4000-8000-000000000000/v2.0/.well-known/openid-configuration",
            env.emu.https_url()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
}
