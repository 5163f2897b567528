import type { Output, Result } from './contract/api'
import { contract } from './contract/contract'
import { isMethodName, type MethodName } from './contract/methods'
import { importInventoryFiles } from './assess/import-inventory-files'
import { listAffectedComputers, listMissingUpdates } from './assess/missing-across-fleet'
import { recordDecision } from './assess/record-decision'
import { toApiError } from './errors'
import { importedHostReport, listReports } from './scan/console-reports'
import { currentDecisions, decisionHistory } from './store/decisions'
import type { Services } from './services'

type Handlers = { [M in MethodName]: (input: import('zod').output<(typeof contract)[M]['input']>) => Promise<Output<M>> | Output<M> }

export type Dispatch = (method: string, rawInput: unknown) => Promise<Result<unknown>>

/**
 * One dispatcher for both transports (Electron IPC and the loopback bridge).
 *
 * It refuses unknown methods, validates every input with the contract's schema, and turns any
 * throw into a `Result` so nothing crosses the boundary as an exception.
 */
export function createDispatcher(services: Services): Dispatch {
  const handlers: Handlers = {
    getAppInfo: () => services.system.info(),
    getPowerShellStatus: () => services.powershell.status(),
    checkPowerShell: () => services.powershell.check(),
    getCatalogStatus: () => services.catalog.status(),
    importCatalog: ({ paths }) => services.catalog.import(paths),
    exportCatalog: ({ file }) => services.catalog.export(file),
    syncCatalog: () => services.catalog.sync(),
    startScan: (input) => services.consoleScans.start(input),
    cancelScan: ({ scanId }) => ({ cancelled: services.scans.cancel(scanId) }),
    retryFailedHosts: ({ scanId }) => services.consoleScans.retryFailed(scanId),
    listScans: ({ limit }) => services.scans.list(limit ?? 200),
    getScan: ({ scanId }) => services.consoleScans.get(scanId),
    getHostReport: (input) => ('scanHostId' in input ? services.consoleScans.hostReport(input.scanHostId) : importedHostReport(services.db, input.assessmentId, services.now())),
    listReports: ({ limit }) => listReports(services.db, limit),
    importInventoryFiles: ({ paths, files }) =>
      importInventoryFiles(
        services.db,
        [...(paths ?? []).map((file) => ({ path: file })), ...(files ?? []).map((file) => ({ name: file.name, bytes: Buffer.from(file.base64, 'base64') }))],
        { now: services.now(), dataDir: services.dataDir },
      ),
    listMissingUpdates: () => listMissingUpdates(services.db, services.now()),
    recordDecision: (input) => recordDecision(services.db, input, services.now()),
    listAffectedComputers: ({ kb }) => listAffectedComputers(services.db, kb),
    listDecisions: ({ kb }) => (kb ? decisionHistory(services.db, kb, services.now()) : [...currentDecisions(services.db, services.now()).values()]),
    // Summaries only: the password crosses once, inward, on save; nothing sent back holds it.
    listCredentials: () => services.credentials.list(),
    saveCredential: (input) => services.credentials.save(input),
    deleteCredential: ({ name }) => services.credentials.delete(name),
  }

  return async (method, rawInput) => {
    if (!isMethodName(method)) return { ok: false, error: { code: 'unknown-method', message: `Unknown method ${String(method).slice(0, 80)}` } }
    const parsed = contract[method].input.safeParse(rawInput ?? {})
    if (!parsed.success) {
      const message = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(input)'}: ${issue.message}`).join('; ')
      return { ok: false, error: { code: 'invalid-input', message } }
    }
    try {
      const handler = handlers[method] as (input: unknown) => Promise<unknown> | unknown
      return { ok: true, value: await handler(parsed.data) }
    } catch (error) {
      return { ok: false, error: toApiError(error) }
    }
  }
}
