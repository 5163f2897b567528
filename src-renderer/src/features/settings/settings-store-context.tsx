import { createFeatureStoreContext } from '../../stores/feature-store'
import { createSettingsStore } from './settings-store'

const settings = createFeatureStoreContext('Settings', createSettingsStore)

/** Provides the Settings store, created from the injected API. */
export const SettingsStoreProvider = settings.Provider
/** Reads a slice of the Settings store. */
export const useSettingsStore = settings.useStore
