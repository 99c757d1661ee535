#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Sign-in and raw requests against a graph-emulator: every Connect-MgGraph parameter set,
# Get-MgContext, Disconnect-MgGraph, Add/Get-MgEnvironment, and Invoke-MgGraphRequest on the
# endpoints the module covers.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-TestModule
    $script:Emulator = Start-TestEmulator
    $env:MGPOLICY_CA_CERTIFICATE_FILES = $Emulator.Info.ca_pem_path
    $null = Add-MgEnvironment -Name Emulator -AzureADEndpoint $Emulator.Info.https_url -GraphEndpoint $Emulator.Info.https_url
    $script:Tenant = $Emulator.Info.tenant_id

    function New-TestToken([string[]] $Roles = @('Policy.ReadWrite.CrossTenantAccess', 'Policy.Read.All'), [int] $Lifetime = 3600) {
        (Invoke-TestAdmin $Emulator Post 'tokens' @{ roles = $Roles; lifetime_secs = $Lifetime }).access_token
    }
}

AfterAll {
    if (Get-MgContext) { Disconnect-MgGraph | Out-Null }
    Stop-TestEmulator $Emulator
}

Describe 'Connect-MgGraph' {
    BeforeEach {
        Reset-TestEmulator $Emulator
        if (Get-MgContext) { Disconnect-MgGraph | Out-Null }
    }

    It 'signs in with a client secret (a token, nothing sent to Graph) and writes a welcome message' {
        $out = Connect-MgGraph -Environment Emulator -TenantId $Tenant -ClientSecretCredential (New-TestCredential $Emulator)
        $out[0] | Should -Be 'Welcome to Microsoft Graph!'
        $context = Get-MgContext
        $context.AuthType | Should -Be 'AppOnly'
        $context.TokenCredentialType | Should -Be 'ClientSecret'
        $context.ClientId | Should -Be (Get-TestApp $Emulator).client_id
        $context.TenantId | Should -Be $Tenant
        $context.Environment | Should -Be 'Emulator'
        $context.PSObject.TypeNames[0] | Should -Be 'Microsoft.Graph.PowerShell.Authentication.AuthContext'
        $requests = @(Invoke-TestAdmin $Emulator Get 'requests')
        ($requests | Where-Object { $_.path -like "*/$Tenant/oauth2/v2.0/token" }).Count | Should -Be 1
        ($requests | Where-Object { $_.path -like '/v1.0/*' -or $_.path -like '/beta/*' }).Count | Should -Be 0
        Get-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner -ErrorAction SilentlyContinue -ErrorVariable missing
        $missing[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'takes Microsoft''s aliases (-SecretCredential, -Credential, -Tenant, -EnvironmentName) and -NoWelcome writes nothing' {
        Connect-MgGraph -EnvironmentName Emulator -Tenant $Tenant -SecretCredential (New-TestCredential $Emulator) -NoWelcome | Should -BeNullOrEmpty
        Connect-MgGraph -NationalCloud Emulator -Audience $Tenant -Credential (New-TestCredential $Emulator 'reader') -NoWelcome | Should -BeNullOrEmpty
        (Get-MgContext).ClientId | Should -Be (Get-TestApp $Emulator 'reader').client_id
        Connect-Graph -Environment Emulator -TenantId $Tenant -ClientSecretCredential (New-TestCredential $Emulator) | Out-Null
        (Get-MgContext).ClientId | Should -Be (Get-TestApp $Emulator).client_id
    }

    It 'a wrong secret is a non-terminating AuthenticationError and leaves no connection' {
        Connect-TestEmulator $Emulator
        $bad = New-Object System.Management.Automation.PSCredential (Get-TestApp $Emulator).client_id, (ConvertTo-SecureString 'wrong' -AsPlainText -Force)
        Connect-MgGraph -Environment Emulator -TenantId $Tenant -ClientSecretCredential $bad -NoWelcome -ErrorAction SilentlyContinue -ErrorVariable failed
        $failed[0].CategoryInfo.Category | Should -Be 'AuthenticationError'
        $failed[0].Exception.Message | Should -Match 'AADSTS7000215'
        Get-MgContext | Should -BeNullOrEmpty
        { Connect-MgGraph -Environment Emulator -TenantId $Tenant -ClientSecretCredential $bad -NoWelcome -ErrorAction Stop } | Should -Throw '*AADSTS7000215*'
    }

    It 'signs in with -Certificate, -CertificateThumbprint and -CertificateName (CurrentUser My store)' {
        if ($PSVersionTable.PSVersion.Major -lt 7) { Set-ItResult -Skipped -Because 'X509Certificate2.CreateFromPemFile needs PowerShell 7'; return }
        $app = Get-TestApp $Emulator 'certificate'
        $pem = [System.Security.Cryptography.X509Certificates.X509Certificate2]::CreateFromPemFile($app.certificate_pem_path, $app.private_key_pem_path)
        $flags = [System.Security.Cryptography.X509Certificates.X509KeyStorageFlags] 'Exportable, PersistKeySet, UserKeySet'
        $certificate = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new($pem.Export('Pkcs12'), '', $flags)
        Connect-MgGraph -ClientId $app.client_id -TenantId $Tenant -Certificate $certificate -Environment Emulator -NoWelcome
        (Get-MgContext).TokenCredentialType | Should -Be 'ClientCertificate'
        (Get-MgContext).CertificateThumbprint | Should -Be $app.thumbprint_sha1_hex
        $store = New-Object System.Security.Cryptography.X509Certificates.X509Store 'My', 'CurrentUser'
        $store.Open('ReadWrite')
        try {
            $store.Add($certificate)
            Disconnect-MgGraph | Out-Null
            Connect-MgGraph -AppId $app.client_id -TenantId $Tenant -CertificateThumbprint $app.thumbprint_sha1_hex -Environment Emulator -NoWelcome
            (Get-MgContext).CertificateThumbprint | Should -Be $app.thumbprint_sha1_hex
            Disconnect-MgGraph | Out-Null
            Connect-MgGraph -ClientId $app.client_id -CertificateName $certificate.Subject -TenantId $Tenant -Environment Emulator -NoWelcome
            (Get-MgContext).CertificateSubjectName | Should -Be $certificate.Subject
            Connect-MgGraph -ClientId $app.client_id -TenantId $Tenant -CertificateThumbprint ('0' * 40) -Environment Emulator -NoWelcome -ErrorAction SilentlyContinue -ErrorVariable notFound
            $notFound[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        } finally {
            $store.Remove($certificate)
            $store.Close()
        }
    }

    It 'signs in with -AccessToken, and refuses an expired one' {
        Connect-MgGraph -AccessToken (ConvertTo-SecureString (New-TestToken) -AsPlainText -Force) -Environment Emulator -NoWelcome
        (Get-MgContext).AuthType | Should -Be 'UserProvidedAccessToken'
        Set-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId $Partner -DisplayName 'By token'
        (Get-TestSyncPolicy $Emulator $Partner).displayName | Should -Be 'By token'
        Connect-MgGraph -AccessToken (ConvertTo-SecureString (New-TestToken -Lifetime -60) -AsPlainText -Force) -Environment Emulator -NoWelcome -ErrorAction SilentlyContinue -ErrorVariable expired
        $expired[0].CategoryInfo.Category | Should -Be 'AuthenticationError'
        Get-MgContext | Should -BeNullOrEmpty
    }

    It 'signs in with -Identity (a user-assigned managed identity) through the identity endpoint' {
        $mi = $Emulator.Info.apps | Where-Object { $_.managed_identity } | Select-Object -First 1
        $out = Invoke-TestChild -Emulator $Emulator -Environment @{
            IDENTITY_ENDPOINT = $Emulator.Info.identity_endpoint
            IDENTITY_HEADER   = $Emulator.Info.identity_header
        } -Script @"
Connect-MgGraph -Identity -ClientId '$($mi.client_id)' -Environment Emulator -NoWelcome
(Get-MgContext).AuthType
Set-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId '$Partner' -DisplayName 'By managed identity'
'done'
"@
        $LASTEXITCODE | Should -Be 0 -Because ($out -join "`n")
        $out | Should -Contain 'ManagedIdentity'
        $out[-1] | Should -Be 'done'
        (Get-TestSyncPolicy $Emulator $Partner).displayName | Should -Be 'By managed identity'
        @(Invoke-TestAdmin $Emulator Get 'requests' | Where-Object { $_.path -like '/msi/token*' }).Count | Should -BeGreaterThan 0
    }

    It 'signs in with -EnvironmentVariable (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET)' {
        $app = Get-TestApp $Emulator
        $out = Invoke-TestChild -Emulator $Emulator -Environment @{
            AZURE_TENANT_ID     = $Tenant
            AZURE_CLIENT_ID     = $app.client_id
            AZURE_CLIENT_SECRET = $app.client_secret
        } -Script @"
Connect-MgGraph -EnvironmentVariable -Environment Emulator -NoWelcome
(Get-MgContext).ClientId
Update-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId '$Partner' -DisplayName 'x' -ErrorAction SilentlyContinue -ErrorVariable e
`$e[0].CategoryInfo.Category
"@
        $LASTEXITCODE | Should -Be 0 -Because ($out -join "`n")
        $out | Should -Contain $app.client_id
        $out[-1] | Should -Be 'ObjectNotFound'
    }

    It 'signs in as the Azure CLI account for -Scopes (delegated), with comma-separated scopes' {
        if ($IsWindows -or $env:OS -eq 'Windows_NT') { Set-ItResult -Skipped -Because 'the stand-in az is a shell script'; return }
        $bin = Join-Path ([System.IO.Path]::GetTempPath()) ("fake-az-" + [guid]::NewGuid())
        $null = New-Item -ItemType Directory -Path $bin
        try {
            $expires = [DateTimeOffset]::UtcNow.AddHours(1).ToUnixTimeSeconds()
            $json = '{"accessToken":"' + (New-TestToken) + '","tokenType":"Bearer","expires_on":' + $expires + '}'
            $log = Join-Path $bin 'calls.log'
            Set-Content -LiteralPath (Join-Path $bin 'az') -Value "#!/bin/sh`necho `"`$@`" >> '$log'`necho '$json'`n" -NoNewline
            chmod +x (Join-Path $bin 'az')
            $out = Invoke-TestChild -Emulator $Emulator -Environment @{ PATH = $bin + [System.IO.Path]::PathSeparator + $env:PATH } -Script @"
Connect-MgGraph -Scopes 'Policy.Read.All, Policy.ReadWrite.CrossTenantAccess' -TenantId '$Tenant' -Environment Emulator | Out-Null
(Get-MgContext).AuthType
(Get-MgContext).Scopes -join ';'
Connect-MgGraph -Scopes 'Policy.Read.All', 'Policy.ReadWrite.CrossTenantAccess' -Environment Emulator -NoWelcome
(Get-MgContext).Scopes.Count
"@
            $LASTEXITCODE | Should -Be 0 -Because ($out -join "`n")
            $out | Should -Contain 'Delegated'
            $out | Should -Contain 'Policy.Read.All;Policy.ReadWrite.CrossTenantAccess'
            $out[-1] | Should -Be '2'
            (Get-Content -LiteralPath $log)[0] | Should -Match "get-access-token.*--tenant $Tenant"
        } finally {
            Remove-Item -LiteralPath $bin -Recurse -Force
        }
    }

    It 'keeps -ClientTimeout and -ContextScope in the context' {
        Connect-MgGraph -Environment Emulator -TenantId $Tenant -ClientSecretCredential (New-TestCredential $Emulator) -ClientTimeout 30 -ContextScope CurrentUser -NoWelcome
        (Get-MgContext).ClientTimeout | Should -Be ([timespan]::FromSeconds(30))
        (Get-MgContext).ContextScope | Should -Be 'Process'
    }

    It 'Disconnect-MgGraph (and Disconnect-Graph) writes the context it dropped' {
        Connect-TestEmulator $Emulator
        $dropped = Disconnect-MgGraph
        $dropped.TenantId | Should -Be $Tenant
        Get-MgContext | Should -BeNullOrEmpty
        Connect-TestEmulator $Emulator
        (Disconnect-Graph).ClientId | Should -Be (Get-TestApp $Emulator).client_id
    }
}

Describe 'Invoke-MgGraphRequest' {
    BeforeAll {
        Connect-TestEmulator $Emulator
        $v1 = "/v1.0/policies/crossTenantAccessPolicy/partners/$Partner/identitySynchronization"
        $beta = "/beta/policies/crossTenantAccessPolicy/partners/$Partner/identitySynchronization"
    }

    BeforeEach { Reset-TestEmulator $Emulator }

    It 'PUT with a hashtable body writes nothing; GET returns a hashtable' {
        Invoke-MgGraphRequest -Method PUT -Uri $v1 -Body @{ displayName = 'Raw'; userSyncInbound = @{ isSyncAllowed = $true } } | Should -BeNullOrEmpty
        $policy = Invoke-MgGraphRequest -Method GET -Uri $v1
        $policy | Should -BeOfType ([hashtable])
        $policy.displayName | Should -Be 'Raw'
        $policy.userSyncInbound.isSyncAllowed | Should -BeTrue
        $policy['@odata.context'] | Should -Match 'identitySynchronization'
    }

    It 'takes the method by position, a relative /beta URI and a JSON string body with -ContentType' {
        Invoke-MgGraphRequest -Method PUT -Uri $beta -Body (@{ displayName = 'Raw' } | ConvertTo-Json)
        Invoke-MgGraphRequest 'PATCH' -Uri $beta -Body '{"userSyncInbound":{"isSyncAllowed":false}}' -ContentType 'application/json' -ErrorAction Stop | Out-Null
        (Get-TestSyncPolicy $Emulator $Partner).userSyncInbound.isSyncAllowed | Should -BeFalse
        Invoke-GraphRequest -Uri ($beta.TrimStart('/')) -OutputType Json | Should -Match '"displayName":"Raw"'
    }

    It 'takes absolute URIs of the connected environment and of Microsoft Graph, and refuses other hosts' {
        Invoke-MgGraphRequest -Method PUT -Uri "$($Emulator.Info.https_url)$v1" -Body @{ displayName = 'Absolute' }
        (Invoke-MgGraphRequest -Uri "https://graph.microsoft.com$v1").displayName | Should -Be 'Absolute'
        { Invoke-MgGraphRequest -Uri "https://example.com$v1" } | Should -Throw '*not a Microsoft Graph URL*'
    }

    It 'HTTP errors are terminating, whatever -ErrorAction says, and read like the request and the response' {
        Invoke-MgGraphRequest -Method PUT -Uri $v1 -Body @{ displayName = 'First' }
        $caught = $null
        try {
            Invoke-MgGraphRequest -Method PUT -Uri $v1 -Body @{ displayName = 'Second' } -ErrorAction SilentlyContinue
        } catch {
            $caught = $_
        }
        $caught | Should -Not -BeNullOrEmpty
        $text = "$caught"
        $text | Should -Match ([regex]::Escape("PUT $($Emulator.Info.https_url)$v1"))
        $text | Should -Match 'HTTP/1.1 409 Conflict'
        $text | Should -Match 'Request_MultipleObjectsWithSameKeyValue'
        $caught.Exception.Message | Should -Match '409'
        $caught.CategoryInfo.Category | Should -Be 'ResourceExists'
        { Invoke-MgGraphRequest -Method PATCH -Uri $beta -Body @{ displayName = 'x' } } | Should -Throw '*Directory_ObjectNotFound*'
    }

    It 'sets -ResponseHeadersVariable and -StatusCodeVariable in the caller''s scope; -SkipHttpErrorCheck returns the error body' {
        $answer = Invoke-MgGraphRequest -Uri $v1 -SkipHttpErrorCheck -StatusCodeVariable status -ResponseHeadersVariable headers
        $status | Should -Be 404
        $headers['request-id'] | Should -Not -BeNullOrEmpty
        $answer.error.code | Should -Be 'Directory_ObjectNotFound'
        Invoke-MgGraphRequest -Method PUT -Uri $v1 -Body @{ displayName = 'x' } -StatusCodeVariable created
        $created | Should -Be 204
    }

    It 'reaches the deleted items: list with query options, restore, permanent delete' {
        Invoke-MgGraphRequest -Method PUT -Uri $beta -Body @{ displayName = 'Deleted' }
        Invoke-MgGraphRequest -Method DELETE -Uri $beta
        $list = Invoke-MgGraphRequest -Uri '/beta/policies/deletedItems/crossTenantSyncPolicyPartners?$top=1&$count=true'
        @($list.value).Count | Should -Be 1
        $list['@odata.count'] | Should -Be 1
        $item = Invoke-MgGraphRequest -Uri "/beta/policies/deletedItems/crossTenantSyncPolicyPartners/$Partner" -OutputType PSObject
        $item.GetType().FullName | Should -Be 'System.Management.Automation.PSCustomObject'
        $item.displayName | Should -Be 'Deleted'
        (Invoke-MgGraphRequest -Method POST -Uri "/beta/policies/deletedItems/crossTenantSyncPolicyPartners/$Partner/restore").tenantId | Should -Be $Partner
        Invoke-MgGraphRequest -Method DELETE -Uri $beta
        Invoke-MgGraphRequest -Method DELETE -Uri "/beta/policies/deletedItems/crossTenantSyncPolicyPartners/$Partner"
        Get-TestDeletedSyncPolicy $Emulator $Partner | Should -BeNullOrEmpty
    }

    It 'writes -OutputFilePath and reads -InputFilePath' {
        $in = Join-Path ([System.IO.Path]::GetTempPath()) ("mgp-in-" + [guid]::NewGuid() + '.json')
        $out = Join-Path ([System.IO.Path]::GetTempPath()) ("mgp-out-" + [guid]::NewGuid() + '.json')
        try {
            Set-Content -LiteralPath $in -Value '{"displayName":"From a file"}'
            Invoke-MgGraphRequest -Method PUT -Uri $v1 -InputFilePath $in
            Invoke-MgGraphRequest -Uri $v1 -OutputFilePath $out | Should -BeNullOrEmpty
            (Get-Content -Raw -LiteralPath $out | ConvertFrom-Json).displayName | Should -Be 'From a file'
            (Invoke-MgGraphRequest -Uri $v1 -OutputFilePath $out -PassThru).displayName | Should -Be 'From a file'
        } finally {
            Remove-Item -LiteralPath $in, $out -ErrorAction SilentlyContinue
        }
    }

    It 'refuses endpoints the module does not cover, bodies where none is taken, and HttpResponseMessage output' {
        { Invoke-MgGraphRequest -Uri '/v1.0/policies/crossTenantAccessPolicy/partners' } | Should -Throw '*serves only*'
        { Invoke-MgGraphRequest -Uri $v1 -Body @{ a = 1 } } | Should -Throw '*takes no body*'
        { Invoke-MgGraphRequest -Method PUT -Uri $v1 } | Should -Throw '*needs a body*'
        { Invoke-MgGraphRequest -Uri $v1 -OutputType HttpResponseMessage } | Should -Throw '*HttpResponseMessage*'
        { Invoke-MgGraphRequest -Method PUT -Uri $v1 -Body 'a=b' -ContentType 'application/x-www-form-urlencoded' } | Should -Throw '*ContentType*'
        Get-TestRequest $Emulator | Should -BeNullOrEmpty
    }

    It 'asks for Connect-MgGraph when not connected' {
        Disconnect-MgGraph | Out-Null
        try {
            { Invoke-MgGraphRequest -Uri $v1 } | Should -Throw '*Connect-MgGraph*'
        } finally {
            Connect-TestEmulator $Emulator
        }
    }
}
