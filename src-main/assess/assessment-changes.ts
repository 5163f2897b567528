import type { Database } from 'better-sqlite3'
import type { AssessmentChanges, CveChange, HostAssessment, UpdateChange, UpdateFinding, VulnerabilityFinding } from '../contract/schemas/assessment'
import { importedAssessmentPair, scanHostAssessmentPair, type AssessmentPair } from '../store/assessment-pairs'

/**
 * What changed between two assessments of the same host (its inventory judged again with a newer
 * catalog, usually): updates newly missing or no longer missing, other state changes, CVEs newly
 * exposed or no longer exposed, and CVEs still open that are now known exploited or on CISA KEV.
 */
export function compareAssessments(before: HostAssessment, after: HostAssessment, previousAssessedAt: string): AssessmentChanges {
  const oldUpdates = byKey(before.updates, updateKey)
  const newUpdates = byKey(after.updates, updateKey)
  const newlyMissing: UpdateChange[] = []
  const noLongerMissing: UpdateChange[] = []
  const stateChanges: UpdateChange[] = []
  for (const [key, now] of newUpdates) {
    const was = oldUpdates.get(key) ?? null
    if (was?.state === now.state) continue
    if (now.state === 'missing') newlyMissing.push(updateChange(was, now))
    else if (was?.state === 'missing') noLongerMissing.push(updateChange(was, now))
    // An update the older catalog did not name, now installed or not applicable, is no news.
    else if (was) stateChanges.push(updateChange(was, now))
  }
  for (const [key, was] of oldUpdates) {
    if (!newUpdates.has(key) && was.state === 'missing') noLongerMissing.push(updateChange(was, null))
  }

  const oldExposed = byKey(before.vulnerabilities.filter(isExposed), cveKey)
  const newExposed = byKey(after.vulnerabilities.filter(isExposed), cveKey)
  const newlyExposed = [...newExposed].filter(([key]) => !oldExposed.has(key)).map(([, v]) => cveChange(v))
  const noLongerExposed = [...oldExposed].filter(([key]) => !newExposed.has(key)).map(([, v]) => cveChange(v))
  const newlyExploited = [...newExposed].flatMap(([key, v]) => {
    const was = oldExposed.get(key)
    return was && ((v.exploited && !was.exploited) || (v.kev && !was.kev)) ? [cveChange(v)] : []
  })

  return {
    previousAssessedAt,
    catalogAsOf: { before: before.catalog.asOf, after: after.catalog.asOf },
    build: { before: before.host.build, after: after.host.build },
    newlyMissing: newlyMissing.sort(byKb),
    noLongerMissing: noLongerMissing.sort(byKb),
    stateChanges: stateChanges.sort(byKb),
    newlyExposed: newlyExposed.sort(byCve),
    noLongerExposed: noLongerExposed.sort(byCve),
    newlyExploited: newlyExploited.sort(byCve),
  }
}

/** The changes a pair of kept assessments shows; null when the host was assessed once. */
export function changesOfPair(pair: AssessmentPair | null): AssessmentChanges | null {
  if (!pair?.previous) return null
  return compareAssessments(pair.previous.assessment, pair.newest.assessment, pair.previous.assessedAt)
}

/** What changed since a scanned host's previous assessment, or null when there is none. */
export function scanHostChanges(db: Database, scanHostId: number): AssessmentChanges | null {
  return changesOfPair(scanHostAssessmentPair(db, scanHostId))
}

/** What changed since an imported capture's previous assessment (the same file imported before), or null. */
export function importedChanges(db: Database, assessmentId: number): AssessmentChanges | null {
  return changesOfPair(importedAssessmentPair(db, assessmentId))
}

/** Distinct CVE ids among changes (a CVE can be listed once per affected product). */
export function distinctCves(changes: ReadonlyArray<CveChange>): string[] {
  return [...new Set(changes.map((c) => c.cve))]
}

// A KB is judged per product (a .NET KB can apply to two); findings without a KB are per product.
const updateKey = (u: UpdateFinding): string => `${u.kb ?? ''}\u0000${u.productId ?? u.product ?? ''}`
const cveKey = (v: VulnerabilityFinding): string => `${v.cve}\u0000${v.product}`
const isExposed = (v: VulnerabilityFinding): boolean => v.state === 'exposed'

function byKey<T>(items: ReadonlyArray<T>, key: (item: T) => string): Map<string, T> {
  const map = new Map<string, T>()
  for (const item of items) if (!map.has(key(item))) map.set(key(item), item)
  return map
}

function updateChange(was: UpdateFinding | null, now: UpdateFinding | null): UpdateChange {
  // What was missing is told by its old finding (a superseded one names no CVEs); the rest by the new.
  const shown = now?.state === 'missing' || !was ? now : was
  return {
    kb: shown?.kb ?? null,
    product: shown?.product ?? null,
    before: was?.state ?? null,
    now: now?.state ?? null,
    supersededBy: now?.supersededBy ?? null,
    severity: shown?.severity ?? null,
    cves: shown?.cves.length ?? 0,
  }
}

function cveChange(v: VulnerabilityFinding): CveChange {
  return { cve: v.cve, product: v.product, kb: v.kb, severity: v.severity, exploited: v.exploited, kev: v.kev }
}

const byKb = (a: UpdateChange, b: UpdateChange): number => (a.kb ?? '').localeCompare(b.kb ?? '') || (a.product ?? '').localeCompare(b.product ?? '')
const byCve = (a: CveChange, b: CveChange): number => a.cve.localeCompare(b.cve) || a.product.localeCompare(b.product)
