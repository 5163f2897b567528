import { z } from 'zod'
import { Severity } from './assessment'

/** What an administrator decided about a missing update (Assess). */
export const DecisionKind = z.enum(['approve-testing', 'defer', 'not-applicable'])

/** A decision as kept: who, when, why; a deferral past its date is `expired` (undecided again). */
export const Decision = z.object({
  id: z.number().int(),
  kb: z.string(),
  decision: DecisionKind,
  deferUntil: z.string().nullable(),
  reason: z.string(),
  decidedBy: z.string(),
  decidedAt: z.string(),
  expired: z.boolean(),
})
export type Decision = z.infer<typeof Decision>

export const RecordDecisionInput = z
  .strictObject({
    kb: z.string().regex(/^KB\d{5,8}$/, 'expected KB followed by 5-8 digits'),
    decision: DecisionKind,
    /** yyyy-mm-dd, the last day of the deferral; only with `defer`. */
    deferUntil: z.iso.date().optional(),
    reason: z.string().trim().min(1, 'give a reason').max(2000),
  })
  .refine((input) => (input.decision === 'defer') === (input.deferUntil !== undefined), 'a deferral needs a date, and only a deferral takes one')

export const ListDecisionsInput = z.strictObject({ kb: z.string().regex(/^KB\d{5,8}$/).optional() })

/** One computer a missing update affects, with the mitigating factors found on it. */
export const AffectedComputer = z.object({
  computer: z.string(),
  source: z.enum(['scan', 'imported']),
  scanHostId: z.number().int().nullable(),
  assessmentId: z.number().int(),
  product: z.string().nullable(),
  assessedAt: z.string(),
  mitigations: z.array(z.string()),
})
export type AffectedComputer = z.infer<typeof AffectedComputer>

export const AffectedComputersInput = z.strictObject({ kb: z.string().regex(/^KB\d{5,8}$/, 'expected KB followed by 5-8 digits') })

/** A KB missing on at least one computer (newest assessment of each computer). */
export const MissingUpdate = z.object({
  kb: z.string(),
  products: z.array(z.string()),
  computers: z.number().int().nonnegative(),
  worstSeverity: Severity.nullable(),
  exploited: z.boolean(),
  kev: z.boolean(),
  cves: z.number().int().nonnegative(),
  releaseDate: z.string().nullable(),
  /** Whole days since release; null when the release date is unknown. */
  ageDays: z.number().int().nullable(),
  decision: Decision.nullable(),
})
export type MissingUpdate = z.infer<typeof MissingUpdate>
