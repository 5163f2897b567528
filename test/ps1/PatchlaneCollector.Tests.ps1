# Pester 5 tests of each collector function in PatchlaneCollector.psm1, with CIM, StdRegProv and
# the Windows Update Agent mocked inside the module from fixture machines built from real captures.

BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $qfeCaptures = @(Get-ChildItem -Path (Get-PlSharedDataPath 'wesng' 'validation') -Filter '*_qfe.txt' | ForEach-Object { @{ File = $_.Name; Path = $_.FullName } })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    . (Join-Path $PSScriptRoot 'fixtures' 'Machines.ps1')
    . (Join-Path $PSScriptRoot 'CimMocks.ps1')
    Install-PlCimStubs
    Import-Module (Join-Path (Get-PlRepoRoot) 'src-main' 'powershell' 'scripts' 'PatchlaneCollector.psm1') -Force
}

AfterAll {
    Remove-Module PatchlaneCollector -ErrorAction SilentlyContinue
    Uninstall-PlCimStubs
    $global:PlTestMachine = $null
}

Describe 'Get-PlRegistryValue (StdRegProv through Invoke-CimMethod)' {
    BeforeEach { Use-PlMachine 'win10-22h2' }

    It 'reads REG_SZ with GetStringValue on HKLM (hDefKey 2147483650)' {
        Get-PlRegistryValue -SubKey 'SOFTWARE\Microsoft\Windows NT\CurrentVersion' -ValueName 'EditionID' | Should -Be 'Enterprise'
        Should -Invoke Invoke-CimMethod -ModuleName PatchlaneCollector -Times 1 -Exactly -ParameterFilter {
            $ClassName -eq 'StdRegProv' -and $Namespace -eq 'root/cimv2' -and $MethodName -eq 'GetStringValue' -and
            $Arguments['hDefKey'] -eq 2147483650 -and $Arguments['sSubKeyName'] -eq 'SOFTWARE\Microsoft\Windows NT\CurrentVersion' -and $Arguments['sValueName'] -eq 'EditionID'
        }
    }

    It 'reads REG_DWORD with GetDWORDValue' {
        $ubr = Get-PlRegistryValue -SubKey 'SOFTWARE\Microsoft\Windows NT\CurrentVersion' -ValueName 'UBR' -Kind DWord
        $ubr | Should -Be $global:PlTestMachine.Ubr
        Should -Invoke Invoke-CimMethod -ModuleName PatchlaneCollector -Times 1 -Exactly -ParameterFilter { $MethodName -eq 'GetDWORDValue' }
    }

    It 'reads REG_MULTI_SZ with GetMultiStringValue, keeping empty entries' {
        $value = Get-PlRegistryValue -SubKey 'SYSTEM\CurrentControlSet\Control\Session Manager' -ValueName 'PendingFileRenameOperations' -Kind MultiString
        , $value | Should -BeOfType [object[]]
        $value.Count | Should -Be 4
        $value[0] | Should -Be '\??\C:\Program Files\OpenVPN\bin\tapctl.exe.old'
        Should -Invoke Invoke-CimMethod -ModuleName PatchlaneCollector -Times 1 -Exactly -ParameterFilter { $MethodName -eq 'GetMultiStringValue' }
    }

    It 'lists subkeys with EnumKey, without sValueName' {
        $names = Get-PlRegistryValue -SubKey 'SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall' -Kind EnumKey
        $names | Should -Contain 'OpenVPN'
        $names | Should -Contain 'AddressBook'
        Should -Invoke Invoke-CimMethod -ModuleName PatchlaneCollector -Times 1 -Exactly -ParameterFilter { $MethodName -eq 'EnumKey' -and -not $Arguments.Contains('sValueName') }
    }

    It 'returns an empty list for a key without subkeys (sNames is null)' {
        $names = Get-PlRegistryValue -SubKey 'SOFTWARE\Microsoft\Windows\CurrentVersion\WindowsUpdate\Auto Update\RebootRequired' -Kind EnumKey
        , $names | Should -BeOfType [object[]]
        $names.Count | Should -Be 0
    }

    It 'returns $null for a missing value (1) and a missing key (2)' {
        Get-PlRegistryValue -SubKey 'SOFTWARE\Microsoft\Windows NT\CurrentVersion' -ValueName 'NoSuchValue' | Should -BeNullOrEmpty
        Get-PlRegistryValue -SubKey 'SOFTWARE\No\Such\Key' -ValueName 'X' -Kind DWord | Should -BeNullOrEmpty
        Get-PlRegistryValue -SubKey 'SOFTWARE\No\Such\Key' -Kind EnumKey | Should -BeNullOrEmpty
    }

    It 'tells whether a key exists' {
        Get-PlRegistryValue -SubKey 'SOFTWARE\Microsoft\Windows\CurrentVersion\WindowsUpdate\Auto Update\RebootRequired' -Kind KeyExists | Should -BeTrue
        Get-PlRegistryValue -SubKey 'SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing\RebootPending' -Kind KeyExists | Should -BeFalse
    }

    It 'falls back to GetExpandedStringValue when the value is REG_EXPAND_SZ' {
        Get-PlRegistryValue -SubKey 'SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall\OpenVPN' -ValueName 'DisplayName' | Should -Be 'OpenVPN 2.5.8-I604 amd64'
        Should -Invoke Invoke-CimMethod -ModuleName PatchlaneCollector -Times 1 -Exactly -ParameterFilter { $MethodName -eq 'GetStringValue' }
        Should -Invoke Invoke-CimMethod -ModuleName PatchlaneCollector -Times 1 -Exactly -ParameterFilter { $MethodName -eq 'GetExpandedStringValue' }
    }

    It 'throws on any other StdRegProv answer, naming the key and the code' {
        Mock -ModuleName PatchlaneCollector Invoke-CimMethod -ParameterFilter { $ClassName -eq 'StdRegProv' } { [pscustomobject]@{ ReturnValue = [uint32]5; sValue = $null } }
        { Get-PlRegistryValue -SubKey 'SOFTWARE\Microsoft\NET Framework Setup\NDP\v4\Full' -ValueName 'Release' } |
            Should -Throw -ExpectedMessage '*HKLM\SOFTWARE\Microsoft\NET Framework Setup\NDP\v4\Full\Release returned 5*'
    }

    It 'passes the CimSession to Invoke-CimMethod when one is given, and none otherwise' {
        $session = [pscustomobject]@{ ComputerName = 'srv2025-01'; Protocol = 'Wsman' }
        Get-PlRegistryValue -CimSession $session -SubKey 'SOFTWARE\Microsoft\Windows NT\CurrentVersion' -ValueName 'EditionID' | Should -Be 'Enterprise'
        Get-PlRegistryValue -SubKey 'SOFTWARE\Microsoft\Windows NT\CurrentVersion' -ValueName 'EditionID' | Should -Be 'Enterprise'
        Should -Invoke Invoke-CimMethod -ModuleName PatchlaneCollector -Times 1 -Exactly -ParameterFilter { $null -ne $CimSession -and $CimSession.ComputerName -eq 'srv2025-01' }
        Should -Invoke Invoke-CimMethod -ModuleName PatchlaneCollector -Times 1 -Exactly -ParameterFilter { $null -eq $CimSession }
    }
}

