use crate::common::PARTNER;
use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

struct Running {
    child: Child,
    info: Value,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn spawn(args: &[&str]) -> Running {
    let mut child = Command::new(env!("CARGO_BIN_EXE_graph-emulator"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("binary starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let info: Value =
        serde_json::from_str(&line).unwrap_or_else(|e| panic!("first line is JSON ({e}): {line}"));
    Running { child, info }
}

fn terminate(mut r: Running) -> std::process::ExitStatus {
    let pid = r.child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    r.child.wait().unwrap()
}

#[tokio::test]
async fn prints_one_json_line_and_serves_until_terminated() {
    let run = spawn(&["--port", "0", "--https-port", "0"]);
    let i = &run.info;
    for k in [
        "http_url",
        "https_url",
        "ca_pem_path",
        "tenant_id",
        "client_id",
        "client_secret",
        "admin_url",
    ] {
        assert!(i[k].as_str().is_some_and(|s| !s.is_empty()), "{k} in {i}");
    }
    assert!(
        i["http_url"]
            .as_str()
            .unwrap()
            .starts_with("http://127.0.0.1:")
    );
    assert!(
        i["https_url"]
            .as_str()
            .unwrap()
            .starts_with("https://localhost:")
    );
    assert_eq!(
        i["admin_url"],
        format!("{}/_emulator", i["http_url"].as_str().unwrap())
    );
    let apps = i["apps"].as_array().unwrap();
    assert!(apps.len() >= 5);
    let cert = apps.iter().find(|a| a["name"] == "certificate").unwrap();
    assert!(std::path::Path::new(cert["certificate_pem_path"].as_str().unwrap()).exists());
    assert!(std::path::Path::new(cert["private_key_pem_path"].as_str().unwrap()).exists());
    let ca_path = i["ca_pem_path"].as_str().unwrap().to_string();
    let ca = std::fs::read(&ca_path).unwrap();

    let client = reqwest::Client::builder()
        .no_proxy()
        .tls_certs_only([reqwest::Certificate::from_pem(&ca).unwrap()])
        .build()
        .unwrap();
    let r = client
        .post(format!(
            "{}/{}/oauth2/v2.0/token",
            i["https_url"].as_str().unwrap(),
            i["tenant_id"].as_str().unwrap()
        ))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", i["client_id"].as_str().unwrap()),
            ("client_secret", i["client_secret"].as_str().unwrap()),
            ("scope", "https://graph.microsoft.com/.default"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let state: Value = client
        .get(format!("{}/state", i["admin_url"].as_str().unwrap()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(state["tenants"], json!({}));

    let status = terminate(run);
    assert!(status.success(), "clean exit on SIGTERM: {status:?}");
    assert!(
        !std::path::Path::new(&ca_path).exists(),
        "temporary files removed"
    );
}

#[tokio::test]
async fn flags_config_and_seed_files() {
    let dir = std::env::temp_dir().join(format!(
        "graph-emulator-test-{}",
        uuid::Uuid::new_v4().simple()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let tenant = "11111111-2222-4333-8444-555555555555";
    let config = json!({
        "tenants": [{"tenant_id": tenant, "apps": [
            {"name": "ops", "client_id": "66666666-7777-4888-9999-000000000000", "client_secret": "s3cret", "roles": ["Policy.Read.All"]}
        ]}],
        "page_size": 7
    });
    std::fs::write(dir.join("config.json"), config.to_string()).unwrap();
    let seed = json!({"tenant_id": tenant, "sync_policies": [{"tenantId": PARTNER, "displayName": "From file"}]});
    std::fs::write(dir.join("seed.json"), seed.to_string()).unwrap();
    let state_dir = dir.join("state");
    let run = spawn(&[
        "--no-tls",
        "--config",
        dir.join("config.json").to_str().unwrap(),
        "--seed",
        dir.join("seed.json").to_str().unwrap(),
        "--state-dir",
        state_dir.to_str().unwrap(),
        "--token-lifetime",
        "120",
    ]);
    let i = &run.info;
    assert!(i["https_url"].is_null());
    assert_eq!(i["tenant_id"], tenant);
    assert_eq!(i["client_id"], "66666666-7777-4888-9999-000000000000");
    assert_eq!(i["page_size"], 7);
    assert_eq!(i["token_lifetime_secs"], 120);
    let http = i["http_url"].as_str().unwrap();
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    let v: Value = client
        .post(format!("{http}/{tenant}/oauth2/v2.0/token"))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", "66666666-7777-4888-9999-000000000000"),
            ("client_secret", "s3cret"),
            ("scope", "https://graph.microsoft.com/.default"),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v["expires_in"], 120);
    let tok = v["access_token"].as_str().unwrap();
    let v: Value = client
        .get(format!("{http}/v1.0/policies/crossTenantAccessPolicy/partners/{PARTNER}/identitySynchronization"))
        .bearer_auth(tok)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v["displayName"], "From file");
    assert!(terminate(run).success());
    assert!(state_dir.exists(), "a given state directory is kept");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_arguments_exit_non_zero() {
    let out = Command::new(env!("CARGO_BIN_EXE_graph-emulator"))
        .arg("--bogus")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown argument"));
    let out = Command::new(env!("CARGO_BIN_EXE_graph-emulator"))
        .arg("--help")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("--port"));
}
