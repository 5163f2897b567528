import type { Database } from 'better-sqlite3'

/**
 * Assessments, kept per host and per catalog version: a newer catalog adds a new row and leaves
 * the old one, so a report can show what changed. A host comes from a scan (`scan_host_id`) or
 * from an imported file (its HostInventory is then kept here, since no scan holds it).
 */
export function migrate0004(db: Database): void {
  db.exec(`
    CREATE TABLE assessments (
      id                INTEGER PRIMARY KEY,
      scan_host_id      INTEGER REFERENCES scan_hosts (id) ON DELETE CASCADE,
      file_name         TEXT,
      inventory         TEXT,
      host_name         TEXT,
      product           TEXT,
      build             TEXT,
      catalog_as_of     TEXT,
      catalog_version   TEXT NOT NULL,
      assessed_at       TEXT NOT NULL,
      missing_updates   INTEGER NOT NULL,
      missing_critical  INTEGER NOT NULL,
      exposed_exploited INTEGER NOT NULL,
      document          TEXT NOT NULL,
      CHECK ((scan_host_id IS NULL) <> (inventory IS NULL))
    ) STRICT;
    CREATE INDEX assessments_scan_host ON assessments (scan_host_id, assessed_at DESC);
    CREATE INDEX assessments_assessed_at ON assessments (assessed_at DESC);
  `)
}