Describe 'Get-PlRegistryValues (the values the mitigating-factor rules test)' {
    BeforeEach {
        Use-PlMachine 'win11-23h2'
        # Values named in assets/mitigations/rules.json, of three registry types.
        Set-PlFakeRegValue -Registry $global:PlTestMachine.Registry -Key 'SYSTEM\CurrentControlSet\Services\LanmanServer\Parameters' -Name 'DisableCompression' -Type REG_DWORD -Value 1
        Set-PlFakeRegValue -Registry $global:PlTestMachine.Registry -Key 'SOFTWARE\Policies\Microsoft\Windows NT\Printers' -Name 'RegisterSpoolerRemoteRpcEndPoint' -Type REG_DWORD -Value 2
        Set-PlFakeRegValue -Registry $global:PlTestMachine.Registry -Key 'SOFTWARE\Patchlane\Test' -Name 'Text' -Type REG_SZ -Value 'on'
    }

    It 'reads each value whatever its type, and says null for a value that does not exist' {
        $values = Get-PlRegistryValues -Wanted @(
            'SYSTEM\CurrentControlSet\Services\LanmanServer\Parameters::DisableCompression',
            'SOFTWARE\Patchlane\Test::Text',
            'SYSTEM\CurrentControlSet\Services\LanmanServer\Parameters::SMB1'
        )
        $values.Count | Should -Be 3
        $values[0].path | Should -Be 'HKLM\SYSTEM\CurrentControlSet\Services\LanmanServer\Parameters'
        $values[0].name | Should -Be 'DisableCompression'
        $values[0].value | Should -Be 1
        $values[1].value | Should -Be 'on'
        $values[2].value | Should -BeNullOrEmpty
        # DWORD first; a string needs one more call after the type mismatch.
        Should -Invoke Invoke-CimMethod -ModuleName PatchlaneCollector -Times 2 -Exactly -ParameterFilter { $Arguments['sValueName'] -eq 'Text' }
    }

    It 'refuses an item that is not SubKey::ValueName' {
        { Get-PlRegistryValues -Wanted @('SOFTWARE\NoSeparator') } | Should -Throw -ExpectedMessage '*SubKey::ValueName*'
    }

    It 'adds registryValues to the document only when asked' {
        $plain = Get-PlHostInventory
        $plain.PSObject.Properties['registryValues'] | Should -BeNullOrEmpty
        $asked = Get-PlHostInventory -RegistryValue @(
            'SOFTWARE\Policies\Microsoft\Windows NT\Printers::RegisterSpoolerRemoteRpcEndPoint',
            'SYSTEM\CurrentControlSet\Services\LanmanServer\Parameters::DisableCompression'
        )
        # Checked on the JSON the console reads: a flat array of objects, not an array of arrays.
        $json = ConvertTo-PlJson -Document $asked | ConvertFrom-Json
        $json.registryValues.Count | Should -Be 2
        $json.registryValues[0] | Should -BeOfType [pscustomobject]
        $json.registryValues[0].value | Should -Be 2
        $json.registryValues[1].name | Should -Be 'DisableCompression'
        $one = ConvertTo-PlJson -Document (Get-PlHostInventory -RegistryValue @('SOFTWARE\Patchlane\Test::Text'))
        $one | Should -Match '"registryValues":\[\{"path":"HKLM\\\\SOFTWARE\\\\Patchlane\\\\Test","name":"Text","value":"on"\}\]'
    }
}

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

