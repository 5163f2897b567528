import fs from 'node:fs'
import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { zstdDecompress } from '../../../../src-main/catalog/byte-stream'
import { parseCvrfXml } from '../../../../src-main/catalog/parse-xml-stream'
import type { CatalogDocument } from '../../../../src-main/catalog/model'
import { cvrfXmlPath, cvrfZstPath, rawCvrfXml } from '../../../helpers/catalog-fixtures'

async function parseFile(file: string): Promise<CatalogDocument> {
  const chunks = file.endsWith('.zst') ? zstdDecompress(fs.createReadStream(file), file) : fs.createReadStream(file)
  const outcome = await parseCvrfXml(chunks, file)
  if (outcome.kind !== 'document') throw new Error('expected a whole document')
  return outcome.document
}

function fromText(text: string, source = 'test.xml') {
  return parseCvrfXml(Readable.from([Buffer.from(text)]), source)
}

/** Independent counts by plain text search over the XML, to check the parser against. */
function textCounts(xml: string) {
  const count = (re: RegExp) => (xml.match(re) ?? []).length
  return {
    vulnerabilities: count(/<(?:vuln:)?Vulnerability[\s>]/g),
    remediations: count(/<(?:vuln:)?Remediation[\s>]/g),
    fixedBuilds: count(/<(?:vuln:)?FixedBuild>/g),
    products: new Set([...xml.matchAll(/<(?:prod:)?FullProductName\s+ProductID="([^"]+)"/g)].map((m) => m[1])).size,
  }
}

const stats = (doc: CatalogDocument) => ({
  vulnerabilities: doc.vulnerabilities.length,
  remediations: doc.vulnerabilities.reduce((n, v) => n + v.remediations.length, 0),
  fixedBuilds: doc.vulnerabilities.reduce((n, v) => n + v.remediations.filter((r) => r.fixedBuild).length, 0),
  products: doc.products.length,
})

describe('CVRF XML parser on real documents', () => {
  // The README of msrc-cvrf-xml/ lists each file's serialisation: BOM + prefixes, default
  // namespace, no declaration… Every one must give the same counts as a plain text search.
  it.each(['2019-Feb', '2019-Mar', '2023-Mar', '2023-Jul', '2023-Dec', '2025-Nov', '2026-Feb'])('reads %s completely', async (month) => {
    const file = cvrfXmlPath(month)
    const doc = await parseFile(file)
    expect(stats(doc)).toEqual(textCounts(fs.readFileSync(file, 'utf8')))
    expect(doc.header.id).toBe(month)
  })

  it('reads the default-namespace serialisation (2023-Dec) like the prefixed one', async () => {
    const text = fs.readFileSync(cvrfXmlPath('2023-Dec'), 'utf8')
    expect(text).toMatch(/^<cvrfdoc [^>]*xmlns="http:\/\/www\.icasi\.org\/CVRF\/schema\/cvrf\/1\.1"/)
    const doc = await parseFile(cvrfXmlPath('2023-Dec'))
    expect(doc.header.currentReleaseDate).toBe('2023-12-21T18:16:53Z')
    expect(doc.vulnerabilities).toHaveLength(51)
    expect(stats(doc).fixedBuilds).toBe(332)
  })

  it('reads a document with a byte-order mark and no FixedBuild (2019-Feb)', async () => {
    expect(fs.readFileSync(cvrfXmlPath('2019-Feb')).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]))
    const doc = await parseFile(cvrfXmlPath('2019-Feb'))
    const fixes = doc.vulnerabilities.flatMap((v) => v.remediations.filter((r) => r.type === 'Vendor Fix'))
    expect(fixes.length).toBeGreaterThan(0)
    expect(fixes.every((r) => r.fixedBuild === null)).toBe(true)
    expect(fixes.filter((r) => r.kb !== null).length).toBeGreaterThan(0)
    expect(doc.vulnerabilities.filter((v) => v.exploited)).toHaveLength(1)
  })

  it('normalises one vulnerability fully (CVE-2025-60724 in the raw 2025-Nov)', async () => {
    const doc = await parseFile(cvrfZstPath('2025-Nov'))
    expect(doc.header).toMatchObject({ id: '2025-Nov', alias: '2025-Nov', title: 'November 2025 Security Updates', revision: '421' })
    expect(doc.header.currentReleaseDate).toBe('2026-06-29T14:40:01Z')
    const v = doc.vulnerabilities.find((x) => x.cve === 'CVE-2025-60724')
    expect(v).toBeDefined()
    expect(v).toMatchObject({
      title: 'GDI+ Remote Code Execution Vulnerability',
      tag: 'Microsoft Graphics Component',
      cna: 'Microsoft',
      cweId: 'CWE-122',
      cweName: 'Heap-based Buffer Overflow',
      customerActionRequired: true,
      publiclyDisclosed: false,
      exploited: false,
      exploitability: 'Exploitation Less Likely',
    })
    expect(v?.faq).toContain('Preview Pane')
    const product = v?.products.find((p) => p.productId === '11951')
    expect(product).toMatchObject({ severity: 'Important', impact: 'Remote Code Execution', baseScore: 9.8, temporalScore: 8.5 })
    const fix = v?.remediations.find((r) => r.kb === '5068904')
    expect(fix).toMatchObject({ type: 'Vendor Fix', fixedBuild: '6.1.7601.28021', supersedes: '5066872', restartRequired: 'Yes', subType: 'Monthly Rollup' })
    expect(fix?.productIds).toEqual(['10051', '10049'])
  })

  it('reads odd months: 2017-May-B (no vulnerabilities), 2018-FEB, a Mariner release-notes document', async () => {
    const mayB = await parseFile(cvrfZstPath('2017-May-B'))
    expect(mayB.header.id).toBe('2017-May-B')
    expect(mayB.vulnerabilities).toHaveLength(0)
    const feb = await parseFile(cvrfZstPath('2018-FEB'))
    expect(feb.header.id).toBe('2018-FEB')
    expect(stats(feb)).toEqual(textCounts(rawCvrfXml('2018-FEB')))
    const mariner = await parseFile(cvrfZstPath('1999-Sep'))
    expect(mariner.header.title).toBe('Mariner Release Notes')
    const rows = mariner.vulnerabilities.flatMap((v) => v.remediations.filter((r) => r.type === 'Vendor Fix'))
    // Mariner "KBs" are release names, kept as descriptions, never as KB numbers.
    expect(rows.some((r) => r.kb === null && r.description !== null)).toBe(true)
  })

  it('stops after the header when told the document is not wanted', async () => {
    const file = cvrfZstPath('2024-Dec')
    const outcome = await parseCvrfXml(zstdDecompress(fs.createReadStream(file), file), file, () => false)
    expect(outcome.kind).toBe('header')
    if (outcome.kind === 'header') expect(outcome.header).toMatchObject({ id: '2024-Dec', revision: expect.any(String) })
  })
})

