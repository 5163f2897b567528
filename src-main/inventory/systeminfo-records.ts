import { splitLines } from './decode-text'
import { fieldOfLabel, type SystemInfoField } from './systeminfo-labels'

/**
 * systeminfo's layout, language-independent: a line that starts in column 0 is `Label: value`
 * (labels may hold colons themselves: "Virtual Memory: Max Size:"), and indented lines continue
 * the record above (processors, hotfixes, network cards). Continuations are indented with spaces
 * in real captures and with tabs in some copies; both count.
 */

/** One `Label: value` line and the indented lines under it. */
export interface SystemInfoRecord {
  /** The field when the label is known in some language, else undefined. */
  readonly field: SystemInfoField | undefined
  readonly label: string
  readonly value: string
  readonly continuation: readonly string[]
  /** 0-based line number, for messages. */
  readonly line: number
}

/** Splits a label line at the first colon whose left side is a known label, else at the first colon. */
function splitLabelLine(line: string): { label: string; value: string; field: SystemInfoField | undefined } | null {
  let first: number | null = null
  for (let i = line.indexOf(':'); i >= 0; i = line.indexOf(':', i + 1)) {
    first ??= i
    const field = fieldOfLabel(line.slice(0, i))
    if (field) return { label: line.slice(0, i).trim(), value: line.slice(i + 1).trim(), field }
  }
  if (first === null) return null
  return { label: line.slice(0, first).trim(), value: line.slice(first + 1).trim(), field: undefined }
}

/** Reads every record of a systeminfo text, in order. Lines before the first label are skipped. */
export function readSystemInfoRecords(text: string): SystemInfoRecord[] {
  const records: Array<{ field: SystemInfoField | undefined; label: string; value: string; continuation: string[]; line: number }> = []
  splitLines(text).forEach((raw, index) => {
    if (raw.trim() === '') return
    const indented = /^[\t ]/.test(raw)
    const last = records[records.length - 1]
    if (indented && last) {
      last.continuation.push(raw.trim())
      return
    }
    const split = splitLabelLine(raw)
    if (split) records.push({ ...split, continuation: [], line: index })
    else if (last) last.continuation.push(raw.trim())
  })
  return records
}

/** One `[NN]: value` entry under a record (hotfixes, processors), with its index. */
export interface NumberedEntry {
  readonly index: number
  readonly value: string
}

/**
 * The `[01]: KB4100347` entries of a record. An entry without a value (`[246]`, or a cut `[2`)
 * is where Windows itself stopped writing a long list; it is not returned.
 */
export function numberedEntries(record: SystemInfoRecord): NumberedEntry[] {
  const entries: NumberedEntry[] = []
  for (const line of record.continuation) {
    const m = /^\[(\d+)\]\s*:\s*(.*\S)\s*$/.exec(line)
    if (m) entries.push({ index: Number(m[1]), value: m[2] ?? '' })
  }
  return entries
}
