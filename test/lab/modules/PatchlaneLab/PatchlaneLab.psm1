<#
.SYNOPSIS
  Lab stand-in for the Windows surface Patchlane's collector reads: CIM (Get-CimInstance,
  Invoke-CimMethod with StdRegProv, CIM sessions) and the Windows Update Agent
  (New-Object -ComObject Microsoft.Update.*). TEST ONLY: never shipped.
.DESCRIPTION
  Each lab host's sshd starts pwsh with a session configuration that imports this module, and sets
  PATCHLANE_LAB_FIXTURE to that host's JSON fixture (built by test/lab/fixtures/build-fixture.ts
  from real captures). Objects have the properties Microsoft documents for each class; their type
  names follow Get-CimInstance's (Microsoft.Management.Infrastructure.CimInstance#root/cimv2/Class).
  The fixture's `behaviour` makes a host slow (delaySeconds before every answer) or answer garbage:
  'data' = malformed objects and odd CIM errors, 'protocol' = raw bytes into the remoting stream.
#>
Set-StrictMode -Version Latest

$script:Fixture = $null

function Get-LabFixture {
    if ($null -eq $script:Fixture) {
        $path = $env:PATCHLANE_LAB_FIXTURE
        if (-not $path) { throw 'PatchlaneLab: PATCHLANE_LAB_FIXTURE is not set (this session was not started by the lab sshd).' }
        $script:Fixture = Get-Content -LiteralPath $path -Raw | ConvertFrom-Json
    }
    $script:Fixture
}

# Every answer goes through here: the slow host sleeps, the 'protocol' garbage host corrupts the
# remoting stream (stdout IS the PSRP channel under `pwsh -sshs`).
function Enter-LabAnswer {
    $fixture = Get-LabFixture
    if ($fixture.behaviour.delaySeconds -gt 0) { Start-Sleep -Milliseconds ([int]($fixture.behaviour.delaySeconds * 1000)) }
    if ($fixture.behaviour.garbage -eq 'protocol') {
        $out = [Console]::OpenStandardOutput()
        $junk = [Text.Encoding]::UTF8.GetBytes("<garbage>`0`u{1b}[31mnot PSRP</Data>`n")
        $out.Write($junk, 0, $junk.Length)
        $out.Flush()
    }
    $fixture
}

function New-LabCimObject([string]$ClassName, [string]$Namespace, [System.Collections.IDictionary]$Properties) {
    $object = [pscustomobject]$Properties
    $object.PSObject.TypeNames.Insert(0, "Microsoft.Management.Infrastructure.CimInstance#$($Namespace -replace '\\', '/')/$ClassName")
    $object.PSObject.TypeNames.Insert(0, "Microsoft.Management.Infrastructure.CimInstance#$ClassName")
    $object
}

function ConvertTo-LabDate($Text) {
    if ($null -eq $Text -or $Text -eq '') { return $null }
    [datetime]::Parse([string]$Text, [Globalization.CultureInfo]::InvariantCulture)
}

function New-LabCimError([string]$Message, [string]$HResult, [System.Management.Automation.ErrorCategory]$Category) {
    $exception = [System.InvalidOperationException]::new($Message)
    [System.Management.Automation.ErrorRecord]::new($exception, "HRESULT $HResult,Microsoft.Management.Infrastructure.CimCmdlets.GetCimInstanceCommand", $Category, $null)
}

