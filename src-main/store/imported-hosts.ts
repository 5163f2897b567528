import type { Database } from 'better-sqlite3'
import { HostAssessment } from '../contract/schemas/assessment'

/** An imported file's assessment as the report list shows it. */
export interface ImportedAssessmentRow {
  readonly id: number
  readonly fileName: string
  readonly hostName: string | null
  readonly product: string | null
  readonly build: string | null
  readonly assessedAt: string
  readonly missingUpdates: number
  readonly missingCritical: number
  readonly unconfirmed: number
  readonly exposedExploited: number
}

/**
 * Assessments of imported files (systeminfo, wmic qfe, inventory JSON), newest first. Each import
 * is its own row: importing a newer capture of the same computer adds one, as a new scan would.
 */
export function listImportedAssessments(db: Database, limit = 5000): ImportedAssessmentRow[] {
  return db
    .prepare(
      `SELECT id, file_name AS fileName, host_name AS hostName, product, build, assessed_at AS assessedAt,
              missing_updates AS missingUpdates, missing_critical AS missingCritical,
              COALESCE(json_extract(document, '$.summary.unconfirmed'), 0) AS unconfirmed, exposed_exploited AS exposedExploited
         FROM assessments WHERE scan_host_id IS NULL ORDER BY assessed_at DESC, id DESC LIMIT ?`,
    )
    .all(limit) as ImportedAssessmentRow[]
}

/** One imported file's assessment with its file name, or null. */
export function getImportedAssessment(db: Database, id: number): { fileName: string; assessedAt: string; assessment: HostAssessment } | null {
  const row = db.prepare(`SELECT file_name AS fileName, assessed_at AS assessedAt, document FROM assessments WHERE id = ? AND scan_host_id IS NULL`).get(id) as
    | { fileName: string; assessedAt: string; document: string }
    | undefined
  return row ? { fileName: row.fileName, assessedAt: row.assessedAt, assessment: HostAssessment.parse(JSON.parse(row.document)) } : null
}
