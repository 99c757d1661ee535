//! Configuration: listeners, tenants, applications and their credentials.

use serde::{Deserialize, Serialize};
use std::net::{IpAddr, Ipv4Addr};
use std::path::{Path, PathBuf};

/// The home tenant of the default applications.
pub const DEFAULT_TENANT_ID: &str = "5f2a8c71-3b9e-4d0a-8e6f-1c7b2d9e4a10";
/// A second tenant with its own read-write application, for isolation tests.
pub const SECOND_TENANT_ID: &str = "b8e4d1c2-7a3f-4e59-9c06-2d8f1a7b3e51";

/// Application role that allows reading policies.
pub const ROLE_READ_ALL: &str = "Policy.Read.All";
/// Application role that allows reading and writing cross-tenant access policies.
pub const ROLE_READ_WRITE: &str = "Policy.ReadWrite.CrossTenantAccess";

/// Default application identifiers (client IDs), fixed so scripts can rely on them.
pub mod default_apps {
    /// Read-write application with a client secret (the "test app").
    pub const READ_WRITE_CLIENT_ID: &str = "0d8f1f5e-6a27-4c0b-9a1e-3b5c7d9e0a11";
    /// Secret of the read-write application.
    pub const READ_WRITE_SECRET: &str = "emu~ReadWrite.Secret-7Qm2xV9pL4sK8tN1";
    /// Reader application (`Policy.Read.All` only).
    pub const READER_CLIENT_ID: &str = "1e9a2b6f-7b38-4d1c-8b2f-4c6d8e0f1b22";
    /// Secret of the reader application.
    pub const READER_SECRET: &str = "emu~Reader.Secret-3Hc6wR1yT8uJ5eB2";
    /// Application with no roles at all.
    pub const NO_ROLE_CLIENT_ID: &str = "2fab3c70-8c49-4e2d-9c3a-5d7e9f1a2c33";
    /// Secret of the application with no roles.
    pub const NO_ROLE_SECRET: &str = "emu~NoRole.Secret-9Kd4sF7gH2jL6mN3";
    /// Certificate application (roles as the read-write app, no secret).
    pub const CERTIFICATE_CLIENT_ID: &str = "3abc4d81-9d5a-4f3e-8d4b-6e8f0a2b3d44";
    /// Read-write application of the second tenant.
    pub const SECOND_TENANT_CLIENT_ID: &str = "4bcd5e92-ae6b-4a4f-9e5c-7f9a1b3c4e55";
    /// Secret of the second tenant's read-write application.
    pub const SECOND_TENANT_SECRET: &str = "emu~Tenant2.Secret-5Pq8rS2tU6vW9xY4";
    /// Managed identity (roles as the read-write app).
    pub const MANAGED_IDENTITY_CLIENT_ID: &str = "5cde6fa3-bf7c-4b5a-8f6d-8a0b2c4d5f66";
}

/// One application (service principal) in a tenant.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AppConfig {
    /// A short name used in the startup information (`test`, `reader`, ...).
    pub name: String,
    /// The application (client) ID.
    pub client_id: String,
    /// Object ID of the service principal (the token's `oid`); generated when absent.
    #[serde(default)]
    pub object_id: Option<String>,
    /// Display name (the token's `app_displayname`).
    #[serde(default)]
    pub display_name: Option<String>,
    /// Client secret, when the app authenticates with one.
    #[serde(default)]
    pub client_secret: Option<String>,
    /// Application roles granted to the app.
    #[serde(default)]
    pub roles: Vec<String>,
    /// A PEM certificate (the text itself) registered on the app.
    #[serde(default)]
    pub certificate_pem: Option<String>,
    /// Path of a PEM certificate registered on the app.
    #[serde(default)]
    pub certificate_pem_path: Option<PathBuf>,
    /// Path of the private key that goes with `certificate_pem_path` (only reported back).
    #[serde(default)]
    pub private_key_pem_path: Option<PathBuf>,
    /// Generate a certificate and key at start and write both to the state directory.
    #[serde(default)]
    pub generate_certificate: bool,
    /// This app is a managed identity: it gets tokens from the managed-identity endpoints only.
    #[serde(default)]
    pub managed_identity: bool,
}

impl AppConfig {
    fn with_secret(name: &str, client_id: &str, secret: &str, roles: &[&str]) -> Self {
        AppConfig {
            name: name.to_string(),
            client_id: client_id.to_string(),
            object_id: None,
            display_name: Some(format!("graph-emulator {name}")),
            client_secret: Some(secret.to_string()),
            roles: roles.iter().map(|r| r.to_string()).collect(),
            certificate_pem: None,
            certificate_pem_path: None,
            private_key_pem_path: None,
            generate_certificate: false,
            managed_identity: false,
        }
    }
}

/// One tenant and its applications.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TenantConfig {
    /// The tenant ID (a GUID).
    pub tenant_id: String,
    /// Verified domain names accepted in place of the ID on the token endpoint.
    #[serde(default)]
    pub domains: Vec<String>,
    /// The tenant's applications.
    #[serde(default)]
    pub apps: Vec<AppConfig>,
}

