import type { Database } from 'better-sqlite3'

/** What an administrator decided about a missing update. */
export type DecisionKind = 'approve-testing' | 'defer' | 'not-applicable'

/** One decision as kept; `expired` is true for a deferral whose date has passed. */
export interface DecisionRecord {
  readonly id: number
  readonly kb: string
  readonly decision: DecisionKind
  readonly deferUntil: string | null
  readonly reason: string
  readonly decidedBy: string
  readonly decidedAt: string
  readonly expired: boolean
}

interface DecisionRow {
  id: number
  kb: string
  decision: DecisionKind
  defer_until: string | null
  reason: string
  decided_by: string
  decided_at: string
}

/** Keeps a decision; the newest per KB is the one in force. Returns it as stored. */
export function insertDecision(
  db: Database,
  decision: { kb: string; decision: DecisionKind; deferUntil: string | null; reason: string; decidedBy: string; decidedAt: string },
  now: Date,
): DecisionRecord {
  const info = db
    .prepare(`INSERT INTO decisions (kb, decision, defer_until, reason, decided_by, decided_at) VALUES (?, ?, ?, ?, ?, ?)`)
    .run(decision.kb, decision.decision, decision.decision === 'defer' ? decision.deferUntil : null, decision.reason.trim(), decision.decidedBy, decision.decidedAt)
  const row = db.prepare(`SELECT * FROM decisions WHERE id = ?`).get(info.lastInsertRowid) as DecisionRow
  return toRecord(row, now)
}

/**
 * The decision in force for each KB (the newest). A deferral past its date is returned with
 * `expired: true`: the update is undecided again and Assess says so.
 */
export function currentDecisions(db: Database, now: Date): Map<string, DecisionRecord> {
  const rows = db
    .prepare(`SELECT d.* FROM decisions d WHERE d.id = (SELECT id FROM decisions WHERE kb = d.kb ORDER BY decided_at DESC, id DESC LIMIT 1)`)
    .all() as DecisionRow[]
  return new Map(rows.map((row) => [row.kb, toRecord(row, now)]))
}

/** Every decision on one KB, newest first (the audit trail). */
export function decisionHistory(db: Database, kb: string, now: Date): DecisionRecord[] {
  const rows = db.prepare(`SELECT * FROM decisions WHERE kb = ? ORDER BY decided_at DESC, id DESC`).all(kb) as DecisionRow[]
  return rows.map((row) => toRecord(row, now))
}

function toRecord(row: DecisionRow, now: Date): DecisionRecord {
  // A deferral runs through the whole of its last day (dates are yyyy-mm-dd, read as UTC).
  const expired = row.decision === 'defer' && row.defer_until !== null && Date.parse(`${row.defer_until}T23:59:59.999Z`) < now.getTime()
  return { id: row.id, kb: row.kb, decision: row.decision, deferUntil: row.defer_until, reason: row.reason, decidedBy: row.decided_by, decidedAt: row.decided_at, expired }
}
