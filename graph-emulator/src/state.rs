//! Shared emulator state: tenants' resources, fault rules, the request log, tokens.

use crate::identity::Identity;
use crate::model::{self, ApiVersion, Partner, TenantData};
use crate::util::{is_guid, norm_guid, now_iso_z};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock, RwLockReadGuard, RwLockWriteGuard};

/// One request the emulator received (Graph, token and discovery requests; not admin calls).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct LoggedRequest {
    /// Sequence number, increasing from 1.
    pub id: u64,
    /// When the request arrived (UTC, RFC 3339).
    pub timestamp: String,
    /// HTTP method.
    pub method: String,
    /// Path without the query string, as sent (still percent-encoded).
    pub path: String,
    /// Raw query string without the leading `?` (empty when none).
    pub query: String,
    /// Request headers, names lower-case; `Authorization` is redacted to `Bearer <redacted>`.
    pub headers: BTreeMap<String, String>,
    /// Request body as text (secrets in token requests redacted).
    pub body: String,
    /// Response status; 0 when the connection was dropped without an answer.
    pub status: u16,
    /// The fault rule applied to this request, if any.
    pub fault_id: Option<u64>,
}

impl LoggedRequest {
    /// Case-insensitive header lookup.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(&name.to_ascii_lowercase())
            .map(String::as_str)
    }
}

/// What a fault does to a matching request.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Fault {
    /// Answer with this status and a Graph error body, without applying the request.
    Status {
        /// HTTP status (429, 500, 503, 504, ...).
        status: u16,
        /// `Retry-After`: `"2"` (seconds) or `"date:2"` (an HTTP-date 2 s ahead); none when absent.
        #[serde(default)]
        retry_after: Option<String>,
        /// Error code in the body (a sensible default per status when absent).
        #[serde(default)]
        code: Option<String>,
        /// Error message in the body.
        #[serde(default)]
        message: Option<String>,
    },
    /// Wait this long, then handle the request normally.
    Latency {
        /// Delay in milliseconds.
        ms: u64,
    },
    /// Close the connection without applying or answering the request.
    DropBefore,
    /// Apply the request, then close the connection without answering.
    DropAfter,
}

impl Fault {
    /// A status fault without `Retry-After`.
    pub fn status(status: u16) -> Fault {
        Fault::Status {
            status,
            retry_after: None,
            code: None,
            message: None,
        }
    }

    /// A 429 with the given `Retry-After` (`"2"` or `"date:2"`).
    pub fn throttle(retry_after: &str) -> Fault {
        Fault::Status {
            status: 429,
            retry_after: Some(retry_after.to_string()),
            code: None,
            message: None,
        }
    }
}

fn one() -> u32 {
    1
}

/// A scripted fault: the next `count` requests matching `method` and `path_contains`
/// get `fault`. Rules are tried in the order they were added; one rule applies per request.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct FaultRule {
    /// Assigned by the emulator when the rule is added.
    #[serde(default)]
    pub id: u64,
    /// HTTP method to match (case-insensitive); any when absent.
    #[serde(default)]
    pub method: Option<String>,
    /// Substring the request path must contain (case-insensitive); any when absent.
    #[serde(default)]
    pub path_contains: Option<String>,
    /// How many requests the rule applies to (default 1).
    #[serde(default = "one")]
    pub count: u32,
    /// What happens to them.
    pub fault: Fault,
}

impl FaultRule {
    /// A rule for the next matching request (any method, any path until narrowed).
    pub fn new(fault: Fault) -> FaultRule {
        FaultRule {
            id: 0,
            method: None,
            path_contains: None,
            count: 1,
            fault,
        }
    }

    /// Only requests with this method.
    pub fn method(mut self, method: &str) -> Self {
        self.method = Some(method.to_string());
        self
    }

    /// Only requests whose path contains this text.
    pub fn path_contains(mut self, text: &str) -> Self {
        self.path_contains = Some(text.to_string());
        self
    }

    /// Apply to this many requests.
    pub fn times(mut self, count: u32) -> Self {
        self.count = count;
        self
    }

    fn matches(&self, method: &str, path: &str) -> bool {
        self.method
            .as_deref()
            .is_none_or(|m| m.eq_ignore_ascii_case(method))
            && self
                .path_contains
                .as_deref()
                .is_none_or(|p| path.to_ascii_lowercase().contains(&p.to_ascii_lowercase()))
    }
}

