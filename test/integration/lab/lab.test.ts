import { execFile, spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { sharedDataPath } from '../../helpers/shared-data'
import { testPowerShell } from '../../helpers/pwsh'
import { parseSysteminfo } from '../../lab/fixtures/read-capture'
import { labFixtureSchema } from '../../lab/fixtures/fixture-schema'
import { alive, listLinks, listNamespaces } from '../../lab/lab-down'
import { labDir } from '../../lab/lab-layout'
import { readLabState } from '../../lab/lab-state'

const execFileAsync = promisify(execFile)
const root = path.join(import.meta.dirname, '..', '..', '..')
const tsx = path.join(root, 'node_modules', '.bin', 'tsx')
const labCli = path.join(root, 'test', 'lab', 'lab.ts')
const probe = path.join(root, 'test', 'lab', 'scripts', 'Invoke-LabProbe.ps1')

/** The lab needs root, iproute2, sshd and pwsh; CI runs as root with all of them and must not skip. */
function labAvailable(): { pwsh: string | null; ok: boolean } {
  const pwsh = testPowerShell()
  const ok = process.getuid?.() === 0 && fs.existsSync('/usr/sbin/sshd') && (fs.existsSync('/usr/sbin/ip') || fs.existsSync('/sbin/ip') || fs.existsSync('/usr/bin/ip')) && pwsh !== null
  if (!ok && process.env.CI === 'true') throw new Error('CI=true but the lab cannot run: it needs root, iproute2, openssh-server and pwsh (.ci/run installs them)')
  return { pwsh, ok }
}

const upSchema = z.object({
  hosts: z.array(z.object({ name: z.string(), address: z.string(), mode: z.string(), fixture: z.string() })),
  listFile: z.string(),
  user: z.string(),
  keyFile: z.string(),
  subnet: z.string(),
})

const probeSchema = z.union([
  z.object({
    address: z.string(),
    ok: z.literal(true),
    elapsedMs: z.number(),
    caption: z.string(),
    buildNumber: z.string(),
    csName: z.string(),
    hotFixIds: z.array(z.string()),
    ubr: z.object({ returnValue: z.number(), value: z.number().nullable() }),
    missing: z.array(z.string()),
    services: z.array(z.string()),
  }),
  z.object({ address: z.string(), ok: z.literal(false), elapsedMs: z.number(), errorId: z.string(), error: z.string() }),
])

/** The probe's JSON lines; ssh's plain-text complaints on the same stream are skipped. */
function probeResults(stdout: string): z.infer<typeof probeSchema>[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => probeSchema.parse(JSON.parse(line)))
}

const { pwsh, ok } = labAvailable()

