# Shared by the Pester tests: the repository's paths, a graph-emulator process per test file
# and its admin API, importing MgPolicy from pwsh/, and child PowerShell processes for what
# only a separate process shows (host output such as -WhatIf text, non-interactive prompts,
# environment variables read by the native library).
#
# Dot-source it in BeforeAll:  BeforeAll { . (Join-Path $PSScriptRoot 'TestHelpers.ps1') }

$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$script:TargetDir = if ($env:CARGO_TARGET_DIR) { $env:CARGO_TARGET_DIR } else { Join-Path $script:RepoRoot 'target' }
$script:Partner = '90e29127-71ad-49c7-9ce8-db3f41ea06f1'
$script:Partner2 = '4c1f6a2b-8d3e-4f5a-9b6c-7d8e9f0a1b2c'
$script:Partner3 = 'a7b8c9d0-1e2f-4a3b-8c4d-5e6f7a8b9c0d'
$script:Cmdlets = (Get-Content -Raw -LiteralPath (Join-Path $script:RepoRoot 'tests/contract/cmdlets.json') | ConvertFrom-Json).cmdlets

function Get-TestExecutable([string] $Name) {
    if ($IsWindows -or $env:OS -eq 'Windows_NT') { $Name += '.exe' }
    Join-Path (Join-Path $script:TargetDir 'debug') $Name
}

function Get-TestLibraryPath {
    $file = 'libmgpolicy.so'
    if ($IsWindows -or $env:OS -eq 'Windows_NT') { $file = 'mgpolicy.dll' } elseif ($IsMacOS) { $file = 'libmgpolicy.dylib' }
    Join-Path (Join-Path $script:TargetDir 'debug') $file
}

function Import-TestModule {
    # The module from pwsh/, with the library built by `cargo build -p mgpolicy`.
    $library = Get-TestLibraryPath
    if (-not (Test-Path -LiteralPath $library)) { throw "$library is missing: run cargo build -p mgpolicy" }
    $env:MGPOLICY_LIBRARY = $library
    Import-Module (Join-Path $script:RepoRoot 'pwsh/MgPolicy.psd1') -Force -ErrorAction Stop
}