Describe 'New-PlCimSession' {
    BeforeEach { Use-PlMachine 'server2025' }

    It 'opens a <Protocol> session with New-CimSessionOption -Protocol <Protocol>' -ForEach @(@{ Protocol = 'Dcom' }, @{ Protocol = 'Wsman' }) {
        $session = New-PlCimSession -ComputerName 'srv2025-01' -Protocol $Protocol
        $session.ComputerName | Should -Be 'srv2025-01'
        Should -Invoke New-CimSessionOption -ModuleName PatchlaneCollector -Times 1 -Exactly -ParameterFilter { $Protocol -eq $Protocol }
        Should -Invoke New-CimSession -ModuleName PatchlaneCollector -Times 1 -Exactly -ParameterFilter { $ComputerName -eq 'srv2025-01' -and $null -eq $Credential }
    }

    It 'hands a PSCredential object through, never text' {
        $secret = New-Object System.Security.SecureString
        foreach ($c in 'not-a-real-password'.ToCharArray()) { $secret.AppendChar($c) }
        $credential = New-Object System.Management.Automation.PSCredential ('LAB\admin', $secret)
        New-PlCimSession -ComputerName 'srv2025-01' -Protocol Wsman -Credential $credential | Out-Null
        Should -Invoke New-CimSession -ModuleName PatchlaneCollector -Times 1 -Exactly -ParameterFilter { $Credential.UserName -eq 'LAB\admin' }
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
