import type { Database } from 'better-sqlite3'

/**
 * Puts a scan's failed and unreachable hosts back in the queue (error and times cleared, so the
 * next run's elapsed time and outcome are its own). Returns how many were re-queued.
 */
export function requeueFailedHosts(db: Database, scanId: string): number {
  const info = db
    .prepare(`UPDATE scan_hosts SET state = 'queued', error = NULL, started_at = NULL, finished_at = NULL WHERE scan_id = ? AND state IN ('failed', 'unreachable')`)
    .run(scanId)
  return info.changes
}
