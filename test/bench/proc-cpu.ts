// CPU seconds of process trees, sampled from /proc (Linux): the scanner's children (the runner's
// pwsh shells and their ssh clients) and each lab host's sshd with what it starts. Used by
// test/bench/scan-cpu.ts and test/bench/scan.ts. CPU seconds are far less sensitive to a shared
// machine than wall time.
import fs from 'node:fs'
import { labDir } from '../lab/lab-layout'
import { readLabState } from '../lab/lab-state'

const TICK = 100 // USER_HZ

/** One process as /proc/PID/stat describes it. */
export interface Proc {
  readonly pid: number
  readonly ppid: number
  readonly comm: string
  /** utime + stime, seconds. */
  readonly self: number
  /** cutime + cstime (reaped children), seconds. */
  readonly children: number
}

function readProc(pid: number): Proc | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    const comm = text.slice(text.indexOf('(') + 1, text.lastIndexOf(')'))
    // After "pid (comm) ": state, ppid, …; utime is field 14 of the line, index 11 here.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ')
    const n = (i: number) => Number(fields[i] ?? 0) / TICK
    return { pid, ppid: Number(fields[1]), comm, self: n(11) + n(12), children: n(13) + n(14) }
  } catch {
    return null
  }
}

function allProcs(): Proc[] {
  const procs: Proc[] = []
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const proc = readProc(Number(entry))
    if (proc) procs.push(proc)
  }
  return procs
}

/** Every descendant of `roots` (not the roots), by walking parent links. */
function descendants(procs: readonly Proc[], roots: ReadonlySet<number>): Proc[] {
  const byParent = new Map<number, Proc[]>()
  for (const proc of procs) byParent.set(proc.ppid, [...(byParent.get(proc.ppid) ?? []), proc])
  const found: Proc[] = []
  const queue = [...roots]
  while (queue.length > 0) {
    for (const child of byParent.get(queue.pop() ?? -1) ?? []) {
      found.push(child)
      queue.push(child.pid)
    }
  }
  return found
}

/**
 * Samples the process trees under this process (the runner's shells and their ssh clients) and
 * under the lab's sshds every 100 ms, keeping each process's last CPU figure: a process that
 * lives less than a tick, or its last tick, is missed (a few % at most).
 */
export function startSampler(labSshds: ReadonlySet<number>) {
  const scanner = new Map<number, Proc>()
  const lab = new Map<number, Proc>()
  let samplerCpu = 0
  const sample = () => {
    const before = process.cpuUsage()
    const procs = allProcs()
    for (const proc of descendants(procs, new Set([process.pid]))) scanner.set(proc.pid, proc)
    for (const proc of descendants(procs, labSshds)) lab.set(proc.pid, proc)
    const used = process.cpuUsage(before)
    samplerCpu += (used.user + used.system) / 1e6
  }
  const timer = setInterval(sample, 100)
  return {
    stop() {
      sample()
      clearInterval(timer)
      const sum = (map: Map<number, Proc>, test: (comm: string) => boolean) => [...map.values()].filter((p) => test(p.comm)).reduce((total, p) => total + p.self, 0)
      const isSsh = (comm: string) => comm === 'ssh'
      const isSshd = (comm: string) => comm.startsWith('sshd')
      return {
        samplerCpu,
        processes: [...scanner.values()].filter((p) => !isSsh(p.comm)).length,
        scannerPwsh: sum(scanner, (comm) => !isSsh(comm)),
        scannerSsh: sum(scanner, isSsh),
        labSshd: sum(lab, isSshd),
        labPwsh: sum(lab, (comm) => !isSshd(comm)),
      }
    },
  }
}

/** The master sshd of every lab host (from the lab's state.json). */
export function labSshdPids(): Set<number> {
  const state = readLabState(labDir())
  return new Set((state?.hosts ?? []).flatMap((host) => (host.sshdPid ? [host.sshdPid] : [])))
}
