/**
 * Hotfix identifiers as Windows lists them, and the KB article each one names.
 *
 * Real lists hold more than `KB5034441`: `KB893803v2` (a re-release), `Q147222` (the article
 * numbering before "KB"), a bare `943729` (Vista), GUIDs and `File 1` (XP; the KB is then in
 * another column). Only the KB number matters for assessment; the raw id is kept beside it.
 */

/** `KB893803` for `KB893803v2`, `kb4343909`, `Q147222`, `943729`; null for GUIDs, `File 1` and the like. */
export function kbOfHotfixId(id: string): string | null {
  const v = id.trim()
  const kb = /^KB(\d{5,8})(?![\d])/i.exec(v)
  if (kb) return `KB${kb[1]}`
  const q = /^Q(\d{5,8})$/i.exec(v)
  if (q) return `KB${q[1]}`
  const bare = /^(\d{6,8})$/.exec(v)
  if (bare) return `KB${bare[1]}`
  return null
}

/** A sort key that orders hotfixes by KB number (unnamed ids last, by id). */
export function hotfixSortKey(id: string): string {
  const kb = kbOfHotfixId(id)
  return kb ? kb.slice(2).padStart(8, '0') : `~${id}`
}
