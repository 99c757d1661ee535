//! From a caller's arguments to the exact HTTP request: the partner id, the
//! normalised body, query options and headers. The result, a [`RequestPlan`],
//! is what a what-if call returns and what the transport sends.

use std::borrow::Cow;
use std::sync::Arc;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::model::{self, ApiVersion, check_tenant_id, get_ci};
use crate::operations::{BodyInput, KeyInput, Operation, Reply};

/// Per-call options (the `options_json` argument of every operation export).
#[derive(Debug, Default, Clone)]
pub struct CallOptions {
    pub headers: Vec<(String, String)>,
    pub if_match: Option<String>,
    pub select: Vec<String>,
    pub expand: Vec<String>,
    pub client_request_id: Option<String>,
    pub api_version: Option<ApiVersion>,
    pub what_if: bool,
    pub filter: Option<String>,
    pub search: Option<String>,
    pub top: Option<u64>,
    pub skip: Option<u64>,
    pub orderby: Vec<String>,
    pub count: bool,
    pub all: bool,
    pub page_size: Option<u64>,
}

const LIST_ONLY: [&str; 8] = [
    "filter",
    "search",
    "top",
    "skip",
    "orderby",
    "count",
    "all",
    "page_size",
];

/// Headers a caller may not set: the library owns them.
const RESERVED_HEADERS: [&str; 11] = [
    "authorization",
    "proxy-authorization",
    "host",
    "content-length",
    "content-type",
    "transfer-encoding",
    "connection",
    "keep-alive",
    "te",
    "upgrade",
    "trailer",
];

impl CallOptions {
    /// Parses the options JSON for `op`. Option names are snake_case; an
    /// unknown option, or one that `op` does not take, is an error.
    pub fn parse(value: Option<&Value>, op: &Operation) -> Result<Self> {
        let mut out = Self::default();
        let Some(value) = value else { return Ok(out) };
        let object = match value {
            Value::Null => return Ok(out),
            Value::Object(o) => o,
            other => {
                return Err(Error::invalid(format!(
                    "options must be a JSON object, got {}",
                    model::json_type(other)
                )));
            }
        };
        let list = op.reply == Reply::Collection;
        for (key, v) in object {
            if v.is_null() {
                continue;
            }
            if LIST_ONLY.contains(&key.as_str()) && !list {
                return Err(Error::invalid(format!(
                    "option '{key}' applies only to list operations, not to {}",
                    op.should_process_action()
                )));
            }
            match key.as_str() {
                "headers" => out.headers = parse_headers(v)?,
                "if_match" if op.if_match => out.if_match = Some(header_value(v, key)?),
                "select" if op.method == crate::operations::Method::Get => {
                    out.select = names(v, key)?
                }
                "expand" if op.method == crate::operations::Method::Get => {
                    out.expand = names(v, key)?
                }
                "client_request_id" => out.client_request_id = Some(header_value(v, key)?),
                "api_version" => {
                    let text = v.as_str().unwrap_or_default();
                    out.api_version = Some(ApiVersion::parse(text).ok_or_else(|| {
                        Error::invalid(format!("api_version must be \"v1.0\" or \"beta\", got {v}"))
                    })?);
                }
                "what_if" => out.what_if = boolean(v, key)?,
                "filter" => out.filter = Some(string(v, key)?),
                "search" => out.search = Some(string(v, key)?),
                "top" => out.top = Some(count(v, key)?),
                "skip" => out.skip = Some(count(v, key)?),
                "orderby" => out.orderby = names(v, key)?,
                "count" => out.count = boolean(v, key)?,
                "all" => out.all = boolean(v, key)?,
                "page_size" => {
                    let n = count(v, key)?;
                    if n == 0 {
                        return Err(Error::invalid("page_size must be at least 1"));
                    }
                    out.page_size = Some(n);
                }
                "if_match" | "select" | "expand" => {
                    return Err(Error::invalid(format!(
                        "option '{key}' does not apply to {}",
                        op.should_process_action()
                    )));
                }
                _ => {
                    return Err(Error::invalid(format!(
                        "unknown option '{key}'; known options: headers, if_match, select, expand, \
                         client_request_id, api_version, what_if, filter, search, top, skip, orderby, count, all, page_size"
                    )));
                }
            }
        }
        for (name, _) in &out.headers {
            if name.eq_ignore_ascii_case("if-match") && out.if_match.is_some() {
                return Err(Error::invalid(
                    "If-Match is given both as a header and as if_match",
                ));
            }
            if name.eq_ignore_ascii_case("client-request-id") && out.client_request_id.is_some() {
                return Err(Error::invalid(
                    "client-request-id is given both as a header and as client_request_id",
                ));
            }
        }
        Ok(out)
    }
}

