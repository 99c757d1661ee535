//! One export per cmdlet parameter set (rows of [`crate::operations::OPERATIONS`]),
//! plus `mgp_operation_invoke`, which reaches any row by cmdlet name.
//!
//! Operation exports: on any outcome after the arguments were accepted (a
//! success, a Graph error, a transport failure, what-if) the export writes a
//! new `mgp_response` to `*out_response`, which the caller frees with
//! `mgp_response_free`, and returns the same status the response holds, so
//! headers, the error body and the request are available on failures too.
//! When the call is refused before a request is formed (NULL or invalid
//! arguments, a caught panic) nothing is written. The export takes
//! ownership of nothing; every string argument stays the caller's.

use std::ffi::c_char;

use serde_json::Value;

use super::{
    MGP_TRISTATE_FALSE, MGP_TRISTATE_TRUE, MGP_TRISTATE_UNSET, check_out, client_ref, guard,
    json_arg, mgp_client, mgp_response, opt_json_arg, opt_str_arg, str_arg, write_out,
};
use crate::error::{Error, Result, mgp_status};
use crate::model::get_ci;
use crate::operations::Operation;
use crate::request::{CallArgs, CallOptions, ExpandedFields};

/// The expanded parameters of the `*Expanded` parameter sets. Every pointer
/// may be NULL (the property is not sent). Tri-states take
/// `MGP_TRISTATE_UNSET`, `MGP_TRISTATE_FALSE` or `MGP_TRISTATE_TRUE`.
/// `group_sync_inbound`, `role_enabled_group_sync_inbound` and
/// `external_cloud_authorized_application_id` exist only in beta.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct mgp_sync_policy_fields {
    /// `-DisplayName`.
    pub display_name: *const c_char,
    /// `-TenantId`: read-only in Graph; must equal the partner tenant id.
    pub tenant_id: *const c_char,
    /// `-ExternalCloudAuthorizedApplicationId` (beta).
    pub external_cloud_authorized_application_id: *const c_char,
    /// `-AdditionalProperties`: a JSON object of further body properties.
    pub additional_properties_json: *const c_char,
    /// `-UserSyncInbound @{IsSyncAllowed = ...}`.
    pub user_sync_inbound: u32,
    /// `-GroupSyncInbound @{IsSyncAllowed = ...}` (beta).
    pub group_sync_inbound: u32,
    /// `-RoleEnabledGroupSyncInbound @{IsSyncAllowed = ...}` (beta).
    pub role_enabled_group_sync_inbound: u32,
}

fn tristate(value: u32, name: &str) -> Result<Option<bool>> {
    match value {
        MGP_TRISTATE_UNSET => Ok(None),
        MGP_TRISTATE_FALSE => Ok(Some(false)),
        MGP_TRISTATE_TRUE => Ok(Some(true)),
        other => Err(Error::invalid(format!(
            "{name} must be MGP_TRISTATE_UNSET (0), MGP_TRISTATE_FALSE (1) or MGP_TRISTATE_TRUE (2), got {other}"
        ))),
    }
}

fn read_fields(fields: *const mgp_sync_policy_fields) -> Result<ExpandedFields> {
    if fields.is_null() {
        return Ok(ExpandedFields::default());
    }
    // SAFETY: non-NULL, and the caller promises a valid, initialised
    // `mgp_sync_policy_fields` for the duration of the call. It is copied.
    let f = unsafe { *fields };
    Ok(ExpandedFields {
        display_name: opt_str_arg(f.display_name, "fields.display_name")?.map(str::to_string),
        tenant_id: opt_str_arg(f.tenant_id, "fields.tenant_id")?.map(str::to_string),
        external_cloud_authorized_application_id: opt_str_arg(
            f.external_cloud_authorized_application_id,
            "fields.external_cloud_authorized_application_id",
        )?
        .map(str::to_string),
        additional_properties: opt_json_arg(
            f.additional_properties_json,
            "fields.additional_properties_json",
        )?,
        user_sync_inbound: tristate(f.user_sync_inbound, "fields.user_sync_inbound")?,
        group_sync_inbound: tristate(f.group_sync_inbound, "fields.group_sync_inbound")?,
        role_enabled_group_sync_inbound: tristate(
            f.role_enabled_group_sync_inbound,
            "fields.role_enabled_group_sync_inbound",
        )?,
    })
}

enum Key {
    None,
    Id(*const c_char),
    Identity(*const c_char),
}

enum Body {
    None,
    Expanded(*const mgp_sync_policy_fields),
    Json(*const c_char),
}

fn run(
    export: &str,
    client: *const mgp_client,
    key: Key,
    body: Body,
    options_json: *const c_char,
    out_response: *mut *mut mgp_response,
) -> mgp_status {
    guard(|| {
        check_out(out_response, "out_response")?;
        let client = client_ref(client)?;
        let op = Operation::by_export(export)
            .ok_or_else(|| Error::invalid(format!("no operation row for {export}")))?;
        let mut args = CallArgs::default();
        match key {
            Key::None => {}
            Key::Id(p) => args.id = Some(str_arg(p, "partner_tenant_id")?.to_string()),
            Key::Identity(p) => args.identity = Some(json_arg(p, "identity_json")?),
        }
        match body {
            Body::None => {}
            Body::Expanded(p) => args.fields = Some(read_fields(p)?),
            Body::Json(p) => args.body = Some(json_arg(p, "body_json")?),
        }
        args.options =
            CallOptions::parse(opt_json_arg(options_json, "options_json")?.as_ref(), op)?;
        respond(client.call(op, args)?, out_response)
    })
}

