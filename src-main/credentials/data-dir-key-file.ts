import path from 'node:path'
import { keyFileCipher } from './key-file-cipher'
import type { CipherFactory } from './secret-cipher'

/** The key file the bridge uses, in the data folder. */
export const DATA_DIR_KEY_FILE = 'credential-secret.key'

/**
 * Secrets sealed with a key file in the data folder (made 0600 on first save). For the loopback
 * bridge (`npm run serve`, the browser tests), which has no Electron safeStorage: anyone who can
 * read the data folder can read these passwords, so it suits a test machine or a lab, not a
 * production console.
 */
export function dataDirKeyFileSecrets(): CipherFactory {
  return ({ dataDir }) => ({ cipher: keyFileCipher(path.join(dataDir, DATA_DIR_KEY_FILE)) })
}
