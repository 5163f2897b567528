import fs from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Locator } from 'playwright-core'
import { type LabUp, startLab, stopLab } from '../lab/lab-client'
import { testPowerShell } from '../helpers/pwsh'
import { chromiumAvailable, launchChromium } from './support/chromium'
import { openConsole, type ConsolePage } from './support/console-page'
import { E2E_CATALOG, startConsole, type ConsoleFixture } from './support/console-fixture'

/** The lab needs root, sshd, iproute2 and pwsh (test/lab/README.md). */
function labAvailable(): boolean {
  const ip = ['/usr/sbin/ip', '/sbin/ip', '/usr/bin/ip'].some((file) => fs.existsSync(file))
  return process.getuid?.() === 0 && fs.existsSync('/usr/sbin/sshd') && ip && testPowerShell() !== null
}

// Detect in Chromium against the bridge, scanning real lab hosts over real SSH (two answer, one
// is down), with a real catalog so each collected host is assessed on arrival.
describe.skipIf(!chromiumAvailable() || !labAvailable())('Detect: scan lab hosts and watch them finish', () => {
  let lab: LabUp
  let fixture: ConsoleFixture
  let browser: Browser
  let ui: ConsolePage
  let progress: Locator

  beforeAll(async () => {
    lab = await startLab(['--hosts', '3', '--down', 'h03'])
    fixture = await startConsole({
      catalog: E2E_CATALOG,
      // The lab's hosts get fresh keys each time, and its addresses have no reverse DNS: the
      // machine's resolver is off-loopback and must not be asked.
      scanDefaults: { hostKeyPolicy: 'no', probe: { reverseLookup: false, connectTimeoutMs: 2000 } },
    })
    browser = await launchChromium()
    ui = await openConsole(browser, fixture.bridge)
    await ui.goTo('Detect')
    progress = ui.page.getByRole('region', { name: 'Scan progress' })
  }, 15 * 60_000)

  afterAll(async () => {
    await ui?.close()
    await browser?.close()
    await fixture?.stop()
    await stopLab()
  })

  it('shows the two entries and the options, with no scan yet', async () => {
    await ui.page.getByRole('radio', { name: 'Scan a computer' }).waitFor()
    await ui.screenshot('detect-empty')
    expect(await ui.seriousA11yViolations()).toEqual([])
  })

  it('starts a scan of pasted lab addresses over SSH and follows each host to its outcome', async () => {
    const page = ui.page
    await page.getByRole('radio', { name: 'Scan more than one computer' }).check()
    await page.getByRole('radio', { name: /List of computers/ }).check()
    await page.getByRole('textbox', { name: /Computers/ }).fill(fs.readFileSync(lab.listFile, 'utf8'))
    await page.getByRole('combobox', { name: 'Transport' }).selectOption('ssh')
    await page.getByRole('textbox', { name: /SSH user name/ }).fill(lab.user)
    await page.getByRole('textbox', { name: /SSH private key file/ }).fill(lab.keyFile)
    await page.getByRole('button', { name: 'Start scan of 3 entries' }).click()

    const table = progress.getByRole('table', { name: 'Hosts of this scan' })
    await table.waitFor()
    await progress.getByText(/^Scanning:/).waitFor()
    await ui.screenshot('detect-scanning')
    await progress.getByText(/^Scan finished:/).waitFor({ timeout: 5 * 60_000 })

    const scans = fixture.services.scans.list()
    expect(scans).toHaveLength(1)
    const stored = fixture.services.consoleScans.get(scans[0]?.id ?? '')
    const byAddress = new Map(stored.hosts.map((host) => [host.target, host]))
    for (const host of lab.hosts) {
      const scanned = byAddress.get(host.address)
      expect(scanned?.state).toBe(host.mode === 'ok' ? 'done' : 'unreachable')
      const row = table.getByRole('row').filter({ hasText: host.address })
      if (host.mode === 'ok') {
        // Assessed on arrival: the row says what the report will (product, missing count).
        expect(scanned?.assessment).not.toBeNull()
        await row.getByText('Done', { exact: true }).waitFor()
        await row.getByText(`${scanned?.assessment?.summary.missingUpdates.toLocaleString('en-US')} missing`, { exact: false }).waitFor()
      } else {
        await row.getByText('Unreachable', { exact: true }).waitFor()
        await row.getByText(scanned?.error?.cause ?? '(no cause)').waitFor()
        await row.getByText(`Fix: ${scanned?.error?.fix ?? ''}`).waitFor()
      }
    }
    await ui.screenshot('detect-finished')
    expect(await ui.seriousA11yViolations()).toEqual([])
  }, 6 * 60_000)

  it('retries the host that failed, and it fails again for the same reason', async () => {
    await progress.getByRole('button', { name: 'Retry 1 failed' }).click()
    // The unreachable host takes the connect timeout (2 s) to fail again: long enough to see it run.
    await progress.getByText(/^Scanning:/).waitFor()
    await progress.getByText(/^Scan finished:/).waitFor({ timeout: 2 * 60_000 })
    const scan = fixture.services.scans.list()[0]
    expect(scan?.counts.unreachable).toBe(1)
    expect(scan?.counts.done).toBe(2)
    await progress.getByRole('button', { name: 'Retry 1 failed' }).waitFor()
    // No script error or CSP violation on the way (Chromium's favicon request is the bridge's 404).
    expect(ui.problems.filter((problem) => !/status of 404/.test(problem))).toEqual([])
  }, 3 * 60_000)
})
