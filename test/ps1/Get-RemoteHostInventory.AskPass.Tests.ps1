# Pester 5: SSH password sign-in in Get-RemoteHostInventory.ps1. Invoke-Command is mocked; inside
# it the test plays ssh: it reads SSH_ASKPASS and runs the helper as ssh would. (The lab test in
# test/integration/credentials signs in to a real sshd the same way.)
BeforeAll {
    $script:ScriptPath = Join-Path $PSScriptRoot '..' '..' 'src-main' 'powershell' 'scripts' 'Get-RemoteHostInventory.ps1'
    function Invoke-Quiet {
        param([hashtable]$Parameters)
        $oldOut = [Console]::Out
        $oldErr = [Console]::Error
        $err = New-Object System.IO.StringWriter
        try {
            [Console]::SetOut((New-Object System.IO.StringWriter))
            [Console]::SetError($err)
            & $script:ScriptPath @Parameters
        }
        finally {
            [Console]::SetOut($oldOut)
            [Console]::SetError($oldErr)
        }
        $err.ToString().Trim()
    }
}

AfterAll { Remove-Variable -Name PlAskPassSeen -Scope Global -ErrorAction SilentlyContinue }

Describe 'Get-RemoteHostInventory.ps1: SSH password sign-in through a one-shot askpass helper' -Skip:($IsWindows) {
    BeforeEach {
        $global:PlAskPassSeen = $null
        Mock Invoke-Command {
            $helper = $env:SSH_ASKPASS
            $folder = Split-Path -Parent $helper
            $global:PlAskPassSeen = [pscustomobject]@{
                Require    = $env:SSH_ASKPASS_REQUIRE
                Options    = $Options
                KeyFile    = $KeyFilePath
                FolderMode = [int](Get-Item -LiteralPath $folder).UnixFileMode
                SecretMode = [int](Get-Item -LiteralPath (Join-Path $folder 'secret')).UnixFileMode
                First      = (& $helper "patchlane-lab@h1's password: ")
                Second     = (& $helper "patchlane-lab@h1's password: " 2>$null)
                Folder     = $folder
            }
            [pscustomobject]@{ ExitCode = 0; Stdout = '{"schemaVersion":1,"fake":true}'; Stderr = $null }
        }
    }

    It 'hands the password over once, with batch mode off only here, and leaves nothing behind' {
        $before = @{ askPass = $env:SSH_ASKPASS; require = $env:SSH_ASKPASS_REQUIRE }
        $password = 'pester-' + [guid]::NewGuid().ToString('N')
        $stderr = Invoke-Quiet @{ Transport = 'Ssh'; ComputerName = 'h1'; UserName = 'patchlane-lab'; Password = $password }
        $stderr | Should -BeNullOrEmpty
        $global:PlAskPassSeen.First | Should -BeExactly $password
        $global:PlAskPassSeen.Second | Should -BeNullOrEmpty
        $global:PlAskPassSeen.Require | Should -Be 'force'
        $global:PlAskPassSeen.FolderMode | Should -Be 448  # 0700
        $global:PlAskPassSeen.SecretMode | Should -Be 384  # 0600
        $global:PlAskPassSeen.KeyFile | Should -BeNullOrEmpty
        $global:PlAskPassSeen.Options.BatchMode | Should -Be 'no'
        $global:PlAskPassSeen.Options.PubkeyAuthentication | Should -Be 'no'
        $global:PlAskPassSeen.Options.NumberOfPasswordPrompts | Should -Be '1'
        Test-Path -LiteralPath $global:PlAskPassSeen.Folder | Should -BeFalse
        $env:SSH_ASKPASS | Should -Be $before.askPass
        $env:SSH_ASKPASS_REQUIRE | Should -Be $before.require
    }

    It 'cleans up when the connection fails too, and keeps batch mode on for a key' {
        Mock Invoke-Command { $global:PlAskPassSeen = Split-Path -Parent $env:SSH_ASKPASS; throw [System.Management.Automation.Remoting.PSRemotingTransportException]::new('Permission denied (password).') }
        $stderr = Invoke-Quiet @{ Transport = 'Ssh'; ComputerName = 'h1'; UserName = 'patchlane-lab'; Password = 'not-this-one-1234' }
        ($stderr | ConvertFrom-Json).error.stage | Should -Be 'connect'
        $stderr | Should -Not -Match 'not-this-one-1234'
        Test-Path -LiteralPath $global:PlAskPassSeen | Should -BeFalse
        $env:SSH_ASKPASS | Should -BeNullOrEmpty

        Mock Invoke-Command { $global:PlAskPassSeen = $Options; [pscustomobject]@{ ExitCode = 0; Stdout = '{}'; Stderr = $null } }
        $null = Invoke-Quiet @{ Transport = 'Ssh'; ComputerName = 'h1'; UserName = 'lab'; KeyFilePath = '/k/id' }
        $global:PlAskPassSeen.BatchMode | Should -Be 'yes'
        $global:PlAskPassSeen.ContainsKey('PubkeyAuthentication') | Should -BeFalse
    }
}
