# Pester 5 tests of the collector's StdRegProv reads (Get-PlRegistryValue, Get-PlRegistryValues) and CIM sessions in PatchlaneCollector.psm1, with CIM, StdRegProv and
# the Windows Update Agent mocked inside the module from fixture machines built from real captures.

BeforeAll { . (Join-Path $PSScriptRoot 'CollectorTestSetup.ps1') }

AfterAll { Remove-PlCollectorUnderTest }

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

    It 'throws naming the key when StdRegProv answers with a ReturnValue that is not a number' {
        Mock -ModuleName PatchlaneCollector Invoke-CimMethod -ParameterFilter { $ClassName -eq 'StdRegProv' } { [pscustomobject]@{ ReturnValue = 'abc'; sValue = 12345 } }
        { Get-PlRegistryValue -SubKey 'SOFTWARE\Microsoft\Windows NT\CurrentVersion' -ValueName 'UBR' -Kind DWord } |
            Should -Throw -ExpectedMessage "StdRegProv.GetDWORDValue on HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion returned 'abc' where a number belongs*"
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
