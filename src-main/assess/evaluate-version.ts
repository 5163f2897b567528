import type { UpdateFinding } from '../contract/schemas/assessment'
import { buildKey } from '../catalog/normalise'
import type { ProductFix } from '../catalog/queries'
import type { CveOutcome, ProductEvaluation } from './evaluate-product'

const grouped = new WeakMap<ReadonlyArray<ProductFix>, ReadonlyArray<readonly [string, ReadonlyArray<ProductFix>]>>()

/** Per CVE, its fixes with a version, oldest first; worked out once per product (the cache shares `fixes`). */
function versionsByCve(fixes: ReadonlyArray<ProductFix>): ReadonlyArray<readonly [string, ReadonlyArray<ProductFix>]> {
  let known = grouped.get(fixes)
  if (known) return known
  const byCve = new Map<string, ProductFix[]>()
  for (const fix of fixes) {
    if (!fix.fixedBuild || !fix.buildKey) continue
    const list = byCve.get(fix.cve)
    if (list) list.push(fix)
    else byCve.set(fix.cve, [fix])
  }
  known = [...byCve].map(([cve, list]) => [cve, list.sort((a, b) => ((a.buildKey ?? '') < (b.buildKey ?? '') ? -1 : 1))] as const)
  grouped.set(fixes, known)
  return known
}

/**
 * Judges a product MSRC fixes by version rather than by KB (Microsoft Edge: each fix is "Release
 * Notes" with the Edge version that brings it). A CVE is fixed when the installed version is at
 * or above a fixed version of the same major version (an Extended Stable backport), or above the
 * newest one. The update to install is the newest version the catalog names.
 */
export function evaluateByVersion(fixes: ReadonlyArray<ProductFix>, productName: string, productId: string, installed: string): ProductEvaluation {
  const hostKey = buildKey(installed)
  const major = installed.split('.')[0]
  const outcomes: CveOutcome[] = []
  let newest: ProductFix | null = null
  for (const [cve, list] of versionsByCve(fixes)) {
    const top = list[list.length - 1] as ProductFix
    if (!newest || (top.buildKey ?? '') > (newest.buildKey ?? '')) newest = top
    const reached = hostKey ? list.find((f) => hostKey >= (f.buildKey ?? '') && (f.fixedBuild?.split('.')[0] === major || f === top)) : undefined
    outcomes.push(
      reached
        ? { cve, state: 'fixed', fix: reached, reason: `${productName} ${installed} ≥ ${reached.fixedBuild}` }
        : hostKey
          ? { cve, state: 'exposed', fix: top, reason: `${productName} ${installed} < ${top.fixedBuild}` }
          : { cve, state: 'unconfirmed', fix: top, reason: `the installed version '${installed}' is not a version number` },
    )
  }
  const open = outcomes.filter((o) => o.state !== 'fixed')
  const updates: UpdateFinding[] = []
  if (newest && open.length > 0) {
    const flagged = open.map((o) => o.fix)
    updates.push({
      kb: null,
      product: productName,
      productId,
      state: open.some((o) => o.state === 'exposed') ? 'missing' : 'unconfirmed',
      fixedBuild: newest.fixedBuild,
      releaseDate: newest.releaseDate,
      cves: open.map((o) => o.cve),
      severity: flagged.some((f) => f.severity === 'Critical') ? 'Critical' : flagged.some((f) => f.severity === 'Important') ? 'Important' : flagged.some((f) => f.severity === 'Moderate') ? 'Moderate' : flagged.some((f) => f.severity === 'Low') ? 'Low' : null,
      exploited: flagged.some((f) => f.exploited),
      kev: flagged.some((f) => f.kev),
      supersededBy: null,
      restartRequired: null,
      reason: `${productName} ${installed} < ${newest.fixedBuild}, the newest version the catalog knows: updating closes ${open.length} CVE${open.length === 1 ? '' : 's'}`,
    })
  }
  return { cves: outcomes, updates, notes: [] }
}
