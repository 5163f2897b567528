import { createFeatureStoreContext } from '../../stores/feature-store'
import { createCatalogStore } from './catalog-store'

const catalog = createFeatureStoreContext('Catalog', createCatalogStore)

/** Provides the Catalog store, created from the injected API. */
export const CatalogStoreProvider = catalog.Provider
/** Reads a slice of the Catalog store. */
export const useCatalogStore = catalog.useStore
