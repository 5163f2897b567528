<#
.SYNOPSIS
  Encrypts or decrypts one credential secret with Windows DPAPI (current user), for the CLI's
  stored credentials on Windows.
.DESCRIPTION
  The secret arrives as a parameter value through the runner's stdin envelope, never on a command
  line, and leaves only in the one JSON document on stdout. The credential's name is the DPAPI
  entropy, so one credential's blob cannot be used as another's. Errors never contain the secret.
  Windows only (DPAPI); Windows PowerShell 5.1 compatible.
.PARAMETER Action
  Protect (Text -> Blob) or Unprotect (Blob -> Text).
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][ValidateSet('Protect', 'Unprotect')][string]$Action,
    [Parameter(Mandatory)][string]$Context,
    [string]$Text = '',
    [string]$Blob = ''
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

try {
    if ($PSVersionTable.PSVersion.Major -ge 6 -and -not $IsWindows) { throw 'DPAPI exists only on Windows.' }
    Add-Type -AssemblyName System.Security
    $entropy = [Text.Encoding]::UTF8.GetBytes($Context)
    $scope = [Security.Cryptography.DataProtectionScope]::CurrentUser
    if ($Action -eq 'Protect') {
        $bytes = [Security.Cryptography.ProtectedData]::Protect([Text.Encoding]::UTF8.GetBytes($Text), $entropy, $scope)
        $document = [pscustomobject]@{ blob = [Convert]::ToBase64String($bytes) }
    }
    else {
        try {
            $bytes = [Security.Cryptography.ProtectedData]::Unprotect([Convert]::FromBase64String($Blob), $entropy, $scope)
        }
        catch {
            throw 'DPAPI could not decrypt the secret: it was saved by another Windows user or computer, or it was altered.'
        }
        $document = [pscustomobject]@{ text = [Text.Encoding]::UTF8.GetString($bytes) }
    }
    $Text = $null
    [Console]::Out.WriteLine((ConvertTo-Json -InputObject $document -Compress))
}
catch {
    # The message is ours or .NET's about the operation; neither holds the secret.
    $report = [pscustomobject]@{ schemaVersion = 1; error = [pscustomobject]@{ message = [string]$_.Exception.Message } }
    [Console]::Error.WriteLine((ConvertTo-Json -InputObject $report -Compress))
    exit 1
}
