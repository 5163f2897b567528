import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { PRODUCTION_CSP } from '../../src-main/bridge/csp'
import { startBridge, type BridgeFixture } from './support/bridge-fixture'
import { chromiumAvailable, launchChromium } from './support/chromium'

// Why the production CSP carries style-src 'unsafe-inline': Fluent's Griffel runtime writes
// its rules into <style> elements it creates. This proves it both ways in a real Chromium.
describe.skipIf(!chromiumAvailable())('the renderer under its Content-Security-Policy', () => {
  let fixture: BridgeFixture
  let browser: Browser

  beforeAll(async () => {
    fixture = await startBridge()
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await fixture?.stop()
  })

  /** Opens Settings; with `strictStyles` both the header and the <meta> lose 'unsafe-inline'. */
  async function open(strictStyles: boolean): Promise<{ page: Page; violations: string[]; close: () => Promise<void> }> {
    const context = await browser.newContext()
    const page = await context.newPage()
    const violations: string[] = []
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text())
    })
    if (strictStyles) {
      await page.route((url) => url.pathname === '/', async (route) => {
        const response = await route.fetch()
        const strict = (text: string) => text.replaceAll(" 'unsafe-inline'", '')
        await route.fulfill({
          response,
          headers: { ...response.headers(), 'content-security-policy': strict(response.headers()['content-security-policy'] ?? '') },
          body: strict(await response.text()),
        })
      })
    }
    // The first load sets the token cookie; the second is a fresh document load of the page.
    await page.goto(fixture.bridge.url)
    await page.goto(`${fixture.bridge.origin}/?reload#settings`)
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor()
    return { page, violations, close: () => context.close() }
  }

  const mainBackground = (page: Page) => page.evaluate(() => getComputedStyle(document.querySelector('main') as HTMLElement).backgroundColor)

  it('renders Fluent styles with the production policy, without a single violation', async () => {
    const { page, violations, close } = await open(false)
    try {
      expect(await page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content'))).toBe(
        PRODUCTION_CSP.split('; ').filter((d) => d !== "frame-ancestors 'none'").join('; '),
      )
      expect(await mainBackground(page)).not.toBe('rgba(0, 0, 0, 0)')
      expect(violations).toEqual([])
      // Scripts stay strict: an injected inline script does not run.
      const ran = await page.evaluate(() => {
        const script = document.createElement('script')
        script.textContent = 'window.__inline = true'
        document.body.append(script)
        return (window as unknown as { __inline?: boolean }).__inline === true
      })
      expect(ran).toBe(false)
    } finally {
      await close()
    }
  })

  it("leaves Fluent unstyled when style-src lacks 'unsafe-inline' (why the policy allows it)", async () => {
    const { page, violations, close } = await open(true)
    try {
      expect(await mainBackground(page)).toBe('rgba(0, 0, 0, 0)')
      expect(violations.some((v) => /style-src/.test(v))).toBe(true)
    } finally {
      await close()
    }
  })
})
