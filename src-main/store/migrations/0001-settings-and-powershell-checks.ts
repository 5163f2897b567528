import type { Database } from 'better-sqlite3'

/** Key/value settings, and the history of "Check PowerShell" runs shown in Settings. */
export function migrate0001(db: Database): void {
  db.exec(`
    CREATE TABLE settings (
      key   TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;

    CREATE TABLE powershell_checks (
      id            INTEGER PRIMARY KEY,
      checked_at    TEXT NOT NULL,
      executable    TEXT,
      ps_version    TEXT,
      edition       TEXT,
      os            TEXT,
      is_admin      INTEGER,
      computer_name TEXT,
      problem       TEXT,
      CHECK ((ps_version IS NULL) <> (problem IS NULL))
    ) STRICT;
    CREATE INDEX powershell_checks_checked_at ON powershell_checks (checked_at DESC);
  `)
}
