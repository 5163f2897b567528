<#
.SYNOPSIS
  Collects one Windows host's inventory (OS, hotfixes, services, roles and features, .NET,
  installed products, pending reboot, optionally Windows Update history) as one JSON document.
.DESCRIPTION
  Reads Windows only through CIM (Get-CimInstance, StdRegProv via Invoke-CimMethod) and the
  Windows Update Agent, so it runs on the target itself (-Protocol Local) or on the console
  against a remote CimSession (-Protocol Dcom or Wsman). The functions live in
  PatchlaneCollector.psm1 beside this file. Windows PowerShell 5.1 compatible.

  A section that fails (for example Win32_ServerFeature missing) is null in the document and
  described in `warnings`; the document is still printed. The shape is validated by
  src-main/powershell/collector-output.ts.
.PARAMETER ComputerName
  Host to read over -Protocol Dcom or Wsman. Passed to New-CimSession as a value, nothing else.
.PARAMETER Protocol
  Local (this machine, no session), Dcom or Wsman (a CimSession of that protocol to ComputerName).
.PARAMETER Credential
  Optional PSCredential for the CimSession; never given as text on a command line.
.PARAMETER IncludeUpdateHistory
  Also read Windows Update history (Microsoft.Update.Session; local runs only).
.PARAMETER MaxHistory
  Upper bound on history entries (newest first).
.PARAMETER RegistryValue
  HKLM values to read for the console's mitigating-factor rules, each `SubKey::ValueName`.
.OUTPUTS
  {"schemaVersion":1,"collector":{...},"os":{...},"hotfixes":[...],"updateHistory":null,...,"warnings":[]}
  On failure: exit code 1 and {"schemaVersion":1,"error":{"message":"...","hresult":0,"section":null}} on stderr.
#>
[CmdletBinding()]
param(
    [string]$ComputerName,
    [ValidateSet('Local', 'Dcom', 'Wsman')]
    [string]$Protocol = 'Local',
    [pscredential]$Credential,
    [switch]$IncludeUpdateHistory,
    [ValidateRange(1, 5000)]
    [int]$MaxHistory = 200,
    [string[]]$RegistryValue = @()
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$WarningPreference = 'SilentlyContinue'

try {
    # Product names are not ASCII everywhere; a console without a handle refuses the change.
    try { [Console]::OutputEncoding = New-Object System.Text.UTF8Encoding $false } catch { $null = $_ }

    Import-Module -Name (Join-Path $PSScriptRoot 'PatchlaneCollector.psm1') -Force -DisableNameChecking
    $outcome = Invoke-PlHostInventory @PSBoundParameters
    if ($outcome.ExitCode -eq 0) {
        [Console]::Out.WriteLine($outcome.Stdout)
    }
    else {
        [Console]::Error.WriteLine($outcome.Stderr)
        exit 1
    }
}
catch {
    # Only reached when the module itself cannot be loaded; the module reports everything else.
    $failure = [pscustomobject]@{
        schemaVersion = 1
        error         = [pscustomobject]@{ message = $_.Exception.Message; hresult = $_.Exception.HResult; section = $null }
    }
    [Console]::Error.WriteLine((ConvertTo-Json -InputObject $failure -Compress))
    exit 1
}
