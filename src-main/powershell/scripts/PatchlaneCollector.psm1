<#
.SYNOPSIS
  Patchlane's host inventory collector: small functions that read Windows only through CIM
  (Get-CimInstance, Invoke-CimMethod on StdRegProv) and the Windows Update Agent.
.DESCRIPTION
  Imported by Get-HostInventory.ps1 and by the Pester tests (test/ps1), which mock the CIM
  cmdlets, New-CimSession and New-Object -ComObject inside this module. Every function takes an
  optional CimSession: $null reads the local machine, a session reads the remote one, so the same
  code runs on the target or on the console against a DCOM / WS-Man session.

  Windows PowerShell 5.1 syntax only: no ??, ?., ternary, && / || pipeline chains.
  The shape of the document is pinned by src-main/powershell/collector-output.ts.
#>

Set-StrictMode -Version Latest
# Modules do not inherit the caller's preference variables: set them for this module's scope.
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$WarningPreference = 'SilentlyContinue'

# StdRegProv hDefKey for HKEY_LOCAL_MACHINE.
$script:Hklm = [uint32]2147483650
$script:CurrentVersionKey = 'SOFTWARE\Microsoft\Windows NT\CurrentVersion'
$script:NdpFullKey = 'SOFTWARE\Microsoft\NET Framework Setup\NDP\v4\Full'
$script:UninstallKeys = @(
    @{ View = 'native'; Key = 'SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall' },
    @{ View = 'wow6432'; Key = 'SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall' }
)
# Edge's updater records the installed version here when the uninstall entry is missing.
$script:EdgeUpdateKeys = @(
    'SOFTWARE\WOW6432Node\Microsoft\EdgeUpdate\Clients\{56EB18F8-B008-4CBD-B6D2-8C97FE7E9062}',
    'SOFTWARE\Microsoft\EdgeUpdate\Clients\{56EB18F8-B008-4CBD-B6D2-8C97FE7E9062}'
)
$script:CbsRebootPendingKey = 'SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing\RebootPending'
$script:WuRebootRequiredKey = 'SOFTWARE\Microsoft\Windows\CurrentVersion\WindowsUpdate\Auto Update\RebootRequired'
$script:SessionManagerKey = 'SYSTEM\CurrentControlSet\Control\Session Manager'
# StdRegProv return values: 1 = value not found (ERROR_INVALID_FUNCTION as WMI maps it), 2 = key not found.
$script:RegNotFound = @(1, 2)
# WBEM_E_TYPE_MISMATCH: e.g. GetStringValue on a REG_EXPAND_SZ value.
$script:RegTypeMismatch = [int64]2147749893

function Get-PlProperty {
    <# Reads a property that may be absent (older Windows, other CIM providers) without tripping strict mode. #>
    param([object]$InputObject, [Parameter(Mandatory)][string]$Name)
    if ($null -eq $InputObject) { return $null }
    $property = $InputObject.PSObject.Properties[$Name]
    if ($null -eq $property) { return $null }
    return $property.Value
}

function ConvertTo-PlNullableString {
    <# Text, or $null when empty; control characters (a damaged provider's NULs, terminal escapes) are dropped. #>
    param([object]$Value)
    if ($null -eq $Value) { return $null }
    # A nested object where text belongs is not a value worth keeping as "System.Collections.Hashtable".
    if ($Value -is [System.Collections.IDictionary]) { return $null }
    $text = [regex]::Replace([string]$Value, '[\x00-\x08\x0B\x0C\x0E-\x1F\x7F]', '')
    if ($text.Length -eq 0) { return $null }
    return $text
}

function ConvertTo-PlNullableInt {
    param([object]$Value)
    if ($null -eq $Value) { return $null }
    return [int64]$Value
}

function ConvertTo-PlCheckedInt {
    <#
    .SYNOPSIS
      A whole number read from a property, or $null with a warning when the value is not one.
    .DESCRIPTION
      A broken WMI repository or provider can answer with a value of the wrong type; one bad field
      must cost that field only, not the host's whole inventory.
    #>
    param([object]$Value, [Parameter(Mandatory)][string]$Section, [Parameter(Mandatory)][string]$Name, [System.Collections.Generic.List[object]]$Warnings)
    if ($null -eq $Value) { return $null }
    try { return [int64]$Value }
    catch {
        if ($null -eq $Warnings) { throw }
        $Warnings.Add((New-PlWarning -Section $Section -Failure "$Name is not a number: '$Value'."))
        return $null
    }
}

