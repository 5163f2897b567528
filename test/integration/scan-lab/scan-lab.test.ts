import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { inventoryFromCollector } from '../../../src-main/inventory/from-collector'
import { CollectorOutput } from '../../../src-main/powershell/collector-output'
import { createServices } from '../../../src-main/services'
import { assessmentHistoryOfScanHost } from '../../../src-main/store/assessments'
import { getHostInventoryJson, getScanSummary, listScanHosts } from '../../../src-main/store/scans'
import { sharedDataPath } from '../../helpers/shared-data'
import { makeTempDir } from '../../helpers/temp-dir'
import { labFixtureSchema } from '../../lab/fixtures/fixture-schema'
import { type LabUp, startLab, stopLab } from '../../lab/lab-client'
import { doneLines, killGroup, labAvailable, runCli, startCli, waitForOutput } from './lab-cli'

/**
 * End-to-end scans of 22 lab hosts over real SSH remoting, through the real CLI: by list, by a
 * range with dead addresses, cancelled with SIGINT, and killed with SIGKILL then resumed.
 * One lab for the file: h02 answers slowly, h05 refuses the key, h06 answers garbage.
 */

const HOSTS = 22
const CONCURRENCY = '12'

const hostErrorSchema = z.object({ kind: z.string(), cause: z.string(), fix: z.string(), detail: z.string().nullable() })
/** Parses a --json run's document, showing what the CLI said on stderr when there is none. */
function parseDocument<T>(schema: z.ZodType<T>, run: { stdout: string; stderr: string; code: number | null }): T {
  try {
    return schema.parse(JSON.parse(run.stdout))
  } catch (error) {
    throw new Error(`exit ${run.code}; ${String(error)}\nstdout ${run.stdout.length} chars: ${run.stdout.slice(0, 300)}\nstderr: ${run.stderr.slice(-1500)}`)
  }
}

/** The document `patchlane scan --json` prints, as issue 5 describes it. */
const scanDocumentSchema = z.object({
  scanId: z.string().uuid(),
  state: z.enum(['finished', 'cancelled', 'interrupted', 'running']),
  hosts: z.array(
    z.object({
      target: z.string(),
      address: z.string().nullable(),
      state: z.enum(['done', 'failed', 'unreachable', 'cancelled']),
      error: hostErrorSchema.nullable(),
      inventory: z.unknown(),
      assessment: z.object({ summary: z.object({ missingUpdates: z.number(), missingCritical: z.number() }).passthrough() }).passthrough().nullable(),
    }),
  ),
})
type ScanDocument = z.infer<typeof scanDocumentSchema>

const available = labAvailable()

