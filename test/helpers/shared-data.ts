import fs from 'node:fs'
import path from 'node:path'

/**
 * The real public data in ../shared/data (read-only; never edited by tests).
 *
 * `PATCHLANE_SHARED_DATA` overrides the location; CI lays shared/ beside the clone.
 */
export const SHARED_DATA = path.resolve(process.env.PATCHLANE_SHARED_DATA ?? path.join(import.meta.dirname, '..', '..', '..', 'shared', 'data'))

export function sharedDataPath(...parts: string[]): string {
  const file = path.join(SHARED_DATA, ...parts)
  if (!fs.existsSync(file)) throw new Error(`shared data not found: ${file} (set PATCHLANE_SHARED_DATA)`)
  return file
}