fn respond(response: crate::response::Response, out: *mut *mut mgp_response) -> Result<mgp_status> {
    let status = response.status;
    let message = response.message.clone();
    write_out(out, mgp_response::new(response));
    if status == mgp_status::Ok {
        Ok(status)
    } else {
        Err(Error::new(status, message))
    }
}

/// Runs any operation by its PowerShell name: `cmdlet` (e.g.
/// `"Get-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner"`, any case) and
/// `parameter_set` (NULL for the cmdlet's default set). `args_json` (may be
/// NULL) is an object with the keys the set takes: `"id"` (the partner tenant
/// id), `"identity"` (the InputObject), `"body"` (the BodyParameter),
/// `"fields"` (`display_name`, `tenant_id`, `user_sync_inbound`,
/// `group_sync_inbound`, `role_enabled_group_sync_inbound` as true/false/null,
/// `external_cloud_authorized_application_id`, `additional_properties`), and
/// `"options"`: `headers` (object), `if_match`, `select`, `expand`,
/// `client_request_id`, `api_version` (`"v1.0"`/`"beta"`), `what_if` (send
/// nothing; the response describes the request), and for lists `filter`,
/// `search`, `top`, `skip`, `orderby`, `count`, `all`, `page_size`.
/// Instead of `id`/`identity`/`body`/`fields`, `"parameters"` may hold the
/// cmdlet's bound parameters by their PowerShell names (e.g.
/// `CrossTenantAccessPolicyConfigurationPartnerTenantId`, `InputObject`,
/// `BodyParameter`, `DisplayName`, `UserSyncInbound`, `AdditionalProperties`,
/// `IfMatch`, `Property`, `ExpandProperty`, `Filter`, `Top`, `All`,
/// `Headers`, ...; names are case-insensitive, host-side parameters such as
/// `WhatIf` or `ErrorAction` are ignored, any other name is refused).
/// `out_response` and the status follow the operation-export rules above.
#[unsafe(no_mangle)]
pub extern "C" fn mgp_operation_invoke(
    client: *const mgp_client,
    cmdlet: *const c_char,
    parameter_set: *const c_char,
    args_json: *const c_char,
    out_response: *mut *mut mgp_response,
) -> mgp_status {
    guard(|| {
        check_out(out_response, "out_response")?;
        let client = client_ref(client)?;
        let name = str_arg(cmdlet, "cmdlet")?;
        let set = opt_str_arg(parameter_set, "parameter_set")?;
        let op = Operation::find(name, set).ok_or_else(|| {
            Error::invalid(format!(
                "no operation {name}{}",
                set.map(|s| format!(" with parameter set {s}"))
                    .unwrap_or_default()
            ))
        })?;
        let args = match opt_json_arg(args_json, "args_json")? {
            None | Some(Value::Null) => serde_json::Map::new(),
            Some(Value::Object(m)) => m,
            Some(_) => return Err(Error::invalid("args_json must be a JSON object")),
        };
        let call = invoke_args(op, &args)?;
        respond(client.call(op, call)?, out_response)
    })
}

fn invoke_args(op: &Operation, args: &serde_json::Map<String, Value>) -> Result<CallArgs> {
    for key in args.keys() {
        if !["id", "identity", "body", "fields", "options", "parameters"].contains(&key.as_str()) {
            return Err(Error::invalid(format!(
                "unknown key '{key}' in args_json; use id, identity, body, fields, options, parameters"
            )));
        }
    }
    if let Some(parameters) = args.get("parameters") {
        let Value::Object(parameters) = parameters else {
            return Err(Error::invalid("args_json.parameters must be an object"));
        };
        if args.keys().any(|k| k != "parameters" && k != "options") {
            return Err(Error::invalid(
                "args_json.parameters goes only with options, not with id, identity, body or fields",
            ));
        }
        return crate::powershell::args_from_parameters(op, parameters, args.get("options"));
    }
    let mut call = CallArgs {
        options: CallOptions::parse(args.get("options"), op)?,
        identity: args.get("identity").cloned(),
        body: args.get("body").cloned(),
        ..Default::default()
    };
    call.id = match args.get("id") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => return Err(Error::invalid("args_json.id must be a string")),
    };
    if let Some(fields) = args.get("fields") {
        call.fields = Some(fields_from_json(fields)?);
    }
    Ok(call)
}

fn fields_from_json(value: &Value) -> Result<ExpandedFields> {
    let Value::Object(map) = value else {
        return Err(Error::invalid("args_json.fields must be an object"));
    };
    const KNOWN: [&str; 7] = [
        "display_name",
        "tenant_id",
        "user_sync_inbound",
        "group_sync_inbound",
        "role_enabled_group_sync_inbound",
        "external_cloud_authorized_application_id",
        "additional_properties",
    ];
    for key in map.keys() {
        if !KNOWN.iter().any(|k| k.eq_ignore_ascii_case(key)) {
            return Err(Error::invalid(format!(
                "unknown field '{key}'; known fields: {}",
                KNOWN.join(", ")
            )));
        }
    }
    let text = |k: &str| -> Result<Option<String>> {
        match get_ci(map, k)? {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(Error::invalid(format!("field '{k}' must be a string"))),
        }
    };
    let flag = |k: &str| -> Result<Option<bool>> {
        match get_ci(map, k)? {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(Value::String(s)) if s.eq_ignore_ascii_case("true") => Ok(Some(true)),
            Some(Value::String(s)) if s.eq_ignore_ascii_case("false") => Ok(Some(false)),
            Some(_) => Err(Error::invalid(format!(
                "field '{k}' must be true, false or null"
            ))),
        }
    };
    Ok(ExpandedFields {
        display_name: text("display_name")?,
        tenant_id: text("tenant_id")?,
        external_cloud_authorized_application_id: text("external_cloud_authorized_application_id")?,
        additional_properties: get_ci(map, "additional_properties")?.cloned(),
        user_sync_inbound: flag("user_sync_inbound")?,
        group_sync_inbound: flag("group_sync_inbound")?,
        role_enabled_group_sync_inbound: flag("role_enabled_group_sync_inbound")?,
    })
}