/// Seed data: partner configurations and sync policies for one home tenant.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SeedData {
    /// Home tenant (the default tenant when absent).
    #[serde(default)]
    pub tenant_id: Option<String>,
    /// Partner configurations (Graph JSON, `tenantId` required).
    #[serde(default)]
    pub partners: Vec<Value>,
    /// Live sync policies (beta JSON, `tenantId` required; the partner is created if missing).
    #[serde(default)]
    pub sync_policies: Vec<Value>,
    /// Soft-deleted sync policies (beta JSON, `tenantId` required, `deletedDateTime` optional).
    #[serde(default)]
    pub deleted_sync_policies: Vec<Value>,
}

impl SeedData {
    /// Parses one seed object or an array of them.
    pub fn from_json(v: Value) -> Result<Vec<SeedData>, String> {
        match v {
            Value::Array(items) => items
                .into_iter()
                .map(|i| serde_json::from_value(i).map_err(|e| e.to_string()))
                .collect(),
            other => Ok(vec![
                serde_json::from_value(other).map_err(|e| e.to_string())?,
            ]),
        }
    }
}

pub(crate) struct StateInner {
    tenants: RwLock<HashMap<String, TenantData>>,
    log: Mutex<VecDeque<LoggedRequest>>,
    log_capacity: usize,
    page_size: usize,
    log_seq: AtomicU64,
    faults: Mutex<Vec<FaultRule>>,
    has_faults: AtomicBool,
    fault_seq: AtomicU64,
    pub(crate) identity: Arc<Identity>,
    default_tenant: String,
    seed: Vec<SeedData>,
}

/// A handle on the emulator's state. Cheap to clone, thread-safe, usable without a runtime.
#[derive(Clone)]
pub struct EmulatorState {
    pub(crate) inner: Arc<StateInner>,
}

impl std::fmt::Debug for EmulatorState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EmulatorState").finish_non_exhaustive()
    }
}

fn key(tenant: &str) -> String {
    norm_guid(tenant)
}

impl EmulatorState {
    pub(crate) fn new(
        identity: Arc<Identity>,
        default_tenant: String,
        log_capacity: usize,
        page_size: usize,
        seed: Vec<SeedData>,
    ) -> Result<EmulatorState, String> {
        let s = EmulatorState {
            inner: Arc::new(StateInner {
                tenants: RwLock::new(HashMap::new()),
                log: Mutex::new(VecDeque::new()),
                log_capacity: log_capacity.max(1),
                page_size: page_size.max(1),
                log_seq: AtomicU64::new(0),
                faults: Mutex::new(Vec::new()),
                has_faults: AtomicBool::new(false),
                fault_seq: AtomicU64::new(0),
                identity,
                default_tenant: norm_guid(&default_tenant),
                seed,
            }),
        };
        for sd in s.inner.seed.clone() {
            s.apply_seed(&sd)?;
        }
        Ok(s)
    }