describe('CVRF XML parser on bad input', () => {
  const head = '<cvrf:cvrfdoc xmlns:cvrf="http://www.icasi.org/CVRF/schema/cvrf/1.1"><cvrf:DocumentTracking><cvrf:Identification><cvrf:ID>X</cvrf:ID></cvrf:Identification><cvrf:CurrentReleaseDate>2025-01-01T00:00:00</cvrf:CurrentReleaseDate></cvrf:DocumentTracking>'

  it('refuses entity expansion (billion laughs) and names the file', async () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]>${head}<cvrf:DocumentTitle>&lol2;</cvrf:DocumentTitle></cvrf:cvrfdoc>`
    await expect(fromText(laughs, 'laughs.xml')).rejects.toThrow(/laughs\.xml: .*DOCTYPE/)
  })

  it('refuses external entities', async () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE cvrfdoc [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${head}<cvrf:DocumentTitle>&xxe;</cvrf:DocumentTitle></cvrf:cvrfdoc>`
    await expect(fromText(xxe, 'xxe.xml')).rejects.toThrow(/xxe\.xml: .*DOCTYPE/)
  })

  it('refuses an undeclared entity and a document that is not CVRF', async () => {
    await expect(fromText(`${head}<cvrf:DocumentTitle>&nope;</cvrf:DocumentTitle></cvrf:cvrfdoc>`, 'e.xml')).rejects.toThrow(/e\.xml: it is not well-formed XML/)
    await expect(fromText('<rss><channel/></rss>', 'feed.xml')).rejects.toThrow(/feed\.xml: it is not a CVRF document \(its root element is <rss>\)/)
  })

  it('refuses a truncated real document', async () => {
    const text = fs.readFileSync(cvrfXmlPath('2023-Dec'), 'utf8')
    await expect(fromText(text.slice(0, Math.floor(text.length / 2)), 'cut.xml')).rejects.toThrow(/cut\.xml: .*(incomplete|not well-formed)/)
  })

  it('refuses a document without an ID', async () => {
    await expect(fromText('<cvrfdoc><DocumentTracking><CurrentReleaseDate>2025-01-01</CurrentReleaseDate></DocumentTracking></cvrfdoc>', 'noid.xml')).rejects.toThrow(
      /noid\.xml: .*no Identification\/ID/,
    )
  })
})
