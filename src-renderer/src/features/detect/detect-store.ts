import { createStore } from 'zustand/vanilla'
import type { ApiError, EventPayload, Input, Output, PatchlaneApi } from '../../../../src-main/contract/api'
import type { FeatureStore } from '../../stores/feature-store'
import { countAddresses, largeScanRefusal, needsConfirmation } from './address-count'
import { createProgressBuffer } from './progress-buffer'

type ScanDetail = Output<'getScan'>
type StartInput = Input<'startScan'>

/** A scan waiting for the admin's "scan them all": its size, and the request to send once confirmed. */
export interface LargeScanQuestion {
  /** Addresses the targets stand for; null when the service refused without saying how many. */
  readonly addresses: number | null
  readonly input: StartInput
}

export interface DetectState {
  /** The scan shown on the Detect screen: the one started here last. */
  readonly scanId: string | null
  readonly detail: ScanDetail | null
  readonly notes: readonly string[]
  readonly starting: boolean
  readonly error: ApiError | null
  /** Set while the console asks whether to scan a very large range. */
  readonly largeScan: LargeScanQuestion | null
  /** Starts a scan; one over CONFIRM_ABOVE addresses first asks (`largeScan`) unless `confirmLarge` is set. */
  start(input: StartInput): Promise<void>
  /** "Scan them all": sends the waiting request with `confirmLarge`. */
  confirmLargeScan(): Promise<void>
  /** "Cancel" on the question: nothing is sent. */
  dismissLargeScan(): void
  cancel(): Promise<void>
  retryFailed(): Promise<void>
  /** Reads the shown scan again (hosts, counts, assessments); concurrent calls share one read. */
  refresh(): Promise<void>
  /** Back to the empty form (the scan stays in Reports). */
  clear(): void
}

/**
 * Progress of a scan's hosts is applied at most this often: a /16 sends hundreds of events a
 * second, and each batch rebuilds the table's row model, so a large scan batches for longer.
 */
function flushMs(hosts: number): number {
  return hosts > 10_000 ? 500 : 100
}
/**
 * A running scan that has sent no progress for this long is read again: a cancel finishes its
 * queued hosts without an event each, and a scan may be stopped from the CLI or another window.
 */
const QUIET_MS = 5000

/** Detect: start a scan, follow it host by host, cancel it, retry the hosts that failed. */
export function createDetectStore(api: PatchlaneApi): FeatureStore<DetectState> {
  let reading: Promise<void> | null = null
  let readAgain = false

  /** One getScan; an answer for a scan no longer shown is dropped. */
  const readOnce = async (): Promise<void> => {
    const { scanId } = store.getState()
    if (!scanId) return
    const result = await api.getScan({ scanId })
    if (store.getState().scanId !== scanId) return
    store.setState(result.ok ? { detail: result.value } : { error: result.error })
  }

  const store = createStore<DetectState>()((set, get) => ({
    scanId: null,
    detail: null,
    notes: [],
    starting: false,
    error: null,
    largeScan: null,
    async start(input) {
      if (get().starting) return
      if (!input.confirmLarge) {
        const addresses = countAddresses(input.targets)
        if (needsConfirmation(addresses)) return set({ largeScan: { addresses, input }, error: null })
      }
      set({ starting: true, error: null, largeScan: null })
      const result = await api.startScan(input)
      if (!result.ok) {
        // The service counted more than the page did (a list or domain): ask in the console's words.
        const refused = input.confirmLarge ? null : largeScanRefusal(result.error.message)
        if (result.error.code === 'invalid-input' && refused !== null) return set({ starting: false, largeScan: { addresses: refused || null, input } })
        return set({ starting: false, error: result.error })
      }
      set({ starting: false, scanId: result.value.scanId, notes: result.value.notes, detail: null })
      await get().refresh()
    },
    async confirmLargeScan() {
      const question = get().largeScan
      if (!question) return
      set({ largeScan: null })
      await get().start({ ...question.input, confirmLarge: true })
    },
    dismissLargeScan: () => set({ largeScan: null }),
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
    refresh() {
      // One read at a time; calls during a read ask for one more read after it, so a burst of
      // finished hosts costs two reads of a 65,000-host scan, not one per host. Between those
      // reads a large scan pauses a little (2 s at most) so the bridge is not kept busy.
      if (reading) {
        readAgain = true
        return reading
      }
      reading = (async () => {
        do {
          readAgain = false
          await readOnce()
          const hosts = get().detail?.hosts.length ?? 0
          if (readAgain && hosts > 5000) await new Promise((resolve) => setTimeout(resolve, Math.min(2000, hosts / 50)))
        } while (readAgain)
      })().finally(() => {
        reading = null
      })
      return reading
    },
    clear: () => set({ scanId: null, detail: null, notes: [], error: null, largeScan: null }),
  }))

  const connect = (): (() => void) => {
    const buffer = createProgressBuffer<EventPayload<'scanProgress'>>(() => flushMs(store.getState().detail?.hosts.length ?? 0), (events) => {
      const { scanId, detail } = store.getState()
      if (!detail) return
      const mine = events.filter((event) => event.scanId === scanId)
      if (mine.length === 0) return
      const applied = applyProgress(detail, mine)
      store.setState({ detail: applied.detail })
      // A new host, a finished one (it now has an assessment) or the end of the scan: read it back.
      if (applied.unknown || applied.finishedDone || !hasWork(applied.detail.summary.counts)) void store.getState().refresh()
    })
    let lastEvent = Date.now()
    const off = api.on('scanProgress', (progress) => {
      lastEvent = Date.now()
      buffer.push(progress)
    })
    const watchdog = setInterval(() => {
      const { detail } = store.getState()
      if (detail?.summary.state !== 'running' || Date.now() - lastEvent < QUIET_MS) return
      lastEvent = Date.now()
      void store.getState().refresh()
    }, QUIET_MS)
    return () => {
      off()
      buffer.dispose()
      clearInterval(watchdog)
    }
  }
  return Object.assign(store, { connect })
}

/** Hosts by id → index, kept per hosts array so a burst of events costs one pass, not one per event. */
const indexes = new WeakMap<ScanDetail['hosts'], Map<number, number>>()

function indexOf(hosts: ScanDetail['hosts']): Map<number, number> {
  let index = indexes.get(hosts)
  if (!index) {
    index = new Map(hosts.map((host, position) => [host.id, position]))
    indexes.set(hosts, index)
  }
  return index
}

/**
 * The scan with a batch of progress events applied in order (the last state of each host wins;
 * its assessment, which events do not carry, is kept). `unknown`: an event named a host not in
 * the list; `finishedDone`: a host reached `done` and has an assessment to read.
 */
export function applyProgress(detail: ScanDetail, events: ReadonlyArray<EventPayload<'scanProgress'>>): { detail: ScanDetail; unknown: boolean; finishedDone: boolean } {
  const index = indexOf(detail.hosts)
  const hosts = detail.hosts.slice()
  let unknown = false
  let finishedDone = false
  for (const event of events) {
    const position = index.get(event.host.id)
    const current = position === undefined ? undefined : hosts[position]
    if (position === undefined || !current) {
      unknown = true
      continue
    }
    hosts[position] = { ...event.host, assessment: current.assessment }
    if (event.host.state === 'done') finishedDone = true
  }
  const last = events[events.length - 1]
  indexes.set(hosts, index)
  const counts = last ? last.counts : detail.summary.counts
  return { detail: { ...detail, hosts, summary: { ...detail.summary, counts } }, unknown, finishedDone }
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
