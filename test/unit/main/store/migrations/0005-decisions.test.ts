import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { currentDecisions, decisionHistory, insertDecision } from '../../../../../src-main/store/decisions'
import { migrate } from '../../../../../src-main/store/migrate'
import { MIGRATIONS } from '../../../../../src-main/store/migrations/index'

describe('migration 0005: decisions', () => {
  it('keeps every decision, refuses malformed ones, and lets a deferral lapse after its day', () => {
    const db = new BetterSqlite3(':memory:')
    expect(migrate(db, MIGRATIONS, 5)).toBe(5)
    const insert = db.prepare(`INSERT INTO decisions (kb, decision, defer_until, reason, decided_by, decided_at) VALUES (?, ?, ?, ?, 'me', 'now')`)
    expect(() => insert.run('5046617', 'defer', '2026-12-01', 'x')).toThrow(/CHECK/)
    expect(() => insert.run('KB5046617', 'defer', null, 'x')).toThrow(/CHECK/)
    expect(() => insert.run('KB5046617', 'approve-testing', '2026-12-01', 'x')).toThrow(/CHECK/)
    expect(() => insert.run('KB5046617', 'approve-testing', null, '  ')).toThrow(/CHECK/)
    expect(() => insert.run('KB5046617', 'install', null, 'x')).toThrow(/CHECK/)

    const day = new Date('2026-12-01T12:00:00Z')
    insertDecision(db, { kb: 'KB5046617', decision: 'approve-testing', deferUntil: null, reason: 'Pilot ring first', decidedBy: 'CORP\\ann', decidedAt: '2026-11-20T09:00:00Z' }, day)
    insertDecision(db, { kb: 'KB5046617', decision: 'defer', deferUntil: '2026-12-01', reason: 'Change freeze', decidedBy: 'CORP\\bob', decidedAt: '2026-11-21T09:00:00Z' }, day)
    expect(currentDecisions(db, day).get('KB5046617')).toMatchObject({ decision: 'defer', decidedBy: 'CORP\\bob', expired: false })
    expect(currentDecisions(db, new Date('2026-12-02T00:00:01Z')).get('KB5046617')?.expired).toBe(true)
    expect(decisionHistory(db, 'KB5046617', day).map((d) => d.decision)).toEqual(['defer', 'approve-testing'])
    const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT * FROM decisions WHERE kb = ? ORDER BY decided_at DESC, id DESC`).all('KB1') as Array<{ detail: string }>
    expect(plan.map((row) => row.detail).join(' ')).toContain('decisions_kb')
  })
})
