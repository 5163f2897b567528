<#
.SYNOPSIS
  Runs src-main/powershell/scripts/Get-HostInventory.ps1 itself (as a child process would) with
  CIM and the Windows Update Agent replaced by the test fakes for one fixture machine.
.DESCRIPTION
  Every argument after -Machine and -RecordTo goes to the script unchanged. The computer name
  each New-CimSession call received is appended to -RecordTo (one per line, UTF-8), so a test can
  check that a hostile name arrived as exactly one parameter value. Exits with the script's code.
#>
param(
    [Parameter(Mandatory)][string]$Machine,
    [Parameter(Mandatory)][string]$RecordTo,
    [string]$ComputerName,
    [string]$Protocol,
    [switch]$IncludeUpdateHistory
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

. (Join-Path $PSScriptRoot 'TestHelpers.ps1')
. (Join-Path $PSScriptRoot 'fixtures' 'Machines.ps1')
Install-PlCimStubs
$global:PlTestMachine = Get-PlFixtureMachine -Name $Machine
$global:PlRecordTo = $RecordTo
function global:New-CimSession {
    [CmdletBinding()]
    param([string[]]$ComputerName, [object]$SessionOption, [pscredential]$Credential)
    foreach ($name in $ComputerName) { [IO.File]::AppendAllText($global:PlRecordTo, "$name`n", (New-Object Text.UTF8Encoding $false)) }
    [pscustomobject]@{ ComputerName = ($ComputerName -join ','); Protocol = $SessionOption.Protocol; Id = 3 }
}

$arguments = @{}
foreach ($name in 'ComputerName', 'Protocol', 'IncludeUpdateHistory') {
    if ($PSBoundParameters.ContainsKey($name)) { $arguments[$name] = $PSBoundParameters[$name] }
}
$global:LASTEXITCODE = 0
& (Join-Path (Get-PlRepoRoot) 'src-main' 'powershell' 'scripts' 'Get-HostInventory.ps1') @arguments
exit $global:LASTEXITCODE
