//! The Graph routes: partner configurations, identity synchronization policies and
//! (beta) deleted sync policies.

use crate::errors::{GraphError, GraphResult};
use crate::http::{Ctx, Resp};
use crate::identity::{AuthFailure, CAN_READ, CAN_WRITE, TokenInfo};
use crate::model::{self, ApiVersion, Object, Partner};
use crate::odata::{self, Query, QuerySpec};
use crate::state::EmulatorState;
use crate::util::{is_guid, norm_guid, now_iso_z};
use hyper::Method;
use serde_json::{Map, Value, json};
use std::sync::Arc;

const WWW_AUTHENTICATE: &str = "Bearer realm=\"\", authorization_uri=\"https://login.microsoftonline.com/common/oauth2/authorize\", client_id=\"00000003-0000-0000-c000-000000000000\"";

#[derive(Debug, Clone, PartialEq)]
enum Route {
    AccessPolicy,
    Default,
    Partners,
    Partner(String),
    Sync(String),
    DeletedList,
    DeletedItem(String),
    Restore(String),
}

impl Route {
    fn methods(&self) -> &'static [Method] {
        match self {
            Route::AccessPolicy => &[Method::GET],
            Route::Default => &[Method::GET, Method::PATCH],
            Route::Partners => &[Method::GET, Method::POST],
            Route::Partner(_) => &[Method::GET, Method::PATCH, Method::DELETE],
            Route::Sync(_) => &[Method::GET, Method::PUT, Method::PATCH, Method::DELETE],
            Route::DeletedList => &[Method::GET],
            Route::DeletedItem(_) => &[Method::GET, Method::DELETE],
            Route::Restore(_) => &[Method::POST],
        }
    }

    fn id(&self) -> Option<&str> {
        match self {
            Route::Partner(id) | Route::Sync(id) | Route::DeletedItem(id) | Route::Restore(id) => {
                Some(id)
            }
            _ => None,
        }
    }
}

/// Resolves the path (after the version segment) to a route.
fn route(version: ApiVersion, segs: &[String]) -> GraphResult<Route> {
    let lower: Vec<String> = segs.iter().map(|s| s.to_ascii_lowercase()).collect();
    let nf = |i: usize| GraphError::segment_not_found(&segs[i]);
    let extra = |n: usize| -> GraphResult<()> { if segs.len() > n { Err(nf(n)) } else { Ok(()) } };
    if segs.is_empty() {
        return Err(GraphError::bad_request("Invalid request."));
    }
    if lower[0] != "policies" {
        return Err(nf(0));
    }
    if segs.len() == 1 {
        return Err(GraphError::new(
            501,
            "NotImplemented",
            "This emulator serves only crossTenantAccessPolicy and deletedItems under /policies.",
        ));
    }
    match lower[1].as_str() {
        "crosstenantaccesspolicy" => {
            if segs.len() == 2 {
                return Ok(Route::AccessPolicy);
            }
            // partners('id') key syntax
            let (seg2, paren_id) = match lower[2].strip_prefix("partners(") {
                Some(rest) if rest.ends_with(')') => {
                    let raw = &segs[2]["partners(".len()..segs[2].len() - 1];
                    let raw = raw.strip_prefix("tenantId=").unwrap_or(raw);
                    ("partners", Some(raw.trim_matches('\'').to_string()))
                }
                _ => (lower[2].as_str(), None),
            };
            match seg2 {
                "default" => {
                    extra(3)?;
                    Ok(Route::Default)
                }
                "partners" => {
                    let (id, next) = match paren_id {
                        Some(id) => (Some(id), 3),
                        None if segs.len() > 3 => (Some(segs[3].clone()), 4),
                        None => (None, 3),
                    };
                    let Some(id) = id else {
                        return Ok(Route::Partners);
                    };
                    if segs.len() == next {
                        return Ok(Route::Partner(id));
                    }
                    if lower[next] == "identitysynchronization" {
                        extra(next + 1)?;
                        return Ok(Route::Sync(id));
                    }
                    Err(nf(next))
                }
                _ => Err(nf(2)),
            }
        }
        "deleteditems" => {
            if version == ApiVersion::V1 {
                return Err(nf(1));
            }
            if segs.len() == 2 {
                return Err(GraphError::new(
                    501,
                    "NotImplemented",
                    "This emulator serves only deletedItems/crossTenantSyncPolicyPartners.",
                ));
            }
            if lower[2] != "crosstenantsyncpolicypartners" {
                return Err(nf(2));
            }
            match segs.len() {
                3 => Ok(Route::DeletedList),
                4 => Ok(Route::DeletedItem(segs[3].clone())),
                5 if lower[4] == "restore" || lower[4] == "microsoft.graph.restore" => {
                    Ok(Route::Restore(segs[3].clone()))
                }
                _ => Err(nf(4)),
            }
        }
        _ => Err(nf(1)),
    }
}

