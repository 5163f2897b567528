import fs from 'node:fs'
import path from 'node:path'
import { CoreError } from '../../errors'
import { findPowerShell } from '../../powershell/find-powershell'
import { createPowerShellRunner } from '../../powershell/runner'
import { defaultScriptsDir } from '../../powershell/scripts-dir'
import { createNetworkSteps, targetOf } from '../../scan/network-steps'
import type { ProbeOutcome } from '../../scan/scan-engine'
import { chooseTransport, TRANSPORTS, type Transport } from '../../targets/choose-transport'
import type { ProbeResult } from '../../targets/probe'
import type { ScanHost } from '../../contract/schemas/scan'
import { parseTarget } from '../../targets/parse-target'

/** One check of `patchlane doctor --target`: what was tried, whether it worked, and if not why and what to do. */
export interface TargetCheck {
  readonly name: 'reachability' | 'transport' | 'collection'
  readonly ok: boolean
  /** What was seen (ports, the transport and why, what the test collection read). */
  readonly detail: string
  readonly kind: string | null
  readonly cause: string | null
  readonly fix: string | null
}

/** The document `patchlane doctor --target HOST --json` prints. */
export interface TargetReport {
  readonly target: string
  readonly address: string | null
  readonly transport: Transport | null
  readonly ok: boolean
  readonly checks: ReadonlyArray<TargetCheck>
}

export interface TargetDoctorOptions {
  readonly target: string
  readonly transport: Transport | 'auto'
  readonly userName?: string
  readonly keyFile?: string
  readonly hostKeyPolicy: 'accept-new' | 'yes' | 'no'
  readonly knownHostsFile: string
  /** The test collection's limit; a doctor run should answer in seconds, not wait out a scan's time-out. */
  readonly collectTimeoutMs: number
  readonly reverseLookup: boolean
}

/**
 * Runs, for one host, the steps a scan runs — the probe, the transport choice, a collection —
 * through the scan's own code (createNetworkSteps), so each failure is explained by the same
 * classifier a scan uses. The checks stop at the first failure: later ones depend on it.
 */
export async function diagnoseTarget(options: TargetDoctorOptions): Promise<TargetReport> {
  const parsed = parseTarget(options.target)
  if (!parsed.ok) throw new CoreError('invalid-input', `--target ${options.target}: ${parsed.problem}`)
  if (!['local', 'ipv4', 'ipv6', 'netbios', 'fqdn'].includes(parsed.spec.kind)) {
    throw new CoreError('invalid-input', `--target takes one computer (a name, an address or "."), not a ${parsed.spec.kind}.`)
  }
  const location = findPowerShell(process.env)
  const runner = location.executable ? createPowerShellRunner({ executable: location.executable, scriptsDir: defaultScriptsDir(process.env), poolSize: 1 }) : null
  const credential = options.userName ? { userName: options.userName, ...(options.keyFile ? { keyFile: options.keyFile } : {}) } : null
  const steps = createNetworkSteps({
    runner: () => runner,
    transport: options.transport,
    remote: { credential, hostKeyPolicy: options.hostKeyPolicy, knownHostsFile: options.knownHostsFile },
    ...(options.reverseLookup ? {} : { probe: { reverseLookup: false as const } }),
    collectTimeoutMs: options.collectTimeoutMs,
  })
  const target = targetOf({ target: options.target, address: null })
  const host: ScanHost = {
    id: 1,
    scanId: 'doctor',
    target: options.target,
    address: target.kind === 'address' ? target.address : null,
    state: 'queued',
    transport: null,
    openPorts: [],
    error: null,
    startedAt: null,
    finishedAt: null,
  }
  const signal = new AbortController().signal
  const checks: TargetCheck[] = []
  try {
    let probe: ProbeOutcome & { result?: ProbeResult }
    try {
      probe = (await steps.probe(host, signal)) as ProbeOutcome & { result?: ProbeResult }
    } catch (error) {
      const described = steps.describeError(error, host, null)
      checks.push(failed('reachability', 'the probe could not run', described))
      return report(options.target, null, null, checks)
    }
    const result = probe.result
    const seen = result ? portsText(result) : 'this computer'
    if (!probe.up) {
      checks.push(failed('reachability', seen, probe.error ?? steps.describeError(new Error('host did not answer'), host, probe)))
      return report(options.target, probe.address, null, checks)
    }
    checks.push(passed('reachability', `${probe.address ?? options.target} answered: ${seen}`))

    const choice = result ? chooseTransport(result, options.transport) : null
    if (!choice || choice.transport === null) {
      const reason = choice?.reason ?? 'no probe result'
      checks.push({
        name: 'transport',
        ok: false,
        detail: reason,
        kind: 'no-transport',
        cause: `${options.target} is on the network, but ${reason}.`,
        fix: 'On that computer, as an administrator, run `Enable-PSRemoting -Force` (WinRM), or allow "Windows Remote Management" / "Windows Management Instrumentation (DCOM-In)" through its firewall.',
      })
      return report(options.target, probe.address, null, checks)
    }
    checks.push(passed('transport', `${choice.transport}${choice.port ? ` on port ${choice.port}` : ''}: ${choice.reason}`))

    const started = performance.now()
    try {
      const collected = await steps.collect(host, probe, signal)
      const seconds = ((performance.now() - started) / 1000).toFixed(1)
      checks.push(passed('collection', `read ${describeInventory(collected.inventory)} in ${seconds} s`))
    } catch (error) {
      checks.push(failed('collection', `${choice.transport} collection failed`, steps.describeError(error, host, probe)))
    }
    return report(options.target, probe.address, choice.transport, checks)
  } finally {
    await runner?.dispose()
  }
}

