# Pester 5 tests of the collector's installed products (Get-PlInstalledProducts, Get-PlEdgeVersion, Get-PlDotNetRelease) in PatchlaneCollector.psm1, with CIM, StdRegProv and
# the Windows Update Agent mocked inside the module from fixture machines built from real captures.

BeforeAll { . (Join-Path $PSScriptRoot 'CollectorTestSetup.ps1') }

AfterAll { Remove-PlCollectorUnderTest }

Describe 'Get-PlDotNetRelease' {
    It '<Name>: NDP\v4\Full Release = <Release>' -ForEach @(
        @{ Name = 'win11-23h2'; Release = 533320 }, @{ Name = 'win10-22h2'; Release = 528372 }
        @{ Name = 'server2025'; Release = 533325 }, @{ Name = 'win11-arm64'; Release = 533325 }
    ) {
        Use-PlMachine $Name
        Get-PlDotNetRelease | Should -Be $Release
        Should -Invoke Invoke-CimMethod -ModuleName PatchlaneCollector -Times 1 -Exactly -ParameterFilter {
            $MethodName -eq 'GetDWORDValue' -and $Arguments['sSubKeyName'] -eq 'SOFTWARE\Microsoft\NET Framework Setup\NDP\v4\Full' -and $Arguments['sValueName'] -eq 'Release'
        }
    }

    It 'is null without .NET Framework 4.5+' {
        Use-PlMachine 'win11-23h2'
        $global:PlTestMachine.Registry.Remove('software\microsoft\net framework setup\ndp\v4\full')
        Get-PlDotNetRelease | Should -BeNullOrEmpty
    }
}

Describe 'Get-PlInstalledProducts' {
    It 'lists both uninstall views and skips keys without DisplayName' {
        Use-PlMachine 'win11-23h2'
        $products = @(Get-PlInstalledProducts)
        $edge = $products | Where-Object { $_.displayName -eq 'Microsoft Edge' }
        $edge.view | Should -Be 'wow6432'
        $edge.publisher | Should -Be 'Microsoft Corporation'
        $edge.keyName | Should -Be 'Microsoft Edge'
        ($products | Where-Object { $_.displayName -eq 'VMware Tools' }).view | Should -Be 'native'
        $products.keyName | Should -Not -Contain 'AddressBook'
        Should -Invoke Invoke-CimMethod -ModuleName PatchlaneCollector -Times 1 -Exactly -ParameterFilter { $MethodName -eq 'EnumKey' -and $Arguments['sSubKeyName'] -eq 'SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall' }
    }

    It 'reads a REG_EXPAND_SZ DisplayName' {
        Use-PlMachine 'win10-22h2'
        (Get-PlInstalledProducts | Where-Object { $_.keyName -eq 'OpenVPN' }).displayVersion | Should -Be '2.5.8'
    }

    It 'copes with a 32-bit Windows that has no WOW6432Node' {
        Use-PlMachine 'win10-22h2'
        foreach ($key in @($global:PlTestMachine.Registry.Keys)) { if ($key -like 'software\wow6432node*') { $global:PlTestMachine.Registry.Remove($key) } }
        $products = Get-PlInstalledProducts
        @($products.view | Select-Object -Unique) | Should -Be @('native')
    }
}

Describe 'Get-PlEdgeVersion' {
    It 'takes the version from the Edge uninstall entry' {
        Use-PlMachine 'win11-23h2'
        Get-PlEdgeVersion -Products (Get-PlInstalledProducts) | Should -Be '120.0.2210.61'
    }

    It 'falls back to EdgeUpdate pv (Windows 11 on ARM64)' {
        Use-PlMachine 'win11-arm64'
        Get-PlEdgeVersion -Products (Get-PlInstalledProducts) | Should -Be '141.0.3537.71'
        Should -Invoke Invoke-CimMethod -ModuleName PatchlaneCollector -Times 1 -Exactly -ParameterFilter { $Arguments['sValueName'] -eq 'pv' -and $Arguments['sSubKeyName'] -like '*WOW6432Node\Microsoft\EdgeUpdate\Clients\{56EB18F8-B008-4CBD-B6D2-8C97FE7E9062}' }
    }

    It 'is null without Edge' {
        Use-PlMachine 'win11-arm64'
        $global:PlTestMachine.Registry.Remove('software\wow6432node\microsoft\edgeupdate\clients\{56eb18f8-b008-4cbd-b6d2-8c97fe7e9062}')
        Get-PlEdgeVersion -Products @() | Should -BeNullOrEmpty
    }
}
