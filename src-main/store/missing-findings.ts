import type { Database } from 'better-sqlite3'
import type { HostAssessment } from '../contract/schemas/assessment'

/**
 * Writes the fleet view's rows for one assessment (tables of migration 0008): which computer it
 * is of, and one row per missing update with a KB. Called in the same transaction as the
 * assessment's own row, so the fleet view never sees one without the other.
 *
 * `computer` is the reported name, else the scan target, else the file name — the same rule the
 * migration's backfill applies to older stores.
 */
export function insertMissingFindings(db: Database, assessmentId: number, computer: string, assessment: HostAssessment): void {
  db.prepare(`INSERT INTO assessed_computers (assessment_id, computer, computer_key, assessed_at) VALUES (?, ?, lower(?), ?)`).run(
    assessmentId,
    computer,
    computer,
    assessment.assessedAt,
  )
  const missing = assessment.updates.filter((update) => update.state === 'missing' && update.kb !== null)
  if (missing.length === 0) return
  const mitigations = mitigationsByKb(assessment)
  const insert = db.prepare(
    `INSERT INTO missing_findings (assessment_id, kb, product, severity, exploited, kev, release_date, cve_list_id, mitigations) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const findList = db.prepare(`SELECT id FROM missing_cve_lists WHERE cves = ?`).pluck()
  const addList = db.prepare(`INSERT INTO missing_cve_lists (cves) VALUES (?)`)
  const listIds = new Map<string, number>()
  const cveListId = (cves: string): number => {
    let id = listIds.get(cves) ?? (findList.get(cves) as number | undefined)
    id ??= Number(addList.run(cves).lastInsertRowid)
    listIds.set(cves, id)
    return id
  }
  for (const update of missing) {
    const kb = update.kb ?? ''
    insert.run(
      assessmentId,
      kb,
      update.product,
      update.severity,
      update.exploited ? 1 : 0,
      update.kev ? 1 : 0,
      update.releaseDate,
      cveListId(JSON.stringify(update.cves)),
      JSON.stringify(mitigations.get(kb) ?? []),
    )
  }
}

/** Per KB, the distinct mitigating factors found for its CVEs on this host, in document order. */
function mitigationsByKb(assessment: HostAssessment): Map<string, string[]> {
  const byKb = new Map<string, Set<string>>()
  for (const vulnerability of assessment.vulnerabilities) {
    if (vulnerability.kb === null) continue
    let texts = byKb.get(vulnerability.kb)
    if (!texts) byKb.set(vulnerability.kb, (texts = new Set()))
    for (const note of vulnerability.mitigation) texts.add(note.text)
  }
  return new Map([...byKb].map(([kb, texts]) => [kb, [...texts]]))
}
