import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importPaths } from '../../../src-main/catalog/importer'
import { AssessmentChanges, HostAssessment } from '../../../src-main/contract/schemas/assessment'
import { createServices } from '../../../src-main/services'
import { finishHost, insertScan, listScanHosts } from '../../../src-main/store/scans'
import { sharedDataPath } from '../../helpers/shared-data'
import { makeTempDir } from '../../helpers/temp-dir'

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..')
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx')
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'powershell', 'collector')

/** The environment minus any proxy settings, so no test traffic leaves loopback through one. */
function withoutProxies(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !/^(https?|no|all)_proxy$/i.test(key)))
}

/**
 * `patchlane assess --scan ID` after a newer catalog month was imported: a kept scan of the
 * recorded Windows 11 23H2 capture, first assessed with November 2024's catalog.
 */
describe('patchlane assess --scan shows what changed (CLI)', () => {
  let temp: ReturnType<typeof makeTempDir>
  const home = () => path.join(temp.dir, 'home')
  beforeAll(async () => {
    temp = makeTempDir('patchlane-changes-cli-')
    const services = createServices({ dataDir: home(), appVersion: 'test', now: () => new Date('2026-07-01T00:00:00Z') })
    try {
      insertScan(services.db, { id: 'kept-scan', createdAt: '2025-01-01T00:00:00Z', label: 'office', options: {}, ownerPid: process.pid }, [{ target: 'pc1', address: '192.0.2.10' }])
      const hostId = listScanHosts(services.db, 'kept-scan')[0]!.id
      finishHost(services.db, hostId, { state: 'done', at: '2025-01-01T00:01:00Z', transport: 'winrm', inventory: JSON.parse(fs.readFileSync(path.join(FIXTURES, 'win11-23h2.json'), 'utf8')) })
      await importPaths(services.db, [sharedDataPath('msrc-cvrf-all', '2024-Nov.xml.zst')])
      services.assessments.reassessScan('kept-scan')
      await importPaths(services.db, [sharedDataPath('msrc-cvrf-all', '2024-Dec.xml.zst')])
    } finally {
      await services.close()
    }
  })
  afterAll(() => temp.cleanup())
  const run = (...args: string[]) =>
    spawnSync(TSX, [path.join(ROOT, 'src-main', 'cli', 'main.ts'), 'assess', ...args], {
      env: { ...withoutProxies(process.env), PATCHLANE_HOME: home() },
      encoding: 'utf8',
      timeout: 120_000,
    })

  it('prints per host a "Since the assessment of …" line naming what changed', () => {
    const result = run('--scan', 'kept-scan')
    expect(result.stderr).toBe('')
    const line = result.stdout.split('\n').find((l) => l.startsWith('  Since the assessment of '))
    expect(line).toMatch(/^ {2}Since the assessment of 2026-07-01 \(catalog \d{4}-\d{2}-\d{2}\): /)
    expect(line).toContain('+1 missing (KB5048685), −1 no longer missing (KB5046633 superseded by KB5048685)')
    expect(line).toMatch(/\+\d+ CVE\(s\) exposed \([1-9]\d* exploited\)/)
  })

  it('--json adds each host’s changes; re-assessed with the same catalog, nothing changed', () => {
    const result = run('--scan', 'kept-scan', '--json')
    expect(result.stderr).toBe('')
    const hosts = JSON.parse(result.stdout) as unknown[]
    expect(hosts).toHaveLength(1)
    const host = hosts[0] as Record<string, unknown>
    expect(HostAssessment.safeParse(host).success).toBe(true)
    const changes = AssessmentChanges.parse(host.changes)
    // The run above was the previous assessment, with this same catalog.
    expect(changes.catalogAsOf.before).toBe(changes.catalogAsOf.after)
    expect(changes.newlyMissing).toEqual([])
    expect(changes.noLongerMissing).toEqual([])
    expect(changes.newlyExposed).toEqual([])
  })
})
