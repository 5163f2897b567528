import { describe, expect, it } from 'vitest'
import { applyProgress, createDetectStore } from '../../../../src-renderer/src/features/detect/detect-store'
import { createFakeApi, fail, ok } from '../../../helpers/fake-api'
import { scanDetail, scanHost } from './fixtures'

describe('Detect store', () => {
  it('applies a batch of progress events in one pass, last state winning, assessments kept', () => {
    const assessment = { name: 'PC-1', product: 'Windows 11', build: '22631.4460', assessedAt: '2026-11-27T08:00:00.000Z', summary: { missingUpdates: 3, unconfirmed: 1 } }
    const hosts = [scanHost({ id: 1, state: 'done', assessment: assessment as never }), scanHost({ id: 2, target: '10.0.0.2' }), scanHost({ id: 3, target: '10.0.0.3' })]
    const detail = scanDetail(hosts)
    const probing = { ...scanHost({ id: 2, target: '10.0.0.2' }), state: 'probing' as const }
    const done = { ...probing, state: 'done' as const }
    const stranger = { ...scanHost({ id: 99, target: 'new' }) }
    const counts = scanDetail([hosts[0] ?? scanHost(), done, hosts[2] ?? scanHost()]).summary.counts
    const applied = applyProgress(detail, [
      { scanId: 'scan-1', host: probing, counts },
      { scanId: 'scan-1', host: done, counts },
      { scanId: 'scan-1', host: stranger, counts },
    ])
    expect(applied.detail.hosts.map((host) => host.state)).toEqual(['done', 'done', 'queued'])
    expect(applied.detail.hosts[0]?.assessment).toBe(assessment)
    expect(applied.detail.summary.counts.done).toBe(2)
    expect(applied).toMatchObject({ unknown: true, finishedDone: true })
    // The original scan is left as it was (the store replaces it, never edits it).
    expect(detail.hosts[1]?.state).toBe('queued')
  })

  it('follows a burst of finished hosts with a couple of reads, not one per host', async () => {
    const hosts = Array.from({ length: 200 }, (_, i) => scanHost({ id: i + 1, target: `10.0.${Math.floor(i / 250)}.${(i % 250) + 1}` }))
    let reads = 0
    // What the service holds: the fake answers getScan from it, as the real one reads its store.
    let stored: typeof hosts = hosts
    const api = createFakeApi({
      startScan: ok({ scanId: 'scan-1', hosts: hosts.length, notes: [] }),
      getScan: () => {
        reads += 1
        return ok(scanDetail(stored))
      },
    })
    const store = createDetectStore(api)
    const disconnect = store.connect()
    await store.getState().start({ targets: ['10.0.0.1-10.0.0.200'], transport: 'winrm', concurrency: 8 })
    expect(reads).toBe(1)
    const finished = hosts.map((host) => ({ ...host, state: 'done' as const }))
    stored = [...finished.slice(0, 150), ...hosts.slice(150)]
    for (const host of finished.slice(0, 150)) api.emit('scanProgress', { scanId: 'scan-1', host, counts: scanDetail(stored).summary.counts })
    await expect.poll(() => store.getState().detail?.summary.counts.done).toBe(150)
    await expect.poll(() => reads).toBeGreaterThan(1)
    expect(reads).toBeLessThanOrEqual(3)
    disconnect()
  })

  it('asks before a range of more than 65,536 addresses, and sends confirmLarge only when told', async () => {
    const api = createFakeApi({ startScan: ok({ scanId: 'scan-1', hosts: 131_070, notes: [] }), getScan: ok(scanDetail([])) })
    const store = createDetectStore(api)
    await store.getState().start({ targets: ['10.0.0.0/15'], transport: 'auto', concurrency: 8 })
    expect(store.getState().largeScan).toMatchObject({ addresses: 131_070 })
    expect(api.calls.filter((call) => call.method === 'startScan')).toEqual([])
    store.getState().dismissLargeScan()
    expect(store.getState().largeScan).toBeNull()
    await store.getState().start({ targets: ['10.0.0.0/15'], transport: 'auto', concurrency: 8 })
    await store.getState().confirmLargeScan()
    expect(api.calls.filter((call) => call.method === 'startScan').map((call) => call.input)).toEqual([{ targets: ['10.0.0.0/15'], transport: 'auto', concurrency: 8, confirmLarge: true }])
    expect(store.getState().scanId).toBe('scan-1')
  })

  it('turns the service’s --yes refusal (a count the page could not make) into the same question', async () => {
    const message = 'The targets add up to 70,000 addresses, more than 65,536; check for a typo, or confirm with --yes.'
    const api = createFakeApi({ startScan: fail('invalid-input', message) })
    const store = createDetectStore(api)
    await store.getState().start({ targets: ['domain:corp.example.com'], transport: 'auto', concurrency: 8 })
    expect(store.getState()).toMatchObject({ error: null, largeScan: { addresses: 70_000 }, starting: false })
    // Refused again even though confirmed: now the message is the answer, shown as it is.
    await store.getState().confirmLargeScan()
    expect(store.getState().error?.message).toBe(message)
  })
})
