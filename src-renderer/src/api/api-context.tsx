import { createContext, useContext, type ReactNode } from 'react'
import type { PatchlaneApi } from '../../../src-main/contract/api'

const ApiContext = createContext<PatchlaneApi | null>(null)

/** Hands the one PatchlaneApi to feature store providers (tests pass a fake). */
export function ApiProvider({ api, children }: { readonly api: PatchlaneApi; readonly children: ReactNode }) {
  return <ApiContext.Provider value={api}>{children}</ApiContext.Provider>
}

/** The injected API; a missing provider is a programming error, caught by the first test. */
export function useApi(): PatchlaneApi {
  const api = useContext(ApiContext)
  if (!api) throw new Error('useApi() outside <ApiProvider>')
  return api
}
