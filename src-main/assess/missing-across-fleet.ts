import type { Database } from 'better-sqlite3'
import type { Severity } from '../contract/schemas/assessment'
import type { AffectedComputer, MissingUpdate } from '../contract/schemas/decisions'
import { currentDecisions } from '../store/decisions'

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { Critical: 4, Important: 3, Moderate: 2, Low: 1 }
const DAY_MS = 86_400_000
const SEVERITY_BY_RANK: Readonly<Record<number, Severity>> = { 4: 'Critical', 3: 'Important', 2: 'Moderate', 1: 'Low' }

/**
 * The newest assessment of every computer (scanned or imported), from the fleet-view tables of
 * migration 0008: a walk of the `assessed_computers_newest` index, no stored document is read.
 * A computer is its reported name, else its target or file name, case-insensitively.
 */
const LATEST = `
  latest AS MATERIALIZED (
    SELECT assessment_id AS id, computer FROM (
      SELECT assessment_id, computer,
             ROW_NUMBER() OVER (PARTITION BY computer_key ORDER BY assessed_at DESC, assessment_id DESC) AS rn
        FROM assessed_computers)
    WHERE rn = 1)`

interface KbRow {
  kb: string
  computers: number
  /** JSON array of the distinct non-empty products. */
  products: string
  worstRank: number | null
  exploited: number
  kev: number
  releaseDate: string | null
  /** JSON array of the ids of the distinct CVE lists (missing_cve_lists) found for this KB. */
  cveLists: string
}

/**
 * Every missing update across the newest assessment of every computer, one entry per KB with
 * how many computers it affects, its worst severity, exploited / KEV, age and the decision in
 * force. Worst first: KEV, then exploited, then severity, then reach.
 */
export function listMissingUpdates(db: Database, now: Date): MissingUpdate[] {
  // One row per KB, aggregated in SQLite from the covering index missing_findings_kb; CVE lists
  // are distinct ids (every computer missing a KB mostly lists the same CVEs), so JavaScript
  // parses each list once, not once per computer.
  const rows = db
    .prepare(
      `WITH ${LATEST}
       SELECT f.kb, COUNT(DISTINCT f.assessment_id) AS computers,
              json_group_array(DISTINCT f.product) FILTER (WHERE f.product <> '') AS products,
              MAX(CASE f.severity WHEN 'Critical' THEN 4 WHEN 'Important' THEN 3 WHEN 'Moderate' THEN 2 WHEN 'Low' THEN 1 END) AS worstRank,
              MAX(f.exploited) AS exploited, MAX(f.kev) AS kev,
              MIN(NULLIF(f.release_date, '')) AS releaseDate,
              json_group_array(DISTINCT f.cve_list_id) AS cveLists
         FROM latest l JOIN missing_findings f ON f.assessment_id = l.id
        GROUP BY f.kb`,
    )
    .all() as KbRow[]
  const cveLists = cveListsOf(db, rows.flatMap((row) => JSON.parse(row.cveLists) as number[]))
  const decisions = currentDecisions(db, now)
  const updates = rows.map((row): MissingUpdate => {
    const cves = new Set<string>()
    for (const id of JSON.parse(row.cveLists) as number[]) for (const cve of cveLists.get(id) ?? []) cves.add(cve)
    const released = row.releaseDate ? Date.parse(row.releaseDate) : Number.NaN
    return {
      kb: row.kb,
      products: (JSON.parse(row.products) as string[]).sort(),
      computers: row.computers,
      worstSeverity: row.worstRank === null ? null : (SEVERITY_BY_RANK[row.worstRank] ?? null),
      exploited: row.exploited === 1,
      kev: row.kev === 1,
      cves: cves.size,
      releaseDate: row.releaseDate,
      ageDays: Number.isNaN(released) ? null : Math.max(0, Math.floor((now.getTime() - released) / DAY_MS)),
      decision: decisions.get(row.kb) ?? null,
    }
  })
  const rank = (u: MissingUpdate) => (u.kev ? 1e9 : 0) + (u.exploited ? 1e8 : 0) + (u.worstSeverity ? SEVERITY_RANK[u.worstSeverity] * 1e7 : 0) + u.computers
  return updates.sort((a, b) => rank(b) - rank(a) || a.kb.localeCompare(b.kb))
}

/** The CVE lists with these ids, parsed. */
function cveListsOf(db: Database, ids: number[]): Map<number, string[]> {
  const rows = db.prepare(`SELECT id, cves FROM missing_cve_lists WHERE id IN (SELECT value FROM json_each(?))`).all(JSON.stringify([...new Set(ids)])) as Array<{ id: number; cves: string }>
  return new Map(rows.map((row) => [row.id, JSON.parse(row.cves) as string[]]))
}

/** The computers one KB is missing on (newest assessment of each), with the mitigating factors found on each. */
export function listAffectedComputers(db: Database, kb: string): AffectedComputer[] {
  const rows = db
    .prepare(
      `WITH ${LATEST}
       SELECT l.id, l.computer, a.scan_host_id AS scanHostId, a.assessed_at AS assessedAt, MIN(f.product) AS product, MIN(f.mitigations) AS mitigations
         FROM missing_findings f JOIN latest l ON l.id = f.assessment_id JOIN assessments a ON a.id = l.id
        WHERE f.kb = @kb
        GROUP BY l.id
        ORDER BY lower(l.computer)`,
    )
    .all({ kb }) as Array<{ id: number; computer: string; scanHostId: number | null; assessedAt: string; product: string | null; mitigations: string }>
  return rows.map((row) => ({
    computer: row.computer,
    source: row.scanHostId === null ? 'imported' : 'scan',
    scanHostId: row.scanHostId,
    assessmentId: row.id,
    product: row.product,
    assessedAt: row.assessedAt,
    mitigations: JSON.parse(row.mitigations) as string[],
  }))
}
