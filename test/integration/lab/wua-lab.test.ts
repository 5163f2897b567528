import { execFileSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPowerShellRunner } from '../../../src-main/powershell/runner'
import { getRemoteHostInventory } from '../../../src-main/powershell/scripts'
import { defaultScriptsDir } from '../../../src-main/powershell/scripts-dir'
import { testPowerShell } from '../../helpers/pwsh'
import { makeTempDir } from '../../helpers/temp-dir'
import { type LabFixture, labFixtureSchema } from '../../lab/fixtures/fixture-schema'
import { type LabUp, startLab, stopLab } from '../../lab/lab-client'
import { labAvailable } from '../scan-lab/lab-cli'

/**
 * The Windows Update Agent search over real SSH remoting against lab hosts: Get-RemoteHostInventory.ps1
 * with WuaMode, through the real runner. The lab's Task Scheduler stand-in really runs the task's
 * search.ps1 in a child process, so the file round trip and the clean-up are the real ones; after
 * every run the host's task store and %SystemRoot%\Temp must be empty and no search process left.
 * h02 has a WSUS policy; h03 and h07 answer from real agent captures (wesng/validation/*_updates.txt);
 * h04 has wuauserv disabled, h05's search never ends, h06 refuses task registration; h01 takes a
 * password (the search opens its own SSH session, so it needs its own askpass answer).
 */

const pwsh = testPowerShell()
/** Chosen per run (never one in the repository), as the lab asks. */
const PASSWORD = crypto.randomBytes(18).toString('base64url')
const LAB_ARGS = ['--hosts', '7', '--password-auth', 'h01', '--wua-broken', 'h04:disabled', '--wua-broken', 'h05:hang', '--wua-broken', 'h06:no-tasks']

