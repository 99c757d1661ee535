//! The client: configuration, HTTP, tokens and the retry loop that turns a
//! prepared call into a [`Response`].
//!
//! Calls are blocking for foreign callers, and run on the calling thread:
//! each thread that calls keeps, per library client, one kept-alive
//! connection that the small blocking HTTP/1.1 client in [`crate::wire`]
//! sends through, plus a single-threaded runtime and a reqwest client for
//! what that client leaves to reqwest (https proxies, redirects). A call
//! therefore never waits for another thread to be scheduled, which is most
//! of what a call costs on a fast network. Token requests are the exception:
//! they run on one small runtime shared by the process (see [`runtime`]),
//! because a token and its connection are shared by every thread.

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock, Weak};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant, SystemTime};

use serde_json::{Map, Value};

use crate::auth::{AccessToken, TokenProvider};
use crate::config::{ClientConfig, Cloud};
use crate::error::{Error, Result, mgp_status};
use crate::headers::Headers;
use crate::model;
use crate::operations::{Operation, Reply};
use crate::request::{CallArgs, Prepared, RequestPlan};
use crate::response::{GraphError, Response, reason};
use crate::retry::{RetryPolicy, is_retryable_status, parse_retry_after};
use crate::transport::{self, Answer, Failure, Http};
use crate::wire::Wire;

/// The runtime for token requests (and `authenticate`): two I/O workers,
/// created on first use, shared by every client in the process.
pub fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("mgpolicy-io")
            .on_thread_start(crate::ffi::signals::block_sigpipe_on_this_thread)
            .enable_all()
            .build()
            .unwrap_or_else(|e| panic!("cannot start the I/O runtime: {e}"))
    })
}

/// A new client-request-id: a random (version 4) UUID. It only correlates
/// a request with the service's logs, so it comes from the thread's fast
/// generator rather than the operating system's.
fn new_request_id() -> String {
    uuid::Builder::from_random_bytes(fastrand::u128(..).to_le_bytes())
        .into_uuid()
        .to_string()
}

/// What one calling thread keeps: its runtime and, per live library client,
/// what it calls through from this thread. Fields drop in order, so the
/// HTTP clients go before the runtime their connections run on.
struct Local {
    clients: Vec<ThreadClient>,
    runtime: tokio::runtime::Runtime,
}

/// One library client's connections on one calling thread: the blocking
/// connection Graph calls go through, and a reqwest client for what the
/// blocking client leaves to reqwest (see [`crate::wire`]).
struct ThreadClient {
    id: u64,
    alive: Weak<()>,
    wire: Wire,
    http: reqwest::Client,
}

thread_local! {
    static LOCAL: RefCell<Option<Local>> = const { RefCell::new(None) };
}

/// How a call begins: see [`Client::start`]. The request to send is the
/// response's `request`.
enum Start {
    Send(Response),
    Done(Response),
}

/// A configured connection to Microsoft Graph. Thread-safe: share it freely.
pub struct Client {
    /// Tells this client's per-thread HTTP clients apart; `alive` lets a
    /// thread drop the HTTP clients of library clients freed since.
    id: u64,
    alive: Arc<()>,
    cloud: Cloud,
    /// For token requests and for [`Client::execute`].
    http: reqwest::Client,
    http_settings: transport::HttpSettings,
    tokens: Option<Arc<TokenProvider>>,
    retry: RetryPolicy,
    /// Upper bound for obtaining one token, retries included.
    token_deadline: Duration,
    user_agent: String,
    panic_in_call: bool,
}

impl Client {
    /// Builds a client from its JSON configuration. No request is sent.
    pub fn from_json(config: &str) -> Result<Self> {
        Self::new(ClientConfig::from_json(config)?)
    }

    pub fn new(config: ClientConfig) -> Result<Self> {
        let cloud = config.cloud()?;
        static NEXT_ID: AtomicU64 = AtomicU64::new(1);
        let _guard = runtime().enter();
        let http_settings = transport::HttpSettings::from_config(&config)?;
        let http = http_settings.build()?;
        let retry = RetryPolicy::from(&config.retry);
        let tokens = match &config.credential {
            Some(c) => Some(Arc::new(TokenProvider::new(
                c,
                &cloud.authority_url,
                &cloud.graph_url,
                http.clone(),
                &retry,
            )?)),
            None => None,
        };
        let token_deadline =
            retry.max_total + Duration::from_millis(config.timeout_ms.unwrap_or(100_000));
        Ok(Self {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            alive: Arc::new(()),
            cloud,
            http,
            http_settings,
            tokens,
            token_deadline,
            retry,
            user_agent: config
                .user_agent
                .clone()
                .unwrap_or_else(transport::default_user_agent),
            panic_in_call: config.diagnostics.panic_in_call,
        })
    }

