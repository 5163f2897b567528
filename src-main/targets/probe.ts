import dns from 'node:dns'
import net from 'node:net'
import { CoreError } from '../errors'
import type { Target } from './expand'

/** WinRM over HTTP and HTTPS, SSH, RPC endpoint mapper (DCOM/CIM), SMB. */
export const DEFAULT_PROBE_PORTS: ReadonlyArray<number> = [5985, 5986, 22, 135, 445]
/**
 * Sockets open at once. A /24 of silent addresses is 254 × 5 connects that each wait the full
 * timeout; 512 at once finishes that in three rounds (~3 s at 1 s each).
 */
export const DEFAULT_PROBE_CONCURRENCY = 512
export const DEFAULT_CONNECT_TIMEOUT_MS = 1_000
export const DEFAULT_DNS_TIMEOUT_MS = 2_000
/** Forward lookups at once: libuv's default thread-pool size (see limitedLookup). */
const DNS_LOOKUPS_AT_ONCE = 4

/** What one connect attempt found. */
export type PortState = 'open' | 'closed' | 'filtered' | 'unreachable'

/** The reachability of one target, as stored and shown. */
export interface ProbeResult {
  readonly target: Target
  /** The address probed (a name's first resolved address), or null when the name did not resolve. */
  readonly address: string | null
  /** The name the admin gave, if it was a name. */
  readonly name: string | null
  /** True when anything answered: a port accepted, or refused (a refusal comes from a live host). */
  readonly up: boolean
  readonly openPorts: ReadonlyArray<number>
  readonly closedPorts: ReadonlyArray<number>
  /** No answer within the timeout (a firewall dropping packets, or nobody there), or an ICMP unreachable. */
  readonly filteredPorts: ReadonlyArray<number>
  /** Fastest successful connect, in milliseconds. */
  readonly rttMs: number | null
  readonly reverseName: string | null
  /** Set when the target could not be probed at all (its name did not resolve). */
  readonly problem: string | null
}

export interface ProbeOptions {
  readonly ports?: ReadonlyArray<number>
  readonly concurrency?: number
  readonly connectTimeoutMs?: number
  readonly dnsTimeoutMs?: number
  /** Reverse DNS of each address: false to skip, or a resolver (default: a PTR query to the system's DNS servers, hosts file first). */
  readonly reverseLookup?: false | ((address: string) => Promise<string | null>)
  /** Forward lookup of names (default: the system's getaddrinfo, which also knows hosts files and NetBIOS/LLMNR on Windows). */
  readonly lookup?: (name: string) => Promise<string>
  readonly signal?: AbortSignal
  /** Called as each target finishes, so results can be stored as they arrive. */
  readonly onResult?: (result: ProbeResult) => void
}

/**
 * Probes every target: resolves names, then TCP-connects to each port concurrently (at most
 * `concurrency` sockets at once, each with a short timeout) and looks up the reverse name.
 * Results come back in target order. Aborting the signal destroys open sockets and rejects
 * with `CoreError('cancelled')`; results already reported through `onResult` stand.
 */
export async function probeTargets(targets: ReadonlyArray<Target>, options: ProbeOptions = {}): Promise<ReadonlyArray<ProbeResult>> {
  const ports = options.ports ?? DEFAULT_PROBE_PORTS
  for (const port of ports) {
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new CoreError('invalid-input', `Probe port ${port} is not a TCP port (1-65535).`)
  }
  const concurrency = Math.max(1, options.concurrency ?? DEFAULT_PROBE_CONCURRENCY)
  const limiter = createLimiter(concurrency)
  const lookupName = limitedLookup(options.lookup ?? systemLookup, options.dnsTimeoutMs ?? DEFAULT_DNS_TIMEOUT_MS)
  const reverse = options.reverseLookup === false ? null : (options.reverseLookup ?? systemReverse(options.dnsTimeoutMs ?? DEFAULT_DNS_TIMEOUT_MS))
  const signal = options.signal
  const results: ProbeResult[] = new Array(targets.length)
  let done = 0
  // Each host takes up to `ports.length` sockets; twice as many hosts as fill the socket slots are
  // under way, so a freed slot goes to a waiting host at once while the total stays bounded.
  const workers = Math.min(targets.length, Math.max(1, Math.ceil(concurrency / Math.max(1, ports.length))) * 2)
  let next = 0
  const work = async (): Promise<void> => {
    while (next < targets.length) {
      throwIfAborted(signal, done, targets.length)
      const index = next++
      const target = targets[index] as Target
      const result = await probeOne(target, ports, limiter, { lookupName, reverse, options })
      throwIfAborted(signal, done, targets.length)
      results[index] = result
      done++
      options.onResult?.(result)
    }
  }
  await Promise.all(Array.from({ length: workers }, work))
  return results
}

interface Resolvers {
  readonly lookupName: (name: string) => Promise<string>
  readonly reverse: ((address: string) => Promise<string | null>) | null
  readonly options: ProbeOptions
}

