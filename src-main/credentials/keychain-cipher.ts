import { randomBytes } from 'node:crypto'
import { seal, sealingKey, unseal, type SealingKey } from './aes-gcm-sealing'
import type { OsKeyStore } from './os-key-store'
import type { SecretCipher } from './secret-cipher'

/**
 * The OS-keychain cipher of the CLI on macOS and Linux: AES-256-GCM under a random key the
 * keychain keeps (made on the first save). The database holds only ciphertext; the key never
 * touches the disk outside the keychain.
 */
export function keychainCipher(store: OsKeyStore): SecretCipher {
  let cached: SealingKey | null = null
  const load = (create: boolean): SealingKey | null => {
    if (cached) return cached
    const text = store.read()
    if (text) {
      cached = sealingKey(Buffer.from(text, 'base64'), `The key in ${store.description}`)
      return cached
    }
    if (!create) return null
    const key = randomBytes(32)
    store.write(key.toString('base64'))
    cached = sealingKey(key, `The key in ${store.description}`)
    return cached
  }
  return {
    protectedBy: 'keychain',
    description: store.description,
    async encrypt(plaintext, context) {
      return seal(load(true) as SealingKey, plaintext, context)
    },
    async decrypt(blob, context) {
      const key = load(false)
      // No key at all: the same message as another key, since that is what it means.
      return unseal(key ?? sealingKey(randomBytes(32), store.description), blob, context, `credential "${context}"`, `the one in ${store.description}`)
    },
  }
}
