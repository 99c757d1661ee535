//! The client configuration: a JSON document given to `mgp_client_new`.
//! Unknown keys are rejected so that a typo never silently changes behaviour.
//!
//! ```json
//! {
//!   "cloud": "Global",
//!   "credential": {"type": "client_secret", "tenant_id": "...", "client_id": "...", "client_secret": "..."},
//!   "retry": {"max_retries": 3, "delay_ms": 3000, "max_total_ms": 180000},
//!   "timeout_ms": 100000,
//!   "proxy": {"url": "http://proxy.example:3128", "username": "u", "password": "p"},
//!   "ca_certificates_pem": ["-----BEGIN CERTIFICATE-----..."],
//!   "user_agent": "my-tool/1.0"
//! }
//! ```

use std::fmt;

use serde::Deserialize;
use url::Url;

use crate::error::{Error, Result};

/// A string that never shows up in `Debug` output or messages.
#[derive(Clone, Deserialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct Secret(pub String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// The whole client configuration.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientConfig {
    /// `Global` (default), `USGov`, `USGovDoD`, `China`, `Bleu`, `Delos`, or
    /// `Custom` (then `graph_url` and `authority_url` are required).
    pub cloud: Option<String>,
    /// Overrides the cloud's Graph endpoint, e.g. an emulator's `https://localhost:8443`.
    pub graph_url: Option<String>,
    /// Overrides the cloud's sign-in authority, e.g. `https://login.microsoftonline.us`.
    pub authority_url: Option<String>,
    /// How to obtain access tokens. Without one, only what-if calls work.
    pub credential: Option<CredentialConfig>,
    #[serde(default)]
    pub retry: RetryConfig,
    /// Time limit for one HTTP attempt, in milliseconds (default 100000).
    pub timeout_ms: Option<u64>,
    /// Time limit for establishing a connection, in milliseconds (default 30000).
    pub connect_timeout_ms: Option<u64>,
    /// An explicit proxy for Graph and token requests alike.
    pub proxy: Option<ProxyConfig>,
    /// Use the proxy from the environment (`HTTPS_PROXY`, `NO_PROXY`, ...) when
    /// no explicit proxy is given (default true).
    pub use_system_proxy: Option<bool>,
    /// Extra trusted root certificates, as PEM text (TLS inspection, emulators).
    #[serde(default)]
    pub ca_certificates_pem: Vec<String>,
    /// Extra trusted root certificates, as paths to PEM files.
    #[serde(default)]
    pub ca_certificate_files: Vec<String>,
    /// Replaces the default `User-Agent` (`mgpolicy/<version>`).
    pub user_agent: Option<String>,
    /// Settings for testing bindings; never needed in production.
    #[serde(default)]
    pub diagnostics: Diagnostics,
}

/// Retry policy, after the Microsoft Graph SDKs' defaults: 3 retries, 3 s
/// exponential backoff with jitter, Retry-After honoured, at most 10 retries
/// and 180 s in all.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RetryConfig {
    pub max_retries: u32,
    pub delay_ms: u64,
    pub max_total_ms: u64,
}

impl Default for RetryConfig {
    fn default() -> Self {
        Self {
            max_retries: 3,
            delay_ms: 3000,
            max_total_ms: 180_000,
        }
    }
}

/// An explicit proxy.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProxyConfig {
    pub url: String,
    pub username: Option<String>,
    pub password: Option<Secret>,
    /// Hosts that bypass the proxy, comma separated (as in `NO_PROXY`).
    pub no_proxy: Option<String>,
}

/// Switches for exercising error paths from bindings.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Diagnostics {
    /// Every operation call panics inside the library, so a binding can prove
    /// that it maps the panic status correctly. The panic is caught at the ABI.
    #[serde(default)]
    pub panic_in_call: bool,
}

