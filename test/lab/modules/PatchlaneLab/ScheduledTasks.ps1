# Task Scheduler stand-in for the PatchlaneLab module (dot-sourced by PatchlaneLab.psm1): the
# ScheduledTasks cmdlets Patchlane's Windows Update search uses (PatchlaneWua.psm1), with the
# objects and result codes Microsoft documents (https://learn.microsoft.com/powershell/module/scheduledtasks/;
# LastTaskResult 0x41303 SCHED_S_TASK_HAS_NOT_RUN, 0x41301 SCHED_S_TASK_RUNNING, 0x41306
# SCHED_S_TASK_TERMINATED). Registered tasks are files in $env:PATCHLANE_LAB_TASKS, so a test can
# see whether anything was left behind. Start-ScheduledTask really runs the action: a
# `…\powershell.exe … -File "script"` action runs the script with the lab's pwsh (and this module,
# via the lab session configuration) in a child process of its own session, as the lab user
# (where Windows would use SYSTEM). Nothing else can run here: any other program is "not found".

$script:TaskNotRun = 267011
$script:TaskRunningCode = 267009
$script:TaskTerminated = 267014

function New-LabTaskError([string]$Message, [string]$HResult, [string]$Command, [System.Management.Automation.ErrorCategory]$Category) {
    [System.Management.Automation.ErrorRecord]::new([System.Exception]::new($Message), "HRESULT $HResult,$Command", $Category, $null)
}

function Get-LabTaskStore {
    $store = $env:PATCHLANE_LAB_TASKS
    if (-not $store) { throw 'PatchlaneLab: PATCHLANE_LAB_TASKS is not set (this session was not started by the lab sshd).' }
    $store
}

