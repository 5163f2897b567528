import type { Database } from 'better-sqlite3'

/**
 * Decisions on missing updates (Assess): approve for testing, defer until a date, or not
 * applicable, with the reason, who and when. Every decision is kept (the history is the audit
 * trail); the newest per KB is the one in force, and a deferral lapses after its date.
 */
export function migrate0005(db: Database): void {
  db.exec(`
    CREATE TABLE decisions (
      id          INTEGER PRIMARY KEY,
      kb          TEXT NOT NULL CHECK (kb GLOB 'KB[0-9]*'),
      decision    TEXT NOT NULL CHECK (decision IN ('approve-testing', 'defer', 'not-applicable')),
      defer_until TEXT,
      reason      TEXT NOT NULL CHECK (length(trim(reason)) > 0),
      decided_by  TEXT NOT NULL,
      decided_at  TEXT NOT NULL,
      CHECK ((decision = 'defer') = (defer_until IS NOT NULL))
    ) STRICT;
    CREATE INDEX decisions_kb ON decisions (kb, decided_at DESC, id DESC);
  `)
}
