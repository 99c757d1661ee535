use graph_emulator::{Emulator, EmulatorConfig};
use reqwest::Method;
use reqwest::header::HeaderMap;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::Mutex;

pub const PARTNER: &str = "90e29127-71ad-49c7-9ce8-db3f41ea06f1";
pub const PARTNER2: &str = "9c5d131d-b1c3-4fc4-9e3f-c6557947d551";
pub const PARTNER3: &str = "01d0e717-bc90-46ba-94a9-71b4a811fddb";

pub struct Env {
    pub emu: Emulator,
    pub client: reqwest::Client,
    tokens: Mutex<HashMap<String, String>>,
}

pub struct Res {
    pub status: u16,
    pub headers: HeaderMap,
    pub text: String,
}

impl Res {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }

    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .map(|v| v.to_str().unwrap().to_string())
    }

    #[track_caller]
    pub fn expect(&self, status: u16) -> &Self {
        assert_eq!(
            self.status, status,
            "unexpected status; body: {}",
            self.text
        );
        self
    }

    /// Asserts a Graph error with this status and code, and the standard error shape.
    #[track_caller]
    pub fn expect_error(&self, status: u16, code: &str) -> Value {
        self.expect(status);
        let v = self.json();
        assert_eq!(v["error"]["code"], code, "body: {}", self.text);
        assert!(
            v["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty())
        );
        let inner = &v["error"]["innerError"];
        assert!(
            inner["date"].as_str().is_some(),
            "innerError.date: {}",
            self.text
        );
        assert_eq!(
            inner["request-id"].as_str(),
            self.header("request-id").as_deref()
        );
        assert!(inner["client-request-id"].as_str().is_some());
        v
    }
}

pub fn client_for(emu: &Emulator) -> reqwest::Client {
    let mut b = reqwest::Client::builder().no_proxy();
    if !emu.ca_pem().is_empty() {
        let ca = reqwest::Certificate::from_pem(emu.ca_pem().as_bytes()).unwrap();
        b = b.tls_certs_only([ca]);
    }
    b.build().unwrap()
}

impl Env {
    pub async fn new() -> Env {
        Self::with(EmulatorConfig::default()).await
    }

    pub async fn with(cfg: EmulatorConfig) -> Env {
        let emu = Emulator::start(cfg).await.expect("emulator starts");
        let client = client_for(&emu);
        Env {
            emu,
            client,
            tokens: Mutex::new(HashMap::new()),
        }
    }

    pub fn home(&self) -> String {
        self.emu.test_app().tenant_id
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.emu.http_url(), path)
    }

    /// Client-credentials token for a named default app (through the HTTPS token endpoint).
    pub async fn token(&self, app_name: &str) -> String {
        if let Some(t) = self.tokens.lock().unwrap().get(app_name) {
            return t.clone();
        }
        let app = self.emu.app(app_name).expect("app exists");
        let r = self
            .client
            .post(format!(
                "{}/{}/oauth2/v2.0/token",
                self.emu.https_url(),
                app.tenant_id
            ))
            .form(&[
                ("grant_type", "client_credentials"),
                ("client_id", app.client_id.as_str()),
                ("client_secret", app.client_secret.as_deref().unwrap()),
                ("scope", "https://graph.microsoft.com/.default"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let v: Value = r.json().await.unwrap();
        let t = v["access_token"].as_str().unwrap().to_string();
        self.tokens
            .lock()
            .unwrap()
            .insert(app_name.to_string(), t.clone());
        t
    }

    pub async fn send(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<&str>,
    ) -> Res {
        let mut rb = self.client.request(method, self.url(path));
        if let Some(t) = token {
            rb = rb.bearer_auth(t);
        }
        if let Some(b) = body {
            rb = rb
                .header("content-type", "application/json")
                .body(b.to_string());
        }
        let r = rb.send().await.expect("request sent");
        Res {
            status: r.status().as_u16(),
            headers: r.headers().clone(),
            text: r.text().await.unwrap(),
        }
    }

    /// A Graph call as the read-write test app.
    pub async fn rw(&self, method: Method, path: &str, body: Option<Value>) -> Res {
        let t = self.token("test").await;
        let b = body.map(|b| b.to_string());
        self.send(method, path, Some(&t), b.as_deref()).await
    }

    pub async fn admin(&self, method: Method, path: &str, body: Option<Value>) -> Res {
        let b = body.map(|b| b.to_string());
        self.send(method, &format!("/_emulator{path}"), None, b.as_deref())
            .await
    }
}

pub fn sync_path(version: &str, partner: &str) -> String {
    format!(
        "/{version}/policies/crossTenantAccessPolicy/partners/{partner}/identitySynchronization"
    )
}

pub fn partner_path(version: &str, partner: &str) -> String {
    format!("/{version}/policies/crossTenantAccessPolicy/partners/{partner}")
}

pub fn deleted_path(partner: &str) -> String {
    format!("/beta/policies/deletedItems/crossTenantSyncPolicyPartners/{partner}")
}
