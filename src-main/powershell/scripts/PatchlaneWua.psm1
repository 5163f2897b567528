<#
.SYNOPSIS
  Patchlane's Windows Update Agent search: asks a host's own agent which updates it is missing,
  online (the host's configured source) or offline (a copied wsusscn2.cab).
.DESCRIPTION
  The agent refuses most callers from a remote session (E_ACCESSDENIED; "Using WUA From a Remote
  Computer", https://learn.microsoft.com/windows/win32/wua_sdk/using-wua-from-a-remote-computer),
  so the search runs as a one-shot scheduled task as SYSTEM on the target:
    1. a stage folder <SystemRoot>\Temp\Patchlane-<guid> (only SYSTEM and Administrators may touch it)
       gets search.ps1 (this module's Invoke-PlWuaTaskMain and helpers, never user input),
       request.json and, offline, wsusscn2.cab (always that fixed name);
    2. the task \Patchlane\Patchlane-WUA-<guid> runs powershell.exe -File search.ps1, which writes
       result.json (atomically: a .tmp file renamed);
    3. Patchlane waits up to -TimeoutSeconds, reads result.json, then ALWAYS stops and unregisters
       the task and deletes the stage folder (finally).
  The same functions run on the target (WinRM / SSH: the module's text is sent with Invoke-Command,
  like PatchlaneCollector.psm1; Local) or here against a DCOM CimSession (ScheduledTasks cmdlets
  with -CimSession, files through the ADMIN$ share).

  A failed search never throws: the result's `error` says what happened and what to do, `missing`
  is empty. The shape is WuaSearchResult in src-main/contract/schemas/wua.ts.
  Windows PowerShell 5.1 syntax only (no ??, ?., ternary, && / ||).
#>

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$WarningPreference = 'SilentlyContinue'

# IUpdateSearcher::Search criteria: not installed, not hidden, software (no drivers).
# https://learn.microsoft.com/windows/win32/api/wuapi/nf-wuapi-iupdatesearcher-search
$script:Criteria = "IsInstalled=0 and IsHidden=0 and Type='Software'"
$script:TaskPath = '\Patchlane\'
# Task Scheduler result codes (winerror.h): SCHED_S_TASK_RUNNING, SCHED_S_TASK_HAS_NOT_RUN.
$script:TaskRunning = [int64]0x41301
$script:TaskHasNotRun = [int64]0x41303
# The Microsoft Update service's ID (IUpdateService.ServiceID) when it is registered with the agent.
$script:MicrosoftUpdateServiceId = '7971f918-a847-4430-9279-4a52d1efe18d'
$script:PolicyKey = 'SOFTWARE\Policies\Microsoft\Windows\WindowsUpdate'
$script:Hklm = [uint32]2147483650

# HRESULTs an administrator meets, with the cause and the fix. {0} = the host.
$script:KnownFailures = @{
    '0x80070422' = 'The Windows Update service (wuauserv) is disabled on {0}. Enable it there with: Set-Service -Name wuauserv -StartupType Manual (then scan again).'
    '0x80070005' = 'Access denied on {0}: the account Patchlane uses must be a member of the local Administrators group there (a local account over the network also needs LocalAccountTokenFilterPolicy = 1, or use a domain account).'
    '0x8024402C' = 'The Windows Update Agent on {0} could not resolve the update server''s name: check the WSUS URL (WUServer policy) or the proxy (netsh winhttp show proxy) on that host.'
    '0x80072EE2' = 'The Windows Update Agent on {0} timed out reaching its update server: check the network path, firewall and proxy from that host to the server.'
    '0x80072EFD' = 'The Windows Update Agent on {0} could not connect to its update server: check that the server is up and reachable from that host (firewall, proxy).'
    '0x80244019' = 'The update server configured on {0} answered 404 (not found): the WUServer policy URL is probably wrong (a WSUS server usually listens on http://NAME:8530).'
    '0x80244017' = 'The update server configured on {0} refused the request (HTTP 401): check the proxy or server authentication.'
    '0x80244022' = 'The update server configured on {0} is unavailable (HTTP 503): check the WSUS application pool on the server.'
    '0x8024500C' = 'Policy on {0} blocks access to Windows Update (DoNotConnectToWindowsUpdateInternetLocations or DisableWindowsUpdateAccess): use an offline search with wsusscn2.cab, or the WSUS server.'
    '0x800B0109' = 'The wsusscn2.cab copied to {0} is not signed by a root that host trusts: download a fresh wsusscn2.cab from Microsoft and update the host''s root certificates.'
    '0x800B0101' = 'The wsusscn2.cab copied to {0} has an expired signature: download the current wsusscn2.cab from Microsoft.'
    '0x80070002' = 'A file the search needs was not found on {0} (the copied wsusscn2.cab or the task''s script): check free space in the Windows folder and that antivirus does not remove files from Windows\Temp.'
    '0x8024001E' = 'The Windows Update service on {0} was stopping or restarting during the search: scan again.'
}

function Get-PlWuaProperty {
    <# A property that may be absent, without tripping strict mode. #>
    param([object]$InputObject, [Parameter(Mandatory)][string]$Name)
    if ($null -eq $InputObject) { return $null }
    $property = $InputObject.PSObject.Properties[$Name]
    if ($null -eq $property) { return $null }
    return $property.Value
}

function ConvertTo-PlWuaHResult {
    <# An HRESULT as text, 0x + 8 upper-case hex digits (0x80240024), or $null. #>
    param([object]$Value)
    if ($null -eq $Value) { return $null }
    $number = [int64]$Value
    if ($number -lt 0) { $number = $number + 4294967296 }
    return '0x' + $number.ToString('X8')
}

function Get-PlWuaFailureHResult {
    <#
    .SYNOPSIS
      The HRESULT behind a failure: a COM exception's own, the "HRESULT 0x…" a CIM cmdlet puts in
      its error id, or a 0x8… code in the message; $null when there is none (a .NET error's generic one).
    #>
    param([object]$Failure)
    $exception = $Failure
    $errorId = ''
    if ($Failure -is [System.Management.Automation.ErrorRecord]) {
        $exception = $Failure.Exception
        $errorId = [string]$Failure.FullyQualifiedErrorId
    }
    if ($errorId -match 'HRESULT (0x[0-9A-Fa-f]{8})') { return '0x' + $Matches[1].Substring(2).ToUpperInvariant() }
    if ($exception -is [System.Runtime.InteropServices.COMException]) { return ConvertTo-PlWuaHResult $exception.HResult }
    $message = ''
    if ($exception -is [Exception]) { $message = $exception.Message } else { $message = [string]$Failure }
    if ($message -match '\b0x(8[0-9A-Fa-f]{7})\b') { return '0x' + $Matches[1].ToUpperInvariant() }
    if ($exception -is [Exception]) {
        # 0x8013xxxx is the .NET runtime's own facility: says nothing about Windows.
        $own = ConvertTo-PlWuaHResult $exception.HResult
        if ($own -and $own -notlike '0x8013*') { return $own }
    }
    return $null
}

function New-PlWuaError {
    <# The result's `error`: the known cause and fix for the HRESULT, else what happened in words. #>
    param([object]$Failure, [string]$ComputerName, [string]$Context = '', [string]$HResult = '')
    if (-not $HResult) { $HResult = Get-PlWuaFailureHResult $Failure }
    $detail = ''
    if ($Failure -is [System.Management.Automation.ErrorRecord]) { $detail = $Failure.Exception.Message }
    elseif ($Failure -is [Exception]) { $detail = $Failure.Message }
    else { $detail = [string]$Failure }
    $name = $ComputerName
    if (-not $name) { $name = 'the host' }
    $message = $null
    if ($HResult -and $script:KnownFailures.ContainsKey($HResult)) { $message = [string]::Format($script:KnownFailures[$HResult], $name) }
    else {
        $message = $detail
        if ($Context) { $message = "$Context on ${name}: $detail" }
        if ($HResult) { $message = "$message (HRESULT $HResult; look it up under 'Windows Update error codes' on Microsoft Learn)" }
    }
    $code = $null
    if ($HResult) { $code = $HResult }
    return [pscustomobject]@{ hresult = $code; message = $message }
}

function ConvertTo-PlWuaUpdate {
    <#
    .SYNOPSIS
      One IUpdate as the result's camelCase entry.
    .DESCRIPTION
      IUpdate: Title, KBArticleIDs (IStringCollection), Identity.UpdateID (IUpdateIdentity),
      MsrcSeverity ("Critical", "Important", "Moderate", "Low" or empty), Categories
      (ICategoryCollection of ICategory.Name), CveIDs (IUpdate2), IsDownloaded.
      https://learn.microsoft.com/windows/win32/api/wuapi/nn-wuapi-iupdate
    #>
    param([Parameter(Mandatory)][object]$Update)
    $kb = $null
    foreach ($id in @(Get-PlWuaProperty $Update 'KBArticleIDs')) {
        $text = ([string]$id).Trim() -replace '^KB', ''
        if ($text -match '^\d{4,8}$') { $kb = "KB$text"; break }
    }
    $updateId = $null
    $identity = Get-PlWuaProperty $Update 'Identity'
    $rawId = [string](Get-PlWuaProperty $identity 'UpdateID')
    if ($rawId) { $updateId = $rawId }
    $severity = $null
    $rawSeverity = [string](Get-PlWuaProperty $Update 'MsrcSeverity')
    foreach ($known in @('Critical', 'Important', 'Moderate', 'Low')) { if ($rawSeverity -eq $known) { $severity = $known } }
    $categories = New-Object 'System.Collections.Generic.List[string]'
    foreach ($category in @(Get-PlWuaProperty $Update 'Categories')) {
        $categoryName = [string](Get-PlWuaProperty $category 'Name')
        if ($categoryName) { $categories.Add($categoryName) }
    }
    $cves = New-Object 'System.Collections.Generic.List[string]'
    foreach ($cve in @(Get-PlWuaProperty $Update 'CveIDs')) { if ($cve) { $cves.Add([string]$cve) } }
    return [pscustomobject]@{
        kb           = $kb
        title        = [string](Get-PlWuaProperty $Update 'Title')
        updateId     = $updateId
        severity     = $severity
        categories   = [string[]]$categories.ToArray()
        cves         = [string[]]$cves.ToArray()
        isDownloaded = [bool](Get-PlWuaProperty $Update 'IsDownloaded')
    }
}

function Invoke-PlWuaAgentSearch {
    <#
    .SYNOPSIS
      Runs IUpdateSearcher.Search on this machine (inside the SYSTEM task); never throws.
    .DESCRIPTION
      Offline: IUpdateServiceManager.AddScanPackageService registers the cab
      (https://learn.microsoft.com/windows/win32/api/wuapi/nf-wuapi-iupdateservicemanager-addscanpackageservice;
      flags 1 = usoNonVolatileService, so it stays until RemoveService, which the finally calls),
      then the searcher uses it: ServerSelection = 3 (ssOthers) and ServiceID
      ("Using WUA to Scan for Updates Offline", https://learn.microsoft.com/windows/win32/wua_sdk/using-wua-to-scan-for-updates-offline).
      ISearchResult.ResultCode is an OperationResultCode: 2 succeeded, 3 succeeded with errors,
      4 failed, 5 aborted (https://learn.microsoft.com/windows/win32/api/wuapi/ne-wuapi-operationresultcode).
      Returns { missing, error, microsoftUpdate }.
    #>
    param([ValidateSet('online', 'offline')][string]$Mode, [string]$CabFile, [string]$Criteria)
    $missing = New-Object 'System.Collections.Generic.List[object]'
    $failure = $null
    $microsoftUpdate = $false
    $manager = $null
    $service = $null
    try {
        $session = New-Object -ComObject 'Microsoft.Update.Session'
        $session.ClientApplicationID = 'Patchlane'
        $searcher = $session.CreateUpdateSearcher()
        $manager = New-Object -ComObject 'Microsoft.Update.ServiceManager'
        foreach ($registered in @(Get-PlWuaProperty $manager 'Services')) {
            if ([string](Get-PlWuaProperty $registered 'ServiceID') -eq $script:MicrosoftUpdateServiceId) { $microsoftUpdate = $true }
        }
        if ($Mode -eq 'offline') {
            $service = $manager.AddScanPackageService('Patchlane offline scan', $CabFile, 1)
            $searcher.ServerSelection = 3
            $searcher.ServiceID = [string]$service.ServiceID
        }
        $result = $searcher.Search($Criteria)
        $code = [int]$result.ResultCode
        if ($code -ne 2 -and $code -ne 3) {
            $failure = [pscustomobject]@{ hresult = $null; message = "The Windows Update Agent ended the search with result code $code (4 = failed, 5 = aborted)." }
        }
        else {
            $updates = $result.Updates
            for ($i = 0; $i -lt [int]$updates.Count; $i++) { $missing.Add((ConvertTo-PlWuaUpdate -Update $updates.Item($i))) }
        }
    }
    catch {
        $failure = New-PlWuaError -Failure $_ -ComputerName $env:COMPUTERNAME -Context 'The Windows Update Agent search failed'
    }
    finally {
        if ($null -ne $service) {
            try { $manager.RemoveService([string]$service.ServiceID) } catch { $null = $_ }
        }
    }
    if ($null -ne $failure) { $missing.Clear() }
    return [pscustomobject]@{ missing = $missing.ToArray(); error = $failure; microsoftUpdate = $microsoftUpdate }
}

function Invoke-PlWuaTaskMain {
    <# The task's body: reads request.json beside it, searches, writes result.json atomically. #>
    param([Parameter(Mandatory)][string]$Folder)
    $request = [IO.File]::ReadAllText((Join-Path $Folder 'request.json')) | ConvertFrom-Json
    $cab = $null
    if ([string]$request.mode -eq 'offline') { $cab = Join-Path $Folder 'wsusscn2.cab' }
    $result = Invoke-PlWuaAgentSearch -Mode ([string]$request.mode) -CabFile $cab -Criteria ([string]$request.criteria)
    $json = ConvertTo-Json -InputObject $result -Depth 6 -Compress
    $temporary = Join-Path $Folder 'result.json.tmp'
    [IO.File]::WriteAllText($temporary, $json, (New-Object System.Text.UTF8Encoding($false)))
    Move-Item -LiteralPath $temporary -Destination (Join-Path $Folder 'result.json') -Force
}

function New-PlWuaTaskScript {
    <# search.ps1: this module's own task functions and one call. Nothing from the user goes in. #>
    $parts = New-Object 'System.Collections.Generic.List[string]'
    $parts.Add('# Patchlane Windows Update Agent search (one-shot task; removed when done).')
    $parts.Add('Set-StrictMode -Version Latest')
    $parts.Add('$ErrorActionPreference = ''Stop''')
    $parts.Add('$script:MicrosoftUpdateServiceId = ''' + $script:MicrosoftUpdateServiceId + '''')
    $parts.Add('$script:KnownFailures = @{}')
    foreach ($name in @('Get-PlWuaProperty', 'ConvertTo-PlWuaHResult', 'Get-PlWuaFailureHResult', 'New-PlWuaError', 'ConvertTo-PlWuaUpdate', 'Invoke-PlWuaAgentSearch', 'Invoke-PlWuaTaskMain')) {
        $body = (Get-Item -LiteralPath "function:$name").ScriptBlock.ToString()
        $parts.Add("function $name {$body}")
    }
    $parts.Add('Invoke-PlWuaTaskMain -Folder $PSScriptRoot')
    return ($parts.ToArray() -join "`r`n")
}

function Protect-PlWuaStage {
    <# Only SYSTEM and Administrators may touch the folder the SYSTEM task runs a script from. #>
    param([Parameter(Mandatory)][string]$Folder)
    # Linux test hosts have no Windows ACLs (Set-Acl is absent there).
    if ($null -eq (Get-Command -Name Set-Acl -ErrorAction SilentlyContinue)) { return }
    $acl = New-Object System.Security.AccessControl.DirectorySecurity
    $acl.SetAccessRuleProtection($true, $false)
    $inherit = [System.Security.AccessControl.InheritanceFlags]'ContainerInherit, ObjectInherit'
    foreach ($sid in @('S-1-5-18', 'S-1-5-32-544')) {
        $identity = New-Object System.Security.Principal.SecurityIdentifier($sid)
        $rule = New-Object System.Security.AccessControl.FileSystemAccessRule($identity, 'FullControl', $inherit, 'None', 'Allow')
        $acl.AddAccessRule($rule)
    }
    Set-Acl -LiteralPath $Folder -AclObject $acl
}

function New-PlWuaStage {
    <# Creates <Root>\Patchlane-<guid> (Root defaults to $env:SystemRoot\Temp); returns its path and GUID. #>
    param([string]$Root = '')
    if (-not $Root) {
        if (-not $env:SystemRoot) { throw 'SystemRoot is not set on this host: cannot place the Windows Update search files.' }
        $Root = Join-Path $env:SystemRoot 'Temp'
    }
    $id = [guid]::NewGuid().ToString()
    $folder = Join-Path $Root ('Patchlane-' + $id)
    $null = [IO.Directory]::CreateDirectory($folder)
    Protect-PlWuaStage -Folder $folder
    return [pscustomobject]@{ Folder = $folder; Id = $id }
}

function Remove-PlWuaStage {
    <# Deletes the stage folder; retries while a just-stopped task still holds a file. Returns $true when it is gone. #>
    param([Parameter(Mandatory)][string]$Folder, [int]$Attempts = 5)
    for ($i = 1; $i -le $Attempts; $i++) {
        if (-not (Test-Path -LiteralPath $Folder)) { return $true }
        try { Remove-Item -LiteralPath $Folder -Recurse -Force } catch { Start-Sleep -Milliseconds 500 }
    }
    return -not (Test-Path -LiteralPath $Folder)
}

function Remove-PlWuaTaskFolder {
    <#
    .SYNOPSIS
      Deletes the empty \Patchlane task folder Register-ScheduledTask created (Unregister leaves it).
    .DESCRIPTION
      Through the Task Scheduler scripting objects (ITaskService.GetFolder, ITaskFolder.GetTasks
      with TASK_ENUM_HIDDEN = 1, ITaskFolder.DeleteFolder;
      https://learn.microsoft.com/windows/win32/taskschd/taskfolder-deletefolder), on this machine
      only. Best effort: a folder another scan is still using is not empty, and DeleteFolder refuses
      a folder that is not empty anyway.
    #>
    try {
        $service = New-Object -ComObject 'Schedule.Service'
        $service.Connect()
        $folder = $service.GetFolder($script:TaskPath.TrimEnd('\'))
        if ([int]$folder.GetTasks(1).Count -eq 0) { $service.GetFolder('\').DeleteFolder($script:TaskPath.Trim('\'), 0) }
    }
    catch { $null = $_ }
}

function Get-PlWuaSource {
    <# Where an online search looks: WSUS when the policy sets WUServer and UseWUServer = 1 (read through StdRegProv), else $null. #>
    param([object]$CimSession)
    $splat = @{ ClassName = 'StdRegProv'; Namespace = 'root/cimv2'; ErrorAction = 'Stop' }
    if ($null -ne $CimSession) { $splat['CimSession'] = $CimSession }
    try {
        $server = Invoke-CimMethod @splat -MethodName GetStringValue -Arguments @{ hDefKey = $script:Hklm; sSubKeyName = $script:PolicyKey; sValueName = 'WUServer' }
        $use = Invoke-CimMethod @splat -MethodName GetDWORDValue -Arguments @{ hDefKey = $script:Hklm; sSubKeyName = "$($script:PolicyKey)\AU"; sValueName = 'UseWUServer' }
        $url = [string](Get-PlWuaProperty $server 'sValue')
        if ([int64](Get-PlWuaProperty $use 'ReturnValue') -eq 0 -and [int64](Get-PlWuaProperty $use 'uValue') -eq 1 -and $url) { return $url }
    }
    catch { $null = $_ }
    return $null
}

function Test-PlWuaServiceDisabled {
    <# $true when Win32_Service says wuauserv is Disabled; unknown (no answer) counts as not disabled. #>
    param([object]$CimSession)
    $splat = @{ ClassName = 'Win32_Service'; Filter = "Name='wuauserv'"; ErrorAction = 'Stop' }
    if ($null -ne $CimSession) { $splat['CimSession'] = $CimSession }
    try {
        foreach ($service in @(Get-CimInstance @splat)) { if ([string](Get-PlWuaProperty $service 'StartMode') -eq 'Disabled') { return $true } }
    }
    catch { $null = $_ }
    return $false
}

function New-PlWuaResult {
    <# The WuaSearchResult document. #>
    param([string]$Mode, [string]$Source, [string]$ServerUrl, [string]$SearchedAt, [object[]]$Missing = @(), [object]$ErrorInfo)
    $url = $null
    if ($ServerUrl) { $url = $ServerUrl }
    if ($null -ne $ErrorInfo) { $Missing = @() }
    return [pscustomobject]@{
        mode       = $Mode.ToLowerInvariant()
        source     = $Source
        serverUrl  = $url
        searchedAt = $SearchedAt
        criteria   = $script:Criteria
        missing    = @($Missing)
        error      = $ErrorInfo
    }
}

function Invoke-PlWuaSearch {
    <#
    .SYNOPSIS
      The whole search on one host: stage, task, wait, read, clean up. Returns the result; never throws.
    .PARAMETER StageFolder
      A stage folder made beforehand (WinRM / SSH: New-PlWuaStage, with the cab already copied in).
    .PARAMETER CabFile
      Offline, when no stage folder is given: a wsusscn2.cab this process can read; copied in.
    .PARAMETER CimSession
      DCOM: the tasks go through this session; -StageFolder is then the ADMIN$ path and
      -TaskFolder the same folder as the host sees it.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)][ValidateSet('Online', 'Offline')][string]$Mode,
        [ValidateRange(1, 86400)][int]$TimeoutSeconds = 600,
        [string]$StageFolder = '',
        [string]$TaskFolder = '',
        [string]$StageRoot = '',
        [string]$CabFile = '',
        [string]$WindowsDirectory = '',
        [object]$CimSession,
        [string]$ComputerName = '',
        [ValidateRange(10, 60000)][int]$PollMilliseconds = 1000
    )
    if (-not $ComputerName) { $ComputerName = $env:COMPUTERNAME }
    $searchedAt = [datetime]::UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", [Globalization.CultureInfo]::InvariantCulture)
    $source = 'offline-cab'
    $serverUrl = $null
    if ($Mode -eq 'Online') {
        $serverUrl = Get-PlWuaSource -CimSession $CimSession
        $source = 'windows-update'
        if ($serverUrl) { $source = 'wsus' }
    }
    $cim = @{}
    if ($null -ne $CimSession) { $cim['CimSession'] = $CimSession }
    $taskName = $null
    $registered = $false
    $failure = $null
    $missing = @()
    $cleanup = New-Object 'System.Collections.Generic.List[string]'
    try {
        # One pass; `break` leaves it early with $failure set, and the finally still cleans up.
        do {
            if (Test-PlWuaServiceDisabled -CimSession $CimSession) {
                $failure = New-PlWuaError -Failure 'wuauserv is disabled' -ComputerName $ComputerName -HResult '0x80070422'
                break
            }
            if (-not $StageFolder) { $StageFolder = (New-PlWuaStage -Root $StageRoot).Folder }
            if (-not $TaskFolder) { $TaskFolder = $StageFolder }
            $leaf = Split-Path -Leaf $StageFolder
            if ($leaf -notmatch '^Patchlane-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$') { throw "Not a Patchlane stage folder: $StageFolder" }
            $taskName = 'Patchlane-WUA-' + $Matches[1]
            $cabTarget = Join-Path $StageFolder 'wsusscn2.cab'
            if ($Mode -eq 'Offline' -and $CabFile) { Copy-Item -LiteralPath $CabFile -Destination $cabTarget -Force }
            if ($Mode -eq 'Offline' -and -not (Test-Path -LiteralPath $cabTarget)) { throw 'An offline search needs wsusscn2.cab, and none was copied to the host.' }
            $request = [pscustomobject]@{ mode = $Mode.ToLowerInvariant(); criteria = $script:Criteria }
            $utf8 = New-Object System.Text.UTF8Encoding($true)
            [IO.File]::WriteAllText((Join-Path $StageFolder 'request.json'), (ConvertTo-Json -InputObject $request -Compress), $utf8)
            [IO.File]::WriteAllText((Join-Path $StageFolder 'search.ps1'), (New-PlWuaTaskScript), $utf8)

            if (-not $WindowsDirectory) { $WindowsDirectory = $env:SystemRoot }
            if (-not $WindowsDirectory) { $WindowsDirectory = 'C:\Windows' }
            $powershell = $WindowsDirectory.TrimEnd('\') + '\System32\WindowsPowerShell\v1.0\powershell.exe'
            $separator = '/'
            if ($TaskFolder.Contains('\')) { $separator = '\' }
            $scriptPath = $TaskFolder.TrimEnd('\', '/') + $separator + 'search.ps1'
            if ($scriptPath.Contains('"')) { throw "The task folder contains a quote: $TaskFolder" }
            $action = New-ScheduledTaskAction -Execute $powershell -Argument ('-NoLogo -NoProfile -NonInteractive -ExecutionPolicy Bypass -File "' + $scriptPath + '"') @cim
            $principal = New-ScheduledTaskPrincipal -UserId 'NT AUTHORITY\SYSTEM' -LogonType ServiceAccount -RunLevel Highest @cim
            # Task Scheduler ends the search itself if Patchlane loses track of it.
            $settings = New-ScheduledTaskSettingsSet -ExecutionTimeLimit (New-TimeSpan -Seconds ($TimeoutSeconds + 120)) -AllowStartIfOnBatteries -DontStopIfGoingOnBatteries -MultipleInstances IgnoreNew @cim
            try {
                $null = Register-ScheduledTask -TaskName $taskName -TaskPath $script:TaskPath -Action $action -Principal $principal -Settings $settings -Description 'Patchlane: one Windows Update Agent search; removed when done.' @cim
            }
            catch {
                $failure = New-PlWuaError -Failure $_ -ComputerName $ComputerName -Context 'Could not register the scheduled task for the Windows Update search'
                break
            }
            $registered = $true
            $null = Start-ScheduledTask -TaskName $taskName -TaskPath $script:TaskPath @cim

            $resultFile = Join-Path $StageFolder 'result.json'
            $deadline = [datetime]::UtcNow.AddSeconds($TimeoutSeconds)
            $ended = $null
            while (-not (Test-Path -LiteralPath $resultFile)) {
                $info = Get-ScheduledTaskInfo -TaskName $taskName -TaskPath $script:TaskPath @cim
                $last = [int64](Get-PlWuaProperty $info 'LastTaskResult')
                $state = [string](Get-PlWuaProperty (Get-ScheduledTask -TaskName $taskName -TaskPath $script:TaskPath @cim) 'State')
                if ($state -ne 'Running' -and $state -ne 'Queued' -and $last -ne $script:TaskRunning -and $last -ne $script:TaskHasNotRun) { $ended = $last; break }
                if ([datetime]::UtcNow -ge $deadline) { break }
                Start-Sleep -Milliseconds $PollMilliseconds
            }
            if (Test-Path -LiteralPath $resultFile) {
                $answer = [IO.File]::ReadAllText($resultFile) | ConvertFrom-Json
                $missing = @($answer.missing)
                if ($null -ne $answer.error) {
                    $code = [string]$answer.error.hresult
                    # The task has no table of causes: name the cause and fix here.
                    if ($code -and $script:KnownFailures.ContainsKey($code)) { $failure = New-PlWuaError -Failure ([string]$answer.error.message) -ComputerName $ComputerName -HResult $code }
                    else { $failure = [pscustomobject]@{ hresult = $answer.error.hresult; message = [string]$answer.error.message } }
                }
                if ($Mode -eq 'Online' -and $source -ne 'wsus' -and [bool]$answer.microsoftUpdate) { $source = 'microsoft-update' }
            }
            elseif ($null -ne $ended) {
                $code = ConvertTo-PlWuaHResult $ended
                $failure = New-PlWuaError -Failure "the search task ended with result $code without writing its answer" -ComputerName $ComputerName -Context 'The Windows Update search task failed' -HResult $code
            }
            else {
                $failure = [pscustomobject]@{ hresult = $null; message = "The Windows Update search on $ComputerName did not finish within $TimeoutSeconds s and was stopped. A first search, or an offline search with a new wsusscn2.cab, can take 10 to 30 minutes: raise the time-out (WuaTimeoutSeconds)." }
            }
        } while ($false)
    }
    catch {
        $failure = New-PlWuaError -Failure $_ -ComputerName $ComputerName -Context 'The Windows Update search could not run'
    }
    finally {
        if ($registered) {
            try { $null = Stop-ScheduledTask -TaskName $taskName -TaskPath $script:TaskPath @cim } catch { $null = $_ }
            try { $null = Unregister-ScheduledTask -TaskName $taskName -TaskPath $script:TaskPath -Confirm:$false @cim }
            catch { $cleanup.Add("remove the scheduled task with: Unregister-ScheduledTask -TaskPath '$($script:TaskPath)' -TaskName '$taskName' -Confirm:`$false") }
            if ($null -eq $CimSession) { Remove-PlWuaTaskFolder }
        }
        if ($StageFolder -and -not (Remove-PlWuaStage -Folder $StageFolder)) { $cleanup.Add("delete the folder $TaskFolder") }
    }
    $result = New-PlWuaResult -Mode $Mode -Source $source -ServerUrl $serverUrl -SearchedAt $searchedAt -Missing $missing -ErrorInfo $failure
    if ($cleanup.Count -gt 0) {
        # The answer itself stands when only the clean-up failed.
        $note = "Patchlane could not clean up after the Windows Update search on ${ComputerName}: " + ($cleanup.ToArray() -join '; ') + '.'
        if ($null -eq $failure) { $result.error = [pscustomobject]@{ hresult = $null; message = $note } }
        else { $result.error = [pscustomobject]@{ hresult = $failure.hresult; message = "$($failure.message) $note" } }
    }
    return $result
}

function ConvertTo-PlWuaJson {
    <# One line of JSON; arrays stay arrays, even of one element. #>
    param([Parameter(Mandatory)][object]$Result)
    return ConvertTo-Json -InputObject $Result -Depth 8 -Compress
}

function Join-PlWuaDocument {
    <# Adds "wua": <Result> to the collector's one-line JSON document, leaving every other byte as it was. #>
    param([Parameter(Mandatory)][string]$Document, [Parameter(Mandatory)][string]$WuaJson)
    $text = $Document.TrimEnd()
    if (-not $text.EndsWith('}')) { throw 'The collector document is not a JSON object.' }
    $body = $text.Substring(0, $text.Length - 1).TrimEnd()
    $comma = ','
    if ($body.EndsWith('{')) { $comma = '' }
    return $body + $comma + '"wua":' + $WuaJson + '}'
}

# This file's path, for sending its text to a target (empty when loaded from text there).
$script:ModulePath = $PSCommandPath

# Run on the target (WinRM / SSH): load this module from its text, then one step.
$script:RemoteStage = {
    param([string]$ModuleText)
    Import-Module (New-Module -Name PatchlaneWua -ScriptBlock ([scriptblock]::Create($ModuleText))) -DisableNameChecking
    $stage = New-PlWuaStage
    [pscustomobject]@{ Folder = $stage.Folder; CabFile = (Join-Path $stage.Folder 'wsusscn2.cab') }
}
$script:RemoteSearch = {
    param([string]$ModuleText, [hashtable]$Parameters)
    Import-Module (New-Module -Name PatchlaneWua -ScriptBlock ([scriptblock]::Create($ModuleText))) -DisableNameChecking
    ConvertTo-PlWuaJson -Result (Invoke-PlWuaSearch @Parameters)
}
$script:RemoteCleanup = {
    param([string]$ModuleText, [string]$Folder)
    Import-Module (New-Module -Name PatchlaneWua -ScriptBlock ([scriptblock]::Create($ModuleText))) -DisableNameChecking
    $null = Remove-PlWuaStage -Folder $Folder
}

function Invoke-PlWuaRemoting {
    <# WinRM / SSH: a session, the stage made there, the cab copied with Copy-Item -ToSession, the search, clean-up. #>
    param([Parameter(Mandatory)][hashtable]$Connection, [string]$Mode, [string]$CabPath, [int]$TimeoutSeconds, [string]$ComputerName)
    $moduleText = [IO.File]::ReadAllText($script:ModulePath)
    # PowerShell copies ssh's stderr to this process's console output, where it would corrupt the
    # one JSON document: hold it aside and report it with a failure.
    $consoleOut = [Console]::Out
    $held = New-Object System.IO.StringWriter
    [Console]::SetOut($held)
    $session = $null
    $stage = $null
    try {
        try { $session = New-PSSession @Connection -ErrorAction Stop }
        catch {
            $said = $held.ToString().Trim()
            $failure = New-PlWuaError -Failure $_ -ComputerName $ComputerName -Context 'Could not open a session for the Windows Update search'
            if ($said) { $failure.message = "$($failure.message) ($said)" }
            return ConvertTo-PlWuaJson -Result (New-PlWuaResult -Mode $Mode -Source (Get-PlWuaNominalSource $Mode) -SearchedAt (Get-PlWuaNow) -ErrorInfo $failure)
        }
        $stage = @(Invoke-Command -Session $session -ScriptBlock $script:RemoteStage -ArgumentList $moduleText -ErrorAction Stop)[0]
        if ($Mode -eq 'Offline') { Copy-Item -LiteralPath $CabPath -Destination ([string]$stage.CabFile) -ToSession $session -Force -ErrorAction Stop }
        $parameters = @{ Mode = $Mode; TimeoutSeconds = $TimeoutSeconds; StageFolder = [string]$stage.Folder }
        if ($ComputerName) { $parameters['ComputerName'] = $ComputerName }
        $json = [string](@(Invoke-Command -Session $session -ScriptBlock $script:RemoteSearch -ArgumentList $moduleText, $parameters -ErrorAction Stop)[0])
        if (-not $json.StartsWith('{')) { throw 'The Windows Update search on the host returned no result.' }
        # The search removed its own stage folder.
        $stage = $null
        return $json
    }
    catch {
        $failure = New-PlWuaError -Failure $_ -ComputerName $ComputerName -Context 'The Windows Update search could not run'
        return ConvertTo-PlWuaJson -Result (New-PlWuaResult -Mode $Mode -Source (Get-PlWuaNominalSource $Mode) -SearchedAt (Get-PlWuaNow) -ErrorInfo $failure)
    }
    finally {
        if ($null -ne $session) {
            if ($null -ne $stage) {
                try { Invoke-Command -Session $session -ScriptBlock $script:RemoteCleanup -ArgumentList $moduleText, ([string]$stage.Folder) -ErrorAction Stop } catch { $null = $_ }
            }
            Remove-PSSession -Session $session -ErrorAction SilentlyContinue
        }
        [Console]::SetOut($consoleOut)
    }
}

function Invoke-PlWuaDcom {
    <# DCOM: the tasks through a DCOM CimSession, the files through \\HOST\ADMIN$ (= the host's Windows folder). #>
    param([string]$ComputerName, [pscredential]$Credential, [string]$Mode, [string]$CabPath, [int]$TimeoutSeconds)
    $session = $null
    $drive = $null
    try {
        $sessionParameters = @{ ComputerName = $ComputerName; SessionOption = (New-CimSessionOption -Protocol Dcom); ErrorAction = 'Stop' }
        if ($null -ne $Credential) { $sessionParameters['Credential'] = $Credential }
        $session = New-CimSession @sessionParameters
        $windows = [string](Get-PlWuaProperty (@(Get-CimInstance -ClassName Win32_OperatingSystem -CimSession $session -ErrorAction Stop)[0]) 'WindowsDirectory')
        if ($windows -notmatch '^[A-Za-z]:\\[^"]*$') { throw "$ComputerName reports an unusable Windows folder ('$windows')." }
        $share = '\\' + $ComputerName + '\ADMIN$'
        if ($null -ne $Credential) {
            # The SMB connection made with the account lets the UNC paths below through.
            $drive = 'PlWua' + [guid]::NewGuid().ToString('N').Substring(0, 8)
            $null = New-PSDrive -Name $drive -PSProvider FileSystem -Root $share -Credential $Credential -ErrorAction Stop
        }
        $stage = New-PlWuaStage -Root ($share + '\Temp')
        $taskFolder = $windows.TrimEnd('\') + '\Temp\' + (Split-Path -Leaf $stage.Folder)
        return Invoke-PlWuaSearch -Mode $Mode -TimeoutSeconds $TimeoutSeconds -StageFolder $stage.Folder -TaskFolder $taskFolder -CabFile $CabPath -WindowsDirectory $windows -CimSession $session -ComputerName $ComputerName
    }
    finally {
        if ($null -ne $drive) { Remove-PSDrive -Name $drive -Force -ErrorAction SilentlyContinue }
        if ($null -ne $session) { Remove-CimSession -CimSession $session -ErrorAction SilentlyContinue }
    }
}

function Get-PlWuaNow { [datetime]::UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", [Globalization.CultureInfo]::InvariantCulture) }

function Get-PlWuaNominalSource {
    <# The source to report when the search never reached the host. #>
    param([string]$Mode)
    if ($Mode -eq 'Offline') { return 'offline-cab' }
    return 'windows-update'
}

function Invoke-PlWuaForTransport {
    <#
    .SYNOPSIS
      The Windows Update search on one host over a transport; returns the result as one line of JSON. Never throws.
    .PARAMETER Connection
      WinRM / SSH: New-PSSession's parameters (the same as the collector's Invoke-Command).
    .PARAMETER CabPath
      Offline: wsusscn2.cab on this computer; only ever used as a -LiteralPath.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)][ValidateSet('Local', 'Dcom', 'WinRM', 'Ssh')][string]$Transport,
        [Parameter(Mandatory)][ValidateSet('Online', 'Offline')][string]$Mode,
        [string]$CabPath = '',
        [ValidateRange(5, 86400)][int]$TimeoutSeconds = 600,
        [hashtable]$Connection = @{},
        [string]$ComputerName = '',
        [pscredential]$Credential
    )
    $name = $ComputerName
    if (-not $name) { $name = $env:COMPUTERNAME }
    try {
        if ($Mode -eq 'Offline') {
            if (-not $CabPath) { throw 'An offline Windows Update search needs a wsusscn2.cab file (WuaCabPath).' }
            if (-not (Test-Path -LiteralPath $CabPath -PathType Leaf)) { throw "The wsusscn2.cab file '$CabPath' was not found on this computer." }
        }
        switch ($Transport) {
            'Local' { return ConvertTo-PlWuaJson -Result (Invoke-PlWuaSearch -Mode $Mode -CabFile $CabPath -TimeoutSeconds $TimeoutSeconds) }
            'Dcom' { return ConvertTo-PlWuaJson -Result (Invoke-PlWuaDcom -ComputerName $ComputerName -Credential $Credential -Mode $Mode -CabPath $CabPath -TimeoutSeconds $TimeoutSeconds) }
            default { return Invoke-PlWuaRemoting -Connection $Connection -Mode $Mode -CabPath $CabPath -TimeoutSeconds $TimeoutSeconds -ComputerName $ComputerName }
        }
    }
    catch {
        $failure = New-PlWuaError -Failure $_ -ComputerName $name -Context 'The Windows Update search could not run'
        return ConvertTo-PlWuaJson -Result (New-PlWuaResult -Mode $Mode -Source (Get-PlWuaNominalSource $Mode) -SearchedAt (Get-PlWuaNow) -ErrorInfo $failure)
    }
}

Export-ModuleMember -Function @(
    'Invoke-PlWuaForTransport', 'Invoke-PlWuaSearch', 'Invoke-PlWuaAgentSearch', 'Invoke-PlWuaTaskMain', 'New-PlWuaTaskScript',
    'New-PlWuaStage', 'Remove-PlWuaStage', 'ConvertTo-PlWuaUpdate', 'ConvertTo-PlWuaJson', 'Join-PlWuaDocument', 'New-PlWuaError',
    'Get-PlWuaFailureHResult'
)