fn string(v: &Value, key: &str) -> Result<String> {
    v.as_str()
        .map(str::to_string)
        .ok_or_else(|| Error::invalid(format!("option '{key}' must be a string")))
}

fn boolean(v: &Value, key: &str) -> Result<bool> {
    match v {
        Value::Bool(b) => Ok(*b),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Ok(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Ok(false),
        _ => Err(Error::invalid(format!(
            "option '{key}' must be true or false"
        ))),
    }
}

fn count(v: &Value, key: &str) -> Result<u64> {
    v.as_u64()
        .ok_or_else(|| Error::invalid(format!("option '{key}' must be a whole number >= 0")))
}

/// A list of names, as a JSON array of strings or one comma-separated string.
fn names(v: &Value, key: &str) -> Result<Vec<String>> {
    let items: Vec<String> = match v {
        Value::String(s) => s.split(',').map(str::to_string).collect(),
        Value::Array(a) => a
            .iter()
            .map(|x| x.as_str().map(str::to_string))
            .collect::<Option<_>>()
            .ok_or_else(|| Error::invalid(format!("option '{key}' must hold strings")))?,
        _ => {
            return Err(Error::invalid(format!(
                "option '{key}' must be a string or an array of strings"
            )));
        }
    };
    let items: Vec<String> = items
        .iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    for item in &items {
        if item.chars().any(|c| c.is_control()) {
            return Err(Error::invalid(format!(
                "option '{key}' contains a control character"
            )));
        }
    }
    Ok(items)
}

fn header_value(v: &Value, key: &str) -> Result<String> {
    let text = string(v, key)?;
    check_header_value(&text, key)?;
    Ok(text)
}

/// Header values must be visible ASCII (tabs and spaces allowed); CR, LF and
/// other control characters would let a value smuggle in another header.
pub fn check_header_value(value: &str, name: &str) -> Result<()> {
    if value.contains(['\r', '\n']) {
        return Err(Error::invalid(format!("header '{name}' contains CR or LF")));
    }
    if value.bytes().any(|b| (b < 0x20 && b != b'\t') || b >= 0x7f) {
        return Err(Error::invalid(format!(
            "header '{name}' must be printable ASCII (no control characters)"
        )));
    }
    Ok(())
}

fn check_header_name(name: &str) -> Result<()> {
    let token = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
    if name.is_empty() || !name.bytes().all(token) {
        return Err(Error::invalid(format!(
            "header name {} is not a valid HTTP token",
            model::quote_short(name)
        )));
    }
    if RESERVED_HEADERS
        .iter()
        .any(|r| r.eq_ignore_ascii_case(name))
    {
        return Err(Error::invalid(format!(
            "header '{name}' is set by the library and cannot be given"
        )));
    }
    Ok(())
}

fn parse_headers(v: &Value) -> Result<Vec<(String, String)>> {
    let Value::Object(map) = v else {
        return Err(Error::invalid(
            "option 'headers' must be an object of name/value strings",
        ));
    };
    let mut out: Vec<(String, String)> = Vec::new();
    for (name, value) in map {
        check_header_name(name)?;
        let value = match value {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            _ => {
                return Err(Error::invalid(format!(
                    "header '{name}' must have a string value"
                )));
            }
        };
        check_header_value(&value, name)?;
        if out.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)) {
            return Err(Error::invalid(format!("header '{name}' is given twice")));
        }
        out.push((name.clone(), value));
    }
    Ok(out)
}

/// The expanded parameters of `*Expanded` parameter sets.
#[derive(Debug, Default, Clone)]
pub struct ExpandedFields {
    pub display_name: Option<String>,
    pub tenant_id: Option<String>,
    pub user_sync_inbound: Option<bool>,
    pub group_sync_inbound: Option<bool>,
    pub role_enabled_group_sync_inbound: Option<bool>,
    pub external_cloud_authorized_application_id: Option<String>,
    /// `-AdditionalProperties`: more body properties, checked like a body.
    pub additional_properties: Option<Value>,
}

