import type { Severity, UpdateFinding } from '../contract/schemas/assessment'
import { buildKey } from '../catalog/normalise'
import type { ProductFix } from '../catalog/queries'
import type { HostBuild } from './host-build'
import { normaliseKb, type KbEvidence } from './kb-evidence'
import { kbLabel, productView } from './product-view'

/** What one CVE comes to on the host for one product. */
export interface CveOutcome {
  readonly cve: string
  readonly state: 'fixed' | 'exposed' | 'pending-reboot' | 'unconfirmed'
  /** The fix that decides it: the one satisfied, or the one to install. */
  readonly fix: ProductFix
  /**
   * Why. For a fixed CVE it is left empty and written by `fixedReason` only where it is shown
   * (the installed update's finding): a host has thousands of fixed CVEs, and their reasons were
   * most of an assessment's garbage.
   */
  readonly reason: string
  /** For a fixed CVE judged by KB: the installed KB that covers the fix. */
  readonly coveredBy?: string
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
  /**
   * Each update replaces the whole product (Adobe Flash Player): any installed update of the
   * product released later covers an older fix, whatever MSRC's supersedence says (it misses the
   * out-of-band releases).
   */
  readonly replacesWhole?: boolean
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
  const view = productView(fixes, line)
  const { onHostLine, newestCu, monthlyAfter } = view
  // Zero-padded keys compare as text in numeric order: no splitting per comparison.
  const hostKey = buildKey(build.full)

  if (hostKey && newestCu?.buildKey && hostKey > newestCu.buildKey) {
    notes.push(`Build ${build.full} is newer than the newest fix the catalog knows for ${context.productName} (${newestCu.fixedBuild}, KB${newestCu.kb}): update the catalog to judge updates released since.`)
  }

  // The newest month of this product's updates the host is known to have (by KB): evidence for
  // servicing stack updates, which MSRC lists without the supersedence that links them.
  let newestInstalledMonth: string | null = null
  for (const kb of context.evidence.installed) {
    const released = view.releaseOfKb.get(kb)
    if (released && (!newestInstalledMonth || released > newestInstalledMonth)) newestInstalledMonth = released
  }

  const outcomes: CveOutcome[] = []
  const judged = { ...context, onHostLine, hostKey, newestInstalledMonth, monthlyAfter, releaseOfKb: view.releaseOfKb, unfixed: new Map<ProductFix, CveOutcome>() }
  for (const [cve, cveFixes] of view.byCve) outcomes.push(judgeCve(cve, cveFixes, judged))

  return { cves: outcomes, updates: updateFindings(outcomes, newestCu, judged), notes }
}

/** The context with what one evaluation derives once: the fixes on the host's line, its build key. */
interface JudgeContext extends ProductContext {
  readonly onHostLine: ReadonlySet<ProductFix>
  readonly hostKey: string | null
  readonly newestInstalledMonth: string | null
  /** `KB…` of a monthly rollup → the monthly rollups (`KB…`) that directly supersede it. */
  readonly monthlyAfter: ReadonlyMap<string, ReadonlyArray<string>>
  /** `KB…` → the newest release date of the product's fixes in that KB. */
  readonly releaseOfKb: ReadonlyMap<string, string>
  /** Verdicts already reached for a fix to install (see `judgeCve`). */
  readonly unfixed: Map<ProductFix, CveOutcome>
}

/** Judges one CVE; `ordered` is its fixes newest first (the first is the one to install when none is satisfied). */
function judgeCve(cve: string, ordered: ReadonlyArray<ProductFix>, context: JudgeContext): CveOutcome {
  const { build, evidence, onHostLine, hostKey } = context
  const best = ordered[0] as ProductFix
  for (const fix of ordered) {
    const kb = kbOf(fix)
    const buildBased = onHostLine.has(fix)
    if (buildBased && hostKey && hostKey >= (fix.buildKey ?? '')) {
      return { cve, state: 'fixed', fix, reason: '' }
    }
    const coveredBy = evidence.coveredBy(kb)
    if (coveredBy && !(buildBased && build.full)) {
      return { cve, state: 'fixed', fix, reason: '', coveredBy }
    }
    const preview = buildBased ? null : previewCoveredBy(fix, context)
    if (preview) return { cve, state: 'fixed', fix, reason: preview }
  }
  // Not fixed: the verdict depends on the fix to install alone, and thousands of CVEs share one
  // (the newest cumulative update): judge each such fix once, reasons included.
  const known = context.unfixed.get(best)
  if (known) return { ...known, cve }
  const verdict = judgeUnfixed(cve, best, context)
  context.unfixed.set(best, verdict)
  return verdict
}

