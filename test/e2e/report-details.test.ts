import fs from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { Output, Result } from '../../src-main/contract/api'
import { WuaSearchResult } from '../../src-main/contract/schemas/wua'
import { listMissingUpdates } from '../../src-main/assess/missing-across-fleet'
import { decisionHistory } from '../../src-main/store/decisions'
import { sharedDataPath } from '../helpers/shared-data'
import { chromiumAvailable, launchChromium } from './support/chromium'
import { openConsole, type ConsolePage } from './support/console-page'
import { E2E_CATALOG, startConsole, type ConsoleFixture } from './support/console-fixture'
import { seedFinishedScan } from './support/seed-scan'

type HostReport = Output<'getHostReport'>

/**
 * A real systeminfo capture (wesng validation set), dropped on the window. A Windows Server 2022
 * capture lists no services, so the shipped RRAS rule for October 2024's RRAS CVEs cannot be
 * checked on it: "cannot be confirmed", from the product's own assessment.
 */
const CAPTURE = 'srv_2022_systeminfo.txt'
/** The console's catalog plus October 2024, whose RRAS CVEs the shipped mitigation rules cover. */
const CATALOG = [...E2E_CATALOG, sharedDataPath('msrc-cvrf-all', '2024-Oct.xml.zst')]
/** A real Windows Update Agent answer from a Windows 10 machine (wesng's _listupdates.vbs output). */
const AGENT_CAPTURE = '10_1803_x64_proforworkstations_en-us_B_20190306_updates.txt'

/** The agent's answer in the collector's shape (WuaSearchResult), from the capture's "KBnnn: title" lines. */
function agentAnswer(): WuaSearchResult {
  const lines = fs.readFileSync(sharedDataPath('wesng', 'validation', AGENT_CAPTURE), 'utf8').split(/\r?\n/)
  const missing = lines.flatMap((line) => {
    const match = /^(KB\d+):\s*(.+?)\s*$/.exec(line)
    if (!match?.[1] || !match[2]) return []
    const security = /Security Update|^\d{4}-\d{2} Cumulative Update/.test(match[2])
    return [{ kb: match[1], title: match[2], updateId: null, severity: null, categories: [security ? 'Security Updates' : 'Updates'], cves: [], isDownloaded: false }]
  })
  return WuaSearchResult.parse({ mode: 'online', source: 'windows-update', serverUrl: null, searchedAt: '2019-03-06T12:00:00.000Z', criteria: "IsInstalled=0 and Type='Software' and IsHidden=0", missing, error: null })
}

/** Drags the real capture over the window (a synthetic drag with a real File, as Chromium builds it). */
async function dragCapture(page: Page, events: ReadonlyArray<'dragenter' | 'dragover' | 'drop' | 'dragleave'>): Promise<void> {
  const base64 = fs.readFileSync(sharedDataPath('wesng', 'validation', CAPTURE)).toString('base64')
  const dataTransfer = await page.evaluateHandle(
    ({ name, data }) => {
      const transfer = new DataTransfer()
      transfer.items.add(new File([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], name, { type: 'text/plain' }))
      return transfer
    },
    { name: CAPTURE, data: base64 },
  )
  for (const type of events) await page.dispatchEvent('main', type, { dataTransfer })
}

/** A scanned computer's row in Reports (the dropped capture comes from one of the same machines). */
function scannedRow(page: Page, computer: string) {
  return page.getByRole('grid', { name: 'Security reports' }).getByRole('row').filter({ hasText: computer }).filter({ hasNotText: 'Imported' }).first()
}

