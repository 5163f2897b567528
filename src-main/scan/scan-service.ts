import { randomUUID } from 'node:crypto'
import type { Database } from 'better-sqlite3'
import type { ScanHost, ScanSummary } from '../contract/schemas/scan'
import { CoreError } from '../errors'
import type { EventBus } from '../event-bus'
import type { PowerShellRunner } from '../powershell/runner'
import type { Transport, TransportPorts } from '../targets/choose-transport'
import { createCurrentUserQuery } from '../targets/ad-adsi'
import { expandTargets, type ExpandOptions, type Target } from '../targets/expand'
import type { ProbeOptions } from '../targets/probe'
import { getScanSummary, insertScan, listScanHosts, listScanSummaries, markInterruptedScans, scanOptions } from '../store/scans'
import { requeueFailedHosts } from '../store/scan-retry'
import { createNetworkSteps } from './network-steps'
import type { ScanCredential } from './remote-params'
import { keepWuaAnswer } from './keep-wua-answer'
import { assertCabFileReadable } from './wua-cab-file'
import { collectTimeoutWithWua, type WuaRequest } from './wua-options'
import { runScan, type ScanSteps } from './scan-engine'

/** What a scan is asked to do. Secrets in `credential` are used, never stored. */
export interface ScanRequest {
  readonly targets: ReadonlyArray<string>
  readonly transport: Transport | 'auto'
  readonly concurrency: number
  readonly credential?: ScanCredential | null
  /** A stored credential: only its name is kept with the scan; its secret is read as the scan runs (and on resume). */
  readonly credentialName?: string
  readonly includeUpdateHistory?: boolean
  /** Also ask each host's Windows Update Agent (online, or offline with a wsusscn2.cab on this computer); kept for resume. */
  readonly wua?: WuaRequest
  readonly confirmLarge?: boolean
  readonly knownHostsFile?: string
  readonly hostKeyPolicy?: 'accept-new' | 'yes' | 'no'
  readonly connectTimeoutSeconds?: number
  readonly probe?: Pick<ProbeOptions, 'ports' | 'connectTimeoutMs' | 'dnsTimeoutMs' | 'reverseLookup'>
  readonly transportPorts?: TransportPorts
  readonly expand?: Pick<ExpandOptions, 'baseDir' | 'ad' | 'confirmAbove'>
}

/** The part of a request kept with the scan, so `--resume` runs it the same way. */
type StoredOptions = Omit<ScanRequest, 'credential' | 'expand' | 'targets'> & { readonly userName: string | null; readonly keyFile: string | null; readonly targets: ReadonlyArray<string> }

export interface ScanServiceDeps {
  readonly db: Database
  readonly events: EventBus
  readonly now: () => Date
  readonly runner: () => PowerShellRunner | null
  /** Default SSH known-hosts file (trust on first use, kept in the data folder). */
  readonly knownHostsFile: string
  /** Tests swap the network for their own steps; production builds them from the request. */
  readonly stepsFor?: (request: ScanRequest) => ScanSteps
  /** Judges and keeps a collected host (the assessment service); absent, hosts are only collected. */
  readonly assess?: (scanHostId: number, inventory: unknown) => unknown
  /** HKLM values the collector reads for the mitigating-factor rules (`SubKey::ValueName`). */
  readonly registryValues?: () => ReadonlyArray<string>
  /** Reads a stored credential, secret decrypted (the credential service). */
  readonly resolveCredential?: (name: string) => Promise<ScanCredential>
}

/**
 * Scans: create from target specs, run, resume, cancel, list. One scan's hosts run in this
 * process; a scan whose process died is marked interrupted when the store is next opened here.
 */
