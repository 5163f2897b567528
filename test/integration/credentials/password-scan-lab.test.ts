import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { cliCipherFactory } from '../../../src-main/credentials/cli-cipher'
import { inventoryFromCollector } from '../../../src-main/inventory/from-collector'
import { CollectorOutput } from '../../../src-main/powershell/collector-output'
import { createPowerShellRunner } from '../../../src-main/powershell/runner'
import { getRemoteHostInventory } from '../../../src-main/powershell/scripts'
import { defineScript } from '../../../src-main/powershell/script-spec'
import { createServices } from '../../../src-main/services'
import { labFixtureSchema } from '../../lab/fixtures/fixture-schema'
import { type LabUp, startLab, stopLab } from '../../lab/lab-client'
import { makeTempDir } from '../../helpers/temp-dir'
import { testPowerShell } from '../../helpers/pwsh'
import { labAvailable, runCli } from '../scan-lab/lab-cli'

/**
 * SSH password sign-in for real: h01 of a two-host lab also takes the lab user's password, which
 * this run makes up (never one kept in the repository). A stored credential scans it; a wrong one
 * gets access-denied with its cause and fix; `--resume` re-reads the stored credential; and no
 * output, store, log or temp file of the run holds the password.
 */
const ROOT = path.resolve(import.meta.dirname, '..', '..', '..')
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx')
const CLI = path.join(ROOT, 'src-main', 'cli', 'main.ts')
const PASSWORD = `lab-${randomBytes(18).toString('base64url')}`
const WRONG = `wrong-${randomBytes(12).toString('base64url')}`

const documentSchema = z.object({
  scanId: z.string(),
  state: z.string(),
  hosts: z.array(
    z.object({
      target: z.string(),
      state: z.string(),
      transport: z.string().nullable(),
      error: z.object({ kind: z.string(), cause: z.string(), fix: z.string(), detail: z.string().nullable() }).nullable(),
      inventory: z.unknown(),
    }),
  ),
})

const askpassLeftovers = () => fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith('patchlane-askpass-'))

