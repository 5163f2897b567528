@{
    # Lab stand-in for CIM and the Windows Update Agent on Linux test hosts. TEST ONLY: never shipped.
    RootModule        = 'PatchlaneLab.psm1'
    ModuleVersion     = '0.1.0'
    GUID              = 'a3c5e0d2-7a51-4c36-9d2b-4f0d6f8f4a11'
    Author            = 'Patchlane'
    Description       = 'Answers Get-CimInstance, Invoke-CimMethod (StdRegProv), Microsoft.Update.* and the ScheduledTasks cmdlets from a lab host fixture.'
    PowerShellVersion = '7.2'
    FunctionsToExport = @('Get-CimInstance', 'Invoke-CimMethod', 'New-CimSession', 'New-CimSessionOption', 'Remove-CimSession', 'New-Object',
        'New-ScheduledTaskAction', 'New-ScheduledTaskPrincipal', 'New-ScheduledTaskSettingsSet', 'Register-ScheduledTask', 'Start-ScheduledTask',
        'Get-ScheduledTask', 'Get-ScheduledTaskInfo', 'Stop-ScheduledTask', 'Unregister-ScheduledTask')
    CmdletsToExport   = @()
    VariablesToExport = @()
    AliasesToExport   = @()
}