function ConvertTo-PlUtcString {
    <#
    .SYNOPSIS
      An instant as ISO 8601 UTC (`2024-01-09T10:15:00Z`), or $null.
    .PARAMETER AssumeUtc
      The value carries no time zone but is UTC (Windows Update Agent dates).
    #>
    param([object]$Value, [switch]$AssumeUtc)
    if ($null -eq $Value) { return $null }
    if ($Value -is [datetimeoffset]) { $Value = $Value.UtcDateTime }
    if ($Value -isnot [datetime]) { return $null }
    # CIM reports "no date" as 1601-01-01 or 0001-01-01.
    if ($Value.Year -le 1601) { return $null }
    if ($AssumeUtc -and $Value.Kind -ne [DateTimeKind]::Utc) { $Value = [datetime]::SpecifyKind($Value, [DateTimeKind]::Utc) }
    return $Value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", [Globalization.CultureInfo]::InvariantCulture)
}

function ConvertTo-PlQfeDate {
    <#
    .SYNOPSIS
      Win32_QuickFixEngineering.InstalledOn as an ISO calendar date (`2024-01-09`), or $null.
    .DESCRIPTION
      WMI stores InstalledOn as a string: `M/d/yyyy` on current Windows, `yyyyMMdd` on some,
      and a 16-digit hex FILETIME on Vista / Server 2008 era systems.
    #>
    param([string]$Text)
    if ([string]::IsNullOrWhiteSpace($Text)) { return $null }
    $value = $Text.Trim()
    $invariant = [Globalization.CultureInfo]::InvariantCulture
    $styles = [Globalization.DateTimeStyles]::None
    $parsed = [datetime]::MinValue
    if ($value -match '^[0-9A-Fa-f]{16}$') {
        try { $date = [datetime]::FromFileTimeUtc([Convert]::ToInt64($value, 16)) }
        catch { return $null }
        return $date.ToString('yyyy-MM-dd', $invariant)
    }
    $formats = [string[]]@('M/d/yyyy', 'yyyyMMdd', 'yyyy-MM-dd')
    if ([datetime]::TryParseExact($value, $formats, $invariant, $styles, [ref]$parsed)) {
        return $parsed.ToString('yyyy-MM-dd', $invariant)
    }
    return $null
}

function New-PlCimSplat {
    <# Common parameters of every CIM call: the session when there is one. #>
    param([object]$CimSession)
    $splat = @{ ErrorAction = 'Stop' }
    if ($null -ne $CimSession) { $splat['CimSession'] = $CimSession }
    return $splat
}

function New-PlWarning {
    <# A warning entry for the document, from an ErrorRecord or an exception. #>
    param([Parameter(Mandatory)][string]$Section, [Parameter(Mandatory)][object]$Failure)
    $exception = $Failure
    if ($Failure -is [System.Management.Automation.ErrorRecord]) { $exception = $Failure.Exception }
    $message = [string]$Failure
    $hresult = $null
    if ($exception -is [Exception]) {
        $message = $exception.Message
        $hresult = [int64]$exception.HResult
    }
    return [pscustomobject]@{ section = $Section; message = $message; hresult = $hresult }
}

