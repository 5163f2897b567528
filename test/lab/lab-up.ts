import fs from 'node:fs'
import path from 'node:path'
import { SHARED_DATA } from '../helpers/shared-data'
import { buildFixture } from './fixtures/build-fixture'
import { loadBuildTable } from './fixtures/build-table'
import type { LabBehaviour } from './fixtures/fixture-schema'
import { labDown } from './lab-down'
import { eachLimited, run } from './lab-exec'
import { type SshdShared, createHostNetwork, startSshd, waitForPort, writeSshdFiles } from './lab-host'
import { BRIDGE, BRIDGE_ADDRESS, LAB_USER, SUBNET, SUBNET_PREFIX, hostNames } from './lab-layout'
import type { LabUpOptions } from './lab-options'
import { labPwshCommand, reachableByAll } from './lab-pwsh'
import { type HostMode, type HostState, type LabState, writeLabState } from './lab-state'
import { ensureLabUser, labPasswordFromEnv } from './lab-user'

/** The one JSON document `up` prints. */
export interface LabDescription {
  readonly hosts: { readonly name: string; readonly address: string; readonly mode: HostMode; readonly fixture: string }[]
  /** One address per line (lab names do not resolve: use addresses). */
  readonly listFile: string
  /** /etc/hosts-style lines "address name"; /etc/hosts itself is never edited. */
  readonly hostsFile: string
  readonly user: string
  /** The client's private key (mode 600). */
  readonly keyFile: string
  readonly subnet: string
  /** ssh options the lab needs: host keys change on every `up`. */
  readonly sshOptions: Readonly<Record<string, string>>
}

const MODULES_SOURCE = path.join(import.meta.dirname, 'modules')

/**
 * Brings a lab of `options.hosts` hosts up (tearing down a previous one first). Every resource is
 * recorded in the state file before it is made, so `labDown` can remove it even if this crashes.
 */
