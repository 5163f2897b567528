import { spawn, type ChildProcess } from 'node:child_process'
import dns from 'node:dns'
import fs from 'node:fs'
import net from 'node:net'
import readline from 'node:readline'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CoreError } from '../../../src-main/errors'
import { chooseTransport } from '../../../src-main/targets/choose-transport'
import type { Target } from '../../../src-main/targets/expand'
import { connectOnce, createLimiter, probeTargets, type ProbeResult } from '../../../src-main/targets/probe'

/** For `.then(expectedRejection, …)`: a promise that should have rejected did not. */
function expectedRejection(): never {
  throw new Error('expected the call to reject')
}

// Everything here stays on loopback. Linux answers for all of 127.0.0.0/8, so 127.0.0.2… are
// "other hosts" where nothing listens (every port refuses). A port that does not answer at all
// is made by a listener whose accept queue is full: the kernel then drops new SYNs, exactly as
// a firewall that drops packets does.

/** A child Node process whose listeners never accept: its event loop is blocked. */
const BLACKHOLE_SCRIPT = `
const net = require('node:net')
const hosts = JSON.parse(process.argv[1])
Promise.all(hosts.map((host) => new Promise((resolve) => {
  const server = net.createServer()
  server.listen({ port: 0, host, backlog: 1 }, () => resolve(server.address().port))
}))).then((ports) => {
  process.stdout.write(JSON.stringify(ports) + '\\n')
  setTimeout(() => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 120000), 20)
})
`

/** The names the hosts file gives an address (the default reverse lookup reads it first). */
function hostsFileNames(ip: string): string[] {
  return fs
    .readFileSync('/etc/hosts', 'utf8')
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim().split(/\s+/))
    .filter(([first]) => first === ip)
    .flatMap(([, ...names]) => names)
}

const address = (a: string): Target => ({ kind: 'address', address: a, family: a.includes(':') ? 6 : 4, source: a })

let openServers: net.Server[] = []
let openPorts: number[] = []
let closedPort = 0
let blackhole: ChildProcess | null = null
let blackholePorts: number[] = []
const fillers: net.Socket[] = []

async function listen(host: string): Promise<net.Server> {
  const server = net.createServer((socket) => socket.destroy())
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, host, resolve)
  })
  return server
}

/** Fills a blackhole listener's accept queue so that further connects get no answer. */
async function fill(host: string, port: number): Promise<void> {
  for (let i = 0; i < 16; i++) {
    const state = await new Promise<'connected' | 'silent'>((resolve) => {
      const socket = net.connect(port, host)
      fillers.push(socket)
      socket.on('error', () => undefined)
      socket.once('connect', () => resolve('connected'))
      setTimeout(() => resolve('silent'), 300)
    })
    if (state === 'silent') return
  }
  throw new Error(`the accept queue of ${host}:${port} never filled`)
}

beforeAll(async () => {
  openServers = [await listen('127.0.0.1'), await listen('127.0.0.1')]
  openPorts = openServers.map((s) => (s.address() as net.AddressInfo).port)
  const closed = await listen('127.0.0.1')
  closedPort = (closed.address() as net.AddressInfo).port
  await new Promise<void>((resolve) => closed.close(() => resolve()))

  blackhole = spawn(process.execPath, ['-e', BLACKHOLE_SCRIPT, JSON.stringify(['127.0.0.1', '127.0.0.3', '127.0.0.3'])], { stdio: ['ignore', 'pipe', 'inherit'] })
  const firstLine = await new Promise<string>((resolve) => readline.createInterface({ input: blackhole!.stdout! }).once('line', resolve))
  blackholePorts = JSON.parse(firstLine) as number[]
  await new Promise((resolve) => setTimeout(resolve, 100))
  await fill('127.0.0.1', blackholePorts[0]!)
  await fill('127.0.0.3', blackholePorts[1]!)
  await fill('127.0.0.3', blackholePorts[2]!)
})