impl ExpandedFields {
    /// The request body these parameters make. A property given both as a
    /// parameter and in the additional properties is an error.
    pub fn to_body(&self) -> Result<Value> {
        let mut body = match &self.additional_properties {
            None | Some(Value::Null) => Map::new(),
            Some(Value::Object(m)) => m.clone(),
            Some(other) => {
                return Err(Error::invalid(format!(
                    "additional properties must be a JSON object, got {}",
                    model::json_type(other)
                )));
            }
        };
        let inbound = |b: bool| serde_json::json!({ "isSyncAllowed": b });
        let fields: [(&str, Option<Value>); 6] = [
            ("displayName", self.display_name.clone().map(Value::String)),
            ("tenantId", self.tenant_id.clone().map(Value::String)),
            ("userSyncInbound", self.user_sync_inbound.map(inbound)),
            ("groupSyncInbound", self.group_sync_inbound.map(inbound)),
            (
                "roleEnabledGroupSyncInbound",
                self.role_enabled_group_sync_inbound.map(inbound),
            ),
            (
                "externalCloudAuthorizedApplicationId",
                self.external_cloud_authorized_application_id
                    .clone()
                    .map(Value::String),
            ),
        ];
        for (name, value) in fields {
            let Some(value) = value else { continue };
            if get_ci(&body, name)?.is_some() {
                return Err(Error::invalid(format!(
                    "'{name}' is given both as a parameter and in the additional properties"
                )));
            }
            body.insert(name.to_string(), value);
        }
        Ok(Value::Object(body))
    }
}

/// Everything a caller passes to one operation.
#[derive(Debug, Default, Clone)]
pub struct CallArgs {
    pub id: Option<String>,
    pub identity: Option<Value>,
    pub body: Option<Value>,
    pub fields: Option<ExpandedFields>,
    pub options: CallOptions,
}

/// A checked call: the operation, its partner id, body and options.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub op: &'static Operation,
    pub api: ApiVersion,
    pub id: Option<String>,
    /// Shared with the request plan, which sends it as it is.
    pub body: Option<Arc<Map<String, Value>>>,
    pub options: CallOptions,
}

impl Prepared {
    /// Checks `args` against `op` before anything is sent.
    pub fn new(op: &'static Operation, args: CallArgs) -> Result<Self> {
        let id_name = op.resource.id_parameter;
        let id = match op.key {
            KeyInput::None => None,
            KeyInput::Id => {
                let id = args
                    .id
                    .ok_or_else(|| Error::invalid(format!("{id_name} is required")))?;
                check_tenant_id(&id, id_name)?;
                Some(id)
            }
            KeyInput::Identity => {
                let identity = args.identity.ok_or_else(|| {
                    Error::invalid("an identity object (InputObject) is required")
                })?;
                Some(model::identity_key(&identity, id_name)?)
            }
        };
        let api = args.options.api_version.unwrap_or(op.api);
        let body = match op.body {
            BodyInput::None => None,
            BodyInput::Json => {
                let body = args
                    .body
                    .ok_or_else(|| Error::invalid("a body (BodyParameter) is required"))?;
                Some(model::normalize_body(
                    &body,
                    op.resource.schema,
                    api,
                    id.as_deref(),
                )?)
            }
            BodyInput::Expanded => {
                let body = args.fields.unwrap_or_default().to_body()?;
                Some(model::normalize_body(
                    &body,
                    op.resource.schema,
                    api,
                    id.as_deref(),
                )?)
            }
        };
        Ok(Self {
            op,
            api,
            id,
            body: body.map(Arc::new),
            options: args.options,
        })
    }

    /// The URL path and query under the Graph base URL.
    pub fn path_and_query(&self) -> String {
        let mut out = String::new();
        self.write_path_and_query(&mut out);
        out
    }

