import type { ProductFix } from '../catalog/queries'
import { onLine } from './host-build'
import { normaliseKb } from './kb-evidence'

/**
 * What a product's fixes come to for one build line, worked out once and shared by every host on
 * that line: a fleet of a thousand hosts re-derived it a thousand times, and that garbage, not
 * anything kept, made the peak memory of `bench:assess`.
 */
export interface ProductView {
  /** Fixes whose fixed build is on the line (`10.0.22631.x`): judged by build. */
  readonly onHostLine: ReadonlySet<ProductFix>
  /** The newest cumulative update on the line: the one to install. */
  readonly newestCu: ProductFix | null
  /**
   * Per CVE, its KB fixes newest first (the first is the one to install when none is satisfied).
   * A KB that has a fixed build on the line is kept only with that build, not a stray one of another line.
   */
  readonly byCve: ReadonlyArray<readonly [string, ReadonlyArray<ProductFix>]>
  /** `KB…` → the newest release date of the product's fixes in that KB. */
  readonly releaseOfKb: ReadonlyMap<string, string>
  /** `KB…` of a monthly rollup → the monthly rollups (`KB…`) that directly supersede it. */
  readonly monthlyAfter: ReadonlyMap<string, ReadonlyArray<string>>
}

const views = new WeakMap<ReadonlyArray<ProductFix>, Map<string, ProductView>>()
const labels = new Map<string, string>()

/** `KB` + the catalog's KB number, one shared string per KB (called for every fix of every host). */
export function kbLabel(fix: ProductFix): string {
  const digits = fix.kb ?? ''
  let label = labels.get(digits)
  if (label === undefined) labels.set(digits, (label = `KB${digits}`))
  return label
}

/**
 * The view of `fixes` (one product's, as the catalog cache hands them out: the same array to every
 * host, so the view lives as long as that cache) for build line `line`.
 */
export function productView(fixes: ReadonlyArray<ProductFix>, line: string | null): ProductView {
  let byLine = views.get(fixes)
  if (!byLine) views.set(fixes, (byLine = new Map()))
  let view = byLine.get(line ?? '')
  if (!view) byLine.set(line ?? '', (view = buildView(fixes, line)))
  return view
}

function buildView(fixes: ReadonlyArray<ProductFix>, line: string | null): ProductView {
  const lineFixes = line ? fixes.filter((fix) => fix.kb && fix.fixedBuild && fix.buildKey && onLine(fix.fixedBuild, line)) : []
  const onHostLine = new Set(lineFixes)
  const lineKbs = new Set(lineFixes.map((fix) => fix.kb))
  const newestCu = lineFixes.reduce<ProductFix | null>((best, fix) => (!best || (fix.buildKey ?? '') > (best.buildKey ?? '') ? fix : best), null)
  const grouped = new Map<string, ProductFix[]>()
  const releaseOfKb = new Map<string, string>()
  for (const fix of fixes) {
    if (!fix.kb) continue // a non-KB remediation (a Mariner release): not for a Windows host
    const kb = kbLabel(fix)
    if (fix.releaseDate && fix.releaseDate > (releaseOfKb.get(kb) ?? '')) releaseOfKb.set(kb, fix.releaseDate)
    if (lineKbs.has(fix.kb) && !onHostLine.has(fix)) continue
    const list = grouped.get(fix.cve)
    if (list) list.push(fix)
    else grouped.set(fix.cve, [fix])
  }
  const byCve = [...grouped].map(([cve, list]) => [cve, list.sort((a, b) => compareFixes(b, a))] as const)
  return { onHostLine, newestCu, byCve, releaseOfKb, monthlyAfter: monthlyRollupsAfter(fixes) }
}

/**
 * Orders fixes oldest → newest: by fixed build on a line, else by release date. Within one
 * month a monthly rollup ranks above its security-only twin: the rollup is cumulative (next
 * month's rollup supersedes it, so a host months behind is told to install one rollup, not every
 * security-only update), and it is what Windows Update offers.
 */
export function compareFixes(a: ProductFix, b: ProductFix): number {
  if (a.buildKey && b.buildKey && a.buildKey !== b.buildKey) return a.buildKey < b.buildKey ? -1 : 1
  return (a.releaseDate ?? '').localeCompare(b.releaseDate ?? '') || rollupRank(a) - rollupRank(b)
}

function rollupRank(fix: ProductFix): number {
  return fix.subType === 'Monthly Rollup' ? 1 : 0
}

/**
 * Monthly rollups by the rollup they supersede: a preview rollup supersedes the same one as its
 * month's rollup, and is contained in every monthly rollup after that one.
 */
function monthlyRollupsAfter(fixes: ReadonlyArray<ProductFix>): ReadonlyMap<string, ReadonlyArray<string>> {
  const sets = new Map<string, Set<string>>()
  for (const fix of fixes) {
    if (fix.subType !== 'Monthly Rollup' || !fix.kb) continue
    for (const previous of fix.supersedes) {
      const key = normaliseKb(previous)
      let set = sets.get(key)
      if (!set) sets.set(key, (set = new Set()))
      set.add(kbLabel(fix))
    }
  }
  return new Map([...sets].map(([kb, set]) => [kb, [...set]]))
}
