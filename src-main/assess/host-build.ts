import type { HostInventory } from '../contract/schemas/inventory'
import type { CatalogCache } from './catalog-cache'

/** The host's full build (`10.0.22631.4602`) and how it is known. */
export interface HostBuild {
  /** `major.minor.build`, e.g. `10.0.22631`; null when the OS version is unknown. */
  readonly line: string | null
  /** The full build with UBR, or null when the UBR is unknown and could not be inferred. */
  readonly full: string | null
  readonly source: 'registry' | 'inferred-from-updates' | 'os-version' | 'unknown'
  readonly reason: string
}

/**
 * Works out the host's build. The collector reads the UBR from the registry. `systeminfo` shows
 * no UBR, so it is inferred from the newest installed update whose fixed build (for this product,
 * on this build line) the catalog knows: installing a cumulative update raises the UBR to its
 * fixed build. The reason names the KB it was inferred from.
 */
export function hostBuild(catalog: CatalogCache, inventory: HostInventory, productId: string | null): HostBuild {
  const os = inventory.os
  const line = buildLine(os?.version ?? null, os?.build ?? null)
  if (!line) return { line: null, full: null, source: 'unknown', reason: 'the OS version is unknown' }
  if (os?.ubr !== null && os?.ubr !== undefined) {
    if (os.buildSource === 'inferred-from-updates') {
      return { line, full: `${line}.${os.ubr}`, source: 'inferred-from-updates', reason: `build ${line}.${os.ubr} inferred earlier from the installed updates` }
    }
    return { line, full: `${line}.${os.ubr}`, source: 'registry', reason: `build ${line}.${os.ubr} read from the registry (CurrentBuild and UBR)` }
  }
  if (productId) {
    const buildOfKb = catalog.kbBuildsOnLine(productId, line)
    let best: { build: string; key: string; kb: string } | null = null
    for (const update of inventory.updates) {
      const known = update.kb ? buildOfKb.get(update.kb) : undefined
      if (update.kb && known && (!best || known.key > best.key)) best = { ...known, kb: update.kb }
    }
    if (best) {
      return {
        line,
        full: best.build,
        source: 'inferred-from-updates',
        reason: `build ${best.build} inferred from the newest installed cumulative update ${best.kb} (the source shows no UBR)`,
      }
    }
  }
  return { line, full: null, source: 'os-version', reason: `build ${line} known, but not its revision (UBR): no installed update the catalog knows sets it` }
}

/** `10.0.22631` from a version string such as `10.0.22631` or `10.0.22631 N/A Build 22631`. */
export function buildLine(version: string | null, build: number | null): string | null {
  const match = version ? /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(version) : null
  if (match) {
    const third = match[3] ?? (build !== null ? String(build) : null)
    return third ? `${match[1]}.${match[2]}.${third}` : null
  }
  return null
}

/** Whether a fixed build belongs to the host's build line (`10.0.22631.x` for `10.0.22631`). */
export function onLine(fixedBuild: string, line: string): boolean {
  return fixedBuild.startsWith(`${line}.`) && /^\d+\.\d+\.\d+\.\d+$/.test(fixedBuild)
}