    pub(crate) fn read(&self) -> RwLockReadGuard<'_, HashMap<String, TenantData>> {
        self.inner.tenants.read().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn write(&self) -> RwLockWriteGuard<'_, HashMap<String, TenantData>> {
        self.inner
            .tenants
            .write()
            .unwrap_or_else(|e| e.into_inner())
    }

    /// Default page size of collections.
    pub fn page_size(&self) -> usize {
        self.inner.page_size
    }

    /// The default home tenant.
    pub fn default_tenant(&self) -> String {
        self.inner.default_tenant.clone()
    }

    /// Clears all resources, the request log and the fault rules, then re-applies the
    /// configured seed data.
    pub fn reset(&self) {
        self.write().clear();
        self.clear_request_log();
        self.clear_faults();
        for sd in self.inner.seed.clone() {
            // the configured seed was validated at start
            let _ = self.apply_seed(&sd);
        }
    }

    /// Applies seed data; returns an error message when an item is invalid
    /// (items before it stay applied).
    pub fn apply_seed(&self, seed: &SeedData) -> Result<(), String> {
        let home = seed
            .tenant_id
            .clone()
            .unwrap_or_else(|| self.inner.default_tenant.clone());
        if !is_guid(&home) {
            return Err(format!("tenant_id '{home}' is not a GUID"));
        }
        let err = |e: crate::errors::GraphError| e.message.clone();
        for p in &seed.partners {
            let obj = p.as_object().ok_or("a partner must be a JSON object")?;
            let (tid, props) = model::parse_partner_body(obj, None).map_err(err)?;
            let tid = tid.expect("create requires tenantId");
            let mut t = self.write();
            let td = t.entry(key(&home)).or_default();
            let partner = td.partners.entry(tid.clone()).or_insert_with(|| Partner {
                props: model::new_partner(&tid),
                sync: None,
            });
            model::merge_into(&mut partner.props, props);
        }
        for (deleted, list) in [
            (false, &seed.sync_policies),
            (true, &seed.deleted_sync_policies),
        ] {
            for p in list {
                let obj = p.as_object().ok_or("a sync policy must be a JSON object")?;
                let tid = obj
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case("tenantId"))
                    .and_then(|(_, v)| v.as_str())
                    .filter(|s| is_guid(s))
                    .ok_or("a sync policy needs a GUID tenantId")?
                    .to_string();
                let when = obj
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case("deletedDateTime"))
                    .and_then(|(_, v)| v.as_str())
                    .map(String::from);
                let props = model::parse_sync_body(ApiVersion::Beta, &tid, obj).map_err(err)?;
                let mut policy = model::new_sync_policy(&tid);
                model::merge_into(&mut policy, props);
                let tid = norm_guid(&tid);
                let mut t = self.write();
                let td = t.entry(key(&home)).or_default();
                if deleted {
                    policy.insert(
                        "deletedDateTime".into(),
                        Value::String(when.unwrap_or_else(now_iso_z)),
                    );
                    td.deleted_sync.insert(tid, policy);
                } else {
                    let partner = td.partners.entry(tid.clone()).or_insert_with(|| Partner {
                        props: model::new_partner(&tid),
                        sync: None,
                    });
                    partner.sync = Some(policy);
                }
            }
        }
        Ok(())
    }

    /// Creates a partner configuration (no-op when it exists).
    pub fn seed_partner(&self, home_tenant: &str, partner_tenant: &str) {
        let mut t = self.write();
        let td = t.entry(key(home_tenant)).or_default();
        let pk = norm_guid(partner_tenant);
        td.partners.entry(pk.clone()).or_insert_with(|| Partner {
            props: model::new_partner(&pk),
            sync: None,
        });
    }

    /// Creates or replaces the live sync policy of a partner (creating the partner when missing).
    /// `policy_json` uses Graph's beta property names; its `tenantId` is ignored.
    pub fn seed_sync_policy(&self, home_tenant: &str, partner_tenant: &str, policy_json: Value) {
        let mut policy = model::new_sync_policy(partner_tenant);
        if let Value::Object(obj) = &policy_json {
            let mut obj = obj.clone();
            obj.retain(|k, _| !k.eq_ignore_ascii_case("tenantId"));
            match model::parse_sync_body(ApiVersion::Beta, partner_tenant, &obj) {
                Ok(props) => model::merge_into(&mut policy, props),
                Err(_) => {
                    // keep what the caller gave us, as-is
                    for (k, v) in obj {
                        policy.insert(k, v);
                    }
                }
            }
        }
        policy.insert("deletedDateTime".into(), Value::Null);
        self.seed_partner(home_tenant, partner_tenant);
        let mut t = self.write();
        let td = t.entry(key(home_tenant)).or_default();
        if let Some(p) = td.partners.get_mut(&norm_guid(partner_tenant)) {
            p.sync = Some(policy);
        }
    }

    /// The partner configuration (without `identitySynchronization`).
    pub fn partner(&self, home_tenant: &str, partner_tenant: &str) -> Option<Value> {
        let t = self.read();
        let p = t
            .get(&key(home_tenant))?
            .partners
            .get(&norm_guid(partner_tenant))?;
        Some(Value::Object(model::render_partner(
            p,
            ApiVersion::Beta,
            false,
        )))
    }

    /// The live sync policy in its beta representation (without `@odata.context`).
    pub fn sync_policy(&self, home_tenant: &str, partner_tenant: &str) -> Option<Value> {
        let t = self.read();
        let p = t
            .get(&key(home_tenant))?
            .partners
            .get(&norm_guid(partner_tenant))?;
        p.sync
            .as_ref()
            .map(|s| Value::Object(model::render_sync(s, ApiVersion::Beta)))
    }

    /// The soft-deleted sync policy in its beta representation.
    pub fn deleted_sync_policy(&self, home_tenant: &str, partner_tenant: &str) -> Option<Value> {
        let t = self.read();
        let d = t
            .get(&key(home_tenant))?
            .deleted_sync
            .get(&norm_guid(partner_tenant))?;
        Some(Value::Object(model::render_sync(d, ApiVersion::Beta)))
    }

    /// Every tenant's resources as JSON (`{"tenants":{tid:{"partners":[...],"deleted_sync_policies":[...]}}}`).
    pub fn snapshot(&self) -> Value {
        let t = self.read();
        let mut tenants: Vec<(&String, &TenantData)> = t.iter().collect();
        tenants.sort_by(|a, b| a.0.cmp(b.0));
        let mut out = Map::new();
        for (tid, td) in tenants {
            let partners: Vec<Value> = td
                .partners
                .values()
                .map(|p| Value::Object(model::render_partner(p, ApiVersion::Beta, true)))
                .collect();
            let deleted: Vec<Value> = td
                .deleted_sync
                .values()
                .map(|d| Value::Object(model::render_sync(d, ApiVersion::Beta)))
                .collect();
            let mut o = json!({"partners": partners, "deleted_sync_policies": deleted});
            if let Some(d) = &td.default_config {
                o["default"] = Value::Object(d.clone());
            }
            out.insert(tid.clone(), o);
        }
        json!({ "tenants": out })
    }

    // ---- request log ----

    pub(crate) fn next_log_id(&self) -> u64 {
        self.inner.log_seq.fetch_add(1, Ordering::Relaxed) + 1
    }

    pub(crate) fn log(&self, entry: LoggedRequest) {
        let mut l = self.inner.log.lock().unwrap_or_else(|e| e.into_inner());
        if l.len() >= self.inner.log_capacity {
            l.pop_front();
        }
        l.push_back(entry);
    }

    /// The logged requests, oldest first (bounded by the configured capacity).
    pub fn request_log(&self) -> Vec<LoggedRequest> {
        let mut v: Vec<LoggedRequest> = self
            .inner
            .log
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .cloned()
            .collect();
        v.sort_by_key(|r| r.id);
        v
    }

    /// Empties the request log.
    pub fn clear_request_log(&self) {
        self.inner
            .log
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }

    // ---- faults ----

    /// Adds a fault rule; returns its id.
    pub fn add_fault(&self, mut rule: FaultRule) -> u64 {
        rule.id = self.inner.fault_seq.fetch_add(1, Ordering::Relaxed) + 1;
        rule.count = rule.count.max(1);
        let id = rule.id;
        let mut f = self.inner.faults.lock().unwrap_or_else(|e| e.into_inner());
        f.push(rule);
        self.inner.has_faults.store(true, Ordering::SeqCst);
        id
    }

    /// The fault rules still pending (with their remaining counts).
    pub fn faults(&self) -> Vec<FaultRule> {
        self.inner
            .faults
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Removes every fault rule.
    pub fn clear_faults(&self) {
        let mut f = self.inner.faults.lock().unwrap_or_else(|e| e.into_inner());
        f.clear();
        self.inner.has_faults.store(false, Ordering::SeqCst);
    }

    /// Finds the first rule matching the request and consumes one of its uses.
    pub(crate) fn take_fault(&self, method: &str, path: &str) -> Option<(u64, Fault)> {
        if !self.inner.has_faults.load(Ordering::SeqCst) {
            return None;
        }
        let mut f = self.inner.faults.lock().unwrap_or_else(|e| e.into_inner());
        let idx = f.iter().position(|r| r.matches(method, path))?;
        let rule = &mut f[idx];
        let out = (rule.id, rule.fault.clone());
        rule.count -= 1;
        if rule.count == 0 {
            f.remove(idx);
        }
        if f.is_empty() {
            self.inner.has_faults.store(false, Ordering::SeqCst);
        }
        Some(out)
    }

    // ---- tokens ----

    /// Every token issued so far is refused from now on; new tokens work.
    pub fn expire_tokens(&self) {
        self.inner.identity.expire_all();
    }

    /// Signs an access token for `tenant_id` with these roles, valid for `lifetime_secs`
    /// (negative: already expired).
    pub fn mint_token(&self, tenant_id: &str, roles: &[&str], lifetime_secs: i64) -> String {
        self.inner.identity.mint(tenant_id, roles, lifetime_secs)
    }

    pub(crate) fn with_tenant<R>(
        &self,
        tenant: &str,
        f: impl FnOnce(Option<&TenantData>) -> R,
    ) -> R {
        let t = self.read();
        f(t.get(tenant))
    }

    pub(crate) fn with_tenant_mut<R>(
        &self,
        tenant: &str,
        f: impl FnOnce(&mut TenantData) -> R,
    ) -> R {
        let mut t = self.write();
        f(t.entry(tenant.to_string()).or_default())
    }
}
