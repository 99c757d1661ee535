//! A small blocking HTTP/1.1 client for the Graph calls a thread makes
//! through [`Client::call`](crate::Client::call), which is every call from C,
//! Python, C# and PowerShell.
//!
//! A foreign call is one request and one answer on a kept-alive connection,
//! made by a thread that waits for it. Sending it straight from that thread
//! over a blocking socket costs a write and a read; an async HTTP stack adds
//! its runtime, connection pool, timers and request layers to every call,
//! which on a fast network is as much again as the round trip itself (see
//! BENCHMARKS.md).
//!
//! What it does:
//! - one kept-alive connection per calling thread and library client, over
//!   TCP or TLS (rustls with the client's TLS configuration, offering only
//!   `http/1.1`);
//! - the proxy rules reqwest applies, from the same matcher: the explicit
//!   proxy with its `no_proxy` list, or `HTTPS_PROXY`, `HTTP_PROXY`,
//!   `ALL_PROXY` and `NO_PROXY` from the environment; an `http://` proxy
//!   carries https requests through a CONNECT tunnel and http requests in
//!   absolute form, with `Proxy-Authorization` when credentials are given;
//! - the connect timeout, and the request timeout as one deadline for
//!   connecting, writing and reading the whole answer;
//! - bodies framed by Content-Length, chunked, or the end of the connection;
//!   interim 1xx answers are skipped;
//! - when a reused connection turns out to be closed before any byte of the
//!   answer arrived (the server dropped an idle connection), the request is
//!   written once more on a new connection, as browsers and curl do. The
//!   attempt is then reported as possibly sent, so a create is reconciled
//!   if it meets 409 (see `Client::reconcile`).
//!
//! What it leaves to reqwest ([`Wire::send`] returns `None`): proxies reached
//! over `https://`, and answers that redirect (3xx with Location), which
//! reqwest follows with its redirect policy. A 3xx answer means the server
//! did not apply the request, so sending it again through reqwest is safe.

use std::borrow::Cow;
use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use hyper_util::client::proxy::matcher::Matcher;

use crate::error::{Error, mgp_status};
use crate::headers::Headers;
use crate::request::RequestPlan;
use crate::transport::{Answer, Failure};

/// Idle connections older than this are not reused (reqwest's pool default).
const IDLE_LIMIT: Duration = Duration::from_secs(90);
/// The longest answer head accepted.
const MAX_HEAD: usize = 64 * 1024;
/// The most header lines an answer head may have.
const MAX_HEADERS: usize = 128;

/// What every thread's [`Wire`] for one library client shares.
pub struct WireConfig {
    /// The client's TLS configuration, offering only `http/1.1`.
    pub tls: Arc<rustls::ClientConfig>,
    /// Which requests go through which proxy.
    pub proxies: Matcher,
    /// `Proxy-Authorization` for the explicit proxy, when it has credentials:
    /// `Basic` and base64, so it can hold nothing a header cannot carry (as
    /// for an environment proxy's, which passed `HeaderValue::to_str`).
    pub proxy_auth: Option<String>,
    pub timeout: Duration,
    pub connect_timeout: Duration,
}

/// One calling thread's connection for one library client.
pub struct Wire {
    config: Arc<WireConfig>,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    conn: Option<Conn>,
    /// How the last origin called is reached.
    route: Option<Route>,
    /// The request's bytes, in storage reused from call to call.
    request: Vec<u8>,
}

/// How requests to one origin go out. Worked out once per origin: parsing
/// the URL and matching the proxy rules on every call would cost more than
/// the rest of preparing the request.
struct Route {
    /// `scheme://authority`, as the URLs of its requests begin.
    origin: String,
    target: Target,
    /// The Host header's value.
    host_header: String,
    /// Plain http through a proxy: the request line carries the whole URL.
    forward: bool,
    /// `Proxy-Authorization` for the proxy, if it has credentials.
    proxy_auth: Option<String>,
}

/// Where a connection goes: the origin, and the `http://` proxy it goes
/// through, if any.
#[derive(Clone, PartialEq, Eq)]
struct Target {
    tls: bool,
    host: String,
    port: u16,
    via: Option<(String, u16)>,
}

struct Conn {
    target: Target,
    io: Io,
    idle_since: Instant,
    /// Answers read on this connection so far.
    answers: u32,
    /// The socket's read and write timeouts as last set (see [`Clock`]).
    set: Duration,
    /// Bytes read and not yet used.
    buf: Buffer,
}

/// A TCP stream whose writes never raise SIGPIPE: `write` goes out as
/// `send` with MSG_NOSIGNAL on Linux and the BSDs, and on a socket std
/// marked SO_NOSIGPIPE on Apple platforms; unlike the default
/// `write_vectored`, TLS writes therefore need no signal handling on the
/// calling thread.
struct Sock(TcpStream);

impl Read for Sock {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.read(buf)
    }
}

impl Write for Sock {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

enum Io {
    Plain(Sock),
    Tls(Box<rustls::StreamOwned<rustls::ClientConnection, Sock>>),
}

/// Something answers are read from, with the socket underneath.
trait Source: Read {
    fn tcp(&self) -> &TcpStream;
}

impl Source for Io {
    fn tcp(&self) -> &TcpStream {
        match self {
            Io::Plain(s) => &s.0,
            Io::Tls(s) => &s.sock.0,
        }
    }
}

impl Source for Sock {
    fn tcp(&self) -> &TcpStream {
        &self.0
    }
}

impl Read for Io {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Io::Plain(s) => s.read(buf),
            Io::Tls(s) => s.read(buf),
        }
    }
}

