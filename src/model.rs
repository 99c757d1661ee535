//! The Graph types this library sends and receives, described as data: which
//! properties exist, in which API version, with which JSON type. Caller input
//! is checked and normalised against this description before anything is sent.
//!
//! Normalisation follows how PowerShell users write bodies: property names are
//! matched case-insensitively and sent in Graph's camelCase, and the strings
//! "True"/"False" (any case) are accepted where Graph wants a boolean.

use serde_json::{Map, Value};

use crate::error::{Error, Result};

/// The Graph API version a request goes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ApiVersion {
    V1,
    Beta,
}

impl ApiVersion {
    /// The URL segment: `v1.0` or `beta`.
    pub fn segment(self) -> &'static str {
        match self {
            Self::V1 => "v1.0",
            Self::Beta => "beta",
        }
    }

    /// Parses `v1.0` / `beta` (case-insensitive; `v1` is accepted too).
    pub fn parse(text: &str) -> Option<Self> {
        match text.to_ascii_lowercase().as_str() {
            "v1.0" | "v1" => Some(Self::V1),
            "beta" => Some(Self::Beta),
            _ => None,
        }
    }
}

/// The JSON type of a property.
#[derive(Debug)]
pub enum Kind {
    String,
    Bool,
    DateTime,
    Object(&'static Schema),
}

/// One property of a Graph type.
#[derive(Debug)]
pub struct Property {
    /// Graph's (camelCase) name.
    pub name: &'static str,
    pub kind: Kind,
    /// Exists only in the beta API.
    pub beta_only: bool,
    /// The key of the entity: read-only, taken from the URL.
    pub key: bool,
    /// Set by the service; sent back as given, never checked.
    pub server_managed: bool,
}

/// A Graph complex or entity type.
#[derive(Debug)]
pub struct Schema {
    /// Fully qualified name, as in `@odata.type` without the `#`.
    pub type_name: &'static str,
    pub properties: &'static [Property],
}

const fn prop(name: &'static str, kind: Kind) -> Property {
    Property {
        name,
        kind,
        beta_only: false,
        key: false,
        server_managed: false,
    }
}

const fn beta(name: &'static str, kind: Kind) -> Property {
    Property {
        name,
        kind,
        beta_only: true,
        key: false,
        server_managed: false,
    }
}

/// `crossTenantUserSyncInbound`.
pub static USER_SYNC_INBOUND: Schema = Schema {
    type_name: "microsoft.graph.crossTenantUserSyncInbound",
    properties: &[prop("isSyncAllowed", Kind::Bool)],
};

/// `crossTenantGroupSyncInbound` (beta).
pub static GROUP_SYNC_INBOUND: Schema = Schema {
    type_name: "microsoft.graph.crossTenantGroupSyncInbound",
    properties: &[prop("isSyncAllowed", Kind::Bool)],
};

/// `crossTenantIdentitySyncPolicyPartner`: the partner identity
/// synchronization policy. `roleEnabledGroupSyncInbound` is not in the
/// published property tables but is used by deployed beta scripts, so the
/// beta schema accepts it; v1.0 accepts none of the beta properties.
pub static SYNC_POLICY: Schema = Schema {
    type_name: "microsoft.graph.crossTenantIdentitySyncPolicyPartner",
    properties: &[
        Property {
            name: "tenantId",
            kind: Kind::String,
            beta_only: false,
            key: true,
            server_managed: false,
        },
        prop("displayName", Kind::String),
        prop("userSyncInbound", Kind::Object(&USER_SYNC_INBOUND)),
        beta("groupSyncInbound", Kind::Object(&GROUP_SYNC_INBOUND)),
        beta(
            "roleEnabledGroupSyncInbound",
            Kind::Object(&GROUP_SYNC_INBOUND),
        ),
        beta("externalCloudAuthorizedApplicationId", Kind::String),
        Property {
            name: "deletedDateTime",
            kind: Kind::DateTime,
            beta_only: true,
            key: false,
            server_managed: true,
        },
    ],
};

impl Schema {
    /// Finds a property by name, ignoring ASCII case.
    pub fn find(&self, name: &str) -> Option<&'static Property> {
        self.properties
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(name))
    }

    fn short_name(&self) -> &'static str {
        self.type_name.rsplit('.').next().unwrap_or(self.type_name)
    }
}

