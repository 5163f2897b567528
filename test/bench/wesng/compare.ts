import type { Database } from 'better-sqlite3'
import { assessHost } from '../../../src-main/assess/assess-host'
import { buildKey } from '../../../src-main/catalog/normalise'
import { fixesForProduct, productsByNormalisedName } from '../../../src-main/catalog/queries'
import type { HostAssessment } from '../../../src-main/contract/schemas/assessment'
import type { HostInventory } from '../../../src-main/contract/schemas/inventory'
import type { WesRow } from './definitions'

/**
 * Patchlane next to WES-NG on one capture. WES-NG's answer is computed from its definitions the
 * way wes.py's `determine_missing_patches` does (read at bitsadmin/wesng, wes.py 1.04):
 *  - rows whose AffectedProduct contains the OS name (a substring: ".NET Framework … on Windows
 *    11 Version 24H2 …" counts too), minus "… Service Pack" rows;
 *  - a row is dropped when its KB is installed, or when ANY row of the product lists its KB in
 *    Supersedes (installed or not: only the newest update of each chain is kept);
 *  - every remaining row is a finding, including rows without a KB.
 * A second WES-NG reading follows the rule as usually stated: a CVE is missing when none of its
 * KBs, nor any KB superseding them (down WES-NG's Supersedes chains), is installed.
 */

/** A set of CVEs or KBs one side flags and the other does not, with why. */
export interface DifferenceClass {
  readonly key: DifferenceKey
  readonly reason: string
  readonly items: readonly string[]
}

export type DifferenceKey = 'no-kb-row' | 'other-product' | 'patchlane-fixed' | 'not-in-catalog' | 'superseded-by-newer' | 'not-in-wesng' | 'wes-chain-installed' | 'older-cumulative' | 'hotpatch' | 'unexplained'

const REASONS: Record<DifferenceKey, string> = {
  'no-kb-row': 'WES-NG rows without a KB (MSRC remediations that name no KB): wes.py never sees them installed, so it flags the CVE whatever the host has',
  'other-product': 'products WES-NG matches by substring ("… on <Windows>": .NET Framework) that systeminfo does not show, so Patchlane does not assess them',
  'patchlane-fixed': 'Patchlane finds the fix on the host (its build reaches the fixed build, or an installed KB supersedes the fix in MSRC\'s data) where WES-NG\'s Supersedes chains do not reach any of the CVE\'s KBs',
  'not-in-catalog': 'not in MSRC\'s data for the product Patchlane assessed (WES-NG also merges other sources)',
  'superseded-by-newer': 'wes.py drops a KB as soon as any newer KB of the product supersedes it, installed or not: it reports only the newest update\'s own CVEs, not the older ones the host also lacks',
  'not-in-wesng': 'WES-NG has no row of this CVE for the product',
  'wes-chain-installed': 'WES-NG counts the CVE\'s KB installed through its Supersedes chain, while the host build is below the fixed build MSRC gives',
  'older-cumulative': 'older updates whose fixed build the newest cumulative update reaches: Patchlane lists them as superseded by it (it closes their CVEs too); WES-NG lists every KB it cannot see covered',
  hotpatch: 'hotpatch updates (MSRC sub-type SecurityHotpatchUpdate, for hosts enrolled in hotpatching): the cumulative update of the same month closes the same CVEs, and it is the one Patchlane recommends',
  unexplained: 'not explained by the classes above',
}

/** What one side of the comparison flags. */
export interface Verdict {
  readonly cves: ReadonlySet<string>
  readonly kbs: ReadonlySet<string>
}

export interface CaptureComparison {
  readonly capture: string
  readonly product: string
  readonly build: string | null
  readonly patchlane: Verdict
  readonly wesPy: Verdict
  readonly wesRule: Verdict
  /** Differences against wes.py and against the stated rule, each side's extra items by class. */
  readonly onlyWesPy: readonly DifferenceClass[]
  readonly onlyPatchlaneVsWesPy: readonly DifferenceClass[]
  readonly onlyWesRule: readonly DifferenceClass[]
  readonly onlyPatchlaneVsWesRule: readonly DifferenceClass[]
  readonly kbsOnlyWesPy: readonly DifferenceClass[]
  readonly kbsOnlyPatchlane: readonly string[]
  readonly kbsOnlyWesRule: readonly DifferenceClass[]
}

