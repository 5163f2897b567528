import type { Database } from 'better-sqlite3'
import { CoreError } from '../errors'
import { MIGRATIONS, type Migration } from './migrations/index'

/** The schema version this build writes. */
export const SCHEMA_VERSION = MIGRATIONS.length

/**
 * Brings the database to the newest schema, one migration per transaction.
 *
 * A database written by a newer Patchlane is refused rather than guessed at, so an older
 * build can never damage it.
 */
export function migrate(db: Database, migrations: ReadonlyArray<Migration> = MIGRATIONS, target = migrations.length): number {
  const current = db.pragma('user_version', { simple: true }) as number
  if (current > migrations.length) {
    throw new CoreError(
      'store-failed',
      `The database has schema version ${current}, newer than this Patchlane understands (${migrations.length}). Update Patchlane.`,
    )
  }
  for (const migration of migrations.slice(current, target)) {
    db.transaction(() => {
      migration.up(db)
      db.pragma(`user_version = ${migration.version}`)
    })()
  }
  return db.pragma('user_version', { simple: true }) as number
}
