import { createFeatureStoreContext } from '../../stores/feature-store'
import { createCredentialStore } from './credential-store'

const credentials = createFeatureStoreContext('Credentials', createCredentialStore)

/** Provides the stored-credentials store of the Detect screen, created from the injected API. */
export const CredentialStoreProvider = credentials.Provider
/** Reads a slice of the stored-credentials store. */
export const useCredentialStore = credentials.useStore
