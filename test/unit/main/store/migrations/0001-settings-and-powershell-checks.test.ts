import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate } from '../../../../../src-main/store/migrate'
import { MIGRATIONS } from '../../../../../src-main/store/migrations/index'

describe('migration 0001: settings and PowerShell checks', () => {
  it('creates both tables and refuses a check that is neither a report nor a problem', () => {
    const db = new BetterSqlite3(':memory:')
    expect(migrate(db, MIGRATIONS, 1)).toBe(1)
    db.prepare(`INSERT INTO settings (key, value) VALUES ('theme', 'dark')`).run()
    expect(db.prepare(`SELECT value FROM settings WHERE key = 'theme'`).pluck().get()).toBe('dark')
    db.prepare(`INSERT INTO powershell_checks (checked_at, problem) VALUES ('2026-01-01T00:00:00Z', 'not found')`).run()
    expect(() => db.prepare(`INSERT INTO powershell_checks (checked_at) VALUES ('2026-01-01T00:00:00Z')`).run()).toThrow(/CHECK/)
    const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT * FROM powershell_checks ORDER BY checked_at DESC LIMIT 1`).all() as Array<{ detail: string }>
    expect(plan.map((row) => row.detail).join(' ')).toContain('powershell_checks_checked_at')
  })
})
