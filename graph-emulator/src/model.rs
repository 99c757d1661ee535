//! The resources (partner configurations and identity synchronization policies),
//! how request bodies are validated, and how objects are rendered per API version.

use crate::errors::{GraphError, GraphResult};
use crate::util::{is_guid, norm_guid};
use indexmap::IndexMap;
use serde_json::{Map, Value};

/// Graph API version of a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ApiVersion {
    V1,
    Beta,
}

impl ApiVersion {
    pub fn as_str(self) -> &'static str {
        match self {
            ApiVersion::V1 => "v1.0",
            ApiVersion::Beta => "beta",
        }
    }
}

pub(crate) const SYNC_TYPE: &str = "microsoft.graph.crossTenantIdentitySyncPolicyPartner";
pub(crate) const PARTNER_TYPE: &str = "microsoft.graph.crossTenantAccessPolicyConfigurationPartner";

/// Properties of crossTenantIdentitySyncPolicyPartner in beta order; the bool says "v1.0 has it".
pub(crate) const SYNC_PROPS: &[(&str, bool)] = &[
    ("tenantId", true),
    ("displayName", true),
    ("deletedDateTime", false),
    ("externalCloudAuthorizedApplicationId", false),
    ("userSyncInbound", true),
    ("groupSyncInbound", false),
    ("roleEnabledGroupSyncInbound", false),
];

/// Properties of crossTenantAccessPolicyConfigurationPartner, in response order.
pub(crate) const PARTNER_PROPS: &[&str] = &[
    "tenantId",
    "isServiceProvider",
    "isInMultiTenantOrganization",
    "inboundTrust",
    "b2bCollaborationOutbound",
    "b2bCollaborationInbound",
    "b2bDirectConnectOutbound",
    "b2bDirectConnectInbound",
    "tenantRestrictions",
    "automaticUserConsentSettings",
    "crossCloudMeetingConfiguration",
];

/// A sync-inbound complex value: `(property, complex type name)`.
fn sync_complex_type(prop: &str) -> Option<&'static str> {
    match prop {
        "userSyncInbound" => Some("microsoft.graph.crossTenantUserSyncInbound"),
        "groupSyncInbound" => Some("microsoft.graph.crossTenantGroupSyncInbound"),
        "roleEnabledGroupSyncInbound" => {
            Some("microsoft.graph.crossTenantRoleEnabledGroupSyncInbound")
        }
        _ => None,
    }
}

/// A stored identity synchronization policy: canonical keys, all beta properties present.
pub(crate) type Object = Map<String, Value>;

#[derive(Clone, Debug, Default)]
pub(crate) struct Partner {
    pub props: Object,
    pub sync: Option<Object>,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct TenantData {
    /// Keyed by lower-case partner tenant ID, in creation order.
    pub partners: IndexMap<String, Partner>,
    /// Soft-deleted sync policies keyed by lower-case partner tenant ID.
    pub deleted_sync: IndexMap<String, Object>,
    /// `crossTenantAccessPolicy/default`, once written.
    pub default_config: Option<Object>,
}

pub(crate) fn new_sync_policy(tenant_id: &str) -> Object {
    let mut m = Map::new();
    for (k, _) in SYNC_PROPS {
        m.insert((*k).to_string(), Value::Null);
    }
    m.insert("tenantId".into(), Value::String(norm_guid(tenant_id)));
    m
}

pub(crate) fn new_partner(tenant_id: &str) -> Object {
    let mut m = Map::new();
    for k in PARTNER_PROPS {
        m.insert((*k).to_string(), Value::Null);
    }
    m.insert("tenantId".into(), Value::String(norm_guid(tenant_id)));
    m.insert("isInMultiTenantOrganization".into(), Value::Bool(false));
    let pair = serde_json::json!({"inboundAllowed": null, "outboundAllowed": null});
    m.insert("automaticUserConsentSettings".into(), pair.clone());
    m.insert("crossCloudMeetingConfiguration".into(), pair);
    m
}

/// Renders a sync policy for a version: v1.0 shows only its three properties.
pub(crate) fn render_sync(policy: &Object, version: ApiVersion) -> Object {
    let mut out = Map::new();
    for (k, in_v1) in SYNC_PROPS {
        if version == ApiVersion::Beta || *in_v1 {
            out.insert(
                (*k).to_string(),
                policy.get(*k).cloned().unwrap_or(Value::Null),
            );
        }
    }
    out
}

pub(crate) fn render_partner(p: &Partner, version: ApiVersion, expand_sync: bool) -> Object {
    let mut out = Map::new();
    for k in PARTNER_PROPS {
        out.insert(
            (*k).to_string(),
            p.props.get(*k).cloned().unwrap_or(Value::Null),
        );
    }
    if expand_sync {
        out.insert(
            "identitySynchronization".into(),
            p.sync
                .as_ref()
                .map(|s| Value::Object(render_sync(s, version)))
                .unwrap_or(Value::Null),
        );
    }
    out
}

/// Looks a property up case-insensitively.
fn canonical<'a>(name: &str, props: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    props.into_iter().find(|p| p.eq_ignore_ascii_case(name))
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "Boolean",
        Value::Number(_) => "Number",
        Value::String(_) => "String",
        Value::Array(_) => "StartArray",
        Value::Object(_) => "StartObject",
    }
}