pub(crate) fn unauthorized(f: AuthFailure) -> GraphError {
    GraphError::new(401, "InvalidAuthenticationToken", f.message())
        .with_header("www-authenticate", WWW_AUTHENTICATE)
}

pub(crate) fn authenticate(state: &EmulatorState, ctx: &Ctx) -> GraphResult<Arc<TokenInfo>> {
    let raw = ctx.header("authorization").unwrap_or("").trim();
    let token = match raw.split_once(' ') {
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("bearer") => rest.trim(),
        _ if raw.eq_ignore_ascii_case("bearer") => "",
        _ if raw.is_empty() => "",
        _ => return Err(unauthorized(AuthFailure::Empty)),
    };
    state.inner.identity.verify(token).map_err(unauthorized)
}

/// Entry point for `/v1.0/...` and `/beta/...`.
pub(crate) fn handle(
    state: &EmulatorState,
    ctx: &Ctx,
    version: ApiVersion,
    segs: &[String],
) -> Resp {
    match handle_inner(state, ctx, version, segs) {
        Ok(r) => r,
        Err(e) => Resp::graph_error(ctx, &e),
    }
}

struct Call<'a> {
    state: &'a EmulatorState,
    ctx: &'a Ctx,
    version: ApiVersion,
    tenant: String,
}

impl Call<'_> {
    fn context(&self, fragment: &str) -> String {
        format!(
            "{}/{}/$metadata#{}",
            self.ctx.base_url,
            self.version.as_str(),
            fragment
        )
    }

    fn url(&self, rest: &str) -> String {
        format!("{}/{}/{}", self.ctx.base_url, self.version.as_str(), rest)
    }
}

fn handle_inner(
    state: &EmulatorState,
    ctx: &Ctx,
    version: ApiVersion,
    segs: &[String],
) -> GraphResult<Resp> {
    let token = authenticate(state, ctx)?;
    let route = route(version, segs)?;
    if !route.methods().contains(&ctx.method) {
        let allow = route
            .methods()
            .iter()
            .map(Method::as_str)
            .collect::<Vec<_>>()
            .join(", ");
        return Err(GraphError::new(
            405,
            "Request_BadRequest",
            "Specified HTTP method is not allowed for the request target.",
        )
        .with_header("allow", allow));
    }
    let need = if ctx.method == Method::GET {
        CAN_READ
    } else {
        CAN_WRITE
    };
    if token.roles & need == 0 {
        return Err(GraphError::new(
            403,
            "Authorization_RequestDenied",
            "Insufficient privileges to complete the operation.",
        ));
    }
    if let Some(id) = route.id()
        && !is_guid(id)
    {
        return Err(GraphError::request_bad_request(format!(
            "Invalid object identifier '{id}'."
        )));
    }
    let call = Call {
        state,
        ctx,
        version,
        tenant: token.tid.clone(),
    };
    let pairs = ctx.query_pairs();
    let write = ctx.method != Method::GET;
    match route {
        Route::AccessPolicy => access_policy(&call, &pairs),
        Route::Default => default_config(&call, &pairs, write),
        Route::Partners => partners(&call, &pairs, write),
        Route::Partner(id) => partner(&call, &pairs, &norm_guid(&id)),
        Route::Sync(id) => sync(&call, &pairs, &norm_guid(&id)),
        Route::DeletedList => deleted_list(&call, &pairs),
        Route::DeletedItem(id) => deleted_item(&call, &pairs, &norm_guid(&id)),
        Route::Restore(id) => restore(&call, &pairs, &norm_guid(&id)),
    }
}