/// `Get-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization`, parameter set `Get`: `GET /v1.0/policies/crossTenantAccessPolicy/partners/{id}/identitySynchronization`, success 200 with the object.
/// `partner_tenant_id` (required) is `-CrossTenantAccessPolicyConfigurationPartnerTenantId`, a GUID.
/// `options_json` (may be NULL) holds per-call options (see `mgp_operation_invoke`).
/// See "Operation exports" at the top of this header for `out_response` and the status.
#[unsafe(no_mangle)]
pub extern "C" fn mgp_identity_sync_get_get(
    client: *const mgp_client,
    partner_tenant_id: *const c_char,
    options_json: *const c_char,
    out_response: *mut *mut mgp_response,
) -> mgp_status {
    run(
        "mgp_identity_sync_get_get",
        client,
        Key::Id(partner_tenant_id),
        Body::None,
        options_json,
        out_response,
    )
}

/// `Get-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization`, parameter set `GetViaIdentity`: `GET /v1.0/policies/crossTenantAccessPolicy/partners/{id}/identitySynchronization`, success 200 with the object.
/// `identity_json` (required) is `-InputObject`: a JSON object with the key `CrossTenantAccessPolicyConfigurationPartnerTenantId` (any letter case).
/// `options_json` (may be NULL) holds per-call options (see `mgp_operation_invoke`).
/// See "Operation exports" at the top of this header for `out_response` and the status.
#[unsafe(no_mangle)]
pub extern "C" fn mgp_identity_sync_get_get_via_identity(
    client: *const mgp_client,
    identity_json: *const c_char,
    options_json: *const c_char,
    out_response: *mut *mut mgp_response,
) -> mgp_status {
    run(
        "mgp_identity_sync_get_get_via_identity",
        client,
        Key::Identity(identity_json),
        Body::None,
        options_json,
        out_response,
    )
}

/// `Set-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization`, parameter set `SetExpanded`: `PUT /v1.0/policies/crossTenantAccessPolicy/partners/{id}/identitySynchronization`, success 204 (a create: Graph answers 409 if a policy exists).
/// `partner_tenant_id` (required) is `-CrossTenantAccessPolicyConfigurationPartnerTenantId`, a GUID.
/// `fields` (may be NULL: no properties) holds the expanded parameters. The beta-only fields must be unset.
/// `options_json` (may be NULL) holds per-call options (see `mgp_operation_invoke`).
/// See "Operation exports" at the top of this header for `out_response` and the status.
#[unsafe(no_mangle)]
pub extern "C" fn mgp_identity_sync_set_set_expanded(
    client: *const mgp_client,
    partner_tenant_id: *const c_char,
    fields: *const mgp_sync_policy_fields,
    options_json: *const c_char,
    out_response: *mut *mut mgp_response,
) -> mgp_status {
    run(
        "mgp_identity_sync_set_set_expanded",
        client,
        Key::Id(partner_tenant_id),
        Body::Expanded(fields),
        options_json,
        out_response,
    )
}

/// `Set-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization`, parameter set `Set`: `PUT /v1.0/policies/crossTenantAccessPolicy/partners/{id}/identitySynchronization`, success 204 (a create: Graph answers 409 if a policy exists).
/// `partner_tenant_id` (required) is `-CrossTenantAccessPolicyConfigurationPartnerTenantId`, a GUID.
/// `body_json` (required) is `-BodyParameter`: the policy as JSON; names are matched case-insensitively, "True"/"False" strings become booleans, unknown and beta-only properties are refused.
/// `options_json` (may be NULL) holds per-call options (see `mgp_operation_invoke`).
/// See "Operation exports" at the top of this header for `out_response` and the status.
#[unsafe(no_mangle)]
pub extern "C" fn mgp_identity_sync_set_set(
    client: *const mgp_client,
    partner_tenant_id: *const c_char,
    body_json: *const c_char,
    options_json: *const c_char,
    out_response: *mut *mut mgp_response,
) -> mgp_status {
    run(
        "mgp_identity_sync_set_set",
        client,
        Key::Id(partner_tenant_id),
        Body::Json(body_json),
        options_json,
        out_response,
    )
}

/// `Set-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization`, parameter set `SetViaIdentityExpanded`: `PUT /v1.0/policies/crossTenantAccessPolicy/partners/{id}/identitySynchronization`, success 204 (a create: Graph answers 409 if a policy exists).
/// `identity_json` (required) is `-InputObject`: a JSON object with the key `CrossTenantAccessPolicyConfigurationPartnerTenantId` (any letter case).
/// `fields` (may be NULL: no properties) holds the expanded parameters. The beta-only fields must be unset.
/// `options_json` (may be NULL) holds per-call options (see `mgp_operation_invoke`).
/// See "Operation exports" at the top of this header for `out_response` and the status.
#[unsafe(no_mangle)]
pub extern "C" fn mgp_identity_sync_set_set_via_identity_expanded(
    client: *const mgp_client,
    identity_json: *const c_char,
    fields: *const mgp_sync_policy_fields,
    options_json: *const c_char,
    out_response: *mut *mut mgp_response,
) -> mgp_status {
    run(
        "mgp_identity_sync_set_set_via_identity_expanded",
        client,
        Key::Identity(identity_json),
        Body::Expanded(fields),
        options_json,
        out_response,
    )
}

