# Pester 5 tests of src-main/powershell/scripts/Get-AdComputers.ps1 (ADSI as the current user).
# System.DirectoryServices has no directory to talk to here, so New-Object is mocked for
# DirectoryEntry and DirectorySearcher: the fake searcher records how it was set up and its
# FindAll returns SearchResult-like objects (Path, and Properties keyed by lower-case attribute
# name holding a collection of values, absent for an attribute the object lacks) in a collection
# that must be disposed, as ADSI's SearchResultCollection.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:ScriptPath = Join-Path (Get-PlRepoRoot) 'src-main' 'powershell' 'scripts' 'Get-AdComputers.ps1'

    function New-FakeSearchResult {
        <# A SearchResult: Path (the ADsPath) and Properties (ResultPropertyCollection: lower-case keys, value collections). #>
        param([Parameter(Mandatory)][string]$Dn, [System.Collections.IDictionary]$Attributes = @{})
        $properties = @{ adspath = [object[]]@("LDAP://dc1.corp.example.com/$Dn"); distinguishedname = [object[]]@($Dn) }
        foreach ($name in $Attributes.Keys) { $properties[$name.ToLowerInvariant()] = [object[]]@($Attributes[$name]) }
        [pscustomobject]@{ Path = "LDAP://dc1.corp.example.com/$Dn"; Properties = $properties }
    }

    function Invoke-AdScript {
        <# Runs the script in this process with the console captured: ExitCode, Stdout, Stderr. #>
        param([hashtable]$Parameters)
        $out = [IO.StringWriter]::new()
        $err = [IO.StringWriter]::new()
        $savedOut = [Console]::Out
        $savedErr = [Console]::Error
        [Console]::SetOut($out)
        [Console]::SetError($err)
        $global:LASTEXITCODE = 0
        try { & $script:ScriptPath @Parameters }
        finally {
            [Console]::SetOut($savedOut)
            [Console]::SetError($savedErr)
        }
        [pscustomobject]@{ ExitCode = $global:LASTEXITCODE; Stdout = $out.ToString().Trim(); Stderr = $err.ToString().Trim() }
    }

    function Register-FakeAdsi {
        <#
        Mocks New-Object for DirectoryEntry / DirectorySearcher; FindAll answers $Results or throws $Failure.
        The state is global: the fake's methods run inside the script under test, not this file's scope.
        #>
        param([object[]]$Results = @(), [Exception]$Failure)
        $global:PlFakeAdsi = [pscustomobject]@{ EntryArguments = $null; Searcher = $null; Collection = $null; Failure = $Failure; Results = $Results }
        Mock New-Object -ParameterFilter { $TypeName -eq 'System.DirectoryServices.DirectoryEntry' } {
            $global:PlFakeAdsi.EntryArguments = @($ArgumentList)
            $entry = [pscustomobject]@{ Path = [string]@($ArgumentList)[0]; Disposed = $false }
            $entry | Add-Member -MemberType ScriptMethod -Name Dispose -Value { $this.Disposed = $true }
            $entry
        }
        Mock New-Object -ParameterFilter { $TypeName -eq 'System.DirectoryServices.DirectorySearcher' } {
            $searcher = [pscustomobject]@{
                SearchRoot       = $ArgumentList[0]
                Filter           = [string]$ArgumentList[1]
                PropertiesToLoad = [string[]]$ArgumentList[2]
                SearchScope      = 'Subtree'
                PageSize         = 0
                ClientTimeout    = [TimeSpan]::FromSeconds(-1)
                ServerTimeLimit  = [TimeSpan]::FromSeconds(-1)
                Disposed         = $false
            }
            $searcher | Add-Member -MemberType ScriptMethod -Name Dispose -Value { $this.Disposed = $true }
            $searcher | Add-Member -MemberType ScriptMethod -Name FindAll -Value {
                if ($null -ne $global:PlFakeAdsi.Failure) { throw $global:PlFakeAdsi.Failure }
                $collection = New-Object 'System.Collections.Generic.List[object]'
                foreach ($result in $global:PlFakeAdsi.Results) { $collection.Add($result) }
                Add-Member -InputObject $collection -MemberType NoteProperty -Name Disposed -Value $false
                Add-Member -InputObject $collection -MemberType ScriptMethod -Name Dispose -Value { $this.Disposed = $true }
                $global:PlFakeAdsi.Collection = $collection
                , $collection
            }
            $global:PlFakeAdsi.Searcher = $searcher
            $searcher
        }
    }

    $script:Computers = @(
        New-FakeSearchResult -Dn 'CN=WS0001,OU=Workstations,DC=corp,DC=example,DC=com' -Attributes ([ordered]@{
                name = 'WS0001'; dNSHostName = 'ws0001.corp.example.com'; operatingSystem = 'Windows 11 Enterprise'; operatingSystemVersion = '10.0 (22631)'
            })
        New-FakeSearchResult -Dn 'CN=SRV2025-01,OU=Servers,DC=corp,DC=example,DC=com' -Attributes ([ordered]@{
                name = 'SRV2025-01'; dNSHostName = 'srv2025-01.corp.example.com'; operatingSystem = 'Windows Server 2025 Datacenter'; operatingSystemVersion = '10.0 (26100)'
            })
        # A pre-staged account: no DNS name and no OS until the computer first joins.
        New-FakeSearchResult -Dn 'CN=FS01,OU=Servers,DC=corp,DC=example,DC=com' -Attributes ([ordered]@{ name = 'FS01' })
    )
}

AfterAll { $global:PlFakeAdsi = $null }

