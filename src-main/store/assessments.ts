import { createHash } from 'node:crypto'
import type { Database } from 'better-sqlite3'
import { HostAssessment } from '../contract/schemas/assessment'
import type { HostInventory } from '../contract/schemas/inventory'
import { insertMissingFindings } from './missing-findings'

/** Where an assessed host came from: a scanned host, or an imported file with its inventory. */
export type AssessedHost = { readonly scanHostId: number } | { readonly fileName: string; readonly inventory: HostInventory }

/**
 * The catalog's version: a digest of every held document id and revision. Two assessments made
 * with the same version saw the same data.
 */
export function catalogVersion(db: Database): string {
  const rows = db.prepare(`SELECT id, revision, current_release_date FROM catalog_documents ORDER BY id`).all() as Array<{ id: string; revision: string | null; current_release_date: string }>
  const hash = createHash('sha256')
  for (const row of rows) hash.update(`${row.id}\u0000${row.revision ?? ''}\u0000${row.current_release_date}\n`)
  return `${rows.length}:${hash.digest('hex').slice(0, 16)}`
}

/**
 * Keeps one assessment with its fleet-view rows (missing findings, computer), in one transaction;
 * returns its id.
 */
export function insertAssessment(db: Database, host: AssessedHost, assessment: HostAssessment, version: string): number {
  const write = () => {
    const id = insertAssessmentRow(db, host, assessment, version)
    insertMissingFindings(db, id, computerOf(db, host, assessment), assessment)
    return id
  }
  // Inside a caller's transaction, no savepoint: SQLite would copy every page this touches to a
  // sub-journal (a bulk import of 2,000 assessments paid seconds for it).
  return db.inTransaction ? write() : db.transaction(write)()
}

/** The computer an assessment is of: its reported name, else the scan target, else the file name. */
function computerOf(db: Database, host: AssessedHost, assessment: HostAssessment): string {
  if (assessment.host.name !== null) return assessment.host.name
  if ('fileName' in host) return host.fileName
  return (db.prepare(`SELECT target FROM scan_hosts WHERE id = ?`).pluck().get(host.scanHostId) as string | undefined) ?? ''
}

/** The assessments row alone, without its missing findings (insertAssessment adds those); also how a store before migration 0008 was written. */
export function insertAssessmentRow(db: Database, host: AssessedHost, assessment: HostAssessment, version: string): number {
  const info = db
    .prepare(
      `INSERT INTO assessments (scan_host_id, file_name, inventory, host_name, product, build, catalog_as_of, catalog_version, assessed_at,
                                missing_updates, missing_critical, exposed_exploited, document)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      'scanHostId' in host ? host.scanHostId : null,
      'fileName' in host ? host.fileName : null,
      'inventory' in host ? JSON.stringify(host.inventory) : null,
      assessment.host.name,
      assessment.host.product,
      assessment.host.build,
      assessment.catalog.asOf,
      version,
      assessment.assessedAt,
      assessment.summary.missingUpdates,
      assessment.summary.missingCritical,
      assessment.summary.exposedExploited,
      JSON.stringify(assessment),
    )
  return Number(info.lastInsertRowid)
}

/** The newest assessment of a scanned host, or null. */
export function latestAssessmentOfScanHost(db: Database, scanHostId: number): HostAssessment | null {
  const text = db.prepare(`SELECT document FROM assessments WHERE scan_host_id = ? ORDER BY assessed_at DESC, id DESC LIMIT 1`).pluck().get(scanHostId) as string | undefined
  return text ? HostAssessment.parse(JSON.parse(text)) : null
}

/** Every assessment of a scanned host, newest first, with the catalog version each used. */
export function assessmentHistoryOfScanHost(db: Database, scanHostId: number): Array<{ id: number; catalogVersion: string; assessedAt: string }> {
  return db
    .prepare(`SELECT id, catalog_version AS catalogVersion, assessed_at AS assessedAt FROM assessments WHERE scan_host_id = ? ORDER BY assessed_at DESC, id DESC`)
    .all(scanHostId) as Array<{ id: number; catalogVersion: string; assessedAt: string }>
}
