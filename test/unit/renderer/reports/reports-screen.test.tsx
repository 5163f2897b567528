import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { ApiProvider } from '../../../../src-renderer/src/api/api-context'
import { filterReports, NO_FILTER, outcomeOf } from '../../../../src-renderer/src/features/reports/report-filters'
import { ReportsScreen } from '../../../../src-renderer/src/features/reports/reports-screen'
import { ReportsStoreProvider } from '../../../../src-renderer/src/features/reports/reports-store-context'
import { ImportStoreProvider } from '../../../../src-renderer/src/features/import/import-store-context'
import { HostReport } from '../../../../src-main/contract/schemas/console'
import { createFakeApi, fail, ok, type FakeApi } from '../../../helpers/fake-api'
import { hostReport, reportRow, wuaSideBySide } from './fixtures'

function renderReports(api: FakeApi) {
  return render(
    <ApiProvider api={api}>
      <ImportStoreProvider>
        <ReportsStoreProvider>
          <ReportsScreen />
        </ReportsStoreProvider>
      </ImportStoreProvider>
    </ApiProvider>,
  )
}

const imported = reportRow({ source: 'imported', scanHostId: null, assessmentId: 7, scanId: null, computer: 'DESKTOP-JNEKK9U', address: null, fileName: '11_23H2_x64_enterprise_systeminfo.txt', state: null, time: '2026-11-26T10:00:00.000Z' })
const unreachable = reportRow({ scanHostId: 3, computer: '10.231.0.13', address: '10.231.0.13', state: 'unreachable', missingUpdates: null, unconfirmed: null, product: null })

