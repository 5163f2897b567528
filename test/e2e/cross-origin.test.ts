import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { startBridge, type BridgeFixture } from './support/bridge-fixture'
import { chromiumAvailable, launchChromium } from './support/chromium'

// A hostile page on another loopback port. 127.0.0.1:<other port> is the *same site* as the
// bridge (SameSite ignores ports), so the browser does send the token cookie with its requests:
// only the Origin check stands between that page and the console. Prove it in a real Chromium.
describe.skipIf(!chromiumAvailable())('a page of another origin cannot drive the bridge', () => {
  let fixture: BridgeFixture
  let browser: Browser
  let context: BrowserContext
  let evil: http.Server
  let evilOrigin: string
  let page: Page

  beforeAll(async () => {
    fixture = await startBridge()
    evil = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>elsewhere</title>'))
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve))
    evilOrigin = `http://127.0.0.1:${(evil.address() as AddressInfo).port}`
    browser = await launchChromium()
    context = await browser.newContext()
    page = await context.newPage()
    // The administrator has the console open: the browser holds the token cookie.
    await page.goto(fixture.bridge.url)
    expect((await context.cookies(fixture.bridge.origin)).length).toBe(1)
    await page.goto(`${evilOrigin}/`)
  })
  afterAll(async () => {
    await context?.close()
    await browser?.close()
    await new Promise<void>((resolve) => (evil ? evil.close(() => resolve()) : resolve()))
    await fixture?.stop()
  })

  const checks = () => fixture.services.powershell.status().lastCheck?.id ?? 0

  it('refuses a no-cors POST that would run a method', async () => {
    const before = checks()
    const outcome = await page.evaluate(async (target) => {
      try {
        const response = await fetch(`${target}/rpc/checkPowerShell`, { method: 'POST', mode: 'no-cors', credentials: 'include', body: '{}' })
        return response.type
      } catch {
        // The refusal carries Cross-Origin-Resource-Policy: same-origin, so Chromium even hides
        // the opaque response from the other page.
        return 'blocked'
      }
    }, fixture.bridge.origin)
    expect(['opaque', 'blocked']).toContain(outcome)
    expect(checks()).toBe(before)
  })

  it('refuses a CORS read of a method result', async () => {
    const outcome = await page.evaluate(async (target) => {
      try {
        const response = await fetch(`${target}/rpc/getAppInfo`, {
          method: 'POST',
          credentials: 'include',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        })
        return `read ${await response.text()}`
      } catch (error) {
        return `refused: ${(error as Error).message}`
      }
    }, fixture.bridge.origin)
    expect(outcome).toMatch(/^refused/)
  })

  it('refuses a form post, which carries the cookie on a same-site navigation', async () => {
    const before = checks()
    await page.evaluate((target) => {
      const form = document.createElement('form')
      form.method = 'POST'
      form.action = `${target}/rpc/checkPowerShell`
      form.enctype = 'text/plain'
      document.body.append(form)
      form.submit()
    }, fixture.bridge.origin)
    await page.waitForURL(`${fixture.bridge.origin}/rpc/checkPowerShell`)
    expect(await page.locator('body').innerText()).toMatch(/cross-origin request/)
    expect(checks()).toBe(before)
    await page.goto(`${evilOrigin}/`)
  })

  it('refuses its EventSource on /events', async () => {
    const state = await page.evaluate(
      (target) =>
        new Promise<number>((resolve) => {
          const source = new EventSource(`${target}/events`, { withCredentials: true })
          source.onerror = () => {
            resolve(source.readyState)
            source.close()
          }
          source.onopen = () => resolve(-1)
        }),
      fixture.bridge.origin,
    )
    expect(state).not.toBe(-1)
  })
})
