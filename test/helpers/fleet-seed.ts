import fs from 'node:fs'
import path from 'node:path'
import type { Database } from 'better-sqlite3'
import { assessHost } from '../../src-main/assess/assess-host'
import { CatalogCache } from '../../src-main/assess/catalog-cache'
import { indexMitigationRules } from '../../src-main/assess/mitigations/evaluate-rules'
import { parseShippedRules } from '../../src-main/assess/mitigations/load-rules'
import { importPaths } from '../../src-main/catalog/importer'
import type { HostAssessment } from '../../src-main/contract/schemas/assessment'
import type { HostInventory } from '../../src-main/contract/schemas/inventory'
import { inventoryFromCollector } from '../../src-main/inventory/from-collector'
import { parseInventoryFile } from '../../src-main/inventory/parse-inventory-file'
import { CollectorOutput } from '../../src-main/powershell/collector-output'
import { finishHost, insertScan, listScanHosts } from '../../src-main/store/scans'
import { sharedDataPath } from './shared-data'

/** The real captures a fleet test store holds: collector documents (scanned) and systeminfo files (imported). */
export const FLEET_COLLECTOR_SAMPLES = ['win11-23h2.json', 'win10-22h2.json', 'server2025.json', 'server2025-core.json', 'win11-arm64.json']
export const FLEET_IMPORTED_CAPTURES = ['11_23H2_x64_enterprise_systeminfo.txt', '10_22H2_x64_enterprise_en-us_systeminfo.txt', 'srv_2022_systeminfo.txt', '11_24H2_x64_enterprise_systeminfo.txt']

/** Writes one assessment; the old writer (raw row only) or the product's insertAssessment. */
export type AssessmentWriter = (db: Database, host: { scanHostId: number } | { fileName: string; inventory: HostInventory }, assessment: HostAssessment, version: string) => void

/**
 * Seeds a store with real assessments: the real 2024-Nov, 2026-Apr and 2026-May MSRC months and the KEV
 * list; five scanned hosts from real collector captures, each assessed with 2024-Nov and again
 * with all three months (a newer assessment replaces the older in the fleet view); four imported real
 * systeminfo captures; and one computer scanned again under its name in other letter case.
 */
export async function seedFleet(db: Database, write: AssessmentWriter): Promise<void> {
  const rules = indexMitigationRules(parseShippedRules())
  const collector = (name: string): unknown =>
    JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '..', 'fixtures', 'powershell', 'collector', name), 'utf8'))
  const scanned = FLEET_COLLECTOR_SAMPLES.map((name) => ({ name, raw: collector(name) }))
  insertScan(db, { id: 'fleet-scan', createdAt: '2026-07-01T00:00:00Z', label: 'fleet', options: {}, ownerPid: process.pid }, scanned.map((s, i) => ({ target: `pc${i + 1}`, address: `192.0.2.${i + 1}` })))
  const hosts = listScanHosts(db, 'fleet-scan')
  hosts.forEach((host, i) => finishHost(db, host.id, { state: 'done', at: '2026-07-01T00:01:00Z', transport: 'winrm', inventory: scanned[i]?.raw }))
  const inventories = scanned.map((s) => inventoryFromCollector(CollectorOutput.parse(s.raw)))

  const assessAll = (at: string, version: string) => {
    const catalog = new CatalogCache(db)
    hosts.forEach((host, i) => {
      const inventory = inventories[i]
      if (inventory) write(db, { scanHostId: host.id }, assessHost(db, inventory, { now: new Date(at), mitigations: rules, catalog }), version)
    })
  }
  await importPaths(db, [sharedDataPath('msrc-cvrf-all', '2024-Nov.xml.zst'), sharedDataPath('cisa-kev', 'known_exploited_vulnerabilities_2025.08.25.json')])
  assessAll('2026-07-01T00:02:00Z', 'v1')
  await importPaths(db, [sharedDataPath('msrc-cvrf-all', '2026-Apr.xml.zst'), sharedDataPath('msrc-cvrf-all', '2026-May.xml.zst')])
  assessAll('2026-07-02T00:02:00Z', 'v2')

  const catalog = new CatalogCache(db)
  for (const name of FLEET_IMPORTED_CAPTURES) {
    const file = sharedDataPath('wesng', 'validation', name)
    const parsed = parseInventoryFile(fs.readFileSync(file), name, { now: new Date('2026-07-03T00:00:00Z') })
    write(db, { fileName: name, inventory: parsed.inventory }, assessHost(db, parsed.inventory, { now: new Date('2026-07-03T00:00:00Z'), mitigations: rules, catalog }), 'v2')
  }

  // The first computer scanned again later under its reported name in capitals: the same computer.
  const first = inventories[0]
  if (first) {
    insertScan(db, { id: 'fleet-rescan', createdAt: '2026-07-04T00:00:00Z', label: 'again', options: {}, ownerPid: process.pid }, [{ target: 'PC1-AGAIN', address: null }])
    const again = listScanHosts(db, 'fleet-rescan')[0]
    const assessment = assessHost(db, first, { now: new Date('2026-07-04T00:02:00Z'), mitigations: rules, catalog })
    if (again) write(db, { scanHostId: again.id }, { ...assessment, host: { ...assessment.host, name: assessment.host.name?.toUpperCase() ?? null } }, 'v2')
  }
}
