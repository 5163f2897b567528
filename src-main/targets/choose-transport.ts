import type { ProbeResult } from './probe'

/** How Patchlane reaches a computer to collect its inventory. */
export const TRANSPORTS = ['winrm', 'ssh', 'dcom', 'local'] as const
export type Transport = (typeof TRANSPORTS)[number]

/** The TCP ports that reveal each remote transport. Tests that probe their own ports pass their own map. */
export interface TransportPorts {
  readonly winrmHttp: number
  readonly winrmHttps: number
  readonly ssh: number
  readonly dcom: number
}

export const STANDARD_TRANSPORT_PORTS: TransportPorts = { winrmHttp: 5985, winrmHttps: 5986, ssh: 22, dcom: 135 }

export type TransportChoice =
  | {
      readonly transport: Transport
      /** The port to use (null for `local`). */
      readonly port: number | null
      /** WinRM over HTTPS (5986). */
      readonly useTls: boolean
      /** Whether the probe saw the port answer; false only when the admin forced a transport. */
      readonly portSeenOpen: boolean
      readonly reason: string
    }
  | { readonly transport: null; readonly reason: string }

/**
 * Picks the transport for one probed target. "This computer" is always collected locally.
 * Otherwise, with no preference: WinRM over HTTP (5985, where PowerShell remoting listens by
 * default and Kerberos encrypts the messages), then WinRM over HTTPS (5986), then SSH
 * (PowerShell 7 remoting over OpenSSH), then CIM over DCOM (135). A preference forces that
 * transport even when its port did not answer (a firewall may answer only some sources), and
 * says so in the reason.
 */
export function chooseTransport(
  probe: Pick<ProbeResult, 'target' | 'openPorts'>,
  preference: Transport | 'auto' = 'auto',
  ports: TransportPorts = STANDARD_TRANSPORT_PORTS,
): TransportChoice {
  const open = new Set(probe.openPorts)
  const isLocal = probe.target.kind === 'local'
  if (isLocal) {
    if (preference !== 'auto' && preference !== 'local') {
      return { transport: null, reason: `this computer is collected locally; ${preference} is for other computers` }
    }
    return { transport: 'local', port: null, useTls: false, portSeenOpen: true, reason: 'this computer: collected locally, no network transport' }
  }
  if (preference === 'local') return { transport: null, reason: 'the local transport is only for this computer (target ".")' }

  if (preference !== 'auto') {
    const port = forcedPort(preference, open, ports)
    const seen = open.has(port)
    const reason = seen ? `${preference} chosen by the admin; port ${port} answered` : `${preference} chosen by the admin although port ${port} did not answer the probe`
    return { transport: preference, port, useTls: preference === 'winrm' && port === ports.winrmHttps, portSeenOpen: seen, reason }
  }

  if (open.has(ports.winrmHttp)) return picked('winrm', ports.winrmHttp, false, 'WinRM (HTTP) answered')
  if (open.has(ports.winrmHttps)) return picked('winrm', ports.winrmHttps, true, 'WinRM (HTTPS) answered')
  if (open.has(ports.ssh)) return picked('ssh', ports.ssh, false, 'SSH answered and WinRM did not')
  if (open.has(ports.dcom)) return picked('dcom', ports.dcom, false, 'only RPC (DCOM) answered: CIM over DCOM')
  const listed = [ports.winrmHttp, ports.winrmHttps, ports.ssh, ports.dcom].join(', ')
  return { transport: null, reason: `none of the transport ports (${listed}) answered` }
}

function picked(transport: Transport, port: number, useTls: boolean, reason: string): TransportChoice {
  return { transport, port, useTls, portSeenOpen: true, reason }
}

function forcedPort(transport: Exclude<Transport, 'local'>, open: ReadonlySet<number>, ports: TransportPorts): number {
  switch (transport) {
    case 'winrm':
      // HTTPS only when HTTP did not answer and HTTPS did.
      return !open.has(ports.winrmHttp) && open.has(ports.winrmHttps) ? ports.winrmHttps : ports.winrmHttp
    case 'ssh':
      return ports.ssh
    case 'dcom':
      return ports.dcom
  }
}
