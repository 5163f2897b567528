<#
.SYNOPSIS
  Collects one host's inventory over a transport: WinRM or SSH remoting (the collector runs on the
  target), CIM over DCOM (the collector runs here against a remote CimSession), or locally.
.DESCRIPTION
  The collector functions live in PatchlaneCollector.psm1 beside this file. For WinRM and SSH the
  module's text is sent as an argument and loaded on the target with New-Module, so nothing is
  installed there. Prints exactly what the collector prints: one JSON document on stdout, or the
  error document on stderr with exit code 1. A connection failure is reported the same way, with
  the remoting error id and HRESULT so the console can name the cause and the fix.

  Credentials arrive as parameters of this process's own invocation (through the runner's stdin
  envelope), are turned into a PSCredential at once and never written anywhere.
  Windows PowerShell 5.1 compatible, except SSH remoting, which needs PowerShell 7.
.PARAMETER Transport
  Local, Dcom, WinRM or Ssh.
.PARAMETER ComputerName
  Target name or address (validated by the console; passed only as a parameter value).
.PARAMETER RegistryValue
  HKLM values the mitigating-factor rules test, each `SubKey::ValueName`; read on the target.
.PARAMETER HostKeyPolicy
  SSH StrictHostKeyChecking: accept-new (trust on first use, then pin), yes, or no (lab only).
.PARAMETER WuaMode
  Also ask the host's Windows Update Agent (PatchlaneWua.psm1): Online (its configured source) or
  Offline (WuaCabPath). The answer is the document's `wua` key; a failed search fills `wua.error`
  and never fails the inventory.
.PARAMETER WuaCabPath
  Offline: a wsusscn2.cab on this computer; copied to the host and removed after.
.PARAMETER WuaTimeoutSeconds
  How long the search task may run on the host.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][ValidateSet('Local', 'Dcom', 'WinRM', 'Ssh')][string]$Transport,
    [ValidateLength(0, 255)][string]$ComputerName = '',
    [ValidateRange(0, 65535)][int]$Port = 0,
    [string]$UserName = '',
    [string]$Password = '',
    [string]$KeyFilePath = '',
    [switch]$UseSsl,
    [ValidateSet('Default', 'Kerberos', 'Negotiate')][string]$Authentication = 'Kerberos',
    [ValidateSet('accept-new', 'yes', 'no')][string]$HostKeyPolicy = 'accept-new',
    [string]$KnownHostsFile = '',
    [ValidateRange(5, 3600)][int]$ConnectTimeoutSeconds = 15,
    [switch]$IncludeUpdateHistory,
    [string[]]$RegistryValue = @(),
    [ValidateSet('', 'Online', 'Offline')][string]$WuaMode = '',
    [string]$WuaCabPath = '',
    [ValidateRange(5, 86400)][int]$WuaTimeoutSeconds = 600
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$WarningPreference = 'SilentlyContinue'

function Write-Failure {
    param([object]$Failure, [string]$Stage, [string]$TransportOutput = '')
    $exception = $Failure.Exception
    $hresult = $exception.HResult
    $message = $exception.Message
    # ssh's own words ("Permission denied (publickey)", "Host key verification failed") name the
    # cause; PowerShell's exception only says the session broke.
    $said = $TransportOutput.Trim()
    if ($said) { $message = "$said`n$message" }
    $errorCode = $null
    if ($exception.PSObject.Properties['ErrorCode']) { $errorCode = $exception.ErrorCode }
    $document = [pscustomobject]@{
        schemaVersion = 1
        error         = [pscustomobject]@{
            message   = $message
            hresult   = $hresult
            errorCode = $errorCode
            errorId   = [string]$Failure.FullyQualifiedErrorId
            stage     = $Stage
            transport = $Transport
        }
    }
    [Console]::Error.WriteLine((ConvertTo-Json -InputObject $document -Compress -Depth 4))
}

