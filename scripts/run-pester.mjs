#!/usr/bin/env node
// `npm run test:ps1 [-- paths…]`: runs the Pester 5 suite in test/ps1 with PowerShell 7.
//
// Finds pwsh (PATCHLANE_PWSH, PATH, ~/.dotnet/tools/pwsh, the standard install folders) and
// Pester (PATCHLANE_PESTER, else the highest .ci/pester/packages/pester/<version>/tools/Pester.psd1,
// restoring it with `dotnet restore .ci/pester/pester.csproj` when missing and dotnet exists).
// Writes test-results/pester.xml (NUnit XML) and ends with the line `N passed, N failed`
// (`, N skipped` when any were skipped), which CI counts.
//
// Exit codes: 0 all passed, 1 failures (or Pester could not run), 3 no pwsh or no Pester here
// (the caller decides whether that is a skip or, under CI=true, a failure).
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const isWindows = process.platform === 'win32'
const MARKER = 'PATCHLANE-PESTER-COUNTS'

function isExecutable(file) {
  try {
    if (!fs.statSync(file).isFile()) return false
    if (!isWindows) fs.accessSync(file, fs.constants.X_OK)
    return true
  } catch {
    return false
  }
}

function findOnPath(names) {
  const dirs = (process.env.PATH ?? process.env.Path ?? '').split(path.delimiter).filter(Boolean)
  for (const name of names) {
    for (const dir of dirs) {
      const candidate = path.join(dir, name)
      if (isExecutable(candidate)) return candidate
    }
  }
  return null
}

/** PowerShell 7 only: Pester runs on it everywhere, and the tests use its parser and argument passing. */
function findPwsh() {
  const forced = process.env.PATCHLANE_PWSH?.trim()
  if (forced) {
    if (isExecutable(forced)) return path.resolve(forced)
    console.error(`PATCHLANE_PWSH is set to ${forced}, which is not an executable file.`)
    return null
  }
  const onPath = findOnPath(isWindows ? ['pwsh.exe'] : ['pwsh'])
  if (onPath) return onPath
  const home = os.homedir()
  const candidates = isWindows
    ? [path.join(home, '.dotnet', 'tools', 'pwsh.exe'), path.join(process.env.ProgramFiles ?? 'C:\\Program Files', 'PowerShell', '7', 'pwsh.exe')]
    : [path.join(home, '.dotnet', 'tools', 'pwsh'), '/usr/bin/pwsh', '/usr/local/bin/pwsh', '/opt/microsoft/powershell/7/pwsh']
  return candidates.find(isExecutable) ?? null
}

function compareVersions(a, b) {
  const pa = a.split(/[.-]/).map((x) => Number.parseInt(x, 10) || 0)
  const pb = b.split(/[.-]/).map((x) => Number.parseInt(x, 10) || 0)
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0)
    if (d !== 0) return d
  }
  return 0
}

function findRestoredPester() {
  const dir = path.join(root, '.ci', 'pester', 'packages', 'pester')
  let versions = []
  try {
    versions = fs.readdirSync(dir).filter((v) => /^\d+\.\d+/.test(v) && Number.parseInt(v, 10) >= 5)
  } catch {
    return null
  }
  versions.sort(compareVersions).reverse()
  for (const version of versions) {
    const manifest = path.join(dir, version, 'tools', 'Pester.psd1')
    if (fs.existsSync(manifest)) return manifest
  }
  return null
}

function findPester() {
  const forced = process.env.PATCHLANE_PESTER?.trim()
  if (forced) {
    if (fs.existsSync(forced)) return path.resolve(forced)
    console.error(`PATCHLANE_PESTER is set to ${forced}, which does not exist.`)
    return null
  }
  const restored = findRestoredPester()
  if (restored) return restored
  const dotnet = findOnPath(isWindows ? ['dotnet.exe'] : ['dotnet'])
  if (!dotnet) return null
  const project = path.join(root, '.ci', 'pester', 'pester.csproj')
  console.log(`Pester is not restored yet: running dotnet restore ${path.relative(root, project)}`)
  const restore = spawnSync(dotnet, ['restore', project], { stdio: 'inherit' })
  if (restore.status !== 0) console.error(`dotnet restore failed (exit ${restore.status ?? restore.signal}).`)
  return findRestoredPester()
}

