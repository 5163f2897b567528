# Pester 5 tests of the collector's Windows Update history (Get-PlUpdateHistory) in PatchlaneCollector.psm1, with CIM, StdRegProv and
# the Windows Update Agent mocked inside the module from fixture machines built from real captures.

BeforeAll { . (Join-Path $PSScriptRoot 'CollectorTestSetup.ps1') }

AfterAll { Remove-PlCollectorUnderTest }

Describe 'Get-PlUpdateHistory (Microsoft.Update.Session)' {
    It 'reads the agent''s history with KB numbers and UTC dates' {
        Use-PlMachine 'win11-23h2'
        $history = @(Get-PlUpdateHistory -MaxHistory 200)
        $history.Count | Should -Be 3
        $history[0].kb | Should -Be 'KB5031354'
        $history[0].date | Should -Be '2023-10-10T18:20:11Z'
        $history[0].operation | Should -Be 1
        $history[0].resultCode | Should -Be 2
        $history[2].resultCode | Should -Be 4
        $history[2].hResult | Should -Be -2145124329
        $history[0].updateId | Should -Match '^[0-9a-f-]{36}$'
        Should -Invoke New-Object -ModuleName PatchlaneCollector -Times 1 -Exactly -ParameterFilter { $ComObject -eq 'Microsoft.Update.Session' }
    }

    It 'keeps Japanese titles and uninstall entries (vuls capture)' {
        Use-PlMachine 'win11-23h2'
        $rows = Read-PlUpdateHistoryCapture (Get-PlSharedDataPath 'vuls' 'windows-outputs' 'vuls_WindowsUpdateHistory_ja_happy.txt')
        $global:PlTestMachine.UpdateHistory = @($rows | ForEach-Object { New-PlFakeHistoryEntry -Title $_.Title -Date ([datetime]'2022-12-14T03:00:00') -Operation $_.Operation -ResultCode $_.ResultCode })
        $history = @(Get-PlUpdateHistory)
        $history.Count | Should -Be $rows.Count
        for ($i = 0; $i -lt $rows.Count; $i++) {
            $history[$i].title | Should -Be $rows[$i].Title
            $history[$i].operation | Should -Be $rows[$i].Operation
            $history[$i].kb | Should -Be ([regex]::Match($rows[$i].Title, 'KB\d+').Value)
        }
        @($history | Where-Object { $_.operation -eq 2 }).Count | Should -BeGreaterThan 0
    }

    It 'asks the agent for at most -MaxHistory entries' {
        Use-PlMachine 'win11-23h2'
        @(Get-PlUpdateHistory -MaxHistory 2).Count | Should -Be 2
    }

    It 'returns an empty list when the history is empty' {
        Use-PlMachine 'win11-23h2'
        $global:PlTestMachine.UpdateHistory = @()
        @(Get-PlUpdateHistory).Count | Should -Be 0
    }

    It 'throws when the agent is not registered, for the caller to record' {
        Use-PlMachine 'win11-23h2'
        $global:PlTestMachine.UpdateHistory = $null
        { Get-PlUpdateHistory } | Should -Throw -ExpectedMessage '*REGDB_E_CLASSNOTREG*'
    }
}
