import type { HostInventory, OsInfo } from '../contract/schemas/inventory'
import { HostInventory as HostInventorySchema } from '../contract/schemas/inventory'
import { CoreError } from '../errors'
import { CollectorOutput } from '../powershell/collector-output'
import { decodeText } from './decode-text'
import { inventoryFromCollector } from './from-collector'
import { inventoryFromOsProperties, readOsProperties } from './parse-os-properties'
import { parseHotfixList } from './parse-qfe'
import { parseSystemInfo } from './parse-systeminfo'
import { knownLabels } from './systeminfo-labels'
import { looksLikeSystemInfo } from './systeminfo-shape'

/**
 * One entry point for "Assess a file": looks at the bytes, decides what the file is, and hands
 * it to the right parser. What it recognises:
 * - the collector's JSON document (or an inventory Patchlane exported);
 * - `systeminfo` output in any supported language and encoding;
 * - a hotfix list (`wmic qfe`, `Get-HotFix`), for which the OS may be given separately;
 * - an OS listing (Get-ComputerInfo, the CurrentVersion registry key, Win32_OperatingSystem),
 *   which gives that OS (merge it with the hotfix list: `merge-inventories.ts`).
 * Anything else is refused with a message that says what the file seems to be and what to bring.
 */

/** What a file was recognised as. */
export type InventoryFileKind = 'collector-json' | 'inventory-json' | 'systeminfo' | 'hotfix-list' | 'os-properties'

/** The parsed file. */
export interface ParsedInventoryFile {
  readonly kind: InventoryFileKind
  readonly inventory: HostInventory
}

/** Options: the OS for a bare hotfix list, and a fixed clock for tests. */
export interface ParseInventoryFileOptions {
  readonly os?: OsInfo | null
  readonly now?: Date
}

const LABELS = [...knownLabels()]

/** How many systeminfo labels a decoded text holds at line starts: ranks candidate encodings. */
function systeminfoScore(text: string): number {
  // The labels that decide are near the top; reading all of a long hotfix list adds nothing.
  const lower = text.slice(0, 4096).toLowerCase()
  let score = 0
  for (const label of LABELS) if (lower.includes(`\n${label}:`) || lower.startsWith(`${label}:`)) score += 1
  if (/hotfixid/.test(lower)) score += 1
  return score
}

/** Share of characters no text tool writes: controls, NULs, replacement characters. */
function garbageRatio(text: string): number {
  if (text.length === 0) return 0
  let bad = 0
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0
    if (code === 0xfffd || (code < 0x20 && ch !== '\r' && ch !== '\n' && ch !== '\t')) bad += 1
  }
  return bad / text.length
}

function fail(fileName: string, why: string): never {
  throw new CoreError('bad-file', `Cannot read '${fileName}': ${why}`)
}

function parseJson(text: string, fileName: string, options: ParseInventoryFileOptions): ParsedInventoryFile {
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch (error) {
    fail(fileName, `it starts like JSON but is not valid JSON (${error instanceof Error ? error.message : String(error)}); the file may be truncated.`)
  }
  const collector = CollectorOutput.safeParse(doc)
  if (collector.success) return { kind: 'collector-json', inventory: inventoryFromCollector(collector.data, { fileName, now: options.now }) }
  const inventory = HostInventorySchema.safeParse(doc)
  if (inventory.success) return { kind: 'inventory-json', inventory: inventory.data }
  const issue = collector.error.issues[0]
  const where = issue ? `${issue.path.join('.') || '(document)'}: ${issue.message}` : 'unknown shape'
  fail(fileName, `it is JSON but not Patchlane collector output (${where}). Collect it with Patchlane's collector script.`)
}

/** Reads one file's bytes into a HostInventory, or throws CoreError('bad-file') saying why not. */
export function parseInventoryFile(bytes: Uint8Array, fileName: string, options: ParseInventoryFileOptions = {}): ParsedInventoryFile {
  if (bytes.length === 0) fail(fileName, 'the file is empty (0 bytes).')
  const decoded = decodeText(bytes, systeminfoScore)
  const text = decoded.text
  if (text.trim() === '') {
    fail(fileName, "the file holds no text. If 'wmic qfe' printed \"No Instance(s) Available.\", the host lists no hotfixes; otherwise capture the file again.")
  }
  if (garbageRatio(text) > 0.02) fail(fileName, 'it is not a text file (binary data). Bring the text written by systeminfo, wmic qfe, Get-HotFix or the collector.')
  const trimmed = text.trimStart()
  if (trimmed.startsWith('{')) return parseJson(trimmed, fileName, options)

  const source = { fileName, encoding: decoded.encoding, now: options.now }
  if (systeminfoScore(text) >= 3) return { kind: 'systeminfo', inventory: parseSystemInfo(text, source) }
  if (/(^|[\s,"])HotFixID([\s,":=]|$)/im.test(text)) return { kind: 'hotfix-list', inventory: parseHotfixList(text, { ...source, os: options.os ?? null }) }
  if (readOsProperties(text)) return { kind: 'os-properties', inventory: inventoryFromOsProperties(text, source) }
  if (looksLikeSystemInfo(text)) return { kind: 'systeminfo', inventory: parseSystemInfo(text, source) }
  if (/^KB\d{6,8}: /m.test(text)) {
    fail(fileName, 'it is a list of missing updates from Windows Update, not an inventory of the host. Bring the host\'s systeminfo or hotfix list.')
  }
  if (/^\s*(Host Name|OS Name)\s*:/im.test(text)) return { kind: 'systeminfo', inventory: parseSystemInfo(text, source) }
  // Recognised, but they do not say what is installed in a form Patchlane reads: say so by name.
  if (/^\[\+\] (Parsing systeminfo output|Operating System)/m.test(text)) {
    fail(fileName, "it is the report of another scanner (WES-NG), not the host's own output. Bring the systeminfo file that scanner read.")
  }
  if (/^\s*Title\s*:.*\r?\n\s*Operation\s*:/m.test(text)) {
    fail(fileName, "it is the Windows Update history (Title / Operation / ResultCode), which Patchlane does not read as an inventory. Bring the host's hotfix list (wmic qfe, Get-HotFix) or collector output.")
  }
  if (/^\s*Name\s*:/m.test(text) && !/^\s*(?!Name\b)\w+\s*:/m.test(text)) {
    fail(fileName, "it is a list of package names only (Get-Package), which Patchlane does not read as an inventory. Bring the host's hotfix list (wmic qfe, Get-HotFix).")
  }
  if (/^(?:\s*(?:KB)?\d{6,8}\s*\r?\n?)+$/i.test(text)) {
    fail(fileName, 'it is a bare list of KB numbers, which does not say whether they are installed or missing. Bring the host\'s hotfix list (wmic qfe, Get-HotFix).')
  }
  fail(
    fileName,
    'it is neither systeminfo output, a hotfix list (wmic qfe, Get-HotFix), an OS listing (Get-ComputerInfo) nor collector JSON. If it is systeminfo in a language Patchlane does not read yet, capture it with the collector instead.',
  )
}
