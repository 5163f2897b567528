import type { Command } from 'commander'
import { formatBytes, printJson, printLine } from '../output'
import { withServices } from '../open-services'

/** The document `patchlane doctor --json` prints. */
export interface DoctorReport {
  readonly powershell: { readonly path: string; readonly version: string; readonly edition: string } | null
  readonly powershellProblem: string | null
  readonly dataDir: string
  readonly db: { readonly path: string; readonly schemaVersion: number; readonly bytes: number }
}

/** `patchlane doctor`: can this machine run Patchlane — PowerShell found and working, store healthy. */
export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description('Check this machine: the PowerShell Patchlane will use, the data folder and the database.')
    .option('--json', 'print one JSON document')
    .action(async (options: { json?: boolean }) => {
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
      })
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