/// `Set-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization`, parameter set `SetViaIdentity`: `PUT /v1.0/policies/crossTenantAccessPolicy/partners/{id}/identitySynchronization`, success 204 (a create: Graph answers 409 if a policy exists).
/// `identity_json` (required) is `-InputObject`: a JSON object with the key `CrossTenantAccessPolicyConfigurationPartnerTenantId` (any letter case).
/// `body_json` (required) is `-BodyParameter`: the policy as JSON; names are matched case-insensitively, "True"/"False" strings become booleans, unknown and beta-only properties are refused.
/// `options_json` (may be NULL) holds per-call options (see `mgp_operation_invoke`).
/// See "Operation exports" at the top of this header for `out_response` and the status.
#[unsafe(no_mangle)]
pub extern "C" fn mgp_identity_sync_set_set_via_identity(
    client: *const mgp_client,
    identity_json: *const c_char,
    body_json: *const c_char,
    options_json: *const c_char,
    out_response: *mut *mut mgp_response,
) -> mgp_status {
    run(
        "mgp_identity_sync_set_set_via_identity",
        client,
        Key::Identity(identity_json),
        Body::Json(body_json),
        options_json,
        out_response,
    )
}

/// `Update-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization`, parameter set `UpdateExpanded`: `PATCH /v1.0/policies/crossTenantAccessPolicy/partners/{id}/identitySynchronization`, success 204.
/// `partner_tenant_id` (required) is `-CrossTenantAccessPolicyConfigurationPartnerTenantId`, a GUID.
/// `fields` (may be NULL: no properties) holds the expanded parameters. The beta-only fields must be unset.
/// `options_json` (may be NULL) holds per-call options (see `mgp_operation_invoke`).
/// See "Operation exports" at the top of this header for `out_response` and the status.
#[unsafe(no_mangle)]
pub extern "C" fn mgp_identity_sync_update_update_expanded(
    client: *const mgp_client,
    partner_tenant_id: *const c_char,
    fields: *const mgp_sync_policy_fields,
    options_json: *const c_char,
    out_response: *mut *mut mgp_response,
) -> mgp_status {
    run(
        "mgp_identity_sync_update_update_expanded",
        client,
        Key::Id(partner_tenant_id),
        Body::Expanded(fields),
        options_json,
        out_response,
    )
}

/// `Update-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization`, parameter set `Update`: `PATCH /v1.0/policies/crossTenantAccessPolicy/partners/{id}/identitySynchronization`, success 204.
/// `partner_tenant_id` (required) is `-CrossTenantAccessPolicyConfigurationPartnerTenantId`, a GUID.
/// `body_json` (required) is `-BodyParameter`: the policy as JSON; names are matched case-insensitively, "True"/"False" strings become booleans, unknown and beta-only properties are refused.
/// `options_json` (may be NULL) holds per-call options (see `mgp_operation_invoke`).
/// See "Operation exports" at the top of this header for `out_response` and the status.
#[unsafe(no_mangle)]
pub extern "C" fn mgp_identity_sync_update_update(
    client: *const mgp_client,
    partner_tenant_id: *const c_char,
    body_json: *const c_char,
    options_json: *const c_char,
    out_response: *mut *mut mgp_response,
) -> mgp_status {
    run(
        "mgp_identity_sync_update_update",
        client,
        Key::Id(partner_tenant_id),
        Body::Json(body_json),
        options_json,
        out_response,
    )
}

/// `Update-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization`, parameter set `UpdateViaIdentityExpanded`: `PATCH /v1.0/policies/crossTenantAccessPolicy/partners/{id}/identitySynchronization`, success 204.
/// `identity_json` (required) is `-InputObject`: a JSON object with the key `CrossTenantAccessPolicyConfigurationPartnerTenantId` (any letter case).
/// `fields` (may be NULL: no properties) holds the expanded parameters. The beta-only fields must be unset.
/// `options_json` (may be NULL) holds per-call options (see `mgp_operation_invoke`).
/// See "Operation exports" at the top of this header for `out_response` and the status.
#[unsafe(no_mangle)]
pub extern "C" fn mgp_identity_sync_update_update_via_identity_expanded(
    client: *const mgp_client,
    identity_json: *const c_char,
    fields: *const mgp_sync_policy_fields,
    options_json: *const c_char,
    out_response: *mut *mut mgp_response,
) -> mgp_status {
    run(
        "mgp_identity_sync_update_update_via_identity_expanded",
        client,
        Key::Identity(identity_json),
        Body::Expanded(fields),
        options_json,
        out_response,
    )
}

