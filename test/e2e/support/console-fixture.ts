import fs from 'node:fs'
import { createBridge, type Bridge } from '../../../src-main/bridge/create-bridge'
import type { ScanDefaults } from '../../../src-main/scan/console-scans'
import { createServices, type Services } from '../../../src-main/services'
import { APP_VERSION } from '../../../src-main/version'
import { testPowerShell } from '../../helpers/pwsh'
import { sharedDataPath } from '../../helpers/shared-data'
import { makeTempDir } from '../../helpers/temp-dir'
import { ensureRendererBuilt } from './renderer-build'

/** A bridge over real services whose scans use settings the console does not expose (the lab's). */
export interface ConsoleFixture {
  readonly bridge: Bridge
  readonly services: Services
  readonly dataDir: string
  stop(): Promise<void>
}

/** The real catalog months the console e2e imports: November 2024 and June 2026, plus the KEV feed. */
export const E2E_CATALOG = [
  sharedDataPath('msrc-cvrf-all', '2024-Nov.xml.zst'),
  sharedDataPath('msrc-cvrf-all', '2026-Jun.xml.zst'),
  sharedDataPath('cisa-kev', 'known_exploited_vulnerabilities_2025.08.25.json'),
]

/**
 * Starts the bridge like `startBridge`, but with `scanDefaults` (host-key policy, probe settings)
 * and, when asked, the real catalog months imported through the product's own importer.
 */
export async function startConsole(options: { readonly scanDefaults?: ScanDefaults; readonly catalog?: readonly string[] } = {}): Promise<ConsoleFixture> {
  const staticDir = await ensureRendererBuilt()
  const temp = makeTempDir('patchlane-console-')
  const pwsh = testPowerShell()
  const env = { ...process.env, PATCHLANE_HOME: temp.dir, ...(pwsh ? { PATCHLANE_PWSH: pwsh } : {}) }
  const services = createServices({ dataDir: temp.dir, appVersion: APP_VERSION, env, ...(options.scanDefaults ? { scanDefaults: options.scanDefaults } : {}) })
  if (options.catalog) {
    for (const file of options.catalog) if (!fs.existsSync(file)) throw new Error(`Missing shared data file ${file}`)
    const summary = await services.catalog.import(options.catalog)
    if (summary.failed > 0) throw new Error(`Catalog import failed: ${JSON.stringify(summary.files)}`)
  }
  const bridge = await createBridge({ services, staticDir })
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