function Get-PlRegistryValue {
    <#
    .SYNOPSIS
      Reads one registry value or key list through StdRegProv (Invoke-CimMethod).
    .DESCRIPTION
      Returns $null when the value or key does not exist (StdRegProv 1 or 2); throws on any other
      failure (access denied, provider error) so the caller can record a warning.
      Kinds: String (GetStringValue, falling back to GetExpandedStringValue on a REG_EXPAND_SZ),
      DWord (GetDWORDValue), MultiString (GetMultiStringValue), EnumKey (subkey names),
      KeyExists (EnumKey, returns $true / $false).
    #>
    param(
        [object]$CimSession,
        [Parameter(Mandatory)][string]$SubKey,
        [string]$ValueName = '',
        [ValidateSet('String', 'ExpandedString', 'DWord', 'MultiString', 'EnumKey', 'KeyExists')]
        [string]$Kind = 'String',
        [uint32]$Hive = 2147483650
    )
    switch ($Kind) {
        'String' { $method = 'GetStringValue' }
        'ExpandedString' { $method = 'GetExpandedStringValue' }
        'DWord' { $method = 'GetDWORDValue' }
        'MultiString' { $method = 'GetMultiStringValue' }
        default { $method = 'EnumKey' }
    }
    $arguments = @{ hDefKey = $Hive; sSubKeyName = $SubKey }
    if ($method -ne 'EnumKey') { $arguments['sValueName'] = $ValueName }
    $splat = New-PlCimSplat -CimSession $CimSession
    $result = Invoke-CimMethod @splat -Namespace 'root/cimv2' -ClassName 'StdRegProv' -MethodName $method -Arguments $arguments
    if ($null -eq $result) { throw "StdRegProv.$method on HKLM\$SubKey returned nothing." }
    $returnValue = Get-PlProperty $result 'ReturnValue'
    try { $returnValue = [int64]$returnValue }
    catch { throw "StdRegProv.$method on HKLM\$SubKey returned '$returnValue' where a number belongs; WMI on this host may be damaged (winmgmt /verifyrepository)." }
    if ($script:RegNotFound -contains $returnValue) {
        if ($Kind -eq 'KeyExists') { return $false }
        return $null
    }
    if ($returnValue -eq $script:RegTypeMismatch -and $Kind -eq 'String') {
        return Get-PlRegistryValue -CimSession $CimSession -SubKey $SubKey -ValueName $ValueName -Kind ExpandedString -Hive $Hive
    }
    if ($returnValue -ne 0) {
        $where = "HKLM\$SubKey"
        if ($ValueName) { $where = "$where\$ValueName" }
        throw "StdRegProv.$method on $where returned $returnValue."
    }
    switch ($Kind) {
        'DWord' { return ConvertTo-PlNullableInt (Get-PlProperty $result 'uValue') }
        'MultiString' { return , @(Get-PlProperty $result 'sValue' | Where-Object { $null -ne $_ } | ForEach-Object { [string]$_ }) }
        'EnumKey' { return , @(Get-PlProperty $result 'sNames' | Where-Object { $null -ne $_ } | ForEach-Object { [string]$_ }) }
        'KeyExists' { return $true }
        default { return ConvertTo-PlNullableString (Get-PlProperty $result 'sValue') }
    }
}

function Get-PlRegistryValues {
    <#
    .SYNOPSIS
      Reads the HKLM values the console asks for (its mitigating-factor rules), whatever their type.
    .DESCRIPTION
      Each item is `SubKey::ValueName` under HKEY_LOCAL_MACHINE. The type is not known in advance:
      DWORD is tried first, then string (and expandable string), then multi-string, moving on
      only on StdRegProv's type-mismatch code. A value that does not exist comes back as null,
      which the rules read as "absent", unlike a value that was never read.
    #>
    param([object]$CimSession, [string[]]$Wanted = @())
    $values = foreach ($item in $Wanted) {
        $parts = $item -split '::', 2
        if ($parts.Count -ne 2 -or -not $parts[0] -or -not $parts[1]) { throw "Registry value '$item' is not SubKey::ValueName." }
        $value = $null
        foreach ($kind in @('DWord', 'String', 'MultiString')) {
            try {
                $value = Get-PlRegistryValue -CimSession $CimSession -SubKey $parts[0] -ValueName $parts[1] -Kind $kind
                break
            }
            catch {
                if ([string]$_.Exception.Message -notmatch "returned $($script:RegTypeMismatch)") { throw }
            }
        }
        [pscustomobject]@{ path = "HKLM\$($parts[0])"; name = $parts[1]; value = $value }
    }
    return @($values)
}

