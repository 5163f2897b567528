import fs from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Locator } from 'playwright-core'
import { type LabUp, startLab, stopLab } from '../lab/lab-client'
import { testPowerShell } from '../helpers/pwsh'
import { sharedDataPath } from '../helpers/shared-data'
import { listAffectedComputers, listMissingUpdates } from '../../src-main/assess/missing-across-fleet'
import { currentDecisions } from '../../src-main/store/decisions'
import { chromiumAvailable, launchChromium } from './support/chromium'
import { openConsole, type ConsolePage } from './support/console-page'
import { E2E_CATALOG, startConsole, type ConsoleFixture } from './support/console-fixture'

/** The lab needs root, sshd, iproute2 and pwsh (test/lab/README.md). */
function labAvailable(): boolean {
  const ip = ['/usr/sbin/ip', '/sbin/ip', '/usr/bin/ip'].some((file) => fs.existsSync(file))
  return process.getuid?.() === 0 && fs.existsSync('/usr/sbin/sshd') && ip && testPowerShell() !== null
}

// The console in Chromium against the bridge: Detect scans real lab hosts over real SSH (two
// answer, one is down) with a real catalog (2024-Nov, 2026-Jun, KEV), so each collected host is
// assessed on arrival; Reports then lists and opens them, and imports a real systeminfo capture.
describe.skipIf(!chromiumAvailable() || !labAvailable())('Console: scan lab hosts, read their reports, import a capture', () => {
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

    const table = progress.getByRole('grid', { name: 'Hosts of this scan' })
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
      // The cause is part of the comparison so a failure says why the host failed.
      expect({ target: scanned?.target, state: scanned?.state, cause: scanned?.state === 'failed' ? scanned.error?.cause : undefined }).toEqual({ target: host.address, state: host.mode === 'ok' ? 'done' : 'unreachable', cause: undefined })
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

  it('lists every scanned computer newest first, and filters by computer and outcome', async () => {
    await ui.goTo('Reports')
    const list = ui.page.getByRole('region', { name: 'Pick a security report to view' })
    const grid = list.getByRole('grid', { name: 'Security reports' })
    const rows = fixture.services.consoleScans.get(fixture.services.scans.list()[0]?.id ?? '').hosts
    for (const host of rows) await grid.getByRole('row').filter({ hasText: host.target }).first().waitFor()
    await ui.screenshot('reports-list')
    await list.getByRole('textbox', { name: 'Computer' }).fill(lab.hosts[0]?.address ?? '')
    await list.getByText(/^1 of 3 reports/).waitFor()
    await list.getByRole('textbox', { name: 'Computer' }).fill('')
    await list.getByRole('combobox', { name: 'Outcome' }).selectOption('not-scanned')
    await list.getByText(/^1 of 3 reports/).waitFor()
    await list.getByRole('combobox', { name: 'Outcome' }).selectOption('all')
    expect(await ui.seriousA11yViolations()).toEqual([])
  })

  it('opens a computer’s report with the keyboard: header, missing updates with the red cross, installed collapsed', async () => {
    const page = ui.page
    const scanned = fixture.services.consoleScans.get(fixture.services.scans.list()[0]?.id ?? '').hosts.find((host) => host.assessment !== null)
    expect(scanned).toBeDefined()
    const report = fixture.services.consoleScans.hostReport(scanned?.id ?? 0)
    const row = page.getByRole('grid', { name: 'Security reports' }).getByRole('row').filter({ hasText: scanned?.target ?? '' })
    await row.focus()
    await page.keyboard.press('Enter')
    const header = page.getByRole('region', { name: `Security report for ${report.computer}` })
    await header.waitFor()
    await header.getByText(report.assessment?.host.product ?? '(none)', { exact: true }).waitFor()
    await header.getByText(new RegExp(`^${report.assessment?.host.build ?? ''} — ${report.assessment?.host.buildSource ?? ''}`)).waitFor()
    await header.getByText('ssh', { exact: true }).waitFor()
    const missing = report.assessment?.updates.filter((update) => update.state === 'missing') ?? []
    const missingList = page.getByRole('list', { name: 'Missing updates' })
    expect(await missingList.getByRole('img', { name: 'Missing' }).count()).toBe(missing.length)
    // Installed is collapsed until asked for.
    expect(await page.getByRole('list', { name: 'Installed' }).count()).toBe(0)
    await ui.screenshot('report')
    expect(await ui.seriousA11yViolations()).toEqual([])
  })

  it('opens the result details of a missing update: CVEs with severity, badges, reasoning and Microsoft links', async () => {
    const page = ui.page
    const scanned = fixture.services.consoleScans.get(fixture.services.scans.list()[0]?.id ?? '').hosts.find((host) => host.assessment !== null)
    const assessment = fixture.services.consoleScans.hostReport(scanned?.id ?? 0).assessment
    const finding = assessment?.updates.find((update) => update.state === 'missing')
    expect(finding?.kb).toMatch(/^KB\d+$/)
    await page.getByRole('button', { name: `Result details for ${finding?.kb ?? ''}` }).first().click()
    const dialog = page.getByRole('dialog')
    await dialog.getByText(`Result details — ${finding?.kb ?? ''}`).waitFor()
    await dialog.getByText(finding?.reason ?? '(none)').first().waitFor()
    for (const cve of finding?.cves.slice(0, 3) ?? []) {
      const link = dialog.getByRole('link', { name: cve, exact: true })
      expect(await link.getAttribute('href')).toBe(`https://msrc.microsoft.com/update-guide/vulnerability/${cve}`)
      expect(await link.getAttribute('target')).toBe('_blank')
    }
    const kbLink = dialog.getByRole('link', { name: `KB article ${finding?.kb ?? ''}` })
    expect(await kbLink.getAttribute('href')).toBe(`https://support.microsoft.com/help/${finding?.kb?.slice(2) ?? ''}`)
    await ui.screenshot('report-details')
    expect(await ui.seriousA11yViolations()).toEqual([])
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'detached' })
    await page.getByRole('button', { name: 'All reports' }).click()
  })

  it('imports a real systeminfo capture, assessed and listed like a scanned computer, marked Imported', async () => {
    const page = ui.page
    const capture = sharedDataPath('wesng', 'validation', '11_23H2_x64_enterprise_systeminfo.txt')
    await page.getByLabel('Inventory files').setInputFiles(capture)
    const results = page.getByRole('list', { name: 'Import results' })
    await results.getByText(/^11_23H2_x64_enterprise_systeminfo\.txt: /).waitFor({ timeout: 60_000 })
    const imported = fixture.services.db.prepare(`SELECT host_name AS name, missing_updates AS missing FROM assessments WHERE file_name = ?`).get('11_23H2_x64_enterprise_systeminfo.txt') as { name: string; missing: number }
    expect(imported.name).toBeTruthy()
    await results.getByText(new RegExp(`${imported.missing.toLocaleString('en-US')} missing$`)).waitFor()
    const row = page.getByRole('grid', { name: 'Security reports' }).getByRole('row').filter({ hasText: imported.name })
    await row.getByText('Imported', { exact: true }).waitFor()
    await ui.screenshot('reports-imported')
    await row.click()
    await page.getByRole('region', { name: `Security report for ${imported.name}` }).getByText('11_23H2_x64_enterprise_systeminfo.txt (imported file)').waitFor()
    expect(await ui.seriousA11yViolations()).toEqual([])
    await page.getByRole('button', { name: 'All reports' }).click()
  })

  it('lists every missing update across the fleet and records a deferral with a reason, shown in the report', async () => {
    const page = ui.page
    await ui.goTo('Assess')
    const missing = listMissingUpdates(fixture.services.db, new Date())
    expect(missing.length).toBeGreaterThan(0)
    const first = missing[0]
    const grid = page.getByRole('grid', { name: 'Missing updates' })
    const row = grid.locator('[role="row"][aria-rowindex="2"]')
    await row.getByText(first?.kb ?? '(none)', { exact: true }).waitFor()
    await ui.screenshot('assess-list')
    expect(await ui.seriousA11yViolations()).toEqual([])

    await row.focus()
    await page.keyboard.press('Enter')
    const detail = page.getByRole('region', { name: new RegExp(`^${first?.kb ?? ''} — `) })
    const computers = detail.getByRole('grid', { name: `Computers missing ${first?.kb ?? ''}` })
    const affected = listAffectedComputers(fixture.services.db, first?.kb ?? '')
    // The table is virtualised: only the rows in view exist in the page, so check the first one
    // by name and the whole count through aria-rowcount (header row included).
    await computers.getByText(affected[0]?.computer ?? '(none)', { exact: true }).first().waitFor()
    expect(await computers.getAttribute('aria-rowcount')).toBe(String(affected.length + 1))

    const until = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10)
    await detail.getByRole('radio', { name: 'Defer until a date' }).check()
    await detail.getByLabel('Deferred until').fill(until)
    await detail.getByRole('textbox', { name: 'Reason' }).fill('Change freeze until the pilot ring reports back')
    await detail.getByRole('button', { name: 'Record decision' }).click()
    await detail.getByRole('region', { name: 'Decision', exact: true }).getByText(/^Deferred until /).waitFor()
    const stored = currentDecisions(fixture.services.db, new Date()).get(first?.kb ?? '')
    expect(stored).toMatchObject({ decision: 'defer', deferUntil: until, reason: 'Change freeze until the pilot ring reports back', expired: false })
    // The decision in force, and the same decision as the newest entry of the update's history.
    await detail.getByText(`Change freeze until the pilot ring reports back — ${stored?.decidedBy ?? '(none)'},`, { exact: false }).first().waitFor()
    const history = detail.getByRole('list', { name: `Decision history for ${first?.kb ?? ''}` })
    await history.getByText('Change freeze until the pilot ring reports back', { exact: false }).waitFor()
    await ui.screenshot('assess-decision')
    expect(await ui.seriousA11yViolations()).toEqual([])

    // Reports shows the decision beside the update on an affected computer.
    const scanned = affected.find((computer) => computer.scanHostId !== null) ?? affected[0]
    await ui.goTo('Reports')
    await page.getByRole('grid', { name: 'Security reports' }).getByRole('row').filter({ hasText: scanned?.computer ?? '' }).first().click()
    await page.getByRole('list', { name: 'Missing updates' }).getByText(/^Deferred until /).waitFor()
    await page.getByRole('button', { name: 'All reports' }).click()
  })

  it('reads the same in dark mode', async () => {
    const dark = await openConsole(browser, fixture.bridge, { colorScheme: 'dark' })
    try {
      await dark.goTo('Reports')
      await dark.page.getByRole('grid', { name: 'Security reports' }).getByRole('row').nth(2).waitFor()
      await dark.screenshot('reports-dark')
      expect(await dark.seriousA11yViolations()).toEqual([])
    } finally {
      await dark.close()
    }
  })
})
