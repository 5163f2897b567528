import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { listAffectedComputers, listMissingUpdates } from '../../../../../src-main/assess/missing-across-fleet'
import { insertAssessment } from '../../../../../src-main/store/assessments'
import { migrate } from '../../../../../src-main/store/migrate'
import { MIGRATIONS } from '../../../../../src-main/store/migrations/index'
import { affectedComputersFromDocuments, insertAssessmentRowOnly, missingUpdatesFromDocuments } from '../../../../helpers/fleet-from-documents'
import { seedFleet } from '../../../../helpers/fleet-seed'

const NOW = new Date('2026-07-10T00:00:00Z')

function memoryStore(version?: number): BetterSqlite3.Database {
  const db = new BetterSqlite3(':memory:')
  db.pragma('foreign_keys = ON')
  migrate(db, MIGRATIONS, version)
  return db
}

const rows = (db: BetterSqlite3.Database, table: string) => db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2`).all()
/** The findings with their CVE lists as text (list ids depend on the order lists were first seen). */
const findings = (db: BetterSqlite3.Database) =>
  db.prepare(`SELECT f.*, l.cves FROM missing_findings f JOIN missing_cve_lists l ON l.id = f.cve_list_id ORDER BY f.assessment_id, f.id`).all().map((row) => ({ ...(row as object), id: undefined, cve_list_id: undefined }))

/** Every answer of the fleet view from the stored documents: the list, and each KB's computers. */
function answersFromDocuments(db: BetterSqlite3.Database) {
  const updates = missingUpdatesFromDocuments(db, NOW)
  return { updates, affected: Object.fromEntries(updates.map((u) => [u.kb, affectedComputersFromDocuments(db, u.kb)])) }
}

function answersFromTables(db: BetterSqlite3.Database) {
  const updates = listMissingUpdates(db, NOW)
  return { updates, affected: Object.fromEntries(updates.map((u) => [u.kb, listAffectedComputers(db, u.kb)])) }
}

describe('migration 0008: the fleet view’s missing findings', () => {
  it('fills a store written with the old schema from its real assessments, giving the same answers as before', async () => {
    const db = memoryStore(7)
    await seedFleet(db, insertAssessmentRowOnly)
    const before = answersFromDocuments(db)
    // Real data with what the view must get right: several KBs, computers on several, mitigations.
    expect(before.updates.length).toBeGreaterThan(5)
    expect(before.updates.some((u) => u.computers > 1)).toBe(true)
    expect(Object.values(before.affected).flat().some((c) => c.mitigations.length > 0)).toBe(true)
    expect(Object.values(before.affected).flat().some((c) => c.source === 'imported')).toBe(true)

    expect(migrate(db)).toBe(MIGRATIONS.length)
    expect(answersFromTables(db)).toEqual(before)
    // The documents still give the same answers: the migration changed no assessment.
    expect(answersFromDocuments(db)).toEqual(before)

    // The same assessments written by today's writer give the very same rows.
    const fresh = memoryStore()
    await seedFleet(fresh, insertAssessment)
    expect(rows(fresh, 'assessed_computers')).toEqual(rows(db, 'assessed_computers'))
    expect(findings(fresh)).toEqual(findings(db))
    expect(findings(db).length).toBeGreaterThan(before.updates.length)
    expect(answersFromTables(fresh)).toEqual(before)
    db.close()
    fresh.close()
  }, 120_000)

  it('takes the newest assessment of each computer, forgets a deleted scan’s, and walks its indexes', async () => {
    const db = memoryStore()
    await seedFleet(db, insertAssessment)
    // Five scanned hosts (two assessments each), four imported files, one rescan under a capitalised name.
    expect(db.prepare(`SELECT COUNT(*) FROM assessed_computers`).pluck().get()).toBe(15)
    expect(listMissingUpdates(db, NOW).map((u) => u.computers).reduce((a, b) => a + b, 0)).toBe(
      (db.prepare(`SELECT COUNT(DISTINCT assessment_id || kb) FROM missing_findings WHERE assessment_id IN (SELECT MAX(assessment_id) FROM assessed_computers GROUP BY computer_key)`).pluck().get() as number),
    )

    // Deleting the rescan brings back the computer's previous assessment, as the documents do.
    db.prepare(`DELETE FROM scans WHERE id = 'fleet-rescan'`).run()
    expect(answersFromTables(db)).toEqual(answersFromDocuments(db))
    expect(db.prepare(`SELECT COUNT(*) FROM missing_findings WHERE assessment_id NOT IN (SELECT id FROM assessments)`).pluck().get()).toBe(0)

    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as Array<{ detail: string }>).map((row) => row.detail).join(' | ')
    expect(plan(`SELECT assessment_id FROM assessed_computers ORDER BY computer_key, assessed_at DESC, assessment_id DESC`)).toContain('assessed_computers_newest')
    expect(plan(`SELECT * FROM missing_findings WHERE kb = 'KB5046633'`)).toContain('missing_findings_kb')
    expect(plan(`SELECT * FROM missing_findings WHERE assessment_id = 1`)).toContain('missing_findings_assessment')
    expect(plan(`SELECT kb FROM missing_findings WHERE severity = 'Critical'`)).toContain('missing_findings_severity')
    expect(plan(`SELECT kb FROM missing_findings WHERE exploited = 1`)).toContain('missing_findings_exploited')
    expect(plan(`SELECT kb FROM missing_findings WHERE kev = 1`)).toContain('missing_findings_kev')
    expect(plan(`SELECT kb FROM missing_findings WHERE release_date < '2025-01-01'`)).toContain('missing_findings_release_date')
    db.close()
  }, 120_000)
})
