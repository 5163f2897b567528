# Every script Patchlane ships must parse, and must run on Windows PowerShell 5.1: no syntax that
# only PowerShell 7 understands. Checked on the AST, so strings and comments never trip it.

BeforeDiscovery {
    $root = (Resolve-Path (Join-Path $PSScriptRoot '..\..')).Path
    $scriptFiles = @(Get-ChildItem -Path (Join-Path $root 'src-main/powershell/scripts') -Recurse -File -Include '*.ps1', '*.psm1' |
            ForEach-Object { @{ Name = $_.Name; Path = $_.FullName } })
}

BeforeAll {
    function Find-Ps7OnlySyntax {
        <# Describes each PowerShell 7-only construct in an AST: ?? ??= ?. ?[] ternary && || ForEach-Object -Parallel. #>
        param([Parameter(Mandatory)][System.Management.Automation.Language.Ast]$Ast)
        $found = $Ast.FindAll({
                param($node)
                $type = $node.GetType().Name
                if ($type -eq 'TernaryExpressionAst' -or $type -eq 'PipelineChainAst') { return $true }
                if ($node -is [System.Management.Automation.Language.BinaryExpressionAst] -and [string]$node.Operator -eq 'QuestionQuestion') { return $true }
                if ($node -is [System.Management.Automation.Language.AssignmentStatementAst] -and [string]$node.Operator -eq 'QuestionQuestionEquals') { return $true }
                if (($node -is [System.Management.Automation.Language.MemberExpressionAst] -or $node -is [System.Management.Automation.Language.IndexExpressionAst]) -and
                    $node.PSObject.Properties['NullConditional'] -and $node.NullConditional) { return $true }
                if ($node -is [System.Management.Automation.Language.CommandAst] -and $node.GetCommandName() -in @('ForEach-Object', '%', 'foreach') -and
                    @($node.CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] -and 'Parallel' -like "$($_.ParameterName)*" -and $_.ParameterName.Length -ge 2 }).Count -gt 0) { return $true }
                return $false
            }, $true)
        foreach ($node in $found) { "line $($node.Extent.StartLineNumber): $($node.GetType().Name) '$($node.Extent.Text)'" }
    }
}

Describe 'Shipped script <Name>' -ForEach $scriptFiles {
    BeforeAll {
        $tokens = $null
        $errors = $null
        $script:Ast = [System.Management.Automation.Language.Parser]::ParseFile($Path, [ref]$tokens, [ref]$errors)
        $script:Errors = $errors
    }

    It 'parses with zero errors' {
        @($script:Errors | ForEach-Object { "line $($_.Extent.StartLineNumber): $($_.Message)" }) | Should -BeNullOrEmpty
    }

    It 'uses no PowerShell 7-only syntax' {
        @(Find-Ps7OnlySyntax -Ast $script:Ast) | Should -BeNullOrEmpty
    }

    It 'sets strict mode and stops on errors' {
        $text = Get-Content -LiteralPath $Path -Raw
        $text | Should -Match '(?m)^\s*Set-StrictMode -Version Latest'
        $text | Should -Match "(?m)^\s*\`$ErrorActionPreference = 'Stop'"
    }

    It 'never writes to the host (stdout is for the one JSON document)' {
        $hostWrites = $script:Ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] -and $n.GetCommandName() -eq 'Write-Host' }, $true)
        @($hostWrites) | Should -BeNullOrEmpty
    }
}

Describe 'The PowerShell 7-only syntax check' {
    It 'catches <Construct>' -ForEach @(
        @{ Construct = 'null-coalescing ??'; Code = '$a = $b ?? 1' }
        @{ Construct = 'null-coalescing assignment ??='; Code = '$a ??= 1' }
        @{ Construct = 'null-conditional member ?.'; Code = '${a}?.Name' }
        @{ Construct = 'null-conditional index ?[]'; Code = '${a}?[0]' }
        @{ Construct = 'ternary'; Code = '$a = $true ? 1 : 2' }
        @{ Construct = 'pipeline chain &&'; Code = 'Get-Date && Get-Date' }
        @{ Construct = 'pipeline chain ||'; Code = 'Get-Date || Get-Date' }
        @{ Construct = 'ForEach-Object -Parallel'; Code = '1..2 | ForEach-Object -Parallel { $_ }' }
    ) {
        $tokens = $null; $errors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseInput($Code, [ref]$tokens, [ref]$errors)
        @($errors).Count | Should -Be 0
        @(Find-Ps7OnlySyntax -Ast $ast).Count | Should -BeGreaterThan 0
    }

    It 'leaves Windows PowerShell 5.1 code alone' {
        $tokens = $null; $errors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseInput('if ($a -and $b) { $c = @($d | ForEach-Object { $_.Name }) } else { $c = $null }; "a ?? b"', [ref]$tokens, [ref]$errors)
        @(Find-Ps7OnlySyntax -Ast $ast) | Should -BeNullOrEmpty
    }
}
