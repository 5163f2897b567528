import type { Database, Statement } from 'better-sqlite3'
import { CoreError } from '../errors'
import { buildKey, normaliseProductName, supersededKbs } from './normalise'

/**
 * The read side of the catalog, as the assessment engine uses it. Every query is one indexed
 * statement, prepared once per connection: assessing a host costs milliseconds.
 */

/** A product as the catalog knows it. */
export interface CatalogProductRow {
  readonly productId: string
  readonly name: string
  readonly normalisedName: string
  readonly family: string | null
  readonly cpe: string | null
}

/** One vendor fix of one CVE for one product. */
export interface ProductFix {
  readonly cve: string
  readonly kb: string | null
  /** The remediation's description when it is not a KB (a Mariner release name). */
  readonly description: string | null
  readonly fixedBuild: string | null
  /** Zero-padded sortable form of `fixedBuild` (see `buildKey`), null when not a dotted build. */
  readonly buildKey: string | null
  readonly subType: string | null
  readonly restartRequired: string | null
  /** KBs this fix supersedes. */
  readonly supersedes: string[]
  readonly url: string | null
  readonly documentId: string
  /** The document's InitialReleaseDate (the month's release). */
  readonly releaseDate: string | null
  readonly severity: string | null
  readonly impact: string | null
  readonly baseScore: number | null
  readonly exploited: boolean
  readonly publiclyDisclosed: boolean
  readonly kev: boolean
}

/** What one KB is, per product it applies to. */
export interface KbProductInfo {
  readonly productId: string
  readonly productName: string | null
  readonly fixedBuild: string | null
  readonly releaseDate: string | null
  readonly documentId: string
  readonly subType: string | null
  readonly supersedes: string[]
  readonly restartRequired: string | null
  readonly cves: string[]
}

/** Everything known about one CVE, merged over the documents that list it (newest first). */
export interface CveDetails {
  readonly cve: string
  readonly title: string | null
  readonly tag: string | null
  readonly cweId: string | null
  readonly cweName: string | null
  readonly cna: string | null
  readonly description: string | null
  readonly faq: string | null
  readonly mitigation: string | null
  readonly workaround: string | null
  readonly publiclyDisclosed: boolean
  readonly exploited: boolean
  readonly exploitability: string | null
  readonly customerActionRequired: boolean | null
  readonly documents: string[]
  readonly kev: { readonly dateAdded: string | null; readonly dueDate: string | null; readonly requiredAction: string | null; readonly ransomwareUse: string | null } | null
  readonly products: Array<{
    readonly productId: string
    readonly productName: string | null
    readonly severity: string | null
    readonly impact: string | null
    readonly baseScore: number | null
    readonly temporalScore: number | null
    readonly vector: string | null
  }>
  readonly remediations: Array<{
    readonly type: string
    readonly kb: string | null
    readonly description: string | null
    readonly url: string | null
    readonly fixedBuild: string | null
    readonly supersedes: string | null
    readonly restartRequired: string | null
    readonly subType: string | null
    readonly productIds: string[]
  }>
}

const cache = new WeakMap<Database, Map<string, Statement>>()

function prepared(db: Database, sql: string): Statement {
  let map = cache.get(db)
  if (!map) cache.set(db, (map = new Map()))
  let statement = map.get(sql)
  if (!statement) map.set(sql, (statement = db.prepare(sql)))
  return statement
}

/** Products whose normalised name equals the normalised form of `name`. */
export function productsByNormalisedName(db: Database, name: string): CatalogProductRow[] {
  return prepared(
    db,
    `SELECT product_id AS productId, name, normalised_name AS normalisedName, family, cpe FROM catalog_products WHERE normalised_name = ? ORDER BY product_id`,
  ).all(normaliseProductName(name)) as CatalogProductRow[]
}

/** One product by MSRC ProductID. */
export function productById(db: Database, productId: string): CatalogProductRow | null {
  return (
    (prepared(db, `SELECT product_id AS productId, name, normalised_name AS normalisedName, family, cpe FROM catalog_products WHERE product_id = ?`).get(
      productId,
    ) as CatalogProductRow | undefined) ?? null
  )
}

interface FixRow {
  cve: string
  kb: string | null
  description: string | null
  fixedBuild: string | null
  buildKey: string | null
  subType: string | null
  restartRequired: string | null
  supersedes: string | null
  url: string | null
  documentId: string
  releaseDate: string | null
  severity: string | null
  impact: string | null
  baseScore: number | null
  exploited: number | null
  publiclyDisclosed: number | null
  kev: number
}

/**
 * Every vendor fix for a product, ordered by fixed build (fixes without a build last), then by
 * release date: the assessment walks this list against the host's build. With `afterBuild`, only
 * fixes whose fixed build is newer than that build (what a host at that build still lacks).
 */
