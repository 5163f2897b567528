<#
.SYNOPSIS
  Asks lab hosts over real SSH remoting what the collector would ask, one JSON line per host.
  TEST ONLY (used by test/integration/lab and handy by hand after `npm run -s lab -- up`).
.OUTPUTS
  {"address":"10.231.0.11","ok":true,"elapsedMs":1234,"caption":"...","buildNumber":"...","csName":"...","envComputer":"...",
   "hotFixIds":["KB..."],"ubr":{"returnValue":0,"value":316},"missing":["KB..."],"services":["wuauserv"]}
  or {"address":"...","ok":false,"elapsedMs":...,"errorId":"...","error":"..."}
  ssh's own complaints ("Permission denied (publickey).", "No route to host") come out on stdout
  too, as plain lines: read only the lines that start with "{".
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][string[]]$Address,
    [Parameter(Mandatory = $true)][string]$UserName,
    [Parameter(Mandatory = $true)][string]$KeyFilePath,
    [int]$ConnectTimeoutSeconds = 5
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

# `pwsh -File` hands "-Address a,b" over as one string.
$Address = @($Address | ForEach-Object { $_ -split ',' } | Where-Object { $_ })
$options = @{ StrictHostKeyChecking = 'no'; UserKnownHostsFile = '/dev/null'; LogLevel = 'ERROR'; ConnectTimeout = [string]$ConnectTimeoutSeconds }
foreach ($target in $Address) {
    $watch = [Diagnostics.Stopwatch]::StartNew()
    try {
        $answer = Invoke-Command -HostName $target -UserName $UserName -KeyFilePath $KeyFilePath -Options $options -ErrorAction Stop -ScriptBlock {
            $os = Get-CimInstance -ClassName Win32_OperatingSystem
            $hotfixes = @(Get-CimInstance -ClassName Win32_QuickFixEngineering)
            $ubr = Invoke-CimMethod -ClassName StdRegProv -Namespace root/default -MethodName GetDWORDValue -Arguments @{
                hDefKey = [uint32]2147483650; sSubKeyName = 'SOFTWARE\Microsoft\Windows NT\CurrentVersion'; sValueName = 'UBR'
            }
            $search = (New-Object -ComObject Microsoft.Update.Session).CreateUpdateSearcher().Search("IsInstalled=0 and Type='Software' and IsHidden=0")
            [pscustomobject]@{
                caption     = [string]$os.Caption
                buildNumber = [string]$os.BuildNumber
                csName      = [string]$os.CSName
                envComputer = [string]$env:COMPUTERNAME
                hotFixIds   = [string[]]@($hotfixes | ForEach-Object { [string]$_.HotFixID })
                ubr         = [pscustomobject]@{ returnValue = [int64]$ubr.ReturnValue; value = $ubr.uValue }
                missing     = [string[]]@($search.Updates | ForEach-Object { 'KB' + $_.KBArticleIDs[0] })
                services    = [string[]]@(Get-CimInstance -ClassName Win32_Service -Filter "State = 'Running'" | ForEach-Object { [string]$_.Name })
            }
        }
        $result = [ordered]@{ address = $target; ok = $true; elapsedMs = $watch.ElapsedMilliseconds }
        foreach ($name in 'caption', 'buildNumber', 'csName', 'envComputer', 'hotFixIds', 'ubr', 'missing', 'services') { $result[$name] = $answer.$name }
    }
    catch {
        $result = [ordered]@{ address = $target; ok = $false; elapsedMs = $watch.ElapsedMilliseconds; errorId = [string]$_.FullyQualifiedErrorId; error = $_.Exception.Message }
    }
    [Console]::Out.WriteLine((ConvertTo-Json -InputObject ([pscustomobject]$result) -Compress -Depth 5))
}
