import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Locator } from 'playwright-core'
import { patchTuesdaysBehind } from '../../src-renderer/src/features/catalog/patch-tuesday'
import { sharedDataPath } from '../helpers/shared-data'
import { startBridge, type BridgeFixture } from './support/bridge-fixture'
import { chromiumAvailable, launchChromium } from './support/chromium'
import { closedLoopbackPort } from './support/closed-port'
import { openConsole, type ConsolePage } from './support/console-page'

// Maintain → Catalog with real MSRC and CISA files from ../shared/data, the real importer and
// store. Sync is pointed at a closed loopback port, so it fails here without leaving the machine.
describe.skipIf(!chromiumAvailable())('Maintain → Catalog in Chromium', () => {
  let fixture: BridgeFixture
  let browser: Browser
  let ui: ConsolePage
  let catalogCard: Locator
  let actionsCard: Locator

  beforeAll(async () => {
    const dead = `http://127.0.0.1:${await closedLoopbackPort()}`
    fixture = await startBridge({ env: { PATCHLANE_MSRC_URL: `${dead}/cvrf/v3.0`, PATCHLANE_KEV_URL: `${dead}/kev.json` } })
    browser = await launchChromium()
    ui = await openConsole(browser, fixture.bridge)
    await ui.goTo('Maintain')
    catalogCard = ui.page.getByRole('region', { name: 'Catalog', exact: true })
    actionsCard = ui.page.getByRole('region', { name: 'Update the catalog' })
  })
  afterAll(async () => {
    await ui?.close()
    await browser?.close()
    await fixture?.stop()
  })

  it('starts empty and says how to fill it', async () => {
    await catalogCard.getByText('The catalog is empty').waitFor()
  })

  it('imports typed paths (a folder of real CVRF files and a KEV feed) with live progress, then shows what the store holds', async () => {
    const folder = sharedDataPath('msrc-cvrf-xml')
    const kev = sharedDataPath('cisa-kev', 'known_exploited_vulnerabilities_2025.08.25.json')
    await actionsCard.getByLabel('Import from').fill(`${folder}\n"${kev}"\n`)
    await actionsCard.getByRole('button', { name: 'Import 2 paths' }).click()
    await actionsCard.getByRole('progressbar').waitFor()
    // "n of m — file": the catalogProgress event reached the page over SSE while the import ran.
    await actionsCard.getByText(/^\d+ of \d+/).waitFor({ timeout: 60_000 })
    await ui.screenshot('maintain-importing')
    await actionsCard.getByText(/^Import finished in/).waitFor({ timeout: 120_000 })
    await actionsCard.getByText(/, 0 failed/).waitFor()

    const status = fixture.services.catalog.status()
    const months = fs.readdirSync(folder).filter((name) => /^cvrfDocument-\d{4}-[A-Z][a-z]{2}\.xml$/.test(name))
    expect(status.documents).toBe(months.length)
    expect(status.newestDocument).toBe('2026-Mar')
    await catalogCard.getByText('2026-Mar', { exact: true }).waitFor()
    await catalogCard.getByText(status.vulnerabilities.toLocaleString('en-US'), { exact: true }).waitFor()
    await catalogCard.getByText(new RegExp(`^${status.kev?.count.toLocaleString('en-US')} entries`)).waitFor()
    const behind = patchTuesdaysBehind(new Date(status.asOf ?? ''), new Date())
    await catalogCard.getByText(behind === 0 ? 'Current' : new RegExp(`^${behind} Patch Tuesdays? behind$`)).waitFor()
    await ui.screenshot('maintain-catalog')
  })

  it('exports a bundle to the typed file', async () => {
    const file = path.join(fixture.dataDir, 'export', 'catalog-bundle')
    fs.mkdirSync(path.dirname(file), { recursive: true })
    await actionsCard.getByLabel('Export a bundle to').fill(file)
    await actionsCard.getByRole('button', { name: 'Export' }).click()
    await actionsCard.getByText('Exported', { exact: true }).waitFor({ timeout: 60_000 })
    expect(fs.statSync(file).size).toBeGreaterThan(0)
    await actionsCard.getByText(file).waitFor()
  })

  it('shows why a sync failed, once, as the catalog’s last sync error', async () => {
    await actionsCard.getByRole('button', { name: 'Sync now' }).click()
    await catalogCard.getByText('Last sync failed').waitFor({ timeout: 60_000 })
    const lastError = fixture.services.catalog.status().lastError
    expect(lastError).toMatch(/127\.0\.0\.1/)
    await catalogCard.getByText(lastError ?? '(none)').waitFor()
    await actionsCard.getByRole('button', { name: 'Sync now' }).and(ui.page.locator(':enabled')).waitFor()
    expect(await actionsCard.getByText('The catalog operation failed').count()).toBe(0)
    await ui.screenshot('maintain-sync-failed')
    expect(await ui.seriousA11yViolations()).toEqual([])
  })
})
