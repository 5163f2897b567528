# Pester 5: the Windows Update Agent search as a one-shot SYSTEM task (PatchlaneWua.psm1). The
# ScheduledTasks cmdlets and the agent's COM objects are faithful fakes (PatchlaneWuaFakes.ps1):
# they are the Windows boundary that cannot exist here. The task's search.ps1 really runs.
BeforeAll {
    $script:ModulePath = Join-Path $PSScriptRoot '..' '..' 'src-main' 'powershell' 'scripts' 'PatchlaneWua.psm1'
    . (Join-Path $PSScriptRoot 'PatchlaneWuaFakes.ps1')
    Import-Module $script:ModulePath -Force -DisableNameChecking

    function Invoke-TestSearch {
        param([hashtable]$Extra = @{})
        $parameters = @{ Mode = 'Online'; TimeoutSeconds = 30; StageRoot = $script:Stage; PollMilliseconds = 10; ComputerName = 'PC1' }
        foreach ($key in $Extra.Keys) { $parameters[$key] = $Extra[$key] }
        $result = Invoke-PlWuaSearch @parameters
        # What the scan reads: the JSON, parsed back.
        ConvertTo-PlWuaJson -Result $result | ConvertFrom-Json -NoEnumerate -DateKind String
    }

    function Assert-NothingLeft {
        $global:PlWua.Tasks.Count | Should -Be 0
        @(Get-ChildItem -LiteralPath $script:Stage -Force) | Should -BeNullOrEmpty
    }

    function New-ComFailure([string]$Message, [int]$HResult) { [System.Runtime.InteropServices.COMException]::new($Message, $HResult) }
}

AfterAll {
    Remove-Module PatchlaneWua -ErrorAction SilentlyContinue
    Remove-PlWuaFakes
}

