import type { AssessmentSummary, UpdateFinding, VulnerabilityFinding } from '../contract/schemas/assessment'

const SEVERITY: Record<string, number> = { Critical: 4, Important: 3, Moderate: 2, Low: 1 }
const STATE: Record<UpdateFinding['state'], number> = { missing: 0, unconfirmed: 1, 'pending-reboot': 2, mitigated: 3, superseded: 4, installed: 5, 'not-applicable': 6 }

/**
 * Patch-first order: exploited in the wild and CISA KEV first, then severity, then CVSS, then
 * age (older first: the longer a fix has been out, the more likely an exploit is).
 */
export function sortVulnerabilities(list: ReadonlyArray<VulnerabilityFinding>): VulnerabilityFinding[] {
  return [...list].sort(
    (a, b) =>
      Number(a.state === 'mitigated') - Number(b.state === 'mitigated') ||
      Number(b.exploited || b.kev) - Number(a.exploited || a.kev) ||
      (SEVERITY[b.severity ?? ''] ?? 0) - (SEVERITY[a.severity ?? ''] ?? 0) ||
      (b.cvss ?? 0) - (a.cvss ?? 0) ||
      cmp(a.releaseDate ?? '', b.releaseDate ?? '') ||
      cmp(a.cve, b.cve),
  )
}

/** Missing first, then by the same priority as vulnerabilities; installed last. */
export function sortUpdates(list: ReadonlyArray<UpdateFinding>): UpdateFinding[] {
  return [...list].sort(
    (a, b) =>
      STATE[a.state] - STATE[b.state] ||
      Number(b.exploited || b.kev) - Number(a.exploited || a.kev) ||
      (SEVERITY[b.severity ?? ''] ?? 0) - (SEVERITY[a.severity ?? ''] ?? 0) ||
      cmp(b.releaseDate ?? '', a.releaseDate ?? '') ||
      cmp(a.kb ?? '', b.kb ?? ''),
  )
}

/** Plain code-unit order: ISO dates, CVE and KB ids need no locale rules. */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** The host at a glance: what to install, what is exposed, how far behind. */
export function summarise(updates: ReadonlyArray<UpdateFinding>, vulnerabilities: ReadonlyArray<VulnerabilityFinding>, now: Date): AssessmentSummary {
  const missing = updates.filter((u) => u.state === 'missing')
  const exposed = vulnerabilities.filter((v) => v.state === 'exposed')
  const oldestGap = vulnerabilities.reduce<string | null>((min, v) => (v.releaseDate && (!min || v.releaseDate < min) ? v.releaseDate : min), null)
  const days = oldestGap ? Math.max(0, Math.floor((now.getTime() - new Date(oldestGap).getTime()) / 86_400_000)) : 0
  return {
    missingUpdates: missing.length,
    missingCritical: missing.filter((u) => u.severity === 'Critical').length,
    unconfirmed: updates.filter((u) => u.state === 'unconfirmed').length,
    exposedCves: exposed.length,
    exposedExploited: exposed.filter((v) => v.exploited).length,
    exposedKev: exposed.filter((v) => v.kev).length,
    mitigatedCves: vulnerabilities.filter((v) => v.state === 'mitigated').length,
    daysBehind: Number.isFinite(days) ? days : 0,
  }
}
