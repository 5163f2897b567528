import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { testPowerShell } from '../../helpers/pwsh'

/**
 * Runs the real `patchlane` CLI as a child process (as an administrator's shell would) against a
 * lab, with its own PATCHLANE_HOME, for the scan-lab tests.
 */

const root = path.join(import.meta.dirname, '..', '..', '..')
const cliMain = path.join(root, 'src-main', 'cli', 'main.ts')

/** The lab needs root, iproute2, sshd and pwsh; CI runs as root with all of them and must not skip. */
export function labAvailable(): boolean {
  const pwsh = testPowerShell()
  const ip = ['/usr/sbin/ip', '/sbin/ip', '/usr/bin/ip'].some((file) => fs.existsSync(file))
  const ok = process.getuid?.() === 0 && fs.existsSync('/usr/sbin/sshd') && ip && pwsh !== null
  if (!ok && process.env.CI === 'true') throw new Error('CI=true but the lab cannot run: it needs root, iproute2, openssh-server and pwsh (.ci/run installs them)')
  return ok
}

/** What a finished CLI run left. */
export interface CliRun {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
}

/** A CLI run under way: its process, what it printed so far, and its end. */
export interface CliChild {
  readonly child: ChildProcess
  readonly output: { stdout: string; stderr: string }
  readonly done: Promise<CliRun>
}

/**
 * Starts `node --import tsx src-main/cli/main.ts ARGS` with PATCHLANE_HOME = `home`. The child leads
 * its own process group, so a test that kills it can also end the pwsh shells it left behind.
 */
export function startCli(args: readonly string[], home: string): CliChild {
  const child = spawn(process.execPath, ['--import', 'tsx', cliMain, ...args], {
    cwd: root,
    env: { ...process.env, PATCHLANE_HOME: home, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  const output = { stdout: '', stderr: '' }
  child.stdout?.on('data', (chunk: Buffer) => (output.stdout += chunk.toString('utf8')))
  child.stderr?.on('data', (chunk: Buffer) => (output.stderr += chunk.toString('utf8')))
  const done = new Promise<CliRun>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout: output.stdout, stderr: output.stderr }))
  })
  return { child, output, done }
}

/** Runs the CLI to its end. */
export function runCli(args: readonly string[], home: string): Promise<CliRun> {
  return startCli(args, home).done
}

/** Resolves once `predicate` holds on what the child printed, or rejects when it ends first or time runs out. */
export async function waitForOutput(run: CliChild, predicate: (output: { stdout: string; stderr: string }) => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let ended = false
  void run.done.then(() => (ended = true))
  while (!predicate(run.output)) {
    if (ended) throw new Error(`the CLI ended before the awaited output:\n${run.output.stderr.slice(-2000)}`)
    if (Date.now() > deadline) throw new Error(`timed out waiting for CLI output:\n${run.output.stderr.slice(-2000)}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** Lines of live progress that report a finished host (`done over ssh`). */
export function doneLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => / done over /.test(line))
}

/** Ends what is left of a child's process group (pwsh shells orphaned by a kill), ignoring a group already gone. */
export function killGroup(pid: number | undefined): void {
  if (!pid) return
  try {
    process.kill(-pid, 'SIGKILL')
  } catch {
    // The group is already gone.
  }
}
