/**
 * The table shapes Windows tools print, read into rows of `column → value` (column names in
 * lower case): fixed-width tables with a header (wmic), tables with a dashed rule under the
 * header (PowerShell Format-Table), CSV (wmic /format:csv, Export-Csv), and `Key : value` or
 * `Key=value` blocks (Format-List, wmic list full).
 */

/** One row, keyed by lower-case column name. */
export type Row = Readonly<Record<string, string>>

/** Splits one CSV line (RFC 4180 quoting; no embedded newlines, which these tools never write). */
export function splitCsvLine(line: string): string[] {
  const cells: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < line.length; i += 1) {
    const ch = line[i]
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"'
        i += 1
      } else if (ch === '"') quoted = false
      else cell += ch
    } else if (ch === '"') quoted = true
    else if (ch === ',') {
      cells.push(cell)
      cell = ''
    } else cell += ch
  }
  cells.push(cell)
  return cells.map((c) => c.trim())
}

/** Rows of a CSV table whose header is `lines[header]`. */
export function readCsv(lines: readonly string[], header: number): Row[] {
  const names = splitCsvLine(lines[header] ?? '').map((n) => n.toLowerCase())
  const rows: Row[] = []
  for (const line of lines.slice(header + 1)) {
    if (line.trim() === '') continue
    const cells = splitCsvLine(line)
    rows.push(Object.fromEntries(names.map((name, i) => [name, cells[i] ?? ''])))
  }
  return rows
}

/** Column start positions and names, from a header of names separated by spaces. */
function columnsFromHeader(header: string): Array<{ name: string; start: number }> {
  return [...header.matchAll(/\S+/g)].map((m) => ({ name: m[0].toLowerCase(), start: m.index }))
}

/** Column start positions from a dashed rule (`------  -----------`), names from the header above it. */
function columnsFromRule(header: string, rule: string): Array<{ name: string; start: number }> {
  return [...rule.matchAll(/-+/g)].map((m) => ({ name: header.slice(m.index, m.index + m[0].length).trim().toLowerCase(), start: m.index }))
}

/**
 * Cuts a row into the header's columns. Values are the runs of text separated by two or more
 * spaces (the tools put two between columns), each given to the column whose start is nearest.
 * Nearest, not "at or after": a capture re-encoded after the fact (a Russian wmic list converted
 * to UTF-8) shifts later columns by a few characters, and exact slicing would merge them.
 */
function sliceRow(line: string, columns: ReadonlyArray<{ name: string; start: number }>): Row {
  const row: Record<string, string> = Object.fromEntries(columns.map((c) => [c.name, '']))
  let lastTaken = -1
  for (const m of line.matchAll(/\S+(?: \S+)*/g)) {
    let best = 0
    columns.forEach((col, i) => {
      if (Math.abs(col.start - m.index) < Math.abs((columns[best]?.start ?? 0) - m.index)) best = i
    })
    // Values keep their order: never give a value to a column left of one already filled.
    if (best <= lastTaken) best = lastTaken + 1
    const col = columns[best]
    if (!col) break
    row[col.name] = m[0]
    lastTaken = best
  }
  return row
}

/**
 * Rows of a fixed-width table. `firstColumn` is where the header really starts: XP's wmic prints
 * "Please wait while WMIC is being installed." in front of the header on the same line.
 */
export function readFixedWidth(lines: readonly string[], header: number, firstColumn: number): Row[] {
  const headerLine = (lines[header] ?? '').slice(firstColumn)
  const next = lines[header + 1] ?? ''
  const ruled = /^[\s-]+$/.test(next) && next.includes('-')
  const columns = ruled ? columnsFromRule(headerLine, next) : columnsFromHeader(headerLine)
  const rows: Row[] = []
  for (const line of lines.slice(header + (ruled ? 2 : 1))) {
    if (line.trim() === '') continue
    rows.push(sliceRow(line, columns))
  }
  return rows
}

/** Rows of `Key : value` / `Key=value` blocks, one row per block (blocks end at a blank line or a repeated key). */
export function readKeyValueBlocks(lines: readonly string[]): Row[] {
  const rows: Array<Record<string, string>> = []
  let current: Record<string, string> | null = null
  for (const line of lines) {
    const m = /^\s*([A-Za-z_][\w.]*)\s*(?::|=)\s?(.*)$/.exec(line)
    if (!m) {
      if (line.trim() === '') current = null
      continue
    }
    const key = (m[1] ?? '').toLowerCase()
    if (!current || key in current) {
      current = {}
      rows.push(current)
    }
    current[key] = (m[2] ?? '').trim()
  }
  return rows
}
