import fs from 'node:fs'
import path from 'node:path'
import type { Database } from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assessHost } from '../../../src-main/assess/assess-host'
import { importPaths } from '../../../src-main/catalog/importer'
import type { HostInventory } from '../../../src-main/contract/schemas/inventory'
import { parseInventoryFile } from '../../../src-main/inventory/parse-inventory-file'
import { openDatabase } from '../../../src-main/store/database'
import { sharedDataPath } from '../../helpers/shared-data'
import { makeTempDir } from '../../helpers/temp-dir'

// A real Windows 11 23H2 capture judged against Microsoft's real November 2024 and June 2026
// documents. June's cumulative update for 23H2 is KB5093998 (fixed build 10.0.22631.7219).
const NOW = new Date('2026-07-01T00:00:00Z')
const NEWEST_CU = 'KB5093998'
const NEWEST_BUILD = '10.0.22631.7219'
const PRODUCT = 'Windows 11 Version 23H2 for x64-based Systems'

describe('assessHost on real data', () => {
  let db: Database
  let cleanup: () => void
  let capture: HostInventory

  beforeAll(async () => {
    const temp = makeTempDir()
    cleanup = temp.cleanup
    db = openDatabase(path.join(temp.dir, 'patchlane.db'))
    // 2024-Nov brings CVE-2024-49039, exploited and on the KEV list of 2025-08.
    const summary = await importPaths(db, [sharedDataPath('msrc-cvrf-all', '2024-Nov.xml.zst'), sharedDataPath('msrc-cvrf-all', '2026-Jun.xml.zst'), sharedDataPath('cisa-kev', 'known_exploited_vulnerabilities_2025.08.25.json')])
    expect(summary.failed).toBe(0)
    const file = sharedDataPath('wesng', 'validation', '11_23H2_x64_enterprise_systeminfo.txt')
    capture = parseInventoryFile(fs.readFileSync(file), path.basename(file), { now: NOW }).inventory
  })
  afterAll(() => {
    db.close()
    cleanup()
  })

  const withOs = (patch: Partial<NonNullable<HostInventory['os']>>, extra: Partial<HostInventory> = {}): HostInventory => ({ ...capture, os: { ...capture.os!, ...patch }, ...extra })
  const missingFor = (inventory: HostInventory) => assessHost(db, inventory, { now: NOW }).updates.filter((u) => u.state === 'missing' && u.product === PRODUCT)

  it('recommends only the newest cumulative update when the host is behind, with its reasoning and CVEs', () => {
    const result = assessHost(db, capture, { now: NOW })
    expect(result.host.product).toBe(PRODUCT)
    const missing = result.updates.filter((u) => u.state === 'missing')
    expect(missing.map((u) => u.kb)).toEqual([NEWEST_CU])
    expect(missing[0]?.fixedBuild).toBe(NEWEST_BUILD)
    expect(missing[0]?.cves.length).toBeGreaterThan(50)
    expect(missing[0]?.cves).toEqual(expect.arrayContaining(result.vulnerabilities.filter((v) => v.state === 'exposed').map((v) => v.cve)))
    expect(missing[0]?.reason).toContain(`< ${NEWEST_BUILD} (${NEWEST_CU}`)
    // The capture's hotfixes predate the catalog: no UBR can be inferred, and the reason says so.
    expect(result.host.buildSource).toBe('os-version')
    expect(result.summary.missingUpdates).toBe(1)
  })

  it('has zero missing OS updates once the newest cumulative update is installed, and infers the build from it', () => {
    const patched: HostInventory = { ...capture, updates: [...capture.updates, { id: NEWEST_CU, kb: NEWEST_CU, installedOn: '2026-06-10', description: null, installedBy: null, source: 'systeminfo' }] }
    const result = assessHost(db, patched, { now: NOW })
    expect(result.host.build).toBe(NEWEST_BUILD)
    expect(result.host.buildSource).toBe('inferred-from-updates')
    expect(result.host.buildReason).toContain(NEWEST_CU)
    expect(missingFor(patched)).toEqual([])
    expect(result.vulnerabilities.filter((v) => v.product === PRODUCT)).toEqual([])
  })

  it('judges by the registry build when the collector read the UBR', () => {
    const missing = missingFor(withOs({ ubr: 7000, buildSource: 'registry' }))
    expect(missing.map((u) => u.kb)).toEqual([NEWEST_CU])
    expect(missing[0]?.reason).toMatch(/^build 10\.0\.22631\.7000 < 10\.0\.22631\.7219/)
  })

  it('says the catalog is too old instead of guessing when the host is newer than every fix it knows', () => {
    const result = assessHost(db, withOs({ ubr: 9999, buildSource: 'registry' }), { now: NOW })
    expect(result.updates.filter((u) => u.state === 'missing' && u.product === PRODUCT)).toEqual([])
    const unconfirmed = result.updates.find((u) => u.state === 'unconfirmed' && u.product === PRODUCT)
    expect(unconfirmed?.reason).toMatch(/newer than the newest fix the catalog knows/)
  })

  it('marks an installed update whose build is not reached yet as pending reboot', () => {
    const inventory = withOs({ ubr: 7000, buildSource: 'registry' }, { pendingReboot: true, updates: [...capture.updates, { id: NEWEST_CU, kb: NEWEST_CU, installedOn: '2026-06-10', description: null, installedBy: null, source: 'collector' }] })
    const result = assessHost(db, inventory, { now: NOW })
    expect(result.updates.find((u) => u.kb === NEWEST_CU)?.state).toBe('pending-reboot')
    expect(result.summary.missingUpdates).toBe(0)
  })

  it('puts exploited and KEV-listed CVEs first', () => {
    const vulns = assessHost(db, capture, { now: NOW }).vulnerabilities
    expect(vulns.find((v) => v.cve === 'CVE-2024-49039')).toMatchObject({ exploited: true, kev: true, state: 'exposed', kb: 'KB5046633' })
    expect(vulns.some((v) => !v.exploited && !v.kev)).toBe(true)
    const firstOrdinary = vulns.findIndex((v) => !v.exploited && !v.kev)
    const lastFlagged = vulns.map((v) => v.exploited || v.kev).lastIndexOf(true)
    expect(lastFlagged).toBeLessThan(firstOrdinary === -1 ? Infinity : firstOrdinary)
  })
})