function Get-LabClassInstances([string]$ClassName, $Fixture) {
    $garbage = $Fixture.behaviour.garbage -eq 'data'
    switch ($ClassName) {
        'Win32_OperatingSystem' {
            $os = [ordered]@{}
            foreach ($p in $Fixture.operatingSystem.PSObject.Properties) { $os[$p.Name] = $p.Value }
            $os.InstallDate = ConvertTo-LabDate $os.InstallDate
            $os.LastBootUpTime = ConvertTo-LabDate $os.LastBootUpTime
            $os.LocalDateTime = [datetime]::Now
            $os.Name = "$($os.Caption)|$($os.WindowsDirectory)|\Device\Harddisk0\Partition2"
            if ($garbage) {
                $os.Caption = "Microsoft Windows `0`u{1b}[31m$([char]0xD800)"
                $os.Version = 'ten'
                $os.BuildNumber = ''
                $os.OSArchitecture = @{ nested = @(1, @{ deeper = [double]::NaN }) }
                $os.ProductType = 'workstation'
                $os.InstallDate = 'yesterday'
                # A singleton class that answers twice.
                return @((New-LabCimObject $ClassName 'root/cimv2' $os), (New-LabCimObject $ClassName 'root/cimv2' $os))
            }
            return New-LabCimObject $ClassName 'root/cimv2' $os
        }
        'Win32_ComputerSystem' {
            $cs = [ordered]@{}
            foreach ($p in $Fixture.computerSystem.PSObject.Properties) { $cs[$p.Name] = $p.Value }
            if ($garbage) { $cs.Name = $null; $cs.PartOfDomain = 'maybe' }
            return New-LabCimObject $ClassName 'root/cimv2' $cs
        }
        'Win32_QuickFixEngineering' {
            $rows = foreach ($h in $Fixture.hotfixes) {
                New-LabCimObject $ClassName 'root/cimv2' ([ordered]@{
                        HotFixID = $h.HotFixID; Description = $h.Description; InstalledOn = $h.InstalledOn; InstalledBy = $h.InstalledBy
                        Caption = $h.Caption; CSName = $Fixture.operatingSystem.CSName; FixComments = ''; ServicePackInEffect = ''; Status = $null; Name = $null; InstallDate = $null
                    })
            }
            if ($garbage) {
                # Real oddities of Win32_QuickFixEngineering (hex FILETIME dates, "File 1" rows) plus worse.
                $rows = @($rows) + @(
                    (New-LabCimObject $ClassName 'root/cimv2' ([ordered]@{ HotFixID = 'File 1'; Description = $null; InstalledOn = '01d4a0b1c2d3e4f0'; InstalledBy = ''; Caption = '' })),
                    (New-LabCimObject $ClassName 'root/cimv2' ([ordered]@{ HotFixID = $null; Description = 'Update'; InstalledOn = '13/45/2019'; InstalledBy = 42; Caption = $null })),
                    (New-LabCimObject $ClassName 'root/cimv2' ([ordered]@{ HotFixID = 'KB'; Description = "`u{FEFF}Security Update"; InstalledOn = [double]::PositiveInfinity }))
                )
            }
            return $rows
        }
        'Win32_Service' {
            if ($garbage) { throw (New-LabCimError 'Generic failure ' '0x80041001' 'NotSpecified') }
            $rows = foreach ($s in $Fixture.services) {
                $row = [ordered]@{}
                foreach ($p in $s.PSObject.Properties) { $row[$p.Name] = $p.Value }
                $row.Started = $s.State -eq 'Running'
                $row.SystemName = $Fixture.operatingSystem.CSName
                New-LabCimObject $ClassName 'root/cimv2' $row
            }
            return $rows
        }
        default {
            throw (New-LabCimError 'Invalid class ' '0x80041010' 'MetadataError')
        }
    }
}

# WQL as the collector writes it: SELECT <props|*> FROM <class> [WHERE <a = 'x' AND b LIKE 'y%' ...>]
function Split-LabQuery([string]$Query) {
    $m = [regex]::Match($Query, '^\s*SELECT\s+(?<props>.+?)\s+FROM\s+(?<class>\w+)(\s+WHERE\s+(?<where>.+))?\s*$', 'IgnoreCase')
    if (-not $m.Success) { throw (New-LabCimError 'Invalid query ' '0x80041017' 'InvalidArgument') }
    [pscustomobject]@{ ClassName = $m.Groups['class'].Value; Filter = $m.Groups['where'].Value; Property = $m.Groups['props'].Value.Trim() }
}

function Test-LabFilter($Object, [string]$Filter) {
    if (-not $Filter) { return $true }
    foreach ($term in [regex]::Split($Filter, '\s+AND\s+', 'IgnoreCase')) {
        $m = [regex]::Match($term.Trim(), '^\(?\s*(?<name>\w+)\s*(?<op>=|<>|!=|LIKE)\s*[''"](?<value>[^''"]*)[''"]\s*\)?$', 'IgnoreCase')
        if (-not $m.Success) { throw (New-LabCimError 'Invalid query ' '0x80041017' 'InvalidArgument') }
        $property = $Object.PSObject.Properties[$m.Groups['name'].Value]
        $actual = if ($property) { [string]$property.Value } else { $null }
        $wanted = $m.Groups['value'].Value
        $ok = switch ($m.Groups['op'].Value.ToUpperInvariant()) {
            '=' { $actual -eq $wanted }
            'LIKE' { $actual -like ($wanted -replace '%', '*' -replace '_', '?') }
            default { $actual -ne $wanted }
        }
        if (-not $ok) { return $false }
    }
    $true
}

