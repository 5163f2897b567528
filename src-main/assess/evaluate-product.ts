import type { Severity, UpdateFinding } from '../contract/schemas/assessment'
import { buildKey } from '../catalog/normalise'
import type { ProductFix } from '../catalog/queries'
import type { HostBuild } from './host-build'
import { onLine } from './host-build'
import type { KbEvidence } from './kb-evidence'

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
  const lineFixes = fixes.filter((fix) => fix.kb && fix.fixedBuild && fix.buildKey && line && onLine(fix.fixedBuild, line))
  const onHostLine = new Set(lineFixes)
  const lineKbs = new Set(lineFixes.map((fix) => fix.kb))
  const newestCu = lineFixes.reduce<ProductFix | null>((best, fix) => (!best || (fix.buildKey ?? '') > (best.buildKey ?? '') ? fix : best), null)
  // Zero-padded keys compare as text in numeric order: no splitting per comparison.
  const hostKey = buildKey(build.full)

  if (hostKey && newestCu?.buildKey && hostKey > newestCu.buildKey) {
    notes.push(`Build ${build.full} is newer than the newest fix the catalog knows for ${context.productName} (${newestCu.fixedBuild}, KB${newestCu.kb}): update the catalog to judge updates released since.`)
  }

  const byCve = new Map<string, ProductFix[]>()
  for (const fix of fixes) {
    if (!fix.kb) continue // a non-KB remediation (a Mariner release): not for a Windows host
    // A KB that also has a fixed build on the host's line is judged there, not by a stray build of another line.
    if (lineKbs.has(fix.kb) && !onHostLine.has(fix)) continue
    const list = byCve.get(fix.cve) ?? []
    list.push(fix)
    byCve.set(fix.cve, list)
  }

  // The newest month of this product's updates the host is known to have (by KB): evidence for
  // servicing stack updates, which MSRC lists without the supersedence that links them.
  let newestInstalledMonth: string | null = null
  for (const fix of fixes) {
    if (fix.kb && fix.releaseDate && context.evidence.installed.has(kbOf(fix)) && (!newestInstalledMonth || fix.releaseDate > newestInstalledMonth)) newestInstalledMonth = fix.releaseDate
  }

  const outcomes: CveOutcome[] = []
  const judged = { ...context, onHostLine, hostKey, newestInstalledMonth }
  for (const [cve, cveFixes] of byCve) outcomes.push(judgeCve(cve, cveFixes, judged))

  return { cves: outcomes, updates: updateFindings(outcomes, newestCu, judged), notes }
}

/** The context with what one evaluation derives once: the fixes on the host's line, its build key. */
interface JudgeContext extends ProductContext {
  readonly onHostLine: ReadonlySet<ProductFix>
  readonly hostKey: string | null
  readonly newestInstalledMonth: string | null
}

function judgeCve(cve: string, fixes: ProductFix[], context: JudgeContext): CveOutcome {
  const { build, evidence, onHostLine, hostKey } = context
  // Newest fix first: it is the one to install when none is satisfied.
  const ordered = [...fixes].sort((a, b) => compareFixes(b, a))
  const best = ordered[0] as ProductFix
  for (const fix of ordered) {
    const kb = kbOf(fix)
    const buildBased = onHostLine.has(fix)
    if (buildBased && hostKey && hostKey >= (fix.buildKey ?? '')) {
      return { cve, state: 'fixed', fix, reason: `build ${build.full} ≥ ${fix.fixedBuild} (${kb}${month(fix)})` }
    }
    const coveredBy = evidence.coveredBy(kb)
    if (coveredBy && !(buildBased && build.full)) {
      return { cve, state: 'fixed', fix, reason: coveredBy === kb ? `${kb} is installed` : `${kb} is superseded by installed ${coveredBy}` }
    }
  }
  const kb = kbOf(best)
  const buildBased = onHostLine.has(best)
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
  if (best.subType === 'Servicing Stack Update' && context.newestInstalledMonth && best.releaseDate && context.newestInstalledMonth > best.releaseDate) {
    // Later updates install only over a recent servicing stack, so a newer one is almost surely
    // there; MSRC records no supersedence between servicing stack updates to confirm it.
    return {
      cve,
      state: 'unconfirmed',
      fix: best,
      reason: `servicing stack update ${kb}${month(best)} is not listed, but updates from ${context.newestInstalledMonth.slice(0, 7)} are installed, which need a newer servicing stack; the catalog records no supersedence between servicing stack updates to confirm it`,
    }
  }
  return { cve, state: 'exposed', fix: best, reason: `${kb}${month(best)} is not installed, nor any update that supersedes it` }
}

