// `npm run -s compare:wesng`: Patchlane next to WES-NG (the best-known free tool) on modern
// captures, both with data of the same date: WES-NG's definitions of 2026-06-28 and the MSRC
// documents up to 2026-Jun. Prints, per capture, what each side flags and every difference by
// class, with the reason. test/integration/assess/wesng-comparison.test.ts checks its claims.
//
// Uses the catalog at PATCHLANE_BENCH_DB when given (it should hold 2021-Jan … 2026-Jun), else
// imports those months into a temp store first.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { importPaths } from '../../src-main/catalog/importer'
import { parseInventoryFile } from '../../src-main/inventory/parse-inventory-file'
import { openDatabase } from '../../src-main/store/database'
import { SHARED_DATA } from '../helpers/shared-data'
import { compareCapture, type CaptureComparison, type DifferenceClass } from './wesng/compare'
import { readWesRows } from './wesng/definitions'

/** The modern captures compared, and the day they are judged on (the definitions' date). */
export const WESNG_CAPTURES = ['10_22H2_x64_enterprise_en-us_systeminfo.txt', '11_23H2_x64_enterprise_systeminfo.txt', '11_24H2_x64_enterprise_systeminfo.txt', 'srv_2022_systeminfo.txt'] as const
export const WESNG_DEFINITIONS = path.join(SHARED_DATA, 'wesng', 'definitions_20260628.zip')
export const WESNG_NOW = new Date('2026-06-28T20:00:00Z')
/** MSRC months of the same era as the definitions: the captures' products are all newer than 2021. */
export const WESNG_MONTHS = /^(202[1-5]-|2026-(Jan|Feb|Mar|Apr|May|Jun))/

function show(title: string, list: readonly DifferenceClass[]): string[] {
  if (list.length === 0) return [`  ${title}: none`]
  return [`  ${title}:`, ...list.map((c) => `    ${String(c.items.length).padStart(5)}  ${c.key}: ${c.reason}${c.items.length <= 6 ? ` (${c.items.join(', ')})` : ` (e.g. ${c.items.slice(0, 4).join(', ')})`}`)]
}

function table(c: CaptureComparison): string {
  const row = (name: string, cves: number, kbs: number) => `  ${name.padEnd(34)} ${String(cves).padStart(6)} ${String(kbs).padStart(6)}`
  return [
    `${c.capture} — ${c.product}, build ${c.build ?? '?'}`,
    `  ${''.padEnd(34)} ${'CVEs'.padStart(6)} ${'KBs'.padStart(6)}`,
    row('Patchlane (exposed / missing)', c.patchlane.cves.size, c.patchlane.kbs.size),
    row('WES-NG, as wes.py computes it', c.wesPy.cves.size, c.wesPy.kbs.size),
    row('WES-NG rows, as the rule states', c.wesRule.cves.size, c.wesRule.kbs.size),
    `  KBs Patchlane says to install: ${[...c.patchlane.kbs].join(', ') || 'none'}`,
    ...show('KBs only wes.py flags', c.kbsOnlyWesPy),
    `  KBs only Patchlane flags (vs wes.py): ${c.kbsOnlyPatchlane.join(', ') || 'none'}`,
    ...show('KBs only the rule flags', c.kbsOnlyWesRule),
    ...show('CVEs only wes.py flags', c.onlyWesPy),
    ...show('CVEs only Patchlane flags (vs wes.py)', c.onlyPatchlaneVsWesPy),
    ...show('CVEs only the rule flags', c.onlyWesRule),
    ...show('CVEs only Patchlane flags (vs the rule)', c.onlyPatchlaneVsWesRule),
  ].join('\n')
}

async function main(): Promise<void> {
  const given = process.env.PATCHLANE_BENCH_DB
  const dir = given ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'patchlane-compare-wesng-'))
  try {
    const db = openDatabase(given ?? path.join(dir ?? '', 'patchlane.db'))
    if (!given) {
      process.stdout.write('importing MSRC 2021-Jan … 2026-Jun first…\n')
      const all = path.join(SHARED_DATA, 'msrc-cvrf-all')
      await importPaths(db, fs.readdirSync(all).filter((f) => WESNG_MONTHS.test(f)).map((f) => path.join(all, f)))
    }
    const captures = WESNG_CAPTURES.map((name) => ({ name, inventory: parseInventoryFile(fs.readFileSync(path.join(SHARED_DATA, 'wesng', 'validation', name)), name, { now: WESNG_NOW }).inventory }))
    const rows = await readWesRows(WESNG_DEFINITIONS, ['Windows 10 Version 22H2', 'Windows 11 Version 23H2', 'Windows 11 Version 24H2', 'Windows Server 2022'])
    for (const { name, inventory } of captures) console.log(`${table(compareCapture(db, name, inventory, rows, WESNG_NOW))}\n`)
    db.close()
  } finally {
    if (dir) fs.rmSync(dir, { recursive: true, force: true })
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) await main()
