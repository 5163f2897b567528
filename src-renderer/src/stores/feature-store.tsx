import { createContext, useContext, useEffect, useState, type ReactNode } from 'react'
import { useStore } from 'zustand'
import type { StoreApi } from 'zustand/vanilla'
import type { PatchlaneApi } from '../../../src-main/contract/api'
import { useApi } from '../api/api-context'

/**
 * A feature's vanilla zustand store, plus `connect` to subscribe to the API's events.
 *
 * Events are subscribed in an effect rather than at creation, so React's StrictMode remount
 * (unsubscribe, subscribe again) leaves exactly one listener.
 */
export type FeatureStore<S> = StoreApi<S> & { connect(): () => void }

/**
 * Context, provider and hooks for one feature store, created from the injected PatchlaneApi.
 *
 * Each feature owns its store (STYLE C6: no app-wide store); tests render the provider with a
 * fake API, or hand it a store they built themselves.
 */
export function createFeatureStoreContext<S>(name: string, create: (api: PatchlaneApi) => FeatureStore<S>) {
  const Context = createContext<FeatureStore<S> | null>(null)

  function Provider({ children, store }: { readonly children: ReactNode; readonly store?: FeatureStore<S> }) {
    const api = useApi()
    const [owned] = useState(() => store ?? create(api))
    useEffect(() => owned.connect(), [owned])
    return <Context.Provider value={owned}>{children}</Context.Provider>
  }

  function useStoreApi(): FeatureStore<S> {
    const store = useContext(Context)
    if (!store) throw new Error(`${name} store used outside its provider`)
    return store
  }

  function useFeatureStore<T>(selector: (state: S) => T): T {
    return useStore(useStoreApi(), selector)
  }

  return { Provider, useStoreApi, useStore: useFeatureStore }
}
