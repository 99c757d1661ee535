//! A local, stateful stand-in for Microsoft Graph's cross-tenant access policy endpoints
//! (partner configurations, identity synchronization policies and their deleted items),
//! with an Entra ID look-alike token endpoint, scriptable faults and a request log.
//!
//! Start it in-process:
//!
//! ```no_run
//! let emu = graph_emulator::Emulator::start_blocking(Default::default()).unwrap();
//! println!("{} {}", emu.http_url(), emu.https_url());
//! ```
//!
//! or run the `graph-emulator` binary, which prints one JSON line with the same
//! information as [`Emulator::startup_info`].

#![forbid(unsafe_code)]

mod admin;
mod config;
mod errors;
mod graph;
mod http;
mod identity;
mod model;
mod odata;
mod server;
mod state;
mod tls;
mod token;
mod util;

pub use config::{
    AppConfig, ConfigFile, DEFAULT_TENANT_ID, EmulatorConfig, ROLE_READ_ALL, ROLE_READ_WRITE,
    SECOND_TENANT_ID, TenantConfig, default_apps, default_tenants,
};
pub use identity::{AppInfo, MINTED_APP_ID, TestApp};
pub use state::{EmulatorState, Fault, FaultRule, LoggedRequest, SeedData};

use serde_json::{Value, json};
use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use tokio::sync::watch;

struct RunInfo {
    http_url: String,
    https_url: String,
    ca_pem: String,
    ca_pem_path: PathBuf,
    startup: Value,
    apps: Vec<AppInfo>,
    test_app: TestApp,
}

/// Everything prepared before the runtime takes over: bound sockets and shared state.
struct Prepared {
    http: std::net::TcpListener,
    https: Vec<std::net::TcpListener>,
    tls: Option<tokio_rustls::TlsAcceptor>,
    server: Arc<server::Server>,
    info: Arc<RunInfo>,
    cleanup_dir: Option<PathBuf>,
}

fn host_for_url(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) if v4.is_unspecified() => "127.0.0.1".into(),
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) if v6.is_unspecified() => "[::1]".into(),
        IpAddr::V6(v6) => format!("[{v6}]"),
    }
}

fn bind(addr: SocketAddr) -> io::Result<std::net::TcpListener> {
    let l = std::net::TcpListener::bind(addr)?;
    l.set_nonblocking(true)?;
    Ok(l)
}

