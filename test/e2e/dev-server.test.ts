import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import type { ViteDevServer } from 'vite'
import { chromiumAvailable, launchChromium } from './support/chromium'
import { REPO_ROOT } from './support/renderer-build'

// The vite dev server (what PATCHLANE_DEV_URL points Electron at) must run under index.html's
// own CSP, relaxed for React Refresh and HMR only by vite.config.ts.
describe.skipIf(!chromiumAvailable())('the renderer on the vite dev server', () => {
  let server: ViteDevServer
  let browser: Browser

  beforeAll(async () => {
    const { createServer } = await import('vite')
    server = await createServer({ configFile: path.join(REPO_ROOT, 'vite.config.ts'), logLevel: 'warn', server: { port: 0, hmr: true } })
    await server.listen()
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  it('renders the shell with no CSP violation (there is no bridge, so calls fail into message bars)', async () => {
    const url = server.resolvedUrls?.local[0]
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/)
    const page = await browser.newPage()
    const violations: string[] = []
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text())
    })
    // The first visit makes vite pre-bundle Fluent and its icons, which takes a while.
    await page.goto(`${url}#settings`, { waitUntil: 'commit' })
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor({ timeout: 110_000 })
    await page.getByText('Application details could not be read').waitFor()
    expect(violations).toEqual([])
    const meta = await page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content'))
    expect(meta).toContain("script-src 'self' 'unsafe-inline'")
    await page.close()
  }, 120_000)
})