/// `Update-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization`, parameter set `UpdateViaIdentity`: `PATCH /v1.0/policies/crossTenantAccessPolicy/partners/{id}/identitySynchronization`, success 204.
/// `identity_json` (required) is `-InputObject`: a JSON object with the key `CrossTenantAccessPolicyConfigurationPartnerTenantId` (any letter case).
/// `body_json` (required) is `-BodyParameter`: the policy as JSON; names are matched case-insensitively, "True"/"False" strings become booleans, unknown and beta-only properties are refused.
/// `options_json` (may be NULL) holds per-call options (see `mgp_operation_invoke`).
/// See "Operation exports" at the top of this header for `out_response` and the status.
#[unsafe(no_mangle)]
pub extern "C" fn mgp_identity_sync_update_update_via_identity(
    client: *const mgp_client,
    identity_json: *const c_char,
    body_json: *const c_char,
    options_json: *const c_char,
    out_response: *mut *mut mgp_response,
) -> mgp_status {
    run(
        "mgp_identity_sync_update_update_via_identity",
        client,
        Key::Identity(identity_json),
        Body::Json(body_json),
        options_json,
        out_response,
    )
}

/// `Remove-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization`, parameter set `Delete`: `DELETE /v1.0/policies/crossTenantAccessPolicy/partners/{id}/identitySynchronization`, success 204.
/// `partner_tenant_id` (required) is `-CrossTenantAccessPolicyConfigurationPartnerTenantId`, a GUID.
/// `options_json` (may be NULL) holds per-call options (see `mgp_operation_invoke`).
/// See "Operation exports" at the top of this header for `out_response` and the status.
#[unsafe(no_mangle)]
pub extern "C" fn mgp_identity_sync_remove_delete(
    client: *const mgp_client,
    partner_tenant_id: *const c_char,
    options_json: *const c_char,
    out_response: *mut *mut mgp_response,
) -> mgp_status {
    run(
        "mgp_identity_sync_remove_delete",
        client,
        Key::Id(partner_tenant_id),
        Body::None,
        options_json,
        out_response,
    )
}

/// `Remove-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization`, parameter set `DeleteViaIdentity`: `DELETE /v1.0/policies/crossTenantAccessPolicy/partners/{id}/identitySynchronization`, success 204.
/// `identity_json` (required) is `-InputObject`: a JSON object with the key `CrossTenantAccessPolicyConfigurationPartnerTenantId` (any letter case).
/// `options_json` (may be NULL) holds per-call options (see `mgp_operation_invoke`).
/// See "Operation exports" at the top of this header for `out_response` and the status.
#[unsafe(no_mangle)]
pub extern "C" fn mgp_identity_sync_remove_delete_via_identity(
    client: *const mgp_client,
    identity_json: *const c_char,
    options_json: *const c_char,
    out_response: *mut *mut mgp_response,
) -> mgp_status {
    run(
        "mgp_identity_sync_remove_delete_via_identity",
        client,
        Key::Identity(identity_json),
        Body::None,
        options_json,
        out_response,
    )
}

/// `Get-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization`, parameter set `Get`: `GET /beta/policies/crossTenantAccessPolicy/partners/{id}/identitySynchronization`, success 200 with the object.
/// `partner_tenant_id` (required) is `-CrossTenantAccessPolicyConfigurationPartnerTenantId`, a GUID.
/// `options_json` (may be NULL) holds per-call options (see `mgp_operation_invoke`).
/// See "Operation exports" at the top of this header for `out_response` and the status.
#[unsafe(no_mangle)]
pub extern "C" fn mgp_beta_identity_sync_get_get(
    client: *const mgp_client,
    partner_tenant_id: *const c_char,
    options_json: *const c_char,
    out_response: *mut *mut mgp_response,
) -> mgp_status {
    run(
        "mgp_beta_identity_sync_get_get",
        client,
        Key::Id(partner_tenant_id),
        Body::None,
        options_json,
        out_response,
    )
}

/// `Get-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization`, parameter set `GetViaIdentity`: `GET /beta/policies/crossTenantAccessPolicy/partners/{id}/identitySynchronization`, success 200 with the object.
/// `identity_json` (required) is `-InputObject`: a JSON object with the key `CrossTenantAccessPolicyConfigurationPartnerTenantId` (any letter case).
/// `options_json` (may be NULL) holds per-call options (see `mgp_operation_invoke`).
/// See "Operation exports" at the top of this header for `out_response` and the status.
#[unsafe(no_mangle)]
pub extern "C" fn mgp_beta_identity_sync_get_get_via_identity(
    client: *const mgp_client,
    identity_json: *const c_char,
    options_json: *const c_char,
    out_response: *mut *mut mgp_response,
) -> mgp_status {
    run(
        "mgp_beta_identity_sync_get_get_via_identity",
        client,
        Key::Identity(identity_json),
        Body::None,
        options_json,
        out_response,
    )
}

/// `Set-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization`, parameter set `SetExpanded`: `PUT /beta/policies/crossTenantAccessPolicy/partners/{id}/identitySynchronization`, success 204 (a create: Graph answers 409 if a policy exists).
/// `partner_tenant_id` (required) is `-CrossTenantAccessPolicyConfigurationPartnerTenantId`, a GUID.
/// `fields` (may be NULL: no properties) holds the expanded parameters.
/// `options_json` (may be NULL) holds per-call options (see `mgp_operation_invoke`).
/// See "Operation exports" at the top of this header for `out_response` and the status.
#[unsafe(no_mangle)]
pub extern "C" fn mgp_beta_identity_sync_set_set_expanded(
    client: *const mgp_client,
    partner_tenant_id: *const c_char,
    fields: *const mgp_sync_policy_fields,
    options_json: *const c_char,
    out_response: *mut *mut mgp_response,
) -> mgp_status {
    run(
        "mgp_beta_identity_sync_set_set_expanded",
        client,
        Key::Id(partner_tenant_id),
        Body::Expanded(fields),
        options_json,
        out_response,
    )
}