/** Where `--known-hosts` defaults to: the file scans pin host keys in. */
export function defaultKnownHostsFile(dataDir: string): string {
  return path.join(dataDir, 'ssh_known_hosts')
}

/** Validates the raw command-line options of `doctor --target`. */
export function targetDoctorOptions(raw: {
  target: string
  transport?: string
  user?: string
  keyFile?: string
  hostKeyPolicy?: string
  knownHosts?: string
  timeout?: string
  reverseDns?: boolean
  dataDir: string
}): TargetDoctorOptions {
  const transport = raw.transport ?? 'auto'
  if (transport !== 'auto' && !TRANSPORTS.includes(transport as Transport)) throw usage(`--transport must be auto, ${TRANSPORTS.join(', ')} (got ${transport}).`)
  if (raw.keyFile && !fs.existsSync(raw.keyFile)) throw usage(`--key-file ${raw.keyFile} does not exist.`)
  if (raw.keyFile && !raw.user) throw usage('--key-file needs --user.')
  const policy = raw.hostKeyPolicy ?? 'accept-new'
  if (policy !== 'accept-new' && policy !== 'yes' && policy !== 'no') throw usage('--host-key-policy must be accept-new, yes or no.')
  const seconds = Number(raw.timeout ?? '30')
  if (!Number.isFinite(seconds) || seconds < 5 || seconds > 600) throw usage(`--timeout must be from 5 to 600 seconds (got ${raw.timeout}).`)
  return {
    target: raw.target,
    transport: transport as Transport | 'auto',
    ...(raw.user ? { userName: raw.user } : {}),
    ...(raw.keyFile ? { keyFile: raw.keyFile } : {}),
    hostKeyPolicy: policy,
    knownHostsFile: raw.knownHosts ?? defaultKnownHostsFile(raw.dataDir),
    collectTimeoutMs: seconds * 1000,
    reverseLookup: raw.reverseDns ?? true,
  }
}

function report(target: string, address: string | null, transport: Transport | null, checks: TargetCheck[]): TargetReport {
  return { target, address, transport, ok: checks.length === 3 && checks.every((check) => check.ok), checks }
}

function passed(name: TargetCheck['name'], detail: string): TargetCheck {
  return { name, ok: true, detail, kind: null, cause: null, fix: null }
}

function failed(name: TargetCheck['name'], detail: string, error: { kind: string; cause: string; fix: string }): TargetCheck {
  return { name, ok: false, detail, kind: error.kind, cause: error.cause, fix: error.fix }
}

function portsText(result: ProbeResult): string {
  const list = (ports: ReadonlyArray<number>) => (ports.length > 0 ? ports.join(', ') : 'none')
  if (result.problem) return result.problem
  return `open ${list(result.openPorts)}; refused ${list(result.closedPorts)}; no answer ${list(result.filteredPorts)}`
}

/** A one-line account of a collected inventory, read defensively (the document is the collector's). */
function describeInventory(inventory: unknown): string {
  const doc = (inventory ?? {}) as { os?: { caption?: unknown; version?: unknown }; hotfixes?: unknown }
  const caption = typeof doc.os?.caption === 'string' ? doc.os.caption : 'an unnamed OS'
  const hotfixes = Array.isArray(doc.hotfixes) ? doc.hotfixes.length : 0
  return `${caption}, ${hotfixes} installed update${hotfixes === 1 ? '' : 's'}`
}

function usage(message: string): CoreError {
  return new CoreError('invalid-input', message)
}
