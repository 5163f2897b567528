# Pester 5 tests of the whole collector: the document Get-PlHostInventory builds, the script's
# stdout / stderr / exit code contract (in-process and as a child pwsh), the warnings path,
# the error-as-JSON path, and how a hostile computer name travels.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    . (Join-Path $PSScriptRoot 'fixtures' 'Machines.ps1')
    . (Join-Path $PSScriptRoot 'CimMocks.ps1')
    Install-PlCimStubs
    Import-Module (Join-Path (Get-PlRepoRoot) 'src-main' 'powershell' 'scripts' 'PatchlaneCollector.psm1') -Force

    $script:Hostile = "pc1'; Remove-Item -Recurse C:\ #"
    $script:IsoInstant = '^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$'
    # The pwsh that runs these tests may be a .NET global tool whose process is `dotnet`: ask for
    # the launcher run-pester.mjs found, else the one on PATH.
    $script:Pwsh = $env:PATCHLANE_PWSH
    if (-not $script:Pwsh) { $script:Pwsh = (Get-Command pwsh -CommandType Application | Select-Object -First 1).Source }
    $script:ScriptPath = Join-Path (Get-PlRepoRoot) 'src-main' 'powershell' 'scripts' 'Get-HostInventory.ps1'

    function Invoke-PlChild {
        <# Runs pwsh with an argument array (no command string); returns ExitCode, Stdout lines, Stderr text. #>
        param([string[]]$Arguments)
        $errFile = [IO.Path]::GetTempFileName()
        try {
            $stdout = @(& $script:Pwsh -NoProfile -NonInteractive @Arguments 2> $errFile)
            $code = $LASTEXITCODE
            return [pscustomobject]@{ ExitCode = $code; Stdout = $stdout; Stderr = ([IO.File]::ReadAllText($errFile)).Trim() }
        }
        finally { Remove-Item -LiteralPath $errFile -ErrorAction SilentlyContinue }
    }

    function Get-PlInstants {
        <# Every instant in a document's JSON text (ConvertFrom-Json would turn them into DateTime). #>
        param([string]$Json)
        [regex]::Matches($Json, '"(?:startedAt|finishedAt|installDate|lastBootUpTime|date)":"([^"]*)"') | ForEach-Object { $_.Groups[1].Value }
    }
}

AfterAll {
    Remove-Module PatchlaneCollector -ErrorAction SilentlyContinue
    Uninstall-PlCimStubs
    $global:PlTestMachine = $null
}

