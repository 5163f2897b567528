import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import type { Database } from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exportBundle } from '../../../src-main/catalog/bundle'
import { storedDocument, storedHeaders, storedProducts } from '../../../src-main/catalog/catalog-reader'
import { importPaths } from '../../../src-main/catalog/importer'
import { kevStatus } from '../../../src-main/catalog/kev'
import { catalogStore, cvrfXmlPath, cvrfZstPath } from '../../helpers/catalog-fixtures'
import { sharedDataPath } from '../../helpers/shared-data'

/** The catalog's content, independent of row ids and import times. */
function content(db: Database) {
  const headers = storedHeaders(db)
  return {
    headers,
    documents: headers.map((h) => storedDocument(db, h)),
    products: storedProducts(db),
    kev: kevStatus(db),
    kevRows: db.prepare(`SELECT * FROM catalog_kev ORDER BY cve`).all(),
  }
}

describe('catalog bundle', () => {
  let source: ReturnType<typeof catalogStore>
  let bundle: string
  let exported: { file: string; bytes: number; documents: number }
  beforeAll(async () => {
    source = catalogStore()
    await importPaths(source.db, [
      cvrfXmlPath('2025-Nov'),
      cvrfXmlPath('2019-Feb'),
      cvrfZstPath('1999-Sep'),
      sharedDataPath('cisa-kev', 'known_exploited_vulnerabilities_2025.08.25.json'),
    ])
    bundle = path.join(source.dir, 'out', 'catalog.plcat')
    exported = await exportBundle(source.db, bundle, { now: new Date('2026-01-01T00:00:00Z') })
  }, 120_000)
  afterAll(() => source.cleanup())

  it('is one compact file saying what it holds', () => {
    expect(exported).toEqual({ file: bundle, bytes: fs.statSync(bundle).size, documents: 3 })
    const xmlBytes = ['2025-Nov', '2019-Feb'].reduce((n, m) => n + fs.statSync(cvrfXmlPath(m)).size, 0)
    expect(exported.bytes).toBeLessThan(xmlBytes / 10)
    const header = JSON.parse(zlib.gunzipSync(fs.readFileSync(bundle)).toString('utf8').split('\n')[0]!)
    expect(header).toMatchObject({ format: 'patchlane-catalog', version: 1, asOf: '2025-12-05T01:36:55Z', kev: { count: 1404, asOf: '2025-08-25T17:04:19Z' } })
    expect(header.documents.map((d: { id: string }) => d.id).sort()).toEqual(['1999-Sep', '2019-Feb', '2025-Nov'])
    expect(header.documents.every((d: { revision: string | null; currentReleaseDate: string }) => d.revision && d.currentReleaseDate)).toBe(true)
  })

  it('imports on another machine into the very same catalog', async () => {
    const target = catalogStore()
    try {
      const summary = await importPaths(target.db, [bundle])
      expect(summary).toMatchObject({ imported: 4, failed: 0, kev: { count: 1404 } })
      expect(content(target.db)).toEqual(content(source.db))
      const again = await importPaths(target.db, [bundle])
      expect(again).toMatchObject({ imported: 0, skipped: 4, failed: 0 })
    } finally {
      target.cleanup()
    }
  })

  it('refuses a damaged, truncated or tampered bundle and imports nothing of it', async () => {
    const target = catalogStore()
    try {
      const bytes = fs.readFileSync(bundle)
      const damaged = path.join(target.dir, 'damaged.plcat')
      const flipped = Buffer.from(bytes)
      const middle = Math.floor(flipped.length / 2)
      flipped[middle] = (flipped[middle] ?? 0) ^ 0xff
      fs.writeFileSync(damaged, flipped)
      const truncated = path.join(target.dir, 'truncated.plcat')
      fs.writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length * 0.8)))
      const tampered = path.join(target.dir, 'tampered.plcat')
      const text = zlib.gunzipSync(bytes).toString('utf8').replace(';Exploited:No;', ';Exploited:Yes;')
      expect(text).not.toEqual(zlib.gunzipSync(bytes).toString('utf8'))
      fs.writeFileSync(tampered, zlib.gzipSync(text))
      const summary = await importPaths(target.db, [damaged, truncated, tampered])
      expect(summary.failed).toBe(3)
      expect(summary.files.find((f) => f.source === tampered)?.message).toMatch(/tampered\.plcat: .*checksum does not match/)
      expect(summary.files.find((f) => f.source === truncated)?.message).toMatch(/truncated\.plcat: .*(corrupt|truncated)/)
      expect(summary.files.find((f) => f.source === damaged)?.message).toMatch(/damaged\.plcat: /)
      expect(storedHeaders(target.db)).toEqual([])
      expect(kevStatus(target.db)).toBeNull()
    } finally {
      target.cleanup()
    }
  })
})
