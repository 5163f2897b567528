import type { Database } from 'better-sqlite3'
import { HostAssessment } from '../contract/schemas/assessment'

/** An assessment as kept, with when it was made. */
export interface KeptAssessment {
  readonly id: number
  readonly assessedAt: string
  readonly assessment: HostAssessment
}

/** A host's newest assessment and the one before it (null when it was assessed once). */
export interface AssessmentPair {
  readonly newest: KeptAssessment
  readonly previous: KeptAssessment | null
}

interface Row {
  id: number
  assessedAt: string
  document: string
}

const kept = (row: Row): KeptAssessment => ({ id: row.id, assessedAt: row.assessedAt, assessment: HostAssessment.parse(JSON.parse(row.document)) })

/** A scanned host's two newest assessments (its stored inventory judged by two catalogs), or null. */
export function scanHostAssessmentPair(db: Database, scanHostId: number): AssessmentPair | null {
  const rows = db
    .prepare(`SELECT id, assessed_at AS assessedAt, document FROM assessments WHERE scan_host_id = ? ORDER BY assessed_at DESC, id DESC LIMIT 2`)
    .all(scanHostId) as Row[]
  const [newest, previous] = rows
  return newest ? { newest: kept(newest), previous: previous ? kept(previous) : null } : null
}

/**
 * An imported assessment and the one before it of the same capture. Imports are not re-assessed
 * in place: importing the same file again after a catalog update adds a row, so "the same source"
 * is the same file name with the same parsed inventory (apart from when it was parsed). A newer capture of the computer (another
 * inventory) is a new source, as a new scan is, and is not compared.
 */
export function importedAssessmentPair(db: Database, assessmentId: number): AssessmentPair | null {
  const newest = db.prepare(`SELECT id, assessed_at AS assessedAt, document FROM assessments WHERE id = ? AND scan_host_id IS NULL`).get(assessmentId) as Row | undefined
  if (!newest) return null
  const previous = db
    .prepare(
      `SELECT b.id, b.assessed_at AS assessedAt, b.document
         FROM assessments a
         JOIN assessments b ON b.scan_host_id IS NULL AND b.file_name = a.file_name AND json_remove(b.inventory, '$.provenance.parsedAt') = json_remove(a.inventory, '$.provenance.parsedAt')
                           AND (b.assessed_at < a.assessed_at OR (b.assessed_at = a.assessed_at AND b.id < a.id))
        WHERE a.id = ?
        ORDER BY b.assessed_at DESC, b.id DESC LIMIT 1`,
    )
    .get(assessmentId) as Row | undefined
  return { newest: kept(newest), previous: previous ? kept(previous) : null }
}
