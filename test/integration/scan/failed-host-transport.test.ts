import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { ScanProgress } from '../../../src-main/contract/schemas/scan'
import { EventBus } from '../../../src-main/event-bus'
import { runScan, type ScanSteps } from '../../../src-main/scan/scan-engine'
import { openDatabase } from '../../../src-main/store/database'
import { insertScan, listScanHosts } from '../../../src-main/store/scans'
import { delayedSteps } from '../../helpers/scan-steps'
import { makeTempDir } from '../../helpers/temp-dir'

// A host whose collection fails still shows the transport that was tried: the steps report it
// when they pick it, the engine stores it before connecting. (The real network steps do the same
// over loopback: test/integration/scan/scan-service.test.ts.)
describe('scan engine: the transport of a failed host', () => {
  const cleanups: Array<() => void> = []
  afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()))

  it('records the transport when collection starts, keeps it on failure, and publishes it while collecting', async () => {
    const { dir, cleanup } = makeTempDir()
    cleanups.push(cleanup)
    const db = openDatabase(path.join(dir, 'patchlane.db'))
    cleanups.unshift(() => db.close())
    insertScan(db, { id: 's1', createdAt: new Date().toISOString(), label: 'x', options: {}, ownerPid: process.pid }, [
      { target: 'fail-pc1', address: null },
      { target: 'pc2', address: null },
    ])
    const base = delayedSteps(5)
    const steps: ScanSteps = {
      ...base,
      async collect(host, probe, signal, transportChosen) {
        transportChosen?.(host.target === 'pc2' ? 'ssh' : 'winrm')
        return base.collect(host, probe, signal)
      },
    }
    const events = new EventBus()
    const progress: ScanProgress[] = []
    events.on('scanProgress', (event) => progress.push(event))
    await runScan({ db, events, now: () => new Date(), pid: process.pid }, 's1', steps, { concurrency: 2 })

    const byTarget = Object.fromEntries(listScanHosts(db, 's1').map((h) => [h.target, h]))
    expect(byTarget['fail-pc1']).toMatchObject({ state: 'failed', transport: 'winrm', error: { kind: 'access-denied' } })
    expect(byTarget['pc2']).toMatchObject({ state: 'done', transport: 'ssh' })
    const collecting = progress.filter((p) => p.host.target === 'fail-pc1' && p.host.state === 'collecting')
    expect(collecting.map((p) => p.host.transport)).toEqual([null, 'winrm'])
  })
})
