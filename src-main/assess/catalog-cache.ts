import type { Database } from 'better-sqlite3'
import { catalogAsOf, fixesForProduct, supersededBy, type ProductFix } from '../catalog/queries'
import { cveFacts, type CveFacts } from './catalog-facts'
import { onLine } from './host-build'

/**
 * What assessments read from the catalog, read once: the fixes of each product, the KBs that
 * supersede each KB asked about, CVE titles and tags. One cache serves every host of a scan or an import,
 * so a fleet costs the catalog reads of its distinct products, not of its hosts. Build a new
 * cache after the catalog changes.
 */
export class CatalogCache {
  private readonly fixesByProduct = new Map<string, ProductFix[]>()
  private readonly facts = new Map<string, CveFacts>()
  private readonly strings = new Map<string, string>()
  private readonly sharedLists = new Map<string, string[]>()
  private readonly kbBuilds = new Map<string, Map<string, { build: string; key: string }>>()
  private readonly successorsOf = new Map<string, readonly string[]>()
  private asOfValue: string | null | undefined

  constructor(readonly db: Database) {}

  fixes(productId: string): ProductFix[] {
    let fixes = this.fixesByProduct.get(productId)
    if (!fixes) this.fixesByProduct.set(productId, (fixes = fixesForProduct(this.db, productId).map((fix) => this.compact(fix))))
    return fixes
  }

  /**
   * The same few values (KB, build, month, severity, URL) repeat across thousands of fixes, and
   * SQLite hands each row fresh strings: sharing one copy keeps a fleet's cache small.
   */
  private compact(fix: ProductFix): ProductFix {
    const i = (text: string | null): string | null => (text === null ? null : this.intern(text))
    const supersedesKey = fix.supersedes.join(',')
    let supersedes = this.sharedLists.get(supersedesKey)
    if (!supersedes) this.sharedLists.set(supersedesKey, (supersedes = fix.supersedes.map((kb) => this.intern(kb))))
    return {
      ...fix,
      cve: this.intern(fix.cve),
      kb: i(fix.kb),
      description: i(fix.description),
      fixedBuild: i(fix.fixedBuild),
      buildKey: i(fix.buildKey),
      subType: i(fix.subType),
      restartRequired: i(fix.restartRequired),
      supersedes,
      url: i(fix.url),
      documentId: this.intern(fix.documentId),
      releaseDate: i(fix.releaseDate),
      severity: i(fix.severity),
      impact: i(fix.impact),
    }
  }

  private intern(text: string): string {
    const known = this.strings.get(text)
    if (known !== undefined) return known
    this.strings.set(text, text)
    return text
  }

  /**
   * `KB…` → the highest fixed build it brings on `line` (`10.0.22631`) for the product: how an
   * installed cumulative update tells the host's build when the source shows no UBR.
   */
  kbBuildsOnLine(productId: string, line: string): ReadonlyMap<string, { build: string; key: string }> {
    const cacheKey = `${productId}\u0000${line}`
    let map = this.kbBuilds.get(cacheKey)
    if (!map) {
      map = new Map()
      for (const fix of this.fixes(productId)) {
        if (!fix.kb || !fix.fixedBuild || !fix.buildKey || !onLine(fix.fixedBuild, line)) continue
        const known = map.get(`KB${fix.kb}`)
        if (!known || fix.buildKey > known.key) map.set(`KB${fix.kb}`, { build: fix.fixedBuild, key: fix.buildKey })
      }
      this.kbBuilds.set(cacheKey, map)
    }
    return map
  }

  /** KBs (as `KB…`) that directly supersede `kb`. */
  successors(kb: string): readonly string[] {
    let list = this.successorsOf.get(kb)
    if (!list) this.successorsOf.set(kb, (list = supersededBy(this.db, kb).map((next) => `KB${next}`)))
    return list
  }

  /** Reads the facts of many CVEs in a few statements (one per 500) instead of one each. */
  prefetch(cves: ReadonlyArray<string>): void {
    const wanted = [...new Set(cves)].filter((cve) => !this.facts.has(cve))
    for (let at = 0; at < wanted.length; at += 500) {
      const chunk = wanted.slice(at, at + 500)
      const rows = this.db
        .prepare(
          `SELECT v.cve, v.title, v.tag FROM catalog_vulnerabilities v JOIN catalog_documents d ON d.id = v.document_id
           WHERE v.cve IN (${chunk.map(() => '?').join(',')}) ORDER BY d.current_release_date ASC`,
        )
        .all(...chunk) as Array<{ cve: string; title: string | null; tag: string | null }>
      // Ascending by release: the newest document's text is set last and wins.
      for (const row of rows) this.facts.set(row.cve, { title: row.title, tag: row.tag })
      for (const cve of chunk) if (!this.facts.has(cve)) this.facts.set(cve, { title: null, tag: null })
    }
  }

  cve(cve: string): CveFacts {
    let facts = this.facts.get(cve)
    if (!facts) this.facts.set(cve, (facts = cveFacts(this.db, cve)))
    return facts
  }

  asOf(): string | null {
    if (this.asOfValue === undefined) this.asOfValue = catalogAsOf(this.db)
    return this.asOfValue
  }
}