function Get-PlOperatingSystem {
    <#
    .SYNOPSIS
      Win32_OperatingSystem plus UBR, DisplayVersion, EditionID, InstallationType from the registry.
    .DESCRIPTION
      Throws when Win32_OperatingSystem cannot be read (nothing else is meaningful without it).
      Registry failures, and fields of the wrong type (a damaged WMI repository), become warnings
      in -Warnings and null fields.
    #>
    param([object]$CimSession, [System.Collections.Generic.List[object]]$Warnings)
    $splat = New-PlCimSplat -CimSession $CimSession
    $instances = @(Get-CimInstance @splat -ClassName 'Win32_OperatingSystem')
    if ($instances.Count -eq 0) { throw 'Win32_OperatingSystem returned no instance.' }
    $os = $instances[0]
    if ($instances.Count -gt 1 -and $null -ne $Warnings) {
        # A singleton class answering twice means a damaged WMI repository: say so, use the first.
        $Warnings.Add((New-PlWarning -Section 'os' -Failure "Win32_OperatingSystem returned $($instances.Count) instances; the first is used. The WMI repository may be damaged (winmgmt /verifyrepository)."))
    }

    $registry = [ordered]@{
        productName = $null; currentBuild = $null; ubr = $null; displayVersion = $null
        releaseId = $null; editionId = $null; installationType = $null
    }
    try {
        $key = $script:CurrentVersionKey
        $registry.productName = Get-PlRegistryValue -CimSession $CimSession -SubKey $key -ValueName 'ProductName'
        $registry.currentBuild = Get-PlRegistryValue -CimSession $CimSession -SubKey $key -ValueName 'CurrentBuild'
        $registry.ubr = Get-PlRegistryValue -CimSession $CimSession -SubKey $key -ValueName 'UBR' -Kind DWord
        $registry.displayVersion = Get-PlRegistryValue -CimSession $CimSession -SubKey $key -ValueName 'DisplayVersion'
        $registry.releaseId = Get-PlRegistryValue -CimSession $CimSession -SubKey $key -ValueName 'ReleaseId'
        $registry.editionId = Get-PlRegistryValue -CimSession $CimSession -SubKey $key -ValueName 'EditionID'
        $registry.installationType = Get-PlRegistryValue -CimSession $CimSession -SubKey $key -ValueName 'InstallationType'
    }
    catch {
        if ($null -ne $Warnings) { $Warnings.Add((New-PlWarning -Section 'registry' -Failure $_)) }
    }

    $servicePack = Get-PlProperty $os 'ServicePackMajorVersion'
    return [pscustomobject]@{
        caption                 = ([string](ConvertTo-PlNullableString (Get-PlProperty $os 'Caption'))).Trim()
        version                 = [string](Get-PlProperty $os 'Version')
        buildNumber             = [string](Get-PlProperty $os 'BuildNumber')
        osArchitecture          = ConvertTo-PlNullableString (Get-PlProperty $os 'OSArchitecture')
        productType             = ConvertTo-PlCheckedInt (Get-PlProperty $os 'ProductType') -Section 'os' -Name 'ProductType' -Warnings $Warnings
        operatingSystemSku      = ConvertTo-PlCheckedInt (Get-PlProperty $os 'OperatingSystemSKU') -Section 'os' -Name 'OperatingSystemSKU' -Warnings $Warnings
        servicePackMajorVersion = ConvertTo-PlCheckedInt $servicePack -Section 'os' -Name 'ServicePackMajorVersion' -Warnings $Warnings
        csdVersion              = ConvertTo-PlNullableString (Get-PlProperty $os 'CSDVersion')
        osLanguage              = ConvertTo-PlCheckedInt (Get-PlProperty $os 'OSLanguage') -Section 'os' -Name 'OSLanguage' -Warnings $Warnings
        muiLanguages            = @(Get-PlProperty $os 'MUILanguages' | Where-Object { $null -ne $_ } | ForEach-Object { [string]$_ })
        csName                  = ConvertTo-PlNullableString (Get-PlProperty $os 'CSName')
        installDate             = ConvertTo-PlUtcString (Get-PlProperty $os 'InstallDate')
        lastBootUpTime          = ConvertTo-PlUtcString (Get-PlProperty $os 'LastBootUpTime')
        registry                = [pscustomobject]$registry
    }
}

function Get-PlHotFixes {
    <# Win32_QuickFixEngineering, one object per hotfix; InstalledOn raw and also as an ISO date when parseable. #>
    param([object]$CimSession)
    $splat = New-PlCimSplat -CimSession $CimSession
    foreach ($qfe in @(Get-CimInstance @splat -ClassName 'Win32_QuickFixEngineering')) {
        $id = ConvertTo-PlNullableString (Get-PlProperty $qfe 'HotFixID')
        if ($null -eq $id) { continue }
        $installedOn = ConvertTo-PlNullableString (Get-PlProperty $qfe 'InstalledOn')
        [pscustomobject]@{
            hotFixId       = $id.Trim()
            description    = ConvertTo-PlNullableString (Get-PlProperty $qfe 'Description')
            installedBy    = ConvertTo-PlNullableString (Get-PlProperty $qfe 'InstalledBy')
            installedOn    = $installedOn
            installedOnIso = ConvertTo-PlQfeDate $installedOn
            caption        = ConvertTo-PlNullableString (Get-PlProperty $qfe 'Caption')
        }
    }
}

