#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Every Graph cmdlet of the module against a graph-emulator: each parameter set, v1.0 and beta,
# outputs, errors, -WhatIf and the preference variables, response headers, proxies and the
# parameters that are accepted and ignored. What the emulator saw is read from its admin API.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-TestModule
    $script:Emulator = Start-TestEmulator
    Connect-TestEmulator $Emulator
}

AfterAll {
    if (Get-MgContext) { Disconnect-MgGraph | Out-Null }
    Stop-TestEmulator $Emulator
}

Describe 'The <Api> partner identity synchronization cmdlets' -ForEach @(
    @{ Api = 'v1.0'; Mg = 'Mg'; Models = 'Microsoft.Graph.PowerShell.Models' }
    @{ Api = 'beta'; Mg = 'MgBeta'; Models = 'Microsoft.Graph.Beta.PowerShell.Models' }
) {
    BeforeAll {
        $noun = "$($Mg)PolicyCrossTenantAccessPolicyPartnerIdentitySynchronization"
        $get = "Get-$noun"
        $set = "Set-$noun"
        $update = "Update-$noun"
        $remove = "Remove-$noun"
        $path = "/$Api/policies/crossTenantAccessPolicy/partners/$Partner/identitySynchronization"
    }

    BeforeEach {
        Reset-TestEmulator $Emulator
    }

    It 'Set (SetExpanded) sends PUT with the expanded parameters and writes nothing' {
        $out = & $set -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner -DisplayName 'Fabrikam' -UserSyncInbound @{ IsSyncAllowed = $true }
        $out | Should -BeNullOrEmpty
        $request = Get-TestRequest $Emulator | Select-Object -Last 1
        $request.method | Should -Be 'PUT'
        $request.path | Should -Be $path
        ($request.body | ConvertFrom-Json).userSyncInbound.isSyncAllowed | Should -BeTrue
        $policy = Get-TestSyncPolicy $Emulator $Partner
        $policy.displayName | Should -Be 'Fabrikam'
        $policy.userSyncInbound.isSyncAllowed | Should -BeTrue
    }

    It 'Set (Set) takes -BodyParameter before or after the id, camelCase or PascalCase' {
        & $set -BodyParameter @{ displayName = 'A'; userSyncInbound = @{ isSyncAllowed = $true } } -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner
        (Get-TestSyncPolicy $Emulator $Partner).displayName | Should -Be 'A'
        Reset-TestEmulator $Emulator
        & $set -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner -BodyParameter @{ UserSyncInbound = @{ IsSyncAllowed = $false } }
        (Get-TestSyncPolicy $Emulator $Partner).userSyncInbound.isSyncAllowed | Should -BeFalse
    }

    It 'Set (SetViaIdentityExpanded, SetViaIdentity) takes the identity as -InputObject or from the pipeline' {
        & $set -InputObject @{ CrossTenantAccessPolicyConfigurationPartnerTenantId = $Partner } -DisplayName 'Via identity'
        (Get-TestSyncPolicy $Emulator $Partner).displayName | Should -Be 'Via identity'
        Reset-TestEmulator $Emulator
        [pscustomobject]@{ CrossTenantAccessPolicyConfigurationPartnerTenantId = $Partner } |
            & $set -BodyParameter '{"displayName":"From JSON text","userSyncInbound":{"isSyncAllowed":true}}'
        (Get-TestSyncPolicy $Emulator $Partner).displayName | Should -Be 'From JSON text'
    }

    It 'Get writes the policy with Microsoft''s property names, type names and ToJsonString()' {
        & $set -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner -DisplayName 'Fabrikam' -UserSyncInbound @{ IsSyncAllowed = 'True' }
        $policy = & $get -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner
        @($policy).Count | Should -Be 1
        $policy.TenantId | Should -Be $Partner
        $policy.tenantid | Should -Be $Partner
        $policy.DisplayName | Should -Be 'Fabrikam'
        $policy.UserSyncInbound.IsSyncAllowed | Should -BeTrue
        $policy.userSyncInbound.isSyncAllowed | Should -BeTrue
        $policy.CreatedDateTime | Should -BeNullOrEmpty
        $policy.PSObject.TypeNames | Should -Contain "$Models.MicrosoftGraphCrossTenantIdentitySyncPolicyPartner"
        $policy.PSObject.TypeNames | Should -Contain "$Models.IMicrosoftGraphCrossTenantIdentitySyncPolicyPartner"
        $policy.UserSyncInbound.PSObject.TypeNames | Should -Contain "$Models.MicrosoftGraphCrossTenantUserSyncInbound"
        $policy.AdditionalProperties['@odata.context'] | Should -Match 'identitySynchronization'
        $json = $policy.ToJsonString() | ConvertFrom-Json
        $json.tenantId | Should -Be $Partner
        $json.userSyncInbound.isSyncAllowed | Should -BeTrue
    }

    It 'Get (GetViaIdentity) takes the identity from the pipeline; -Property and -ExpandProperty become $select and $expand' {
        & $set -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner -DisplayName 'Fabrikam'
        Clear-TestRequest $Emulator
        $identity = @{ CrossTenantAccessPolicyConfigurationPartnerTenantId = $Partner }
        $policy = $identity | & $get -Property 'tenantId', 'displayName'
        $policy.DisplayName | Should -Be 'Fabrikam'
        $request = Get-TestRequest $Emulator | Select-Object -Last 1
        [uri]::UnescapeDataString($request.query) | Should -Match '\$select=tenantId,displayName'
        & $get -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner -Select tenantId -ErrorAction SilentlyContinue | Should -Not -BeNullOrEmpty
        & $get -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner -Expand 'x' -ErrorAction SilentlyContinue -ErrorVariable expandError
        [uri]::UnescapeDataString((Get-TestRequest $Emulator | Select-Object -Last 1).query) | Should -Match '\$expand=x'
    }

    It 'Update sends PATCH with only what is given (all four parameter sets) and writes nothing' {
        & $set -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner -DisplayName 'Fabrikam' -UserSyncInbound @{ IsSyncAllowed = $true }
        & $update -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner -UserSyncInbound @{ IsSyncAllowed = $false } | Should -BeNullOrEmpty
        $request = Get-TestRequest $Emulator | Select-Object -Last 1
        $request.method | Should -Be 'PATCH'
        ($request.body | ConvertFrom-Json).PSObject.Properties.Name | Should -Be @('userSyncInbound')
        (Get-TestSyncPolicy $Emulator $Partner).displayName | Should -Be 'Fabrikam'
        (Get-TestSyncPolicy $Emulator $Partner).userSyncInbound.isSyncAllowed | Should -BeFalse
        & $update -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner -BodyParameter @{ DisplayName = 'Renamed' }
        (Get-TestSyncPolicy $Emulator $Partner).displayName | Should -Be 'Renamed'
        & $update -InputObject @{ CrossTenantAccessPolicyConfigurationPartnerTenantId = $Partner } -DisplayName 'By identity'
        (Get-TestSyncPolicy $Emulator $Partner).displayName | Should -Be 'By identity'
        $body = [pscustomobject]@{ displayName = 'Body from the pipeline' }
        $body | & $update -InputObject @{ CrossTenantAccessPolicyConfigurationPartnerTenantId = $Partner }
        (Get-TestSyncPolicy $Emulator $Partner).displayName | Should -Be 'Body from the pipeline'
        $identityJson = '{"CrossTenantAccessPolicyConfigurationPartnerTenantId":"' + $Partner + '"}'
        & $update -InputObject $identityJson -UserSyncInbound '{"isSyncAllowed":true}'
        (Get-TestSyncPolicy $Emulator $Partner).userSyncInbound.isSyncAllowed | Should -BeTrue
    }

    It 'Update merges -AdditionalProperties into the body and refuses a property given twice' {
        & $set -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner -DisplayName 'Fabrikam'
        & $update -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner -AdditionalProperties @{ userSyncInbound = @{ isSyncAllowed = $true } }
        (Get-TestSyncPolicy $Emulator $Partner).userSyncInbound.isSyncAllowed | Should -BeTrue
        Clear-TestRequest $Emulator
        & $update -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner -DisplayName 'X' -AdditionalProperties @{ displayName = 'Y' } -ErrorAction SilentlyContinue -ErrorVariable twice
        $twice[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        Get-TestRequest $Emulator | Should -BeNullOrEmpty
    }

    It 'Remove sends DELETE, writes nothing, and $true with -PassThru; -IfMatch becomes If-Match' {
        & $set -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner -DisplayName 'Fabrikam'
        & $remove -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner | Should -BeNullOrEmpty
        Get-TestSyncPolicy $Emulator $Partner | Should -BeNullOrEmpty
        & $set -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner -DisplayName 'Again'
        $identity = @{ CrossTenantAccessPolicyConfigurationPartnerTenantId = $Partner }
        $out = $identity | & $remove -PassThru -IfMatch '*'
        $out | Should -BeExactly $true
        $request = Get-TestRequest $Emulator | Select-Object -Last 1
        $request.method | Should -Be 'DELETE'
        $request.headers.'if-match' | Should -Be '*'
    }

    It 'a second Set is a 409 ResourceExists error with the Graph code in the id and the message' {
        & $set -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner -DisplayName 'Fabrikam'
        & $set -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner -DisplayName 'Again' -ErrorAction SilentlyContinue -ErrorVariable conflict
        $conflict.Count | Should -Be 1
        $conflict[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        $conflict[0].FullyQualifiedErrorId | Should -BeLike "Request_MultipleObjectsWithSameKeyValue,409,$set*"
        $conflict[0].Exception.Message | Should -Match '409'
        $conflict[0].Exception.HttpStatus | Should -Be 409
        $conflict[0].Exception.GraphCode | Should -Be 'Request_MultipleObjectsWithSameKeyValue'
        $conflict[0].Exception.RequestId | Should -Not -BeNullOrEmpty
    }

    It 'a missing policy is a non-terminating 404 ObjectNotFound error' {
        $result = & $get -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner -ErrorAction SilentlyContinue -ErrorVariable missing
        $result | Should -BeNullOrEmpty
        $missing[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $missing[0].FullyQualifiedErrorId | Should -BeLike 'Directory_ObjectNotFound,404,*'
        $missing[0].Exception | Should -BeOfType ([MgPolicy.Native.MgpException])
        $reached = $false
        & $get -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner -ErrorAction SilentlyContinue
        $reached = $true
        $reached | Should -BeTrue
        $caught = $null
        try {
            & $get -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner -ErrorAction Stop
        } catch {
            $caught = $_
        }
        $caught.Exception.Message | Should -Match '404|NotFound'
        $caught.Exception.HttpStatus | Should -Be 404
    }

    It 'a caller''s $ErrorActionPreference = ''Stop'' makes the error terminating, and -ErrorAction SilentlyContinue still wins' {
        $saved = $ErrorActionPreference
        $ErrorActionPreference = 'Stop'
        try {
            { & $get -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner } | Should -Throw '*404*'
            $quiet = & $get -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner -ErrorAction SilentlyContinue
            $quiet | Should -BeNullOrEmpty
        } finally {
            $ErrorActionPreference = $saved
        }
    }

    It 'an invalid id is an InvalidArgument error and nothing is sent' {
        Clear-TestRequest $Emulator
        & $get -CrossTenantAccessPolicyConfigurationPartnerTenantId 'not-a-guid' -ErrorAction SilentlyContinue -ErrorVariable invalid
        $invalid[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        & $set -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner -BodyParameter @{ noSuchProperty = 1 } -ErrorAction SilentlyContinue -ErrorVariable unknown
        $unknown[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        Get-TestRequest $Emulator | Should -BeNullOrEmpty
    }

    It '-ResponseHeadersVariable (and -RHV) is set in the caller''s scope on success and on failure' {
        & $set -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner -DisplayName 'Fabrikam' -ResponseHeadersVariable created
        $created['request-id'] | Should -Not -BeNullOrEmpty
        $null = & $get -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner -RHV read
        $read['request-id'][0] | Should -Not -Be $created['request-id'][0]
        $read.'x-ms-resource-unit' | Should -Not -BeNullOrEmpty
        & $set -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner -ResponseHeadersVariable failed -ErrorAction SilentlyContinue
        $failed['request-id'] | Should -Not -BeNullOrEmpty
    }

    It '-Headers adds request headers, also from the pipeline' {
        $null = & $get -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner -Headers @{ 'client-request-id' = '11111111-2222-3333-4444-555555555555' } -ErrorAction SilentlyContinue
        (Get-TestRequest $Emulator | Select-Object -Last 1).headers.'client-request-id' | Should -Be '11111111-2222-3333-4444-555555555555'
        $null = @{ 'x-ms-test' = 'piped' } | & $get -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner -ErrorAction SilentlyContinue
        (Get-TestRequest $Emulator | Select-Object -Last 1).headers.'x-ms-test' | Should -Be 'piped'
    }

    It '-Break and -HttpPipelineAppend/-HttpPipelinePrepend are accepted and ignored with a verbose message' {
        $step = { param($request, $callback, $next) }
        $records = & $set -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner -DisplayName 'F' -Break -HttpPipelineAppend $step -HttpPipelinePrepend $step -Verbose 4>&1
        $messages = @($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        ($messages -match '-Break is accepted').Count | Should -Be 1
        ($messages -match '-HttpPipelineAppend is accepted').Count | Should -Be 1
        ($messages -match '-HttpPipelinePrepend is accepted').Count | Should -Be 1
        (Get-TestSyncPolicy $Emulator $Partner).displayName | Should -Be 'F'
    }

    It '-Proxy and -ProxyCredential send the call, token request included, through that proxy' {
        & $set -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner -DisplayName 'F'
        $open = Start-TestProxy
        if (-not $open) {
            Set-ItResult -Skipped -Because 'no Python to run tests/pwsh/connect_proxy.py'
            return
        }
        try {
            (& $get -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner -Proxy $open.Url).DisplayName | Should -Be 'F'
            $seen = Get-TestProxyLog $open
            $seen.Count | Should -BeGreaterThan 0
            $seen[0].method | Should -Be 'CONNECT'
            $seen[0].target | Should -Be ([uri] $Emulator.Info.https_url).Authority
        } finally {
            Stop-TestProxy $open
        }
        $secured = Start-TestProxy -Credential 'proxyuser:proxypass'
        try {
            $credential = New-Object System.Management.Automation.PSCredential 'proxyuser', (ConvertTo-SecureString 'proxypass' -AsPlainText -Force)
            (& $get -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner -Proxy $secured.Url -ProxyCredential $credential).DisplayName | Should -Be 'F'
            @(Get-TestProxyLog $secured | ForEach-Object user) | Should -Contain 'proxyuser:proxypass'
        } finally {
            Stop-TestProxy $secured
        }
        (& $get -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner).DisplayName | Should -Be 'F'
        $credential = New-Object System.Management.Automation.PSCredential 'user', (ConvertTo-SecureString 'pw' -AsPlainText -Force)
        & $get -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner -ProxyCredential $credential -ErrorAction SilentlyContinue -ErrorVariable noProxy
        $noProxy[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It '-WhatIf sends nothing and changes nothing' {
        & $set -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner -DisplayName 'Kept'
        Clear-TestRequest $Emulator
        & $update -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner -DisplayName 'Changed' -WhatIf
        & $remove -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner -WhatIf -PassThru | Should -BeNullOrEmpty
        Get-TestRequest $Emulator | Should -BeNullOrEmpty
        (Get-TestSyncPolicy $Emulator $Partner).displayName | Should -Be 'Kept'
    }

    It 'honours $WhatIfPreference set by the caller and inherited from a SupportsShouldProcess function' {
        & $set -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner -DisplayName 'Kept'
        Clear-TestRequest $Emulator
        $WhatIfPreference = $true
        try {
            & $update -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner -DisplayName 'Changed'
        } finally {
            $WhatIfPreference = $false
        }
        function Invoke-Caller {
            [CmdletBinding(SupportsShouldProcess)]
            param([string] $Command, [string] $Id)
            & $Command -CrossTenantAccessPolicyConfigurationPartnerTenantId $Id
        }
        Invoke-Caller -Command $remove -Id $Partner -WhatIf
        Get-TestRequest $Emulator | Should -BeNullOrEmpty
        (Get-TestSyncPolicy $Emulator $Partner).displayName | Should -Be 'Kept'
        Invoke-Caller -Command $remove -Id $Partner
        Get-TestSyncPolicy $Emulator $Partner | Should -BeNullOrEmpty
    }

    It '-WhatIf prints the method, the full URL and the body (<Api>)' {
        $out = Invoke-TestChild -Emulator $Emulator -Connect -Script @"
$set -CrossTenantAccessPolicyConfigurationPartnerTenantId '$Partner' -UserSyncInbound @{ IsSyncAllowed = `$true } -WhatIf
$remove -CrossTenantAccessPolicyConfigurationPartnerTenantId '$Partner' -WhatIf
"@
        $text = $out -join "`n"
        $text | Should -Match ([regex]::Escape("What if: Performing the operation `"$($set)_SetExpanded`" on target `"Call remote 'PUT $($Emulator.Info.https_url)$path' operation with body {`"userSyncInbound`":{`"isSyncAllowed`":true}}`""))
        $text | Should -Match ([regex]::Escape("`"$($remove)_Delete`" on target `"Call remote 'DELETE $($Emulator.Info.https_url)$path' operation`""))
        Get-TestSyncPolicy $Emulator $Partner | Should -BeNullOrEmpty
    }

    It 'does not prompt at the default $ConfirmPreference, and prompts when the caller lowers it' {
        & $set -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner -DisplayName 'F'
        $out = Invoke-TestChild -Emulator $Emulator -Connect -Script @"
`$ConfirmPreference = 'Medium'
try { $remove -CrossTenantAccessPolicyConfigurationPartnerTenantId '$Partner'; 'removed' } catch { 'prompted: ' + `$_.Exception.Message }
"@
        ($out -join "`n") | Should -Match 'prompted: '
        Get-TestSyncPolicy $Emulator $Partner | Should -Not -BeNullOrEmpty
        $out = Invoke-TestChild -Emulator $Emulator -Connect -Script "$remove -CrossTenantAccessPolicyConfigurationPartnerTenantId '$Partner'; 'removed'"
        $out[-1] | Should -Be 'removed'
        Get-TestSyncPolicy $Emulator $Partner | Should -BeNullOrEmpty
    }

    It 'a reader is refused with 403 PermissionDenied' {
        Connect-TestEmulator $Emulator -App reader
        try {
            & $set -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner -DisplayName 'F' -ErrorAction SilentlyContinue -ErrorVariable denied
            $denied[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
            $denied[0].FullyQualifiedErrorId | Should -BeLike 'Authorization_RequestDenied,403,*'
        } finally {
            Connect-TestEmulator $Emulator
        }
    }
}

Describe 'The beta-only properties' {
    BeforeEach { Reset-TestEmulator $Emulator }

    It 'beta takes -GroupSyncInbound, -ExternalCloudAuthorizedApplicationId and a roleEnabledGroupSyncInbound body; v1.0 refuses them' {
        Set-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner `
            -GroupSyncInbound @{ IsSyncAllowed = $true } -ExternalCloudAuthorizedApplicationId 'app-1' -AdditionalProperties @{ roleEnabledGroupSyncInbound = @{ isSyncAllowed = $false } }
        $policy = Get-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner
        $policy.GroupSyncInbound.IsSyncAllowed | Should -BeTrue
        $policy.ExternalCloudAuthorizedApplicationId | Should -Be 'app-1'
        $policy.RoleEnabledGroupSyncInbound.IsSyncAllowed | Should -BeFalse
        Update-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner `
            -BodyParameter @{ groupSyncInbound = @{ isSyncAllowed = $false } } -ErrorAction SilentlyContinue -ErrorVariable v1
        $v1[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $v1[0].Exception.Message | Should -Match 'beta'
    }
}

Describe 'The deleted policies (beta)' {
    BeforeEach {
        Reset-TestEmulator $Emulator -Partners @($Partner, $Partner2, $Partner3)
        foreach ($id in $Partner, $Partner2, $Partner3) {
            Set-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId $id -DisplayName "Policy $id"
            Remove-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId $id
        }
        Clear-TestRequest $Emulator
    }

    It 'List writes every deleted policy as its own object, with DeletedDateTime' {
        $deleted = Get-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner
        $deleted.Count | Should -Be 3
        @($deleted.TenantId | Sort-Object) | Should -Be @(@($Partner, $Partner2, $Partner3) | Sort-Object)
        $deleted[0].DeletedDateTime | Should -BeOfType ([datetime])
        $deleted[0].PSObject.TypeNames | Should -Contain 'Microsoft.Graph.Beta.PowerShell.Models.MicrosoftGraphCrossTenantIdentitySyncPolicyPartner'
    }

    It 'List takes -Top, -Skip, -Sort, -Filter (also $null), -Search-free queries and -CountVariable' {
        @(Get-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner -Top 1).Count | Should -Be 1
        @(Get-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner -Filter $null).Count | Should -Be 3
        $one = Get-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner -Filter "tenantId eq '$Partner2'"
        $one.TenantId | Should -Be $Partner2
        $sorted = Get-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner -Sort 'tenantId desc' -Skip 1
        @($sorted).Count | Should -Be 2
        $null = Get-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner -Top 1 -CountVariable total
        $total | Should -Be 3
        $null = Get-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner -Top 1 -CV alsoTotal
        $alsoTotal | Should -Be 3
        $queries = @(Get-TestRequest $Emulator | ForEach-Object { [uri]::UnescapeDataString($_.query) })
        $queries | Should -Contain '$top=1'
        ($queries -match '\$filter=' | Where-Object { $_ -match '\$filter=(&|$)' }) | Should -BeNullOrEmpty
    }

    It '-All follows every page' {
        $all = Get-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner -All -PageSize 1
        @($all).Count | Should -Be 3
        @(Get-TestRequest $Emulator).Count | Should -BeGreaterOrEqual 3
    }

    It 'Get (Get and GetViaIdentity) reads one deleted policy' {
        (Get-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner -CrossTenantIdentitySyncPolicyPartnerTenantId $Partner2).DisplayName | Should -Be "Policy $Partner2"
        (@{ CrossTenantIdentitySyncPolicyPartnerTenantId = $Partner3 } | Get-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner).TenantId | Should -Be $Partner3
    }

    It 'Restore (Restore and RestoreViaIdentity) writes the restored policy and makes it live again' {
        $restored = Restore-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner -CrossTenantIdentitySyncPolicyPartnerTenantId $Partner
        $restored.TenantId | Should -Be $Partner
        (Get-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner).DisplayName | Should -Be "Policy $Partner"
        $other = @{ CrossTenantIdentitySyncPolicyPartnerTenantId = $Partner2 } | Restore-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner
        $other.TenantId | Should -Be $Partner2
        Restore-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner -CrossTenantIdentitySyncPolicyPartnerTenantId $Partner -WhatIf
        (Get-TestRequest $Emulator | Where-Object method -EQ 'POST').Count | Should -Be 2
    }

    It 'Remove (Delete and DeleteViaIdentity) deletes for good, $true with -PassThru' {
        Remove-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner -CrossTenantIdentitySyncPolicyPartnerTenantId $Partner | Should -BeNullOrEmpty
        Get-TestDeletedSyncPolicy $Emulator $Partner | Should -BeNullOrEmpty
        @{ CrossTenantIdentitySyncPolicyPartnerTenantId = $Partner2 } | Remove-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner -PassThru | Should -BeExactly $true
        Get-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner -CrossTenantIdentitySyncPolicyPartnerTenantId $Partner -ErrorAction SilentlyContinue -ErrorVariable gone
        $gone[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}

Describe 'After Disconnect-MgGraph' {
    It 'writes the dropped context, and cmdlets ask for Connect-MgGraph again' {
        $context = Disconnect-MgGraph
        $context.TenantId | Should -Be $Emulator.Info.tenant_id
        Get-MgContext | Should -BeNullOrEmpty
        Get-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner -ErrorAction SilentlyContinue -ErrorVariable notConnected
        $notConnected[0].Exception.Message | Should -Match 'Connect-MgGraph'
        Connect-TestEmulator $Emulator
        Get-MgContext | Should -Not -BeNullOrEmpty
    }
}
