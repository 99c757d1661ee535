"""The help of the generated cmdlet functions of pwsh/MgPolicy.psm1: the data of tools/gen-psm1.py.

Everything else about those functions (names, parameter sets, parameters, types, aliases,
Mandatory, pipeline binding, ShouldProcess, output type, module) comes from
tests/contract/cmdlets.json. Prose is kept unwrapped here; the generator wraps it at 100
columns. Example code is kept line for line.

Tokens, replaced per cmdlet before wrapping:
  {name}          the cmdlet's name
  {Mg}            Mg (v1.0) or MgBeta (beta), to name the cmdlet's siblings
  {api}           v1.0 or beta
  {id_parameter}  the cmdlet's key parameter (the one -InputObject stands for)
and the tokens of API_TOKENS, whose text differs between v1.0 and beta.
"""

# The partner tenant the examples use.
PARTNER = "'90e29127-71ad-49c7-9ce8-db3f41ea06f1'"

SYNC = "{Mg}PolicyCrossTenantAccessPolicyPartnerIdentitySynchronization"
DELETED = "MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner"

API_TOKENS = {
    "v1.0": {
        "{model_properties}": "TenantId, DisplayName, UserSyncInbound.IsSyncAllowed, AdditionalProperties",
        "{body_properties}": "Beta-only properties (groupSyncInbound, externalCloudAuthorizedApplicationId, ...) are "
                             "refused by the v1.0 cmdlets.",
        "{after_remove}": "",
    },
    "beta": {
        "{model_properties}": "TenantId, DisplayName, UserSyncInbound.IsSyncAllowed, GroupSyncInbound, "
                              "ExternalCloudAuthorizedApplicationId, AdditionalProperties",
        "{body_properties}": "The beta model also has groupSyncInbound, roleEnabledGroupSyncInbound, "
                             "externalCloudAuthorizedApplicationId and deletedDateTime.",
        "{after_remove}": " The deleted policy is kept under Get-" + DELETED + " and can be restored.",
    },
}