function Get-PlServices {
    <# Win32_Service, one object per service (name, state, start mode, account, binary path), sorted by name. #>
    param([object]$CimSession)
    $splat = New-PlCimSplat -CimSession $CimSession
    $items = foreach ($service in @(Get-CimInstance @splat -ClassName 'Win32_Service')) {
        [pscustomobject]@{
            name        = [string](Get-PlProperty $service 'Name')
            displayName = ConvertTo-PlNullableString (Get-PlProperty $service 'DisplayName')
            state       = ConvertTo-PlNullableString (Get-PlProperty $service 'State')
            startMode   = ConvertTo-PlNullableString (Get-PlProperty $service 'StartMode')
            startName   = ConvertTo-PlNullableString (Get-PlProperty $service 'StartName')
            pathName    = ConvertTo-PlNullableString (Get-PlProperty $service 'PathName')
        }
    }
    $items | Sort-Object -Property name
}

function Get-PlFeatures {
    <#
    .SYNOPSIS
      Roles and features, one object each: Win32_ServerFeature on servers (ProductType 2 or 3), Win32_OptionalFeature on clients.
    .DESCRIPTION
      When Win32_ServerFeature is missing on a server (it is absent on some Server Core and
      container images), the failure is added to -Warnings and Win32_OptionalFeature is read instead.
    #>
    param([object]$CimSession, [Parameter(Mandatory)][int64]$ProductType, [System.Collections.Generic.List[object]]$Warnings)
    $splat = New-PlCimSplat -CimSession $CimSession
    if ($ProductType -ne 1) {
        try {
            $items = foreach ($feature in @(Get-CimInstance @splat -ClassName 'Win32_ServerFeature')) {
                [pscustomobject]@{
                    source       = 'Win32_ServerFeature'
                    name         = [string](Get-PlProperty $feature 'Name')
                    caption      = ConvertTo-PlNullableString (Get-PlProperty $feature 'Name')
                    id           = ConvertTo-PlNullableInt (Get-PlProperty $feature 'ID')
                    parentId     = ConvertTo-PlNullableInt (Get-PlProperty $feature 'ParentID')
                    # Win32_ServerFeature lists installed roles and features only.
                    installState = 1
                }
            }
            $items | Sort-Object -Property id
            return
        }
        catch {
            if ($null -eq $Warnings) { throw }
            $Warnings.Add((New-PlWarning -Section 'features' -Failure $_))
        }
    }
    $items = foreach ($feature in @(Get-CimInstance @splat -ClassName 'Win32_OptionalFeature')) {
        [pscustomobject]@{
            source       = 'Win32_OptionalFeature'
            name         = [string](Get-PlProperty $feature 'Name')
            caption      = ConvertTo-PlNullableString (Get-PlProperty $feature 'Caption')
            id           = $null
            parentId     = $null
            installState = ConvertTo-PlNullableInt (Get-PlProperty $feature 'InstallState')
        }
    }
    $items | Sort-Object -Property name
}

function Get-PlDotNetRelease {
    <# The .NET Framework 4.5+ Release DWORD, or $null when 4.5+ is not installed. #>
    param([object]$CimSession)
    return Get-PlRegistryValue -CimSession $CimSession -SubKey $script:NdpFullKey -ValueName 'Release' -Kind DWord
}

function Get-PlInstalledProducts {
    <# One object per uninstall entry with a DisplayName, from the native and the WOW6432Node views. #>
    param([object]$CimSession)
    $items = foreach ($source in $script:UninstallKeys) {
        # A 32-bit Windows has no WOW6432Node: EnumKey then says "not found" and returns $null.
        $names = Get-PlRegistryValue -CimSession $CimSession -SubKey $source.Key -Kind EnumKey
        foreach ($name in @($names)) {
            if ($null -eq $name) { continue }
            $key = "$($source.Key)\$name"
            $displayName = Get-PlRegistryValue -CimSession $CimSession -SubKey $key -ValueName 'DisplayName'
            if ($null -eq $displayName) { continue }
            [pscustomobject]@{
                displayName    = $displayName
                displayVersion = Get-PlRegistryValue -CimSession $CimSession -SubKey $key -ValueName 'DisplayVersion'
                publisher      = Get-PlRegistryValue -CimSession $CimSession -SubKey $key -ValueName 'Publisher'
                keyName        = [string]$name
                view           = $source.View
            }
        }
    }
    $items | Sort-Object -Property displayName, view
}

function Get-PlEdgeVersion {
    <# Microsoft Edge's version: its uninstall entry if listed in -Products, else EdgeUpdate's `pv`. #>
    param([object]$CimSession, [object[]]$Products = @())
    foreach ($product in @($Products)) {
        if ($null -ne $product -and $product.displayName -eq 'Microsoft Edge' -and $product.displayVersion) {
            return [string]$product.displayVersion
        }
    }
    foreach ($key in $script:EdgeUpdateKeys) {
        $version = Get-PlRegistryValue -CimSession $CimSession -SubKey $key -ValueName 'pv'
        if ($version) { return $version }
    }
    return $null
}

