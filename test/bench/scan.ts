// `npm run bench:scan`: Patchlane's scan against its own lab of 50 hosts over real SSH remoting.
// Targets (issue 5):
//   (a) probing a /24 where only the lab hosts answer ≤ 5 s, printed beside Debian's nmap
//       (`nmap -sn -PS5985,22,135,445`, plus -n: no reverse DNS, as Patchlane's probe here) in the same run;
//   (b) 50 hosts at concurrency 16 ≤ 2 × the slowest single host's time × ⌈50/16⌉;
//   (c) the scanning process (the CLI, sampled through /proc/PID/status VmHWM) < 300 MB while
//       scanning all 254 addresses of the /24.
// Needs root, iproute2, sshd and pwsh (the lab's needs). The lab is torn down at the end, even on failure.
// Reverse DNS is off everywhere: the lab's addresses must never reach the machine's DNS server.
import { execFile, spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { createServices } from '../../src-main/services'
import type { ScanRequest } from '../../src-main/scan/scan-service'
import type { Target } from '../../src-main/targets/expand'
import { probeTargets } from '../../src-main/targets/probe'
import { type LabUp, startLab, stopLab } from '../lab/lab-client'
import { labSshdPids, startSampler } from './proc-cpu'

const HOSTS = 50
const CONCURRENCY = 16
const SINGLE_SAMPLES = 5
const root = path.join(import.meta.dirname, '..', '..')
const execFileAsync = promisify(execFile)
const temps: string[] = []
const say = (line: string) => process.stdout.write(`${line}\n`)
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`
const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL')

function tempHome(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'patchlane-bench-scan-'))
  temps.push(dir)
  return dir
}

/** 10.231.0.1 … 10.231.0.254 of the lab's /24. */
function subnetTargets(subnet: string): Target[] {
  const prefix = subnet.split('.').slice(0, 3).join('.')
  return Array.from({ length: 254 }, (_, i) => {
    const address = `${prefix}.${i + 1}`
    return { kind: 'address', address, family: 4, source: address } as const
  })
}

async function benchProbe(lab: LabUp): Promise<{ ok: boolean }> {
  const targets = subnetTargets(lab.subnet)
  const started = performance.now()
  const results = await probeTargets(targets, { reverseLookup: false })
  const probeMs = performance.now() - started
  const up = results.filter((r) => r.up).map((r) => r.address)
  const labUp = lab.hosts.filter((h) => up.includes(h.address)).length

  const nmapStarted = performance.now()
  const nmap = await execFileAsync('nmap', ['-sn', '-n', '-PS5985,22,135,445', lab.subnet], { maxBuffer: 8 * 1024 * 1024 }).catch((error: Error) => ({ stdout: '', stderr: error.message }))
  const nmapMs = performance.now() - nmapStarted
  const nmapUp = /\((\d+) hosts? up\)/.exec(nmap.stdout)?.[1] ?? '?'
  const nmapOwn = /scanned in ([\d.]+) seconds/.exec(nmap.stdout)?.[1] ?? '?'

  say(`(a) probe of ${lab.subnet} (254 addresses, ports 5985, 5986, 22, 135, 445; ${HOSTS} lab hosts live)`)
  say(`    Patchlane probeTargets: ${seconds(probeMs)}, ${up.length} up (${labUp} of ${HOSTS} lab hosts, + ${up.length - labUp} other: the bridge ${lab.subnet.replace(/0\/24$/, '1')})`)
  say(`    nmap -sn -n -PS5985,22,135,445: ${seconds(nmapMs)} wall (nmap says ${nmapOwn} s), ${nmapUp} hosts up${nmap.stderr ? ` [${nmap.stderr.trim().split('\n')[0]}]` : ''}`)
  const ok = probeMs <= 5000 && labUp === HOSTS
  say(`    target ≤ 5 s with every lab host found: ${verdict(ok)}`)
  return { ok }
}

function scanRequest(lab: LabUp, targets: string[]): ScanRequest {
  return {
    targets,
    transport: 'ssh',
    concurrency: CONCURRENCY,
    credential: { userName: lab.user, keyFile: lab.keyFile },
    hostKeyPolicy: 'no',
    probe: { reverseLookup: false },
  }
}

/** CPU seconds the whole machine spent busy (/proc/stat): shows whether a run was bound by the shared CPUs. */
function machineBusySeconds(): number {
  const tick = 100 // USER_HZ on Linux
  const fields = (fs.readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number)
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0)
  return (fields.reduce((sum, n) => sum + n, 0) - idle) / tick
}

/** CPU seconds of one scan: this process, the runner's shells, their ssh clients, the lab hosts (test/bench/proc-cpu.ts). */
interface ScanCpu {
  readonly node: number
  readonly pwsh: number
  readonly ssh: number
  readonly lab: number
}

/** One scan in this process with a fresh store and PowerShell pool (so shells start cold, as in a real run). */
async function timedScan(lab: LabUp, targets: string[]): Promise<{ ms: number; done: number; total: number; machineCpu: number; cpu: ScanCpu }> {
  const services = createServices({ dataDir: tempHome(), appVersion: 'bench' })
  const cpuBefore = machineBusySeconds()
  const sampler = startSampler(labSshdPids())
  const nodeBefore = process.cpuUsage()
  const started = performance.now()
  let done = 0
  let total = 0
  let figures: ReturnType<typeof sampler.stop>
  try {
    const request = scanRequest(lab, targets)
    const created = await services.scans.create(request)
    const summary = await services.scans.run(created.scanId, request)
    done = summary.counts.done
    total = created.hosts
  } finally {
    figures = sampler.stop()
    await services.close()
  }
  const ms = performance.now() - started
  const node = process.cpuUsage(nodeBefore)
  const cpu = { node: (node.user + node.system) / 1e6 - figures.samplerCpu, pwsh: figures.scannerPwsh, ssh: figures.scannerSsh, lab: figures.labSshd + figures.labPwsh }
  return { ms, done, total, machineCpu: machineBusySeconds() - cpuBefore, cpu }
}

/** `scanner node a + pwsh b + ssh c, lab host d = e` CPU seconds per host. */
function cpuPerHost(cpu: ScanCpu, hosts: number): string {
  const per = (n: number) => (n / hosts).toFixed(2)
  return `scanner node ${per(cpu.node)} + pwsh ${per(cpu.pwsh)} + ssh ${per(cpu.ssh)}, lab host ${per(cpu.lab)} = ${per(cpu.node + cpu.pwsh + cpu.ssh + cpu.lab)}`
}

async function benchConcurrency(lab: LabUp): Promise<{ ok: boolean }> {
  const singles: number[] = []
  const singleCpu = { node: 0, pwsh: 0, ssh: 0, lab: 0 }
  for (const host of lab.hosts.slice(0, SINGLE_SAMPLES)) {
    const run = await timedScan(lab, [host.address])
    if (run.done !== 1) throw new Error(`single-host scan of ${host.address} did not finish: ${run.done}/1 done`)
    singles.push(run.ms)
    for (const key of ['node', 'pwsh', 'ssh', 'lab'] as const) singleCpu[key] += run.cpu[key]
  }
  const slowest = Math.max(...singles)
  const all = await timedScan(lab, lab.hosts.map((h) => h.address))
  const rounds = Math.ceil(HOSTS / CONCURRENCY)
  const limit = 2 * slowest * rounds
  say(`(b) single-host scans (${SINGLE_SAMPLES}, each with a cold PowerShell pool): ${singles.map(seconds).join(', ')}; slowest ${seconds(slowest)}`)
  say(`    ${HOSTS} hosts at concurrency ${CONCURRENCY}: ${seconds(all.ms)}, ${all.done}/${all.total} done`)
  say(`    CPU s per host, single-host scans: ${cpuPerHost(singleCpu, SINGLE_SAMPLES)}; ${HOSTS} hosts: ${cpuPerHost(all.cpu, HOSTS)}`)
  const capacity = (os.cpus().length * all.ms) / 1000
  say(`    CPU during it: the machine was busy ${all.machineCpu.toFixed(1)} s of ${capacity.toFixed(1)} s available (the lab hosts' sshd + pwsh, and other users, share these ${os.cpus().length} CPUs); load average ${os.loadavg().map((n) => n.toFixed(1)).join(' ')}`)
  say(`    limit 2 × ${seconds(slowest)} × ⌈${HOSTS}/${CONCURRENCY}⌉=${rounds} = ${seconds(limit)}; ratio ${(all.ms / limit).toFixed(2)}: ${verdict(all.ms <= limit && all.done === HOSTS)}`)
  return { ok: all.ms <= limit && all.done === HOSTS }
}

/** kB from a /proc/PID/status line, or null when the process is gone. */
function procStatus(pid: number, field: string): number | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)
    return match?.[1] ? Number(match[1]) : null
  } catch {
    return null
  }
}