/// `Set-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization`, parameter set `Set`: `PUT /beta/policies/crossTenantAccessPolicy/partners/{id}/identitySynchronization`, success 204 (a create: Graph answers 409 if a policy exists).
/// `partner_tenant_id` (required) is `-CrossTenantAccessPolicyConfigurationPartnerTenantId`, a GUID.
/// `body_json` (required) is `-BodyParameter`: the policy as JSON; names are matched case-insensitively, "True"/"False" strings become booleans, unknown properties are refused.
/// `options_json` (may be NULL) holds per-call options (see `mgp_operation_invoke`).
/// See "Operation exports" at the top of this header for `out_response` and the status.
#[unsafe(no_mangle)]
pub extern "C" fn mgp_beta_identity_sync_set_set(
    client: *const mgp_client,
    partner_tenant_id: *const c_char,
    body_json: *const c_char,
    options_json: *const c_char,
    out_response: *mut *mut mgp_response,
) -> mgp_status {
    run(
        "mgp_beta_identity_sync_set_set",
        client,
        Key::Id(partner_tenant_id),
        Body::Json(body_json),
        options_json,
        out_response,
    )
}

/// `Set-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization`, parameter set `SetViaIdentityExpanded`: `PUT /beta/policies/crossTenantAccessPolicy/partners/{id}/identitySynchronization`, success 204 (a create: Graph answers 409 if a policy exists).
/// `identity_json` (required) is `-InputObject`: a JSON object with the key `CrossTenantAccessPolicyConfigurationPartnerTenantId` (any letter case).
/// `fields` (may be NULL: no properties) holds the expanded parameters.
/// `options_json` (may be NULL) holds per-call options (see `mgp_operation_invoke`).
/// See "Operation exports" at the top of this header for `out_response` and the status.
#[unsafe(no_mangle)]
pub extern "C" fn mgp_beta_identity_sync_set_set_via_identity_expanded(
    client: *const mgp_client,
    identity_json: *const c_char,
    fields: *const mgp_sync_policy_fields,
    options_json: *const c_char,
    out_response: *mut *mut mgp_response,
) -> mgp_status {
    run(
        "mgp_beta_identity_sync_set_set_via_identity_expanded",
        client,
        Key::Identity(identity_json),
        Body::Expanded(fields),
        options_json,
        out_response,
    )
}

/// `Set-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization`, parameter set `SetViaIdentity`: `PUT /beta/policies/crossTenantAccessPolicy/partners/{id}/identitySynchronization`, success 204 (a create: Graph answers 409 if a policy exists).
/// `identity_json` (required) is `-InputObject`: a JSON object with the key `CrossTenantAccessPolicyConfigurationPartnerTenantId` (any letter case).
/// `body_json` (required) is `-BodyParameter`: the policy as JSON; names are matched case-insensitively, "True"/"False" strings become booleans, unknown properties are refused.
/// `options_json` (may be NULL) holds per-call options (see `mgp_operation_invoke`).
/// See "Operation exports" at the top of this header for `out_response` and the status.
#[unsafe(no_mangle)]
pub extern "C" fn mgp_beta_identity_sync_set_set_via_identity(
    client: *const mgp_client,
    identity_json: *const c_char,
    body_json: *const c_char,
    options_json: *const c_char,
    out_response: *mut *mut mgp_response,
) -> mgp_status {
    run(
        "mgp_beta_identity_sync_set_set_via_identity",
        client,
        Key::Identity(identity_json),
        Body::Json(body_json),
        options_json,
        out_response,
    )
}

/// `Update-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization`, parameter set `UpdateExpanded`: `PATCH /beta/policies/crossTenantAccessPolicy/partners/{id}/identitySynchronization`, success 204.
/// `partner_tenant_id` (required) is `-CrossTenantAccessPolicyConfigurationPartnerTenantId`, a GUID.
/// `fields` (may be NULL: no properties) holds the expanded parameters.
/// `options_json` (may be NULL) holds per-call options (see `mgp_operation_invoke`).
/// See "Operation exports" at the top of this header for `out_response` and the status.
#[unsafe(no_mangle)]
pub extern "C" fn mgp_beta_identity_sync_update_update_expanded(
    client: *const mgp_client,
    partner_tenant_id: *const c_char,
    fields: *const mgp_sync_policy_fields,
    options_json: *const c_char,
    out_response: *mut *mut mgp_response,
) -> mgp_status {
    run(
        "mgp_beta_identity_sync_update_update_expanded",
        client,
        Key::Id(partner_tenant_id),
        Body::Expanded(fields),
        options_json,
        out_response,
    )
}

/// `Update-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization`, parameter set `Update`: `PATCH /beta/policies/crossTenantAccessPolicy/partners/{id}/identitySynchronization`, success 204.
/// `partner_tenant_id` (required) is `-CrossTenantAccessPolicyConfigurationPartnerTenantId`, a GUID.
/// `body_json` (required) is `-BodyParameter`: the policy as JSON; names are matched case-insensitively, "True"/"False" strings become booleans, unknown properties are refused.
/// `options_json` (may be NULL) holds per-call options (see `mgp_operation_invoke`).
/// See "Operation exports" at the top of this header for `out_response` and the status.
#[unsafe(no_mangle)]
pub extern "C" fn mgp_beta_identity_sync_update_update(
    client: *const mgp_client,
    partner_tenant_id: *const c_char,
    body_json: *const c_char,
    options_json: *const c_char,
    out_response: *mut *mut mgp_response,
) -> mgp_status {
    run(
        "mgp_beta_identity_sync_update_update",
        client,
        Key::Id(partner_tenant_id),
        Body::Json(body_json),
        options_json,
        out_response,
    )
}

