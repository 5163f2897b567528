<#
.SYNOPSIS
  Pester mocks of CIM, StdRegProv, CimSession and the Windows Update Agent COM object, inside
  the PatchlaneCollector module, answering from $global:PlTestMachine (see fixtures/Machines.ps1).
.DESCRIPTION
  Dot-source in BeforeAll after TestHelpers.ps1; call Use-PlMachine (or Register-PlCimMocks) in
  each It or BeforeEach. Mocks made in an It last for that It only.
#>

function Register-PlCimMocks {
    # Unknown classes answer as WMI does: WBEM_E_INVALID_CLASS.
    Mock -ModuleName PatchlaneCollector Get-CimInstance { throw (New-PlInvalidClassError $ClassName) }
    Mock -ModuleName PatchlaneCollector Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_OperatingSystem' } { Invoke-PlFakeGetCimInstance -ClassName 'Win32_OperatingSystem' }
    Mock -ModuleName PatchlaneCollector Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_QuickFixEngineering' } { Invoke-PlFakeGetCimInstance -ClassName 'Win32_QuickFixEngineering' }
    Mock -ModuleName PatchlaneCollector Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_Service' } { Invoke-PlFakeGetCimInstance -ClassName 'Win32_Service' }
    Mock -ModuleName PatchlaneCollector Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_ServerFeature' } { Invoke-PlFakeGetCimInstance -ClassName 'Win32_ServerFeature' }
    Mock -ModuleName PatchlaneCollector Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_OptionalFeature' } { Invoke-PlFakeGetCimInstance -ClassName 'Win32_OptionalFeature' }
    Mock -ModuleName PatchlaneCollector Invoke-CimMethod -ParameterFilter { $ClassName -eq 'StdRegProv' } {
        Invoke-PlFakeStdRegProv -Registry $global:PlTestMachine.Registry -MethodName $MethodName -Arguments $Arguments
    }
    Mock -ModuleName PatchlaneCollector New-Object -ParameterFilter { $ComObject -eq 'Microsoft.Update.Session' } { Invoke-PlFakeComObject -ProgId 'Microsoft.Update.Session' }
    Mock -ModuleName PatchlaneCollector New-CimSessionOption { [pscustomobject]@{ Protocol = $Protocol } }
    Mock -ModuleName PatchlaneCollector New-CimSession { [pscustomobject]@{ ComputerName = ($ComputerName -join ','); Protocol = $SessionOption.Protocol; Id = 7 } }
    Mock -ModuleName PatchlaneCollector Remove-CimSession { }
}

function Use-PlMachine {
    <# Selects a fixture machine and (re)registers the mocks for the current test. #>
    param([Parameter(Mandatory)][string]$Name)
    $global:PlTestMachine = Get-PlFixtureMachine -Name $Name
    Register-PlCimMocks
}
