import { createStore } from 'zustand/vanilla'
import type { ApiError, Input, Output, PatchlaneApi } from '../../../../src-main/contract/api'
import type { FeatureStore } from '../../stores/feature-store'

type Credential = Output<'listCredentials'>[number]

export interface CredentialState {
  /** Stored credentials, by name; never a secret (the contract has no field for one). */
  readonly credentials: readonly Credential[]
  readonly loaded: boolean
  readonly saving: boolean
  /** Why listing or deleting failed (shown beside the credential list). */
  readonly error: ApiError | null
  load(): Promise<void>
  /**
   * Saves a credential. The input (and its password) goes to the API and nowhere else: it is
   * not kept in this store, and a failure comes back as the result for the dialog to show.
   */
  save(input: Input<'saveCredential'>): Promise<{ readonly ok: true; readonly saved: Credential } | { readonly ok: false; readonly error: ApiError }>
  remove(name: string): Promise<boolean>
}

/** The credentials the Detect screen chooses from, adds to and deletes from. */
export function createCredentialStore(api: PatchlaneApi): FeatureStore<CredentialState> {
  const store = createStore<CredentialState>()((set, get) => ({
    credentials: [],
    loaded: false,
    saving: false,
    error: null,
    async load() {
      const result = await api.listCredentials({})
      set(result.ok ? { credentials: result.value, loaded: true, error: null } : { loaded: true, error: result.error })
    },
    async save(input) {
      if (get().saving) return { ok: false, error: { code: 'invalid-input', message: 'A credential is being saved already.' } }
      set({ saving: true })
      const result = await api.saveCredential(input)
      set({ saving: false })
      if (!result.ok) return { ok: false, error: result.error }
      await get().load()
      return { ok: true, saved: result.value }
    },
    async remove(name) {
      const result = await api.deleteCredential({ name })
      if (!result.ok) {
        set({ error: result.error })
        return false
      }
      await get().load()
      return result.value.deleted
    },
  }))
  // Nothing to subscribe to: credentials change only through this screen (or the CLI, read on load).
  return Object.assign(store, { connect: () => () => undefined })
}
