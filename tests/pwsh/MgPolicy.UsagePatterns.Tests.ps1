#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# The usage patterns of public scripts that call these cmdlets (../shared/usage-patterns.md,
# numbered as there), run unchanged against MgPolicy and a graph-emulator. Pattern 13 (the
# default policy) is about cmdlets this module does not have.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-TestModule
    $script:Emulator = Start-TestEmulator
    Connect-TestEmulator $Emulator
    $script:BetaNoun = 'MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization'
}

AfterAll {
    if (Get-MgContext) { Disconnect-MgGraph | Out-Null }
    Stop-TestEmulator $Emulator
}

Describe 'Usage patterns' {
    BeforeEach {
        Reset-TestEmulator $Emulator -Partners @($Partner, $Partner2)
    }

    It '1: the partner id by its full name, from a property expression, on Get/Set/Update/Remove in v1.0 and beta' {
        $partner = [pscustomobject]@{ TenantId = $Partner }
        foreach ($mg in 'Mg', 'MgBeta') {
            $noun = "$($mg)PolicyCrossTenantAccessPolicyPartnerIdentitySynchronization"
            & "Set-$noun" -CrossTenantAccessPolicyConfigurationPartnerTenantId $partner.TenantId -DisplayName $mg
            (& "Get-$noun" -CrossTenantAccessPolicyConfigurationPartnerTenantId $partner.TenantId).DisplayName | Should -Be $mg
            & "Update-$noun" -CrossTenantAccessPolicyConfigurationPartnerTenantId $partner.TenantId -DisplayName "$mg 2"
            (Get-TestSyncPolicy $Emulator $Partner).displayName | Should -Be "$mg 2"
            & "Remove-$noun" -CrossTenantAccessPolicyConfigurationPartnerTenantId $partner.TenantId
            Get-TestSyncPolicy $Emulator $Partner | Should -BeNullOrEmpty
        }
    }

    It '2: -BodyParameter as a nested hashtable in camelCase or PascalCase, before or after the id' {
        $params = @{
            displayName     = 'Fabrikam'
            userSyncInbound = @{
                isSyncAllowed = $true
            }
        }
        Set-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -BodyParameter $params -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner
        $pascal = @{ UserSyncInbound = @{ IsSyncAllowed = $false } }
        Update-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner -BodyParameter $pascal
        $policy = Get-TestSyncPolicy $Emulator $Partner
        $policy.displayName | Should -Be 'Fabrikam'
        $policy.userSyncInbound.isSyncAllowed | Should -BeFalse
    }

    It '3: null or absent optional members, and the beta-only members in beta bodies' {
        $dsc = @{ displayName = $null; userSyncInbound = @{ isSyncAllowed = $true } }
        Set-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner -BodyParameter $dsc
        $howto = @{ userSyncInbound = @{ isSyncAllowed = $false } }
        Update-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner -BodyParameter $howto
        $beta = @{ externalCloudAuthorizedApplicationId = 'app'; roleEnabledGroupSyncInbound = @{ isSyncAllowed = $true } }
        Update-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner -BodyParameter $beta
        $policy = Get-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner
        $policy.UserSyncInbound.IsSyncAllowed | Should -BeFalse
        $policy.ExternalCloudAuthorizedApplicationId | Should -Be 'app'
        $policy.RoleEnabledGroupSyncInbound.IsSyncAllowed | Should -BeTrue
    }

    It '4: expanded parameters take hashtables, and the string "True" is sent as JSON true' {
        Set-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner -UserSyncInbound @{ IsSyncAllowed = 'True' }
        $body = (Get-TestRequest $Emulator | Select-Object -Last 1).body
        $body | Should -Match '"isSyncAllowed":\s*true'
        $body | Should -Not -Match '"True"'
    }

    It '5: splatted id, expanded and common parameters' {
        $operationParams = @{
            CrossTenantAccessPolicyConfigurationPartnerTenantId = $Partner
            DisplayName                                         = 'Splatted'
            UserSyncInbound                                     = @{ IsSyncAllowed = $true }
        }
        Set-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization @operationParams
        (Get-TestSyncPolicy $Emulator $Partner).displayName | Should -Be 'Splatted'
        $quiet = @{ CrossTenantAccessPolicyConfigurationPartnerTenantId = $Partner2; ErrorAction = 'SilentlyContinue' }
        $missing = Get-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization @quiet
        $missing | Should -BeNullOrEmpty
    }

    It '6: unique prefixes of parameter names, colon syntax with an abbreviated enum, and a dash-prefixed splat key bound as a compiled cmdlet binds it' {
        Set-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenant $Partner -UserSync @{ IsSyncAllowed = $true } -Display 'Prefixes'
        (Get-TestSyncPolicy $Emulator $Partner).displayName | Should -Be 'Prefixes'
        $none = Get-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner2 -ErrorAction:Silently
        $none | Should -BeNullOrEmpty
        $compiled = @{ '-Name' = 'PSHOME' }
        $compiledBinds = try { $null = Get-Variable @compiled; $true } catch [System.Management.Automation.ParameterBindingException] { $false }
        $ours = @{ '-CrossTenantAccessPolicyConfigurationPartnerTenantId' = $Partner }
        $oursBinds = try { $null = Get-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization @ours; $true } catch [System.Management.Automation.ParameterBindingException] { $false }
        $oursBinds | Should -Be $compiledBinds
    }

    It '7: a missing policy with -ErrorAction SilentlyContinue gives no output and no exception, also under $ErrorActionPreference = ''Stop''' {
        $saved = $ErrorActionPreference
        $ErrorActionPreference = 'Stop'
        try {
            $i = Get-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner -ErrorAction SilentlyContinue
            ($null -eq $i) | Should -BeTrue
            (-not $i) | Should -BeTrue
            $branch = if ($i) { 'exists' } else { 'missing' }
            $branch | Should -Be 'missing'
        } finally {
            $ErrorActionPreference = $saved
        }
    }

    It '8: -ErrorAction Stop makes a catchable error whose message matches 404|NotFound; without it try/catch does not catch, as with Microsoft''s cmdlets' {
        Set-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner2 -DisplayName 'Only this one'
        $exported = @()
        foreach ($id in $Partner, $Partner2) {
            try {
                $policy = Get-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId $id -ErrorAction Stop
            } catch {
                $_.Exception.Message -match '404|NotFound' | Should -BeTrue
                continue
            }
            $exported += $policy.TenantId
        }
        $exported | Should -Be @($Partner2)
        $caught = $false
        try {
            Get-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner -ErrorVariable written 2>$null
        } catch {
            $caught = $true
        }
        $caught | Should -BeFalse
        $written.Count | Should -Be 1
    }

    It '9: properties by any casing and dot chains' {
        Set-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner `
            -BodyParameter @{ displayName = 'Fabrikam'; userSyncInbound = @{ isSyncAllowed = $true }; roleEnabledGroupSyncInbound = @{ isSyncAllowed = $false } }
        $p = Get-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner
        $p.userSyncInbound.IsSyncAllowed | Should -BeTrue
        ((Get-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner).UserSyncInbound.isSyncAllowed -eq $true) | Should -BeTrue
        $p.TenantId | Should -Be $Partner
        $p.DisplayName | Should -Be 'Fabrikam'
        $p.RoleEnabledGroupSyncInbound.IsSyncAllowed | Should -BeFalse
        $p.ExternalCloudAuthorizedApplicationId | Should -BeNullOrEmpty
        $p.AdditionalProperties['@odata.context'] | Should -Not -BeNullOrEmpty
    }

    It '10: a property that does not exist reads as $null' {
        Set-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner -DisplayName 'F'
        $p = Get-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner
        $p.IsInboundAllowed | Should -BeNullOrEmpty
        $p.B2BDirectConnect.InboundAllowed | Should -BeNullOrEmpty
        $p.CreatedDateTime | Should -BeNullOrEmpty
        $selected = $p | Select-Object -Property 'TenantId', 'B2BSetting'
        $selected.TenantId | Should -Be $Partner
        $selected.B2BSetting | Should -BeNullOrEmpty
    }

    It '11: pipeline consumers: Select-Object with a calculated property, Format-List, Format-Table, Out-Null, Out-Host' {
        Set-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner -DisplayName 'F' -UserSyncInbound @{ IsSyncAllowed = $true }
        $row = Get-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner |
            Select-Object -Property 'TenantId', @{ N = 'InboundSyncAllowed'; E = { $_.UserSyncInbound.IsSyncAllowed } }
        $row.InboundSyncAllowed | Should -BeTrue
        $policy = Get-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner
        ($policy | Format-List | Out-String) | Should -Match 'DisplayName\s*:\s*F'
        ($policy | Format-Table -Property TenantId | Out-String) | Should -Match $Partner
        ($policy.UserSyncInbound | Format-Table | Out-String) | Should -Match 'IsSyncAllowed'
        { $policy | Out-Null; $policy | Out-Host } | Should -Not -Throw
    }

    It '12: collections with and without -All work with .Count, .Length, [array], @(), += and foreach; -Filter $null is accepted' {
        foreach ($id in $Partner, $Partner2) {
            Set-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId $id -DisplayName $id
            Remove-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId $id
        }
        $page = Get-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner -Filter $null
        $all = Get-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner -All
        $page.Count | Should -Be 2
        $all.Length | Should -Be 2
        ([array] $all).Count | Should -Be 2
        @(Get-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner -Top 1).Count | Should -Be 1
        $collected = @()
        foreach ($item in $all) { $collected += $item.TenantId }
        @($collected | Sort-Object) | Should -Be @(@($Partner, $Partner2) | Sort-Object)
    }

    It '14: Remove without -Confirm:$false in a non-interactive session does not prompt' {
        Set-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner -DisplayName 'F'
        $out = Invoke-TestChild -Emulator $Emulator -Connect -Script "Remove-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId '$Partner'; 'finished'"
        $out[-1] | Should -Be 'finished'
        Get-TestSyncPolicy $Emulator $Partner | Should -BeNullOrEmpty
    }

    It '15: Set/Update output discarded or not captured' {
        $null = Set-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner -DisplayName 'A'
        Update-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner -DisplayName 'B' | Out-Null
        [void](Update-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner -DisplayName 'C')
        (Get-TestSyncPolicy $Emulator $Partner).displayName | Should -Be 'C'
    }

    It '16: Invoke-MgGraphRequest with a positional method, a relative /beta URI and a JSON body' {
        Set-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner -DisplayName 'F'
        $id = $Partner
        $json = @{ userSyncInbound = @{ isSyncAllowed = $true } } | ConvertTo-Json
        Invoke-MgGraphRequest 'PATCH' -Uri "/beta/policies/crossTenantAccessPolicy/partners/$id/identitySynchronization" -Body $json -ErrorAction Stop | Out-Null
        (Get-TestSyncPolicy $Emulator $Partner).userSyncInbound.isSyncAllowed | Should -BeTrue
        { Invoke-MgGraphRequest -Method PATCH -Uri "/v1.0/policies/crossTenantAccessPolicy/partners/$Partner2/identitySynchronization" -Body $json } |
            Should -Throw '*Directory_ObjectNotFound*'
    }

    It '17: connect guarded by Get-MgContext, output discarded, and disconnect' {
        Disconnect-MgGraph | Out-Null
        if (-not (Get-MgContext)) {
            Connect-MgGraph -Environment Emulator -TenantId $Emulator.Info.tenant_id -ClientSecretCredential (New-TestCredential $Emulator) | Out-Null
        }
        (Get-MgContext).TenantId | Should -Be $Emulator.Info.tenant_id
        Disconnect-MgGraph | Out-Null
        Get-MgContext | Should -BeNullOrEmpty
        Connect-TestEmulator $Emulator
    }

    It '18: the cmdlets are commands Pester can mock, and code that uses them works on a mock''s hashtable' {
        Mock -CommandName "Get-$BetaNoun" -MockWith { @{ TenantId = 'mocked'; UserSyncInbound = @{ IsSyncAllowed = $true } } }
        $policy = & "Get-$BetaNoun" -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner
        $policy.TenantId | Should -Be 'mocked'
        $policy.UserSyncInbound.IsSyncAllowed | Should -BeTrue
        Should -Invoke -CommandName "Get-$BetaNoun" -Times 1 -Exactly
        Get-TestRequest $Emulator | Should -BeNullOrEmpty
    }
}
