import { setMaxListeners } from 'node:events'
import type { Database } from 'better-sqlite3'
import type { HostError, ScanHost, ScanSummary } from '../contract/schemas/scan'
import { CoreError } from '../errors'
import type { EventBus } from '../event-bus'
import { countHosts, finishHost, getScanHost, getScanSummary, listScanHosts, RESUMABLE_STATES, setHostProbe, setHostState, setHostTransport, setScanState } from '../store/scans'
import { runPool } from './run-pool'

/** What the reachability probe learnt about one host. */
export interface ProbeOutcome {
  readonly address: string | null
  readonly up: boolean
  readonly openPorts: ReadonlyArray<number>
  readonly reverseName?: string | null
  /** Set when the host cannot be reached at all (name not resolved, no port answered). */
  readonly error?: HostError | null
}

/** What collecting from one host brought back. */
export interface CollectOutcome {
  readonly transport: string
  /** The raw document the collector printed, kept as is. */
  readonly inventory: unknown
}

/**
 * The work done on each host. The engine owns order, concurrency, persistence, progress and
 * cancellation; the steps own the network. Tests and the lab swap the steps, never the engine.
 */
export interface ScanSteps {
  probe(host: ScanHost, signal: AbortSignal): Promise<ProbeOutcome>
  /**
   * Collects one host. `transportChosen` is called as soon as a transport is picked, before any
   * connection, so a host that then fails still shows what was tried.
   */
  collect(host: ScanHost, probe: ProbeOutcome, signal: AbortSignal, transportChosen?: (transport: string) => void): Promise<CollectOutcome>
  /** Judges and stores the assessment of a collected inventory (optional until a catalog exists). */
  assess?(host: ScanHost, inventory: unknown, signal: AbortSignal): Promise<void>
  /** Turns a failure into the cause and fix an administrator reads. */
  describeError(error: unknown, host: ScanHost, probe: ProbeOutcome | null): HostError
}

export interface ScanEngineDeps {
  readonly db: Database
  readonly events: EventBus
  readonly now: () => Date
  /** This process's id, recorded so another process can tell a dead scan from a running one. */
  readonly pid: number
}

/** Hosts probed at once; each probe holds a few sockets for at most its connect timeout. */
export const DEFAULT_PROBE_CONCURRENCY = 128

export interface RunScanOptions {
  /** Hosts collected at once (PowerShell sessions). */
  readonly concurrency: number
  readonly probeConcurrency?: number
  readonly signal?: AbortSignal
}

/**
 * Runs (or resumes) a scan: every host not yet final is probed (many at once), then the hosts
 * that answered are collected and assessed, at most `concurrency` at a time. Each host's outcome
 * is committed the moment it is known, so a killed process loses only the hosts that were in
 * flight, and those run again on resume.
 */
export async function runScan(deps: ScanEngineDeps, scanId: string, steps: ScanSteps, options: RunScanOptions): Promise<ScanSummary> {
  const { db } = deps
  if (!getScanSummary(db, scanId)) throw new CoreError('not-found', `No scan ${scanId}.`)
  const pending = listScanHosts(db, scanId, RESUMABLE_STATES)
  const stamp = () => deps.now().toISOString()
  setScanState(db, scanId, 'running', null, deps.pid)
  for (const host of pending) if (host.state !== 'queued') setHostState(db, host.id, 'queued', stamp())

  const controller = new AbortController()
  // Every probe socket and every collection watches this one signal: hundreds of listeners is by design.
  setMaxListeners(0, controller.signal)
  const abort = () => controller.abort()
  options.signal?.addEventListener('abort', abort, { once: true })
  if (options.signal?.aborted) controller.abort()
  const signal = controller.signal

  const publish = (hostId: number) => {
    const host = getScanHost(db, hostId)
    if (host) deps.events.emit('scanProgress', { scanId, host, counts: countHosts(db, scanId) })
  }

  const fail = (hostId: number, error: unknown, host: ScanHost, probe: ProbeOutcome | null) => {
    if (signal.aborted) finishHost(db, hostId, { state: 'cancelled', at: stamp() })
    else finishHost(db, hostId, { state: 'failed', at: stamp(), error: steps.describeError(error, host, probe) })
    publish(hostId)
  }

  // Phase 1: probe every pending host, many at once (a silent address costs a full timeout).
  const probes = new Map<number, ProbeOutcome>()
  const probeOne = async (queued: ScanHost): Promise<void> => {
    if (signal.aborted) return
    try {
      setHostState(db, queued.id, 'probing', stamp())
      publish(queued.id)
      const probe = await steps.probe(queued, signal)
      setHostProbe(db, queued.id, { ...probe, openPorts: [...probe.openPorts] })
      if (probe.up) {
        probes.set(queued.id, probe)
        setHostState(db, queued.id, 'queued', stamp())
      } else {
        finishHost(db, queued.id, { state: 'unreachable', at: stamp(), error: probe.error ?? steps.describeError(new Error('host did not answer'), queued, probe) })
      }
      publish(queued.id)
    } catch (error) {
      fail(queued.id, error, queued, null)
    }
  }

  // Phase 2: collect (and assess) the hosts that answered, `concurrency` at a time.
  const collectOne = async (queued: ScanHost): Promise<void> => {
    const probe = probes.get(queued.id) ?? null
    if (signal.aborted || !probe) return
    const host = getScanHost(db, queued.id) ?? queued
    try {
      setHostState(db, queued.id, 'collecting', stamp())
      publish(queued.id)
      const collected = await steps.collect(host, probe, signal, (transport) => {
        setHostTransport(db, queued.id, transport)
        publish(queued.id)
      })
      throwIfAborted(signal)
      if (steps.assess) {
        // The raw inventory is committed before assessing: it is the part the network gave us.
        finishHost(db, queued.id, { state: 'assessing', at: stamp(), transport: collected.transport, inventory: collected.inventory })
        publish(queued.id)
        try {
          await steps.assess(host, collected.inventory, signal)
        } catch (error) {
          // The host was read: keep it done, and say why it has no judgement (`assess --scan` retries).
          const cause = error instanceof Error ? error.message : String(error)
          const problem = { kind: 'assessment-failed', cause: `The inventory was collected but could not be assessed: ${cause}`, fix: 'Update the catalog, then run `patchlane assess --scan ID`.', detail: null }
          finishHost(db, queued.id, { state: 'done', at: stamp(), transport: collected.transport, error: problem })
          return publish(queued.id)
        }
      }
      finishHost(db, queued.id, { state: 'done', at: stamp(), transport: collected.transport, inventory: collected.inventory })
      publish(queued.id)
    } catch (error) {
      fail(queued.id, error, host, probe)
    }
  }

  try {
    await runPool(pending, Math.max(1, options.probeConcurrency ?? DEFAULT_PROBE_CONCURRENCY), probeOne, signal)
    await runPool(pending.filter((host) => probes.has(host.id)), Math.max(1, options.concurrency), collectOne, signal)
  } finally {
    options.signal?.removeEventListener('abort', abort)
  }

  if (signal.aborted) {
    for (const host of listScanHosts(db, scanId, ['queued', 'probing', 'collecting', 'assessing'])) finishHost(db, host.id, { state: 'cancelled', at: stamp() })
    setScanState(db, scanId, 'cancelled', stamp(), null)
  } else {
    setScanState(db, scanId, 'finished', stamp(), null)
  }
  const summary = getScanSummary(db, scanId)
  if (!summary) throw new CoreError('internal', `Scan ${scanId} disappeared while running.`)
  return summary
}

function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new CoreError('cancelled', 'The scan was cancelled.')
}