function Start-TestEmulator {
    $binary = Get-TestExecutable 'graph-emulator'
    if (-not (Test-Path -LiteralPath $binary)) { throw "$binary is missing: run cargo build -p graph-emulator" }
    $stdout = [System.IO.Path]::GetTempFileName()
    $stderr = [System.IO.Path]::GetTempFileName()
    $process = Start-Process -FilePath $binary -ArgumentList '--port', '0' -RedirectStandardOutput $stdout `
        -RedirectStandardError $stderr -PassThru -NoNewWindow
    $deadline = (Get-Date).AddSeconds(30)
    $line = $null
    while (-not $line) {
        if ($process.HasExited) { throw "graph-emulator exited: $(Get-Content -Raw -LiteralPath $stderr)" }
        if ((Get-Date) -gt $deadline) { throw 'graph-emulator did not start within 30 s' }
        Start-Sleep -Milliseconds 50
        $line = Get-Content -LiteralPath $stdout -TotalCount 1 -ErrorAction SilentlyContinue
    }
    $info = $line | ConvertFrom-Json
    [pscustomobject]@{ Process = $process; Info = $info; Admin = $info.admin_url; Stdout = $stdout; Stderr = $stderr }
}

function Stop-TestEmulator($Emulator) {
    if ($Emulator) {
        Stop-Process -Id $Emulator.Process.Id -Force -ErrorAction SilentlyContinue
        $Emulator.Process.WaitForExit(10000) | Out-Null
        Remove-Item -LiteralPath $Emulator.Stdout, $Emulator.Stderr -ErrorAction SilentlyContinue
    }
}

function Invoke-TestAdmin($Emulator, [string] $Method, [string] $Path, $Body) {
    $arguments = @{ Method = $Method; Uri = "$($Emulator.Admin)/$Path" }
    if ($null -ne $Body) {
        $arguments.ContentType = 'application/json'
        $arguments.Body = ConvertTo-Json -InputObject $Body -Depth 20 -Compress
    }
    Invoke-RestMethod @arguments
}

function Reset-TestEmulator($Emulator, [string[]] $Partners = @($script:Partner)) {
    # Empty state, log and faults, then the partner configurations the tests use.
    $null = Invoke-TestAdmin $Emulator Post 'reset'
    if ($Partners.Count -gt 0) {
        $null = Invoke-TestAdmin $Emulator Post 'seed' @{ partners = @($Partners | ForEach-Object { @{ tenantId = $_ } }) }
    }
}

function Add-TestSeed($Emulator, [hashtable] $Seed) { $null = Invoke-TestAdmin $Emulator Post 'seed' $Seed }

function Get-TestRequest($Emulator) {
    # The Graph requests the emulator saw (token and managed-identity requests left out).
    @(Invoke-TestAdmin $Emulator Get 'requests') | Where-Object { $_.path -match '^/(v1\.0|beta)/' }
}

function Clear-TestRequest($Emulator) { $null = Invoke-TestAdmin $Emulator Delete 'requests' }

function Get-TestSyncPolicy($Emulator, [string] $PartnerId) {
    # The live policy as the emulator holds it, or $null.
    $state = Invoke-TestAdmin $Emulator Get 'state'
    foreach ($tenant in $state.tenants.PSObject.Properties) {
        foreach ($p in $tenant.Value.partners) {
            if ($p.tenantId -eq $PartnerId) { return $p.identitySynchronization }
        }
    }
}

function Get-TestDeletedSyncPolicy($Emulator, [string] $PartnerId) {
    $state = Invoke-TestAdmin $Emulator Get 'state'
    foreach ($tenant in $state.tenants.PSObject.Properties) {
        foreach ($p in $tenant.Value.deleted_sync_policies) {
            if ($p.tenantId -eq $PartnerId) { return $p }
        }
    }
}

function Get-TestApp($Emulator, [string] $Name = 'test') { $Emulator.Info.apps | Where-Object { $_.name -eq $Name } }

function New-TestCredential($Emulator, [string] $App = 'test') {
    $a = Get-TestApp $Emulator $App
    New-Object System.Management.Automation.PSCredential $a.client_id, (ConvertTo-SecureString $a.client_secret -AsPlainText -Force)
}

function Connect-TestEmulator($Emulator, [string] $App = 'test') {
    # Connect-MgGraph to the emulator: its CA trusted through MGPOLICY_CA_CERTIFICATE_FILES and
    # its URL added as the environment "Emulator".
    $env:MGPOLICY_CA_CERTIFICATE_FILES = $Emulator.Info.ca_pem_path
    if (-not (Get-MgEnvironment -Name Emulator)) {
        $null = Add-MgEnvironment -Name Emulator -AzureADEndpoint $Emulator.Info.https_url -GraphEndpoint $Emulator.Info.https_url
    }
    Connect-MgGraph -Environment Emulator -TenantId $Emulator.Info.tenant_id -ClientSecretCredential (New-TestCredential $Emulator $App) -NoWelcome -ErrorAction Stop
}

function Invoke-TestChild {
    # Runs a script in a new PowerShell process (the one running the tests) with the module
    # imported and, with -Connect, connected to the emulator as the test app. $Emulator is the
    # emulator's startup information inside the script. Returns everything the process printed
    # (host output included) as text lines; $LASTEXITCODE tells how it ended. -Import names
    # what to import instead of pwsh/MgPolicy.psd1 (a path or a module name); MGPOLICY_LIBRARY
    # is the debug build unless -Environment gives it (a $null value removes a variable).
    param($Emulator, [string] $Script, [switch] $Connect, [hashtable] $Environment = @{},
        [string] $Import = (Join-Path $script:RepoRoot 'pwsh/MgPolicy.psd1'))
    $prelude = @(
        '$ErrorActionPreference = ''Stop'''
        '$Emulator = $env:MGPOLICY_TEST_EMULATOR | ConvertFrom-Json'
        "Import-Module '$($Import.Replace("'", "''"))'"
        '$env:MGPOLICY_CA_CERTIFICATE_FILES = $Emulator.ca_pem_path'
        'Add-MgEnvironment -Name Emulator -AzureADEndpoint $Emulator.https_url -GraphEndpoint $Emulator.https_url | Out-Null'
    )
    if ($Connect) {
        $prelude += '$secret = ConvertTo-SecureString $Emulator.client_secret -AsPlainText -Force'
        $prelude += 'Connect-MgGraph -Environment Emulator -TenantId $Emulator.tenant_id -ClientSecretCredential (New-Object System.Management.Automation.PSCredential $Emulator.client_id, $secret) -NoWelcome'
    }
    $text = ($prelude -join [Environment]::NewLine) + [Environment]::NewLine + $Script
    $encoded = [Convert]::ToBase64String([System.Text.Encoding]::Unicode.GetBytes($text))
    $saved = @{}
    $Environment['MGPOLICY_TEST_EMULATOR'] = ConvertTo-Json -InputObject $Emulator.Info -Depth 10 -Compress
    if (-not $Environment.ContainsKey('MGPOLICY_LIBRARY')) { $Environment['MGPOLICY_LIBRARY'] = Get-TestLibraryPath }
    foreach ($name in $Environment.Keys) {
        $saved[$name] = [Environment]::GetEnvironmentVariable($name)
        [Environment]::SetEnvironmentVariable($name, $Environment[$name])
    }
    try {
        $shell = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
        & $shell -NoProfile -NonInteractive -EncodedCommand $encoded 2>&1 | ForEach-Object { "$_" }
    } finally {
        foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
    }
}

function Get-TestPython {
    # The Python that runs tests/pwsh/connect_proxy.py: MGPOLICY_TEST_PYTHON (tests/pwsh/run.sh
    # sets it to the repository's .venv), else python3 or python on PATH.
    if ($env:MGPOLICY_TEST_PYTHON -and (Test-Path -LiteralPath $env:MGPOLICY_TEST_PYTHON)) { return $env:MGPOLICY_TEST_PYTHON }
    foreach ($name in 'python3', 'python') {
        $command = Get-Command $name -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
        if ($command) { return $command.Source }
    }
}

function Start-TestProxy([string] $Credential) {
    # A CONNECT proxy (tests/pwsh/connect_proxy.py) that logs what it tunnels; $null without Python.
    $python = Get-TestPython
    if (-not $python) { return $null }
    $log = [System.IO.Path]::GetTempFileName()
    $stdout = [System.IO.Path]::GetTempFileName()
    $arguments = @((Join-Path $PSScriptRoot 'connect_proxy.py'), $log)
    if ($Credential) { $arguments += $Credential }
    $process = Start-Process -FilePath $python -ArgumentList $arguments -RedirectStandardOutput $stdout -PassThru -NoNewWindow
    $deadline = (Get-Date).AddSeconds(20)
    $line = $null
    while (-not $line) {
        if ($process.HasExited) { throw 'connect_proxy.py exited' }
        if ((Get-Date) -gt $deadline) { throw 'connect_proxy.py did not start within 20 s' }
        Start-Sleep -Milliseconds 50
        $line = Get-Content -LiteralPath $stdout -TotalCount 1 -ErrorAction SilentlyContinue
    }
    [pscustomobject]@{ Process = $process; Url = ($line | ConvertFrom-Json).url; Log = $log; Stdout = $stdout }
}

function Get-TestProxyLog($Proxy) {
    @(Get-Content -LiteralPath $Proxy.Log -ErrorAction SilentlyContinue | Where-Object { $_ } | ForEach-Object { $_ | ConvertFrom-Json })
}

function Stop-TestProxy($Proxy) {
    if ($Proxy) {
        Stop-Process -Id $Proxy.Process.Id -Force -ErrorAction SilentlyContinue
        Remove-Item -LiteralPath $Proxy.Log, $Proxy.Stdout -ErrorAction SilentlyContinue
    }
}
