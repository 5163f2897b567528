import type { AssessmentChanges, UpdateChange } from '../contract/schemas/assessment'
import { distinctCves } from './assessment-changes'

/**
 * One line for the CLI: "Since the assessment of 2026-07-01 (catalog 2026-06-28): +1 missing
 * (KB5048685), −1 no longer missing (KB5046633 superseded by KB5048685), +50 CVEs exposed (1 exploited)".
 */
export function assessmentChangesLine(changes: AssessmentChanges): string {
  const parts: string[] = []
  if (changes.build.before !== changes.build.after) parts.push(`build ${changes.build.before ?? '?'} → ${changes.build.after ?? '?'}`)
  if (changes.newlyMissing.length > 0) parts.push(`+${changes.newlyMissing.length} missing (${kbList(changes.newlyMissing, () => '')})`)
  if (changes.noLongerMissing.length > 0) parts.push(`−${changes.noLongerMissing.length} no longer missing (${kbList(changes.noLongerMissing, nowState)})`)
  if (changes.stateChanges.length > 0) parts.push(`${changes.stateChanges.length} changed state (${kbList(changes.stateChanges, (u) => ` ${u.before ?? 'unnamed'} → ${u.now ?? 'gone'}`)})`)
  const exposed = distinctCves(changes.newlyExposed)
  if (exposed.length > 0) {
    const exploited = distinctCves(changes.newlyExposed.filter((c) => c.exploited)).length
    const kev = distinctCves(changes.newlyExposed.filter((c) => c.kev)).length
    const marks = [exploited > 0 ? `${exploited} exploited` : '', kev > 0 ? `${kev} on CISA KEV` : ''].filter(Boolean).join(', ')
    parts.push(`+${exposed.length} CVE(s) exposed${marks ? ` (${marks})` : ''}`)
  }
  const closed = distinctCves(changes.noLongerExposed)
  if (closed.length > 0) parts.push(`−${closed.length} CVE(s) no longer exposed`)
  const flagged = distinctCves(changes.newlyExploited)
  if (flagged.length > 0) parts.push(`${flagged.length} open CVE(s) newly exploited or on KEV (${flagged.slice(0, 5).join(', ')}${flagged.length > 5 ? ', …' : ''})`)
  const since = `Since the assessment of ${changes.previousAssessedAt.slice(0, 10)} (catalog ${changes.catalogAsOf.before?.slice(0, 10) ?? 'unknown'})`
  return `${since}: ${parts.length > 0 ? parts.join(', ') : 'no change'}`
}

function nowState(u: UpdateChange): string {
  if (u.now === null) return ' no longer listed'
  return u.now === 'superseded' && u.supersededBy ? ` superseded by ${u.supersededBy}` : ` ${u.now}`
}

// Long lists (a first catalog month for a product can add dozens) are cut to five names.
function kbList(updates: ReadonlyArray<UpdateChange>, suffix: (u: UpdateChange) => string): string {
  const names = updates.slice(0, 5).map((u) => `${u.kb ?? u.product ?? '(no KB)'}${suffix(u)}`)
  return updates.length > 5 ? `${names.join(', ')}, …` : names.join(', ')
}
