import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assessmentChangesLine } from '../../../src-main/assess/assessment-changes-line'
import { distinctCves, scanHostChanges } from '../../../src-main/assess/assessment-changes'
import { importInventoryFiles } from '../../../src-main/assess/import-inventory-files'
import { importPaths } from '../../../src-main/catalog/importer'
import type { HostAssessment } from '../../../src-main/contract/schemas/assessment'
import { HostReport } from '../../../src-main/contract/schemas/console'
import { importedHostReport } from '../../../src-main/scan/console-reports'
import { createServices, type Services } from '../../../src-main/services'
import { finishHost, insertScan, listScanHosts } from '../../../src-main/store/scans'
import { sharedDataPath } from '../../helpers/shared-data'
import { makeTempDir } from '../../helpers/temp-dir'

const FIXTURES = path.join(import.meta.dirname, '..', '..', 'fixtures', 'powershell', 'collector')
const KEV = sharedDataPath('cisa-kev', 'known_exploited_vulnerabilities_2025.08.25.json')

const exposedCves = (a: HostAssessment): Set<string> => new Set(a.vulnerabilities.filter((v) => v.state === 'exposed').map((v) => v.cve))

/**
 * A Windows 11 23H2 capture at build 22631.2428 (the recorded collector document), assessed with
 * the November 2024 catalog, then again after December 2024 and CISA's KEV list were imported:
 * December's cumulative update becomes the missing one, November's is superseded by it, and
 * December's CVEs appear. The clock moves between the two so the order is real.
 */
describe('what changed since the previous assessment (real catalog months)', () => {
  let services: Services
  let cleanup: () => void
  let hostId: number
  let clock = new Date('2026-07-01T00:00:00Z')

  beforeAll(async () => {
    const temp = makeTempDir('patchlane-changes-')
    cleanup = temp.cleanup
    services = createServices({ dataDir: temp.dir, appVersion: 'test', now: () => clock })
    insertScan(services.db, { id: 'kept-scan', createdAt: '2025-01-01T00:00:00Z', label: 'office', options: {}, ownerPid: process.pid }, [{ target: 'pc1', address: '192.0.2.10' }])
    hostId = listScanHosts(services.db, 'kept-scan')[0]!.id
    finishHost(services.db, hostId, { state: 'done', at: '2025-01-01T00:01:00Z', transport: 'winrm', inventory: JSON.parse(fs.readFileSync(path.join(FIXTURES, 'win11-23h2.json'), 'utf8')) })
  })
  afterAll(async () => {
    await services.close()
    cleanup()
  })

  it('shows nothing for a host assessed once', async () => {
    await importPaths(services.db, [sharedDataPath('msrc-cvrf-all', '2024-Nov.xml.zst')])
    services.assessments.reassessScan('kept-scan')
    expect(scanHostChanges(services.db, hostId)).toBeNull()
    expect(HostReport.parse(services.consoleScans.hostReport(hostId)).changes).toBeNull()
  })

  it('re-assessed with a newer catalog: the new cumulative update is missing, the old one superseded, new CVEs exposed', async () => {
    const before = services.consoleScans.hostReport(hostId).assessment!
    await importPaths(services.db, [sharedDataPath('msrc-cvrf-all', '2024-Dec.xml.zst'), KEV])
    clock = new Date('2026-07-02T00:00:00Z')
    const after = services.assessments.reassessScan('kept-scan')[0]!.assessment
    const report = HostReport.parse(services.consoleScans.hostReport(hostId))
    const changes = report.changes!
    expect(changes).toEqual(scanHostChanges(services.db, hostId))

    expect(changes.previousAssessedAt).toBe('2026-07-01T00:00:00.000Z')
    expect(changes.catalogAsOf).toEqual({ before: before.catalog.asOf, after: after.catalog.asOf })
    expect(changes.build).toEqual({ before: '10.0.22631.2428', after: '10.0.22631.2428' })
    expect(changes.newlyMissing.map((u) => [u.kb, u.before, u.now])).toEqual([['KB5048685', null, 'missing']])
    expect(changes.noLongerMissing).toEqual([expect.objectContaining({ kb: 'KB5046633', before: 'missing', now: 'superseded', supersededBy: 'KB5048685' })])
    // November's KB was missing with its CVEs: the change names what it closed, not the superseded finding's none.
    expect(changes.noLongerMissing[0]?.cves).toBe(before.updates.find((u) => u.kb === 'KB5046633')?.cves.length)

    // December's CVEs: each newly exposed one is fixed by December's update, and none was exposed before.
    const newly = distinctCves(changes.newlyExposed)
    expect(newly.length).toBeGreaterThan(10)
    const beforeExposed = exposedCves(before)
    expect(newly.filter((cve) => beforeExposed.has(cve))).toEqual([])
    // Windows CVEs are fixed by December's update; the rest are Edge's (fixed by a browser version, no KB).
    const windows = changes.newlyExposed.filter((c) => c.product === 'Windows 11 Version 23H2 for x64-based Systems')
    expect(windows.length).toBeGreaterThan(10)
    expect(windows.every((c) => c.kb === 'KB5048685')).toBe(true)
    expect(changes.newlyExposed.filter((c) => c.kb !== 'KB5048685').every((c) => c.product === 'Microsoft Edge (Chromium-based)' && c.kb === null)).toBe(true)
    // CVE-2024-49138 (CLFS driver) was exploited when December 2024 was released.
    expect(changes.newlyExposed.find((c) => c.cve === 'CVE-2024-49138')).toMatchObject({ exploited: true })
    // The same inventory judged again: nothing it was exposed to is closed by a newer catalog month.
    expect(changes.noLongerExposed).toEqual([])

    // November's exploited CVEs, still open, are now on the KEV list the second catalog holds.
    expect(changes.newlyExploited.map((c) => c.cve)).toEqual(expect.arrayContaining(['CVE-2024-43451', 'CVE-2024-49039']))
    expect(changes.newlyExploited.every((c) => c.kev && !before.vulnerabilities.find((v) => v.cve === c.cve && v.product === c.product)?.kev)).toBe(true)

    const line = assessmentChangesLine(changes)
    expect(line).toMatch(/^Since the assessment of 2026-07-01 \(catalog \d{4}-\d{2}-\d{2}\): /)
    expect(line).toContain('+1 missing (KB5048685)')
    expect(line).toContain('−1 no longer missing (KB5046633 superseded by KB5048685)')
    expect(line).toMatch(new RegExp(`\\+${newly.length} CVE\\(s\\) exposed \\(\\d+ exploited`))
  })

  it('re-assessed with the same catalog: no change', () => {
    clock = new Date('2026-07-03T00:00:00Z')
    services.assessments.reassessScan('kept-scan')
    const changes = scanHostChanges(services.db, hostId)!
    expect(changes.previousAssessedAt).toBe('2026-07-02T00:00:00.000Z')
    expect([changes.newlyMissing, changes.noLongerMissing, changes.stateChanges, changes.newlyExposed, changes.noLongerExposed, changes.newlyExploited]).toEqual([[], [], [], [], [], []])
    expect(assessmentChangesLine(changes)).toMatch(/: no change$/)
  })
})

