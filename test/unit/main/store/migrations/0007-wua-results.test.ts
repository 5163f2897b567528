import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import type { WuaSearchResult } from '../../../../../src-main/contract/schemas/wua'
import { migrate } from '../../../../../src-main/store/migrate'
import { MIGRATIONS } from '../../../../../src-main/store/migrations/index'
import { getWuaResult, saveWuaResult } from '../../../../../src-main/store/wua-results'

const search = (missing: number, error: WuaSearchResult['error'] = null): WuaSearchResult => ({
  mode: 'online',
  source: 'wsus',
  serverUrl: 'http://wsus.corp.example:8530',
  searchedAt: '2026-11-27T10:00:00.000Z',
  criteria: "IsInstalled=0 and Type='Software' and IsHidden=0",
  missing: Array.from({ length: missing }, (_, i) => ({ kb: `KB50${String(i).padStart(5, '0')}`, title: `Update ${i}`, updateId: null, severity: null, categories: ['Updates'], cves: [], isDownloaded: false })),
  error,
})

describe('migration 0007: Windows Update Agent answers', () => {
  it('keeps one answer per scan host, beside the host, and a re-scan keeps the old one with the old scan', () => {
    const db = new BetterSqlite3(':memory:')
    db.pragma('foreign_keys = ON')
    expect(migrate(db, MIGRATIONS, 7)).toBe(7)
    db.prepare(`INSERT INTO scans (id, created_at, state, label, options) VALUES (?, 'now', 'finished', 'x', '{}')`).run('old')
    db.prepare(`INSERT INTO scans (id, created_at, state, label, options) VALUES (?, 'now', 'finished', 'x', '{}')`).run('new')
    const hostIn = (scan: string) => Number(db.prepare(`INSERT INTO scan_hosts (scan_id, position, target, state) VALUES (?, 0, 'pc1', 'done')`).run(scan).lastInsertRowid)
    const oldHost = hostIn('old')
    const newHost = hostIn('new')

    expect(getWuaResult(db, oldHost)).toBeNull()
    saveWuaResult(db, oldHost, search(2))
    saveWuaResult(db, newHost, search(0, { hresult: '0x8024402C', message: 'The WSUS server could not be reached.' }))
    expect(getWuaResult(db, oldHost)?.missing.map((u) => u.kb)).toEqual(['KB5000000', 'KB5000001'])
    expect(getWuaResult(db, newHost)?.error?.hresult).toBe('0x8024402C')
    // A retried host replaces its own answer only.
    saveWuaResult(db, newHost, search(1))
    expect(getWuaResult(db, newHost)).toMatchObject({ error: null, missing: [{ kb: 'KB5000000' }] })
    expect(db.prepare(`SELECT missing_count FROM wua_results WHERE scan_host_id = ?`).pluck().get(oldHost)).toBe(2)

    expect(() => db.prepare(`INSERT INTO wua_results (scan_host_id, mode, source, searched_at, missing_count, document) VALUES (?, 'sometimes', 'x', 'now', 0, '{}')`).run(oldHost)).toThrow(/CHECK|UNIQUE/)
    expect(() => db.prepare(`INSERT INTO wua_results (scan_host_id, mode, source, searched_at, missing_count, document) VALUES (999, 'online', 'x', 'now', 0, '{}')`).run()).toThrow(/FOREIGN KEY/)
    db.prepare(`DELETE FROM scans WHERE id = 'old'`).run()
    expect(getWuaResult(db, oldHost)).toBeNull()
    expect(getWuaResult(db, newHost)).not.toBeNull()
  })
})
