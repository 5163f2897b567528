<#
.SYNOPSIS
  Fakes of the Windows surface PatchlaneWua.psm1 drives, for its Pester tests: the ScheduledTasks
  cmdlets (absent on Linux, so they are global functions here, not Pester mocks) and the Windows
  Update Agent COM objects (a global New-Object that answers Microsoft.Update.* and passes
  everything else to the real cmdlet). Global, so they also answer the task's search.ps1, which
  the fake Start-ScheduledTask really runs.
.DESCRIPTION
  Shapes follow Microsoft's documentation:
  - IUpdateSearcher.Search(criteria) → ISearchResult { ResultCode (OperationResultCode), Updates
    (IUpdateCollection: Count, Item(i)) }
    https://learn.microsoft.com/windows/win32/api/wuapi/nf-wuapi-iupdatesearcher-search
  - IUpdate { Title, KBArticleIDs (IStringCollection), Identity.UpdateID, MsrcSeverity,
    Categories (ICategory.Name), CveIDs, IsDownloaded }
    https://learn.microsoft.com/windows/win32/api/wuapi/nn-wuapi-iupdate
  - IUpdateServiceManager.AddScanPackageService(name, file, flags) → IUpdateService { ServiceID },
    RemoveService(id), Services
    https://learn.microsoft.com/windows/win32/api/wuapi/nf-wuapi-iupdateservicemanager-addscanpackageservice
  - Schedule.Service (ITaskService.GetFolder → ITaskFolder.GetTasks / DeleteFolder)
    https://learn.microsoft.com/windows/win32/taskschd/taskfolder-deletefolder
  - ScheduledTasks: Register-ScheduledTask … Get-ScheduledTaskInfo (LastTaskResult: 0x41303 before
    the first run, 0x41301 while running), Get-ScheduledTask (State Ready / Running).
    https://learn.microsoft.com/powershell/module/scheduledtasks/
  Behaviour is set per test in $global:PlWua (Reset-PlWuaFakes); every call is logged in $global:PlWua.Log.
#>

# Other test files' global stand-ins (TestHelpers.ps1) with the same names are put back afterwards.
$global:PlWuaFakeNames = @('New-Object', 'New-ScheduledTaskAction', 'New-ScheduledTaskPrincipal', 'New-ScheduledTaskSettingsSet', 'Register-ScheduledTask', 'Start-ScheduledTask',
    'Get-ScheduledTask', 'Get-ScheduledTaskInfo', 'Stop-ScheduledTask', 'Unregister-ScheduledTask', 'Get-CimInstance', 'Invoke-CimMethod', 'New-CimSessionOption', 'New-CimSession', 'Remove-CimSession')
$global:PlWuaSavedFunctions = @{}
foreach ($name in $global:PlWuaFakeNames) {
    $existing = Get-Item -LiteralPath "function:global:$name" -ErrorAction SilentlyContinue
    if ($null -ne $existing) { $global:PlWuaSavedFunctions[$name] = $existing.ScriptBlock }
}

function Reset-PlWuaFakes {
    $global:PlWua = @{
        Log              = New-Object 'System.Collections.Generic.List[object]'
        Tasks            = @{}
        Updates          = @()
        ResultCode       = 2
        SearchThrows     = $null
        Services         = @()
        TaskBehaviour    = 'run'   # run | hang | crash
        RegisterThrows   = $null
        UnregisterThrows = $null
        WuServer         = $null
        UseWuServer      = $null
        WuauservMode     = 'Manual'
        Searchers        = New-Object 'System.Collections.Generic.List[object]'
        PathMap          = @{}
    }
}

function New-PlWuaFakeUpdate {
    <# One IUpdate as the agent hands it out. #>
    param([string]$Title, [string[]]$Kb = @(), [string]$UpdateId = '', [string]$Severity = '', [string[]]$Categories = @(), [string[]]$Cves = @(), [bool]$Downloaded = $false)
    [pscustomobject]@{
        Title = $Title; KBArticleIDs = [string[]]$Kb; MsrcSeverity = $Severity; IsDownloaded = $Downloaded; IsInstalled = $false; IsHidden = $false
        Identity = [pscustomobject]@{ UpdateID = $UpdateId; RevisionNumber = 201 }
        Categories = @($Categories | ForEach-Object { [pscustomobject]@{ Name = $_; Type = 'UpdateClassification'; CategoryID = [guid]::NewGuid().ToString() } })
        CveIDs = [string[]]$Cves; Type = 1
    }
}