# .PARAMETER text, by parameter name, for every cmdlet that has the parameter.
PARAMETERS = {
    "CrossTenantAccessPolicyConfigurationPartnerTenantId":
        "The unique identifier of crossTenantAccessPolicyConfigurationPartner: the partner tenant's ID, a GUID.",
    "CrossTenantIdentitySyncPolicyPartnerTenantId":
        "The unique identifier of crossTenantIdentitySyncPolicyPartner: the partner tenant's ID, a GUID.",
    "InputObject":
        "Identity parameter: a hashtable or an object with {id_parameter} (for example "
        "@{{id_parameter} = " + PARTNER + "}). Accepts pipeline input.",
    "BodyParameter":
        "crossTenantIdentitySyncPolicyPartner: the whole body, as a hashtable in either key casing "
        "(@{displayName = 'Fabrikam'; userSyncInbound = @{isSyncAllowed = $true}}), an object with the same "
        "properties, or JSON text. Properties are checked against the Graph type before anything is sent. "
        "{body_properties}",
    "AdditionalProperties":
        "Further body properties, as a hashtable. A property may not be given both here and as its own parameter.",
    "DeletedDateTime":
        "The last date and time the policy was deleted. Set by the service (beta).",
    "DisplayName":
        "Display name for the cross-tenant user synchronization policy. Use the name of the partner Microsoft "
        "Entra tenant to easily identify the policy. Optional.",
    "ExternalCloudAuthorizedApplicationId":
        "The externalCloudAuthorizedApplicationId property of the beta model (Microsoft does not document it).",
    "GroupSyncInbound":
        "crossTenantGroupSyncInbound: @{IsSyncAllowed = $true} or @{IsSyncAllowed = $false}. Whether group "
        "objects are synchronized from the partner tenant (beta).",
    "TenantId":
        "Tenant identifier for the partner Microsoft Entra organization. Read-only: it must equal the partner "
        "tenant ID of the request.",
    "UserSyncInbound":
        "crossTenantUserSyncInbound: @{IsSyncAllowed = $true} or @{IsSyncAllowed = $false} (the strings 'True' "
        "and 'False' work too), or an object with IsSyncAllowed. Whether user objects are synchronized from the "
        "partner tenant; $false stops current synchronization and leaves users already synchronized as they are.",
    "ExpandProperty": "Expand related entities ($expand).",
    "Property": "Select properties to be returned ($select).",
    "IfMatch": "ETag: sent as the If-Match header; the call fails with 412 when it does not match.",
    "PassThru": "Returns true when the command succeeds.",
    "All": "List all pages: follows @odata.nextLink until the last page.",
    "CountVariable":
        "The name of a variable in the caller's scope that receives the total number of items (@odata.count; "
        "$count=true is sent).",
    "Filter": "Filter items by property values ($filter). $null or an empty string sends no filter.",
    "PageSize": "Sets the page size of results.",
    "Search": "Search items by search phrases ($search).",
    "Skip": "Skip the first n items ($skip).",
    "Sort": "Order items by property values ($orderby).",
    "Top": "Show only the first n items ($top).",
    # The parameters every Graph cmdlet has.
    "ResponseHeadersVariable":
        "The name of a variable in the caller's scope that receives the response headers (a case-insensitive "
        "dictionary of string arrays), also when the call fails.",
    "Headers": "Optional headers that will be added to the request, as a dictionary. Accepts pipeline input.",
    "Break": "Accepted for compatibility and ignored (Microsoft's cmdlets wait for a .NET debugger).",
    "HttpPipelineAppend":
        "Accepted for compatibility and ignored with a verbose message: the native library has no .NET HTTP "
        "pipeline to add steps to.",
    "HttpPipelinePrepend":
        "Accepted for compatibility and ignored with a verbose message: the native library has no .NET HTTP "
        "pipeline to add steps to.",
    "Proxy":
        "The URI of the proxy server for this call, for Graph and token requests alike. Each proxy setting gets "
        "its own client, reused by later calls with the same setting.",
    "ProxyCredential": "Credentials for the proxy server given with -Proxy.",
    "ProxyUseDefaultCredentials":
        "Use the proxy without explicit credentials. Integrated Windows authentication (NTLM, Kerberos) to a "
        "proxy is not available; give -ProxyCredential when the proxy asks for credentials.",
}

