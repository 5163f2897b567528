import type { Database } from 'better-sqlite3'
import { migrate0001 } from './0001-settings-and-powershell-checks'
import { migrate0002 } from './0002-catalog'
import { migrate0003 } from './0003-scans'
import { migrate0004 } from './0004-assessments'
import { migrate0005 } from './0005-decisions'
import { migrate0006 } from './0006-credentials'
import { migrate0007 } from './0007-wua-results'
import { migrate0008 } from './0008-missing-findings'

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
  { version: 2, name: 'catalog: MSRC CVRF documents and CISA KEV', up: migrate0002 },
  { version: 3, name: 'scans and their hosts', up: migrate0003 },
  { version: 4, name: 'assessments per host and catalog version', up: migrate0004 },
  { version: 5, name: 'decisions on missing updates', up: migrate0005 },
  { version: 6, name: 'stored credentials (secrets encrypted at rest)', up: migrate0006 },
  { version: 7, name: 'Windows Update Agent answers per scanned host', up: migrate0007 },
  { version: 8, name: 'missing findings per assessment, for the fleet view', up: migrate0008 },
]
