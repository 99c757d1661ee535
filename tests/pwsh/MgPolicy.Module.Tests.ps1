#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# The module as PowerShell loads it: exports, the parameter metadata the engine builds from
# the functions (compared with tests/contract/cmdlets.json, the table of Microsoft's cmdlets),
# help, re-import, and what works before Connect-MgGraph.

BeforeDiscovery {
    $script:CmdletCases = (Get-Content -Raw -LiteralPath (Join-Path $PSScriptRoot '../contract/cmdlets.json') | ConvertFrom-Json).cmdlets |
        ForEach-Object { @{ Name = $_.name; Entry = $_ } }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-TestModule
    $script:Table = Get-Content -Raw -LiteralPath (Join-Path $RepoRoot 'tests/contract/cmdlets.json') | ConvertFrom-Json
    $script:Common = @($Table.common_parameters.PSObject.Properties.Name) + @($Table.should_process_parameters.PSObject.Properties.Name) + 'UseTransaction'
}

Describe 'Importing MgPolicy' {
    It 'exports exactly the cmdlets of the table and their aliases' {
        $functions = @(Get-Command -Module MgPolicy -CommandType Function | ForEach-Object Name | Sort-Object)
        $functions | Should -Be @($Table.cmdlets.name | Sort-Object)
        $aliases = @(Get-Command -Module MgPolicy -CommandType Alias | ForEach-Object Name | Sort-Object)
        $aliases | Should -Be @($Table.cmdlets.command_aliases | Sort-Object)
        (Get-Alias Connect-Graph).ResolvedCommandName | Should -Be 'Connect-MgGraph'
    }

    It 'imports again in the same session without compiling the binding twice' {
        $type = [MgPolicy.Native.MgpClient]
        { Import-Module (Join-Path $RepoRoot 'pwsh/MgPolicy.psd1') -Force -ErrorAction Stop } | Should -Not -Throw
        [MgPolicy.Native.MgpClient] | Should -Be $type
        [MgPolicy.Native.MgpLibrary]::IsLoaded | Should -BeTrue
        [MgPolicy.Native.MgpLibrary]::Version() | Should -Be (Get-Module MgPolicy).Version.ToString()
    }

    It 'imports in a new process and lists its commands' {
        $emulator = [pscustomobject]@{ Info = @{ https_url = 'https://localhost:1'; ca_pem_path = '' } }
        $out = Invoke-TestChild -Emulator $emulator -Script '(Get-Command -Module MgPolicy).Count'
        $LASTEXITCODE | Should -Be 0
        [int] $out[-1] | Should -Be ($Table.cmdlets.Count + @($Table.cmdlets.command_aliases).Count)
    }
}

Describe '<Name> as PowerShell sees it' -ForEach $CmdletCases {
    BeforeAll {
        $command = Get-Command -Name $Name -Module MgPolicy
        $substitutions = $Table.type_substitutions
    }

    It 'has Microsoft''s parameter sets and default set' {
        $sets = @($command.ParameterSets.Name | Sort-Object)
        $expected = @($Entry.parameter_sets | Sort-Object)
        if ($expected -eq '__AllParameterSets') { $expected = @('__AllParameterSets') }
        $sets | Should -Be $expected
        $default = $command.DefaultParameterSet
        if (-not $default) { $default = '__AllParameterSets' }
        $default | Should -Be $Entry.default_parameter_set
    }

    It 'declares exactly Microsoft''s parameters' {
        $declared = @($command.Parameters.Keys | Where-Object { $Common -notcontains $_ } | Sort-Object)
        $declared | Should -Be @($Entry.parameters.name | Sort-Object)
    }

    It 'has SupportsShouldProcess and ConfirmImpact as Microsoft''s cmdlet' {
        $command.Parameters.ContainsKey('WhatIf') | Should -Be $Entry.supports_should_process
        $binding = $command.ScriptBlock.Attributes | Where-Object { $_ -is [System.Management.Automation.CmdletBindingAttribute] }
        if ($Entry.supports_should_process) { "$($binding.ConfirmImpact)" | Should -Be $Entry.confirm_impact }
        $command.OutputType.Name | Should -Be $Entry.output_type
    }

    It 'binds every parameter as Microsoft''s cmdlet does' {
        foreach ($p in $Entry.parameters) {
            $meta = $command.Parameters[$p.name]
            $type = $p.type
            if ($substitutions.PSObject.Properties[$type]) { $type = $substitutions.$type.type }
            $meta.ParameterType.FullName | Should -Be $type -Because "-$($p.name)"
            @($meta.Aliases | Sort-Object) | Should -Be @($p.aliases | Sort-Object) -Because "-$($p.name) aliases"
            foreach ($set in $p.parameter_sets.PSObject.Properties) {
                $attribute = $meta.ParameterSets[$set.Name]
                $attribute | Should -Not -BeNullOrEmpty -Because "-$($p.name) in set $($set.Name)"
                $attribute.IsMandatory | Should -Be $set.Value.mandatory -Because "-$($p.name) Mandatory in $($set.Name)"
                $position = if ($attribute.Position -eq [int]::MinValue) { $null } else { $attribute.Position }
                $position | Should -Be $set.Value.position -Because "-$($p.name) Position in $($set.Name)"
                $attribute.ValueFromPipeline | Should -Be $set.Value.value_from_pipeline -Because "-$($p.name) ValueFromPipeline"
                $attribute.ValueFromPipelineByPropertyName | Should -Be $set.Value.value_from_pipeline_by_property_name
            }
            @($meta.ParameterSets.Keys | Sort-Object) | Should -Be @($p.parameter_sets.PSObject.Properties.Name | Sort-Object) -Because "-$($p.name) sets"
        }
    }

    It 'has help with its parameter sets and an example' {
        $help = Get-Help $Name -Full
        $help.Synopsis | Should -Not -BeNullOrEmpty
        @($help.syntax.syntaxItem).Count | Should -Be @($Entry.parameter_sets).Count
        @($help.examples.example).Count | Should -BeGreaterThan 0
        foreach ($p in $Entry.parameters) {
            ($help.parameters.parameter | Where-Object name -EQ $p.name).description | Should -Not -BeNullOrEmpty -Because "-$($p.name) is documented"
        }
    }
}

