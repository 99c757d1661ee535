//! HTTP over real sockets, configured once per library client with the
//! proxy, extra trusted CAs, timeouts and the user agent: `reqwest` for token
//! requests and async callers, and the small blocking client in
//! [`crate::wire`] for calls made on a calling thread.

use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use hyper_util::client::proxy::matcher::Matcher;
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;

use crate::config::ClientConfig;
use crate::error::{Error, Result, mgp_status};
use crate::headers::Headers;
use crate::request::RequestPlan;
use crate::wire::{Wire, WireConfig};

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
    wire: Arc<WireConfig>,
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
        let timeout = Duration::from_millis(config.timeout_ms.unwrap_or(100_000));
        let connect_timeout = Duration::from_millis(config.connect_timeout_ms.unwrap_or(30_000));
        let no_system_proxy = config.proxy.is_none() && config.use_system_proxy == Some(false);
        // One set of proxy rules, in reqwest's form and in the blocking
        // client's: reqwest's own proxy matching is this matcher.
        let (proxy, proxies, proxy_auth) = match &config.proxy {
            Some(proxy) => {
                let url = crate::config::check_proxy_url(&proxy.url)?;
                let no_proxy = proxy.no_proxy.clone().unwrap_or_default();
                let mut p = reqwest::Proxy::all(url.as_str())
                    .map_err(|e| Error::config(format!("proxy url: {e}")))?;
                let matcher = Matcher::builder()
                    .all(url.to_string())
                    .no(no_proxy.as_str())
                    .build();
                let mut auth = None;
                if let Some(user) = &proxy.username {
                    let password = proxy.password.as_ref().map(|s| s.0.as_str()).unwrap_or("");
                    p = p.basic_auth(user, password);
                    let pair = format!("{user}:{password}");
                    auth = Some(format!(
                        "Basic {}",
                        base64::engine::general_purpose::STANDARD.encode(pair)
                    ));
                }
                if proxy.no_proxy.is_some() {
                    p = p.no_proxy(reqwest::NoProxy::from_string(&no_proxy));
                }
                (Some(p), matcher, auth)
            }
            None if no_system_proxy => (None, Matcher::builder().build(), None),
            None => (None, Matcher::from_system(), None),
        };
        let mut wire_tls = tls.clone();
        wire_tls.alpn_protocols = vec![b"http/1.1".to_vec()];
        let wire = Arc::new(WireConfig {
            tls: Arc::new(wire_tls),
            proxies,
            proxy_auth,
            timeout,
            connect_timeout,
        });
        Ok(Self {
            user_agent,
            timeout,
            connect_timeout,
            tls,
            no_system_proxy,
            proxy,
            wire,
        })
    }

    /// A new blocking connection holder for one calling thread.
    pub fn wire(&self) -> Wire {
        Wire::new(Arc::clone(&self.wire))
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
    pub headers: Headers,
    pub body: String,
}

/// A failed attempt: its status, message, and whether the request may have
/// reached the server (so that a write may have been applied).
pub struct Failure {
    pub error: Error,
    pub maybe_sent: bool,
    pub retryable: bool,
}

/// How a call reaches the network.
#[derive(Clone, Copy)]
pub enum Http<'a> {
    /// The library client's shared reqwest client ([`crate::Client::execute`],
    /// and calls from a thread that is exiting).
    Shared(&'a reqwest::Client),
    /// A calling thread's own: its blocking connection, and its reqwest
    /// client for what the blocking client leaves to reqwest.
    Thread(&'a Wire, &'a reqwest::Client),
}

/// Sends `plan` once with `token`. On a calling thread this blocks the
/// thread in the blocking client, which is what the thread is waiting for
/// anyway: nothing else runs on its runtime.
pub async fn send(
    http: Http<'_>,
    plan: &RequestPlan,
    token: &str,
) -> std::result::Result<Answer, Failure> {
    match http {
        Http::Shared(http) => send_reqwest(http, plan, token).await,
        Http::Thread(wire, http) => match wire.send(plan, token) {
            Some(outcome) => outcome,
            None => {
                // reqwest writes with writev on this thread, which raises
                // SIGPIPE on a closed connection (the blocking client never
                // does): hold it off for the host.
                let _shield = crate::ffi::signals::SigpipeShield::new();
                send_reqwest(http, plan, token).await
            }
        },
    }
}

async fn send_reqwest(
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
        let (name, value) = (name.as_ref(), value.as_ref());
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
    let mut headers = Headers::new();
    for (name, value) in response.headers() {
        headers.push(name.as_str(), &String::from_utf8_lossy(value.as_bytes()));
    }
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
