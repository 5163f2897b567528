import type { Database } from 'better-sqlite3'
import type { CredentialKind, CredentialSummary } from '../contract/schemas/credentials'

/** A credential as stored: the summary plus the ciphertext (password credentials only). */
export interface CredentialRow extends CredentialSummary {
  readonly secret: Buffer | null
}

interface RawRow {
  name: string
  user_name: string
  kind: CredentialKind
  key_file: string | null
  secret: Buffer | null
  protected_by: CredentialSummary['protectedBy']
  created_at: string
}

const COLUMNS = 'name, user_name, kind, key_file, secret, protected_by, created_at'

function fromRaw(row: RawRow): CredentialRow {
  return { name: row.name, userName: row.user_name, kind: row.kind, keyFile: row.key_file, protectedBy: row.protected_by, createdAt: row.created_at, secret: row.secret }
}

/** Every credential, by name (case-insensitive, as names are unique). */
export function listCredentialRows(db: Database): CredentialRow[] {
  return (db.prepare(`SELECT ${COLUMNS} FROM credentials ORDER BY name COLLATE NOCASE`).all() as RawRow[]).map(fromRaw)
}

/** One credential by name (case-insensitive), or null. */
export function getCredentialRow(db: Database, name: string): CredentialRow | null {
  const row = db.prepare(`SELECT ${COLUMNS} FROM credentials WHERE name = ?`).get(name) as RawRow | undefined
  return row ? fromRaw(row) : null
}

/** Inserts or replaces the credential of that name (saving again under a name replaces it). */
export function upsertCredentialRow(db: Database, row: CredentialRow): void {
  db.prepare(
    `INSERT INTO credentials (name, user_name, kind, key_file, secret, protected_by, created_at)
     VALUES (@name, @userName, @kind, @keyFile, @secret, @protectedBy, @createdAt)
     ON CONFLICT (name) DO UPDATE SET name = excluded.name, user_name = excluded.user_name, kind = excluded.kind,
       key_file = excluded.key_file, secret = excluded.secret, protected_by = excluded.protected_by, created_at = excluded.created_at`,
  ).run(row)
}

/** Deletes the credential of that name; true when there was one. */
export function deleteCredentialRow(db: Database, name: string): boolean {
  return db.prepare('DELETE FROM credentials WHERE name = ?').run(name).changes > 0
}
