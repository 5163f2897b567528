import fs from 'node:fs'
import path from 'node:path'
import BetterSqlite3, { type Database } from 'better-sqlite3'
import { CoreError } from '../errors'
import { markOpened, needsFullCheck } from './integrity'
import { migrate } from './migrate'

export interface OpenOptions {
  /** Path of an alternative `better_sqlite3.node` (the Electron-ABI build, see scripts/start.mjs). */
  readonly nativeBinding?: string
  readonly readonly?: boolean
  /** `full` always runs `integrity_check` (doctor); `auto` runs it when `needsFullCheck` says so. */
  readonly integrity?: 'full' | 'auto'
}

/**
 * Opens (creating if needed) the store at `file`, checks it, and migrates it.
 *
 * WAL lets the UI read while a scan writes; foreign keys are on for every connection;
 * an integrity check on open turns a damaged file into a clear message instead of wrong answers
 * (after an unclean close, on a new store, and daily: see integrity.ts).
 */
export function openDatabase(file: string, options: OpenOptions = {}): Database {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true })
  let db: Database
  try {
    db = new BetterSqlite3(file, {
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
      ...(options.readonly ? { readonly: true } : {}),
    })
  } catch (error) {
    throw new CoreError('store-failed', `Cannot open the database ${file}: ${(error as Error).message}`, { cause: error })
  }
  try {
    db.pragma('journal_mode = WAL')
    db.pragma('foreign_keys = ON')
    db.pragma('busy_timeout = 5000')
    db.pragma('synchronous = NORMAL')
    const full = options.integrity === 'full' || needsFullCheck(db, Date.now())
    // Between full checks SQLite reports the damage it meets in pages it reads; reading the schema
    // here catches a file that is not a database at all.
    const problems = full ? (db.pragma('integrity_check', { simple: false }) as Array<Record<string, string>>) : (db.prepare(`SELECT 'ok' AS result FROM sqlite_master LIMIT 1`).all() as Array<Record<string, string>>)
    const bad = problems.map((row) => Object.values(row)[0] ?? '').filter((text) => text !== 'ok')
    if (bad.length > 0) {
      throw new CoreError(
        'store-failed',
        `The database ${file} is damaged (${bad.slice(0, 3).join('; ')}). Restore it from a backup or move it aside to start afresh.`,
      )
    }
    if (!options.readonly) {
      migrate(db)
      markOpened(db, full ? new Date().toISOString() : null)
    }
    return db
  } catch (error) {
    db.close()
    if (error instanceof CoreError) throw error
    throw new CoreError('store-failed', `Cannot use the database ${file}: ${(error as Error).message}`, { cause: error })
  }
}

/** Size on disk of the database, its WAL and shared-memory files. */
export function databaseBytes(file: string): number {
  if (file === ':memory:') return 0
  return ['', '-wal', '-shm'].reduce((sum, suffix) => {
    try {
      return sum + fs.statSync(file + suffix).size
    } catch {
      return sum
    }
  }, 0)
}