/** The report the page shows, read through the bridge with the page's own fetch. */
async function reportSeenBy(page: Page, input: { scanHostId: number } | { assessmentId: number }): Promise<HostReport> {
  const result = (await page.evaluate(async (body) => (await fetch('/rpc/getHostReport', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json(), input)) as Result<HostReport>
  if (!result.ok) throw new Error(result.error.message)
  return result.value
}

// Issue #6 in Chromium against the bridge: a drop anywhere on the window, the decision history,
// the Windows Update Agent side by side and unconfirmed mitigations, in light and dark, on a
// store seeded from real data (2024-Oct, 2024-Nov and 2026-Jun MSRC months, KEV; the recorded
// collector documents, one carrying a real agent answer; a real systeminfo capture). Everything
// shown comes from the product's own import, scan service, assessment and comparison.
describe.skipIf(!chromiumAvailable())('Report details: window drop, decision history, agent side by side, unconfirmed mitigations', () => {
  let fixture: ConsoleFixture
  let browser: Browser
  let scanHostId: number
  const failure = { hresult: '0x8024402C', message: 'WU_E_PT_WINHTTP_NAME_NOT_RESOLVED: the proxy or WSUS server name could not be resolved.' }

  beforeAll(async () => {
    fixture = await startConsole({ catalog: CATALOG })
    const failed = { ...agentAnswer(), missing: [], error: failure }
    const scanId = await seedFinishedScan(fixture.services, { wua: { 'win10-22h2': agentAnswer(), 'win11-arm64': failed } })
    scanHostId = fixture.services.consoleScans.get(scanId).hosts.find((host) => host.target === 'win10-22h2')?.id ?? 0
    browser = await launchChromium()
  }, 10 * 60_000)
  afterAll(async () => {
    await browser?.close()
    await fixture?.stop()
  })

  for (const scheme of ['light', 'dark'] as const) {
    describe(scheme, () => {
      let ui: ConsolePage
      const shot = (name: string) => ui.screenshot(scheme === 'light' ? name : `${name}-dark`)
      beforeAll(async () => {
        ui = await openConsole(browser, fixture.bridge, { colorScheme: scheme })
      })
      afterAll(() => ui?.close())

      it('shows the drop overlay over any screen, and a drop imports the capture and shows it in Reports', async () => {
        const page = ui.page
        await ui.goTo('Detect')
        await dragCapture(page, ['dragenter', 'dragover'])
        await page.getByRole('status').getByText('Drop to import these files').waitFor()
        await shot('drop-overlay')
        expect(await ui.seriousA11yViolations()).toEqual([])
        if (scheme === 'dark') {
          await dragCapture(page, ['dragleave'])
          await page.getByText('Drop to import these files').waitFor({ state: 'detached' })
          return
        }
        await dragCapture(page, ['drop'])
        await page.getByText('Drop to import these files').waitFor({ state: 'detached' })
        await page.getByRole('heading', { level: 1, name: 'Reports' }).waitFor()
        const results = page.getByRole('list', { name: 'Import results' })
        await results.getByText(new RegExp(`^${CAPTURE.replace(/\./g, '\\.')}: .* missing$`)).waitFor({ timeout: 60_000 })
        const kept = fixture.services.db.prepare(`SELECT host_name AS name FROM assessments WHERE file_name = ?`).get(CAPTURE) as { name: string } | undefined
        expect(kept?.name).toBeTruthy()
        await page.getByRole('grid', { name: 'Security reports' }).getByRole('row').filter({ hasText: kept?.name ?? '' }).getByText('Imported', { exact: true }).waitFor()
        expect(ui.problems.filter((problem) => !/status of 404/.test(problem))).toEqual([])
      }, 120_000)

      it('shows every decision recorded on the selected update, newest first, and the one in force in a report', async () => {
        const page = ui.page
        await ui.goTo('Assess')
        const kb = listMissingUpdates(fixture.services.db, new Date())[0]?.kb ?? '(none)'
        const row = page.getByRole('grid', { name: 'Missing updates' }).getByRole('row').filter({ hasText: kb }).first()
        await row.click()
        const detail = page.getByRole('region', { name: new RegExp(`^${kb} — `) })
        const history = detail.getByRole('list', { name: `Decision history for ${kb}` })
        if (scheme === 'light') {
          for (const [choice, reason] of [
            ['Not applicable', 'Kiosk image, replaced next month'],
            ['Approve for testing', 'Kiosks stay after all: pilot ring first'],
          ] as const) {
            await detail.getByRole('radio', { name: choice }).check()
            await detail.getByRole('textbox', { name: 'Reason' }).fill(reason)
            await detail.getByRole('button', { name: 'Record decision' }).click()
            await history.getByText(new RegExp(`^${reason} — `)).waitFor()
          }
        }
        const stored = decisionHistory(fixture.services.db, kb, new Date())
        expect(stored.map((decision) => decision.reason)).toEqual(['Kiosks stay after all: pilot ring first', 'Kiosk image, replaced next month'])
        const items = history.getByRole('listitem')
        await items.nth(0).getByText('In force', { exact: true }).waitFor()
        expect(await items.count()).toBe(stored.length)
        await items.nth(0).getByText(`${stored[0]?.reason ?? ''} — ${stored[0]?.decidedBy ?? ''},`, { exact: false }).waitFor()
        await items.nth(1).getByText('Replaced', { exact: true }).waitFor()
        await items.nth(1).getByText(/^Replaced by “Approved for testing”, /).waitFor()
        await history.scrollIntoViewIfNeeded()
        await shot('decision-history')
        expect(await ui.seriousA11yViolations()).toEqual([])

        // The decision in force stands beside the update in a computer's report.
        const computer = (await reportSeenBy(page, { scanHostId })).computer
        await ui.goTo('Reports')
        await scannedRow(page, computer).click()
        const report = await reportSeenBy(page, { scanHostId })
        if (report.assessment?.updates.some((update) => update.state === 'missing' && update.kb === kb)) {
          await page.getByRole('list', { name: 'Missing updates' }).getByText('Approved for testing', { exact: true }).waitFor()
        }
        await page.getByRole('button', { name: 'All reports' }).click()
      }, 120_000)

      it('shows the Windows Update Agent’s answer beside Patchlane’s, differences flagged with why', async () => {
        const page = ui.page
        await ui.goTo('Reports')
        const report = await reportSeenBy(page, { scanHostId })
        const wua = report.wua
        expect(wua?.search.missing.map((update) => update.kb)).toEqual(agentAnswer().missing.map((update) => update.kb))
        await scannedRow(page, report.computer).click()
        const card = page.getByRole('region', { name: 'Windows Update Agent side by side' })
        await card.getByText('Windows Update (online search)').waitFor()
        const table = card.getByRole('table', { name: 'Windows Update Agent and Patchlane, per update' })
        expect(await table.getByRole('row').count()).toBe((wua?.rows.length ?? 0) + 1)
        expect(await table.getByText('Differs', { exact: true }).count()).toBe(wua?.rows.filter((row) => !row.agree).length)
        for (const row of wua?.rows.filter((r) => !r.agree).slice(0, 3) ?? []) await table.getByRole('row').filter({ hasText: row.kb }).first().getByText(row.note, { exact: true }).waitFor()
        await card.scrollIntoViewIfNeeded()
        await shot('wua-side-by-side')
        expect(await ui.seriousA11yViolations()).toEqual([])
        await page.getByRole('button', { name: 'All reports' }).click()
      }, 120_000)

      it('shows a failed agent search with its error', async () => {
        const page = ui.page
        const failedHost = fixture.services.scans.list()[0]
        const arm = fixture.services.consoleScans.get(failedHost?.id ?? '').hosts.find((host) => host.target === 'win11-arm64')
        const report = await reportSeenBy(page, { scanHostId: arm?.id ?? 0 })
        expect(report.wua?.search.error).toEqual(failure)
        await scannedRow(page, report.computer).click()
        const card = page.getByRole('region', { name: 'Windows Update Agent side by side' })
        await card.getByText(`The Windows Update Agent’s search failed (${failure.hresult})`).waitFor()
        await card.getByText(failure.message).waitFor()
        await page.getByRole('button', { name: 'All reports' }).click()
      }, 120_000)

      it('marks mitigating factors that cannot be confirmed with the blue asterisk and the reason, in result details', async () => {
        const page = ui.page
        const imported = fixture.services.db.prepare(`SELECT id, host_name AS name FROM assessments WHERE file_name = ?`).get(CAPTURE) as { id: number; name: string }
        const report = await reportSeenBy(page, { assessmentId: imported.id })
        const vulnerability = report.assessment?.vulnerabilities.find((v) => (v.mitigationUnconfirmed ?? []).length > 0)
        const finding = report.assessment?.updates.find((update) => update.kb && update.cves.includes(vulnerability?.cve ?? '') && (!update.product || update.product === vulnerability?.product))
        expect(finding?.kb).toMatch(/^KB\d+$/)
        await page.getByRole('grid', { name: 'Security reports' }).getByRole('row').filter({ hasText: CAPTURE }).first().click()
        await page.getByRole('button', { name: `Result details for ${finding?.kb ?? ''}` }).first().click()
        const dialog = page.getByRole('dialog')
        const list = dialog.getByRole('list', { name: `Mitigating factors that cannot be confirmed for ${vulnerability?.cve ?? ''}` })
        await list.scrollIntoViewIfNeeded()
        const note = vulnerability?.mitigationUnconfirmed?.[0]
        expect(await list.getByRole('img', { name: 'Cannot be confirmed' }).count()).toBe(vulnerability?.mitigationUnconfirmed?.length)
        await list.getByText(note?.because ?? '(none)', { exact: false }).first().waitFor()
        await shot('unconfirmed-mitigation')
        expect(await ui.seriousA11yViolations()).toEqual([])
        await page.keyboard.press('Escape')
        await dialog.waitFor({ state: 'detached' })
        await page.getByRole('button', { name: 'All reports' }).click()
      }, 120_000)
    })
  }
})