/// True when `text` is a GUID in the 8-4-4-4-12 form Graph uses for tenant ids.
pub fn is_guid(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 36
        && bytes.iter().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => *b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

/// Checks a partner tenant id before it goes into a URL path.
pub fn check_tenant_id(text: &str, parameter: &str) -> Result<()> {
    if is_guid(text) {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "{parameter} must be a tenant id GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx), got {}",
            quote_short(text)
        )))
    }
}

/// Quotes user text for an error message, cut to a readable length.
pub fn quote_short(text: &str) -> String {
    let cut: String = text.chars().take(64).collect();
    let tail = if cut.len() < text.len() { "..." } else { "" };
    format!("{:?}{tail}", cut)
}

/// Looks up `key` in a JSON object, ignoring ASCII case. More than one match
/// is an error, because the caller's intent is then unclear.
pub fn get_ci<'a>(object: &'a Map<String, Value>, key: &str) -> Result<Option<&'a Value>> {
    let mut found = None;
    for (k, v) in object {
        if k.eq_ignore_ascii_case(key) {
            if found.is_some() {
                return Err(Error::invalid(format!(
                    "'{key}' is given more than once (names are case-insensitive)"
                )));
            }
            found = Some(v);
        }
    }
    Ok(found)
}

/// Reads the partner tenant id out of an identity object (the PowerShell
/// `-InputObject`), where it sits under `key` in any letter case.
pub fn identity_key(identity: &Value, key: &str) -> Result<String> {
    let Value::Object(object) = identity else {
        return Err(Error::invalid(format!(
            "the identity must be a JSON object with the key {key}"
        )));
    };
    match get_ci(object, key)? {
        Some(Value::String(id)) => {
            check_tenant_id(id, key)?;
            Ok(id.clone())
        }
        Some(_) => Err(Error::invalid(format!(
            "identity key {key} must be a string"
        ))),
        None => Err(Error::invalid(format!(
            "the identity object has no {key} property"
        ))),
    }
}

/// Checks and normalises a request body against `schema` for `version`.
/// `key_value` is the id from the URL: a body `tenantId` must equal it.
pub fn normalize_body(
    body: &Value,
    schema: &'static Schema,
    version: ApiVersion,
    key_value: Option<&str>,
) -> Result<Map<String, Value>> {
    normalize_object(body, schema, version, key_value, "")
}

fn normalize_object(
    body: &Value,
    schema: &'static Schema,
    version: ApiVersion,
    key_value: Option<&str>,
    path: &str,
) -> Result<Map<String, Value>> {
    let Value::Object(input) = body else {
        return Err(Error::invalid(format!(
            "{} must be a JSON object, got {}",
            if path.is_empty() { "the body" } else { path },
            json_type(body)
        )));
    };
    let mut out = Map::new();
    for (name, value) in input {
        if name.eq_ignore_ascii_case("@odata.type") {
            check_odata_type(value, schema)?;
            insert_once(&mut out, "@odata.type", value.clone(), path)?;
            continue;
        }
        let Some(property) = schema.find(name) else {
            return Err(Error::invalid(format!(
                "unknown property '{}{name}' for {} ({}); known properties: {}",
                dotted(path),
                schema.short_name(),
                version.segment(),
                known(schema, version)
            )));
        };
        // The property's dotted name, for messages and nested paths.
        let full = || format!("{}{}", dotted(path), property.name);
        if property.beta_only && version == ApiVersion::V1 {
            return Err(Error::invalid(format!(
                "property '{}' exists only in the beta API; use the Beta cmdlet or api_version \"beta\"",
                full()
            )));
        }
        let value = coerce(value, property, version, full)?;
        if let (true, Some(expected), Value::String(given)) = (property.key, key_value, &value)
            && !given.eq_ignore_ascii_case(expected)
        {
            return Err(Error::invalid(format!(
                "'{}' is read-only and must equal the partner tenant id in the path ({expected}), got {}",
                full(),
                quote_short(given)
            )));
        }
        insert_once(&mut out, property.name, value, path)?;
    }
    Ok(out)
}