/** The verdict on a CVE none of whose fixes is on the host; `best` is the newest, the one to install. */
function judgeUnfixed(cve: string, best: ProductFix, context: JudgeContext): CveOutcome {
  const { build, evidence, onHostLine } = context
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
  if (context.replacesWhole && context.newestInstalledMonth && best.releaseDate && context.newestInstalledMonth >= best.releaseDate) {
    return { cve, state: 'fixed', fix: best, reason: `${context.productName} updates replace the whole product: one from ${context.newestInstalledMonth.slice(0, 7)} is installed, newer than ${kb}${month(best)}` }
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

/**
 * A preview rollup is not in MSRC's supersedence chain (the next rollup names only the previous
 * Patch Tuesday rollup), but every monthly rollup after the one it previews contains it: it is
 * installed when an installed update supersedes a rollup released after that one.
 */
function previewCoveredBy(fix: ProductFix, context: JudgeContext): string | null {
  if (fix.subType !== 'Preview Rollup') return null
  for (const previous of fix.supersedes) {
    for (const monthly of context.monthlyAfter.get(normaliseKb(previous)) ?? []) {
      if (monthly === kbOf(fix)) continue
      const installed = context.evidence.coveredAfter(monthly)
      if (installed) return `preview rollup ${kbOf(fix)} is contained in the monthly rollups after ${monthly}, and installed ${installed} is one of them (or supersedes one)`
    }
  }
  return null
}

/** The reason of a fixed CVE: its preview-rollup text, the installed KB that covers it, or the build that reaches it. */
export function fixedReason(outcome: CveOutcome, context: Pick<ProductContext, 'build'>): string {
  if (outcome.reason) return outcome.reason
  const kb = kbOf(outcome.fix)
  if (outcome.coveredBy) return outcome.coveredBy === kb ? `${kb} is installed` : `${kb} is superseded by installed ${outcome.coveredBy}`
  return `build ${context.build.full ?? ''} ≥ ${outcome.fix.fixedBuild ?? ''} (${kb}${month(outcome.fix)})`
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
    if (outcome.state === 'fixed') {
      if (!drafts.has(kbOf(outcome.fix))) add(outcome.fix, 'installed', null, fixedReason(outcome, context))
      continue
    }
    add(outcome.fix, outcome.state === 'exposed' ? 'missing' : outcome.state, outcome.cve, outcome.reason)
  }
  const cu = newestKb ? drafts.get(newestKb) : undefined
  if (cu && newestCu && cu.finding.state === 'missing') {
    const from = context.build.full ?? line ?? 'unknown build'
    const n = cu.cves.size
    cu.finding.reason = `build ${from} < ${newestCu.fixedBuild} (${newestKb}${month(newestCu)}): the newest cumulative update for ${context.productName} closes ${n} CVE${n === 1 ? '' : 's'} on this host. ${context.build.reason}.`
  }
  // Missing KB-based updates that another missing update supersedes are superseded, not to install.
  const missing = [...drafts.values()].filter((d) => d.finding.state === 'missing')
  const missingKbs = new Set(missing.map((d) => d.finding.kb ?? ''))
  for (const draft of missing) {
    const successor = context.evidence.replacedBy(draft.finding.kb ?? '', missingKbs)
    if (successor) Object.assign(draft.finding, { state: 'superseded', supersededBy: successor, reason: `replaced by ${successor}, which is also missing` })
  }
  // Monthly rollups are cumulative, but MSRC's supersedence misses some links (.NET rollups):
  // of the rollups still missing, the newest is the one to install; it contains the others.
  // The same for a product whose every update replaces it whole (Flash Player).
  const rollups = [...drafts.values()].filter((d) => d.finding.state === 'missing' && (d.fix.subType === 'Monthly Rollup' || context.replacesWhole) && !onHostLine.has(d.fix))
  const released = (d: Draft) => context.releaseOfKb.get(d.finding.kb ?? '') ?? d.fix.releaseDate ?? ''
  const newestRollup = rollups.reduce<Draft | null>((best, d) => (!best || released(d) > released(best) ? d : best), null)
  for (const draft of rollups) {
    if (draft === newestRollup || !newestRollup) continue
    const newer = newestRollup.finding.kb
    const why = context.replacesWhole ? `${context.productName} updates replace the whole product` : 'monthly rollups are cumulative'
    Object.assign(draft.finding, { state: 'superseded', supersededBy: newer, reason: `${why}: ${newer ?? ''}, also missing and newer, contains it` })
    for (const cve of draft.cves) newestRollup.cves.add(cve)
  }
  for (const draft of drafts.values()) draft.finding.cves = [...draft.cves]
  return [...drafts.values()].map((d) => d.finding)
}

/** `KB` + the catalog's KB number (the catalog keeps digits only). */
const kbOf = kbLabel

function worst(a: Severity | null, b: Severity | null): Severity | null {
  if (!a) return b
  if (!b) return a
  return (SEVERITY_RANK[a] ?? 0) >= (SEVERITY_RANK[b] ?? 0) ? a : b
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

const monthLabels = new Map<string, string>()

/** `, 2024-Dec` from an ISO release date, as MSRC names its months (one string per date). */
function month(fix: ProductFix): string {
  const date = fix.releaseDate ?? ''
  let label = monthLabels.get(date)
  if (label === undefined) {
    const match = /^(\d{4})-(\d{2})/.exec(date)
    const name = match ? MONTHS[Number(match[2]) - 1] : undefined
    monthLabels.set(date, (label = match && name ? `, ${match[1]}-${name}` : ''))
  }
  return label
}