afterAll(async () => {
  for (const socket of fillers) socket.destroy()
  if (blackhole?.pid) blackhole.kill()
  await Promise.all(openServers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))))
})

describe('connectOnce', () => {
  it('tells open, closed and filtered ports apart', async () => {
    expect((await connectOnce('127.0.0.1', openPorts[0]!, 1_000)).state).toBe('open')
    expect((await connectOnce('127.0.0.1', closedPort, 1_000)).state).toBe('closed')
    const filtered = await connectOnce('127.0.0.1', blackholePorts[0]!, 300)
    expect(filtered.state).toBe('filtered')
    expect(filtered.ms).toBeGreaterThanOrEqual(290)
  })
})

describe('probeTargets', () => {
  it('reports up/down, open, closed and filtered ports, rtt and reverse name per address', async () => {
    const ports = [openPorts[0]!, openPorts[1]!, closedPort, blackholePorts[0]!]
    const seen: ProbeResult[] = []
    // The default reverse lookup answers 127.0.0.1 from the hosts file; other addresses skip it,
    // since it would ask a DNS server off this machine.
    const [local] = await probeTargets([address('127.0.0.1')], { ports, connectTimeoutMs: 400, onResult: (result) => seen.push(result) })
    const [other] = await probeTargets([address('127.0.0.2')], { ports, connectTimeoutMs: 400, reverseLookup: false, onResult: (result) => seen.push(result) })
    expect(local).toMatchObject({
      address: '127.0.0.1',
      name: null,
      up: true,
      openPorts: [openPorts[0], openPorts[1]],
      closedPorts: [closedPort],
      filteredPorts: [blackholePorts[0]],
      problem: null,
    })
    expect(hostsFileNames('127.0.0.1')).toContain(local?.reverseName)
    expect(local?.rttMs).toBeGreaterThanOrEqual(0)
    // Nothing listens on 127.0.0.2: every port refuses, which still proves the host is there.
    // (blackholePorts[0] is bound to 127.0.0.1 only, so it refuses here too.)
    expect(other).toMatchObject({ address: '127.0.0.2', up: true, openPorts: [], closedPorts: ports, filteredPorts: [], rttMs: null })
    expect(seen).toHaveLength(2)
  })

  it('calls a host that answers nothing down', async () => {
    const [result] = await probeTargets([address('127.0.0.3')], { ports: [blackholePorts[1]!, blackholePorts[2]!], connectTimeoutMs: 300, reverseLookup: false })
    expect(result).toMatchObject({ up: false, openPorts: [], closedPorts: [], filteredPorts: [blackholePorts[1], blackholePorts[2]], rttMs: null, reverseName: null })
  })

  it('resolves names first, and reports a name that does not resolve', async () => {
    // A real DNS client pointed at a loopback port where no DNS server runs: it fails without
    // sending anything off this machine.
    const resolver = new dns.promises.Resolver({ timeout: 200, tries: 1 })
    resolver.setServers([`127.0.0.1:${closedPort}`])
    const [byName, unknown] = await probeTargets(
      [
        { kind: 'name', name: 'localhost', source: 'localhost' },
        { kind: 'name', name: 'pc-nowhere.corp.example.com', source: 'x' },
      ],
      {
        ports: [openPorts[0]!],
        reverseLookup: false,
        lookup: async (name) => (name === 'localhost' ? (await dns.promises.lookup(name, { family: 4 })).address : ((await resolver.resolve4(name))[0] ?? '')),
      },
    )
    expect(byName).toMatchObject({ name: 'localhost', address: '127.0.0.1', up: true, openPorts: [openPorts[0]] })
    expect(unknown).toMatchObject({ name: 'pc-nowhere.corp.example.com', address: null, up: false, openPorts: [] })
    expect(unknown?.problem).toMatch(/^the name pc-nowhere\.corp\.example\.com did not resolve \(/)
  })

  it('times a name lookup from when it starts, not while it waits behind slow ones', async () => {
    // Six names whose resolver hangs (a dead DNS server) ahead of one that answers at once.
    const slow = Array.from({ length: 6 }, (_, i): Target => ({ kind: 'name', name: `dead${i}.corp.example.com`, source: 'x' }))
    const results = await probeTargets([...slow, { kind: 'name', name: 'localhost', source: 'localhost' }], {
      ports: [openPorts[0]!],
      reverseLookup: false,
      dnsTimeoutMs: 300,
      lookup: (name) => (name === 'localhost' ? Promise.resolve('127.0.0.1') : new Promise((_, reject) => setTimeout(() => reject(new Error('EAI_AGAIN')), 600))),
    })
    expect(results.slice(0, 6).map((r) => r.problem)).toEqual(slow.map((t) => `the name ${t.kind === 'name' ? t.name : ''} did not resolve (timed out)`))
    expect(results[6]).toMatchObject({ address: '127.0.0.1', up: true, problem: null })
  })

  it('probes IPv6 loopback', async () => {
    const server = await listen('::1').catch(() => null)
    if (!server) return // no IPv6 loopback on this machine
    const port = (server.address() as net.AddressInfo).port
    const [result] = await probeTargets([address('::1')], { ports: [port], reverseLookup: false })
    expect(result).toMatchObject({ address: '::1', up: true, openPorts: [port] })
    await new Promise<void>((resolve) => server.close(() => resolve()))
  })

  it('keeps results in target order at any concurrency, and feeds chooseTransport', async () => {
    const targets = Array.from({ length: 40 }, (_, i) => address(`127.0.0.${i + 10}`)).concat([address('127.0.0.1')])
    const ports = [openPorts[0]!, closedPort]
    for (const concurrency of [1, 7, 512]) {
      const results = await probeTargets(targets, { ports, concurrency, reverseLookup: false })
      expect(results.map((r) => r.address)).toEqual(targets.map((t) => (t.kind === 'address' ? t.address : '')))
      expect(results.at(-1)?.openPorts).toEqual([openPorts[0]])
    }
    const [probe] = await probeTargets([address('127.0.0.1')], { ports, reverseLookup: false })
    const transportPorts = { winrmHttp: openPorts[1]!, winrmHttps: 1, ssh: openPorts[0]!, dcom: closedPort }
    expect(chooseTransport(probe!, 'auto', transportPorts)).toMatchObject({ transport: 'ssh', port: openPorts[0] })
  })

  it('cancels: open sockets are dropped and the call rejects with cancelled', async () => {
    const controller = new AbortController()
    const targets = Array.from({ length: 30 }, () => address('127.0.0.3'))
    const reported: ProbeResult[] = []
    const started = performance.now()
    const pending = probeTargets(targets, {
      ports: [blackholePorts[1]!],
      connectTimeoutMs: 10_000,
      concurrency: 4,
      reverseLookup: false,
      signal: controller.signal,
      onResult: (r) => reported.push(r),
    })
    setTimeout(() => controller.abort(), 150)
    const error = await pending.then(expectedRejection, (e: unknown) => e as CoreError)
    expect(error).toBeInstanceOf(CoreError)
    expect(error.code).toBe('cancelled')
    expect(error.message).toBe('The probe was cancelled after 0 of 30 targets.')
    expect(reported).toEqual([])
    // Well before the 10 s connect timeout: the sockets were dropped, not waited out.
    expect(performance.now() - started).toBeLessThan(5_000)
  })

  it('refuses a port that is not a TCP port', async () => {
    await expect(probeTargets([address('127.0.0.1')], { ports: [0] })).rejects.toThrow('Probe port 0 is not a TCP port (1-65535).')
  })
})

describe('createLimiter', () => {
  it('never runs more than the limit at once', async () => {
    const limit = createLimiter(3)
    let running = 0
    let peak = 0
    await Promise.all(
      Array.from({ length: 20 }, () =>
        limit(async () => {
          running++
          peak = Math.max(peak, running)
          await new Promise((resolve) => setTimeout(resolve, 5))
          running--
        }),
      ),
    )
    expect(peak).toBe(3)
  })
})
