import { z } from 'zod'

/**
 * The judgement of one host against the catalog: what to install, what it is exposed to, and why.
 * This is the document `patchlane assess --json` prints per host and what reports show.
 */

/** MBSA's marks, in words: missing (red cross), unconfirmed (blue asterisk), and the rest. */
export const UpdateState = z.enum(['missing', 'installed', 'pending-reboot', 'superseded', 'not-applicable', 'mitigated', 'unconfirmed'])
export type UpdateState = z.infer<typeof UpdateState>

export const Severity = z.enum(['Critical', 'Important', 'Moderate', 'Low'])
export type Severity = z.infer<typeof Severity>

/** One update (a KB for one product), or a finding without a KB (an unconfirmed product). */
export const UpdateFinding = z.object({
  kb: z.string().regex(/^KB\d{5,8}$/).nullable(),
  product: z.string().nullable(),
  productId: z.string().nullable(),
  state: UpdateState,
  fixedBuild: z.string().nullable(),
  releaseDate: z.string().nullable(),
  /** CVEs this update closes on this host (for a missing update: every CVE the host is exposed to that it fixes). */
  cves: z.array(z.string()),
  severity: Severity.nullable(),
  exploited: z.boolean(),
  kev: z.boolean(),
  /** The KB that replaces this one, for superseded updates. */
  supersededBy: z.string().nullable(),
  restartRequired: z.string().nullable(),
  reason: z.string(),
})
export type UpdateFinding = z.infer<typeof UpdateFinding>

/** A mitigating factor found on the host, with the rule's source. */
export const MitigationNote = z.object({
  ruleId: z.string(),
  text: z.string(),
  source: z.string(),
  because: z.string(),
})
export type MitigationNote = z.infer<typeof MitigationNote>

/** One CVE the host is exposed to (or exposed to but mitigated). */
export const VulnerabilityFinding = z.object({
  cve: z.string(),
  title: z.string().nullable(),
  product: z.string(),
  state: z.enum(['exposed', 'mitigated']),
  kb: z.string().nullable(),
  severity: Severity.nullable(),
  impact: z.string().nullable(),
  exploited: z.boolean(),
  publiclyDisclosed: z.boolean(),
  kev: z.boolean(),
  cvss: z.number().nullable(),
  releaseDate: z.string().nullable(),
  reason: z.string(),
  mitigation: z.array(MitigationNote),
  /** Rules that would mitigate this CVE but could not be checked on this host (the inventory lacks what they test): "cannot be confirmed". */
  mitigationUnconfirmed: z.array(MitigationNote).optional(),
})
export type VulnerabilityFinding = z.infer<typeof VulnerabilityFinding>

export const AssessmentSummary = z.object({
  missingUpdates: z.number().int().nonnegative(),
  missingCritical: z.number().int().nonnegative(),
  unconfirmed: z.number().int().nonnegative(),
  exposedCves: z.number().int().nonnegative(),
  exposedExploited: z.number().int().nonnegative(),
  exposedKev: z.number().int().nonnegative(),
  mitigatedCves: z.number().int().nonnegative(),
  /** Days since the oldest missing cumulative update was released; 0 when current. */
  daysBehind: z.number().int().nonnegative(),
})
export type AssessmentSummary = z.infer<typeof AssessmentSummary>

export const HostAssessment = z.object({
  host: z.object({
    name: z.string().nullable(),
    product: z.string().nullable(),
    build: z.string().nullable(),
    /** How the build is known: registry, os-version, inferred-from-updates, unknown — with the evidence. */
    buildSource: z.string(),
    buildReason: z.string(),
  }),
  catalog: z.object({ asOf: z.string().nullable() }),
  assessedAt: z.string(),
  updates: z.array(UpdateFinding),
  vulnerabilities: z.array(VulnerabilityFinding),
  notes: z.array(z.string()),
  summary: AssessmentSummary,
})
export type HostAssessment = z.infer<typeof HostAssessment>

/** One update whose judgement changed between two assessments of the same host. */
export const UpdateChange = z.object({
  kb: z.string().nullable(),
  product: z.string().nullable(),
  /** Its state in the earlier assessment; null when that catalog did not name it. */
  before: UpdateState.nullable(),
  /** Its state now; null when the newer catalog no longer names it for this host. */
  now: UpdateState.nullable(),
  /** The KB that replaces it now, when it is superseded. */
  supersededBy: z.string().nullable(),
  severity: Severity.nullable(),
  cves: z.number().int().nonnegative(),
})
export type UpdateChange = z.infer<typeof UpdateChange>

/** One CVE (on one product) whose exposure changed between two assessments of the same host. */
export const CveChange = z.object({
  cve: z.string(),
  product: z.string(),
  kb: z.string().nullable(),
  severity: Severity.nullable(),
  exploited: z.boolean(),
  kev: z.boolean(),
})
export type CveChange = z.infer<typeof CveChange>

/**
 * What changed since the host's previous assessment (a newer catalog, usually): the same host and
 * inventory judged again, so every difference comes from the catalog or the rules.
 */
export const AssessmentChanges = z.object({
  /** When the earlier assessment was made. */
  previousAssessedAt: z.string(),
  catalogAsOf: z.object({ before: z.string().nullable(), after: z.string().nullable() }),
  build: z.object({ before: z.string().nullable(), after: z.string().nullable() }),
  /** Missing now, not missing before (with the state they had). */
  newlyMissing: z.array(UpdateChange),
  /** Missing before, not now (with their state now, e.g. superseded by the new KB). */
  noLongerMissing: z.array(UpdateChange),
  /** Other state changes, e.g. installed → superseded, not-applicable → unconfirmed. */
  stateChanges: z.array(UpdateChange),
  newlyExposed: z.array(CveChange),
  noLongerExposed: z.array(CveChange),
  /** Exposed before and now, newly known as exploited or listed on CISA KEV. */
  newlyExploited: z.array(CveChange),
})
export type AssessmentChanges = z.infer<typeof AssessmentChanges>