fn sync_props(version: ApiVersion) -> Vec<&'static str> {
    model::SYNC_PROPS
        .iter()
        .filter(|(_, v1)| version == ApiVersion::Beta || *v1)
        .map(|(k, _)| *k)
        .collect()
}

fn select_suffix(q: &Query, expand: bool) -> String {
    let mut parts: Vec<String> = q.select.iter().flatten().map(|s| s.to_string()).collect();
    if expand {
        parts.push("identitySynchronization()".into());
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("({})", parts.join(","))
    }
}

fn with_context(context: String, obj: Map<String, Value>) -> Value {
    let mut out = Map::new();
    out.insert("@odata.context".into(), Value::String(context));
    out.extend(obj);
    Value::Object(out)
}

/// Pages a filtered, ordered list; returns (page, nextLink offset).
fn page<T>(items: Vec<T>, q: &Query, default_size: usize) -> (Vec<T>, Option<usize>) {
    let start = q.skiptoken.unwrap_or(0) + q.skip;
    let size = q.top.unwrap_or(default_size).max(1);
    let total = items.len();
    let page: Vec<T> = items.into_iter().skip(start).take(size).collect();
    let next = (start + size < total).then_some(start + size);
    (page, next)
}

fn next_link(call: &Call<'_>, rest: &str, q: &Query, offset: usize) -> String {
    let mut url = call.url(rest);
    let mut first = true;
    for (k, v) in &q.carry {
        url.push(if first { '?' } else { '&' });
        first = false;
        url.push_str(k);
        url.push('=');
        url.push_str(&crate::util::pct_encode_query(v));
    }
    url.push(if first { '?' } else { '&' });
    url.push_str("$skiptoken=");
    url.push_str(&odata::encode_skiptoken(offset));
    url
}

fn list_body(
    call: &Call<'_>,
    context: String,
    items: Vec<Value>,
    count: Option<usize>,
    next: Option<String>,
) -> Value {
    let mut out = Map::new();
    out.insert("@odata.context".into(), Value::String(context));
    if let Some(c) = count {
        out.insert("@odata.count".into(), json!(c));
    }
    if let Some(n) = next {
        out.insert("@odata.nextLink".into(), Value::String(n));
    }
    out.insert("value".into(), Value::Array(items));
    let _ = call;
    Value::Object(out)
}

fn access_policy(call: &Call<'_>, pairs: &[(String, String)]) -> GraphResult<Resp> {
    let props: &[&'static str] = &[
        "id",
        "displayName",
        "definition",
        "isOrganizationDefault",
        "allowedCloudEndpoints",
    ];
    let q = odata::parse_query(
        pairs,
        &QuerySpec {
            allowed: odata::SELECT,
            type_name: "microsoft.graph.crossTenantAccessPolicy",
            props,
            expandable: &[],
            filterable: &[],
            sortable: &[],
            ignore_inapplicable: false,
        },
    )?;
    let obj = json!({
        "id": call.tenant,
        "displayName": "CrossTenantAccessPolicy",
        "definition": [],
        "isOrganizationDefault": true,
        "allowedCloudEndpoints": [],
    });
    let obj = odata::apply_select(
        obj.as_object().cloned().unwrap_or_default(),
        q.select.as_ref(),
        &[],
    );
    Ok(Resp::odata(
        200,
        &with_context(
            call.context("policies/crossTenantAccessPolicy/$entity"),
            obj,
        ),
    ))
}

