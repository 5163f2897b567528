import type { Database } from 'better-sqlite3'

/**
 * Scans and their hosts. Each host's raw inventory is kept as collected, so a newer catalog can
 * re-assess an old scan without touching the network. `owner_pid` lets a later process tell a
 * running scan from one whose process was killed (then it is marked interrupted and resumable).
 */
export function migrate0003(db: Database): void {
  db.exec(`
    CREATE TABLE scans (
      id          TEXT PRIMARY KEY,
      created_at  TEXT NOT NULL,
      finished_at TEXT,
      state       TEXT NOT NULL CHECK (state IN ('running', 'finished', 'cancelled', 'interrupted')),
      label       TEXT NOT NULL,
      options     TEXT NOT NULL,
      owner_pid   INTEGER
    ) STRICT;
    CREATE INDEX scans_created_at ON scans (created_at DESC);

    CREATE TABLE scan_hosts (
      id          INTEGER PRIMARY KEY,
      scan_id     TEXT NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
      position    INTEGER NOT NULL,
      target      TEXT NOT NULL,
      address     TEXT,
      state       TEXT NOT NULL CHECK (state IN ('queued', 'probing', 'collecting', 'assessing', 'done', 'failed', 'unreachable', 'cancelled')),
      transport   TEXT,
      probe       TEXT,
      inventory   TEXT,
      error       TEXT,
      started_at  TEXT,
      finished_at TEXT,
      UNIQUE (scan_id, position)
    ) STRICT;
    CREATE INDEX scan_hosts_scan_state ON scan_hosts (scan_id, state);
    CREATE INDEX scan_hosts_target ON scan_hosts (target, scan_id);
  `)
}