export function fixesForProduct(db: Database, productId: string, options: { afterBuild?: string } = {}): ProductFix[] {
  const after = options.afterBuild === undefined ? null : buildKey(options.afterBuild)
  if (options.afterBuild !== undefined && after === null) throw new CoreError('invalid-input', `"${options.afterBuild}" is not a build number such as 10.0.22631.4602`)
  const rows = prepared(
    db,
    `SELECT v.cve, r.kb, r.description, r.fixed_build AS fixedBuild, r.build_key AS buildKey, r.sub_type AS subType,
            r.restart_required AS restartRequired, r.supersedes, r.url, v.document_id AS documentId,
            coalesce(d.initial_release_date, d.current_release_date) AS releaseDate,
            vp.severity, vp.impact, vp.base_score AS baseScore, v.exploited, v.publicly_disclosed AS publiclyDisclosed,
            EXISTS (SELECT 1 FROM catalog_kev k WHERE k.cve = v.cve) AS kev
     FROM catalog_remediation_products rp
     JOIN catalog_remediations r ON r.id = rp.remediation_id AND r.type = 'Vendor Fix'
     JOIN catalog_vulnerabilities v ON v.id = r.vulnerability_id
     JOIN catalog_documents d ON d.id = v.document_id
     LEFT JOIN catalog_vulnerability_products vp ON vp.vulnerability_id = v.id AND vp.product_id = rp.product_id
     WHERE rp.product_id = @productId AND (@after IS NULL OR r.build_key > @after)
     ORDER BY r.build_key IS NULL, r.build_key, releaseDate, v.cve, r.kb`,
  ).all({ productId, after }) as FixRow[]
  return rows.map((row) => ({
    ...row,
    supersedes: supersededKbs(row.supersedes),
    exploited: row.exploited === 1,
    publiclyDisclosed: row.publiclyDisclosed === 1,
    kev: row.kev === 1,
  }))
}

/** A KB, per product: fixed build, release date, document, what it supersedes, restart, CVEs fixed. */
export function kbInfo(db: Database, kb: string): KbProductInfo[] {
  const key = kb.replace(/^KB/i, '').trim()
  const rows = prepared(
    db,
    `SELECT rp.product_id AS productId, p.name AS productName, r.fixed_build AS fixedBuild,
            coalesce(d.initial_release_date, d.current_release_date) AS releaseDate, v.document_id AS documentId,
            r.sub_type AS subType, r.supersedes, r.restart_required AS restartRequired, v.cve
     FROM catalog_remediations r
     JOIN catalog_remediation_products rp ON rp.remediation_id = r.id
     JOIN catalog_vulnerabilities v ON v.id = r.vulnerability_id
     JOIN catalog_documents d ON d.id = v.document_id
     LEFT JOIN catalog_products p ON p.product_id = rp.product_id
     WHERE r.kb = ? AND r.type = 'Vendor Fix'
     ORDER BY rp.product_id, v.cve`,
  ).all(key) as Array<Omit<KbProductInfo, 'supersedes' | 'cves'> & { supersedes: string | null; cve: string }>
  const byProduct = new Map<string, { info: KbProductInfo; cves: Set<string>; supersedes: Set<string> }>()
  for (const row of rows) {
    let entry = byProduct.get(row.productId)
    if (!entry) {
      entry = {
        info: { ...row, supersedes: [], cves: [] },
        cves: new Set(),
        supersedes: new Set(),
      }
      byProduct.set(row.productId, entry)
    }
    entry.cves.add(row.cve)
    for (const s of supersededKbs(row.supersedes)) entry.supersedes.add(s)
    // Different CVEs of one KB sometimes carry different fixed builds; keep the highest.
    if (row.fixedBuild && (!entry.info.fixedBuild || compareDotted(row.fixedBuild, entry.info.fixedBuild) > 0)) {
      entry.info = { ...entry.info, fixedBuild: row.fixedBuild }
    }
  }
  return [...byProduct.values()].map(({ info, cves, supersedes }) => ({ ...info, cves: [...cves].sort(), supersedes: [...supersedes].sort() }))
}

function compareDotted(a: string, b: string): number {
  const x = a.split('.').map(Number)
  const y = b.split('.').map(Number)
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0)
    if (d !== 0 && Number.isFinite(d)) return d
  }
  return 0
}

/** The KBs that `kb` supersedes (directly), sorted. */
export function supersedes(db: Database, kb: string): string[] {
  const key = kb.replace(/^KB/i, '').trim()
  const rows = prepared(
    db,
    `SELECT DISTINCT s.superseded_kb AS kb FROM catalog_remediations r JOIN catalog_supersedence s ON s.remediation_id = r.id
     WHERE r.kb = ? AND r.type = 'Vendor Fix' ORDER BY 1`,
  ).all(key) as Array<{ kb: string }>
  return rows.map((row) => row.kb)
}