impl Write for Io {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Io::Plain(s) => s.write(buf),
            Io::Tls(s) => s.write(buf),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match self {
            Io::Plain(s) => s.flush(),
            Io::Tls(s) => s.flush(),
        }
    }
}

/// Read bytes not yet used, in storage that is zeroed once and reused, so
/// reading needs neither a copy nor a fresh buffer per call.
struct Buffer {
    data: Vec<u8>,
    len: usize,
}

impl Buffer {
    fn new() -> Self {
        Self {
            data: vec![0; 16 * 1024],
            len: 0,
        }
    }

    fn filled(&self) -> &[u8] {
        &self.data[..self.len]
    }

    /// Drops the first `n` bytes.
    fn consume(&mut self, n: usize) {
        self.data.copy_within(n..self.len, 0);
        self.len -= n;
    }

    fn read_from(&mut self, source: &mut impl Read) -> io::Result<usize> {
        if self.data.len() - self.len < 4096 {
            let grown = self.data.len() * 2;
            self.data.resize(grown, 0);
        }
        let n = source.read(&mut self.data[self.len..])?;
        self.len += n;
        Ok(n)
    }
}

/// Keeps a socket's timeouts at the time left before the call's deadline,
/// within a small slack, so that a quick call on a kept-alive connection
/// makes no system call for it: the socket keeps the last value set, and
/// it is set again only when it is more than the slack off.
struct Clock {
    deadline: Instant,
    slack: Duration,
}

impl Clock {
    fn new(timeout: Duration) -> Self {
        Self {
            deadline: Instant::now() + timeout,
            slack: (timeout / 20).min(Duration::from_millis(5)),
        }
    }

    /// Makes `tcp`'s timeouts fit the time left; `set` is what they are.
    fn fit(&self, tcp: &TcpStream, set: &mut Duration) -> io::Result<()> {
        let left = self.deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io::Error::new(io::ErrorKind::TimedOut, "timed out"));
        }
        if set.abs_diff(left) > self.slack {
            tcp.set_read_timeout(Some(left))?;
            tcp.set_write_timeout(Some(left))?;
            *set = left;
        }
        Ok(())
    }
}

/// How reading an answer went wrong.
#[derive(Debug)]
enum ReadError {
    /// The connection ended; `partial` if some of the answer had arrived.
    Closed {
        partial: bool,
    },
    TimedOut,
    Io(io::Error),
    Malformed(String),
}

impl From<io::Error> for ReadError {
    fn from(e: io::Error) -> Self {
        match e.kind() {
            io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => ReadError::TimedOut,
            _ => ReadError::Io(e),
        }
    }
}

/// An answer as read from the connection.
struct Read1 {
    answer: Answer,
    /// Whether the connection may carry the next request.
    keep: bool,
}

impl Wire {
    pub fn new(config: Arc<WireConfig>) -> Self {
        Self {
            config,
            state: Mutex::new(State::default()),
        }
    }

    /// Sends `plan` once with `token` and reads the answer, blocking the
    /// calling thread. `None` when this request goes through reqwest
    /// instead (see the module documentation).
    pub fn send(&self, plan: &RequestPlan, token: &str) -> Option<Result<Answer, Failure>> {
        let clock = Clock::new(self.config.timeout);
        let Some((origin, path)) = split_url(&plan.url) else {
            return Some(Err(refused("the request URL is not valid")));
        };
        let mut state = match self.state.lock() {
            Ok(state) => state,
            Err(poisoned) => {
                let mut state = poisoned.into_inner();
                *state = State::default();
                state
            }
        };
        let State {
            conn: slot,
            route,
            request,
        } = &mut *state;
        if route.as_ref().is_none_or(|known| known.origin != origin) {
            match self.route(origin) {
                Ok(Some(new)) => *route = Some(new),
                Ok(None) => return None,
                Err(failure) => return Some(Err(failure)),
            }
        }
        let route = route.as_ref()?;
        let target = &route.target;
        let proxy_auth = route.proxy_auth.as_deref();
        if request.capacity() > 64 * 1024 {
            // Kept for the next call only while it is small.
            *request = Vec::new();
        }
        request.clear();
        if let Err(failure) = request_bytes(plan, route, &path, token, request) {
            return Some(Err(failure));
        }
        for _ in 0..2 {
            let mut conn = match slot.take() {
                Some(conn) if conn.target == *target && conn.idle_since.elapsed() < IDLE_LIMIT => {
                    conn
                }
                _ => match self.connect(target, proxy_auth, &clock) {
                    Ok(conn) => conn,
                    Err(failure) => return Some(Err(failure)),
                },
            };
            let reused = conn.answers > 0;
            if let Err(e) = write_request(&mut conn, request, &clock) {
                if reused && !matches!(e, ReadError::TimedOut) {
                    continue;
                }
                return Some(Err(read_failure(e, &self.config)));
            }
            match read_answer(&mut conn, &clock, plan.method == "HEAD") {
                Ok(read) => {
                    if read.keep {
                        conn.answers += 1;
                        conn.idle_since = Instant::now();
                        *slot = Some(conn);
                    }
                    let answer = read.answer;
                    if (300..400).contains(&answer.status)
                        && answer.status != 304
                        && answer.headers.iter().any(|(n, _)| n == "location")
                    {
                        return None;
                    }
                    return Some(Ok(answer));
                }
                Err(ReadError::Closed { partial: false }) if reused => continue,
                Err(e) => return Some(Err(read_failure(e, &self.config))),
            }
        }
        // Two closed connections in a row: report it as the transport error
        // it is, letting the retry policy decide.
        Some(Err(Failure {
            error: Error::new(
                mgp_status::Transport,
                "connection failed: the server closed the connection without answering",
            ),
            maybe_sent: true,
            retryable: true,
        }))
    }

