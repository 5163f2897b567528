# Pester 5 tests of the collector's services and roles/features (Get-PlServices, Get-PlFeatures) in PatchlaneCollector.psm1, with CIM, StdRegProv and
# the Windows Update Agent mocked inside the module from fixture machines built from real captures.

BeforeAll { . (Join-Path $PSScriptRoot 'CollectorTestSetup.ps1') }

AfterAll { Remove-PlCollectorUnderTest }

Describe 'Get-PlServices (Win32_Service)' {
    It '<Name>: every service with state and start mode, sorted by name' -ForEach @(@{ Name = 'win11-23h2' }, @{ Name = 'server2025' }) {
        Use-PlMachine $Name
        $services = @(Get-PlServices)
        $services.Count | Should -Be @($global:PlTestMachine.Services).Count
        @($services.name) | Should -Be @($services.name | Sort-Object)
        $wu = $services | Where-Object { $_.name -eq 'wuauserv' }
        $wu.displayName | Should -Be 'Windows Update'
        $wu.startMode | Should -Be 'Manual'
        $wu.state | Should -Be 'Stopped'
        $wu.pathName | Should -BeLike '*svchost.exe -k netsvcs*'
    }

    It 'includes server roles'' services on Windows Server 2025' {
        Use-PlMachine 'server2025'
        (Get-PlServices).name | Should -Contain 'W3SVC'
    }
}

Describe 'Get-PlFeatures' {
    It 'reads Win32_ServerFeature on Windows Server 2025 and not Win32_OptionalFeature' {
        Use-PlMachine 'server2025'
        $features = @(Get-PlFeatures -ProductType 3)
        $features.Count | Should -Be $global:PlServerFeatureRows.Count
        ($features | Where-Object { $_.name -eq 'Web Server' }).parentId | Should -Be 2
        @($features.source | Select-Object -Unique) | Should -Be @('Win32_ServerFeature')
        Should -Invoke Get-CimInstance -ModuleName PatchlaneCollector -Times 1 -Exactly -ParameterFilter { $ClassName -eq 'Win32_ServerFeature' }
        Should -Invoke Get-CimInstance -ModuleName PatchlaneCollector -Times 0 -Exactly -ParameterFilter { $ClassName -eq 'Win32_OptionalFeature' }
    }

    It 'reads Win32_OptionalFeature on <Name>, with InstallState' -ForEach @(@{ Name = 'win11-23h2'; Smb1 = 2 }, @{ Name = 'win10-22h2'; Smb1 = 1 }, @{ Name = 'win11-arm64'; Smb1 = 2 }) {
        Use-PlMachine $Name
        $features = Get-PlFeatures -ProductType 1
        ($features | Where-Object { $_.name -eq 'SMB1Protocol' }).installState | Should -Be $Smb1
        Should -Invoke Get-CimInstance -ModuleName PatchlaneCollector -Times 0 -Exactly -ParameterFilter { $ClassName -eq 'Win32_ServerFeature' }
    }

    It 'falls back to Win32_OptionalFeature with a warning when Win32_ServerFeature is missing (Server Core)' {
        Use-PlMachine 'server2025-core'
        $warnings = New-Object 'System.Collections.Generic.List[object]'
        $features = @(Get-PlFeatures -ProductType 3 -Warnings $warnings)
        $features.Count | Should -BeGreaterThan 0
        @($features.source | Select-Object -Unique) | Should -Be @('Win32_OptionalFeature')
        $warnings.Count | Should -Be 1
        $warnings[0].section | Should -Be 'features'
        $warnings[0].hresult | Should -Be -2147217392
    }

    It 'throws when the client class is missing, for the caller to record' {
        Use-PlMachine 'win11-23h2'
        $global:PlTestMachine.OptionalFeatures = $null
        { Get-PlFeatures -ProductType 1 } | Should -Throw -ExpectedMessage '*Win32_OptionalFeature*'
    }
}