describe('Reports', () => {
  it('lists scanned and imported computers, marks imported ones, and opens a report with the keyboard', async () => {
    const api = createFakeApi({ listReports: ok([reportRow(), unreachable, imported]), getHostReport: ok(hostReport()) })
    renderReports(api)
    const grid = await screen.findByRole('grid', { name: 'Security reports' })
    expect(await within(grid).findByText('DESKTOP-JNEK-01')).toBeInTheDocument()
    const importedRow = within(grid).getByText('DESKTOP-JNEKK9U').closest('[role="row"]') as HTMLElement
    expect(within(importedRow).getByText('Imported')).toBeInTheDocument()
    expect(screen.getByText(/^3 of 3 reports/)).toBeInTheDocument()

    const first = within(grid).getByText('DESKTOP-JNEK-01').closest('[role="row"]') as HTMLElement
    first.focus()
    await userEvent.keyboard('{Enter}')
    expect(api.calls.find((call) => call.method === 'getHostReport')?.input).toEqual({ scanHostId: 1 })
    const header = await screen.findByRole('region', { name: 'Security report for DESKTOP-JNEK-01' })
    expect(within(header).getByText(/^10\.0\.22631\.4460 — registry: CurrentBuild/)).toBeInTheDocument()
    expect(within(header).getByText('ssh')).toBeInTheDocument()
    expect(within(screen.getByRole('list', { name: 'Missing updates' })).getByRole('img', { name: 'Missing' })).toBeInTheDocument()
    expect(within(screen.getByRole('list', { name: 'Cannot be confirmed' })).getByRole('img', { name: 'Cannot be confirmed' })).toBeInTheDocument()
    expect(screen.getByText('Edge’s version is not in the inventory: it cannot be confirmed.')).toBeInTheDocument()
    // The decision taken in Assess shows beside the update.
    expect(screen.getByText(/^Deferred until/)).toBeInTheDocument()
    expect(screen.getByText(/Change freeze until year end — CORP\\ann/)).toBeInTheDocument()
    // Installed starts collapsed.
    expect(screen.queryByRole('list', { name: 'Installed' })).not.toBeInTheDocument()
    // Fluent's dialog and accordion in jsdom take seconds on a busy shared machine.
  }, 20_000)

  it('shows result details: CVEs with severity, exploited and KEV badges, CVSS, mitigations and Microsoft links', async () => {
    renderReports(createFakeApi({ listReports: ok([reportRow()]), getHostReport: ok(hostReport()) }))
    await userEvent.click(await screen.findByText('DESKTOP-JNEK-01'))
    await userEvent.click(await screen.findByRole('button', { name: 'Result details for KB5060999' }))
    const dialog = await screen.findByRole('dialog')
    expect(within(dialog).getByRole('link', { name: 'CVE-2026-00001' })).toHaveAttribute('href', 'https://msrc.microsoft.com/update-guide/vulnerability/CVE-2026-00001')
    expect(within(dialog).getByRole('link', { name: 'KB article KB5060999' })).toHaveAttribute('href', 'https://support.microsoft.com/help/5060999')
    expect(within(dialog).getByRole('link', { name: 'Microsoft Update Catalog' })).toHaveAttribute('href', 'https://www.catalog.update.microsoft.com/Search.aspx?q=KB5060999')
    expect(within(dialog).getByText('Exploited')).toBeInTheDocument()
    expect(within(dialog).getByText('CISA KEV')).toBeInTheDocument()
    expect(within(dialog).getByText(`CVSS ${(7.8).toLocaleString(undefined, { minimumFractionDigits: 1 })}`)).toBeInTheDocument()
    expect(within(dialog).getByText('SMBv1 is disabled')).toBeInTheDocument()
    expect(within(dialog).getByText('Build 22631.4460 is older than 22631.5472, which this update brings.')).toBeInTheDocument()
  }, 20_000)

  it('says why the list could not be read', async () => {
    renderReports(createFakeApi({ listReports: fail('internal', 'The database is locked by another process.') }))
    expect(await screen.findByText('The database is locked by another process.')).toBeInTheDocument()
  })

  it('filters by computer, date and outcome', () => {
    const rows = [reportRow(), unreachable, imported]
    expect(outcomeOf(unreachable)).toBe('not-scanned')
    expect(filterReports(rows, { ...NO_FILTER, computer: 'systeminfo' })).toEqual([imported])
    expect(filterReports(rows, { ...NO_FILTER, outcome: 'imported' })).toEqual([imported])
    expect(filterReports(rows, { ...NO_FILTER, outcome: 'missing' })).toHaveLength(2)
    expect(filterReports(rows, { ...NO_FILTER, from: '2026-11-27' })).toEqual([reportRow(), unreachable])
  })

  it('has fixtures the contract accepts (HostReport with wua and unconfirmed mitigations)', () => {
    expect(() => HostReport.parse({ ...hostReport(), wua: wuaSideBySide() })).not.toThrow()
    expect(() => HostReport.parse({ ...hostReport(), wua: wuaSideBySide({ error: { hresult: '0x8024402C', message: 'x' }, missing: [] }) })).not.toThrow()
  })

  it('shows the mitigating factors that cannot be confirmed beside those found, with the blue asterisk and the reason', async () => {
    renderReports(createFakeApi({ listReports: ok([reportRow()]), getHostReport: ok(hostReport()) }))
    await userEvent.click(await screen.findByText('DESKTOP-JNEK-01'))
    await userEvent.click(await screen.findByRole('button', { name: 'Result details for KB5060999' }))
    const dialog = await screen.findByRole('dialog')
    const unconfirmed = within(dialog).getByRole('list', { name: 'Mitigating factors that cannot be confirmed for CVE-2026-00001' })
    expect(within(unconfirmed).getByRole('img', { name: 'Cannot be confirmed' })).toBeInTheDocument()
    expect(within(unconfirmed).getByText(/^The Print Spooler service is stopped/)).toBeInTheDocument()
    expect(within(unconfirmed).getByText(/the inventory \(systeminfo\) has no list of services/)).toBeInTheDocument()
    // The one found on the other CVE stays in its own list, unmarked.
    const found = within(dialog).getByRole('list', { name: 'Mitigating factors found for CVE-2026-00002' })
    expect(within(found).getByText('SMBv1 is disabled')).toBeInTheDocument()
    expect(within(found).queryByRole('img')).not.toBeInTheDocument()
    expect(within(dialog).queryByRole('list', { name: /cannot be confirmed for CVE-2026-00002/ })).not.toBeInTheDocument()
  }, 20_000)

  it('shows the Windows Update Agent’s answer beside Patchlane’s, with the disagreement flagged and why', async () => {
    renderReports(createFakeApi({ listReports: ok([reportRow()]), getHostReport: ok({ ...hostReport(), wua: wuaSideBySide() }) }))
    await userEvent.click(await screen.findByText('DESKTOP-JNEK-01'))
    const card = await screen.findByRole('region', { name: 'Windows Update Agent side by side' })
    expect(within(card).getByText('The answers agree on 1 of 4 updates, with 1 security disagreement (one answer says install, the other says not needed). Each difference is flagged below with why.')).toBeInTheDocument()
    expect(within(card).getByText('WSUS server (online search)')).toBeInTheDocument()
    expect(within(card).getByText('http://wsus01.corp.example:8530')).toBeInTheDocument()
    const table = within(card).getByRole('table', { name: 'Windows Update Agent and Patchlane, per update' })
    const both = within(table).getByRole('row', { name: /KB5060999/ })
    expect(within(both).getByText('Agree')).toBeInTheDocument()
    expect(within(both).getByRole('img', { name: 'Missing' })).toBeInTheDocument()
    const installed = within(table).getByRole('row', { name: /KB5046633/ })
    expect(within(installed).getByText('Differs')).toBeInTheDocument()
    expect(within(installed).getByRole('img', { name: 'Installed' })).toBeInTheDocument()
    expect(within(installed).getByText(/the agent still lists it as missing/)).toBeInTheDocument()
    const msrt = within(table).getByRole('row', { name: /KB890830/ })
    expect(within(msrt).getByText('Differs')).toBeInTheDocument()
    expect(within(msrt).getByText('Not listed')).toBeInTheDocument()
    expect(within(msrt).getByText(/^Not a security update/)).toBeInTheDocument()
    expect(within(table).getByRole('row', { name: /Security Intelligence Update for Microsoft Defender Antivirus/ })).toHaveTextContent('(no KB)')
    expect(within(table).getAllByText('Differs')).toHaveLength(3)
  }, 20_000)

  it('shows a failed agent search with its error, and nothing at all for a scan that did not ask the agent', async () => {
    const failed = wuaSideBySide({ missing: [], error: { hresult: '0x8024402C', message: 'WU_E_PT_WINHTTP_NAME_NOT_RESOLVED: the WSUS server name could not be resolved.' } })
    const api = createFakeApi({ listReports: ok([reportRow()]), getHostReport: ok({ ...hostReport(), wua: { ...failed, rows: [], disagreements: 0 } }) })
    renderReports(api)
    await userEvent.click(await screen.findByText('DESKTOP-JNEK-01'))
    const card = await screen.findByRole('region', { name: 'Windows Update Agent side by side' })
    expect(within(card).getByText('The Windows Update Agent’s search failed (0x8024402C)')).toBeInTheDocument()
    expect(within(card).getByText(/WSUS server name could not be resolved/)).toBeInTheDocument()
    expect(within(card).queryByRole('table')).not.toBeInTheDocument()

    await userEvent.click(screen.getByRole('button', { name: 'All reports' }))
    api.answer('getHostReport', ok({ ...hostReport(), wua: null }))
    await userEvent.click(await screen.findByText('DESKTOP-JNEK-01'))
    await screen.findByRole('region', { name: 'Security report for DESKTOP-JNEK-01' })
    expect(screen.queryByRole('region', { name: 'Windows Update Agent side by side' })).not.toBeInTheDocument()
  }, 20_000)
})
