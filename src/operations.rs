//! The one table of operations: every cmdlet parameter set this library
//! implements, with its HTTP method, path, API version, how the partner id and
//! the body arrive, and what a success looks like. The C exports, the generic
//! `mgp_operation_invoke`, the bindings and the PowerShell functions are all
//! faces of these rows; adding a sibling resource means adding rows.

use serde_json::{Value, json};

use crate::model::{ApiVersion, SYNC_POLICY, Schema};

/// HTTP methods used by the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Put,
    Patch,
    Delete,
    Post,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Put => "PUT",
            Self::Patch => "PATCH",
            Self::Delete => "DELETE",
            Self::Post => "POST",
        }
    }
}

/// How the partner tenant id reaches an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyInput {
    /// No id (a collection).
    None,
    /// As its own parameter (`-CrossTenantAccessPolicyConfigurationPartnerTenantId`).
    Id,
    /// Inside an identity object (`-InputObject`), under the id parameter's name.
    Identity,
}

/// How the request body is given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyInput {
    None,
    /// Expanded parameters (`-DisplayName`, `-UserSyncInbound`, ...).
    Expanded,
    /// A whole body (`-BodyParameter`).
    Json,
}

/// What a successful answer carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reply {
    /// 200 with one object.
    Object,
    /// 204 without a body.
    NoContent,
    /// 200 with `{"value": [...]}`, possibly over several pages.
    Collection,
}

/// A Graph resource addressed by the table.
#[derive(Debug)]
pub struct Resource {
    /// Name used in C export names, e.g. `identity_sync`.
    pub c_name: &'static str,
    /// The PowerShell noun without the `Mg`/`MgBeta` prefix.
    pub noun: &'static str,
    /// The PowerShell parameter (and identity key) holding the partner id.
    pub id_parameter: &'static str,
    pub schema: &'static Schema,
}

/// The live partner identity-synchronization policy.
pub static SYNC_POLICY_LIVE: Resource = Resource {
    c_name: "identity_sync",
    noun: "PolicyCrossTenantAccessPolicyPartnerIdentitySynchronization",
    id_parameter: "CrossTenantAccessPolicyConfigurationPartnerTenantId",
    schema: &SYNC_POLICY,
};

/// Soft-deleted partner identity-synchronization policies (beta only).
pub static SYNC_POLICY_DELETED: Resource = Resource {
    c_name: "deleted_sync_partner",
    noun: "PolicyDeletedItemCrossTenantSyncPolicyPartner",
    id_parameter: "CrossTenantIdentitySyncPolicyPartnerTenantId",
    schema: &SYNC_POLICY,
};

/// One cmdlet parameter set.
#[derive(Clone, Copy, Debug)]
pub struct Operation {
    /// PowerShell verb: Get, Set, Update, Remove, Restore.
    pub verb: &'static str,
    /// Parameter set name, exactly as the cmdlet has it.
    pub parameter_set: &'static str,
    /// True for the cmdlet's default parameter set.
    pub default_set: bool,
    pub resource: &'static Resource,
    pub api: ApiVersion,
    pub method: Method,
    /// Path under `/{version}`, with `{id}` for the partner tenant id.
    pub path: &'static str,
    pub key: KeyInput,
    pub body: BodyInput,
    pub reply: Reply,
    /// State-changing: SupportsShouldProcess in PowerShell, what-if everywhere.
    pub changes_state: bool,
    /// Takes `-IfMatch` and `-PassThru`.
    pub if_match: bool,
    /// A create (PUT): a lost response followed by 409 is reconciled by reading back.
    pub create: bool,
    /// Name of the C export for this row.
    pub export: &'static str,
}

const LIVE_PATH: &str = "/policies/crossTenantAccessPolicy/partners/{id}/identitySynchronization";
const DELETED_LIST: &str = "/policies/deletedItems/crossTenantSyncPolicyPartners";
const DELETED_ITEM: &str = "/policies/deletedItems/crossTenantSyncPolicyPartners/{id}";
const DELETED_RESTORE: &str = "/policies/deletedItems/crossTenantSyncPolicyPartners/{id}/restore";

struct Row {
    verb: &'static str,
    set: &'static str,
    default_set: bool,
    method: Method,
    path: &'static str,
    key: KeyInput,
    body: BodyInput,
    reply: Reply,
}

