import os from 'node:os'
import type { Database } from 'better-sqlite3'
import type { z } from 'zod'
import type { Decision, RecordDecisionInput } from '../contract/schemas/decisions'
import { CoreError } from '../errors'
import { insertDecision } from '../store/decisions'

/**
 * Records a decision on a missing update, as the account Patchlane runs under (DOMAIN\user on
 * Windows): "who" is never taken from the renderer. A deferral must end today or later.
 */
export function recordDecision(db: Database, input: z.output<typeof RecordDecisionInput>, now: Date, env: NodeJS.ProcessEnv = process.env): Decision {
  if (input.deferUntil !== undefined && input.deferUntil < now.toISOString().slice(0, 10)) {
    throw new CoreError('invalid-input', `The deferral of ${input.kb} would end on ${input.deferUntil}, which has passed: pick today or a later date.`)
  }
  return insertDecision(db, { kb: input.kb, decision: input.decision, deferUntil: input.deferUntil ?? null, reason: input.reason, decidedBy: whoAmI(env), decidedAt: now.toISOString() }, now)
}

function whoAmI(env: NodeJS.ProcessEnv): string {
  const user = env.USERNAME ?? safeUserName() ?? 'unknown'
  return env.USERDOMAIN ? `${env.USERDOMAIN}\\${user}` : user
}

function safeUserName(): string | null {
  try {
    return os.userInfo().username
  } catch {
    // No passwd entry (containers): say "unknown" rather than fail the decision.
    return null
  }
}
