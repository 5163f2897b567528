import { createBridge, type Bridge } from '../../../src-main/bridge/create-bridge'
import { dataDirKeyFileSecrets } from '../../../src-main/credentials/data-dir-key-file'
import type { ScanDefaults } from '../../../src-main/scan/console-scans'
import { createServices, type Services } from '../../../src-main/services'
import { APP_VERSION } from '../../../src-main/version'
import { makeTempDir } from '../../helpers/temp-dir'
import { ensureRendererBuilt } from './renderer-build'

/** A running bridge over real services on a fresh data folder. */
export interface BridgeFixture {
  readonly bridge: Bridge
  readonly services: Services
  readonly dataDir: string
  stop(): Promise<void>
}

/**
 * Starts the real bridge in this process: real SQLite in a temp data folder (as PATCHLANE_HOME
 * would give), the real PowerShell found on this machine, the built renderer. Loopback only.
 */
export async function startBridge(
  options: { readonly maxBodyBytes?: number; readonly env?: Readonly<Record<string, string>>; readonly scanDefaults?: ScanDefaults } = {},
): Promise<BridgeFixture> {
  const staticDir = await ensureRendererBuilt()
  const temp = makeTempDir('patchlane-e2e-')
  const services = createServices({
    dataDir: temp.dir,
    appVersion: APP_VERSION,
    env: { ...process.env, PATCHLANE_HOME: temp.dir, ...options.env },
    ...(options.scanDefaults ? { scanDefaults: options.scanDefaults } : {}),
    // As `npm run serve` does: no safeStorage outside Electron, so a key file in the data folder.
    secrets: dataDirKeyFileSecrets(),
  })
  const bridge = await createBridge({ services, staticDir, ...(options.maxBodyBytes ? { maxBodyBytes: options.maxBodyBytes } : {}) })
  return {
    bridge,
    services,
    dataDir: temp.dir,
    async stop() {
      await bridge.close()
      await services.close()
      temp.cleanup()
    },
  }
}
