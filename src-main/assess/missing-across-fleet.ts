import type { Database } from 'better-sqlite3'
import type { Severity } from '../contract/schemas/assessment'
import type { AffectedComputer, MissingUpdate } from '../contract/schemas/decisions'
import { currentDecisions } from '../store/decisions'

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { Critical: 4, Important: 3, Moderate: 2, Low: 1 }
const DAY_MS = 86_400_000

/**
 * The newest assessment of every computer (scanned or imported). A computer is its reported
 * name, else its target or file name, case-insensitively. Ids only: documents are read by JSON
 * functions in SQLite, never whole into JavaScript (2,000 computers hold hundreds of MB).
 */
const LATEST = `
  latest AS (
    SELECT id, computer FROM (
      SELECT a.id, COALESCE(a.host_name, h.target, a.file_name) AS computer,
             ROW_NUMBER() OVER (PARTITION BY lower(COALESCE(a.host_name, h.target, a.file_name)) ORDER BY a.assessed_at DESC, a.id DESC) AS rn
        FROM assessments a LEFT JOIN scan_hosts h ON h.id = a.scan_host_id)
    WHERE rn = 1)`

/**
 * Missing findings per assessment, kept in memory: assessments are never changed once written
 * (a re-assessment is a new row), so each is read once per process and later lists only read
 * the new ones. 2,000 computers × 50 findings is about 15 MB.
 */
const findingCache = new WeakMap<Database, Map<number, FindingRow[]>>()

function missingFindingsOfLatest(db: Database): FindingRow[] {
  let cache = findingCache.get(db)
  if (!cache) findingCache.set(db, (cache = new Map()))
  const latest = db.prepare(`WITH ${LATEST} SELECT id FROM latest`).pluck().all() as number[]
  const unread = latest.filter((id) => !cache.has(id))
  if (unread.length > 0) {
    const rows = db
      .prepare(
        `SELECT a.id, u.value ->> '$.kb' AS kb, u.value ->> '$.product' AS product, u.value ->> '$.severity' AS severity,
                u.value ->> '$.exploited' AS exploited, u.value ->> '$.kev' AS kev, u.value ->> '$.releaseDate' AS releaseDate, u.value ->> '$.cves' AS cves
           FROM assessments a, json_each(a.document, '$.updates') u
          WHERE a.id IN (SELECT value FROM json_each(?)) AND u.value ->> '$.state' = 'missing' AND u.value ->> '$.kb' IS NOT NULL`,
      )
      .all(JSON.stringify(unread)) as FindingRow[]
    for (const id of unread) cache.set(id, [])
    for (const row of rows) cache.get(row.id)?.push(row)
  }
  return latest.flatMap((id) => cache.get(id) ?? [])
}

interface FindingRow {
  id: number
  kb: string
  product: string | null
  severity: Severity | null
  exploited: number
  kev: number
  releaseDate: string | null
  cves: string
}

/**
 * Every missing update across the newest assessment of every computer, one entry per KB with
 * how many computers it affects, its worst severity, exploited / KEV, age and the decision in
 * force. Worst first: KEV, then exploited, then severity, then reach.
 */
export function listMissingUpdates(db: Database, now: Date): MissingUpdate[] {
  const rows = missingFindingsOfLatest(db)
  const decisions = currentDecisions(db, now)
  const byKb = new Map<string, { entry: MissingUpdate; products: Set<string>; cves: Set<string>; hosts: Set<number> }>()
  for (const row of rows) {
    let acc = byKb.get(row.kb)
    if (!acc) {
      const entry: MissingUpdate = { kb: row.kb, products: [], computers: 0, worstSeverity: null, exploited: false, kev: false, cves: 0, releaseDate: null, ageDays: null, decision: decisions.get(row.kb) ?? null }
      acc = { entry, products: new Set(), cves: new Set(), hosts: new Set() }
      byKb.set(row.kb, acc)
    }
    const { entry } = acc
    acc.hosts.add(row.id)
    if (row.product) acc.products.add(row.product)
    for (const cve of JSON.parse(row.cves) as string[]) acc.cves.add(cve)
    if (row.severity && SEVERITY_RANK[row.severity] > (entry.worstSeverity ? SEVERITY_RANK[entry.worstSeverity] : 0)) entry.worstSeverity = row.severity
    entry.exploited ||= row.exploited === 1
    entry.kev ||= row.kev === 1
    if (row.releaseDate && (!entry.releaseDate || row.releaseDate < entry.releaseDate)) entry.releaseDate = row.releaseDate
  }
  const updates = [...byKb.values()].map(({ entry, products, cves, hosts }): MissingUpdate => {
    const released = entry.releaseDate ? Date.parse(entry.releaseDate) : Number.NaN
    return {
      ...entry,
      products: [...products].sort(),
      cves: cves.size,
      computers: hosts.size,
      ageDays: Number.isNaN(released) ? null : Math.max(0, Math.floor((now.getTime() - released) / DAY_MS)),
    }
  })
  const rank = (u: MissingUpdate) => (u.kev ? 1e9 : 0) + (u.exploited ? 1e8 : 0) + (u.worstSeverity ? SEVERITY_RANK[u.worstSeverity] * 1e7 : 0) + u.computers
  return updates.sort((a, b) => rank(b) - rank(a) || a.kb.localeCompare(b.kb))
}

/** The computers one KB is missing on (newest assessment of each), with the mitigating factors found on each. */
export function listAffectedComputers(db: Database, kb: string): AffectedComputer[] {
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
