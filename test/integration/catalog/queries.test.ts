import fs from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importPaths } from '../../../src-main/catalog/importer'
import { buildKey } from '../../../src-main/catalog/normalise'
import { catalogAsOf, cveDetails, fixesForProduct, kbInfo, productsByNormalisedName, supersededBy, supersedes } from '../../../src-main/catalog/queries'
import { catalogStore, cvrfXmlPath, rawCvrfXml } from '../../helpers/catalog-fixtures'
import { sharedDataPath } from '../../helpers/shared-data'

const MONTHS = ['2025-Jun', '2025-Sep', '2025-Nov', '2025-Dec', '2026-Jan', '2026-Feb', '2026-Mar'] as const

interface ZentrixPatch {
  os: string
  kb: string
  fixedBuild: string
}
const zentrix = (month: string) =>
  JSON.parse(fs.readFileSync(sharedDataPath('zentrixlabs', `CVE_KB_Mapping_${month}.json`), 'utf8')) as Array<{ cve: string; patches: ZentrixPatch[] }>

describe('catalog queries and the zentrixlabs cross-check', () => {
  let store: ReturnType<typeof catalogStore>
  beforeAll(async () => {
    store = catalogStore()
    const summary = await importPaths(store.db, [
      ...MONTHS.map(cvrfXmlPath),
      sharedDataPath('cisa-kev', 'known_exploited_vulnerabilities_2025.08.25.json'),
    ])
    expect(summary.failed).toBe(0)
  }, 120_000)
  afterAll(() => store.cleanup())

  /** Our Vendor Fix rows for one CVE of one month: product name, KB, fixed build, subtype. */
  const ours = (cve: string, month: string) =>
    store.db
      .prepare(
        `SELECT p.name, r.kb, r.fixed_build AS fixedBuild, r.sub_type AS subType
         FROM catalog_vulnerabilities v JOIN catalog_remediations r ON r.vulnerability_id = v.id AND r.type = 'Vendor Fix'
         JOIN catalog_remediation_products rp ON rp.remediation_id = r.id JOIN catalog_products p ON p.product_id = rp.product_id
         WHERE v.cve = ? AND v.document_id = ?`,
      )
      .all(cve, month) as Array<{ name: string; kb: string | null; fixedBuild: string | null; subType: string | null }>
  // zentrixlabs names an OS family ("Windows Server 2022"); Microsoft names each edition and architecture.
  const ofOs = (name: string, os: string) => name.toLowerCase().startsWith(`${os.toLowerCase()} `)

  it.each(MONTHS)('agrees with every zentrixlabs CVE → KB → fixed build of %s', (month) => {
    const missing: string[] = []
    let checked = 0
    for (const entry of zentrix(month)) {
      for (const patch of entry.patches) {
        checked++
        const found = ours(entry.cve, month).some(
          (row) => ofOs(row.name, patch.os) && `KB${row.kb}` === patch.kb && row.fixedBuild !== null && row.fixedBuild.endsWith(`.${patch.fixedBuild}`),
        )
        if (!found) missing.push(`${entry.cve} ${patch.os} ${patch.kb} ${patch.fixedBuild}`)
      }
    }
    expect(checked).toBeGreaterThan(100)
    expect(missing).toEqual([])
  })

  it.each(MONTHS)('where %s differs from zentrixlabs, Microsoft’s document is on our side', (month) => {
    // zentrixlabs keeps one patch per (CVE, OS): it drops the Hotpatch KBs and any second KB
    // Microsoft lists for the same CVE and OS (e.g. CVE-2025-54100 on Server 2022 in 2025-Dec:
    // KB5071547 and the later KB5074353). Every extra row of ours must be such a second KB, and
    // must be in Microsoft's raw XML for that CVE (checked by plain text search, not our parser).
    const entries = zentrix(month)
    const oses = [...new Set(entries.flatMap((e) => e.patches.map((p) => p.os)))]
    const xml = fs.readFileSync(cvrfXmlPath(month), 'utf8')
    let extras = 0
    for (const entry of entries) {
      const theirs = new Set(entry.patches.map((p) => `${p.os}|${p.kb}`))
      for (const row of ours(entry.cve, month)) {
        const os = oses.find((o) => ofOs(row.name, o))
        if (!os || !row.fixedBuild || theirs.has(`${os}|KB${row.kb}`)) continue
        extras++
        expect(entry.patches.filter((p) => p.os === os)).toHaveLength(1)
        const start = xml.indexOf(`CVE>${entry.cve}<`)
        const block = xml.slice(xml.lastIndexOf('Vulnerability', start), xml.indexOf('Vulnerability>', start))
        expect(block).toContain(`>${row.kb}<`)
        expect(block).toContain(`>${row.fixedBuild}<`)
      }
    }
    // Hotpatch rows are the bulk of the difference in months that have them.
    if (month !== '2026-Jan') expect(extras).toBeGreaterThan(0)
  })

  it('lists a product’s fixes ordered by fixed build', () => {
    const [product] = productsByNormalisedName(store.db, 'windows 11 version 23h2 for  x64-based systems')
    expect(product?.name).toBe('Windows 11 Version 23H2 for x64-based Systems')
    const fixes = fixesForProduct(store.db, product!.productId)
    expect(fixes.length).toBeGreaterThan(100)
    const keys = fixes.map((f) => f.buildKey).filter((k): k is string => k !== null)
    expect(keys).toEqual([...keys].sort())
    expect(fixes.find((f) => f.kb === '5068865')).toMatchObject({ fixedBuild: '10.0.22631.6199', documentId: '2025-Nov', releaseDate: '2025-11-11T08:00:00Z' })
    // What a host at the 2025-Nov build still lacks: only the later fixes.
    const later = fixesForProduct(store.db, product!.productId, { afterBuild: '10.0.22631.6199' })
    expect(later.length).toBeGreaterThan(0)
    expect(later.every((f) => f.buildKey !== null && f.buildKey > buildKey('10.0.22631.6199')!)).toBe(true)
    expect(later).toEqual(fixes.filter((f) => f.buildKey !== null && f.buildKey > buildKey('10.0.22631.6199')!))
    expect(() => fixesForProduct(store.db, product!.productId, { afterBuild: 'latest' })).toThrow(/not a build number/)
    const builds = fixes.map((f) => f.fixedBuild)
    expect(builds.indexOf('10.0.22631.6199')).toBeLessThan(builds.lastIndexOf('10.0.22631.6491'))
  })

  it('answers KB → product, fixed build, release date, CVEs', () => {
    const info = kbInfo(store.db, 'KB5068865')
    const x64 = info.find((i) => i.productName === 'Windows 11 Version 23H2 for x64-based Systems')
    expect(x64).toMatchObject({ fixedBuild: '10.0.22631.6199', documentId: '2025-Nov', supersedes: ['5066793'], restartRequired: 'Yes' })
    const expected = zentrix('2025-Nov')
      .filter((e) => e.patches.some((p) => p.kb === 'KB5068865'))
      .map((e) => e.cve)
    expect(x64?.cves).toEqual(expect.arrayContaining(expected))
  })

  it('answers supersedence both ways', () => {
    expect(supersedes(store.db, '5068865')).toEqual(['5066793'])
    expect(supersededBy(store.db, '5068865')).toContain('5071417')
    for (const older of supersedes(store.db, '5071417')) expect(supersededBy(store.db, older)).toContain('5071417')
  })

  it('gives a CVE’s details, with its CISA KEV entry', () => {
    const details = cveDetails(store.db, 'cve-2025-60724')
    expect(details).toMatchObject({ cve: 'CVE-2025-60724', tag: 'Microsoft Graphics Component', cweId: 'CWE-122', documents: ['2025-Nov'] })
    expect(details?.products.length).toBeGreaterThan(10)
    expect(details?.remediations.some((r) => r.kb === '5068865')).toBe(true)
    // 2025-Jun has one CVE Microsoft marks exploited (README of msrc-cvrf-xml/); CISA lists it too.
    const exploited = store.db.prepare(`SELECT cve FROM catalog_vulnerabilities WHERE document_id = '2025-Jun' AND exploited = 1`).all() as Array<{ cve: string }>
    expect(exploited).toHaveLength(1)
    const cve = exploited[0]!.cve
    const xml = fs.readFileSync(cvrfXmlPath('2025-Jun'), 'utf8')
    const start = xml.indexOf(`CVE>${cve}<`)
    expect(xml.slice(start, xml.indexOf('Vulnerability>', start))).toContain('Exploited:Yes')
    expect(cveDetails(store.db, cve)).toMatchObject({ exploited: true, kev: { dueDate: expect.stringMatching(/^2025-/), dateAdded: expect.stringMatching(/^2025-06/) } })
    expect(cveDetails(store.db, 'CVE-1999-0001')).toBeNull()
  })

  it('reports the newest CurrentReleaseDate as the catalog’s as-of date', () => {
    expect(catalogAsOf(store.db)).toBe('2026-03-31T01:39:15Z')
    expect(rawCvrfXml('2026-Mar')).toContain('<cvrf:ID>2026-Mar</cvrf:ID>')
  })
})