describe.skipIf(!available)('scanning lab hosts over SSH through the CLI', () => {
  let lab: LabUp
  const temps: Array<() => void> = []
  const byMode = (mode: string) => lab.hosts.filter((host) => host.mode === mode)
  const addressOf = (name: string) => lab.hosts.find((host) => host.name === name)?.address ?? ''
  const sshArgs = () => ['--transport', 'ssh', '--user', lab.user, '--key-file', lab.keyFile, '--host-key-policy', 'no', '--no-reverse-dns']

  /** A fresh store; with `catalog`, one month of the real MSRC catalog imported, so hosts are assessed. */
  async function freshHome(catalog: boolean): Promise<string> {
    const temp = makeTempDir('patchlane-scan-lab-')
    temps.push(temp.cleanup)
    if (catalog) {
      const imported = await runCli(['catalog', 'import', sharedDataPath('msrc-cvrf-all', '2026-Jun.xml.zst'), '--json'], temp.dir)
      expect(imported.code, imported.stderr).toBe(0)
    }
    return temp.dir
  }

  /** What the store holds for a scan, read the way the app reads it. */
  async function readStore(home: string, scanId: string) {
    const services = createServices({ dataDir: home, appVersion: 'test' })
    try {
      const hosts = listScanHosts(services.db, scanId).map((host) => ({
        ...host,
        inventory: getHostInventoryJson(services.db, host.id),
        assessments: assessmentHistoryOfScanHost(services.db, host.id).length,
      }))
      return { summary: getScanSummary(services.db, scanId), hosts }
    } finally {
      await services.close()
    }
  }

  /** The collected document parses, and says what the host's fixture holds. */
  function expectInventoryOf(name: string, inventory: unknown): void {
    const fixture = labFixtureSchema.parse(JSON.parse(fs.readFileSync(lab.hosts.find((host) => host.name === name)?.fixture ?? '', 'utf8')))
    const parsed = inventoryFromCollector(CollectorOutput.parse(inventory))
    expect(parsed.computerName).toBe(fixture.operatingSystem.CSName)
    expect(parsed.os?.build).toBe(Number(fixture.operatingSystem.BuildNumber))
    const ids = new Set(parsed.updates.map((update) => update.id.toUpperCase()))
    for (const hotfix of fixture.hotfixes) if (/^KB\d+$/i.test(hotfix.HotFixID)) expect(ids.has(hotfix.HotFixID.toUpperCase()), `${name} ${hotfix.HotFixID}`).toBe(true)
  }

  const scanIdOf = (stdout: string): string => {
    const match = /^Scan ([0-9a-f-]{36}):/m.exec(stdout)
    if (!match?.[1]) throw new Error(`no scan id in: ${stdout.slice(0, 300)}`)
    return match[1]
  }

  beforeAll(async () => {
    lab = await startLab(['--hosts', String(HOSTS), '--slow', 'h02:3', '--refuse-auth', 'h05', '--garbage', 'h06'])
  }, 600_000)

  afterAll(async () => {
    try {
      if (lab) await stopLab()
    } finally {
      temps.forEach((cleanup) => cleanup())
    }
  }, 120_000)

  it('scans a list file: good hosts done with their inventory and assessment, the refused host failed with a cause and a fix, the garbage host done with a partial inventory and warnings', async () => {
    const home = await freshHome(true)
    const run = await runCli(['scan', '--list', lab.listFile, ...sshArgs(), '--concurrency', CONCURRENCY, '--json'], home)
    const document: ScanDocument = parseDocument(scanDocumentSchema, run)
    expect(document.state).toBe('finished')
    expect(document.hosts.map((host) => host.target)).toEqual(lab.hosts.map((host) => host.address))

    const good = lab.hosts.filter((host) => host.mode === 'ok' || host.mode === 'slow')
    expect(good.length).toBe(HOSTS - 2)
    for (const host of good) {
      const scanned = document.hosts.find((h) => h.target === host.address)
      expect(scanned?.state, `${host.name}: ${JSON.stringify(scanned?.error)}`).toBe('done')
      expect(scanned?.error).toBeNull()
      expectInventoryOf(host.name, scanned?.inventory)
      expect(scanned?.assessment?.summary.missingUpdates).toBeGreaterThanOrEqual(0)
    }

    const refused = document.hosts.find((h) => h.target === addressOf('h05'))
    expect(refused?.state).toBe('failed')
    expect(refused?.inventory).toBeNull()
    expect(refused?.error?.kind).toBe('access-denied')
    expect(refused?.error?.cause).toContain(`${addressOf('h05')} refused the SSH login`)
    expect(refused?.error?.fix).toMatch(/authorized_keys/)
    expect(refused?.error?.detail).toMatch(/Permission denied \(publickey\)/)

    // The garbage host gives what could be read (its hotfixes) and a warning for each section that failed.
    const garbage = document.hosts.find((h) => h.target === byMode('garbage')[0]?.address)
    expect(garbage?.state).toBe('done')
    const partial = CollectorOutput.parse(garbage?.inventory)
    expect(partial.os.productType).toBeNull()
    expect(partial.hotfixes?.length).toBeGreaterThan(0)
    expect(partial.warnings.map((warning) => warning.section)).toEqual(expect.arrayContaining(['os', 'registry', 'services', 'products', 'pendingReboot']))
    if (garbage?.error) expect(garbage.error.fix).not.toBe('')

    // Failed hosts make exit code 3 unless an assessed host lacks a critical update (4 wins).
    const critical = document.hosts.some((h) => (h.assessment?.summary.missingCritical ?? 0) > 0 || Number(h.assessment?.summary.exposedExploited ?? 0) > 0 || Number(h.assessment?.summary.exposedKev ?? 0) > 0)
    expect(run.code).toBe(critical ? 4 : 3)
  }, 400_000)

  it('scans a range across the subnet: dead addresses come back unreachable within seconds, live ones done', async () => {
    const home = await freshHome(false)
    const first = lab.hosts[HOSTS - 4]?.address ?? ''
    const range = `${first}-10.231.0.45`
    const run = await runCli(['scan', '--range', range, ...sshArgs(), '--concurrency', CONCURRENCY, '--json'], home)
    const document = parseDocument(scanDocumentSchema, run)
    const live = new Set(lab.hosts.map((host) => host.address))
    const dead = document.hosts.filter((host) => !live.has(host.target))
    expect(document.hosts).toHaveLength(45 - Number(first.split('.')[3]) + 1)
    expect(dead.length).toBeGreaterThanOrEqual(10)
    for (const host of dead) {
      expect(host.state).toBe('unreachable')
      expect(host.error?.kind).toBe('host-down')
      expect(host.error?.fix).toContain(host.target)
    }
    for (const host of document.hosts.filter((h) => live.has(h.target))) expect(host.state, host.target).toBe('done')
    expect(run.code).toBe(3)

    // A dead address costs the probe's short connect time-out, not TCP's two-minute one: this is
    // the design bound of the probe (1 s connects, ARP gives up in ~3 s), not a speed target.
    const stored = await readStore(home, document.scanId)
    for (const host of stored.hosts.filter((h) => h.state === 'unreachable')) {
      const seconds = (Date.parse(host.finishedAt ?? '') - Date.parse(host.startedAt ?? '')) / 1000
      expect(seconds, host.target).toBeLessThan(10)
    }
  }, 300_000)

  it('cancels on SIGINT: exit code 130, the scan cancelled, the hosts already scanned kept', async () => {
    const home = await freshHome(false)
    const run = startCli(['scan', '--list', lab.listFile, ...sshArgs(), '--concurrency', '4'], home)
    try {
      await waitForOutput(run, (output) => doneLines(output.stderr).length >= 2, 240_000)
      run.child.kill('SIGINT')
      const ended = await run.done
      expect(ended.code, ended.stderr.slice(-1500)).toBe(130)
      expect(ended.stdout).toMatch(/Resume with: patchlane scan --resume /)

      const stored = await readStore(home, scanIdOf(ended.stdout))
      expect(stored.summary?.state).toBe('cancelled')
      const done = stored.hosts.filter((host) => host.state === 'done')
      expect(done.length).toBeGreaterThanOrEqual(2)
      expect(done.length).toBeLessThan(HOSTS - 2)
      for (const host of done) expect(host.inventory).not.toBeNull()
      // Nothing left half-way: every host is final or cancelled (and so resumable).
      for (const host of stored.hosts) expect(['done', 'failed', 'unreachable', 'cancelled']).toContain(host.state)
      expect(stored.hosts.some((host) => host.state === 'cancelled')).toBe(true)
    } finally {
      killGroup(run.child.pid)
    }
  }, 300_000)

  it('survives kill -9 mid-scan: --resume finishes it, every host scanned exactly once, nothing lost', async () => {
    const home = await freshHome(true)
    const run = startCli(['scan', '--list', lab.listFile, ...sshArgs(), '--concurrency', '4'], home)
    let scanId = ''
    try {
      await waitForOutput(run, (output) => doneLines(output.stderr).length >= 3, 240_000)
      scanId = scanIdOf(run.output.stdout)
      run.child.kill('SIGKILL')
      const ended = await run.done
      expect(ended.signal).toBe('SIGKILL')
    } finally {
      killGroup(run.child.pid)
    }

    const before = await readStore(home, scanId)
    expect(before.summary?.state).toBe('interrupted')
    const doneBefore = before.hosts.filter((host) => host.state === 'done')
    expect(doneBefore.length).toBeGreaterThanOrEqual(3)
    expect(doneBefore.length).toBeLessThan(HOSTS)

    const resumed = await runCli(['scan', '--resume', scanId, '--json'], home)
    const document = parseDocument(scanDocumentSchema, resumed)
    expect(document.scanId).toBe(scanId)
    expect(document.state).toBe('finished')
    expect([3, 4]).toContain(resumed.code)

    const after = await readStore(home, scanId)
    expect(after.summary?.state).toBe('finished')
    // The same hosts, once each, in the list's order.
    expect(after.hosts.map((host) => host.target)).toEqual(lab.hosts.map((host) => host.address))
    for (const host of lab.hosts) {
      const stored = after.hosts.find((h) => h.target === host.address)
      // The garbage host is done with a partial inventory (see the list-file test); only the refused one fails.
      const expected = host.mode === 'refuse-auth' ? 'failed' : 'done'
      expect(stored?.state, `${host.name}: ${stored?.error?.cause ?? ''}`).toBe(expected)
      if (expected === 'done' && host.mode !== 'garbage') {
        expectInventoryOf(host.name, stored?.inventory)
        expect(stored?.assessments, host.name).toBe(1)
      }
    }
    // What was done before the kill was kept as it was, not collected again.
    for (const host of doneBefore) {
      const stored = after.hosts.find((h) => h.id === host.id)
      expect(stored?.finishedAt, host.target).toBe(host.finishedAt)
      expect(stored?.inventory).toEqual(host.inventory)
    }
  }, 400_000)

  describe('patchlane doctor --target', () => {
    const doctorSchema = z.object({
      target: z.string(),
      address: z.string().nullable(),
      transport: z.string().nullable(),
      ok: z.boolean(),
      checks: z.array(z.object({ name: z.enum(['reachability', 'transport', 'collection']), ok: z.boolean(), detail: z.string(), kind: z.string().nullable(), cause: z.string().nullable(), fix: z.string().nullable() })),
    })
    const doctor = async (target: string) => {
      const home = await freshHome(false)
      const run = await runCli(['doctor', '--target', target, ...sshArgs().filter((arg) => arg !== '--transport' && arg !== 'ssh'), '--timeout', '60', '--json'], home)
      return { code: run.code, report: parseDocument(doctorSchema, run) }
    }

    it('passes every check on a good host', async () => {
      const { code, report } = await doctor(addressOf('h01'))
      expect(code).toBe(0)
      expect(report.ok).toBe(true)
      expect(report.transport).toBe('ssh')
      expect(report.checks.map((check) => [check.name, check.ok])).toEqual([
        ['reachability', true],
        ['transport', true],
        ['collection', true],
      ])
      const fixture = labFixtureSchema.parse(JSON.parse(fs.readFileSync(lab.hosts[0]?.fixture ?? '', 'utf8')))
      expect(report.checks[2]?.detail).toContain(fixture.operatingSystem.Caption)
    }, 120_000)

    it('names the refused login and its fix on the refuse-auth host', async () => {
      const { code, report } = await doctor(addressOf('h05'))
      expect(code).toBe(1)
      expect(report.checks.slice(0, 2).every((check) => check.ok)).toBe(true)
      const collection = report.checks[2]
      expect(collection).toMatchObject({ name: 'collection', ok: false, kind: 'access-denied' })
      expect(collection?.cause).toContain('refused the SSH login')
      expect(collection?.fix).toMatch(/authorized_keys/)
    }, 120_000)

    it('stops at reachability for a dead address, with the cause and the fix', async () => {
      const dead = '10.231.0.250'
      const { code, report } = await doctor(dead)
      expect(code).toBe(1)
      expect(report.checks).toHaveLength(1)
      expect(report.checks[0]).toMatchObject({ name: 'reachability', ok: false, kind: 'host-down' })
      expect(report.checks[0]?.fix).toContain(dead)
    }, 60_000)
  })

  it('keeps the lab list in step with the hosts it asked for', () => {
    expect(lab.hosts).toHaveLength(HOSTS)
    expect(fs.readFileSync(lab.listFile, 'utf8').split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'))).toEqual(lab.hosts.map((host) => host.address))
    expect(path.isAbsolute(lab.keyFile)).toBe(true)
  })
})