// The Pester run itself. Paths arrive through the environment, so nothing is quoted into the command.
const RUN_PESTER = `
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Import-Module -Name $env:PATCHLANE_PESTER_MODULE -MinimumVersion 5.0.0 -Force
$config = New-PesterConfiguration
$config.Run.Path = [string[]]($env:PATCHLANE_PESTER_PATHS -split [IO.Path]::PathSeparator)
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Detailed'
$config.TestResult.Enabled = $true
$config.TestResult.OutputFormat = 'NUnitXml'
$config.TestResult.OutputPath = $env:PATCHLANE_PESTER_RESULT
$result = Invoke-Pester -Configuration $config
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
[Console]::Out.WriteLine("${MARKER} $($result.PassedCount) $failed $($result.SkippedCount) $($result.NotRunCount)")
`

function main() {
  const pwsh = findPwsh()
  if (!pwsh) {
    console.error(
      'PowerShell 7 (pwsh) was not found, so the Pester tests (test/ps1) cannot run. Install it ' +
        '(`dotnet tool install --global PowerShell --version 7.6.9`, then put ~/.dotnet/tools on PATH) or set PATCHLANE_PWSH.',
    )
    process.exit(3)
  }
  const pester = findPester()
  if (!pester) {
    console.error(
      'Pester 5 was not found: run `dotnet restore .ci/pester/pester.csproj` (needs the .NET SDK) or set PATCHLANE_PESTER to a Pester.psd1.',
    )
    process.exit(3)
  }
  const args = process.argv.slice(2)
  const paths = (args.length > 0 ? args : [path.join(root, 'test', 'ps1')]).map((p) => path.resolve(p))
  const resultFile = path.join(root, 'test-results', 'pester.xml')
  fs.mkdirSync(path.dirname(resultFile), { recursive: true })
  console.log(`pwsh: ${pwsh}\nPester: ${pester}`)

  const child = spawn(pwsh, ['-NoLogo', '-NoProfile', '-NonInteractive', '-Command', RUN_PESTER], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env,
      PATCHLANE_PWSH: pwsh,
      PATCHLANE_PESTER_MODULE: pester,
      PATCHLANE_PESTER_PATHS: paths.join(path.delimiter),
      PATCHLANE_PESTER_RESULT: resultFile,
    },
  })
  let counts = null
  let pending = ''
  child.stdout.setEncoding('utf8').on('data', (chunk) => {
    pending += chunk
    const lines = pending.split('\n')
    pending = lines.pop() ?? ''
    for (const line of lines) {
      const match = line.match(new RegExp(`${MARKER} (\\d+) (\\d+) (\\d+) (\\d+)`))
      if (match) counts = match.slice(1).map(Number)
      else process.stdout.write(`${line}\n`)
    }
  })
  child.on('error', (error) => {
    console.error(`Could not start ${pwsh}: ${error.message}`)
    process.exit(1)
  })
  child.on('close', (code) => {
    if (pending) process.stdout.write(pending)
    if (!counts) {
      console.error(`Pester did not report its results (pwsh exited ${code}).`)
      console.log('0 passed, 1 failed')
      process.exit(1)
    }
    const [passed, failed, skipped, notRun] = counts
    const skippedAll = skipped + notRun
    console.log(`Pester results: ${path.relative(root, resultFile)}`)
    console.log(`${passed} passed, ${failed} failed${skippedAll > 0 ? `, ${skippedAll} skipped` : ''}`)
    process.exit(failed > 0 || code !== 0 ? 1 : 0)
  })
}

main()