    /// Appends the URL path and query to `out`.
    fn write_path_and_query(&self, out: &mut String) {
        out.push('/');
        out.push_str(self.api.segment());
        match (self.op.path.split_once("{id}"), &self.id) {
            (Some((before, after)), Some(id)) => {
                out.push_str(before);
                out.push_str(id);
                out.push_str(after);
            }
            _ => out.push_str(self.op.path),
        }
        let o = &self.options;
        let mut first = true;
        let mut param = |out: &mut String, name: &str, value: &str| {
            out.push(if first { '?' } else { '&' });
            first = false;
            out.push_str(name);
            out.push('=');
            encode_query_value(value, out);
        };
        if !o.select.is_empty() {
            param(out, "$select", &o.select.join(","));
        }
        if !o.expand.is_empty() {
            param(out, "$expand", &o.expand.join(","));
        }
        if let Some(f) = &o.filter {
            param(out, "$filter", f);
        }
        if let Some(s) = &o.search {
            param(out, "$search", s);
        }
        if let Some(n) = o.page_size.or(o.top) {
            param(out, "$top", &n.to_string());
        }
        if let Some(n) = o.skip {
            param(out, "$skip", &n.to_string());
        }
        if !o.orderby.is_empty() {
            param(out, "$orderby", &o.orderby.join(","));
        }
        if o.count {
            param(out, "$count", "true");
        }
    }

    /// The request this call sends (first page for lists).
    pub fn plan(
        &self,
        graph_url: &str,
        user_agent: &str,
        client_request_id: String,
    ) -> RequestPlan {
        let mut headers: Vec<(Cow<'static, str>, Cow<'static, str>)> =
            Vec::with_capacity(6 + self.options.headers.len());
        headers.extend([
            ("Accept".into(), "application/json".into()),
            ("Authorization".into(), "Bearer <redacted>".into()),
            ("User-Agent".into(), user_agent.to_string().into()),
            ("client-request-id".into(), client_request_id.into()),
        ]);
        if self.body.is_some() {
            headers.push(("Content-Type".into(), "application/json".into()));
        }
        if let Some(etag) = &self.options.if_match {
            headers.push(("If-Match".into(), etag.clone().into()));
        }
        if (self.options.count || self.options.search.is_some())
            && !self
                .options
                .headers
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case("ConsistencyLevel"))
        {
            headers.push(("ConsistencyLevel".into(), "eventual".into()));
        }
        for (name, value) in &self.options.headers {
            if name.eq_ignore_ascii_case("client-request-id") {
                continue;
            }
            headers.push((name.clone().into(), value.clone().into()));
        }
        let mut url = String::with_capacity(graph_url.len() + 160);
        url.push_str(graph_url);
        self.write_path_and_query(&mut url);
        RequestPlan {
            method: self.op.method.as_str(),
            url,
            headers,
            body: self.body.clone(),
        }
    }

    /// The client-request-id the caller chose (option or header), if any.
    pub fn chosen_client_request_id(&self) -> Option<String> {
        self.options.client_request_id.clone().or_else(|| {
            self.options
                .headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case("client-request-id"))
                .map(|(_, v)| v.clone())
        })
    }
}

/// Percent-encodes a query value, keeping the characters OData expressions
/// use unescaped where that is safe.
fn encode_query_value(value: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~,'()$:@/".contains(&b) {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 15)] as char);
        }
    }
}

/// One HTTP request: what what-if shows and what the transport sends. The
/// Authorization value is never included.
#[derive(Debug, Default, Clone, Serialize)]
pub struct RequestPlan {
    pub method: &'static str,
    pub url: String,
    #[serde(serialize_with = "headers_as_object")]
    pub headers: Vec<(Cow<'static, str>, Cow<'static, str>)>,
    pub body: Option<Arc<Map<String, Value>>>,
}

fn headers_as_object<S: serde::Serializer>(
    headers: &[(Cow<'static, str>, Cow<'static, str>)],
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut map = s.serialize_map(Some(headers.len()))?;
    for (k, v) in headers {
        map.serialize_entry(k, v)?;
    }
    map.end()
}

