import type { Database } from 'better-sqlite3'
import { WuaSearchResult } from '../contract/schemas/wua'
import { saveWuaResult } from '../store/wua-results'

/**
 * Keeps the agent's answer carried in a collected document (`wua`) beside the scan host, as soon
 * as the host is collected: before the assessment, so a failed assessment loses nothing of it.
 * Returns whether the document carried one.
 */
export function keepWuaAnswer(db: Database, scanHostId: number, collected: unknown): boolean {
  const carried = typeof collected === 'object' && collected !== null && 'wua' in collected ? (collected as { wua: unknown }).wua : undefined
  if (carried === undefined) return false
  const parsed = WuaSearchResult.safeParse(carried)
  if (!parsed.success) return false
  saveWuaResult(db, scanHostId, parsed.data)
  return true
}
