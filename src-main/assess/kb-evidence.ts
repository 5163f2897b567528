import type { CatalogCache } from './catalog-cache'

/**
 * Whether a KB is on the host: listed as installed, or replaced by an installed KB through the
 * catalog's supersedence chain (MSRC's "Supercedence" field), followed up to a depth limit.
 */
export class KbEvidence {
  private readonly memo = new Map<string, string | null>()

  constructor(
    private readonly catalog: CatalogCache,
    /** Installed KBs as `KB1234567`. */
    readonly installed: ReadonlySet<string>,
  ) {}

  /** The KB among `candidates` that supersedes `kb`, directly or down the chain, or null. */
  replacedBy(kb: string, candidates: ReadonlySet<string>): string | null {
    return replacedByOneOf(this.catalog, normaliseKb(kb), candidates)
  }

  /** The installed KB that supersedes `kb` (directly or down the chain), not `kb` itself; or null. */
  coveredAfter(kb: string): string | null {
    for (const next of this.catalog.successors(normaliseKb(kb))) {
      const found = this.coveredBy(next)
      if (found) return found
    }
    return null
  }

  /** The installed KB that covers `kb` (itself or a successor), or null. */
  coveredBy(kb: string, depth = 0): string | null {
    const key = normaliseKb(kb)
    if (this.installed.has(key)) return key
    if (depth > 24) return null
    const known = this.memo.get(key)
    if (known !== undefined) return known
    this.memo.set(key, null) // guards against cycles in the data
    let found: string | null = null
    for (const next of this.catalog.successors(key)) {
      found = this.coveredBy(next, depth + 1)
      if (found) break
    }
    this.memo.set(key, found)
    return found
  }
}

/**
 * The KB among `candidates` that replaces `kb` through the supersedence chain (directly or
 * through KBs in between), or null. Guarded against cycles and runaway depth in the data.
 */
function replacedByOneOf(catalog: CatalogCache, kb: string, candidates: ReadonlySet<string>, depth = 0, seen = new Set<string>()): string | null {
  if (depth > 24 || seen.has(kb)) return null
  seen.add(kb)
  for (const next of catalog.successors(kb)) {
    if (candidates.has(next) && next !== kb) return next
    const further = replacedByOneOf(catalog, next, candidates, depth + 1, seen)
    if (further) return further
  }
  return null
}

/** `5048685`, `kb5048685` → `KB5048685`. */
export function normaliseKb(kb: string): string {
  if (kb.startsWith('KB')) return kb // the common case, called for every fix of every host
  return `KB${kb.replace(/^KB/i, '').trim()}`
}
