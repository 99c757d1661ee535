//! PowerShell's bound parameters to a call: the one place that knows which
//! cmdlet parameter feeds which part of a request, so the PowerShell module
//! can pass `$PSBoundParameters` through unchanged. Parameter names match
//! case-insensitively, as PowerShell's binder does.

use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::model::get_ci;
use crate::operations::{BodyInput, KeyInput, Operation, Reply};
use crate::request::{CallArgs, CallOptions, ExpandedFields};

/// Parameters the PowerShell host handles itself (common parameters,
/// output shaping, ShouldProcess, proxies and pipeline hooks); they are
/// accepted here and ignored.
pub const HOST_PARAMETERS: [&str; 24] = [
    "ResponseHeadersVariable",
    "PassThru",
    "Break",
    "HttpPipelineAppend",
    "HttpPipelinePrepend",
    "Proxy",
    "ProxyCredential",
    "ProxyUseDefaultCredentials",
    "CountVariable",
    "WhatIf",
    "Confirm",
    "Verbose",
    "Debug",
    "ErrorAction",
    "WarningAction",
    "InformationAction",
    "ProgressAction",
    "ErrorVariable",
    "WarningVariable",
    "InformationVariable",
    "OutVariable",
    "OutBuffer",
    "PipelineVariable",
    "UseTransaction",
];

/// Expanded parameters and the body property each one sets.
const EXPANDED: [(&str, &str); 7] = [
    ("DisplayName", "displayName"),
    ("TenantId", "tenantId"),
    ("UserSyncInbound", "userSyncInbound"),
    ("GroupSyncInbound", "groupSyncInbound"),
    ("RoleEnabledGroupSyncInbound", "roleEnabledGroupSyncInbound"),
    (
        "ExternalCloudAuthorizedApplicationId",
        "externalCloudAuthorizedApplicationId",
    ),
    ("DeletedDateTime", "deletedDateTime"),
];

/// Builds the call for `op` from PowerShell bound parameters.
/// `extra_options` (the per-call options object, e.g. `what_if`) is merged in.
pub fn args_from_parameters(
    op: &Operation,
    parameters: &Map<String, Value>,
    extra_options: Option<&Value>,
) -> Result<CallArgs> {
    let mut options = match extra_options {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(o)) => o.clone(),
        Some(_) => return Err(Error::invalid("options must be a JSON object")),
    };
    let mut args = CallArgs::default();
    let mut body = Map::new();
    let mut used: Vec<&str> = Vec::new();
    let mut take = |name: &'static str| -> Result<Option<Value>> {
        let found = get_ci(parameters, name)?.filter(|v| !v.is_null()).cloned();
        if found.is_some() {
            used.push(name);
        }
        Ok(found)
    };
    match op.key {
        KeyInput::None => {}
        KeyInput::Id => args.id = take(op.resource.id_parameter)?.map(text).transpose()?,
        KeyInput::Identity => args.identity = take("InputObject")?,
    }
    match op.body {
        BodyInput::None => {}
        BodyInput::Json => args.body = take("BodyParameter")?,
        BodyInput::Expanded => {
            for (parameter, property) in EXPANDED {
                if let Some(value) = take(parameter)? {
                    body.insert(property.to_string(), value);
                }
            }
            let additional = take("AdditionalProperties")?;
            args.fields = Some(ExpandedFields {
                additional_properties: Some(merge(additional, body)?),
                ..Default::default()
            });
        }
    }
    let mut option = |parameter: &'static str, key: &str| -> Result<()> {
        if let Some(v) = take(parameter)? {
            options.insert(key.to_string(), v);
        }
        Ok(())
    };
    option("Headers", "headers")?;
    if op.if_match {
        option("IfMatch", "if_match")?;
    }
    if op.method == crate::operations::Method::Get {
        option("Property", "select")?;
        option("ExpandProperty", "expand")?;
    }
    if op.reply == Reply::Collection {
        for (parameter, key) in [
            ("Filter", "filter"),
            ("Search", "search"),
            ("Top", "top"),
            ("Skip", "skip"),
            ("Sort", "orderby"),
            ("PageSize", "page_size"),
            ("All", "all"),
        ] {
            option(parameter, key)?;
        }
        if get_ci(parameters, "CountVariable")?.is_some_and(|v| !v.is_null()) {
            options.insert("count".to_string(), Value::Bool(true));
        }
    }
    for name in parameters.keys() {
        let consumed = used.iter().any(|u| u.eq_ignore_ascii_case(name));
        let host = HOST_PARAMETERS.iter().any(|h| h.eq_ignore_ascii_case(name));
        if !consumed && !host && !parameters[name].is_null() {
            return Err(Error::invalid(format!(
                "parameter -{name} does not apply to {}",
                op.should_process_action()
            )));
        }
    }
    args.options = CallOptions::parse(Some(&Value::Object(options)), op)?;
    Ok(args)
}

