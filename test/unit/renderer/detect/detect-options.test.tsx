import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { createFakeApi, fail, ok, type FakeApi } from '../../../helpers/fake-api'
import { renderDetect } from './render-detect'
import { scanDetail, scanHost } from './fixtures'

const started = () => createFakeApi({ listCredentials: ok([]), startScan: ok({ scanId: 'scan-1', hosts: 1, notes: [] }), getScan: ok(scanDetail([scanHost()])) })
const startInputs = (api: FakeApi) => api.calls.filter((call) => call.method === 'startScan').map((call) => call.input)

// Fluent's dialogs in jsdom take seconds on a busy shared machine.
describe('Detect: Windows Update Agent, large ranges, many hosts', () => {
  it('explains each Windows Update Agent choice in one line and sends an online search', async () => {
    const api = started()
    renderDetect(api)
    const online = screen.getByRole('radio', { name: 'Online search' })
    expect(online).toHaveAccessibleDescription(/once on each host as a SYSTEM task.*\(WSUS or Microsoft Update\)/)
    expect(screen.getByRole('radio', { name: 'Offline search with wsusscn2.cab' })).toHaveAccessibleDescription(/copied to each host.*the copy is removed/)
    expect(screen.getByRole('radio', { name: 'Do not ask the agent' })).toHaveAccessibleDescription(/Patchlane’s own catalog only/)
    await userEvent.click(online)
    await userEvent.type(screen.getByRole('textbox', { name: /Computer name or IP address/ }), 'PC-0142')
    await userEvent.click(screen.getByRole('button', { name: 'Start scan' }))
    expect(startInputs(api)).toEqual([{ targets: ['PC-0142'], transport: 'auto', concurrency: 8, wua: { mode: 'online' } }])
  }, 20_000)

  it('needs the wsusscn2.cab path for an offline search, then sends it', async () => {
    const api = started()
    renderDetect(api)
    await userEvent.type(screen.getByRole('textbox', { name: /Computer name or IP address/ }), 'PC-0142')
    await userEvent.click(screen.getByRole('radio', { name: 'Offline search with wsusscn2.cab' }))
    expect(screen.getByText('Give the path of the wsusscn2.cab file.')).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Start scan' })).toBeDisabled()
    const cab = screen.getByRole('textbox', { name: /wsusscn2\.cab file/ })
    await userEvent.type(cab, 'D:\\Offline\\wsusscn2.zip')
    expect(screen.getByText(/does not end in \.cab/)).toBeInTheDocument()
    await userEvent.clear(cab)
    await userEvent.type(cab, '  D:\\Offline\\wsusscn2.cab ')
    await userEvent.click(screen.getByRole('button', { name: 'Start scan' }))
    expect(startInputs(api)).toEqual([{ targets: ['PC-0142'], transport: 'auto', concurrency: 8, wua: { mode: 'offline', cabFile: 'D:\\Offline\\wsusscn2.cab' } }])
  }, 20_000)

  it('asks “This range has N addresses. Scan them all?” in the console’s words, and sends confirmLarge on yes', async () => {
    const api = started()
    renderDetect(api)
    await userEvent.click(screen.getByRole('radio', { name: 'Scan more than one computer' }))
    await userEvent.type(screen.getByRole('textbox', { name: /Address range or network/ }), '10.0.0.0/15')
    await userEvent.click(screen.getByRole('button', { name: 'Start scan of 1 entry' }))
    const question = await screen.findByRole('alertdialog', { name: 'Scan a large range?' })
    expect(question).toHaveAccessibleDescription(`This range has ${(131_070).toLocaleString()} addresses. Scan them all?`)
    expect(document.body.textContent).not.toContain('--yes')
    expect(startInputs(api)).toEqual([])
    await userEvent.click(within(question).getByRole('button', { name: 'Cancel' }))
    // Gone from the page, not only hidden while it animates out, before the next one opens.
    await waitFor(() => expect(document.querySelector('[role="alertdialog"]')).toBeNull(), { timeout: 5000 })
    expect(startInputs(api)).toEqual([])

    await userEvent.click(screen.getByRole('button', { name: 'Start scan of 1 entry' }))
    // Reopened in jsdom, Tabster's modalizer can leave the (focused) dialog marked aria-hidden;
    // Chromium does not (the e2e test opens it twice and runs axe), so look past it here.
    const again = await screen.findByRole('alertdialog', { hidden: true }, { timeout: 5000 })
    await userEvent.click(within(again).getByRole('button', { name: 'Scan them all', hidden: true }))
    expect(startInputs(api)).toEqual([{ targets: ['10.0.0.0/15'], transport: 'auto', concurrency: 8, confirmLarge: true }])
    expect(await screen.findByRole('grid', { name: 'Hosts of this scan' })).toBeInTheDocument()
  }, 20_000)

  it('asks the same when the service counts more than the page could (a list), never showing --yes', async () => {
    const api = started()
    api.answer('startScan', fail('invalid-input', 'The targets add up to 70,000 addresses (the largest is offices.txt:3, 65,534), more than 65,536; check for a typo, or confirm with --yes.'))
    renderDetect(api)
    await userEvent.type(screen.getByRole('textbox', { name: /Computer name or IP address/ }), 'PC-0142')
    await userEvent.click(screen.getByRole('button', { name: 'Start scan' }))
    expect(await screen.findByRole('alertdialog', { name: 'Scan a large range?' })).toHaveAccessibleDescription(`This range has ${(70_000).toLocaleString()} addresses. Scan them all?`)
    expect(document.body.textContent).not.toContain('--yes')
  }, 20_000)

  it('keeps a /16 scan’s 65,534 rows out of the page: a screenful rendered, the whole count in aria-rowcount', async () => {
    const hosts = Array.from({ length: 65_534 }, (_, i) => scanHost({ id: i + 1, target: `10.1.${Math.floor((i + 1) / 256)}.${(i + 1) % 256}`, address: null }))
    const api = createFakeApi({ listCredentials: ok([]), startScan: ok({ scanId: 'scan-1', hosts: hosts.length, notes: [] }), getScan: ok(scanDetail(hosts)) })
    renderDetect(api)
    await userEvent.click(screen.getByRole('radio', { name: 'Scan more than one computer' }))
    await userEvent.type(screen.getByRole('textbox', { name: /Address range or network/ }), '10.1.0.0/16')
    await userEvent.click(screen.getByRole('button', { name: 'Start scan of 1 entry' }))
    const grid = await screen.findByRole('grid', { name: 'Hosts of this scan' })
    expect(grid).toHaveAttribute('aria-rowcount', String(65_534 + 1))
    const rows = within(grid).getAllByRole('row')
    expect(rows.length).toBeLessThan(40)
    // The first host's row is reachable with Tab (roving tabindex), the others with the arrow keys.
    const first = rows.find((row) => row.getAttribute('aria-rowindex') === '2')
    expect(first).toHaveAttribute('tabindex', '0')
    expect(within(first as HTMLElement).getByText('10.1.0.1')).toBeInTheDocument()
    // Opening a row shows the host in full below the grid.
    await userEvent.click(first as HTMLElement)
    expect(await screen.findByRole('region', { name: 'Host 10.1.0.1' })).toBeInTheDocument()
  }, 30_000)
})