    /// The cloud this client talks to.
    pub fn cloud(&self) -> &Cloud {
        &self.cloud
    }

    /// Obtains an access token now (from the cache while it is fresh), so
    /// that configuration and credential problems show up before the first
    /// operation. Sends nothing to Graph.
    pub fn authenticate(&self) -> Result<()> {
        let Some(tokens) = &self.tokens else {
            return Err(Error::new(
                mgp_status::Unauthorized,
                "the client has no credential; only what-if calls are possible",
            ));
        };
        refuse_inside_async_runtime()?;
        runtime().block_on(self.token(tokens)).map(|_| ())
    }

    /// A valid token: the cached one without any I/O while it is fresh,
    /// otherwise obtained on the shared runtime (its HTTP connections must not
    /// live on a calling thread's runtime, which runs only while that thread
    /// is in a call), within the token deadline.
    async fn token(&self, tokens: &Arc<TokenProvider>) -> Result<AccessToken> {
        if let Some(token) = tokens.cached() {
            return Ok(token);
        }
        let provider = Arc::clone(tokens);
        let task = runtime().spawn(async move { provider.token().await });
        let abort = task.abort_handle();
        match tokio::time::timeout(self.token_deadline, task).await {
            Ok(Ok(outcome)) => outcome,
            Ok(Err(_)) => Err(Error::new(
                mgp_status::Panic,
                "obtaining an access token failed unexpectedly",
            )),
            Err(_) => {
                abort.abort();
                Err(Error::new(
                    mgp_status::Timeout,
                    format!("no access token within {} s", self.token_deadline.as_secs()),
                ))
            }
        }
    }

    /// Runs one operation to completion, blocking the calling thread.
    /// `Err` means the call was refused before anything was sent (bad
    /// arguments, or a call from inside an async runtime); every call that
    /// reached the network gives a `Response`, whose `status` says whether
    /// it succeeded.
    pub fn call(&self, op: &'static Operation, args: CallArgs) -> Result<Response> {
        if self.panic_in_call {
            panic!("diagnostics.panic_in_call is set");
        }
        let prepared = Prepared::new(op, args)?;
        let response = match self.start(&prepared) {
            // What-if, or nothing to send with: no I/O, so no runtime either.
            Start::Done(response) => return Ok(response),
            Start::Send(response) => response,
        };
        refuse_inside_async_runtime()?;
        let mut pending = Some((prepared, response));
        let sent = self.on_this_thread(|runtime, http| {
            let (prepared, response) = pending.take()?;
            Some(drive(runtime, self.run(http, prepared, response)))
        });
        match (sent.flatten(), pending) {
            (Some(response), _) => Ok(response),
            // The thread is exiting, or its runtime or HTTP client could not
            // be made: run the call on the shared runtime instead.
            (None, Some((prepared, response))) => {
                // reqwest may write on this thread: see transport::send.
                let _shield = crate::ffi::signals::SigpipeShield::new();
                Ok(runtime().block_on(self.run(Http::Shared(&self.http), prepared, response)))
            }
            (None, None) => Err(Error::new(
                mgp_status::Panic,
                "the call's runtime stopped unexpectedly",
            )),
        }
    }

