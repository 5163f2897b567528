import type { Output } from '../../../../src-main/contract/api'

type ScanDetail = Output<'getScan'>
type Host = ScanDetail['hosts'][number]

const ZERO = { queued: 0, probing: 0, collecting: 0, assessing: 0, done: 0, failed: 0, unreachable: 0, cancelled: 0 }

/** A scan host as getScan returns it (the shape the scan service stores). */
export function scanHost(overrides: Partial<Host> = {}): Host {
  return {
    id: 1,
    scanId: 'scan-1',
    target: '10.231.0.11',
    address: '10.231.0.11',
    state: 'queued',
    transport: null,
    openPorts: [],
    error: null,
    startedAt: null,
    finishedAt: null,
    assessment: null,
    ...overrides,
  }
}

/** A scan of the given hosts, counts derived from their states. */
export function scanDetail(hosts: Host[], state: ScanDetail['summary']['state'] = 'running'): ScanDetail {
  const counts = { ...ZERO }
  for (const host of hosts) counts[host.state] += 1
  return { summary: { id: 'scan-1', createdAt: '2026-11-27T08:00:00.000Z', finishedAt: null, state, label: hosts.map((h) => h.target).join(', '), counts }, hosts }
}
