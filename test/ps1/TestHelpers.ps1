<#
.SYNOPSIS
  Test doubles for the collector: CIM cmdlet stand-ins, a fake StdRegProv registry, a fake
  Windows Update Agent COM object, and readers for the real captures in ../shared/data.
.DESCRIPTION
  Dot-source in BeforeAll. Everything is defined in the global scope because the collector
  module resolves commands through its own scope chain, which reaches the global scope but not a
  test file's. CimCmdlets does not exist in PowerShell on Linux, and New-Object has no -ComObject
  there, so Install-PlCimStubs defines stand-ins with the parameters the collector uses; Pester's
  Mock then replaces them per test (Mock -ModuleName PatchlaneCollector ...). On Windows the
  stand-ins shadow the real cmdlets, so no test ever reads the machine it runs on.
#>

Set-StrictMode -Version Latest

function global:Get-PlRepoRoot {
    return (Resolve-Path (Join-Path $PSScriptRoot '..\..')).Path
}

function global:Get-PlSharedDataPath {
    <# ../shared/data beside the clone, or PATCHLANE_SHARED_DATA. #>
    param([Parameter(ValueFromRemainingArguments)][string[]]$Parts)
    $root = $env:PATCHLANE_SHARED_DATA
    if (-not $root) { $root = Join-Path (Split-Path (Get-PlRepoRoot) -Parent) (Join-Path 'shared' 'data') }
    $path = $root
    foreach ($part in $Parts) { $path = Join-Path $path $part }
    if (-not (Test-Path -LiteralPath $path)) { throw "shared data not found: $path (set PATCHLANE_SHARED_DATA)" }
    return $path
}

# ---------------------------------------------------------------- capture readers

function global:Read-PlTextCapture {
    <# A capture's text: UTF-16LE with BOM (PowerShell redirection), UTF-8 with or without BOM. #>
    param([Parameter(Mandatory)][string]$Path)
    $bytes = [IO.File]::ReadAllBytes($Path)
    if ($bytes.Length -ge 2 -and $bytes[0] -eq 0xFF -and $bytes[1] -eq 0xFE) { return [Text.Encoding]::Unicode.GetString($bytes, 2, $bytes.Length - 2) }
    if ($bytes.Length -ge 3 -and $bytes[0] -eq 0xEF -and $bytes[1] -eq 0xBB -and $bytes[2] -eq 0xBF) { return [Text.Encoding]::UTF8.GetString($bytes, 3, $bytes.Length - 3) }
    # Some XP captures start with wmic's ASCII "Please wait while WMIC is being installed." and
    # continue in UTF-16LE without a BOM: switch where the zero high bytes begin.
    for ($p = 0; $p + 5 -lt $bytes.Length; $p++) {
        if ($bytes[$p] -ne 0 -and $bytes[$p + 1] -eq 0 -and $bytes[$p + 3] -eq 0 -and $bytes[$p + 5] -eq 0) {
            return [Text.Encoding]::ASCII.GetString($bytes, 0, $p) + [Text.Encoding]::Unicode.GetString($bytes, $p, $bytes.Length - $p)
        }
    }
    return [Text.Encoding]::UTF8.GetString($bytes)
}

function global:Read-PlSystemInfoCapture {
    <# The fields of an English `systeminfo` capture the fixtures need, and its hotfix list. #>
    param([Parameter(Mandatory)][string]$Path)
    $lines = (Read-PlTextCapture $Path) -split "`r?`n|`r"
    $fields = @{}
    $hotfixes = New-Object 'System.Collections.Generic.List[string]'
    $inHotfixes = $false
    foreach ($line in $lines) {
        if ($line -match '^([A-Za-z][A-Za-z ().:-]*?):\s+(.*)$' -and $line -notmatch '^\s') {
            $fields[$Matches[1].Trim()] = $Matches[2].Trim()
            $inHotfixes = $Matches[1].Trim() -eq 'Hotfix(s)'
            continue
        }
        if ($inHotfixes -and $line -match '^\s+\[\d+\]:\s+(\S+)') { $hotfixes.Add($Matches[1]) }
    }
    return @{ Fields = $fields; HotFixes = $hotfixes.ToArray() }
}

