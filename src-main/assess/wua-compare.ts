import type { HostAssessment } from '../contract/schemas/assessment'
import type { WuaComparisonRow, WuaSearchResult, WuaSideBySide } from '../contract/schemas/wua'
import { categoriesOf, groupAgentUpdates, type AgentKb, type CatalogProductsOf } from './wua-agent-updates'
import { ANSWER_STATES, patchlaneVerdicts, type PatchlaneKb } from './wua-patchlane-verdicts'

export interface CompareOptions {
  /** The catalog's products for a KB the assessment does not list; without it, only the agent's own fields say what is security. */
  readonly catalogProductsOf?: CatalogProductsOf
}

/** A row and whether it counts as a disagreement (see {@link compareWithAgent}). */
interface Judged {
  readonly row: WuaComparisonRow
  readonly counts: boolean
}

/**
 * Puts the Windows Update Agent's answer beside Patchlane's, one row per KB, matched by KB.
 *
 * Rows: every KB the agent listed, and every KB Patchlane's own answer names — missing,
 * mitigated (the update stays recommended), installed awaiting a restart, or cannot be confirmed.
 * A KB Patchlane judged installed, superseded or not applicable gets a row only when the agent
 * listed it (otherwise both answers say "nothing to do", and a fully judged host would bring
 * hundreds of such rows).
 *
 * `agree` is true when both answers lead the administrator to the same action. `disagreements`
 * counts only the security-relevant contradictions: one answer says a security update must be
 * installed and the other says it is not needed, and the agent's search could have listed it.
 * Not counted, though `agree` is false: the agent lists a non-security update (the catalog holds
 * security updates only, so Patchlane does not judge it) or an update without a KB; Patchlane
 * cannot confirm a KB (neither yes nor no); the agent searched optional updates only.
 *
 * A search that failed brings no rows: the agent gave no answer to compare (its error is kept).
 */
export function compareWithAgent(search: WuaSearchResult, assessment: HostAssessment, options: CompareOptions = {}): WuaSideBySide {
  if (search.error) return { search, rows: [], disagreements: 0 }
  const catalogProductsOf = options.catalogProductsOf ?? (() => [])
  const agent = groupAgentUpdates(search.missing, catalogProductsOf)
  const ours = patchlaneVerdicts(assessment)
  const context: Context = { search, assessment, ours, agentKbs: new Set(agent.flatMap((g) => (g.kb ? [g.kb] : []))) }

  const judged: Judged[] = agent.map((group) => judgeAgentKb(group, group.kb ? (ours.get(group.kb) ?? null) : null, context))
  for (const verdict of ours.values()) {
    if (context.agentKbs.has(verdict.kb) || !ANSWER_STATES.has(verdict.state)) continue
    judged.push(judgeUnlisted(verdict, context))
  }
  const rank = (j: Judged) => (j.counts ? 0 : j.row.agree ? 2 : 1)
  judged.sort((a, b) => rank(a) - rank(b) || a.row.kb.localeCompare(b.row.kb))
  return { search, rows: judged.map((j) => j.row), disagreements: judged.filter((j) => j.counts).length }
}

interface Context {
  readonly search: WuaSearchResult
  readonly assessment: HostAssessment
  readonly ours: ReadonlyMap<string, PatchlaneKb>
  readonly agentKbs: ReadonlySet<string>
}

/** A KB the agent listed as missing, against Patchlane's verdict on it (or none). */
function judgeAgentKb(group: AgentKb, verdict: PatchlaneKb | null, context: Context): Judged {
  const base = { kb: group.kb ?? '(no KB)', title: group.title, agent: 'missing' as const }
  if (!group.kb) {
    return { row: { ...base, patchlane: 'not-listed', agree: false, note: 'The agent’s update names no KB (a driver or definition update); Patchlane judges updates by KB, so it has no verdict on it.' }, counts: false }
  }
  if (!verdict) return notJudgedByPatchlane(group, base, context)
  const row = (agree: boolean, note: string) => ({ ...base, patchlane: verdict.state, agree, note })
  const reason = verdict.finding.reason
  switch (verdict.state) {
    case 'missing':
      return { row: row(true, 'Both answers: missing.'), counts: false }
    case 'mitigated':
      return { row: row(true, `Both answers: still needed (Patchlane found a mitigating factor; the update stays recommended). ${reason}`), counts: false }
    case 'pending-reboot':
      return { row: row(true, `Both answers: not in effect yet. Patchlane sees it installed and waiting for a restart; the agent lists it until the host restarts. ${reason}`), counts: false }
    case 'unconfirmed':
      return { row: row(false, `Patchlane cannot confirm it: ${reason}. The agent says it is missing; trust the agent’s answer for this KB.`), counts: false }
    case 'superseded': {
      const successor = verdict.finding.supersededBy
      const next = successor ? context.ours.get(successor) : undefined
      if (next && ANSWER_STATES.has(next.state)) {
        const agentToo = context.agentKbs.has(next.kb) ? 'which the agent also lists' : 'which the agent does not list'
        return { row: row(true, `Both answers: the host needs this fix. The agent offers this older update; Patchlane recommends only ${next.kb}, which replaces it (${agentToo}).`), counts: false }
      }
      return { row: row(false, `Patchlane: superseded (${reason}), so not needed; the agent still offers it.`), counts: true }
    }
    case 'installed':
      return { row: row(false, `Patchlane: installed (${reason}); the agent still lists it as missing. A KB can be installed for one component and still be needed for another: check the host’s update history.`), counts: true }
    case 'not-applicable':
      return { row: row(false, `Patchlane: not applicable (${reason}); the agent says it applies to this host.`), counts: true }
  }
}

