import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { SHARED_DATA, sharedDataPath } from '../../helpers/shared-data'
import { LAB_CAPTURES, buildFixture } from '../../lab/fixtures/build-fixture'
import { loadBuildTable } from '../../lab/fixtures/build-table'
import { parseCaptureDate, parseQfe, parseSysteminfo } from '../../lab/fixtures/read-capture'

const table = loadBuildTable(SHARED_DATA)
const fixtures = LAB_CAPTURES.map((_, index) =>
  buildFixture({ index, name: `h${index + 1}`, address: `10.231.0.${11 + index}`, behaviour: { delaySeconds: 0, garbage: 'none' }, sharedDataDir: SHARED_DATA, table }),
)

/** vuls' build → revision → KB map: a second, independent source for the UBR check. */
const vulsSchema = z.object({
  windowsReleases: z.record(z.string(), z.record(z.string(), z.object({ rollup: z.array(z.object({ revision: z.string(), kb: z.string() })) }))),
})
const vuls = vulsSchema.parse(JSON.parse(fs.readFileSync(sharedDataPath('vuls', 'vuls_windowsReleases_build_kb_map.json'), 'utf8')))
function vulsKb(build: string, ubr: number): string[] {
  return Object.values(vuls.windowsReleases).flatMap((byBuild) => (byBuild[build]?.rollup ?? []).filter((r) => r.revision === String(ubr) && r.kb !== '').map((r) => `KB${r.kb}`))
}

describe('lab fixtures built from the real captures', () => {
  it('covers Windows 10, Windows 11 and Server, with distinct computer names', () => {
    const captions = fixtures.map((f) => f.operatingSystem.Caption)
    expect(captions.some((c) => c.includes('Windows 10'))).toBe(true)
    expect(captions.some((c) => c.includes('Windows 11'))).toBe(true)
    expect(captions.some((c) => c.includes('Server'))).toBe(true)
    expect(new Set(fixtures.map((f) => f.operatingSystem.CSName)).size).toBe(fixtures.length)
    for (const f of fixtures) expect(f.operatingSystem.CSName.length).toBeLessThanOrEqual(15)
  })

  it('keeps each capture\'s OS, build and hotfix list', () => {
    for (const f of fixtures) {
      const capture = parseSysteminfo(sharedDataPath('wesng', 'validation', f.source.systeminfo))
      expect(f.operatingSystem.Caption).toBe(capture.osName)
      expect(f.operatingSystem.BuildNumber).toBe(String(capture.build))
      expect(f.operatingSystem.Version).toBe(`10.0.${capture.build}`)
      expect(f.hotfixes.map((h) => h.HotFixID)).toEqual(capture.hotfixes)
      expect(f.hotfixes.length).toBeGreaterThan(0)
    }
  })

  it('takes install dates from the wmic qfe capture when there is one', () => {
    const withQfe = fixtures.filter((f) => f.source.qfe)
    expect(withQfe.length).toBeGreaterThanOrEqual(2)
    for (const f of withQfe) {
      const rows = parseQfe(sharedDataPath('wesng', 'validation', f.source.qfe ?? ''))
      for (const hotfix of f.hotfixes) {
        const row = rows.find((r) => r.hotFixId === hotfix.HotFixID)
        if (row) expect(hotfix.InstalledOn).toBe(row.installedOn)
      }
      expect(f.hotfixes.some((h) => /^\d{1,2}\/\d{1,2}\/\d{4}$/.test(h.InstalledOn))).toBe(true)
    }
  })

  it('derives a UBR that a second source maps to an installed KB', () => {
    let checked = 0
    for (const f of fixtures) {
      const ubr = f.registry[0]?.values.find((v) => v.name === 'UBR')
      if (!ubr) {
        expect(f.notes.join(' ')).toContain('UBR unknown')
        continue
      }
      const kbs = vulsKb(f.operatingSystem.BuildNumber, Number(ubr.value))
      if (kbs.length === 0) continue // vuls does not list this revision
      expect(kbs.some((kb) => f.hotfixes.some((h) => h.HotFixID === kb))).toBe(true)
      checked++
    }
    expect(checked).toBeGreaterThanOrEqual(3)
  })

  it('answers the Windows Update search from the agent capture', () => {
    const f = fixtures.find((x) => x.source.updates?.startsWith('10_1809_x64_education'))
    expect(f?.windowsUpdate.missing.map((m) => m.kb)).toEqual(['KB4486553'])
  })

  it('reads the date formats the captures use', () => {
    expect(parseCaptureDate('7/2/2023, 4:47:10 PM')).toBe('2023-07-02T16:47:10')
    expect(parseCaptureDate('24-05-2024, 03:20:28')).toBe('2024-05-24T03:20:28')
    expect(parseCaptureDate('2022/04/13, 12:25:41')).toBe('2022-04-13T12:25:41')
    expect(parseCaptureDate('10/3/2018, 12:06:51 AM')).toBe('2018-10-03T00:06:51')
    expect(parseCaptureDate('N/A')).toBeNull()
  })
})
