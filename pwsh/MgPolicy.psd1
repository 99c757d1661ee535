@{
    RootModule           = 'MgPolicy.psm1'
    # tools/package-module.sh writes the library's version (Cargo.toml) here.
    ModuleVersion        = '0.1.0'
    GUID                 = '5a0f3c3e-8d2b-4c61-9b7e-2f4e6a1d9c58'
    Author               = 'mgpolicy contributors'
    CompanyName          = 'mgpolicy'
    Copyright            = '(c) mgpolicy contributors. MIT License.'
    Description          = 'Microsoft Entra cross-tenant identity synchronization policies through Microsoft Graph: a drop-in replacement for the Microsoft Graph PowerShell cmdlets Get/Set/Update/Remove-Mg[Beta]PolicyCrossTenantAccessPolicyPartnerIdentitySynchronization, Get/Restore/Remove-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner, Connect-MgGraph, Get-MgContext, Disconnect-MgGraph and Invoke-MgGraphRequest, over one native library. It replaces Microsoft.Graph.Authentication and the Identity.SignIns modules for these cmdlets; do not import it beside them.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    FunctionsToExport    = @(
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
    )
    CmdletsToExport      = @()
    VariablesToExport    = @()
    AliasesToExport      = @('Connect-Graph', 'Disconnect-Graph', 'Invoke-GraphRequest')
    FileList             = @('MgPolicy.psd1', 'MgPolicy.psm1', 'MgPolicy.Native.cs')
    PrivateData          = @{
        PSData = @{
            Tags         = @('MicrosoftGraph', 'Entra', 'CrossTenantAccess', 'CrossTenantSync', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ReleaseNotes = 'See README.md.'
        }
    }
}