    /// How requests to `origin` (`scheme://authority`) go out, or `None`
    /// when they go through an https:// proxy, which is left to reqwest.
    fn route(&self, origin: &str) -> Result<Option<Route>, Failure> {
        let uri: http::Uri = origin
            .parse()
            .map_err(|_| refused("the request URL is not valid"))?;
        let tls = match uri.scheme_str() {
            Some("https") => true,
            Some("http") => false,
            _ => return Err(refused("the request URL must be http or https")),
        };
        let host = uri
            .host()
            .ok_or_else(|| refused("the request URL has no host"))?;
        let default_port = if tls { 443 } else { 80 };
        let port = uri.port_u16().unwrap_or(default_port);
        let mut proxy_auth = self.config.proxy_auth.clone();
        let via = match self.config.proxies.intercept(&uri) {
            None => None,
            Some(proxy) => {
                let p = proxy.uri();
                if p.scheme_str() != Some("http") {
                    return Ok(None);
                }
                let Some(proxy_host) = p.host() else {
                    return Ok(None);
                };
                if proxy_auth.is_none()
                    && let Some(value) = proxy.basic_auth()
                {
                    proxy_auth = value.to_str().ok().map(str::to_string);
                }
                Some((proxy_host.to_string(), p.port_u16().unwrap_or(80)))
            }
        };
        let host_header = match uri.port_u16() {
            Some(port) if port != default_port => format!("{host}:{port}"),
            _ => host.to_string(),
        };
        Ok(Some(Route {
            origin: origin.to_string(),
            // Through a proxy, plain http goes in absolute form; https goes
            // in a tunnel, where the proxy sees nothing of the request.
            forward: via.is_some() && !tls,
            target: Target {
                tls,
                host: host.to_string(),
                port,
                via,
            },
            host_header,
            proxy_auth,
        }))
    }

    /// A new connection to `target`, through its proxy if it has one, with
    /// TLS set up for https.
    fn connect(
        &self,
        target: &Target,
        proxy_auth: Option<&str>,
        clock: &Clock,
    ) -> Result<Conn, Failure> {
        let (host, port) = match &target.via {
            Some((host, port)) => (host.as_str(), *port),
            None => (target.host.as_str(), target.port),
        };
        let what = if target.via.is_some() {
            "the proxy "
        } else {
            ""
        };
        let mut set = Duration::ZERO;
        let mut sock = self
            .tcp_connect(host, port, clock)
            .and_then(|tcp| clock.fit(&tcp, &mut set).map(|_| Sock(tcp)))
            .map_err(|e| {
                connect_failure(
                    e.kind(),
                    format!("cannot connect to {what}{host}:{port}: {e}"),
                    &self.config,
                )
            })?;
        let mut buf = Buffer::new();
        if target.tls && target.via.is_some() {
            tunnel(&mut sock, &mut buf, &mut set, target, proxy_auth, clock).map_err(|e| match e {
                ReadError::TimedOut => timed_out(&self.config),
                e => Failure {
                    error: Error::new(
                        mgp_status::Transport,
                        format!(
                            "connection failed: the proxy {host}:{port} did not open a tunnel to {}:{}: {}",
                            target.host,
                            target.port,
                            describe(&e)
                        ),
                    ),
                    maybe_sent: false,
                    retryable: true,
                },
            })?;
        }
        let io = if target.tls {
            let stream = self
                .handshake(sock, &mut set, &target.host, clock)
                .map_err(|e| {
                    connect_failure(
                        e.kind(),
                        format!("TLS with {}:{} failed: {e}", target.host, target.port),
                        &self.config,
                    )
                })?;
            Io::Tls(Box::new(stream))
        } else {
            Io::Plain(sock)
        };
        Ok(Conn {
            target: target.clone(),
            io,
            idle_since: Instant::now(),
            answers: 0,
            set,
            buf,
        })
    }

    fn tcp_connect(&self, host: &str, port: u16, clock: &Clock) -> io::Result<TcpStream> {
        let addrs: Vec<SocketAddr> = (bare(host), port).to_socket_addrs()?.collect();
        let mut last = io::Error::new(io::ErrorKind::NotFound, "the host has no address");
        for addr in addrs {
            let left = clock.deadline.saturating_duration_since(Instant::now());
            let limit = left.min(self.config.connect_timeout);
            if limit.is_zero() {
                return Err(io::Error::new(io::ErrorKind::TimedOut, "connect timed out"));
            }
            match TcpStream::connect_timeout(&addr, limit) {
                Ok(tcp) => {
                    tcp.set_nodelay(true)?;
                    return Ok(tcp);
                }
                Err(e) => last = e,
            }
        }
        Err(last)
    }

    fn handshake(
        &self,
        mut sock: Sock,
        set: &mut Duration,
        host: &str,
        clock: &Clock,
    ) -> io::Result<rustls::StreamOwned<rustls::ClientConnection, Sock>> {
        let name = rustls::pki_types::ServerName::try_from(bare(host).to_string())
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
        let mut tls = rustls::ClientConnection::new(Arc::clone(&self.config.tls), name)
            .map_err(io::Error::other)?;
        while tls.is_handshaking() {
            clock.fit(&sock.0, set)?;
            tls.complete_io(&mut sock)?;
        }
        Ok(rustls::StreamOwned::new(tls, sock))
    }
}

/// A host as a URL writes it, without the brackets of an IPv6 literal.
fn bare(host: &str) -> &str {
    host.strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host)
}

