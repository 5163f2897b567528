import { createFeatureStoreContext } from '../../stores/feature-store'
import { createDetectStore } from './detect-store'

const detect = createFeatureStoreContext('Detect', createDetectStore)

/** Provides the Detect store, created from the injected API. */
export const DetectStoreProvider = detect.Provider
/** Reads a slice of the Detect store. */
export const useDetectStore = detect.useStore
