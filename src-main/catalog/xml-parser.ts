import { SaxesParser, type SaxesTagPlain } from 'saxes'
import { CoreError } from '../errors'
import type { CatalogDocument, CatalogDocumentHeader, CatalogProduct, CatalogVulnerability } from './model'
import { normaliseDate } from './normalise'
import { VulnerabilityBuilder } from './vulnerability-builder'

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

/**
 * A streaming reader of one MSRC CVRF 1.1 XML document, in any serialisation Microsoft's API or
 * PowerShell produce (prefixed or default namespace, with or without BOM / declaration).
 *
 * Elements are matched by local name; text is kept only for the leaves above; a DOCTYPE (the
 * door to entity expansion and external entities) is refused outright.
 */
export class CvrfXmlParser {
  private readonly sax = new SaxesParser<{ xmlns: false; position: false }>({ xmlns: false, position: false })
  private readonly stack: string[] = []
  private text: string | null = null
  private depthOfRoot = 0
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
  private vuln: VulnerabilityBuilder | null = null
  private noteAttrs: { type: string | null; title: string | null } = { type: null, title: null }
  private threat: { type: string | null; description: string; products: string[] } | null = null
  private score: { base: number | null; temporal: number | null; vector: string | null; products: string[] } | null = null
  private remediation: {
    type: string
    description: string | null
    url: string | null
    fixedBuild: string | null
    supersedes: string | null
    restartRequired: string | null
    subType: string | null
    productIds: string[]
  } | null = null
  private statusProducts: string[] | null = null

  constructor(
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
      this.depthOfRoot = 1
    }
    stack.push(name)
    const parent = stack[depth - 1]
    const attrs = tag.attributes as Record<string, string>
    switch (name) {
      case 'Vulnerability':
        if (depth === 1) {
          this.finishHeader()
          this.vuln = new VulnerabilityBuilder()
          const ordinal = Number(attrs.Ordinal)
          this.vuln.ordinal = Number.isFinite(ordinal) ? ordinal : null
        }
        break
      case 'Branch':
        this.families.push(attrs.Type === 'Vendor' ? null : (attrs.Name ?? null))
        break
      case 'FullProductName':
        this.productAttrs = { id: attrs.ProductID ?? '', cpe: attrs.CPE ?? null }
        break
      case 'Note':
        this.noteAttrs = { type: attrs.Type ?? null, title: attrs.Title ?? null }
        break
      case 'CWE':
        if (this.vuln && !this.vuln.cweId) this.vuln.cweId = attrs.ID ?? null
        break
      case 'Status':
        if (this.vuln && parent === 'ProductStatuses') this.statusProducts = []
        break
      case 'Threat':
        this.threat = { type: attrs.Type ?? null, description: '', products: [] }
        break
      case 'ScoreSet':
        this.score = { base: null, temporal: null, vector: null, products: [] }
        break
      case 'Remediation':
        this.remediation = {
          type: attrs.Type ?? '',
          description: null,
          url: null,
          fixedBuild: null,
          supersedes: null,
          restartRequired: null,
          subType: null,
          productIds: [],
        }
        break
      case 'DocumentNotes':
      case 'Acknowledgments':
      case 'RevisionHistory':
        break
    }
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
      this.closeInVulnerability(name, parent, text, depth)
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

  private closeInVulnerability(name: string, parent: string | undefined, text: string | null, depth: number): void {
    const vuln = this.vuln as VulnerabilityBuilder
    switch (name) {
      case 'Vulnerability':
        if (depth === 1) {
          const built = vuln.build()
          if (built) this.vulnerabilities.push(built)
          this.vuln = null
        }
        break
      case 'Title':
        if (depth === 2) vuln.title = text
        break
      case 'Note':
        if (parent === 'Notes' && text !== null) vuln.addNote(this.noteAttrs.type, this.noteAttrs.title, text)
        break
      case 'CVE':
        if (depth === 2) vuln.cve = text
        break
      case 'CWE':
        if (depth === 2 && vuln.cweName === null) vuln.cweName = text?.trim() || null
        break
      case 'ProductID': {
        const id = text?.trim()
        if (!id) break
        if (parent === 'Status') this.statusProducts?.push(id)
        else if (parent === 'Threat') this.threat?.products.push(id)
        else if (parent === 'ScoreSet') this.score?.products.push(id)
        else if (parent === 'Remediation') this.remediation?.productIds.push(id)
        break
      }
      case 'Status':
        if (this.statusProducts) vuln.addAffected(this.statusProducts)
        this.statusProducts = null
        break
      case 'Description':
        if (parent === 'Threat' && this.threat) this.threat.description = text ?? ''
        else if (parent === 'Remediation' && this.remediation) this.remediation.description = text
        break
      case 'Threat':
        if (this.threat) vuln.addThreat(this.threat.type, this.threat.description, this.threat.products)
        this.threat = null
        break
      case 'BaseScore':
        if (this.score) this.score.base = toNumber(text)
        break
      case 'TemporalScore':
        if (this.score) this.score.temporal = toNumber(text)
        break
      case 'Vector':
        if (this.score) this.score.vector = text?.trim() || null
        break
      case 'ScoreSet':
        if (this.score) vuln.addScoreSet(this.score.base, this.score.temporal, this.score.vector, this.score.products)
        this.score = null
        break
      case 'URL':
        if (parent === 'Remediation' && this.remediation) this.remediation.url = text
        break
      case 'Supercedence':
        if (this.remediation) this.remediation.supersedes = text
        break
      case 'RestartRequired':
        if (this.remediation) this.remediation.restartRequired = text
        break
      case 'SubType':
        if (this.remediation) this.remediation.subType = text
        break
      case 'FixedBuild':
        if (this.remediation) this.remediation.fixedBuild = text
        break
      case 'Remediation':
        if (this.remediation) vuln.addRemediation(this.remediation)
        this.remediation = null
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

function toNumber(text: string | null): number | null {
  if (!text || !text.trim()) return null
  const value = Number(text)
  return Number.isFinite(value) ? value : null
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
