import fs from 'node:fs'
import type { ScanDefaults } from '../../../src-main/scan/console-scans'
import { testPowerShell } from '../../helpers/pwsh'
import { sharedDataPath } from '../../helpers/shared-data'
import { startBridge, type BridgeFixture } from './bridge-fixture'

/** A bridge over real services whose scans use settings the console does not expose (the lab's). */
export type ConsoleFixture = BridgeFixture

/** The real catalog months the console e2e imports: November 2024 and June 2026, plus the KEV feed. */
export const E2E_CATALOG = [
  sharedDataPath('msrc-cvrf-all', '2024-Nov.xml.zst'),
  sharedDataPath('msrc-cvrf-all', '2026-Jun.xml.zst'),
  sharedDataPath('cisa-kev', 'known_exploited_vulnerabilities_2025.08.25.json'),
]

/**
 * Starts the bridge (`startBridge`) with `scanDefaults` (host-key policy, probe settings), the
 * PowerShell the tests use, and, when asked, the real catalog months imported through the
 * product's own importer. A failed import stops the bridge before it throws.
 */
export async function startConsole(options: { readonly scanDefaults?: ScanDefaults; readonly catalog?: readonly string[] } = {}): Promise<ConsoleFixture> {
  for (const file of options.catalog ?? []) if (!fs.existsSync(file)) throw new Error(`Missing shared data file ${file}`)
  const pwsh = testPowerShell()
  const fixture = await startBridge({ ...(pwsh ? { env: { PATCHLANE_PWSH: pwsh } } : {}), ...(options.scanDefaults ? { scanDefaults: options.scanDefaults } : {}) })
  if (options.catalog) {
    try {
      const summary = await fixture.services.catalog.import(options.catalog)
      if (summary.failed > 0) throw new Error(`Catalog import failed: ${JSON.stringify(summary.files)}`)
    } catch (error) {
      await fixture.stop()
      throw error
    }
  }
  return fixture
}
