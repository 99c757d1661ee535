#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Usage pattern 18: the cmdlets under the names of Microsoft's modules. tools/package-module.sh
# builds Microsoft.Graph.Authentication, Microsoft.Graph.Identity.SignIns and
# Microsoft.Graph.Beta.Identity.SignIns beside MgPolicy; with the package folder in
# $env:PSModulePath, scripts find each cmdlet in the module Microsoft ships it in, import those
# modules by name, connect through one and call the cmdlets of another, and Pester mocks them.

BeforeDiscovery {
    $table = (Get-Content -Raw -LiteralPath (Join-Path $PSScriptRoot '../contract/cmdlets.json') | ConvertFrom-Json).cmdlets
    $script:ModuleCases = @($table | Group-Object -Property module | Sort-Object -Property Name | ForEach-Object {
            @{
                Module  = $_.Name
                Names   = @($_.Group | ForEach-Object { $_.name } | Sort-Object)
                Aliases = @($_.Group | ForEach-Object { $_.command_aliases } | Where-Object { $_ } | Sort-Object)
            }
        })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:ModuleNames = @('Microsoft.Graph.Authentication', 'Microsoft.Graph.Identity.SignIns', 'Microsoft.Graph.Beta.Identity.SignIns')
    $script:BetaModule = 'Microsoft.Graph.Beta.Identity.SignIns'
    $script:BetaNoun = 'MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization'

    # The package, as tools/package-module.sh makes it, in a folder of its own.
    $script:Out = Join-Path ([System.IO.Path]::GetTempPath()) ('mgpolicy-module-names-' + [guid]::NewGuid().ToString('n'))
    $printed = & bash (Join-Path $RepoRoot 'tools/package-module.sh') --debug --out $Out 2>&1
    if ($LASTEXITCODE -ne 0) { throw "tools/package-module.sh failed: $($printed -join [Environment]::NewLine)" }
    $cargo = Get-Content -LiteralPath (Join-Path $RepoRoot 'Cargo.toml')
    $script:Version = ($cargo | Where-Object { $_ -match '^version\s*=\s*"([^"]+)"' } | Select-Object -First 1) -replace '^version\s*=\s*"([^"]+)".*$', '$1'

    # Only the package's modules: MgPolicy from other test files would shadow the same commands.
    Get-Module -Name 'MgPolicy', 'Microsoft.Graph.*' | Remove-Module -Force
    $script:SavedModulePath = $env:PSModulePath
    $env:PSModulePath = $Out + [System.IO.Path]::PathSeparator + $env:PSModulePath
    $env:MGPOLICY_LIBRARY = Get-TestLibraryPath
    $script:Emulator = Start-TestEmulator
}

