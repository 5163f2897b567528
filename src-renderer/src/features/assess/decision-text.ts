import type { Output } from '../../../../src-main/contract/api'
import { formatDate, formatDateTime } from '../../components/format'

/** A decision as main returns it. */
export type Decision = Output<'recordDecision'>

/** "Approved for testing", "Deferred until 31 Dec 2026", "Not applicable", or the lapse. */
export function decisionLabel(decision: Decision): string {
  switch (decision.decision) {
    case 'approve-testing':
      return 'Approved for testing'
    case 'not-applicable':
      return 'Not applicable'
    case 'defer':
      return decision.expired ? `Deferral ended ${formatDate(decision.deferUntil ?? '')}` : `Deferred until ${formatDate(decision.deferUntil ?? '')}`
  }
}

/** "Reason — who, when" for the line under a decision. */
export function decisionByline(decision: Decision): string {
  return `${decision.reason} — ${decision.decidedBy}, ${formatDateTime(decision.decidedAt)}`
}

/** Where a decision stands in its update's history. */
export type DecisionStanding = 'in-force' | 'expired' | 'replaced'

/**
 * The standing of `history[index]` in a newest-first history: only the newest can be in force,
 * and a deferral past its date is expired (the update is undecided again); older ones were replaced.
 */
export function decisionStanding(history: readonly Decision[], index: number): DecisionStanding {
  if (index > 0) return 'replaced'
  return history[0]?.expired ? 'expired' : 'in-force'
}

/** A standing in words, for its badge. */
export const STANDING_LABELS: Readonly<Record<DecisionStanding, string>> = {
  'in-force': 'In force',
  expired: 'Expired',
  replaced: 'Replaced',
}
