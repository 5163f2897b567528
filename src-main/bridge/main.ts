import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { resolveDataDir } from '../data-dir'
import { dataDirKeyFileSecrets } from '../credentials/data-dir-key-file'
import { createServices } from '../services'
import { APP_VERSION } from '../version'
import { createBridge } from './create-bridge'

/**
 * `npm run serve`: the console in a browser. Opens the services on the usual data folder
 * (`PATCHLANE_HOME` wins), serves the built renderer on 127.0.0.1 and prints the address to open.
 *
 * `PATCHLANE_BRIDGE_PORT` fixes the port (default: a free one); `PATCHLANE_BRIDGE_TOKEN` fixes the
 * token (default: a new random one per start).
 */
async function main(): Promise<void> {
  const here = path.dirname(fileURLToPath(import.meta.url))
  const staticDir = path.resolve(process.env.PATCHLANE_RENDERER_DIR ?? path.join(here, '..', '..', 'out', 'renderer'))
  const port = parsePort(process.env.PATCHLANE_BRIDGE_PORT)
  if (!fs.existsSync(path.join(staticDir, 'index.html'))) {
    throw new Error(`No built renderer in ${staticDir}: run \`npm run build:renderer\` (npm run serve does it for you).`)
  }
  // No Electron safeStorage here: stored passwords are sealed with a key file in the data folder
  // (credentials/data-dir-key-file.ts), which protects them only as well as that folder is protected.
  const services = createServices({ dataDir: resolveDataDir(), appVersion: APP_VERSION, secrets: dataDirKeyFileSecrets() })
  const bridge = await createBridge({
    services,
    staticDir,
    port,
    ...(process.env.PATCHLANE_BRIDGE_TOKEN ? { token: process.env.PATCHLANE_BRIDGE_TOKEN } : {}),
  })
  console.log(`Patchlane ${APP_VERSION} — data folder ${services.dataDir}`)
  console.log(`Open ${bridge.url}`)

  const stop = async (): Promise<void> => {
    await bridge.close()
    await services.close()
    process.exit(0)
  }
  process.once('SIGINT', () => void stop())
  process.once('SIGTERM', () => void stop())
}

function parsePort(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return 0
  const port = Number(value)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PATCHLANE_BRIDGE_PORT must be a port number (0-65535), not "${value}".`)
  }
  return port
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