describe('what changed for an imported capture imported again after a catalog update', () => {
  let services: Services
  let cleanup: () => void
  let clock = new Date('2026-07-01T00:00:00Z')
  const capture = path.join(FIXTURES, 'win11-23h2.json')
  const other = path.join(FIXTURES, 'win10-22h2.json')

  beforeAll(async () => {
    const temp = makeTempDir('patchlane-changes-imported-')
    cleanup = temp.cleanup
    services = createServices({ dataDir: temp.dir, appVersion: 'test', now: () => clock })
    await importPaths(services.db, [sharedDataPath('msrc-cvrf-all', '2024-Nov.xml.zst')])
  })
  afterAll(async () => {
    await services.close()
    cleanup()
  })

  it('compares the same file’s assessments, and never a different capture', async () => {
    const [first] = importInventoryFiles(services.db, [{ path: capture }], { now: clock, dataDir: services.dataDir })
    if (!first?.ok) throw new Error(`import failed: ${JSON.stringify(first)}`)
    expect(importedHostReport(services.db, first.assessmentId, clock).changes).toBeNull()

    await importPaths(services.db, [sharedDataPath('msrc-cvrf-all', '2024-Dec.xml.zst')])
    clock = new Date('2026-07-02T00:00:00Z')
    const [again, unrelated] = importInventoryFiles(services.db, [{ path: capture }, { path: other }], { now: clock, dataDir: services.dataDir })
    if (!again?.ok || !unrelated?.ok) throw new Error('import failed')
    const changes = HostReport.parse(importedHostReport(services.db, again.assessmentId, clock)).changes!
    expect(changes.previousAssessedAt).toBe('2026-07-01T00:00:00.000Z')
    expect(changes.newlyMissing.map((u) => u.kb)).toEqual(['KB5048685'])
    expect(changes.noLongerMissing.map((u) => [u.kb, u.now, u.supersededBy])).toEqual([['KB5046633', 'superseded', 'KB5048685']])
    // The other computer was imported once: nothing to compare it with.
    expect(importedHostReport(services.db, unrelated.assessmentId, clock).changes).toBeNull()
    // The first import has no earlier one, even now that a later one exists.
    expect(importedHostReport(services.db, first.assessmentId, clock).changes).toBeNull()
  })
})
