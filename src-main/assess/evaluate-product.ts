import type { Severity, UpdateFinding } from '../contract/schemas/assessment'
import { compareBuilds } from '../catalog/normalise'
import type { ProductFix } from '../catalog/queries'
import type { HostBuild } from './host-build'
import { onLine } from './host-build'
import { normaliseKb, type KbEvidence } from './kb-evidence'

/** What one CVE comes to on the host for one product. */
export interface CveOutcome {
  readonly cve: string
  readonly state: 'fixed' | 'exposed' | 'pending-reboot' | 'unconfirmed'
  /** The fix that decides it: the one satisfied, or the one to install. */
  readonly fix: ProductFix
  readonly reason: string
}

export interface ProductEvaluation {
  readonly cves: ReadonlyArray<CveOutcome>
  readonly updates: ReadonlyArray<UpdateFinding>
  readonly notes: ReadonlyArray<string>
}

export interface ProductContext {
  readonly productId: string
  readonly productName: string
  readonly build: HostBuild
  readonly evidence: KbEvidence
  readonly pendingReboot: boolean | null
  /** Newest install date in the host's update list, to tell "catalog too old" from "host behind". */
  readonly newestInstall: string | null
}

const SEVERITY_RANK: Record<string, number> = { Critical: 4, Important: 3, Moderate: 2, Low: 1 }

/**
 * Judges every fix the catalog lists for one product. Build first: a fix with a fixed build on
 * the host's build line is installed when the host's build is at or above it. Fixes without one
 * (older products, Office, .NET) are judged by KB: installed, or superseded by an installed KB.
 * The update to install for a cumulatively-serviced product is its newest cumulative update.
 */
export function evaluateProduct(fixes: ReadonlyArray<ProductFix>, context: ProductContext): ProductEvaluation {
  const { build } = context
  const line = build.line
  const notes: string[] = []
  const lineFixes = fixes.filter((fix) => fix.kb && fix.fixedBuild && line && onLine(fix.fixedBuild, line))
  const lineKbs = new Set(lineFixes.map((fix) => fix.kb))
  const newestCu = lineFixes.reduce<ProductFix | null>((best, fix) => (!best || compareBuilds(fix.fixedBuild ?? '', best.fixedBuild ?? '') > 0 ? fix : best), null)

  if (build.full && newestCu?.fixedBuild && compareBuilds(build.full, newestCu.fixedBuild) > 0) {
    notes.push(`Build ${build.full} is newer than the newest fix the catalog knows for ${context.productName} (${newestCu.fixedBuild}, KB${newestCu.kb}): update the catalog to judge updates released since.`)
  }

  const byCve = new Map<string, ProductFix[]>()
  for (const fix of fixes) {
    if (!fix.kb) continue // a non-KB remediation (a Mariner release): not for a Windows host
    // A KB that also has a fixed build on the host's line is judged there, not by a stray build of another line.
    if (lineKbs.has(fix.kb) && !(fix.fixedBuild && line && onLine(fix.fixedBuild, line))) continue
    const list = byCve.get(fix.cve) ?? []
    list.push(fix)
    byCve.set(fix.cve, list)
  }

  const outcomes: CveOutcome[] = []
  for (const [cve, cveFixes] of byCve) outcomes.push(judgeCve(cve, cveFixes, context))

  return { cves: outcomes, updates: updateFindings(outcomes, lineFixes, newestCu, context), notes }
}

function judgeCve(cve: string, fixes: ProductFix[], context: ProductContext): CveOutcome {
  const { build, evidence } = context
  const line = build.line
  // Newest fix first: it is the one to install when none is satisfied.
  const ordered = [...fixes].sort((a, b) => compareFixes(b, a))
  const best = ordered[0] as ProductFix
  for (const fix of ordered) {
    const kb = normaliseKb(fix.kb ?? '')
    const buildBased = fix.fixedBuild && line && onLine(fix.fixedBuild, line)
    if (buildBased && build.full && compareBuilds(build.full, fix.fixedBuild ?? '') >= 0) {
      return { cve, state: 'fixed', fix, reason: `build ${build.full} ≥ ${fix.fixedBuild} (${kb}${month(fix)})` }
    }
    const coveredBy = evidence.coveredBy(kb)
    if (coveredBy && !(buildBased && build.full)) {
      return { cve, state: 'fixed', fix, reason: coveredBy === kb ? `${kb} is installed` : `${kb} is superseded by installed ${coveredBy}` }
    }
  }
  const kb = normaliseKb(best.kb ?? '')
  const buildBased = best.fixedBuild && line && onLine(best.fixedBuild, line)
  if (buildBased && build.full) {
    const listed = evidence.coveredBy(kb)
    if (listed) {
      if (context.pendingReboot) return { cve, state: 'pending-reboot', fix: best, reason: `${listed} is installed but build ${build.full} < ${best.fixedBuild}: a restart is pending` }
      return { cve, state: 'unconfirmed', fix: best, reason: `${listed} is listed as installed but build ${build.full} < ${best.fixedBuild} (${kb}${month(best)}): the evidence conflicts` }
    }
    return { cve, state: 'exposed', fix: best, reason: `build ${build.full} < ${best.fixedBuild} (${kb}${month(best)})` }
  }
  if (buildBased && !build.full) {
    // No UBR and no installed update the catalog knows: behind the catalog's whole window, unless
    // the host was updated after the catalog's newest document (then the catalog is too old).
    if (context.newestInstall && best.releaseDate && context.newestInstall > best.releaseDate.slice(0, 10)) {
      return { cve, state: 'unconfirmed', fix: best, reason: `build ${build.line} without revision; updates installed on ${context.newestInstall} are not in the catalog, which may be too old to judge them` }
    }
    return { cve, state: 'exposed', fix: best, reason: `no installed update reaches ${best.fixedBuild} (${kb}${month(best)}); ${build.reason}` }
  }
  return { cve, state: 'exposed', fix: best, reason: `${kb}${month(best)} is not installed, nor any update that supersedes it` }
}

