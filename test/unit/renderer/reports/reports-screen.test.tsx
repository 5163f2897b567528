import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { ApiProvider } from '../../../../src-renderer/src/api/api-context'
import { filterReports, NO_FILTER, outcomeOf } from '../../../../src-renderer/src/features/reports/report-filters'
import { ReportsScreen } from '../../../../src-renderer/src/features/reports/reports-screen'
import { ReportsStoreProvider } from '../../../../src-renderer/src/features/reports/reports-store-context'
import { createFakeApi, fail, ok, type FakeApi } from '../../../helpers/fake-api'
import { hostReport, reportRow } from './fixtures'

function renderReports(api: FakeApi) {
  return render(
    <ApiProvider api={api}>
      <ReportsStoreProvider>
        <ReportsScreen />
      </ReportsStoreProvider>
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
})
