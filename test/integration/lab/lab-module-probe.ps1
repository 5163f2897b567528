# Exercises the PatchlaneLab module in-process (no SSH) and prints one JSON document of what it saw.
# PATCHLANE_LAB_FIXTURE must point at a fixture. Used by lab-module.test.ts.
param([Parameter(Mandatory = $true)][string]$ModulePath)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath

function Capture([scriptblock]$Block) {
    try { & $Block } catch { [pscustomobject]@{ error = $_.Exception.Message.Trim(); errorId = $_.FullyQualifiedErrorId } }
}
function NameOf($Object) { if ($Object.PSObject.Properties['Name']) { [string]$Object.Name } else { 'error' } }
$hklm = [uint32]2147483650
$cv = 'SOFTWARE\Microsoft\Windows NT\CurrentVersion'
# Object-valued properties (garbage mode) are reduced to their type: the test compares shapes.
$os = @(Capture { Get-CimInstance -ClassName Win32_OperatingSystem })
$report = [ordered]@{
    osCount        = $os.Count
    osTypeName     = $os[0].PSObject.TypeNames[0]
    osVersion      = [string]$os[0].Version
    osInstallDate  = if ($os[0].PSObject.Properties['InstallDate']) { $os[0].InstallDate.GetType().Name } else { $null }
    hotfixCount    = @(Capture { Get-CimInstance Win32_QuickFixEngineering }).Count
    byQuery        = @(Capture { Get-CimInstance -Query "SELECT Name, State FROM Win32_Service WHERE Name = 'wuauserv'" } | ForEach-Object { NameOf $_ })
    byFilter       = @(Capture { Get-CimInstance -ClassName Win32_Service -Filter "Name LIKE 'Win%' AND StartMode = 'Auto'" } | ForEach-Object { NameOf $_ })
    serviceError   = (Capture { $null = Get-CimInstance -ClassName Win32_Service; 'none' })
    unknownClass   = (Capture { Get-CimInstance -ClassName Win32_Nope })
    build          = (Capture { Invoke-CimMethod -ClassName StdRegProv -MethodName GetStringValue -Arguments @{ hDefKey = $hklm; sSubKeyName = $cv; sValueName = 'CurrentBuild' } })
    missingValue   = (Capture { Invoke-CimMethod -ClassName StdRegProv -MethodName GetStringValue -Arguments @{ hDefKey = $hklm; sSubKeyName = $cv; sValueName = 'NoSuchValue' } })
    wrongType      = (Capture { Invoke-CimMethod -ClassName StdRegProv -MethodName GetDWORDValue -Arguments @{ hDefKey = $hklm; sSubKeyName = $cv; sValueName = 'CurrentBuild' } })
    subKeys        = (Capture { Invoke-CimMethod -ClassName StdRegProv -MethodName EnumKey -Arguments @{ hDefKey = $hklm; sSubKeyName = 'SOFTWARE\Microsoft' } })
    session        = (Capture { $s = New-CimSession -ComputerName 'pc1' -SessionOption (New-CimSessionOption -Protocol Dcom); $name = (Get-CimInstance -CimSession $s -ClassName Win32_ComputerSystem).Name; $s | Remove-CimSession; [pscustomobject]@{ protocol = $s.Protocol; name = $name } })
    wuaSearch      = (Capture { $r = (New-Object -ComObject Microsoft.Update.Session).CreateUpdateSearcher().Search("IsInstalled=0 and Type='Software'"); [pscustomobject]@{ resultCode = $r.ResultCode; count = $r.Updates.Count; kbs = @($r.Updates | ForEach-Object { $_.KBArticleIDs[0] }) } })
    wuaInstalled   = (Capture { (New-Object -ComObject Microsoft.Update.Session).CreateUpdateSearcher().Search('IsInstalled=1').Updates.Count })
    plainNewObject = (New-Object System.Text.StringBuilder 'still the real New-Object').ToString()
}
[Console]::Out.WriteLine((ConvertTo-Json -InputObject ([pscustomobject]$report) -Depth 6 -Compress -WarningAction SilentlyContinue))