Describe 'Get-AdComputers.ps1: the search it builds' {
    BeforeEach { Register-FakeAdsi -Results $script:Computers }

    It 'binds to the domain root as the current user (no user name, no password in the DirectoryEntry)' {
        $run = Invoke-AdScript @{ Domain = 'corp.example.com' }
        $run.Stderr | Should -BeNullOrEmpty
        $run.ExitCode | Should -Be 0
        $global:PlFakeAdsi.EntryArguments | Should -Be @('LDAP://corp.example.com/DC=corp,DC=example,DC=com')
    }

    It 'searches the subtree for enabled computer objects, paged 1000 at a time, for the OS attributes' {
        $null = Invoke-AdScript @{ Domain = 'corp.example.com' }
        $searcher = $global:PlFakeAdsi.Searcher
        $searcher.Filter | Should -BeExactly '(&(objectCategory=computer)(!(userAccountControl:1.2.840.113556.1.4.803:=2)))'
        $searcher.SearchScope | Should -Be 'Subtree'
        $searcher.PageSize | Should -Be 1000
        foreach ($attribute in 'dNSHostName', 'name', 'operatingSystem', 'operatingSystemVersion') { $searcher.PropertiesToLoad | Should -Contain $attribute }
        $searcher.ClientTimeout | Should -Be ([TimeSpan]::FromSeconds(120))
    }

    It 'asks a named DC under an explicit search base, with "/" escaped for the ADsPath' {
        $null = Invoke-AdScript @{ Domain = 'corp.example.com'; Server = 'dc2.corp.example.com'; SearchBase = 'OU=Sites/Lyon,DC=corp,DC=example,DC=com' }
        $global:PlFakeAdsi.EntryArguments | Should -Be @('LDAP://dc2.corp.example.com/OU=Sites\/Lyon,DC=corp,DC=example,DC=com')
    }

    It 'escapes a name prefix per RFC 4515 before it joins the filter' {
        $null = Invoke-AdScript @{ Domain = 'corp.example.com'; NamePrefix = 'WS*)(|(objectClass=*)\' }
        $global:PlFakeAdsi.Searcher.Filter | Should -BeExactly '(&(&(objectCategory=computer)(!(userAccountControl:1.2.840.113556.1.4.803:=2)))(name=WS\2a\29\28|\28objectClass=\2a\29\5c*))'
    }

    It 'refuses a hostile domain name before touching the directory: <Domain>' -ForEach @(
        @{ Domain = "corp.example.com'; Remove-Item -Recurse C:\ #" }
        @{ Domain = 'corp.example.com/CN=Users' }
        @{ Domain = 'corp..example.com' }
        @{ Domain = '' }
    ) {
        { Invoke-AdScript @{ Domain = $Domain } } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
        Should -Invoke New-Object -Times 0 -Exactly -ParameterFilter { $TypeName -like 'System.DirectoryServices.*' }
    }
}

Describe 'Get-AdComputers.ps1: what it prints' {
    It 'prints one JSON document with each computer, absent attributes as null, and disposes the ADSI objects' {
        Register-FakeAdsi -Results $script:Computers
        $run = Invoke-AdScript @{ Domain = 'corp.example.com.' }
        $run.Stderr | Should -BeNullOrEmpty
        $run.ExitCode | Should -Be 0
        @($run.Stdout -split "`n").Count | Should -Be 1
        $doc = $run.Stdout | ConvertFrom-Json
        $doc.schemaVersion | Should -Be 1
        $doc.searchRoot | Should -Be 'LDAP://corp.example.com/DC=corp,DC=example,DC=com'
        @($doc.computers).Count | Should -Be 3
        $doc.computers[1].dn | Should -Be 'CN=SRV2025-01,OU=Servers,DC=corp,DC=example,DC=com'
        $doc.computers[1].name | Should -Be 'SRV2025-01'
        $doc.computers[1].dNSHostName | Should -Be 'srv2025-01.corp.example.com'
        $doc.computers[1].operatingSystem | Should -Be 'Windows Server 2025 Datacenter'
        $doc.computers[1].operatingSystemVersion | Should -Be '10.0 (26100)'
        $doc.computers[2].dNSHostName | Should -BeNullOrEmpty
        $doc.computers[2].operatingSystem | Should -BeNullOrEmpty
        $global:PlFakeAdsi.Collection.Disposed | Should -BeTrue
        $global:PlFakeAdsi.Searcher.Disposed | Should -BeTrue
    }

    It 'prints an empty list for a domain without enabled computers' {
        Register-FakeAdsi -Results @()
        $run = Invoke-AdScript @{ Domain = 'corp.example.com' }
        $run.Stderr | Should -BeNullOrEmpty
        $run.ExitCode | Should -Be 0
        ($run.Stdout | ConvertFrom-Json).computers | Should -BeNullOrEmpty
        $run.Stdout | Should -BeLike '*"computers":`[`]*'
    }

    It 'reports the ADSI failure with its HRESULT on stderr and exits 1 (domain not reachable: 0x8007054B)' {
        Register-FakeAdsi -Failure (New-Object System.Runtime.InteropServices.COMException ('The specified domain either does not exist or could not be contacted.', -2147023541))
        $run = Invoke-AdScript @{ Domain = 'corp.example.com' }
        $run.ExitCode | Should -Be 1
        $run.Stdout | Should -BeNullOrEmpty
        $failure = ($run.Stderr | ConvertFrom-Json).error
        $failure.message | Should -Be 'The specified domain either does not exist or could not be contacted.'
        $failure.hresult | Should -Be -2147023541
        $failure.stage | Should -Be 'search'
    }
}
