# MgPolicy: Microsoft Graph cross-tenant identity synchronization policies from PowerShell.
#
# A drop-in replacement for these cmdlets of Microsoft's Graph PowerShell SDK, with the same
# names, parameter sets, parameters and behaviour, over one native library (libmgpolicy):
#   Get/Set/Update/Remove-Mg[Beta]PolicyCrossTenantAccessPolicyPartnerIdentitySynchronization
#   Get/Restore/Remove-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner
#   Connect-MgGraph, Get-MgContext, Disconnect-MgGraph, Invoke-MgGraphRequest,
#   Add-MgEnvironment, Get-MgEnvironment
#
# Each function is its parameter block, one ShouldProcess and one call into the C# binding
# (MgPolicy.Native.cs, loaded once per process); the library maps the bound parameters to
# the request, sends it and reads the answer. Windows PowerShell 5.1 and PowerShell 7+.
#
# The same file is the root module of MgPolicy.psd1 (every cmdlet) and of the manifests in
# pwsh/compat/ that export the cmdlets under the names of Microsoft's modules
# (Microsoft.Graph.Authentication, Microsoft.Graph.Identity.SignIns,
# Microsoft.Graph.Beta.Identity.SignIns), for scripts and tests that look them up by module.

# ---------------------------------------------------------------------------------------------
# The binding: a precompiled MgPolicy.Native.dll when the package has one (fast to load),
# otherwise the C# source. Loaded only when the type is not there yet, so re-importing works
# and every instance of this module in the process shares one copy. The binding and the
# native library (runtimes/<rid>/native/, or MGPOLICY_LIBRARY) are looked for next to this
# file (the MgPolicy package, or pwsh/ in a checkout), then in the MgPolicy package beside
# it: tools/package-module.sh also ships this file under Microsoft's module names
# (Microsoft.Graph.Authentication, Microsoft.Graph.Identity.SignIns,
# Microsoft.Graph.Beta.Identity.SignIns), each folder holding only its manifest and this
# file, as <root>/<Name>/<version>/ beside <root>/MgPolicy/<version>/ (or <root>/<Name>/
# beside <root>/MgPolicy/).
# ---------------------------------------------------------------------------------------------
$bindingDirectory = $null
$bindingCandidates = @($PSScriptRoot)
$moduleParent = [System.IO.Path]::GetDirectoryName($PSScriptRoot)
if ($moduleParent) {
    $moduleRoot = [System.IO.Path]::GetDirectoryName($moduleParent)
    if ($moduleRoot) {
        $bindingCandidates += [System.IO.Path]::Combine($moduleRoot, 'MgPolicy', [System.IO.Path]::GetFileName($PSScriptRoot))
    }
    $bindingCandidates += [System.IO.Path]::Combine($moduleParent, 'MgPolicy')
}
foreach ($candidate in $bindingCandidates) {
    if ((Test-Path -LiteralPath (Join-Path $candidate 'MgPolicy.Native.cs')) -or
        (Test-Path -LiteralPath (Join-Path $candidate 'MgPolicy.Native.dll'))) {
        $bindingDirectory = $candidate
        break
    }
}
if (-not ('MgPolicy.Native.MgpClient' -as [type])) {
    if (-not $bindingDirectory) {
        throw ('MgPolicy.Native.cs was found in none of {0}. The modules under Microsoft''s names need the MgPolicy module folder of the same version beside them.' -f ($bindingCandidates -join ', '))
    }
    $assembly = Join-Path $bindingDirectory 'MgPolicy.Native.dll'
    $loaded = $false
    if (Test-Path -LiteralPath $assembly) {
        try {
            Add-Type -LiteralPath $assembly -ErrorAction Stop
            $loaded = $true
        } catch {
            Write-Verbose "MgPolicy.Native.dll could not be loaded ($($_.Exception.Message)); compiling MgPolicy.Native.cs."
        }
    }
    if (-not $loaded) {
        Add-Type -LiteralPath (Join-Path $bindingDirectory 'MgPolicy.Native.cs') -ErrorAction Stop
    }
}
[MgPolicy.Native.MgpLibrary]::Initialize($bindingDirectory)

$script:PlanningClient = $null
$script:Operations = $null

# The connection belongs to the process, not to this instance: it is
# [MgPolicy.Native.MgpSession]::Connection, so a Connect-MgGraph through
# Microsoft.Graph.Authentication serves the cmdlets of Microsoft.Graph.Beta.Identity.SignIns
# (and of MgPolicy) as with Microsoft's modules, and importing an instance leaves it alone.
# Each instance counts itself in, and removing one closes the connection only when it was the
# last instance in the process: removing Microsoft.Graph.Identity.SignIns (or re-importing it
# with -Force) never signs the other instances out, and the connection does not outlive the
# last of them (re-importing the only instance with -Force signs out, as it always did).
# Environments added with Add-MgEnvironment stay with the instance that has Connect-MgGraph.
$null = [MgPolicy.Native.MgpSession]::AddInstance()
$ExecutionContext.SessionState.Module.OnRemove = {
    if ([MgPolicy.Native.MgpSession]::RemoveInstance() -eq 0) { $null = Close-MgpConnection }
    if ($script:PlanningClient) { $script:PlanningClient.Dispose() }
}

# ---------------------------------------------------------------------------------------------
# Private helpers. Everything a Graph cmdlet does is in the library; these only move values
# between PowerShell and the binding: bound parameters in, results, headers and errors out.
# ---------------------------------------------------------------------------------------------

# Parameters that shape the PowerShell side of a call and never reach the library: the
# common parameters (ProgressAction is one from PowerShell 7.4), ShouldProcess's, and these
# cmdlets' own host-side ones.
$script:HostParameters = @(
    'Verbose', 'Debug', 'ErrorAction', 'WarningAction', 'InformationAction', 'ProgressAction',
    'ErrorVariable', 'WarningVariable', 'InformationVariable', 'OutVariable', 'OutBuffer',
    'PipelineVariable', 'WhatIf', 'Confirm', 'UseTransaction',
    'ResponseHeadersVariable', 'PassThru', 'Break', 'HttpPipelineAppend', 'HttpPipelinePrepend',
    'Proxy', 'ProxyCredential', 'ProxyUseDefaultCredentials'
)

# Parameters Microsoft's cmdlets take for their .NET HTTP pipeline; accepted and ignored here.
$script:IgnoredParameters = @('Break', 'HttpPipelineAppend', 'HttpPipelinePrepend')

# Query parameters for which an empty string (what [string] makes of $null) means "not given".
$script:OptionalQueryParameters = @('Filter', 'Search')

function Import-MgpCallerPreference {
    # Functions in a module see the module's and the global preference variables, not the
    # caller's. Copies the caller's $ErrorActionPreference, $WhatIfPreference,
    # $ConfirmPreference, ... into the calling function's scope, unless the matching common
    # parameter was given, so -WhatIf inherited from a script or from a SupportsShouldProcess
    # function, and $ErrorActionPreference = 'Stop' in a script, work as with a cmdlet.
    param([System.Management.Automation.PSCmdlet] $Cmdlet)
    $preferences = @{
        ErrorActionPreference       = 'ErrorAction'
        WarningPreference           = 'WarningAction'
        InformationPreference       = 'InformationAction'
        VerbosePreference           = 'Verbose'
        DebugPreference             = 'Debug'
        WhatIfPreference            = 'WhatIf'
        ConfirmPreference           = 'Confirm'
    }
    $bound = $Cmdlet.MyInvocation.BoundParameters
    foreach ($name in $preferences.Keys) {
        if ($bound.ContainsKey($preferences[$name])) { continue }
        $variable = $Cmdlet.SessionState.PSVariable.Get($name)
        if ($null -ne $variable) {
            Set-Variable -Scope 1 -Name $name -Value $variable.Value -Force -WhatIf:$false -Confirm:$false
        }
    }
}

function Set-MgpCallerVariable {
    # Sets the variable named by -<Parameter> (e.g. -ResponseHeadersVariable) in the caller's scope.
    param([System.Management.Automation.PSCmdlet] $Cmdlet, [string] $Parameter, $Value)
    $name = $Cmdlet.MyInvocation.BoundParameters[$Parameter]
    if ($name) { $Cmdlet.SessionState.PSVariable.Set([string] $name, $Value) }
}

function New-MgpErrorRecord {
    # An ErrorRecord for a failed call: for library errors the Graph code (or the library
    # status) and the HTTP status make the error id, and the HTTP status picks the category.
    param(
        [System.Exception] $Exception,
        [object] $Target,
        [string] $ErrorId = 'MgPolicyError',
        [System.Management.Automation.ErrorCategory] $Category = 'NotSpecified'
    )
    if ($Exception -is [MgPolicy.Native.MgpException]) {
        $ErrorId = $Exception.ErrorId
        if ($Exception.HttpStatus -gt 0) { $ErrorId = '{0},{1}' -f $Exception.ErrorId, $Exception.HttpStatus }
        $Category = $Exception.ErrorCategory
        if ($null -eq $Target -and $null -ne $Exception.Result -and $null -ne $Exception.Result.Request) {
            $Target = $Exception.Result.Request.Url
        }
    } elseif ($Exception -is [System.ArgumentException] -or $Exception -is [System.FormatException]) {
        $ErrorId = 'InvalidArgument'
        $Category = 'InvalidArgument'
    }
    New-Object System.Management.Automation.ErrorRecord $Exception, $ErrorId, $Category, $Target
}

function New-MgpNotConnectedError {
    $exception = New-Object System.InvalidOperationException 'Authentication needed. Please call Connect-MgGraph.'
    New-MgpErrorRecord $exception $null 'AuthenticationNeeded' 'AuthenticationError'
}

function Get-MgpPlanningClient {
    # A client without a credential: it can only build what-if plans (-WhatIf before Connect-MgGraph).
    if (-not $script:PlanningClient) { $script:PlanningClient = New-Object MgPolicy.Native.MgpClient '{}' }
    $script:PlanningClient
}

function Get-MgpProxySetting {
    # The proxy a call asks for with -Proxy/-ProxyCredential/-ProxyUseDefaultCredentials, as
    # the library's "proxy" configuration; $null for the connection's own setting.
    param([System.Collections.IDictionary] $Bound)
    if (-not $Bound['Proxy']) {
        if ($Bound['ProxyCredential']) { throw (New-Object System.ArgumentException '-ProxyCredential needs -Proxy.') }
        return $null
    }
    $proxy = [ordered]@{ url = ([uri] $Bound['Proxy']).AbsoluteUri }
    if ($Bound['ProxyCredential']) {
        $credential = ([System.Management.Automation.PSCredential] $Bound['ProxyCredential']).GetNetworkCredential()
        $proxy['username'] = $credential.UserName
        $proxy['password'] = $credential.Password
    } elseif ($Bound['ProxyUseDefaultCredentials']) {
        Write-Verbose 'The proxy is used without explicit credentials: integrated Windows authentication to a proxy is not available; give -ProxyCredential if it asks for credentials.'
    }
    $proxy
}

function Get-MgpClient {
    # The connection's client, or one client per proxy setting asked for with -Proxy.
    param($Connection, [System.Collections.IDictionary] $Bound)
    $proxy = Get-MgpProxySetting $Bound
    if ($null -eq $proxy) { return $Connection.Client }
    $key = '{0}|{1}|{2}' -f $proxy['url'], $proxy['username'], $proxy['password']
    if (-not $Connection.ProxyClients.ContainsKey($key)) {
        $config = @{}
        foreach ($name in $Connection.Config.Keys) { $config[$name] = $Connection.Config[$name] }
        $config['proxy'] = $proxy
        $Connection.ProxyClients[$key] = [MgPolicy.Native.MgpClient]::FromConfig($config)
    }
    $Connection.ProxyClients[$key]
}

function Add-MgpTypeName {
    # Gives model objects the type names of Microsoft's models (Microsoft.Graph[.Beta].PowerShell.Models.*),
    # nested objects included, so formatting and type checks by name see what they expect.
    param($InputObject, [string] $Namespace)
    foreach ($item in $InputObject) {
        if ($item -is [MgPolicy.Native.MgpModel]) {
            $item.PSObject.TypeNames.Insert(0, $Namespace + '.I' + $item.GetType().Name)
            $item.PSObject.TypeNames.Insert(0, $Namespace + '.' + $item.GetType().Name)
            foreach ($property in $item.PSObject.Properties) {
                if ($property.Value -is [MgPolicy.Native.MgpModel]) { $null = Add-MgpTypeName $property.Value $Namespace }
            }
        }
        $item
    }
}

function New-MgpCall {
    # What one invocation of a Graph cmdlet will do: the operation (cmdlet and parameter
    # set), the bound parameters as the library takes them, the client and, for calls that
    # change state, the ShouldProcess action and target from the library's what-if plan:
    # the method, the full URL and the body that would be sent. Writes an error and returns
    # nothing when the call cannot be made.
    param([System.Management.Automation.PSCmdlet] $Cmdlet)
    $bound = $Cmdlet.MyInvocation.BoundParameters
    $name = $Cmdlet.MyInvocation.MyCommand.Name
    foreach ($ignored in $script:IgnoredParameters) {
        if ($bound.ContainsKey($ignored)) { Write-Verbose "$name -$ignored is accepted for compatibility and ignored." }
    }
    $parameters = @{}
    foreach ($key in $bound.Keys) {
        if ($script:HostParameters -notcontains $key) { $parameters[$key] = $bound[$key] }
    }
    foreach ($key in $script:OptionalQueryParameters) {
        if ($parameters.ContainsKey($key) -and [string]::IsNullOrEmpty($parameters[$key])) { $parameters.Remove($key) }
    }
    # A hashtable piped in binds to -Headers as well as to -InputObject/-BodyParameter.
    if ($parameters.ContainsKey('Headers')) {
        foreach ($other in 'InputObject', 'BodyParameter') {
            if ($parameters.ContainsKey($other) -and
                [object]::ReferenceEquals($parameters[$other].PSObject.BaseObject, $parameters['Headers'].PSObject.BaseObject)) {
                $parameters.Remove('Headers')
                break
            }
        }
    }
    $connection = [MgPolicy.Native.MgpSession]::Connection
    $call = [pscustomobject]@{
        Cmdlet       = $Cmdlet
        Name         = $name
        ParameterSet = $Cmdlet.ParameterSetName
        Parameters   = $parameters
        Client       = $null
        Connected    = $null -ne $connection
        Action       = $null
        Target       = $null
    }
    $failure = $null
    try {
        # Microsoft's model parameters (declared [object] here) also take JSON object text.
        foreach ($key in @($parameters.Keys)) {
            if ($parameters[$key] -is [string] -and $Cmdlet.MyInvocation.MyCommand.Parameters[$key].ParameterType -eq [object]) {
                $parameters[$key] = [MgPolicy.Native.MgpJson]::Parse([string] $parameters[$key])
            }
        }
        if ($connection) { $call.Client = Get-MgpClient $connection $bound } else { $call.Client = Get-MgpPlanningClient }
        if ($Cmdlet.MyInvocation.MyCommand.Parameters.ContainsKey('WhatIf')) {
            $plan = $call.Client.TryInvoke($name, $call.ParameterSet, [MgPolicy.Native.MgpArgs]::FromParameters($parameters, $null, $true))
            if ($plan.IsSuccess) {
                $call.Action = $plan.ShouldProcessAction
                $call.Target = "Call remote '{0} {1}' operation" -f $plan.Request.Method, $plan.Request.Url
                if ($null -ne $plan.Request.Body) { $call.Target += ' with body ' + $plan.Request.BodyJson }
            } else {
                $failure = New-MgpErrorRecord $plan.ToException()
            }
        } elseif (-not $connection) {
            $failure = New-MgpNotConnectedError
        }
    } catch {
        $failure = New-MgpErrorRecord $_.Exception
    }
    if ($failure) {
        $Cmdlet.WriteError($failure)
        return
    }
    $call
}

