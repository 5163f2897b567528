import type { Database } from 'better-sqlite3'

/**
 * Stored sign-in accounts for scans. A password is kept only as `secret` — ciphertext made by the
 * cipher named in `protected_by` (Electron safeStorage in the app, the OS keychain or a key file in
 * the CLI) — so a copied database gives away no password. A key-file credential keeps the path of
 * the admin's SSH private key and no secret at all (`protected_by = 'none'`).
 */
export function migrate0006(db: Database): void {
  db.exec(`
    CREATE TABLE credentials (
      id           INTEGER PRIMARY KEY,
      name         TEXT NOT NULL UNIQUE COLLATE NOCASE,
      user_name    TEXT NOT NULL CHECK (length(trim(user_name)) > 0),
      kind         TEXT NOT NULL CHECK (kind IN ('password', 'key-file')),
      key_file     TEXT,
      secret       BLOB,
      protected_by TEXT NOT NULL CHECK (protected_by IN ('safe-storage', 'keychain', 'key-file', 'none')),
      created_at   TEXT NOT NULL,
      CHECK ((kind = 'password') = (secret IS NOT NULL AND key_file IS NULL AND protected_by <> 'none')),
      CHECK ((kind = 'key-file') = (key_file IS NOT NULL AND secret IS NULL AND protected_by = 'none'))
    ) STRICT;
  `)
}
