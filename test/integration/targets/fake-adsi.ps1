<#
.SYNOPSIS
  TEST ONLY: System.DirectoryServices for Get-AdComputers.ps1 on a machine without it, backed by a
  real LDAP server: the searcher's filter, base, attributes and page size go to `ldapsearch`
  against the test slapd, whose entries come back as SearchResult-like objects (Path; Properties
  keyed by lower-case attribute name, each a collection of values). Dot-source, then run the script.
  Bind details: $env:PL_FAKE_ADSI_URL, $env:PL_FAKE_ADSI_BIND_DN, $env:PL_FAKE_ADSI_PASSWORD.
#>
Set-StrictMode -Version Latest

function global:ConvertFrom-PlLdif {
    <# ldapsearch -LLL output (lines unwrapped) → one ordered dictionary per entry; `attr:: base64` decoded. #>
    param([string[]]$Lines)
    $entry = $null
    foreach ($line in $Lines + '') {
        if ($line -eq '') {
            if ($null -ne $entry) { $entry }
            $entry = $null
            continue
        }
        if ($line.StartsWith('#')) { continue }
        $match = [regex]::Match($line, '^([^:]+)(::?) ?(.*)$')
        if (-not $match.Success) { continue }
        $name = $match.Groups[1].Value
        $value = $match.Groups[3].Value
        if ($match.Groups[2].Value -eq '::') { $value = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($value)) }
        if ($null -eq $entry) { $entry = [ordered]@{} }
        $key = $name.ToLowerInvariant()
        if (-not $entry.Contains($key)) { $entry[$key] = New-Object 'System.Collections.Generic.List[object]' }
        $entry[$key].Add($value)
    }
}

function global:New-Object {
    param([Parameter(Position = 0)][string]$TypeName, [Parameter(Position = 1)][object[]]$ArgumentList)
    switch ($TypeName) {
        'System.DirectoryServices.DirectoryEntry' {
            $entry = [pscustomobject]@{ Path = [string]$ArgumentList[0] }
            $entry | Add-Member -MemberType ScriptMethod -Name Dispose -Value { }
            return $entry
        }
        'System.DirectoryServices.DirectorySearcher' {
            $searcher = [pscustomobject]@{
                SearchRoot = $ArgumentList[0]; Filter = [string]$ArgumentList[1]; PropertiesToLoad = [string[]]$ArgumentList[2]
                SearchScope = 'Subtree'; PageSize = 0; ClientTimeout = [TimeSpan]::FromSeconds(-1); ServerTimeLimit = [TimeSpan]::FromSeconds(-1)
            }
            $searcher | Add-Member -MemberType ScriptMethod -Name Dispose -Value { }
            $searcher | Add-Member -MemberType ScriptMethod -Name FindAll -Value {
                # LDAP://server/DN, "\/" inside the DN.
                $dn = ([regex]::Match($this.SearchRoot.Path, '^LDAP://[^/]+/(.*)$').Groups[1].Value).Replace('\/', '/')
                $arguments = @('-x', '-LLL', '-o', 'ldif-wrap=no', '-H', $env:PL_FAKE_ADSI_URL, '-D', $env:PL_FAKE_ADSI_BIND_DN, '-w', $env:PL_FAKE_ADSI_PASSWORD,
                    '-b', $dn, '-s', 'sub')
                if ($this.PageSize -gt 0) { $arguments += @('-E', "pr=$($this.PageSize)/noprompt") }
                $arguments += @($this.Filter) + @($this.PropertiesToLoad)
                $lines = @(& ldapsearch @arguments)
                if ($LASTEXITCODE -ne 0) { throw (New-Object System.Runtime.InteropServices.COMException ("ldapsearch exited $LASTEXITCODE", -2147016672)) }
                $results = New-Object 'System.Collections.Generic.List[object]'
                foreach ($entry in (ConvertFrom-PlLdif -Lines $lines)) {
                    if (-not $entry.Contains('dn')) { continue }
                    $properties = @{}
                    foreach ($key in $entry.Keys) { if ($key -ne 'dn') { $properties[$key] = $entry[$key].ToArray() } }
                    $properties['adspath'] = @("LDAP://127.0.0.1/$($entry['dn'][0])")
                    $results.Add([pscustomobject]@{ Path = "LDAP://127.0.0.1/$($entry['dn'][0])"; Properties = $properties })
                }
                Add-Member -InputObject $results -MemberType ScriptMethod -Name Dispose -Value { }
                , $results
            }
            return $searcher
        }
        default { return Microsoft.PowerShell.Utility\New-Object -TypeName $TypeName -ArgumentList $ArgumentList }
    }
}
