import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { CoreError } from '../errors'
import { seal, sealingKey, unseal, type SealingKey } from './aes-gcm-sealing'
import type { SecretCipher } from './secret-cipher'

/**
 * The key-file cipher: AES-256-GCM with a random 32-byte key kept (base64, one line) in a file
 * the admin names (`--secret-key FILE`, PATCHLANE_SECRET_KEY). The file is made on first save,
 * mode 0600, and refused when others can read it. Whoever holds the file and the database can
 * read the passwords: keep the file apart from backups of the database.
 */
export function keyFileCipher(file: string, platform: NodeJS.Platform = process.platform): SecretCipher {
  const keyPath = path.resolve(file)
  const name = `the key file ${keyPath}`
  let cached: SealingKey | null = null

  const load = (create: boolean): SealingKey => {
    if (cached) return cached
    if (!fs.existsSync(keyPath)) {
      if (!create) throw new CoreError('not-found', `${name} does not exist, so no stored password can be read. Point --secret-key (or PATCHLANE_SECRET_KEY) at the key file the credentials were saved with.`)
      cached = createKeyFile(keyPath)
      return cached
    }
    cached = readKeyFile(keyPath, platform)
    return cached
  }

  return {
    protectedBy: 'key-file',
    description: name,
    async encrypt(plaintext, context) {
      return seal(load(true), plaintext, context)
    },
    async decrypt(blob, context) {
      return unseal(load(false), blob, context, `credential "${context}"`, name)
    },
  }
}

function createKeyFile(keyPath: string): SealingKey {
  const dir = path.dirname(keyPath)
  if (!fs.existsSync(dir)) throw new CoreError('not-found', `Cannot create the key file ${keyPath}: the folder ${dir} does not exist.`)
  const key = randomBytes(32)
  try {
    // 'wx': never overwrite a key another process just made; 0o600 from the first byte.
    fs.writeFileSync(keyPath, `${key.toString('base64')}\n`, { flag: 'wx', mode: 0o600 })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readKeyFile(keyPath, process.platform)
    throw new CoreError('store-failed', `Cannot create the key file ${keyPath}: ${(error as Error).message}`, { cause: error })
  }
  return sealingKey(key, `The key file ${keyPath}`)
}

function readKeyFile(keyPath: string, platform: NodeJS.Platform): SealingKey {
  const stat = fs.statSync(keyPath)
  if (!stat.isFile()) throw new CoreError('invalid-input', `The key file ${keyPath} is not a file.`)
  // POSIX modes mean nothing on Windows (ACLs decide there).
  if (platform !== 'win32' && (stat.mode & 0o077) !== 0) {
    throw new CoreError(
      'invalid-input',
      `The key file ${keyPath} can be read by other users (mode ${(stat.mode & 0o777).toString(8).padStart(4, '0')}); Patchlane will not use it. Run "chmod 600 ${keyPath}".`,
    )
  }
  const text = fs.readFileSync(keyPath, 'utf8').trim()
  const key = /^[A-Za-z0-9+/]{43}=$/.test(text) ? Buffer.from(text, 'base64') : Buffer.alloc(0)
  return sealingKey(key, `The key file ${keyPath}`)
}