fn prepare(config: EmulatorConfig) -> io::Result<Prepared> {
    let (dir, cleanup_dir) = match &config.state_dir {
        Some(d) => (d.clone(), None),
        None => {
            let d = std::env::temp_dir().join(format!(
                "graph-emulator-{}-{}",
                std::process::id(),
                &uuid::Uuid::new_v4().simple().to_string()[..12]
            ));
            (d.clone(), Some(d))
        }
    };
    std::fs::create_dir_all(&dir)?;

    let http = bind(SocketAddr::new(config.bind, config.http_port))?;
    let http_port = http.local_addr()?.port();
    let http_url = format!("http://{}:{http_port}", host_for_url(config.bind));
    let mut https = Vec::new();
    let mut https_url = String::new();
    let mut tls_material = None;
    if config.tls {
        let l = bind(SocketAddr::new(config.bind, config.https_port))?;
        let port = l.local_addr()?.port();
        https.push(l);
        if config.bind == IpAddr::V4(Ipv4Addr::LOCALHOST) {
            // "localhost" may resolve to ::1 first; answer there too when we can.
            if let Ok(l6) = bind(SocketAddr::new(IpAddr::V6(Ipv6Addr::LOCALHOST), port)) {
                https.push(l6);
            }
        }
        let host = if config.bind.is_loopback() || config.bind.is_unspecified() {
            "localhost".to_string()
        } else {
            host_for_url(config.bind)
        };
        https_url = format!("https://{host}:{port}");
        tls_material = Some(tls::generate(Some(config.bind))?);
    }
    let ca_pem = tls_material
        .as_ref()
        .map(|t| t.ca_pem.clone())
        .unwrap_or_default();
    let ca_pem_path = dir.join("ca.pem");
    if config.tls {
        std::fs::write(&ca_pem_path, &ca_pem)?;
    }

    // Every origin that addresses this emulator (audiences, client-assertion audiences).
    let mut origins = vec![http_url.clone()];
    for h in ["127.0.0.1", "localhost", "[::1]"] {
        origins.push(format!("http://{h}:{http_port}"));
    }
    if let Some(port) = https
        .first()
        .and_then(|l| l.local_addr().ok())
        .map(|a| a.port())
    {
        origins.push(https_url.clone());
        for h in ["127.0.0.1", "localhost", "[::1]"] {
            origins.push(format!("https://{h}:{port}"));
        }
    }
    let origins: Vec<String> = origins
        .into_iter()
        .map(|o| o.to_ascii_lowercase())
        .collect();

    let identity = Arc::new(identity::Identity::new(&config, &dir, &origins)?);
    let apps = identity.apps();
    let default_tenant = config
        .tenants
        .first()
        .map(|t| t.tenant_id.clone())
        .unwrap_or_else(|| DEFAULT_TENANT_ID.to_string());
    let state = EmulatorState::new(
        identity,
        default_tenant,
        config.log_capacity,
        config.page_size,
        config.seed.clone(),
    )
    .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, format!("seed: {e}")))?;

    let test = apps
        .iter()
        .find(|a| a.name == "test" && a.client_secret.is_some())
        .or_else(|| {
            apps.iter()
                .find(|a| a.client_secret.is_some() && a.roles.iter().any(|r| r == ROLE_READ_WRITE))
        })
        .or_else(|| apps.iter().find(|a| a.client_secret.is_some()));
    let test_app = TestApp {
        tenant_id: test.map(|a| a.tenant_id.clone()).unwrap_or_default(),
        client_id: test.map(|a| a.client_id.clone()).unwrap_or_default(),
        client_secret: test
            .and_then(|a| a.client_secret.clone())
            .unwrap_or_default(),
    };
    let authority = if https_url.is_empty() {
        &http_url
    } else {
        &https_url
    };
    let startup = json!({
        "http_url": http_url,
        "https_url": if https_url.is_empty() { Value::Null } else { Value::String(https_url.clone()) },
        "ca_pem_path": if config.tls { Value::String(ca_pem_path.display().to_string()) } else { Value::Null },
        "admin_url": format!("{http_url}/_emulator"),
        "tenant_id": test_app.tenant_id,
        "client_id": test_app.client_id,
        "client_secret": test_app.client_secret,
        "authority_host": authority,
        "token_endpoint": format!("{authority}/{}/oauth2/v2.0/token", test_app.tenant_id),
        "graph_v1_url": format!("{http_url}/v1.0"),
        "graph_beta_url": format!("{http_url}/beta"),
        "imds_endpoint": format!("{http_url}/metadata/identity/oauth2/token"),
        "identity_endpoint": format!("{http_url}/msi/token"),
        "identity_header": config.identity_header,
        "state_dir": dir.display().to_string(),
        "token_lifetime_secs": config.token_lifetime_secs,
        "page_size": config.page_size,
        "pid": std::process::id(),
        "version": env!("CARGO_PKG_VERSION"),
        "apps": serde_json::to_value(&apps).unwrap_or_default(),
    });
    let server = Arc::new(server::Server {
        state,
        info: startup.clone(),
        origins: token::Origins { list: origins },
    });
    Ok(Prepared {
        http,
        https,
        tls: tls_material.map(|t| tokio_rustls::TlsAcceptor::from(t.server_config)),
        server,
        info: Arc::new(RunInfo {
            http_url,
            https_url,
            ca_pem,
            ca_pem_path,
            startup,
            apps,
            test_app,
        }),
        cleanup_dir,
    })
}

/// Spawns the accept loops on the current runtime.
fn launch(
    p: &mut Prepared,
    shutdown: &watch::Receiver<bool>,
) -> io::Result<Vec<tokio::task::JoinHandle<()>>> {
    let mut tasks = Vec::new();
    let http = tokio::net::TcpListener::from_std(p.http.try_clone()?)?;
    tasks.push(tokio::spawn(server::accept_loop(
        http,
        None,
        "http",
        p.server.clone(),
        shutdown.clone(),
    )));
    for l in &p.https {
        let l = tokio::net::TcpListener::from_std(l.try_clone()?)?;
        tasks.push(tokio::spawn(server::accept_loop(
            l,
            p.tls.clone(),
            "https",
            p.server.clone(),
            shutdown.clone(),
        )));
    }
    Ok(tasks)
}

/// A running emulator. Dropping it stops the listeners (and, for
/// [`Emulator::start_blocking`], the background runtime).
pub struct Emulator {
    state: EmulatorState,
    info: Arc<RunInfo>,
    shutdown: Option<watch::Sender<bool>>,
    thread: Option<std::thread::JoinHandle<()>>,
    tasks: Vec<tokio::task::JoinHandle<()>>,
    cleanup_dir: Option<PathBuf>,
}

