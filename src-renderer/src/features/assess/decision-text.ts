import type { Output } from '../../../../src-main/contract/api'
import { formatDate, formatDateTime } from '../../components/format'

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
