import type { HostAssessment, UpdateFinding, UpdateState } from '../contract/schemas/assessment'

/** Patchlane's verdict on one KB, merged over the products it was judged for. */
export interface PatchlaneKb {
  readonly kb: string
  readonly state: UpdateState
  /** The finding that decided `state` (its reason, product, successor). */
  readonly finding: UpdateFinding
}

/**
 * When one KB is judged for several products (a cumulative Internet Explorer update on Windows 7
 * and on IE 11), the verdict that asks most of the administrator wins: a KB missing for one
 * product is missing, whatever it is for the others.
 */
const STATE_WEIGHT: Record<UpdateState, number> = {
  missing: 7,
  mitigated: 6,
  'pending-reboot': 5,
  unconfirmed: 4,
  superseded: 3,
  installed: 2,
  'not-applicable': 1,
}

/** States in which Patchlane's answer itself names the KB: the host needs it, or Patchlane cannot tell. */
export const ANSWER_STATES: ReadonlySet<UpdateState> = new Set(['missing', 'mitigated', 'pending-reboot', 'unconfirmed'])

/** Patchlane's findings by KB (findings without a KB — an unconfirmed product — have no row to match). */
export function patchlaneVerdicts(assessment: HostAssessment): Map<string, PatchlaneKb> {
  const byKb = new Map<string, PatchlaneKb>()
  for (const finding of assessment.updates) {
    if (!finding.kb) continue
    const known = byKb.get(finding.kb)
    if (!known || STATE_WEIGHT[finding.state] > STATE_WEIGHT[known.state]) byKb.set(finding.kb, { kb: finding.kb, state: finding.state, finding })
  }
  return byKb
}