fn default_config(call: &Call<'_>, pairs: &[(String, String)], write: bool) -> GraphResult<Resp> {
    let q = odata::parse_query(
        pairs,
        &QuerySpec {
            allowed: odata::SELECT,
            type_name: "microsoft.graph.crossTenantAccessPolicyConfigurationDefault",
            props: model::DEFAULT_PROPS,
            expandable: &[],
            filterable: &[],
            sortable: &[],
            ignore_inapplicable: write,
        },
    )?;
    if write {
        let body = model::parse_json_body(&call.ctx.body)?;
        let patch = model::parse_default_body(&body)?;
        call.state.with_tenant_mut(&call.tenant, |t| {
            let d = t
                .default_config
                .get_or_insert_with(model::new_default_config);
            model::merge_into(d, patch);
        });
        return Ok(Resp::empty(204));
    }
    let obj = call
        .state
        .with_tenant(&call.tenant, |t| t.and_then(|t| t.default_config.clone()))
        .unwrap_or_else(model::new_default_config);
    let obj = odata::apply_select(obj, q.select.as_ref(), &[]);
    Ok(Resp::odata(
        200,
        &with_context(
            call.context("policies/crossTenantAccessPolicy/default/$entity"),
            obj,
        ),
    ))
}

fn partner_spec(allowed: u16, write: bool) -> QuerySpec<'static> {
    QuerySpec {
        allowed,
        type_name: model::PARTNER_TYPE,
        props: model::PARTNER_PROPS,
        expandable: &["identitySynchronization"],
        filterable: &[
            "tenantId",
            "isServiceProvider",
            "isInMultiTenantOrganization",
        ],
        sortable: &[],
        ignore_inapplicable: write,
    }
}

fn render_partner_out(call: &Call<'_>, p: &Partner, q: &Query) -> Map<String, Value> {
    let expand = !q.expand.is_empty();
    let obj = model::render_partner(p, call.version, expand);
    odata::apply_select(obj, q.select.as_ref(), &["identitySynchronization"])
}

fn partners(call: &Call<'_>, pairs: &[(String, String)], write: bool) -> GraphResult<Resp> {
    if write {
        odata::parse_query(pairs, &partner_spec(0, true))?;
        let body = model::parse_json_body(&call.ctx.body)?;
        let (tid, props) = model::parse_partner_body(&body, None)?;
        let tid = tid.expect("tenantId checked");
        let created = call.state.with_tenant_mut(&call.tenant, |t| {
            if t.partners.contains_key(&tid) {
                return None;
            }
            let mut p = Partner {
                props: model::new_partner(&tid),
                sync: None,
            };
            model::merge_into(&mut p.props, props);
            let out = model::render_partner(&p, call.version, false);
            t.partners.insert(tid.clone(), p);
            Some(out)
        });
        let Some(obj) = created else {
            return Err(GraphError::conflict(
                "Another object with the same value for property tenantId already exists.",
                "tenantId",
            ));
        };
        let location = call.url(&format!("policies/crossTenantAccessPolicy/partners/{tid}"));
        return Ok(Resp::odata(
            201,
            &with_context(
                call.context("policies/crossTenantAccessPolicy/partners/$entity"),
                obj,
            ),
        )
        .header("location", location));
    }
    let q = odata::parse_query(
        pairs,
        &partner_spec(
            odata::SELECT
                | odata::EXPAND
                | odata::FILTER
                | odata::TOP
                | odata::SKIP
                | odata::SKIPTOKEN
                | odata::COUNT,
            false,
        ),
    )?;
    let all: Vec<Map<String, Value>> = call.state.with_tenant(&call.tenant, |t| {
        t.map(|t| {
            t.partners
                .values()
                .map(|p| (p, model::render_partner(p, call.version, false)))
                .filter(|(_, r)| q.filter.as_ref().is_none_or(|f| f.matches(r)))
                .map(|(p, _)| render_partner_out(call, p, &q))
                .collect()
        })
        .unwrap_or_default()
    });
    let total = all.len();
    let (items, next) = page(all, &q, call.state.page_size());
    let next = next.map(|o| next_link(call, "policies/crossTenantAccessPolicy/partners", &q, o));
    let ctx = call.context(&format!(
        "policies/crossTenantAccessPolicy/partners{}",
        select_suffix(&q, !q.expand.is_empty())
    ));
    let items = items.into_iter().map(Value::Object).collect();
    Ok(Resp::odata(
        200,
        &list_body(call, ctx, items, q.count.then_some(total), next),
    ))
}

