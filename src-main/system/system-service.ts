import type { Database } from 'better-sqlite3'
import type { AppInfo } from '../contract/schemas/system'
import { databaseBytes } from '../store/database'

/** Facts about the app's own installation: version, data folder, database. */
export function createSystemService(deps: { db: Database; dbPath: string; dataDir: string; appVersion: string }) {
  return {
    info(): AppInfo {
      return {
        version: deps.appVersion,
        dataDir: deps.dataDir,
        db: {
          path: deps.dbPath,
          schemaVersion: deps.db.pragma('user_version', { simple: true }) as number,
          bytes: databaseBytes(deps.dbPath),
        },
      }
    },
  }
}
