import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { CollectorFailure, CollectorOutput } from '../../../src-main/powershell/collector-output'
import { createPowerShellRunner } from '../../../src-main/powershell/runner'
import { parseScriptOutput } from '../../../src-main/powershell/script-output'
import { getHostInventory } from '../../../src-main/powershell/scripts'
import { defaultScriptsDir } from '../../../src-main/powershell/scripts-dir'
import { testPowerShell } from '../../helpers/pwsh'

// The collector's JSON (Get-HostInventory.ps1) against its zod schema, so the two cannot drift:
// the recorded samples always, and a fresh run of the script's module with CIM faked whenever
// pwsh is here (it must reproduce the recorded samples exactly).

const pwsh = testPowerShell()
const root = path.join(import.meta.dirname, '..', '..', '..')
const samplesDir = path.join(root, 'test', 'fixtures', 'powershell', 'collector')
const sampleWriter = path.join(root, 'test', 'ps1', 'Write-CollectorSample.ps1')
const machines = ['win11-23h2', 'win10-22h2', 'server2025', 'server2025-core', 'win11-arm64'] as const

function readSample(machine: string): unknown {
  return JSON.parse(fs.readFileSync(path.join(samplesDir, `${machine}.json`), 'utf8'))
}

describe('CollectorOutput and the recorded collector samples', () => {
  it.each(machines)('%s parses with CollectorOutput', (machine) => {
    const doc = CollectorOutput.parse(readSample(machine))
    expect(doc.schemaVersion).toBe(1)
    expect(doc.hotfixes?.length).toBeGreaterThan(0)
    for (const hotfix of doc.hotfixes ?? []) expect(hotfix.hotFixId).toMatch(/^KB\d{6,8}$/)
  })

  it('has the Windows Server 2025 facts the inventory maps', () => {
    const doc = CollectorOutput.parse(readSample('server2025'))
    expect(doc.os.buildNumber).toBe('26100')
    expect(doc.os.productType).toBe(3)
    expect(doc.os.registry.installationType).toBe('Server')
    expect(doc.features?.every((f) => f.source === 'Win32_ServerFeature')).toBe(true)
    expect(doc.pendingReboot?.any).toBe(true)
    expect(doc.warnings).toEqual([])
  })

  it('keeps the Server Core feature fallback as a warning', () => {
    const doc = CollectorOutput.parse(readSample('server2025-core'))
    expect(doc.os.registry.installationType).toBe('Server Core')
    expect(doc.warnings.map((w) => w.section)).toEqual(['features'])
  })

  it('records ARM64 as Windows reports it', () => {
    expect(CollectorOutput.parse(readSample('win11-arm64')).os.osArchitecture).toBe('ARM 64-bit Processor')
  })

  it('rejects the Windows PowerShell 5.1 one-item unwrapping and a missing warnings list', () => {
    const sample = readSample('win10-22h2') as { hotfixes: unknown[]; warnings?: unknown }
    expect(CollectorOutput.safeParse({ ...sample, hotfixes: sample.hotfixes[0] }).success).toBe(false)
    const { warnings: _dropped, ...withoutWarnings } = sample
    expect(CollectorOutput.safeParse(withoutWarnings).success).toBe(false)
  })

  it('goes through the runner’s output check (parseScriptOutput) unchanged', () => {
    const text = fs.readFileSync(path.join(samplesDir, 'win11-23h2.json'), 'utf8')
    const doc = parseScriptOutput(getHostInventory, `\uFEFF${text}`, '')
    expect(doc.os.registry.ubr).toBe(2428)
  })

  it('refuses host names that are not host names before anything runs', () => {
    expect(getHostInventory.params.safeParse({ ComputerName: `pc1'; Remove-Item -Recurse C:\\ #`, Protocol: 'Dcom' }).success).toBe(false)
    expect(getHostInventory.params.parse({ ComputerName: 'srv2025-01.lab.example', Protocol: 'Wsman' })).toEqual({ ComputerName: 'srv2025-01.lab.example', Protocol: 'Wsman' })
    expect(getHostInventory.params.parse({})).toEqual({ Protocol: 'Local' })
  })
})

describe.skipIf(!pwsh)('Get-HostInventory with pwsh', () => {
  const runner = createPowerShellRunner({ executable: pwsh ?? 'pwsh', scriptsDir: defaultScriptsDir() })
  afterAll(async () => {
    await runner.dispose()
  })

  it('the collector module, run now with CIM faked, prints exactly the recorded samples', () => {
    const run = spawnSync(pwsh ?? 'pwsh', ['-NoProfile', '-NonInteractive', '-File', sampleWriter, '-Machine', machines.join(','), '-Stable'], {
      encoding: 'utf8',
      env: { ...process.env, TERM: 'dumb', NO_COLOR: '1' },
      timeout: 120_000,
    })
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
    const lines = run.stdout.trim().split(/\r?\n/)
    expect(lines).toHaveLength(machines.length)
    lines.forEach((line, i) => {
      const fresh = CollectorOutput.parse(JSON.parse(line))
      expect(fresh).toEqual(CollectorOutput.parse(readSample(machines[i] ?? '')))
    })
  })

  it.skipIf(process.platform === 'win32')('without CIM (PowerShell on Linux) the script fails with its JSON error, reported by the runner', async () => {
    await expect(runner.run(getHostInventory, {})).rejects.toThrow(/Get-HostInventory\.ps1 failed: .*Get-CimInstance/)
  })

  it.skipIf(process.platform === 'win32')('its stderr document has the CollectorFailure shape', () => {
    const run = spawnSync(pwsh ?? 'pwsh', ['-NoProfile', '-NonInteractive', '-File', path.join(defaultScriptsDir(), 'Get-HostInventory.ps1')], { encoding: 'utf8', timeout: 60_000 })
    expect(run.status).toBe(1)
    expect(run.stdout.trim()).toBe('')
    const failure = CollectorFailure.parse(JSON.parse(run.stderr))
    expect(failure.error.message).toMatch(/Get-CimInstance/)
  })
})
