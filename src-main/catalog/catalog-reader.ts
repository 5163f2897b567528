import type { Database } from 'better-sqlite3'
import type { CatalogDocument, CatalogDocumentHeader, CatalogProduct, CatalogRemediation, CatalogVulnerability, CatalogVulnerabilityProduct } from './model'

/**
 * Reads stored documents back into the normalised form the parsers produce: what a bundle
 * carries, so a bundle imported elsewhere yields the very same rows.
 */

/** Every held document's header, oldest first. */
export function storedHeaders(db: Database): CatalogDocumentHeader[] {
  return db
    .prepare(
      `SELECT id, alias, title, document_type AS documentType, initial_release_date AS initialReleaseDate,
              current_release_date AS currentReleaseDate, revision
       FROM catalog_documents ORDER BY current_release_date, id`,
    )
    .all() as CatalogDocumentHeader[]
}

/** Every product, by ProductID. */
export function storedProducts(db: Database): CatalogProduct[] {
  return db.prepare(`SELECT product_id AS productId, name, family, cpe FROM catalog_products ORDER BY product_id`).all() as CatalogProduct[]
}

interface VulnerabilityRow {
  id: number
  cve: string
  title: string | null
  ordinal: number | null
  tag: string | null
  cna: string | null
  cweId: string | null
  cweName: string | null
  description: string | null
  faq: string | null
  mitigation: string | null
  workaround: string | null
  customerActionRequired: number | null
  publiclyDisclosed: number | null
  exploited: number | null
  exploitability: string | null
  exploitStatus: string | null
}

const flag = (value: number | null): boolean | null => (value === null ? null : value === 1)

/** One stored document, whole (products are exported once for all documents, so left empty). */
export function storedDocument(db: Database, header: CatalogDocumentHeader): CatalogDocument {
  const id = header.id
  const vulns = db
    .prepare(
      `SELECT id, cve, title, ordinal, tag, cna, cwe_id AS cweId, cwe_name AS cweName, description, faq, mitigation, workaround,
              customer_action_required AS customerActionRequired, publicly_disclosed AS publiclyDisclosed, exploited,
              exploitability, exploit_status AS exploitStatus
       FROM catalog_vulnerabilities WHERE document_id = ? ORDER BY id`,
    )
    .all(id) as VulnerabilityRow[]
  const byId = new Map<number, CatalogVulnerability>()
  const vulnerabilities: CatalogVulnerability[] = vulns.map((row) => {
    const v: CatalogVulnerability = {
      cve: row.cve,
      title: row.title,
      ordinal: row.ordinal,
      tag: row.tag,
      cna: row.cna,
      cweId: row.cweId,
      cweName: row.cweName,
      description: row.description,
      faq: row.faq,
      mitigation: row.mitigation,
      workaround: row.workaround,
      customerActionRequired: flag(row.customerActionRequired),
      publiclyDisclosed: flag(row.publiclyDisclosed),
      exploited: flag(row.exploited),
      exploitability: row.exploitability,
      exploitStatus: row.exploitStatus,
      products: [],
      remediations: [],
    }
    byId.set(row.id, v)
    return v
  })
  const products = db
    .prepare(
      `SELECT vulnerability_id AS vulnerabilityId, product_id AS productId, severity, impact, base_score AS baseScore,
              temporal_score AS temporalScore, vector
       FROM catalog_vulnerability_products
       WHERE vulnerability_id IN (SELECT id FROM catalog_vulnerabilities WHERE document_id = ?)`,
    )
    .all(id) as Array<CatalogVulnerabilityProduct & { vulnerabilityId: number }>
  for (const { vulnerabilityId, ...p } of products) byId.get(vulnerabilityId)?.products.push(p)

  const remediationProducts = new Map<number, string[]>()
  for (const row of db
    .prepare(
      `SELECT remediation_id AS r, product_id AS p FROM catalog_remediation_products
       WHERE remediation_id IN (SELECT r.id FROM catalog_remediations r JOIN catalog_vulnerabilities v ON v.id = r.vulnerability_id WHERE v.document_id = ?)`,
    )
    .all(id) as Array<{
    r: number
    p: string
  }>) {
    let list = remediationProducts.get(row.r)
    if (!list) remediationProducts.set(row.r, (list = []))
    list.push(row.p)
  }
  const remediations = db
    .prepare(
      `SELECT id, vulnerability_id AS vulnerabilityId, type, description, kb, url, fixed_build AS fixedBuild, supersedes,
              restart_required AS restartRequired, sub_type AS subType
       FROM catalog_remediations
       WHERE vulnerability_id IN (SELECT id FROM catalog_vulnerabilities WHERE document_id = ?) ORDER BY id`,
    )
    .all(id) as Array<Omit<CatalogRemediation, 'productIds'> & { id: number; vulnerabilityId: number }>
  for (const { id: remediationId, vulnerabilityId, ...r } of remediations) {
    byId.get(vulnerabilityId)?.remediations.push({ ...r, productIds: remediationProducts.get(remediationId) ?? [] })
  }
  return { header, products: [], vulnerabilities }
}
