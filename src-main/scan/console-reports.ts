import type { Database } from 'better-sqlite3'
import type { HostReport, ReportRow } from '../contract/schemas/console'
import type { HostAssessment } from '../contract/schemas/assessment'
import type { Decision } from '../contract/schemas/decisions'
import { importedChanges } from '../assess/assessment-changes'
import { CoreError } from '../errors'
import { currentDecisions } from '../store/decisions'
import { getImportedAssessment, listImportedAssessments } from '../store/imported-hosts'
import { listScannedReports } from '../store/report-list'

/**
 * "Pick a security report to view": every scanned host and every imported file, newest first.
 * Imported files are marked so a report never passes for a scan that did not happen.
 */
export function listReports(db: Database, limit = 20_000): ReportRow[] {
  const scanned: ReportRow[] = listScannedReports(db, limit).map((row) => ({
    source: 'scan',
    scanHostId: row.scanHostId,
    assessmentId: null,
    scanId: row.scanId,
    computer: row.hostName ?? row.target,
    address: row.address,
    fileName: null,
    time: row.time,
    state: row.state,
    product: row.product,
    missingUpdates: row.missingUpdates,
    missingCritical: row.missingCritical,
    unconfirmed: row.unconfirmed,
    exposedExploited: row.exposedExploited,
  }))
  const imported: ReportRow[] = listImportedAssessments(db, limit).map((row) => ({
    source: 'imported',
    scanHostId: null,
    assessmentId: row.id,
    scanId: null,
    computer: row.hostName ?? row.fileName,
    address: null,
    fileName: row.fileName,
    time: row.assessedAt,
    state: null,
    product: row.product,
    missingUpdates: row.missingUpdates,
    missingCritical: row.missingCritical,
    unconfirmed: row.unconfirmed,
    exposedExploited: row.exposedExploited,
  }))
  return [...scanned, ...imported].sort((a, b) => b.time.localeCompare(a.time)).slice(0, limit)
}

/** The report of an imported file's assessment. */
export function importedHostReport(db: Database, assessmentId: number, now: Date): HostReport {
  const found = getImportedAssessment(db, assessmentId)
  if (!found) throw new CoreError('not-found', `No imported assessment ${assessmentId}.`)
  return {
    source: 'imported',
    computer: found.assessment.host.name ?? found.fileName,
    address: null,
    fileName: found.fileName,
    scanLabel: null,
    scannedAt: found.assessedAt,
    transport: null,
    state: null,
    error: null,
    catalogAsOf: found.assessment.catalog.asOf,
    assessment: found.assessment,
    decisions: decisionsFor(db, found.assessment, now),
    changes: importedChanges(db, assessmentId),
  }
}

/** The decisions in force on a report's missing updates, so Reports shows what Assess decided. */
export function decisionsFor(db: Database, assessment: HostAssessment | null, now: Date): Decision[] {
  if (!assessment) return []
  const current = currentDecisions(db, now)
  const kbs = new Set(assessment.updates.filter((u) => u.state === 'missing' && u.kb).map((u) => u.kb ?? ''))
  return [...kbs].flatMap((kb) => current.get(kb) ?? [])
}