function Get-PlPendingReboot {
    <# CBS RebootPending, Windows Update RebootRequired, Session Manager PendingFileRenameOperations. #>
    param([object]$CimSession)
    $cbs = [bool](Get-PlRegistryValue -CimSession $CimSession -SubKey $script:CbsRebootPendingKey -Kind KeyExists)
    $wu = [bool](Get-PlRegistryValue -CimSession $CimSession -SubKey $script:WuRebootRequiredKey -Kind KeyExists)
    $renames = Get-PlRegistryValue -CimSession $CimSession -SubKey $script:SessionManagerKey -ValueName 'PendingFileRenameOperations' -Kind MultiString
    # The value holds pairs (source, destination); empty destinations mean "delete". Count non-empty sources.
    $count = @(@($renames) | Where-Object { $_ }).Count
    return [pscustomobject]@{
        cbsRebootPending            = $cbs
        windowsUpdateRebootRequired = $wu
        pendingFileRenameOperations = ($count -gt 0)
        pendingFileRenameCount      = $count
        any                         = ($cbs -or $wu -or ($count -gt 0))
    }
}

function Get-PlUpdateHistory {
    <#
    .SYNOPSIS
      Windows Update Agent history (IUpdateSearcher.QueryHistory), one object per entry, newest first, at most -MaxHistory.
    .DESCRIPTION
      Uses the Microsoft.Update.Session COM object of the machine the script runs on. Throws when
      the agent is absent or fails; the caller records that as a warning.
    #>
    param([ValidateRange(1, 5000)][int]$MaxHistory = 200)
    $session = New-Object -ComObject 'Microsoft.Update.Session'
    $searcher = $session.CreateUpdateSearcher()
    $total = [int]$searcher.GetTotalHistoryCount()
    if ($total -le 0) { return }
    $entries = $searcher.QueryHistory(0, [Math]::Min($total, $MaxHistory))
    foreach ($entry in @($entries)) {
        $title = ConvertTo-PlNullableString (Get-PlProperty $entry 'Title')
        $kb = $null
        if ($null -ne $title -and $title -match '\b(KB\d{6,8})\b') { $kb = $Matches[1] }
        $identity = Get-PlProperty $entry 'UpdateIdentity'
        [pscustomobject]@{
            title               = $title
            kb                  = $kb
            date                = ConvertTo-PlUtcString (Get-PlProperty $entry 'Date') -AssumeUtc
            operation           = [int64](Get-PlProperty $entry 'Operation')
            resultCode          = [int64](Get-PlProperty $entry 'ResultCode')
            hResult             = [int64](Get-PlProperty $entry 'HResult')
            updateId            = ConvertTo-PlNullableString (Get-PlProperty $identity 'UpdateID')
            revisionNumber      = ConvertTo-PlNullableInt (Get-PlProperty $identity 'RevisionNumber')
            clientApplicationId = ConvertTo-PlNullableString (Get-PlProperty $entry 'ClientApplicationID')
            serverSelection     = ConvertTo-PlNullableInt (Get-PlProperty $entry 'ServerSelection')
            supportUrl          = ConvertTo-PlNullableString (Get-PlProperty $entry 'SupportUrl')
        }
    }
}

function New-PlCimSession {
    <#
    .SYNOPSIS
      A CimSession to -ComputerName over DCOM or WS-Man. The name is only ever a parameter value.
    #>
    param(
        [Parameter(Mandatory)][string]$ComputerName,
        [Parameter(Mandatory)][ValidateSet('Dcom', 'Wsman')][string]$Protocol,
        [pscredential]$Credential
    )
    $option = New-CimSessionOption -Protocol $Protocol
    $parameters = @{ ComputerName = $ComputerName; SessionOption = $option; ErrorAction = 'Stop' }
    if ($null -ne $Credential) { $parameters['Credential'] = $Credential }
    return New-CimSession @parameters
}

function Invoke-PlSection {
    <# Runs one section; a failure becomes a warning and the section's value is -Fallback. #>
    param(
        [Parameter(Mandatory)][string]$Section,
        [Parameter(Mandatory)][scriptblock]$ScriptBlock,
        [Parameter(Mandatory)][AllowEmptyCollection()][System.Collections.Generic.List[object]]$Warnings,
        [object]$Fallback = $null
    )
    try {
        $value = & $ScriptBlock
        # Keep a list a list (even empty or of one item); let a scalar or $null through as is.
        if ($value -is [array]) { return , $value }
        return $value
    }
    catch {
        $Warnings.Add((New-PlWarning -Section $Section -Failure $_))
        return $Fallback
    }
}

