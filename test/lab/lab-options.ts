import type { HostMode } from './lab-state'
import { MAX_HOSTS } from './lab-layout'

/** How a `wua-broken` host's Windows Update search fails (see fixtures/fixture-schema.ts). */
export type LabWuaFailure = 'error' | 'disabled' | 'hang' | 'no-tasks'
const WUA_FAILURES: readonly LabWuaFailure[] = ['error', 'disabled', 'hang', 'no-tasks']

/** What `up` makes. */
export interface LabUpOptions {
  readonly hosts: number
  /** Host name (h01 or plab-h01) → how it misbehaves; hosts not listed are 'ok'. */
  readonly modes: ReadonlyMap<string, { readonly mode: HostMode; readonly delaySeconds: number; readonly wua?: LabWuaFailure }>
}

/** Flags as the CLI takes them: --slow NAME:SECONDS, --down NAME[:closed|unreachable], --refuse-auth NAME, --garbage NAME[:data|protocol], --password-auth NAME. */
export interface LabModeFlags {
  readonly slow?: readonly string[]
  readonly down?: readonly string[]
  readonly refuseAuth?: readonly string[]
  readonly garbage?: readonly string[]
  /** Hosts whose sshd also takes the lab user's password (set from PATCHLANE_LAB_PASSWORD). */
  readonly passwordAuth?: readonly string[]
  /** Hosts whose Windows Update search fails: NAME[:error|disabled|hang|no-tasks] (default error). */
  readonly wuaBroken?: readonly string[]
}

/** Turns the CLI flags into options; throws a usage message naming the bad flag. */
export function parseLabOptions(hosts: number, flags: LabModeFlags): LabUpOptions {
  if (!Number.isInteger(hosts) || hosts < 1 || hosts > MAX_HOSTS) throw new Error(`--hosts must be 1 … ${MAX_HOSTS}, not ${hosts}`)
  const modes = new Map<string, { mode: HostMode; delaySeconds: number; wua?: LabWuaFailure }>()
  const set = (spec: string, mode: HostMode, delaySeconds = 0, wua?: LabWuaFailure): void => {
    const name = normaliseName(spec, hosts)
    if (modes.has(name)) throw new Error(`host ${name} is given two modes`)
    modes.set(name, wua ? { mode, delaySeconds, wua } : { mode, delaySeconds })
  }
  for (const spec of flags.slow ?? []) {
    const [name = '', seconds = ''] = spec.split(':')
    const delay = Number(seconds)
    if (!(delay > 0)) throw new Error(`--slow ${spec}: expected NAME:SECONDS with SECONDS > 0`)
    set(name, 'slow', delay)
  }
  for (const spec of flags.down ?? []) {
    const [name = '', how = 'unreachable'] = spec.split(':')
    if (how !== 'closed' && how !== 'unreachable') throw new Error(`--down ${spec}: expected NAME, NAME:closed or NAME:unreachable`)
    set(name, how === 'closed' ? 'down' : 'unreachable')
  }
  for (const spec of flags.refuseAuth ?? []) set(spec, 'refuse-auth')
  for (const spec of flags.garbage ?? []) {
    const [name = '', how = 'data'] = spec.split(':')
    if (how !== 'data' && how !== 'protocol') throw new Error(`--garbage ${spec}: expected NAME, NAME:data or NAME:protocol`)
    set(name, how === 'protocol' ? 'garbage-protocol' : 'garbage')
  }
  for (const spec of flags.passwordAuth ?? []) set(spec, 'password-auth')
  for (const spec of flags.wuaBroken ?? []) {
    const [name = '', how = 'error'] = spec.split(':')
    const failure = WUA_FAILURES.find((f) => f === how)
    if (!failure) throw new Error(`--wua-broken ${spec}: expected NAME or NAME:${WUA_FAILURES.join('|')}`)
    set(name, 'wua-broken', 0, failure)
  }
  return { hosts, modes }
}

function normaliseName(spec: string, hosts: number): string {
  const m = /^(?:plab-)?h(\d+)$/.exec(spec.trim())
  const n = m ? Number(m[1]) : NaN
  if (!(n >= 1 && n <= hosts)) throw new Error(`no lab host "${spec}": names are h01 … h${String(hosts).padStart(2, '0')}`)
  return `h${String(n).padStart(2, '0')}`
}