/// The default tenants and applications (see the README for the full table).
pub fn default_tenants() -> Vec<TenantConfig> {
    use default_apps::*;
    let rw = [ROLE_READ_WRITE, ROLE_READ_ALL];
    let mut cert = AppConfig::with_secret("certificate", CERTIFICATE_CLIENT_ID, "", &rw);
    cert.client_secret = None;
    cert.generate_certificate = true;
    let mut mi = AppConfig::with_secret("managed-identity", MANAGED_IDENTITY_CLIENT_ID, "", &rw);
    mi.client_secret = None;
    mi.managed_identity = true;
    vec![
        TenantConfig {
            tenant_id: DEFAULT_TENANT_ID.to_string(),
            domains: vec!["contoso.onmicrosoft.com".to_string()],
            apps: vec![
                AppConfig::with_secret("test", READ_WRITE_CLIENT_ID, READ_WRITE_SECRET, &rw),
                AppConfig::with_secret("reader", READER_CLIENT_ID, READER_SECRET, &[ROLE_READ_ALL]),
                AppConfig::with_secret("no-roles", NO_ROLE_CLIENT_ID, NO_ROLE_SECRET, &[]),
                cert,
                mi,
            ],
        },
        TenantConfig {
            tenant_id: SECOND_TENANT_ID.to_string(),
            domains: vec!["fabrikam.onmicrosoft.com".to_string()],
            apps: vec![AppConfig::with_secret(
                "second-tenant",
                SECOND_TENANT_CLIENT_ID,
                SECOND_TENANT_SECRET,
                &rw,
            )],
        },
    ]
}

/// Everything the emulator needs to start.
#[derive(Clone, Debug)]
pub struct EmulatorConfig {
    /// Address both listeners bind to (default 127.0.0.1).
    pub bind: IpAddr,
    /// Plain HTTP port (0 = ephemeral).
    pub http_port: u16,
    /// HTTPS port (0 = ephemeral).
    pub https_port: u16,
    /// Serve HTTPS as well (default true).
    pub tls: bool,
    /// Tenants and applications.
    pub tenants: Vec<TenantConfig>,
    /// Lifetime of issued access tokens, in seconds (default 3600).
    pub token_lifetime_secs: i64,
    /// Default page size of collections (default 100).
    pub page_size: usize,
    /// How many requests the request log keeps (default 10,000; oldest dropped first).
    pub log_capacity: usize,
    /// Where the CA certificate, keys and generated app certificates are written.
    /// A fresh temporary directory (removed on stop) when `None`.
    pub state_dir: Option<PathBuf>,
    /// Seed data applied at start and again on every reset.
    pub seed: Vec<crate::SeedData>,
    /// Secret expected in the `X-IDENTITY-HEADER` header of the App Service style
    /// managed-identity endpoint.
    pub identity_header: String,
}

impl Default for EmulatorConfig {
    fn default() -> Self {
        EmulatorConfig {
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            http_port: 0,
            https_port: 0,
            tls: true,
            tenants: default_tenants(),
            token_lifetime_secs: 3600,
            page_size: 100,
            log_capacity: 10_000,
            state_dir: None,
            seed: Vec::new(),
            identity_header: "graph-emulator-identity-header".to_string(),
        }
    }
}

/// The JSON configuration file (`--config FILE`). Every field is optional.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// Tenants and apps; they replace the defaults unless `include_default_tenants` is true.
    #[serde(default)]
    pub tenants: Option<Vec<TenantConfig>>,
    /// Keep the default tenants and apps next to `tenants`.
    #[serde(default)]
    pub include_default_tenants: bool,
    /// See [`EmulatorConfig::token_lifetime_secs`].
    #[serde(default)]
    pub token_lifetime_secs: Option<i64>,
    /// See [`EmulatorConfig::page_size`].
    #[serde(default)]
    pub page_size: Option<usize>,
    /// See [`EmulatorConfig::log_capacity`].
    #[serde(default)]
    pub log_capacity: Option<usize>,
    /// See [`EmulatorConfig::identity_header`].
    #[serde(default)]
    pub identity_header: Option<String>,
    /// Seed data (one object or several).
    #[serde(default)]
    pub seed: Option<serde_json::Value>,
}

impl EmulatorConfig {
    /// Applies a JSON configuration file on top of this configuration.
    pub fn apply_config_file(&mut self, path: &Path) -> std::io::Result<()> {
        let text = std::fs::read_to_string(path)?;
        let file: ConfigFile = serde_json::from_str(&text).map_err(|e| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("{}: {e}", path.display()),
            )
        })?;
        self.apply(file)
    }

    /// Applies a parsed configuration file.
    pub fn apply(&mut self, file: ConfigFile) -> std::io::Result<()> {
        if let Some(tenants) = file.tenants {
            let mut all = if file.include_default_tenants {
                default_tenants()
            } else {
                Vec::new()
            };
            all.extend(tenants);
            self.tenants = all;
        }
        if let Some(v) = file.token_lifetime_secs {
            self.token_lifetime_secs = v;
        }
        if let Some(v) = file.page_size {
            self.page_size = v;
        }
        if let Some(v) = file.log_capacity {
            self.log_capacity = v;
        }
        if let Some(v) = file.identity_header {
            self.identity_header = v;
        }
        if let Some(seed) = file.seed {
            self.seed.extend(
                crate::SeedData::from_json(seed)
                    .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?,
            );
        }
        Ok(())
    }
}
