#!/usr/bin/env node
// `npm test`: every suite this machine can run, then one closing line CI can count.
//
// Suites: type checks (one tsconfig per side), ESLint (layer rules), Vitest (main, renderer, and
// e2e in Chromium), Pester (the PowerShell scripts, run by pwsh) and electronegativity. A suite
// whose tool is missing (no pwsh, no Chromium) is skipped with the reason; with CI=true nothing
// may be skipped and a missing tool fails the run instead.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const ci = process.env.CI === 'true'
// Tests never need Electron's binary; `npm start` would otherwise try to download it.
process.env.ELECTRON_SKIP_BINARY_DOWNLOAD ??= '1'
const results = [] // { suite, passed, failed, skipped, note }
const bin = (name) => path.join(root, 'node_modules', '.bin', name)

function run(command, args, options = {}) {
  process.stdout.write(`\n── ${[path.basename(command), ...args].join(' ')}\n`)
  const child = spawnSync(command, args, { cwd: root, stdio: options.capture ? ['ignore', 'pipe', 'inherit'] : 'inherit', encoding: 'utf8', env: { ...process.env, ...options.env } })
  if (options.capture && child.stdout) process.stdout.write(child.stdout)
  if (child.error) throw child.error
  return { status: child.status ?? 1, stdout: child.stdout ?? '' }
}

function findExecutable(candidates) {
  for (const file of candidates) {
    try {
      fs.accessSync(file, fs.constants.X_OK)
      if (fs.statSync(file).isFile()) return file
    } catch {
      // not here; try the next one
    }
  }
  return null
}

function onPath(name) {
  return findExecutable((process.env.PATH ?? '').split(path.delimiter).filter(Boolean).map((dir) => path.join(dir, name)))
}

const pwsh = process.env.PATCHLANE_PWSH || onPath(process.platform === 'win32' ? 'pwsh.exe' : 'pwsh') || findExecutable([path.join(os.homedir(), '.dotnet', 'tools', 'pwsh'), '/usr/bin/pwsh', '/opt/microsoft/powershell/7/pwsh'])
const chromium = process.env.PATCHLANE_CHROMIUM || findExecutable(['/usr/bin/chromium', '/usr/bin/chromium-browser'])
if (pwsh) process.env.PATH = `${process.env.PATH}${path.delimiter}${path.dirname(pwsh)}`
fs.mkdirSync(path.join(root, 'test-results'), { recursive: true })

function skipOrFail(suite, why) {
  if (ci) {
    console.error(`\n${suite}: cannot run under CI=true — ${why}`)
    results.push({ suite, passed: 0, failed: 1, skipped: 0, note: why })
  } else {
    console.warn(`\n${suite}: SKIPPED — ${why}`)
    results.push({ suite, passed: 0, failed: 0, skipped: 1, note: `skipped: ${why}` })
  }
}

// 1. Type checks, one per side, so the renderer cannot use Node globals and the contract stays pure.
for (const config of ['contract', 'main', 'preload', 'renderer', 'test']) {
  const { status } = run(bin('tsc'), ['-p', `tsconfig.${config}.json`])
  results.push({ suite: `typecheck:${config}`, passed: status === 0 ? 1 : 0, failed: status === 0 ? 0 : 1, skipped: 0 })
}

// 2. Lint, including the per-folder import bans.
{
  const { status } = run(bin('eslint'), ['.', '--max-warnings=0'])
  results.push({ suite: 'eslint', passed: status === 0 ? 1 : 0, failed: status === 0 ? 0 : 1, skipped: 0 })
}

// 3. Vitest: main and renderer always; e2e when Chromium is here.
{
  const projects = ['main', 'renderer']
  if (chromium) projects.push('e2e')
  else skipOrFail('e2e (Chromium)', 'no Chromium at /usr/bin/chromium (apt-get install chromium)')
  if (!pwsh) skipOrFail('PowerShell integration tests', 'pwsh not found (dotnet tool install --global PowerShell --version 7.6.9)')
  const report = path.join(root, 'test-results', 'vitest.json')
  fs.rmSync(report, { force: true })
  const { status } = run(bin('vitest'), ['run', ...projects.flatMap((p) => ['--project', p]), '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], {
    env: chromium ? { PATCHLANE_CHROMIUM: chromium } : {},
  })
  try {
    const json = JSON.parse(fs.readFileSync(report, 'utf8'))
    results.push({ suite: `vitest (${projects.join(', ')})`, passed: json.numPassedTests, failed: json.numFailedTests + (status !== 0 && json.numFailedTests === 0 ? 1 : 0), skipped: json.numPendingTests + json.numTodoTests })
  } catch {
    results.push({ suite: 'vitest', passed: 0, failed: 1, skipped: 0, note: 'no JSON report (vitest crashed?)' })
  }
}

// 4. Pester, for the PowerShell scripts.
if (pwsh) {
  const { status, stdout } = run(process.execPath, [path.join(root, 'scripts', 'run-pester.mjs')], { capture: true, env: { PATCHLANE_PWSH: pwsh } })
  results.push(countsFrom('pester', stdout, status))
} else {
  skipOrFail('pester', 'pwsh not found (dotnet tool install --global PowerShell --version 7.6.9)')
}

// 5. electronegativity over the Electron-facing sources.
{
  const { status, stdout } = run(process.execPath, [path.join(root, 'scripts', 'electronegativity.mjs')], { capture: true })
  results.push(countsFrom('electronegativity', stdout, status))
}

function countsFrom(suite, stdout, status) {
  const lines = stdout.trim().split(/\r?\n/).reverse()
  for (const line of lines) {
    const match = /^(\d+) passed, (\d+) failed(?:, (\d+) skipped)?$/.exec(line.trim())
    if (match) {
      const failed = Number(match[2]) + (status !== 0 && Number(match[2]) === 0 ? 1 : 0)
      return { suite, passed: Number(match[1]), failed, skipped: Number(match[3] ?? 0) }
    }
  }
  return { suite, passed: 0, failed: 1, skipped: 0, note: `no count line (exit ${status})` }
}

console.log('\n── summary')
for (const r of results) {
  console.log(`${r.failed > 0 ? 'FAIL' : r.skipped > 0 && r.passed === 0 ? 'SKIP' : 'ok  '}  ${r.suite.padEnd(40)} ${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ''}${r.note ? `  (${r.note})` : ''}`)
}
const total = results.reduce((sum, r) => ({ passed: sum.passed + r.passed, failed: sum.failed + r.failed, skipped: sum.skipped + r.skipped }), { passed: 0, failed: 0, skipped: 0 })
console.log(`${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`)
process.exit(total.failed > 0 ? 1 : 0)