/// `Update-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization`, parameter set `UpdateViaIdentityExpanded`: `PATCH /beta/policies/crossTenantAccessPolicy/partners/{id}/identitySynchronization`, success 204.
/// `identity_json` (required) is `-InputObject`: a JSON object with the key `CrossTenantAccessPolicyConfigurationPartnerTenantId` (any letter case).
/// `fields` (may be NULL: no properties) holds the expanded parameters.
/// `options_json` (may be NULL) holds per-call options (see `mgp_operation_invoke`).
/// See "Operation exports" at the top of this header for `out_response` and the status.
#[unsafe(no_mangle)]
pub extern "C" fn mgp_beta_identity_sync_update_update_via_identity_expanded(
    client: *const mgp_client,
    identity_json: *const c_char,
    fields: *const mgp_sync_policy_fields,
    options_json: *const c_char,
    out_response: *mut *mut mgp_response,
) -> mgp_status {
    run(
        "mgp_beta_identity_sync_update_update_via_identity_expanded",
        client,
        Key::Identity(identity_json),
        Body::Expanded(fields),
        options_json,
        out_response,
    )
}

/// `Update-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization`, parameter set `UpdateViaIdentity`: `PATCH /beta/policies/crossTenantAccessPolicy/partners/{id}/identitySynchronization`, success 204.
/// `identity_json` (required) is `-InputObject`: a JSON object with the key `CrossTenantAccessPolicyConfigurationPartnerTenantId` (any letter case).
/// `body_json` (required) is `-BodyParameter`: the policy as JSON; names are matched case-insensitively, "True"/"False" strings become booleans, unknown properties are refused.
/// `options_json` (may be NULL) holds per-call options (see `mgp_operation_invoke`).
/// See "Operation exports" at the top of this header for `out_response` and the status.
#[unsafe(no_mangle)]
pub extern "C" fn mgp_beta_identity_sync_update_update_via_identity(
    client: *const mgp_client,
    identity_json: *const c_char,
    body_json: *const c_char,
    options_json: *const c_char,
    out_response: *mut *mut mgp_response,
) -> mgp_status {
    run(
        "mgp_beta_identity_sync_update_update_via_identity",
        client,
        Key::Identity(identity_json),
        Body::Json(body_json),
        options_json,
        out_response,
    )
}

/// `Remove-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization`, parameter set `Delete`: `DELETE /beta/policies/crossTenantAccessPolicy/partners/{id}/identitySynchronization`, success 204.
/// `partner_tenant_id` (required) is `-CrossTenantAccessPolicyConfigurationPartnerTenantId`, a GUID.
/// `options_json` (may be NULL) holds per-call options (see `mgp_operation_invoke`).
/// See "Operation exports" at the top of this header for `out_response` and the status.
#[unsafe(no_mangle)]
pub extern "C" fn mgp_beta_identity_sync_remove_delete(
    client: *const mgp_client,
    partner_tenant_id: *const c_char,
    options_json: *const c_char,
    out_response: *mut *mut mgp_response,
) -> mgp_status {
    run(
        "mgp_beta_identity_sync_remove_delete",
        client,
        Key::Id(partner_tenant_id),
        Body::None,
        options_json,
        out_response,
    )
}

/// `Remove-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization`, parameter set `DeleteViaIdentity`: `DELETE /beta/policies/crossTenantAccessPolicy/partners/{id}/identitySynchronization`, success 204.
/// `identity_json` (required) is `-InputObject`: a JSON object with the key `CrossTenantAccessPolicyConfigurationPartnerTenantId` (any letter case).
/// `options_json` (may be NULL) holds per-call options (see `mgp_operation_invoke`).
/// See "Operation exports" at the top of this header for `out_response` and the status.
#[unsafe(no_mangle)]
pub extern "C" fn mgp_beta_identity_sync_remove_delete_via_identity(
    client: *const mgp_client,
    identity_json: *const c_char,
    options_json: *const c_char,
    out_response: *mut *mut mgp_response,
) -> mgp_status {
    run(
        "mgp_beta_identity_sync_remove_delete_via_identity",
        client,
        Key::Identity(identity_json),
        Body::None,
        options_json,
        out_response,
    )
}

/// `Get-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner`, parameter set `List`: `GET /beta/policies/deletedItems/crossTenantSyncPolicyPartners`, success 200 with `{"value":[...]}` (all pages with `"all": true`).
/// `options_json` (may be NULL) holds per-call options (see `mgp_operation_invoke`).
/// See "Operation exports" at the top of this header for `out_response` and the status.
#[unsafe(no_mangle)]
pub extern "C" fn mgp_beta_deleted_sync_partner_get_list(
    client: *const mgp_client,
    options_json: *const c_char,
    out_response: *mut *mut mgp_response,
) -> mgp_status {
    run(
        "mgp_beta_deleted_sync_partner_get_list",
        client,
        Key::None,
        Body::None,
        options_json,
        out_response,
    )
}

