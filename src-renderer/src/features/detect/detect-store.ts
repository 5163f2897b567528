import { createStore } from 'zustand/vanilla'
import type { ApiError, Input, Output, PatchlaneApi } from '../../../../src-main/contract/api'
import type { FeatureStore } from '../../stores/feature-store'

type ScanDetail = Output<'getScan'>

export interface DetectState {
  /** The scan shown on the Detect screen: the one started here last. */
  readonly scanId: string | null
  readonly detail: ScanDetail | null
  readonly notes: readonly string[]
  readonly starting: boolean
  readonly error: ApiError | null
  start(input: Input<'startScan'>): Promise<void>
  cancel(): Promise<void>
  retryFailed(): Promise<void>
  /** Reads the shown scan again (hosts, counts, assessments). */
  refresh(): Promise<void>
  /** Back to the empty form (the scan stays in Reports). */
  clear(): void
}

/** Detect: start a scan, follow it host by host, cancel it, retry the hosts that failed. */
export function createDetectStore(api: PatchlaneApi): FeatureStore<DetectState> {
  const store = createStore<DetectState>()((set, get) => ({
    scanId: null,
    detail: null,
    notes: [],
    starting: false,
    error: null,
    async start(input) {
      if (get().starting) return
      set({ starting: true, error: null })
      const result = await api.startScan(input)
      if (!result.ok) return set({ starting: false, error: result.error })
      set({ starting: false, scanId: result.value.scanId, notes: result.value.notes, detail: null })
      await get().refresh()
    },
    async cancel() {
      const { scanId } = get()
      if (!scanId) return
      const result = await api.cancelScan({ scanId })
      set(result.ok ? { error: null } : { error: result.error })
      await get().refresh()
    },
    async retryFailed() {
      const { scanId } = get()
      if (!scanId) return
      const result = await api.retryFailedHosts({ scanId })
      set(result.ok ? { error: null } : { error: result.error })
      await get().refresh()
    },
    async refresh() {
      const { scanId } = get()
      if (!scanId) return
      const result = await api.getScan({ scanId })
      // A late answer for a scan no longer shown is dropped.
      if (get().scanId !== scanId) return
      set(result.ok ? { detail: result.value } : { error: result.error })
    },
    clear: () => set({ scanId: null, detail: null, notes: [], error: null }),
  }))

  const connect = (): (() => void) =>
    api.on('scanProgress', (progress) => {
      const { scanId, detail } = store.getState()
      if (progress.scanId !== scanId || !detail) return
      const known = detail.hosts.some((host) => host.id === progress.host.id)
      if (!known) return void store.getState().refresh()
      const hosts = detail.hosts.map((host) => (host.id === progress.host.id ? { ...progress.host, assessment: host.assessment } : host))
      store.setState({ detail: { ...detail, hosts, summary: { ...detail.summary, counts: progress.counts } } })
      // A finished host has an assessment, and the last one finishes the scan: read both back.
      if (isFinal(progress.host.state) || !hasWork(progress.counts)) void store.getState().refresh()
    })
  return Object.assign(store, { connect })
}

const FINAL = new Set(['done', 'failed', 'unreachable', 'cancelled'])

/** True for a host state nothing more happens to in this run. */
export function isFinal(state: string): boolean {
  return FINAL.has(state)
}

/** True while any host is queued or being worked on. */
export function hasWork(counts: Readonly<Record<string, number>>): boolean {
  return Object.entries(counts).some(([state, n]) => n > 0 && !isFinal(state))
}