describe.skipIf(!labAvailable())('SSH password sign-in with a stored credential (lab)', () => {
  let lab: LabUp
  let temp: ReturnType<typeof makeTempDir>
  let home: string
  let secretKey: string
  const hostOf = (name: string) => lab.hosts.find((host) => host.name === name) ?? { address: '', fixture: '' }
  const scanArgs = () => ['--transport', 'ssh', '--host-key-policy', 'no', '--no-reverse-dns', '--secret-key', secretKey, '--json']
  const addCredential = (name: string, password: string) => {
    const result = spawnSync(TSX, [CLI, 'credential', 'add', name, '--user', lab.user, '--password-stdin', '--secret-key', secretKey], {
      env: { ...process.env, PATCHLANE_HOME: home },
      input: `${password}\n`,
      encoding: 'utf8',
      timeout: 120_000,
    })
    expect(result.status, result.stderr).toBe(0)
  }
  /** Everything a person or a log would see of a run, and the store, must not hold either password. */
  const expectNoPassword = (...texts: string[]) => {
    for (const text of texts) {
      expect(text).not.toContain(PASSWORD)
      expect(text).not.toContain(WRONG)
    }
  }
  const storeBytes = () => {
    const db = path.join(home, 'patchlane.db')
    return Buffer.concat([db, `${db}-wal`].filter((file) => fs.existsSync(file)).map((file) => fs.readFileSync(file)))
  }

  beforeAll(async () => {
    temp = makeTempDir('patchlane-password-lab-')
    home = path.join(temp.dir, 'home')
    secretKey = path.join(temp.dir, 'secret.key')
    process.env.PATCHLANE_LAB_PASSWORD = PASSWORD
    try {
      lab = await startLab(['--hosts', '2', '--password-auth', 'h01'])
    } finally {
      // Only `lab up` needs it; the CLI runs below must not inherit it.
      delete process.env.PATCHLANE_LAB_PASSWORD
    }
    addCredential('lab-password', PASSWORD)
    addCredential('lab-wrong', WRONG)
    // startLab waits up to 10 minutes for another run's lab; its own message should surface first.
  }, 720_000)

  afterAll(async () => {
    try {
      if (lab) await stopLab()
    } finally {
      temp?.cleanup()
    }
  }, 120_000)

  it('scans a password-only host with a stored credential; nothing printed, stored or logged holds the password', async () => {
    const before = askpassLeftovers()
    const run = await runCli(['scan', '--target', hostOf('h01').address, '--credential', 'lab-password', ...scanArgs()], home)
    expectNoPassword(run.stdout, run.stderr)
    const document = documentSchema.parse(JSON.parse(run.stdout))
    const host = document.hosts[0]
    expect(host?.state, JSON.stringify(host?.error)).toBe('done')
    expect(host?.transport).toBe('ssh')
    const fixture = labFixtureSchema.parse(JSON.parse(fs.readFileSync(hostOf('h01').fixture, 'utf8')))
    expect(inventoryFromCollector(CollectorOutput.parse(host?.inventory)).computerName).toBe(fixture.operatingSystem.CSName)
    expect(storeBytes().includes(Buffer.from(PASSWORD))).toBe(false)
    // sshd's own log of the sign-in, and the askpass helper's folder, which is gone.
    const sshdLog = fs.readFileSync(path.join(path.dirname(hostOf('h01').fixture), 'sshd.log'), 'utf8')
    expect(sshdLog).toMatch(/Accepted password for patchlane-lab/)
    expectNoPassword(sshdLog)
    expect(askpassLeftovers()).toEqual(before)
  }, 300_000)

  it('a wrong password is access denied, with the cause and the fix, and is not printed either', async () => {
    const run = await runCli(['scan', '--target', hostOf('h01').address, '--credential', 'lab-wrong', ...scanArgs()], home)
    expectNoPassword(run.stdout, run.stderr)
    expect(run.code).toBe(3)
    const host = documentSchema.parse(JSON.parse(run.stdout)).hosts[0]
    expect(host?.state).toBe('failed')
    expect(host?.error?.kind).toBe('access-denied')
    expect(host?.error?.cause).toBe(`${hostOf('h01').address} refused the SSH login: the key or password was not accepted for that account.`)
    expect(host?.error?.fix).toMatch(/With a password: save the credential again .* allows PasswordAuthentication/)
    expect(host?.error?.detail).toMatch(/Permission denied/)
    // A host whose sshd takes keys only refuses the password the same way.
    const keyOnly = await runCli(['scan', '--target', hostOf('h02').address, '--credential', 'lab-password', ...scanArgs()], home)
    expectNoPassword(keyOnly.stdout, keyOnly.stderr)
    expect(documentSchema.parse(JSON.parse(keyOnly.stdout)).hosts[0]?.error?.detail).toMatch(/Permission denied \(publickey\)/)
  }, 300_000)

  it('--resume re-reads the stored credential: the scan keeps its name, never the password', async () => {
    const services = createServices({ dataDir: home, appVersion: 'test', secrets: cliCipherFactory({ secretKey }) })
    let scanId: string
    try {
      scanId = (await services.scans.create({ targets: [hostOf('h01').address], transport: 'ssh', concurrency: 1, credentialName: 'lab-password', hostKeyPolicy: 'no', probe: { reverseLookup: false } })).scanId
      services.db.prepare(`UPDATE scans SET state = 'interrupted' WHERE id = ?`).run(scanId)
    } finally {
      await services.close()
    }
    const stored = fs.readFileSync(path.join(home, 'patchlane.db'))
    expect(stored.includes(Buffer.from('lab-password'))).toBe(true)
    // Without the key file the stored password cannot be read: the scan says so and stays resumable.
    const locked = await runCli(['scan', '--resume', scanId, '--json'], home)
    // (Here no keychain runs; where one does, it has no key for this store and says so.)
    expect(locked.stderr).toMatch(/Cannot read the password of credential "lab-password": no secret store is set up|saved with another key|did not answer secret-tool/)
    const run = await runCli(['scan', '--resume', scanId, '--secret-key', secretKey, '--json'], home)
    expectNoPassword(run.stdout, run.stderr)
    expect(documentSchema.parse(JSON.parse(run.stdout)).hosts[0]?.state, run.stderr).toBe('done')
  }, 300_000)

  it('leaves the shell it ran in as it found it: no askpass variables, no helper files', async () => {
    const pwsh = testPowerShell()
    if (!pwsh) throw new Error('pwsh is needed here')
    // The real scripts, plus a probe that reports the environment of the same long-lived shell.
    const scripts = path.join(temp.dir, 'scripts')
    fs.cpSync(path.join(ROOT, 'src-main', 'powershell', 'scripts'), scripts, { recursive: true })
    fs.writeFileSync(
      path.join(scripts, 'Get-AskPassEnvironment.ps1'),
      "[Console]::Out.WriteLine((ConvertTo-Json -Compress -InputObject ([pscustomobject]@{ askPass = $env:SSH_ASKPASS; require = $env:SSH_ASKPASS_REQUIRE; display = $env:DISPLAY })))\n",
    )
    const probe = defineScript({ file: 'Get-AskPassEnvironment.ps1', params: z.strictObject({}), output: z.object({ askPass: z.string().nullable(), require: z.string().nullable(), display: z.string().nullable() }), timeoutMs: 30_000 })
    const runner = createPowerShellRunner({ executable: pwsh, scriptsDir: scripts, poolSize: 1 })
    try {
      const before = await runner.run(probe, {})
      const params = { Transport: 'Ssh' as const, ComputerName: hostOf('h01').address, UserName: lab.user, HostKeyPolicy: 'no' as const, KnownHostsFile: '/dev/null' }
      await runner.run(getRemoteHostInventory, { ...params, Password: PASSWORD })
      expect(await runner.run(probe, {})).toEqual(before)
      await expect(runner.run(getRemoteHostInventory, { ...params, Password: WRONG })).rejects.toThrow(/Permission denied/)
      expect(await runner.run(probe, {})).toEqual(before)
      expect(askpassLeftovers()).toEqual([])
    } finally {
      await runner.dispose()
    }
  }, 300_000)
})