export function createScanService(deps: ScanServiceDeps) {
  const running = new Map<string, AbortController>()
  markInterruptedScans(deps.db, isProcessAlive)

  const stepsFor =
    deps.stepsFor ??
    ((request: ScanRequest) =>
      createNetworkSteps({
        runner: deps.runner,
        transport: request.transport,
        remote: {
          credential: request.credential ?? null,
          includeUpdateHistory: request.includeUpdateHistory ?? false,
          knownHostsFile: request.knownHostsFile ?? deps.knownHostsFile,
          hostKeyPolicy: request.hostKeyPolicy ?? 'accept-new',
          registryValues: deps.registryValues?.() ?? [],
          ...(request.connectTimeoutSeconds ? { connectTimeoutSeconds: request.connectTimeoutSeconds } : {}),
          ...(request.wua ? { wua: request.wua } : {}),
        },
        ...(request.wua ? { collectTimeoutMs: collectTimeoutWithWua(request.wua) } : {}),
        ...(request.probe ? { probe: request.probe } : {}),
        ...(request.transportPorts ? { transportPorts: request.transportPorts } : {}),
      }))

  const resolveCredential = (name: string): Promise<ScanCredential> => {
    if (!deps.resolveCredential) throw new CoreError('invalid-input', `Stored credentials are not available here, so credential "${name}" cannot be used.`)
    return deps.resolveCredential(name)
  }

  async function execute(scanId: string, request: ScanRequest, signal?: AbortSignal): Promise<ScanSummary> {
    if (running.has(scanId)) throw new CoreError('invalid-input', `Scan ${scanId} is already running.`)
    const controller = new AbortController()
    signal?.addEventListener('abort', () => controller.abort(), { once: true })
    running.set(scanId, controller)
    try {
      const credential = request.credentialName ? await resolveCredential(request.credentialName) : (request.credential ?? null)
      // The cab may have moved since the scan was created (resume, retry): say so before any host fails.
      if (request.wua?.mode === 'offline' && request.wua.cabFile) assertCabFileReadable(request.wua.cabFile)
      const collected = stepsFor({ ...request, credential })
      // The agent's answer is kept beside the host the moment it is collected, before assessing.
      const steps: ScanSteps = {
        ...collected,
        collect: async (host, probe, stepSignal, transportChosen) => {
          const outcome = await collected.collect(host, probe, stepSignal, transportChosen)
          keepWuaAnswer(deps.db, host.id, outcome.inventory)
          return outcome
        },
      }
      const assess = deps.assess
      const withAssess: ScanSteps = assess ? { ...steps, assess: async (host, inventory) => void assess(host.id, inventory) } : steps
      return await runScan({ db: deps.db, events: deps.events, now: deps.now, pid: process.pid }, scanId, withAssess, {
        concurrency: request.concurrency,
        signal: controller.signal,
      })
    } finally {
      running.delete(scanId)
    }
  }

  return {
    /** Expands the targets and stores the scan with every host queued; nothing touches a host yet. */
    async create(request: ScanRequest): Promise<{ scanId: string; hosts: number; notes: ReadonlyArray<string> }> {
      if (!Number.isInteger(request.concurrency) || request.concurrency < 1 || request.concurrency > 256) {
        throw new CoreError('invalid-input', `Concurrency must be a whole number from 1 to 256 (got ${request.concurrency}).`)
      }
      // Fails before anything is stored when the credential is missing or cannot be read here.
      const storedAccount = request.credentialName ? await resolveCredential(request.credentialName) : null
      if (request.wua?.mode === 'offline' && request.wua.cabFile) assertCabFileReadable(request.wua.cabFile)
      // A domain with no LDAP account given is read as the current Windows user (ADSI through
      // PowerShell); where that cannot be, with the scan's own account when it has a password.
      const account = storedAccount ?? request.credential ?? null
      const ad = {
        currentUser: createCurrentUserQuery(deps.runner),
        ...(account?.password ? { fallbackCredentials: { user: account.userName, password: account.password } } : {}),
        ...request.expand?.ad,
      }
      const expanded = await expandTargets(request.targets, { confirmLarge: request.confirmLarge ?? false, ...request.expand, ad })
      const scanId = randomUUID()
      const stored: StoredOptions = {
        targets: request.targets,
        transport: request.transport,
        concurrency: request.concurrency,
        includeUpdateHistory: request.includeUpdateHistory ?? false,
        ...(request.wua ? { wua: request.wua } : {}),
        userName: request.credential?.userName ?? null,
        keyFile: request.credential?.keyFile ?? null,
        ...(request.credentialName ? { credentialName: request.credentialName } : {}),
        ...(request.knownHostsFile ? { knownHostsFile: request.knownHostsFile } : {}),
        ...(request.hostKeyPolicy ? { hostKeyPolicy: request.hostKeyPolicy } : {}),
        ...(request.probe ? { probe: storedProbe(request.probe) } : {}),
        ...(request.transportPorts ? { transportPorts: request.transportPorts } : {}),
      }
      insertScan(
        deps.db,
        { id: scanId, createdAt: deps.now().toISOString(), label: labelOf(request.targets), options: stored, ownerPid: process.pid },
        expanded.targets.map((target) => ({ target: displayOf(target), address: target.kind === 'address' ? target.address : null })),
      )
      return { scanId, hosts: expanded.targets.length, notes: expanded.notes }
    },

    /** Runs a created scan to its end (or until cancelled). */
    run(scanId: string, request: ScanRequest, signal?: AbortSignal): Promise<ScanSummary> {
      return execute(scanId, request, signal)
    },

    /**
     * Finishes an interrupted or cancelled scan with the options it was started with. The
     * password is not stored: give the account again when the scan needs one.
     */
    resume(scanId: string, credential: ScanCredential | null, signal?: AbortSignal): Promise<ScanSummary> {
      const summary = getScanSummary(deps.db, scanId)
      if (!summary) throw new CoreError('not-found', `No scan ${scanId}. \`patchlane scan --list\` shows the scans kept.`)
      if (summary.state === 'finished') throw new CoreError('invalid-input', `Scan ${scanId} already finished; nothing to resume.`)
      if (summary.state === 'running') throw new CoreError('invalid-input', `Scan ${scanId} is still running in another process.`)
      const stored = scanOptions(deps.db, scanId) as StoredOptions
      const account = credential ?? (stored.userName ? { userName: stored.userName, ...(stored.keyFile ? { keyFile: stored.keyFile } : {}) } : null)
      return execute(scanId, { ...stored, credential: account }, signal)
    },

    /**
     * Re-queues the failed and unreachable hosts of a scan that is not running and runs it again
     * with the options it was started with. Returns how many hosts were re-queued and the run.
     */
    retryFailed(scanId: string, signal?: AbortSignal): { hosts: number; run: Promise<ScanSummary> | null } {
      const summary = getScanSummary(deps.db, scanId)
      if (!summary) throw new CoreError('not-found', `No scan ${scanId}.`)
      if (running.has(scanId)) throw new CoreError('invalid-input', `Scan ${scanId} is still running: wait for it to finish or cancel it first.`)
      const hosts = requeueFailedHosts(deps.db, scanId)
      if (hosts === 0) return { hosts, run: null }
      const stored = scanOptions(deps.db, scanId) as StoredOptions
      const account = stored.userName ? { userName: stored.userName, ...(stored.keyFile ? { keyFile: stored.keyFile } : {}) } : null
      return { hosts, run: execute(scanId, { ...stored, credential: account }, signal) }
    },

    /** True while this process runs the scan. */
    isRunning(scanId: string): boolean {
      return running.has(scanId)
    },

    cancel(scanId: string): boolean {
      const controller = running.get(scanId)
      controller?.abort()
      return controller !== undefined
    },

    list(limit = 200): ScanSummary[] {
      return listScanSummaries(deps.db, limit)
    },

    get(scanId: string): { summary: ScanSummary; hosts: ScanHost[] } | null {
      const summary = getScanSummary(deps.db, scanId)
      return summary ? { summary, hosts: listScanHosts(deps.db, scanId) } : null
    },
  }
}

export type ScanService = ReturnType<typeof createScanService>

/** The probe settings kept with a scan: plain values only (a resolver function is not kept). */
function storedProbe(probe: NonNullable<ScanRequest['probe']>): NonNullable<ScanRequest['probe']> {
  return {
    ...(probe.ports ? { ports: probe.ports } : {}),
    ...(probe.connectTimeoutMs ? { connectTimeoutMs: probe.connectTimeoutMs } : {}),
    ...(probe.dnsTimeoutMs ? { dnsTimeoutMs: probe.dnsTimeoutMs } : {}),
    ...(probe.reverseLookup === false ? { reverseLookup: false as const } : {}),
  }
}

function displayOf(target: Target): string {
  switch (target.kind) {
    case 'local':
      return '.'
    case 'address':
      return target.address
    case 'name':
      return target.name
  }
}

function labelOf(targets: ReadonlyArray<string>): string {
  const text = targets.join(', ')
  return text.length > 120 ? `${text.slice(0, 117)}…` : text
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
