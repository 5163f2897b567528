import { isIP } from 'node:net'
import type { HostError, ScanHost } from '../contract/schemas/scan'
import { CoreError } from '../errors'
import type { PowerShellRunner } from '../powershell/runner'
import { ScriptFailure } from '../powershell/script-output'
import { getRemoteHostInventory } from '../powershell/scripts'
import { chooseTransport, STANDARD_TRANSPORT_PORTS, type Transport, type TransportPorts } from '../targets/choose-transport'
import { classifyError } from '../targets/classify-error'
import type { Target } from '../targets/expand'
import { LOCAL_SPECS } from '../targets/parse-target'
import { probeTargets, type ProbeOptions, type ProbeResult } from '../targets/probe'
import { remoteInventoryParams, type RemoteOptions } from './remote-params'
import type { ProbeOutcome, ScanSteps } from './scan-engine'

export interface NetworkStepsOptions {
  /** The PowerShell pool; null when none is installed (then every collect fails clearly). */
  readonly runner: () => PowerShellRunner | null
  readonly transport: Transport | 'auto'
  readonly remote: RemoteOptions
  /** Probe ports and time-outs; tests and the lab use their own. */
  readonly probe?: Pick<ProbeOptions, 'ports' | 'connectTimeoutMs' | 'dnsTimeoutMs' | 'reverseLookup' | 'lookup'>
  readonly transportPorts?: TransportPorts
  /** Per-host collect time-out (default: the script's). */
  readonly collectTimeoutMs?: number
}

/** The host answered the probe, but on none of the ports a transport needs. */
class NoTransportError extends CoreError {
  constructor(
    target: string,
    readonly reason: string,
  ) {
    super('not-found', `No way to reach ${target}: ${reason}.`)
  }
}

/** The probe's full answer rides along so failures can be explained with it. */
interface NetworkProbe extends ProbeOutcome {
  readonly result: ProbeResult
}

/**
 * The real scan steps: a TCP probe, then the collector over the transport the probe (or the
 * admin) chose, then an explanation of any failure an administrator can act on.
 */
export function createNetworkSteps(options: NetworkStepsOptions): ScanSteps {
  const ports = options.transportPorts ?? STANDARD_TRANSPORT_PORTS
  const transportOf = new Map<number, Transport>()
  return {
    async probe(host, signal): Promise<NetworkProbe> {
      const target = targetOf(host)
      if (target.kind === 'local') {
        return { address: null, up: true, openPorts: [], result: { target, address: null, name: null, up: true, openPorts: [], closedPorts: [], filteredPorts: [], rttMs: null, reverseName: null, problem: null } }
      }
      const [result] = await probeTargets([target], { ...options.probe, signal })
      if (!result) throw new CoreError('internal', `The probe returned nothing for ${host.target}.`)
      const outcome: NetworkProbe = { address: result.address, up: result.up, openPorts: result.openPorts, reverseName: result.reverseName, result }
      if (result.up) return outcome
      return { ...outcome, error: explain(classifyError({ transport: null, probe: result, host: host.target, ports }), result.problem) }
    },

    async collect(host, probe, signal, transportChosen) {
      const runner = options.runner()
      if (!runner) throw new CoreError('powershell-missing', 'PowerShell was not found on this computer, so no host can be read. Run `patchlane doctor`.')
      const result = (probe as NetworkProbe).result
      const choice = chooseTransport(result, options.transport, ports)
      if (choice.transport === null) throw new NoTransportError(host.target, choice.reason)
      transportOf.set(host.id, choice.transport)
      transportChosen?.(choice.transport)
      const name = result.target.kind === 'name' ? result.target.name : (result.address ?? host.target)
      const params = remoteInventoryParams(choice.transport === 'local' ? null : name, choice.transport, choice.port, choice.useTls, options.remote)
      const inventory = await runner.run(getRemoteHostInventory, params, { signal, ...(options.collectTimeoutMs ? { timeoutMs: options.collectTimeoutMs } : {}) })
      return { transport: choice.transport, inventory }
    },

    describeError(error, host, probe): HostError {
      const result = (probe as NetworkProbe | null)?.result ?? null
      const failure = error instanceof ScriptFailure ? error : null
      const text = [failure?.report?.message, failure?.stderr, error instanceof Error ? error.message : String(error)].filter(Boolean).join('\n')
      if (error instanceof NoTransportError) {
        return {
          kind: 'no-transport',
          cause: `${host.target} is on the network, but ${error.reason}.`,
          fix: 'On that computer, as an administrator, run `Enable-PSRemoting -Force` (WinRM), or allow "Windows Remote Management" / "Windows Management Instrumentation (DCOM-In)" through its firewall.',
          detail: null,
        }
      }
      if (error instanceof CoreError && (error.code === 'powershell-missing' || error.code === 'invalid-input')) {
        return { kind: error.code, cause: error.message, fix: error.code === 'powershell-missing' ? 'Install PowerShell 7 or set PATCHLANE_PWSH, then run `patchlane doctor`.' : 'Choose another transport or check the target.', detail: null }
      }
      const hresult = failure?.report?.hresult
      const classified = classifyError({
        transport: transportOf.get(host.id) ?? null,
        probe: result,
        error: text,
        hresult: typeof hresult === 'number' || typeof hresult === 'string' ? hresult : null,
        host: host.target,
        ports,
      })
      return explain(classified, text)
    },
  }
}

function explain(classified: { kind: string; cause: string; fix: string }, detail: string | null): HostError {
  return { kind: classified.kind, cause: classified.cause, fix: classified.fix, detail: detail ? detail.slice(0, 2000) : null }
}

/** The Target a stored host stands for: this computer, an address, or a name. */
export function targetOf(host: Pick<ScanHost, 'target' | 'address'>): Target {
  const text = host.target
  if (LOCAL_SPECS.includes(text.toLowerCase())) return { kind: 'local', source: text }
  const bare = text.replace(/^\[|\]$/g, '')
  const family = isIP(bare.split('%')[0] ?? '')
  if (family === 4 || family === 6) return { kind: 'address', address: bare, family, source: text }
  return { kind: 'name', name: text, source: text }
}
