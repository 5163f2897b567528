import fs from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDispatcher, type Dispatch } from '../../../src-main/dispatch'
import { createServices, type Services } from '../../../src-main/services'
import { insertScan } from '../../../src-main/store/scans'
import { requeueFailedHosts } from '../../../src-main/store/scan-retry'
import { sharedDataPath } from '../../helpers/shared-data'
import { makeTempDir } from '../../helpers/temp-dir'

// The console's methods through the real dispatcher: a real catalog month, real systeminfo and
// wmic qfe captures imported and assessed, decisions recorded and read back.
describe('console methods (dispatch, real catalog and captures)', () => {
  const temp = makeTempDir('patchlane-console-methods-')
  let services: Services
  let dispatch: Dispatch
  const captures = ['11_23H2_x64_enterprise_systeminfo.txt', '10_22H2_x64_enterprise_en-us_systeminfo.txt', 'srv_2022_systeminfo.txt']

  beforeAll(async () => {
    services = createServices({ dataDir: temp.dir, appVersion: 'test', env: { ...process.env, PATCHLANE_HOME: temp.dir } })
    dispatch = createDispatcher(services)
    await services.catalog.import([sharedDataPath('msrc-cvrf-all', '2026-Jun.xml.zst'), sharedDataPath('cisa-kev', 'known_exploited_vulnerabilities_2025.08.25.json')])
  }, 120_000)
  afterAll(async () => {
    await services.close()
    temp.cleanup()
  })

  it('imports captures by path and by content, lists them as imported reports, and names a bad file', async () => {
    const [first, ...rest] = captures.map((name) => sharedDataPath('wesng', 'validation', name))
    const result = await dispatch('importInventoryFiles', {
      paths: [first, '/nonexistent/capture.txt'],
      files: rest.map((file) => ({ name: file.split('/').pop(), base64: fs.readFileSync(file ?? '').toString('base64') })),
    })
    expect(result.ok).toBe(true)
    const files = (result as { value: Array<{ file: string; ok: boolean; error?: string }> }).value
    expect(files.filter((f) => f.ok)).toHaveLength(3)
    expect(files.find((f) => !f.ok)?.error).toMatch(/nonexistent\/capture\.txt.*no such file/)

    const reports = await dispatch('listReports', {})
    const rows = (reports as { value: Array<{ source: string; fileName: string; assessmentId: number; missingUpdates: number }> }).value
    expect(rows.map((r) => r.fileName).sort()).toEqual([...captures].sort())
    expect(rows.every((r) => r.source === 'imported')).toBe(true)
    const report = await dispatch('getHostReport', { assessmentId: rows[0]?.assessmentId })
    expect(report).toMatchObject({ ok: true, value: { source: 'imported', fileName: rows[0]?.fileName, transport: null } })
  })

  it('lists missing updates across computers and keeps a decision, refusing a past deferral', async () => {
    const listed = (await dispatch('listMissingUpdates', {})) as { ok: true; value: Array<{ kb: string; computers: number; decision: unknown }> }
    expect(listed.value.length).toBeGreaterThan(0)
    const top = listed.value[0]
    const affected = (await dispatch('listAffectedComputers', { kb: top?.kb })) as { ok: true; value: Array<{ computer: string }> }
    expect(affected.value).toHaveLength(top?.computers ?? -1)

    const past = await dispatch('recordDecision', { kb: top?.kb, decision: 'defer', deferUntil: '2020-01-01', reason: 'freeze' })
    expect(past).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
    expect(await dispatch('recordDecision', { kb: top?.kb, decision: 'defer', reason: 'no date' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
    const saved = await dispatch('recordDecision', { kb: top?.kb, decision: 'approve-testing', reason: 'Pilot ring first' })
    expect(saved).toMatchObject({ ok: true, value: { kb: top?.kb, decision: 'approve-testing', expired: false } })
    const again = (await dispatch('listMissingUpdates', {})) as { ok: true; value: Array<{ kb: string; decision: { reason: string } | null }> }
    expect(again.value.find((u) => u.kb === top?.kb)?.decision?.reason).toBe('Pilot ring first')
  })

  it('re-queues only the failed and unreachable hosts of a scan', () => {
    insertScan(services.db, { id: 'retry-scan', createdAt: new Date().toISOString(), label: 'x', options: {}, ownerPid: process.pid }, [
      { target: 'a', address: null },
      { target: 'b', address: null },
      { target: 'c', address: null },
    ])
    const set = services.db.prepare(`UPDATE scan_hosts SET state = ?, error = '{"kind":"k","cause":"c","fix":"f","detail":null}', finished_at = 'x' WHERE scan_id = 'retry-scan' AND target = ?`)
    set.run('done', 'a')
    set.run('failed', 'b')
    set.run('unreachable', 'c')
    expect(requeueFailedHosts(services.db, 'retry-scan')).toBe(2)
    const states = services.db.prepare(`SELECT target, state, error FROM scan_hosts WHERE scan_id = 'retry-scan' ORDER BY position`).all()
    expect(states).toEqual([
      { target: 'a', state: 'done', error: '{"kind":"k","cause":"c","fix":"f","detail":null}' },
      { target: 'b', state: 'queued', error: null },
      { target: 'c', state: 'queued', error: null },
    ])
  })
})
