// saxes is loaded on first use (createCvrfXmlParser), like every heavy dependency of the catalog.
import type { SaxesParser, SaxesTagPlain } from 'saxes'
import { CoreError } from '../errors'
import type { CatalogDocument, CatalogDocumentHeader, CatalogProduct, CatalogVulnerability } from './model'
import { normaliseDate } from './normalise'
import { XmlVulnerabilityReader } from './xml-vulnerability-reader'

/** Decides, once the header is read, whether the rest of the document is wanted. */
export type HeaderDecision = (header: CatalogDocumentHeader) => boolean

/** What a streamed parse produced: the whole document, or only its header when the rest was not wanted. */
export type ParseOutcome = { readonly kind: 'document'; readonly document: CatalogDocument } | { readonly kind: 'header'; readonly header: CatalogDocumentHeader }

/** Leaf elements whose text a parse keeps; the text of everything else is never accumulated. */
const TEXT_LEAVES = new Set([
  'DocumentTitle',
  'DocumentType',
  'ID',
  'Alias',
  'Number',
  'InitialReleaseDate',
  'CurrentReleaseDate',
  'FullProductName',
  'Title',
  'Note',
  'CVE',
  'CWE',
  'ProductID',
  'Description',
  'BaseScore',
  'TemporalScore',
  'Vector',
  'URL',
  'Supercedence',
  'RestartRequired',
  'SubType',
  'FixedBuild',
])

/** A parser for one document, with saxes loaded on first use. */
export async function createCvrfXmlParser(source: string, decide?: HeaderDecision): Promise<CvrfXmlParser> {
  const { SaxesParser } = await import('saxes')
  return new CvrfXmlParser(new SaxesParser({ xmlns: false, position: false }), source, decide)
}

/**
 * A streaming reader of one MSRC CVRF 1.1 XML document, in any serialisation Microsoft's API or
 * PowerShell produce (prefixed or default namespace, with or without BOM / declaration).
 *
 * Elements are matched by local name; text is kept only for the leaves above; a DOCTYPE (the
 * door to entity expansion and external entities) is refused outright.
 */
export class CvrfXmlParser {
  private readonly stack: string[] = []
  private text: string | null = null
  private sawRoot = false
  private finished = false
  private headerDone = false
  private stopped = false

  private id: string | null = null
  private alias: string | null = null
  private title: string | null = null
  private documentType: string | null = null
  private initial: string | null = null
  private current: string | null = null
  private revision: string | null = null
  private header: CatalogDocumentHeader | null = null

  private readonly products = new Map<string, CatalogProduct>()
  private readonly families: Array<string | null> = []
  private productAttrs: { id: string; cpe: string | null } | null = null
  private readonly vulnerabilities: CatalogVulnerability[] = []
  private vuln: XmlVulnerabilityReader | null = null

  constructor(
    private readonly sax: SaxesParser<{ xmlns: false; position: false }>,
    private readonly source: string,
    private readonly decide: HeaderDecision = () => true,
  ) {
    this.sax.on('doctype', () => {
      throw this.bad('it contains a DOCTYPE declaration, which Patchlane refuses (entity expansion and external entities are not allowed)')
    })
    this.sax.on('opentag', (tag) => this.open(tag))
    this.sax.on('closetag', (tag) => this.close(tag.name))
    this.sax.on('text', (text) => {
      if (this.text !== null) this.text += text
    })
    this.sax.on('cdata', (text) => {
      if (this.text !== null) this.text += text
    })
  }

  /** True once the header was read and the caller did not want the rest: stop feeding. */
  get done(): boolean {
    return this.stopped
  }

  /** Feeds decoded text. */
  write(chunk: string): void {
    if (this.stopped) return
    try {
      this.sax.write(chunk)
    } catch (error) {
      if (error === STOP) return
      throw this.wrap(error)
    }
  }

  /** Ends the input and returns what was read. */
  end(): ParseOutcome {
    if (!this.stopped) {
      try {
        this.sax.close()
      } catch (error) {
        if (error !== STOP) throw this.wrap(error)
      }
    }
    if (this.stopped && this.header) return { kind: 'header', header: this.header }
    if (!this.sawRoot) throw this.bad('it is not a CVRF document (no cvrfdoc element)')
    if (!this.finished) throw this.bad('the document is incomplete (truncated?)')
    const header = this.header ?? this.makeHeader()
    return { kind: 'document', document: { header, products: [...this.products.values()], vulnerabilities: this.vulnerabilities } }
  }

