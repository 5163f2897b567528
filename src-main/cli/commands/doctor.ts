import type { Command } from 'commander'
import { resolveDataDir } from '../../data-dir'
import { formatBytes, printJson, printLine } from '../output'
import { withServices } from '../open-services'
import { diagnoseTarget, targetDoctorOptions, type TargetReport } from './doctor-target'

/** The command's options: `--json`, and those of `--target`, as `targetDoctorOptions` takes them. */
type DoctorOptions = { json?: boolean } & Partial<Omit<Parameters<typeof targetDoctorOptions>[0], 'dataDir'>>

/** The document `patchlane doctor --json` prints. */
export interface DoctorReport {
  readonly powershell: { readonly path: string; readonly version: string; readonly edition: string } | null
  readonly powershellProblem: string | null
  readonly dataDir: string
  readonly db: { readonly path: string; readonly schemaVersion: number; readonly bytes: number }
}

/**
 * `patchlane doctor`: can this machine run Patchlane — PowerShell found and working, store healthy.
 * `patchlane doctor --target HOST`: can Patchlane scan that host — probe, transport, a test collection.
 */
export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description('Check this machine (PowerShell, data folder, database), or with --target one host a scan would read.')
    .option('--target <host>', 'check one host: reachability probe, transport choice, a test collection')
    .option('--transport <kind>', 'with --target: auto, winrm, ssh, dcom, local', 'auto')
    .option('--user <name>', 'with --target: account for the host (with --key-file for SSH)')
    .option('--key-file <file>', 'with --target: SSH private key file')
    .option('--host-key-policy <policy>', 'with --target: SSH host keys: accept-new (default), yes, no')
    .option('--known-hosts <file>', 'with --target: SSH known-hosts file (default: the one scans use)')
    .option('--timeout <seconds>', 'with --target: limit of the test collection', '30')
    .option('--no-reverse-dns', 'with --target: do not look up the name of the address')
    .option('--json', 'print one JSON document')
    .action(async (options: DoctorOptions) => {
      if (options.target) {
        const target = await diagnoseTarget(targetDoctorOptions({ ...options, target: options.target, dataDir: resolveDataDir() }))
        if (options.json) printJson(target)
        else printTarget(target)
        if (!target.ok) process.exitCode = 1
        return
      }
      const report = await withServices(async (services): Promise<DoctorReport> => {
        const check = await services.powershell.check()
        const info = services.system.info()
        return {
          powershell:
            check.report && check.executable
              ? { path: check.executable, version: check.report.psVersion, edition: check.report.edition }
              : null,
          powershellProblem: check.problem,
          dataDir: info.dataDir,
          db: info.db,
        }
      }, { integrity: 'full' })
      if (options.json) printJson(report)
      else printDoctor(report)
      if (!report.powershell) process.exitCode = 1
    })
}

function printDoctor(report: DoctorReport): void {
  if (report.powershell) {
    printLine(`PowerShell   ${report.powershell.version} (${report.powershell.edition}) at ${report.powershell.path}`)
  } else {
    printLine(`PowerShell   not usable: ${report.powershellProblem ?? 'unknown problem'}`)
  }
  printLine(`Data folder  ${report.dataDir}`)
  printLine(`Database     ${report.db.path} (schema ${report.db.schemaVersion}, ${formatBytes(report.db.bytes)})`)
}

function printTarget(report: TargetReport): void {
  printLine(`Target ${report.target}${report.address && report.address !== report.target ? ` (${report.address})` : ''}`)
  for (const check of report.checks) {
    printLine(`  ${check.name.padEnd(13)}${check.ok ? 'ok' : 'FAILED'}  ${check.detail}`)
    if (!check.ok) {
      printLine(`    cause: ${check.cause ?? 'unknown'}`)
      printLine(`    fix:   ${check.fix ?? 'See the scan log.'}`)
    }
  }
  printLine(report.ok ? 'A scan can read this host.' : 'A scan cannot read this host yet: fix the first failed check and run doctor again.')
}
