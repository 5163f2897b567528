import fs from 'node:fs'
import type { Command } from 'commander'
import type { ScanHost, ScanSummary } from '../../contract/schemas/scan'
import { CoreError } from '../../errors'
import type { ScanCredential } from '../../scan/remote-params'
import type { ScanRequest } from '../../scan/scan-service'
import { TRANSPORTS, type Transport } from '../../targets/choose-transport'
import { latestAssessmentOfScanHost } from '../../store/assessments'
import { getHostInventoryJson } from '../../store/scans'
import { printJson, printLine } from '../output'
import { withServices } from '../open-services'
import { cliCipherFactory } from '../../credentials/cli-cipher'
import { renderProgressLine } from './scan-progress'
import { printWuaAgreements, wuaFromCli } from './scan-wua'
import { wuaSideBySideOf } from '../../assess/wua-side-by-side'

interface ScanOptions {
  target?: string[]
  list?: string[]
  range?: string[]
  cidr?: string[]
  domain?: string[]
  transport: string
  user?: string
  keyFile?: string
  credential?: string
  secretKey?: string
  wua?: string
  cab?: string
  concurrency: string
  yes?: boolean
  json?: boolean
  resume?: string
  knownHosts?: string
  hostKeyPolicy?: string
  reverseDns: boolean
}

/** Exit codes a scheduled task or script can act on. */
export const SCAN_EXIT = { ok: 0, failed: 1, usage: 2, someHostsNotScanned: 3, criticalMissing: 4, cancelled: 130 } as const

/**
 * `patchlane scan`: probe, collect and keep every target's inventory; `--resume ID` finishes an
 * interrupted scan. Progress goes to stderr for a person; `--json` prints one document at the end.
 */
export function registerScan(program: Command): void {
  const collect = (value: string, previous: string[] = []) => [...previous, value]
  program
    .command('scan')
    .description('Scan computers: by name, list file, IPv4 range, CIDR or AD domain.')
    .option('--target <name>', 'computer name, FQDN, address, or "." for this computer (repeatable)', collect)
    .option('--list <file>', 'file with one target per line, # for comments (repeatable)', collect)
    .option('--range <a-b>', 'IPv4 range, e.g. 192.168.1.10-192.168.1.50 (repeatable)', collect)
    .option('--cidr <x/n>', 'IPv4 network, e.g. 192.168.1.0/24 (repeatable)', collect)
    .option('--domain <name>', 'every enabled computer of an AD domain (repeatable)', collect)
    .option('--transport <kind>', `auto, ${TRANSPORTS.join(', ')}`, 'auto')
    .option('--user <name>', 'account for the hosts (with --key-file for SSH)')
    .option('--key-file <file>', 'SSH private key file')
    .option('--credential <name>', 'a stored credential (patchlane credential add); only its name is kept with the scan')
    .option('--secret-key <file>', 'key file the stored passwords were encrypted with (default: the OS keychain, or PATCHLANE_SECRET_KEY)')
    .option('--wua <mode>', 'also ask the Windows Update Agent: online or offline')
    .option('--cab <file>', 'wsusscn2.cab for --wua offline')
    .option('--concurrency <n>', 'hosts collected at once', '16')
    .option('--known-hosts <file>', 'SSH known-hosts file (default: in the data folder)')
    .option('--host-key-policy <policy>', 'SSH host keys: accept-new (default), yes, no')
    .option('--no-reverse-dns', 'do not look up the name of each address')
    .option('--yes', 'confirm a scan of more than 65,536 addresses')
    .option('--resume <id>', 'finish an interrupted or cancelled scan')
    .option('--json', 'print one JSON document')
    .action(async (options: ScanOptions) => {
      const code = await scan(options)
      process.exitCode = code
    })
}

