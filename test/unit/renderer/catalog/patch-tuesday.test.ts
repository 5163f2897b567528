import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { patchTuesday, patchTuesdaysBehind } from '../../../../src-renderer/src/features/catalog/patch-tuesday'
import { sharedDataPath } from '../../../helpers/shared-data'

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** Every monthly MSRC document in the shared data, with the day Microsoft first released it. */
function releases(): Array<{ id: string; year: number; month: number; initial: string }> {
  const dir = sharedDataPath('msrc-cvrf-xml')
  return fs
    .readdirSync(dir)
    .filter((name) => /^cvrfDocument-\d{4}-[A-Z][a-z]{2}\.xml$/.test(name))
    .map((name) => {
      const id = name.slice('cvrfDocument-'.length, -'.xml'.length)
      const head = fs.readFileSync(`${dir}/${name}`, 'utf8').slice(0, 20_000)
      const initial = /InitialReleaseDate>(\d{4}-\d{2}-\d{2})/.exec(head)?.[1]
      if (!initial) throw new Error(`${name}: no InitialReleaseDate`)
      return { id, year: Number(id.slice(0, 4)), month: MONTHS.indexOf(id.slice(5)), initial }
    })
}

describe('patchTuesday', () => {
  it('is the day Microsoft first released each monthly document in the shared data', () => {
    const all = releases()
    expect(all.length).toBeGreaterThanOrEqual(16)
    for (const release of all) {
      expect(patchTuesday(release.year, release.month).toISOString().slice(0, 10), release.id).toBe(release.initial)
    }
  })
})

describe('patchTuesdaysBehind', () => {
  it('counts the releases after the catalog date up to today', () => {
    // The 2026-Mar document was last revised 2026-03-31: April's to November's releases are missing.
    expect(patchTuesdaysBehind(new Date('2026-03-31T00:00:00Z'), new Date('2026-11-27T09:00:00Z'))).toBe(8)
  })

  it('is 0 for a catalog from the latest Patch Tuesday, and counts that day itself once it comes', () => {
    const november = patchTuesday(2025, 10)
    expect(patchTuesdaysBehind(november, new Date('2025-12-01T00:00:00Z'))).toBe(0)
    expect(patchTuesdaysBehind(new Date('2025-11-10T12:00:00Z'), november)).toBe(1)
    expect(patchTuesdaysBehind(new Date('2025-11-10T12:00:00Z'), new Date('2025-11-10T23:00:00Z'))).toBe(0)
  })

  it('crosses year ends and never goes negative', () => {
    expect(patchTuesdaysBehind(new Date('2024-12-20T00:00:00Z'), new Date('2025-02-11T00:00:00Z'))).toBe(2)
    expect(patchTuesdaysBehind(new Date('2026-01-01T00:00:00Z'), new Date('2025-01-01T00:00:00Z'))).toBe(0)
  })
})
