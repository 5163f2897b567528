import type { WuaSideBySide } from '../contract/schemas/wua'

/**
 * One line for a person: `Windows Update Agent: 3 missing, agrees`, or which KBs it disagrees on,
 * or why there is no answer. The counted disagreements are those of `compareWithAgent` (wua-compare.ts).
 */
export function wuaAgreementLine(side: WuaSideBySide): string {
  const search = side.search
  if (search.error) return `Windows Update Agent: search failed${search.error.hresult ? ` (${search.error.hresult})` : ''}: ${search.error.message}`
  const kbs = new Set(search.missing.map((u) => u.kb ?? u.title))
  const listed = `${kbs.size} missing`
  if (side.rows.length === 0 && search.missing.length > 0) return `Windows Update Agent: ${listed} (not compared: the host has no assessment yet)`
  const counted = side.rows.filter((row) => !row.agree).slice(0, side.disagreements).map((row) => row.kb)
  if (side.disagreements === 0) return `Windows Update Agent: ${listed}, agrees`
  const shown = counted.slice(0, 5).join(', ')
  return `Windows Update Agent: ${listed}, disagrees on ${shown}${side.disagreements > 5 ? ` and ${side.disagreements - 5} more` : ''}`
}
