import fs from 'node:fs'
import { run, tryRun } from './lab-exec'
import { LINK_PATTERN, NAMESPACE_PATTERN } from './lab-layout'
import { type LabState, readLabState } from './lab-state'
import { clearLabUserPassword } from './lab-user'

/** What `down` removed. */
export interface LabDownReport {
  readonly namespaces: string[]
  readonly links: string[]
  readonly killed: number[]
  readonly removedDir: boolean
}

/**
 * Removes the lab: every process inside each lab namespace (sshd and the pwsh sessions it spawned,
 * by PID), the veths, the bridge, the namespaces, and the lab folder. Works
 * from the state file, then sweeps `plab-h*` namespaces and `plab*` links a crashed `up` may have
 * left before it could record them. Safe to run when nothing is up.
 */
export async function labDown(dir: string, log: (line: string) => void): Promise<LabDownReport> {
  let state: LabState | null = null
  try {
    state = readLabState(dir)
  } catch (error) {
    log(`${(error as Error).message}: sweeping by name only`)
  }
  const namespaces = new Set<string>(state?.hosts.map((h) => h.namespace) ?? [])
  for (const ns of listNamespaces()) if (NAMESPACE_PATTERN.test(ns)) namespaces.add(ns)

  const killed: number[] = []
  const pids = new Set<number>()
  for (const host of state?.hosts ?? []) if (host.sshdPid && isSshd(host.sshdPid)) pids.add(host.sshdPid)
  for (const ns of namespaces) for (const pid of namespacePids(ns)) pids.add(pid)
  for (const pid of pids) if (signal(pid, 'SIGTERM')) killed.push(pid)
  // Give them a moment, then make sure.
  for (let waited = 0; waited < 2000 && [...pids].some(alive); waited += 50) await new Promise((r) => setTimeout(r, 50))
  for (const pid of pids) if (alive(pid)) signal(pid, 'SIGKILL')

  // Links first: deleting a veth takes its peer in the namespace with it, synchronously, whereas
  // a deleted namespace frees its devices later (the kernel cleans up in the background).
  const links = new Set<string>()
  for (const host of state?.hosts ?? []) links.add(host.veth)
  if (state?.bridge) links.add(state.bridge)
  const present = listLinks()
  for (const link of present) if (LINK_PATTERN.test(link)) links.add(link)
  const removedLinks: string[] = []
  for (const link of [...links].sort((a, b) => b.length - a.length)) {
    if (present.includes(link) && tryRun('ip', ['link', 'del', link], log)) removedLinks.push(link)
  }
  const removedNamespaces: string[] = []
  for (const ns of namespaces) {
    if (tryRun('ip', ['netns', 'del', ns], log)) removedNamespaces.push(ns)
  }
  // Only a folder the lab made (it holds a state file) is removed wholesale; an empty one goes too.
  let removedDir = false
  if (state || (fs.existsSync(dir) && fs.readdirSync(dir).length === 0)) {
    fs.rmSync(dir, { recursive: true, force: true })
    removedDir = true
  } else if (fs.existsSync(dir)) {
    log(`${dir} has no lab state file: left as it is`)
  }
  try {
    clearLabUserPassword()
  } catch (error) {
    log((error as Error).message)
  }
  if (removedNamespaces.length || removedLinks.length || killed.length) {
    log(`down: killed ${killed.length} processes, removed ${removedNamespaces.length} namespaces and ${removedLinks.length} links`)
  }
  return { namespaces: removedNamespaces, links: removedLinks, killed, removedDir }
}

/** The names of network namespaces (`ip netns list` prints "name (id: n)"). */
export function listNamespaces(): string[] {
  return run('ip', ['netns', 'list'])
    .split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter(Boolean)
}

/** The names of links in the root namespace ("plab-v01@if2" → "plab-v01"). */
export function listLinks(): string[] {
  return run('ip', ['-o', 'link', 'show'])
    .split('\n')
    .map((line) => /^\d+:\s+([^:@\s]+)/.exec(line)?.[1] ?? '')
    .filter(Boolean)
}

/** PIDs of the processes inside a namespace. */
export function namespacePids(ns: string): number[] {
  try {
    return run('ip', ['netns', 'pids', ns])
      .split('\n')
      .map(Number)
      .filter((pid) => pid > 0)
  } catch {
    return []
  }
}

function isSshd(pid: number): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('sshd')
  } catch {
    return false
  }
}

/** Whether pid exists and is not a zombie. */
export function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    return !/\) Z /.test(stat)
  } catch {
    return false
  }
}

function signal(pid: number, name: NodeJS.Signals): boolean {
  try {
    process.kill(pid, name)
    return true
  } catch {
    return false
  }
}