function New-PlAskPass {
    <#
      A one-shot SSH_ASKPASS helper for password sign-in over SSH (Invoke-Command -HostName takes
      no password). The password goes into a file in a private folder (0700, the file 0600; on
      Windows the user's own temp folder), the helper prints it once and deletes it, and
      Remove-PlAskPass deletes the folder and restores the environment. It is never on a command line.
    #>
    param([pscredential]$Credential)
    $saved = @{}
    foreach ($name in 'SSH_ASKPASS', 'SSH_ASKPASS_REQUIRE', 'DISPLAY') { $saved[$name] = [Environment]::GetEnvironmentVariable($name) }
    $onWindows = $PSVersionTable.PSVersion.Major -lt 6 -or $IsWindows
    # cmd.exe parses the prompt ssh passes to a .cmd helper ("user@host's password:").
    if ($onWindows -and $Credential.UserName -match '["%&|<>^!]') { throw 'For SSH password sign-in on Windows the user name cannot contain " % & | < > ^ or !.' }
    $dir = Join-Path ([IO.Path]::GetTempPath()) ('patchlane-askpass-' + [guid]::NewGuid().ToString('N'))
    if ($onWindows) { [void][IO.Directory]::CreateDirectory($dir) }
    else { [void][IO.Directory]::CreateDirectory($dir, [IO.UnixFileMode]'UserRead, UserWrite, UserExecute') }
    $state = [pscustomobject]@{ Dir = $dir; Saved = $saved }
    try {
        $secretFile = Join-Path $dir 'secret'
        $bytes = [Text.Encoding]::UTF8.GetBytes($Credential.GetNetworkCredential().Password)
        if ($onWindows) {
            [IO.File]::WriteAllBytes($secretFile, $bytes)
            $helper = Join-Path $dir 'askpass.cmd'
            [IO.File]::WriteAllText($helper, "@type `"$secretFile`"`r`n@del /q `"$secretFile`"`r`n", [Text.Encoding]::ASCII)
            # OpenSSH for Windows before 8.4 ignores SSH_ASKPASS_REQUIRE and asks the helper only when DISPLAY is set.
            if (-not $saved['DISPLAY']) { [Environment]::SetEnvironmentVariable('DISPLAY', 'localhost:0') }
        }
        else {
            $options = [IO.FileStreamOptions]::new()
            $options.Mode = [IO.FileMode]::CreateNew
            $options.Access = [IO.FileAccess]::Write
            $options.UnixCreateMode = [IO.UnixFileMode]'UserRead, UserWrite'
            $stream = [IO.FileStream]::new($secretFile, $options)
            try { $stream.Write($bytes, 0, $bytes.Length) } finally { $stream.Dispose() }
            $helper = Join-Path $dir 'askpass.sh'
            $quoted = "'" + $secretFile.Replace("'", "'\''") + "'"
            [IO.File]::WriteAllText($helper, "#!/bin/sh`ncat $quoted`nrm -f $quoted`n")
            [IO.File]::SetUnixFileMode($helper, [IO.UnixFileMode]'UserRead, UserWrite, UserExecute')
        }
        [Array]::Clear($bytes, 0, $bytes.Length)
        [Environment]::SetEnvironmentVariable('SSH_ASKPASS', $helper)
        [Environment]::SetEnvironmentVariable('SSH_ASKPASS_REQUIRE', 'force')
    }
    catch {
        Remove-PlAskPass -State $state
        throw
    }
    return $state
}

function Remove-PlAskPass {
    param([object]$State)
    if ($null -eq $State) { return }
    foreach ($entry in $State.Saved.GetEnumerator()) {
        # $null passed to a .NET string parameter arrives as '' (which would leave the variable set, empty).
        if ($null -eq $entry.Value) { Remove-Item -LiteralPath "Env:$($entry.Key)" -ErrorAction SilentlyContinue }
        else { [Environment]::SetEnvironmentVariable($entry.Key, $entry.Value) }
    }
    if (Test-Path -LiteralPath $State.Dir) { Remove-Item -LiteralPath $State.Dir -Recurse -Force -ErrorAction SilentlyContinue }
}

$askPass = $null
try {
    if ($Transport -ne 'Local' -and -not $ComputerName) { throw 'A computer name is required for a remote transport.' }
    $credential = $null
    if ($UserName -and $Password) {
        $secure = ConvertTo-SecureString -String $Password -AsPlainText -Force
        $credential = New-Object System.Management.Automation.PSCredential ($UserName, $secure)
    }
    $Password = $null

    $collectorParams = @{}
    if ($IncludeUpdateHistory) { $collectorParams['IncludeUpdateHistory'] = $true }
    if ($RegistryValue.Count -gt 0) { $collectorParams['RegistryValue'] = $RegistryValue }
    $modulePath = Join-Path $PSScriptRoot 'PatchlaneCollector.psm1'

    if ($Transport -eq 'Local' -or $Transport -eq 'Dcom') {
        Import-Module -Name $modulePath -Force -DisableNameChecking
        if ($Transport -eq 'Dcom') {
            $collectorParams['ComputerName'] = $ComputerName
            $collectorParams['Protocol'] = 'Dcom'
            if ($credential) { $collectorParams['Credential'] = $credential }
        }
        $outcome = Invoke-PlHostInventory @collectorParams
    }
    else {
        $moduleText = [IO.File]::ReadAllText($modulePath)
        # Runs on the target: load the collector from its text, run it, hand back what it printed.
        $remote = {
            param([string]$ModuleText, [hashtable]$Parameters)
            $module = New-Module -Name PatchlaneCollector -ScriptBlock ([scriptblock]::Create($ModuleText))
            Import-Module $module -DisableNameChecking
            Invoke-PlHostInventory @Parameters
        }
        $invoke = @{ ScriptBlock = $remote; ArgumentList = @($moduleText, $collectorParams); ErrorAction = 'Stop' }
        if ($Transport -eq 'WinRM') {
            $invoke['ComputerName'] = $ComputerName
            $invoke['Authentication'] = $Authentication
            if ($UseSsl) { $invoke['UseSSL'] = $true }
            if ($Port -gt 0) { $invoke['Port'] = $Port }
            if ($credential) { $invoke['Credential'] = $credential }
            # Windows' New-PSSessionOption has the time-outs; PowerShell 7 elsewhere has only TLS switches.
            if ((Get-Command -Name New-PSSessionOption).Parameters.ContainsKey('OpenTimeout')) {
                $invoke['SessionOption'] = New-PSSessionOption -OpenTimeout ($ConnectTimeoutSeconds * 1000) -NoMachineProfile
            }
        }
        else {
            if ($PSVersionTable.PSVersion.Major -lt 7) { throw 'SSH remoting needs PowerShell 7 on this computer.' }
            $invoke['HostName'] = $ComputerName
            if ($UserName) { $invoke['UserName'] = $UserName }
            if ($KeyFilePath) { $invoke['KeyFilePath'] = $KeyFilePath }
            if ($Port -gt 0) { $invoke['Port'] = $Port }
            # BatchMode: never wait on a password or passphrase prompt nobody will answer.
            # LogLevel ERROR: no "Permanently added … to the list of known hosts" chatter; errors still show.
            $options = @{ StrictHostKeyChecking = $HostKeyPolicy; ConnectTimeout = [string]$ConnectTimeoutSeconds; BatchMode = 'yes'; LogLevel = 'ERROR' }
            if ($KnownHostsFile) { $options['UserKnownHostsFile'] = $KnownHostsFile }
            if ($credential) {
                # Password sign-in: the one case where ssh may ask, and only the askpass helper, once.
                $options['BatchMode'] = 'no'
                $options['PubkeyAuthentication'] = 'no'
                $options['PreferredAuthentications'] = 'password,keyboard-interactive'
                $options['NumberOfPasswordPrompts'] = '1'
                $askPass = New-PlAskPass -Credential $credential
            }
            $invoke['Options'] = $options
        }
        # PowerShell copies the ssh client's stderr to this process's console output, where it
        # would corrupt the one JSON document: hold it aside and report it with a failure.
        $consoleOut = [Console]::Out
        $transportOutput = [IO.StringWriter]::new()
        [Console]::SetOut($transportOutput)
        try {
            $outcome = Invoke-Command @invoke
        }
        catch {
            [Console]::SetOut($consoleOut)
            Write-Failure -Failure $_ -Stage 'connect' -TransportOutput $transportOutput.ToString()
            exit 1
        }
        finally {
            [Console]::SetOut($consoleOut)
            Remove-PlAskPass -State $askPass
            $askPass = $null
        }
        # A deserialised object can arrive wrapped in a one-item array.
        $outcome = @($outcome)[0]
    }

    if ($null -eq $outcome -or -not $outcome.PSObject.Properties['ExitCode']) {
        throw 'The collector returned nothing.'
    }
    if ([int]$outcome.ExitCode -eq 0) {
        $document = [string]$outcome.Stdout
        if ($WuaMode) {
            $wuaParams = @{ Transport = $Transport; Mode = $WuaMode; CabPath = $WuaCabPath; TimeoutSeconds = $WuaTimeoutSeconds; ComputerName = $ComputerName }
            if ($credential) { $wuaParams['Credential'] = $credential }
            if ($Transport -eq 'WinRM' -or $Transport -eq 'Ssh') {
                # The search opens its own session with the collector's connection parameters.
                $connection = @{}
                foreach ($key in $invoke.Keys) { if ($key -ne 'ScriptBlock' -and $key -ne 'ArgumentList' -and $key -ne 'ErrorAction') { $connection[$key] = $invoke[$key] } }
                $wuaParams['Connection'] = $connection
                # The askpass helper answers once: a new one for the search's connection.
                if ($Transport -eq 'Ssh' -and $credential) { $askPass = New-PlAskPass -Credential $credential }
            }
            Import-Module -Name (Join-Path $PSScriptRoot 'PatchlaneWua.psm1') -Force -DisableNameChecking
            try { $wua = Invoke-PlWuaForTransport @wuaParams }
            finally {
                Remove-PlAskPass -State $askPass
                $askPass = $null
            }
            $document = Join-PlWuaDocument -Document $document -WuaJson $wua
        }
        [Console]::Out.WriteLine($document)
    }
    else {
        [Console]::Error.WriteLine([string]$outcome.Stderr)
        exit 1
    }
}
catch {
    Write-Failure -Failure $_ -Stage 'collect'
    exit 1
}
finally {
    # This shell is long-lived (the runner's pool): never leave the askpass environment or files behind.
    Remove-PlAskPass -State $askPass
}