fn partner(call: &Call<'_>, pairs: &[(String, String)], id: &str) -> GraphResult<Resp> {
    let m = &call.ctx.method;
    if *m == Method::GET {
        let q = odata::parse_query(pairs, &partner_spec(odata::SELECT | odata::EXPAND, false))?;
        let obj = call
            .state
            .with_tenant(&call.tenant, |t| {
                t.and_then(|t| t.partners.get(id))
                    .map(|p| render_partner_out(call, p, &q))
            })
            .ok_or_else(|| GraphError::resource_not_found(id))?;
        let ctx = if q.select.is_some() || !q.expand.is_empty() {
            call.context(&format!(
                "policies/crossTenantAccessPolicy/partners{}/$entity",
                select_suffix(&q, !q.expand.is_empty())
            ))
        } else {
            call.context("policies/crossTenantAccessPolicy/partners/$entity")
        };
        return Ok(Resp::odata(200, &with_context(ctx, obj)));
    }
    odata::parse_query(pairs, &partner_spec(0, true))?;
    if *m == Method::PATCH {
        let body = model::parse_json_body(&call.ctx.body)?;
        let (_, props) = model::parse_partner_body(&body, Some(id))?;
        return call.state.with_tenant_mut(&call.tenant, |t| {
            let p = t
                .partners
                .get_mut(id)
                .ok_or_else(|| GraphError::resource_not_found(id))?;
            model::merge_into(&mut p.props, props);
            Ok(Resp::empty(204))
        });
    }
    // DELETE
    call.state.with_tenant_mut(&call.tenant, |t| {
        let p = t.partners.get(id).ok_or_else(|| GraphError::resource_not_found(id))?;
        if p.sync.is_some() {
            return Err(GraphError::request_bad_request(format!(
                "The partner configuration '{id}' has an identity synchronization policy. The identity synchronization policy must be deleted before the partner configuration can be deleted."
            )));
        }
        t.partners.shift_remove(id);
        Ok(Resp::empty(204))
    })
}

fn sync_spec<'a>(
    version: ApiVersion,
    props: &'a [&'static str],
    allowed: u16,
    write: bool,
) -> QuerySpec<'a> {
    let _ = version;
    QuerySpec {
        allowed,
        type_name: model::SYNC_TYPE,
        props,
        expandable: &[],
        filterable: &[],
        sortable: &[],
        ignore_inapplicable: write,
    }
}

fn sync(call: &Call<'_>, pairs: &[(String, String)], id: &str) -> GraphResult<Resp> {
    let props = sync_props(call.version);
    let m = call.ctx.method.clone();
    if m == Method::GET {
        let q = odata::parse_query(
            pairs,
            &sync_spec(call.version, &props, odata::SELECT | odata::EXPAND, false),
        )?;
        let policy = call.state.with_tenant(&call.tenant, |t| {
            let p = t
                .and_then(|t| t.partners.get(id))
                .ok_or_else(|| GraphError::resource_not_found(id))?;
            p.sync
                .clone()
                .ok_or_else(|| GraphError::object_not_found(id))
        })?;
        let obj = odata::apply_select(
            model::render_sync(&policy, call.version),
            q.select.as_ref(),
            &[],
        );
        let ctx = call.context(&format!(
            "policies/crossTenantAccessPolicy/partners('{id}')/identitySynchronization{}/$entity",
            select_suffix(&q, false)
        ));
        return Ok(Resp::odata(200, &with_context(ctx, obj)));
    }
    odata::parse_query(pairs, &sync_spec(call.version, &props, 0, true))?;
    if m == Method::DELETE {
        return call.state.with_tenant_mut(&call.tenant, |t| {
            let p = t
                .partners
                .get_mut(id)
                .ok_or_else(|| GraphError::resource_not_found(id))?;
            let mut policy = p
                .sync
                .take()
                .ok_or_else(|| GraphError::object_not_found(id))?;
            policy.insert("deletedDateTime".into(), Value::String(now_iso_z()));
            t.deleted_sync.shift_remove(id);
            t.deleted_sync.insert(id.to_string(), policy);
            Ok(Resp::empty(204))
        });
    }
    let body = model::parse_json_body(&call.ctx.body)?;
    let patch = model::parse_sync_body(call.version, id, &body)?;
    call.state.with_tenant_mut(&call.tenant, |t| {
        let p = t.partners.get_mut(id).ok_or_else(|| GraphError::resource_not_found(id))?;
        if m == Method::PUT {
            if p.sync.is_some() {
                return Err(GraphError::conflict(
                    "A conflicting object with one or more of the specified property values is present in the directory.",
                    id,
                ));
            }
            let mut policy = model::new_sync_policy(id);
            model::merge_into(&mut policy, patch);
            p.sync = Some(policy);
        } else {
            let policy = p.sync.as_mut().ok_or_else(|| GraphError::object_not_found(id))?;
            model::merge_into(policy, patch);
        }
        Ok(Resp::empty(204))
    })
}

