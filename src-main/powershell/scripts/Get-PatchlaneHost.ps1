<#
.SYNOPSIS
  Describes the PowerShell that Patchlane runs and the machine it runs on, as one JSON document.
.DESCRIPTION
  Used by "Check PowerShell" (Settings) and `patchlane doctor`. Reads nothing but the engine's own
  variables and, on Windows, the current token's groups. Windows PowerShell 5.1 compatible.
.OUTPUTS
  {"schemaVersion":1,"psVersion":"7.6.9","edition":"Core","os":"...","isAdmin":false,"computerName":"PC1"}
  On failure: exit code 1 and {"schemaVersion":1,"error":{"message":"...","hresult":0}} on stderr.
#>
[CmdletBinding()]
param()

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$WarningPreference = 'SilentlyContinue'

try {
    # $IsWindows does not exist in Windows PowerShell 5.1, and strict mode forbids reading an
    # unset variable: 5.1 is always Windows.
    $onWindows = ($PSVersionTable.PSEdition -eq 'Desktop') -or ((Get-Variable -Name IsWindows -ValueOnly -ErrorAction SilentlyContinue) -eq $true)

    if ($onWindows) {
        $identity = [Security.Principal.WindowsIdentity]::GetCurrent()
        $principal = New-Object Security.Principal.WindowsPrincipal $identity
        $isAdmin = $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)
    }
    else {
        $isAdmin = ([string](& id -u)).Trim() -eq '0'
    }

    if ($PSVersionTable.PSEdition -eq 'Core') {
        $os = [System.Runtime.InteropServices.RuntimeInformation]::OSDescription
    }
    else {
        $os = [Environment]::OSVersion.VersionString
    }

    $report = [pscustomobject]@{
        schemaVersion = 1
        psVersion     = $PSVersionTable.PSVersion.ToString()
        edition       = [string]$PSVersionTable.PSEdition
        os            = [string]$os
        isAdmin       = [bool]$isAdmin
        computerName  = [Environment]::MachineName
    }
    [Console]::Out.WriteLine((ConvertTo-Json -InputObject $report -Compress))
}
catch {
    $failure = [pscustomobject]@{
        schemaVersion = 1
        error         = [pscustomobject]@{ message = $_.Exception.Message; hresult = $_.Exception.HResult }
    }
    [Console]::Error.WriteLine((ConvertTo-Json -InputObject $failure -Compress))
    exit 1
}
