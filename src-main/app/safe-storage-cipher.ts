import { CoreError } from '../errors'
import type { CipherFactory } from '../credentials/secret-cipher'

/** The part of Electron's `safeStorage` Patchlane uses (structural, so this file stays testable). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean
  encryptString(plainText: string): Buffer
  decryptString(encrypted: Buffer): string
  /** Linux only: which keyring Chromium chose; `basic_text` means a fixed, public key. */
  getSelectedStorageBackend?: () => string
}

/**
 * The app's cipher: Electron safeStorage (DPAPI on Windows, the Keychain on macOS, the desktop
 * keyring on Linux). safeStorage binds nothing to the ciphertext, so the credential's name is
 * sealed in front of the secret and checked on the way out: a blob copied onto another
 * credential is refused. Linux's `basic_text` fallback is refused too: it only obfuscates.
 * Call after `app.whenReady()` (safeStorage is not usable before on Linux).
 */
export function safeStorageSecrets(storage: SafeStorageLike, platform: NodeJS.Platform = process.platform): CipherFactory {
  return () => {
    if (!storage.isEncryptionAvailable()) {
      return { cipher: null, why: 'The operating system offers Patchlane no encryption for stored passwords (Electron safeStorage is unavailable). Use SSH key files, or the CLI with --secret-key FILE.' }
    }
    if (platform === 'linux' && storage.getSelectedStorageBackend?.() === 'basic_text') {
      return { cipher: null, why: 'No desktop keyring (GNOME Keyring or KWallet) is running, so passwords could only be obfuscated, not encrypted. Start a keyring, use SSH key files, or use the CLI with --secret-key FILE.' }
    }
    return {
      cipher: {
        protectedBy: 'safe-storage',
        description: 'Electron safeStorage',
        async encrypt(plaintext, context) {
          return storage.encryptString(`${context}\n${plaintext}`)
        },
        async decrypt(blob, context) {
          let text: string
          try {
            text = storage.decryptString(blob)
          } catch {
            throw new CoreError('invalid-input', `The stored password of credential "${context}" cannot be decrypted: it was saved by another user or computer, or altered. Remove the credential and add it again.`)
          }
          const prefix = `${context}\n`
          if (!text.startsWith(prefix)) throw new CoreError('invalid-input', `The stored password of credential "${context}" belongs to another credential (the blob was altered). Remove the credential and add it again.`)
          return text.slice(prefix.length)
        },
      },
    }
  }
}
