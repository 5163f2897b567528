import { useCallback, useEffect, useState } from 'react'
import { screenFromHash, type ScreenId } from './screens'

/**
 * The current screen, kept in the location hash (`#settings`) so reload, back/forward and deep
 * links from tests land on the same screen. The hash never reaches the bridge.
 */
export function useScreen(): readonly [ScreenId, (id: ScreenId) => void] {
  const [screen, setScreen] = useState<ScreenId>(() => screenFromHash(window.location.hash))
  useEffect(() => {
    const onHashChange = (): void => setScreen(screenFromHash(window.location.hash))
    window.addEventListener('hashchange', onHashChange)
    return () => window.removeEventListener('hashchange', onHashChange)
  }, [])
  const go = useCallback((id: ScreenId) => {
    setScreen(id)
    if (window.location.hash !== `#${id}`) window.location.hash = id
  }, [])
  return [screen, go] as const
}