function New-PlWuaFakeCollection {
    <# IUpdateCollection: Count and Item(i), as the COM collection offers them. #>
    param([object[]]$Items)
    $collection = [pscustomobject]@{ Count = @($Items).Count; Items = @($Items) }
    $collection | Add-Member -MemberType ScriptMethod -Name Item -Value { param($index) $this.Items[$index] }
    $collection
}

function global:New-Object {
    [CmdletBinding(DefaultParameterSetName = 'Net')]
    param(
        [Parameter(ParameterSetName = 'Net', Mandatory = $true, Position = 0)][string]$TypeName,
        [Parameter(ParameterSetName = 'Com', Mandatory = $true, Position = 0)][string]$ComObject,
        [Parameter(ParameterSetName = 'Net', Position = 1)][Alias('Args')][object[]]$ArgumentList,
        [Parameter(ParameterSetName = 'Com')][switch]$Strict,
        [System.Collections.IDictionary]$Property
    )
    if ($PSCmdlet.ParameterSetName -eq 'Com') {
        $global:PlWua.Log.Add("New-Object $ComObject")
        if ($ComObject -eq 'Microsoft.Update.Session') {
            $session = [pscustomobject]@{ ClientApplicationID = '' }
            $session | Add-Member -MemberType ScriptMethod -Name CreateUpdateSearcher -Value {
                $searcher = [pscustomobject]@{ ServerSelection = 0; ServiceID = ''; Online = $true }
                $searcher | Add-Member -MemberType ScriptMethod -Name Search -Value {
                    param($criteria)
                    $global:PlWua.Log.Add("Search $criteria ServerSelection=$($this.ServerSelection) ServiceID=$($this.ServiceID)")
                    if ($null -ne $global:PlWua.SearchThrows) { throw $global:PlWua.SearchThrows }
                    [pscustomobject]@{ ResultCode = $global:PlWua.ResultCode; Updates = (New-PlWuaFakeCollection -Items $global:PlWua.Updates); Warnings = @() }
                }
                $global:PlWua.Searchers.Add($searcher)
                $searcher
            }
            return $session
        }
        if ($ComObject -eq 'Microsoft.Update.ServiceManager') {
            $manager = [pscustomobject]@{ Services = @($global:PlWua.Services); ClientApplicationID = '' }
            $manager | Add-Member -MemberType ScriptMethod -Name AddScanPackageService -Value {
                param($name, $file, $flags)
                $global:PlWua.Log.Add("AddScanPackageService $name|$file|$flags")
                if (-not (Test-Path -LiteralPath $file)) { throw [System.Runtime.InteropServices.COMException]::new('The system cannot find the file specified.', -2147024894) }
                [pscustomobject]@{ ServiceID = 'a1b2c3d4-0000-4000-8000-00000000cafe'; Name = $name; IsScanPackageService = $true }
            }
            $manager | Add-Member -MemberType ScriptMethod -Name RemoveService -Value { param($id) $global:PlWua.Log.Add("RemoveService $id") }
            return $manager
        }
        if ($ComObject -eq 'Schedule.Service') {
            # ITaskService: Connect, GetFolder(path) → ITaskFolder { GetTasks(flags).Count, DeleteFolder(name, 0) }.
            $service = [pscustomobject]@{ Connected = $false }
            $service | Add-Member -MemberType ScriptMethod -Name Connect -Value { $this.Connected = $true }
            $service | Add-Member -MemberType ScriptMethod -Name GetFolder -Value {
                param($path)
                $folder = [pscustomobject]@{ Path = [string]$path }
                $folder | Add-Member -MemberType ScriptMethod -Name GetTasks -Value {
                    param($flags)
                    $prefix = $this.Path.TrimEnd('\') + '\'
                    [pscustomobject]@{ Count = @($global:PlWua.Tasks.Keys | Where-Object { $_.StartsWith($prefix) }).Count }
                }
                $folder | Add-Member -MemberType ScriptMethod -Name DeleteFolder -Value { param($name, $flags) $global:PlWua.Log.Add("DeleteFolder $name") }
                $folder
            }
            return $service
        }
        throw [System.Runtime.InteropServices.COMException]::new("Retrieving the COM class factory for $ComObject failed (fake).", -2147221164)
    }
    Microsoft.PowerShell.Utility\New-Object @PSBoundParameters
}

function Get-PlWuaFakeTask([string]$TaskName, [string]$TaskPath) {
    $task = $global:PlWua.Tasks["$TaskPath$TaskName"]
    if ($null -eq $task) {
        $record = [System.Management.Automation.ErrorRecord]::new([System.Exception]::new("No MSFT_ScheduledTask objects found with property 'TaskName' equal to '$TaskName'."), 'CmdletizationQuery_NotFound_TaskName,Get-ScheduledTask', 'ObjectNotFound', $TaskName)
        throw $record
    }
    $task
}

function global:New-ScheduledTaskAction { param([string]$Execute, [string]$Argument, [string]$WorkingDirectory, [object]$CimSession) [pscustomobject]@{ Execute = $Execute; Arguments = $Argument; WorkingDirectory = $WorkingDirectory } }
function global:New-ScheduledTaskPrincipal { param([string]$UserId, [string]$LogonType, [string]$RunLevel, [object]$CimSession) [pscustomobject]@{ UserId = $UserId; LogonType = $LogonType; RunLevel = $RunLevel } }
function global:New-ScheduledTaskSettingsSet { param([timespan]$ExecutionTimeLimit, [switch]$AllowStartIfOnBatteries, [switch]$DontStopIfGoingOnBatteries, [string]$MultipleInstances, [object]$CimSession) [pscustomobject]@{ ExecutionTimeLimit = $ExecutionTimeLimit; MultipleInstances = $MultipleInstances } }

function global:Register-ScheduledTask {
    param([string]$TaskName, [string]$TaskPath, [object]$Action, [object]$Principal, [object]$Settings, [string]$Description, [object]$CimSession)
    $global:PlWua.Log.Add("Register $TaskPath$TaskName")
    if ($null -ne $global:PlWua.RegisterThrows) { throw $global:PlWua.RegisterThrows }
    $task = [pscustomobject]@{ TaskName = $TaskName; TaskPath = $TaskPath; Action = $Action; Principal = $Principal; Settings = $Settings; State = 'Ready'; LastTaskResult = [int64]0x41303; CimSession = $CimSession }
    $global:PlWua.Tasks["$TaskPath$TaskName"] = $task
    $global:PlWua.Registered = $task
    $task
}

function global:Start-ScheduledTask {
    param([string]$TaskName, [string]$TaskPath, [object]$CimSession)
    $task = Get-PlWuaFakeTask $TaskName $TaskPath
    $global:PlWua.Log.Add("Start $TaskPath$TaskName")
    switch ($global:PlWua.TaskBehaviour) {
        'hang' { $task.State = 'Running'; $task.LastTaskResult = [int64]0x41301 }
        'crash' { $task.State = 'Ready'; $task.LastTaskResult = [int64]0x80070002 }
        default {
            # What Task Scheduler would start: powershell.exe … -File "<script>".
            if ($task.Action.Arguments -notmatch '-File "([^"]+)"') { throw 'fake Start-ScheduledTask: no -File "…" in the action' }
            $file = $Matches[1]
            # DCOM: the host's own path (C:\Windows\Temp\…) is where the test staged the files.
            foreach ($prefix in $global:PlWua.PathMap.Keys) {
                if ($file.StartsWith($prefix)) { $file = Join-Path $global:PlWua.PathMap[$prefix] ($file.Substring($prefix.Length).TrimStart('\') -replace '\\', '/') }
            }
            & $file
            $task.LastTaskResult = [int64]0
        }
    }
}

function global:Get-ScheduledTask { param([string]$TaskName, [string]$TaskPath, [object]$CimSession) Get-PlWuaFakeTask $TaskName $TaskPath }
function global:Get-ScheduledTaskInfo { param([string]$TaskName, [string]$TaskPath, [object]$CimSession) $t = Get-PlWuaFakeTask $TaskName $TaskPath; [pscustomobject]@{ TaskName = $TaskName; LastTaskResult = $t.LastTaskResult } }

function global:Stop-ScheduledTask {
    param([string]$TaskName, [string]$TaskPath, [object]$CimSession)
    $task = Get-PlWuaFakeTask $TaskName $TaskPath
    $global:PlWua.Log.Add("Stop $TaskPath$TaskName")
    if ($task.State -eq 'Running') { $task.State = 'Ready'; $task.LastTaskResult = [int64]0x41306 }
}

function global:Unregister-ScheduledTask {
    param([string]$TaskName, [string]$TaskPath, [switch]$Confirm, [object]$CimSession)
    $global:PlWua.Log.Add("Unregister $TaskPath$TaskName")
    if ($null -ne $global:PlWua.UnregisterThrows) { throw $global:PlWua.UnregisterThrows }
    $null = Get-PlWuaFakeTask $TaskName $TaskPath
    $global:PlWua.Tasks.Remove("$TaskPath$TaskName")
}

# CimCmdlets does not exist in PowerShell on Linux: Win32_Service (wuauserv) and StdRegProv (the
# WSUS policy) answer from $global:PlWua. On Windows these shadow the real cmdlets.
function global:Get-CimInstance {
    param([string]$ClassName, [string]$Filter, [string]$Namespace, [object]$CimSession)
    $global:PlWua.Log.Add("Get-CimInstance $ClassName $Filter")
    if ($ClassName -eq 'Win32_Service') { return [pscustomobject]@{ Name = 'wuauserv'; StartMode = $global:PlWua.WuauservMode; State = 'Stopped' } }
    if ($ClassName -eq 'Win32_OperatingSystem') { return [pscustomobject]@{ Caption = 'Microsoft Windows Server 2022 Standard'; WindowsDirectory = 'C:\Windows' } }
    throw [System.Management.Automation.ErrorRecord]::new([System.Exception]::new('Invalid class '), 'HRESULT 0x80041010,Microsoft.Management.Infrastructure.CimCmdlets.GetCimInstanceCommand', 'MetadataError', $null)
}

function global:New-CimSessionOption { param([string]$Protocol) [pscustomobject]@{ Protocol = $Protocol } }
function global:New-CimSession { param([string[]]$ComputerName, [object]$SessionOption, [pscredential]$Credential) $global:PlWua.Log.Add("New-CimSession $ComputerName $($SessionOption.Protocol)"); [pscustomobject]@{ ComputerName = ($ComputerName -join ','); Protocol = $SessionOption.Protocol; Id = 9 } }
function global:Remove-CimSession { param([object]$CimSession) $global:PlWua.Log.Add("Remove-CimSession $($CimSession.ComputerName)") }

function global:Invoke-CimMethod {
    param([string]$ClassName, [string]$Namespace, [string]$MethodName, [System.Collections.IDictionary]$Arguments, [object]$CimSession)
    if ($ClassName -ne 'StdRegProv') { throw 'fake Invoke-CimMethod: StdRegProv only' }
    if ($MethodName -eq 'GetStringValue' -and $Arguments.sValueName -eq 'WUServer' -and $global:PlWua.WuServer) { return [pscustomobject]@{ ReturnValue = [uint32]0; sValue = $global:PlWua.WuServer } }
    if ($MethodName -eq 'GetDWORDValue' -and $Arguments.sValueName -eq 'UseWUServer' -and $null -ne $global:PlWua.UseWuServer) { return [pscustomobject]@{ ReturnValue = [uint32]0; uValue = [uint32]$global:PlWua.UseWuServer } }
    [pscustomobject]@{ ReturnValue = [uint32]2; sValue = $null; uValue = $null }
}

function Remove-PlWuaFakes {
    foreach ($name in $global:PlWuaFakeNames) {
        Remove-Item -LiteralPath "function:global:$name" -ErrorAction SilentlyContinue
        if ($global:PlWuaSavedFunctions.ContainsKey($name)) { Set-Item -LiteralPath "function:global:$name" -Value $global:PlWuaSavedFunctions[$name] }
    }
    Remove-Variable -Name PlWua, PlWuaSavedFunctions, PlWuaFakeNames -Scope Global -ErrorAction SilentlyContinue
}
