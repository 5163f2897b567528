import { createStore } from 'zustand/vanilla'
import type { ApiError, Output, PatchlaneApi } from '../../../../src-main/contract/api'
import type { FeatureStore } from '../../stores/feature-store'
import { NO_FILTER, type ReportFilter, type ReportRow } from './report-filters'

type HostReport = Output<'getHostReport'>

/** The report open: a scanned host or an imported file's assessment. */
export type ReportRef = { readonly scanHostId: number } | { readonly assessmentId: number }

/** The Reports screen: the list, its filter, and the report open. */
export interface ReportsState {
  readonly rows: readonly ReportRow[] | null
  readonly filter: ReportFilter
  readonly listError: ApiError | null
  readonly open: ReportRef | null
  readonly report: HostReport | null
  readonly reportError: ApiError | null
  load(): Promise<void>
  setFilter(patch: Partial<ReportFilter>): void
  openReport(ref: ReportRef): Promise<void>
  closeReport(): void
}

/** Reports: every scanned or imported computer, newest first, and one computer's report. */
export function createReportsStore(api: PatchlaneApi): FeatureStore<ReportsState> {
  const store = createStore<ReportsState>()((set, get) => ({
    rows: null,
    filter: NO_FILTER,
    listError: null,
    open: null,
    report: null,
    reportError: null,
    async load() {
      const result = await api.listReports({})
      set(result.ok ? { rows: result.value, listError: null } : { listError: result.error })
    },
    setFilter: (patch) => set({ filter: { ...get().filter, ...patch } }),
    async openReport(ref) {
      set({ open: ref, report: null, reportError: null })
      const result = await api.getHostReport(ref)
      if (get().open !== ref) return
      set(result.ok ? { report: result.value } : { reportError: result.error })
    },
    closeReport: () => set({ open: null, report: null, reportError: null }),
  }))
  // A host finishing a scan adds or changes a report: refresh the list when it is shown.
  const connect = (): (() => void) =>
    api.on('scanProgress', (progress) => {
      const final = ['done', 'failed', 'unreachable', 'cancelled'].includes(progress.host.state)
      if (final && store.getState().rows !== null) void store.getState().load()
    })
  return Object.assign(store, { connect })
}