async function probeOne(target: Target, ports: ReadonlyArray<number>, limiter: Limiter, resolvers: Resolvers): Promise<ProbeResult> {
  const { options } = resolvers
  const timeout = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS
  const dnsTimeout = options.dnsTimeoutMs ?? DEFAULT_DNS_TIMEOUT_MS
  const base = { target, openPorts: [], closedPorts: [], filteredPorts: [], rttMs: null, reverseName: null }
  let name: string | null = null
  let address: string
  if (target.kind === 'address') {
    address = target.address
  } else {
    name = target.kind === 'local' ? 'localhost' : target.name
    try {
      address = await resolvers.lookupName(name)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message
      return { ...base, address: null, name, up: false, problem: `the name ${name} did not resolve (${code})` }
    }
  }
  // The reverse name is a courtesy: it never holds the result up beyond its own time-out.
  const reverse = resolvers.reverse ? withTimeout(resolvers.reverse(address), dnsTimeout, 'timed out').catch(() => null) : Promise.resolve(null)
  const attempts = await Promise.all(ports.map((port) => limiter(() => connectOnce(address, port, timeout, options.signal))))
  const byState = (state: PortState): number[] => ports.filter((_, i) => attempts[i]?.state === state)
  const rtts = attempts.filter((a) => a.state === 'open').map((a) => a.ms)
  const openPorts = byState('open')
  const closedPorts = byState('closed')
  return {
    target,
    address,
    name,
    up: openPorts.length + closedPorts.length > 0,
    openPorts,
    closedPorts,
    // As nmap does, an ICMP "unreachable" counts as filtered: the three lists cover every port.
    filteredPorts: ports.filter((_, i) => attempts[i]?.state === 'filtered' || attempts[i]?.state === 'unreachable'),
    rttMs: rtts.length > 0 ? Math.min(...rtts) : null,
    reverseName: await reverse,
    problem: null,
  }
}

/** One TCP connect: open, refused (closed), no answer (filtered), or an ICMP error (unreachable). */
export function connectOnce(address: string, port: number, timeoutMs: number, signal?: AbortSignal): Promise<{ state: PortState; ms: number }> {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve({ state: 'filtered', ms: 0 })
      return
    }
    const started = performance.now()
    const host = address.replace(/^\[|\]$/g, '')
    const socket = net.connect({ host, port, noDelay: true })
    let settled = false
    const finish = (state: PortState): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
      socket.removeAllListeners()
      socket.on('error', () => undefined)
      socket.destroy()
      resolve({ state, ms: Math.round((performance.now() - started) * 10) / 10 })
    }
    const onAbort = (): void => finish('filtered')
    const timer = setTimeout(() => finish('filtered'), timeoutMs)
    signal?.addEventListener('abort', onAbort, { once: true })
    socket.once('connect', () => finish('open'))
    socket.once('error', (error: NodeJS.ErrnoException) => {
      finish(error.code === 'ECONNREFUSED' ? 'closed' : error.code === 'ETIMEDOUT' ? 'filtered' : 'unreachable')
    })
  })
}

type Limiter = <T>(task: () => Promise<T>) => Promise<T>

/** At most `limit` tasks running at once; the rest wait in order. */
export function createLimiter(limit: number): Limiter {
  let active = 0
  const waiting: Array<() => void> = []
  return async (task) => {
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve))
    active++
    try {
      return await task()
    } finally {
      active--
      waiting.shift()?.()
    }
  }
}

function throwIfAborted(signal: AbortSignal | undefined, done: number, total: number): void {
  if (signal?.aborted) throw new CoreError('cancelled', `The probe was cancelled after ${done} of ${total} targets.`)
}

/**
 * getaddrinfo runs on libuv's thread pool (4 threads by default) and cannot be cancelled. So at
 * most 4 run at once, a name's time-out starts when its lookup does (not while it queues), and
 * a slot stays taken until the thread is really free; otherwise a few dead names would make
 * every later name "time out" in the queue.
 */
function limitedLookup(lookup: (name: string) => Promise<string>, timeoutMs: number): (name: string) => Promise<string> {
  const slots = createLimiter(DNS_LOOKUPS_AT_ONCE)
  return (name) =>
    new Promise<string>((resolve, reject) => {
      void slots(async () => {
        const underway = lookup(name)
        withTimeout(underway, timeoutMs, 'timed out').then(resolve, reject)
        await underway.catch(() => undefined)
      })
    })
}

async function systemLookup(name: string): Promise<string> {
  const { address } = await dns.promises.lookup(name)
  return address
}

/**
 * PTR lookups through c-ares (asynchronous, off the thread pool, so hundreds can be in flight),
 * which reads the hosts file first and then asks the system's DNS servers, once, briefly.
 */
function systemReverse(timeoutMs: number): (address: string) => Promise<string | null> {
  const resolver = new dns.promises.Resolver({ timeout: timeoutMs, tries: 1 })
  return async (address) => {
    const names = await resolver.reverse(address.replace(/%.*$/, ''))
    return names[0] ?? null
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(message)), ms)
    promise.then(
      (value) => {
        clearTimeout(timer)
        resolve(value)
      },
      (error: unknown) => {
        clearTimeout(timer)
        reject(error instanceof Error ? error : new Error(String(error)))
      },
    )
  })
}