fn literal(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn no_such_property(name: &str, ty: &str) -> GraphError {
    GraphError::bad_request(format!(
        "The property '{name}' does not exist on type '{ty}'. Make sure to only use property names that are defined by the type or mark the type as open type."
    ))
}

fn expect_bool(v: &Value) -> GraphResult<Value> {
    match v {
        Value::Null | Value::Bool(_) => Ok(v.clone()),
        Value::String(_) | Value::Number(_) => Err(GraphError::bad_request(format!(
            "Cannot convert the literal '{}' to the expected type 'Edm.Boolean'.",
            literal(v)
        ))),
        _ => Err(GraphError::bad_request(format!(
            "An unexpected '{}' node was found when reading from the JSON reader. A 'PrimitiveValue' node was expected.",
            json_kind(v)
        ))),
    }
}

fn expect_string(v: &Value) -> GraphResult<Value> {
    match v {
        Value::Null | Value::String(_) => Ok(v.clone()),
        Value::Bool(_) | Value::Number(_) => Err(GraphError::bad_request(
            "Cannot convert a primitive value to the expected type 'Edm.String'. See the inner exception for more details.",
        )),
        _ => Err(GraphError::bad_request(format!(
            "An unexpected '{}' node was found when reading from the JSON reader. A 'PrimitiveValue' node was expected.",
            json_kind(v)
        ))),
    }
}

fn check_odata_type(v: &Value, expected: &str) -> GraphResult<()> {
    let s = v.as_str().unwrap_or("");
    let s = s.strip_prefix('#').unwrap_or(s);
    if s.eq_ignore_ascii_case(expected) {
        Ok(())
    } else {
        Err(GraphError::bad_request(format!(
            "A type named '{s}' could not be resolved by the model. When a model is available, each type name must resolve to a valid type."
        )))
    }
}

/// Walks the members of a JSON object: annotations are checked or skipped, names are
/// matched case-insensitively against `props`, duplicates are refused.
fn members<'v>(
    obj: &'v Map<String, Value>,
    ty: &str,
    props: &[&'static str],
) -> GraphResult<Vec<(&'static str, &'v Value)>> {
    let mut out: Vec<(&'static str, &'v Value)> = Vec::new();
    for (k, v) in obj {
        if let Some(ann) = k.strip_prefix('@') {
            if ann.eq_ignore_ascii_case("odata.type") {
                check_odata_type(v, ty)?;
            }
            continue;
        }
        if k.contains('@') {
            continue; // property annotation such as userSyncInbound@odata.type
        }
        let Some(c) = canonical(k, props.iter().copied()) else {
            return Err(no_such_property(k, ty));
        };
        if out.iter().any(|(seen, _)| *seen == c) {
            return Err(GraphError::bad_request(format!(
                "Multiple property names '{c}' were found in the request payload; each property can only be specified once."
            )));
        }
        out.push((c, v));
    }
    Ok(out)
}

/// Parses `{"isSyncAllowed": bool}` (or null). Returns the canonical object (all keys present).
fn parse_sync_inbound(v: &Value, ty: &str) -> GraphResult<Value> {
    match v {
        Value::Null => Ok(Value::Null),
        Value::Object(obj) => {
            let mut out = Map::new();
            out.insert("isSyncAllowed".into(), Value::Null);
            for (k, val) in members(obj, ty, &["isSyncAllowed"])? {
                out.insert(k.to_string(), expect_bool(val)?);
            }
            Ok(Value::Object(out))
        }
        _ => Err(GraphError::bad_request(format!(
            "A primitive value was specified; however, a value of the non-primitive type '{ty}' was expected."
        ))),
    }
}

pub(crate) fn parse_json_body(body: &[u8]) -> GraphResult<Map<String, Value>> {
    if body.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(GraphError::bad_request(
            "Empty Payload. JSON content expected.",
        ));
    }
    let v: Value = serde_json::from_slice(body).map_err(|_| {
        GraphError::bad_request(
            "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.",
        )
    })?;
    match v {
        Value::Object(m) => Ok(m),
        other => Err(GraphError::bad_request(format!(
            "An unexpected '{}' node was found when reading from the JSON reader. A 'StartObject' node was expected.",
            json_kind(&other)
        ))),
    }
}

