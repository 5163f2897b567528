import { useEffect, useState } from 'react'

const DARK_QUERY = '(prefers-color-scheme: dark)'

/** 'dark' or 'light' as the OS says, following changes while the app runs. */
export function useColorScheme(): 'light' | 'dark' {
  const [query] = useState(() => (typeof window.matchMedia === 'function' ? window.matchMedia(DARK_QUERY) : null))
  const [dark, setDark] = useState(() => query?.matches ?? false)
  useEffect(() => {
    if (!query) return
    const onChange = (event: MediaQueryListEvent): void => setDark(event.matches)
    query.addEventListener('change', onChange)
    return () => query.removeEventListener('change', onChange)
  }, [query])
  return dark ? 'dark' : 'light'
}
