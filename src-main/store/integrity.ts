import type { Database } from 'better-sqlite3'

/** How often the full check runs when the store was closed cleanly every time. */
export const FULL_CHECK_EVERY_MS = 24 * 60 * 60 * 1000

const CHECKED_AT = 'store.integrity_checked_at'
const CLEAN_CLOSE = 'store.clean_close'

/**
 * Whether opening must run the full `PRAGMA integrity_check`: on a new store, after a session
 * that did not close cleanly (killed, crashed, power cut), and at least once a day. It reads
 * every page (about 0.6 s for a 120 MB catalog; `quick_check` still 0.3 s), which a CLI command
 * such as `catalog status` cannot pay on every call. Between full checks SQLite reports the
 * damage it meets in the pages it reads.
 */
export function needsFullCheck(db: Database, now: number): boolean {
  const hasSettings = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'settings'`).get() !== undefined
  if (!hasSettings) return true
  const read = db.prepare(`SELECT value FROM settings WHERE key = ?`).pluck()
  const checkedAt = read.get(CHECKED_AT) as string | undefined
  const clean = read.get(CLEAN_CLOSE) as string | undefined
  if (!checkedAt || clean !== '1') return true
  const last = Date.parse(checkedAt)
  return !Number.isFinite(last) || now - last > FULL_CHECK_EVERY_MS
}

/** Records that the full check passed, and that this session has not closed cleanly yet. */
export function markOpened(db: Database, fullCheckAt: string | null): void {
  const write = db.prepare(`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`)
  db.transaction(() => {
    if (fullCheckAt) write.run(CHECKED_AT, fullCheckAt)
    write.run(CLEAN_CLOSE, '0')
  })()
}

/** Records a clean close, so the next open may skip the full check. */
export function markClosedCleanly(db: Database): void {
  db.prepare(`INSERT INTO settings (key, value) VALUES (?, '1') ON CONFLICT (key) DO UPDATE SET value = '1'`).run(CLEAN_CLOSE)
}