/// A request refused before anything was sent.
fn refused(message: &str) -> Failure {
    Failure {
        error: Error::invalid(message),
        maybe_sent: false,
        retryable: false,
    }
}

fn timed_out(config: &WireConfig) -> Failure {
    Failure {
        error: Error::new(
            mgp_status::Timeout,
            format!(
                "the request timed out: no complete answer within {} ms",
                config.timeout.as_millis()
            ),
        ),
        maybe_sent: true,
        retryable: false,
    }
}

/// A connection that could not be made: nothing was sent, so it may be
/// tried again; a timeout is final, as with reqwest.
fn connect_failure(kind: io::ErrorKind, text: String, config: &WireConfig) -> Failure {
    if matches!(kind, io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock) {
        return Failure {
            error: Error::new(
                mgp_status::Timeout,
                format!(
                    "the request timed out: connecting took longer than {} ms ({text})",
                    config.connect_timeout.as_millis()
                ),
            ),
            maybe_sent: true,
            retryable: false,
        };
    }
    Failure {
        error: Error::new(mgp_status::Transport, format!("connection failed: {text}")),
        maybe_sent: false,
        retryable: true,
    }
}

/// A request that may have reached the server but got no usable answer.
fn read_failure(e: ReadError, config: &WireConfig) -> Failure {
    if let ReadError::TimedOut = e {
        return timed_out(config);
    }
    Failure {
        error: Error::new(
            mgp_status::Transport,
            format!("connection failed: {}", describe(&e)),
        ),
        maybe_sent: true,
        retryable: true,
    }
}

fn describe(e: &ReadError) -> String {
    match e {
        ReadError::Closed { partial: false } => {
            "the server closed the connection without answering".to_string()
        }
        ReadError::Closed { partial: true } => {
            "the connection closed before the answer was complete".to_string()
        }
        ReadError::TimedOut => "timed out".to_string(),
        ReadError::Io(e) => e.to_string(),
        ReadError::Malformed(what) => format!("the answer is not valid HTTP/1.1: {what}"),
    }
}

/// True for a header name or value byte that must not reach the wire.
fn forbidden(text: &str) -> bool {
    // Header names and values are short: one comparison for most bytes.
    text.bytes()
        .any(|b| b <= b'\r' && matches!(b, 0 | b'\n' | b'\r'))
}

/// True when every byte of `token` is visible ASCII or a space.
fn printable(token: &str) -> bool {
    token
        .bytes()
        .fold(true, |ok, b| ok & (0x20..0x7f).contains(&b))
}

/// Splits an absolute URL into its origin (`scheme://authority`) and the
/// request target (path and query, without any fragment, `/` when empty).
/// `None` when it is not absolute or the target holds a byte a request
/// line cannot carry (space, control, non-ASCII).
fn split_url(url: &str) -> Option<(&str, Cow<'_, str>)> {
    let colon = url.bytes().position(|b| b == b':')?;
    if !url[colon..].starts_with("://") {
        return None;
    }
    let after_scheme = colon + 3;
    let origin_end = url[after_scheme..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |at| after_scheme + at);
    let (origin, rest) = url.split_at(origin_end);
    let rest = rest.split('#').next().unwrap_or_default();
    // Without early exit, so that it compiles to a vector loop.
    let graphic = rest.bytes().fold(true, |ok, b| ok & b.is_ascii_graphic());
    if origin_end == after_scheme || !graphic {
        return None;
    }
    Some(match rest.as_bytes().first() {
        Some(b'/') => (origin, Cow::Borrowed(rest)),
        _ => (origin, Cow::Owned(format!("/{rest}"))),
    })
}

