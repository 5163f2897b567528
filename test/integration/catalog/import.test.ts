import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { importPaths } from '../../../src-main/catalog/importer'
import { kevStatus } from '../../../src-main/catalog/kev'
import { catalogStatus } from '../../../src-main/catalog/status'
import { cvrfXmlToJson } from '../../helpers/catalog-cvrf-json'
import { catalogCounts, catalogSnapshot, catalogStore, cvrfXmlPath, cvrfZstPath, writeZip } from '../../helpers/catalog-fixtures'
import { sharedDataPath } from '../../helpers/shared-data'

const revisions = sharedDataPath('msrc-cvrf-xml', 'revisions')
const revision = (which: 'prerelease' | 'patchtuesday' | '2025-11-15') =>
  path.join(revisions, fs.readdirSync(revisions).find((f) => f.includes(which)) as string)

describe('catalog import', () => {
  const cleanups: Array<() => void> = []
  afterEach(() => cleanups.splice(0).forEach((c) => c()))
  const store = () => {
    const s = catalogStore()
    cleanups.push(s.cleanup)
    return s
  }
  const vulnerabilityCount = (db: ReturnType<typeof store>['db'], id: string) =>
    (db.prepare(`SELECT count(*) AS n FROM catalog_vulnerabilities WHERE document_id = ?`).get(id) as { n: number }).n

  it('replaces a document by its newer revisions and skips the same or older ones (2025-Nov)', async () => {
    const { db } = store()
    let summary = await importPaths(db, [revision('prerelease')])
    expect(summary).toMatchObject({ imported: 1, failed: 0 })
    expect(vulnerabilityCount(db, '2025-Nov')).toBe(4)

    summary = await importPaths(db, [revision('patchtuesday')])
    expect(summary).toMatchObject({ replaced: 1, imported: 0 })
    expect(vulnerabilityCount(db, '2025-Nov')).toBe(85)

    summary = await importPaths(db, [revision('2025-11-15')])
    expect(summary.replaced).toBe(1)
    expect(vulnerabilityCount(db, '2025-Nov')).toBe(86)
    const afterNewest = catalogSnapshot(db)

    // Older revisions, and the same one again, change nothing.
    summary = await importPaths(db, [revision('prerelease'), revision('patchtuesday'), revision('2025-11-15')])
    expect(summary).toMatchObject({ skipped: 3, imported: 0, replaced: 0, failed: 0 })
    expect(summary.files.every((f) => f.documentId === '2025-Nov')).toBe(true)
    expect(catalogSnapshot(db)).toEqual(afterNewest)
    // No row of an older revision survives the replacement.
    const orphans = db
      .prepare(`SELECT count(*) AS n FROM catalog_remediations r LEFT JOIN catalog_vulnerabilities v ON v.id = r.vulnerability_id WHERE v.id IS NULL`)
      .get() as { n: number }
    expect(orphans.n).toBe(0)
  })

  it('gives the same store whatever order the revisions come in', async () => {
    const forward = store()
    await importPaths(forward.db, [revision('prerelease'), revision('patchtuesday'), revision('2025-11-15')])
    const backward = store()
    const summary = await importPaths(backward.db, [revision('2025-11-15'), revision('patchtuesday'), revision('prerelease')])
    expect(summary).toMatchObject({ imported: 1, skipped: 2 })
    expect(catalogCounts(backward.db)).toEqual(catalogCounts(forward.db))
  })

  it('imports a folder with KEV feeds; the same files twice change nothing', async () => {
    const { db, file } = store()
    const kevDir = sharedDataPath('cisa-kev')
    const first = await importPaths(db, [sharedDataPath('msrc-cvrf-xml'), kevDir])
    // 16 months + 3 revisions of 2025-Nov (2 older than the month file) + 2 KEV snapshots; README.md ignored.
    expect(first.failed).toBe(0)
    expect(first.files.filter((f) => f.documentId === 'KEV').map((f) => f.outcome).sort()).toEqual(['imported', 'replaced'])
    expect(catalogStatus(db, file)).toMatchObject({ documents: 16, newestDocument: '2026-Mar', kev: { count: 1404, asOf: '2025-08-25T17:04:19Z' } })
    const snapshot = catalogSnapshot(db)
    const second = await importPaths(db, [sharedDataPath('msrc-cvrf-xml'), kevDir])
    expect(second).toMatchObject({ imported: 0, replaced: 0, failed: 0 })
    expect(second.skipped).toBe(first.files.length)
    expect(catalogSnapshot(db)).toEqual(snapshot)
  })

  it('keeps the KEV as-of date and due dates, and never lets an older snapshot replace a newer one', async () => {
    const { db } = store()
    await importPaths(db, [sharedDataPath('cisa-kev', 'known_exploited_vulnerabilities_2025.08.25.json')])
    const older = await importPaths(db, [sharedDataPath('cisa-kev', 'known_exploited_vulnerabilities_2025-01-27.json')])
    expect(older.skipped).toBe(1)
    expect(kevStatus(db)).toEqual({ count: 1404, asOf: '2025-08-25T17:04:19Z', version: '2025.08.25' })
    const feed = JSON.parse(fs.readFileSync(sharedDataPath('cisa-kev', 'known_exploited_vulnerabilities_2025.08.25.json'), 'utf8')) as {
      vulnerabilities: Array<{ cveID: string; dueDate: string; dateAdded: string }>
    }
    const sample = feed.vulnerabilities.find((v) => v.cveID === 'CVE-2023-23397') ?? feed.vulnerabilities[0]!
    expect(db.prepare(`SELECT due_date AS dueDate, date_added AS dateAdded FROM catalog_kev WHERE cve = ?`).get(sample.cveID)).toEqual({
      dueDate: sample.dueDate,
      dateAdded: sample.dateAdded,
    })
  })

  it('reads .zst, .zip (stored and deflated, with a .zst inside) and the JSON form', async () => {
    const { db, dir } = store()
    const zip = path.join(dir, 'months.zip')
    writeZip(zip, [
      { name: 'docs/2023-Dec.xml', data: fs.readFileSync(cvrfXmlPath('2023-Dec')) },
      { name: 'docs/2018-FEB.xml.zst', data: fs.readFileSync(cvrfZstPath('2018-FEB')) },
      { name: 'docs/', data: Buffer.alloc(0) },
    ])
    const deflated = path.join(dir, 'deflated.zip')
    writeZip(deflated, [{ name: '2024-Jun.xml', data: fs.readFileSync(cvrfXmlPath('2024-Jun')) }], { deflate: true })
    const json = path.join(dir, '2025-Jun.json')
    fs.writeFileSync(json, JSON.stringify(cvrfXmlToJson(fs.readFileSync(cvrfXmlPath('2025-Jun'), 'utf8'))))
    const summary = await importPaths(db, [zip, deflated, cvrfZstPath('2017-May-B'), json])
    expect(summary.failed).toBe(0)
    expect(summary.files.map((f) => f.documentId).sort()).toEqual(['2017-May-B', '2018-FEB', '2023-Dec', '2024-Jun', '2025-Jun'])
    expect(summary.files.find((f) => f.documentId === '2018-FEB')?.source).toBe(`${zip}!docs/2018-FEB.xml.zst`)
    expect(vulnerabilityCount(db, '2025-Jun')).toBe(137)
  })

  it('reports each bad file clearly, stores nothing of it, imports the others', async () => {
    const { db, dir } = store()
    const good = cvrfXmlPath('2024-Jan')
    const text = fs.readFileSync(cvrfXmlPath('2023-Dec'))
    const bad = (name: string, data: Buffer | string) => {
      const file = path.join(dir, name)
      fs.writeFileSync(file, data)
      return file
    }
    const truncated = bad('2023-Dec-cut.xml', text.subarray(0, Math.floor(text.length * 0.9)))
    const notCvrf = bad('feed.xml', '<?xml version="1.0"?><rss><channel><title>x</title></channel></rss>')
    const wrongJson = bad('wrong.json', JSON.stringify({ hello: 'world' }))
    const badJson = bad('broken.json', '{"DocumentTracking": ')
    const zst = fs.readFileSync(cvrfZstPath('2024-Dec'))
    const truncatedZst = bad('2024-Dec.xml.zst', zst.subarray(0, Math.floor(zst.length / 2)))
    const corruptZip = bad('corrupt.zip', Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(200, 7)]))
    const empty = bad('empty.xml', '')
    const hostile = bad('xxe.xml', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><cvrfdoc>&e;</cvrfdoc>')
    const summary = await importPaths(db, [truncated, notCvrf, good, wrongJson, badJson, truncatedZst, corruptZip, empty, hostile, path.join(dir, 'missing.xml')])
    expect(summary.imported).toBe(1)
    expect(summary.failed).toBe(9)
    const message = (file: string) => summary.files.find((f) => f.source === file)?.message ?? ''
    expect(message(truncated)).toMatch(/2023-Dec-cut\.xml: .*(incomplete|not well-formed)/)
    expect(message(notCvrf)).toMatch(/feed\.xml: it is not a CVRF document/)
    expect(message(wrongJson)).toMatch(/wrong\.json: JSON of the wrong shape/)
    expect(message(badJson)).toMatch(/broken\.json: not valid JSON/)
    expect(message(truncatedZst)).toMatch(/2024-Dec\.xml\.zst: /)
    expect(message(corruptZip)).toMatch(/corrupt\.zip: /)
    expect(message(empty)).toMatch(/empty\.xml: the file is empty/)
    expect(message(hostile)).toMatch(/xxe\.xml: .*DOCTYPE/)
    expect(message(path.join(dir, 'missing.xml'))).toMatch(/missing\.xml: no such file/)
    // Nothing of the bad documents is stored.
    expect(db.prepare(`SELECT id FROM catalog_documents`).all()).toEqual([{ id: '2024-Jan' }])
  })
})