#[allow(clippy::too_many_arguments)]
const fn row(
    verb: &'static str,
    set: &'static str,
    default_set: bool,
    method: Method,
    path: &'static str,
    key: KeyInput,
    body: BodyInput,
    reply: Reply,
) -> Row {
    Row {
        verb,
        set,
        default_set,
        method,
        path,
        key,
        body,
        reply,
    }
}

const fn op(
    r: Row,
    resource: &'static Resource,
    api: ApiVersion,
    export: &'static str,
) -> Operation {
    let changes_state = !matches!(r.method, Method::Get);
    Operation {
        verb: r.verb,
        parameter_set: r.set,
        default_set: r.default_set,
        resource,
        api,
        method: r.method,
        path: r.path,
        key: r.key,
        body: r.body,
        reply: r.reply,
        changes_state,
        if_match: matches!(r.method, Method::Delete),
        create: matches!(r.method, Method::Put),
        export,
    }
}

use BodyInput as B;
use KeyInput as K;
use Method as M;
use Reply as R;

macro_rules! live_rows {
    ($api:expr, $($verb:literal $set:literal $def:literal $m:ident $k:ident $b:ident $r:ident => $export:literal,)*) => {
        [$(op(row($verb, $set, $def, M::$m, LIVE_PATH, K::$k, B::$b, R::$r), &SYNC_POLICY_LIVE, $api, $export),)*]
    };
}

/// Every operation, in a stable order (the order of the C exports).
pub static OPERATIONS: [Operation; 31] = {
    let v1 = live_rows!(ApiVersion::V1,
        "Get" "Get" true Get Id None Object => "mgp_identity_sync_get_get",
        "Get" "GetViaIdentity" false Get Identity None Object => "mgp_identity_sync_get_get_via_identity",
        "Set" "SetExpanded" true Put Id Expanded NoContent => "mgp_identity_sync_set_set_expanded",
        "Set" "Set" false Put Id Json NoContent => "mgp_identity_sync_set_set",
        "Set" "SetViaIdentityExpanded" false Put Identity Expanded NoContent => "mgp_identity_sync_set_set_via_identity_expanded",
        "Set" "SetViaIdentity" false Put Identity Json NoContent => "mgp_identity_sync_set_set_via_identity",
        "Update" "UpdateExpanded" true Patch Id Expanded NoContent => "mgp_identity_sync_update_update_expanded",
        "Update" "Update" false Patch Id Json NoContent => "mgp_identity_sync_update_update",
        "Update" "UpdateViaIdentityExpanded" false Patch Identity Expanded NoContent => "mgp_identity_sync_update_update_via_identity_expanded",
        "Update" "UpdateViaIdentity" false Patch Identity Json NoContent => "mgp_identity_sync_update_update_via_identity",
        "Remove" "Delete" true Delete Id None NoContent => "mgp_identity_sync_remove_delete",
        "Remove" "DeleteViaIdentity" false Delete Identity None NoContent => "mgp_identity_sync_remove_delete_via_identity",
    );
    let beta = live_rows!(ApiVersion::Beta,
        "Get" "Get" true Get Id None Object => "mgp_beta_identity_sync_get_get",
        "Get" "GetViaIdentity" false Get Identity None Object => "mgp_beta_identity_sync_get_get_via_identity",
        "Set" "SetExpanded" true Put Id Expanded NoContent => "mgp_beta_identity_sync_set_set_expanded",
        "Set" "Set" false Put Id Json NoContent => "mgp_beta_identity_sync_set_set",
        "Set" "SetViaIdentityExpanded" false Put Identity Expanded NoContent => "mgp_beta_identity_sync_set_set_via_identity_expanded",
        "Set" "SetViaIdentity" false Put Identity Json NoContent => "mgp_beta_identity_sync_set_set_via_identity",
        "Update" "UpdateExpanded" true Patch Id Expanded NoContent => "mgp_beta_identity_sync_update_update_expanded",
        "Update" "Update" false Patch Id Json NoContent => "mgp_beta_identity_sync_update_update",
        "Update" "UpdateViaIdentityExpanded" false Patch Identity Expanded NoContent => "mgp_beta_identity_sync_update_update_via_identity_expanded",
        "Update" "UpdateViaIdentity" false Patch Identity Json NoContent => "mgp_beta_identity_sync_update_update_via_identity",
        "Remove" "Delete" true Delete Id None NoContent => "mgp_beta_identity_sync_remove_delete",
        "Remove" "DeleteViaIdentity" false Delete Identity None NoContent => "mgp_beta_identity_sync_remove_delete_via_identity",
    );
    let d = &SYNC_POLICY_DELETED;
    let b = ApiVersion::Beta;
    [
        v1[0],
        v1[1],
        v1[2],
        v1[3],
        v1[4],
        v1[5],
        v1[6],
        v1[7],
        v1[8],
        v1[9],
        v1[10],
        v1[11],
        beta[0],
        beta[1],
        beta[2],
        beta[3],
        beta[4],
        beta[5],
        beta[6],
        beta[7],
        beta[8],
        beta[9],
        beta[10],
        beta[11],
        op(
            row(
                "Get",
                "List",
                true,
                M::Get,
                DELETED_LIST,
                K::None,
                B::None,
                R::Collection,
            ),
            d,
            b,
            "mgp_beta_deleted_sync_partner_get_list",
        ),
        op(
            row(
                "Get",
                "Get",
                false,
                M::Get,
                DELETED_ITEM,
                K::Id,
                B::None,
                R::Object,
            ),
            d,
            b,
            "mgp_beta_deleted_sync_partner_get_get",
        ),
        op(
            row(
                "Get",
                "GetViaIdentity",
                false,
                M::Get,
                DELETED_ITEM,
                K::Identity,
                B::None,
                R::Object,
            ),
            d,
            b,
            "mgp_beta_deleted_sync_partner_get_get_via_identity",
        ),
        op(
            row(
                "Restore",
                "Restore",
                true,
                M::Post,
                DELETED_RESTORE,
                K::Id,
                B::None,
                R::Object,
            ),
            d,
            b,
            "mgp_beta_deleted_sync_partner_restore_restore",
        ),
        op(
            row(
                "Restore",
                "RestoreViaIdentity",
                false,
                M::Post,
                DELETED_RESTORE,
                K::Identity,
                B::None,
                R::Object,
            ),
            d,
            b,
            "mgp_beta_deleted_sync_partner_restore_restore_via_identity",
        ),
        op(
            row(
                "Remove",
                "Delete",
                true,
                M::Delete,
                DELETED_ITEM,
                K::Id,
                B::None,
                R::NoContent,
            ),
            d,
            b,
            "mgp_beta_deleted_sync_partner_remove_delete",
        ),
        op(
            row(
                "Remove",
                "DeleteViaIdentity",
                false,
                M::Delete,
                DELETED_ITEM,
                K::Identity,
                B::None,
                R::NoContent,
            ),
            d,
            b,
            "mgp_beta_deleted_sync_partner_remove_delete_via_identity",
        ),
    ]
};

