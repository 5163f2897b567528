# Windows Update Agent stand-in for the PatchlaneLab module (dot-sourced by PatchlaneLab.psm1).
# `New-Object -ComObject Microsoft.Update.Session` (and .ServiceManager, .SystemInfo, .AutoUpdate)
# returns objects with the members Microsoft documents for IUpdateSession, IUpdateSearcher,
# ISearchResult, IUpdate, IUpdateServiceManager and ISystemInformation; everything else goes to
# the real Microsoft.PowerShell.Utility\New-Object. The session configuration imports the module
# up front, so this function shadows the cmdlet even before any CIM command is called.

function New-LabComObject([hashtable]$Properties, [hashtable]$Methods) {
    $object = [pscustomobject]$Properties
    foreach ($name in $Methods.Keys) { $object | Add-Member -MemberType ScriptMethod -Name $name -Value $Methods[$name] }
    $object
}

function ConvertTo-LabUpdate($Kb, [string]$Title, [string]$UpdateId, [string]$Severity, [string[]]$Categories, [bool]$Installed) {
    New-LabComObject @{
        Title = $Title; Description = $Title; KBArticleIDs = [string[]]@($Kb -replace '^KB', ''); MsrcSeverity = $Severity
        Identity = [pscustomobject]@{ UpdateID = $UpdateId; RevisionNumber = 200 }
        Categories = @($Categories | ForEach-Object { [pscustomobject]@{ Name = $_; Type = 'UpdateClassification'; CategoryID = '' } })
        IsInstalled = $Installed; IsDownloaded = $Installed; IsHidden = $false; IsMandatory = $false; RebootRequired = $false
        Type = 1; SecurityBulletinIDs = [string[]]@(); SupersededUpdateIDs = [string[]]@(); CveIDs = [string[]]@()
        LastDeploymentChangeTime = [datetime]'2019-03-01'; MaxDownloadSize = [decimal]0; MinDownloadSize = [decimal]0; BundledUpdates = @()
    } @{}
}

function Search-LabUpdates([string]$Criteria) {
    $fixture = Enter-LabAnswer
    if ($fixture.behaviour.garbage -eq 'data') { throw [System.Runtime.InteropServices.COMException]::new('Exception from HRESULT: 0x8024402C', -2145107924) }
    # A 'wua-broken' host: the agent cannot reach its server, its service is disabled, or the search never ends.
    $wua = if ($fixture.behaviour.PSObject.Properties['wua']) { [string]$fixture.behaviour.wua } else { 'ok' }
    if ($wua -eq 'error') { throw [System.Runtime.InteropServices.COMException]::new('Exception from HRESULT: 0x80072EFD', -2147012867) }
    if ($wua -eq 'disabled') { throw [System.Runtime.InteropServices.COMException]::new('Exception from HRESULT: 0x80070422', -2147023838) }
    if ($wua -eq 'hang') { Start-Sleep -Seconds 3600 }
    $updates = if ($Criteria -match 'IsInstalled\s*=\s*1') {
        foreach ($h in $fixture.hotfixes) { ConvertTo-LabUpdate $h.HotFixID "$($h.Description) ($($h.HotFixID))" '' '' @('Updates') $true }
    }
    else {
        foreach ($u in $fixture.windowsUpdate.missing) { ConvertTo-LabUpdate $u.kb $u.title $u.updateId $u.msrcSeverity @($u.categories) $false }
    }
    # ResultCode 2 = orcSucceeded. Updates is an array: .Count and .Item(i) work as on the COM collection.
    [pscustomobject]@{ ResultCode = 2; Updates = @($updates); Warnings = @(); RootCategories = @() }
}

function New-LabUpdateSession {
    New-LabComObject @{ ClientApplicationID = ''; ReadOnly = $false; WebProxy = $null } @{
        CreateUpdateSearcher = {
            New-LabComObject @{ Online = $true; ServerSelection = 0; ServiceID = ''; IncludePotentiallySupersededUpdates = $false; CanAutomaticallyUpgradeService = $false } @{
                Search                = { param($criteria) Search-LabUpdates ([string]$criteria) }
                GetTotalHistoryCount  = { [int]@((Get-LabFixture).hotfixes).Count }
                QueryHistory          = {
                    param($start, $count)
                    @((Get-LabFixture).hotfixes | Select-Object -Skip $start -First $count | ForEach-Object {
                            [pscustomobject]@{ Title = "$($_.Description) ($($_.HotFixID))"; Operation = 1; ResultCode = 2; HResult = 0; Date = [datetime]::MinValue; UpdateIdentity = [pscustomobject]@{ UpdateID = ''; RevisionNumber = 1 } }
                        })
                }
            }
        }
        CreateUpdateDownloader = { throw [System.Runtime.InteropServices.COMException]::new('Lab hosts do not download updates.', -2145124329) }
        CreateUpdateInstaller  = { throw [System.Runtime.InteropServices.COMException]::new('Lab hosts do not install updates.', -2145124329) }
    }
}

function New-Object {
    <# .SYNOPSIS New-Object with the lab's Windows Update Agent for Microsoft.Update.* ProgIDs; everything else is the real cmdlet. #>
    [CmdletBinding(DefaultParameterSetName = 'Net')]
    param(
        [Parameter(ParameterSetName = 'Net', Mandatory = $true, Position = 0)][string]$TypeName,
        [Parameter(ParameterSetName = 'Com', Mandatory = $true, Position = 0)][string]$ComObject,
        [Parameter(ParameterSetName = 'Net', Position = 1)][Alias('Args')][object[]]$ArgumentList,
        [Parameter(ParameterSetName = 'Com')][switch]$Strict,
        [System.Collections.IDictionary]$Property
    )
    if ($PSCmdlet.ParameterSetName -eq 'Com') {
        switch ($ComObject) {
            'Microsoft.Update.Session' { return New-LabUpdateSession }
            'Microsoft.Update.ServiceManager' {
                return New-LabComObject @{ Services = @(); ClientApplicationID = '' } @{
                    AddScanPackageService = {
                        param($name, $file, $flags)
                        # The agent reads the cab when it registers it: a missing file is ERROR_FILE_NOT_FOUND.
                        if (-not (Test-Path -LiteralPath ([string]$file) -PathType Leaf)) { throw [System.Runtime.InteropServices.COMException]::new('The system cannot find the file specified. (Exception from HRESULT: 0x80070002)', -2147024894) }
                        [pscustomobject]@{ ServiceID = [guid]::NewGuid().ToString(); Name = $name; IsScanPackageService = $true }
                    }
                    RemoveService         = { param($id) }
                }
            }
            'Microsoft.Update.SystemInfo' {
                $pending = @((Get-LabFixture).registry | Where-Object { $_.key -like '*\Component Based Servicing\RebootPending' }).Count -gt 0
                return [pscustomobject]@{ RebootRequired = $pending; OemHardwareSupportLink = '' }
            }
            'Microsoft.Update.AutoUpdate' {
                return [pscustomobject]@{ ServiceEnabled = $true; Settings = [pscustomobject]@{ NotificationLevel = 4 }; Results = [pscustomobject]@{ LastSearchSuccessDate = [datetime]::UtcNow.AddDays(-1); LastInstallationSuccessDate = [datetime]::UtcNow.AddDays(-7) } }
            }
        }
    }
    Microsoft.PowerShell.Utility\New-Object @PSBoundParameters
}