function Invoke-MgpCall {
    # Runs a call from New-MgpCall: sets -ResponseHeadersVariable (also on failure) and
    # -CountVariable in the caller's scope, then writes the result objects, $true for
    # Remove -PassThru, nothing for 204 answers, or the error.
    param($Call)
    $cmdlet = $Call.Cmdlet
    $failure = $null
    $result = $null
    if (-not $Call.Connected) {
        $failure = New-MgpNotConnectedError
    } else {
        try {
            $result = $Call.Client.TryInvoke($Call.Name, $Call.ParameterSet, [MgPolicy.Native.MgpArgs]::FromParameters($Call.Parameters, $null, $false))
            Set-MgpCallerVariable $cmdlet 'ResponseHeadersVariable' $result.Headers
            if ($result.IsSuccess) {
                Set-MgpCallerVariable $cmdlet 'CountVariable' $result.ODataCount
                $output = $result.ToOutput()
            } else {
                $failure = New-MgpErrorRecord $result.ToException()
            }
        } catch {
            $failure = New-MgpErrorRecord $_.Exception
        }
    }
    if ($failure) {
        $cmdlet.WriteError($failure)
        return
    }
    if ($null -ne $output) {
        $namespace = 'Microsoft.Graph.PowerShell.Models'
        if ($Call.Name -like '*-MgBeta*') { $namespace = 'Microsoft.Graph.Beta.PowerShell.Models' }
        $cmdlet.WriteObject(@(Add-MgpTypeName $output $namespace), $true)
    } elseif ($cmdlet.MyInvocation.BoundParameters['PassThru']) {
        $cmdlet.WriteObject($true)
    }
}

function New-MgpEnvironment {
    param([string] $Name, [string] $AzureADEndpoint, [string] $GraphEndpoint, [string] $Type)
    $environment = [pscustomobject]@{
        Name            = $Name
        AzureADEndpoint = $AzureADEndpoint.TrimEnd('/')
        GraphEndpoint   = $GraphEndpoint.TrimEnd('/')
        Type            = $Type
    }
    $environment.PSObject.TypeNames.Insert(0, 'Microsoft.Graph.PowerShell.Authentication.Models.GraphEnvironment')
    $environment
}

# The clouds the library knows by name (Get-MgEnvironment lists them); Add-MgEnvironment adds
# user-defined ones, such as a local graph-emulator, for this session.
$script:Environments = [ordered]@{}
foreach ($cloud in @(
        @('Global', 'https://login.microsoftonline.com', 'https://graph.microsoft.com'),
        @('USGov', 'https://login.microsoftonline.us', 'https://graph.microsoft.us'),
        @('USGovDoD', 'https://login.microsoftonline.us', 'https://dod-graph.microsoft.us'),
        @('China', 'https://login.chinacloudapi.cn', 'https://microsoftgraph.chinacloudapi.cn'),
        @('Bleu', 'https://login.sovcloud-identity.fr', 'https://graph.svc.sovcloud.fr'),
        @('Delos', 'https://login.sovcloud-identity.de', 'https://graph.svc.sovcloud.de'))) {
    $script:Environments[$cloud[0]] = New-MgpEnvironment $cloud[0] $cloud[1] $cloud[2] 'Built-in'
}

function Get-MgpConnectionConfig {
    # The library's client configuration for an environment: built-in clouds by name, others
    # by their endpoints; extra trusted CA files from MGPOLICY_CA_CERTIFICATE_FILES.
    param($Environment, [System.Collections.IDictionary] $Credential, [double] $ClientTimeout)
    $config = @{ credential = $Credential }
    if ($Environment.Type -eq 'Built-in') {
        $config['cloud'] = $Environment.Name
    } else {
        $config['cloud'] = 'Custom'
        $config['graph_url'] = $Environment.GraphEndpoint
        $config['authority_url'] = $Environment.AzureADEndpoint
    }
    $files = [Environment]::GetEnvironmentVariable('MGPOLICY_CA_CERTIFICATE_FILES')
    if ($files) {
        $config['ca_certificate_files'] = @($files.Split([System.IO.Path]::PathSeparator) | Where-Object { $_ })
    }
    if ($ClientTimeout -gt 0) { $config['timeout_ms'] = [long] [Math]::Ceiling($ClientTimeout * 1000) }
    $config
}

function Find-MgpCertificate {
    # A valid certificate with a private key from the CurrentUser, then the LocalMachine, My
    # store, by thumbprint or subject name; the newest one when several match.
    param([string] $Thumbprint, [string] $SubjectName)
    $x509 = 'System.Security.Cryptography.X509Certificates'
    foreach ($location in 'CurrentUser', 'LocalMachine') {
        $store = New-Object "$x509.X509Store" 'My', $location
        try {
            $store.Open([System.Security.Cryptography.X509Certificates.OpenFlags] 'ReadOnly, OpenExistingOnly')
        } catch {
            continue
        }
        try {
            if ($Thumbprint) {
                $found = $store.Certificates.Find('FindByThumbprint', $Thumbprint, $false)
            } else {
                $found = $store.Certificates.Find('FindBySubjectDistinguishedName', $SubjectName, $false)
                if ($found.Count -eq 0) { $found = $store.Certificates.Find('FindBySubjectName', $SubjectName, $false) }
            }
            $now = Get-Date
            $usable = @($found | Where-Object { $_.HasPrivateKey -and $_.NotBefore -le $now -and $_.NotAfter -ge $now } |
                Sort-Object -Property NotBefore -Descending)
            if ($usable.Count -gt 0) { return $usable[0] }
        } finally {
            $store.Close()
        }
    }
    $what = if ($Thumbprint) { "thumbprint $Thumbprint" } else { "subject $SubjectName" }
    throw (New-Object System.ArgumentException "No valid certificate with a private key and $what was found in the CurrentUser or LocalMachine My store.")
}

function ConvertTo-MgpPem {
    param([string] $Label, [byte[]] $Bytes)
    "-----BEGIN $Label-----`n" + [Convert]::ToBase64String($Bytes, 'InsertLineBreaks') + "`n-----END $Label-----`n"
}

function ConvertTo-MgpCertificateCredential {
    # The library's client_certificate credential from an X509Certificate2 with an RSA private
    # key (the key must be exportable: the library signs the client assertion itself).
    param([string] $TenantId, [string] $ClientId, [System.Security.Cryptography.X509Certificates.X509Certificate2] $Certificate, [bool] $SendCertificateChain)
    $rsa = [System.Security.Cryptography.X509Certificates.RSACertificateExtensions]::GetRSAPrivateKey($Certificate)
    if ($null -eq $rsa) {
        throw (New-Object System.ArgumentException "The certificate $($Certificate.Thumbprint) has no RSA private key.")
    }
    try {
        if ($rsa.PSObject.Methods['ExportPkcs8PrivateKey']) {
            $keyPem = ConvertTo-MgpPem 'PRIVATE KEY' $rsa.ExportPkcs8PrivateKey()
        } elseif ('MgPolicy.Native.MgpCertificates' -as [type]) {
            # .NET Framework: CryptoAPI keys export their parameters only (PKCS#1).
            $keyPem = [MgPolicy.Native.MgpCertificates]::RsaPrivateKeyPem($rsa)
        } elseif ($rsa -is [System.Security.Cryptography.RSACng]) {
            $keyPem = ConvertTo-MgpPem 'PRIVATE KEY' $rsa.Key.Export([System.Security.Cryptography.CngKeyBlobFormat]::Pkcs8PrivateBlob)
        } else {
            throw (New-Object System.NotSupportedException 'this .NET runtime cannot export the key')
        }
    } catch {
        throw (New-Object System.ArgumentException ("The private key of certificate $($Certificate.Thumbprint) cannot be exported ($($_.Exception.Message)). " +
                'Import the certificate with an exportable key, or use PowerShell 7.'), $_.Exception)
    }
    [ordered]@{
        type                   = 'client_certificate'
        tenant_id              = $TenantId
        client_id              = $ClientId
        certificate_pem        = ConvertTo-MgpPem 'CERTIFICATE' $Certificate.RawData
        private_key_pem        = $keyPem
        send_certificate_chain = $SendCertificateChain
    }
}

function ConvertFrom-MgpSecureString {
    param([System.Security.SecureString] $SecureString)
    (New-Object System.Net.NetworkCredential '', $SecureString).Password
}

function Test-MgpConnection {
    # Signs in the way Connect-MgGraph does: the client gets a token now, so a wrong secret,
    # certificate or authority fails here. Nothing is sent to Graph. Returns the failure.
    param([MgPolicy.Native.MgpClient] $Client)
    try {
        $Client.Authenticate()
        return $null
    } catch {
        return $_.Exception
    }
}

function Close-MgpConnection {
    # Ends the process's connection (every instance of the module shares it) and disposes of its clients.
    $connection = [MgPolicy.Native.MgpSession]::Connection
    [MgPolicy.Native.MgpSession]::Connection = $null
    if ($connection) {
        foreach ($client in $connection.ProxyClients.Values) { $client.Dispose() }
        $connection.Client.Dispose()
    }
    $connection
}

function Resolve-MgpRequest {
    # Maps an Invoke-MgGraphRequest method and URI onto the library's operations table:
    # the cmdlet and parameter set, the partner id and the query options. Only the
    # endpoints this module covers are known; anything else is an error.
    param([string] $Method, [uri] $Uri, $Connection)
    if ($Uri.IsAbsoluteUri -and $Uri.Scheme -ne 'file') {
        $graphHosts = @($script:Environments.Values | ForEach-Object { ([uri] $_.GraphEndpoint).Authority })
        $graphHosts += ([uri] $Connection.Environment.GraphEndpoint).Authority
        if ($graphHosts -notcontains $Uri.Authority) {
            throw (New-Object System.ArgumentException "$Uri is not a Microsoft Graph URL of the connected environment ($($Connection.Environment.GraphEndpoint)).")
        }
        $path = $Uri.AbsolutePath
        $query = $Uri.Query
    } else {
        $parts = $Uri.OriginalString.Split([char[]] '?', 2)
        $path = $parts[0]
        $query = if ($parts.Count -gt 1) { $parts[1] } else { '' }
    }
    $segments = @($path.Trim('/').Split('/') | ForEach-Object { [uri]::UnescapeDataString($_) })
    $version = 'v1.0'
    if ($segments.Count -gt 0 -and @('v1.0', 'beta') -contains $segments[0]) {
        $version = $segments[0].ToLowerInvariant()
        $segments = @($segments | Select-Object -Skip 1)
    }
    if (-not $script:Operations) { $script:Operations = [MgPolicy.Native.MgpLibrary]::Operations() }
    foreach ($operation in $script:Operations) {
        if ($operation['method'] -ne $Method -or $operation['api_version'] -ne $version -or
            $operation['key'] -eq 'identity' -or $operation['body'] -eq 'expanded') { continue }
        $template = $operation['path'].Trim('/').Split('/')
        if ($template.Count -ne $segments.Count) { continue }
        $id = $null
        $matched = $true
        for ($i = 0; $i -lt $template.Count; $i++) {
            if ($template[$i] -eq '{id}') { $id = $segments[$i] }
            elseif ($template[$i] -ne $segments[$i]) { $matched = $false; break }
        }
        if (-not $matched) { continue }
        $parameters = @{}
        if ($null -ne $id) { $parameters[$operation['id_parameter']] = $id }
        $options = @{}
        foreach ($pair in $query.TrimStart('?').Split('&')) {
            if (-not $pair) { continue }
            $kv = $pair.Split([char[]] '=', 2)
            $key = [uri]::UnescapeDataString($kv[0]).TrimStart('$').ToLowerInvariant()
            $value = if ($kv.Count -gt 1) { [uri]::UnescapeDataString($kv[1].Replace('+', ' ')) } else { '' }
            switch ($key) {
                { @('top', 'skip') -contains $_ } { $options[$key] = [int] $value; break }
                'count' { $options['count'] = $value -eq 'true'; break }
                default { $options[$key] = $value }
            }
        }
        return [pscustomobject]@{
            Cmdlet       = $operation['cmdlet']
            ParameterSet = $operation['parameter_set']
            Body         = $operation['body']
            Parameters   = $parameters
            Options      = $options
        }
    }
    $covered = ($script:Operations | ForEach-Object { '{0} /{1}{2}' -f $_['method'], $_['api_version'], $_['path'] } | Sort-Object -Unique) -join '; '
    throw (New-Object System.NotSupportedException "MgPolicy's Invoke-MgGraphRequest serves only the endpoints of this module ($covered); $Method $Uri is not one of them.")
}

function ConvertTo-MgpOutput {
    # A parsed JSON value as Invoke-MgGraphRequest returns it: hashtables (the default) or
    # PSCustomObjects, nested.
    param($Value, [string] $OutputType)
    if ($Value -is [System.Collections.IDictionary]) {
        if ($OutputType -eq 'PSObject') {
            $object = [ordered]@{}
            foreach ($key in $Value.Keys) { $object[$key] = ConvertTo-MgpOutput $Value[$key] $OutputType }
            return [pscustomobject] $object
        }
        $table = @{}
        foreach ($key in $Value.Keys) { $table[$key] = ConvertTo-MgpOutput $Value[$key] $OutputType }
        return $table
    }
    if ($Value -is [object[]]) {
        return , @(foreach ($item in $Value) { ConvertTo-MgpOutput $item $OutputType })
    }
    $Value
}

# ---------------------------------------------------------------------------------------------
# Microsoft's cmdlets
# ---------------------------------------------------------------------------------------------

# BEGIN GENERATED: tools/gen-psm1.py
# From tests/contract/cmdlets.json and tools/gen_psm1_help.py: edit those, then run
# python3 tools/gen-psm1.py. tests/pwsh/run.sh fails when this region differs.

