import type { CipherFactory } from '../credentials/secret-cipher'
import { resolveDataDir } from '../data-dir'
import { createServices, type Services } from '../services'
import { APP_VERSION } from '../version'

/** Opens the store and services for one CLI command, and closes them whatever happens. */
export async function withServices<T>(work: (services: Services) => Promise<T>, options: { integrity?: 'full' | 'auto'; secrets?: CipherFactory } = {}): Promise<T> {
  const services = createServices({ dataDir: resolveDataDir(), appVersion: APP_VERSION, integrity: options.integrity ?? 'auto', ...(options.secrets ? { secrets: options.secrets } : {}) })
  try {
    return await work(services)
  } finally {
    await services.close()
  }
}
