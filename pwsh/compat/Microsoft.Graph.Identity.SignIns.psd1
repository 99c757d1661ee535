@{
    # MgPolicy under the name of Microsoft's module, for scripts, tools and tests that look the
    # v1.0 identity synchronization cmdlets up by module (usage pattern 18). The same
    # MgPolicy.psm1 as the MgPolicy module; tools/package-module.sh puts it beside this manifest
    # and this folder beside the MgPolicy folder, where the module finds the binding and native
    # library. Like Microsoft's module it requires Microsoft.Graph.Authentication, which has
    # Connect-MgGraph; the connection is shared between the modules.
    RootModule           = 'MgPolicy.psm1'
    # tools/package-module.sh writes the library's version (Cargo.toml) here and in RequiredModules.
    ModuleVersion        = '0.1.0'
    GUID                 = '70fef124-a772-4c82-aaa3-4ed76cd9a2e6'
    Author               = 'mgpolicy contributors'
    CompanyName          = 'mgpolicy'
    Copyright            = '(c) mgpolicy contributors. MIT License.'
    Description          = 'MgPolicy''s Get/Set/Update/Remove-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization under the module name Microsoft.Graph.Identity.SignIns, for scripts and tools that look them up by module name. Not Microsoft''s module: it needs the MgPolicy module folder of the same version beside it, and replaces Microsoft''s Microsoft.Graph.Identity.SignIns for these cmdlets only.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    RequiredModules      = @(@{ ModuleName = 'Microsoft.Graph.Authentication'; RequiredVersion = '0.1.0' })
    FunctionsToExport    = @(
        'Get-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization'
        'Set-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization'
        'Update-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization'
        'Remove-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization'
    )
    CmdletsToExport      = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    FileList             = @('Microsoft.Graph.Identity.SignIns.psd1', 'MgPolicy.psm1')
    PrivateData          = @{
        PSData = @{
            Tags         = @('MicrosoftGraph', 'Entra', 'CrossTenantAccess', 'CrossTenantSync', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ReleaseNotes = 'See README.md.'
        }
    }
}
