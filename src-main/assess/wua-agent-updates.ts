import type { WuaUpdate } from '../contract/schemas/wua'

/**
 * The agent's list grouped by KB, with whether each KB is a security update. The agent often
 * lists one KB many times (Windows 7's 35 language packs are all KB2483139), and Patchlane judges
 * by KB, so the comparison works on these groups.
 */
export interface AgentKb {
  /** `KB…`, or null for an update that names no KB (drivers, some definition updates). */
  readonly kb: string | null
  readonly updates: ReadonlyArray<WuaUpdate>
  /** The first title, with how many more the agent listed under the same KB. */
  readonly title: string
  /** Why this is a security update (severity, CVEs, category or the catalog), or null when it is not. */
  readonly security: string | null
  /** The catalog's products for this KB (any product, on this host or not); empty when it does not hold the KB. */
  readonly catalogProducts: ReadonlyArray<string>
}

/** Looks up the MSRC products the catalog lists a KB for (`KB…`); empty when the catalog does not hold it. */
export type CatalogProductsOf = (kb: string) => ReadonlyArray<string>

/** Groups the agent's updates by KB, in the agent's order; updates without a KB stay one per group. */
export function groupAgentUpdates(missing: ReadonlyArray<WuaUpdate>, catalogProductsOf: CatalogProductsOf): AgentKb[] {
  const groups = new Map<string, WuaUpdate[]>()
  let anonymous = 0
  for (const update of missing) {
    const key = update.kb ?? `\u0000${anonymous++}`
    const group = groups.get(key)
    if (group) group.push(update)
    else groups.set(key, [update])
  }
  return [...groups.values()].map((updates) => {
    const first = updates[0] as WuaUpdate
    const catalogProducts = first.kb ? catalogProductsOf(first.kb) : []
    return {
      kb: first.kb,
      updates,
      title: updates.length > 1 ? `${first.title} (and ${updates.length - 1} more under the same KB)` : first.title,
      security: securityEvidence(updates, catalogProducts),
      catalogProducts,
    }
  })
}

/**
 * Why the agent's update counts as a security update, from the agent's own fields first
 * (IUpdate.MsrcSeverity, CveIDs, the "Security Updates" classification), then from the catalog,
 * which holds security updates only. Null: nothing says it is one.
 */
function securityEvidence(updates: ReadonlyArray<WuaUpdate>, catalogProducts: ReadonlyArray<string>): string | null {
  const severity = updates.find((u) => u.severity)?.severity
  if (severity) return `the agent rates it ${severity}`
  const cves = [...new Set(updates.flatMap((u) => u.cves))]
  if (cves.length > 0) return `the agent says it closes ${cves.length} CVE${cves.length === 1 ? '' : 's'}`
  if (updates.some((u) => u.categories.some((c) => /^security updates$/i.test(c.trim())))) return 'the agent classifies it as a security update'
  if (catalogProducts.length > 0) return 'the catalog lists it as a security fix'
  return null
}

/** The agent's classifications for a note: `Updates, Windows 7`, or `none given`. */
export function categoriesOf(group: AgentKb): string {
  const categories = [...new Set(group.updates.flatMap((u) => u.categories))]
  return categories.length > 0 ? categories.join(', ') : 'none given'
}
