import { createFeatureStoreContext } from '../../stores/feature-store'
import { createReportsStore } from './reports-store'

const reports = createFeatureStoreContext('Reports', createReportsStore)

/** Provides the Reports store, created from the injected API. */
export const ReportsStoreProvider = reports.Provider
/** Reads a slice of the Reports store. */
export const useReportsStore = reports.useStore
