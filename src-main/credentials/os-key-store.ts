import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { CoreError } from '../errors'

/**
 * Where the OS keeps one small secret for Patchlane: the 32-byte key that seals the stored
 * credentials (macOS Keychain through `security`, the Linux Secret Service through `secret-tool`).
 * The key travels on the tool's stdin, never on its command line.
 */
export interface OsKeyStore {
  readonly description: string
  /** The key as base64, or null when none is stored yet. */
  read(): string | null
  write(base64Key: string): void
}

const SERVICE = 'Patchlane'
const ACCOUNT = 'credential-key'

/** macOS: a generic password in the login keychain, written through `security -i` (commands on stdin). */
export function macosKeychain(): OsKeyStore {
  return {
    description: 'the macOS Keychain',
    read() {
      const found = spawnSync('/usr/bin/security', ['find-generic-password', '-s', SERVICE, '-a', ACCOUNT, '-w'], { encoding: 'utf8' })
      // 44: errSecItemNotFound.
      if (found.status === 44) return null
      if (found.status !== 0) throw new CoreError('store-failed', `The macOS Keychain did not give Patchlane's credential key (security exit ${found.status}: ${found.stderr.trim()}). Unlock the login keychain, or use --secret-key FILE.`)
      return found.stdout.trim()
    },
    write(base64Key) {
      const added = spawnSync('/usr/bin/security', ['-i'], { input: `add-generic-password -U -s ${SERVICE} -a ${ACCOUNT} -w ${base64Key}\n`, encoding: 'utf8' })
      if (added.status !== 0) throw new CoreError('store-failed', `The macOS Keychain refused Patchlane's credential key (security exit ${added.status}). Unlock the login keychain, or use --secret-key FILE.`)
    },
  }
}

/** Linux: the Secret Service (GNOME Keyring, KWallet) through `secret-tool` from libsecret. */
export function secretServiceKeyStore(executable: string): OsKeyStore {
  const unreachable = (detail: string) =>
    new CoreError('store-failed', `The Secret Service (the desktop keyring) did not answer secret-tool: ${detail}. Unlock the keyring in a desktop session, or use --secret-key FILE (or PATCHLANE_SECRET_KEY).`)
  return {
    description: 'the Secret Service keyring (secret-tool)',
    read() {
      const found = spawnSync(executable, ['lookup', 'service', SERVICE, 'account', ACCOUNT], { encoding: 'utf8', timeout: 15_000 })
      if (found.error) throw unreachable(found.error.message)
      // lookup exits 1 with no output when nothing matches; anything on stderr means no keyring.
      if (found.status === 1 && found.stderr.trim() === '') return null
      if (found.status !== 0) throw unreachable(found.stderr.trim() || `exit ${found.status}`)
      return found.stdout.trim()
    },
    write(base64Key) {
      const stored = spawnSync(executable, ['store', '--label', 'Patchlane credential key', 'service', SERVICE, 'account', ACCOUNT], { input: base64Key, encoding: 'utf8', timeout: 60_000 })
      if (stored.error) throw unreachable(stored.error.message)
      if (stored.status !== 0) throw unreachable(stored.stderr.trim() || `exit ${stored.status}`)
    },
  }
}

/** The first `name` on PATH that is a file, or null. */
export function findOnPath(name: string, env: NodeJS.ProcessEnv): string | null {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue
    const candidate = path.join(dir, name)
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate
  }
  return null
}
