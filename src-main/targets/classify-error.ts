import { STANDARD_TRANSPORT_PORTS, type Transport, type TransportPorts } from './choose-transport'
import { ERROR_RULES, type ErrorKind, type ErrorRule, type RuleContext } from './error-rules'
import type { ProbeResult } from './probe'

/** A failure explained for an admin: what kind, why (one line), and what to run or set. */
export interface ErrorClassification {
  readonly kind: ErrorKind
  readonly cause: string
  readonly fix: string
}

export interface ClassifyInput {
  /** The transport that was used (null when the failure came before one was chosen). */
  readonly transport: Transport | null
  /** The reachability probe of the host, when there was one. */
  readonly probe?: Pick<ProbeResult, 'up' | 'openPorts' | 'closedPorts' | 'filteredPorts' | 'address' | 'name' | 'problem'> | null
  /** The error text as PowerShell, WinRM, CIM or ssh printed it. */
  readonly error?: string | null
  /** An HRESULT or Win32 code, as a number (signed or unsigned) or text ("0x80338012", "-2144108526"). */
  readonly hresult?: number | string | null
  /** The host as the admin knows it; default: the probe's name or address. */
  readonly host?: string | null
  /** The ports the probe used for each transport (tests probe their own). */
  readonly ports?: TransportPorts
}

/**
 * Explains a failure to reach or read a host. Pure: no I/O, the same input gives the same
 * answer. The probe result outranks a vague text (a name that never resolved, a host that
 * answered nothing); otherwise the HRESULT, then the text, picks the rule; a connection
 * failure is then sharpened by what the probe saw on the transport's port.
 */
export function classifyError(input: ClassifyInput): ErrorClassification {
  const probe = input.probe ?? null
  const host = input.host ?? probe?.name ?? probe?.address ?? 'the computer'
  const context: RuleContext = { host, transport: input.transport, isAddress: isAddressText(host) }
  const text = input.error ?? ''

  if (probe?.problem) return explain('name-not-resolved', context)
  const rule = matchRule(codesOf(input.hresult, text), text)
  if (rule && !rule.connection) return { kind: rule.kind, cause: rule.cause(context), fix: rule.fix(context) }

  // A connection-level failure, or nothing recognised: let the probe say where it stopped.
  if (probe && !probe.up) return explain('host-down', context)
  const port = transportPort(input.transport, probe?.openPorts ?? [], input.ports ?? STANDARD_TRANSPORT_PORTS)
  if (probe && port !== null && rule?.kind !== 'rpc-unavailable') {
    if (probe.filteredPorts.includes(port)) return explain('port-filtered', context)
    if (probe.closedPorts.includes(port)) {
      return explain(input.transport === 'winrm' ? 'winrm-not-enabled' : input.transport === 'dcom' ? 'rpc-unavailable' : 'port-closed', context)
    }
  }
  if (rule) return { kind: rule.kind, cause: rule.cause(context), fix: rule.fix(context) }
  return unknown(text, input.hresult, context)
}

/** Every HRESULT in the input: the explicit one, then hex (0x8…) and signed decimal (-21…) forms in the text. */
export function codesOf(hresult: number | string | null | undefined, text: string): number[] {
  const codes: number[] = []
  const add = (value: number): void => {
    if (Number.isFinite(value)) codes.push(value >>> 0)
  }
  if (typeof hresult === 'number') add(hresult)
  if (typeof hresult === 'string' && hresult.trim() !== '') add(Number(hresult.trim()))
  for (const match of text.matchAll(/\b0x([0-9a-f]{8})\b/gi)) add(Number.parseInt(match[1] ?? '', 16))
  for (const match of text.matchAll(/(?<![\w.])(-21\d{8})\b/g)) add(Number(match[1]))
  return codes
}

function matchRule(codes: ReadonlyArray<number>, text: string): ErrorRule | null {
  // An exact code beats a phrase: Microsoft's messages quote each other's words.
  for (const code of codes) {
    const byCode = ERROR_RULES.find((rule) => rule.codes.includes(code))
    if (byCode) return byCode
  }
  return ERROR_RULES.find((rule) => rule.patterns.some((pattern) => pattern.test(text))) ?? null
}

function explain(kind: ErrorKind, context: RuleContext): ErrorClassification {
  const rule = ERROR_RULES.find((candidate) => candidate.kind === kind)
  if (!rule) return { kind, cause: `${context.host}: ${kind}`, fix: 'See the scan log.' }
  return { kind, cause: rule.cause(context), fix: rule.fix(context) }
}

function unknown(text: string, hresult: number | string | null | undefined, context: RuleContext): ErrorClassification {
  const firstLine = text.split(/\r?\n/).find((line) => line.trim() !== '')?.trim() ?? ''
  const code = hresult === null || hresult === undefined || hresult === '' ? '' : ` (code ${formatCode(hresult)})`
  const said = firstLine === '' ? 'failed without an error message' : `failed: ${firstLine.length > 200 ? `${firstLine.slice(0, 200)}…` : firstLine}`
  return {
    kind: 'unknown',
    cause: `${context.host} ${said}${code}`,
    fix: 'See the full error in the scan log; PowerShell\'s about_Remote_Troubleshooting help topic lists further causes.',
  }
}

function formatCode(hresult: number | string): string {
  const value = typeof hresult === 'number' ? hresult : Number(hresult)
  return Number.isFinite(value) ? `0x${(value >>> 0).toString(16).toUpperCase().padStart(8, '0')}` : String(hresult)
}

/** The port the transport used, so the probe's view of exactly that port can be consulted. */
function transportPort(transport: Transport | null, openPorts: ReadonlyArray<number>, ports: TransportPorts): number | null {
  switch (transport) {
    case 'winrm':
      return !openPorts.includes(ports.winrmHttp) && openPorts.includes(ports.winrmHttps) ? ports.winrmHttps : ports.winrmHttp
    case 'ssh':
      return ports.ssh
    case 'dcom':
      return ports.dcom
    default:
      return null
  }
}

function isAddressText(host: string): boolean {
  return /^[0-9.]+$/.test(host) || host.includes(':')
}