function global:Read-PlWmicQfeCapture {
    <#
    .SYNOPSIS
      Rows of a `wmic qfe` capture as Win32_QuickFixEngineering property tables.
    .DESCRIPTION
      wmic prints fixed-width columns; each column starts where its header word starts.
    #>
    param([Parameter(Mandatory)][string]$Path)
    $lines = @((Read-PlTextCapture $Path) -split "`r?`n|`r")
    $headerIndex = -1
    for ($i = 0; $i -lt $lines.Count; $i++) { if ($lines[$i] -match '\bHotFixID\b') { $headerIndex = $i; break } }
    if ($headerIndex -lt 0) {
        # wmic prints nothing at all when there is no instance (a real capture is just a BOM and CRLF).
        if ([string]::IsNullOrWhiteSpace(($lines -join ''))) { return , @() }
        throw "no wmic qfe header in $Path"
    }
    $header = $lines[$headerIndex]
    $columns = @([regex]::Matches($header, '\S+') | ForEach-Object { @{ Name = $_.Value; Start = $_.Index } })
    $rows = New-Object 'System.Collections.Generic.List[hashtable]'
    for ($i = $headerIndex + 1; $i -lt $lines.Count; $i++) {
        $line = $lines[$i]
        if ([string]::IsNullOrWhiteSpace($line)) { continue }
        $row = @{}
        for ($c = 0; $c -lt $columns.Count; $c++) {
            $start = $columns[$c].Start
            $end = $line.Length
            if ($c + 1 -lt $columns.Count) { $end = [Math]::Min($line.Length, $columns[$c + 1].Start) }
            $value = ''
            if ($start -lt $line.Length) { $value = $line.Substring($start, $end - $start).Trim() }
            if ($value -eq '') { $value = $null }
            $row[$columns[$c].Name] = $value
        }
        $rows.Add($row)
    }
    return , $rows.ToArray()
}

function global:Read-PlBuildTable {
    <# alitai12 lines `<channel> <YYYY-MM> <B|C|D|OOB> <date> <build.UBR> KB<n>`, newest first (pipeline output). #>
    param([Parameter(Mandatory)][string]$Path)
    $rows = foreach ($line in ((Read-PlTextCapture $Path) -split "`r?`n")) {
        if ($line -match '^(.*?)\s+(\d{4}-\d{2})\s+(\S+)\s+(\d{4}-\d{2}-\d{2})\s+(\d+)\.(\d+)\s+(KB\d+)') {
            @{ Channel = $Matches[1]; Month = $Matches[2]; Kind = $Matches[3]; Date = $Matches[4]; Build = $Matches[5]; Ubr = [int]$Matches[6]; Kb = $Matches[7] }
        }
    }
    return $rows
}

function global:Get-PlBuildRelease {
    <# DataForNerds rows (Microsoft's update-history pages) for one build, as Version/ReleaseDate/Article. #>
    param([Parameter(Mandatory)][string]$Build)
    if (-not (Get-Variable -Name PlBuildReleaseCache -Scope Global -ErrorAction SilentlyContinue)) {
        $global:PlBuildReleaseCache = (Read-PlTextCapture (Get-PlSharedDataPath 'windows-build-kb-tables' 'datafornerds_buildnumbers.json') | ConvertFrom-Json).Data
    }
    return $global:PlBuildReleaseCache | Where-Object { $_.Version -like "$Build.*" }
}

function global:Read-PlUpdateHistoryCapture {
    <# `Title / Operation / ResultCode` blocks (vuls' Windows Update history capture). #>
    param([Parameter(Mandatory)][string]$Path)
    $entries = New-Object 'System.Collections.Generic.List[hashtable]'
    $current = $null
    foreach ($line in ((Read-PlTextCapture $Path) -split "`r?`n")) {
        if ($line -match '^(Title|Operation|ResultCode)\s*:\s*(.*)$') {
            if ($Matches[1] -eq 'Title') { $current = @{ Title = $Matches[2].Trim() }; $entries.Add($current) }
            elseif ($null -ne $current) { $current[$Matches[1]] = [int]$Matches[2] }
        }
    }
    return , $entries.ToArray()
}

# ---------------------------------------------------------------- fake CIM objects

