@{
    # MgPolicy under the name of Microsoft's module, for scripts, tools and tests that look
    # Connect-MgGraph and its siblings up by module (usage pattern 18). The same MgPolicy.psm1
    # as the MgPolicy module; tools/package-module.sh puts it beside this manifest and this
    # folder beside the MgPolicy folder, where the module finds the binding and native library.
    RootModule           = 'MgPolicy.psm1'
    # tools/package-module.sh writes the library's version (Cargo.toml) here.
    ModuleVersion        = '0.1.0'
    GUID                 = '86464b3a-4254-4220-b106-1098909cb5b9'
    Author               = 'mgpolicy contributors'
    CompanyName          = 'mgpolicy'
    Copyright            = '(c) mgpolicy contributors. MIT License.'
    Description          = 'MgPolicy''s Connect-MgGraph, Get-MgContext, Disconnect-MgGraph, Invoke-MgGraphRequest, Add-MgEnvironment and Get-MgEnvironment under the module name Microsoft.Graph.Authentication, for scripts and tools that look them up by module name. Not Microsoft''s module: it needs the MgPolicy module folder of the same version beside it, and replaces Microsoft''s Microsoft.Graph.Authentication for these cmdlets only.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    FunctionsToExport    = @(
        'Connect-MgGraph'
        'Get-MgContext'
        'Disconnect-MgGraph'
        'Invoke-MgGraphRequest'
        'Add-MgEnvironment'
        'Get-MgEnvironment'
    )
    CmdletsToExport      = @()
    VariablesToExport    = @()
    AliasesToExport      = @('Connect-Graph', 'Disconnect-Graph', 'Invoke-GraphRequest')
    FileList             = @('Microsoft.Graph.Authentication.psd1', 'MgPolicy.psm1')
    PrivateData          = @{
        PSData = @{
            Tags         = @('MicrosoftGraph', 'Entra', 'CrossTenantAccess', 'CrossTenantSync', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ReleaseNotes = 'See README.md.'
        }
    }
}