function Get-CimInstance {
    <# .SYNOPSIS Lab stand-in for CimCmdlets\Get-CimInstance, answering from the host's fixture. #>
    [CmdletBinding(DefaultParameterSetName = 'ClassNameComputerSet')]
    param(
        [Parameter(Position = 0, ParameterSetName = 'ClassNameComputerSet')][string]$ClassName,
        [Parameter(ParameterSetName = 'QuerySessionSet')][Parameter(ParameterSetName = 'ClassNameComputerSet')][string]$Query,
        [string]$Namespace = 'root/cimv2',
        [string]$Filter,
        [string[]]$Property,
        [object[]]$CimSession,
        [string[]]$ComputerName,
        [uint32]$OperationTimeoutSec,
        [switch]$KeyOnly,
        [switch]$Shallow,
        [string]$QueryDialect
    )
    $fixture = Enter-LabAnswer
    if ($Query) {
        $parsed = Split-LabQuery $Query
        $ClassName = $parsed.ClassName
        $Filter = $parsed.Filter
    }
    if (-not $ClassName) { throw (New-LabCimError 'Invalid class ' '0x80041010' 'MetadataError') }
    foreach ($instance in @(Get-LabClassInstances $ClassName $fixture)) {
        if (Test-LabFilter $instance $Filter) { $instance }
    }
}

$script:Hives = @{ '2147483650' = 'HKLM'; '2147483648' = 'HKCR'; '2147483649' = 'HKCU'; '2147483651' = 'HKU' }
$script:RegTypes = @{ REG_SZ = 1; REG_EXPAND_SZ = 2; REG_BINARY = 3; REG_DWORD = 4; REG_MULTI_SZ = 7; REG_QWORD = 11 }

