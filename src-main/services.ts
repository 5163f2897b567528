import path from 'node:path'
import type { Database } from 'better-sqlite3'
import { createAssessmentService } from './assess/assessment-service'
import { createCatalogService } from './catalog/catalog-service'
import { createCredentialService } from './credentials/credential-service'
import type { CipherFactory } from './credentials/secret-cipher'
import { EventBus } from './event-bus'
import { findPowerShell } from './powershell/find-powershell'
import { createPowerShellRunner, type PowerShellRunner } from './powershell/runner'
import { defaultScriptsDir } from './powershell/scripts-dir'
import { createConsoleScans, type ScanDefaults } from './scan/console-scans'
import { createScanService } from './scan/scan-service'
import { openDatabase } from './store/database'
import { markClosedCleanly } from './store/integrity'
import { createPowerShellService } from './system/powershell-service'
import { createSystemService } from './system/system-service'

export interface ServiceOptions {
  readonly dataDir: string
  readonly appVersion: string
  readonly now?: () => Date
  readonly env?: NodeJS.ProcessEnv
  readonly scriptsDir?: string
  /** Electron passes the path of its own-ABI better-sqlite3 build. */
  readonly nativeBinding?: string
  /** Tests and the lab inject a runner; otherwise one is made for the PowerShell found. */
  readonly powershell?: PowerShellRunner
  /** `full`: always run the full integrity check on open (doctor). */
  readonly integrity?: 'full' | 'auto'
  /** Scan settings the console does not expose (tests: the lab's host-key policy, no reverse DNS). */
  readonly scanDefaults?: ScanDefaults
  /**
   * What encrypts stored passwords: Electron safeStorage (app), the OS keychain or a key file
   * (CLI), a key file in the data folder (bridge). Absent: credentials list, but no secret is
   * saved or read.
   */
  readonly secrets?: CipherFactory
}

/**
 * The composition root of the Node side: opens the store and builds every service.
 *
 * Used by the Electron shell, the loopback bridge and the CLI alike, so all three behave the same.
 */
export function createServices(options: ServiceOptions) {
  const now = options.now ?? (() => new Date())
  const dbPath = path.join(options.dataDir, 'patchlane.db')
  const db: Database = openDatabase(dbPath, { ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}), integrity: options.integrity ?? 'auto' })
  const events = new EventBus()
  const location = options.powershell
    ? { executable: options.powershell.executable, problem: null }
    : findPowerShell(options.env ?? process.env)

  let runner: PowerShellRunner | null = options.powershell ?? null
  const getRunner = (): PowerShellRunner | null => {
    if (!runner && location.executable) {
      // Shells start lazily, up to the largest scan concurrency allowed; each is a pwsh process.
      runner = createPowerShellRunner({ executable: location.executable, scriptsDir: options.scriptsDir ?? defaultScriptsDir(options.env), poolSize: 64 })
    }
    return runner
  }

  const assessments = createAssessmentService({ db, dataDir: options.dataDir, now })
  const credentials = createCredentialService({
    db,
    now,
    cipher: options.secrets?.({ dataDir: options.dataDir, runner: getRunner }) ?? { cipher: null, why: 'This process was started without a secret store.' },
  })
  const scans = createScanService({
    db,
    events,
    now,
    runner: getRunner,
    knownHostsFile: path.join(options.dataDir, 'ssh_known_hosts'),
    assess: (scanHostId, inventory) => assessments.assessScanHost(scanHostId, inventory),
    registryValues: () => assessments.registryValuesNeeded(),
    resolveCredential: (name) => credentials.forScan(name),
  })
  const services = {
    db,
    dbPath,
    dataDir: options.dataDir,
    events,
    now,
    system: createSystemService({ db, dbPath, dataDir: options.dataDir, appVersion: options.appVersion }),
    powershell: createPowerShellService({ db, events, now, location, runner: getRunner }),
    catalog: createCatalogService({ db, dbPath, events, now, env: options.env ?? process.env }),
    assessments,
    scans,
    credentials,
    consoleScans: createConsoleScans({ db, scans, now, defaults: options.scanDefaults ?? {} }),
    async close(): Promise<void> {
      await runner?.dispose()
      markClosedCleanly(db)
      db.close()
    },
  }
  return services
}

export type Services = ReturnType<typeof createServices>
