import { createStore } from 'zustand/vanilla'
import type { ApiError, Output, PatchlaneApi } from '../../../../src-main/contract/api'
import type { FeatureStore } from '../../stores/feature-store'
import { localFilePaths, type LocalFilePaths } from './local-file-paths'
import { importRequestFor, MAX_IMPORT_BYTES } from './read-dropped-files'

/** Each file's outcome: its assessment kept, or why the file was not usable. */
export type ImportResult = Output<'importInventoryFiles'>

/** The window's import: running or not, the last results, and the action. */
export interface ImportState {
  readonly busy: boolean
  readonly results: ImportResult | null
  readonly error: ApiError | null
  /** Counts imports that finished with at least one file kept, so lists reload. */
  readonly completed: number
  /** Imports dropped or picked files; ignored while an import runs. */
  importFiles(files: readonly File[]): Promise<void>
}

/**
 * Import for consultants, one store for the whole window: a drop anywhere (the window overlay)
 * and the Import card's file picker share the running import and its results.
 */
export function createImportStore(api: PatchlaneApi, paths: LocalFilePaths | null = localFilePaths()): FeatureStore<ImportState> {
  const store = createStore<ImportState>()((set, get) => ({
    busy: false,
    results: null,
    error: null,
    completed: 0,
    async importFiles(files) {
      if (files.length === 0 || get().busy) return
      set({ busy: true, error: null, results: null })
      const { input, tooLarge } = await importRequestFor(files, paths)
      const rejected: ImportResult = tooLarge.map((file) => ({ file, ok: false as const, error: `${file} is larger than ${MAX_IMPORT_BYTES / 1024} KB: not a systeminfo or wmic qfe capture.` }))
      const result = input ? await api.importInventoryFiles(input) : ({ ok: true, value: [] } as const)
      if (!result.ok) return set({ busy: false, error: result.error })
      const kept = result.value.some((file) => file.ok)
      set({ busy: false, results: [...result.value, ...rejected], completed: get().completed + (kept ? 1 : 0) })
    },
  }))
  return Object.assign(store, { connect: () => () => {} })
}