impl RequestPlan {
    /// The body as sent on the wire.
    pub fn body_text(&self) -> Option<String> {
        self.body
            .as_ref()
            .map(|body| serde_json::to_string(&**body).unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operations::Operation;
    use serde_json::json;

    const ID: &str = "90e29127-71ad-49c7-9ce8-db3f41ea06f1";

    fn op(export: &str) -> &'static Operation {
        Operation::by_export(export).unwrap()
    }

    #[test]
    fn headers_are_validated() {
        let get = op("mgp_identity_sync_get_get");
        for bad in [
            json!({"headers": {"X-A": "a\r\nX-Injected: 1"}}),
            json!({"headers": {"X-A": "a\nb"}}),
            json!({"headers": {"Bad Name": "x"}}),
            json!({"headers": {"Authorization": "Bearer x"}}),
            json!({"headers": {"X-A": "é"}}),
            json!({"headers": {"X-A": ["x"]}}),
            json!({"client_request_id": "a\rb"}),
        ] {
            assert!(CallOptions::parse(Some(&bad), get).is_err(), "{bad}");
        }
        let ok = CallOptions::parse(Some(&json!({"headers": {"X-Trace": "abc 1"}})), get).unwrap();
        assert_eq!(ok.headers, vec![("X-Trace".into(), "abc 1".into())]);
    }

    #[test]
    fn options_must_fit_the_operation() {
        let get = op("mgp_identity_sync_get_get");
        let list = op("mgp_beta_deleted_sync_partner_get_list");
        let remove = op("mgp_identity_sync_remove_delete");
        assert!(CallOptions::parse(Some(&json!({"filter": "x"})), get).is_err());
        assert!(
            CallOptions::parse(Some(&json!({"filter": "x", "top": 5, "all": true})), list).is_ok()
        );
        assert!(CallOptions::parse(Some(&json!({"if_match": "W/\"1\""})), get).is_err());
        assert!(CallOptions::parse(Some(&json!({"if_match": "W/\"1\""})), remove).is_ok());
        assert!(CallOptions::parse(Some(&json!({"select": "a"})), remove).is_err());
        assert!(CallOptions::parse(Some(&json!({"whatif": true})), get).is_err());
        assert!(CallOptions::parse(Some(&json!({"api_version": "v2"})), get).is_err());
    }

    #[test]
    fn plan_carries_query_body_and_no_token() {
        let set = op("mgp_identity_sync_set_set");
        let args = CallArgs {
            id: Some(ID.into()),
            body: Some(json!({"UserSyncInbound": {"IsSyncAllowed": "True"}})),
            ..Default::default()
        };
        let p = Prepared::new(set, args).unwrap();
        let plan = p.plan("https://graph.microsoft.com", "ua", "cid".into());
        assert_eq!(plan.method, "PUT");
        assert_eq!(
            plan.url,
            format!(
                "https://graph.microsoft.com/v1.0/policies/crossTenantAccessPolicy/partners/{ID}/identitySynchronization"
            )
        );
        assert_eq!(
            plan.body_text().unwrap(),
            r#"{"userSyncInbound":{"isSyncAllowed":true}}"#
        );
        assert!(
            plan.headers
                .iter()
                .any(|(n, v)| n == "Authorization" && v == "Bearer <redacted>")
        );

        let list = op("mgp_beta_deleted_sync_partner_get_list");
        let args = CallArgs {
            options: CallOptions::parse(
                Some(&json!({"filter": "displayName eq 'A B'", "top": 2, "count": true})),
                list,
            )
            .unwrap(),
            ..Default::default()
        };
        let p = Prepared::new(list, args).unwrap();
        assert_eq!(
            p.path_and_query(),
            "/beta/policies/deletedItems/crossTenantSyncPolicyPartners?$filter=displayName%20eq%20'A%20B'&$top=2&$count=true"
        );
    }

    #[test]
    fn ids_identities_and_expanded_fields_are_checked() {
        let get = op("mgp_identity_sync_get_get");
        let bad = CallArgs {
            id: Some("../me".into()),
            ..Default::default()
        };
        assert!(Prepared::new(get, bad).is_err());
        let via = op("mgp_identity_sync_get_get_via_identity");
        let args = CallArgs {
            identity: Some(json!({"CrossTenantAccessPolicyConfigurationPartnerTenantId": ID})),
            ..Default::default()
        };
        assert_eq!(Prepared::new(via, args).unwrap().id.as_deref(), Some(ID));
        let expanded = op("mgp_identity_sync_update_update_expanded");
        let fields = ExpandedFields {
            group_sync_inbound: Some(true),
            ..Default::default()
        };
        let args = CallArgs {
            id: Some(ID.into()),
            fields: Some(fields.clone()),
            ..Default::default()
        };
        assert!(
            Prepared::new(expanded, args).is_err(),
            "v1.0 must refuse beta fields"
        );
        let beta = op("mgp_beta_identity_sync_update_update_expanded");
        let args = CallArgs {
            id: Some(ID.into()),
            fields: Some(fields),
            ..Default::default()
        };
        assert!(Prepared::new(beta, args).is_ok());
        let clash = ExpandedFields {
            display_name: Some("a".into()),
            additional_properties: Some(json!({"DisplayName": "b"})),
            ..Default::default()
        };
        assert!(clash.to_body().is_err());
    }
}