function global:New-PlFakeCimInstance {
    <# An object shaped like a CimInstance of -ClassName (type name, properties, PSComputerName). #>
    param([Parameter(Mandatory)][string]$ClassName, [Parameter(Mandatory)][System.Collections.IDictionary]$Properties)
    $object = New-Object psobject
    foreach ($name in $Properties.Keys) { $object | Add-Member -NotePropertyName $name -NotePropertyValue $Properties[$name] }
    if (-not $object.PSObject.Properties['PSComputerName']) { $object | Add-Member -NotePropertyName 'PSComputerName' -NotePropertyValue $null }
    $object.PSObject.TypeNames.Insert(0, "Microsoft.Management.Infrastructure.CimInstance#root/cimv2/$ClassName")
    return $object
}

function global:New-PlInvalidClassError {
    <# What WMI answers for a class that does not exist: WBEM_E_INVALID_CLASS (0x80041010). #>
    param([Parameter(Mandatory)][string]$ClassName)
    return New-Object System.Runtime.InteropServices.COMException ("Invalid class `"$ClassName`"", -2147217392)
}

function global:New-PlFakeRegistry { return @{} }

function global:Set-PlFakeRegKey {
    <# Creates HKLM\-Key and its parents in a fake registry. #>
    param([Parameter(Mandatory)][hashtable]$Registry, [Parameter(Mandatory)][string]$Key)
    $parts = $Key -split '\\'
    for ($i = 1; $i -le $parts.Count; $i++) {
        $path = ($parts[0..($i - 1)] -join '\')
        $id = $path.ToLowerInvariant()
        if (-not $Registry.ContainsKey($id)) { $Registry[$id] = @{ Path = $path; Values = @{} } }
    }
    return $Registry[$Key.ToLowerInvariant()]
}

function global:Set-PlFakeRegValue {
    param(
        [Parameter(Mandatory)][hashtable]$Registry,
        [Parameter(Mandatory)][string]$Key,
        [Parameter(Mandatory)][string]$Name,
        [Parameter(Mandatory)][ValidateSet('REG_SZ', 'REG_EXPAND_SZ', 'REG_DWORD', 'REG_MULTI_SZ')][string]$Type,
        [AllowNull()][object]$Value
    )
    $entry = Set-PlFakeRegKey -Registry $Registry -Key $Key
    $entry.Values[$Name.ToLowerInvariant()] = @{ Type = $Type; Value = $Value }
}

function global:Invoke-PlFakeStdRegProv {
    <#
    .SYNOPSIS
      Answers a StdRegProv call as Invoke-CimMethod would: ReturnValue plus the method's out parameter.
    .DESCRIPTION
      0 success, 1 value not found, 2 key not found, 2147749893 (WBEM_E_TYPE_MISMATCH) for a value
      of another type. EnumKey on a key without subkeys succeeds with sNames = $null, as on Windows.
    #>
    param([Parameter(Mandatory)][hashtable]$Registry, [Parameter(Mandatory)][string]$MethodName, [Parameter(Mandatory)][System.Collections.IDictionary]$Arguments)
    $outName = @{ EnumKey = 'sNames'; GetStringValue = 'sValue'; GetExpandedStringValue = 'sValue'; GetMultiStringValue = 'sValue'; GetDWORDValue = 'uValue' }[$MethodName]
    if (-not $outName) { throw "fake StdRegProv does not implement $MethodName" }
    $answer = { param($code, $value) New-PlFakeCimInstance -ClassName '__PARAMETERS' -Properties ([ordered]@{ ReturnValue = [uint32]$code; $outName = $value }) }
    if ([uint32]$Arguments['hDefKey'] -ne [uint32]2147483650) { return & $answer 2 $null }
    $key = [string]$Arguments['sSubKeyName']
    $id = $key.ToLowerInvariant()
    if (-not $Registry.ContainsKey($id)) { return & $answer 2 $null }
    if ($MethodName -eq 'EnumKey') {
        $prefix = "$id\"
        $children = @($Registry.Keys | Where-Object { $_.StartsWith($prefix) -and $_.Substring($prefix.Length) -notmatch '\\' } | Sort-Object | ForEach-Object { Split-Path -Leaf $Registry[$_].Path })
        if ($children.Count -eq 0) { return & $answer 0 $null }
        return & $answer 0 ([string[]]$children)
    }
    $name = ([string]$Arguments['sValueName']).ToLowerInvariant()
    $value = $Registry[$id].Values[$name]
    if ($null -eq $value) { return & $answer 1 $null }
    $expected = @{ GetStringValue = 'REG_SZ'; GetExpandedStringValue = 'REG_EXPAND_SZ'; GetMultiStringValue = 'REG_MULTI_SZ'; GetDWORDValue = 'REG_DWORD' }[$MethodName]
    if ($value.Type -ne $expected) { return & $answer 2147749893 $null }
    switch ($MethodName) {
        'GetDWORDValue' { return & $answer 0 ([uint32]$value.Value) }
        'GetMultiStringValue' { return & $answer 0 ([string[]]@($value.Value)) }
        'GetExpandedStringValue' { return & $answer 0 ([string]$value.Value).Replace('%ProgramFiles%', 'C:\Program Files').Replace('%SystemRoot%', 'C:\Windows') }
        default { return & $answer 0 ([string]$value.Value) }
    }
}

function global:New-PlFakeUpdateSession {
    <# A stand-in for the Microsoft.Update.Session COM object: CreateUpdateSearcher, GetTotalHistoryCount, QueryHistory. #>
    param([object[]]$Entries = @(), [object]$QueryFailure)
    $searcher = New-Object psobject
    $searcher | Add-Member -NotePropertyName Entries -NotePropertyValue @($Entries)
    $searcher | Add-Member -NotePropertyName QueryFailure -NotePropertyValue $QueryFailure
    $searcher | Add-Member -MemberType ScriptMethod -Name GetTotalHistoryCount -Value { return $this.Entries.Count }
    $searcher | Add-Member -MemberType ScriptMethod -Name QueryHistory -Value {
        param([int]$Start, [int]$Count)
        if ($null -ne $this.QueryFailure) { throw $this.QueryFailure }
        $last = [Math]::Min($this.Entries.Count, $Start + $Count) - 1
        if ($last -lt $Start) { return , @() }
        return , @($this.Entries[$Start..$last])
    }
    $session = New-Object psobject
    $session | Add-Member -NotePropertyName Searcher -NotePropertyValue $searcher
    $session | Add-Member -MemberType ScriptMethod -Name CreateUpdateSearcher -Value { return $this.Searcher }
    return $session
}

function global:New-PlFakeHistoryEntry {
    <# An IUpdateHistoryEntry: the agent hands out Date in UTC without a kind (DateTimeKind.Unspecified). #>
    param([string]$Title, [datetime]$Date, [int]$Operation = 1, [int]$ResultCode = 2, [int]$HResult = 0, [string]$UpdateId, [int]$Revision = 1, [string]$Client = 'UpdateOrchestrator')
    if (-not $UpdateId) {
        # Stable per title, so recorded samples do not change from run to run.
        $md5 = [Security.Cryptography.MD5]::Create()
        $UpdateId = (New-Object guid (, $md5.ComputeHash([Text.Encoding]::UTF8.GetBytes($Title)))).ToString()
    }
    $identity = [pscustomobject]@{ UpdateID = $UpdateId; RevisionNumber = $Revision }
    return [pscustomobject]@{
        Title = $Title; Date = [datetime]::SpecifyKind($Date, [DateTimeKind]::Unspecified); Operation = $Operation
        ResultCode = $ResultCode; HResult = $HResult; UpdateIdentity = $identity; ClientApplicationID = $Client
        ServerSelection = 2; SupportUrl = 'https://support.microsoft.com/help/5005000'; Description = $Title
    }
}

# ---------------------------------------------------------------- the current machine and its fakes

function global:Invoke-PlFakeGetCimInstance {
    <# Get-CimInstance against $global:PlTestMachine (a fixture from fixtures/Machines.ps1). #>
    param([Parameter(Mandatory)][string]$ClassName)
    $machine = $global:PlTestMachine
    if ($null -eq $machine) { throw 'no fake machine selected ($global:PlTestMachine)' }
    $key = @{ Win32_OperatingSystem = 'OperatingSystem'; Win32_QuickFixEngineering = 'QuickFixEngineering'; Win32_Service = 'Services'; Win32_ServerFeature = 'ServerFeatures'; Win32_OptionalFeature = 'OptionalFeatures' }[$ClassName]
    if (-not $key -or $null -eq $machine[$key]) { throw (New-PlInvalidClassError $ClassName) }
    return $machine[$key]
}

function global:Install-PlCimStubs {
    <# Defines global stand-ins for the CIM cmdlets (and New-Object -ComObject on non-Windows) backed by the fakes. #>
    function global:Get-CimInstance {
        [CmdletBinding()]
        param([string]$ClassName, [string]$Namespace, [object]$CimSession, [string]$Filter, [string[]]$Property)
        Invoke-PlFakeGetCimInstance -ClassName $ClassName
    }
    function global:Invoke-CimMethod {
        [CmdletBinding()]
        param([string]$ClassName, [string]$Namespace, [string]$MethodName, [System.Collections.IDictionary]$Arguments, [object]$CimSession)
        Invoke-PlFakeStdRegProv -Registry $global:PlTestMachine.Registry -MethodName $MethodName -Arguments $Arguments
    }
    function global:New-CimSessionOption {
        [CmdletBinding()]
        param([string]$Protocol)
        [pscustomobject]@{ Protocol = $Protocol }
    }
    function global:New-CimSession {
        [CmdletBinding()]
        param([string[]]$ComputerName, [object]$SessionOption, [pscredential]$Credential)
        [pscustomobject]@{ ComputerName = ($ComputerName -join ','); Protocol = $SessionOption.Protocol; Id = 1 }
    }
    function global:Remove-CimSession {
        [CmdletBinding()]
        param([object]$CimSession)
    }
    if (-not (Get-Command Microsoft.PowerShell.Utility\New-Object).Parameters.ContainsKey('ComObject')) {
        $global:PlNewObjectStubbed = $true
        function global:New-Object {
            [CmdletBinding(DefaultParameterSetName = 'Net')]
            param(
                [Parameter(ParameterSetName = 'Net', Position = 0)][string]$TypeName,
                [Parameter(ParameterSetName = 'Com', Mandatory)][string]$ComObject,
                [Parameter(ParameterSetName = 'Net', Position = 1)][object[]]$ArgumentList,
                [System.Collections.IDictionary]$Property,
                [switch]$Strict
            )
            if ($PSCmdlet.ParameterSetName -eq 'Com') { return Invoke-PlFakeComObject -ProgId $ComObject }
            $forward = @{ TypeName = $TypeName }
            if ($PSBoundParameters.ContainsKey('ArgumentList')) { $forward['ArgumentList'] = $ArgumentList }
            if ($PSBoundParameters.ContainsKey('Property')) { $forward['Property'] = $Property }
            Microsoft.PowerShell.Utility\New-Object @forward
        }
    }
}

function global:Invoke-PlFakeComObject {
    <# The COM objects the collector creates, from the selected machine. #>
    param([Parameter(Mandatory)][string]$ProgId)
    $machine = $global:PlTestMachine
    if ($ProgId -ne 'Microsoft.Update.Session' -or $null -eq $machine -or $null -eq $machine.UpdateHistory) {
        throw (New-Object System.Runtime.InteropServices.COMException ("Retrieving the COM class factory for component $ProgId failed (REGDB_E_CLASSNOTREG).", -2147221164))
    }
    return New-PlFakeUpdateSession -Entries $machine.UpdateHistory
}

function global:Uninstall-PlCimStubs {
    foreach ($name in 'Get-CimInstance', 'Invoke-CimMethod', 'New-CimSessionOption', 'New-CimSession', 'Remove-CimSession') {
        Remove-Item -LiteralPath "function:global:$name" -ErrorAction SilentlyContinue
    }
    if ((Get-Variable -Name PlNewObjectStubbed -Scope Global -ErrorAction SilentlyContinue) -and $global:PlNewObjectStubbed) {
        Remove-Item -LiteralPath 'function:global:New-Object' -ErrorAction SilentlyContinue
        $global:PlNewObjectStubbed = $false
    }
}

function global:Import-PlCollectorUnderTest {
    <# Shared BeforeAll of the PatchlaneCollector.*.Tests.ps1 files: CIM stand-ins, then the module under test. #>
    Install-PlCimStubs
    Import-Module (Join-Path (Get-PlRepoRoot) 'src-main' 'powershell' 'scripts' 'PatchlaneCollector.psm1') -Force
}

function global:Remove-PlCollectorUnderTest {
    <# Shared AfterAll of the PatchlaneCollector.*.Tests.ps1 files. #>
    Remove-Module PatchlaneCollector -ErrorAction SilentlyContinue
    Uninstall-PlCimStubs
    $global:PlTestMachine = $null
}
