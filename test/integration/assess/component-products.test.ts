import fs from 'node:fs'
import path from 'node:path'
import type { Database } from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assessHost } from '../../../src-main/assess/assess-host'
import { importPaths } from '../../../src-main/catalog/importer'
import type { HostInventory, InstalledProduct } from '../../../src-main/contract/schemas/inventory'
import { parseInventoryFile } from '../../../src-main/inventory/parse-inventory-file'
import { openDatabase } from '../../../src-main/store/database'
import { sharedDataPath } from '../../helpers/shared-data'
import { makeTempDir } from '../../helpers/temp-dir'

// Windows 11 23H2 and its products against Microsoft's June–August 2024 documents (July has .NET fixes). The
// collector document was recorded from the wesng 11_23H2 capture's machine (Edge 120.0.2210.61,
// .NET Framework Release 533320 = 4.8.1; test/fixtures/powershell/collector/README.md).
const NOW = new Date('2024-09-01T00:00:00Z')
const COLLECTOR = path.join(import.meta.dirname, '..', '..', 'fixtures', 'powershell', 'collector', 'win11-23h2.json')
const WINDOWS = 'Windows 11 Version 23H2 for x64-based Systems'
const EDGE = 'Microsoft Edge (Chromium-based)'

let db: Database
let temp: { dir: string; cleanup: () => void }
const read = (file: string): HostInventory => parseInventoryFile(fs.readFileSync(file), path.basename(file), { now: NOW }).inventory
const withProducts = (inventory: HostInventory, edit: (products: InstalledProduct[]) => InstalledProduct[]): HostInventory => ({ ...inventory, products: edit([...(inventory.products ?? [])]) })

beforeAll(async () => {
  temp = makeTempDir()
  db = openDatabase(path.join(temp.dir, 'patchlane.db'))
  const summary = await importPaths(db, ['2024-Jun.xml.zst', '2024-Jul.xml.zst', '2024-Aug.xml.zst'].map((m) => sharedDataPath('msrc-cvrf-all', m)))
  expect(summary.failed).toBe(0)
})
afterAll(() => {
  db.close()
  temp.cleanup()
})

describe('products on Windows: .NET Framework, Edge, Office', () => {
  it('judges Edge by its version: 120 is behind August 2024, and the update to install is the newest Edge the catalog names', () => {
    const result = assessHost(db, read(COLLECTOR), { now: NOW })
    const edge = result.updates.filter((u) => u.product === EDGE)
    expect(edge).toHaveLength(1)
    expect(edge[0]).toMatchObject({ kb: null, state: 'missing' })
    const newest = (db.prepare(`SELECT max(r.build_key) AS key FROM catalog_remediations r JOIN catalog_remediation_products rp ON rp.remediation_id = r.id WHERE rp.product_id = '11655'`).get() as { key: string }).key
    expect(edge[0]?.fixedBuild && edge[0].fixedBuild.split('.').map((p) => p.padStart(7, '0')).join('.')).toBe(newest)
    expect(edge[0]?.reason).toMatch(/^Microsoft Edge \(Chromium-based\) 120\.0\.2210\.61 < /)
    expect(edge[0]?.cves.length).toBeGreaterThan(10)
    expect(result.vulnerabilities.filter((v) => v.product === EDGE).length).toBe(edge[0]?.cves.length)
  })

  it('finds nothing missing in Edge once it is at the newest version the catalog names', () => {
    const first = assessHost(db, read(COLLECTOR), { now: NOW }).updates.find((u) => u.product === EDGE)
    const current = withProducts(read(COLLECTOR), (list) => list.map((p) => (p.kind === 'edge' ? { ...p, version: first?.fixedBuild ?? null } : p)))
    const result = assessHost(db, current, { now: NOW })
    expect(result.updates.filter((u) => u.product === EDGE)).toEqual([])
    expect(result.vulnerabilities.filter((v) => v.product === EDGE)).toEqual([])
  })

  it('maps the collector’s .NET Framework 4.8.1 to MSRC’s “3.5 AND 4.8.1” product on this Windows and judges it', () => {
    const result = assessHost(db, read(COLLECTOR), { now: NOW })
    const dotNet = `Microsoft .NET Framework 3.5 AND 4.8.1 on ${WINDOWS}`
    expect(result.notes).toContain(`${dotNet}: .NET Framework 4.8.1 (the Release value read by the collector).`)
    const judged = result.updates.filter((u) => u.product === dotNet)
    expect(judged.length).toBeGreaterThan(0)
    // No other .NET version's product: 4.8 is not 4.8.1.
    expect(result.updates.some((u) => u.product?.includes('.NET Framework 4.8 on') || u.product?.includes('3.5 AND 4.8 on'))).toBe(false)
  })

  it('names Office from the installed programs but says why its updates cannot be confirmed', () => {
    const msi = withProducts(read(COLLECTOR), (list) => [...list, { kind: 'office', name: 'Microsoft Office Professional Plus 2016', version: '16.0.4266.1001', release: null }])
    const c2r = withProducts(read(COLLECTOR), (list) => [...list, { kind: 'office', name: 'Microsoft 365 Apps for enterprise - en-us', version: '16.0.17328.20184', release: null }])
    const office2016 = assessHost(db, msi, { now: NOW }).updates.filter((u) => u.product?.startsWith('Microsoft Office 2016'))
    expect(office2016).toHaveLength(1)
    expect(office2016[0]).toMatchObject({ state: 'unconfirmed', kb: null })
    expect(office2016[0]?.reason).toMatch(/Windows Installer patches, which the inventory does not list/)
    const apps = assessHost(db, c2r, { now: NOW }).updates.filter((u) => u.product?.startsWith('Microsoft 365 Apps for Enterprise'))
    expect(apps[0]).toMatchObject({ state: 'unconfirmed' })
    expect(apps[0]?.reason).toMatch(/MSRC gives no fixed version .*16\.0\.17328\.20184/)
  })

  it('a systeminfo capture has no product list: Windows only, and no Edge, .NET or Office finding', () => {
    const result = assessHost(db, read(sharedDataPath('wesng', 'validation', '11_23H2_x64_enterprise_systeminfo.txt')), { now: NOW })
    expect(new Set(result.updates.map((u) => u.product))).toEqual(new Set([WINDOWS]))
  })
})