Describe 'Before Connect-MgGraph' {
    BeforeAll {
        if (Get-MgContext) { Disconnect-MgGraph | Out-Null }
    }

    It 'Get-MgContext writes nothing, so `if (-not (Get-MgContext))` works' {
        Get-MgContext | Should -BeNullOrEmpty
        (-not (Get-MgContext)) | Should -BeTrue
    }

    It 'a Graph cmdlet writes an authentication error that -ErrorAction SilentlyContinue hides' {
        $result = Get-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner -ErrorAction SilentlyContinue -ErrorVariable failure
        $result | Should -BeNullOrEmpty
        $failure[0].Exception.Message | Should -Match 'Connect-MgGraph'
        $failure[0].CategoryInfo.Category | Should -Be 'AuthenticationError'
        { Get-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner -ErrorAction Stop } |
            Should -Throw '*Connect-MgGraph*'
    }

    It '-WhatIf already works: nothing is sent and nothing fails' {
        { Remove-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner -WhatIf -ErrorAction Stop } |
            Should -Not -Throw
    }

    It 'Disconnect-MgGraph fails when there is no connection' {
        { Disconnect-MgGraph -ErrorAction SilentlyContinue } | Should -Throw '*No application to sign out from*'
    }

    It 'lists the built-in environments and refuses an unknown one' {
        @(Get-MgEnvironment | ForEach-Object Name) | Should -Be @('Global', 'USGov', 'USGovDoD', 'China', 'Bleu', 'Delos')
        (Get-MgEnvironment -Name USGovDoD).GraphEndpoint | Should -Be 'https://dod-graph.microsoft.us'
        (Get-MgEnvironment -Name Global).PSObject.TypeNames[0] | Should -Be 'Microsoft.Graph.PowerShell.Authentication.Models.GraphEnvironment'
        { Connect-MgGraph -Environment Nowhere -Identity -NoWelcome } | Should -Throw '*Nowhere*'
    }

    It 'Add-MgEnvironment adds a user-defined environment once and honours -WhatIf' {
        Add-MgEnvironment -Name Planned -AzureADEndpoint 'https://login.example' -GraphEndpoint 'https://graph.example' -WhatIf
        Get-MgEnvironment -Name Planned | Should -BeNullOrEmpty
        $added = Add-MgEnvironment -Name Lab -AzureADEndpoint 'https://login.example/' -GraphEndpoint 'https://graph.example/'
        $added.Type | Should -Be 'User-defined'
        $added.GraphEndpoint | Should -Be 'https://graph.example'
        (Get-MgEnvironment -Name lab).AzureADEndpoint | Should -Be 'https://login.example'
        Add-MgEnvironment -Name Lab -AzureADEndpoint 'https://a.example' -GraphEndpoint 'https://b.example' -ErrorAction SilentlyContinue -ErrorVariable again
        $again[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        Add-MgEnvironment -Name Bad -AzureADEndpoint 'not a url' -GraphEndpoint 'https://b.example' -ErrorAction SilentlyContinue -ErrorVariable bad
        $bad[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }
}
