import fs from 'node:fs'
import path from 'node:path'
import type { HostInventory } from '../../../src-main/contract/schemas/inventory'
import { mergeInventories } from '../../../src-main/inventory/merge-inventories'
import { parseInventoryFile } from '../../../src-main/inventory/parse-inventory-file'
import { sharedDataPath } from '../../helpers/shared-data'

/** The WES-NG validation captures: systeminfo, wmic qfe and the Windows Update Agent's list, per machine. */
export const CAPTURES = ['wesng', 'validation'] as const

/** A capture's systeminfo, merged with its wmic qfe list when there is one (systeminfo stops at about 245 KBs). */
export function captureInventory(name: string): HostInventory {
  const file = (suffix: string) => path.join(sharedDataPath(...CAPTURES), `${name}_${suffix}.txt`)
  const systeminfo = parseInventoryFile(fs.readFileSync(file('systeminfo')), `${name}_systeminfo.txt`).inventory
  if (!fs.existsSync(file('qfe'))) return systeminfo
  try {
    return mergeInventories(systeminfo, parseInventoryFile(fs.readFileSync(file('qfe')), `${name}_qfe.txt`, { os: systeminfo.os }).inventory)
  } catch {
    return systeminfo // an empty wmic qfe capture (no instances) adds nothing
  }
}

/** KBs the agent listed as not installed (`KB…: title` lines), in the file's order. */
export function agentList(file: string): Array<{ kb: string; title: string }> {
  const bytes = fs.readFileSync(path.join(sharedDataPath(...CAPTURES), file))
  const text = bytes[0] === 0xff && bytes[1] === 0xfe ? bytes.subarray(2).toString('utf16le') : bytes.toString('utf8')
  const seen = new Map<string, string>()
  for (const m of text.matchAll(/^(KB\d+):\s*(.*?)\s*$/gm)) if (!seen.has(m[1] ?? '')) seen.set(m[1] ?? '', m[2] ?? '')
  return [...seen].map(([kb, title]) => ({ kb, title }))
}

/** KBs the agent said were missing, as listed in `<name>_updates.txt`. */
export function agentMissing(name: string): string[] {
  return agentList(`${name}_updates.txt`).map((u) => u.kb)
}
