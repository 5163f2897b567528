import fs from 'node:fs'
import path from 'node:path'
import { decompress } from 'fzstd'
import { SaxesParser } from 'saxes'
import { sharedDataPath } from '../../../../helpers/shared-data'

/**
 * Microsoft's own text of chosen vulnerabilities, read straight from the MSRC CVRF catalog in
 * ../shared/data/msrc-cvrf-all (raw API XML, zstd). Independent of src-main/catalog on purpose:
 * the rules file is checked against Microsoft's data, not against our importer.
 */

/** One part of a vulnerability's text: a Note (Description, FAQ, …) or a Remediation (Mitigation, Workaround). */
export interface CvrfSection {
  /** Note Type (`Description`, `FAQ`, `Tag`, …) or Remediation Type (`Mitigation`, `Workaround`). */
  readonly type: string
  /** Note Title attribute (for a Tag note: the tag itself); null for remediations. */
  readonly title: string | null
  /** The text as stored (HTML, already XML-decoded). */
  readonly html: string
}

/** A vulnerability as one monthly document holds it. */
export interface CvrfVulnerabilityText {
  readonly document: string
  readonly id: string
  readonly title: string
  readonly tags: readonly string[]
  readonly sections: readonly CvrfSection[]
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', rsquo: '’', lsquo: '‘', rdquo: '”', ldquo: '“', ndash: '–', mdash: '—' }

/** HTML → plain text as a reader sees it: tags dropped, entities decoded, whitespace collapsed. */
export function plainText(html: string): string {
  return normaliseSpace(
    html
      .replace(/<[^>]*>/g, ' ')
      .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
        if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16))
        if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)))
        return NAMED_ENTITIES[name.toLowerCase()] ?? whole
      }),
  )
}

/** Collapses every run of whitespace (including no-break spaces) to one space. */
export function normaliseSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

function localName(name: string): string {
  const colon = name.indexOf(':')
  return colon < 0 ? name : name.slice(colon + 1)
}

/** Parses one `vuln:Vulnerability` element (prefixes are kept as plain names: no namespace checks). */
function parseDocument(xml: string, document: string, wanted: ReadonlySet<string>): CvrfVulnerabilityText[] {
  const found: CvrfVulnerabilityText[] = []
  const parser = new SaxesParser()
  const stack: string[] = []
  let text = ''
  let current: { id: string; title: string; tags: string[]; sections: CvrfSection[] } | null = null
  let pendingType: { type: string; title: string | null } | null = null

  parser.on('opentag', (tag) => {
    const name = localName(tag.name)
    stack.push(name)
    text = ''
    const attributes = tag.attributes as Record<string, string>
    if (name === 'Vulnerability') current = { id: '', title: '', tags: [], sections: [] }
    else if (current && name === 'Note' && stack.at(-2) === 'Notes') pendingType = { type: attributes.Type ?? '', title: attributes.Title ?? null }
    else if (current && name === 'Remediation') pendingType = { type: attributes.Type ?? '', title: null }
  })
  parser.on('text', (chunk) => {
    text += chunk
  })
  parser.on('closetag', (tag) => {
    const name = localName(tag.name)
    const parent = stack.at(-2)
    if (current && parent === 'Vulnerability' && name === 'CVE') current.id = text.trim()
    else if (current && parent === 'Vulnerability' && name === 'Title') current.title = text.trim()
    else if (current && name === 'Note' && pendingType) {
      if (pendingType.type === 'Tag') current.tags.push(pendingType.title ?? text.trim())
      else current.sections.push({ ...pendingType, html: text })
      pendingType = null
    } else if (current && parent === 'Remediation' && name === 'Description' && pendingType) {
      current.sections.push({ ...pendingType, html: text })
    } else if (name === 'Remediation') pendingType = null
    else if (name === 'Vulnerability' && current) {
      if (wanted.has(current.id)) found.push({ document, ...current })
      current = null
    }
    stack.pop()
    text = ''
  })
  parser.write(xml).close()
  return found
}

const CVE_OPEN = Buffer.from('<vuln:CVE>')
const VULNERABILITY_OPEN = Buffer.from('<vuln:Vulnerability')
const VULNERABILITY_CLOSE = Buffer.from('</vuln:Vulnerability>')

/** The `<vuln:Vulnerability>` elements of wanted ids in one document, by one pass over its bytes. */
function wantedSlices(buffer: Buffer, wanted: ReadonlySet<string>): string[] {
  const slices: string[] = []
  for (let at = buffer.indexOf(CVE_OPEN); at >= 0; at = buffer.indexOf(CVE_OPEN, at + CVE_OPEN.length)) {
    const idStart = at + CVE_OPEN.length
    const id = buffer.toString('latin1', idStart, buffer.indexOf(0x3c, idStart)).trim()
    if (!wanted.has(id)) continue
    const start = buffer.lastIndexOf(VULNERABILITY_OPEN, at)
    const end = buffer.indexOf(VULNERABILITY_CLOSE, at)
    if (start < 0 || end < 0) throw new Error(`${id}: no enclosing vuln:Vulnerability element`)
    slices.push(buffer.toString('utf8', start, end + VULNERABILITY_CLOSE.length))
  }
  return slices
}

/**
 * Every occurrence of the wanted CVE / ADV ids in the catalog, by id (a vulnerability revised in
 * a later month appears once per document). Decompresses all 190 documents (≈ 365 MB, a few
 * seconds) and parses only the `vuln:Vulnerability` elements of the wanted ids.
 */
export function readCvrfVulnerabilities(ids: Iterable<string>): Map<string, CvrfVulnerabilityText[]> {
  const wanted = new Set(ids)
  const dir = sharedDataPath('msrc-cvrf-all')
  const byId = new Map<string, CvrfVulnerabilityText[]>()
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.xml.zst')).sort()) {
    const bytes = decompress(fs.readFileSync(path.join(dir, file)))
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    const document = file.replace(/\.xml\.zst$/, '')
    for (const slice of wantedSlices(buffer, wanted)) {
      for (const vulnerability of parseDocument(slice, document, wanted)) {
        byId.set(vulnerability.id, [...(byId.get(vulnerability.id) ?? []), vulnerability])
      }
    }
  }
  return byId
}
