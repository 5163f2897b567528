# Pester 5 test of src-main/powershell/scripts/Get-PatchlaneHost.ps1, run for real in a child pwsh:
# nothing to mock, it reads only the engine's own variables.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:ScriptPath = Join-Path (Get-PlRepoRoot) 'src-main' 'powershell' 'scripts' 'Get-PatchlaneHost.ps1'
    $script:Pwsh = $env:PATCHLANE_PWSH
    if (-not $script:Pwsh) { $script:Pwsh = (Get-Command pwsh -CommandType Application | Select-Object -First 1).Source }
}

Describe 'Get-PatchlaneHost.ps1' {
    BeforeAll {
        $errFile = [IO.Path]::GetTempFileName()
        $script:Stdout = @(& $script:Pwsh -NoProfile -NonInteractive -File $script:ScriptPath 2> $errFile)
        $script:ExitCode = $LASTEXITCODE
        $script:Stderr = ([IO.File]::ReadAllText($errFile)).Trim()
        Remove-Item -LiteralPath $errFile
        # What the child should report, from the same executable asked directly.
        $script:Expected = & $script:Pwsh -NoProfile -NonInteractive -Command '[pscustomobject]@{ v = $PSVersionTable.PSVersion.ToString(); e = $PSVersionTable.PSEdition } | ConvertTo-Json -Compress' | ConvertFrom-Json
    }

    It 'exits 0 with nothing on stderr' {
        $script:Stderr | Should -BeNullOrEmpty
        $script:ExitCode | Should -Be 0
    }

    It 'prints exactly one line of JSON' {
        @($script:Stdout | Where-Object { $_ }).Count | Should -Be 1
        { $script:Stdout[0] | ConvertFrom-Json } | Should -Not -Throw
    }

    It 'has the shape PowerShellHostReport validates (schemaVersion, psVersion, edition, os, isAdmin, computerName)' {
        $doc = $script:Stdout[0] | ConvertFrom-Json
        @($doc.PSObject.Properties.Name | Sort-Object) | Should -Be @('computerName', 'edition', 'isAdmin', 'os', 'psVersion', 'schemaVersion')
        $doc.schemaVersion | Should -Be 1
        $doc.psVersion | Should -Be $script:Expected.v
        $doc.edition | Should -Be $script:Expected.e
        $doc.edition | Should -BeIn @('Desktop', 'Core')
        $doc.isAdmin | Should -BeOfType [bool]
        $doc.os | Should -Not -BeNullOrEmpty
        $doc.computerName | Should -Be ([Environment]::MachineName)
    }
}