AfterAll {
    if ((Get-Command Get-MgContext -ErrorAction SilentlyContinue) -and (Get-MgContext)) { Disconnect-MgGraph | Out-Null }
    Get-Module -Name 'Microsoft.Graph.*' | Remove-Module -Force
    $env:PSModulePath = $SavedModulePath
    Stop-TestEmulator $Emulator
    Remove-Item -LiteralPath $Out -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'The package''s <Module>' -ForEach $ModuleCases {
    It 'is listed by Get-Module -ListAvailable with the library''s version' {
        $available = @(Get-Module -ListAvailable -Name $Module | Where-Object { $_.ModuleBase -like "$Out*" })
        $available.Count | Should -Be 1
        $available[0].Version.ToString() | Should -Be $Version
        $available[0].ModuleBase | Should -Be (Join-Path (Join-Path $Out $Module) $Version)
    }

    It 'lists exactly its cmdlets with Get-Command -Module before it is imported' {
        Get-Module -Name $Module | Remove-Module -Force
        (@(Get-Command -Module $Module -CommandType Function | ForEach-Object Name | Sort-Object) -join ', ') | Should -Be ($Names -join ', ')
    }

    It 'imports by name and exports exactly Microsoft''s cmdlets of that module and their aliases' {
        Import-Module -Name $Module -ErrorAction Stop
        $module = Get-Module -Name $Module
        $module.Version.ToString() | Should -Be $Version
        (@(Get-Command -Module $Module -CommandType Function | ForEach-Object Name | Sort-Object) -join ', ') | Should -Be ($Names -join ', ')
        # No aliases for the Identity.SignIns modules: compared as text, so an empty list is a value too.
        (@(Get-Command -Module $Module -CommandType Alias | ForEach-Object Name | Sort-Object) -join ', ') | Should -Be ($Aliases -join ', ')
        foreach ($name in $Names) { (Get-Command -Name $name).Source | Should -Be $Module -Because $name }
    }
}

Describe 'The modules under Microsoft''s names together' {
    BeforeAll {
        Get-Module -Name 'Microsoft.Graph.*' | Remove-Module -Force
    }

    It 'Microsoft.Graph.Beta.Identity.SignIns brings Microsoft.Graph.Authentication with it, as Microsoft''s module does' {
        Import-Module -Name $BetaModule -ErrorAction Stop
        @((Get-Module -Name $BetaModule).RequiredModules | ForEach-Object Name) | Should -Be @('Microsoft.Graph.Authentication')
        (Get-Module -Name Microsoft.Graph.Authentication).Version.ToString() | Should -Be $Version
        (Get-Command -Name Connect-MgGraph).Source | Should -Be 'Microsoft.Graph.Authentication'
        (Get-Command -Name "Get-$BetaNoun").Source | Should -Be $BetaModule
        Get-Module -Name Microsoft.Graph.Identity.SignIns | Should -BeNullOrEmpty
        Import-Module -Name Microsoft.Graph.Identity.SignIns -ErrorAction Stop
        (Get-Command -Name Get-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization).Source | Should -Be 'Microsoft.Graph.Identity.SignIns'
    }

    It 'a Connect-MgGraph through Microsoft.Graph.Authentication serves the cmdlets of both Identity.SignIns modules' {
        Reset-TestEmulator $Emulator
        Connect-TestEmulator $Emulator
        (Microsoft.Graph.Authentication\Get-MgContext).TenantId | Should -Be $Emulator.Info.tenant_id
        Microsoft.Graph.Beta.Identity.SignIns\Set-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner -DisplayName 'Under Microsoft''s names'
        (Get-TestSyncPolicy $Emulator $Partner).displayName | Should -Be 'Under Microsoft''s names'
        $beta = Microsoft.Graph.Beta.Identity.SignIns\Get-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner
        $beta.DisplayName | Should -Be 'Under Microsoft''s names'
        $beta.PSObject.TypeNames | Should -Contain 'Microsoft.Graph.Beta.PowerShell.Models.IMicrosoftGraphCrossTenantIdentitySyncPolicyPartner'
        $v1 = Microsoft.Graph.Identity.SignIns\Get-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner
        $v1.DisplayName | Should -Be 'Under Microsoft''s names'
        @(Get-TestRequest $Emulator | ForEach-Object { '{0} {1}' -f $_.method, $_.path }) | Should -Be @(
            "PUT /beta/policies/crossTenantAccessPolicy/partners/$Partner/identitySynchronization"
            "GET /beta/policies/crossTenantAccessPolicy/partners/$Partner/identitySynchronization"
            "GET /v1.0/policies/crossTenantAccessPolicy/partners/$Partner/identitySynchronization"
        )
    }

    It 'removing Microsoft.Graph.Identity.SignIns leaves the connection to the other modules' {
        Remove-Module -Name Microsoft.Graph.Identity.SignIns
        Get-MgContext | Should -Not -BeNullOrEmpty
        (Get-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner).DisplayName |
            Should -Be 'Under Microsoft''s names'
    }

    It 'Disconnect-MgGraph through Microsoft.Graph.Authentication signs the beta cmdlets out too' {
        Disconnect-MgGraph | Out-Null
        Get-MgContext | Should -BeNullOrEmpty
        $result = Get-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner -ErrorAction SilentlyContinue -ErrorVariable failure
        $result | Should -BeNullOrEmpty
        $failure[0].CategoryInfo.Category | Should -Be 'AuthenticationError'
    }

    It 'Pester mocks a cmdlet of Microsoft.Graph.Beta.Identity.SignIns, and code that uses it works on the mock''s hashtable' {
        Clear-TestRequest $Emulator
        Mock -CommandName "Get-$BetaNoun" -MockWith { @{ TenantId = 'mocked'; UserSyncInbound = @{ IsSyncAllowed = $true } } }
        Mock -CommandName Get-MgContext -MockWith { @{ TenantId = 'mocked-tenant'; AuthType = 'AppOnly' } }
        if (-not (Get-MgContext)) { throw 'the mocked Get-MgContext wrote nothing' }
        (Get-MgContext).TenantId | Should -Be 'mocked-tenant'
        $policy = & "Get-$BetaNoun" -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner
        $policy.TenantId | Should -Be 'mocked'
        $policy.UserSyncInbound.IsSyncAllowed | Should -BeTrue
        Should -Invoke -CommandName "Get-$BetaNoun" -Times 1 -Exactly
        Should -Invoke -CommandName Get-MgContext -Times 2 -Exactly
        Get-TestRequest $Emulator | Should -BeNullOrEmpty
    }
}

Describe 'In a new process, with only the package' {
    It 'imports Microsoft.Graph.Beta.Identity.SignIns by name, loads the binding and the library from the MgPolicy folder beside it, and calls the emulator' {
        Reset-TestEmulator $Emulator
        $childScript = @'
"source=" + (Get-Command Get-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization).Source
"connect=" + (Get-Command Connect-MgGraph).Source
"library=" + [MgPolicy.Native.MgpLibrary]::LoadedPath
"binding=" + [MgPolicy.Native.MgpClient].Assembly.Location
Set-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId '90e29127-71ad-49c7-9ce8-db3f41ea06f1' -DisplayName 'From a new process'
"name=" + (Get-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId '90e29127-71ad-49c7-9ce8-db3f41ea06f1').DisplayName
'@
        $environment = @{ MGPOLICY_LIBRARY = $null; PSModulePath = $Out + [System.IO.Path]::PathSeparator + $SavedModulePath }
        $out = Invoke-TestChild -Emulator $Emulator -Import $BetaModule -Connect -Environment $environment -Script $childScript
        $LASTEXITCODE | Should -Be 0 -Because ($out -join [Environment]::NewLine)
        $values = @{}
        foreach ($line in $out) { if ($line -match '^(\w+)=(.*)$') { $values[$Matches[1]] = $Matches[2] } }
        $values['source'] | Should -Be $BetaModule
        $values['connect'] | Should -Be 'Microsoft.Graph.Authentication'
        $mgpolicy = Join-Path (Join-Path $Out 'MgPolicy') $Version
        $library = @(Get-ChildItem -Path (Join-Path $mgpolicy 'runtimes/*/native/*mgpolicy*') -File)
        $library.Count | Should -Be 1
        $values['library'] | Should -Be $library[0].FullName
        if (Test-Path -LiteralPath (Join-Path $mgpolicy 'MgPolicy.Native.dll')) {
            $values['binding'] | Should -Be (Join-Path $mgpolicy 'MgPolicy.Native.dll')
        }
        $values['name'] | Should -Be 'From a new process'
        (Get-TestSyncPolicy $Emulator $Partner).displayName | Should -Be 'From a new process'
    }
}