/// The credential, selected by `type`.
#[derive(Clone, Debug, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum CredentialConfig {
    /// An app registration's client secret.
    ClientSecret {
        tenant_id: String,
        client_id: String,
        client_secret: Secret,
    },
    /// An app registration's certificate: a PEM certificate and its PEM
    /// private key (PKCS#8 or PKCS#1 RSA), as text or as file paths. One PEM
    /// file holding both is fine.
    ClientCertificate {
        tenant_id: String,
        client_id: String,
        certificate_pem: Option<Secret>,
        certificate_path: Option<String>,
        private_key_pem: Option<Secret>,
        private_key_path: Option<String>,
        #[serde(default)]
        send_certificate_chain: bool,
    },
    /// A managed identity: system-assigned, or user-assigned by `client_id`.
    ManagedIdentity {
        client_id: Option<String>,
        object_id: Option<String>,
        resource_id: Option<String>,
    },
    /// Workload identity federation (Kubernetes); unset values come from
    /// `AZURE_TENANT_ID`, `AZURE_CLIENT_ID`, `AZURE_FEDERATED_TOKEN_FILE`.
    WorkloadIdentity {
        tenant_id: Option<String>,
        client_id: Option<String>,
        token_file_path: Option<String>,
    },
    /// The signed-in Azure CLI account.
    AzureCli { tenant_id: Option<String> },
    /// The standard `AZURE_*` environment variables: a client secret,
    /// a certificate (`AZURE_CLIENT_CERTIFICATE_PATH`, PEM), or a federated token file.
    Environment {},
    /// A token the caller obtained; it is never refreshed.
    AccessToken { token: Secret },
}

/// A national or custom cloud's endpoints.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cloud {
    pub name: String,
    /// Graph base URL without a trailing slash.
    pub graph_url: String,
    /// Sign-in authority host without a trailing slash.
    pub authority_url: String,
}

/// The built-in clouds. `Bleu` and `Delos` are the French and German
/// sovereign clouds; their endpoints come from public announcements and are
/// not verified against a live tenant.
pub const CLOUDS: [(&str, &str, &str); 6] = [
    (
        "Global",
        "https://graph.microsoft.com",
        "https://login.microsoftonline.com",
    ),
    (
        "USGov",
        "https://graph.microsoft.us",
        "https://login.microsoftonline.us",
    ),
    (
        "USGovDoD",
        "https://dod-graph.microsoft.us",
        "https://login.microsoftonline.us",
    ),
    (
        "China",
        "https://microsoftgraph.chinacloudapi.cn",
        "https://login.chinacloudapi.cn",
    ),
    (
        "Bleu",
        "https://graph.svc.sovcloud.fr",
        "https://login.sovcloud-identity.fr",
    ),
    (
        "Delos",
        "https://graph.svc.sovcloud.de",
        "https://login.sovcloud-identity.de",
    ),
];

impl ClientConfig {
    /// Parses and checks a configuration document.
    pub fn from_json(text: &str) -> Result<Self> {
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
            Error::new(
                crate::error::mgp_status::InvalidJson,
                format!(
                    "the client configuration is not valid JSON (line {} column {})",
                    e.line(),
                    e.column()
                ),
            )
        })?;
        let config: Self = serde_json::from_value(value).map_err(|e| {
            Error::config(format!("client configuration: {}", scrub(&e.to_string())))
        })?;
        config.check()?;
        Ok(config)
    }

    fn check(&self) -> Result<()> {
        if self.retry.max_retries > 10 {
            return Err(Error::config("retry.max_retries must be at most 10"));
        }
        if self.retry.max_total_ms > 180_000 {
            return Err(Error::config(
                "retry.max_total_ms must be at most 180000 (180 s)",
            ));
        }
        if self.timeout_ms == Some(0) || self.connect_timeout_ms == Some(0) {
            return Err(Error::config("timeouts must be greater than zero"));
        }
        self.cloud()?;
        Ok(())
    }

    /// Resolves the cloud and its endpoint overrides.
    pub fn cloud(&self) -> Result<Cloud> {
        let name = self.cloud.as_deref().unwrap_or("Global");
        let preset = CLOUDS.iter().find(|(n, _, _)| n.eq_ignore_ascii_case(name));
        let (name, graph, authority) = match preset {
            Some((n, g, a)) => (n.to_string(), Some(g.to_string()), Some(a.to_string())),
            None if name.eq_ignore_ascii_case("Custom") => ("Custom".to_string(), None, None),
            None => {
                return Err(Error::config(format!(
                    "unknown cloud {name:?}; use one of Global, USGov, USGovDoD, China, Bleu, Delos, Custom"
                )));
            }
        };
        let graph = self
            .graph_url
            .clone()
            .or(graph)
            .ok_or_else(|| Error::config("cloud \"Custom\" needs graph_url"))?;
        let authority = self
            .authority_url
            .clone()
            .or(authority)
            .ok_or_else(|| Error::config("cloud \"Custom\" needs authority_url"))?;
        Ok(Cloud {
            name,
            graph_url: check_base_url(&graph, "graph_url")?,
            authority_url: check_base_url(&authority, "authority_url")?,
        })
    }
}

