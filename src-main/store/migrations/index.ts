import type { Database } from 'better-sqlite3'
import { migrate0001 } from './0001-settings-and-powershell-checks'

export interface Migration {
  /** 1-based, contiguous: the database's `user_version` after this migration ran. */
  readonly version: number
  readonly name: string
  readonly up: (db: Database) => void
}

/**
 * Every schema change, in order. Never edit a released migration: add the next one.
 * Each has its own test under test/unit/main/store/migrations/.
 */
export const MIGRATIONS: ReadonlyArray<Migration> = [
  { version: 1, name: 'settings and PowerShell checks', up: migrate0001 },
]