fn text(value: Value) -> Result<String> {
    match value {
        Value::String(s) => Ok(s),
        other => Err(Error::invalid(format!("expected a string, got {other}"))),
    }
}

/// `-AdditionalProperties` plus the expanded parameters; a property given
/// both ways is an error.
fn merge(additional: Option<Value>, expanded: Map<String, Value>) -> Result<Value> {
    let mut out = match additional {
        None => Map::new(),
        Some(Value::Object(m)) => m,
        Some(_) => return Err(Error::invalid("-AdditionalProperties must be a hashtable")),
    };
    for (name, value) in expanded {
        if get_ci(&out, &name)?.is_some() {
            return Err(Error::invalid(format!(
                "'{name}' is given both as a parameter and in -AdditionalProperties"
            )));
        }
        out.insert(name, value);
    }
    Ok(Value::Object(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::Prepared;
    use serde_json::json;

    const ID: &str = "90e29127-71ad-49c7-9ce8-db3f41ea06f1";

    fn prepare(cmdlet: &str, set: &str, params: Value) -> Result<Prepared> {
        let op = Operation::find(cmdlet, Some(set)).unwrap();
        let Value::Object(p) = params else { panic!() };
        Prepared::new(op, args_from_parameters(op, &p, None)?)
    }

    #[test]
    fn expanded_parameters_become_the_body() {
        let p = prepare(
            "Set-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization",
            "SetExpanded",
            json!({"crossTenantAccessPolicyConfigurationPartnerTenantId": ID, "DisplayName": "F",
                   "UserSyncInbound": {"IsSyncAllowed": "True"}, "AdditionalProperties": {"groupSyncInbound": {"isSyncAllowed": false}},
                   "WhatIf": true, "ErrorAction": "Stop", "ResponseHeadersVariable": "h"}),
        )
        .unwrap();
        assert_eq!(p.id.as_deref(), Some(ID));
        assert_eq!(
            Value::Object((*p.body.unwrap()).clone()),
            json!({"groupSyncInbound": {"isSyncAllowed": false}, "displayName": "F", "userSyncInbound": {"isSyncAllowed": true}})
        );
    }

    #[test]
    fn list_parameters_become_query_options() {
        let p = prepare(
            "Get-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner",
            "List",
            json!({"Filter": "displayName eq 'x'", "Top": 5, "All": true, "CountVariable": "n", "Property": ["tenantId"]}),
        )
        .unwrap();
        assert!(p.options.all);
        assert!(p.options.count);
        assert_eq!(p.options.top, Some(5));
        assert_eq!(p.options.select, vec!["tenantId".to_string()]);
    }

    #[test]
    fn parameters_of_other_sets_are_refused() {
        let err = prepare(
            "Get-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization",
            "Get",
            json!({"CrossTenantAccessPolicyConfigurationPartnerTenantId": ID, "Filter": "x"}),
        )
        .unwrap_err();
        assert!(err.message.contains("-Filter"), "{}", err.message);
        let ok = prepare(
            "Remove-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization",
            "DeleteViaIdentity",
            json!({"InputObject": {"CrossTenantAccessPolicyConfigurationPartnerTenantId": ID}, "IfMatch": "*", "PassThru": true}),
        )
        .unwrap();
        assert_eq!(ok.options.if_match.as_deref(), Some("*"));
    }
}
