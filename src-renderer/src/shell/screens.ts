/** Every screen of the console, in navigation order. */
export const SCREEN_IDS = ['detect', 'assess', 'acquire', 'test', 'deploy', 'maintain', 'reports', 'settings'] as const
export type ScreenId = (typeof SCREEN_IDS)[number]

/** The six phases of the patch-management cycle (Microsoft's "How To: Implement Patch Management"). */
export const PHASE_IDS = ['detect', 'assess', 'acquire', 'test', 'deploy', 'maintain'] as const satisfies readonly ScreenId[]

export const SCREEN_TITLES: Readonly<Record<ScreenId, string>> = {
  detect: 'Detect',
  assess: 'Assess',
  acquire: 'Acquire',
  test: 'Test',
  deploy: 'Deploy',
  maintain: 'Maintain',
  reports: 'Reports',
  settings: 'Settings',
}

export const DEFAULT_SCREEN: ScreenId = 'detect'

export function isScreenId(value: unknown): value is ScreenId {
  return typeof value === 'string' && (SCREEN_IDS as readonly string[]).includes(value)
}

/** The screen named by a location hash (`#settings`), or the default. */
export function screenFromHash(hash: string): ScreenId {
  const id = hash.replace(/^#\/?/, '')
  return isScreenId(id) ? id : DEFAULT_SCREEN
}
