# Pester 5 tests of the collector's the operating system (Get-PlOperatingSystem) and instants (ConvertTo-PlUtcString) in PatchlaneCollector.psm1, with CIM, StdRegProv and
# the Windows Update Agent mocked inside the module from fixture machines built from real captures.

BeforeAll { . (Join-Path $PSScriptRoot 'CollectorTestSetup.ps1') }

AfterAll { Remove-PlCollectorUnderTest }

Describe 'Get-PlOperatingSystem' {
    It '<Name>: Win32_OperatingSystem plus UBR, DisplayVersion, EditionID, InstallationType' -ForEach @(
        @{ Name = 'win11-23h2'; Arch = '64-bit'; Type = 1; Edition = 'Enterprise'; Install = 'Client'; Display = '23H2'; Build = '22631' }
        @{ Name = 'win10-22h2'; Arch = '64-bit'; Type = 1; Edition = 'Enterprise'; Install = 'Client'; Display = '22H2'; Build = '19045' }
        @{ Name = 'server2025'; Arch = '64-bit'; Type = 3; Edition = 'ServerDatacenter'; Install = 'Server'; Display = '24H2'; Build = '26100' }
        @{ Name = 'server2025-core'; Arch = '64-bit'; Type = 3; Edition = 'ServerDatacenter'; Install = 'Server Core'; Display = '24H2'; Build = '26100' }
        @{ Name = 'win11-arm64'; Arch = 'ARM 64-bit Processor'; Type = 1; Edition = 'Professional'; Install = 'Client'; Display = '24H2'; Build = '26100' }
    ) {
        Use-PlMachine $Name
        $warnings = New-Object 'System.Collections.Generic.List[object]'
        $os = Get-PlOperatingSystem -Warnings $warnings
        $warnings.Count | Should -Be 0
        $os.buildNumber | Should -Be $Build
        $os.version | Should -Be "10.0.$Build"
        $os.osArchitecture | Should -Be $Arch
        $os.productType | Should -Be $Type
        $os.registry.ubr | Should -Be $global:PlTestMachine.Ubr
        $os.registry.displayVersion | Should -Be $Display
        $os.registry.editionId | Should -Be $Edition
        $os.registry.installationType | Should -Be $Install
        $os.registry.currentBuild | Should -Be $Build
        $os.installDate | Should -Match '^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$'
        Should -Invoke Get-CimInstance -ModuleName PatchlaneCollector -Times 1 -Exactly -ParameterFilter { $ClassName -eq 'Win32_OperatingSystem' }
    }

    It 'takes caption, version, host name and dates from the real systeminfo capture (<Name>)' -ForEach @(
        @{ Name = 'win11-23h2'; Install = '2023-11-03T16:10:27Z'; Boot = '2023-12-09T15:14:06Z' }
        @{ Name = 'win10-22h2'; Install = '1999-01-01T05:00:00Z'; Boot = '1998-12-31T18:00:00Z' }
    ) {
        Use-PlMachine $Name
        $fields = $global:PlTestMachine.Capture.Fields
        $os = Get-PlOperatingSystem
        $os.caption | Should -Be $fields['OS Name']
        $fields['OS Version'] | Should -BeLike "$($os.version) N/A Build $($os.buildNumber)"
        $os.csName | Should -Be $fields['Host Name']
        # systeminfo prints local time; the capture's time zone gives the UTC instant.
        $os.installDate | Should -Be $Install
        $os.lastBootUpTime | Should -Be $Boot
    }

    It 'derives the Windows 11 23H2 UBR from the capture''s cumulative update (KB5031354 = 22631.2428)' {
        Use-PlMachine 'win11-23h2'
        (Get-PlOperatingSystem).registry.ubr | Should -Be 2428
        $global:PlTestMachine.Capture.HotFixes | Should -Contain 'KB5031354'
    }

    It 'keeps going with null registry fields and a warning when StdRegProv is denied' {
        Use-PlMachine 'server2025'
        Mock -ModuleName PatchlaneCollector Invoke-CimMethod -ParameterFilter { $ClassName -eq 'StdRegProv' } { [pscustomobject]@{ ReturnValue = [uint32]5; sValue = $null } }
        $warnings = New-Object 'System.Collections.Generic.List[object]'
        $os = Get-PlOperatingSystem -Warnings $warnings
        $os.caption | Should -Be 'Microsoft Windows Server 2025 Datacenter'
        $os.registry.ubr | Should -BeNullOrEmpty
        $warnings.Count | Should -Be 1
        $warnings[0].section | Should -Be 'registry'
        $warnings[0].message | Should -BeLike '*returned 5*'
    }

    It 'keeps what it can, with a warning per field, when a damaged WMI answers twice with wrong types (the lab''s garbage host)' {
        Use-PlMachine 'win11-23h2'
        Mock -ModuleName PatchlaneCollector Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_OperatingSystem' } {
            $broken = [ordered]@{
                Caption = "Microsoft Windows `0`e[31m11"; Version = 'ten'; BuildNumber = ''; OSArchitecture = @{ nested = 1 }
                ProductType = 'workstation'; OSLanguage = 'English'; OperatingSystemSKU = [uint32]4; InstallDate = 'yesterday'; CSName = 'PC-01'
            }
            New-PlFakeCimInstance -ClassName 'Win32_OperatingSystem' -Properties $broken
            New-PlFakeCimInstance -ClassName 'Win32_OperatingSystem' -Properties $broken
        }
        $warnings = New-Object 'System.Collections.Generic.List[object]'
        $os = Get-PlOperatingSystem -Warnings $warnings
        $os.caption | Should -Be 'Microsoft Windows [31m11'
        $os.version | Should -Be 'ten'
        $os.osArchitecture | Should -BeNullOrEmpty
        $os.productType | Should -BeNullOrEmpty
        $os.osLanguage | Should -BeNullOrEmpty
        $os.operatingSystemSku | Should -Be 4
        $os.installDate | Should -BeNullOrEmpty
        $os.csName | Should -Be 'PC-01'
        $os.registry.ubr | Should -Be 2428
        @($warnings | Where-Object section -EQ 'os').message | Should -Be @(
            'Win32_OperatingSystem returned 2 instances; the first is used. The WMI repository may be damaged (winmgmt /verifyrepository).',
            "ProductType is not a number: 'workstation'.",
            "OSLanguage is not a number: 'English'."
        )
    }

    It 'throws on a wrong-typed field when no -Warnings list is given to record it' {
        Use-PlMachine 'win11-23h2'
        Mock -ModuleName PatchlaneCollector Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_OperatingSystem' } {
            New-PlFakeCimInstance -ClassName 'Win32_OperatingSystem' -Properties ([ordered]@{ Caption = 'Microsoft Windows 11 Pro'; Version = '10.0.22631'; BuildNumber = '22631'; ProductType = 'workstation' })
        }
        { Get-PlOperatingSystem } | Should -Throw -ExpectedMessage '*workstation*'
    }

    It 'throws when Win32_OperatingSystem cannot be read' {
        Use-PlMachine 'win11-23h2'
        Mock -ModuleName PatchlaneCollector Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_OperatingSystem' } { throw (New-Object System.Runtime.InteropServices.COMException ('The RPC server is unavailable.', -2147023174)) }
        { Get-PlOperatingSystem } | Should -Throw -ExpectedMessage 'The RPC server is unavailable.'
    }

    It 'returns null for properties older Windows lacks (no OSArchitecture before Vista)' {
        Use-PlMachine 'win10-22h2'
        Mock -ModuleName PatchlaneCollector Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_OperatingSystem' } {
            New-PlFakeCimInstance -ClassName 'Win32_OperatingSystem' -Properties ([ordered]@{ Caption = 'Microsoft Windows XP Professional'; Version = '5.1.2600'; BuildNumber = '2600'; ProductType = [uint32]1; CSDVersion = 'Service Pack 3' })
        }
        $os = Get-PlOperatingSystem
        $os.osArchitecture | Should -BeNullOrEmpty
        $os.csdVersion | Should -Be 'Service Pack 3'
        , $os.muiLanguages | Should -BeOfType [object[]]
    }
}