Describe 'Get-PlHostInventory: the whole document' {
    It '<Name>: one JSON document that round-trips, lists kept as arrays' -ForEach @(
        @{ Name = 'win11-23h2' }, @{ Name = 'win10-22h2' }, @{ Name = 'server2025' }, @{ Name = 'win11-arm64' }
    ) {
        Use-PlMachine $Name
        $json = ConvertTo-PlJson -Document (Get-PlHostInventory -IncludeUpdateHistory)
        $json | Should -Not -Match "`n"
        $doc = $json | ConvertFrom-Json
        $doc.schemaVersion | Should -Be 1
        $doc.collector.protocol | Should -Be 'Local'
        $doc.collector.computerName | Should -BeNullOrEmpty
        $doc.os.registry.ubr | Should -Be $global:PlTestMachine.Ubr
        @($doc.warnings).Count | Should -Be 0
        # Windows PowerShell 5.1 unwraps one-item arrays unless forced: single hotfix lists must stay lists.
        $json | Should -Match '"hotfixes":\[\{'
        $json | Should -Match '"updateHistory":\[\{'
        $json | Should -Match '"services":\[\{'
        $json | Should -Match '"products":\[\{'
        $json | Should -Match '"warnings":\[\]'
        $json | Should -Match '"muiLanguages":\["en-US"\]'
        @($doc.hotfixes).Count | Should -Be @($global:PlTestMachine.QuickFixEngineering).Count
        $instants = @(Get-PlInstants $json)
        $instants.Count | Should -Be (4 + @($global:PlTestMachine.UpdateHistory).Count)
        foreach ($instant in $instants) { $instant | Should -Match $script:IsoInstant }
    }

    It 'describes Windows Server 2025: build 26100, Server, Win32_ServerFeature, pending reboot' {
        Use-PlMachine 'server2025'
        $doc = ConvertTo-PlJson -Document (Get-PlHostInventory) | ConvertFrom-Json
        $doc.os.caption | Should -Be 'Microsoft Windows Server 2025 Datacenter'
        $doc.os.buildNumber | Should -Be '26100'
        $doc.os.productType | Should -Be 3
        $doc.os.registry.installationType | Should -Be 'Server'
        $doc.os.registry.ubr | Should -Be $global:PlTestMachine.Release.Ubr
        $doc.hotfixes[0].hotFixId | Should -Be $global:PlTestMachine.Release.Kb
        @($doc.features.source | Select-Object -Unique) | Should -Be @('Win32_ServerFeature')
        $doc.pendingReboot.any | Should -BeTrue
        $doc.dotNetFrameworkRelease | Should -Be 533325
        $doc.edgeVersion | Should -Be '141.0.3537.71'
        $doc.updateHistory | Should -BeNullOrEmpty
    }

    It 'describes Windows 11 on ARM64' {
        Use-PlMachine 'win11-arm64'
        $doc = ConvertTo-PlJson -Document (Get-PlHostInventory) | ConvertFrom-Json
        $doc.os.osArchitecture | Should -Be 'ARM 64-bit Processor'
        $doc.os.registry.displayVersion | Should -Be '24H2'
        $doc.edgeVersion | Should -Be '141.0.3537.71'
    }

    It 'reads a remote host through one <Protocol> CimSession and closes it' -ForEach @(@{ Protocol = 'Dcom' }, @{ Protocol = 'Wsman' }) {
        Use-PlMachine 'server2025'
        $doc = ConvertTo-PlJson -Document (Get-PlHostInventory -ComputerName 'srv2025-01' -Protocol $Protocol -IncludeUpdateHistory) | ConvertFrom-Json
        $doc.collector.computerName | Should -Be 'srv2025-01'
        $doc.collector.protocol | Should -Be $Protocol
        Should -Invoke New-CimSessionOption -ModuleName PatchlaneCollector -Times 1 -Exactly -ParameterFilter { $Protocol -eq $Protocol }
        Should -Invoke New-CimSession -ModuleName PatchlaneCollector -Times 1 -Exactly
        Should -Invoke Get-CimInstance -ModuleName PatchlaneCollector -Times 0 -Exactly -ParameterFilter { $null -eq $CimSession }
        Should -Invoke Invoke-CimMethod -ModuleName PatchlaneCollector -Times 0 -Exactly -ParameterFilter { $null -eq $CimSession }
        Should -Invoke Remove-CimSession -ModuleName PatchlaneCollector -Times 1 -Exactly
        # The agent's COM object is local: remote history is a warning, not the console's own history.
        Should -Invoke New-Object -ModuleName PatchlaneCollector -Times 0 -Exactly -ParameterFilter { $ComObject -eq 'Microsoft.Update.Session' }
        $doc.updateHistory | Should -BeNullOrEmpty
        @($doc.warnings.section) | Should -Be @('updateHistory')
    }

    It 'leaves update history out unless asked' {
        Use-PlMachine 'win11-23h2'
        $json = ConvertTo-PlJson -Document (Get-PlHostInventory)
        $json | Should -Match '"updateHistory":null'
        Should -Invoke New-Object -ModuleName PatchlaneCollector -Times 0 -Exactly -ParameterFilter { $ComObject -eq 'Microsoft.Update.Session' }
    }
}