function Get-PlHostInventory {
    <#
    .SYNOPSIS
      Builds the whole inventory document (see collector-output.ts) for the local machine or -ComputerName.
    .DESCRIPTION
      Throws only when the target cannot be reached or Win32_OperatingSystem fails; any other
      section that fails is $null in the document with an entry in `warnings`.
    #>
    [CmdletBinding()]
    param(
        [string]$ComputerName,
        [ValidateSet('Local', 'Dcom', 'Wsman')][string]$Protocol = 'Local',
        [pscredential]$Credential,
        [switch]$IncludeUpdateHistory,
        [ValidateRange(1, 5000)][int]$MaxHistory = 200,
        [string[]]$RegistryValue = @()
    )
    $startedAt = ConvertTo-PlUtcString ([datetime]::UtcNow)
    $warnings = New-Object 'System.Collections.Generic.List[object]'
    $session = $null
    $target = $null
    if ($Protocol -eq 'Local') {
        if ($ComputerName -and $ComputerName -ne '.' -and $ComputerName -ne 'localhost' -and $ComputerName -ne [Environment]::MachineName) {
            throw "ComputerName '$ComputerName' needs -Protocol Dcom or Wsman; -Protocol Local reads this machine only."
        }
    }
    else {
        if (-not $ComputerName) { throw "-Protocol $Protocol needs -ComputerName." }
        $session = New-PlCimSession -ComputerName $ComputerName -Protocol $Protocol -Credential $Credential
    }
    if ($ComputerName) { $target = $ComputerName }

    try {
        $os = Get-PlOperatingSystem -CimSession $session -Warnings $warnings
        $hotfixes = Invoke-PlSection -Section 'hotfixes' -Warnings $warnings -ScriptBlock { , @(Get-PlHotFixes -CimSession $session) }
        $services = Invoke-PlSection -Section 'services' -Warnings $warnings -ScriptBlock { , @(Get-PlServices -CimSession $session) }
        $features = Invoke-PlSection -Section 'features' -Warnings $warnings -ScriptBlock {
            # An unreadable ProductType (0 here) tries the server classes first, then the client one.
            $productType = $os.productType
            if ($null -eq $productType) { $productType = 0 }
            , @(Get-PlFeatures -CimSession $session -ProductType $productType -Warnings $warnings)
        }
        $dotNet = Invoke-PlSection -Section 'dotNet' -Warnings $warnings -ScriptBlock { Get-PlDotNetRelease -CimSession $session }
        $products = Invoke-PlSection -Section 'products' -Warnings $warnings -ScriptBlock { , @(Get-PlInstalledProducts -CimSession $session) }
        $edge = Invoke-PlSection -Section 'edge' -Warnings $warnings -ScriptBlock { Get-PlEdgeVersion -CimSession $session -Products @($products) }
        $reboot = Invoke-PlSection -Section 'pendingReboot' -Warnings $warnings -ScriptBlock { Get-PlPendingReboot -CimSession $session }
        $registryValues = $null
        if ($RegistryValue.Count -gt 0) {
            $registryValues = Invoke-PlSection -Section 'registryValues' -Warnings $warnings -ScriptBlock { , @(Get-PlRegistryValues -CimSession $session -Wanted $RegistryValue) }
        }
        $history = $null
        if ($IncludeUpdateHistory) {
            if ($null -ne $session) {
                # The agent's COM object is local; reading another machine's history needs the
                # script to run on that machine (PowerShell remoting), not a CIM session.
                $warnings.Add((New-PlWarning -Section 'updateHistory' -Failure 'Windows Update history is read by running the collector on the host itself; a remote CIM session cannot reach the Windows Update Agent.'))
            }
            else {
                $history = Invoke-PlSection -Section 'updateHistory' -Warnings $warnings -ScriptBlock { , @(Get-PlUpdateHistory -MaxHistory $MaxHistory) }
            }
        }
    }
    finally {
        if ($null -ne $session) { Remove-CimSession -CimSession $session -ErrorAction SilentlyContinue }
    }

    # PSEdition appeared in 5.1; older engines are all Windows PowerShell ("Desktop").
    $edition = [string]$PSVersionTable['PSEdition']
    if (-not $edition) { $edition = 'Desktop' }
    $document = [pscustomobject]@{
        schemaVersion          = 1
        collector              = [pscustomobject]@{
            computerName = $target
            protocol     = $Protocol
            psVersion    = $PSVersionTable.PSVersion.ToString()
            psEdition    = $edition
            startedAt    = $startedAt
            finishedAt   = ConvertTo-PlUtcString ([datetime]::UtcNow)
        }
        os                     = $os
        hotfixes               = $hotfixes
        updateHistory          = $history
        services               = $services
        features               = $features
        dotNetFrameworkRelease = $dotNet
        products               = $products
        edgeVersion            = $edge
        pendingReboot          = $reboot
        warnings               = $warnings.ToArray()
    }
    # Only when asked: an older console, or a run without rules, gets the document it knows.
    if ($RegistryValue.Count -gt 0) { $document | Add-Member -NotePropertyName registryValues -NotePropertyValue $registryValues }
    return $document
}

