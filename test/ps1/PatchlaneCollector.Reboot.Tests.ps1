# Pester 5 tests of the collector's pending reboot (Get-PlPendingReboot) in PatchlaneCollector.psm1, with CIM, StdRegProv and
# the Windows Update Agent mocked inside the module from fixture machines built from real captures.

BeforeAll { . (Join-Path $PSScriptRoot 'CollectorTestSetup.ps1') }

AfterAll { Remove-PlCollectorUnderTest }

Describe 'Get-PlPendingReboot' {
    It '<Name>: CBS <Cbs>, WU <Wu>, renames <Renames>' -ForEach @(
        @{ Name = 'win11-23h2'; Cbs = $false; Wu = $false; Renames = 0 }
        @{ Name = 'win10-22h2'; Cbs = $false; Wu = $true; Renames = 2 }
        @{ Name = 'server2025'; Cbs = $true; Wu = $false; Renames = 1 }
    ) {
        Use-PlMachine $Name
        $reboot = Get-PlPendingReboot
        $reboot.cbsRebootPending | Should -Be $Cbs
        $reboot.windowsUpdateRebootRequired | Should -Be $Wu
        $reboot.pendingFileRenameCount | Should -Be $Renames
        $reboot.pendingFileRenameOperations | Should -Be ($Renames -gt 0)
        $reboot.any | Should -Be ($Cbs -or $Wu -or $Renames -gt 0)
    }
}
