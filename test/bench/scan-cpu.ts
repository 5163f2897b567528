// `npm run -s bench:scan-cpu [-- HOSTS]`: where the CPU of a lab scan goes, per host, in CPU seconds
// (far less sensitive to a shared machine than wall time). Complements bench:scan's target (b).
//
// Per host, sampled from /proc every 100 ms (test/bench/proc-cpu.ts; the sampler's own CPU is
// taken off the node figure):
//   scanner node      this process (probe, store, zod, assessment);
//   scanner pwsh      the runner's pool shells (Get-RemoteHostInventory.ps1, the PSRP client);
//   scanner ssh       the ssh clients those shells start;
//   lab sshd          each lab host's sshd processes for the connection;
//   lab pwsh          `pwsh -sshs` under them: start-up, the PatchlaneLab module, the collector;
// and, for scale, a bare `ssh host true` per host (sshd + ssh without PowerShell).
// Two runs: each host alone (a fresh pool per scan: its shell starts cold), and all hosts in one
// scan through one shell (concurrency 1), which shows the per-host cost of a warm shell.
// Needs root (the lab). The lab is torn down at the end.
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import type { ScanRequest } from '../../src-main/scan/scan-service'
import { createServices } from '../../src-main/services'
import { type LabUp, startLab, stopLab } from '../lab/lab-client'
import { labSshdPids, startSampler } from './proc-cpu'

const HOSTS = Number(process.argv[2] ?? 6)
const execFileAsync = promisify(execFile)
const say = (line: string) => process.stdout.write(`${line}\n`)
const temps: string[] = []

interface Split {
  node: number
  pwsh: number
  ssh: number
  labSshd: number
  labPwsh: number
  wallMs: number
  done: number
  shells: number
}

/** One scan of `addresses` with a fresh store and pool (its shells start cold). */
async function measuredScan(lab: LabUp, addresses: string[], concurrency: number): Promise<Split> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'patchlane-bench-cpu-'))
  temps.push(dataDir)
  const services = createServices({ dataDir, appVersion: 'bench' })
  const sampler = startSampler(labSshdPids())
  const nodeBefore = process.cpuUsage()
  const started = performance.now()
  let done = 0
  let figures: ReturnType<ReturnType<typeof startSampler>['stop']>
  try {
    const request: ScanRequest = {
      targets: addresses,
      transport: 'ssh',
      concurrency,
      credential: { userName: lab.user, keyFile: lab.keyFile },
      hostKeyPolicy: 'no',
      probe: { reverseLookup: false },
    }
    const created = await services.scans.create(request)
    done = (await services.scans.run(created.scanId, request)).counts.done
  } finally {
    // Sample the pool's shells before they are stopped.
    await new Promise((resolve) => setTimeout(resolve, 200))
    figures = sampler.stop()
    await services.close()
  }
  const wallMs = performance.now() - started
  const node = process.cpuUsage(nodeBefore)
  return {
    node: (node.user + node.system) / 1e6 - figures.samplerCpu,
    pwsh: figures.scannerPwsh,
    ssh: figures.scannerSsh,
    labSshd: figures.labSshd,
    labPwsh: figures.labPwsh,
    wallMs,
    done,
    shells: figures.processes,
  }
}

async function bareSsh(lab: LabUp): Promise<{ client: number; lab: number }> {
  const sampler = startSampler(labSshdPids())
  for (const host of lab.hosts) {
    await execFileAsync('ssh', ['-i', lab.keyFile, '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR', '-o', 'BatchMode=yes', `${lab.user}@${host.address}`, 'true'])
  }
  const figures = sampler.stop()
  return { client: figures.scannerSsh, lab: figures.labSshd + figures.labPwsh }
}

const f = (n: number) => n.toFixed(2)
function report(label: string, split: Split, hosts: number): void {
  const per = (n: number) => f(n / hosts)
  const total = split.node + split.pwsh + split.ssh + split.labSshd + split.labPwsh
  say(`${label}: ${split.done}/${hosts} done in ${(split.wallMs / 1000).toFixed(1)} s wall, ${split.shells} scanner-side process(es) besides ssh`)
  say(
    `    CPU s per host: scanner node ${per(split.node)}, scanner pwsh ${per(split.pwsh)}, ssh client ${per(split.ssh)}; ` +
      `lab sshd ${per(split.labSshd)}, lab pwsh -sshs (start-up + lab module + collector) ${per(split.labPwsh)}; total ${per(total)}`,
  )
}

let lab: LabUp | null = null
try {
  lab = await startLab(['--hosts', String(HOSTS)])
  say(`lab of ${HOSTS} hosts up; ${os.cpus().length} CPUs, load ${os.loadavg().map((n) => n.toFixed(1)).join(' ')}`)
  const bare = await bareSsh(lab)
  say(`bare ssh HOST true: CPU s per host: ssh client ${f(bare.client / HOSTS)}, lab sshd ${f(bare.lab / HOSTS)}`)
  const cold: Split = { node: 0, pwsh: 0, ssh: 0, labSshd: 0, labPwsh: 0, wallMs: 0, done: 0, shells: 0 }
  for (const host of lab.hosts) {
    const one = await measuredScan(lab, [host.address], 1)
    for (const key of Object.keys(cold) as Array<keyof Split>) cold[key] += one[key]
  }
  report(`single-host scans, each with a fresh pool (${HOSTS})`, cold, HOSTS)
  // One shell for every host: its start-up is paid once, so the warm per-host cost shows.
  const shared = await measuredScan(lab, lab.hosts.map((h) => h.address), 1)
  report(`one scan of all ${HOSTS} hosts, concurrency 1`, shared, HOSTS)
  say(`    scanner pwsh per host once its shell is warm: ${f((shared.pwsh - cold.pwsh / HOSTS) / Math.max(1, HOSTS - 1))} s (the first host's shell start-up, ${f(cold.pwsh / HOSTS)} s, is paid per shell)`)
  say(`load afterwards ${os.loadavg().map((n) => n.toFixed(1)).join(' ')}`)
} finally {
  if (lab) await stopLab().catch((error: unknown) => say(`lab down failed: ${String(error)}`))
  for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true })
}
