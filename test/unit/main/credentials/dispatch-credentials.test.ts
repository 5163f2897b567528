import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { dataDirKeyFileSecrets, DATA_DIR_KEY_FILE } from '../../../../src-main/credentials/data-dir-key-file'
import { createDispatcher } from '../../../../src-main/dispatch'
import { createServices, type Services } from '../../../../src-main/services'
import { getScanSummary, scanOptions } from '../../../../src-main/store/scans'
import { makeTempDir } from '../../../helpers/temp-dir'

/** A password no other string in the store could contain by chance. */
const PASSWORD = `pw-${Date.now().toString(36)}-Zq9!xK`

describe('credential methods through the dispatcher: no secret in any output, errors included', () => {
  const open: Array<{ services: Services; cleanup: () => void }> = []
  const start = (withSecrets: boolean) => {
    const temp = makeTempDir('patchlane-dispatch-cred-')
    const services = createServices({
      dataDir: temp.dir,
      appVersion: 'test',
      env: { PATH: '' },
      // The probe only knocks on a closed loopback port: the host is unreachable, nothing signs in anywhere.
      scanDefaults: { probe: { ports: [9], connectTimeoutMs: 300, reverseLookup: false } },
      ...(withSecrets ? { secrets: dataDirKeyFileSecrets() } : {}),
    })
    open.push({ services, cleanup: temp.cleanup })
    return { services, dispatch: createDispatcher(services), dir: temp.dir }
  }
  afterEach(async () => {
    for (const { services, cleanup } of open.splice(0)) {
      await services.close()
      cleanup()
    }
  })

  it('saves, lists and deletes; the bridge-style key file is made 0600 in the data folder', async () => {
    const { dispatch, dir } = start(true)
    const saved = await dispatch('saveCredential', { name: 'lab', userName: 'patchlane-lab', password: PASSWORD })
    expect(saved).toMatchObject({ ok: true, value: { name: 'lab', userName: 'patchlane-lab', kind: 'password', keyFile: null, protectedBy: 'key-file' } })
    expect(JSON.stringify(saved)).not.toContain(PASSWORD)
    expect(fs.statSync(path.join(dir, DATA_DIR_KEY_FILE)).mode & 0o777).toBe(0o600)
    const listed = await dispatch('listCredentials', {})
    expect(listed).toMatchObject({ ok: true, value: [{ name: 'lab', kind: 'password' }] })
    expect(JSON.stringify(listed)).not.toContain(PASSWORD)
    expect(await dispatch('deleteCredential', { name: 'lab' })).toEqual({ ok: true, value: { deleted: true } })
    expect(await dispatch('deleteCredential', { name: 'lab' })).toEqual({ ok: true, value: { deleted: false } })
  })

  it('refuses bad input without echoing the password', async () => {
    const { dispatch } = start(true)
    const bad = [
      { name: '../etc', userName: 'u', password: PASSWORD },
      { name: 'lab', userName: 'u', password: PASSWORD.repeat(100) },
      { name: 'lab', userName: 'u', password: PASSWORD, keyFile: '/k' },
      { name: 'lab', userName: '', password: PASSWORD },
      { name: 'lab', userName: 'u', password: PASSWORD, secret: PASSWORD },
      { name: 'lab', userName: 'u', password: [PASSWORD] },
    ]
    for (const input of bad) {
      const result = await dispatch('saveCredential', input)
      expect(result.ok, JSON.stringify(Object.keys(input))).toBe(false)
      expect(JSON.stringify(result)).not.toContain(PASSWORD)
    }
    const none = await dispatch('saveCredential', { name: 'lab', userName: 'u' })
    expect(none).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining('give either a password or an SSH key file') } })
  })

  it('without a secret store, says why on save and still lists', async () => {
    const { dispatch } = start(false)
    const result = await dispatch('saveCredential', { name: 'lab', userName: 'u', password: PASSWORD })
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining('no secret store is set up in this Patchlane') } })
    expect(JSON.stringify(result)).not.toContain(PASSWORD)
    expect(await dispatch('listCredentials', {})).toEqual({ ok: true, value: [] })
  })

  it('a scan started with a stored credential keeps only its name; an unknown name is refused before anything is stored', async () => {
    const { services, dispatch, dir } = start(true)
    await dispatch('saveCredential', { name: 'lab', userName: 'patchlane-lab', password: PASSWORD })
    expect(await dispatch('startScan', { targets: ['127.0.0.1'], transport: 'ssh', concurrency: 1, credentialName: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'not-found', message: expect.stringContaining('No stored credential "nope"') },
    })
    expect(services.scans.list()).toEqual([])
    expect(await dispatch('startScan', { targets: ['127.0.0.1'], transport: 'ssh', concurrency: 1, credentialName: 'lab', userName: 'x' })).toMatchObject({ ok: false })
    // auto: with no port answering, no transport is tried and nothing signs in anywhere.
    const started = await dispatch('startScan', { targets: ['127.0.0.1'], transport: 'auto', concurrency: 1, credentialName: 'lab' })
    expect(started.ok).toBe(true)
    const scanId = (started as { value: { scanId: string } }).value.scanId
    for (let waited = 0; getScanSummary(services.db, scanId)?.state === 'running' && waited < 20_000; waited += 100) await new Promise((r) => setTimeout(r, 100))
    expect(scanOptions(services.db, scanId)).toMatchObject({ credentialName: 'lab', userName: null })
    expect(services.scans.get(scanId)?.hosts.map((host) => host.openPorts)).toEqual([[]])
    const got = await dispatch('getScan', { scanId })
    expect(JSON.stringify(got)).not.toContain(PASSWORD)
    services.db.pragma('wal_checkpoint(TRUNCATE)')
    const dbPath = path.join(dir, 'patchlane.db')
    expect(fs.readFileSync(dbPath).includes(Buffer.from(PASSWORD))).toBe(false)
  })
})
