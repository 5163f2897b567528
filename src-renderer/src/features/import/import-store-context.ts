import { createFeatureStoreContext } from '../../stores/feature-store'
import { createImportStore } from './import-store'

const importFeature = createFeatureStoreContext('Import', (api) => createImportStore(api))

/** Provides the Import store (one per window: the drop overlay and the Import card share it). */
export const ImportStoreProvider = importFeature.Provider
/** Reads a slice of the Import store. */
export const useImportStore = importFeature.useStore