  private open(tag: SaxesTagPlain): void {
    const name = localName(tag.name)
    const stack = this.stack
    const depth = stack.length
    if (depth === 0) {
      if (name !== 'cvrfdoc') throw this.bad(`it is not a CVRF document (its root element is <${tag.name}>)`)
      this.sawRoot = true
    }
    stack.push(name)
    const parent = stack[depth - 1]
    const attrs = tag.attributes as Record<string, string>
    if (this.vuln) this.vuln.open(name, attrs, parent)
    else if (name === 'Vulnerability' && depth === 1) {
      this.finishHeader()
      this.vuln = new XmlVulnerabilityReader(attrs.Ordinal)
    } else if (name === 'Branch') this.families.push(attrs.Type === 'Vendor' ? null : (attrs.Name ?? null))
    else if (name === 'FullProductName') this.productAttrs = { id: attrs.ProductID ?? '', cpe: attrs.CPE ?? null }
    // Text is kept only for wanted leaves, and never inside document notes or acknowledgments.
    this.text = TEXT_LEAVES.has(name) && !this.inSkippedSection() ? '' : null
  }

  private inSkippedSection(): boolean {
    const second = this.stack[1]
    if (second === 'DocumentNotes' || second === 'DocumentPublisher') return true
    return this.vuln !== null && (this.stack[2] === 'Acknowledgments' || (this.stack[2] === 'RevisionHistory'))
  }

  private close(rawName: string): void {
    const name = localName(rawName)
    const text = this.text
    this.text = null
    const stack = this.stack
    stack.pop()
    const depth = stack.length
    const parent = stack[depth - 1]
    if (depth === 0) {
      this.finishHeader()
      this.finished = true
      return
    }
    if (this.vuln) {
      if (name === 'Vulnerability' && depth === 1) {
        const built = this.vuln.build()
        if (built) this.vulnerabilities.push(built)
        this.vuln = null
      } else this.vuln.close(name, parent, text, depth)
      return
    }
    switch (name) {
      case 'DocumentTitle':
        if (depth === 1) this.title = text?.trim() || null
        break
      case 'DocumentType':
        if (depth === 1) this.documentType = text?.trim() || null
        break
      case 'ID':
        if (parent === 'Identification') this.id = text?.trim() || null
        break
      case 'Alias':
        if (parent === 'Identification') this.alias = text?.trim() || null
        break
      case 'Number':
        if (parent === 'Revision' && stack[1] === 'DocumentTracking' && text) this.revision = maxRevision(this.revision, text.trim())
        break
      case 'InitialReleaseDate':
        if (parent === 'DocumentTracking') this.initial = text?.trim() || null
        break
      case 'CurrentReleaseDate':
        if (parent === 'DocumentTracking') this.current = text?.trim() || null
        break
      case 'DocumentTracking':
        if (depth === 1) this.finishHeader()
        break
      case 'Branch':
        this.families.pop()
        break
      case 'FullProductName':
        if (this.productAttrs && this.productAttrs.id) {
          const family = this.families.findLast((f) => f !== null) ?? null
          const { id, cpe } = this.productAttrs
          // A product appears under its family branch and again at the top level: merge the two.
          const held = this.products.get(id)
          this.products.set(id, { productId: id, name: (text ?? '').trim() || (held?.name ?? ''), family: family ?? held?.family ?? null, cpe: cpe ?? held?.cpe ?? null })
        }
        this.productAttrs = null
        break
    }
  }

  private finishHeader(): void {
    if (this.headerDone) return
    this.headerDone = true
    this.header = this.makeHeader()
    if (!this.decide(this.header)) {
      this.stopped = true
      throw STOP
    }
  }

  private makeHeader(): CatalogDocumentHeader {
    if (!this.id) throw this.bad('its DocumentTracking has no Identification/ID')
    if (!this.current) throw this.bad(`document ${this.id} has no CurrentReleaseDate`)
    return {
      id: this.id,
      alias: this.alias,
      title: this.title,
      documentType: this.documentType,
      initialReleaseDate: this.initial ? normaliseDate(this.initial) : null,
      currentReleaseDate: normaliseDate(this.current),
      revision: this.revision,
    }
  }

  private bad(what: string): CoreError {
    return new CoreError('bad-file', `${this.source}: ${what}`)
  }

  private wrap(error: unknown): CoreError {
    if (error instanceof CoreError) return error
    const message = error instanceof Error ? error.message : String(error)
    return this.bad(`it is not well-formed XML (${message.replace(/^[^:]*:\d+:\d+: /, '')})`)
  }
}

/** Sentinel thrown out of saxes' callbacks to stop at the header. */
const STOP = Symbol('stop')

function localName(name: string): string {
  const colon = name.indexOf(':')
  return colon < 0 ? name : name.slice(colon + 1)
}

function maxRevision(current: string | null, next: string): string {
  if (current === null) return next
  const a = current.split('.').map(Number)
  const b = next.split('.').map(Number)
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const diff = (b[i] ?? 0) - (a[i] ?? 0)
    if (diff !== 0) return diff > 0 ? next : current
  }
  return current
}
