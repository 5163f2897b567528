import type { Database } from 'better-sqlite3'
import type { CatalogStatus } from '../contract/schemas/catalog'
import { databaseBytes } from '../store/database'
import { kevStatus, meta } from './kev'

/** What the catalog holds, from a few indexed counts (milliseconds even on the whole catalog). */
export function catalogStatus(db: Database, dbPath: string): CatalogStatus {
  const count = (sql: string): number => (db.prepare(sql).get() as { n: number }).n
  const newest = db
    .prepare(`SELECT id, current_release_date AS date FROM catalog_documents ORDER BY current_release_date DESC, id DESC LIMIT 1`)
    .get() as { id: string; date: string } | undefined
  const kev = kevStatus(db)
  return {
    documents: count(`SELECT count(*) AS n FROM catalog_documents`),
    newestDocument: newest?.id ?? null,
    vulnerabilities: count(`SELECT count(DISTINCT cve) AS n FROM catalog_vulnerabilities`),
    products: count(`SELECT count(*) AS n FROM catalog_products`),
    remediations: count(`SELECT count(*) AS n FROM catalog_remediations`),
    exploited: count(`SELECT count(DISTINCT cve) AS n FROM catalog_vulnerabilities WHERE exploited = 1`),
    kev: kev ? { count: kev.count, asOf: kev.asOf } : null,
    dbBytes: databaseBytes(dbPath),
    asOf: newest?.date ?? null,
    lastSync: meta(db, 'sync.last'),
    lastError: meta(db, 'sync.lastError'),
  }
}
