<#
.SYNOPSIS
  Lists the enabled computer accounts of an AD domain as the current Windows user (ADSI), as one JSON document.
.DESCRIPTION
  Patchlane's LDAP client (ldapts) cannot bind with Kerberos, so on Windows the domain is read here
  through System.DirectoryServices.DirectorySearcher, which signs in as the logged-on user
  (Negotiate/Kerberos, signed and sealed). A paged subtree search from the domain's root (or
  -SearchBase) for enabled computer objects, with their DNS name, name and operating system.

  Every input is a parameter, validated here as well as in the console. The domain and the search
  base only ever go into the ADsPath; the one user-provided filter value (-NamePrefix) is escaped
  per RFC 4515 before it joins the filter. Windows PowerShell 5.1 compatible.
.PARAMETER Domain
  The domain's DNS name (corp.example.com): the ADsPath's server, so the DC locator picks a DC.
.PARAMETER Server
  A domain controller to ask instead of letting the locator choose.
.PARAMETER SearchBase
  A distinguished name to search under; default: the domain's root (DC=corp,DC=example,DC=com).
.PARAMETER NamePrefix
  Only computers whose name starts with this text.
.OUTPUTS
  {"schemaVersion":1,"searchRoot":"LDAP://corp.example.com/DC=corp,DC=example,DC=com","computers":[{"dn","name","dNSHostName","operatingSystem","operatingSystemVersion"}]}
  On failure: exit code 1 and {"schemaVersion":1,"error":{"message","hresult","stage"}} on stderr.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [ValidatePattern('^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$')]
    [string]$Domain,
    [ValidatePattern('^$|^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$')]
    [string]$Server = '',
    [ValidateLength(0, 1024)][string]$SearchBase = '',
    [ValidateLength(0, 64)][string]$NamePrefix = '',
    [ValidateRange(1, 1000)][int]$PageSize = 1000,
    [ValidateRange(5, 3600)][int]$TimeoutSeconds = 120
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$WarningPreference = 'SilentlyContinue'

# Enabled computer objects: objectCategory is indexed; bit 2 of userAccountControl (ACCOUNTDISABLE)
# tested with LDAP_MATCHING_RULE_BIT_AND. The same filter as src-main/targets/ad-domain.ts.
$EnabledComputers = '(&(objectCategory=computer)(!(userAccountControl:1.2.840.113556.1.4.803:=2)))'
$Attributes = @('distinguishedName', 'dNSHostName', 'name', 'operatingSystem', 'operatingSystemVersion')

function ConvertTo-LdapFilterValue {
    <# RFC 4515 3: a value in a filter with * ( ) \ NUL written as \2a \28 \29 \5c \00 (so it matches as text). #>
    param([AllowEmptyString()][Parameter(Mandatory)][string]$Value)
    $builder = New-Object System.Text.StringBuilder
    foreach ($char in $Value.ToCharArray()) {
        switch ([int]$char) {
            0x2A { [void]$builder.Append('\2a') }
            0x28 { [void]$builder.Append('\28') }
            0x29 { [void]$builder.Append('\29') }
            0x5C { [void]$builder.Append('\5c') }
            0x00 { [void]$builder.Append('\00') }
            default { [void]$builder.Append($char) }
        }
    }
    return $builder.ToString()
}

function ConvertTo-AdsPathDn {
    <# A DN inside an ADsPath: "/" separates the path's parts, so one inside the DN is written "\/". #>
    param([Parameter(Mandatory)][string]$DistinguishedName)
    return $DistinguishedName.Replace('/', '\/')
}

function Get-FirstText {
    <#
    Reads a SearchResult property's first value as text, or $null. ResultPropertyCollection keys
    are lower-case; an attribute the object lacks is simply absent.
    #>
    param([Parameter(Mandatory)][object]$Properties, [Parameter(Mandatory)][string]$Name)
    $key = $Name.ToLowerInvariant()
    if (-not $Properties.Contains($key)) { return $null }
    $values = @($Properties[$key])
    if ($values.Count -eq 0 -or $null -eq $values[0]) { return $null }
    $first = $values[0]
    if ($first -is [byte[]]) { $first = [Text.Encoding]::UTF8.GetString($first) }
    $text = ([string]$first).Trim()
    if ($text.Length -eq 0) { return $null }
    return $text
}

$stage = 'connect'
try {
    $domainName = $Domain.TrimEnd('.')
    if ($SearchBase) { $base = $SearchBase }
    else { $base = (@($domainName.Split('.')) | ForEach-Object { "DC=$_" }) -join ',' }
    if ($base -match '[\r\n\x00]') { throw 'The search base holds a control character.' }
    $serverPart = $domainName
    if ($Server) { $serverPart = $Server }
    $searchRoot = "LDAP://$serverPart/$(ConvertTo-AdsPathDn -DistinguishedName $base)"

    $filter = $EnabledComputers
    if ($NamePrefix) { $filter = "(&$EnabledComputers(name=$(ConvertTo-LdapFilterValue -Value $NamePrefix)*))" }

    # No user name or password: ADSI binds as the current user with Kerberos (Secure, Signing, Sealing).
    $root = New-Object System.DirectoryServices.DirectoryEntry ($searchRoot)
    $searcher = New-Object System.DirectoryServices.DirectorySearcher ($root, $filter, [string[]]$Attributes)
    $searcher.SearchScope = 'Subtree'
    # PageSize > 0 turns on the paged results control: every match, past the DC's MaxPageSize.
    $searcher.PageSize = $PageSize
    $searcher.ClientTimeout = [TimeSpan]::FromSeconds($TimeoutSeconds)
    $searcher.ServerTimeLimit = [TimeSpan]::FromSeconds($TimeoutSeconds)

    $stage = 'search'
    $results = $searcher.FindAll()
    $computers = New-Object 'System.Collections.Generic.List[object]'
    try {
        foreach ($result in $results) {
            $properties = $result.Properties
            $dn = Get-FirstText -Properties $properties -Name 'distinguishedName'
            # The ADsPath is LDAP://server/DN with "/" in the DN written "\/".
            if ($null -eq $dn) { $dn = ([string]$result.Path -replace '^LDAP://[^/]+/', '').Replace('\/', '/') }
            $computers.Add([pscustomobject]@{
                    dn                     = $dn
                    name                   = Get-FirstText -Properties $properties -Name 'name'
                    dNSHostName            = Get-FirstText -Properties $properties -Name 'dNSHostName'
                    operatingSystem        = Get-FirstText -Properties $properties -Name 'operatingSystem'
                    operatingSystemVersion = Get-FirstText -Properties $properties -Name 'operatingSystemVersion'
                })
        }
    }
    finally {
        # SearchResultCollection holds unmanaged ADSI handles until disposed.
        $results.Dispose()
        $searcher.Dispose()
        $root.Dispose()
    }

    $document = [pscustomobject]@{ schemaVersion = 1; searchRoot = $searchRoot; computers = $computers.ToArray() }
    [Console]::Out.WriteLine((ConvertTo-Json -InputObject $document -Depth 4 -Compress))
}
catch {
    $exception = $_.Exception
    # PowerShell wraps ADSI's COMException (whose HRESULT names the cause) in a MethodInvocationException.
    while ($null -ne $exception.InnerException -and $exception -is [System.Management.Automation.RuntimeException]) { $exception = $exception.InnerException }
    $failure = [pscustomobject]@{
        schemaVersion = 1
        error         = [pscustomobject]@{ message = $exception.Message; hresult = $exception.HResult; stage = $stage }
    }
    [Console]::Error.WriteLine((ConvertTo-Json -InputObject $failure -Compress))
    exit 1
}