/// Writes the request's bytes into `out`: request line, Host, the plan's
/// headers with the token in Authorization, Content-Length and the body.
fn request_bytes(
    plan: &RequestPlan,
    route: &Route,
    path: &str,
    token: &str,
    out: &mut Vec<u8>,
) -> Result<(), Failure> {
    if !printable(token) {
        return Err(refused(
            "the access token holds characters a header cannot carry",
        ));
    }
    if !plan.method.bytes().all(|b| b.is_ascii_uppercase()) || plan.method.is_empty() {
        return Err(refused("bad method"));
    }
    let body = plan.body_text();
    out.reserve(600 + plan.url.len() + token.len() + body.as_ref().map_or(0, String::len));
    out.extend_from_slice(plan.method.as_bytes());
    out.push(b' ');
    if route.forward {
        out.extend_from_slice(route.origin.as_bytes());
    }
    out.extend_from_slice(path.as_bytes());
    out.extend_from_slice(b" HTTP/1.1\r\nHost: ");
    out.extend_from_slice(route.host_header.as_bytes());
    out.extend_from_slice(b"\r\n");
    for (name, value) in &plan.headers {
        if name.eq_ignore_ascii_case("Host") || name.eq_ignore_ascii_case("Content-Length") {
            continue;
        }
        if name.is_empty() || forbidden(name) || name.contains(':') || forbidden(value) {
            return Err(refused("a header name or value holds CR, LF, NUL or ':'"));
        }
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(b": ");
        if name == "Authorization" {
            out.extend_from_slice(b"Bearer ");
            out.extend_from_slice(token.as_bytes());
        } else {
            out.extend_from_slice(value.as_bytes());
        }
        out.extend_from_slice(b"\r\n");
    }
    if let Some(auth) = route.proxy_auth.as_deref().filter(|_| route.forward) {
        out.extend_from_slice(b"Proxy-Authorization: ");
        out.extend_from_slice(auth.as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    match &body {
        Some(body) => {
            // Writing into a Vec cannot fail.
            let _ = write!(out, "Content-Length: {}\r\n\r\n", body.len());
            out.extend_from_slice(body.as_bytes());
        }
        None => out.extend_from_slice(b"\r\n"),
    }
    Ok(())
}

fn write_request(conn: &mut Conn, request: &[u8], clock: &Clock) -> Result<(), ReadError> {
    clock.fit(conn.io.tcp(), &mut conn.set)?;
    conn.io.write_all(request)?;
    conn.io.flush()?;
    Ok(())
}

/// Asks the proxy on `sock` for a tunnel to `target`.
fn tunnel(
    sock: &mut Sock,
    buf: &mut Buffer,
    set: &mut Duration,
    target: &Target,
    proxy_auth: Option<&str>,
    clock: &Clock,
) -> Result<(), ReadError> {
    // `host` is as the URL writes it, an IPv6 literal in brackets.
    let authority = format!("{}:{}", target.host, target.port);
    let mut request = format!("CONNECT {authority} HTTP/1.1\r\nHost: {authority}\r\n");
    if let Some(auth) = proxy_auth {
        request.push_str("Proxy-Authorization: ");
        request.push_str(auth);
        request.push_str("\r\n");
    }
    request.push_str("\r\n");
    clock.fit(&sock.0, set)?;
    sock.write_all(request.as_bytes())?;
    let head = read_head(sock, buf, set, clock)?;
    if !(200..300).contains(&head.status) {
        let hint = if head.status == 407 {
            " (the proxy wants credentials: proxy.username and proxy.password)"
        } else {
            ""
        };
        return Err(ReadError::Malformed(format!(
            "it answered {}{hint}",
            head.status
        )));
    }
    if buf.len > head.len {
        return Err(ReadError::Malformed(
            "the proxy sent data before the tunnel opened".into(),
        ));
    }
    buf.consume(head.len);
    Ok(())
}

/// A parsed answer head.
struct Head {
    status: u16,
    /// HTTP/1.0 when 0.
    minor: u8,
    headers: Headers,
    /// Bytes of the buffer the head takes.
    len: usize,
}

/// Reads more of the answer into `buf`; `Ok(0)` at the end of the
/// connection.
fn fill(
    source: &mut impl Source,
    buf: &mut Buffer,
    set: &mut Duration,
    clock: &Clock,
) -> Result<usize, ReadError> {
    clock.fit(source.tcp(), set)?;
    loop {
        match buf.read_from(source) {
            Ok(n) => return Ok(n),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            // A peer that closes without TLS close_notify, or resets.
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::UnexpectedEof
                        | io::ErrorKind::ConnectionReset
                        | io::ErrorKind::ConnectionAborted
                        | io::ErrorKind::BrokenPipe
                ) =>
            {
                return Ok(0);
            }
            Err(e) => return Err(e.into()),
        }
    }
}

/// Reads the head of the next final answer (skipping interim 1xx ones).
fn read_head(
    source: &mut impl Source,
    buf: &mut Buffer,
    set: &mut Duration,
    clock: &Clock,
) -> Result<Head, ReadError> {
    let mut seen = false;
    loop {
        if buf.len > 0 {
            seen = true;
            let mut slots = [httparse::EMPTY_HEADER; MAX_HEADERS];
            let mut parsed = httparse::Response::new(&mut slots);
            match parsed.parse(buf.filled()) {
                Ok(httparse::Status::Complete(len)) => {
                    let status = parsed.code.unwrap_or(0);
                    if (100..200).contains(&status) {
                        if status == 101 {
                            return Err(ReadError::Malformed(
                                "the server switched protocols".into(),
                            ));
                        }
                        buf.consume(len);
                        continue;
                    }
                    let mut headers = Headers::with_capacity(parsed.headers.len(), len);
                    for h in parsed.headers.iter() {
                        match std::str::from_utf8(h.value) {
                            Ok(value) => headers.push(h.name, value),
                            Err(_) => headers.push(h.name, &String::from_utf8_lossy(h.value)),
                        }
                    }
                    return Ok(Head {
                        status,
                        minor: parsed.version.unwrap_or(1),
                        headers,
                        len,
                    });
                }
                Ok(httparse::Status::Partial) => {
                    if buf.len > MAX_HEAD {
                        return Err(ReadError::Malformed("the answer head is too long".into()));
                    }
                }
                Err(e) => return Err(ReadError::Malformed(e.to_string())),
            }
        }
        if fill(source, buf, set, clock)? == 0 {
            return Err(ReadError::Closed { partial: seen });
        }
    }
}

/// How the answer's body ends.
enum Framing {
    None,
    Length(usize),
    Chunked,
    Close,
}

fn framing(head: &Head, head_request: bool) -> Result<Framing, ReadError> {
    if head_request || head.status == 204 || head.status == 304 {
        return Ok(Framing::None);
    }
    let mut chunked = None;
    let mut length: Option<usize> = None;
    for (name, value) in head.headers.iter() {
        if name == "transfer-encoding" {
            let last = value.rsplit(',').next().unwrap_or("").trim();
            chunked = Some(last.eq_ignore_ascii_case("chunked"));
        } else if name == "content-length" {
            for part in value.split(',') {
                let n: usize = part
                    .trim()
                    .parse()
                    .map_err(|_| ReadError::Malformed("bad Content-Length".into()))?;
                if length.is_some_and(|l| l != n) {
                    return Err(ReadError::Malformed("conflicting Content-Length".into()));
                }
                length = Some(n);
            }
        }
    }
    Ok(match (chunked, length) {
        (Some(true), _) => Framing::Chunked,
        (Some(false), _) => Framing::Close,
        (None, Some(n)) => Framing::Length(n),
        (None, None) => Framing::Close,
    })
}

/// Reads one whole answer. The buffer is empty afterwards whenever the
/// connection may be kept.
fn read_answer(conn: &mut Conn, clock: &Clock, head_request: bool) -> Result<Read1, ReadError> {
    let Conn { io, buf, set, .. } = conn;
    let head = read_head(io, buf, set, clock)?;
    let mut keep = if head.minor == 0 {
        connection_has(&head, "keep-alive")
    } else {
        !connection_has(&head, "close")
    };
    buf.consume(head.len);
    let body = match framing(&head, head_request)? {
        Framing::None => Vec::new(),
        Framing::Length(n) => {
            while buf.len < n {
                if fill(io, buf, set, clock)? == 0 {
                    return Err(ReadError::Closed { partial: true });
                }
            }
            let body = buf.filled()[..n].to_vec();
            buf.consume(n);
            body
        }
        Framing::Chunked => {
            let mut body = Vec::new();
            let used = loop {
                match dechunk(buf.filled(), &mut body)? {
                    Some(used) => break used,
                    None => {
                        body.clear();
                        if fill(io, buf, set, clock)? == 0 {
                            return Err(ReadError::Closed { partial: true });
                        }
                    }
                }
            };
            buf.consume(used);
            body
        }
        Framing::Close => {
            keep = false;
            while fill(io, buf, set, clock)? > 0 {}
            let body = buf.filled().to_vec();
            buf.consume(buf.len);
            body
        }
    };
    // Bytes past the answer: the server is out of step; start afresh.
    if buf.len > 0 {
        keep = false;
    }
    let body = match String::from_utf8(body) {
        Ok(text) => text,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    };
    Ok(Read1 {
        answer: Answer {
            status: head.status,
            headers: head.headers,
            body,
        },
        keep,
    })
}

fn connection_has(head: &Head, token: &str) -> bool {
    head.headers.iter().any(|(n, v)| {
        n == "connection" && v.split(',').any(|t| t.trim().eq_ignore_ascii_case(token))
    })
}

/// Decodes a chunked body held whole in `buf` into `body`: the bytes used,
/// or `None` when more must be read first.
fn dechunk(buf: &[u8], body: &mut Vec<u8>) -> Result<Option<usize>, ReadError> {
    let mut at = 0;
    loop {
        let Some(line_end) = find_crlf(&buf[at..]) else {
            return Ok(None);
        };
        let line = &buf[at..at + line_end];
        let size_text = line.split(|&b| b == b';').next().unwrap_or(line);
        let size_text = std::str::from_utf8(size_text)
            .map_err(|_| ReadError::Malformed("bad chunk size".into()))?
            .trim();
        let size = usize::from_str_radix(size_text, 16)
            .map_err(|_| ReadError::Malformed("bad chunk size".into()))?;
        at += line_end + 2;
        if size == 0 {
            // Trailers, then an empty line.
            loop {
                let Some(end) = find_crlf(&buf[at..]) else {
                    return Ok(None);
                };
                at += end + 2;
                if end == 0 {
                    return Ok(Some(at));
                }
            }
        }
        let Some(chunk_end) = at.checked_add(size) else {
            return Err(ReadError::Malformed("bad chunk size".into()));
        };
        if buf.len() < chunk_end.saturating_add(2) {
            return Ok(None);
        }
        if &buf[chunk_end..chunk_end + 2] != b"\r\n" {
            return Err(ReadError::Malformed("a chunk does not end in CRLF".into()));
        }
        body.extend_from_slice(&buf[at..chunk_end]);
        at = chunk_end + 2;
    }
}

fn find_crlf(bytes: &[u8]) -> Option<usize> {
    bytes.windows(2).position(|w| w == b"\r\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;
    use std::sync::mpsc;

    fn config() -> Arc<WireConfig> {
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let tls = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_root_certificates(rustls::RootCertStore::empty())
            .with_no_client_auth();
        Arc::new(WireConfig {
            tls: Arc::new(tls),
            proxies: Matcher::builder().build(),
            proxy_auth: None,
            timeout: Duration::from_secs(5),
            connect_timeout: Duration::from_secs(5),
        })
    }

    fn plan(method: &'static str, url: &str, body: Option<serde_json::Value>) -> RequestPlan {
        let body = body.map(|b| match b {
            serde_json::Value::Object(map) => Arc::new(map),
            other => panic!("a test body must be an object, not {other}"),
        });
        RequestPlan {
            method,
            url: url.into(),
            headers: vec![
                ("Accept".into(), "application/json".into()),
                ("Authorization".into(), "Bearer <redacted>".into()),
                ("User-Agent".into(), "mgpolicy-test".into()),
            ],
            body,
        }
    }

    /// A server on loopback that, for each connection, reads one request
    /// head (and the body its Content-Length announces), sends it to the
    /// test, and writes the next of `answers`; `None` closes the connection
    /// without answering. After its answers it closes the connection.
    fn server(answers: Vec<Vec<Option<&'static [u8]>>>) -> (u16, mpsc::Receiver<Vec<u8>>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for per_conn in answers {
                let (mut s, _) = listener.accept().unwrap();
                for answer in per_conn {
                    let mut req = Vec::new();
                    let mut byte = [0u8; 1];
                    while !req.ends_with(b"\r\n\r\n") {
                        if s.read(&mut byte).unwrap_or(0) == 0 {
                            return;
                        }
                        req.push(byte[0]);
                    }
                    let text = String::from_utf8_lossy(&req).to_ascii_lowercase();
                    if let Some(len) = text
                        .lines()
                        .find_map(|l| l.strip_prefix("content-length: "))
                        .and_then(|v| v.trim().parse::<usize>().ok())
                    {
                        let mut body = vec![0u8; len];
                        s.read_exact(&mut body).unwrap();
                        req.extend_from_slice(&body);
                    }
                    tx.send(req).unwrap();
                    match answer {
                        Some(bytes) => s.write_all(bytes).unwrap(),
                        None => break,
                    }
                }
            }
        });
        (port, rx)
    }

    #[test]
    fn sends_the_plan_and_reads_a_length_framed_answer() {
        let (port, rx) = server(vec![vec![Some(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 9\r\n\r\n{\"a\":\"b\"}",
        )]]);
        let wire = Wire::new(config());
        let url = format!("http://127.0.0.1:{port}/v1.0/policies?$select=x");
        let answer = wire
            .send(&plan("GET", &url, None), "tok.en")
            .unwrap()
            .ok()
            .unwrap();
        assert_eq!(answer.status, 200);
        assert_eq!(answer.body, "{\"a\":\"b\"}");
        assert!(answer.headers.contains("content-type", "application/json"));
        let req = String::from_utf8(rx.recv().unwrap()).unwrap();
        assert!(
            req.starts_with("GET /v1.0/policies?$select=x HTTP/1.1\r\n"),
            "{req}"
        );
        assert!(
            req.contains(&format!("\r\nHost: 127.0.0.1:{port}\r\n")),
            "{req}"
        );
        assert!(
            req.contains("\r\nAuthorization: Bearer tok.en\r\n"),
            "{req}"
        );
        assert!(!req.contains("redacted"), "{req}");
        assert!(
            !req.to_ascii_lowercase().contains("content-length"),
            "{req}"
        );
    }

    #[test]
    fn chunked_answers_and_interim_answers_are_read_and_the_connection_kept() {
        let (port, rx) = server(vec![vec![
            Some(b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\n{\"a\"\r\n5\r\n:\"bc\"\r\n1\r\n}\r\n0\r\nX-Trailer: 1\r\n\r\n"),
            Some(b"HTTP/1.1 204 No Content\r\n\r\n"),
        ]]);
        let wire = Wire::new(config());
        let url = format!("http://127.0.0.1:{port}/x");
        let body = serde_json::json!({"k": "v"});
        let first = wire
            .send(&plan("PUT", &url, Some(body)), "t")
            .unwrap()
            .ok()
            .unwrap();
        assert_eq!((first.status, first.body.as_str()), (201, "{\"a\":\"bc\"}"));
        let req = String::from_utf8(rx.recv().unwrap()).unwrap();
        assert!(
            req.ends_with("Content-Length: 9\r\n\r\n{\"k\":\"v\"}"),
            "{req}"
        );
        // The second request goes on the same connection: the server
        // accepts only one.
        let second = wire
            .send(&plan("DELETE", &url, None), "t")
            .unwrap()
            .ok()
            .unwrap();
        assert_eq!((second.status, second.body.as_str()), (204, ""));
        assert!(rx.recv().unwrap().starts_with(b"DELETE /x HTTP/1.1\r\n"));
    }

    #[test]
    fn a_reused_connection_closed_by_the_server_is_replaced_once() {
        // First connection: one answer, then it is closed on the next
        // request without an answer; the second connection answers.
        let (port, rx) = server(vec![
            vec![Some(b"HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n1"), None],
            vec![Some(b"HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n2")],
        ]);
        let wire = Wire::new(config());
        let url = format!("http://127.0.0.1:{port}/x");
        let p = plan("GET", &url, None);
        assert_eq!(wire.send(&p, "t").unwrap().ok().unwrap().body, "1");
        assert_eq!(wire.send(&p, "t").unwrap().ok().unwrap().body, "2");
        assert_eq!(rx.try_iter().count(), 3);
    }

    #[test]
    fn a_fresh_connection_closed_without_an_answer_is_a_retryable_failure() {
        let (port, _rx) = server(vec![vec![None]]);
        let wire = Wire::new(config());
        let url = format!("http://127.0.0.1:{port}/x");
        let failure = match wire.send(&plan("PUT", &url, None), "t").unwrap() {
            Err(f) => f,
            Ok(a) => panic!("answered {}", a.status),
        };
        assert_eq!(failure.error.status, mgp_status::Transport);
        assert!(failure.maybe_sent && failure.retryable);
        assert!(failure.error.message.contains("without answering"));
    }

    #[test]
    fn an_answer_cut_short_and_a_malformed_answer_are_transport_errors() {
        let (port, _rx) = server(vec![
            vec![Some(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n12345")],
            vec![Some(b"HTTP/1.1 2x0 OK\r\n\r\n")],
        ]);
        let wire = Wire::new(config());
        let url = format!("http://127.0.0.1:{port}/x");
        let p = plan("GET", &url, None);
        let cut = wire.send(&p, "t").unwrap().err().unwrap();
        assert!(cut.error.message.contains("before the answer was complete"));
        let bad = wire.send(&p, "t").unwrap().err().unwrap();
        assert_eq!(bad.error.status, mgp_status::Transport);
        assert!(
            bad.error.message.contains("not valid HTTP/1.1"),
            "{}",
            bad.error.message
        );
    }

    #[test]
    fn an_answer_that_never_comes_times_out() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let hold = std::thread::spawn(move || {
            let (s, _) = listener.accept().unwrap();
            std::thread::sleep(Duration::from_millis(600));
            drop(s);
        });
        let mut c = WireConfig::clone_for_test(&config());
        c.timeout = Duration::from_millis(200);
        let wire = Wire::new(Arc::new(c));
        let url = format!("http://127.0.0.1:{port}/x");
        let started = Instant::now();
        let failure = wire
            .send(&plan("GET", &url, None), "t")
            .unwrap()
            .err()
            .unwrap();
        assert_eq!(failure.error.status, mgp_status::Timeout);
        assert!(failure.error.message.contains("timed out"));
        assert!(started.elapsed() < Duration::from_millis(550));
        hold.join().unwrap();
    }

    #[test]
    fn header_injection_and_bad_tokens_are_refused_before_connecting() {
        let wire = Wire::new(config());
        // Port 9 on loopback: nothing listens, so reaching it would fail
        // differently.
        let mut p = plan("GET", "http://127.0.0.1:9/x", None);
        let f = wire.send(&p, "a\r\nX-Evil: 1").unwrap().err().unwrap();
        assert_eq!(f.error.status, mgp_status::InvalidArgument);
        assert!(!f.maybe_sent);
        assert!(!f.error.message.contains("Evil"));
        p.headers.push(("X-Custom".into(), "v\r\nX-Evil: 1".into()));
        let f = wire.send(&p, "token").unwrap().err().unwrap();
        assert_eq!(f.error.status, mgp_status::InvalidArgument);
        // A URL a request line cannot carry.
        let f = wire
            .send(&plan("GET", "http://127.0.0.1:9/a b", None), "token")
            .unwrap()
            .err()
            .unwrap();
        assert_eq!(f.error.status, mgp_status::InvalidArgument);
        assert!(!f.maybe_sent);
        assert!(f.error.message.contains("not valid"), "{}", f.error.message);
    }

    #[test]
    fn redirects_and_https_proxies_are_left_to_reqwest() {
        let (port, _rx) = server(vec![vec![Some(
            b"HTTP/1.1 307 Temporary Redirect\r\nLocation: /y\r\nContent-Length: 0\r\n\r\n",
        )]]);
        let wire = Wire::new(config());
        let url = format!("http://127.0.0.1:{port}/x");
        assert!(wire.send(&plan("GET", &url, None), "t").is_none());
        let mut c = WireConfig::clone_for_test(&config());
        c.proxies = Matcher::builder().all("https://proxy.invalid:3129").build();
        let wire = Wire::new(Arc::new(c));
        assert!(wire.send(&plan("GET", &url, None), "t").is_none());
    }

    #[test]
    fn urls_split_into_origin_and_request_target() {
        let split = |url: &'static str| split_url(url).map(|(o, t)| (o, t.into_owned()));
        let ok = |o: &'static str, t: &str| Some((o, t.to_string()));
        assert_eq!(split("http://h:1/a/b?c=d"), ok("http://h:1", "/a/b?c=d"));
        assert_eq!(split("https://h"), ok("https://h", "/"));
        assert_eq!(split("http://h?x=1"), ok("http://h", "/?x=1"));
        assert_eq!(split("http://[::1]:8/a#frag"), ok("http://[::1]:8", "/a"));
        assert_eq!(split("http://h#frag"), ok("http://h", "/"));
        for bad in [
            "http://h/a b",
            "http://h/a\r\nX: y",
            "http://h/\u{e9}",
            "http:///a",
            "h/a",
            "mailto:someone",
            "",
        ] {
            assert_eq!(split(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn calls_to_another_origin_get_their_own_host_and_connection() {
        const OK: &[u8] = b"HTTP/1.1 204 No Content\r\n\r\n";
        let (a, rx_a) = server(vec![vec![Some(OK)], vec![Some(OK)]]);
        let (b, rx_b) = server(vec![vec![Some(OK)]]);
        let wire = Wire::new(config());
        for port in [a, b, a] {
            let url = format!("http://127.0.0.1:{port}/v1.0/x");
            let answer = wire
                .send(&plan("DELETE", &url, None), "t")
                .unwrap()
                .ok()
                .unwrap();
            assert_eq!(answer.status, 204);
        }
        for (rx, port, count) in [(&rx_a, a, 2), (&rx_b, b, 1)] {
            for _ in 0..count {
                let req = String::from_utf8(rx.recv().unwrap()).unwrap();
                assert!(req.starts_with("DELETE /v1.0/x HTTP/1.1\r\n"), "{req}");
                assert!(
                    req.contains(&format!("\r\nHost: 127.0.0.1:{port}\r\n")),
                    "{req}"
                );
            }
        }
    }

    #[test]
    fn dechunk_waits_for_whole_chunks() {
        let whole = b"3\r\nabc\r\n0\r\n\r\nrest";
        let mut body = Vec::new();
        assert_eq!(dechunk(whole, &mut body).unwrap(), Some(whole.len() - 4));
        assert_eq!(body, b"abc");
        for cut in 0..whole.len() - 4 {
            let mut body = Vec::new();
            assert_eq!(
                dechunk(&whole[..cut], &mut body).unwrap(),
                None,
                "cut {cut}"
            );
        }
        assert!(dechunk(b"zz\r\n", &mut Vec::new()).is_err());
        assert!(dechunk(b"3\r\nabcX\r\n", &mut Vec::new()).is_err());
        assert!(dechunk(b"ffffffffffffffff\r\n", &mut Vec::new()).is_err());
        assert_eq!(dechunk(b"ffff\r\nab", &mut Vec::new()).unwrap(), None);
    }

    impl WireConfig {
        fn clone_for_test(c: &WireConfig) -> WireConfig {
            WireConfig {
                tls: Arc::clone(&c.tls),
                proxies: Matcher::builder().build(),
                proxy_auth: c.proxy_auth.clone(),
                timeout: c.timeout,
                connect_timeout: c.connect_timeout,
            }
        }
    }
}
