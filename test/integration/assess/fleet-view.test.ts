import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importInventoryFiles } from '../../../src-main/assess/import-inventory-files'
import { listAffectedComputers, listMissingUpdates } from '../../../src-main/assess/missing-across-fleet'
import { importPaths } from '../../../src-main/catalog/importer'
import { createServices, type Services } from '../../../src-main/services'
import { finishHost, insertScan, listScanHosts } from '../../../src-main/store/scans'
import { affectedComputersFromDocuments, missingUpdatesFromDocuments } from '../../helpers/fleet-from-documents'
import { FLEET_COLLECTOR_SAMPLES, FLEET_IMPORTED_CAPTURES } from '../../helpers/fleet-seed'
import { sharedDataPath } from '../../helpers/shared-data'
import { makeTempDir } from '../../helpers/temp-dir'

// The product's own writers (a scan's hosts assessed by the assessment service, re-assessed with a
// newer catalog; files imported by a consultant) fill the fleet view's tables, and its answers are
// the ones the stored documents give.
describe('fleet view from the missing-findings table (real writers, real data)', () => {
  const now = new Date('2026-07-10T00:00:00Z')
  let services: Services
  let cleanup: () => void

  beforeAll(async () => {
    const temp = makeTempDir()
    cleanup = temp.cleanup
    services = createServices({ dataDir: temp.dir, appVersion: 'test', now: () => now })
    const collector = (name: string): unknown => JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '..', '..', 'fixtures', 'powershell', 'collector', name), 'utf8'))
    insertScan(services.db, { id: 'office', createdAt: '2026-07-01T00:00:00Z', label: 'office', options: {}, ownerPid: process.pid }, FLEET_COLLECTOR_SAMPLES.map((_, i) => ({ target: `pc${i + 1}`, address: null })))
    listScanHosts(services.db, 'office').forEach((host, i) =>
      finishHost(services.db, host.id, { state: 'done', at: '2026-07-01T00:01:00Z', transport: 'winrm', inventory: collector(FLEET_COLLECTOR_SAMPLES[i] ?? '') }),
    )
    await importPaths(services.db, [sharedDataPath('msrc-cvrf-all', '2024-Nov.xml.zst'), sharedDataPath('cisa-kev', 'known_exploited_vulnerabilities_2025.08.25.json')])
    services.assessments.reassessScan('office')
    await importPaths(services.db, [sharedDataPath('msrc-cvrf-all', '2026-May.xml.zst')])
    services.assessments.reassessScan('office')
    const imported = importInventoryFiles(services.db, FLEET_IMPORTED_CAPTURES.map((name) => ({ path: sharedDataPath('wesng', 'validation', name) })), { now, dataDir: temp.dir })
    expect(imported.every((file) => file.ok)).toBe(true)
  }, 120_000)
  afterAll(async () => {
    await services.close()
    cleanup()
  })

  it('keeps one computer row per assessment and one row per missing KB, written with the assessment', () => {
    const db = services.db
    expect(db.prepare(`SELECT COUNT(*) FROM assessed_computers`).pluck().get()).toBe(db.prepare(`SELECT COUNT(*) FROM assessments`).pluck().get())
    const fromDocuments = db
      .prepare(`SELECT COUNT(*) FROM assessments a, json_each(a.document, '$.updates') u WHERE u.value ->> '$.state' = 'missing' AND u.value ->> '$.kb' IS NOT NULL`)
      .pluck()
      .get()
    expect(db.prepare(`SELECT COUNT(*) FROM missing_findings`).pluck().get()).toBe(fromDocuments)
  })

  it('lists the same missing updates and affected computers as the stored documents give', () => {
    const updates = listMissingUpdates(services.db, now)
    expect(updates.length).toBeGreaterThan(0)
    expect(updates.map((u) => ({ ...u, decision: null }))).toEqual(missingUpdatesFromDocuments(services.db, now))
    for (const update of updates) {
      const affected = listAffectedComputers(services.db, update.kb)
      expect(affected).toEqual(affectedComputersFromDocuments(services.db, update.kb))
      expect(affected).toHaveLength(update.computers)
    }
    const sources = new Set(updates.flatMap((u) => listAffectedComputers(services.db, u.kb).map((c) => c.source)))
    expect(sources).toEqual(new Set(['scan', 'imported']))
  })
})
