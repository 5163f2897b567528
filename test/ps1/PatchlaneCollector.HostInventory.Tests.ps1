# Pester 5 tests of the collector's entry points in PatchlaneCollector.psm1: Invoke-PlHostInventory
# takes exactly Get-PlHostInventory's parameters (declared once), and a host whose WMI answers
# garbage still gives a partial document with a warning per failed section.

BeforeAll { . (Join-Path $PSScriptRoot 'CollectorTestSetup.ps1') }

AfterAll { Remove-PlCollectorUnderTest }

Describe 'Invoke-PlHostInventory (the parameters of Get-PlHostInventory, declared once)' {
    It 'offers every parameter of Get-PlHostInventory with the same type and validation' {
        $inner = (Get-Command Get-PlHostInventory).Parameters
        $outer = (Get-Command Invoke-PlHostInventory).Parameters
        foreach ($name in 'ComputerName', 'Protocol', 'Credential', 'IncludeUpdateHistory', 'MaxHistory', 'RegistryValue') {
            $outer.ContainsKey($name) | Should -BeTrue -Because $name
            $outer[$name].ParameterType | Should -Be $inner[$name].ParameterType
        }
        (Get-Command Invoke-PlHostInventory).Parameters['Protocol'].Attributes.Where({ $_ -is [ValidateSet] }).ValidValues | Should -Be @('Local', 'Dcom', 'Wsman')
    }

    It 'refuses a value Get-PlHostInventory would refuse, before collecting anything' {
        Use-PlMachine 'win11-23h2'
        { Invoke-PlHostInventory -Protocol 'Telnet' } | Should -Throw -ErrorId 'ParameterArgumentValidationError,Invoke-PlHostInventory'
        { Invoke-PlHostInventory -MaxHistory 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,Invoke-PlHostInventory'
        Should -Invoke Get-CimInstance -ModuleName PatchlaneCollector -Times 0 -Exactly
    }

    It 'passes on the parameters given (and only those) to Get-PlHostInventory' {
        Use-PlMachine 'win11-23h2'
        $outcome = Invoke-PlHostInventory -RegistryValue @('SOFTWARE\Microsoft\Windows NT\CurrentVersion::EditionID') -IncludeUpdateHistory -MaxHistory 1
        $outcome.ExitCode | Should -Be 0
        $doc = $outcome.Stdout | ConvertFrom-Json
        $doc.registryValues[0].value | Should -Be 'Enterprise'
        @($doc.updateHistory).Count | Should -Be 1
        $doc.collector.protocol | Should -Be 'Local'
    }
}

Describe 'Get-PlHostInventory on a host whose WMI answers garbage' {
    BeforeEach {
        Use-PlMachine 'win11-23h2'
        # What the lab's garbage host answers (test/lab/modules/PatchlaneLab): a singleton class
        # twice with wrong types, Win32_Service "Generic failure", StdRegProv nonsense.
        Mock -ModuleName PatchlaneCollector Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_OperatingSystem' } {
            $broken = [ordered]@{ Caption = "Microsoft Windows `0"; Version = 'ten'; BuildNumber = ''; ProductType = 'workstation'; CSName = 'PC-01'; InstallDate = 'yesterday' }
            New-PlFakeCimInstance -ClassName 'Win32_OperatingSystem' -Properties $broken
            New-PlFakeCimInstance -ClassName 'Win32_OperatingSystem' -Properties $broken
        }
        Mock -ModuleName PatchlaneCollector Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_Service' } {
            throw (New-Object System.Runtime.InteropServices.COMException ('Generic failure', -2147217407))
        }
        Mock -ModuleName PatchlaneCollector Invoke-CimMethod -ParameterFilter { $ClassName -eq 'StdRegProv' } { [pscustomobject]@{ ReturnValue = 'abc'; sValue = 12345; uValue = 'not a number'; sNames = @($null, 7) } }
    }

    It 'gives a partial inventory (the hotfixes) with a warning for each section that failed, not a failure' {
        $outcome = Invoke-PlHostInventory
        $outcome.ExitCode | Should -Be 0
        $doc = $outcome.Stdout | ConvertFrom-Json
        $doc.os.caption | Should -Be 'Microsoft Windows'
        $doc.os.productType | Should -BeNullOrEmpty
        @($doc.hotfixes).Count | Should -Be @($global:PlTestMachine.QuickFixEngineering).Count
        @($doc.hotfixes).Count | Should -BeGreaterThan 0
        $doc.services | Should -BeNullOrEmpty
        $doc.products | Should -BeNullOrEmpty
        $doc.pendingReboot | Should -BeNullOrEmpty
        $sections = @($doc.warnings.section | Select-Object -Unique)
        foreach ($section in 'os', 'registry', 'services', 'dotNet', 'products', 'edge', 'pendingReboot') { $sections | Should -Contain $section }
        ($doc.warnings | Where-Object section -EQ 'services').hresult | Should -Be -2147217407
    }
}
