/**
 * The names of every request and event between the sides.
 *
 * Zero imports on purpose: the sandboxed preload bundles this file and nothing else from the
 * contract. Adding a method means a line here and an entry in `contract.ts` (a unit test checks
 * that both lists agree).
 */
export const METHOD_NAMES = [
  'getAppInfo',
  'getPowerShellStatus',
  'checkPowerShell',
  'getCatalogStatus',
  'importCatalog',
  'exportCatalog',
  'syncCatalog',
  'startScan',
  'cancelScan',
  'retryFailedHosts',
  'listScans',
  'getScan',
  'getHostReport',
  'listReports',
  'importInventoryFiles',
  'listMissingUpdates',
  'recordDecision',
  'listDecisions',
  'listAffectedComputers',
  'listCredentials',
  'saveCredential',
  'deleteCredential',
] as const
export type MethodName = (typeof METHOD_NAMES)[number]

export const EVENT_NAMES = ['powershellChecked', 'catalogProgress', 'scanProgress'] as const
export type EventName = (typeof EVENT_NAMES)[number]

/** IPC channel of a method. Prefixed so main can refuse anything else. */
export const channelOf = (method: MethodName) => `patchlane:${method}` as const
/** IPC channel of an event pushed from main to the renderer. */
export const eventChannelOf = (event: EventName) => `patchlane-event:${event}` as const

export function isMethodName(value: unknown): value is MethodName {
  return typeof value === 'string' && (METHOD_NAMES as readonly string[]).includes(value)
}

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && (EVENT_NAMES as readonly string[]).includes(value)
}
