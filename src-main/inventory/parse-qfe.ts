import type { HostInventory, InstalledUpdate, InventorySource, OsInfo } from '../contract/schemas/inventory'
import { fileInventory } from './file-inventory'
import { CoreError } from '../errors'
import { splitLines } from './decode-text'
import { kbOfHotfixId } from './hotfix-id'
import { inferDateOrder, parseLocalDate, parseQfeRawDate } from './local-dates'
import { readCsv, readFixedWidth, readKeyValueBlocks, type Row } from './text-tables'

/**
 * A hotfix list → HostInventory without an OS (a hotfix list does not name one; the caller may
 * give it). Reads every shape the two tools print:
 * - `wmic qfe` / `wmic qfe list` (fixed-width, XP to 11), `wmic qfe list full` (Key=value),
 *   `wmic qfe list /format:csv`;
 * - `Get-HotFix` as a table, as `Format-List`, or exported with `Export-Csv` / `ConvertTo-Csv`.
 *
 * XP wrote the KB in ServicePackInEffect and "File 1" as HotFixID; Vista wrote InstalledOn as a
 * hex FILETIME or YYYYMMDD. Both are understood.
 */

/** Where the text came from, and the OS when the caller knows it. */
export interface HotfixListSource {
  readonly fileName: string | null
  readonly encoding: string | null
  /** The host's OS, given separately (a hotfix list does not name it); null when unknown. */
  readonly os?: OsInfo | null
  readonly computerName?: string | null
  readonly now?: Date
}

/** The shape a hotfix list was recognised as. */
export type HotfixListFormat = 'wmic-table' | 'wmic-csv' | 'wmic-list' | 'get-hotfix-table' | 'get-hotfix-csv' | 'get-hotfix-list'

function describe(source: HotfixListSource): string {
  return source.fileName ? `hotfix list '${source.fileName}'` : 'the hotfix list'
}

function fail(source: HotfixListSource, why: string): never {
  throw new CoreError('bad-file', `Cannot read ${describe(source)}: ${why}`)
}

/** Finds the format and reads the rows. Null when the text has no HotFixID column or key at all. */
export function readHotfixRows(text: string): { format: HotfixListFormat; rows: Row[] } | null {
  const lines = splitLines(text)
  const keyed = lines.findIndex((l) => /^\s*HotFixID\s*(?::|=)/i.test(l))
  if (keyed >= 0) {
    const rows = readKeyValueBlocks(lines)
    const powershell = lines.some((l) => /^\s*(Source|PSComputerName)\s*:/i.test(l)) || /^\s*HotFixID\s*:/i.test(lines[keyed] ?? '')
    return { format: powershell ? 'get-hotfix-list' : 'wmic-list', rows }
  }
  const header = lines.findIndex((l) => /(^|[\s,"])HotFixID([\s,"]|$)/i.test(l))
  if (header < 0) return null
  const headerLine = lines[header] ?? ''
  if (/"?HotFixID"?\s*,|,\s*"?HotFixID/i.test(headerLine)) {
    const rows = readCsv(lines, header)
    const powershell = /PSComputerName|__GENUS|"Source"|^#TYPE/i.test(headerLine) || lines.slice(0, header).some((l) => l.startsWith('#TYPE'))
    return { format: powershell ? 'get-hotfix-csv' : 'wmic-csv', rows }
  }
  // The first column's name marks where the header starts (XP's wmic prefixes a notice).
  const first = /(Caption|Source|Description|CSName|HotFixID)\s/i.exec(headerLine)
  const rows = readFixedWidth(lines, header, first?.index ?? 0)
  const ruled = /^[\s-]+$/.test(lines[header + 1] ?? '') && (lines[header + 1] ?? '').includes('-')
  return { format: ruled ? 'get-hotfix-table' : 'wmic-table', rows }
}

/** The id and KB of a row: XP lists `File 1` as HotFixID and the KB in ServicePackInEffect. */
function idOfRow(row: Row): { id: string; kb: string | null } | null {
  const hotFixId = row.hotfixid ?? ''
  const kb = kbOfHotfixId(hotFixId)
  if (kb) return { id: hotFixId, kb }
  const spInEffect = row.servicepackineffect ?? ''
  const spKb = kbOfHotfixId(spInEffect)
  if (spKb) return { id: spInEffect, kb: spKb }
  if (hotFixId === '' || /^File \d+$/i.test(hotFixId)) return null
  return { id: hotFixId, kb: null }
}

/** Parses a hotfix list. Throws CoreError('bad-file') with the reason when it cannot. */
export function parseHotfixList(text: string, source: HotfixListSource): HostInventory {
  if (text.trim() === '') {
    fail(source, "the file is empty. If 'wmic qfe' printed \"No Instance(s) Available.\", the host lists no hotfixes; otherwise capture it again.")
  }
  const read = readHotfixRows(text)
  if (!read) {
    if (/^\s*(Host Name|OS Name)\s*:/im.test(text)) fail(source, 'it is systeminfo output, not a hotfix list. Import it as systeminfo.')
    fail(source, "it has no HotFixID column. Capture it with 'wmic qfe list' or 'Get-HotFix | Export-Csv'.")
  }
  const warnings: string[] = []
  const kind: InventorySource = read.format.startsWith('get-hotfix') ? 'get-hotfix' : 'qfe'
  const rawDates = read.rows.map((r) => r.installedon ?? '').filter((d) => d !== '' && parseQfeRawDate(d) === null)
  // WMI stores InstalledOn as M/D/YYYY; Get-HotFix prints it in the console's culture. Let the dates settle it.
  const { order, ambiguous } = inferDateOrder(rawDates, 'mdy')
  if (ambiguous && kind === 'get-hotfix') warnings.push('The order of day and month in InstalledOn cannot be told from the file; month/day was assumed.')

  // XP lists an update twice ("File 1" with the KB, and again with description and date): merge them.
  const byId = new Map<string, InstalledUpdate>()
  let skipped = 0
  for (const row of read.rows) {
    const id = idOfRow(row)
    if (!id) {
      skipped += 1
      continue
    }
    const installedOnText = row.installedon ?? ''
    const installedOn = installedOnText === '' ? null : (parseQfeRawDate(installedOnText) ?? parseLocalDate(installedOnText, order))
    if (installedOnText !== '' && installedOn === null) warnings.push(`${id.id}: the install date '${installedOnText}' is not a date Patchlane reads.`)
    const key = (id.kb ?? id.id).toUpperCase()
    const before = byId.get(key)
    byId.set(key, {
      id: before?.id ?? id.id,
      kb: id.kb,
      installedOn: before?.installedOn ?? installedOn,
      description: before?.description ?? (row.description || null),
      installedBy: before?.installedBy ?? (row.installedby || null),
      source: kind,
    })
  }
  const updates = [...byId.values()]
  if (skipped > 0) warnings.push(`${skipped} entr${skipped === 1 ? 'y names' : 'ies name'} no update ("File 1" without a KB) and ${skipped === 1 ? 'was' : 'were'} left out.`)
  if (updates.length === 0) fail(source, `it has a HotFixID column but no hotfix in it (${read.rows.length} rows read).`)
  if (!source.os) warnings.push('A hotfix list does not name the operating system; give it separately (or import the same host\'s systeminfo) before assessing.')

  const names = new Set(read.rows.map((r) => r.csname || r.source || r.pscomputername || '').filter((n) => n !== ''))
  const computerName = source.computerName ?? (names.size === 1 ? ([...names][0] ?? null) : null)
  return fileInventory({ source: kind, computerName, os: source.os ?? null, updates, updatesComplete: true, warnings }, source)
}