function ConvertTo-PlJson {
    <# The document as one line of JSON, deep enough for every nested object. #>
    param([Parameter(Mandatory)][object]$Document)
    return ConvertTo-Json -InputObject $Document -Depth 12 -Compress
}

function ConvertTo-PlFailureJson {
    <# The stderr document of a failed run: {"schemaVersion":1,"error":{message,hresult,section}}. #>
    param([Parameter(Mandatory)][object]$Failure, [string]$Section)
    $warning = New-PlWarning -Section 'os' -Failure $Failure
    $sectionValue = $null
    if ($Section) { $sectionValue = $Section }
    $document = [pscustomobject]@{
        schemaVersion = 1
        error         = [pscustomobject]@{ message = $warning.message; hresult = $warning.hresult; section = $sectionValue }
    }
    return ConvertTo-Json -InputObject $document -Depth 4 -Compress
}

function Get-PlParametersOf {
    <#
    .SYNOPSIS
      The parameters of -CommandName (without the common ones) as dynamic parameters, attributes included.
    .DESCRIPTION
      Lets a wrapper take exactly the parameters of the function it wraps, declared once there.
    #>
    param([Parameter(Mandatory)][string]$CommandName)
    $dictionary = New-Object System.Management.Automation.RuntimeDefinedParameterDictionary
    $common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
    foreach ($parameter in (Get-Command -Name $CommandName -CommandType Function).Parameters.Values) {
        if ($common -contains $parameter.Name) { continue }
        $attributes = New-Object 'System.Collections.ObjectModel.Collection[System.Attribute]'
        foreach ($attribute in $parameter.Attributes) { $attributes.Add($attribute) }
        $dynamic = New-Object System.Management.Automation.RuntimeDefinedParameter ($parameter.Name, $parameter.ParameterType, $attributes)
        $dictionary.Add($parameter.Name, $dynamic)
    }
    return , $dictionary
}

function Invoke-PlHostInventory {
    <#
    .SYNOPSIS
      Runs the collector and returns what the script prints: ExitCode, Stdout, Stderr.
    .DESCRIPTION
      Takes exactly Get-PlHostInventory's parameters (declared there once, offered here as dynamic
      parameters) and passes on those given. Kept apart from Get-HostInventory.ps1 so that tests
      can run the script's exact logic in-process with CIM mocked.
    #>
    [CmdletBinding()]
    param()
    dynamicparam { Get-PlParametersOf -CommandName 'Get-PlHostInventory' }
    end {
        try {
            $document = Get-PlHostInventory @PSBoundParameters
            return [pscustomobject]@{ ExitCode = 0; Stdout = (ConvertTo-PlJson -Document $document); Stderr = $null }
        }
        catch {
            return [pscustomobject]@{ ExitCode = 1; Stdout = $null; Stderr = (ConvertTo-PlFailureJson -Failure $_) }
        }
    }
}

Export-ModuleMember -Function @(
    'Get-PlRegistryValue', 'Get-PlRegistryValues', 'Get-PlOperatingSystem', 'Get-PlHotFixes', 'Get-PlServices', 'Get-PlFeatures',
    'Get-PlDotNetRelease', 'Get-PlInstalledProducts', 'Get-PlEdgeVersion', 'Get-PlPendingReboot',
    'Get-PlUpdateHistory', 'New-PlCimSession', 'Get-PlHostInventory', 'ConvertTo-PlJson',
    'ConvertTo-PlFailureJson', 'ConvertTo-PlQfeDate', 'ConvertTo-PlUtcString', 'Invoke-PlHostInventory'
)