describe.skipIf(!pwsh || !labAvailable())('Windows Update Agent search on lab hosts (SSH)', () => {
  let lab: LabUp | undefined
  const temp = makeTempDir('patchlane-wua-lab-')
  const runner = createPowerShellRunner({ executable: pwsh ?? 'pwsh', scriptsDir: defaultScriptsDir(), poolSize: 4 })

  beforeAll(async () => {
    process.env.PATCHLANE_LAB_PASSWORD = PASSWORD
    try {
      lab = await startLab(LAB_ARGS)
    } finally {
      delete process.env.PATCHLANE_LAB_PASSWORD
    }
  }, 11 * 60_000)
  afterAll(async () => {
    await runner.dispose()
    // Only the run that brought the lab up takes it down (another run may own it).
    if (lab) await stopLab()
    temp.cleanup()
  }, 120_000)

  function up(): LabUp {
    if (!lab) throw new Error('the lab is not up')
    return lab
  }

  function host(name: string): { address: string; fixture: LabFixture; dir: string } {
    const entry = up().hosts.find((h) => h.name === name)
    if (!entry) throw new Error(`no lab host ${name}`)
    return { address: entry.address, fixture: labFixtureSchema.parse(JSON.parse(fs.readFileSync(entry.fixture, 'utf8'))), dir: path.dirname(entry.fixture) }
  }

  function scan(name: string, wua: { WuaMode: 'Online' | 'Offline'; WuaCabPath?: string; WuaTimeoutSeconds?: number }) {
    return runner.run(getRemoteHostInventory, {
      Transport: 'Ssh',
      ComputerName: host(name).address,
      UserName: up().user,
      KeyFilePath: up().keyFile,
      HostKeyPolicy: 'no',
      KnownHostsFile: '/dev/null',
      ...wua,
    })
  }

  /** Nothing of the search is left on the host: no task, no stage folder, no search process. */
  function expectNothingLeft(name: string): void {
    const { dir } = host(name)
    expect(fs.readdirSync(path.join(dir, 'tasks'))).toEqual([])
    expect(fs.readdirSync(path.join(dir, 'windows', 'Temp'))).toEqual([])
    const searches = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line.includes(dir) && line.includes('search.ps1'))
    expect(searches).toEqual([])
  }

  it('answers online searches from the agent captures, with the configured source', async () => {
    const [h07, h03, h02] = await Promise.all([scan('h07', { WuaMode: 'Online' }), scan('h03', { WuaMode: 'Online' }), scan('h02', { WuaMode: 'Online' })])
    for (const [name, document] of [['h07', h07], ['h03', h03]] as const) {
      const wanted = host(name).fixture.windowsUpdate.missing
      expect(wanted.length).toBeGreaterThan(0)
      expect(document.wua?.error).toBeNull()
      expect(document.wua?.source).toBe('windows-update')
      expect(document.wua?.missing.map((u) => u.kb)).toEqual(wanted.map((u) => u.kb))
      expect(document.wua?.missing.map((u) => u.title)).toEqual(wanted.map((u) => u.title))
      expect(document.wua?.missing.map((u) => u.updateId)).toEqual(wanted.map((u) => u.updateId))
      // The inventory itself is untouched by the search.
      expect(document.os.caption).toBe(host(name).fixture.operatingSystem.Caption)
    }
    expect(h02.wua).toMatchObject({ mode: 'online', source: 'wsus', serverUrl: 'http://wsus.lab.invalid:8530', missing: [], error: null })
    for (const name of ['h07', 'h03', 'h02']) expectNothingLeft(name)
  }, 180_000)

  it('signs the search in with a password over SSH, as it signed the collector in', async () => {
    const document = await runner.run(getRemoteHostInventory, {
      Transport: 'Ssh',
      ComputerName: host('h01').address,
      UserName: up().user,
      Password: PASSWORD,
      HostKeyPolicy: 'no',
      KnownHostsFile: '/dev/null',
      WuaMode: 'Online',
    })
    expect(document.wua).toMatchObject({ mode: 'online', source: 'windows-update', missing: [], error: null })
    expect(JSON.stringify(document)).not.toContain(PASSWORD)
    expectNothingLeft('h01')
  }, 120_000)

  it('copies a cab with a hostile file name for an offline search, and removes it', async () => {
    const cab = path.join(temp.dir, `wsusscn2 '; Remove-Item -Recurse $HOME #$(whoami).cab`)
    // A cabinet's signature and nothing else: the lab agent only checks that the file arrived.
    fs.writeFileSync(cab, Buffer.from('MSCF\0\0\0\0'))
    const document = await scan('h03', { WuaMode: 'Offline', WuaCabPath: cab })
    expect(document.wua).toMatchObject({ mode: 'offline', source: 'offline-cab', serverUrl: null, error: null })
    expect(document.wua?.missing.map((u) => u.kb)).toEqual(host('h03').fixture.windowsUpdate.missing.map((u) => u.kb))
    expect(fs.existsSync(cab)).toBe(true)
    expectNothingLeft('h03')
  }, 120_000)

  it('keeps the inventory and names the fix when the search fails', async () => {
    const [disabled, hung, denied] = await Promise.all([
      scan('h04', { WuaMode: 'Online' }),
      scan('h05', { WuaMode: 'Online', WuaTimeoutSeconds: 8 }),
      scan('h06', { WuaMode: 'Online' }),
    ])
    expect(disabled.wua?.error).toMatchObject({ hresult: '0x80070422', message: expect.stringContaining('Set-Service -Name wuauserv -StartupType Manual') })
    expect(hung.wua?.error).toMatchObject({ hresult: null, message: expect.stringContaining('did not finish within 8 s') })
    expect(denied.wua?.error).toMatchObject({ hresult: '0x80070005', message: expect.stringContaining('local Administrators group') })
    for (const [name, document] of [['h04', disabled], ['h05', hung], ['h06', denied]] as const) {
      expect(document.wua?.missing).toEqual([])
      expect(document.os.caption).toBe(host(name).fixture.operatingSystem.Caption)
      expectNothingLeft(name)
    }
  }, 180_000)
})
