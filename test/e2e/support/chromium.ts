import fs from 'node:fs'
import { chromium, type Browser } from 'playwright-core'

/** Debian's Chromium; playwright-core drives it (never `npx playwright install` here). */
export const CHROMIUM_PATH = process.env.PATCHLANE_CHROMIUM ?? '/usr/bin/chromium'

/** Flags that work on our machines: headless, no sandbox as root, and no traffic off the box. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/**
 * Whether the browser tests can run. Under CI=true a missing Chromium is a failure, not a skip:
 * .ci/run must install it. Elsewhere the suite skips and says why.
 */
export function chromiumAvailable(): boolean {
  if (fs.existsSync(CHROMIUM_PATH)) return true
  const message = `Chromium not found at ${CHROMIUM_PATH} (apt-get install -y chromium, or set PATCHLANE_CHROMIUM)`
  if (process.env.CI === 'true') throw new Error(`CI=true: ${message}`)
  console.warn(`Skipping browser tests: ${message}`)
  return false
}

/** Starts Chromium with the flags above. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
}
