import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cliCipherFactory } from '../../../../src-main/credentials/cli-cipher'
import { keychainCipher } from '../../../../src-main/credentials/keychain-cipher'
import { secretServiceKeyStore } from '../../../../src-main/credentials/os-key-store'
import { makeTempDir } from '../../../helpers/temp-dir'

/**
 * The CLI's choice of cipher, and the Secret Service path run against a stand-in `secret-tool`
 * (a shell script keeping its one secret in a file): no keyring runs on this machine, but the
 * process contract — arguments, the secret on stdin, exit 1 for "nothing stored" — is real.
 */
const SECRET = 'pa55-W0rd for the lab'
const context = { dataDir: '/nowhere', runner: () => null }

describe('the CLI cipher and the OS keychain', () => {
  let temp: ReturnType<typeof makeTempDir>
  let bin: string
  let store: string
  let log: string
  beforeAll(() => {
    temp = makeTempDir('patchlane-keychain-')
    bin = path.join(temp.dir, 'bin')
    store = path.join(temp.dir, 'keyring')
    log = path.join(temp.dir, 'argv.log')
    fs.mkdirSync(bin)
    fs.writeFileSync(
      path.join(bin, 'secret-tool'),
      [
        '#!/bin/sh',
        `echo "$@" >> '${log}'`,
        'case "$1" in',
        `  store) cat > '${store}' ;;`,
        `  lookup) [ -f '${store}' ] || exit 1; cat '${store}' ;;`,
        '  *) echo "unknown command" >&2; exit 2 ;;',
        'esac',
        '',
      ].join('\n'),
      { mode: 0o755 },
    )
  })
  afterAll(() => temp.cleanup())

  it('uses a named key file first: --secret-key wins over PATCHLANE_SECRET_KEY', () => {
    const choice = cliCipherFactory({ secretKey: path.join(temp.dir, 'a.key'), env: { PATCHLANE_SECRET_KEY: path.join(temp.dir, 'b.key') }, platform: 'linux' })(context)
    expect(choice.cipher?.protectedBy).toBe('key-file')
    expect(choice.cipher?.description).toContain('a.key')
    expect(cliCipherFactory({ env: { PATCHLANE_SECRET_KEY: path.join(temp.dir, 'b.key') }, platform: 'linux' })(context).cipher?.description).toContain('b.key')
  })

  it('on Linux without secret-tool, or without a D-Bus session, says there is no keychain and what to do', () => {
    const none = cliCipherFactory({ env: { PATH: path.join(temp.dir, 'empty') }, platform: 'linux' })(context)
    expect(none.cipher).toBeNull()
    if (none.cipher === null) expect(none.why).toMatch(/secret-tool \(package libsecret-tools\) is not installed.*--secret-key FILE, or PATCHLANE_SECRET_KEY=FILE/)
    const noBus = cliCipherFactory({ env: { PATH: bin }, platform: 'linux' })(context)
    expect(noBus.cipher).toBeNull()
    if (noBus.cipher === null) expect(noBus.why).toMatch(/no Secret Service is reachable \(there is no D-Bus session/)
    expect(cliCipherFactory({ env: { PATH: bin, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nowhere' }, platform: 'linux' })(context).cipher?.protectedBy).toBe('keychain')
    expect(cliCipherFactory({ env: {}, platform: 'win32' })(context).cipher?.description).toMatch(/DPAPI/)
  })

  it('keeps a random key in the Secret Service (on stdin, never in argv) and seals with it', async () => {
    const cipher = keychainCipher(secretServiceKeyStore(path.join(bin, 'secret-tool')))
    const blob = await cipher.encrypt(SECRET, 'lab')
    const key = fs.readFileSync(store, 'utf8')
    expect(Buffer.from(key, 'base64')).toHaveLength(32)
    const argv = fs.readFileSync(log, 'utf8')
    expect(argv).not.toContain(key)
    expect(argv).toContain('store --label Patchlane credential key service Patchlane account credential-key')
    // Another process: reads the key back from the keyring.
    expect(await keychainCipher(secretServiceKeyStore(path.join(bin, 'secret-tool'))).decrypt(blob, 'lab')).toBe(SECRET)
    fs.rmSync(store)
    await expect(keychainCipher(secretServiceKeyStore(path.join(bin, 'secret-tool'))).decrypt(blob, 'lab')).rejects.toThrow(/saved with another key than the one in the Secret Service keyring/)
  })

  it('reports a keyring that does not answer', async () => {
    const broken = path.join(bin, 'broken-secret-tool')
    fs.writeFileSync(broken, '#!/bin/sh\necho "Cannot autolaunch D-Bus without X11 $DISPLAY" >&2\nexit 1\n', { mode: 0o755 })
    await expect(keychainCipher(secretServiceKeyStore(broken)).encrypt(SECRET, 'lab')).rejects.toThrow(/The Secret Service \(the desktop keyring\) did not answer secret-tool: Cannot autolaunch D-Bus/)
  })
})
