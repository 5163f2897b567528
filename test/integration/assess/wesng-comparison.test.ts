import fs from 'node:fs'
import path from 'node:path'
import type { Database } from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importPaths } from '../../../src-main/catalog/importer'
import { parseInventoryFile } from '../../../src-main/inventory/parse-inventory-file'
import { openDatabase } from '../../../src-main/store/database'
import { WESNG_CAPTURES, WESNG_DEFINITIONS, WESNG_MONTHS, WESNG_NOW } from '../../bench/compare-wesng'
import { compareCapture, type CaptureComparison, type DifferenceClass, type DifferenceKey } from '../../bench/wesng/compare'
import { readWesRows } from '../../bench/wesng/definitions'
import { sharedDataPath } from '../../helpers/shared-data'
import { makeTempDir } from '../../helpers/temp-dir'

/**
 * The claims `npm run -s compare:wesng` prints, checked on the real data: the four modern
 * captures, WES-NG's definitions of 2026-06-28 and MSRC's documents up to 2026-Jun.
 */
let db: Database
let cleanup: () => void
const results: CaptureComparison[] = []

const keys = (list: readonly DifferenceClass[]): DifferenceKey[] => list.map((c) => c.key)
const count = (list: readonly DifferenceClass[], key: DifferenceKey): number => list.find((c) => c.key === key)?.items.length ?? 0

beforeAll(async () => {
  const temp = makeTempDir()
  cleanup = temp.cleanup
  db = openDatabase(path.join(temp.dir, 'patchlane.db'))
  const all = sharedDataPath('msrc-cvrf-all')
  const summary = await importPaths(db, fs.readdirSync(all).filter((f) => WESNG_MONTHS.test(f)).map((f) => path.join(all, f)))
  expect(summary.failed).toBe(0)
  const rows = await readWesRows(WESNG_DEFINITIONS, ['Windows 10 Version 22H2', 'Windows 11 Version 23H2', 'Windows 11 Version 24H2', 'Windows Server 2022'])
  for (const name of WESNG_CAPTURES) {
    const inventory = parseInventoryFile(fs.readFileSync(sharedDataPath('wesng', 'validation', name)), name, { now: WESNG_NOW }).inventory
    results.push(compareCapture(db, name, inventory, rows, WESNG_NOW))
  }
}, 300_000)
afterAll(() => {
  db.close()
  cleanup()
})

describe('Patchlane next to WES-NG on modern captures', () => {
  it('compares the four captures on the products they run', () => {
    expect(results.map((r) => r.product)).toEqual([
      'Windows 10 Version 22H2 for x64-based Systems',
      'Windows 11 Version 23H2 for x64-based Systems',
      'Windows 11 Version 24H2 for x64-based Systems',
      'Windows Server 2022',
    ])
  })

  it('explains every difference by a class: nothing is left unexplained', () => {
    for (const r of results) {
      for (const list of [r.onlyWesPy, r.onlyPatchlaneVsWesPy, r.onlyWesRule, r.onlyPatchlaneVsWesRule, r.kbsOnlyWesPy, r.kbsOnlyWesRule]) expect(keys(list), r.capture).not.toContain('unexplained')
    }
  })

  it('every update Patchlane says to install, WES-NG flags too; WES-NG adds .NET, hotpatch and older updates', () => {
    for (const r of results) {
      expect(r.kbsOnlyPatchlane, r.capture).toEqual([])
      expect(r.patchlane.kbs.size, r.capture).toBeLessThan(r.wesPy.kbs.size)
      for (const key of keys(r.kbsOnlyWesPy)) expect(['other-product', 'hotpatch', 'older-cumulative', 'not-in-catalog']).toContain(key)
    }
    // The rule (a KB is missing unless it or a successor is installed) lists every monthly update the host lacks.
    for (const r of results) expect(count(r.kbsOnlyWesRule, 'older-cumulative'), r.capture).toBeGreaterThan(10)
  })

  it('wes.py leaves out CVEs of older updates the host also lacks, because a newer KB supersedes them', () => {
    for (const r of results) {
      expect(keys(r.onlyPatchlaneVsWesPy), r.capture).toEqual(['superseded-by-newer'])
      expect(count(r.onlyPatchlaneVsWesPy, 'superseded-by-newer'), r.capture).toBeGreaterThan(0)
    }
  })

  it('Patchlane flags no CVE that WES-NG\'s rows, read by the rule, would not', () => {
    for (const r of results) expect(r.onlyPatchlaneVsWesRule, r.capture).toEqual([])
  })

  it('what only WES-NG flags: other products matched by substring, rows without a KB, fixes Patchlane finds installed, non-MSRC entries', () => {
    for (const r of results) {
      for (const key of keys(r.onlyWesPy)) expect(['other-product', 'no-kb-row', 'not-in-catalog', 'patchlane-fixed']).toContain(key)
      for (const key of keys(r.onlyWesRule)) expect(['other-product', 'not-in-catalog', 'patchlane-fixed']).toContain(key)
      // .NET Framework "on <Windows>" products: systeminfo does not show the .NET version.
      expect(count(r.onlyWesRule, 'other-product'), r.capture).toBeGreaterThan(0)
    }
    // Rows without a KB weigh most on Server 2022, where wes.py flags over a hundred CVEs through them.
    const server = results.find((r) => r.product === 'Windows Server 2022')
    expect(count(server?.onlyWesPy ?? [], 'no-kb-row')).toBeGreaterThan(100)
  })
})
