# Pester 5: how Get-RemoteHostInventory.ps1 builds its WinRM, SSH and DCOM calls. Invoke-Command
# and the collector are mocked: they are the Windows boundary that cannot exist here.
BeforeAll {
    $script:ScriptPath = Join-Path $PSScriptRoot '..' '..' 'src-main' 'powershell' 'scripts' 'Get-RemoteHostInventory.ps1'

    # Runs the script and returns what it wrote to the console's stdout and stderr.
    function Invoke-Captured {
        param([hashtable]$Parameters)
        $out = New-Object System.IO.StringWriter
        $err = New-Object System.IO.StringWriter
        $oldOut = [Console]::Out
        $oldErr = [Console]::Error
        try {
            [Console]::SetOut($out)
            [Console]::SetError($err)
            & $script:ScriptPath @Parameters
        }
        finally {
            [Console]::SetOut($oldOut)
            [Console]::SetError($oldErr)
        }
        [pscustomobject]@{ Stdout = $out.ToString().Trim(); Stderr = $err.ToString().Trim() }
    }
}

Describe 'Get-RemoteHostInventory.ps1 over WinRM' {
    BeforeEach {
        Mock Invoke-Command { [pscustomobject]@{ ExitCode = 0; Stdout = '{"schemaVersion":1,"fake":true}'; Stderr = $null } }
    }

    It 'uses Kerberos on the given port and prints the collector document' {
        $result = Invoke-Captured @{ Transport = 'WinRM'; ComputerName = 'pc1.corp.example'; Port = 5985 }
        $result.Stderr | Should -BeNullOrEmpty
        $result.Stdout | Should -Be '{"schemaVersion":1,"fake":true}'
        Should -Invoke Invoke-Command -Times 1 -Exactly -ParameterFilter {
            $ComputerName -eq 'pc1.corp.example' -and $Authentication -eq 'Kerberos' -and $Port -eq 5985 -and -not $UseSSL -and $null -eq $Credential
        }
    }

    It 'builds a PSCredential from the account and uses HTTPS when asked' {
        $null = Invoke-Captured @{ Transport = 'WinRM'; ComputerName = 'pc2'; Port = 5986; UseSsl = $true; Authentication = 'Negotiate'; UserName = 'PC2\admin'; Password = 'pw-not-logged' }
        Should -Invoke Invoke-Command -Times 1 -Exactly -ParameterFilter {
            $UseSSL -and $Authentication -eq 'Negotiate' -and $Credential.UserName -eq 'PC2\admin' -and
            $Credential.GetNetworkCredential().Password -eq 'pw-not-logged' -and $ArgumentList[0] -like '*function Invoke-PlHostInventory*'
        }
    }

    It 'passes a hostile name only as the -ComputerName value' {
        $hostile = "pc1'; Remove-Item -Recurse C:\ #"
        $null = Invoke-Captured @{ Transport = 'WinRM'; ComputerName = $hostile }
        Should -Invoke Invoke-Command -Times 1 -Exactly -ParameterFilter { $ComputerName -ceq $hostile }
    }

    It 'reports a connection failure as JSON with the remoting error id' {
        Mock Invoke-Command { throw [System.Management.Automation.Remoting.PSRemotingTransportException]::new('WinRM cannot complete the operation.') }
        $result = Invoke-Captured @{ Transport = 'WinRM'; ComputerName = 'pc3' }
        $result.Stdout | Should -BeNullOrEmpty
        $doc = $result.Stderr | ConvertFrom-Json
        $doc.error.message | Should -Match 'WinRM cannot complete the operation'
        $doc.error.stage | Should -Be 'connect'
        $doc.error.transport | Should -Be 'WinRM'
    }
}

Describe 'Get-RemoteHostInventory.ps1 over SSH' {
    BeforeEach { Mock Invoke-Command { [pscustomobject]@{ ExitCode = 0; Stdout = '{"schemaVersion":1,"fake":true}'; Stderr = $null } } }

    It 'uses HostName, the key file, pinned host keys and batch mode' {
        $null = Invoke-Captured @{ Transport = 'Ssh'; ComputerName = '10.231.0.11'; UserName = 'lab'; KeyFilePath = '/k/id'; KnownHostsFile = '/d/known_hosts'; Port = 22 }
        Should -Invoke Invoke-Command -Times 1 -Exactly -ParameterFilter {
            $HostName -eq '10.231.0.11' -and $UserName -eq 'lab' -and $KeyFilePath -eq '/k/id' -and $Port -eq 22 -and
            $Options.StrictHostKeyChecking -eq 'accept-new' -and $Options.UserKnownHostsFile -eq '/d/known_hosts' -and $Options.BatchMode -eq 'yes'
        }
    }

    It 'forwards the collector failure document unchanged' {
        Mock Invoke-Command { [pscustomobject]@{ ExitCode = 1; Stdout = $null; Stderr = '{"schemaVersion":1,"error":{"message":"Access denied"}}' } }
        $result = Invoke-Captured @{ Transport = 'Ssh'; ComputerName = 'h1' }
        ($result.Stderr | ConvertFrom-Json).error.message | Should -Be 'Access denied'
    }
}

Describe 'Get-RemoteHostInventory.ps1 over DCOM' {
    It 'runs the collector here against a DCOM CimSession with the account' {
        Import-Module (Join-Path $PSScriptRoot '..' '..' 'src-main' 'powershell' 'scripts' 'PatchlaneCollector.psm1') -Force -DisableNameChecking
        Mock Invoke-PlHostInventory { [pscustomobject]@{ ExitCode = 0; Stdout = '{"schemaVersion":1,"fake":true}'; Stderr = $null } }
        Mock Import-Module { }
        $result = Invoke-Captured @{ Transport = 'Dcom'; ComputerName = 'pc4'; UserName = 'admin'; Password = 'pw' }
        $result.Stderr | Should -BeNullOrEmpty
        $result.Stdout | Should -Be '{"schemaVersion":1,"fake":true}'
        Should -Invoke Invoke-PlHostInventory -Times 1 -Exactly -ParameterFilter {
            $ComputerName -eq 'pc4' -and $Protocol -eq 'Dcom' -and $Credential.UserName -eq 'admin'
        }
    }
}