const DELETED_PROPS: &[&str] = &[
    "tenantId",
    "displayName",
    "deletedDateTime",
    "externalCloudAuthorizedApplicationId",
    "userSyncInbound",
    "groupSyncInbound",
    "roleEnabledGroupSyncInbound",
];

fn deleted_spec(allowed: u16, write: bool) -> QuerySpec<'static> {
    QuerySpec {
        allowed,
        type_name: model::SYNC_TYPE,
        props: DELETED_PROPS,
        expandable: &[],
        filterable: &[
            "tenantId",
            "displayName",
            "deletedDateTime",
            "externalCloudAuthorizedApplicationId",
            "userSyncInbound",
            "groupSyncInbound",
            "roleEnabledGroupSyncInbound",
        ],
        sortable: &["displayName", "deletedDateTime", "tenantId"],
        ignore_inapplicable: write,
    }
}

fn deleted_list(call: &Call<'_>, pairs: &[(String, String)]) -> GraphResult<Resp> {
    let q = odata::parse_query(
        pairs,
        &deleted_spec(
            odata::SELECT
                | odata::FILTER
                | odata::TOP
                | odata::SKIP
                | odata::SKIPTOKEN
                | odata::COUNT
                | odata::ORDERBY
                | odata::EXPAND,
            false,
        ),
    )?;
    let mut all: Vec<Object> = call.state.with_tenant(&call.tenant, |t| {
        t.map(|t| {
            t.deleted_sync
                .values()
                .map(|d| model::render_sync(d, ApiVersion::Beta))
                .filter(|r| q.filter.as_ref().is_none_or(|f| f.matches(r)))
                .collect()
        })
        .unwrap_or_default()
    });
    if !q.orderby.is_empty() {
        all.sort_by(|a, b| odata::order(a, b, &q.orderby));
    }
    let total = all.len();
    let (items, next) = page(all, &q, call.state.page_size());
    let next = next.map(|o| {
        next_link(
            call,
            "policies/deletedItems/crossTenantSyncPolicyPartners",
            &q,
            o,
        )
    });
    let items = items
        .into_iter()
        .map(|o| Value::Object(odata::apply_select(o, q.select.as_ref(), &[])))
        .collect();
    let ctx = call.context(&format!(
        "policies/deletedItems/crossTenantSyncPolicyPartners{}",
        select_suffix(&q, false)
    ));
    Ok(Resp::odata(
        200,
        &list_body(call, ctx, items, q.count.then_some(total), next),
    ))
}