export async function labUp(dir: string, options: LabUpOptions, log: (line: string) => void): Promise<LabDescription> {
  checkPrerequisites()
  // The folder's paths go into sshd_config unquoted, and the lab user reads from it.
  if (/[\s'"]/.test(dir)) throw new Error(`the lab folder ${dir} contains white space or quotes; set PATCHLANE_LAB_DIR to a plain path`)
  await labDown(dir, log)
  if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) throw new Error(`${dir} exists and is not a lab folder; the lab needs a folder of its own (PATCHLANE_LAB_DIR)`)
  checkSubnetFree()
  const started = Date.now()
  fs.mkdirSync(dir, { recursive: true, mode: 0o755 })
  fs.chmodSync(dir, 0o755)
  if (!reachableByAll(dir, fs.constants.S_IROTH)) throw new Error(`the lab user cannot reach ${dir}: choose a PATCHLANE_LAB_DIR outside private folders such as /root`)
  const state: LabState = { schemaVersion: 1, dir, createdAt: new Date().toISOString(), bridge: null, hosts: [], output: null }
  writeLabState(state)

  const wantsPassword = [...options.modes.values()].some((m) => m.mode === 'password-auth')
  ensureLabUser(log, wantsPassword ? labPasswordFromEnv() : null)
  const pwshCommand = labPwshCommand(dir)
  const modulesDir = path.join(dir, 'modules')
  fs.cpSync(MODULES_SOURCE, modulesDir, { recursive: true })
  const sessionConfiguration = path.join(dir, 'lab.pssc')
  // Imported before the first command runs, so the module's New-Object shadows the cmdlet even
  // when a script asks for Microsoft.Update.Session before any CIM call.
  fs.writeFileSync(sessionConfiguration, `@{ SchemaVersion = '2.0.0.0'; SessionType = 'Default'; ModulesToImport = @('${path.join(modulesDir, 'PatchlaneLab')}') }\n`, { mode: 0o644 })

  const clientDir = path.join(dir, 'client')
  fs.mkdirSync(clientDir, { mode: 0o700 })
  const keyFile = path.join(clientDir, 'id_ed25519')
  run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'patchlane-lab-client', '-f', keyFile])
  run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'stranger', '-f', path.join(clientDir, 'stranger')])
  const shared: SshdShared = {
    pwshCommand,
    sessionConfiguration,
    modulesDir,
    clientPublicKey: fs.readFileSync(`${keyFile}.pub`, 'utf8'),
    strangerPublicKey: fs.readFileSync(path.join(clientDir, 'stranger.pub'), 'utf8'),
  }

  state.bridge = BRIDGE
  writeLabState(state)
  run('ip', ['link', 'add', BRIDGE, 'type', 'bridge'])
  run('ip', ['addr', 'add', `${BRIDGE_ADDRESS}/24`, 'dev', BRIDGE])
  run('ip', ['link', 'set', BRIDGE, 'up'])

  const table = loadBuildTable(SHARED_DATA)
  const computerNames = new Map<string, string>()
  for (let n = 1; n <= options.hosts; n++) {
    const names = hostNames(n)
    const wanted = options.modes.get(names.name) ?? { mode: 'ok' as const, delaySeconds: 0 }
    const hostDir = path.join(dir, 'hosts', names.name)
    const host: HostState = { ...names, mode: wanted.mode, dir: hostDir, fixture: path.join(hostDir, 'fixture.json'), sshdPid: null }
    state.hosts.push(host)
    writeLabState(state)
    fs.mkdirSync(hostDir, { recursive: true, mode: 0o755 })
    createHostNetwork(host)
    const behaviour: LabBehaviour = {
      delaySeconds: wanted.delaySeconds,
      garbage: host.mode === 'garbage' ? 'data' : host.mode === 'garbage-protocol' ? 'protocol' : 'none',
      ...('wua' in wanted && wanted.wua ? { wua: wanted.wua } : {}),
    }
    const fixture = buildFixture({ index: n - 1, name: host.name, address: host.address, behaviour, sharedDataDir: SHARED_DATA, table })
    fs.writeFileSync(host.fixture, `${JSON.stringify(fixture, null, 2)}\n`, { mode: 0o644 })
    computerNames.set(host.name, fixture.operatingSystem.CSName)
  }
  // Keys and sshd start-ups are the slow part (a process each): a few hosts at a time.
  await eachLimited(state.hosts, 6, async (host) => {
    const config = await writeSshdFiles(host, computerNames.get(host.name) ?? host.name.toUpperCase(), shared)
    if (host.mode !== 'down' && host.mode !== 'unreachable') {
      host.sshdPid = await startSshd(host, config)
      writeLabState(state)
    }
  })
  await Promise.all(state.hosts.filter((h) => h.sshdPid !== null).map((h) => waitForPort(h.address, 22, 10_000)))

  const listFile = path.join(dir, 'hosts.txt')
  fs.writeFileSync(listFile, state.hosts.map((h) => `${h.address}\n`).join(''), { mode: 0o644 })
  const hostsFile = path.join(dir, 'etc-hosts')
  fs.writeFileSync(hostsFile, state.hosts.map((h) => `${h.address}\t${h.name} ${h.namespace}\n`).join(''), { mode: 0o644 })
  const output: LabDescription = {
    hosts: state.hosts.map((h) => ({ name: h.name, address: h.address, mode: h.mode, fixture: h.fixture })),
    listFile,
    hostsFile,
    user: LAB_USER,
    keyFile,
    subnet: SUBNET,
    sshOptions: { StrictHostKeyChecking: 'no', UserKnownHostsFile: '/dev/null', LogLevel: 'ERROR' },
  }
  state.output = output
  writeLabState(state)
  log(`up: ${options.hosts} hosts on ${SUBNET} in ${Date.now() - started} ms`)
  return output
}

function checkPrerequisites(): void {
  if (process.getuid?.() !== 0) throw new Error('the lab creates network namespaces and runs sshd: run it as root')
  for (const tool of ['/usr/sbin/sshd', '/usr/bin/ssh-keygen']) {
    if (!fs.existsSync(tool)) throw new Error(`${tool} is missing: install openssh-server and openssh-client`)
  }
  run('ip', ['-V'])
}

/** Refuses to start when something other than the lab already uses the lab's /24. */
function checkSubnetFree(): void {
  const routes = run('ip', ['-4', '-o', 'route', 'show'])
    .split('\n')
    .filter((line) => line.startsWith(`${SUBNET_PREFIX}.`) || line.startsWith('10.231.0.0/'))
  if (routes.length > 0) throw new Error(`${SUBNET} is already routed on this machine (${routes.join('; ')}): the lab would shadow it`)
}