Describe 'Invoke-PlWuaSearch' {
    BeforeEach {
        Reset-PlWuaFakes
        $script:Stage = Join-Path $TestDrive ([guid]::NewGuid().ToString())
        $null = New-Item -ItemType Directory -Path $script:Stage
        $global:PlWua.Updates = @(
            (New-PlWuaFakeUpdate -Title '2019-02 Cumulative Update for Windows 10 Version 1809 for x64-based Systems (KB4487044)' -Kb '4487044' -UpdateId '0b1f2e6c-8d1a-4a6b-9b40-6b7d8a1f7e01' -Severity 'Critical' -Categories 'Security Updates' -Cves 'CVE-2019-0626', 'CVE-2019-0630'),
            (New-PlWuaFakeUpdate -Title 'Security Intelligence Update for Microsoft Defender Antivirus - KB2267602 (Version 1.289.501.0)' -Kb '2267602' -UpdateId 'c0b3e0fa-7f1e-4d3c-8d7b-1d2e3f405060' -Categories 'Definition Updates', 'Microsoft Defender Antivirus' -Downloaded $true),
            (New-PlWuaFakeUpdate -Title 'Intel - System - 10/3/2016 12:00:00 AM - 10.1.1.38' -UpdateId '' -Severity 'Unspecified')
        )
    }

    It 'registers a SYSTEM task under \Patchlane\, runs the search and maps every IUpdate (online, Windows Update)' {
        $doc = Invoke-TestSearch
        $doc.mode | Should -Be 'online'
        $doc.source | Should -Be 'windows-update'
        $doc.serverUrl | Should -BeNullOrEmpty
        $doc.criteria | Should -Be "IsInstalled=0 and IsHidden=0 and Type='Software'"
        $doc.searchedAt | Should -Match '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$'
        $doc.error | Should -BeNullOrEmpty
        $doc.missing.Count | Should -Be 3
        $doc.missing[0].kb | Should -Be 'KB4487044'
        $doc.missing[0].severity | Should -Be 'Critical'
        $doc.missing[0].cves | Should -Be @('CVE-2019-0626', 'CVE-2019-0630')
        $doc.missing[0].updateId | Should -Be '0b1f2e6c-8d1a-4a6b-9b40-6b7d8a1f7e01'
        $doc.missing[0].isDownloaded | Should -BeFalse
        $doc.missing[1].isDownloaded | Should -BeTrue
        $doc.missing[1].severity | Should -BeNullOrEmpty
        $doc.missing[1].categories | Should -Be @('Definition Updates', 'Microsoft Defender Antivirus')
        $doc.missing[2].kb | Should -BeNullOrEmpty
        $doc.missing[2].updateId | Should -BeNullOrEmpty
        $doc.missing[2].severity | Should -BeNullOrEmpty   # "Unspecified" is not an MSRC rating
        $task = $global:PlWua.Registered
        $task.TaskPath | Should -Be '\Patchlane\'
        $task.TaskName | Should -Match '^Patchlane-WUA-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
        $task.Principal.UserId | Should -Be 'NT AUTHORITY\SYSTEM'
        $task.Principal.LogonType | Should -Be 'ServiceAccount'
        $task.Principal.RunLevel | Should -Be 'Highest'
        $task.Action.Execute | Should -Match 'System32\\WindowsPowerShell\\v1\.0\\powershell\.exe$'
        $task.Action.Arguments | Should -Match '^-NoLogo -NoProfile -NonInteractive -ExecutionPolicy Bypass -File ".*Patchlane-[0-9a-f-]{36}.search\.ps1"$'
        $global:PlWua.Log | Should -Contain "Search IsInstalled=0 and IsHidden=0 and Type='Software' ServerSelection=0 ServiceID="
        # Unregister-ScheduledTask leaves the \Patchlane folder: it goes too once empty.
        $global:PlWua.Log | Should -Contain 'DeleteFolder Patchlane'
        Assert-NothingLeft
    }

    It 'keeps a one-element list a JSON array' {
        $global:PlWua.Updates = @(New-PlWuaFakeUpdate -Title 'Only one (KB5000001)' -Kb '5000001' -Categories 'Updates')
        $json = ConvertTo-PlWuaJson -Result (Invoke-PlWuaSearch -Mode Online -TimeoutSeconds 30 -StageRoot $script:Stage -PollMilliseconds 10)
        $json | Should -Match '"missing":\[\{'
        $json | Should -Match '"categories":\["Updates"\]'
        $json | Should -Match '"cves":\[\]'
    }

    It 'reports Microsoft Update when that service is registered with the agent' {
        $global:PlWua.Services = @([pscustomobject]@{ ServiceID = '7971f918-a847-4430-9279-4a52d1efe18d'; Name = 'Microsoft Update' })
        (Invoke-TestSearch).source | Should -Be 'microsoft-update'
    }

    It 'reports the WSUS server when the policy sets WUServer and UseWUServer = 1' {
        $global:PlWua.WuServer = 'http://wsus.corp.example:8530'
        $global:PlWua.UseWuServer = 1
        $doc = Invoke-TestSearch
        $doc.source | Should -Be 'wsus'
        $doc.serverUrl | Should -Be 'http://wsus.corp.example:8530'
        $global:PlWua.WuServer = 'http://wsus.corp.example:8530'
        $global:PlWua.UseWuServer = 0
        (Invoke-TestSearch).source | Should -Be 'windows-update'
    }

    It 'offline: copies the cab as wsusscn2.cab, registers it (ssOthers + ServiceID) and removes the service' {
        $cab = Join-Path $TestDrive 'wsusscn2-2026-11.cab'
        [IO.File]::WriteAllBytes($cab, [byte[]](0x4D, 0x53, 0x43, 0x46, 0, 0, 0, 0))
        $doc = Invoke-TestSearch @{ Mode = 'Offline'; CabFile = $cab }
        $doc.mode | Should -Be 'offline'
        $doc.source | Should -Be 'offline-cab'
        $doc.error | Should -BeNullOrEmpty
        $doc.missing.Count | Should -Be 3
        $added = @($global:PlWua.Log | Where-Object { $_ -like 'AddScanPackageService *' })
        $added.Count | Should -Be 1
        $added[0] | Should -Match '^AddScanPackageService Patchlane offline scan\|.*Patchlane-[0-9a-f-]{36}.wsusscn2\.cab\|1$'
        $global:PlWua.Log | Should -Contain "Search IsInstalled=0 and IsHidden=0 and Type='Software' ServerSelection=3 ServiceID=a1b2c3d4-0000-4000-8000-00000000cafe"
        $global:PlWua.Log | Should -Contain 'RemoveService a1b2c3d4-0000-4000-8000-00000000cafe'
        Test-Path -LiteralPath $cab | Should -BeTrue   # the console's own copy stays
        Assert-NothingLeft
    }

    It 'removes the scan service even when the offline search fails' {
        $cab = Join-Path $TestDrive 'wsusscn2.cab'
        [IO.File]::WriteAllBytes($cab, [byte[]](0x4D, 0x53, 0x43, 0x46))
        $global:PlWua.SearchThrows = New-ComFailure 'Exception from HRESULT: 0x800B0109' -2146762487
        $doc = Invoke-TestSearch @{ Mode = 'Offline'; CabFile = $cab }
        $doc.error.hresult | Should -Be '0x800B0109'
        $doc.error.message | Should -Match 'not signed by a root'
        $global:PlWua.Log | Should -Contain 'RemoveService a1b2c3d4-0000-4000-8000-00000000cafe'
        Assert-NothingLeft
    }

    It 'times out: stops the task, reports how to raise the time-out, and still removes the task and files' {
        $global:PlWua.TaskBehaviour = 'hang'
        $doc = Invoke-TestSearch @{ TimeoutSeconds = 1 }
        $doc.error.hresult | Should -BeNullOrEmpty
        $doc.error.message | Should -Match 'did not finish within 1 s'
        $doc.error.message | Should -Match 'WuaTimeoutSeconds'
        @($doc.missing).Count | Should -Be 0
        ($global:PlWua.Log | Where-Object { $_ -like 'Stop *' }).Count | Should -Be 1
        ($global:PlWua.Log | Where-Object { $_ -like 'Unregister *' }).Count | Should -Be 1
        Assert-NothingLeft
    }

    It 'reports an agent error with its HRESULT and the fix, and an empty list' {
        $global:PlWua.SearchThrows = New-ComFailure 'Exception from HRESULT: 0x8024402C' -2145107924
        $doc = Invoke-TestSearch
        $doc.error.hresult | Should -Be '0x8024402C'
        $doc.error.message | Should -Match 'PC1 could not resolve the update server'
        @($doc.missing).Count | Should -Be 0
        Assert-NothingLeft
    }

    It 'reports an unknown agent error in its own words with the HRESULT' {
        $global:PlWua.SearchThrows = New-ComFailure 'Exception from HRESULT: 0x80240024' -2145124316
        $doc = Invoke-TestSearch
        $doc.error.hresult | Should -Be '0x80240024'
        $doc.error.message | Should -Match '0x80240024'
    }

    It 'reports a failed search (ResultCode 4, orcFailed) as an error' {
        $global:PlWua.ResultCode = 4
        $doc = Invoke-TestSearch
        $doc.error.message | Should -Match 'result code 4'
        @($doc.missing).Count | Should -Be 0
    }

    It 'does not start a task when wuauserv is disabled, and gives the Set-Service command' {
        $global:PlWua.WuauservMode = 'Disabled'
        $doc = Invoke-TestSearch
        $doc.error.hresult | Should -Be '0x80070422'
        $doc.error.message | Should -Match 'Set-Service -Name wuauserv -StartupType Manual'
        @($global:PlWua.Log | Where-Object { $_ -like 'Register *' }).Count | Should -Be 0
        Assert-NothingLeft
    }

    It 'maps ERROR_SERVICE_DISABLED from the agent itself to the same fix' {
        $global:PlWua.SearchThrows = New-ComFailure 'Exception from HRESULT: 0x80070422' -2147023838
        (Invoke-TestSearch).error.message | Should -Match 'Set-Service -Name wuauserv -StartupType Manual'
    }

    It 'reports access denied when the task cannot be registered, and leaves no files' {
        $global:PlWua.RegisterThrows = [System.Management.Automation.ErrorRecord]::new([System.Exception]::new('Access is denied.'), 'HRESULT 0x80070005,Register-ScheduledTask', 'PermissionDenied', $null)
        $doc = Invoke-TestSearch
        $doc.error.hresult | Should -Be '0x80070005'
        $doc.error.message | Should -Match 'local Administrators group'
        @($global:PlWua.Log | Where-Object { $_ -like 'Start *' }).Count | Should -Be 0
        Assert-NothingLeft
    }

    It 'reports a task that ended without an answer, with its last result' {
        $global:PlWua.TaskBehaviour = 'crash'
        $doc = Invoke-TestSearch
        $doc.error.hresult | Should -Be '0x80070002'
        Assert-NothingLeft
    }

    It 'keeps the answer but says so when the task cannot be removed' {
        $global:PlWua.UnregisterThrows = [System.Exception]::new('The RPC server is unavailable.')
        $doc = Invoke-TestSearch
        $doc.missing.Count | Should -Be 3
        $doc.error.message | Should -Match "Unregister-ScheduledTask -TaskPath '\\Patchlane\\' -TaskName 'Patchlane-WUA-"
    }

    It 'never puts a hostile cab file name into the task script' {
        $hostile = "evil'; Remove-Item -Recurse -Force `$HOME #`$(whoami).cab"
        $cab = Join-Path $TestDrive $hostile
        [IO.File]::WriteAllBytes($cab, [byte[]](0x4D, 0x53, 0x43, 0x46))
        $doc = Invoke-TestSearch @{ Mode = 'Offline'; CabFile = $cab }
        $doc.error | Should -BeNullOrEmpty
        $global:PlWua.Registered.Action.Arguments | Should -Not -Match 'evil'
        @($global:PlWua.Log | Where-Object { $_ -like '*evil*' }) | Should -BeNullOrEmpty
        Test-Path -LiteralPath $cab | Should -BeTrue
        Assert-NothingLeft
    }
}

