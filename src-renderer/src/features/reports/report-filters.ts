import type { Output } from '../../../../src-main/contract/api'

/** One row of "Pick a security report to view". */
export type ReportRow = Output<'listReports'>[number]

/** A report's outcome in one word, for the filter and the outcome column. */
export type ReportOutcome = 'missing' | 'unconfirmed' | 'current' | 'not-assessed' | 'not-scanned' | 'in-progress'

/** Each outcome in words, for the filter and the outcome column. */
export const OUTCOME_LABELS: Readonly<Record<ReportOutcome, string>> = {
  missing: 'Missing updates',
  unconfirmed: 'Cannot be confirmed',
  current: 'Up to date',
  'not-assessed': 'Not assessed',
  'not-scanned': 'Could not be scanned',
  'in-progress': 'Scanning',
}

/** What a row says about its computer, from its scan state and assessment figures. */
export function outcomeOf(row: ReportRow): ReportOutcome {
  if (row.state === 'failed' || row.state === 'unreachable' || row.state === 'cancelled') return 'not-scanned'
  if (row.state !== null && row.state !== 'done') return 'in-progress'
  if (row.missingUpdates === null) return 'not-assessed'
  if (row.missingUpdates > 0) return 'missing'
  if ((row.unconfirmed ?? 0) > 0) return 'unconfirmed'
  return 'current'
}

/** What the report list is narrowed to. */
export interface ReportFilter {
  /** Part of the computer's name, address or file name; case does not matter. */
  readonly computer: string
  /** yyyy-mm-dd (the date input's value): reports from this day on, in local time. */
  readonly from: string
  readonly outcome: ReportOutcome | 'imported' | 'all'
}

/** Every report. */
export const NO_FILTER: ReportFilter = { computer: '', from: '', outcome: 'all' }

/** The rows a filter keeps, in their order (newest first as listed). */
export function filterReports(rows: readonly ReportRow[], filter: ReportFilter): ReportRow[] {
  const needle = filter.computer.trim().toLowerCase()
  const from = filter.from ? new Date(`${filter.from}T00:00:00`).getTime() : null
  return rows.filter((row) => {
    if (needle && ![row.computer, row.address, row.fileName].some((text) => text?.toLowerCase().includes(needle))) return false
    if (from !== null && !(Date.parse(row.time) >= from)) return false
    if (filter.outcome === 'imported') return row.source === 'imported'
    return filter.outcome === 'all' || outcomeOf(row) === filter.outcome
  })
}

/** The key a row is selected by: the scanned host or the imported assessment. */
export function reportKey(row: Pick<ReportRow, 'scanHostId' | 'assessmentId'>): string {
  return row.scanHostId !== null ? `scan:${row.scanHostId}` : `imported:${row.assessmentId ?? 0}`
}