function Find-LabRegistryKey($Fixture, $Arguments) {
    $hive = $script:Hives[[string]$Arguments['hDefKey']]
    if (-not $hive) { $hive = 'HKLM' }   # StdRegProv's default hDefKey is HKLM
    $path = ([string]$Arguments['sSubKeyName']).Trim('\')
    foreach ($key in $Fixture.registry) {
        if ($key.hive -eq $hive -and $key.key -eq $path) { return $key }
    }
    $null
}

function Invoke-StdRegProv([string]$MethodName, $Arguments, $Fixture) {
    $key = Find-LabRegistryKey $Fixture $Arguments
    # 2 = ERROR_FILE_NOT_FOUND (key or value missing); 0x80041005 = WBEM_E_TYPE_MISMATCH.
    $result = [ordered]@{ ReturnValue = [uint32]2 }
    switch ($MethodName) {
        'EnumKey' {
            # A key exists when the fixture lists it or any key below it.
            $prefix = ([string]$Arguments['sSubKeyName']).Trim('\') + '\'
            if ($prefix -eq '\') { $prefix = '' }
            $names = @($Fixture.registry | Where-Object { $_.key.StartsWith($prefix, 'OrdinalIgnoreCase') } | ForEach-Object { $_.key.Substring($prefix.Length).Split('\')[0] } | Select-Object -Unique)
            if ($null -ne $key -or $names.Count -gt 0) {
                $result.ReturnValue = [uint32]0
                $result.sNames = if ($names.Count) { [string[]]$names } else { $null }
            }
            else { $result.sNames = $null }
        }
        'EnumValues' {
            if ($null -ne $key) {
                $result.ReturnValue = [uint32]0
                $result.sNames = if (@($key.values).Count) { [string[]]@($key.values.name) } else { $null }
                $result.Types = if (@($key.values).Count) { [int[]]@($key.values | ForEach-Object { $script:RegTypes[$_.type] }) } else { $null }
            }
        }
        default {
            $expected = @{ GetStringValue = 'REG_SZ'; GetExpandedStringValue = 'REG_EXPAND_SZ'; GetDWORDValue = 'REG_DWORD'; GetQWORDValue = 'REG_QWORD'; GetMultiStringValue = 'REG_MULTI_SZ' }[$MethodName]
            if (-not $expected) { throw (New-LabCimError 'Method not implemented ' '0x80041055' 'NotImplemented') }
            $outName = @{ REG_SZ = 'sValue'; REG_EXPAND_SZ = 'sValue'; REG_DWORD = 'uValue'; REG_QWORD = 'uValue'; REG_MULTI_SZ = 'sValues' }[$expected]
            $result[$outName] = $null
            $value = if ($null -ne $key) { @($key.values) | Where-Object { $_.name -eq [string]$Arguments['sValueName'] } | Select-Object -First 1 } else { $null }
            if ($null -ne $value) {
                if ($value.type -ne $expected) { $result.ReturnValue = [uint32]2147749893 }
                else {
                    $result.ReturnValue = [uint32]0
                    $result[$outName] = switch ($expected) { 'REG_DWORD' { [uint32]$value.value } 'REG_QWORD' { [uint64]$value.value } 'REG_MULTI_SZ' { [string[]]@($value.value) } default { [string]$value.value } }
                }
            }
        }
    }
    if ($Fixture.behaviour.garbage -eq 'data') { $result = [ordered]@{ ReturnValue = 'abc'; sValue = 12345; uValue = 'not a number'; sNames = @($null, 7) } }
    $object = [pscustomobject]$result
    $object.PSObject.TypeNames.Insert(0, 'Microsoft.Management.Infrastructure.CimMethodResult')
    $object
}

function Invoke-CimMethod {
    <# .SYNOPSIS Lab stand-in for CimCmdlets\Invoke-CimMethod: StdRegProv's registry methods. #>
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)][string]$ClassName,
        [Parameter(Position = 1)][string]$MethodName,
        [System.Collections.IDictionary]$Arguments = @{},
        [string]$Namespace = 'root/cimv2',
        [object[]]$CimSession,
        [string[]]$ComputerName,
        [Parameter(ValueFromPipeline = $true)][object]$InputObject,
        [string]$Query,
        [uint32]$OperationTimeoutSec
    )
    process {
        $fixture = Enter-LabAnswer
        $class = if ($ClassName) { $ClassName } elseif ($InputObject) { ($InputObject.PSObject.TypeNames[0] -split '[#/]')[-1] } else { '' }
        if ($class -ne 'StdRegProv') { throw (New-LabCimError 'Invalid class ' '0x80041010' 'MetadataError') }
        Invoke-StdRegProv $MethodName $Arguments $fixture
    }
}

function New-CimSessionOption {
    <# .SYNOPSIS Lab stand-in for New-CimSessionOption (DCOM or WSMan options; nothing to configure here). #>
    [CmdletBinding()]
    param([ValidateSet('Dcom', 'Default', 'Wsman')][string]$Protocol = 'Default', [switch]$UseSsl, [switch]$SkipCACheck, [switch]$SkipCNCheck, [switch]$SkipRevocationCheck, [string]$Culture, [string]$UICulture)
    [pscustomobject]@{ PSTypeName = 'Microsoft.Management.Infrastructure.Options.CimSessionOptions'; Protocol = $Protocol }
}

$script:NextSessionId = 1

function New-CimSession {
    <# .SYNOPSIS Lab stand-in for New-CimSession: every session reads this lab host's fixture. #>
    [CmdletBinding()]
    param([Parameter(Position = 0)][string[]]$ComputerName = @('localhost'), [object]$SessionOption, [pscredential]$Credential, [string]$Authentication, [uint32]$OperationTimeoutSec, [string]$Name, [uint32]$Port, [switch]$SkipTestConnection)
    foreach ($computer in $ComputerName) {
        $id = $script:NextSessionId++
        [pscustomobject]@{
            PSTypeName = 'Microsoft.Management.Infrastructure.CimSession'
            Id = $id; Name = if ($Name) { $Name } else { "CimSession$id" }; InstanceId = [guid]::NewGuid(); ComputerName = $computer
            Protocol = if ($SessionOption) { [string]$SessionOption.Protocol } else { 'WSMAN' }
        }
    }
}

function Remove-CimSession {
    <# .SYNOPSIS Lab stand-in for Remove-CimSession (lab sessions hold nothing). #>
    [CmdletBinding()]
    param([Parameter(Position = 0, ValueFromPipeline = $true)][object[]]$CimSession, [uint32[]]$Id, [string[]]$ComputerName)
    process { }
}

. (Join-Path $PSScriptRoot 'WindowsUpdate.ps1')
. (Join-Path $PSScriptRoot 'ScheduledTasks.ps1')

Export-ModuleMember -Function Get-CimInstance, Invoke-CimMethod, New-CimSession, New-CimSessionOption, Remove-CimSession, New-Object,
    New-ScheduledTaskAction, New-ScheduledTaskPrincipal, New-ScheduledTaskSettingsSet, Register-ScheduledTask, Start-ScheduledTask,
    Get-ScheduledTask, Get-ScheduledTaskInfo, Stop-ScheduledTask, Unregister-ScheduledTask
