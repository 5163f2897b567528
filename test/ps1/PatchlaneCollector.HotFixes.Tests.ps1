# Pester 5 tests of the collector's hotfixes (Get-PlHotFixes, Win32_QuickFixEngineering) in PatchlaneCollector.psm1, with CIM, StdRegProv and
# the Windows Update Agent mocked inside the module from fixture machines built from real captures.

BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $qfeCaptures = @(Get-ChildItem -Path (Get-PlSharedDataPath 'wesng' 'validation') -Filter '*_qfe.txt' | ForEach-Object { @{ File = $_.Name; Path = $_.FullName } })
}

BeforeAll { . (Join-Path $PSScriptRoot 'CollectorTestSetup.ps1') }

AfterAll { Remove-PlCollectorUnderTest }

Describe 'Get-PlHotFixes (Win32_QuickFixEngineering)' {
    It '<Name>: one entry per hotfix of the capture' -ForEach @(
        @{ Name = 'win11-23h2' }, @{ Name = 'win10-22h2' }, @{ Name = 'server2025' }, @{ Name = 'win11-arm64' }
    ) {
        Use-PlMachine $Name
        $hotfixes = @(Get-PlHotFixes)
        $expected = @($global:PlTestMachine.QuickFixEngineering | ForEach-Object { $_.HotFixID })
        @($hotfixes.hotFixId) | Should -Be $expected
        Should -Invoke Get-CimInstance -ModuleName PatchlaneCollector -Times 1 -Exactly -ParameterFilter { $ClassName -eq 'Win32_QuickFixEngineering' }
    }

    It 'keeps the Windows Server 2025 cumulative update with its raw and ISO install date' {
        Use-PlMachine 'server2025'
        $release = $global:PlTestMachine.Release
        $lcu = @(Get-PlHotFixes) | Where-Object { $_.hotFixId -eq $release.Kb }
        $lcu.description | Should -Be 'Security Update'
        $lcu.installedOnIso | Should -Be $release.Date
        $lcu.installedOn | Should -Match '^\d{1,2}/\d{1,2}/\d{4}$'
    }

    It 'reads every row of the real wmic qfe capture <File>' -ForEach $qfeCaptures {
        $rows = Read-PlWmicQfeCapture $Path
        $global:PlTestMachine = @{ QuickFixEngineering = @($rows | ForEach-Object { New-PlFakeCimInstance -ClassName 'Win32_QuickFixEngineering' -Properties $_ }) }
        Register-PlCimMocks
        $hotfixes = @(Get-PlHotFixes)
        $withId = @($rows | Where-Object { $_['HotFixID'] })
        $hotfixes.Count | Should -Be $withId.Count
        for ($i = 0; $i -lt $withId.Count; $i++) {
            $hotfixes[$i].hotFixId | Should -Be $withId[$i]['HotFixID']
            $hotfixes[$i].installedOn | Should -Be $withId[$i]['InstalledOn']
            if ($withId[$i]['InstalledOn']) { $hotfixes[$i].installedOnIso | Should -Match '^\d{4}-\d{2}-\d{2}$' -Because "$($withId[$i]['InstalledOn']) is a date" }
            else { $hotfixes[$i].installedOnIso | Should -BeNullOrEmpty }
        }
    }

    It 'turns InstalledOn <Raw> into <Iso>' -ForEach @(
        @{ Raw = '3/18/2014'; Iso = '2014-03-18' }
        @{ Raw = '11/14/2018'; Iso = '2018-11-14' }
        @{ Raw = '20190305'; Iso = '2019-03-05' }
        # Vista-era hex FILETIME, from wesng validation/vista_x64_sp1_qfe.txt.
        @{ Raw = '01d4df7b9919c790'; Iso = '2019-03-21' }
        @{ Raw = ''; Iso = $null }
        @{ Raw = 'File 1'; Iso = $null }
    ) {
        $result = ConvertTo-PlQfeDate $Raw
        if ($null -eq $Iso) { $result | Should -BeNullOrEmpty } else { $result | Should -Be $Iso }
    }
}