function updateFindings(outcomes: ReadonlyArray<CveOutcome>, lineFixes: ReadonlyArray<ProductFix>, newestCu: ProductFix | null, context: ProductContext): UpdateFinding[] {
  const findings = new Map<string, UpdateFinding>()
  const base = (fix: ProductFix): UpdateFinding => ({
    kb: normaliseKb(fix.kb ?? ''),
    product: context.productName,
    productId: context.productId,
    state: 'installed',
    fixedBuild: fix.fixedBuild && context.build.line && onLine(fix.fixedBuild, context.build.line) ? fix.fixedBuild : null,
    releaseDate: fix.releaseDate,
    cves: [],
    severity: null,
    exploited: false,
    kev: false,
    supersededBy: null,
    restartRequired: fix.restartRequired,
    reason: '',
  })
  /** Adds `fix`'s KB (or one more CVE to it); `facts` is the fix that carries that CVE's severity and flags. */
  const add = (fix: ProductFix, state: UpdateFinding['state'], cve: string | null, reason: string, supersededByKb: string | null = null, facts: ProductFix = fix) => {
    const key = normaliseKb(fix.kb ?? '')
    const current = findings.get(key) ?? { ...base(fix), state, reason, supersededBy: supersededByKb }
    if (cve) {
      const severity = worst(current.severity, facts.severity as Severity | null)
      findings.set(key, { ...current, cves: current.cves.includes(cve) ? current.cves : [...current.cves, cve], severity, exploited: current.exploited || facts.exploited, kev: current.kev || facts.kev })
    } else findings.set(key, current)
  }

  const exposedOnLine = outcomes.filter((o) => o.state === 'exposed' && o.fix.fixedBuild && context.build.line && onLine(o.fix.fixedBuild, context.build.line))
  for (const outcome of outcomes) {
    const onCu = exposedOnLine.includes(outcome)
    if (onCu && newestCu) {
      // Every build-based gap is closed by the newest cumulative update; older ones are superseded.
      add(newestCu, 'missing', outcome.cve, `newest cumulative update for ${context.productName}: ${newestCu.fixedBuild}; ${outcome.reason}`, null, outcome.fix)
      if (normaliseKb(outcome.fix.kb ?? '') !== normaliseKb(newestCu.kb ?? '')) {
        add(outcome.fix, 'superseded', null, `replaced by the newer cumulative update KB${newestCu.kb}`, normaliseKb(newestCu.kb ?? ''))
      }
      continue
    }
    const state: UpdateFinding['state'] = outcome.state === 'fixed' ? 'installed' : outcome.state === 'exposed' ? 'missing' : outcome.state
    add(outcome.fix, state, outcome.state === 'fixed' ? null : outcome.cve, outcome.reason)
  }
  if (newestCu) {
    const cu = findings.get(normaliseKb(newestCu.kb ?? ''))
    if (cu?.state === 'missing') {
      const from = context.build.full ?? context.build.line ?? 'unknown build'
      findings.set(cu.kb ?? '', { ...cu, reason: `build ${from} < ${newestCu.fixedBuild} (${cu.kb}${month(newestCu)}): the newest cumulative update for ${context.productName} closes ${cu.cves.length} CVE${cu.cves.length === 1 ? '' : 's'} on this host. ${context.build.reason}.` })
    }
  }
  // Missing KB-based updates that another missing update supersedes are superseded, not to install.
  const missing = [...findings.values()].filter((f) => f.state === 'missing')
  for (const finding of missing) {
    const successor = missing.find((other) => other !== finding && supersedesKb(other, finding, outcomes))
    if (successor?.kb) findings.set(finding.kb ?? '', { ...finding, state: 'superseded', supersededBy: successor.kb, reason: `replaced by ${successor.kb}, which is also missing` })
  }
  return [...findings.values()]
}

function supersedesKb(newer: UpdateFinding, older: UpdateFinding, outcomes: ReadonlyArray<CveOutcome>): boolean {
  const olderNumber = (older.kb ?? '').replace(/^KB/, '')
  return outcomes.some((o) => normaliseKb(o.fix.kb ?? '') === newer.kb && o.fix.supersedes.includes(olderNumber))
}

function worst(a: Severity | null, b: Severity | null): Severity | null {
  if (!a) return b
  if (!b) return a
  return (SEVERITY_RANK[a] ?? 0) >= (SEVERITY_RANK[b] ?? 0) ? a : b
}

/** Orders fixes oldest → newest: by fixed build on a line, else by release date. */
function compareFixes(a: ProductFix, b: ProductFix): number {
  if (a.buildKey && b.buildKey && a.buildKey !== b.buildKey) return a.buildKey < b.buildKey ? -1 : 1
  return (a.releaseDate ?? '').localeCompare(b.releaseDate ?? '')
}

function month(fix: ProductFix): string {
  if (!fix.releaseDate) return ''
  const date = new Date(fix.releaseDate)
  return Number.isNaN(date.getTime()) ? '' : `, ${date.getUTCFullYear()}-${date.toLocaleString('en', { month: 'short', timeZone: 'UTC' })}`
}