    /// Runs `f` with the calling thread's runtime and this client's
    /// connections for the thread, making them on first use (and dropping
    /// the thread's connections of library clients freed since). `None`,
    /// without calling `f`, when the thread is exiting or they cannot be
    /// made.
    fn on_this_thread<R>(
        &self,
        f: impl FnOnce(&tokio::runtime::Runtime, Http<'_>) -> R,
    ) -> Option<R> {
        LOCAL
            .try_with(|local| {
                let mut local = local.try_borrow_mut().ok()?;
                if local.is_none() {
                    let runtime = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .ok()?;
                    *local = Some(Local {
                        clients: Vec::new(),
                        runtime,
                    });
                }
                let local = local.as_mut()?;
                local.clients.retain(|c| c.alive.strong_count() > 0);
                let at = match local.clients.iter().position(|c| c.id == self.id) {
                    Some(at) => at,
                    None => {
                        local.clients.push(ThreadClient {
                            id: self.id,
                            alive: Arc::downgrade(&self.alive),
                            wire: self.http_settings.wire(),
                            http: self.http_settings.build().ok()?,
                        });
                        local.clients.len() - 1
                    }
                };
                let mine = &local.clients[at];
                Some(f(&local.runtime, Http::Thread(&mine.wire, &mine.http)))
            })
            .ok()
            .flatten()
    }

    /// The async form of [`Client::call`] for Rust callers on a
    /// multi-threaded tokio runtime; uses the client's shared HTTP client.
    pub async fn execute(&self, prepared: Prepared) -> Response {
        match self.start(&prepared) {
            Start::Done(response) => response,
            Start::Send(response) => self.run(Http::Shared(&self.http), prepared, response).await,
        }
    }

    /// The request `prepared` becomes and the response it starts from, or
    /// the final response of a call that sends nothing (what-if, or a client
    /// without a credential).
    fn start(&self, prepared: &Prepared) -> Start {
        let client_request_id = prepared
            .chosen_client_request_id()
            .unwrap_or_else(new_request_id);
        let plan = prepared.plan(&self.cloud.graph_url, &self.user_agent, client_request_id);
        let response = Response {
            status: mgp_status::Ok,
            operation: prepared.op,
            request: plan,
            sent: false,
            http_status: 0,
            headers: Headers::new(),
            body: None,
            error: None,
            message: String::new(),
            attempts: 0,
            reconciled: false,
        };
        if prepared.options.what_if {
            return Start::Done(response);
        }
        if self.tokens.is_none() {
            let error = Error::new(
                mgp_status::Unauthorized,
                "the client has no credential; only what-if calls are possible",
            );
            return Start::Done(fail(response, error));
        }
        Start::Send(response)
    }

    /// Sends a started call (see [`Client::start`]) and reads its answer.
    async fn run(&self, http: Http<'_>, prepared: Prepared, mut response: Response) -> Response {
        let Some(tokens) = &self.tokens else {
            return response;
        };
        let mut maybe_applied = false;
        // The request stays in the response; it is lent out while sending.
        let plan = std::mem::take(&mut response.request);
        let outcome = self
            .send_with_retries(http, tokens, &plan, &mut response, &mut maybe_applied)
            .await;
        response.request = plan;
        let answer = match outcome {
            Ok(answer) => answer,
            Err(error) => return fail(response, error),
        };
        if answer.status == 409 && prepared.op.create && maybe_applied {
            return self
                .reconcile(http, tokens, &prepared, response, answer)
                .await;
        }
        self.finish(http, tokens, &prepared, response, answer).await
    }

    /// Sends `plan` until it gets a final answer, honouring the retry policy.
    /// `response` counts the attempts; `maybe_applied` is set when an attempt
    /// may have reached the server without its answer reaching us.
    async fn send_with_retries(
        &self,
        http: Http<'_>,
        tokens: &Arc<TokenProvider>,
        plan: &RequestPlan,
        response: &mut Response,
        maybe_applied: &mut bool,
    ) -> Result<Answer> {
        let started = Instant::now();
        let mut retries = 0u32;
        let mut refreshed = false;
        loop {
            let token = self.token(tokens).await?;
            response.attempts += 1;
            response.sent = true;
            let outcome = transport::send(http, plan, token.as_str()).await;
            let (delay_hint, failure) = match outcome {
                Ok(answer) if answer.status == 401 && tokens.can_refresh() && !refreshed => {
                    refreshed = true;
                    tokens.invalidate()?;
                    continue;
                }
                Ok(answer) if is_retryable_status(answer.status) => {
                    let hint = answer
                        .headers
                        .get("retry-after")
                        .and_then(|v| parse_retry_after(v, SystemTime::now()));
                    (hint, Err(answer))
                }
                Ok(answer) => return Ok(answer),
                Err(Failure {
                    error,
                    maybe_sent,
                    retryable,
                    ..
                }) => {
                    *maybe_applied |= maybe_sent;
                    if !retryable {
                        return Err(error);
                    }
                    (None, Ok(error))
                }
            };
            retries += 1;
            let delay = self.retry.delay(retries, delay_hint);
            if !self.retry.allows(retries, started.elapsed(), delay) {
                return match failure {
                    Err(answer) => Ok(answer),
                    Ok(error) => Err(error),
                };
            }
            tokio::time::sleep(delay).await;
        }
    }

    /// Turns a final answer into the response, following pages for lists.
    async fn finish(
        &self,
        http: Http<'_>,
        tokens: &Arc<TokenProvider>,
        prepared: &Prepared,
        response: Response,
        answer: Answer,
    ) -> Response {
        let collection =
            prepared.op.reply == Reply::Collection && (200..300).contains(&answer.status);
        let mut response = absorb(response, answer);
        if collection
            && let Err(error) = self
                .follow_pages(http, tokens, prepared, &mut response)
                .await
        {
            return fail(response, error);
        }
        response
    }

    /// A create whose first response was lost met 409 on retry: read the
    /// policy back; identical content means our create landed.
    async fn reconcile(
        &self,
        http: Http<'_>,
        tokens: &Arc<TokenProvider>,
        prepared: &Prepared,
        response: Response,
        conflict: Answer,
    ) -> Response {
        let desired = prepared.body.clone().unwrap_or_default();
        let mut read = prepared.clone();
        read.body = None;
        read.options.if_match = None;
        let Some(get_op) = prepared.op.read_back() else {
            return self
                .finish(http, tokens, prepared, response, conflict)
                .await;
        };
        read.op = get_op;
        let plan = read.plan(&self.cloud.graph_url, &self.user_agent, new_request_id());
        let mut probe = response.clone();
        let current = self
            .send_with_retries(http, tokens, &plan, &mut probe, &mut false)
            .await;
        let same = match &current {
            Ok(a) if a.status == 200 => serde_json::from_str::<Value>(&a.body)
                .map(|v| model::same_content(&desired, &v, prepared.op.resource.schema))
                .unwrap_or(false),
            _ => false,
        };
        let mut out = self
            .finish(http, tokens, prepared, response, conflict)
            .await;
        out.attempts = probe.attempts;
        if same {
            out.status = mgp_status::Ok;
            out.http_status = 204;
            out.body = None;
            out.error = None;
            out.message = String::new();
            out.reconciled = true;
        }
        out
    }

    async fn follow_pages(
        &self,
        http: Http<'_>,
        tokens: &Arc<TokenProvider>,
        prepared: &Prepared,
        response: &mut Response,
    ) -> Result<()> {
        let options = &prepared.options;
        let limit = if options.all { None } else { options.top };
        let Some(Value::Object(first)) = response.body.take() else {
            return Err(Error::new(
                mgp_status::ServiceError,
                "the list answer is not a JSON object",
            ));
        };
        let mut merged = Map::new();
        let mut items: Vec<Value> = Vec::new();
        let mut next = take_page(first, &mut merged, &mut items)?;
        while let Some(link) = next {
            let wanted = options.all || limit.is_some_and(|l| (items.len() as u64) < l);
            if !wanted {
                break;
            }
            if !link.starts_with(&format!("{}/", self.cloud.graph_url)) {
                return Err(Error::new(
                    mgp_status::ServiceError,
                    "@odata.nextLink points outside the Graph endpoint; not followed",
                ));
            }
            let mut plan = response.request.clone();
            plan.url = link;
            let answer = self
                .send_with_retries(http, tokens, &plan, response, &mut false)
                .await?;
            if !(200..300).contains(&answer.status) {
                *response = absorb(response.clone(), answer);
                return Ok(());
            }
            let page: Value = serde_json::from_str(&answer.body)
                .map_err(|_| Error::new(mgp_status::ServiceError, "a list page is not JSON"))?;
            let Value::Object(page) = page else {
                return Err(Error::new(
                    mgp_status::ServiceError,
                    "a list page is not a JSON object",
                ));
            };
            response.headers = answer.headers;
            next = take_page(page, &mut Map::new(), &mut items)?;
        }
        if let Some(l) = limit {
            items.truncate(l as usize);
        }
        merged.insert("value".to_string(), Value::Array(items));
        response.body = Some(Value::Object(merged));
        Ok(())
    }
}

/// Runs a call's future on the calling thread's runtime. The blocking
/// client does its I/O inline and a cached token is at hand, so most calls
/// finish in one poll: that poll runs in the runtime's context without
/// `block_on`'s set-up. A call that must wait (a retry delay, a token
/// request, a request reqwest sends) goes on in `block_on`, which polls
/// the same future again with a waker that works.
fn drive<F: Future>(runtime: &tokio::runtime::Runtime, future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    {
        let _context = runtime.enter();
        let mut cx = Context::from_waker(Waker::noop());
        if let Poll::Ready(out) = future.as_mut().poll(&mut cx) {
            return out;
        }
    }
    runtime.block_on(future)
}

/// Blocking calls wait with `block_on`, which tokio forbids (by panicking)
/// on a thread that is already running an async runtime.
fn refuse_inside_async_runtime() -> Result<()> {
    if tokio::runtime::Handle::try_current().is_ok() {
        return Err(Error::invalid(
            "a blocking call cannot run inside an async runtime (Rust callers there use Client::execute)",
        ));
    }
    Ok(())
}

fn take_page(
    mut page: Map<String, Value>,
    merged: &mut Map<String, Value>,
    items: &mut Vec<Value>,
) -> Result<Option<String>> {
    match page.remove("value") {
        Some(Value::Array(values)) => items.extend(values),
        _ => {
            return Err(Error::new(
                mgp_status::ServiceError,
                "a list page has no value array",
            ));
        }
    }
    let next = page
        .remove("@odata.nextLink")
        .and_then(|v| v.as_str().map(str::to_string));
    for (k, v) in page {
        merged.entry(k).or_insert(v);
    }
    Ok(next)
}

/// Records an HTTP answer in the response, with status and error.
fn absorb(mut response: Response, answer: Answer) -> Response {
    response.http_status = answer.status;
    response.headers = answer.headers;
    response.body = if answer.body.trim().is_empty() {
        None
    } else {
        Some(serde_json::from_str(&answer.body).unwrap_or(Value::String(answer.body.clone())))
    };
    response.status = mgp_status::from_http(answer.status);
    if response.status != mgp_status::Ok {
        response.error = response.body.as_ref().and_then(GraphError::parse);
        let (code, message) = match &response.error {
            Some(e) => (e.code.clone(), e.message.clone()),
            None => (String::new(), answer.body.chars().take(200).collect()),
        };
        let rid = response
            .request_id()
            .map(|r| format!(", request-id {r}"))
            .unwrap_or_default();
        response.message = format!(
            "{}{}{message} (HTTP {} {}{rid}) [{} {}]",
            code,
            if code.is_empty() { "" } else { ": " },
            answer.status,
            reason(answer.status),
            response.request.method,
            response.request.url,
        );
    }
    response
}

fn fail(mut response: Response, error: Error) -> Response {
    response.status = error.status;
    response.message = error.message;
    response
}

/// `mgp_client` is documented as shareable across threads; keep it so.
const _: () = {
    const fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Client>();
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::CallOptions;

    fn get_args(what_if: bool) -> CallArgs {
        CallArgs {
            id: Some("11111111-2222-3333-4444-555555555555".to_string()),
            identity: None,
            body: None,
            fields: None,
            options: CallOptions {
                what_if,
                ..Default::default()
            },
        }
    }

    fn get_op() -> &'static Operation {
        Operation::find(
            "Get-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization",
            Some("Get"),
        )
        .expect("the Get row")
    }

    #[test]
    fn a_blocking_call_inside_an_async_runtime_is_refused_not_a_panic() {
        let config = r#"{"graph_url":"http://127.0.0.1:9","credential":{"type":"access_token","token":"t"}}"#;
        let client = Client::from_json(config).unwrap();
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let outcome = rt.block_on(async { client.call(get_op(), get_args(false)) });
        let Err(error) = outcome else {
            panic!("a blocking call inside a runtime was not refused");
        };
        assert_eq!(error.status, mgp_status::InvalidArgument);
        assert!(error.message.contains("async runtime"), "{}", error.message);
        // What-if needs no I/O, so it works anywhere.
        let planned = rt
            .block_on(async { client.call(get_op(), get_args(true)) })
            .unwrap();
        assert_eq!(planned.status, mgp_status::Ok);
        assert!(!planned.sent);
        assert_eq!(planned.request.method, "GET");
    }
}