impl Operation {
    /// The PowerShell cmdlet name, e.g. `Get-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner`.
    pub fn cmdlet(&self) -> String {
        let beta = if self.api == ApiVersion::Beta {
            "Beta"
        } else {
            ""
        };
        format!("{}-Mg{beta}{}", self.verb, self.resource.noun)
    }

    /// The ShouldProcess action text: `<Cmdlet>_<ParameterSet>`.
    pub fn should_process_action(&self) -> String {
        format!("{}_{}", self.cmdlet(), self.parameter_set)
    }

    /// The ShouldProcess target text: `Call remote '<METHOD> /<version><path>' operation`
    /// (with `{id}` left in when no id is given). Responses carry the same
    /// text for the request actually planned.
    pub fn should_process_target(&self, id: Option<&str>) -> String {
        let path = match id {
            Some(id) => self.path.replace("{id}", id),
            None => self.path.to_string(),
        };
        format!(
            "Call remote '{} /{}{path}' operation",
            self.method.as_str(),
            self.api.segment()
        )
    }

    /// Finds an operation by cmdlet name (case-insensitive) and parameter set
    /// (case-insensitive; `None` picks the default set).
    pub fn find(cmdlet: &str, parameter_set: Option<&str>) -> Option<&'static Operation> {
        OPERATIONS.iter().find(|op| {
            op.cmdlet().eq_ignore_ascii_case(cmdlet)
                && match parameter_set {
                    Some(set) => op.parameter_set.eq_ignore_ascii_case(set),
                    None => op.default_set,
                }
        })
    }

    /// The row that reads back what this one writes: the Get of the same
    /// resource, API version and path (its default parameter set). Used to
    /// reconcile a create whose response was lost.
    pub fn read_back(&self) -> Option<&'static Operation> {
        OPERATIONS.iter().find(|op| {
            op.verb == "Get"
                && op.default_set
                && std::ptr::eq(op.resource, self.resource)
                && op.api == self.api
                && op.path == self.path
        })
    }

    /// Finds an operation by its C export name.
    pub fn by_export(export: &str) -> Option<&'static Operation> {
        OPERATIONS.iter().find(|op| op.export == export)
    }

    /// The row as JSON, for bindings and tooling (`mgp_operations_json`).
    pub fn describe(&self) -> Value {
        json!({
            "cmdlet": self.cmdlet(),
            "verb": self.verb,
            "parameter_set": self.parameter_set,
            "default_set": self.default_set,
            "api_version": self.api.segment(),
            "method": self.method.as_str(),
            "path": self.path,
            "id_parameter": self.resource.id_parameter,
            "key": match self.key { KeyInput::None => "none", KeyInput::Id => "id", KeyInput::Identity => "identity" },
            "body": match self.body { BodyInput::None => "none", BodyInput::Expanded => "expanded", BodyInput::Json => "json" },
            "reply": match self.reply { Reply::Object => "object", Reply::NoContent => "no_content", Reply::Collection => "collection" },
            "changes_state": self.changes_state,
            "if_match": self.if_match,
            "should_process_action": self.should_process_action(),
            "should_process_target": self.should_process_target(None),
            "graph_type": self.resource.schema.type_name,
            "export": self.export,
        })
    }
}