async function benchMemory(lab: LabUp): Promise<{ ok: boolean }> {
  const prefix = lab.subnet.split('.').slice(0, 3).join('.')
  const args = ['--import', 'tsx', path.join(root, 'src-main', 'cli', 'main.ts'), 'scan', '--range', `${prefix}.1-${prefix}.254`, '--transport', 'ssh', '--user', lab.user, '--key-file', lab.keyFile, '--host-key-policy', 'no', '--no-reverse-dns', '--concurrency', String(CONCURRENCY), '--json']
  const started = performance.now()
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, PATCHLANE_HOME: tempHome() }, stdio: ['ignore', 'pipe', 'ignore'] })
  let stdout = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')))
  let hwmKb = 0
  const sampler = setInterval(() => {
    if (child.pid) hwmKb = Math.max(hwmKb, procStatus(child.pid, 'VmHWM') ?? 0)
  }, 50)
  const code = await new Promise<number | null>((resolve) => child.on('exit', (exitCode) => resolve(exitCode)))
  clearInterval(sampler)
  const ms = performance.now() - started
  let counts = '?'
  try {
    const doc = JSON.parse(stdout) as { hosts: Array<{ state: string }> }
    const tally = new Map<string, number>()
    for (const host of doc.hosts) tally.set(host.state, (tally.get(host.state) ?? 0) + 1)
    counts = [...tally].map(([state, n]) => `${n} ${state}`).join(', ')
  } catch {
    counts = 'no JSON document'
  }
  const mb = hwmKb / 1024
  say(`(c) CLI scan of all 254 addresses of ${lab.subnet} at concurrency ${CONCURRENCY}: ${seconds(ms)}, exit ${code}, ${counts}`)
  say(`    peak RSS of the scanning process (VmHWM, sampled every 50 ms): ${mb.toFixed(0)} MB; target < 300 MB: ${verdict(mb > 0 && mb < 300)}`)
  return { ok: mb > 0 && mb < 300 }
}

let lab: LabUp | null = null
let failed = false
const stop = async () => {
  if (lab) {
    lab = null
    await stopLab().catch((error: unknown) => say(`lab down failed: ${String(error)}`))
  }
}
process.once('SIGINT', () => void stop().then(() => process.exit(130)))
try {
  say(`bringing up a lab of ${HOSTS} hosts…`)
  const upStarted = performance.now()
  lab = await startLab(['--hosts', String(HOSTS)])
  say(`lab up in ${seconds(performance.now() - upStarted)} (${os.cpus().length} CPUs)`)
  const results = [await benchProbe(lab), await benchConcurrency(lab), await benchMemory(lab)]
  failed = results.some((r) => !r.ok)
} catch (error) {
  failed = true
  say(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
} finally {
  await stop()
  for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true })
}
process.exitCode = failed ? 1 : 0
