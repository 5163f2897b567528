import type { Database } from 'better-sqlite3'

/**
 * The Windows Update Agent's answer per scanned host, kept beside the host's inventory and
 * assessments. One row per scan host: a re-scan makes new scan hosts, so the old answer stays
 * with the old scan. The comparison with Patchlane's judgement is not kept: it is recomputed
 * from this answer and the host's newest assessment, so a newer catalog re-compares too.
 */
export function migrate0007(db: Database): void {
  db.exec(`
    CREATE TABLE wua_results (
      scan_host_id  INTEGER PRIMARY KEY REFERENCES scan_hosts (id) ON DELETE CASCADE,
      mode          TEXT NOT NULL CHECK (mode IN ('online', 'offline')),
      source        TEXT NOT NULL,
      searched_at   TEXT NOT NULL,
      missing_count INTEGER NOT NULL CHECK (missing_count >= 0),
      error         TEXT,
      document      TEXT NOT NULL
    ) STRICT;
  `)
}
