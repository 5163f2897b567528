import type { WuaScanOptions } from '../contract/schemas/wua'

/** A scan's agent search: the console's and CLI's WuaScanOptions, and how long a host may search. */
export type WuaRequest = WuaScanOptions & {
  /** Seconds the agent may search on one host (default {@link DEFAULT_WUA_TIMEOUT_SECONDS}). */
  readonly timeoutSeconds?: number
}

/**
 * An online search against Microsoft Update downloads the update metadata first; on a slow link
 * or a host that was never searched that takes minutes, so the default is generous.
 */
export const DEFAULT_WUA_TIMEOUT_SECONDS = 900

/** Time the collector itself is given on top of the search (the script's own time-out is 300 s). */
const COLLECT_SECONDS = 300

/** The collector's parameters for the search (Get-RemoteHostInventory.ps1 `-WuaMode` …). */
export function wuaScriptParams(wua: WuaRequest | undefined): { WuaMode?: 'Online' | 'Offline'; WuaCabPath?: string; WuaTimeoutSeconds?: number } {
  if (!wua) return {}
  return {
    WuaMode: wua.mode === 'online' ? 'Online' : 'Offline',
    ...(wua.mode === 'offline' && wua.cabFile ? { WuaCabPath: wua.cabFile } : {}),
    WuaTimeoutSeconds: wua.timeoutSeconds ?? DEFAULT_WUA_TIMEOUT_SECONDS,
  }
}

/** The per-host collect time-out (ms) when the agent searches too: its time plus the collector's. */
export function collectTimeoutWithWua(wua: WuaRequest | undefined): number | undefined {
  return wua ? ((wua.timeoutSeconds ?? DEFAULT_WUA_TIMEOUT_SECONDS) + COLLECT_SECONDS) * 1000 : undefined
}
