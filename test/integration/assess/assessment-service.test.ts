import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importPaths } from '../../../src-main/catalog/importer'
import { createServices, type Services } from '../../../src-main/services'
import { assessmentHistoryOfScanHost, latestAssessmentOfScanHost } from '../../../src-main/store/assessments'
import { finishHost, insertScan, listScanHosts } from '../../../src-main/store/scans'
import { sharedDataPath } from '../../helpers/shared-data'
import { makeTempDir } from '../../helpers/temp-dir'

const collectorSample = (name: string): unknown =>
  JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '..', '..', 'fixtures', 'powershell', 'collector', name), 'utf8'))

describe('assessments kept per scanned host and catalog version', () => {
  let services: Services
  let cleanup: () => void
  let hostId: number

  beforeAll(async () => {
    const temp = makeTempDir()
    cleanup = temp.cleanup
    services = createServices({ dataDir: temp.dir, appVersion: 'test', now: () => new Date('2026-07-01T00:00:00Z') })
    // A scan kept from before any catalog existed: collected, never assessed.
    insertScan(services.db, { id: 'old-scan', createdAt: '2025-01-01T00:00:00Z', label: 'office', options: {}, ownerPid: process.pid }, [{ target: 'pc1', address: '192.0.2.10' }])
    hostId = listScanHosts(services.db, 'old-scan')[0]!.id
    finishHost(services.db, hostId, { state: 'done', at: '2025-01-01T00:01:00Z', transport: 'winrm', inventory: collectorSample('win11-23h2.json') })
  })
  afterAll(async () => {
    await services.close()
    cleanup()
  })

  it('refuses to re-assess without a catalog, saying what to do', () => {
    expect(() => services.assessments.reassessScan('old-scan')).toThrow(/catalog is empty.*catalog import/)
  })

  it('re-assesses an old scan offline, and again with a newer catalog, keeping both versions', async () => {
    await importPaths(services.db, [sharedDataPath('msrc-cvrf-all', '2024-Nov.xml.zst')])
    const first = services.assessments.reassessScan('old-scan')
    expect(first).toHaveLength(1)
    // The collector read UBR 2428 from the registry: judged by build, not guessed.
    expect(first[0]?.assessment.host).toMatchObject({ build: '10.0.22631.2428', buildSource: 'registry' })
    expect(first[0]?.assessment.updates.find((u) => u.state === 'missing')?.kb).toBe('KB5046633')

    await importPaths(services.db, [sharedDataPath('msrc-cvrf-all', '2026-Jun.xml.zst')])
    services.assessments.reassessScan('old-scan')
    const history = assessmentHistoryOfScanHost(services.db, hostId)
    expect(history).toHaveLength(2)
    expect(history[0]?.catalogVersion).not.toBe(history[1]?.catalogVersion)
    expect(latestAssessmentOfScanHost(services.db, hostId)?.updates.find((u) => u.state === 'missing')?.kb).toBe('KB5093998')
  })
})
