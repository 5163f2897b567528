import fs from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { WuaSideBySide } from '../../../src-main/contract/schemas/wua'
import { createServices } from '../../../src-main/services'
import { listScanHosts } from '../../../src-main/store/scans'
import { getWuaResult } from '../../../src-main/store/wua-results'
import { sharedDataPath } from '../../helpers/shared-data'
import { makeTempDir } from '../../helpers/temp-dir'
import { labFixtureSchema } from '../../lab/fixtures/fixture-schema'
import { type LabUp, startLab, stopLab } from '../../lab/lab-client'
import { labAvailable, runCli } from './lab-cli'

/**
 * The Windows Update Agent search end to end: the real CLI scans lab hosts over SSH with
 * `--wua online`, the lab module answers the agent's search from the host's fixture (the WES-NG
 * captures' `*_updates.txt`), and the document shows both answers side by side. h03 is the
 * Windows 10 1809 capture and h07 the 1803 one (both with an agent capture); h04's search fails
 * because its Windows Update service is disabled — its inventory and assessment must stand. h02
 * has a WSUS policy: its agent asks WSUS, which (in the lab) approved nothing.
 */
const scanDocumentSchema = z.object({
  scanId: z.string(),
  state: z.string(),
  hosts: z.array(
    z.object({
      target: z.string(),
      state: z.string(),
      error: z.unknown(),
      inventory: z.unknown(),
      assessment: z.object({ updates: z.array(z.object({ kb: z.string().nullable(), state: z.string() })) }).passthrough().nullable(),
      wua: WuaSideBySide.nullable(),
    }),
  ),
})

const available = labAvailable()

describe.skipIf(!available)('the Windows Update Agent search on lab hosts, through the CLI', () => {
  let lab: LabUp
  const temp = makeTempDir('patchlane-scan-lab-wua-')

  beforeAll(async () => {
    lab = await startLab(['--hosts', '7', '--wua-broken', 'h04:disabled'])
  }, 600_000)

  afterAll(async () => {
    try {
      if (lab) await stopLab()
    } finally {
      temp.cleanup()
    }
  }, 120_000)

  it('puts the agent’s answer beside Patchlane’s for each host, and a failed search leaves the host scanned', async () => {
    const imported = await runCli(['catalog', 'import', sharedDataPath('msrc-cvrf-all', '2026-Jun.xml.zst'), '--json'], temp.dir)
    expect(imported.code, imported.stderr).toBe(0)
    const host = (name: string) => {
      const found = lab.hosts.find((h) => h.name === name)
      if (!found) throw new Error(`no lab host ${name}`)
      return found
    }
    const ssh = ['--transport', 'ssh', '--user', lab.user, '--key-file', lab.keyFile, '--host-key-policy', 'no', '--no-reverse-dns']
    const targets = ['h03', 'h07', 'h02', 'h04'].flatMap((name) => ['--target', host(name).address])
    const run = await runCli(['scan', ...targets, ...ssh, '--wua', 'online', '--concurrency', '4', '--json'], temp.dir)
    const document = scanDocumentSchema.parse(JSON.parse(run.stdout || 'null'))
    expect(document.state, run.stderr.slice(-1500)).toBe('finished')

    for (const name of ['h03', 'h07']) {
      const fixture = labFixtureSchema.parse(JSON.parse(fs.readFileSync(host(name).fixture, 'utf8')))
      const scanned = document.hosts.find((h) => h.target === host(name).address)
      expect(scanned?.state, `${name}: ${JSON.stringify(scanned?.error)}`).toBe('done')
      const side = scanned?.wua
      if (!side) throw new Error(`${name}: no side-by-side`)
      expect(side.search).toMatchObject({ mode: 'online', error: null })
      // Every update the agent was made to find is a row with the agent's verdict, its title kept.
      expect(side.search.missing.map((u) => u.kb).sort()).toEqual(fixture.windowsUpdate.missing.map((u) => u.kb).sort())
      for (const update of fixture.windowsUpdate.missing) {
        const row = side.rows.find((r) => r.kb === update.kb)
        expect(row, `${name} ${update.kb}`).toMatchObject({ agent: 'missing', title: update.title })
        // The captures' agent items are .NET, a Windows update and a Defender definition: none a security update.
        if (update.categories.every((c) => c !== 'Security Updates')) expect(row?.note).toMatch(/^Not a security update/)
      }
      // Every update Patchlane judges missing is a row too; those the agent did not list (its 2019
      // answer against a 2026 catalog) are the counted disagreements.
      const ours = (scanned?.assessment?.updates ?? []).filter((u) => u.state === 'missing' && u.kb).map((u) => u.kb)
      for (const kb of ours) expect(side.rows.find((r) => r.kb === kb)?.patchlane, `${name} ${kb}`).toBe('missing')
      const counted = side.rows.filter((r) => r.agent === 'not-listed' && r.patchlane === 'missing')
      expect(side.disagreements).toBe(counted.length)
    }

    // h02 asks WSUS: every update Patchlane finds missing is put down to WSUS approval, and counted.
    const wsus = document.hosts.find((h) => h.target === host('h02').address)?.wua
    expect(wsus?.search).toMatchObject({ source: 'wsus', serverUrl: 'http://wsus.lab.invalid:8530', missing: [], error: null })
    const unapproved = wsus?.rows.filter((r) => r.patchlane === 'missing') ?? []
    // h02 is the Server 2019 RTM capture: against the June 2026 catalog its newest cumulative update is missing.
    expect(unapproved.length).toBeGreaterThan(0)
    for (const r of unapproved) expect(r).toMatchObject({ agent: 'not-listed', agree: false, note: expect.stringMatching(/asked WSUS \(http:\/\/wsus\.lab\.invalid:8530\), which offers only the updates an administrator approved/) })
    expect(wsus?.disagreements).toBe(unapproved.length)

    // h04: the search failed, the host did not.
    const broken = document.hosts.find((h) => h.target === host('h04').address)
    expect(broken?.state).toBe('done')
    expect(broken?.inventory).not.toBeNull()
    expect(broken?.assessment).not.toBeNull()
    expect(broken?.wua).toMatchObject({ rows: [], disagreements: 0, search: { error: { hresult: expect.stringMatching(/80070422/i) } } })

    // Kept with the scan, and re-compared by `assess --scan` without the network.
    const services = createServices({ dataDir: temp.dir, appVersion: 'test' })
    try {
      for (const stored of listScanHosts(services.db, document.scanId)) expect(getWuaResult(services.db, stored.id), stored.target).not.toBeNull()
    } finally {
      await services.close()
    }
    const again = await runCli(['assess', '--scan', document.scanId], temp.dir)
    expect(again.stdout).toMatch(/Windows Update Agent: 1 missing, (agrees|disagrees on KB\d+)/)
    expect(again.stdout).toMatch(/Windows Update Agent: 2 missing, (agrees|disagrees on KB\d+)/)
    expect(again.stdout).toMatch(/Windows Update Agent: search failed \(0x80070422\)/i)
  }, 600_000)
})