Describe 'Warnings: one section fails, the document is still produced' {
    It 'records a missing Win32_OptionalFeature on a client and keeps the rest' {
        Use-PlMachine 'win11-23h2'
        $global:PlTestMachine.OptionalFeatures = $null
        $outcome = Invoke-PlHostInventory -IncludeUpdateHistory
        $outcome.ExitCode | Should -Be 0
        $outcome.Stderr | Should -BeNullOrEmpty
        $doc = $outcome.Stdout | ConvertFrom-Json
        $doc.features | Should -BeNullOrEmpty
        $outcome.Stdout | Should -Match '"features":null'
        @($doc.warnings).Count | Should -Be 1
        $doc.warnings[0].section | Should -Be 'features'
        $doc.warnings[0].message | Should -BeLike '*Invalid class*Win32_OptionalFeature*'
        $doc.warnings[0].hresult | Should -Be -2147217392
        @($doc.hotfixes).Count | Should -Be 4
        @($doc.updateHistory).Count | Should -Be 3
    }

    It 'records a Server Core host without Win32_ServerFeature and falls back' {
        Use-PlMachine 'server2025-core'
        $doc = (Invoke-PlHostInventory).Stdout | ConvertFrom-Json
        $doc.os.registry.installationType | Should -Be 'Server Core'
        @($doc.features.source | Select-Object -Unique) | Should -Be @('Win32_OptionalFeature')
        @($doc.warnings.section) | Should -Be @('features')
    }

    It 'records a missing Windows Update Agent as a warning, not a failure' {
        Use-PlMachine 'win10-22h2'
        $global:PlTestMachine.UpdateHistory = $null
        $outcome = Invoke-PlHostInventory -IncludeUpdateHistory
        $outcome.ExitCode | Should -Be 0
        $doc = $outcome.Stdout | ConvertFrom-Json
        $doc.updateHistory | Should -BeNullOrEmpty
        $doc.warnings[0].section | Should -Be 'updateHistory'
        $doc.warnings[0].message | Should -BeLike '*REGDB_E_CLASSNOTREG*'
    }

    It 'records a failing QueryHistory (agent error) as a warning' {
        Use-PlMachine 'win10-22h2'
        Mock -ModuleName PatchlaneCollector New-Object -ParameterFilter { $ComObject -eq 'Microsoft.Update.Session' } {
            New-PlFakeUpdateSession -Entries @($global:PlTestMachine.UpdateHistory) -QueryFailure (New-Object System.Runtime.InteropServices.COMException ('Exception from HRESULT: 0x8024402C', -2145107924))
        }
        $doc = (Invoke-PlHostInventory -IncludeUpdateHistory).Stdout | ConvertFrom-Json
        $doc.warnings[0].section | Should -Be 'updateHistory'
        $doc.warnings[0].message | Should -BeLike '*0x8024402C*'
    }

    It 'records services and registry failures separately' {
        Use-PlMachine 'server2025'
        Mock -ModuleName PatchlaneCollector Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_Service' } { throw (New-Object System.UnauthorizedAccessException 'Access denied') }
        Mock -ModuleName PatchlaneCollector Invoke-CimMethod -ParameterFilter { $ClassName -eq 'StdRegProv' } { [pscustomobject]@{ ReturnValue = [uint32]5; sValue = $null; uValue = $null; sNames = $null } }
        $doc = (Invoke-PlHostInventory).Stdout | ConvertFrom-Json
        $doc.services | Should -BeNullOrEmpty
        $doc.products | Should -BeNullOrEmpty
        $doc.pendingReboot | Should -BeNullOrEmpty
        $doc.os.registry.ubr | Should -BeNullOrEmpty
        @($doc.warnings.section) | Should -Be @('registry', 'services', 'dotNet', 'products', 'edge', 'pendingReboot')
        @($doc.hotfixes).Count | Should -Be 1
    }
}

Describe 'Errors: JSON on stderr and exit code 1' {
    It 'reports an unreachable host (Win32_OperatingSystem fails) as one JSON line' {
        Use-PlMachine 'win11-23h2'
        Mock -ModuleName PatchlaneCollector Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_OperatingSystem' } { throw (New-Object System.Runtime.InteropServices.COMException ('The RPC server is unavailable.', -2147023174)) }
        $outcome = Invoke-PlHostInventory -ComputerName 'pc7' -Protocol Dcom
        $outcome.ExitCode | Should -Be 1
        $outcome.Stdout | Should -BeNullOrEmpty
        $outcome.Stderr | Should -Not -Match "`n"
        $failure = $outcome.Stderr | ConvertFrom-Json
        $failure.schemaVersion | Should -Be 1
        $failure.error.message | Should -Be 'The RPC server is unavailable.'
        $failure.error.hresult | Should -Be -2147023174
        Should -Invoke Remove-CimSession -ModuleName PatchlaneCollector -Times 1 -Exactly
    }

    It 'reports a session that cannot be opened' {
        Use-PlMachine 'win11-23h2'
        Mock -ModuleName PatchlaneCollector New-CimSession { throw 'WinRM cannot complete the operation. Verify that the specified computer name is valid.' }
        $failure = (Invoke-PlHostInventory -ComputerName 'pc8' -Protocol Wsman).Stderr | ConvertFrom-Json
        $failure.error.message | Should -BeLike 'WinRM cannot complete the operation*'
        Should -Invoke Get-CimInstance -ModuleName PatchlaneCollector -Times 0 -Exactly
    }

    It 'refuses a remote name with -Protocol Local, and -Protocol Dcom without a name' {
        Use-PlMachine 'win11-23h2'
        ((Invoke-PlHostInventory -ComputerName 'pc9').Stderr | ConvertFrom-Json).error.message | Should -BeLike '*needs -Protocol Dcom or Wsman*'
        ((Invoke-PlHostInventory -Protocol Dcom).Stderr | ConvertFrom-Json).error.message | Should -BeLike '*needs -ComputerName*'
        Should -Invoke Get-CimInstance -ModuleName PatchlaneCollector -Times 0 -Exactly
    }
}