fn deleted_item(call: &Call<'_>, pairs: &[(String, String)], id: &str) -> GraphResult<Resp> {
    if call.ctx.method == Method::GET {
        let q = odata::parse_query(pairs, &deleted_spec(odata::SELECT | odata::EXPAND, false))?;
        let obj = call
            .state
            .with_tenant(&call.tenant, |t| {
                t.and_then(|t| t.deleted_sync.get(id))
                    .map(|d| model::render_sync(d, ApiVersion::Beta))
            })
            .ok_or_else(|| GraphError::resource_not_found(id))?;
        let obj = odata::apply_select(obj, q.select.as_ref(), &[]);
        let ctx = call.context(&format!(
            "policies/deletedItems/crossTenantSyncPolicyPartners{}/$entity",
            select_suffix(&q, false)
        ));
        return Ok(Resp::odata(200, &with_context(ctx, obj)));
    }
    odata::parse_query(pairs, &deleted_spec(0, true))?;
    call.state.with_tenant_mut(&call.tenant, |t| {
        t.deleted_sync
            .shift_remove(id)
            .ok_or_else(|| GraphError::resource_not_found(id))?;
        Ok(Resp::empty(204))
    })
}

fn restore(call: &Call<'_>, pairs: &[(String, String)], id: &str) -> GraphResult<Resp> {
    odata::parse_query(pairs, &deleted_spec(0, true))?;
    let restored = call.state.with_tenant_mut(&call.tenant, |t| {
        if !t.deleted_sync.contains_key(id) {
            return Err(GraphError::resource_not_found(id));
        }
        let Some(p) = t.partners.get_mut(id) else {
            return Err(GraphError::new(
                404,
                "Request_ResourceNotFound",
                format!("The partner configuration '{id}' does not exist. Create the partner configuration before restoring its identity synchronization policy."),
            ));
        };
        if p.sync.is_some() {
            return Err(GraphError::conflict(
                "A conflicting object with one or more of the specified property values is present in the directory.",
                id,
            ));
        }
        let mut policy = t.deleted_sync.shift_remove(id).expect("checked above");
        policy.insert("deletedDateTime".into(), Value::Null);
        let out = model::render_sync(&policy, ApiVersion::Beta);
        t.partners.get_mut(id).expect("checked above").sync = Some(policy);
        Ok(out)
    })?;
    let ctx = call.context("policies/deletedItems/crossTenantSyncPolicyPartners/$entity");
    Ok(Resp::odata(200, &with_context(ctx, restored)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segs(p: &str) -> Vec<String> {
        p.split('/')
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect()
    }

    #[test]
    fn routes() {
        let id = "90e29127-71ad-49c7-9ce8-db3f41ea06f1";
        let r = |v, p: &str| route(v, &segs(p));
        assert_eq!(
            r(ApiVersion::V1, "policies/crossTenantAccessPolicy/partners").unwrap(),
            Route::Partners
        );
        assert_eq!(
            r(
                ApiVersion::V1,
                &format!("Policies/CROSSTENANTACCESSPOLICY/Partners/{id}/IdentitySynchronization")
            )
            .unwrap(),
            Route::Sync(id.into())
        );
        assert_eq!(
            r(
                ApiVersion::V1,
                &format!(
                    "policies/crossTenantAccessPolicy/partners('{id}')/identitySynchronization"
                )
            )
            .unwrap(),
            Route::Sync(id.into())
        );
        let e = r(
            ApiVersion::V1,
            "policies/deletedItems/crossTenantSyncPolicyPartners",
        )
        .unwrap_err();
        assert_eq!(
            e.message,
            "Resource not found for the segment 'deletedItems'."
        );
        assert_eq!(
            r(
                ApiVersion::Beta,
                &format!("policies/deletedItems/crossTenantSyncPolicyPartners/{id}/restore")
            )
            .unwrap(),
            Route::Restore(id.into())
        );
        assert_eq!(r(ApiVersion::V1, "users").unwrap_err().status, 400);
        assert_eq!(
            r(
                ApiVersion::V1,
                &format!(
                    "policies/crossTenantAccessPolicy/partners/{id}/identitySynchronization/x"
                )
            )
            .unwrap_err()
            .message,
            "Resource not found for the segment 'x'."
        );
    }
}
