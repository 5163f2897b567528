import type { Database } from 'better-sqlite3'
import type { CatalogExportResult, CatalogImportSummary, CatalogProgress, CatalogStatus } from '../contract/schemas/catalog'
import { CoreError } from '../errors'
import type { EventBus } from '../event-bus'
import { exportBundle } from './bundle'
import { importPaths } from './importer'
import { catalogStatus } from './status'
import { syncCatalog, syncEndpoints } from './sync'

/** What the catalog service needs from the composition root. */
export interface CatalogServiceDeps {
  readonly db: Database
  readonly dbPath: string
  readonly events: EventBus
  readonly now: () => Date
  readonly env?: NodeJS.ProcessEnv
}

/**
 * The catalog as the UI and the CLI see it: status, import, export, sync. One long operation at
 * a time (a second is refused rather than interleaved), each reporting `catalogProgress` events.
 */
export function createCatalogService(deps: CatalogServiceDeps) {
  let busy: string | null = null
  const exclusive = async <T>(operation: CatalogProgress['operation'], work: () => Promise<T>): Promise<T> => {
    if (busy) throw new CoreError('forbidden', `A catalog ${busy} is already running; wait for it to finish.`)
    busy = operation
    try {
      return await work()
    } finally {
      busy = null
    }
  }
  const emit = (progress: CatalogProgress): void => deps.events.emit('catalogProgress', progress)

  return {
    /** Counts, newest document, KEV as-of, last sync. */
    status(): CatalogStatus {
      return catalogStatus(deps.db, deps.dbPath)
    },
    /** Imports files, folders, .zip, .zst, KEV feeds and bundles. */
    import(paths: readonly string[], onProgress?: (progress: CatalogProgress) => void): Promise<CatalogImportSummary> {
      return exclusive('import', () =>
        importPaths(deps.db, paths, {
          now: deps.now,
          operation: 'import',
          onProgress: (p) => {
            emit(p)
            onProgress?.(p)
          },
        }),
      )
    },
    /** Writes a bundle of everything held. */
    export(file: string, onProgress?: (progress: CatalogProgress) => void): Promise<CatalogExportResult> {
      return exclusive('export', () =>
        exportBundle(deps.db, file, {
          now: deps.now(),
          onProgress: (done, total, current) => {
            const p: CatalogProgress = { operation: 'export', done, total, current, message: null }
            emit(p)
            onProgress?.(p)
          },
        }),
      )
    },
    /** Fetches new and revised documents from MSRC and the KEV feed from CISA. */
    sync(onProgress?: (progress: CatalogProgress) => void): Promise<CatalogImportSummary> {
      return exclusive('sync', () =>
        syncCatalog(deps.db, syncEndpoints(deps.env ?? process.env), {
          now: deps.now,
          env: deps.env ?? process.env,
          onProgress: (p) => {
            emit(p)
            onProgress?.(p)
          },
        }),
      )
    },
  }
}

export type CatalogService = ReturnType<typeof createCatalogService>
