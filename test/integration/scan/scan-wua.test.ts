import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { wuaAgreementLine } from '../../../src-main/assess/wua-agreement-line'
import { wuaSideBySideOf } from '../../../src-main/assess/wua-side-by-side'
import { importPaths } from '../../../src-main/catalog/importer'
import type { WuaSearchResult } from '../../../src-main/contract/schemas/wua'
import { CollectorOutput } from '../../../src-main/powershell/collector-output'
import { createConsoleScans } from '../../../src-main/scan/console-scans'
import type { ScanSteps } from '../../../src-main/scan/scan-engine'
import type { ScanRequest } from '../../../src-main/scan/scan-service'
import { createServices, type Services } from '../../../src-main/services'
import { latestAssessmentOfScanHost } from '../../../src-main/store/assessments'
import { getHostInventoryJson, scanOptions, setScanState } from '../../../src-main/store/scans'
import { getWuaResult } from '../../../src-main/store/wua-results'
import { sharedDataPath } from '../../helpers/shared-data'
import { scanServiceWithSteps } from '../../helpers/scan-service-with-steps'
import { makeTempDir } from '../../helpers/temp-dir'

/**
 * A scan that asked the agent, through the product's scan service and assessment, with the
 * network replaced by the recorded collector documents (test/fixtures/powershell/collector) plus
 * the `wua` key the collector adds: Windows 11 23H2 at build 22631.2428 whose agent, searching
 * Microsoft Update in November 2023, offers that month's cumulative update and a Defender
 * definition; Windows 10 22H2 whose search failed (the update service was disabled).
 */
const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'powershell', 'collector')

const agentAnswers: Record<string, WuaSearchResult> = {
  'win11-23h2': {
    mode: 'online',
    source: 'microsoft-update',
    serverUrl: null,
    searchedAt: '2023-11-20T09:00:00.000Z',
    criteria: "IsInstalled=0 and Type='Software' and IsHidden=0",
    missing: [
      { kb: 'KB5032190', title: '2023-11 Cumulative Update for Windows 11 Version 23H2 for x64-based Systems (KB5032190)', updateId: '0b4a5a2c-2c25-4c1f-9a53-8f0a3d0b1c11', severity: 'Critical', categories: ['Security Updates', 'Windows 11'], cves: ['CVE-2023-36033', 'CVE-2023-36036'], isDownloaded: false },
      { kb: 'KB5032007', title: '2023-11 Cumulative Update for .NET Framework 3.5 and 4.8.1 for Windows 11, version 23H2 for x64 (KB5032007)', updateId: null, severity: 'Important', categories: ['Security Updates'], cves: ['CVE-2023-36049', 'CVE-2023-36560'], isDownloaded: false },
      { kb: 'KB2267602', title: 'Security Intelligence Update for Microsoft Defender Antivirus - KB2267602 (Version 1.401.1166.0)', updateId: null, severity: null, categories: ['Definition Updates'], cves: [], isDownloaded: true },
    ],
    error: null,
  },
  'win10-22h2': {
    mode: 'online',
    source: 'windows-update',
    serverUrl: null,
    searchedAt: '2023-11-20T09:00:00.000Z',
    criteria: "IsInstalled=0 and Type='Software' and IsHidden=0",
    missing: [],
    error: { hresult: '0x80070422', message: 'The Windows Update service (wuauserv) is disabled, so the search could not run.' },
  },
}

let services: Services
let cleanup: () => void

const steps: ScanSteps = {
  probe: async () => ({ address: null, up: true, openPorts: [5985] }),
  collect: async (host) => {
    const document = JSON.parse(fs.readFileSync(path.join(FIXTURES, `${host.target}.json`), 'utf8')) as Record<string, unknown>
    // What the runner would return: the script's document, validated with the collector's schema.
    return { transport: 'winrm', inventory: CollectorOutput.parse({ ...document, wua: agentAnswers[host.target] }) }
  },
  describeError: (error) => ({ kind: 'failed', cause: String(error), fix: 'See the cause.', detail: null }),
}

function scanService() {
  return scanServiceWithSteps(services, steps)
}

beforeAll(async () => {
  const temp = makeTempDir()
  cleanup = temp.cleanup
  services = createServices({ dataDir: temp.dir, appVersion: 'test' })
  const summary = await importPaths(services.db, [sharedDataPath('msrc-cvrf-all', '2023-Nov.xml.zst')])
  expect(summary.failed).toBe(0)
}, 120_000)
afterAll(async () => {
  await services.close()
  cleanup()
})