/// Validates a sync-policy body (PUT or PATCH) and returns the properties to write.
pub(crate) fn parse_sync_body(
    version: ApiVersion,
    url_id: &str,
    obj: &Map<String, Value>,
) -> GraphResult<Vec<(&'static str, Value)>> {
    let allowed: Vec<&'static str> = SYNC_PROPS
        .iter()
        .filter(|(_, v1)| version == ApiVersion::Beta || *v1)
        .map(|(k, _)| *k)
        .collect();
    let mut out = Vec::new();
    for (k, v) in members(obj, SYNC_TYPE, &allowed)? {
        match k {
            "tenantId" => {
                let v = expect_string(v)?;
                if let Some(s) = v.as_str()
                    && !norm_guid(s).eq(&norm_guid(url_id))
                {
                    return Err(GraphError::request_bad_request(format!(
                        "The tenantId '{s}' in the request body does not match the partner tenant ID '{url_id}' in the request URL. The tenantId property is read-only."
                    )));
                }
            }
            "displayName" | "externalCloudAuthorizedApplicationId" => {
                out.push((k, expect_string(v)?))
            }
            "deletedDateTime" => {
                // server-managed: accepted and ignored
                let v = expect_string(v)?;
                if let Some(s) = v.as_str()
                    && crate::util::parse_iso(s).is_none()
                {
                    return Err(GraphError::bad_request(format!(
                        "Cannot convert the literal '{s}' to the expected type 'Edm.DateTimeOffset'."
                    )));
                }
            }
            _ => {
                let ty = sync_complex_type(k).expect("complex sync property");
                out.push((k, parse_sync_inbound(v, ty)?));
            }
        }
    }
    Ok(out)
}

/// Merges `patch` into `target`: nested objects are merged member by member.
pub(crate) fn merge_into(target: &mut Object, patch: Vec<(&'static str, Value)>) {
    for (k, v) in patch {
        match (target.get_mut(k), v) {
            (Some(Value::Object(existing)), Value::Object(new)) => {
                for (nk, nv) in new {
                    existing.insert(nk, nv);
                }
            }
            (_, v) => {
                target.insert(k.to_string(), v);
            }
        }
    }
}

/// Lower-cases the first letter of every member name, recursively (PascalCase → camelCase),
/// leaving annotations alone.
fn camel_case_keys(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(k, _)| !k.starts_with('@'))
                .map(|(k, v)| {
                    let mut c = k.chars();
                    let key = match c.next() {
                        Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
                        None => String::new(),
                    };
                    (key, camel_case_keys(v))
                })
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(camel_case_keys).collect()),
        other => other.clone(),
    }
}

