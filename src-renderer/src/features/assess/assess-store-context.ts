import { createFeatureStoreContext } from '../../stores/feature-store'
import { createAssessStore } from './assess-store'

const assess = createFeatureStoreContext('Assess', createAssessStore)

/** Provides the Assess store, created from the injected API. */
export const AssessStoreProvider = assess.Provider
/** Reads a slice of the Assess store. */
export const useAssessStore = assess.useStore
