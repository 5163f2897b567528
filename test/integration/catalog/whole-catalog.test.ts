import fs from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importPaths } from '../../../src-main/catalog/importer'
import { cveDetails, fixesForProduct, productsByNormalisedName } from '../../../src-main/catalog/queries'
import { catalogStatus } from '../../../src-main/catalog/status'
import type { CatalogImportSummary } from '../../../src-main/contract/schemas/catalog'
import { catalogStore } from '../../helpers/catalog-fixtures'
import { sharedDataPath } from '../../helpers/shared-data'

/**
 * The whole MSRC catalog (190 documents, 349 MB of XML) and the 2025-08 KEV snapshot, imported
 * once. Slow by nature (tens of seconds); the figures that matter for speed are in
 * `npm run bench:catalog`, not here.
 */
describe('the whole MSRC catalog with the CISA KEV', () => {
  let store: ReturnType<typeof catalogStore>
  let first: CatalogImportSummary
  const kevFile = sharedDataPath('cisa-kev', 'known_exploited_vulnerabilities_2025.08.25.json')
  beforeAll(async () => {
    store = catalogStore()
    first = await importPaths(store.db, [sharedDataPath('msrc-cvrf-all'), kevFile])
  }, 600_000)
  afterAll(() => store.cleanup())

  it('imports all 190 documents of every era, and skips only the /updates index', () => {
    expect(first.failed).toBe(0)
    expect(first.imported).toBe(191)
    expect(first.files.filter((f) => f.outcome === 'skipped').map((f) => f.source.split('/').at(-1))).toEqual(['index.json'])
    const index = JSON.parse(fs.readFileSync(sharedDataPath('msrc-cvrf-all', 'index.json'), 'utf8')) as { value: Array<{ ID: string; CurrentReleaseDate: string }> }
    const held = store.db.prepare(`SELECT id, current_release_date AS date FROM catalog_documents ORDER BY id`).all() as Array<{ id: string; date: string }>
    expect(held.map((d) => d.id)).toEqual(index.value.map((v) => v.ID).sort())
    // The index dates each document exactly as the document dates itself, which is what sync relies on.
    const byId = new Map(held.map((d) => [d.id, d.date]))
    for (const v of index.value) expect(byId.get(v.ID), v.ID).toBe(v.CurrentReleaseDate)
  })

  it('holds the totals the data README counts', () => {
    // README of msrc-cvrf-all/: 26,281 Vulnerability entries, 75,982 FixedBuild, 191 Exploited:Yes.
    const count = (sql: string) => (store.db.prepare(sql).get() as { n: number }).n
    expect(count(`SELECT count(*) AS n FROM catalog_vulnerabilities`)).toBe(26_281)
    expect(count(`SELECT count(*) AS n FROM catalog_remediations WHERE fixed_build IS NOT NULL`)).toBe(75_982)
    expect(count(`SELECT count(*) AS n FROM catalog_vulnerabilities WHERE exploited = 1`)).toBe(191)
    expect(catalogStatus(store.db, store.file)).toMatchObject({ documents: 190, newestDocument: '2026-Jun', exploited: 191, kev: { count: 1404 } })
  })

  it('flags every CVE of the 2025-08 KEV snapshot that Microsoft’s documents contain', () => {
    const feed = JSON.parse(fs.readFileSync(kevFile, 'utf8')) as { vulnerabilities: Array<{ cveID: string; dueDate: string; vendorProject: string }> }
    const inCatalog = feed.vulnerabilities.filter((v) => store.db.prepare(`SELECT 1 FROM catalog_vulnerabilities WHERE cve = ?`).get(v.cveID))
    expect(inCatalog.length).toBeGreaterThan(100)
    const unflagged = inCatalog.filter((v) => cveDetails(store.db, v.cveID)?.kev?.dueDate !== v.dueDate)
    expect(unflagged.map((v) => v.cveID)).toEqual([])
    // And the flag reaches the assessment's per-product fix list.
    const [win11] = productsByNormalisedName(store.db, 'Windows 11 Version 23H2 for x64-based Systems')
    const kevFixes = fixesForProduct(store.db, win11!.productId).filter((f) => f.kev)
    expect(kevFixes.length).toBeGreaterThan(0)
    expect(kevFixes.every((f) => inCatalog.some((v) => v.cveID === f.cve))).toBe(true)
  })

  it('re-imports the unchanged catalog without touching it', async () => {
    const before = catalogStatus(store.db, store.file)
    const again = await importPaths(store.db, [sharedDataPath('msrc-cvrf-all'), kevFile])
    expect(again).toMatchObject({ imported: 0, replaced: 0, failed: 0, skipped: 192 })
    const after = catalogStatus(store.db, store.file)
    expect({ ...after, dbBytes: 0 }).toEqual({ ...before, dbBytes: 0 })
  })
})