function Get-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization {
    <#
    .SYNOPSIS
    Get the user synchronization policy of a partner-specific configuration (v1.0).

    .DESCRIPTION
    GET /v1.0/policies/crossTenantAccessPolicy/partners/{id}/identitySynchronization. Writes the
    policy with Microsoft's property names (TenantId, DisplayName, UserSyncInbound.IsSyncAllowed,
    AdditionalProperties) and ToJsonString(). A missing policy is a non-terminating error (404,
    ObjectNotFound): with -ErrorAction SilentlyContinue nothing is written.
    Replaces Get-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization of Microsoft.Graph.Identity.SignIns.

    .PARAMETER CrossTenantAccessPolicyConfigurationPartnerTenantId
    The unique identifier of crossTenantAccessPolicyConfigurationPartner: the partner tenant's ID, a
    GUID.

    .PARAMETER InputObject
    Identity parameter: a hashtable or an object with
    CrossTenantAccessPolicyConfigurationPartnerTenantId (for example
    @{CrossTenantAccessPolicyConfigurationPartnerTenantId =
    '90e29127-71ad-49c7-9ce8-db3f41ea06f1'}). Accepts pipeline input.

    .PARAMETER ExpandProperty
    Expand related entities ($expand).

    .PARAMETER Property
    Select properties to be returned ($select).

    .PARAMETER ResponseHeadersVariable
    The name of a variable in the caller's scope that receives the response headers (a case-
    insensitive dictionary of string arrays), also when the call fails.

    .PARAMETER Headers
    Optional headers that will be added to the request, as a dictionary. Accepts pipeline input.

    .PARAMETER Break
    Accepted for compatibility and ignored (Microsoft's cmdlets wait for a .NET debugger).

    .PARAMETER HttpPipelineAppend
    Accepted for compatibility and ignored with a verbose message: the native library has no .NET
    HTTP pipeline to add steps to.

    .PARAMETER HttpPipelinePrepend
    Accepted for compatibility and ignored with a verbose message: the native library has no .NET
    HTTP pipeline to add steps to.

    .PARAMETER Proxy
    The URI of the proxy server for this call, for Graph and token requests alike. Each proxy
    setting gets its own client, reused by later calls with the same setting.

    .PARAMETER ProxyCredential
    Credentials for the proxy server given with -Proxy.

    .PARAMETER ProxyUseDefaultCredentials
    Use the proxy without explicit credentials. Integrated Windows authentication (NTLM, Kerberos)
    to a proxy is not available; give -ProxyCredential when the proxy asks for credentials.

    .EXAMPLE
    Get-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId '90e29127-71ad-49c7-9ce8-db3f41ea06f1'

    Reads the policy for one partner tenant.

    .EXAMPLE
    $policy = Get-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId $partner.TenantId -ErrorAction SilentlyContinue
    if ($null -eq $policy) { 'no policy yet' } elseif ($policy.UserSyncInbound.IsSyncAllowed) { 'users sync in' }

    Tests for a policy without an error when it does not exist.

    .EXAMPLE
    @{CrossTenantAccessPolicyConfigurationPartnerTenantId = '90e29127-71ad-49c7-9ce8-db3f41ea06f1'} | Get-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -Property tenantId, userSyncInbound

    Takes the identity from the pipeline and selects two properties.

    .OUTPUTS
    Microsoft.Graph.PowerShell.Models.IMicrosoftGraphCrossTenantIdentitySyncPolicyPartner

    .LINK
    https://learn.microsoft.com/powershell/module/microsoft.graph.identity.signins/get-mgpolicycrosstenantaccesspolicypartneridentitysynchronization
    #>
    [CmdletBinding(DefaultParameterSetName = 'Get', PositionalBinding = $false)]
    [OutputType('Microsoft.Graph.PowerShell.Models.IMicrosoftGraphCrossTenantIdentitySyncPolicyPartner')]
    param(
        [Parameter(ParameterSetName = 'Get', Mandatory = $true)]
        [string]
        $CrossTenantAccessPolicyConfigurationPartnerTenantId,

        [Parameter(ParameterSetName = 'GetViaIdentity', Mandatory = $true, ValueFromPipeline = $true)]
        [object]
        $InputObject,

        [Parameter()]
        [Alias('Expand')]
        [string[]]
        $ExpandProperty,

        [Parameter()]
        [Alias('Select')]
        [string[]]
        $Property,

        [Parameter()]
        [Alias('RHV')]
        [string]
        $ResponseHeadersVariable,

        [Parameter(ValueFromPipeline = $true)]
        [System.Collections.IDictionary]
        $Headers,

        [Parameter()]
        [switch]
        $Break,

        [Parameter()]
        [object[]]
        $HttpPipelineAppend,

        [Parameter()]
        [object[]]
        $HttpPipelinePrepend,

        [Parameter()]
        [uri]
        $Proxy,

        [Parameter()]
        [pscredential]
        $ProxyCredential,

        [Parameter()]
        [switch]
        $ProxyUseDefaultCredentials
    )

    begin { Import-MgpCallerPreference $PSCmdlet }
    process {
        $call = New-MgpCall $PSCmdlet
        if ($call) { Invoke-MgpCall $call }
    }
}

