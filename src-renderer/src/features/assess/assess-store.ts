import { createStore } from 'zustand/vanilla'
import type { ApiError, Input, Output, PatchlaneApi } from '../../../../src-main/contract/api'
import type { FeatureStore } from '../../stores/feature-store'

export type MissingUpdate = Output<'listMissingUpdates'>[number]
export type AffectedComputer = Output<'listAffectedComputers'>[number]

export interface AssessState {
  readonly updates: readonly MissingUpdate[] | null
  readonly error: ApiError | null
  readonly selectedKb: string | null
  /** The computers the selected update is missing on; null while they load. */
  readonly affected: readonly AffectedComputer[] | null
  readonly saving: boolean
  readonly decisionError: ApiError | null
  load(): Promise<void>
  select(kb: string | null): Promise<void>
  /** Records a decision on the selected update, then reads the list again (it carries decisions). */
  decide(input: Input<'recordDecision'>): Promise<boolean>
}

/** Assess: the missing updates across the fleet, one selected, and decisions on them. */
export function createAssessStore(api: PatchlaneApi): FeatureStore<AssessState> {
  const store = createStore<AssessState>()((set, get) => ({
    updates: null,
    error: null,
    selectedKb: null,
    affected: null,
    saving: false,
    decisionError: null,
    async load() {
      const result = await api.listMissingUpdates({})
      set(result.ok ? { updates: result.value, error: null } : { error: result.error })
    },
    async select(kb) {
      set({ selectedKb: kb, affected: null, decisionError: null })
      if (!kb) return
      const result = await api.listAffectedComputers({ kb })
      if (get().selectedKb !== kb) return
      set(result.ok ? { affected: result.value } : { error: result.error })
    },
    async decide(input) {
      if (get().saving) return false
      set({ saving: true, decisionError: null })
      const result = await api.recordDecision(input)
      set({ saving: false, ...(result.ok ? {} : { decisionError: result.error }) })
      if (result.ok) await get().load()
      return result.ok
    },
  }))
  const connect = (): (() => void) =>
    api.on('scanProgress', (progress) => {
      if (progress.host.state === 'done' && store.getState().updates !== null) void store.getState().load()
    })
  return Object.assign(store, { connect })
}
