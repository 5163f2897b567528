/**
 * The lab of test hosts (TEST ONLY, never shipped): `npm run -s lab -- up --hosts N`, `down`, `status`.
 *
 * `up` makes N hosts on this machine as network namespaces on a private /24 behind one bridge,
 * each running sshd with the PowerShell subsystem and the PatchlaneLab module answering CIM and
 * Windows Update calls from a fixture built from real captures. It prints one JSON document on
 * stdout (progress goes to stderr). Needs root. A test run that owns the lab sets
 * PATCHLANE_LAB_OWNER (see lab-lock.ts); tests use lab-client.ts rather than this CLI directly.
 */
import { Command } from 'commander'
import { labDown, namespacePids, alive } from './lab-down'
import { logToStderr } from './lab-exec'
import { labDir } from './lab-layout'
import { acquireLabLock, labOwnerFromEnv, releaseLabLock } from './lab-lock'
import { parseLabOptions } from './lab-options'
import { readLabState } from './lab-state'
import { labUp } from './lab-up'

const collect = (value: string, previous: string[]): string[] => [...previous, value]

const program = new Command('lab')
  .description('Patchlane test lab: SSH + PowerShell hosts in network namespaces (run as root)')
  .showHelpAfterError()

program
  .command('up')
  .description('create the lab (tearing down a previous one) and print {hosts, listFile, user, keyFile, subnet}')
  .requiredOption('--hosts <n>', 'number of hosts', (v) => Number(v))
  .option('--slow <name:seconds>', 'this host sleeps before every answer (repeatable)', collect, [])
  .option('--down <name[:closed|unreachable]>', 'unreachable (default: interface down) or closed (no sshd) (repeatable)', collect, [])
  .option('--refuse-auth <name>', "this host's sshd does not hold the lab key (repeatable)", collect, [])
  .option('--garbage <name[:data|protocol]>', 'malformed objects and odd CIM errors, or bytes into the remoting stream (repeatable)', collect, [])
  .option('--wua-broken <name[:error|disabled|hang|no-tasks]>', "this host's Windows Update search fails (repeatable)", collect, [])
  .option('--password-auth <name>', "this host's sshd also takes the lab user's password, read from PATCHLANE_LAB_PASSWORD (repeatable)", collect, [])
  .action(async (opts: { hosts: number; slow: string[]; down: string[]; refuseAuth: string[]; garbage: string[]; passwordAuth: string[]; wuaBroken: string[] }) => {
    const options = parseLabOptions(opts.hosts, { slow: opts.slow, down: opts.down, refuseAuth: opts.refuseAuth, garbage: opts.garbage, passwordAuth: opts.passwordAuth, wuaBroken: opts.wuaBroken })
    const dir = labDir()
    const owner = labOwnerFromEnv()
    acquireLabLock(dir, owner)
    try {
      const description = await labUp(dir, options, logToStderr)
      process.stdout.write(`${JSON.stringify(description, null, 2)}\n`)
    } catch (error) {
      logToStderr(`up failed: ${(error as Error).message}; tearing down what was made`)
      await labDown(dir, logToStderr)
      releaseLabLock(dir, owner, false)
      throw error
    }
  })

program
  .command('down')
  .description('remove everything `up` made (processes, namespaces, links, the lab folder)')
  .option('--force', 'even while a live test run owns the lab')
  .action(async (opts: { force?: boolean }) => {
    const dir = labDir()
    releaseLabLock(dir, labOwnerFromEnv(), opts.force === true)
    const report = await labDown(dir, logToStderr)
    process.stdout.write(`${JSON.stringify(report)}\n`)
  })

program
  .command('status')
  .description('print the lab state and which hosts have a live sshd')
  .action(() => {
    const state = readLabState(labDir())
    if (!state) {
      process.stdout.write(`${JSON.stringify({ up: false })}\n`)
      return
    }
    const hosts = state.hosts.map((h) => ({ name: h.name, address: h.address, mode: h.mode, sshdAlive: h.sshdPid !== null && alive(h.sshdPid), processes: namespacePids(h.namespace).length }))
    process.stdout.write(`${JSON.stringify({ up: true, createdAt: state.createdAt, description: state.output, hosts }, null, 2)}\n`)
  })

program.parseAsync(process.argv).catch((error: unknown) => {
  logToStderr((error as Error).message)
  process.exitCode = 1
})
