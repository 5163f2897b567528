<#
.SYNOPSIS
  Prints the collector's JSON document for one fixture machine, with CIM and the Windows Update
  Agent replaced by the test fakes. Used by test/integration/powershell/collector-output.test.ts
  and to record test/fixtures/powershell/collector/*.json.
.PARAMETER Machine
  Fixture names from fixtures/Machines.ps1; one line of JSON is printed per machine, in order.
.PARAMETER Stable
  Replace the run's own facts (timestamps, PowerShell version) with fixed values, for recording.
#>
[CmdletBinding()]
param(
    # `-File` passes one string: names may also come comma-separated.
    [Parameter(Mandatory)]
    [string[]]$Machine,
    [switch]$Stable
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

. (Join-Path $PSScriptRoot 'TestHelpers.ps1')
. (Join-Path $PSScriptRoot 'fixtures' 'Machines.ps1')
Install-PlCimStubs
try {
    Import-Module (Join-Path (Get-PlRepoRoot) 'src-main' 'powershell' 'scripts' 'PatchlaneCollector.psm1') -Force
    foreach ($name in @($Machine | ForEach-Object { $_ -split ',' } | Where-Object { $_ })) {
        $global:PlTestMachine = Get-PlFixtureMachine -Name $name
        $document = Get-PlHostInventory -IncludeUpdateHistory
        if ($Stable) {
            $document.collector.psVersion = '5.1.26100.6899'
            $document.collector.psEdition = 'Desktop'
            $document.collector.startedAt = '2025-10-15T08:00:00Z'
            $document.collector.finishedAt = '2025-10-15T08:00:04Z'
        }
        [Console]::Out.WriteLine((ConvertTo-PlJson -Document $document))
    }
}
finally {
    Uninstall-PlCimStubs
    Remove-Module PatchlaneCollector -ErrorAction SilentlyContinue
}
