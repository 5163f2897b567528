import fs from 'node:fs'
import { dpapiCipher } from './dpapi-cipher'
import { keyFileCipher } from './key-file-cipher'
import { keychainCipher } from './keychain-cipher'
import { findOnPath, macosKeychain, secretServiceKeyStore } from './os-key-store'
import type { CipherFactory } from './secret-cipher'

const KEY_FILE_HINT = 'Name a key file for the secrets instead: --secret-key FILE, or PATCHLANE_SECRET_KEY=FILE (made with mode 0600 on first use).'

/**
 * The CLI's cipher: a key file when one is named (`--secret-key` wins over PATCHLANE_SECRET_KEY),
 * else the OS keychain — macOS Keychain, Windows DPAPI, or on Linux the Secret Service through
 * secret-tool when it is installed and a D-Bus session is there to reach it. Otherwise none, with
 * the reason and what to do, which the store says when a secret is needed.
 */
export function cliCipherFactory(options: { readonly secretKey?: string | undefined; readonly env?: NodeJS.ProcessEnv; readonly platform?: NodeJS.Platform } = {}): CipherFactory {
  const env = options.env ?? process.env
  const platform = options.platform ?? process.platform
  return (context) => {
    const keyFile = options.secretKey ?? (env.PATCHLANE_SECRET_KEY?.trim() || undefined)
    if (keyFile) return { cipher: keyFileCipher(keyFile, platform) }
    if (platform === 'win32') return { cipher: dpapiCipher(context.runner) }
    if (platform === 'darwin') {
      return fs.existsSync('/usr/bin/security') ? { cipher: keychainCipher(macosKeychain()) } : { cipher: null, why: `The macOS Keychain tool /usr/bin/security is missing. ${KEY_FILE_HINT}` }
    }
    const secretTool = findOnPath('secret-tool', env)
    if (!secretTool) return { cipher: null, why: `No OS keychain is available here: secret-tool (package libsecret-tools) is not installed, so the Secret Service cannot be used. ${KEY_FILE_HINT}` }
    if (!env.DBUS_SESSION_BUS_ADDRESS) {
      return { cipher: null, why: `No OS keychain is available here: no Secret Service is reachable (there is no D-Bus session, as over SSH, in cron or in a service). ${KEY_FILE_HINT}` }
    }
    return { cipher: keychainCipher(secretServiceKeyStore(secretTool)) }
  }
}
