import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { listAffectedComputers, listMissingUpdates } from '../../src-main/assess/missing-across-fleet'
import { importPaths } from '../../src-main/catalog/importer'
import { currentDecisions } from '../../src-main/store/decisions'
import { sharedDataPath } from '../helpers/shared-data'
import { chromiumAvailable, launchChromium } from './support/chromium'
import { openConsole, type ConsolePage } from './support/console-page'
import { E2E_CATALOG, startConsole, type ConsoleFixture } from './support/console-fixture'
import { seedFinishedScan } from './support/seed-scan'

// Reports and Assess in Chromium without the lab: a real catalog (2024-Nov, 2026-Jun, KEV), a
// finished scan made by the product's scan service and assessment from the recorded collector
// documents, and a real systeminfo capture imported through the window.
describe.skipIf(!chromiumAvailable())('Reports and Assess on a seeded store', () => {
  let fixture: ConsoleFixture
  let browser: Browser
  let ui: ConsolePage
  let scanId: string

  beforeAll(async () => {
    fixture = await startConsole({ catalog: E2E_CATALOG })
    scanId = await seedFinishedScan(fixture.services)
    browser = await launchChromium()
    ui = await openConsole(browser, fixture.bridge)
  }, 10 * 60_000)
  afterAll(async () => {
    await ui?.close()
    await browser?.close()
    await fixture?.stop()
  })

  it('lists the scanned computers, opens one, and shows result details', async () => {
    const page = ui.page
    const hosts = fixture.services.consoleScans.get(scanId).hosts
    const assessed = hosts.find((host) => (host.assessment?.summary.missingUpdates ?? 0) > 0)
    expect(assessed).toBeDefined()
    await ui.goTo('Reports')
    const grid = page.getByRole('grid', { name: 'Security reports' })
    await grid.getByRole('row').filter({ hasText: 'down-host' }).getByText('Could not be scanned').waitFor()
    await ui.screenshot('seeded-reports-list')
    await grid.getByRole('row').filter({ hasText: assessed?.assessment?.name ?? '' }).first().click()
    const report = fixture.services.consoleScans.hostReport(assessed?.id ?? 0)
    await page.getByRole('region', { name: `Security report for ${report.computer}` }).getByText('winrm', { exact: true }).waitFor()
    const finding = report.assessment?.updates.find((update) => update.state === 'missing')
    await page.getByRole('button', { name: `Result details for ${finding?.kb ?? ''}` }).first().click()
    const dialog = page.getByRole('dialog')
    await dialog.getByText(finding?.reason ?? '(none)').first().waitFor()
    await ui.screenshot('seeded-report-details')
    expect(await ui.seriousA11yViolations()).toEqual([])
    await page.keyboard.press('Escape')
    await page.getByRole('button', { name: 'All reports' }).click()
  })

  it('imports a real systeminfo capture, listed as imported', async () => {
    const page = ui.page
    await page.getByLabel('Inventory files').setInputFiles(sharedDataPath('wesng', 'validation', '10_22H2_x64_enterprise_en-us_systeminfo.txt'))
    await page.getByRole('list', { name: 'Import results' }).getByText(/^10_22H2_x64_enterprise_en-us_systeminfo\.txt: .* missing$/).waitFor({ timeout: 60_000 })
    await page.getByRole('grid', { name: 'Security reports' }).getByText('Imported', { exact: true }).first().waitFor()
  })

  it('records a decision on the worst missing update in Assess', async () => {
    const page = ui.page
    await ui.goTo('Assess')
    const first = listMissingUpdates(fixture.services.db, new Date())[0]
    const row = page.getByRole('grid', { name: 'Missing updates' }).locator('[role="row"][aria-rowindex="2"]')
    await row.getByText(first?.kb ?? '(none)', { exact: true }).waitFor()
    await row.click()
    const detail = page.getByRole('region', { name: new RegExp(`^${first?.kb ?? ''} — `) })
    for (const computer of listAffectedComputers(fixture.services.db, first?.kb ?? '')) {
      await detail.getByRole('grid').getByText(computer.computer, { exact: true }).first().waitFor()
    }
    await detail.getByRole('radio', { name: 'Not applicable' }).check()
    await detail.getByRole('textbox', { name: 'Reason' }).fill('Kiosk image, replaced next month')
    await detail.getByRole('button', { name: 'Record decision' }).click()
    await detail.getByText('Not applicable', { exact: true }).first().waitFor()
    expect(currentDecisions(fixture.services.db, new Date()).get(first?.kb ?? '')).toMatchObject({ decision: 'not-applicable', reason: 'Kiosk image, replaced next month' })
    await ui.screenshot('seeded-assess-decision')
    expect(await ui.seriousA11yViolations()).toEqual([])
  })

  it('after a newer catalog month, a re-assessed computer’s report shows what changed', async () => {
    const page = ui.page
    // December 2024 joins the catalog; the kept scan is judged again without the network (`assess --scan`).
    await importPaths(fixture.services.db, [sharedDataPath('msrc-cvrf-all', '2024-Dec.xml.zst')])
    const again = fixture.services.assessments.reassessScan(scanId).find((r) => r.assessment.summary.missingUpdates > 0)
    const changes = fixture.services.consoleScans.hostReport(again?.scanHostId ?? 0).changes
    const exposed = new Set(changes?.newlyExposed.map((c) => c.cve)).size
    expect(exposed).toBeGreaterThan(0)
    await ui.goTo('Reports')
    await page.getByRole('grid', { name: 'Security reports' }).getByRole('row').filter({ hasText: again?.assessment.host.name ?? '' }).filter({ hasNotText: 'Imported' }).first().click()
    const card = page.getByRole('region', { name: 'Changes since the last assessment' })
    await card.getByRole('heading', { level: 3, name: new RegExp(`^CVEs newly exposed \\(${exposed}[,)]`) }).waitFor()
    await card.scrollIntoViewIfNeeded()
    await ui.screenshot('seeded-report-changes')
    expect(await ui.seriousA11yViolations()).toEqual([])
    await page.getByRole('button', { name: 'All reports' }).click()
  }, 120_000)
})
