import { execFile } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { SHARED_DATA } from '../../helpers/shared-data'
import { testPowerShell } from '../../helpers/pwsh'
import { makeTempDir } from '../../helpers/temp-dir'
import { buildFixture } from '../../lab/fixtures/build-fixture'
import { loadBuildTable } from '../../lab/fixtures/build-table'
import type { LabFixture } from '../../lab/fixtures/fixture-schema'

const execFileAsync = promisify(execFile)
const pwsh = testPowerShell()
const modulePath = path.join(import.meta.dirname, '..', '..', 'lab', 'modules', 'PatchlaneLab', 'PatchlaneLab.psd1')
const probe = path.join(import.meta.dirname, 'lab-module-probe.ps1')

describe.skipIf(!pwsh)('PatchlaneLab module (in-process pwsh, no SSH)', () => {
  const temp = makeTempDir('patchlane-lab-module-')
  afterAll(() => temp.cleanup())
  const table = loadBuildTable(SHARED_DATA)

  async function probeWith(index: number, garbage: 'none' | 'data'): Promise<{ fixture: LabFixture; report: Record<string, unknown> }> {
    const fixture = buildFixture({ index, name: `h${index}`, address: '10.231.0.99', behaviour: { delaySeconds: 0, garbage }, sharedDataDir: SHARED_DATA, table })
    const file = path.join(temp.dir, `${index}-${garbage}.json`)
    fs.writeFileSync(file, JSON.stringify(fixture))
    const { stdout } = await execFileAsync(pwsh ?? 'pwsh', ['-NoLogo', '-NoProfile', '-File', probe, '-ModulePath', modulePath], {
      env: { ...process.env, PATCHLANE_LAB_FIXTURE: file },
      timeout: 60_000,
    })
    return { fixture, report: JSON.parse(stdout) as Record<string, unknown> }
  }

  it('answers CIM, StdRegProv and the Windows Update Agent with the documented shapes', async () => {
    // Host 3 is the 1809 Education capture with a qfe and a Windows Update Agent capture.
    const { fixture, report } = await probeWith(2, 'none')
    expect(report.osCount).toBe(1)
    expect(report.osTypeName).toBe('Microsoft.Management.Infrastructure.CimInstance#Win32_OperatingSystem')
    expect(report.osVersion).toBe(fixture.operatingSystem.Version)
    expect(report.osInstallDate).toBe('DateTime')
    expect(report.hotfixCount).toBe(fixture.hotfixes.length)
    expect(report.byQuery).toEqual(['wuauserv'])
    expect(report.byFilter).toEqual(fixture.services.filter((s) => s.Name.startsWith('Win') && s.StartMode === 'Auto').map((s) => s.Name))
    expect(report.serviceError).toBe('none')
    expect(report.unknownClass).toEqual({ error: 'Invalid class', errorId: 'HRESULT 0x80041010,Microsoft.Management.Infrastructure.CimCmdlets.GetCimInstanceCommand' })
    expect(report.build).toEqual({ ReturnValue: 0, sValue: fixture.operatingSystem.BuildNumber })
    expect(report.missingValue).toEqual({ ReturnValue: 2, sValue: null })
    expect(report.wrongType).toEqual({ ReturnValue: 2147749893, uValue: null })
    expect(report.subKeys).toEqual({ ReturnValue: 0, sNames: ['Windows NT', 'Windows'] })
    expect(report.session).toEqual({ protocol: 'Dcom', name: fixture.computerSystem.Name })
    expect(report.wuaSearch).toEqual({ resultCode: 2, count: 1, kbs: ['4486553'] })
    expect(report.wuaInstalled).toBe(fixture.hotfixes.length)
    expect(report.plainNewObject).toBe('still the real New-Object')
  }, 60_000)

  it("answers garbage on a 'data' garbage host", async () => {
    const { report } = await probeWith(0, 'data')
    expect(report.osCount).toBe(2) // a singleton class answering twice
    expect(report.osVersion).toBe('ten')
    expect(report.osInstallDate).toBe('String')
    expect(report.serviceError).toMatchObject({ error: 'Generic failure', errorId: expect.stringContaining('0x80041001') })
    expect(report.build).toMatchObject({ ReturnValue: 'abc' })
    expect(report.wuaSearch).toMatchObject({ error: expect.stringContaining('0x8024402C') })
    expect(report.plainNewObject).toBe('still the real New-Object')
  }, 60_000)
})