/** An update finding while it is being built: CVEs in a set, so adding one is O(1). */
interface Draft {
  finding: UpdateFinding
  cves: Set<string>
  fix: ProductFix
}

function updateFindings(outcomes: ReadonlyArray<CveOutcome>, newestCu: ProductFix | null, context: JudgeContext): UpdateFinding[] {
  const line = context.build.line
  const { onHostLine } = context
  const drafts = new Map<string, Draft>()
  /** Adds `fix`'s KB (or one more CVE to it); `facts` is the fix that carries that CVE's severity and flags. */
  const add = (fix: ProductFix, state: UpdateFinding['state'], cve: string | null, reason: string, supersededByKb: string | null = null, facts: ProductFix = fix) => {
    const key = kbOf(fix)
    let draft = drafts.get(key)
    if (!draft) {
      draft = {
        fix,
        cves: new Set(),
        finding: {
          kb: key,
          product: context.productName,
          productId: context.productId,
          state,
          fixedBuild: onHostLine.has(fix) ? fix.fixedBuild : null,
          releaseDate: fix.releaseDate,
          cves: [],
          severity: null,
          exploited: false,
          kev: false,
          supersededBy: supersededByKb,
          restartRequired: fix.restartRequired,
          reason,
        },
      }
      drafts.set(key, draft)
    }
    if (cve) {
      draft.cves.add(cve)
      const f = draft.finding
      f.severity = worst(f.severity, facts.severity as Severity | null)
      f.exploited ||= facts.exploited
      f.kev ||= facts.kev
    }
  }

  const newestKb = newestCu ? kbOf(newestCu) : null
  for (const outcome of outcomes) {
    const onCu = outcome.state === 'exposed' && onHostLine.has(outcome.fix)
    if (onCu && newestCu && newestKb) {
      // Every build-based gap is closed by the newest cumulative update; older ones are superseded.
      add(newestCu, 'missing', outcome.cve, '', null, outcome.fix)
      if (kbOf(outcome.fix) !== newestKb) add(outcome.fix, 'superseded', null, `replaced by the newer cumulative update ${newestKb}`, newestKb)
      continue
    }
    const state: UpdateFinding['state'] = outcome.state === 'fixed' ? 'installed' : outcome.state === 'exposed' ? 'missing' : outcome.state
    add(outcome.fix, state, outcome.state === 'fixed' ? null : outcome.cve, outcome.reason)
  }
  for (const draft of drafts.values()) draft.finding.cves = [...draft.cves]

  const cu = newestKb ? drafts.get(newestKb) : undefined
  if (cu && newestCu && cu.finding.state === 'missing') {
    const from = context.build.full ?? line ?? 'unknown build'
    const n = cu.finding.cves.length
    cu.finding.reason = `build ${from} < ${newestCu.fixedBuild} (${newestKb}${month(newestCu)}): the newest cumulative update for ${context.productName} closes ${n} CVE${n === 1 ? '' : 's'} on this host. ${context.build.reason}.`
  }
  // Missing KB-based updates that another missing update supersedes are superseded, not to install.
  const missing = [...drafts.values()].filter((d) => d.finding.state === 'missing')
  const missingKbs = new Set(missing.map((d) => d.finding.kb ?? ''))
  for (const draft of missing) {
    const successor = context.evidence.replacedBy(draft.finding.kb ?? '', missingKbs)
    if (successor) Object.assign(draft.finding, { state: 'superseded', supersededBy: successor, reason: `replaced by ${successor}, which is also missing` })
  }
  return [...drafts.values()].map((d) => d.finding)
}

/** `KB` + the catalog's KB number (the catalog keeps digits only). */
function kbOf(fix: ProductFix): string {
  return `KB${fix.kb ?? ''}`
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

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** `, 2024-Dec` from an ISO release date, as MSRC names its months. */
function month(fix: ProductFix): string {
  const match = fix.releaseDate ? /^(\d{4})-(\d{2})/.exec(fix.releaseDate) : null
  const name = match ? MONTHS[Number(match[2]) - 1] : undefined
  return match && name ? `, ${match[1]}-${name}` : ''
}
