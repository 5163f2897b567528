import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate } from '../../../../../src-main/store/migrate'
import { MIGRATIONS } from '../../../../../src-main/store/migrations/index'

describe('migration 0003: scans and their hosts', () => {
  it('creates scans and hosts, cascades deletes, and indexes the per-scan state query', () => {
    const db = new BetterSqlite3(':memory:')
    db.pragma('foreign_keys = ON')
    expect(migrate(db, MIGRATIONS, 3)).toBe(3)
    db.prepare(`INSERT INTO scans (id, created_at, state, label, options) VALUES ('s', '2026-11-27T08:00:00Z', 'running', 'x', '{}')`).run()
    db.prepare(`INSERT INTO scan_hosts (scan_id, position, target, state) VALUES ('s', 0, 'pc1', 'queued')`).run()
    expect(() => db.prepare(`INSERT INTO scan_hosts (scan_id, position, target, state) VALUES ('s', 0, 'pc2', 'queued')`).run()).toThrow(/UNIQUE/)
    expect(() => db.prepare(`INSERT INTO scan_hosts (scan_id, position, target, state) VALUES ('s', 1, 'pc2', 'sleeping')`).run()).toThrow(/CHECK/)
    expect(() => db.prepare(`INSERT INTO scan_hosts (scan_id, position, target, state) VALUES ('nope', 0, 'pc2', 'queued')`).run()).toThrow(/FOREIGN KEY/)
    const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT state, COUNT(*) FROM scan_hosts WHERE scan_id = ? GROUP BY state`).all('s') as Array<{ detail: string }>
    expect(plan.map((row) => row.detail).join(' ')).toContain('scan_hosts_scan_state')
    db.prepare(`DELETE FROM scans WHERE id = 's'`).run()
    expect(db.prepare(`SELECT COUNT(*) FROM scan_hosts`).pluck().get()).toBe(0)
  })
})
