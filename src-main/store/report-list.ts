import type { Database } from 'better-sqlite3'
import type { ScanHostState } from '../contract/schemas/scan'

/** A scanned host as the report list shows it, with its newest assessment's figures. */
export interface ScannedReportRow {
  readonly scanHostId: number
  readonly scanId: string
  readonly target: string
  readonly address: string | null
  readonly state: ScanHostState
  readonly time: string
  readonly hostName: string | null
  readonly product: string | null
  readonly missingUpdates: number | null
  readonly missingCritical: number | null
  readonly unconfirmed: number | null
  readonly exposedExploited: number | null
}

/**
 * Every host of every scan, newest first (by when the host finished, else when its scan began),
 * with the figures of its newest assessment. One query: the list stays quick with thousands.
 */
export function listScannedReports(db: Database, limit = 20_000): ScannedReportRow[] {
  return db
    .prepare(
      `SELECT h.id AS scanHostId, h.scan_id AS scanId, h.target, h.address, h.state,
              COALESCE(h.finished_at, s.created_at) AS time,
              a.host_name AS hostName, a.product, a.missing_updates AS missingUpdates, a.missing_critical AS missingCritical,
              json_extract(a.document, '$.summary.unconfirmed') AS unconfirmed, a.exposed_exploited AS exposedExploited
         FROM scan_hosts h
         JOIN scans s ON s.id = h.scan_id
         LEFT JOIN assessments a ON a.id = (SELECT id FROM assessments WHERE scan_host_id = h.id ORDER BY assessed_at DESC, id DESC LIMIT 1)
        ORDER BY time DESC, h.id DESC LIMIT ?`,
    )
    .all(limit) as ScannedReportRow[]
}