describe.skipIf(!ok)('the lab (namespaces + sshd + pwsh, as root)', () => {
  let up: z.infer<typeof upSchema>

  beforeAll(async () => {
    const { stdout } = await execFileAsync(tsx, [labCli, 'up', '--hosts', '3', '--slow', 'h02:1', '--refuse-auth', 'h03'], { cwd: root })
    // stdout is exactly one JSON document (progress went to stderr).
    up = upSchema.parse(JSON.parse(stdout))
  }, 120_000)

  afterAll(async () => {
    await execFileAsync(tsx, [labCli, 'down'], { cwd: root })
  })

  it('prints the hosts, list file, user and key, all inside the lab /24', () => {
    expect(up.hosts.map((h) => h.name)).toEqual(['h01', 'h02', 'h03'])
    expect(up.subnet).toBe('10.231.0.0/24')
    for (const host of up.hosts) expect(host.address).toMatch(/^10\.231\.0\.\d+$/)
    expect(fs.readFileSync(up.listFile, 'utf8').trim().split('\n')).toEqual(up.hosts.map((h) => h.address))
    expect(fs.statSync(up.keyFile).mode & 0o077).toBe(0)
    expect(listNamespaces()).toEqual(expect.arrayContaining(['plab-h01', 'plab-h02', 'plab-h03']))
  })

  it('answers CIM, the registry and Windows Update over real SSH remoting from fixtures built from the captures', async () => {
    const [good, slow] = up.hosts
    if (!good || !slow) throw new Error('expected three hosts')
    const { stdout } = await execFileAsync(pwsh ?? 'pwsh', ['-NoLogo', '-NoProfile', '-File', probe, '-Address', `${good.address},${slow.address}`, '-UserName', up.user, '-KeyFilePath', up.keyFile], { timeout: 90_000 })
    const results = probeResults(stdout)
    for (const [host, result] of [[good, results[0]], [slow, results[1]]] as const) {
      if (!result?.ok) throw new Error(`${host.name}: ${JSON.stringify(result)}`)
      const fixture = labFixtureSchema.parse(JSON.parse(fs.readFileSync(host.fixture, 'utf8')))
      // The fixture is the capture: the remote caption and hotfixes are what the real machine's systeminfo said.
      const capture = parseSysteminfo(sharedDataPath('wesng', 'validation', fixture.source.systeminfo))
      expect(result.caption).toBe(capture.osName)
      expect(result.buildNumber).toBe(String(capture.build))
      expect(result.hotFixIds).toEqual(capture.hotfixes)
      expect(result.csName).toBe(fixture.operatingSystem.CSName)
      const ubr = fixture.registry[0]?.values.find((v) => v.name === 'UBR')
      expect(result.ubr).toEqual(ubr ? { returnValue: 0, value: ubr.value } : { returnValue: 2, value: null })
      expect(result.missing).toEqual(fixture.windowsUpdate.missing.map((m) => m.kb))
      expect(result.services).toEqual(fixture.services.filter((s) => s.State === 'Running').map((s) => s.Name))
    }
    // The slow host sleeps before each of its five answers.
    expect(results[1]?.elapsedMs).toBeGreaterThanOrEqual(5 * 1000)
  }, 120_000)

  it('refuses the lab key on the refuse-auth host with an SSH authentication error', async () => {
    const host = up.hosts[2]
    if (!host) throw new Error('expected three hosts')
    const { stdout, stderr } = await execFileAsync(pwsh ?? 'pwsh', ['-NoLogo', '-NoProfile', '-File', probe, '-Address', host.address, '-UserName', up.user, '-KeyFilePath', up.keyFile], { timeout: 60_000 })
    const [result] = probeResults(stdout)
    expect(result?.ok).toBe(false)
    // PowerShell relays ssh's own message; which stream it lands on is its business.
    expect(`${stdout}${stderr}`).toContain('Permission denied (publickey)')
  }, 60_000)

  it('down leaves no namespace, link, process or folder behind', async () => {
    const state = readLabState(labDir())
    const pids = state?.hosts.map((h) => h.sshdPid).filter((pid): pid is number => pid !== null) ?? []
    expect(pids).toHaveLength(3)
    await execFileAsync(tsx, [labCli, 'down'], { cwd: root })
    expect(listNamespaces().filter((ns) => ns.startsWith('plab-'))).toEqual([])
    expect(listLinks().filter((link) => link.startsWith('plab'))).toEqual([])
    for (const pid of pids) expect(alive(pid)).toBe(false)
    expect(fs.existsSync(labDir())).toBe(false)
  }, 60_000)
})

describe.skipIf(!ok)('the lab after `up` is killed -9 halfway', () => {
  it('down still removes everything up had made', async () => {
    // node --import tsx: one process, so SIGKILL hits the lab itself and not just a tsx wrapper.
    const child = spawn(process.execPath, ['--import', 'tsx', labCli, 'up', '--hosts', '8'], { cwd: root, stdio: 'ignore' })
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
    for (let waited = 0; waited < 60_000; waited += 50) {
      const state = fs.existsSync(labDir()) ? readLabState(labDir()) : null
      if ((state?.hosts.length ?? 0) >= 3 || child.exitCode !== null) break
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    child.kill('SIGKILL')
    await exited
    expect(listNamespaces().some((ns) => ns.startsWith('plab-h'))).toBe(true)
    await execFileAsync(tsx, [labCli, 'down'], { cwd: root })
    expect(listNamespaces().filter((ns) => ns.startsWith('plab-'))).toEqual([])
    expect(listLinks().filter((link) => link.startsWith('plab'))).toEqual([])
    expect(fs.existsSync(labDir())).toBe(false)
  }, 120_000)
})
