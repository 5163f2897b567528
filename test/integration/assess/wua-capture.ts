import fs from 'node:fs'
import path from 'node:path'
import type { HostInventory } from '../../../src-main/contract/schemas/inventory'
import { WuaSearchResult, type WuaUpdate } from '../../../src-main/contract/schemas/wua'
import { mergeInventories } from '../../../src-main/inventory/merge-inventories'
import { parseInventoryFile } from '../../../src-main/inventory/parse-inventory-file'
import { sharedDataPath } from '../../helpers/shared-data'

/**
 * The WES-NG validation captures (../shared/data/wesng/validation) as Patchlane would have them
 * from a scan that asked the agent: the systeminfo (+ wmic qfe) inventory, and the agent's list of
 * missing updates (`*_updates.txt`, written by WES-NG's `_listupdates.vbs`: one
 * `KBnnnnnnn: Title (KBnnnnnnn)` line per IUpdate of the search
 * `IsInstalled=0 and Type='Software' and IsHidden=0`) turned into a WuaSearchResult.
 *
 * The files hold only KB and title, so what the collector would read from IUpdate is derived:
 * - severity and CVEs: unknown (null, none) — the script did not print them;
 * - categories: from Microsoft's title wording, the way the update is classified: "Security
 *   Update", "Security Monthly Quality Rollup", "Security and Quality Rollup" and Windows 10's
 *   "Cumulative Update" (OS and .NET, published under Security Updates) → `Security Updates`;
 *   "Definition Update" → `Definition Updates`; the Malicious Software Removal Tool →
 *   `Update Rollups`; anything else (previews, language packs, plain updates) → `Updates`;
 * - source: `microsoft-update` when the list holds Office updates (Windows Update offers Windows
 *   only; Office comes through Microsoft Update), else `windows-update` (an unmanaged machine's
 *   default; nothing in the files points to WSUS);
 * - searchedAt: the capture date in the file name (noon UTC), or the one given;
 * - criteria: the script's, plus `BrowseOnly=1` for the capture named `…_updates_optional`, whose
 *   name says it lists optional updates only.
 */
const FOLDER = ['wesng', 'validation'] as const

/** Reads a capture file, UTF-16LE (with BOM) or UTF-8. */
function readText(file: string): string {
  const bytes = fs.readFileSync(file)
  return bytes[0] === 0xff && bytes[1] === 0xfe ? bytes.subarray(2).toString('utf16le') : bytes.toString('utf8')
}

/** The agent's answer of a capture (`name` without the `_updates.txt` suffix). */
export function captureSearch(name: string, options: { suffix?: string; searchedAt?: string } = {}): WuaSearchResult {
  const suffix = options.suffix ?? 'updates'
  const text = readText(sharedDataPath(...FOLDER, `${name}_${suffix}.txt`))
  const missing: WuaUpdate[] = []
  for (const line of text.split(/\r?\n/)) {
    const match = /^(KB\d+):\s*(.+?)\s*$/.exec(line)
    if (!match?.[1] || !match[2]) continue
    missing.push({ kb: match[1], title: match[2], updateId: null, severity: null, categories: [categoryOf(match[2])], cves: [], isDownloaded: false })
  }
  if (missing.length === 0) throw new Error(`${name}_${suffix}.txt lists no update`)
  const stamp = /_(\d{4})(\d{2})(\d{2})$/.exec(name)
  const searchedAt = options.searchedAt ?? (stamp ? `${stamp[1]}-${stamp[2]}-${stamp[3]}T12:00:00.000Z` : null)
  if (!searchedAt) throw new Error(`${name}: no capture date in the name; give searchedAt`)
  const criteria = `IsInstalled=0 and Type='Software' and IsHidden=0${suffix.endsWith('optional') ? ' and BrowseOnly=1' : ''}`
  return WuaSearchResult.parse({
    mode: 'online',
    source: missing.some((u) => /Microsoft (Office|Word|Excel|Outlook|PowerPoint|Visio|Access|Project)|Skype for Business/.test(u.title)) ? 'microsoft-update' : 'windows-update',
    serverUrl: null,
    searchedAt,
    criteria,
    missing,
    error: null,
  })
}

function categoryOf(title: string): string {
  if (/Security Update|Security Monthly Quality Rollup|Security and Quality Rollup|Cumulative Security Update/i.test(title)) return 'Security Updates'
  if (/^\d{4}-\d{2} Cumulative Update for /i.test(title)) return 'Security Updates'
  if (/^Definition Update/i.test(title)) return 'Definition Updates'
  if (/Malicious Software Removal Tool/i.test(title)) return 'Update Rollups'
  return 'Updates'
}

/** A capture's inventory: its systeminfo, merged with its wmic qfe list when there is one. */
export function captureInventory(name: string, systeminfoName = `${name}_systeminfo.txt`): HostInventory {
  const file = (base: string) => sharedDataPath(...FOLDER, base)
  const systeminfo = parseInventoryFile(fs.readFileSync(file(systeminfoName)), systeminfoName).inventory
  const qfePath = path.join(path.dirname(file(systeminfoName)), `${name}_qfe.txt`)
  if (!fs.existsSync(qfePath)) return systeminfo
  try {
    return mergeInventories(systeminfo, parseInventoryFile(fs.readFileSync(qfePath), `${name}_qfe.txt`, { os: systeminfo.os }).inventory)
  } catch {
    return systeminfo // an empty wmic qfe capture (no instances) adds nothing
  }
}
