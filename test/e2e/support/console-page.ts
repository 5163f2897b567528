import fs from 'node:fs'
import path from 'node:path'
import { AxeBuilder } from '@axe-core/playwright'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import type { Bridge } from '../../../src-main/bridge/create-bridge'
import { REPO_ROOT } from './renderer-build'

/** Where every screen's screenshot goes (kept by CI as an artifact). */
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-results', 'screenshots')

/** The console open in a fresh browser context, with intent-named steps for the tests. */
export interface ConsolePage {
  readonly page: Page
  readonly context: BrowserContext
  /** Console errors and CSP violations seen so far. */
  readonly problems: string[]
  /** Click a navigation item and wait for its screen's heading. */
  goTo(title: string): Promise<void>
  /** Full-window screenshot as test-results/screenshots/<name>.png. */
  screenshot(name: string): Promise<string>
  /** Axe violations rated serious or critical, as "rule: target" lines. */
  seriousA11yViolations(): Promise<string[]>
  close(): Promise<void>
}

/** Opens the bridge's tokened address once (the bridge keeps the token in a cookie), 1280×800. */
export async function openConsole(browser: Browser, bridge: Bridge, options: { readonly colorScheme?: 'light' | 'dark' } = {}): Promise<ConsolePage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: options.colorScheme ?? 'light' })
  const page = await context.newPage()
  const problems: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text())
  })
  page.on('pageerror', (error) => problems.push(error.message))
  await page.goto(bridge.url)
  await page.getByRole('navigation').waitFor()

  return {
    page,
    context,
    problems,
    async goTo(title) {
      await page.getByRole('navigation').getByText(title, { exact: true }).click()
      await page.getByRole('heading', { level: 1, name: title }).waitFor()
    },
    async screenshot(name) {
      fs.mkdirSync(SCREENSHOT_DIR, { recursive: true })
      const file = path.join(SCREENSHOT_DIR, `${name}.png`)
      // The screen scrolls inside <main>: grow the window to its content so the shot shows it all.
      const viewport = page.viewportSize() ?? { width: 1280, height: 800 }
      const needed = await page.evaluate(() => {
        const main = document.querySelector('main')
        return main ? main.getBoundingClientRect().top + main.scrollHeight : 0
      })
      if (needed > viewport.height) await page.setViewportSize({ width: viewport.width, height: Math.ceil(needed) })
      // No hover highlight or half-finished selection animation in the picture.
      await page.mouse.move(viewport.width - 1, viewport.height - 1)
      await page.screenshot({ path: file, animations: 'disabled' })
      if (needed > viewport.height) await page.setViewportSize(viewport)
      return file
    },
    async seriousA11yViolations() {
      const results = await new AxeBuilder({ page }).analyze()
      return results.violations
        .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
        .flatMap((violation) =>
          violation.nodes
            .filter((node) => !isTabsterDummy(violation.id, node.html))
            .map((node) => `${violation.id}: ${node.target.join(' ')} — ${node.failureSummary ?? ''}`),
        )
    },
    close: () => context.close(),
  }
}

/**
 * Fluent's focus manager (Tabster) puts zero-size `<i data-tabster-dummy aria-hidden tabindex=0>`
 * sentinels around arrow-key groups such as the navigation; focusing one moves focus on at once.
 * axe's aria-hidden-focus flags them, a known false positive (microsoft/tabster#288,
 * microsoft/accessibility-insights-web#7605 suppresses it the same way). Only that rule on only
 * those elements is ignored.
 */
function isTabsterDummy(ruleId: string, html: string): boolean {
  return ruleId === 'aria-hidden-focus' && /^<i [^>]*data-tabster-dummy/.test(html)
}