function Set-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization {
    <#
    .SYNOPSIS
    Create the user synchronization policy of a partner-specific configuration (v1.0, PUT).

    .DESCRIPTION
    PUT /v1.0/policies/crossTenantAccessPolicy/partners/{id}/identitySynchronization. Graph answers
    204 and the cmdlet writes nothing. PUT is a create: it fails with 409 (ResourceExists) when the
    partner already has a policy; change an existing one with Update-
    MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization. -WhatIf shows the method, the
    full URL and the body without sending anything.
    Replaces Set-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization of Microsoft.Graph.Identity.SignIns.

    .PARAMETER CrossTenantAccessPolicyConfigurationPartnerTenantId
    The unique identifier of crossTenantAccessPolicyConfigurationPartner: the partner tenant's ID, a
    GUID.

    .PARAMETER InputObject
    Identity parameter: a hashtable or an object with
    CrossTenantAccessPolicyConfigurationPartnerTenantId (for example
    @{CrossTenantAccessPolicyConfigurationPartnerTenantId =
    '90e29127-71ad-49c7-9ce8-db3f41ea06f1'}). Accepts pipeline input.

    .PARAMETER BodyParameter
    crossTenantIdentitySyncPolicyPartner: the whole body, as a hashtable in either key casing
    (@{displayName = 'Fabrikam'; userSyncInbound = @{isSyncAllowed = $true}}), an object with the
    same properties, or JSON text. Properties are checked against the Graph type before anything is
    sent. Beta-only properties (groupSyncInbound, externalCloudAuthorizedApplicationId, ...) are
    refused by the v1.0 cmdlets.

    .PARAMETER AdditionalProperties
    Further body properties, as a hashtable. A property may not be given both here and as its own
    parameter.

    .PARAMETER DisplayName
    Display name for the cross-tenant user synchronization policy. Use the name of the partner
    Microsoft Entra tenant to easily identify the policy. Optional.

    .PARAMETER TenantId
    Tenant identifier for the partner Microsoft Entra organization. Read-only: it must equal the
    partner tenant ID of the request.

    .PARAMETER UserSyncInbound
    crossTenantUserSyncInbound: @{IsSyncAllowed = $true} or @{IsSyncAllowed = $false} (the strings
    'True' and 'False' work too), or an object with IsSyncAllowed. Whether user objects are
    synchronized from the partner tenant; $false stops current synchronization and leaves users
    already synchronized as they are.

    .PARAMETER ResponseHeadersVariable
    The name of a variable in the caller's scope that receives the response headers (a case-
    insensitive dictionary of string arrays), also when the call fails.

    .PARAMETER Headers
    Optional headers that will be added to the request, as a dictionary. Accepts pipeline input.

    .PARAMETER Break
    Accepted for compatibility and ignored (Microsoft's cmdlets wait for a .NET debugger).

    .PARAMETER HttpPipelineAppend
    Accepted for compatibility and ignored with a verbose message: the native library has no .NET
    HTTP pipeline to add steps to.

    .PARAMETER HttpPipelinePrepend
    Accepted for compatibility and ignored with a verbose message: the native library has no .NET
    HTTP pipeline to add steps to.

    .PARAMETER Proxy
    The URI of the proxy server for this call, for Graph and token requests alike. Each proxy
    setting gets its own client, reused by later calls with the same setting.

    .PARAMETER ProxyCredential
    Credentials for the proxy server given with -Proxy.

    .PARAMETER ProxyUseDefaultCredentials
    Use the proxy without explicit credentials. Integrated Windows authentication (NTLM, Kerberos)
    to a proxy is not available; give -ProxyCredential when the proxy asks for credentials.

    .EXAMPLE
    $params = @{
        displayName = 'Fabrikam'
        userSyncInbound = @{ isSyncAllowed = $true }
    }
    Set-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId '90e29127-71ad-49c7-9ce8-db3f41ea06f1' -BodyParameter $params

    Creates the policy from a hashtable body.

    .EXAMPLE
    Set-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId '90e29127-71ad-49c7-9ce8-db3f41ea06f1' -UserSyncInbound @{IsSyncAllowed = $true} -WhatIf

    Shows the PUT request that would be sent.

    .OUTPUTS
    Microsoft.Graph.PowerShell.Models.IMicrosoftGraphCrossTenantIdentitySyncPolicyPartner

    .LINK
    https://learn.microsoft.com/powershell/module/microsoft.graph.identity.signins/set-mgpolicycrosstenantaccesspolicypartneridentitysynchronization
    #>
    [CmdletBinding(DefaultParameterSetName = 'SetExpanded', PositionalBinding = $false, SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    [OutputType('Microsoft.Graph.PowerShell.Models.IMicrosoftGraphCrossTenantIdentitySyncPolicyPartner')]
    param(
        [Parameter(ParameterSetName = 'SetExpanded', Mandatory = $true)]
        [Parameter(ParameterSetName = 'Set', Mandatory = $true)]
        [string]
        $CrossTenantAccessPolicyConfigurationPartnerTenantId,

        [Parameter(ParameterSetName = 'SetViaIdentityExpanded', Mandatory = $true, ValueFromPipeline = $true)]
        [Parameter(ParameterSetName = 'SetViaIdentity', Mandatory = $true, ValueFromPipeline = $true)]
        [object]
        $InputObject,

        [Parameter(ParameterSetName = 'Set', Mandatory = $true, ValueFromPipeline = $true)]
        [Parameter(ParameterSetName = 'SetViaIdentity', Mandatory = $true, ValueFromPipeline = $true)]
        [object]
        $BodyParameter,

        [Parameter(ParameterSetName = 'SetExpanded')]
        [Parameter(ParameterSetName = 'SetViaIdentityExpanded')]
        [hashtable]
        $AdditionalProperties,

        [Parameter(ParameterSetName = 'SetExpanded')]
        [Parameter(ParameterSetName = 'SetViaIdentityExpanded')]
        [string]
        $DisplayName,

        [Parameter(ParameterSetName = 'SetExpanded')]
        [Parameter(ParameterSetName = 'SetViaIdentityExpanded')]
        [string]
        $TenantId,

        [Parameter(ParameterSetName = 'SetExpanded')]
        [Parameter(ParameterSetName = 'SetViaIdentityExpanded')]
        [object]
        $UserSyncInbound,

        [Parameter()]
        [Alias('RHV')]
        [string]
        $ResponseHeadersVariable,

        [Parameter(ValueFromPipeline = $true)]
        [System.Collections.IDictionary]
        $Headers,

        [Parameter()]
        [switch]
        $Break,

        [Parameter()]
        [object[]]
        $HttpPipelineAppend,

        [Parameter()]
        [object[]]
        $HttpPipelinePrepend,

        [Parameter()]
        [uri]
        $Proxy,

        [Parameter()]
        [pscredential]
        $ProxyCredential,

        [Parameter()]
        [switch]
        $ProxyUseDefaultCredentials
    )

    begin { Import-MgpCallerPreference $PSCmdlet }
    process {
        $call = New-MgpCall $PSCmdlet
        if ($call -and $PSCmdlet.ShouldProcess($call.Target, $call.Action)) { Invoke-MgpCall $call }
    }
}

function Update-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization {
    <#
    .SYNOPSIS
    Update the user synchronization policy of a partner-specific configuration (v1.0, PATCH).

    .DESCRIPTION
    PATCH /v1.0/policies/crossTenantAccessPolicy/partners/{id}/identitySynchronization with only the
    properties given. Graph answers 204 and the cmdlet writes nothing. A partner without a policy
    gives 404.
    Replaces Update-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization of Microsoft.Graph.Identity.SignIns.

    .PARAMETER CrossTenantAccessPolicyConfigurationPartnerTenantId
    The unique identifier of crossTenantAccessPolicyConfigurationPartner: the partner tenant's ID, a
    GUID.

    .PARAMETER InputObject
    Identity parameter: a hashtable or an object with
    CrossTenantAccessPolicyConfigurationPartnerTenantId (for example
    @{CrossTenantAccessPolicyConfigurationPartnerTenantId =
    '90e29127-71ad-49c7-9ce8-db3f41ea06f1'}). Accepts pipeline input.

    .PARAMETER BodyParameter
    crossTenantIdentitySyncPolicyPartner: the whole body, as a hashtable in either key casing
    (@{displayName = 'Fabrikam'; userSyncInbound = @{isSyncAllowed = $true}}), an object with the
    same properties, or JSON text. Properties are checked against the Graph type before anything is
    sent. Beta-only properties (groupSyncInbound, externalCloudAuthorizedApplicationId, ...) are
    refused by the v1.0 cmdlets.

    .PARAMETER AdditionalProperties
    Further body properties, as a hashtable. A property may not be given both here and as its own
    parameter.

    .PARAMETER DisplayName
    Display name for the cross-tenant user synchronization policy. Use the name of the partner
    Microsoft Entra tenant to easily identify the policy. Optional.

    .PARAMETER TenantId
    Tenant identifier for the partner Microsoft Entra organization. Read-only: it must equal the
    partner tenant ID of the request.

    .PARAMETER UserSyncInbound
    crossTenantUserSyncInbound: @{IsSyncAllowed = $true} or @{IsSyncAllowed = $false} (the strings
    'True' and 'False' work too), or an object with IsSyncAllowed. Whether user objects are
    synchronized from the partner tenant; $false stops current synchronization and leaves users
    already synchronized as they are.

    .PARAMETER ResponseHeadersVariable
    The name of a variable in the caller's scope that receives the response headers (a case-
    insensitive dictionary of string arrays), also when the call fails.

    .PARAMETER Headers
    Optional headers that will be added to the request, as a dictionary. Accepts pipeline input.

    .PARAMETER Break
    Accepted for compatibility and ignored (Microsoft's cmdlets wait for a .NET debugger).

    .PARAMETER HttpPipelineAppend
    Accepted for compatibility and ignored with a verbose message: the native library has no .NET
    HTTP pipeline to add steps to.

    .PARAMETER HttpPipelinePrepend
    Accepted for compatibility and ignored with a verbose message: the native library has no .NET
    HTTP pipeline to add steps to.

    .PARAMETER Proxy
    The URI of the proxy server for this call, for Graph and token requests alike. Each proxy
    setting gets its own client, reused by later calls with the same setting.

    .PARAMETER ProxyCredential
    Credentials for the proxy server given with -Proxy.

    .PARAMETER ProxyUseDefaultCredentials
    Use the proxy without explicit credentials. Integrated Windows authentication (NTLM, Kerberos)
    to a proxy is not available; give -ProxyCredential when the proxy asks for credentials.

    .EXAMPLE
    Update-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId '90e29127-71ad-49c7-9ce8-db3f41ea06f1' -UserSyncInbound @{IsSyncAllowed = $false}

    Stops user synchronization from the partner tenant.

    .EXAMPLE
    Update-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId '90e29127-71ad-49c7-9ce8-db3f41ea06f1' -BodyParameter @{UserSyncInbound = @{IsSyncAllowed = 'True'}} -ResponseHeadersVariable headers
    $headers['request-id']

    Sends a PascalCase body and reads the response headers.

    .OUTPUTS
    Microsoft.Graph.PowerShell.Models.IMicrosoftGraphCrossTenantIdentitySyncPolicyPartner

    .LINK
    https://learn.microsoft.com/powershell/module/microsoft.graph.identity.signins/update-mgpolicycrosstenantaccesspolicypartneridentitysynchronization
    #>
    [CmdletBinding(DefaultParameterSetName = 'UpdateExpanded', PositionalBinding = $false, SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    [OutputType('Microsoft.Graph.PowerShell.Models.IMicrosoftGraphCrossTenantIdentitySyncPolicyPartner')]
    param(
        [Parameter(ParameterSetName = 'UpdateExpanded', Mandatory = $true)]
        [Parameter(ParameterSetName = 'Update', Mandatory = $true)]
        [string]
        $CrossTenantAccessPolicyConfigurationPartnerTenantId,

        [Parameter(ParameterSetName = 'UpdateViaIdentityExpanded', Mandatory = $true, ValueFromPipeline = $true)]
        [Parameter(ParameterSetName = 'UpdateViaIdentity', Mandatory = $true, ValueFromPipeline = $true)]
        [object]
        $InputObject,

        [Parameter(ParameterSetName = 'Update', Mandatory = $true, ValueFromPipeline = $true)]
        [Parameter(ParameterSetName = 'UpdateViaIdentity', Mandatory = $true, ValueFromPipeline = $true)]
        [object]
        $BodyParameter,

        [Parameter(ParameterSetName = 'UpdateExpanded')]
        [Parameter(ParameterSetName = 'UpdateViaIdentityExpanded')]
        [hashtable]
        $AdditionalProperties,

        [Parameter(ParameterSetName = 'UpdateExpanded')]
        [Parameter(ParameterSetName = 'UpdateViaIdentityExpanded')]
        [string]
        $DisplayName,

        [Parameter(ParameterSetName = 'UpdateExpanded')]
        [Parameter(ParameterSetName = 'UpdateViaIdentityExpanded')]
        [string]
        $TenantId,

        [Parameter(ParameterSetName = 'UpdateExpanded')]
        [Parameter(ParameterSetName = 'UpdateViaIdentityExpanded')]
        [object]
        $UserSyncInbound,

        [Parameter()]
        [Alias('RHV')]
        [string]
        $ResponseHeadersVariable,

        [Parameter(ValueFromPipeline = $true)]
        [System.Collections.IDictionary]
        $Headers,

        [Parameter()]
        [switch]
        $Break,

        [Parameter()]
        [object[]]
        $HttpPipelineAppend,

        [Parameter()]
        [object[]]
        $HttpPipelinePrepend,

        [Parameter()]
        [uri]
        $Proxy,

        [Parameter()]
        [pscredential]
        $ProxyCredential,

        [Parameter()]
        [switch]
        $ProxyUseDefaultCredentials
    )

    begin { Import-MgpCallerPreference $PSCmdlet }
    process {
        $call = New-MgpCall $PSCmdlet
        if ($call -and $PSCmdlet.ShouldProcess($call.Target, $call.Action)) { Invoke-MgpCall $call }
    }
}

function Remove-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization {
    <#
    .SYNOPSIS
    Delete the user synchronization policy of a partner-specific configuration (v1.0).

    .DESCRIPTION
    DELETE /v1.0/policies/crossTenantAccessPolicy/partners/{id}/identitySynchronization. Writes
    $true with -PassThru, else nothing. ConfirmImpact is Medium, so it does not prompt at the
    default $ConfirmPreference; an inherited $WhatIfPreference is honoured.
    Replaces Remove-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization of Microsoft.Graph.Identity.SignIns.

    .PARAMETER CrossTenantAccessPolicyConfigurationPartnerTenantId
    The unique identifier of crossTenantAccessPolicyConfigurationPartner: the partner tenant's ID, a
    GUID.

    .PARAMETER InputObject
    Identity parameter: a hashtable or an object with
    CrossTenantAccessPolicyConfigurationPartnerTenantId (for example
    @{CrossTenantAccessPolicyConfigurationPartnerTenantId =
    '90e29127-71ad-49c7-9ce8-db3f41ea06f1'}). Accepts pipeline input.

    .PARAMETER IfMatch
    ETag: sent as the If-Match header; the call fails with 412 when it does not match.

    .PARAMETER PassThru
    Returns true when the command succeeds.

    .PARAMETER ResponseHeadersVariable
    The name of a variable in the caller's scope that receives the response headers (a case-
    insensitive dictionary of string arrays), also when the call fails.

    .PARAMETER Headers
    Optional headers that will be added to the request, as a dictionary. Accepts pipeline input.

    .PARAMETER Break
    Accepted for compatibility and ignored (Microsoft's cmdlets wait for a .NET debugger).

    .PARAMETER HttpPipelineAppend
    Accepted for compatibility and ignored with a verbose message: the native library has no .NET
    HTTP pipeline to add steps to.

    .PARAMETER HttpPipelinePrepend
    Accepted for compatibility and ignored with a verbose message: the native library has no .NET
    HTTP pipeline to add steps to.

    .PARAMETER Proxy
    The URI of the proxy server for this call, for Graph and token requests alike. Each proxy
    setting gets its own client, reused by later calls with the same setting.

    .PARAMETER ProxyCredential
    Credentials for the proxy server given with -Proxy.

    .PARAMETER ProxyUseDefaultCredentials
    Use the proxy without explicit credentials. Integrated Windows authentication (NTLM, Kerberos)
    to a proxy is not available; give -ProxyCredential when the proxy asks for credentials.

    .EXAMPLE
    Remove-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId '90e29127-71ad-49c7-9ce8-db3f41ea06f1' -PassThru

    Deletes the policy and writes True.

    .EXAMPLE
    Remove-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId '90e29127-71ad-49c7-9ce8-db3f41ea06f1' -WhatIf

    Shows the DELETE request without sending it.

    .OUTPUTS
    System.Boolean

    .LINK
    https://learn.microsoft.com/powershell/module/microsoft.graph.identity.signins/remove-mgpolicycrosstenantaccesspolicypartneridentitysynchronization
    #>
    [CmdletBinding(DefaultParameterSetName = 'Delete', PositionalBinding = $false, SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    [OutputType('System.Boolean')]
    param(
        [Parameter(ParameterSetName = 'Delete', Mandatory = $true)]
        [string]
        $CrossTenantAccessPolicyConfigurationPartnerTenantId,

        [Parameter(ParameterSetName = 'DeleteViaIdentity', Mandatory = $true, ValueFromPipeline = $true)]
        [object]
        $InputObject,

        [Parameter()]
        [string]
        $IfMatch,

        [Parameter()]
        [switch]
        $PassThru,

        [Parameter()]
        [Alias('RHV')]
        [string]
        $ResponseHeadersVariable,

        [Parameter(ValueFromPipeline = $true)]
        [System.Collections.IDictionary]
        $Headers,

        [Parameter()]
        [switch]
        $Break,

        [Parameter()]
        [object[]]
        $HttpPipelineAppend,

        [Parameter()]
        [object[]]
        $HttpPipelinePrepend,

        [Parameter()]
        [uri]
        $Proxy,

        [Parameter()]
        [pscredential]
        $ProxyCredential,

        [Parameter()]
        [switch]
        $ProxyUseDefaultCredentials
    )

    begin { Import-MgpCallerPreference $PSCmdlet }
    process {
        $call = New-MgpCall $PSCmdlet
        if ($call -and $PSCmdlet.ShouldProcess($call.Target, $call.Action)) { Invoke-MgpCall $call }
    }
}

function Get-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization {
    <#
    .SYNOPSIS
    Get the user synchronization policy of a partner-specific configuration (beta).

    .DESCRIPTION
    GET /beta/policies/crossTenantAccessPolicy/partners/{id}/identitySynchronization. Writes the
    policy with Microsoft's property names (TenantId, DisplayName, UserSyncInbound.IsSyncAllowed,
    GroupSyncInbound, ExternalCloudAuthorizedApplicationId, AdditionalProperties) and
    ToJsonString(). A missing policy is a non-terminating error (404, ObjectNotFound): with
    -ErrorAction SilentlyContinue nothing is written.
    Replaces Get-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization of Microsoft.Graph.Beta.Identity.SignIns.

    .PARAMETER CrossTenantAccessPolicyConfigurationPartnerTenantId
    The unique identifier of crossTenantAccessPolicyConfigurationPartner: the partner tenant's ID, a
    GUID.

    .PARAMETER InputObject
    Identity parameter: a hashtable or an object with
    CrossTenantAccessPolicyConfigurationPartnerTenantId (for example
    @{CrossTenantAccessPolicyConfigurationPartnerTenantId =
    '90e29127-71ad-49c7-9ce8-db3f41ea06f1'}). Accepts pipeline input.

    .PARAMETER ExpandProperty
    Expand related entities ($expand).

    .PARAMETER Property
    Select properties to be returned ($select).

    .PARAMETER ResponseHeadersVariable
    The name of a variable in the caller's scope that receives the response headers (a case-
    insensitive dictionary of string arrays), also when the call fails.

    .PARAMETER Headers
    Optional headers that will be added to the request, as a dictionary. Accepts pipeline input.

    .PARAMETER Break
    Accepted for compatibility and ignored (Microsoft's cmdlets wait for a .NET debugger).

    .PARAMETER HttpPipelineAppend
    Accepted for compatibility and ignored with a verbose message: the native library has no .NET
    HTTP pipeline to add steps to.

    .PARAMETER HttpPipelinePrepend
    Accepted for compatibility and ignored with a verbose message: the native library has no .NET
    HTTP pipeline to add steps to.

    .PARAMETER Proxy
    The URI of the proxy server for this call, for Graph and token requests alike. Each proxy
    setting gets its own client, reused by later calls with the same setting.

    .PARAMETER ProxyCredential
    Credentials for the proxy server given with -Proxy.

    .PARAMETER ProxyUseDefaultCredentials
    Use the proxy without explicit credentials. Integrated Windows authentication (NTLM, Kerberos)
    to a proxy is not available; give -ProxyCredential when the proxy asks for credentials.

    .EXAMPLE
    Get-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId '90e29127-71ad-49c7-9ce8-db3f41ea06f1'

    Reads the policy for one partner tenant.

    .EXAMPLE
    $policy = Get-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId $partner.TenantId -ErrorAction SilentlyContinue
    if ($null -eq $policy) { 'no policy yet' } elseif ($policy.UserSyncInbound.IsSyncAllowed) { 'users sync in' }

    Tests for a policy without an error when it does not exist.

    .EXAMPLE
    @{CrossTenantAccessPolicyConfigurationPartnerTenantId = '90e29127-71ad-49c7-9ce8-db3f41ea06f1'} | Get-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -Property tenantId, userSyncInbound

    Takes the identity from the pipeline and selects two properties.

    .OUTPUTS
    Microsoft.Graph.Beta.PowerShell.Models.IMicrosoftGraphCrossTenantIdentitySyncPolicyPartner

    .LINK
    https://learn.microsoft.com/powershell/module/microsoft.graph.beta.identity.signins/get-mgbetapolicycrosstenantaccesspolicypartneridentitysynchronization
    #>
    [CmdletBinding(DefaultParameterSetName = 'Get', PositionalBinding = $false)]
    [OutputType('Microsoft.Graph.Beta.PowerShell.Models.IMicrosoftGraphCrossTenantIdentitySyncPolicyPartner')]
    param(
        [Parameter(ParameterSetName = 'Get', Mandatory = $true)]
        [string]
        $CrossTenantAccessPolicyConfigurationPartnerTenantId,

        [Parameter(ParameterSetName = 'GetViaIdentity', Mandatory = $true, ValueFromPipeline = $true)]
        [object]
        $InputObject,

        [Parameter()]
        [Alias('Expand')]
        [string[]]
        $ExpandProperty,

        [Parameter()]
        [Alias('Select')]
        [string[]]
        $Property,

        [Parameter()]
        [Alias('RHV')]
        [string]
        $ResponseHeadersVariable,

        [Parameter(ValueFromPipeline = $true)]
        [System.Collections.IDictionary]
        $Headers,

        [Parameter()]
        [switch]
        $Break,

        [Parameter()]
        [object[]]
        $HttpPipelineAppend,

        [Parameter()]
        [object[]]
        $HttpPipelinePrepend,

        [Parameter()]
        [uri]
        $Proxy,

        [Parameter()]
        [pscredential]
        $ProxyCredential,

        [Parameter()]
        [switch]
        $ProxyUseDefaultCredentials
    )

    begin { Import-MgpCallerPreference $PSCmdlet }
    process {
        $call = New-MgpCall $PSCmdlet
        if ($call) { Invoke-MgpCall $call }
    }
}

function Set-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization {
    <#
    .SYNOPSIS
    Create the user synchronization policy of a partner-specific configuration (beta, PUT).

    .DESCRIPTION
    PUT /beta/policies/crossTenantAccessPolicy/partners/{id}/identitySynchronization. Graph answers
    204 and the cmdlet writes nothing. PUT is a create: it fails with 409 (ResourceExists) when the
    partner already has a policy; change an existing one with Update-
    MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization. -WhatIf shows the method, the
    full URL and the body without sending anything.
    Replaces Set-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization of Microsoft.Graph.Beta.Identity.SignIns.

    .PARAMETER CrossTenantAccessPolicyConfigurationPartnerTenantId
    The unique identifier of crossTenantAccessPolicyConfigurationPartner: the partner tenant's ID, a
    GUID.

    .PARAMETER InputObject
    Identity parameter: a hashtable or an object with
    CrossTenantAccessPolicyConfigurationPartnerTenantId (for example
    @{CrossTenantAccessPolicyConfigurationPartnerTenantId =
    '90e29127-71ad-49c7-9ce8-db3f41ea06f1'}). Accepts pipeline input.

    .PARAMETER BodyParameter
    crossTenantIdentitySyncPolicyPartner: the whole body, as a hashtable in either key casing
    (@{displayName = 'Fabrikam'; userSyncInbound = @{isSyncAllowed = $true}}), an object with the
    same properties, or JSON text. Properties are checked against the Graph type before anything is
    sent. The beta model also has groupSyncInbound, roleEnabledGroupSyncInbound,
    externalCloudAuthorizedApplicationId and deletedDateTime.

    .PARAMETER AdditionalProperties
    Further body properties, as a hashtable. A property may not be given both here and as its own
    parameter.

    .PARAMETER DeletedDateTime
    The last date and time the policy was deleted. Set by the service (beta).

    .PARAMETER DisplayName
    Display name for the cross-tenant user synchronization policy. Use the name of the partner
    Microsoft Entra tenant to easily identify the policy. Optional.

    .PARAMETER ExternalCloudAuthorizedApplicationId
    The externalCloudAuthorizedApplicationId property of the beta model (Microsoft does not document
    it).

    .PARAMETER GroupSyncInbound
    crossTenantGroupSyncInbound: @{IsSyncAllowed = $true} or @{IsSyncAllowed = $false}. Whether
    group objects are synchronized from the partner tenant (beta).

    .PARAMETER TenantId
    Tenant identifier for the partner Microsoft Entra organization. Read-only: it must equal the
    partner tenant ID of the request.

    .PARAMETER UserSyncInbound
    crossTenantUserSyncInbound: @{IsSyncAllowed = $true} or @{IsSyncAllowed = $false} (the strings
    'True' and 'False' work too), or an object with IsSyncAllowed. Whether user objects are
    synchronized from the partner tenant; $false stops current synchronization and leaves users
    already synchronized as they are.

    .PARAMETER ResponseHeadersVariable
    The name of a variable in the caller's scope that receives the response headers (a case-
    insensitive dictionary of string arrays), also when the call fails.

    .PARAMETER Headers
    Optional headers that will be added to the request, as a dictionary. Accepts pipeline input.

    .PARAMETER Break
    Accepted for compatibility and ignored (Microsoft's cmdlets wait for a .NET debugger).

    .PARAMETER HttpPipelineAppend
    Accepted for compatibility and ignored with a verbose message: the native library has no .NET
    HTTP pipeline to add steps to.

    .PARAMETER HttpPipelinePrepend
    Accepted for compatibility and ignored with a verbose message: the native library has no .NET
    HTTP pipeline to add steps to.

    .PARAMETER Proxy
    The URI of the proxy server for this call, for Graph and token requests alike. Each proxy
    setting gets its own client, reused by later calls with the same setting.

    .PARAMETER ProxyCredential
    Credentials for the proxy server given with -Proxy.

    .PARAMETER ProxyUseDefaultCredentials
    Use the proxy without explicit credentials. Integrated Windows authentication (NTLM, Kerberos)
    to a proxy is not available; give -ProxyCredential when the proxy asks for credentials.

    .EXAMPLE
    $params = @{
        displayName = 'Fabrikam'
        userSyncInbound = @{ isSyncAllowed = $true }
    }
    Set-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId '90e29127-71ad-49c7-9ce8-db3f41ea06f1' -BodyParameter $params

    Creates the policy from a hashtable body.

    .EXAMPLE
    Set-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId '90e29127-71ad-49c7-9ce8-db3f41ea06f1' -UserSyncInbound @{IsSyncAllowed = $true} -WhatIf

    Shows the PUT request that would be sent.

    .OUTPUTS
    Microsoft.Graph.Beta.PowerShell.Models.IMicrosoftGraphCrossTenantIdentitySyncPolicyPartner

    .LINK
    https://learn.microsoft.com/powershell/module/microsoft.graph.beta.identity.signins/set-mgbetapolicycrosstenantaccesspolicypartneridentitysynchronization
    #>
    [CmdletBinding(DefaultParameterSetName = 'SetExpanded', PositionalBinding = $false, SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    [OutputType('Microsoft.Graph.Beta.PowerShell.Models.IMicrosoftGraphCrossTenantIdentitySyncPolicyPartner')]
    param(
        [Parameter(ParameterSetName = 'SetExpanded', Mandatory = $true)]
        [Parameter(ParameterSetName = 'Set', Mandatory = $true)]
        [string]
        $CrossTenantAccessPolicyConfigurationPartnerTenantId,

        [Parameter(ParameterSetName = 'SetViaIdentityExpanded', Mandatory = $true, ValueFromPipeline = $true)]
        [Parameter(ParameterSetName = 'SetViaIdentity', Mandatory = $true, ValueFromPipeline = $true)]
        [object]
        $InputObject,

        [Parameter(ParameterSetName = 'Set', Mandatory = $true, ValueFromPipeline = $true)]
        [Parameter(ParameterSetName = 'SetViaIdentity', Mandatory = $true, ValueFromPipeline = $true)]
        [object]
        $BodyParameter,

        [Parameter(ParameterSetName = 'SetExpanded')]
        [Parameter(ParameterSetName = 'SetViaIdentityExpanded')]
        [hashtable]
        $AdditionalProperties,

        [Parameter(ParameterSetName = 'SetExpanded')]
        [Parameter(ParameterSetName = 'SetViaIdentityExpanded')]
        [datetime]
        $DeletedDateTime,

        [Parameter(ParameterSetName = 'SetExpanded')]
        [Parameter(ParameterSetName = 'SetViaIdentityExpanded')]
        [string]
        $DisplayName,

        [Parameter(ParameterSetName = 'SetExpanded')]
        [Parameter(ParameterSetName = 'SetViaIdentityExpanded')]
        [string]
        $ExternalCloudAuthorizedApplicationId,

        [Parameter(ParameterSetName = 'SetExpanded')]
        [Parameter(ParameterSetName = 'SetViaIdentityExpanded')]
        [object]
        $GroupSyncInbound,

        [Parameter(ParameterSetName = 'SetExpanded')]
        [Parameter(ParameterSetName = 'SetViaIdentityExpanded')]
        [string]
        $TenantId,

        [Parameter(ParameterSetName = 'SetExpanded')]
        [Parameter(ParameterSetName = 'SetViaIdentityExpanded')]
        [object]
        $UserSyncInbound,

        [Parameter()]
        [Alias('RHV')]
        [string]
        $ResponseHeadersVariable,

        [Parameter(ValueFromPipeline = $true)]
        [System.Collections.IDictionary]
        $Headers,

        [Parameter()]
        [switch]
        $Break,

        [Parameter()]
        [object[]]
        $HttpPipelineAppend,

        [Parameter()]
        [object[]]
        $HttpPipelinePrepend,

        [Parameter()]
        [uri]
        $Proxy,

        [Parameter()]
        [pscredential]
        $ProxyCredential,

        [Parameter()]
        [switch]
        $ProxyUseDefaultCredentials
    )

    begin { Import-MgpCallerPreference $PSCmdlet }
    process {
        $call = New-MgpCall $PSCmdlet
        if ($call -and $PSCmdlet.ShouldProcess($call.Target, $call.Action)) { Invoke-MgpCall $call }
    }
}

function Update-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization {
    <#
    .SYNOPSIS
    Update the user synchronization policy of a partner-specific configuration (beta, PATCH).

    .DESCRIPTION
    PATCH /beta/policies/crossTenantAccessPolicy/partners/{id}/identitySynchronization with only the
    properties given. Graph answers 204 and the cmdlet writes nothing. A partner without a policy
    gives 404.
    Replaces Update-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization of Microsoft.Graph.Beta.Identity.SignIns.

    .PARAMETER CrossTenantAccessPolicyConfigurationPartnerTenantId
    The unique identifier of crossTenantAccessPolicyConfigurationPartner: the partner tenant's ID, a
    GUID.

    .PARAMETER InputObject
    Identity parameter: a hashtable or an object with
    CrossTenantAccessPolicyConfigurationPartnerTenantId (for example
    @{CrossTenantAccessPolicyConfigurationPartnerTenantId =
    '90e29127-71ad-49c7-9ce8-db3f41ea06f1'}). Accepts pipeline input.

    .PARAMETER BodyParameter
    crossTenantIdentitySyncPolicyPartner: the whole body, as a hashtable in either key casing
    (@{displayName = 'Fabrikam'; userSyncInbound = @{isSyncAllowed = $true}}), an object with the
    same properties, or JSON text. Properties are checked against the Graph type before anything is
    sent. The beta model also has groupSyncInbound, roleEnabledGroupSyncInbound,
    externalCloudAuthorizedApplicationId and deletedDateTime.

    .PARAMETER AdditionalProperties
    Further body properties, as a hashtable. A property may not be given both here and as its own
    parameter.

    .PARAMETER DeletedDateTime
    The last date and time the policy was deleted. Set by the service (beta).

    .PARAMETER DisplayName
    Display name for the cross-tenant user synchronization policy. Use the name of the partner
    Microsoft Entra tenant to easily identify the policy. Optional.

    .PARAMETER ExternalCloudAuthorizedApplicationId
    The externalCloudAuthorizedApplicationId property of the beta model (Microsoft does not document
    it).

    .PARAMETER GroupSyncInbound
    crossTenantGroupSyncInbound: @{IsSyncAllowed = $true} or @{IsSyncAllowed = $false}. Whether
    group objects are synchronized from the partner tenant (beta).

    .PARAMETER TenantId
    Tenant identifier for the partner Microsoft Entra organization. Read-only: it must equal the
    partner tenant ID of the request.

    .PARAMETER UserSyncInbound
    crossTenantUserSyncInbound: @{IsSyncAllowed = $true} or @{IsSyncAllowed = $false} (the strings
    'True' and 'False' work too), or an object with IsSyncAllowed. Whether user objects are
    synchronized from the partner tenant; $false stops current synchronization and leaves users
    already synchronized as they are.

    .PARAMETER ResponseHeadersVariable
    The name of a variable in the caller's scope that receives the response headers (a case-
    insensitive dictionary of string arrays), also when the call fails.

    .PARAMETER Headers
    Optional headers that will be added to the request, as a dictionary. Accepts pipeline input.

    .PARAMETER Break
    Accepted for compatibility and ignored (Microsoft's cmdlets wait for a .NET debugger).

    .PARAMETER HttpPipelineAppend
    Accepted for compatibility and ignored with a verbose message: the native library has no .NET
    HTTP pipeline to add steps to.

    .PARAMETER HttpPipelinePrepend
    Accepted for compatibility and ignored with a verbose message: the native library has no .NET
    HTTP pipeline to add steps to.

    .PARAMETER Proxy
    The URI of the proxy server for this call, for Graph and token requests alike. Each proxy
    setting gets its own client, reused by later calls with the same setting.

    .PARAMETER ProxyCredential
    Credentials for the proxy server given with -Proxy.

    .PARAMETER ProxyUseDefaultCredentials
    Use the proxy without explicit credentials. Integrated Windows authentication (NTLM, Kerberos)
    to a proxy is not available; give -ProxyCredential when the proxy asks for credentials.

    .EXAMPLE
    Update-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId '90e29127-71ad-49c7-9ce8-db3f41ea06f1' -UserSyncInbound @{IsSyncAllowed = $false}

    Stops user synchronization from the partner tenant.

    .EXAMPLE
    Update-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId '90e29127-71ad-49c7-9ce8-db3f41ea06f1' -BodyParameter @{UserSyncInbound = @{IsSyncAllowed = 'True'}} -ResponseHeadersVariable headers
    $headers['request-id']

    Sends a PascalCase body and reads the response headers.

    .OUTPUTS
    Microsoft.Graph.Beta.PowerShell.Models.IMicrosoftGraphCrossTenantIdentitySyncPolicyPartner

    .LINK
    https://learn.microsoft.com/powershell/module/microsoft.graph.beta.identity.signins/update-mgbetapolicycrosstenantaccesspolicypartneridentitysynchronization
    #>
    [CmdletBinding(DefaultParameterSetName = 'UpdateExpanded', PositionalBinding = $false, SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    [OutputType('Microsoft.Graph.Beta.PowerShell.Models.IMicrosoftGraphCrossTenantIdentitySyncPolicyPartner')]
    param(
        [Parameter(ParameterSetName = 'UpdateExpanded', Mandatory = $true)]
        [Parameter(ParameterSetName = 'Update', Mandatory = $true)]
        [string]
        $CrossTenantAccessPolicyConfigurationPartnerTenantId,

        [Parameter(ParameterSetName = 'UpdateViaIdentityExpanded', Mandatory = $true, ValueFromPipeline = $true)]
        [Parameter(ParameterSetName = 'UpdateViaIdentity', Mandatory = $true, ValueFromPipeline = $true)]
        [object]
        $InputObject,

        [Parameter(ParameterSetName = 'Update', Mandatory = $true, ValueFromPipeline = $true)]
        [Parameter(ParameterSetName = 'UpdateViaIdentity', Mandatory = $true, ValueFromPipeline = $true)]
        [object]
        $BodyParameter,

        [Parameter(ParameterSetName = 'UpdateExpanded')]
        [Parameter(ParameterSetName = 'UpdateViaIdentityExpanded')]
        [hashtable]
        $AdditionalProperties,

        [Parameter(ParameterSetName = 'UpdateExpanded')]
        [Parameter(ParameterSetName = 'UpdateViaIdentityExpanded')]
        [datetime]
        $DeletedDateTime,

        [Parameter(ParameterSetName = 'UpdateExpanded')]
        [Parameter(ParameterSetName = 'UpdateViaIdentityExpanded')]
        [string]
        $DisplayName,

        [Parameter(ParameterSetName = 'UpdateExpanded')]
        [Parameter(ParameterSetName = 'UpdateViaIdentityExpanded')]
        [string]
        $ExternalCloudAuthorizedApplicationId,

        [Parameter(ParameterSetName = 'UpdateExpanded')]
        [Parameter(ParameterSetName = 'UpdateViaIdentityExpanded')]
        [object]
        $GroupSyncInbound,

        [Parameter(ParameterSetName = 'UpdateExpanded')]
        [Parameter(ParameterSetName = 'UpdateViaIdentityExpanded')]
        [string]
        $TenantId,

        [Parameter(ParameterSetName = 'UpdateExpanded')]
        [Parameter(ParameterSetName = 'UpdateViaIdentityExpanded')]
        [object]
        $UserSyncInbound,

        [Parameter()]
        [Alias('RHV')]
        [string]
        $ResponseHeadersVariable,

        [Parameter(ValueFromPipeline = $true)]
        [System.Collections.IDictionary]
        $Headers,

        [Parameter()]
        [switch]
        $Break,

        [Parameter()]
        [object[]]
        $HttpPipelineAppend,

        [Parameter()]
        [object[]]
        $HttpPipelinePrepend,

        [Parameter()]
        [uri]
        $Proxy,

        [Parameter()]
        [pscredential]
        $ProxyCredential,

        [Parameter()]
        [switch]
        $ProxyUseDefaultCredentials
    )

    begin { Import-MgpCallerPreference $PSCmdlet }
    process {
        $call = New-MgpCall $PSCmdlet
        if ($call -and $PSCmdlet.ShouldProcess($call.Target, $call.Action)) { Invoke-MgpCall $call }
    }
}

function Remove-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization {
    <#
    .SYNOPSIS
    Delete the user synchronization policy of a partner-specific configuration (beta).

    .DESCRIPTION
    DELETE /beta/policies/crossTenantAccessPolicy/partners/{id}/identitySynchronization. Writes
    $true with -PassThru, else nothing. ConfirmImpact is Medium, so it does not prompt at the
    default $ConfirmPreference; an inherited $WhatIfPreference is honoured. The deleted policy is
    kept under Get-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner and can be restored.
    Replaces Remove-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization of Microsoft.Graph.Beta.Identity.SignIns.

    .PARAMETER CrossTenantAccessPolicyConfigurationPartnerTenantId
    The unique identifier of crossTenantAccessPolicyConfigurationPartner: the partner tenant's ID, a
    GUID.

    .PARAMETER InputObject
    Identity parameter: a hashtable or an object with
    CrossTenantAccessPolicyConfigurationPartnerTenantId (for example
    @{CrossTenantAccessPolicyConfigurationPartnerTenantId =
    '90e29127-71ad-49c7-9ce8-db3f41ea06f1'}). Accepts pipeline input.

    .PARAMETER IfMatch
    ETag: sent as the If-Match header; the call fails with 412 when it does not match.

    .PARAMETER PassThru
    Returns true when the command succeeds.

    .PARAMETER ResponseHeadersVariable
    The name of a variable in the caller's scope that receives the response headers (a case-
    insensitive dictionary of string arrays), also when the call fails.

    .PARAMETER Headers
    Optional headers that will be added to the request, as a dictionary. Accepts pipeline input.

    .PARAMETER Break
    Accepted for compatibility and ignored (Microsoft's cmdlets wait for a .NET debugger).

    .PARAMETER HttpPipelineAppend
    Accepted for compatibility and ignored with a verbose message: the native library has no .NET
    HTTP pipeline to add steps to.

    .PARAMETER HttpPipelinePrepend
    Accepted for compatibility and ignored with a verbose message: the native library has no .NET
    HTTP pipeline to add steps to.

    .PARAMETER Proxy
    The URI of the proxy server for this call, for Graph and token requests alike. Each proxy
    setting gets its own client, reused by later calls with the same setting.

    .PARAMETER ProxyCredential
    Credentials for the proxy server given with -Proxy.

    .PARAMETER ProxyUseDefaultCredentials
    Use the proxy without explicit credentials. Integrated Windows authentication (NTLM, Kerberos)
    to a proxy is not available; give -ProxyCredential when the proxy asks for credentials.

    .EXAMPLE
    Remove-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId '90e29127-71ad-49c7-9ce8-db3f41ea06f1' -PassThru

    Deletes the policy and writes True.

    .EXAMPLE
    Remove-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization -CrossTenantAccessPolicyConfigurationPartnerTenantId '90e29127-71ad-49c7-9ce8-db3f41ea06f1' -WhatIf

    Shows the DELETE request without sending it.

    .OUTPUTS
    System.Boolean

    .LINK
    https://learn.microsoft.com/powershell/module/microsoft.graph.beta.identity.signins/remove-mgbetapolicycrosstenantaccesspolicypartneridentitysynchronization
    #>
    [CmdletBinding(DefaultParameterSetName = 'Delete', PositionalBinding = $false, SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    [OutputType('System.Boolean')]
    param(
        [Parameter(ParameterSetName = 'Delete', Mandatory = $true)]
        [string]
        $CrossTenantAccessPolicyConfigurationPartnerTenantId,

        [Parameter(ParameterSetName = 'DeleteViaIdentity', Mandatory = $true, ValueFromPipeline = $true)]
        [object]
        $InputObject,

        [Parameter()]
        [string]
        $IfMatch,

        [Parameter()]
        [switch]
        $PassThru,

        [Parameter()]
        [Alias('RHV')]
        [string]
        $ResponseHeadersVariable,

        [Parameter(ValueFromPipeline = $true)]
        [System.Collections.IDictionary]
        $Headers,

        [Parameter()]
        [switch]
        $Break,

        [Parameter()]
        [object[]]
        $HttpPipelineAppend,

        [Parameter()]
        [object[]]
        $HttpPipelinePrepend,

        [Parameter()]
        [uri]
        $Proxy,

        [Parameter()]
        [pscredential]
        $ProxyCredential,

        [Parameter()]
        [switch]
        $ProxyUseDefaultCredentials
    )

    begin { Import-MgpCallerPreference $PSCmdlet }
    process {
        $call = New-MgpCall $PSCmdlet
        if ($call -and $PSCmdlet.ShouldProcess($call.Target, $call.Action)) { Invoke-MgpCall $call }
    }
}

function Get-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner {
    <#
    .SYNOPSIS
    List the deleted user synchronization policies, or get one (beta).

    .DESCRIPTION
    GET /beta/policies/deletedItems/crossTenantSyncPolicyPartners[/{id}]. Lists one page by default;
    -All follows every page. Each item has DeletedDateTime.
    Replaces Get-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner of Microsoft.Graph.Beta.Identity.SignIns.

    .PARAMETER CrossTenantIdentitySyncPolicyPartnerTenantId
    The unique identifier of crossTenantIdentitySyncPolicyPartner: the partner tenant's ID, a GUID.

    .PARAMETER InputObject
    Identity parameter: a hashtable or an object with CrossTenantIdentitySyncPolicyPartnerTenantId
    (for example @{CrossTenantIdentitySyncPolicyPartnerTenantId =
    '90e29127-71ad-49c7-9ce8-db3f41ea06f1'}). Accepts pipeline input.

    .PARAMETER All
    List all pages: follows @odata.nextLink until the last page.

    .PARAMETER CountVariable
    The name of a variable in the caller's scope that receives the total number of items
    (@odata.count; $count=true is sent).

    .PARAMETER ExpandProperty
    Expand related entities ($expand).

    .PARAMETER Filter
    Filter items by property values ($filter). $null or an empty string sends no filter.

    .PARAMETER PageSize
    Sets the page size of results.

    .PARAMETER Property
    Select properties to be returned ($select).

    .PARAMETER Search
    Search items by search phrases ($search).

    .PARAMETER Skip
    Skip the first n items ($skip).

    .PARAMETER Sort
    Order items by property values ($orderby).

    .PARAMETER Top
    Show only the first n items ($top).

    .PARAMETER ResponseHeadersVariable
    The name of a variable in the caller's scope that receives the response headers (a case-
    insensitive dictionary of string arrays), also when the call fails.

    .PARAMETER Headers
    Optional headers that will be added to the request, as a dictionary. Accepts pipeline input.

    .PARAMETER Break
    Accepted for compatibility and ignored (Microsoft's cmdlets wait for a .NET debugger).

    .PARAMETER HttpPipelineAppend
    Accepted for compatibility and ignored with a verbose message: the native library has no .NET
    HTTP pipeline to add steps to.

    .PARAMETER HttpPipelinePrepend
    Accepted for compatibility and ignored with a verbose message: the native library has no .NET
    HTTP pipeline to add steps to.

    .PARAMETER Proxy
    The URI of the proxy server for this call, for Graph and token requests alike. Each proxy
    setting gets its own client, reused by later calls with the same setting.

    .PARAMETER ProxyCredential
    Credentials for the proxy server given with -Proxy.

    .PARAMETER ProxyUseDefaultCredentials
    Use the proxy without explicit credentials. Integrated Windows authentication (NTLM, Kerberos)
    to a proxy is not available; give -ProxyCredential when the proxy asks for credentials.

    .EXAMPLE
    Get-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner -All

    Lists every deleted policy.

    .EXAMPLE
    Get-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner -Top 5 -CountVariable total
    $total

    Lists five and reads the total count.

    .EXAMPLE
    Get-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner -CrossTenantIdentitySyncPolicyPartnerTenantId '90e29127-71ad-49c7-9ce8-db3f41ea06f1'

    Reads one deleted policy.

    .OUTPUTS
    Microsoft.Graph.Beta.PowerShell.Models.IMicrosoftGraphCrossTenantIdentitySyncPolicyPartner

    .LINK
    https://learn.microsoft.com/powershell/module/microsoft.graph.beta.identity.signins/get-mgbetapolicydeleteditemcrosstenantsyncpolicypartner
    #>
    [CmdletBinding(DefaultParameterSetName = 'List', PositionalBinding = $false)]
    [OutputType('Microsoft.Graph.Beta.PowerShell.Models.IMicrosoftGraphCrossTenantIdentitySyncPolicyPartner')]
    param(
        [Parameter(ParameterSetName = 'Get', Mandatory = $true)]
        [string]
        $CrossTenantIdentitySyncPolicyPartnerTenantId,

        [Parameter(ParameterSetName = 'GetViaIdentity', Mandatory = $true, ValueFromPipeline = $true)]
        [object]
        $InputObject,

        [Parameter(ParameterSetName = 'List')]
        [switch]
        $All,

        [Parameter(ParameterSetName = 'List')]
        [Alias('CV')]
        [string]
        $CountVariable,

        [Parameter()]
        [Alias('Expand')]
        [string[]]
        $ExpandProperty,

        [Parameter(ParameterSetName = 'List')]
        [string]
        $Filter,

        [Parameter(ParameterSetName = 'List')]
        [int]
        $PageSize,

        [Parameter()]
        [Alias('Select')]
        [string[]]
        $Property,

        [Parameter(ParameterSetName = 'List')]
        [string]
        $Search,

        [Parameter(ParameterSetName = 'List')]
        [int]
        $Skip,

        [Parameter(ParameterSetName = 'List')]
        [Alias('OrderBy')]
        [string[]]
        $Sort,

        [Parameter(ParameterSetName = 'List')]
        [Alias('Limit')]
        [int]
        $Top,

        [Parameter()]
        [Alias('RHV')]
        [string]
        $ResponseHeadersVariable,

        [Parameter(ValueFromPipeline = $true)]
        [System.Collections.IDictionary]
        $Headers,

        [Parameter()]
        [switch]
        $Break,

        [Parameter()]
        [object[]]
        $HttpPipelineAppend,

        [Parameter()]
        [object[]]
        $HttpPipelinePrepend,

        [Parameter()]
        [uri]
        $Proxy,

        [Parameter()]
        [pscredential]
        $ProxyCredential,

        [Parameter()]
        [switch]
        $ProxyUseDefaultCredentials
    )

    begin { Import-MgpCallerPreference $PSCmdlet }
    process {
        $call = New-MgpCall $PSCmdlet
        if ($call) { Invoke-MgpCall $call }
    }
}

function Restore-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner {
    <#
    .SYNOPSIS
    Restore a deleted user synchronization policy (beta).

    .DESCRIPTION
    POST /beta/policies/deletedItems/crossTenantSyncPolicyPartners/{id}/restore. Writes the restored
    policy.
    Replaces Restore-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner of Microsoft.Graph.Beta.Identity.SignIns.

    .PARAMETER CrossTenantIdentitySyncPolicyPartnerTenantId
    The unique identifier of crossTenantIdentitySyncPolicyPartner: the partner tenant's ID, a GUID.

    .PARAMETER InputObject
    Identity parameter: a hashtable or an object with CrossTenantIdentitySyncPolicyPartnerTenantId
    (for example @{CrossTenantIdentitySyncPolicyPartnerTenantId =
    '90e29127-71ad-49c7-9ce8-db3f41ea06f1'}). Accepts pipeline input.

    .PARAMETER ResponseHeadersVariable
    The name of a variable in the caller's scope that receives the response headers (a case-
    insensitive dictionary of string arrays), also when the call fails.

    .PARAMETER Headers
    Optional headers that will be added to the request, as a dictionary. Accepts pipeline input.

    .PARAMETER Break
    Accepted for compatibility and ignored (Microsoft's cmdlets wait for a .NET debugger).

    .PARAMETER HttpPipelineAppend
    Accepted for compatibility and ignored with a verbose message: the native library has no .NET
    HTTP pipeline to add steps to.

    .PARAMETER HttpPipelinePrepend
    Accepted for compatibility and ignored with a verbose message: the native library has no .NET
    HTTP pipeline to add steps to.

    .PARAMETER Proxy
    The URI of the proxy server for this call, for Graph and token requests alike. Each proxy
    setting gets its own client, reused by later calls with the same setting.

    .PARAMETER ProxyCredential
    Credentials for the proxy server given with -Proxy.

    .PARAMETER ProxyUseDefaultCredentials
    Use the proxy without explicit credentials. Integrated Windows authentication (NTLM, Kerberos)
    to a proxy is not available; give -ProxyCredential when the proxy asks for credentials.

    .EXAMPLE
    Restore-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner -CrossTenantIdentitySyncPolicyPartnerTenantId '90e29127-71ad-49c7-9ce8-db3f41ea06f1'

    Restores the policy and writes it.

    .OUTPUTS
    Microsoft.Graph.Beta.PowerShell.Models.IMicrosoftGraphCrossTenantIdentitySyncPolicyPartner

    .LINK
    https://learn.microsoft.com/powershell/module/microsoft.graph.beta.identity.signins/restore-mgbetapolicydeleteditemcrosstenantsyncpolicypartner
    #>
    [CmdletBinding(DefaultParameterSetName = 'Restore', PositionalBinding = $false, SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    [OutputType('Microsoft.Graph.Beta.PowerShell.Models.IMicrosoftGraphCrossTenantIdentitySyncPolicyPartner')]
    param(
        [Parameter(ParameterSetName = 'Restore', Mandatory = $true)]
        [string]
        $CrossTenantIdentitySyncPolicyPartnerTenantId,

        [Parameter(ParameterSetName = 'RestoreViaIdentity', Mandatory = $true, ValueFromPipeline = $true)]
        [object]
        $InputObject,

        [Parameter()]
        [Alias('RHV')]
        [string]
        $ResponseHeadersVariable,

        [Parameter(ValueFromPipeline = $true)]
        [System.Collections.IDictionary]
        $Headers,

        [Parameter()]
        [switch]
        $Break,

        [Parameter()]
        [object[]]
        $HttpPipelineAppend,

        [Parameter()]
        [object[]]
        $HttpPipelinePrepend,

        [Parameter()]
        [uri]
        $Proxy,

        [Parameter()]
        [pscredential]
        $ProxyCredential,

        [Parameter()]
        [switch]
        $ProxyUseDefaultCredentials
    )

    begin { Import-MgpCallerPreference $PSCmdlet }
    process {
        $call = New-MgpCall $PSCmdlet
        if ($call -and $PSCmdlet.ShouldProcess($call.Target, $call.Action)) { Invoke-MgpCall $call }
    }
}

function Remove-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner {
    <#
    .SYNOPSIS
    Permanently delete a deleted user synchronization policy (beta).

    .DESCRIPTION
    DELETE /beta/policies/deletedItems/crossTenantSyncPolicyPartners/{id}. Writes $true with
    -PassThru, else nothing.
    Replaces Remove-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner of Microsoft.Graph.Beta.Identity.SignIns.

    .PARAMETER CrossTenantIdentitySyncPolicyPartnerTenantId
    The unique identifier of crossTenantIdentitySyncPolicyPartner: the partner tenant's ID, a GUID.

    .PARAMETER InputObject
    Identity parameter: a hashtable or an object with CrossTenantIdentitySyncPolicyPartnerTenantId
    (for example @{CrossTenantIdentitySyncPolicyPartnerTenantId =
    '90e29127-71ad-49c7-9ce8-db3f41ea06f1'}). Accepts pipeline input.

    .PARAMETER IfMatch
    ETag: sent as the If-Match header; the call fails with 412 when it does not match.

    .PARAMETER PassThru
    Returns true when the command succeeds.

    .PARAMETER ResponseHeadersVariable
    The name of a variable in the caller's scope that receives the response headers (a case-
    insensitive dictionary of string arrays), also when the call fails.

    .PARAMETER Headers
    Optional headers that will be added to the request, as a dictionary. Accepts pipeline input.

    .PARAMETER Break
    Accepted for compatibility and ignored (Microsoft's cmdlets wait for a .NET debugger).

    .PARAMETER HttpPipelineAppend
    Accepted for compatibility and ignored with a verbose message: the native library has no .NET
    HTTP pipeline to add steps to.

    .PARAMETER HttpPipelinePrepend
    Accepted for compatibility and ignored with a verbose message: the native library has no .NET
    HTTP pipeline to add steps to.

    .PARAMETER Proxy
    The URI of the proxy server for this call, for Graph and token requests alike. Each proxy
    setting gets its own client, reused by later calls with the same setting.

    .PARAMETER ProxyCredential
    Credentials for the proxy server given with -Proxy.

    .PARAMETER ProxyUseDefaultCredentials
    Use the proxy without explicit credentials. Integrated Windows authentication (NTLM, Kerberos)
    to a proxy is not available; give -ProxyCredential when the proxy asks for credentials.

    .EXAMPLE
    Remove-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner -CrossTenantIdentitySyncPolicyPartnerTenantId '90e29127-71ad-49c7-9ce8-db3f41ea06f1' -PassThru

    Deletes it for good and writes True.

    .OUTPUTS
    System.Boolean

    .LINK
    https://learn.microsoft.com/powershell/module/microsoft.graph.beta.identity.signins/remove-mgbetapolicydeleteditemcrosstenantsyncpolicypartner
    #>
    [CmdletBinding(DefaultParameterSetName = 'Delete', PositionalBinding = $false, SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    [OutputType('System.Boolean')]
    param(
        [Parameter(ParameterSetName = 'Delete', Mandatory = $true)]
        [string]
        $CrossTenantIdentitySyncPolicyPartnerTenantId,

        [Parameter(ParameterSetName = 'DeleteViaIdentity', Mandatory = $true, ValueFromPipeline = $true)]
        [object]
        $InputObject,

        [Parameter()]
        [string]
        $IfMatch,

        [Parameter()]
        [switch]
        $PassThru,

        [Parameter()]
        [Alias('RHV')]
        [string]
        $ResponseHeadersVariable,

        [Parameter(ValueFromPipeline = $true)]
        [System.Collections.IDictionary]
        $Headers,

        [Parameter()]
        [switch]
        $Break,

        [Parameter()]
        [object[]]
        $HttpPipelineAppend,

        [Parameter()]
        [object[]]
        $HttpPipelinePrepend,

        [Parameter()]
        [uri]
        $Proxy,

        [Parameter()]
        [pscredential]
        $ProxyCredential,

        [Parameter()]
        [switch]
        $ProxyUseDefaultCredentials
    )

    begin { Import-MgpCallerPreference $PSCmdlet }
    process {
        $call = New-MgpCall $PSCmdlet
        if ($call -and $PSCmdlet.ShouldProcess($call.Target, $call.Action)) { Invoke-MgpCall $call }
    }
}
# END GENERATED

function Connect-MgGraph {
    <#
    .SYNOPSIS
    Sign in to Microsoft Graph for the cmdlets of this module.

    .DESCRIPTION
    Creates the connection the other cmdlets use and checks it: a token is acquired and Graph is
    asked once (a read that is expected to answer 404). App-only sign-in takes a certificate
    (-CertificateThumbprint, -CertificateSubjectName or -Certificate), a client secret
    (-ClientSecretCredential), a managed identity (-Identity), the AZURE_* environment variables
    (-EnvironmentVariable) or a token (-AccessToken). Delegated sign-in (-Scopes, -UseDeviceCode)
    uses the account signed in to the Azure CLI. -Environment picks the cloud: Global, USGov,
    USGovDoD, China, Bleu, Delos, or one added with Add-MgEnvironment (for example a local graph-
    emulator; set MGPOLICY_CA_CERTIFICATE_FILES to its ca.pem). Writes a welcome message unless
    -NoWelcome is given; a failed sign-in is a non-terminating error and leaves no connection.
    Replaces Connect-MgGraph of Microsoft.Graph.Authentication.

    .PARAMETER AccessToken
    A bearer token for Microsoft Graph, as a SecureString. It is never refreshed.

    .PARAMETER ClientId
    The client (application) ID of your app registration; with -Identity, the client ID of a user-
    assigned managed identity.

    .PARAMETER Identity
    Sign in with a managed identity (system-assigned, or user-assigned with -ClientId).

    .PARAMETER Scopes
    An array of delegated permissions to consent to; a single comma-separated string works too.
    Delegated sign-in uses the account signed in to the Azure CLI (az login), so the scopes are
    recorded in the context but consent comes from that sign-in.

    .PARAMETER CertificateSubjectName
    The subject distinguished name of a certificate in the CurrentUser (then LocalMachine) My store.
    Its private key must be exportable.

    .PARAMETER CertificateThumbprint
    The thumbprint of a certificate in the CurrentUser (then LocalMachine) My store. Its private key
    must be exportable.

    .PARAMETER TenantId
    The ID (or a verified domain) of the tenant to connect to.

    .PARAMETER Certificate
    An X.509 certificate with an exportable RSA private key.

    .PARAMETER ClientSecretCredential
    A PSCredential whose user name is the application (client) ID and whose password is the client
    secret.

    .PARAMETER ClientTimeout
    The HTTP timeout in seconds for each request (default 100).

    .PARAMETER ContextScope
    Process or CurrentUser. Tokens are kept in this process only, whichever is given.

    .PARAMETER Environment
    The name of the cloud environment to connect to (Get-MgEnvironment lists them; Add-MgEnvironment
    adds one). Global when omitted.

    .PARAMETER EnvironmentVariable
    Sign in with the AZURE_* environment variables (AZURE_TENANT_ID and AZURE_CLIENT_ID with
    AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH or AZURE_FEDERATED_TOKEN_FILE), read by the
    native library from the process environment.

    .PARAMETER NoWelcome
    Hides the welcome message.

    .PARAMETER SendCertificateChain
    Include the x5c header in the client assertion (subject name / issuer authentication).

    .PARAMETER UseDeviceCode
    Delegated sign-in with a device code: sign in with `az login --use-device-code` first; the Azure
    CLI account is used.

    .PARAMETER Break
    Accepted for compatibility and ignored.

    .EXAMPLE
    Connect-MgGraph -ClientId $appId -TenantId $tenantId -CertificateThumbprint $thumbprint -NoWelcome

    App-only sign-in with a certificate from the CurrentUser My store.

    .EXAMPLE
    $credential = New-Object System.Management.Automation.PSCredential $appId, (ConvertTo-SecureString $secret -AsPlainText -Force)
    Connect-MgGraph -TenantId $tenantId -ClientSecretCredential $credential

    App-only sign-in with a client secret.

    .EXAMPLE
    Connect-MgGraph -Identity -NoWelcome

    Sign-in with the system-assigned managed identity.

    .EXAMPLE
    $env:MGPOLICY_CA_CERTIFICATE_FILES = $emulator.ca_pem_path
    Add-MgEnvironment -Name Emulator -AzureADEndpoint $emulator.https_url -GraphEndpoint $emulator.https_url
    Connect-MgGraph -Environment Emulator -TenantId $emulator.tenant_id -ClientSecretCredential $credential -NoWelcome

    Connects to a local graph-emulator.

    .EXAMPLE
    if (-not (Get-MgContext)) { Connect-MgGraph -Scopes 'Policy.Read.All','Policy.ReadWrite.CrossTenantAccess' | Out-Null }

    Delegated sign-in with the Azure CLI account, once per session.

    .OUTPUTS
    System.Object

    .LINK
    https://learn.microsoft.com/powershell/module/microsoft.graph.authentication/connect-mggraph
    #>
    [CmdletBinding(DefaultParameterSetName = 'UserParameterSet', PositionalBinding = $false)]
    [OutputType('System.Object')]
    [Alias('Connect-Graph')]
    param(
        [Parameter(ParameterSetName = 'AccessTokenParameterSet', Mandatory = $true, Position = 1)]
        [securestring]
        $AccessToken,

        [Parameter(ParameterSetName = 'AppCertificateParameterSet', Mandatory = $true, Position = 1)]
        [Parameter(ParameterSetName = 'UserParameterSet')]
        [Parameter(ParameterSetName = 'IdentityParameterSet')]
        [Alias('AppId', 'ApplicationId')]
        [string]
        $ClientId,

        [Parameter(ParameterSetName = 'IdentityParameterSet', Position = 1)]
        [Alias('ManagedIdentity', 'ManagedServiceIdentity', 'MSI')]
        [switch]
        $Identity,

        [Parameter(ParameterSetName = 'UserParameterSet', Position = 1)]
        [string[]]
        $Scopes,

        [Parameter(ParameterSetName = 'AppCertificateParameterSet', Position = 2)]
        [Alias('CertificateSubject', 'CertificateName')]
        [string]
        $CertificateSubjectName,

        [Parameter(ParameterSetName = 'AppCertificateParameterSet', Position = 3)]
        [string]
        $CertificateThumbprint,

        [Parameter(ParameterSetName = 'AppCertificateParameterSet')]
        [Parameter(ParameterSetName = 'AppSecretCredentialParameterSet')]
        [Parameter(ParameterSetName = 'UserParameterSet', Position = 4)]
        [Alias('Audience', 'Tenant')]
        [string]
        $TenantId,

        [Parameter(ParameterSetName = 'AppCertificateParameterSet')]
        [System.Security.Cryptography.X509Certificates.X509Certificate2]
        $Certificate,

        [Parameter(ParameterSetName = 'AppSecretCredentialParameterSet')]
        [Alias('SecretCredential', 'Credential')]
        [pscredential]
        $ClientSecretCredential,

        [Parameter()]
        [double]
        $ClientTimeout,

        [Parameter(ParameterSetName = 'AppCertificateParameterSet')]
        [Parameter(ParameterSetName = 'AppSecretCredentialParameterSet')]
        [Parameter(ParameterSetName = 'UserParameterSet')]
        [Parameter(ParameterSetName = 'IdentityParameterSet')]
        [Parameter(ParameterSetName = 'EnvironmentVariableParameterSet')]
        [ValidateSet('Process', 'CurrentUser')]
        [string]
        $ContextScope,

        [Parameter()]
        [Alias('EnvironmentName', 'NationalCloud')]
        [ValidateNotNullOrEmpty()]
        [string]
        $Environment,

        [Parameter(ParameterSetName = 'EnvironmentVariableParameterSet')]
        [switch]
        $EnvironmentVariable,

        [Parameter()]
        [switch]
        $NoWelcome,

        [Parameter(ParameterSetName = 'AppCertificateParameterSet')]
        [bool]
        $SendCertificateChain,

        [Parameter(ParameterSetName = 'UserParameterSet')]
        [Alias('UseDeviceAuthentication', 'DeviceCode', 'DeviceAuth', 'Device')]
        [switch]
        $UseDeviceCode,

        [Parameter()]
        [switch]
        $Break
    )

    begin { Import-MgpCallerPreference $PSCmdlet }
    process {
        if ($Break) { Write-Verbose 'Connect-MgGraph -Break is accepted for compatibility and ignored.' }
        $name = 'Global'
        if ($PSBoundParameters.ContainsKey('Environment')) { $name = $Environment }
        $selected = $script:Environments[$name]
        if (-not $selected) {
            $exception = New-Object System.Management.Automation.PSInvalidOperationException "Unable to find the environment '$name'. Get-MgEnvironment lists the environments; Add-MgEnvironment adds one."
            $PSCmdlet.ThrowTerminatingError((New-MgpErrorRecord $exception $name 'InvalidEnvironment' 'InvalidArgument'))
        }
        $timeout = 100
        if ($ClientTimeout -gt 0) { $timeout = $ClientTimeout }
        $context = [ordered]@{
            ClientId               = $ClientId
            TenantId               = $TenantId
            Scopes                 = $null
            AuthType               = 'AppOnly'
            TokenCredentialType    = $null
            CertificateThumbprint  = $null
            CertificateSubjectName = $null
            SendCertificateChain   = $SendCertificateChain
            Account                = $null
            AppName                = $null
            ContextScope           = 'Process'
            Certificate            = $null
            PSHostVersion          = $Host.Version
            ManagedIdentityId      = $null
            ClientTimeout          = [timespan]::FromSeconds($timeout)
            Environment            = $selected.Name
        }
        if ($ContextScope -eq 'CurrentUser') { Write-Verbose 'Tokens are kept in this process only (-ContextScope CurrentUser is taken as Process).' }
        $failure = $null
        try {
            switch ($PSCmdlet.ParameterSetName) {
                'AppCertificateParameterSet' {
                    if (-not $TenantId) { throw (New-Object System.ArgumentException 'Certificate sign-in needs -TenantId.') }
                    $signing = $Certificate
                    if (-not $signing) {
                        if (-not $CertificateThumbprint -and -not $CertificateSubjectName) {
                            throw (New-Object System.ArgumentException 'Certificate sign-in needs -CertificateThumbprint, -CertificateSubjectName or -Certificate.')
                        }
                        $signing = Find-MgpCertificate -Thumbprint $CertificateThumbprint -SubjectName $CertificateSubjectName
                    }
                    $credential = ConvertTo-MgpCertificateCredential $TenantId $ClientId $signing $SendCertificateChain
                    $context.TokenCredentialType = 'ClientCertificate'
                    $context.CertificateThumbprint = $signing.Thumbprint
                    $context.CertificateSubjectName = $signing.Subject
                    $context.Certificate = $signing
                }
                'AppSecretCredentialParameterSet' {
                    if (-not $ClientSecretCredential) { throw (New-Object System.ArgumentException 'Client secret sign-in needs -ClientSecretCredential.') }
                    if (-not $TenantId) { throw (New-Object System.ArgumentException 'Client secret sign-in needs -TenantId.') }
                    $credential = [ordered]@{
                        type          = 'client_secret'
                        tenant_id     = $TenantId
                        client_id     = $ClientSecretCredential.UserName
                        client_secret = $ClientSecretCredential.GetNetworkCredential().Password
                    }
                    $context.ClientId = $ClientSecretCredential.UserName
                    $context.TokenCredentialType = 'ClientSecret'
                }
                'IdentityParameterSet' {
                    $credential = [ordered]@{ type = 'managed_identity' }
                    if ($ClientId) { $credential['client_id'] = $ClientId }
                    $context.AuthType = 'ManagedIdentity'
                    $context.TokenCredentialType = 'ManagedIdentity'
                    $context.ManagedIdentityId = $ClientId
                }
                'AccessTokenParameterSet' {
                    $credential = [ordered]@{ type = 'access_token'; token = ConvertFrom-MgpSecureString $AccessToken }
                    $context.AuthType = 'UserProvidedAccessToken'
                    $context.TokenCredentialType = 'UserProvidedAccessToken'
                }
                'EnvironmentVariableParameterSet' {
                    $credential = [ordered]@{ type = 'environment' }
                    $context.ClientId = [Environment]::GetEnvironmentVariable('AZURE_CLIENT_ID')
                    $context.TenantId = [Environment]::GetEnvironmentVariable('AZURE_TENANT_ID')
                    $context.AuthType = 'EnvironmentVariable'
                    $context.TokenCredentialType = 'EnvironmentVariable'
                }
                default {
                    # Delegated: the library signs in with the account of the Azure CLI.
                    $credential = [ordered]@{ type = 'azure_cli' }
                    if ($TenantId) { $credential['tenant_id'] = $TenantId }
                    $requested = @($Scopes | ForEach-Object { "$_".Split(',') } | ForEach-Object { $_.Trim() } | Where-Object { $_ })
                    if ($requested.Count -eq 0) { $requested = @('User.Read') }
                    $context.Scopes = $requested
                    $context.AuthType = 'Delegated'
                    $context.TokenCredentialType = 'AzureCli'
                    Write-Verbose 'Delegated sign-in uses the account signed in to the Azure CLI (az login; az login --use-device-code for a device code).'
                }
            }
            $config = Get-MgpConnectionConfig $selected $credential $ClientTimeout
            $client = [MgPolicy.Native.MgpClient]::FromConfig($config)
            $problem = Test-MgpConnection $client
            if ($problem) {
                $client.Dispose()
                $failure = New-MgpErrorRecord $problem
            }
        } catch {
            $failure = New-MgpErrorRecord $_.Exception
        }
        # As with Microsoft's cmdlet, a failed sign-in also ends the previous connection.
        $null = Close-MgpConnection
        if ($failure) {
            $PSCmdlet.WriteError($failure)
            return
        }
        $authContext = [pscustomobject] $context
        $authContext.PSObject.TypeNames.Insert(0, 'Microsoft.Graph.PowerShell.Authentication.AuthContext')
        [MgPolicy.Native.MgpSession]::Connection = [pscustomobject]@{
            Context      = $authContext
            Environment  = $selected
            Config       = $config
            Client       = $client
            ProxyClients = @{}
        }
        if (-not $NoWelcome) {
            'Welcome to Microsoft Graph!'
            'Connected via {0} access to the {1} environment using MgPolicy {2}.' -f $context.AuthType.ToLowerInvariant(), $selected.Name, [MgPolicy.Native.MgpLibrary]::Version()
        }
    }
}

function Get-MgContext {
    <#
    .SYNOPSIS
    Get the current Microsoft Graph connection.

    .DESCRIPTION
    Writes the context (ClientId, TenantId, Scopes, AuthType, TokenCredentialType,
    CertificateThumbprint, Environment, ...) or nothing when not connected, so `if (-not (Get-
    MgContext))` tests for a connection.
    Replaces Get-MgContext of Microsoft.Graph.Authentication.

    .EXAMPLE
    if (-not (Get-MgContext)) { Connect-MgGraph -Identity -NoWelcome }

    Connects only when needed.

    .EXAMPLE
    (Get-MgContext).TenantId

    Reads the connected tenant.

    .OUTPUTS
    Microsoft.Graph.PowerShell.Authentication.IAuthContext

    .LINK
    https://learn.microsoft.com/powershell/module/microsoft.graph.authentication/get-mgcontext
    #>
    [CmdletBinding(PositionalBinding = $false)]
    [OutputType('Microsoft.Graph.PowerShell.Authentication.IAuthContext')]
    param()

    process {
        $connection = [MgPolicy.Native.MgpSession]::Connection
        if ($connection) { $connection.Context }
    }
}

function Disconnect-MgGraph {
    <#
    .SYNOPSIS
    Sign out of Microsoft Graph.

    .DESCRIPTION
    Drops the connection and its clients and writes the context that was dropped. Fails
    (terminating) when not connected.
    Replaces Disconnect-MgGraph of Microsoft.Graph.Authentication.

    .EXAMPLE
    Disconnect-MgGraph | Out-Null

    Signs out quietly.

    .OUTPUTS
    Microsoft.Graph.PowerShell.Authentication.IAuthContext

    .LINK
    https://learn.microsoft.com/powershell/module/microsoft.graph.authentication/disconnect-mggraph
    #>
    [CmdletBinding(PositionalBinding = $false)]
    [OutputType('Microsoft.Graph.PowerShell.Authentication.IAuthContext')]
    [Alias('Disconnect-Graph')]
    param()

    process {
        $connection = Close-MgpConnection
        if (-not $connection) {
            $exception = New-Object System.InvalidOperationException 'No application to sign out from.'
            $PSCmdlet.ThrowTerminatingError((New-MgpErrorRecord $exception $null 'NoApplicationToSignOut' 'InvalidArgument'))
        }
        $connection.Context
    }
}

function Invoke-MgGraphRequest {
    <#
    .SYNOPSIS
    Send a raw request to one of the Graph endpoints this module covers.

    .DESCRIPTION
    Maps the method and URI onto the library's operations (identitySynchronization of a partner in
    v1.0 and beta, and the beta deletedItems/crossTenantSyncPolicyPartners endpoints) and sends it
    through the same client as the cmdlets. Other endpoints are refused. The response is a hashtable
    by default. HTTP errors are terminating and read like `PUT https://.../identitySynchronization`,
    `HTTP/1.1 409 Conflict`, then the Graph error body.
    Replaces Invoke-MgGraphRequest of Microsoft.Graph.Authentication.

    .PARAMETER Method
    The HTTP method: GET (default), POST, PUT, PATCH or DELETE.

    .PARAMETER Uri
    The request URI: relative with a version (/beta/policies/...), relative without one (v1.0 is
    used), or absolute (https://graph.microsoft.com/v1.0/...). Query options $select, $expand,
    $filter, $search, $top, $skip, $orderby and $count are passed on.

    .PARAMETER Body
    The request body: a hashtable or object (serialized for you) or JSON text. Accepts pipeline
    input.

    .PARAMETER Headers
    Optional custom headers.

    .PARAMETER OutputFilePath
    A file that receives the response body as JSON.

    .PARAMETER InferOutputFileName
    Accepted for compatibility and ignored: these endpoints send no Content-Disposition.

    .PARAMETER InputFilePath
    A file whose content (JSON) is the request body.

    .PARAMETER PassThru
    With -OutputFilePath, also writes the response to the pipeline.

    .PARAMETER SkipHeaderValidation
    Accepted for compatibility and ignored: the library always validates headers.

    .PARAMETER ContentType
    The body's content type; only application/json is accepted.

    .PARAMETER SessionVariable
    Accepted for compatibility and ignored: there is no web request session.

    .PARAMETER ResponseHeadersVariable
    The name of a variable in the caller's scope that receives the response headers, also when the
    call fails.

    .PARAMETER StatusCodeVariable
    The name of a variable in the caller's scope that receives the HTTP status code.

    .PARAMETER SkipHttpErrorCheck
    Return the response of a failed HTTP request (the Graph error body) instead of throwing.

    .PARAMETER GraphRequestSession
    Accepted for compatibility and ignored: there is no web request session.

    .PARAMETER UserAgent
    Accepted for compatibility and ignored: the connection's user agent is used.

    .PARAMETER OutputType
    HashTable (default), PSObject or Json (the response text). HttpResponseMessage is not available.

    .PARAMETER Break
    Accepted for compatibility and ignored.

    .EXAMPLE
    Invoke-MgGraphRequest 'PATCH' -Uri "/beta/policies/crossTenantAccessPolicy/partners/90e29127-71ad-49c7-9ce8-db3f41ea06f1/identitySynchronization" -Body '{"userSyncInbound":{"isSyncAllowed":true}}' -ContentType 'application/json' -ErrorAction Stop | Out-Null

    Updates a policy with a JSON body.

    .EXAMPLE
    (Invoke-MgGraphRequest -Method GET -Uri "https://graph.microsoft.com/v1.0/policies/crossTenantAccessPolicy/partners/90e29127-71ad-49c7-9ce8-db3f41ea06f1/identitySynchronization").userSyncInbound.isSyncAllowed

    Reads a policy as a hashtable.

    .OUTPUTS
    System.Object

    .LINK
    https://learn.microsoft.com/powershell/module/microsoft.graph.authentication/invoke-mggraphrequest
    #>
    [CmdletBinding(DefaultParameterSetName = 'UserParameterSet', PositionalBinding = $false)]
    [OutputType('System.Object')]
    [Alias('Invoke-GraphRequest')]
    param(
        [Parameter(ParameterSetName = 'UserParameterSet', Position = 1)]
        [ValidateSet('GET', 'POST', 'PUT', 'PATCH', 'DELETE')]
        [string]
        $Method,

        [Parameter(ParameterSetName = 'UserParameterSet', Mandatory = $true, Position = 2)]
        [uri]
        $Uri,

        [Parameter(ParameterSetName = 'UserParameterSet', Position = 3, ValueFromPipeline = $true)]
        [object]
        $Body,

        [Parameter(ParameterSetName = 'UserParameterSet', Position = 4)]
        [System.Collections.IDictionary]
        $Headers,

        [Parameter(ParameterSetName = 'UserParameterSet', Position = 5)]
        [string]
        $OutputFilePath,

        [Parameter(ParameterSetName = 'UserParameterSet', Position = 6)]
        [switch]
        $InferOutputFileName,

        [Parameter(ParameterSetName = 'UserParameterSet', Position = 7)]
        [string]
        $InputFilePath,

        [Parameter(ParameterSetName = 'UserParameterSet', Position = 8)]
        [switch]
        $PassThru,

        [Parameter(ParameterSetName = 'UserParameterSet', Position = 10)]
        [switch]
        $SkipHeaderValidation,

        [Parameter(ParameterSetName = 'UserParameterSet', Position = 11)]
        [string]
        $ContentType,

        [Parameter(ParameterSetName = 'UserParameterSet', Position = 13)]
        [Alias('SV')]
        [string]
        $SessionVariable,

        [Parameter(ParameterSetName = 'UserParameterSet', Position = 14)]
        [Alias('RHV')]
        [string]
        $ResponseHeadersVariable,

        [Parameter(ParameterSetName = 'UserParameterSet', Position = 15)]
        [string]
        $StatusCodeVariable,

        [Parameter(ParameterSetName = 'UserParameterSet', Position = 16)]
        [switch]
        $SkipHttpErrorCheck,

        [Parameter(ParameterSetName = 'UserParameterSet', Position = 17)]
        [object]
        $GraphRequestSession,

        [Parameter(ParameterSetName = 'UserParameterSet', Position = 18)]
        [string]
        $UserAgent,

        [Parameter(ParameterSetName = 'UserParameterSet', Position = 19)]
        [ValidateSet('HashTable', 'PSObject', 'HttpResponseMessage', 'Json')]
        [string]
        $OutputType,

        [Parameter()]
        [switch]
        $Break
    )

    begin { Import-MgpCallerPreference $PSCmdlet }
    process {
        foreach ($ignored in 'Break', 'InferOutputFileName', 'SkipHeaderValidation', 'SessionVariable', 'GraphRequestSession', 'UserAgent') {
            if ($PSBoundParameters.ContainsKey($ignored)) { Write-Verbose "Invoke-MgGraphRequest -$ignored is accepted for compatibility and ignored." }
        }
        $connection = [MgPolicy.Native.MgpSession]::Connection
        if (-not $connection) { $PSCmdlet.ThrowTerminatingError((New-MgpNotConnectedError)) }
        if (-not $Method) { $Method = 'GET' }
        $result = $null
        try {
            if ($OutputType -eq 'HttpResponseMessage') {
                throw (New-Object System.NotSupportedException '-OutputType HttpResponseMessage is not available: use -ResponseHeadersVariable and -StatusCodeVariable.')
            }
            if ($ContentType -and -not $ContentType.StartsWith('application/json', [StringComparison]::OrdinalIgnoreCase)) {
                throw (New-Object System.ArgumentException "Only JSON bodies are sent; -ContentType $ContentType is not supported.")
            }
            $route = Resolve-MgpRequest -Method $Method.ToUpperInvariant() -Uri $Uri -Connection $connection
            $content = $Body
            if ($InputFilePath) { $content = [System.IO.File]::ReadAllText($PSCmdlet.GetUnresolvedProviderPathFromPSPath($InputFilePath)) }
            if ($content -is [string]) {
                if ($content.Trim()) { $content = [MgPolicy.Native.MgpJson]::Parse($content) } else { $content = $null }
            }
            if ($route.Body -eq 'json') {
                if ($null -eq $content) { throw (New-Object System.ArgumentException "$Method $Uri needs a body.") }
                $route.Parameters['BodyParameter'] = $content
            } elseif ($null -ne $content) {
                throw (New-Object System.ArgumentException "$Method $Uri takes no body.")
            }
            if ($Headers) { $route.Parameters['Headers'] = $Headers }
            $result = $connection.Client.TryInvoke($route.Cmdlet, $route.ParameterSet, [MgPolicy.Native.MgpArgs]::FromParameters($route.Parameters, $route.Options, $false))
        } catch {
            $PSCmdlet.ThrowTerminatingError((New-MgpErrorRecord $_.Exception $Uri))
        }
        Set-MgpCallerVariable $PSCmdlet 'ResponseHeadersVariable' $result.Headers
        Set-MgpCallerVariable $PSCmdlet 'StatusCodeVariable' $result.HttpStatus
        if (-not $result.IsSuccess -and -not ($SkipHttpErrorCheck -and $result.HttpStatus -gt 0)) {
            $record = New-MgpErrorRecord $result.ToException() $Uri
            if ($result.HttpStatus -gt 0) {
                $reason = ([string] [System.Net.HttpStatusCode] $result.HttpStatus) -creplace '(?<=[a-z])(?=[A-Z])', ' '
                $lines = @(('{0} {1}' -f $result.Request.Method, $result.Request.Url), ('HTTP/1.1 {0} {1}' -f $result.HttpStatus, $reason))
                foreach ($header in $result.Headers.GetEnumerator()) { $lines += '{0}: {1}' -f $header.Key, ($header.Value -join ', ') }
                $lines += ''
                if ($null -ne $result.Body) { $lines += [MgPolicy.Native.MgpJson]::Serialize($result.Body) }
                $record.ErrorDetails = New-Object System.Management.Automation.ErrorDetails ($lines -join [Environment]::NewLine)
            }
            $PSCmdlet.ThrowTerminatingError($record)
        }
        if ($null -eq $result.Body) { return }
        if ($OutputType -eq 'Json') {
            $output = [MgPolicy.Native.MgpJson]::Serialize($result.Body)
        } else {
            $output = ConvertTo-MgpOutput $result.Body $OutputType
        }
        if ($OutputFilePath) {
            $json = [MgPolicy.Native.MgpJson]::Serialize($result.Body, $true)
            [System.IO.File]::WriteAllText($PSCmdlet.GetUnresolvedProviderPathFromPSPath($OutputFilePath), $json)
            if (-not $PassThru) { return }
        }
        , $output
    }
}

function Add-MgEnvironment {
    <#
    .SYNOPSIS
    Add a cloud environment for Connect-MgGraph -Environment (for this session).

    .DESCRIPTION
    Adds a user-defined environment with its sign-in authority and Graph endpoint, for example a
    local graph-emulator. Environments live in this PowerShell session only.
    Replaces Add-MgEnvironment of Microsoft.Graph.Authentication.

    .PARAMETER Name
    The environment name, used with Connect-MgGraph -Environment.

    .PARAMETER AzureADEndpoint
    The sign-in authority base URL, for example https://login.microsoftonline.com, or a graph-
    emulator's https_url.

    .PARAMETER GraphEndpoint
    The Graph base URL without a version, for example https://graph.microsoft.com, or a graph-
    emulator's https_url.

    .EXAMPLE
    Add-MgEnvironment -Name Emulator -AzureADEndpoint 'https://localhost:8443' -GraphEndpoint 'https://localhost:8443'

    Adds a local emulator.

    .OUTPUTS
    Microsoft.Graph.PowerShell.Authentication.Models.GraphEnvironment

    .LINK
    https://learn.microsoft.com/powershell/module/microsoft.graph.authentication/add-mgenvironment
    #>
    [CmdletBinding(PositionalBinding = $false, SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    [OutputType('Microsoft.Graph.PowerShell.Authentication.Models.GraphEnvironment')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)]
        [string]
        $Name,

        [Parameter(Mandatory = $true, Position = 1, ValueFromPipelineByPropertyName = $true)]
        [Alias('AzureADUrl')]
        [string]
        $AzureADEndpoint,

        [Parameter(Mandatory = $true, Position = 2, ValueFromPipelineByPropertyName = $true)]
        [Alias('GraphUrl')]
        [string]
        $GraphEndpoint
    )

    begin { Import-MgpCallerPreference $PSCmdlet }
    process {
        $failure = $null
        if ($script:Environments.Contains($Name)) {
            $exception = New-Object System.InvalidOperationException "The environment '$Name' already exists."
            $failure = New-MgpErrorRecord $exception $Name 'EnvironmentExists' 'ResourceExists'
        }
        foreach ($endpoint in $AzureADEndpoint, $GraphEndpoint) {
            $parsed = $null
            if (-not $failure -and -not ([uri]::TryCreate($endpoint, 'Absolute', [ref] $parsed) -and @('http', 'https') -contains $parsed.Scheme)) {
                $exception = New-Object System.ArgumentException "'$endpoint' is not an absolute http(s) URL."
                $failure = New-MgpErrorRecord $exception $endpoint 'InvalidEndpoint' 'InvalidArgument'
            }
        }
        if ($failure) {
            $PSCmdlet.WriteError($failure)
            return
        }
        $environment = New-MgpEnvironment $Name $AzureADEndpoint $GraphEndpoint 'User-defined'
        if ($PSCmdlet.ShouldProcess($Name, 'Add environment')) {
            $script:Environments[$Name] = $environment
            $environment
        }
    }
}

function Get-MgEnvironment {
    <#
    .SYNOPSIS
    List the cloud environments Connect-MgGraph can use.

    .DESCRIPTION
    Writes the built-in clouds (Global, USGov, USGovDoD, China, Bleu, Delos) and those added with
    Add-MgEnvironment.
    Replaces Get-MgEnvironment of Microsoft.Graph.Authentication.

    .PARAMETER Name
    The environment name; all environments when omitted.

    .EXAMPLE
    Get-MgEnvironment

    Lists every environment.

    .EXAMPLE
    Get-MgEnvironment -Name USGov

    Shows one.

    .OUTPUTS
    Microsoft.Graph.PowerShell.Authentication.Models.GraphEnvironment

    .LINK
    https://learn.microsoft.com/powershell/module/microsoft.graph.authentication/get-mgenvironment
    #>
    [CmdletBinding(PositionalBinding = $false)]
    [OutputType('Microsoft.Graph.PowerShell.Authentication.Models.GraphEnvironment')]
    param(
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = $true)]
        [string]
        $Name
    )

    process {
        if (-not $Name) {
            $script:Environments.Values
        } elseif ($script:Environments.Contains($Name)) {
            $script:Environments[$Name]
        }
    }
}

Export-ModuleMember -Function @(
    'Get-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization'
    'Set-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization'
    'Update-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization'
    'Remove-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization'
    'Get-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization'
    'Set-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization'
    'Update-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization'
    'Remove-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization'
    'Get-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner'
    'Restore-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner'
    'Remove-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner'
    'Connect-MgGraph'
    'Get-MgContext'
    'Disconnect-MgGraph'
    'Invoke-MgGraphRequest'
    'Add-MgEnvironment'
    'Get-MgEnvironment'
) -Alias @(
    'Connect-Graph'
    'Disconnect-Graph'
    'Invoke-GraphRequest'
)
