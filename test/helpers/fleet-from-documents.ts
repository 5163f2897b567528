import type { Database } from 'better-sqlite3'
import type { HostAssessment, Severity } from '../../src-main/contract/schemas/assessment'
import { insertAssessmentRow, type AssessedHost } from '../../src-main/store/assessments'

// The fleet view as it was before migration 0008, kept as the reference the new tables must
// match: the same SQL over the stored assessment documents (json_each), the same aggregation.
// Also the old writer, which stored the assessment row only.

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { Critical: 4, Important: 3, Moderate: 2, Low: 1 }
const DAY_MS = 86_400_000

const LATEST = `
  latest AS (
    SELECT id, computer FROM (
      SELECT a.id, COALESCE(a.host_name, h.target, a.file_name) AS computer,
             ROW_NUMBER() OVER (PARTITION BY lower(COALESCE(a.host_name, h.target, a.file_name)) ORDER BY a.assessed_at DESC, a.id DESC) AS rn
        FROM assessments a LEFT JOIN scan_hosts h ON h.id = a.scan_host_id)
    WHERE rn = 1)`

/** The missing updates across the fleet, computed from the documents (decisions left out: null). */
export function missingUpdatesFromDocuments(db: Database, now: Date) {
  const rows = db
    .prepare(
      `WITH ${LATEST}
       SELECT a.id, u.value ->> '$.kb' AS kb, u.value ->> '$.product' AS product, u.value ->> '$.severity' AS severity,
              u.value ->> '$.exploited' AS exploited, u.value ->> '$.kev' AS kev, u.value ->> '$.releaseDate' AS releaseDate, u.value ->> '$.cves' AS cves
         FROM latest l JOIN assessments a ON a.id = l.id, json_each(a.document, '$.updates') u
        WHERE u.value ->> '$.state' = 'missing' AND u.value ->> '$.kb' IS NOT NULL`,
    )
    .all() as Array<{ id: number; kb: string; product: string | null; severity: Severity | null; exploited: number; kev: number; releaseDate: string | null; cves: string }>
  const byKb = new Map<string, { kb: string; worstSeverity: Severity | null; exploited: boolean; kev: boolean; releaseDate: string | null; products: Set<string>; cves: Set<string>; hosts: Set<number> }>()
  for (const row of rows) {
    let acc = byKb.get(row.kb)
    if (!acc) byKb.set(row.kb, (acc = { kb: row.kb, worstSeverity: null, exploited: false, kev: false, releaseDate: null, products: new Set(), cves: new Set(), hosts: new Set() }))
    acc.hosts.add(row.id)
    if (row.product) acc.products.add(row.product)
    for (const cve of JSON.parse(row.cves) as string[]) acc.cves.add(cve)
    if (row.severity && SEVERITY_RANK[row.severity] > (acc.worstSeverity ? SEVERITY_RANK[acc.worstSeverity] : 0)) acc.worstSeverity = row.severity
    acc.exploited ||= row.exploited === 1
    acc.kev ||= row.kev === 1
    if (row.releaseDate && (!acc.releaseDate || row.releaseDate < acc.releaseDate)) acc.releaseDate = row.releaseDate
  }
  const updates = [...byKb.values()].map((acc) => {
    const released = acc.releaseDate ? Date.parse(acc.releaseDate) : Number.NaN
    return {
      kb: acc.kb,
      products: [...acc.products].sort(),
      computers: acc.hosts.size,
      worstSeverity: acc.worstSeverity,
      exploited: acc.exploited,
      kev: acc.kev,
      cves: acc.cves.size,
      releaseDate: acc.releaseDate,
      ageDays: Number.isNaN(released) ? null : Math.max(0, Math.floor((now.getTime() - released) / DAY_MS)),
      decision: null,
    }
  })
  const rank = (u: (typeof updates)[number]) => (u.kev ? 1e9 : 0) + (u.exploited ? 1e8 : 0) + (u.worstSeverity ? SEVERITY_RANK[u.worstSeverity] * 1e7 : 0) + u.computers
  return updates.sort((a, b) => rank(b) - rank(a) || a.kb.localeCompare(b.kb))
}

/** The computers one KB is missing on, computed from the documents. */
export function affectedComputersFromDocuments(db: Database, kb: string) {
  const rows = db
    .prepare(
      `WITH ${LATEST}
       SELECT a.id, l.computer, a.scan_host_id AS scanHostId, a.assessed_at AS assessedAt, MIN(u.value ->> '$.product') AS product,
              (SELECT json_group_array(DISTINCT m.value ->> '$.text')
                 FROM json_each(a.document, '$.vulnerabilities') v, json_each(v.value, '$.mitigation') m
                WHERE v.value ->> '$.kb' = @kb) AS mitigations
         FROM latest l JOIN assessments a ON a.id = l.id, json_each(a.document, '$.updates') u
        WHERE u.value ->> '$.state' = 'missing' AND u.value ->> '$.kb' = @kb
        GROUP BY a.id
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
    mitigations: (JSON.parse(row.mitigations) as Array<string | null>).filter((text): text is string => text !== null),
  }))
}

/** The assessment writer before migration 0008: the assessments row only. */
export function insertAssessmentRowOnly(db: Database, host: AssessedHost, assessment: HostAssessment, version: string): void {
  insertAssessmentRow(db, host, assessment, version)
}
