import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { run, runAsync } from './lab-exec'
import { BRIDGE, LAB_USER } from './lab-layout'
import type { HostState } from './lab-state'

/** What every host's sshd shares. */
export interface SshdShared {
  readonly pwshCommand: readonly string[]
  readonly sessionConfiguration: string
  readonly modulesDir: string
  readonly clientPublicKey: string
  /** A key nobody holds: what a refuse-auth host's authorized_keys contains instead. */
  readonly strangerPublicKey: string
}

/** Creates the host's namespace and veth (bridge side `plab-vNN`, namespace side `eth0`) with its address. */
export function createHostNetwork(host: HostState): void {
  run('ip', ['netns', 'add', host.namespace])
  run('ip', ['link', 'add', host.veth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', host.namespace])
  run('ip', ['link', 'set', host.veth, 'master', BRIDGE, 'up'])
  run('ip', ['-n', host.namespace, 'link', 'set', 'lo', 'up'])
  run('ip', ['-n', host.namespace, 'addr', 'add', `${host.address}/24`, 'dev', 'eth0'])
  // An unreachable host keeps its namespace but its interface stays down: no ARP answer, like a
  // machine that is off. A down ('closed') host answers on the network but runs no sshd.
  if (host.mode !== 'unreachable') run('ip', ['-n', host.namespace, 'link', 'set', 'eth0', 'up'])
}

/**
 * Writes the host's sshd configuration, host key and authorized_keys; returns the config path.
 * `computerName` (the fixture's CSName) becomes $env:COMPUTERNAME in the host's sessions, as on Windows.
 */
export async function writeSshdFiles(host: HostState, computerName: string, shared: SshdShared): Promise<string> {
  const hostKey = path.join(host.dir, 'ssh_host_ed25519_key')
  await runAsync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `${host.name}@patchlane-lab`, '-f', hostKey])
  const authorizedKeys = path.join(host.dir, 'authorized_keys')
  // sshd reads authorized_keys as the lab user: world-readable, in a world-readable folder.
  fs.writeFileSync(authorizedKeys, host.mode === 'refuse-auth' ? shared.strangerPublicKey : shared.clientPublicKey, { mode: 0o644 })
  // The Windows Update search's files and tasks: %SystemRoot%\Temp and the Task Scheduler stand-in's
  // store (modules/PatchlaneLab/ScheduledTasks.ps1), both the lab user's, so a test can check that
  // nothing is left behind in either.
  const systemRoot = path.join(host.dir, 'windows')
  const tasks = path.join(host.dir, 'tasks')
  fs.mkdirSync(path.join(systemRoot, 'Temp'), { recursive: true, mode: 0o755 })
  fs.mkdirSync(tasks, { recursive: true, mode: 0o755 })
  await runAsync('chown', ['-R', `${LAB_USER}:${LAB_USER}`, systemRoot, tasks])
  const config = path.join(host.dir, 'sshd_config')
  const subsystem = [...shared.pwshCommand, '-sshs', '-NoLogo', '-NoProfile', '-ConfigurationFile', shared.sessionConfiguration].join(' ')
  const lines = [
    `# Lab host ${host.name} (${host.address}); made by test/lab/lab.ts, removed by \`npm run -s lab -- down\`.`,
    `ListenAddress ${host.address}:22`,
    `HostKey ${hostKey}`,
    `PidFile ${path.join(host.dir, 'sshd.pid')}`,
    'UsePAM no',
    // Keys live in the lab's temp folder, not in the user's ~/.ssh: skip sshd's ownership checks.
    'StrictModes no',
    'PubkeyAuthentication yes',
    // password-auth: the lab user's password (set by `up` from PATCHLANE_LAB_PASSWORD) works too.
    `PasswordAuthentication ${host.mode === 'password-auth' ? 'yes' : 'no'}`,
    'KbdInteractiveAuthentication no',
    'PermitRootLogin no',
    `AllowUsers ${LAB_USER}`,
    `AuthorizedKeysFile ${authorizedKeys}`,
    'X11Forwarding no',
    'AllowTcpForwarding no',
    'PrintMotd no',
    'UseDNS no',
    // The scans open many sessions at once; sshd's default (10:30:100) would drop some.
    'MaxStartups 64',
    'LogLevel INFO',
    // pwsh would try to send telemetry and check for updates; a lab host has no route out anyway.
    // Each session is a short-lived pwsh on CPUs the scanner shares: no tiered-PGO instrumentation
    // and no background GC thread (test/bench/scan-cpu.ts: about 6% less CPU per session).
    `SetEnv PATCHLANE_LAB_FIXTURE=${host.fixture} PSModulePath=${shared.modulesDir} COMPUTERNAME=${computerName} POWERSHELL_TELEMETRY_OPTOUT=1 POWERSHELL_UPDATECHECK=Off DOTNET_TieredPGO=0 DOTNET_gcConcurrent=0 SystemRoot=${systemRoot} PATCHLANE_LAB_TASKS=${tasks} PATCHLANE_LAB_PWSH=${shared.pwshCommand.join(',')} PATCHLANE_LAB_PSSC=${shared.sessionConfiguration}`,
    `Subsystem powershell ${subsystem}`,
    '',
  ]
  fs.writeFileSync(config, lines.join('\n'), { mode: 0o644 })
  return config
}

/** Starts sshd inside the host's namespace (it daemonises) and returns its PID from the PidFile. */
export async function startSshd(host: HostState, config: string): Promise<number> {
  fs.mkdirSync('/run/sshd', { recursive: true, mode: 0o755 })
  await runAsync('ip', ['netns', 'exec', host.namespace, '/usr/sbin/sshd', '-f', config, '-E', path.join(host.dir, 'sshd.log')])
  const pidFile = path.join(host.dir, 'sshd.pid')
  for (let waited = 0; waited < 5000; waited += 20) {
    if (fs.existsSync(pidFile)) {
      const pid = Number(fs.readFileSync(pidFile, 'utf8').trim())
      if (pid > 0) return pid
    }
    await sleep(20)
  }
  throw new Error(`sshd for lab host ${host.name} wrote no PID file in 5 s; see ${path.join(host.dir, 'sshd.log')}`)
}

/** Resolves when address:port accepts a TCP connection, rejects after timeoutMs. */
export async function waitForPort(address: string, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: address, port, timeout: 1000 })
      socket.once('connect', () => {
        socket.destroy()
        resolve(true)
      })
      socket.once('error', () => resolve(false))
      socket.once('timeout', () => {
        socket.destroy()
        resolve(false)
      })
    })
    if (open) return
    if (Date.now() > deadline) throw new Error(`lab host ${address}:${port} did not accept connections within ${timeoutMs} ms`)
    await sleep(50)
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
