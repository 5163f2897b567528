import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { safeStorageSecrets, type SafeStorageLike } from '../../../../src-main/app/safe-storage-cipher'
import { dpapiCipher } from '../../../../src-main/credentials/dpapi-cipher'
import { createPowerShellRunner, type PowerShellRunner } from '../../../../src-main/powershell/runner'
import { testPowerShell } from '../../../helpers/pwsh'

const SECRET = 'S4fe-storage secret'
const context = { dataDir: '/nowhere', runner: () => null }

/**
 * Electron's safeStorage only exists inside Electron; this stand-in encrypts for real (AES-CTR
 * with a per-instance key), so the adapter's name binding and refusals are what is tested.
 */
function storage(options: { available?: boolean; backend?: string } = {}): SafeStorageLike {
  const key = randomBytes(32)
  return {
    isEncryptionAvailable: () => options.available ?? true,
    getSelectedStorageBackend: () => options.backend ?? 'gnome_libsecret',
    encryptString(text) {
      const iv = randomBytes(16)
      const cipher = createCipheriv('aes-256-ctr', key, iv)
      return Buffer.concat([iv, cipher.update(text, 'utf8'), cipher.final()])
    },
    decryptString(blob) {
      if (blob.length < 16) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.')
      const decipher = createDecipheriv('aes-256-ctr', key, blob.subarray(0, 16))
      return Buffer.concat([decipher.update(blob.subarray(16)), decipher.final()]).toString('utf8')
    },
  }
}

describe('the app cipher (Electron safeStorage adapter)', () => {
  it('round-trips, binds the credential name, and refuses a blob it cannot open', async () => {
    const choice = safeStorageSecrets(storage(), 'win32')(context)
    if (!choice.cipher) throw new Error('expected a cipher')
    expect(choice.cipher.protectedBy).toBe('safe-storage')
    const blob = await choice.cipher.encrypt(SECRET, 'lab')
    expect(await choice.cipher.decrypt(blob, 'lab')).toBe(SECRET)
    await expect(choice.cipher.decrypt(blob, 'other')).rejects.toThrow('The stored password of credential "other" belongs to another credential (the blob was altered).')
    const error = await choice.cipher.decrypt(Buffer.from([1, 2]), 'lab').catch((e: Error) => e)
    expect((error as Error).message).toMatch(/credential "lab" cannot be decrypted: it was saved by another user or computer, or altered/)
  })

  it('refuses when safeStorage cannot encrypt, or only obfuscates (Linux basic_text)', () => {
    const off = safeStorageSecrets(storage({ available: false }), 'win32')(context)
    expect(off.cipher === null && off.why).toMatch(/Electron safeStorage is unavailable/)
    const basic = safeStorageSecrets(storage({ backend: 'basic_text' }), 'linux')(context)
    expect(basic.cipher === null && basic.why).toMatch(/only be obfuscated, not encrypted/)
    expect(safeStorageSecrets(storage({ backend: 'basic_text' }), 'darwin')(context).cipher).not.toBeNull()
  })
})

const pwsh = testPowerShell()

describe.skipIf(!pwsh)('the DPAPI cipher script (real PowerShell)', () => {
  let runner: PowerShellRunner | null = null
  afterAll(async () => runner?.dispose())

  it('off Windows says DPAPI is Windows-only, and no message carries the secret', async () => {
    runner = createPowerShellRunner({ executable: pwsh ?? '', scriptsDir: path.join(import.meta.dirname, '..', '..', '..', '..', 'src-main', 'powershell', 'scripts'), poolSize: 1 })
    const cipher = dpapiCipher(() => runner)
    if (process.platform === 'win32') {
      expect(await cipher.decrypt(await cipher.encrypt(SECRET, 'lab'), 'lab')).toBe(SECRET)
      await expect(cipher.decrypt(await cipher.encrypt(SECRET, 'lab'), 'other')).rejects.toThrow(/DPAPI could not decrypt/)
      return
    }
    const error = await cipher.encrypt(SECRET, 'lab').catch((e: Error) => e)
    expect((error as Error).message).toBe('Encrypting the secret of credential "lab" with DPAPI failed: DPAPI exists only on Windows.')
    await expect(dpapiCipher(() => null).encrypt(SECRET, 'lab')).rejects.toThrow(/none was found\. Install PowerShell 7, or use --secret-key FILE/)
  })
})
