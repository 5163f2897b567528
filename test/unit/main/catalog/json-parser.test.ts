import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { zstdDecompress } from '../../../../src-main/catalog/byte-stream'
import { parseCvrfJson } from '../../../../src-main/catalog/json-parser'
import type { CatalogDocument } from '../../../../src-main/catalog/model'
import { parseCvrfXml } from '../../../../src-main/catalog/parse-xml-stream'
import { cvrfXmlToJson } from '../../../helpers/catalog-cvrf-json'
import { cvrfXmlPath, cvrfZstPath, rawCvrfXml } from '../../../helpers/catalog-fixtures'

async function viaXml(file: string): Promise<CatalogDocument> {
  const chunks = file.endsWith('.zst') ? zstdDecompress(fs.createReadStream(file), file) : fs.createReadStream(file)
  const outcome = await parseCvrfXml(chunks, file)
  if (outcome.kind !== 'document') throw new Error('whole document expected')
  return outcome.document
}

const byId = (doc: CatalogDocument) => new Map(doc.products.map((p) => [p.productId, p]))

describe('CVRF JSON parser', () => {
  // The JSON form carries the same data with numeric enumerations: built here from Microsoft's
  // own XML, it must normalise to exactly what the XML parser produces.
  it.each([
    ['2025-Nov (raw API XML)', () => rawCvrfXml('2025-Nov'), () => viaXml(cvrfZstPath('2025-Nov'))],
    ['2019-Feb (BOM, no FixedBuild)', () => fs.readFileSync(cvrfXmlPath('2019-Feb'), 'utf8'), () => viaXml(cvrfXmlPath('2019-Feb'))],
    ['2018-FEB', () => rawCvrfXml('2018-FEB'), () => viaXml(cvrfZstPath('2018-FEB'))],
  ])('gives the same document as the XML for %s', async (_name, xml, parsed) => {
    const fromJson = parseCvrfJson(JSON.parse(JSON.stringify(cvrfXmlToJson(xml()))), 'doc.json')
    const fromXml = await parsed()
    expect(fromJson.header).toEqual(fromXml.header)
    expect(fromJson.vulnerabilities).toEqual(fromXml.vulnerabilities)
    expect(byId(fromJson)).toEqual(byId(fromXml))
  })

  it('takes enumeration names as well as numbers', () => {
    const json = cvrfXmlToJson(rawCvrfXml('2017-May-B')) as { DocumentTracking: unknown }
    const doc = parseCvrfJson({ ...json, Vulnerability: [{ CVE: 'CVE-2017-0001', Threats: [{ Type: 'Exploit Status', Description: { Value: 'Publicly Disclosed:Yes;Exploited:Yes' } }], Remediations: [{ Type: 'VendorFix', Description: { Value: '4019472' }, ProductID: ['1'] }] }] }, 'named.json')
    expect(doc.vulnerabilities[0]).toMatchObject({ exploited: true, publiclyDisclosed: true })
    expect(doc.vulnerabilities[0]?.remediations[0]).toMatchObject({ type: 'Vendor Fix', kb: '4019472' })
  })

  it('refuses JSON of the wrong shape, naming the file and the field', () => {
    expect(() => parseCvrfJson({ DocumentTracking: { Identification: {} } }, 'bad.json')).toThrow(/bad\.json: JSON is not an MSRC CVRF document \(DocumentTracking\.CurrentReleaseDate/)
    expect(() => parseCvrfJson({ DocumentTracking: { Identification: {}, CurrentReleaseDate: '2025-01-01' }, Vulnerability: 'x' }, 'v.json')).toThrow(/v\.json: .*Vulnerability/)
  })
})
