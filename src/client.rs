//! The client: configuration, HTTP, tokens and the retry loop that turns a
//! prepared call into a [`Response`]. Calls are blocking for foreign callers;
//! they run on one runtime shared by every client in the process.

use std::sync::OnceLock;
use std::time::{Duration, Instant, SystemTime};

use serde_json::{Map, Value};

use crate::auth::TokenProvider;
use crate::config::{ClientConfig, Cloud};
use crate::error::{Error, Result, mgp_status};
use crate::model;
use crate::operations::{Operation, Reply};
use crate::request::{CallArgs, Prepared, RequestPlan};
use crate::response::{GraphError, Response, reason};
use crate::retry::{RetryPolicy, is_retryable_status, parse_retry_after};
use crate::transport::{self, Answer, Failure};

/// The runtime every client shares: two I/O workers, created on first use.
pub fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("mgpolicy-io")
            .enable_all()
            .build()
            .unwrap_or_else(|e| panic!("cannot start the I/O runtime: {e}"))
    })
}

/// A configured connection to Microsoft Graph. Thread-safe: share it freely.
pub struct Client {
    cloud: Cloud,
    http: reqwest::Client,
    tokens: Option<TokenProvider>,
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
        let _guard = runtime().enter();
        let http = transport::build_http(&config)?;
        let retry = RetryPolicy::from(&config.retry);
        let tokens = match &config.credential {
            Some(c) => Some(TokenProvider::new(
                c,
                &cloud.authority_url,
                &cloud.graph_url,
                http.clone(),
                &retry,
            )?),
            None => None,
        };
        let token_deadline =
            retry.max_total + Duration::from_millis(config.timeout_ms.unwrap_or(100_000));
        Ok(Self {
            cloud,
            http,
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
        runtime().block_on(self.token(tokens)).map(|_| ())
    }

    async fn token(&self, tokens: &TokenProvider) -> Result<String> {
        tokio::time::timeout(self.token_deadline, tokens.token())
            .await
            .map_err(|_| {
                Error::new(
                    mgp_status::Timeout,
                    format!("no access token within {} s", self.token_deadline.as_secs()),
                )
            })?
    }

    /// Runs one operation to completion, blocking the calling thread.
    /// `Err` means the call was refused before anything was sent (bad
    /// arguments); every call that reached the network gives a `Response`,
    /// whose `status` says whether it succeeded.
    pub fn call(&self, op: &'static Operation, args: CallArgs) -> Result<Response> {
        if self.panic_in_call {
            panic!("diagnostics.panic_in_call is set");
        }
        let prepared = Prepared::new(op, args)?;
        Ok(runtime().block_on(self.execute(prepared)))
    }

    /// The async form of [`Client::call`] for Rust callers on a runtime.
    pub async fn execute(&self, prepared: Prepared) -> Response {
        let client_request_id = prepared
            .chosen_client_request_id()
            .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
        let plan = prepared.plan(&self.cloud.graph_url, &self.user_agent, &client_request_id);
        let mut response = Response {
            status: mgp_status::Ok,
            operation: prepared.op,
            request: plan.clone(),
            sent: false,
            http_status: 0,
            headers: Vec::new(),
            body: None,
            error: None,
            message: String::new(),
            attempts: 0,
            reconciled: false,
        };
        if prepared.options.what_if {
            return response;
        }
        let Some(tokens) = &self.tokens else {
            return fail(
                response,
                Error::new(
                    mgp_status::Unauthorized,
                    "the client has no credential; only what-if calls are possible",
                ),
            );
        };
        let mut maybe_applied = false;
        let outcome = self
            .send_with_retries(tokens, &plan, &mut response, &mut maybe_applied)
            .await;
        let answer = match outcome {
            Ok(answer) => answer,
            Err(error) => return fail(response, error),
        };
        if answer.status == 409 && prepared.op.create && maybe_applied {
            return self.reconcile(tokens, &prepared, response, answer).await;
        }
        self.finish(tokens, &prepared, response, answer).await
    }

    /// Sends `plan` until it gets a final answer, honouring the retry policy.
    /// `response` counts the attempts; `maybe_applied` is set when an attempt
    /// may have reached the server without its answer reaching us.
    async fn send_with_retries(
        &self,
        tokens: &TokenProvider,
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
            let outcome = transport::send(&self.http, plan, &token).await;
            let (delay_hint, failure) = match outcome {
                Ok(answer) if answer.status == 401 && tokens.can_refresh() && !refreshed => {
                    refreshed = true;
                    tokens.invalidate()?;
                    continue;
                }
                Ok(answer) if is_retryable_status(answer.status) => {
                    let hint = header(&answer.headers, "retry-after")
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
        tokens: &TokenProvider,
        prepared: &Prepared,
        response: Response,
        answer: Answer,
    ) -> Response {
        let collection =
            prepared.op.reply == Reply::Collection && (200..300).contains(&answer.status);
        let mut response = absorb(response, answer);
        if collection && let Err(error) = self.follow_pages(tokens, prepared, &mut response).await {
            return fail(response, error);
        }
        response
    }

    /// A create whose first response was lost met 409 on retry: read the
    /// policy back; identical content means our create landed.
    async fn reconcile(
        &self,
        tokens: &TokenProvider,
        prepared: &Prepared,
        response: Response,
        conflict: Answer,
    ) -> Response {
        let desired = prepared.body.clone().unwrap_or_default();
        let mut read = prepared.clone();
        read.body = None;
        read.options.if_match = None;
        let get_op = Operation::find(&prepared.op.cmdlet().replacen("Set-", "Get-", 1), None);
        let Some(get_op) = get_op else {
            return self.finish(tokens, prepared, response, conflict).await;
        };
        read.op = get_op;
        let plan = read.plan(
            &self.cloud.graph_url,
            &self.user_agent,
            &uuid::Uuid::new_v4().to_string(),
        );
        let mut probe = response.clone();
        let current = self
            .send_with_retries(tokens, &plan, &mut probe, &mut false)
            .await;
        let same = match &current {
            Ok(a) if a.status == 200 => serde_json::from_str::<Value>(&a.body)
                .map(|v| model::same_content(&desired, &v, prepared.op.resource.schema))
                .unwrap_or(false),
            _ => false,
        };
        let mut out = self.finish(tokens, prepared, response, conflict).await;
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
        tokens: &TokenProvider,
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
                .send_with_retries(tokens, &plan, response, &mut false)
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

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
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