/// The whole table as a JSON array.
pub fn describe_all() -> Value {
    Value::Array(OPERATIONS.iter().map(Operation::describe).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snake(name: &str) -> String {
        let mut out = String::new();
        for (i, c) in name.chars().enumerate() {
            if c.is_ascii_uppercase() && i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        }
        out
    }

    #[test]
    fn every_create_reads_back_through_the_get_of_its_version() {
        let creates: Vec<_> = OPERATIONS.iter().filter(|op| op.create).collect();
        assert!(creates.len() >= 2, "v1.0 and beta Set");
        for op in creates {
            let get = op.read_back().expect("a Get row");
            assert_eq!(get.method, Method::Get);
            assert_eq!(get.api, op.api);
            assert_eq!(get.path, op.path);
            assert_eq!(
                get.cmdlet(),
                op.cmdlet().replacen("Set-", "Get-", 1),
                "the Get cmdlet of the same API"
            );
        }
    }

    #[test]
    fn export_names_follow_the_grammar() {
        for op in &OPERATIONS {
            let beta = if op.api == ApiVersion::Beta {
                "beta_"
            } else {
                ""
            };
            let expected = format!(
                "mgp_{beta}{}_{}_{}",
                op.resource.c_name,
                op.verb.to_ascii_lowercase(),
                snake(op.parameter_set)
            );
            assert_eq!(op.export, expected);
        }
    }

    #[test]
    fn each_cmdlet_has_exactly_one_default_set_and_unique_sets() {
        let mut cmdlets: Vec<String> = OPERATIONS.iter().map(Operation::cmdlet).collect();
        cmdlets.dedup();
        assert_eq!(cmdlets.len(), 11);
        for cmdlet in &cmdlets {
            let rows: Vec<_> = OPERATIONS
                .iter()
                .filter(|o| &o.cmdlet() == cmdlet)
                .collect();
            assert_eq!(rows.iter().filter(|o| o.default_set).count(), 1, "{cmdlet}");
            for o in &rows {
                assert_eq!(
                    rows.iter()
                        .filter(|p| p.parameter_set == o.parameter_set)
                        .count(),
                    1
                );
            }
        }
    }

    #[test]
    fn lookups_and_should_process_text() {
        let op = Operation::find(
            "remove-mgpolicycrosstenantaccesspolicypartneridentitysynchronization",
            None,
        )
        .unwrap();
        assert_eq!(op.parameter_set, "Delete");
        assert_eq!(
            op.should_process_action(),
            "Remove-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization_Delete"
        );
        assert_eq!(
            op.should_process_target(Some("abc")),
            "Call remote 'DELETE /v1.0/policies/crossTenantAccessPolicy/partners/abc/identitySynchronization' operation"
        );
        let list = Operation::find(
            "Get-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner",
            None,
        )
        .unwrap();
        assert_eq!(list.parameter_set, "List");
        assert!(Operation::by_export("mgp_beta_deleted_sync_partner_restore_restore").is_some());
    }
}