/** wes.py's determine_missing_patches on `rows` (already filtered to the product). */
export function wesPyFindings(rows: readonly WesRow[], installed: ReadonlySet<string>): WesRow[] {
  const superseded = new Set(rows.flatMap((r) => r.supersedes))
  return rows.filter((r) => !installed.has(r.kb) && !superseded.has(r.kb))
}

/** KBs installed or superseded, down WES-NG's chains, by an installed KB. */
export function coveredKbs(rows: readonly WesRow[], installed: ReadonlySet<string>): Set<string> {
  const supersedes = new Map<string, Set<string>>()
  for (const r of rows) if (r.kb) for (const s of r.supersedes) (supersedes.get(r.kb) ?? supersedes.set(r.kb, new Set()).get(r.kb))?.add(s)
  const covered = new Set<string>()
  const stack = [...installed]
  while (stack.length > 0) {
    const kb = stack.pop() as string
    if (covered.has(kb)) continue
    covered.add(kb)
    for (const next of supersedes.get(kb) ?? []) stack.push(next)
  }
  return covered
}

/** WES-NG's rows for the OS name the way wes.py selects them. */
export function rowsForProduct(rows: readonly WesRow[], productFilter: string): WesRow[] {
  return rows.filter((r) => r.product.includes(productFilter) && !r.product.includes(`${productFilter} Service Pack`))
}

const kb = (digits: string) => `KB${digits}`

function classes(items: Iterable<string>, classify: (item: string) => DifferenceKey): DifferenceClass[] {
  const byKey = new Map<DifferenceKey, string[]>()
  for (const item of items) (byKey.get(classify(item)) ?? byKey.set(classify(item), []).get(classify(item)))?.push(item)
  return [...byKey].map(([key, list]) => ({ key, reason: REASONS[key], items: list.sort() })).sort((a, b) => b.items.length - a.items.length)
}

