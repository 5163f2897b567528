import { spawn } from 'node:child_process'
import path from 'node:path'
import type { Database } from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import type { ScanProgress } from '../../../src-main/contract/schemas/scan'
import { EventBus } from '../../../src-main/event-bus'
import { runScan } from '../../../src-main/scan/scan-engine'
import { openDatabase } from '../../../src-main/store/database'
import { getHostInventoryJson, getScanSummary, insertScan, listScanHosts, markInterruptedScans } from '../../../src-main/store/scans'
import { delayedSteps } from '../../helpers/scan-steps'
import { makeTempDir } from '../../helpers/temp-dir'

const deps = (db: Database, events = new EventBus()) => ({ db, events, now: () => new Date(), pid: process.pid })
const hosts = (...targets: string[]) => targets.map((target) => ({ target, address: null }))

describe('scan engine', () => {
  const cleanups: Array<() => void> = []
  afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()))

  function store(): { db: Database; file: string } {
    const { dir, cleanup } = makeTempDir()
    cleanups.push(cleanup)
    const file = path.join(dir, 'patchlane.db')
    const db = openDatabase(file)
    cleanups.unshift(() => db.close())
    return { db, file }
  }

  it('scans every host with the concurrency limit, records outcomes and reports progress', async () => {
    const { db } = store()
    insertScan(db, { id: 's1', createdAt: '2026-11-27T08:00:00Z', label: 'office', options: { concurrency: 2 }, ownerPid: process.pid }, hosts('pc1', 'down-pc2', 'fail-pc3', 'pc4', 'pc5'))
    const events = new EventBus()
    const progress: ScanProgress[] = []
    events.on('scanProgress', (event) => progress.push(event))
    let inFlight = 0
    let maxInFlight = 0
    const steps = delayedSteps(30)
    const collect = steps.collect.bind(steps)
    steps.collect = async (...args) => {
      inFlight += 1
      maxInFlight = Math.max(maxInFlight, inFlight)
      try {
        return await collect(...args)
      } finally {
        inFlight -= 1
      }
    }
    const summary = await runScan(deps(db, events), 's1', steps, { concurrency: 2 })
    expect(summary.state).toBe('finished')
    expect(summary.counts).toMatchObject({ done: 3, unreachable: 1, failed: 1, queued: 0 })
    expect(maxInFlight).toBe(2)
    const byTarget = Object.fromEntries(listScanHosts(db, 's1').map((h) => [h.target, h]))
    expect(byTarget['fail-pc3']?.error).toMatchObject({ kind: 'access-denied', detail: 'Access is denied.' })
    expect(byTarget['down-pc2']?.state).toBe('unreachable')
    expect(byTarget['pc1']?.transport).toBe('ssh')
    expect(progress.filter((p) => p.host.target === 'pc1').map((p) => p.host.state)).toEqual(['probing', 'queued', 'collecting', 'done'])
    expect(progress.at(-1)?.counts.done).toBe(3)
  })

  it('keeps a collected host done, with the reason, when its assessment fails', async () => {
    const { db } = store()
    insertScan(db, { id: 's3', createdAt: '2026-11-27T08:00:00Z', label: 'x', options: {}, ownerPid: process.pid }, hosts('pc1'))
    const steps = { ...delayedSteps(1), assess: async () => { throw new Error('catalog is locked') } }
    const summary = await runScan(deps(db), 's3', steps, { concurrency: 1 })
    expect(summary.counts.done).toBe(1)
    const [host] = listScanHosts(db, 's3')
    expect(host?.error).toMatchObject({ kind: 'assessment-failed', cause: expect.stringContaining('catalog is locked') })
    expect(getHostInventoryJson(db, host?.id ?? 0)).toEqual({ computerName: 'pc1' })
  })

  it('cancels: hosts in flight and those not started are marked cancelled, then resume finishes them', async () => {
    const { db } = store()
    insertScan(db, { id: 's2', createdAt: '2026-11-27T08:00:00Z', label: 'range', options: {}, ownerPid: process.pid }, hosts(...Array.from({ length: 10 }, (_, i) => `pc${i}`)))
    const controller = new AbortController()
    const events = new EventBus()
    events.on('scanProgress', (event) => {
      if (event.counts.done >= 2) controller.abort()
    })
    const cancelled = await runScan(deps(db, events), 's2', delayedSteps(40), { concurrency: 2, signal: controller.signal })
    expect(cancelled.state).toBe('cancelled')
    expect(cancelled.counts.done).toBeGreaterThanOrEqual(2)
    expect(cancelled.counts.done + cancelled.counts.cancelled).toBe(10)
    const seen: string[] = []
    const resumed = await runScan(deps(db), 's2', delayedSteps(1, seen), { concurrency: 3 })
    expect(resumed.state).toBe('finished')
    expect(resumed.counts.done).toBe(10)
    expect(seen).toHaveLength(cancelled.counts.cancelled)
  })

  it('after kill -9 of the scanning process, keeps finished hosts and resumes the rest', async () => {
    const { db, file } = store()
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, '..', '..', 'fixtures', 'scan', 'run-slow-scan.ts'), file, '20', 'killed'], { stdio: ['ignore', 'pipe', 'inherit'] })
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
    const started = await Promise.race([new Promise<'started'>((resolve) => child.stdout.once('data', () => resolve('started'))), exited])
    expect(started, 'the scanning child process died before starting').toBe('started')
    // Wait until some hosts are committed, then kill without warning.
    for (let i = 0; i < 200 && child.exitCode === null; i += 1) {
      const done = listScanHosts(db, 'killed', ['done']).length
      if (done >= 5) break
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    child.kill('SIGKILL')
    await exited
    const doneBefore = new Map(listScanHosts(db, 'killed', ['done']).map((h) => [h.target, h.finishedAt]))
    expect(doneBefore.size).toBeGreaterThanOrEqual(5)
    expect(doneBefore.size).toBeLessThan(20)
    expect(getScanSummary(db, 'killed')?.state).toBe('running')

    expect(markInterruptedScans(db, (pid) => pid !== child.pid)).toEqual(['killed'])
    expect(getScanSummary(db, 'killed')?.state).toBe('interrupted')

    const seen: string[] = []
    const resumed = await runScan(deps(db), 'killed', delayedSteps(1, seen), { concurrency: 4 })
    expect(resumed.state).toBe('finished')
    expect(resumed.counts.done).toBe(20)
    expect(seen.sort()).toEqual(listScanHosts(db, 'killed').map((h) => h.target).filter((t) => !doneBefore.has(t)).sort())
    for (const host of listScanHosts(db, 'killed')) if (doneBefore.has(host.target)) expect(host.finishedAt).toBe(doneBefore.get(host.target))
  })
})
