import type { PowerShellRunner } from '../powershell/runner'

/** What encrypts a stored secret at rest; kept with each credential so it is opened the same way. */
export type SecretProtection = 'safe-storage' | 'keychain' | 'key-file'

/**
 * Encrypts and decrypts credential secrets. `context` (the credential's name) is bound into the
 * ciphertext where the backend allows, so one credential's blob cannot be pasted onto another.
 *
 * Implementations never put the plaintext in an error message, a log line or a command line.
 */
export interface SecretCipher {
  readonly protectedBy: SecretProtection
  /** For messages: "Electron safeStorage", "the key file /home/ann/patchlane.key", … */
  readonly description: string
  encrypt(plaintext: string, context: string): Promise<Buffer>
  decrypt(blob: Buffer, context: string): Promise<string>
}

/** The cipher a process has, or why it has none (said to the admin when a secret is needed). */
export type CipherChoice = { readonly cipher: SecretCipher } | { readonly cipher: null; readonly why: string }

/** What a cipher may need from the services it is built with (DPAPI runs in PowerShell). */
export interface CipherContext {
  readonly dataDir: string
  readonly runner: () => PowerShellRunner | null
}

/** Builds the process's cipher once the services exist (createServices option `secrets`). */
export type CipherFactory = (context: CipherContext) => CipherChoice