fn insert_once(out: &mut Map<String, Value>, name: &str, value: Value, path: &str) -> Result<()> {
    if out.insert(name.to_string(), value).is_some() {
        return Err(Error::invalid(format!(
            "property '{}{name}' is given more than once (names are case-insensitive)",
            dotted(path)
        )));
    }
    Ok(())
}

fn coerce(
    value: &Value,
    property: &Property,
    version: ApiVersion,
    full: impl Fn() -> String,
) -> Result<Value> {
    let wrong = || {
        Error::invalid(format!(
            "property '{}' must be {}, got {}",
            full(),
            expected(&property.kind),
            json_type(value)
        ))
    };
    if value.is_null() {
        return Ok(Value::Null);
    }
    match &property.kind {
        Kind::String | Kind::DateTime => match value {
            Value::String(_) => Ok(value.clone()),
            _ => Err(wrong()),
        },
        Kind::Bool => match value {
            Value::Bool(_) => Ok(value.clone()),
            Value::String(s) if s.eq_ignore_ascii_case("true") => Ok(Value::Bool(true)),
            Value::String(s) if s.eq_ignore_ascii_case("false") => Ok(Value::Bool(false)),
            _ => Err(wrong()),
        },
        Kind::Object(schema) => match value {
            Value::Object(_) => Ok(Value::Object(normalize_object(
                value,
                schema,
                version,
                None,
                &full(),
            )?)),
            _ => Err(wrong()),
        },
    }
}

fn check_odata_type(value: &Value, schema: &Schema) -> Result<()> {
    match value {
        Value::String(t)
            if t.trim_start_matches('#')
                .eq_ignore_ascii_case(schema.type_name) =>
        {
            Ok(())
        }
        _ => Err(Error::invalid(format!(
            "@odata.type must be \"#{}\", got {}",
            schema.type_name, value
        ))),
    }
}

fn dotted(path: &str) -> String {
    if path.is_empty() {
        String::new()
    } else {
        format!("{path}.")
    }
}

fn known(schema: &Schema, version: ApiVersion) -> String {
    schema
        .properties
        .iter()
        .filter(|p| version == ApiVersion::Beta || !p.beta_only)
        .map(|p| p.name)
        .collect::<Vec<_>>()
        .join(", ")
}

fn expected(kind: &Kind) -> &'static str {
    match kind {
        Kind::String => "a string or null",
        Kind::DateTime => "a date-time string or null",
        Kind::Bool => "true, false, \"True\", \"False\" or null",
        Kind::Object(_) => "a JSON object or null",
    }
}

/// The JSON type name of a value, for messages.
pub fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// True when the policy Graph holds (`actual`) has exactly the content a
/// create request with `desired` would have produced. Absent and null are the
/// same; the key, annotations and server-managed properties are not compared.
pub fn same_content(desired: &Map<String, Value>, actual: &Value, schema: &Schema) -> bool {
    let Value::Object(actual) = actual else {
        return false;
    };
    let ignored = |name: &str| {
        name.starts_with('@') || schema.find(name).is_some_and(|p| p.key || p.server_managed)
    };
    let names = desired.keys().chain(actual.keys());
    for name in names {
        if ignored(name) {
            continue;
        }
        let want = desired.get(name).unwrap_or(&Value::Null);
        let have = actual.get(name).unwrap_or(&Value::Null);
        if !same_value(want, have) {
            return false;
        }
    }
    true
}