async function scan(options: ScanOptions): Promise<number> {
  const transport = options.transport as Transport | 'auto'
  if (transport !== 'auto' && !TRANSPORTS.includes(transport as Transport)) throw usage(`--transport must be auto, ${TRANSPORTS.join(', ')} (got ${options.transport}).`)
  const concurrency = Number(options.concurrency)
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) throw usage(`--concurrency must be a whole number from 1 to 256 (got ${options.concurrency}).`)
  if (options.credential && (options.user || options.keyFile)) throw usage('Give either --credential or --user/--key-file, not both.')
  if (options.credential && options.resume) throw usage('--resume takes no --credential: the scan re-reads the stored credential it was started with.')
  if (options.resume && (options.wua || options.cab)) throw usage('--resume takes no --wua or --cab: the scan keeps the agent search it was started with.')
  const wua = wuaFromCli(options.wua, options.cab)
  if (options.keyFile && !fs.existsSync(options.keyFile)) throw usage(`--key-file ${options.keyFile} does not exist.`)
  if (options.keyFile && !options.user) throw usage('--key-file needs --user.')
  const policy = options.hostKeyPolicy ?? 'accept-new'
  if (!['accept-new', 'yes', 'no'].includes(policy)) throw usage('--host-key-policy must be accept-new, yes or no.')
  const credential: ScanCredential | null = options.user ? { userName: options.user, ...(options.keyFile ? { keyFile: options.keyFile } : {}) } : null

  const specs = [
    ...(options.target ?? []),
    ...(options.list ?? []).map((file) => `@${file}`),
    ...(options.range ?? []),
    ...(options.cidr ?? []),
    ...(options.domain ?? []).map((name) => `domain:${name}`),
  ]
  if (options.resume && specs.length > 0) throw usage('--resume takes no targets: the scan keeps its own.')
  if (!options.resume && specs.length === 0) throw usage('Name what to scan: --target, --list, --range, --cidr or --domain.')

  return withServices(async (services) => {
    const controller = new AbortController()
    const onSignal = () => controller.abort()
    process.once('SIGINT', onSignal)
    process.once('SIGTERM', onSignal)
    const off = services.events.on('scanProgress', (event) => {
      if (!options.json || event.host.state === 'failed') process.stderr.write(`${renderProgressLine(event)}\n`)
    })
    try {
      let scanId: string
      let summary: ScanSummary
      if (options.resume) {
        scanId = options.resume
        summary = await services.scans.resume(scanId, credential, controller.signal)
      } else {
        const request: ScanRequest = {
          targets: specs,
          transport,
          concurrency,
          credential,
          ...(options.credential ? { credentialName: options.credential } : {}),
          ...(wua ? { wua } : {}),
          confirmLarge: options.yes ?? false,
          hostKeyPolicy: policy as 'accept-new' | 'yes' | 'no',
          ...(options.reverseDns ? {} : { probe: { reverseLookup: false } }),
          ...(options.knownHosts ? { knownHostsFile: options.knownHosts } : {}),
        }
        const created = await services.scans.create(request)
        scanId = created.scanId
        if (!options.json) {
          printLine(`Scan ${scanId}: ${created.hosts} target${created.hosts === 1 ? '' : 's'}`)
          created.notes.forEach((note) => printLine(`  note: ${note}`))
        }
        summary = await services.scans.run(scanId, request, controller.signal)
      }
      const hosts = services.scans.get(scanId)?.hosts ?? []
      if (options.json) printJson({ scanId, state: summary.state, hosts: hosts.map((host) => hostDocument(services.db, host)) })
      else {
        printSummary(summary, hosts)
        printWuaAgreements(services.db, hosts)
      }
      if (summary.state === 'cancelled') return SCAN_EXIT.cancelled
      const critical = hosts.some((host) => {
        const assessment = latestAssessmentOfScanHost(services.db, host.id)
        return assessment !== null && (assessment.summary.missingCritical > 0 || assessment.summary.exposedExploited > 0 || assessment.summary.exposedKev > 0)
      })
      if (critical) return SCAN_EXIT.criticalMissing
      return summary.counts.failed + summary.counts.unreachable > 0 ? SCAN_EXIT.someHostsNotScanned : SCAN_EXIT.ok
    } finally {
      off()
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
    }
    // The cipher opens a stored password only when the scan runs (and on --resume).
  }, { secrets: cliCipherFactory({ secretKey: options.secretKey }) })
}

function hostDocument(db: Parameters<typeof getHostInventoryJson>[0], host: ScanHost) {
  const state = host.state === 'done' || host.state === 'unreachable' ? host.state : host.state === 'cancelled' ? 'cancelled' : 'failed'
  return {
    target: host.target,
    address: host.address,
    state,
    transport: host.transport,
    openPorts: host.openPorts,
    error: host.error,
    inventory: host.state === 'done' ? getHostInventoryJson(db, host.id) : null,
    assessment: host.state === 'done' ? latestAssessmentOfScanHost(db, host.id) : null,
    // The agent's answer beside Patchlane's; null when the scan did not ask the agent.
    wua: host.state === 'done' ? wuaSideBySideOf(db, host.id) : null,
  }
}

function printSummary(summary: ScanSummary, hosts: ReadonlyArray<ScanHost>): void {
  const c = summary.counts
  printLine(`\nScan ${summary.id} ${summary.state}: ${c.done} scanned, ${c.failed} failed, ${c.unreachable} unreachable${c.cancelled ? `, ${c.cancelled} cancelled` : ''}.`)
  for (const host of hosts.filter((h) => h.error)) {
    printLine(`  ${host.target}: ${host.error?.cause}`)
    printLine(`    fix: ${host.error?.fix}`)
  }
  if (summary.state !== 'finished') printLine(`Resume with: patchlane scan --resume ${summary.id}`)
}

function usage(message: string): CoreError {
  return new CoreError('invalid-input', message)
}