Describe 'The task script (search.ps1)' {
    It 'carries only module code, parses, and uses no PowerShell 7-only syntax' {
        $text = New-PlWuaTaskScript
        $tokens = $null; $errors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseInput($text, [ref]$tokens, [ref]$errors)
        @($errors) | Should -BeNullOrEmpty
        $ps7 = $ast.FindAll({ param($n) $n.GetType().Name -in @('TernaryExpressionAst', 'PipelineChainAst') }, $true)
        @($ps7) | Should -BeNullOrEmpty
        $text | Should -Match 'Invoke-PlWuaTaskMain -Folder \$PSScriptRoot'
    }
}

Describe 'Invoke-PlWuaForTransport' {
    BeforeEach { Reset-PlWuaFakes }

    It 'answers a missing cab file with an error document, never an exception' {
        $hostile = "/nowhere/x'; Remove-Item -Recurse C:\ #.cab"
        $doc = Invoke-PlWuaForTransport -Transport Ssh -Mode Offline -CabPath $hostile -ComputerName 'h01' | ConvertFrom-Json
        $doc.mode | Should -Be 'offline'
        $doc.source | Should -Be 'offline-cab'
        $doc.error.message | Should -BeLike "*'$hostile' was not found on this computer*"
        @($doc.missing).Count | Should -Be 0
        $global:PlWua.Log.Count | Should -Be 0
    }

    It 'answers a session that cannot be opened with an error document' {
        Mock -ModuleName PatchlaneWua New-PSSession { throw [System.Management.Automation.Remoting.PSRemotingTransportException]::new('ssh: connect to host 10.231.0.99 port 22: Connection refused') }
        $doc = Invoke-PlWuaForTransport -Transport Ssh -Mode Online -ComputerName '10.231.0.99' -Connection @{ HostName = '10.231.0.99' } | ConvertFrom-Json
        $doc.error.message | Should -Match 'Could not open a session for the Windows Update search on 10\.231\.0\.99: .*Connection refused'
        $doc.source | Should -Be 'windows-update'
    }
}

