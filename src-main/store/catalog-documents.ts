import type { Database, Statement } from 'better-sqlite3'
import type { CatalogDocument, CatalogDocumentHeader } from '../catalog/model'
import { buildKey, compareRevisions, normaliseProductName, supersededKbs } from '../catalog/normalise'

/** The version of a document the store holds. */
export interface StoredRevision {
  readonly id: string
  readonly currentReleaseDate: string
  readonly revision: string | null
}

/** What writing a document did: stored as new, replaced an older revision, or skipped as not newer. */
export type WriteOutcome = { readonly outcome: 'imported' | 'replaced' } | { readonly outcome: 'skipped'; readonly held: StoredRevision }

interface Ranges {
  fv: number | null
  lv: number | null
  fr: number | null
  lr: number | null
}

interface Statements {
  readonly getRevision: Statement<[string], StoredRevision>
  readonly getRanges: Statement<[string], Ranges>
  readonly deleteRemediationRows: ReadonlyArray<Statement<[number, number]>>
  readonly deleteVulnerabilityRows: ReadonlyArray<Statement<[number, number]>>
  readonly deleteDocument: Statement<[string]>
  readonly setRanges: Statement<unknown[]>
  readonly insertDocument: Statement<unknown[]>
  readonly upsertProduct: Statement<unknown[]>
  readonly insertVulnerability: Statement<unknown[]>
  readonly insertVulnerabilityProduct: Statement<unknown[]>
  readonly insertRemediation: Statement<unknown[]>
  readonly insertRemediationProduct: Statement<unknown[]>
  readonly insertSupersedence: Statement<unknown[]>
}

const cache = new WeakMap<Database, Statements>()