# Per cmdlet (its name with the {Mg} token for the v1.0/beta twins): .SYNOPSIS, .DESCRIPTION
# (the generator adds "Replaces <name> of <module>.") and the examples as (code, what it does).
CMDLETS = {
    "Get-" + SYNC: {
        "synopsis": "Get the user synchronization policy of a partner-specific configuration ({api}).",
        "description":
            "GET /{api}/policies/crossTenantAccessPolicy/partners/{id}/identitySynchronization. Writes the policy "
            "with Microsoft's property names ({model_properties}) and ToJsonString(). A missing policy is a "
            "non-terminating error (404, ObjectNotFound): with -ErrorAction SilentlyContinue nothing is written.",
        "examples": [
            ("{name} -CrossTenantAccessPolicyConfigurationPartnerTenantId " + PARTNER,
             "Reads the policy for one partner tenant."),
            ("$policy = {name} -CrossTenantAccessPolicyConfigurationPartnerTenantId $partner.TenantId "
             "-ErrorAction SilentlyContinue\n"
             "if ($null -eq $policy) { 'no policy yet' } elseif ($policy.UserSyncInbound.IsSyncAllowed) "
             "{ 'users sync in' }",
             "Tests for a policy without an error when it does not exist."),
            ("@{CrossTenantAccessPolicyConfigurationPartnerTenantId = " + PARTNER + "} | {name} "
             "-Property tenantId, userSyncInbound",
             "Takes the identity from the pipeline and selects two properties."),
        ],
    },
    "Set-" + SYNC: {
        "synopsis": "Create the user synchronization policy of a partner-specific configuration ({api}, PUT).",
        "description":
            "PUT /{api}/policies/crossTenantAccessPolicy/partners/{id}/identitySynchronization. Graph answers 204 "
            "and the cmdlet writes nothing. PUT is a create: it fails with 409 (ResourceExists) when the partner "
            "already has a policy; change an existing one with Update-" + SYNC + ". -WhatIf shows the method, the "
            "full URL and the body without sending anything.",
        "examples": [
            ("$params = @{\n"
             "    displayName = 'Fabrikam'\n"
             "    userSyncInbound = @{ isSyncAllowed = $true }\n"
             "}\n"
             "{name} -CrossTenantAccessPolicyConfigurationPartnerTenantId " + PARTNER + " -BodyParameter $params",
             "Creates the policy from a hashtable body."),
            ("{name} -CrossTenantAccessPolicyConfigurationPartnerTenantId " + PARTNER + " "
             "-UserSyncInbound @{IsSyncAllowed = $true} -WhatIf",
             "Shows the PUT request that would be sent."),
        ],
    },
    "Update-" + SYNC: {
        "synopsis": "Update the user synchronization policy of a partner-specific configuration ({api}, PATCH).",
        "description":
            "PATCH /{api}/policies/crossTenantAccessPolicy/partners/{id}/identitySynchronization with only the "
            "properties given. Graph answers 204 and the cmdlet writes nothing. A partner without a policy gives "
            "404.",
        "examples": [
            ("{name} -CrossTenantAccessPolicyConfigurationPartnerTenantId " + PARTNER + " "
             "-UserSyncInbound @{IsSyncAllowed = $false}",
             "Stops user synchronization from the partner tenant."),
            ("{name} -CrossTenantAccessPolicyConfigurationPartnerTenantId " + PARTNER + " "
             "-BodyParameter @{UserSyncInbound = @{IsSyncAllowed = 'True'}} -ResponseHeadersVariable headers\n"
             "$headers['request-id']",
             "Sends a PascalCase body and reads the response headers."),
        ],
    },
    "Remove-" + SYNC: {
        "synopsis": "Delete the user synchronization policy of a partner-specific configuration ({api}).",
        "description":
            "DELETE /{api}/policies/crossTenantAccessPolicy/partners/{id}/identitySynchronization. Writes $true "
            "with -PassThru, else nothing. ConfirmImpact is Medium, so it does not prompt at the default "
            "$ConfirmPreference; an inherited $WhatIfPreference is honoured.{after_remove}",
        "examples": [
            ("{name} -CrossTenantAccessPolicyConfigurationPartnerTenantId " + PARTNER + " -PassThru",
             "Deletes the policy and writes True."),
            ("{name} -CrossTenantAccessPolicyConfigurationPartnerTenantId " + PARTNER + " -WhatIf",
             "Shows the DELETE request without sending it."),
        ],
    },
    "Get-" + DELETED: {
        "synopsis": "List the deleted user synchronization policies, or get one (beta).",
        "description":
            "GET /beta/policies/deletedItems/crossTenantSyncPolicyPartners[/{id}]. Lists one page by default; -All "
            "follows every page. Each item has DeletedDateTime.",
        "examples": [
            ("{name} -All", "Lists every deleted policy."),
            ("{name} -Top 5 -CountVariable total\n$total", "Lists five and reads the total count."),
            ("{name} -CrossTenantIdentitySyncPolicyPartnerTenantId " + PARTNER, "Reads one deleted policy."),
        ],
    },
    "Restore-" + DELETED: {
        "synopsis": "Restore a deleted user synchronization policy (beta).",
        "description":
            "POST /beta/policies/deletedItems/crossTenantSyncPolicyPartners/{id}/restore. Writes the restored "
            "policy.",
        "examples": [
            ("{name} -CrossTenantIdentitySyncPolicyPartnerTenantId " + PARTNER, "Restores the policy and writes it."),
        ],
    },
    "Remove-" + DELETED: {
        "synopsis": "Permanently delete a deleted user synchronization policy (beta).",
        "description":
            "DELETE /beta/policies/deletedItems/crossTenantSyncPolicyPartners/{id}. Writes $true with -PassThru, "
            "else nothing.",
        "examples": [
            ("{name} -CrossTenantIdentitySyncPolicyPartnerTenantId " + PARTNER + " -PassThru",
             "Deletes it for good and writes True."),
        ],
    },
}