/** The agent listed a KB that Patchlane's assessment does not mention at all. */
function notJudgedByPatchlane(group: AgentKb, base: Omit<WuaComparisonRow, 'patchlane' | 'agree' | 'note'>, context: Context): Judged {
  const row = (note: string) => ({ ...base, patchlane: 'not-listed' as const, agree: false, note })
  if (!group.security) {
    return { row: row(`Not a security update (the agent’s classification: ${categoriesOf(group)}): Patchlane’s catalog holds security updates only, so it does not judge it.`), counts: false }
  }
  if (group.catalogProducts.length > 0) {
    const products = listOf(group.catalogProducts, 3)
    return {
      row: row(`A security update (${group.security}) that the catalog lists for ${products}, a product Patchlane did not find on this host, so it did not judge it. The host’s inventory does not show that product (systeminfo and hotfix lists do not).`),
      counts: true,
    }
  }
  const asOf = context.assessment.catalog.asOf
  const searched = context.search.searchedAt.slice(0, 10)
  const cause =
    asOf && asOf.slice(0, 10) < searched
      ? `The catalog (as of ${asOf.slice(0, 10)}) is older than the agent’s search (${searched}): update it (\`patchlane catalog sync\`) and assess again.`
      : `MSRC’s data does not name this KB for any product (catalog as of ${asOf?.slice(0, 10) ?? 'never'}): it may publish the fix under another KB number, or the months that carry it are not imported.`
  return { row: row(`A security update (${group.security}) that Patchlane’s catalog does not list. ${cause}`), counts: true }
}

/** A KB Patchlane's answer names (missing, unconfirmed, …) that the agent did not list. */
function judgeUnlisted(verdict: PatchlaneKb, context: Context): Judged {
  const base = { kb: verdict.kb, title: null, agent: 'not-listed' as const, patchlane: verdict.state }
  const reason = verdict.finding.reason
  switch (verdict.state) {
    case 'pending-reboot':
      return { row: { ...base, agree: true, note: `Installed, waiting for a restart (Patchlane); the agent no longer lists it. Restart the host to make it effective. ${reason}` }, counts: false }
    case 'unconfirmed':
      return { row: { ...base, agree: false, note: `Patchlane cannot confirm it: ${reason}. The agent does not list it, so it is most likely installed or not needed.` }, counts: false }
    default: {
      const released = verdict.finding.releaseDate?.slice(0, 10) ?? null
      const searched = context.search.searchedAt.slice(0, 10)
      if (released && searched && released > searched) {
        return { row: { ...base, agree: false, note: `Patchlane: ${verdict.state} (${reason}); the agent did not list it, but it was released on ${released}, after the agent’s search on ${searched}.` }, counts: false }
      }
      const why = whyAgentMissedIt(context.search)
      return { row: { ...base, agree: false, note: `Patchlane: ${verdict.state} (${reason}); the agent did not list it.${why.note}` }, counts: why.counts }
    }
  }
}

/** What about the agent's search explains an update it did not list, and whether the search could have listed it. */
function whyAgentMissedIt(search: WuaSearchResult): { note: string; counts: boolean } {
  if (/BrowseOnly\s*=\s*1/i.test(search.criteria)) return { note: ` The agent’s search asked for optional updates only (${search.criteria}), so it could not list it.`, counts: false }
  if (search.source === 'wsus') {
    return { note: ` The agent asked WSUS${search.serverUrl ? ` (${search.serverUrl})` : ''}, which offers only the updates an administrator approved there: approve it, or check that WSUS synchronises this product.`, counts: true }
  }
  if (search.source === 'offline-cab' || search.mode === 'offline') {
    return { note: ' The agent searched a copied wsusscn2.cab, which may be older than the catalog: use the current one from Microsoft.', counts: true }
  }
  // Microsoft Update / Windows Update: the catalog names the fix, the host's source did not offer it.
  return { note: ' Its update source did not offer it: check for deferral policies (Windows Update for Business) that hold updates back, or install it by hand.', counts: true }
}

function listOf(items: ReadonlyArray<string>, max: number): string {
  const shown = items.slice(0, max).join(', ')
  return items.length > max ? `${shown} and ${items.length - max} more` : shown
}