describe('a scan that asks the Windows Update Agent', () => {
  it('keeps each host’s answer beside its inventory and assessment, and a failed search loses nothing else', async () => {
    const scans = scanService()
    const request: ScanRequest = { targets: ['win11-23h2', 'win10-22h2'], transport: 'winrm', concurrency: 2, wua: { mode: 'online' } }
    const { scanId } = await scans.create(request)
    await scans.run(scanId, request)
    const hosts = Object.fromEntries((scans.get(scanId)?.hosts ?? []).map((h) => [h.target, h]))
    const win11 = hosts['win11-23h2']
    const win10 = hosts['win10-22h2']
    if (!win11 || !win10) throw new Error('hosts missing')

    expect(getWuaResult(services.db, win11.id)).toEqual(agentAnswers['win11-23h2'])
    const side = wuaSideBySideOf(services.db, win11.id)
    // Patchlane judges the newest cumulative update missing from the build, as the agent does.
    expect(latestAssessmentOfScanHost(services.db, win11.id)?.updates.find((u) => u.kb === 'KB5032190')?.state).toBe('missing')
    expect(side?.rows.find((r) => r.kb === 'KB5032190')).toMatchObject({ agent: 'missing', patchlane: 'missing', agree: true })
    expect(side?.rows.find((r) => r.kb === 'KB2267602')).toMatchObject({ agent: 'missing', patchlane: 'not-listed', agree: false, note: expect.stringMatching(/^Not a security update \(the agent’s classification: Definition Updates\)/) })
    expect(side?.rows.find((r) => r.kb === 'KB5032007')).toMatchObject({ agent: 'missing', patchlane: 'missing', agree: true })
    // The one counted difference: MSRC's later revision of the November document names the January
    // 2024 .NET update KB5033920 as the fix for CVE-2023-36042, which no agent could offer in November.
    expect(side?.rows.find((r) => r.kb === 'KB5033920')).toMatchObject({ agent: 'not-listed', patchlane: 'missing', agree: false, note: expect.stringMatching(/the agent did not list it\. Its update source did not offer it/) })
    expect(side?.disagreements).toBe(1)
    expect(side?.rows[0]?.kb).toBe('KB5033920')
    expect(wuaAgreementLine(side as NonNullable<typeof side>)).toBe('Windows Update Agent: 3 missing, disagrees on KB5033920')

    // The failed search: the host is done, its inventory and assessment are kept, the error is shown.
    expect(win10.state).toBe('done')
    expect(getHostInventoryJson(services.db, win10.id)).toMatchObject({ os: { buildNumber: '19045' } })
    expect(latestAssessmentOfScanHost(services.db, win10.id)).not.toBeNull()
    const failed = wuaSideBySideOf(services.db, win10.id)
    expect(failed).toMatchObject({ rows: [], disagreements: 0, search: { error: { hresult: '0x80070422' } } })
    expect(wuaAgreementLine(failed as NonNullable<typeof failed>)).toBe('Windows Update Agent: search failed (0x80070422): The Windows Update service (wuauserv) is disabled, so the search could not run.')

    // The console's report of each host carries the side-by-side.
    const consoleScans = createConsoleScans({ db: services.db, scans, now: services.now, defaults: {} })
    expect(consoleScans.hostReport(win11.id).wua).toEqual(side)
    expect(consoleScans.hostReport(win10.id).wua?.search.error?.hresult).toBe('0x80070422')

    // A re-assessment (`assess --scan`) re-compares with the new judgement.
    const again = services.assessments.reassessScan(scanId).find((r) => r.scanHostId === win11.id)
    expect(wuaSideBySideOf(services.db, win11.id, again?.assessment)?.rows).toEqual(side?.rows)
  })

  it('keeps an offline search for --resume, and refuses to go on when the cab is gone', async () => {
    const scans = scanService()
    const temp = makeTempDir()
    try {
      const cab = path.join(temp.dir, 'wsusscn2.cab')
      fs.writeFileSync(cab, Buffer.concat([Buffer.from('MSCF', 'latin1'), Buffer.alloc(32)]))
      const request: ScanRequest = { targets: ['win11-23h2'], transport: 'winrm', concurrency: 1, wua: { mode: 'offline', cabFile: cab } }
      const { scanId } = await scans.create(request)
      expect(scanOptions(services.db, scanId)).toMatchObject({ wua: { mode: 'offline', cabFile: cab } })
      // As if the process had been killed before running it.
      setScanState(services.db, scanId, 'interrupted', null, null)
      fs.rmSync(cab)
      await expect(scans.resume(scanId, null)).rejects.toThrow(/offline Windows Update scan file .*wsusscn2\.cab does not exist/)
      await expect(scans.create(request)).rejects.toThrow(/does not exist/)
    } finally {
      temp.cleanup()
    }
  })
})
