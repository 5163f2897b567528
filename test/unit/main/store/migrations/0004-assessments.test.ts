import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate } from '../../../../../src-main/store/migrate'
import { MIGRATIONS } from '../../../../../src-main/store/migrations/index'

describe('migration 0004: assessments', () => {
  it('keeps an assessment either of a scanned host or of an imported inventory, never both or neither', () => {
    const db = new BetterSqlite3(':memory:')
    db.pragma('foreign_keys = ON')
    expect(migrate(db, MIGRATIONS, 4)).toBe(4)
    db.prepare(`INSERT INTO scans (id, created_at, state, label, options) VALUES ('s', 'now', 'finished', 'x', '{}')`).run()
    const hostId = Number(db.prepare(`INSERT INTO scan_hosts (scan_id, position, target, state) VALUES ('s', 0, 'pc1', 'done')`).run().lastInsertRowid)
    const insert = db.prepare(
      `INSERT INTO assessments (scan_host_id, inventory, catalog_version, assessed_at, missing_updates, missing_critical, exposed_exploited, document) VALUES (?, ?, 'v', 'now', 0, 0, 0, '{}')`,
    )
    insert.run(hostId, null)
    insert.run(null, '{"schemaVersion":1}')
    expect(() => insert.run(null, null)).toThrow(/CHECK/)
    expect(() => insert.run(hostId, '{}')).toThrow(/CHECK/)
    const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT document FROM assessments WHERE scan_host_id = ? ORDER BY assessed_at DESC LIMIT 1`).all(hostId) as Array<{ detail: string }>
    expect(plan.map((row) => row.detail).join(' ')).toContain('assessments_scan_host')
    db.prepare(`DELETE FROM scans`).run()
    expect(db.prepare(`SELECT COUNT(*) FROM assessments WHERE scan_host_id IS NOT NULL`).pluck().get()).toBe(0)
  })
})
