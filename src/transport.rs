//! HTTP over real sockets: one `reqwest` client per library client, shared by
//! Graph calls and token requests, configured with the proxy, extra trusted
//! CAs, timeouts and the user agent.

use std::sync::Arc;
use std::time::Duration;

use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;

use crate::config::ClientConfig;
use crate::error::{Error, Result, mgp_status};
use crate::request::RequestPlan;

/// The default `User-Agent`.
pub fn default_user_agent() -> String {
    format!("mgpolicy/{}", env!("CARGO_PKG_VERSION"))
}

/// Everything needed to build an HTTP client for one library client,
/// checked once: each calling thread builds its own client from it (see
/// `Client::call`). CA files are read, the proxy parsed and the system trust
/// store loaded only once; the TLS configuration (verifier and session
/// cache) is shared by every HTTP client built from these settings.
#[derive(Clone)]
pub struct HttpSettings {
    user_agent: String,
    timeout: Duration,
    connect_timeout: Duration,
    tls: rustls::ClientConfig,
    proxy: Option<reqwest::Proxy>,
    no_system_proxy: bool,
}

/// The TLS configuration reqwest's default TLS would build: rustls with the
/// platform's verifier (the system trust store, plus `extra_roots`), every
/// protocol version rustls supports, and ALPN for HTTP/2 and HTTP/1.1.
fn tls_config(extra_roots: Vec<CertificateDer<'static>>) -> Result<rustls::ClientConfig> {
    let provider = rustls::crypto::CryptoProvider::get_default()
        .cloned()
        .unwrap_or_else(|| Arc::new(rustls::crypto::aws_lc_rs::default_provider()));
    let verifier = if extra_roots.is_empty() {
        rustls_platform_verifier::Verifier::new(provider.clone())
    } else {
        rustls_platform_verifier::Verifier::new_with_extra_roots(extra_roots, provider.clone())
    }
    .map_err(|e| Error::config(format!("TLS certificate verification: {e}")))?;
    let mut tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_protocol_versions(rustls::ALL_VERSIONS)
        .map_err(|e| Error::config(format!("TLS versions: {e}")))?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    tls.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(tls)
}

impl HttpSettings {
    /// Validates the transport part of `config`.
    pub fn from_config(config: &ClientConfig) -> Result<Self> {
        let user_agent = config.user_agent.clone().unwrap_or_else(default_user_agent);
        crate::request::check_header_value(&user_agent, "User-Agent")
            .map_err(|e| Error::config(e.message))?;
        let mut pems: Vec<String> = config.ca_certificates_pem.clone();
        for path in &config.ca_certificate_files {
            let text = std::fs::read_to_string(path)
                .map_err(|e| Error::config(format!("cannot read CA file {path:?}: {e}")))?;
            pems.push(text);
        }
        let mut roots = Vec::new();
        for pem in &pems {
            let certs = CertificateDer::pem_slice_iter(pem.as_bytes())
                .collect::<std::result::Result<Vec<_>, _>>()
                .map_err(|e| Error::config(format!("a CA certificate is not valid PEM: {e}")))?;
            if certs.is_empty() {
                return Err(Error::config("a CA certificate PEM holds no certificate"));
            }
            roots.extend(certs);
        }
        let tls = tls_config(roots)?;
        let proxy = match &config.proxy {
            Some(proxy) => {
                let url = crate::config::check_proxy_url(&proxy.url)?;
                let mut p = reqwest::Proxy::all(url.as_str())
                    .map_err(|e| Error::config(format!("proxy url: {e}")))?;
                if let Some(user) = &proxy.username {
                    let password = proxy.password.as_ref().map(|s| s.0.as_str()).unwrap_or("");
                    p = p.basic_auth(user, password);
                }
                if let Some(list) = &proxy.no_proxy {
                    p = p.no_proxy(reqwest::NoProxy::from_string(list));
                }
                Some(p)
            }
            None => None,
        };
        Ok(Self {
            user_agent,
            timeout: Duration::from_millis(config.timeout_ms.unwrap_or(100_000)),
            connect_timeout: Duration::from_millis(config.connect_timeout_ms.unwrap_or(30_000)),
            tls,
            no_system_proxy: proxy.is_none() && config.use_system_proxy == Some(false),
            proxy,
        })
    }

    /// A new HTTP client with its own connection pool.
    pub fn build(&self) -> Result<reqwest::Client> {
        let mut builder = reqwest::Client::builder()
            .user_agent(self.user_agent.as_str())
            .timeout(self.timeout)
            .connect_timeout(self.connect_timeout)
            .pool_idle_timeout(Duration::from_secs(90))
            .redirect(reqwest::redirect::Policy::limited(5))
            .tls_backend_preconfigured(self.tls.clone());
        if let Some(proxy) = &self.proxy {
            builder = builder.proxy(proxy.clone());
        } else if self.no_system_proxy {
            builder = builder.no_proxy();
        }
        builder
            .build()
            .map_err(|e| Error::config(format!("HTTP client: {e}")))
    }
}

/// What one HTTP attempt produced.
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

/// A failed attempt: its status, message, and whether the request may have
/// reached the server (so that a write may have been applied).
pub struct Failure {
    pub error: Error,
    pub maybe_sent: bool,
    pub retryable: bool,
}

/// Sends `plan` once with `token`.
pub async fn send(
    http: &reqwest::Client,
    plan: &RequestPlan,
    token: &str,
) -> std::result::Result<Answer, Failure> {
    let method = reqwest::Method::from_bytes(plan.method.as_bytes()).map_err(|_| Failure {
        error: Error::invalid("bad method"),
        maybe_sent: false,
        retryable: false,
    })?;
    let mut request = http.request(method, &plan.url);
    for (name, value) in &plan.headers {
        if name == "Authorization" {
            request = request.header(name, format!("Bearer {token}"));
        } else if name != "User-Agent" {
            request = request.header(name, value);
        }
    }
    if let Some(body) = plan.body_text() {
        request = request.body(body);
    }
    let response = request.send().await.map_err(classify)?;
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let body = response.text().await.map_err(classify)?;
    Ok(Answer {
        status,
        headers,
        body,
    })
}

fn classify(e: reqwest::Error) -> Failure {
    let e = e.without_url();
    let text = describe(&e);
    if e.is_timeout() {
        return Failure {
            error: Error::new(
                mgp_status::Timeout,
                format!("the request timed out: {text}"),
            ),
            maybe_sent: true,
            retryable: false,
        };
    }
    let connect = e.is_connect();
    Failure {
        error: Error::new(mgp_status::Transport, format!("connection failed: {text}")),
        maybe_sent: !connect,
        retryable: connect || e.is_request() || e.is_body(),
    }
}

/// The error and its causes on one line, without the URL's query.
fn describe(e: &reqwest::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        let text = s.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        source = s.source();
    }
    parts.join(": ")
}