impl std::fmt::Debug for Emulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Emulator")
            .field("http_url", &self.info.http_url)
            .field("https_url", &self.info.https_url)
            .finish_non_exhaustive()
    }
}

impl Emulator {
    /// Starts the emulator on a background thread with its own Tokio runtime.
    /// Returns once both listeners are bound and accepting. Usable from synchronous code.
    pub fn start_blocking(config: EmulatorConfig) -> io::Result<Emulator> {
        let mut prepared = prepare(config)?;
        let state = prepared.server.state.clone();
        let info = prepared.info.clone();
        let cleanup_dir = prepared.cleanup_dir.take();
        let (tx, rx) = watch::channel(false);
        let (ready_tx, ready_rx) = std::sync::mpsc::channel::<io::Result<()>>();
        let thread = std::thread::Builder::new()
            .name("graph-emulator".into())
            .spawn(move || {
                let rt = match tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .thread_name("graph-emulator-worker")
                    .enable_all()
                    .build()
                {
                    Ok(rt) => rt,
                    Err(e) => {
                        let _ = ready_tx.send(Err(e));
                        return;
                    }
                };
                let mut rx = rx;
                rt.block_on(async {
                    match launch(&mut prepared, &rx) {
                        Ok(_tasks) => {
                            let _ = ready_tx.send(Ok(()));
                            while !*rx.borrow() {
                                if rx.changed().await.is_err() {
                                    break;
                                }
                            }
                        }
                        Err(e) => {
                            let _ = ready_tx.send(Err(e));
                        }
                    }
                });
                rt.shutdown_timeout(std::time::Duration::from_secs(2));
            })?;
        match ready_rx.recv() {
            Ok(Ok(())) => {}
            Ok(Err(e)) => {
                let _ = thread.join();
                return Err(e);
            }
            Err(_) => {
                let _ = thread.join();
                return Err(io::Error::other("emulator thread exited during start"));
            }
        }
        Ok(Emulator {
            state,
            info,
            shutdown: Some(tx),
            thread: Some(thread),
            tasks: Vec::new(),
            cleanup_dir,
        })
    }

    /// Starts the emulator on the caller's Tokio runtime.
    pub async fn start(config: EmulatorConfig) -> io::Result<Emulator> {
        let mut prepared = tokio::task::spawn_blocking(move || prepare(config))
            .await
            .map_err(io::Error::other)??;
        let (tx, rx) = watch::channel(false);
        let tasks = launch(&mut prepared, &rx)?;
        Ok(Emulator {
            state: prepared.server.state.clone(),
            info: prepared.info.clone(),
            shutdown: Some(tx),
            thread: None,
            tasks,
            cleanup_dir: prepared.cleanup_dir.take(),
        })
    }

    /// `http://127.0.0.1:PORT` (no trailing slash).
    pub fn http_url(&self) -> String {
        self.info.http_url.clone()
    }

    /// `https://localhost:PORT` (no trailing slash); empty when TLS is off.
    pub fn https_url(&self) -> String {
        self.info.https_url.clone()
    }

    /// Path of the PEM file holding the CA certificate that signed the HTTPS certificate.
    pub fn ca_pem_path(&self) -> PathBuf {
        self.info.ca_pem_path.clone()
    }

    /// The CA certificate (PEM); empty when TLS is off.
    pub fn ca_pem(&self) -> String {
        self.info.ca_pem.clone()
    }

    /// The JSON object the binary prints on its first stdout line.
    pub fn startup_info(&self) -> Value {
        self.info.startup.clone()
    }

    /// The ready-made read-write app (client secret).
    pub fn test_app(&self) -> TestApp {
        self.info.test_app.clone()
    }

    /// All configured apps.
    pub fn apps(&self) -> Vec<AppInfo> {
        self.info.apps.clone()
    }

    /// The configured app with this name (`test`, `reader`, `no-roles`, `certificate`,
    /// `managed-identity`, `second-tenant` by default).
    pub fn app(&self, name: &str) -> Option<AppInfo> {
        self.info.apps.iter().find(|a| a.name == name).cloned()
    }

    /// Direct access to the state (resources, faults, request log, tokens).
    pub fn state(&self) -> &EmulatorState {
        &self.state
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(true);
        }
        for t in self.tasks.drain(..) {
            t.abort();
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        if let Some(d) = self.cleanup_dir.take() {
            let _ = std::fs::remove_dir_all(d);
        }
    }
}