Describe 'ConvertTo-PlUtcString' {
    It 'writes a UTC instant as ISO 8601 with Z' {
        ConvertTo-PlUtcString ([datetime]::SpecifyKind([datetime]'2025-10-14T22:48:09', 'Utc')) | Should -Be '2025-10-14T22:48:09Z'
    }

    It 'converts a local time (what Get-CimInstance returns) to UTC' {
        $local = [datetime]::SpecifyKind([datetime]'2023-11-03T08:10:27', 'Local')
        ConvertTo-PlUtcString $local | Should -Be ($local.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"))
    }

    It 'takes a zone-less agent date as UTC with -AssumeUtc' {
        ConvertTo-PlUtcString ([datetime]::SpecifyKind([datetime]'2023-10-10T18:20:11', 'Unspecified')) -AssumeUtc | Should -Be '2023-10-10T18:20:11Z'
    }

    It 'accepts a DateTimeOffset' {
        ConvertTo-PlUtcString ([datetimeoffset]::Parse('2024-01-09T02:00:00-08:00')) | Should -Be '2024-01-09T10:00:00Z'
    }

    It 'gives $null for "no date" (1601-01-01, DateTime.MinValue), $null and non-dates' {
        ConvertTo-PlUtcString ([datetime]::FromFileTimeUtc(0)) | Should -BeNullOrEmpty
        ConvertTo-PlUtcString ([datetime]::MinValue) | Should -BeNullOrEmpty
        ConvertTo-PlUtcString $null | Should -BeNullOrEmpty
        ConvertTo-PlUtcString '2024-01-09' | Should -BeNullOrEmpty
    }
}