Describe 'A hostile computer name is only ever a parameter value' {
    It 'reaches New-CimSession as exactly the string given, and nothing runs it' {
        Use-PlMachine 'win11-23h2'
        Mock -ModuleName PatchlaneCollector Remove-Item { }
        $outcome = Invoke-PlHostInventory -ComputerName $script:Hostile -Protocol Dcom
        $outcome.ExitCode | Should -Be 0
        Should -Invoke New-CimSession -ModuleName PatchlaneCollector -Times 1 -Exactly -ParameterFilter { $ComputerName.Count -eq 1 -and $ComputerName[0] -ceq $script:Hostile }
        Should -Invoke New-CimSessionOption -ModuleName PatchlaneCollector -Times 1 -Exactly -ParameterFilter { $Protocol -eq 'Dcom' }
        Should -Invoke Remove-Item -ModuleName PatchlaneCollector -Times 0 -Exactly
        ($outcome.Stdout | ConvertFrom-Json).collector.computerName | Should -BeExactly $script:Hostile
    }
}

Describe 'Get-HostInventory.ps1 run as a child pwsh' {
    BeforeAll {
        $script:Stubbed = Join-Path $PSScriptRoot 'Invoke-StubbedCollector.ps1'
    }

    It 'prints exactly one JSON document on stdout and nothing on stderr (Server 2025)' {
        $record = [IO.Path]::GetTempFileName()
        try {
            $run = Invoke-PlChild @('-File', $script:Stubbed, '-Machine', 'server2025', '-RecordTo', $record, '-IncludeUpdateHistory')
            $run.Stderr | Should -BeNullOrEmpty
            $run.ExitCode | Should -Be 0
            $run.Stdout.Count | Should -Be 1
            $doc = $run.Stdout[0] | ConvertFrom-Json
            $doc.schemaVersion | Should -Be 1
            $doc.os.buildNumber | Should -Be '26100'
            @($doc.updateHistory).Count | Should -Be 1
        }
        finally { Remove-Item -LiteralPath $record -ErrorAction SilentlyContinue }
    }

    It 'passes a hostile -ComputerName through argv to New-CimSession unchanged' {
        $record = [IO.Path]::GetTempFileName()
        try {
            $run = Invoke-PlChild @('-File', $script:Stubbed, '-Machine', 'win11-23h2', '-RecordTo', $record, '-ComputerName', $script:Hostile, '-Protocol', 'Dcom')
            $run.ExitCode | Should -Be 0
            $received = @([IO.File]::ReadAllLines($record) | Where-Object { $_ })
            $received.Count | Should -Be 1
            $received[0] | Should -BeExactly $script:Hostile
            ($run.Stdout[0] | ConvertFrom-Json).collector.computerName | Should -BeExactly $script:Hostile
        }
        finally { Remove-Item -LiteralPath $record -ErrorAction SilentlyContinue }
    }

    It 'without CIM at all (PowerShell on Linux), fails with JSON on stderr and exit 1' -Skip:([bool](Get-Command Microsoft.Management.Infrastructure.CimCmdlets\Get-CimInstance -ErrorAction SilentlyContinue)) {
        $run = Invoke-PlChild @('-File', $script:ScriptPath)
        $run.ExitCode | Should -Be 1
        @($run.Stdout | Where-Object { $_ }).Count | Should -Be 0
        $failure = $run.Stderr | ConvertFrom-Json
        $failure.schemaVersion | Should -Be 1
        $failure.error.message | Should -BeLike "*Get-CimInstance*"
    }

    It 'on Windows, collects the machine it runs on' -Skip:(-not (Get-Command Microsoft.Management.Infrastructure.CimCmdlets\Get-CimInstance -ErrorAction SilentlyContinue)) {
        $run = Invoke-PlChild @('-File', $script:ScriptPath)
        $run.ExitCode | Should -Be 0
        ($run.Stdout -join '' | ConvertFrom-Json).schemaVersion | Should -Be 1
    }
}
