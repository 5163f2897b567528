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
import { type LabUp, claimLab, startLab, stopLab } from '../../lab/lab-client'
import { readLabState } from '../../lab/lab-state'

const execFileAsync = promisify(execFile)
const root = path.join(import.meta.dirname, '..', '..', '..')
const labCli = path.join(root, 'test', 'lab', 'lab.ts')
const probe = path.join(root, 'test', 'lab', 'scripts', 'Invoke-LabProbe.ps1')

/** The lab needs root, iproute2, sshd and pwsh; CI runs as root with all of them and must not skip. */
function labAvailable(): { pwsh: string | null; ok: boolean } {
  const pwsh = testPowerShell()
  const ok = process.getuid?.() === 0 && fs.existsSync('/usr/sbin/sshd') && (fs.existsSync('/usr/sbin/ip') || fs.existsSync('/sbin/ip') || fs.existsSync('/usr/bin/ip')) && pwsh !== null
  if (!ok && process.env.CI === 'true') throw new Error('CI=true but the lab cannot run: it needs root, iproute2, openssh-server and pwsh (.ci/run installs them)')
  return { pwsh, ok }
}

const probeSchema = z.union([
  z.object({
    address: z.string(),
    ok: z.literal(true),
    elapsedMs: z.number(),
    caption: z.string(),
    buildNumber: z.string(),
    csName: z.string(),
    envComputer: z.string(),
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
  let up: LabUp

  beforeAll(async () => {
    // startLab parses stdout as exactly one JSON document (progress goes to stderr).
    up = await startLab(['--hosts', '6', '--slow', 'h02:1', '--refuse-auth', 'h03', '--garbage', 'h04:protocol', '--down', 'h05', '--down', 'h06:closed'])
  }, 15 * 60_000)

  afterAll(async () => {
    await stopLab()
  })

  it('prints the hosts, list file, user and key, all inside the lab /24', () => {
    expect(up.hosts.map((h) => `${h.name}:${h.mode}`)).toEqual(['h01:ok', 'h02:slow', 'h03:refuse-auth', 'h04:garbage-protocol', 'h05:unreachable', 'h06:down'])
    expect(up.subnet).toBe('10.231.0.0/24')
    for (const host of up.hosts) expect(host.address).toMatch(/^10\.231\.0\.\d+$/)
    expect(fs.readFileSync(up.listFile, 'utf8').trim().split('\n')).toEqual(up.hosts.map((h) => h.address))
    expect(fs.statSync(up.keyFile).mode & 0o077).toBe(0)
    expect(listNamespaces()).toEqual(expect.arrayContaining(['plab-h01', 'plab-h02', 'plab-h03', 'plab-h04', 'plab-h05', 'plab-h06']))
  })

  it('will not let another run take the lab down while this one owns it', async () => {
    const env = { ...process.env }
    delete env.PATCHLANE_LAB_OWNER
    const failure = await execFileAsync(process.execPath, ['--import', 'tsx', labCli, 'down'], { cwd: root, env }).then(
      () => null,
      (error: { stderr: string }) => error.stderr,
    )
    expect(failure).toContain(`the lab is in use by PID ${process.pid}`)
    expect(listNamespaces()).toContain('plab-h01')
  })

  it('answers CIM, the registry and Windows Update over real SSH remoting from fixtures built from the captures', async () => {
    const [good, slow] = up.hosts
    if (!good || !slow) throw new Error('expected six hosts')
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
      expect(result.envComputer).toBe(fixture.operatingSystem.CSName)
      const ubr = fixture.registry[0]?.values.find((v) => v.name === 'UBR')
      expect(result.ubr).toEqual(ubr ? { returnValue: 0, value: ubr.value } : { returnValue: 2, value: null })
      expect(result.missing).toEqual(fixture.windowsUpdate.missing.map((m) => m.kb))
      expect(result.services).toEqual(fixture.services.filter((s) => s.State === 'Running').map((s) => s.Name))
    }
    // The slow host sleeps before each of its five answers.
    expect(results[1]?.elapsedMs).toBeGreaterThanOrEqual(5 * 1000)
  }, 120_000)

  it('fails the misbehaving hosts the way real machines fail', async () => {
    const [refuse, garbage, unreachable, closed] = up.hosts.slice(2)
    if (!refuse || !garbage || !unreachable || !closed) throw new Error('expected six hosts')
    const addresses = [refuse, garbage, unreachable, closed].map((h) => h.address).join(',')
    const { stdout, stderr } = await execFileAsync(pwsh ?? 'pwsh', ['-NoLogo', '-NoProfile', '-File', probe, '-Address', addresses, '-UserName', up.user, '-KeyFilePath', up.keyFile], { timeout: 90_000 })
    const results = probeResults(stdout)
    expect(results.map((r) => r.ok)).toEqual([false, false, false, false])
    // PowerShell relays ssh's own messages; which stream they land on is its business.
    const said = `${stdout}${stderr}`
    expect(said).toContain(`${up.user}@${refuse.address}: Permission denied (publickey)`)
    expect(said).toContain(`connect to host ${unreachable.address} port 22: No route to host`)
    expect(said).toContain(`connect to host ${closed.address} port 22: Connection refused`)
    const broken = results[1]
    expect(broken?.ok === false && broken.error).toMatch(/unknown element/i)
  }, 120_000)

  it('down leaves no namespace, link, process or folder behind', async () => {
    const state = readLabState(labDir())
    const pids = state?.hosts.map((h) => h.sshdPid).filter((pid): pid is number => pid !== null) ?? []
    expect(pids).toHaveLength(4) // h05 and h06 run no sshd
    await stopLab()
    expect(listNamespaces().filter((ns) => ns.startsWith('plab-'))).toEqual([])
    expect(listLinks().filter((link) => link.startsWith('plab'))).toEqual([])
    for (const pid of pids) expect(alive(pid)).toBe(false)
    expect(fs.existsSync(labDir())).toBe(false)
  }, 60_000)
})

describe.skipIf(!ok)('the lab after `up` is killed -9 halfway', () => {
  it('down still removes everything up had made', async () => {
    await claimLab()
    // node --import tsx: one process, so SIGKILL hits the lab itself and not just a tsx wrapper.
    const child = spawn(process.execPath, ['--import', 'tsx', labCli, 'up', '--hosts', '8'], {
      cwd: root,
      stdio: 'ignore',
      env: { ...process.env, PATCHLANE_LAB_OWNER: String(process.pid) },
    })
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
    for (let waited = 0; waited < 60_000; waited += 50) {
      const state = fs.existsSync(labDir()) ? readLabState(labDir()) : null
      if ((state?.hosts.length ?? 0) >= 3 || child.exitCode !== null) break
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    child.kill('SIGKILL')
    await exited
    expect(listNamespaces().some((ns) => ns.startsWith('plab-h'))).toBe(true)
    await stopLab()
    expect(listNamespaces().filter((ns) => ns.startsWith('plab-'))).toEqual([])
    expect(listLinks().filter((link) => link.startsWith('plab'))).toEqual([])
    expect(fs.existsSync(labDir())).toBe(false)
  }, 15 * 60_000)
})
