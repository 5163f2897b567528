import type { Database } from 'better-sqlite3'
import type { z } from 'zod'
import type { HostReport, ScanDetail, StartScanInput } from '../contract/schemas/console'
import type { ScanSummary } from '../contract/schemas/scan'
import { CoreError } from '../errors'
import { latestAssessmentOfScanHost } from '../store/assessments'
import { wuaSideBySideOf } from '../assess/wua-side-by-side'
import { scanHostChanges } from '../assess/assessment-changes'
import { decisionsFor } from './console-reports'
import { finishHost, getScanHost, getScanSummary, listScanHosts, RESUMABLE_STATES, setScanState } from '../store/scans'
import type { ScanRequest, ScanService } from './scan-service'

/** Scan settings the console cannot change: tests point them at the lab (reverse DNS off, no host-key check). */
export type ScanDefaults = Pick<ScanRequest, 'hostKeyPolicy' | 'probe' | 'knownHostsFile' | 'connectTimeoutSeconds'>

interface ConsoleScanDeps {
  readonly db: Database
  readonly scans: ScanService
  readonly now: () => Date
  readonly defaults: ScanDefaults
}

/**
 * The console's side of scanning: start a scan and return at once (the run goes on in the
 * background and reports through `scanProgress`), retry failed hosts, and read scans back with
 * each host's newest assessment.
 */
export function createConsoleScans(deps: ConsoleScanDeps) {
  /** A run that throws as a whole (not per host) still leaves every unfinished host with the cause. */
  const inBackground = (scanId: string, run: Promise<ScanSummary>): void => {
    run.catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error)
      const at = deps.now().toISOString()
      for (const host of listScanHosts(deps.db, scanId, RESUMABLE_STATES)) {
        finishHost(deps.db, host.id, { state: 'failed', at, error: { kind: 'scan-failed', cause: `The scan stopped: ${message}`, fix: 'Fix the cause above, then retry the failed hosts.', detail: null } })
      }
      setScanState(deps.db, scanId, 'finished', at, null)
    })
  }

  return {
    async start(input: z.output<typeof StartScanInput>): Promise<{ scanId: string; hosts: number; notes: string[] }> {
      if (input.credentialName && input.userName) throw new CoreError('invalid-input', 'Give either a stored credential or a user name and key file, not both.')
      const credential = input.userName ? { userName: input.userName, ...(input.keyFile ? { keyFile: input.keyFile } : {}) } : null
      const request: ScanRequest = {
        ...deps.defaults,
        targets: input.targets,
        transport: input.transport,
        concurrency: input.concurrency,
        credential,
        // Only the name goes with the scan; main reads the secret as the scan runs.
        ...(input.credentialName ? { credentialName: input.credentialName } : {}),
        ...(input.confirmLarge ? { confirmLarge: true } : {}),
        ...(input.hostKeyPolicy ? { hostKeyPolicy: input.hostKeyPolicy } : {}),
        // The agent search (the cab, when offline, is checked by scans.create before anything is stored).
        ...(input.wua ? { wua: input.wua } : {}),
      }
      const created = await deps.scans.create(request)
      inBackground(created.scanId, deps.scans.run(created.scanId, request))
      return { scanId: created.scanId, hosts: created.hosts, notes: [...created.notes] }
    },

    retryFailed(scanId: string): { scanId: string; hosts: number } {
      const { hosts, run } = deps.scans.retryFailed(scanId)
      if (run) inBackground(scanId, run)
      return { scanId, hosts }
    },

    get(scanId: string): ScanDetail {
      const found = deps.scans.get(scanId)
      if (!found) throw new CoreError('not-found', `No scan ${scanId}.`)
      return {
        summary: found.summary,
        hosts: found.hosts.map((host) => {
          const assessment = host.state === 'done' ? latestAssessmentOfScanHost(deps.db, host.id) : null
          return {
            ...host,
            assessment: assessment
              ? { name: assessment.host.name, product: assessment.host.product, build: assessment.host.build, assessedAt: assessment.assessedAt, summary: assessment.summary }
              : null,
          }
        }),
      }
    },

    hostReport(scanHostId: number): HostReport {
      const host = getScanHost(deps.db, scanHostId)
      if (!host) throw new CoreError('not-found', `No scanned host ${scanHostId}.`)
      const scan = getScanSummary(deps.db, host.scanId)
      const assessment = latestAssessmentOfScanHost(deps.db, scanHostId)
      return {
        source: 'scan',
        computer: assessment?.host.name ?? host.target,
        address: host.address,
        fileName: null,
        scanLabel: scan?.label ?? null,
        scannedAt: host.finishedAt ?? host.startedAt ?? scan?.createdAt ?? '',
        transport: host.transport,
        state: host.state,
        error: host.error,
        catalogAsOf: assessment?.catalog.asOf ?? null,
        assessment,
        decisions: decisionsFor(deps.db, assessment, deps.now()),
        wua: wuaSideBySideOf(deps.db, scanHostId, assessment),
        changes: scanHostChanges(deps.db, scanHostId),
      }
    },
  }
}

export type ConsoleScans = ReturnType<typeof createConsoleScans>