/// Checks an endpoint URL: absolute http(s), no query or fragment, no
/// credentials; plain http only for loopback hosts, so tokens never cross a
/// network in clear text. Returns it without a trailing slash.
pub fn check_base_url(text: &str, field: &str) -> Result<String> {
    let url = Url::parse(text).map_err(|e| Error::config(format!("{field} is not a URL ({e})")))?;
    let loopback = matches!(url.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"));
    match url.scheme() {
        "https" => {}
        "http" if loopback => {}
        "http" => {
            return Err(Error::config(format!(
                "{field} must use https (plain http is allowed only for localhost)"
            )));
        }
        other => {
            return Err(Error::config(format!(
                "{field} has unsupported scheme {other:?}"
            )));
        }
    }
    if url.query().is_some() || url.fragment().is_some() || !url.username().is_empty() {
        return Err(Error::config(format!(
            "{field} must not carry a query, fragment or user name"
        )));
    }
    Ok(url.as_str().trim_end_matches('/').to_string())
}

/// Serde messages can quote input; keep them short and free of long values.
fn scrub(message: &str) -> String {
    message.chars().take(300).collect()
}

/// Checks a proxy URL: http or https, with a host.
pub fn check_proxy_url(text: &str) -> Result<Url> {
    let url =
        Url::parse(text).map_err(|e| Error::config(format!("proxy.url is not a URL ({e})")))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(Error::config(
            "proxy.url must be an http or https URL with a host",
        ));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::config(
            "proxy.url must not carry credentials; give them as proxy.username and proxy.password",
        ));
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proxy_urls_never_embed_credentials() {
        assert!(check_proxy_url("http://user:hunter2@proxy:3128").is_err());
        assert!(check_proxy_url("http://proxy:3128").is_ok());
        assert!(check_proxy_url("socks5://proxy:1080").is_err());
    }

    #[test]
    fn clouds_and_overrides() {
        let c = ClientConfig::from_json(r#"{"cloud":"usgovdod"}"#).unwrap();
        let cloud = c.cloud().unwrap();
        assert_eq!(cloud.graph_url, "https://dod-graph.microsoft.us");
        assert_eq!(cloud.authority_url, "https://login.microsoftonline.us");
        let c = ClientConfig::from_json(
            r#"{"cloud":"Custom","graph_url":"http://127.0.0.1:9/","authority_url":"https://localhost:8"}"#,
        )
        .unwrap();
        assert_eq!(c.cloud().unwrap().graph_url, "http://127.0.0.1:9");
        assert!(ClientConfig::from_json(r#"{"cloud":"Custom"}"#).is_err());
        assert!(ClientConfig::from_json(r#"{"cloud":"Mars"}"#).is_err());
        assert!(ClientConfig::from_json(r#"{"graph_url":"http://graph.example"}"#).is_err());
    }

    #[test]
    fn unknown_keys_and_limits_are_rejected_without_echoing_secrets() {
        assert!(ClientConfig::from_json(r#"{"clud":"Global"}"#).is_err());
        assert!(ClientConfig::from_json(r#"{"retry":{"max_retries":11}}"#).is_err());
        let err = ClientConfig::from_json(
            r#"{"credential":{"type":"client_secret","tenant_id":"t","client_id":"c","client_secret":"s3cr3t-value","extra":1}}"#,
        )
        .unwrap_err();
        assert!(!err.message.contains("s3cr3t-value"), "{}", err.message);
        let ok = ClientConfig::from_json(
            r#"{"credential":{"type":"client_secret","tenant_id":"t","client_id":"c","client_secret":"s3cr3t-value"}}"#,
        )
        .unwrap();
        assert!(!format!("{ok:?}").contains("s3cr3t-value"));
    }
}