/// `Get-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner`, parameter set `Get`: `GET /beta/policies/deletedItems/crossTenantSyncPolicyPartners/{id}`, success 200 with the object.
/// `partner_tenant_id` (required) is `-CrossTenantIdentitySyncPolicyPartnerTenantId`, a GUID.
/// `options_json` (may be NULL) holds per-call options (see `mgp_operation_invoke`).
/// See "Operation exports" at the top of this header for `out_response` and the status.
#[unsafe(no_mangle)]
pub extern "C" fn mgp_beta_deleted_sync_partner_get_get(
    client: *const mgp_client,
    partner_tenant_id: *const c_char,
    options_json: *const c_char,
    out_response: *mut *mut mgp_response,
) -> mgp_status {
    run(
        "mgp_beta_deleted_sync_partner_get_get",
        client,
        Key::Id(partner_tenant_id),
        Body::None,
        options_json,
        out_response,
    )
}

/// `Get-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner`, parameter set `GetViaIdentity`: `GET /beta/policies/deletedItems/crossTenantSyncPolicyPartners/{id}`, success 200 with the object.
/// `identity_json` (required) is `-InputObject`: a JSON object with the key `CrossTenantIdentitySyncPolicyPartnerTenantId` (any letter case).
/// `options_json` (may be NULL) holds per-call options (see `mgp_operation_invoke`).
/// See "Operation exports" at the top of this header for `out_response` and the status.
#[unsafe(no_mangle)]
pub extern "C" fn mgp_beta_deleted_sync_partner_get_get_via_identity(
    client: *const mgp_client,
    identity_json: *const c_char,
    options_json: *const c_char,
    out_response: *mut *mut mgp_response,
) -> mgp_status {
    run(
        "mgp_beta_deleted_sync_partner_get_get_via_identity",
        client,
        Key::Identity(identity_json),
        Body::None,
        options_json,
        out_response,
    )
}

/// `Restore-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner`, parameter set `Restore`: `POST /beta/policies/deletedItems/crossTenantSyncPolicyPartners/{id}/restore`, success 200 with the restored object.
/// `partner_tenant_id` (required) is `-CrossTenantIdentitySyncPolicyPartnerTenantId`, a GUID.
/// `options_json` (may be NULL) holds per-call options (see `mgp_operation_invoke`).
/// See "Operation exports" at the top of this header for `out_response` and the status.
#[unsafe(no_mangle)]
pub extern "C" fn mgp_beta_deleted_sync_partner_restore_restore(
    client: *const mgp_client,
    partner_tenant_id: *const c_char,
    options_json: *const c_char,
    out_response: *mut *mut mgp_response,
) -> mgp_status {
    run(
        "mgp_beta_deleted_sync_partner_restore_restore",
        client,
        Key::Id(partner_tenant_id),
        Body::None,
        options_json,
        out_response,
    )
}

/// `Restore-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner`, parameter set `RestoreViaIdentity`: `POST /beta/policies/deletedItems/crossTenantSyncPolicyPartners/{id}/restore`, success 200 with the restored object.
/// `identity_json` (required) is `-InputObject`: a JSON object with the key `CrossTenantIdentitySyncPolicyPartnerTenantId` (any letter case).
/// `options_json` (may be NULL) holds per-call options (see `mgp_operation_invoke`).
/// See "Operation exports" at the top of this header for `out_response` and the status.
#[unsafe(no_mangle)]
pub extern "C" fn mgp_beta_deleted_sync_partner_restore_restore_via_identity(
    client: *const mgp_client,
    identity_json: *const c_char,
    options_json: *const c_char,
    out_response: *mut *mut mgp_response,
) -> mgp_status {
    run(
        "mgp_beta_deleted_sync_partner_restore_restore_via_identity",
        client,
        Key::Identity(identity_json),
        Body::None,
        options_json,
        out_response,
    )
}

/// `Remove-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner`, parameter set `Delete`: `DELETE /beta/policies/deletedItems/crossTenantSyncPolicyPartners/{id}`, success 204.
/// `partner_tenant_id` (required) is `-CrossTenantIdentitySyncPolicyPartnerTenantId`, a GUID.
/// `options_json` (may be NULL) holds per-call options (see `mgp_operation_invoke`).
/// See "Operation exports" at the top of this header for `out_response` and the status.
#[unsafe(no_mangle)]
pub extern "C" fn mgp_beta_deleted_sync_partner_remove_delete(
    client: *const mgp_client,
    partner_tenant_id: *const c_char,
    options_json: *const c_char,
    out_response: *mut *mut mgp_response,
) -> mgp_status {
    run(
        "mgp_beta_deleted_sync_partner_remove_delete",
        client,
        Key::Id(partner_tenant_id),
        Body::None,
        options_json,
        out_response,
    )
}

/// `Remove-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner`, parameter set `DeleteViaIdentity`: `DELETE /beta/policies/deletedItems/crossTenantSyncPolicyPartners/{id}`, success 204.
/// `identity_json` (required) is `-InputObject`: a JSON object with the key `CrossTenantIdentitySyncPolicyPartnerTenantId` (any letter case).
/// `options_json` (may be NULL) holds per-call options (see `mgp_operation_invoke`).
/// See "Operation exports" at the top of this header for `out_response` and the status.
#[unsafe(no_mangle)]
pub extern "C" fn mgp_beta_deleted_sync_partner_remove_delete_via_identity(
    client: *const mgp_client,
    identity_json: *const c_char,
    options_json: *const c_char,
    out_response: *mut *mut mgp_response,
) -> mgp_status {
    run(
        "mgp_beta_deleted_sync_partner_remove_delete_via_identity",
        client,
        Key::Identity(identity_json),
        Body::None,
        options_json,
        out_response,
    )
}
