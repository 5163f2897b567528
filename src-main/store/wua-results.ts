import type { Database } from 'better-sqlite3'
import { WuaSearchResult } from '../contract/schemas/wua'

/**
 * Keeps a scanned host's Windows Update Agent answer (replacing the one of an earlier run of the
 * same scan host, e.g. a retried host). A failed search is kept too, with its error.
 */
export function saveWuaResult(db: Database, scanHostId: number, result: WuaSearchResult): void {
  db.prepare(
    `INSERT INTO wua_results (scan_host_id, mode, source, searched_at, missing_count, error, document) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (scan_host_id) DO UPDATE SET mode = excluded.mode, source = excluded.source, searched_at = excluded.searched_at,
       missing_count = excluded.missing_count, error = excluded.error, document = excluded.document`,
  ).run(scanHostId, result.mode, result.source, result.searchedAt, result.missing.length, result.error?.message ?? null, JSON.stringify(result))
}

/** The agent's answer kept for a scanned host, or null when its scan did not ask the agent. */
export function getWuaResult(db: Database, scanHostId: number): WuaSearchResult | null {
  const text = db.prepare(`SELECT document FROM wua_results WHERE scan_host_id = ?`).pluck().get(scanHostId) as string | undefined
  return text === undefined ? null : WuaSearchResult.parse(JSON.parse(text))
}