Describe 'Invoke-PlWuaForTransport over DCOM' {
    BeforeEach {
        Reset-PlWuaFakes
        $global:PlWua.Updates = @(New-PlWuaFakeUpdate -Title '2026-11 Cumulative Update for Microsoft server operating system version 21H2 for x64-based Systems (KB5070000)' -Kb '5070000' -UpdateId 'f00dfeed-0000-4000-8000-000000000001' -Severity 'Important' -Categories 'Security Updates')
        # \\PC9\ADMIN$\Temp as this test sees it; C:\Windows\Temp as the host's task sees the same folder.
        $script:Share = Join-Path $TestDrive ([guid]::NewGuid().ToString())
        $null = New-Item -ItemType Directory -Path $script:Share
        $global:PlWua.PathMap = @{ 'C:\Windows\Temp' = $script:Share }
        Mock -ModuleName PatchlaneWua New-PlWuaStage -ParameterFilter { $Root -eq '\\PC9\ADMIN$\Temp' } {
            $folder = Join-Path $script:Share ('Patchlane-' + [guid]::NewGuid().ToString())
            $null = New-Item -ItemType Directory -Path $folder
            [pscustomobject]@{ Folder = $folder; Id = '' }
        }
        Mock -ModuleName PatchlaneWua New-PSDrive { [pscustomobject]@{ Name = $Name; Root = $Root } }
        Mock -ModuleName PatchlaneWua Remove-PSDrive { }
    }

    It 'registers the task through the DCOM CimSession, stages files through ADMIN$ and gives the task the host''s own path' {
        $credential = New-Object System.Management.Automation.PSCredential ('CORP\scanner', (ConvertTo-SecureString 'not-logged' -AsPlainText -Force))
        $doc = Invoke-PlWuaForTransport -Transport Dcom -Mode Online -ComputerName 'PC9' -Credential $credential | ConvertFrom-Json -DateKind String
        $doc.error | Should -BeNullOrEmpty
        $doc.missing.kb | Should -Be 'KB5070000'
        $global:PlWua.Log | Should -Contain 'New-CimSession PC9 Dcom'
        $global:PlWua.Registered.CimSession.Protocol | Should -Be 'Dcom'
        $global:PlWua.Registered.Action.Execute | Should -Be 'C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe'
        $global:PlWua.Registered.Action.Arguments | Should -Match '-File "C:\\Windows\\Temp\\Patchlane-[0-9a-f-]{36}\\search\.ps1"$'
        Should -Invoke -ModuleName PatchlaneWua New-PSDrive -Times 1 -Exactly -ParameterFilter { $Root -eq '\\PC9\ADMIN$' -and $Credential.UserName -eq 'CORP\scanner' }
        Should -Invoke -ModuleName PatchlaneWua Remove-PSDrive -Times 1 -Exactly
        $global:PlWua.Log | Should -Contain 'Remove-CimSession PC9'
        $global:PlWua.Log | Should -Not -Contain 'DeleteFolder Patchlane'   # the scripting objects reach this machine only
        $global:PlWua.Tasks.Count | Should -Be 0
        @(Get-ChildItem -LiteralPath $script:Share -Force) | Should -BeNullOrEmpty
    }
}

Describe 'Join-PlWuaDocument' {
    It 'adds "wua" as the last key and leaves the rest byte for byte' {
        $document = '{"schemaVersion":1,"os":{"caption":"Windows \"11\""},"hotfixes":[]}'
        $joined = Join-PlWuaDocument -Document $document -WuaJson '{"mode":"online","missing":[]}'
        $joined | Should -BeExactly '{"schemaVersion":1,"os":{"caption":"Windows \"11\""},"hotfixes":[],"wua":{"mode":"online","missing":[]}}'
        (Join-PlWuaDocument -Document '{}' -WuaJson '{"a":1}') | Should -BeExactly '{"wua":{"a":1}}'
    }
}
