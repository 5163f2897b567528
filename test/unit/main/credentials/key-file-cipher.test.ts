import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { keyFileCipher } from '../../../../src-main/credentials/key-file-cipher'
import { makeTempDir } from '../../../helpers/temp-dir'

const SECRET = 'Corr3ct-horse battery staple ✓'

describe('key-file cipher (AES-256-GCM, key in a file the admin names)', () => {
  const temps: Array<() => void> = []
  const temp = () => {
    const made = makeTempDir('patchlane-keyfile-')
    temps.push(made.cleanup)
    return made.dir
  }
  afterEach(() => temps.splice(0).forEach((cleanup) => cleanup()))

  it('round-trips a secret, makes the key file 0600 on first use, and never stores the plaintext', async () => {
    const file = path.join(temp(), 'secret.key')
    const cipher = keyFileCipher(file)
    expect(cipher.protectedBy).toBe('key-file')
    const blob = await cipher.encrypt(SECRET, 'lab')
    expect(fs.statSync(file).mode & 0o777).toBe(0o600)
    expect(fs.readFileSync(file, 'utf8').trim()).toMatch(/^[A-Za-z0-9+/]{43}=$/)
    expect(blob.includes(Buffer.from(SECRET, 'utf8'))).toBe(false)
    expect(blob.includes(Buffer.from('battery', 'utf8'))).toBe(false)
    // A fresh cipher on the same file (another process) opens it; each seal uses a new IV.
    expect(await keyFileCipher(file).decrypt(blob, 'lab')).toBe(SECRET)
    expect((await cipher.encrypt(SECRET, 'lab')).equals(blob)).toBe(false)
  })

  it('says clearly when the key is another one, and never shows the secret', async () => {
    const dir = temp()
    const blob = await keyFileCipher(path.join(dir, 'a.key')).encrypt(SECRET, 'lab')
    const other = keyFileCipher(path.join(dir, 'b.key'))
    await other.encrypt('x', 'warm-up') // makes b.key
    const error = await other.decrypt(blob, 'lab').catch((e: Error) => e)
    expect(error).toBeInstanceOf(Error)
    expect((error as Error).message).toMatch(/credential "lab" was saved with another key than the key file .*b\.key/)
    expect((error as Error).message).not.toContain(SECRET)
  })

  it('refuses a tampered blob, a blob moved to another credential, and a truncated one, each with its own message', async () => {
    const file = path.join(temp(), 'k.key')
    const cipher = keyFileCipher(file)
    const blob = await cipher.encrypt(SECRET, 'lab')
    const flipped = Buffer.from(blob)
    flipped[flipped.length - 1] = (flipped[flipped.length - 1] ?? 0) ^ 0x01
    await expect(cipher.decrypt(flipped, 'lab')).rejects.toThrow(/credential "lab" failed its integrity check: it was altered or damaged/)
    await expect(cipher.decrypt(blob, 'other')).rejects.toThrow(/credential "other" failed its integrity check/)
    await expect(cipher.decrypt(blob.subarray(0, 20), 'lab')).rejects.toThrow(/credential "lab" is damaged \(not a Patchlane secret blob\)/)
    const badVersion = Buffer.from(blob)
    badVersion[0] = 9
    await expect(cipher.decrypt(badVersion, 'lab')).rejects.toThrow(/is damaged/)
  })

  it('refuses a key file others can read, one that is not a key, and a missing one on read', async () => {
    const dir = temp()
    const loose = path.join(dir, 'loose.key')
    const blob = await keyFileCipher(loose).encrypt(SECRET, 'lab')
    fs.chmodSync(loose, 0o644)
    await expect(keyFileCipher(loose).decrypt(blob, 'lab')).rejects.toThrow(`The key file ${loose} can be read by other users (mode 0644); Patchlane will not use it. Run "chmod 600 ${loose}".`)
    const junk = path.join(dir, 'junk.key')
    fs.writeFileSync(junk, 'not a key\n', { mode: 0o600 })
    await expect(keyFileCipher(junk).encrypt(SECRET, 'lab')).rejects.toThrow(/does not hold a 32-byte key/)
    await expect(keyFileCipher(path.join(dir, 'missing.key')).decrypt(blob, 'lab')).rejects.toThrow(/missing\.key does not exist, so no stored password can be read/)
    await expect(keyFileCipher(path.join(dir, 'no', 'such', 'dir.key')).encrypt(SECRET, 'lab')).rejects.toThrow(/the folder .*such does not exist/)
  })

  it('ignores POSIX modes on Windows, where ACLs protect the file', async () => {
    const file = path.join(temp(), 'win.key')
    const blob = await keyFileCipher(file).encrypt(SECRET, 'lab')
    fs.chmodSync(file, 0o644)
    expect(await keyFileCipher(file, 'win32').decrypt(blob, 'lab')).toBe(SECRET)
  })
})