fn same_value(want: &Value, have: &Value) -> bool {
    match (want, have) {
        (Value::Object(w), Value::Object(h)) => w
            .keys()
            .chain(h.keys())
            .filter(|k| !k.starts_with('@'))
            .all(|k| {
                same_value(
                    w.get(k).unwrap_or(&Value::Null),
                    h.get(k).unwrap_or(&Value::Null),
                )
            }),
        (Value::Object(w), Value::Null) | (Value::Null, Value::Object(w)) => {
            w.iter().all(|(k, v)| k.starts_with('@') || v.is_null())
        }
        _ => want == have,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const ID: &str = "90e29127-71ad-49c7-9ce8-db3f41ea06f1";

    #[test]
    fn guid_check() {
        assert!(is_guid(ID));
        assert!(is_guid("90E29127-71AD-49C7-9CE8-DB3F41EA06F1"));
        assert!(!is_guid("90e29127-71ad-49c7-9ce8-db3f41ea06f"));
        assert!(!is_guid("../../../me/x/identitySynchronization?x=1"));
        assert!(!is_guid("90e29127x71ad-49c7-9ce8-db3f41ea06f1"));
    }

    #[test]
    fn pascal_case_and_string_booleans_are_normalised() {
        let body = json!({"DisplayName": "Fabrikam", "UserSyncInbound": {"IsSyncAllowed": "True"}});
        let out = normalize_body(&body, &SYNC_POLICY, ApiVersion::V1, Some(ID)).unwrap();
        assert_eq!(
            Value::Object(out),
            json!({"displayName": "Fabrikam", "userSyncInbound": {"isSyncAllowed": true}})
        );
    }

    #[test]
    fn v1_rejects_beta_and_unknown_properties() {
        let beta = json!({"groupSyncInbound": {"isSyncAllowed": true}});
        let err = normalize_body(&beta, &SYNC_POLICY, ApiVersion::V1, None).unwrap_err();
        assert!(
            err.message.contains("only in the beta API"),
            "{}",
            err.message
        );
        assert!(normalize_body(&beta, &SYNC_POLICY, ApiVersion::Beta, None).is_ok());
        let unknown = json!({"displayNme": "x"});
        let err = normalize_body(&unknown, &SYNC_POLICY, ApiVersion::Beta, None).unwrap_err();
        assert!(err.message.contains("unknown property 'displayNme'"));
        let nested = json!({"userSyncInbound": {"isAllowed": true}});
        let err = normalize_body(&nested, &SYNC_POLICY, ApiVersion::V1, None).unwrap_err();
        assert!(
            err.message.contains("'userSyncInbound.isAllowed'"),
            "{}",
            err.message
        );
    }

    #[test]
    fn wrong_types_duplicates_and_foreign_tenant_ids_are_rejected() {
        for body in [
            json!({"displayName": 5}),
            json!({"userSyncInbound": "yes"}),
            json!({"userSyncInbound": {"isSyncAllowed": "yes"}}),
            json!({"displayName": "a", "DisplayName": "b"}),
            json!({"tenantId": "00000000-0000-0000-0000-000000000001"}),
            json!({"@odata.type": "#microsoft.graph.user"}),
            json!([1, 2]),
        ] {
            assert!(
                normalize_body(&body, &SYNC_POLICY, ApiVersion::V1, Some(ID)).is_err(),
                "{body}"
            );
        }
        let same = json!({"TenantId": ID.to_uppercase(), "displayName": null});
        assert!(normalize_body(&same, &SYNC_POLICY, ApiVersion::V1, Some(ID)).is_ok());
    }

    #[test]
    fn identity_keys_are_case_insensitive_and_checked() {
        let key = "CrossTenantAccessPolicyConfigurationPartnerTenantId";
        let id = identity_key(
            &json!({"crosstenantaccesspolicyconfigurationpartnertenantid": ID}),
            key,
        );
        assert_eq!(id.unwrap(), ID);
        assert!(identity_key(&json!({key: "x/../y"}), key).is_err());
        assert!(identity_key(&json!({"TenantId": ID}), key).is_err());
        assert!(identity_key(&json!(ID), key).is_err());
    }

    #[test]
    fn content_comparison_treats_absent_as_null() {
        let desired = normalize_body(
            &json!({"userSyncInbound": {"isSyncAllowed": true}}),
            &SYNC_POLICY,
            ApiVersion::V1,
            None,
        )
        .unwrap();
        let same = json!({"@odata.context": "x", "tenantId": ID, "displayName": null, "userSyncInbound": {"isSyncAllowed": true}});
        let other = json!({"tenantId": ID, "displayName": "Other", "userSyncInbound": {"isSyncAllowed": true}});
        assert!(same_content(&desired, &same, &SYNC_POLICY));
        assert!(!same_content(&desired, &other, &SYNC_POLICY));
    }
}