/// Properties to write, canonical names.
pub(crate) type Patch = Vec<(&'static str, Value)>;

/// Validates a partner body. `create` requires `tenantId`; otherwise `url_id` must match it.
/// Returns the partner tenant ID (create only) and the properties to write.
pub(crate) fn parse_partner_body(
    obj: &Map<String, Value>,
    url_id: Option<&str>,
) -> GraphResult<(Option<String>, Patch)> {
    let mut props: Vec<&'static str> = PARTNER_PROPS.to_vec();
    props.push("identitySynchronization");
    let mut tenant = None;
    let mut out = Vec::new();
    for (k, v) in members(obj, PARTNER_TYPE, &props)? {
        match k {
            "tenantId" => {
                let v = expect_string(v)?;
                let s = v.as_str().unwrap_or("");
                match url_id {
                    Some(id) => {
                        if !norm_guid(s).eq(&norm_guid(id)) {
                            return Err(GraphError::request_bad_request(format!(
                                "The tenantId '{s}' in the request body does not match the tenant ID '{id}' in the request URL. The tenantId property is read-only."
                            )));
                        }
                    }
                    None => {
                        if !is_guid(s) {
                            return Err(GraphError::request_bad_request(format!(
                                "Invalid value specified for property 'tenantId' of resource 'CrossTenantAccessPolicyConfigurationPartner'. '{s}' is not a valid tenant ID."
                            )));
                        }
                        tenant = Some(norm_guid(s));
                    }
                }
            }
            "isServiceProvider" | "isInMultiTenantOrganization" => out.push((k, expect_bool(v)?)),
            "identitySynchronization" => {
                return Err(GraphError::request_bad_request(
                    "The navigation property 'identitySynchronization' cannot be set through the partner configuration. Use PUT on .../identitySynchronization instead.",
                ));
            }
            "automaticUserConsentSettings" | "crossCloudMeetingConfiguration" => match v {
                Value::Null => out.push((k, Value::Null)),
                Value::Object(m) => {
                    let ty = if k == "automaticUserConsentSettings" {
                        "microsoft.graph.inboundOutboundPolicyConfiguration"
                    } else {
                        "microsoft.graph.crossCloudMeetingConfiguration"
                    };
                    let mut o = Map::new();
                    for (nk, nv) in members(m, ty, &["inboundAllowed", "outboundAllowed"])? {
                        o.insert(nk.to_string(), expect_bool(nv)?);
                    }
                    out.push((k, Value::Object(o)));
                }
                other => {
                    return Err(GraphError::bad_request(format!(
                        "An unexpected '{}' node was found when reading from the JSON reader. A 'StartObject' node was expected.",
                        json_kind(other)
                    )));
                }
            },
            _ => match v {
                Value::Null | Value::Object(_) => out.push((k, camel_case_keys(v))),
                other => {
                    return Err(GraphError::bad_request(format!(
                        "An unexpected '{}' node was found when reading from the JSON reader. A 'StartObject' node was expected.",
                        json_kind(other)
                    )));
                }
            },
        }
    }
    if url_id.is_none() && tenant.is_none() {
        return Err(GraphError::request_bad_request(
            "The property 'tenantId' is required when creating a partner configuration.",
        ));
    }
    Ok((tenant, out))
}

/// Properties of crossTenantAccessPolicyConfigurationDefault, in response order.
pub(crate) const DEFAULT_PROPS: &[&str] = &[
    "isServiceDefault",
    "inboundTrust",
    "b2bCollaborationOutbound",
    "b2bCollaborationInbound",
    "b2bDirectConnectOutbound",
    "b2bDirectConnectInbound",
    "tenantRestrictions",
    "automaticUserConsentSettings",
    "invitationRedemptionIdentityProviderConfiguration",
];

pub(crate) fn new_default_config() -> Object {
    let all_allowed = serde_json::json!({
        "usersAndGroups": {"accessType": "allowed", "targets": [{"target": "AllUsers", "targetType": "user"}]},
        "applications": {"accessType": "allowed", "targets": [{"target": "AllApplications", "targetType": "application"}]}
    });
    let blocked = serde_json::json!({
        "usersAndGroups": {"accessType": "blocked", "targets": [{"target": "AllUsers", "targetType": "user"}]},
        "applications": {"accessType": "blocked", "targets": [{"target": "AllApplications", "targetType": "application"}]}
    });
    let mut m = Map::new();
    m.insert("isServiceDefault".into(), Value::Bool(true));
    m.insert(
        "inboundTrust".into(),
        serde_json::json!({"isMfaAccepted": false, "isCompliantDeviceAccepted": false, "isHybridAzureADJoinedDeviceAccepted": false}),
    );
    m.insert("b2bCollaborationOutbound".into(), all_allowed.clone());
    m.insert("b2bCollaborationInbound".into(), all_allowed);
    m.insert("b2bDirectConnectOutbound".into(), blocked.clone());
    m.insert("b2bDirectConnectInbound".into(), blocked);
    m.insert("tenantRestrictions".into(), Value::Null);
    m.insert(
        "automaticUserConsentSettings".into(),
        serde_json::json!({"inboundAllowed": false, "outboundAllowed": false}),
    );
    m.insert(
        "invitationRedemptionIdentityProviderConfiguration".into(),
        serde_json::json!({"primaryIdentityProviderPrecedenceOrder": ["externalFederation", "azureActiveDirectory", "socialIdentityProviders"], "fallbackIdentityProvider": "defaultConfiguredIdp"}),
    );
    m
}

/// Validates a PATCH body for `crossTenantAccessPolicy/default`.
pub(crate) fn parse_default_body(
    obj: &Map<String, Value>,
) -> GraphResult<Vec<(&'static str, Value)>> {
    let mut out = Vec::new();
    let ty = "microsoft.graph.crossTenantAccessPolicyConfigurationDefault";
    for (k, v) in members(obj, ty, DEFAULT_PROPS)? {
        match k {
            "isServiceDefault" => {
                expect_bool(v)?; // read-only, ignored
            }
            _ => match v {
                Value::Null | Value::Object(_) => out.push((k, camel_case_keys(v))),
                other => {
                    return Err(GraphError::bad_request(format!(
                        "An unexpected '{}' node was found when reading from the JSON reader. A 'StartObject' node was expected.",
                        json_kind(other)
                    )));
                }
            },
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn obj(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    const ID: &str = "90e29127-71ad-49c7-9ce8-db3f41ea06f1";

    #[test]
    fn sync_body_case_insensitive() {
        let p = parse_sync_body(
            ApiVersion::V1,
            ID,
            &obj(json!({"DisplayName": "x", "UserSyncInbound": {"IsSyncAllowed": true}})),
        )
        .unwrap();
        assert_eq!(p[0], ("displayName", json!("x")));
        assert_eq!(p[1], ("userSyncInbound", json!({"isSyncAllowed": true})));
    }

    #[test]
    fn sync_body_rejections() {
        let v1 = |v: Value| parse_sync_body(ApiVersion::V1, ID, &obj(v)).unwrap_err();
        assert_eq!(v1(json!({"groupSyncInbound": null})).status, 400);
        assert_eq!(v1(json!({"foo": 1})).status, 400);
        assert_eq!(
            v1(json!({"userSyncInbound": {"isSyncAllowed": "true"}})).status,
            400
        );
        assert_eq!(v1(json!({"displayName": 5})).status, 400);
        assert_eq!(v1(json!({"userSyncInbound": "yes"})).status, 400);
        assert_eq!(
            v1(json!({"tenantId": "00000000-0000-0000-0000-000000000000"})).status,
            400
        );
        assert_eq!(
            v1(json!({"displayName": "a", "DISPLAYNAME": "b"})).status,
            400
        );
        assert!(
            parse_sync_body(
                ApiVersion::V1,
                ID,
                &obj(json!({"tenantId": ID.to_uppercase()}))
            )
            .is_ok()
        );
        assert!(
            parse_sync_body(
                ApiVersion::Beta,
                ID,
                &obj(json!({"groupSyncInbound": {"isSyncAllowed": true}, "externalCloudAuthorizedApplicationId": "x", "deletedDateTime": "2025-01-01T00:00:00Z"}))
            )
            .is_ok()
        );
    }

    #[test]
    fn merge_nested() {
        let mut p = new_sync_policy(ID);
        merge_into(
            &mut p,
            vec![("userSyncInbound", json!({"isSyncAllowed": true}))],
        );
        merge_into(&mut p, vec![("displayName", json!("n"))]);
        assert_eq!(p["userSyncInbound"], json!({"isSyncAllowed": true}));
        assert_eq!(render_sync(&p, ApiVersion::V1).len(), 3);
        assert_eq!(render_sync(&p, ApiVersion::Beta).len(), SYNC_PROPS.len());
    }

    #[test]
    fn json_body_errors() {
        assert_eq!(parse_json_body(b"  ").unwrap_err().status, 400);
        assert_eq!(parse_json_body(b"{").unwrap_err().status, 400);
        assert_eq!(parse_json_body(b"[]").unwrap_err().status, 400);
    }
}
