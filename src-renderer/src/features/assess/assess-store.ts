import { createStore } from 'zustand/vanilla'
import type { ApiError, Input, Output, PatchlaneApi } from '../../../../src-main/contract/api'
import type { FeatureStore } from '../../stores/feature-store'

/** A KB missing on at least one computer. */
export type MissingUpdate = Output<'listMissingUpdates'>[number]
/** A computer a missing update affects, with its mitigating factors. */
export type AffectedComputer = Output<'listAffectedComputers'>[number]
/** One decision as kept (who, when, why, expired). */
export type DecisionRecord = Output<'listDecisions'>[number]

/** The Assess screen: missing updates, the one selected, its computers and decisions. */
export interface AssessState {
  readonly updates: readonly MissingUpdate[] | null
  readonly error: ApiError | null
  readonly selectedKb: string | null
  /** The computers the selected update is missing on; null while they load. */
  readonly affected: readonly AffectedComputer[] | null
  /** Every decision recorded on the selected update, newest first; null while it loads. */
  readonly history: readonly DecisionRecord[] | null
  readonly historyError: ApiError | null
  readonly saving: boolean
  readonly decisionError: ApiError | null
  load(): Promise<void>
  select(kb: string | null): Promise<void>
  /** Records a decision on the selected update, then reads the list again (it carries decisions). */
  decide(input: Input<'recordDecision'>): Promise<boolean>
}

/** Assess: the missing updates across the fleet, one selected, and decisions on them. */
export function createAssessStore(api: PatchlaneApi): FeatureStore<AssessState> {
  const store = createStore<AssessState>()((set, get) => {
    /** The selected update's audit trail (listDecisions with a KB answers it newest first). */
    const loadHistory = async (kb: string): Promise<void> => {
      const result = await api.listDecisions({ kb })
      if (get().selectedKb !== kb) return
      set(result.ok ? { history: result.value, historyError: null } : { history: null, historyError: result.error })
    }
    return {
      updates: null,
      error: null,
      selectedKb: null,
      affected: null,
      history: null,
      historyError: null,
      saving: false,
      decisionError: null,
      async load() {
        const result = await api.listMissingUpdates({})
        set(result.ok ? { updates: result.value, error: null } : { error: result.error })
      },
      async select(kb) {
        set({ selectedKb: kb, affected: null, history: null, historyError: null, decisionError: null })
        if (!kb) return
        const [result] = await Promise.all([api.listAffectedComputers({ kb }), loadHistory(kb)])
        if (get().selectedKb !== kb) return
        set(result.ok ? { affected: result.value } : { error: result.error })
      },
      async decide(input) {
        if (get().saving) return false
        set({ saving: true, decisionError: null })
        const result = await api.recordDecision(input)
        set({ saving: false, ...(result.ok ? {} : { decisionError: result.error }) })
        if (result.ok) await Promise.all([get().load(), loadHistory(input.kb)])
        return result.ok
      },
    }
  })
  const connect = (): (() => void) =>
    api.on('scanProgress', (progress) => {
      if (progress.host.state === 'done' && store.getState().updates !== null) void store.getState().load()
    })
  return Object.assign(store, { connect })
}
