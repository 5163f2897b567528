import { describe, expect, it } from 'vitest'
import {
  buildKey,
  compareBuilds,
  compareRevisions,
  kbNumber,
  normaliseDate,
  normaliseProductName,
  supersededKbs,
} from '../../../../src-main/catalog/normalise'
import { rawCvrfXml } from '../../../helpers/catalog-fixtures'

describe('normaliseProductName', () => {
  it('makes real product names that differ only by spaces and case equal', () => {
    // Both spellings occur in Microsoft's documents for the same product (ProductIDs 11532 / 11863).
    const xml = rawCvrfXml('2019-Jan') + rawCvrfXml('2024-Dec') + rawCvrfXml('2025-Nov') + rawCvrfXml('2026-Jun')
    const names = new Set([...xml.matchAll(/ProductID="[^"]+"[^>]*>([^<]*Windows Server 2016\s+\(Server Core installation\))</g)].map((m) => m[1]))
    const spaced = [...names].filter((n) => n?.includes('2016  ('))
    const single = [...names].filter((n) => n?.includes('2016 ('))
    expect(spaced.length).toBeGreaterThan(0)
    expect(single.length).toBeGreaterThan(0)
    expect(normaliseProductName('Windows Server 2016  (Server Core installation)')).toBe('windows server 2016 (server core installation)')
    expect(normaliseProductName('Microsoft .NET Framework 3.5 AND 4.8.1 on Windows 11 Version 26H1')).toBe(
      normaliseProductName('Microsoft .NET Framework 3.5 AND 4.8.1 on Windows 11 version 26H1'),
    )
    expect(normaliseProductName('  Windows 10\tVersion 22H2 ')).toBe('windows 10 version 22h2')
  })
})

describe('fixed builds', () => {
  it('orders dotted builds numerically through their key', () => {
    const builds = ['10.0.22631.10000', '10.0.22631.4602', '10.0.19045.6575', '6.1.7601.28021', '10.0.22631.4602']
    const byKey = [...builds].sort((a, b) => (buildKey(a)! < buildKey(b)! ? -1 : buildKey(a)! > buildKey(b)! ? 1 : 0))
    expect(byKey).toEqual([...builds].sort(compareBuilds))
    expect(byKey[0]).toBe('6.1.7601.28021')
    expect(byKey.at(-1)).toBe('10.0.22631.10000')
  })

  it('gives no key to versions that are not dotted numbers (Mariner packages)', () => {
    expect(buildKey('1.2.3-4.cm2')).toBeNull()
    expect(buildKey('')).toBeNull()
    expect(buildKey(null)).toBeNull()
  })
})

describe('KB numbers and supersedence', () => {
  it('reads KB numbers and refuses release names', () => {
    expect(kbNumber('5068906')).toBe('5068906')
    expect(kbNumber('KB5068906')).toBe('5068906')
    expect(kbNumber('CBL-Mariner 2.0')).toBeNull()
    expect(kbNumber('Release Notes')).toBeNull()
  })

  it('splits real Supercedence texts (bulletins, commas, semicolons)', () => {
    expect(supersededKbs('MS16-016, 3124280; MS16-097, 3178034')).toEqual(['3124280', '3178034'])
    expect(supersededKbs('4088875, 4100480')).toEqual(['4088875', '4100480'])
    expect(supersededKbs('4489488; 4495165')).toEqual(['4489488', '4495165'])
    expect(supersededKbs('MS15-131')).toEqual([])
  })
})

describe('revisions and dates', () => {
  it('orders by CurrentReleaseDate, then by revision number', () => {
    const a = { currentReleaseDate: '2025-11-13T00:00:00Z', revision: '3' }
    expect(compareRevisions(a, { currentReleaseDate: '2025-11-11T00:00:00Z', revision: '9' })).toBeGreaterThan(0)
    expect(compareRevisions(a, { ...a, revision: '10' })).toBeLessThan(0)
    expect(compareRevisions(a, { ...a })).toBe(0)
  })

  it('normalises CVRF and index dates to one UTC form', () => {
    expect(normaliseDate('2025-11-11T00:00:00')).toBe('2025-11-11T00:00:00Z')
    expect(normaliseDate('2026-06-29T14:40:01Z')).toBe('2026-06-29T14:40:01Z')
    expect(normaliseDate('2025-08-25T17:04:19.9796Z')).toBe('2025-08-25T17:04:19Z')
  })
})