function statements(db: Database): Statements {
  let found = cache.get(db)
  if (found) return found
  found = {
    getRevision: db.prepare(
      `SELECT id, current_release_date AS currentReleaseDate, revision FROM catalog_documents WHERE id = ?`,
    ) as Statement<[string], StoredRevision>,
    // Children first: the foreign keys point upwards. Ranges come from the document row.
    getRanges: db.prepare(
      `SELECT first_vulnerability_id AS fv, last_vulnerability_id AS lv, first_remediation_id AS fr, last_remediation_id AS lr
       FROM catalog_documents WHERE id = ?`,
    ) as Statement<[string], Ranges>,
    deleteRemediationRows: [
      'DELETE FROM catalog_supersedence WHERE remediation_id BETWEEN ? AND ?',
      'DELETE FROM catalog_remediation_products WHERE remediation_id BETWEEN ? AND ?',
      'DELETE FROM catalog_remediations WHERE id BETWEEN ? AND ?',
    ].map((sql) => db.prepare(sql) as Statement<[number, number]>),
    deleteVulnerabilityRows: [
      'DELETE FROM catalog_vulnerability_products WHERE vulnerability_id BETWEEN ? AND ?',
      'DELETE FROM catalog_vulnerabilities WHERE id BETWEEN ? AND ?',
    ].map((sql) => db.prepare(sql) as Statement<[number, number]>),
    deleteDocument: db.prepare(`DELETE FROM catalog_documents WHERE id = ?`) as Statement<[string]>,
    setRanges: db.prepare(
      `UPDATE catalog_documents SET first_vulnerability_id = ?, last_vulnerability_id = ?, first_remediation_id = ?, last_remediation_id = ? WHERE id = ?`,
    ),
    insertDocument: db.prepare(
      `INSERT INTO catalog_documents (id, alias, title, document_type, initial_release_date, current_release_date, revision, imported_at, source)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    upsertProduct: db.prepare(
      `INSERT INTO catalog_products (product_id, name, normalised_name, family, cpe) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (product_id) DO UPDATE SET name = excluded.name, normalised_name = excluded.normalised_name,
         family = coalesce(excluded.family, family), cpe = coalesce(excluded.cpe, cpe)
       WHERE name <> excluded.name OR family IS NOT excluded.family OR cpe IS NOT excluded.cpe`,
    ),
    insertVulnerability: db.prepare(
      `INSERT INTO catalog_vulnerabilities (document_id, cve, title, ordinal, tag, cwe_id, cwe_name, cna, publicly_disclosed, exploited,
         exploitability, exploit_status, customer_action_required, description, faq, mitigation, workaround)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertVulnerabilityProduct: db.prepare(
      `INSERT OR IGNORE INTO catalog_vulnerability_products (vulnerability_id, product_id, severity, impact, base_score, temporal_score, vector)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertRemediation: db.prepare(
      `INSERT INTO catalog_remediations (vulnerability_id, type, kb, description, url, fixed_build, build_key, supersedes, restart_required, sub_type)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertRemediationProduct: db.prepare(
      `INSERT OR IGNORE INTO catalog_remediation_products (remediation_id, product_id) VALUES (?, ?)`,
    ),
    insertSupersedence: db.prepare(
      `INSERT OR IGNORE INTO catalog_supersedence (remediation_id, superseded_kb) VALUES (?, ?)`,
    ),
  }
  cache.set(db, found)
  return found
}

function deleteDocumentRows(s: Statements, id: string): void {
  const ranges = s.getRanges.get(id)
  if (ranges && ranges.fr !== null && ranges.lr !== null) for (const statement of s.deleteRemediationRows) statement.run(ranges.fr, ranges.lr)
  if (ranges && ranges.fv !== null && ranges.lv !== null) for (const statement of s.deleteVulnerabilityRows) statement.run(ranges.fv, ranges.lv)
  s.deleteDocument.run(id)
}

/** The revision of document `id` held in the store, or null. */
export function storedRevision(db: Database, id: string): StoredRevision | null {
  return statements(db).getRevision.get(id) ?? null
}

/** True when `header` is newer than what the store holds (or the store holds nothing of it). */
export function isNewer(db: Database, header: CatalogDocumentHeader): boolean {
  const held = storedRevision(db, header.id)
  return !held || compareRevisions(header, held) > 0
}

const bool = (value: boolean | null): number | null => (value === null ? null : value ? 1 : 0)

/**
 * Stores one document in one transaction: a newer revision replaces every row of the held one;
 * the same or an older revision is skipped and nothing changes.
 */
export function writeDocument(db: Database, document: CatalogDocument, source: string, importedAt: string): WriteOutcome {
  const s = statements(db)
  const { header } = document
  const run = db.transaction((): WriteOutcome => {
    const held = storedRevision(db, header.id)
    if (held && compareRevisions(header, held) <= 0) return { outcome: 'skipped', held }
    if (held) deleteDocumentRows(s, header.id)
    s.insertDocument.run(
      header.id,
      header.alias,
      header.title,
      header.documentType,
      header.initialReleaseDate,
      header.currentReleaseDate,
      header.revision,
      importedAt,
      source,
    )
    for (const product of document.products) {
      s.upsertProduct.run(product.productId, product.name, normaliseProductName(product.name), product.family, product.cpe)
    }
    let firstVulnerability: number | null = null
    let lastVulnerability: number | null = null
    let firstRemediation: number | null = null
    let lastRemediation: number | null = null
    for (const v of document.vulnerabilities) {
      const vulnerabilityId = s.insertVulnerability.run(
        header.id,
        v.cve,
        v.title,
        v.ordinal,
        v.tag,
        v.cweId,
        v.cweName,
        v.cna,
        bool(v.publiclyDisclosed),
        bool(v.exploited),
        v.exploitability,
        v.exploitStatus,
        bool(v.customerActionRequired),
        v.description,
        v.faq,
        v.mitigation,
        v.workaround,
      ).lastInsertRowid
      firstVulnerability ??= Number(vulnerabilityId)
      lastVulnerability = Number(vulnerabilityId)
      for (const p of v.products) {
        s.insertVulnerabilityProduct.run(vulnerabilityId, p.productId, p.severity, p.impact, p.baseScore, p.temporalScore, p.vector)
      }
      for (const r of v.remediations) {
        const remediationId = s.insertRemediation.run(
          vulnerabilityId,
          r.type,
          r.kb,
          r.description,
          r.url,
          r.fixedBuild,
          buildKey(r.fixedBuild),
          r.supersedes,
          r.restartRequired,
          r.subType,
        ).lastInsertRowid
        for (const productId of r.productIds) s.insertRemediationProduct.run(remediationId, productId)
        if (r.type === 'Vendor Fix') for (const kb of supersededKbs(r.supersedes)) s.insertSupersedence.run(remediationId, kb)
        firstRemediation ??= Number(remediationId)
        lastRemediation = Number(remediationId)
      }
    }
    s.setRanges.run(firstVulnerability, lastVulnerability, firstRemediation, lastRemediation, header.id)
    return { outcome: held ? 'replaced' : 'imported' }
  })
  return run()
}

/** Upserts products outside any document (a bundle carries them once for all its documents). */
export function upsertProducts(db: Database, products: readonly CatalogDocument['products'][number][]): void {
  const s = statements(db)
  db.transaction(() => {
    for (const p of products) s.upsertProduct.run(p.productId, p.name, normaliseProductName(p.name), p.family, p.cpe)
  })()
}
