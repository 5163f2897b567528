import { createStore } from 'zustand/vanilla'
import type { ApiError, EventPayload, Output, PatchlaneApi } from '../../../../src-main/contract/api'
import type { FeatureStore } from '../../stores/feature-store'

type CatalogStatus = Output<'getCatalogStatus'>
type ImportSummary = Output<'importCatalog'>
type ExportResult = Output<'exportCatalog'>

/** The catalog operation running, if any; one at a time from this screen. */
export type CatalogOperation = 'import' | 'export' | 'sync'

/** The outcome of the last operation started here, for the result panel. */
export type CatalogOutcome =
  | { readonly kind: 'import' | 'sync'; readonly summary: ImportSummary }
  | { readonly kind: 'export'; readonly result: ExportResult }

export interface CatalogState {
  readonly status: CatalogStatus | null
  readonly statusError: ApiError | null
  readonly running: CatalogOperation | null
  readonly progress: EventPayload<'catalogProgress'> | null
  readonly outcome: CatalogOutcome | null
  readonly actionError: ApiError | null
  load(): Promise<void>
  /** Import files, folders or archives given as paths on the machine running Patchlane. */
  importPaths(paths: readonly string[]): Promise<void>
  exportTo(file: string): Promise<void>
  sync(): Promise<void>
}

/** Maintain → Catalog: what the catalog holds, and import / export / sync. */
export function createCatalogStore(api: PatchlaneApi): FeatureStore<CatalogState> {
  const store = createStore<CatalogState>()((set, get) => {
    const run = async <T>(operation: CatalogOperation, call: () => Promise<{ ok: true; value: T } | { ok: false; error: ApiError }>, toOutcome: (value: T) => CatalogOutcome) => {
      if (get().running) return
      set({ running: operation, progress: null, actionError: null, outcome: null })
      const result = await call()
      set(result.ok ? { running: null, progress: null, outcome: toOutcome(result.value) } : { running: null, progress: null, actionError: result.error })
      // Import and sync change what the catalog holds; export changes nothing but is cheap to re-read.
      await get().load()
    }
    return {
      status: null,
      statusError: null,
      running: null,
      progress: null,
      outcome: null,
      actionError: null,
      async load() {
        const result = await api.getCatalogStatus({})
        set(result.ok ? { status: result.value, statusError: null } : { statusError: result.error })
      },
      importPaths: (paths) =>
        run('import', () => api.importCatalog({ paths: [...paths] }), (summary) => ({ kind: 'import', summary })),
      exportTo: (file) => run('export', () => api.exportCatalog({ file }), (result) => ({ kind: 'export', result })),
      sync: () => run('sync', () => api.syncCatalog({}), (summary) => ({ kind: 'sync', summary })),
    }
  })
  const connect = (): (() => void) =>
    api.on('catalogProgress', (progress) => {
      if (store.getState().running) store.setState({ progress })
    })
  return Object.assign(store, { connect })
}

/** Splits a text field of paths: one per line (Windows paths may contain spaces and commas). */
export function parsePathList(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim().replace(/^"(.*)"$/, '$1'))
    .filter((line) => line.length > 0)
}