/** The KBs that directly supersede `kb`, sorted. */
export function supersededBy(db: Database, kb: string): string[] {
  const key = kb.replace(/^KB/i, '').trim()
  const rows = prepared(
    db,
    `SELECT DISTINCT r.kb FROM catalog_supersedence s JOIN catalog_remediations r ON r.id = s.remediation_id
     WHERE s.superseded_kb = ? AND r.kb IS NOT NULL ORDER BY 1`,
  ).all(key) as Array<{ kb: string }>
  return rows.map((row) => row.kb)
}

/** The newest CurrentReleaseDate of any held document, or null when the catalog is empty. */
export function catalogAsOf(db: Database): string | null {
  const row = prepared(db, `SELECT max(current_release_date) AS asOf FROM catalog_documents`).get() as { asOf: string | null }
  return row.asOf
}

interface VulnRow {
  id: number
  documentId: string
  title: string | null
  tag: string | null
  cweId: string | null
  cweName: string | null
  cna: string | null
  description: string | null
  faq: string | null
  mitigation: string | null
  workaround: string | null
  publiclyDisclosed: number | null
  exploited: number | null
  exploitability: string | null
  customerActionRequired: number | null
}

/** Everything about one CVE, or null when no held document lists it. */
export function cveDetails(db: Database, cve: string): CveDetails | null {
  const id = cve.trim().toUpperCase()
  const vulns = prepared(
    db,
    `SELECT v.id, v.document_id AS documentId, v.title, v.tag, v.cwe_id AS cweId, v.cwe_name AS cweName, v.cna, v.description, v.faq,
            v.mitigation, v.workaround, v.publicly_disclosed AS publiclyDisclosed, v.exploited, v.exploitability,
            v.customer_action_required AS customerActionRequired
     FROM catalog_vulnerabilities v JOIN catalog_documents d ON d.id = v.document_id
     WHERE v.cve = ? ORDER BY d.current_release_date DESC`,
  ).all(id) as VulnRow[]
  const newest = vulns[0]
  if (!newest) return null
  const kev = prepared(
    db,
    `SELECT date_added AS dateAdded, due_date AS dueDate, required_action AS requiredAction, ransomware_use AS ransomwareUse FROM catalog_kev WHERE cve = ?`,
  ).get(id) as CveDetails['kev'] | undefined
  const products = new Map<string, CveDetails['products'][number]>()
  const remediations: Array<CveDetails['remediations'][number]> = []
  for (const v of vulns) {
    for (const p of prepared(
      db,
      `SELECT vp.product_id AS productId, p.name AS productName, vp.severity, vp.impact, vp.base_score AS baseScore,
              vp.temporal_score AS temporalScore, vp.vector
       FROM catalog_vulnerability_products vp LEFT JOIN catalog_products p ON p.product_id = vp.product_id
       WHERE vp.vulnerability_id = ? ORDER BY vp.product_id`,
    ).all(v.id) as Array<CveDetails['products'][number]>) {
      if (!products.has(p.productId)) products.set(p.productId, p)
    }
    const rems = prepared(
      db,
      `SELECT r.id, r.type, r.kb, r.description, r.url, r.fixed_build AS fixedBuild, r.supersedes, r.restart_required AS restartRequired,
              r.sub_type AS subType, (SELECT group_concat(product_id, ',') FROM catalog_remediation_products WHERE remediation_id = r.id) AS productIds
       FROM catalog_remediations r WHERE r.vulnerability_id = ? ORDER BY r.id`,
    ).all(v.id) as Array<Omit<CveDetails['remediations'][number], 'productIds'> & { id: number; productIds: string | null }>
    for (const { id: _id, productIds, ...r } of rems) remediations.push({ ...r, productIds: productIds ? productIds.split(',') : [] })
  }
  return {
    cve: id,
    title: newest.title,
    tag: newest.tag,
    cweId: newest.cweId,
    cweName: newest.cweName,
    cna: newest.cna,
    description: newest.description,
    faq: newest.faq,
    mitigation: newest.mitigation,
    workaround: newest.workaround,
    publiclyDisclosed: vulns.some((v) => v.publiclyDisclosed === 1),
    exploited: vulns.some((v) => v.exploited === 1),
    exploitability: newest.exploitability,
    customerActionRequired: newest.customerActionRequired === null ? null : newest.customerActionRequired === 1,
    documents: [...new Set(vulns.map((v) => v.documentId))],
    kev: kev ?? null,
    products: [...products.values()],
    remediations,
  }
}