# One file per task: \Patchlane\Patchlane-WUA-<guid> → _Patchlane_Patchlane-WUA-<guid>.json, plus .pid/.exit/.out/.err while it runs.
function Get-LabTaskBase([string]$TaskName, [string]$TaskPath) {
    if (-not $TaskPath) { $TaskPath = '\' }
    Join-Path (Get-LabTaskStore) (($TaskPath + $TaskName) -replace '[^A-Za-z0-9.-]', '_')
}

function New-LabCimTaskObject([string]$Class, [System.Collections.IDictionary]$Properties) {
    $object = [pscustomobject]$Properties
    $object.PSObject.TypeNames.Insert(0, "Microsoft.Management.Infrastructure.CimInstance#Root/Microsoft/Windows/TaskScheduler/$Class")
    $object
}

function Read-LabTask([string]$TaskName, [string]$TaskPath, [string]$Command) {
    $base = Get-LabTaskBase $TaskName $TaskPath
    if (-not (Test-Path -LiteralPath "$base.json")) {
        throw (New-LabTaskError "The system cannot find the file specified." '0x80070002' $Command 'ObjectNotFound')
    }
    $definition = Get-Content -LiteralPath "$base.json" -Raw | ConvertFrom-Json
    [pscustomobject]@{ Base = $base; Definition = $definition }
}

function Test-LabTaskRunning([string]$Base) {
    if (-not (Test-Path -LiteralPath "$Base.pid") -or (Test-Path -LiteralPath "$Base.exit")) { return $false }
    $id = [int](Get-Content -LiteralPath "$Base.pid" -Raw)
    Test-Path -LiteralPath "/proc/$id"
}

function New-ScheduledTaskAction {
    <# .SYNOPSIS Lab stand-in: an MSFT_TaskExecAction. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)][string]$Execute, [string]$Argument, [string]$WorkingDirectory, [string]$Id, [object[]]$CimSession)
    New-LabCimTaskObject 'MSFT_TaskExecAction' ([ordered]@{ Execute = $Execute; Arguments = $Argument; WorkingDirectory = $WorkingDirectory; Id = $Id })
}

function New-ScheduledTaskPrincipal {
    <# .SYNOPSIS Lab stand-in: an MSFT_TaskPrincipal2. #>
    [CmdletBinding()]
    param([string]$UserId, [string]$GroupId, [ValidateSet('None', 'Password', 'S4U', 'Interactive', 'Group', 'ServiceAccount', 'InteractiveOrPassword')][string]$LogonType = 'None', [ValidateSet('Limited', 'Highest')][string]$RunLevel = 'Limited', [string]$Id, [object[]]$CimSession)
    New-LabCimTaskObject 'MSFT_TaskPrincipal2' ([ordered]@{ UserId = $UserId; GroupId = $GroupId; LogonType = $LogonType; RunLevel = $RunLevel; Id = $Id })
}

function New-ScheduledTaskSettingsSet {
    <# .SYNOPSIS Lab stand-in: an MSFT_TaskSettings3 (durations as the ISO 8601 strings Task Scheduler keeps). #>
    [CmdletBinding()]
    param([timespan]$ExecutionTimeLimit, [switch]$AllowStartIfOnBatteries, [switch]$DontStopIfGoingOnBatteries, [ValidateSet('Parallel', 'Queue', 'IgnoreNew', 'StopExisting')][string]$MultipleInstances = 'IgnoreNew', [switch]$Hidden, [object[]]$CimSession)
    $limit = if ($PSBoundParameters.ContainsKey('ExecutionTimeLimit')) { [System.Xml.XmlConvert]::ToString($ExecutionTimeLimit) } else { 'PT72H' }
    New-LabCimTaskObject 'MSFT_TaskSettings3' ([ordered]@{ ExecutionTimeLimit = $limit; DisallowStartIfOnBatteries = -not $AllowStartIfOnBatteries; StopIfGoingOnBatteries = -not $DontStopIfGoingOnBatteries; MultipleInstances = $MultipleInstances; Hidden = [bool]$Hidden })
}

function Register-ScheduledTask {
    <# .SYNOPSIS Lab stand-in: stores the task as a file in PATCHLANE_LAB_TASKS. #>
    [CmdletBinding()]
    param([Parameter(Mandatory, Position = 0)][string]$TaskName, [Parameter(Position = 1)][string]$TaskPath = '\', [object[]]$Action, [object]$Principal, [object]$Settings, [object[]]$Trigger, [string]$Description, [switch]$Force, [object[]]$CimSession)
    $fixture = Enter-LabAnswer
    if ($fixture.behaviour.PSObject.Properties['wua'] -and $fixture.behaviour.wua -eq 'no-tasks') {
        throw (New-LabTaskError 'Access is denied.' '0x80070005' 'Register-ScheduledTask' 'PermissionDenied')
    }
    $base = Get-LabTaskBase $TaskName $TaskPath
    if ((Test-Path -LiteralPath "$base.json") -and -not $Force) {
        throw (New-LabTaskError 'Cannot create a file when that file already exists.' '0x800700B7' 'Register-ScheduledTask' 'ResourceExists')
    }
    $definition = [ordered]@{
        TaskName = $TaskName; TaskPath = $TaskPath; Description = $Description
        Actions = @($Action | ForEach-Object { [ordered]@{ Execute = $_.Execute; Arguments = $_.Arguments } })
        Principal = [ordered]@{ UserId = $Principal.UserId; LogonType = $Principal.LogonType; RunLevel = $Principal.RunLevel }
        Settings = [ordered]@{ ExecutionTimeLimit = $Settings.ExecutionTimeLimit; MultipleInstances = $Settings.MultipleInstances }
    }
    Set-Content -LiteralPath "$base.json" -Value (ConvertTo-Json -InputObject $definition -Depth 5)
    Get-ScheduledTask -TaskName $TaskName -TaskPath $TaskPath
}

function Split-LabCommandLine([string]$Line) {
    # Windows command-line words: "quoted words" or runs of non-blanks (enough for Patchlane's action).
    foreach ($m in [regex]::Matches($Line, '"([^"]*)"|(\S+)')) { if ($m.Groups[1].Success) { $m.Groups[1].Value } else { $m.Groups[2].Value } }
}

function Start-ScheduledTask {
    <# .SYNOPSIS Lab stand-in: runs the task's powershell.exe action with the lab's pwsh in a child process; returns at once, as Task Scheduler does. #>
    [CmdletBinding()]
    param([Parameter(Mandatory, Position = 0)][string]$TaskName, [Parameter(Position = 1)][string]$TaskPath = '\', [object[]]$CimSession)
    $null = Enter-LabAnswer
    $task = Read-LabTask $TaskName $TaskPath 'Start-ScheduledTask'
    if (Test-LabTaskRunning $task.Base) { return }   # MultipleInstances IgnoreNew
    foreach ($suffix in '.pid', '.exit', '.out', '.err') { Remove-Item -LiteralPath "$($task.Base)$suffix" -Force -ErrorAction SilentlyContinue }
    $action = @($task.Definition.Actions)[0]
    if ([string]$action.Execute -notmatch '(^|[\\/])powershell\.exe$') {
        # What Task Scheduler records when the program does not exist: ERROR_FILE_NOT_FOUND.
        Set-Content -LiteralPath "$($task.Base).exit" -Value '2147942402'
        return
    }
    $pwsh = @($env:PATCHLANE_LAB_PWSH -split ',')
    $start = [System.Diagnostics.ProcessStartInfo]::new('setsid')
    # The wrapper leads its own process group (Stop-ScheduledTask kills the group), never writes to
    # this session's stdout (the remoting channel), and records the exit code as LastTaskResult.
    $wrapper = 'exec >/dev/null 2>&1 </dev/null; echo $$ > "$0.pid"; "$@" > "$0.out" 2> "$0.err"; echo $? > "$0.exit"'
    foreach ($word in @('sh', '-c', $wrapper, $task.Base) + $pwsh + @('-ConfigurationFile', $env:PATCHLANE_LAB_PSSC) + @(Split-LabCommandLine ([string]$action.Arguments))) { $start.ArgumentList.Add([string]$word) }
    $start.UseShellExecute = $false
    $start.RedirectStandardInput = $true
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $process = [System.Diagnostics.Process]::Start($start)
    $process.StandardInput.Close()
    # The pid file appears within milliseconds; until then the task counts as running.
    for ($i = 0; $i -lt 100 -and -not (Test-Path -LiteralPath "$($task.Base).pid"); $i++) { Start-Sleep -Milliseconds 20 }
}

function Get-ScheduledTask {
    <# .SYNOPSIS Lab stand-in: an MSFT_ScheduledTask with State Ready or Running. #>
    [CmdletBinding()]
    param([Parameter(Position = 0)][string]$TaskName, [Parameter(Position = 1)][string]$TaskPath = '\', [object[]]$CimSession)
    $task = Read-LabTask $TaskName $TaskPath 'Get-ScheduledTask'
    $state = if (Test-LabTaskRunning $task.Base) { 'Running' } else { 'Ready' }
    New-LabCimTaskObject 'MSFT_ScheduledTask' ([ordered]@{
            TaskName = $TaskName; TaskPath = $TaskPath; State = $state; Description = $task.Definition.Description
            Actions = $task.Definition.Actions; Principal = $task.Definition.Principal; Settings = $task.Definition.Settings
        })
}

function Get-ScheduledTaskInfo {
    <# .SYNOPSIS Lab stand-in: MSFT_TaskDynamicInfo with LastTaskResult (not run, running, or the exit code). #>
    [CmdletBinding()]
    param([Parameter(Position = 0)][string]$TaskName, [Parameter(Position = 1)][string]$TaskPath = '\', [object[]]$CimSession)
    $task = Read-LabTask $TaskName $TaskPath 'Get-ScheduledTaskInfo'
    $last = $script:TaskNotRun
    if (Test-Path -LiteralPath "$($task.Base).exit") { $last = [int64](Get-Content -LiteralPath "$($task.Base).exit" -Raw) }
    elseif (Test-Path -LiteralPath "$($task.Base).pid") { $last = if (Test-LabTaskRunning $task.Base) { $script:TaskRunningCode } else { $script:TaskTerminated } }
    New-LabCimTaskObject 'MSFT_TaskDynamicInfo' ([ordered]@{ TaskName = $TaskName; TaskPath = $TaskPath; LastTaskResult = $last; NumberOfMissedRuns = 0 })
}

function Stop-LabTaskProcess([string]$Base) {
    if (-not (Test-LabTaskRunning $Base)) { return }
    $id = [int](Get-Content -LiteralPath "$Base.pid" -Raw)
    # The whole group: the wrapper shell and the pwsh it started.
    & kill -KILL -- "-$id" 2>$null
    Set-Content -LiteralPath "$Base.exit" -Value $script:TaskTerminated
}

function Stop-ScheduledTask {
    <# .SYNOPSIS Lab stand-in: kills the running task's processes. #>
    [CmdletBinding()]
    param([Parameter(Mandatory, Position = 0)][string]$TaskName, [Parameter(Position = 1)][string]$TaskPath = '\', [object[]]$CimSession)
    $task = Read-LabTask $TaskName $TaskPath 'Stop-ScheduledTask'
    Stop-LabTaskProcess $task.Base
}

function Unregister-ScheduledTask {
    <# .SYNOPSIS Lab stand-in: removes the task (stopping it first) and every file the lab kept for it. #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    param([Parameter(Position = 0)][string]$TaskName, [Parameter(Position = 1)][string]$TaskPath = '\', [object[]]$CimSession)
    $task = Read-LabTask $TaskName $TaskPath 'Unregister-ScheduledTask'
    Stop-LabTaskProcess $task.Base
    foreach ($suffix in '.json', '.pid', '.exit', '.out', '.err') { Remove-Item -LiteralPath "$($task.Base)$suffix" -Force -ErrorAction SilentlyContinue }
}