/** Compares Patchlane's assessment of `inventory` with what WES-NG's `allRows` imply. */
export function compareCapture(db: Database, capture: string, inventory: HostInventory, allRows: readonly WesRow[], now: Date): CaptureComparison {
  const result: HostAssessment = assessHost(db, inventory, { now })
  const product = result.host.product ?? ''
  const installed = new Set(inventory.updates.flatMap((u) => (u.kb ? [u.kb.replace(/^KB/, '')] : [])))
  const rows = rowsForProduct(allRows, product)

  const patchlane: Verdict = { cves: new Set(result.vulnerabilities.map((v) => v.cve)), kbs: new Set(result.updates.filter((u) => u.state === 'missing').map((u) => u.kb ?? '')) }
  const found = wesPyFindings(rows, installed)
  const wesPy: Verdict = { cves: new Set(found.map((r) => r.cve).filter((c) => c !== '')), kbs: new Set(found.filter((r) => r.kb).map((r) => kb(r.kb))) }
  const covered = coveredKbs(rows, installed)
  const kbRowsByCve = new Map<string, WesRow[]>()
  for (const r of rows) if (r.kb && r.cve) (kbRowsByCve.get(r.cve) ?? kbRowsByCve.set(r.cve, []).get(r.cve))?.push(r)
  const ruleMissing = [...kbRowsByCve].filter(([, list]) => !list.some((r) => covered.has(r.kb)))
  const wesRule: Verdict = { cves: new Set(ruleMissing.map(([cve]) => cve)), kbs: new Set(ruleMissing.flatMap(([, list]) => list.map((r) => kb(r.kb)))) }

  // What the catalog lists for the product Patchlane assessed: a CVE there that Patchlane does not flag, it judged fixed.
  const row = productsByNormalisedName(db, product)[0]
  const catalogCves = new Set(row ? fixesForProduct(db, row.productId).map((f) => f.cve) : [])
  const assessedProducts = new Set([product, ...result.vulnerabilities.map((v) => v.product)])
  const rowsOf = (cve: string, from: readonly WesRow[]) => from.filter((r) => r.cve === cve)

  const wesOnly = (cve: string, from: readonly WesRow[]): DifferenceKey => {
    const mine = rowsOf(cve, from)
    if (mine.length > 0 && mine.every((r) => !r.kb)) return 'no-kb-row'
    if (mine.length > 0 && mine.every((r) => !assessedProducts.has(r.product))) return 'other-product'
    if (!catalogCves.has(cve)) return 'not-in-catalog'
    return 'patchlane-fixed'
  }
  const patchlaneOnly = (cve: string, viaPy: boolean): DifferenceKey => {
    const list = kbRowsByCve.get(cve) ?? []
    if (rowsOf(cve, rows).length === 0) return 'not-in-wesng'
    if (list.some((r) => covered.has(r.kb))) return 'wes-chain-installed'
    if (viaPy && list.length > 0) return 'superseded-by-newer'
    if (list.length === 0) return 'no-kb-row'
    return 'unexplained'
  }
  const diff = <T>(a: ReadonlySet<T>, b: ReadonlySet<T>): T[] => [...a].filter((x) => !b.has(x))
  const olderCumulative = new Set(result.updates.filter((u) => u.state === 'superseded').map((u) => u.kb ?? ''))
  // MSRC spells the sub-type SecurityHotpatchUpdate, Security Hotpatch Update, Security HotPatch Update.
  const hotpatches = new Set((db.prepare(`SELECT DISTINCT kb FROM catalog_remediations WHERE lower(replace(sub_type, ' ', '')) = 'securityhotpatchupdate'`).all() as Array<{ kb: string }>).map((r) => kb(r.kb)))
  const productFixes = row ? fixesForProduct(db, row.productId) : []
  const newestCu = result.updates.find((u) => u.state === 'missing' && u.fixedBuild)?.fixedBuild ?? null
  const reachedByNewest = new Set(
    productFixes.filter((f) => f.kb && f.buildKey && newestCu && f.buildKey <= (buildKey(newestCu) ?? '') && f.fixedBuild?.startsWith(newestCu.split('.').slice(0, 3).join('.'))).map((f) => kb(f.kb ?? '')),
  )
  const inCatalog = new Set(productFixes.map((f) => kb(f.kb ?? '')))
  const kbClass = (k: string): DifferenceKey => {
    const ofKb = rows.filter((r) => kb(r.kb) === k)
    if (ofKb.length > 0 && ofKb.every((r) => !assessedProducts.has(r.product))) return 'other-product'
    if (hotpatches.has(k)) return 'hotpatch'
    if (olderCumulative.has(k) || reachedByNewest.has(k)) return 'older-cumulative'
    if (!inCatalog.has(k)) return 'not-in-catalog'
    return 'unexplained'
  }

  return {
    capture,
    product,
    build: result.host.build,
    patchlane,
    wesPy,
    wesRule,
    onlyWesPy: classes(diff(wesPy.cves, patchlane.cves), (c) => wesOnly(c, found)),
    onlyPatchlaneVsWesPy: classes(diff(patchlane.cves, wesPy.cves), (c) => patchlaneOnly(c, true)),
    onlyWesRule: classes(diff(wesRule.cves, patchlane.cves), (c) => wesOnly(c, rows.filter((r) => r.kb))),
    onlyPatchlaneVsWesRule: classes(diff(patchlane.cves, wesRule.cves), (c) => patchlaneOnly(c, false)),
    kbsOnlyWesPy: classes(diff(wesPy.kbs, patchlane.kbs), kbClass),
    kbsOnlyPatchlane: diff(patchlane.kbs, wesPy.kbs).sort(),
    kbsOnlyWesRule: classes(diff(wesRule.kbs, patchlane.kbs), kbClass),
  }
}
