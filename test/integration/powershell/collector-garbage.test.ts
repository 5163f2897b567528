import { execFile } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { inventoryFromCollector } from '../../../src-main/inventory/from-collector'
import { CollectorOutput } from '../../../src-main/powershell/collector-output'
import { defaultScriptsDir } from '../../../src-main/powershell/scripts-dir'
import { testPowerShell } from '../../helpers/pwsh'
import { SHARED_DATA } from '../../helpers/shared-data'
import { makeTempDir } from '../../helpers/temp-dir'
import { buildFixture } from '../../lab/fixtures/build-fixture'
import { loadBuildTable } from '../../lab/fixtures/build-table'

const execFileAsync = promisify(execFile)
const pwsh = testPowerShell()
const labModule = path.join(import.meta.dirname, '..', '..', 'lab', 'modules', 'PatchlaneLab', 'PatchlaneLab.psd1')
const script = path.join(defaultScriptsDir(), 'Get-RemoteHostInventory.ps1')

/**
 * The collector against the lab's garbage host without SSH: the PatchlaneLab module answers CIM
 * and the Windows Update Agent in-process from a 'data' garbage fixture (a singleton class twice
 * with wrong types, Win32_Service failing, StdRegProv nonsense), as it does behind a lab sshd.
 */
describe.skipIf(!pwsh)("the collector on the lab's garbage host (PatchlaneLab in-process)", () => {
  const temp = makeTempDir('patchlane-collector-garbage-')
  afterAll(() => temp.cleanup())

  async function collect(garbage: 'none' | 'data'): Promise<{ stdout: string; fixtureName: string }> {
    const fixture = buildFixture({ index: 0, name: 'h01', address: '10.231.0.99', behaviour: { delaySeconds: 0, garbage }, sharedDataDir: SHARED_DATA, table: loadBuildTable(SHARED_DATA) })
    const file = path.join(temp.dir, `${garbage}.json`)
    fs.writeFileSync(file, JSON.stringify(fixture))
    const command = `Import-Module -Name $env:PL_LAB_MODULE; & $env:PL_SCRIPT -Transport Local -IncludeUpdateHistory`
    const { stdout } = await execFileAsync(pwsh ?? 'pwsh', ['-NoLogo', '-NoProfile', '-NonInteractive', '-Command', command], {
      env: { ...process.env, PATCHLANE_LAB_FIXTURE: file, PL_LAB_MODULE: labModule, PL_SCRIPT: script },
      timeout: 120_000,
    })
    return { stdout, fixtureName: fixture.operatingSystem.CSName }
  }

  it('gives a partial inventory with a warning for each section that failed, which the console accepts', async () => {
    const { stdout, fixtureName } = await collect('data')
    const document = CollectorOutput.parse(JSON.parse(stdout))
    expect(document.os.productType).toBeNull()
    expect(document.os.version).toBe('ten')
    // Control characters of the broken caption are dropped; the lone surrogate arrives as U+FFFD.
    expect([...document.os.caption].some((char) => char.charCodeAt(0) < 0x20)).toBe(false)
    expect(document.os.osArchitecture).toBeNull()
    expect(document.os.csName).toBe(fixtureName)
    expect(document.hotfixes?.length).toBeGreaterThan(0)
    expect(document.services).toBeNull()
    expect(document.products).toBeNull()
    const sections = new Set<string>(document.warnings.map((warning) => warning.section))
    for (const section of ['os', 'registry', 'services', 'dotNet', 'products', 'edge', 'pendingReboot']) expect(sections.has(section), section).toBe(true)
    expect(document.warnings.find((w) => w.section === 'os' && w.message.startsWith('Win32_OperatingSystem returned 2 instances'))).toBeDefined()
    expect(document.warnings.find((w) => w.section === 'services')?.message).toMatch(/Generic failure/)

    const inventory = inventoryFromCollector(document)
    expect(inventory.os?.installationType).toBeNull()
    expect(inventory.os?.build).toBeNull()
    expect(inventory.updates.length).toBeGreaterThan(0)
  }, 120_000)

  it('reads the same host in full when it answers properly', async () => {
    const { stdout } = await collect('none')
    const document = CollectorOutput.parse(JSON.parse(stdout))
    expect(document.os.productType).toBe(1)
    expect(document.services?.length).toBeGreaterThan(0)
    expect(document.warnings.map((warning) => warning.section)).not.toContain('os')
  }, 120_000)
})
