import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { targetsOf } from '../../../../src-renderer/src/features/detect/scan-targets'
import { createFakeApi, fail, ok } from '../../../helpers/fake-api'
import { renderDetect } from './render-detect'
import { scanDetail, scanHost } from './fixtures'

const unreachable = {
  kind: 'no-route',
  cause: 'No route to 10.231.0.15: nothing answered on the network.',
  fix: 'Check the computer is on and connected, and that its address is right.',
  detail: null,
}

describe('Detect', () => {
  it('offers MBSA’s two entries, sign-in and the Windows Update Agent, with nothing to start yet', async () => {
    renderDetect(createFakeApi({ listCredentials: ok([]) }))
    expect(screen.getByRole('radio', { name: 'Scan a computer' })).toBeChecked()
    expect(screen.getByRole('radio', { name: 'Scan more than one computer' })).toBeInTheDocument()
    expect(await screen.findByRole('combobox', { name: 'Credential' })).toHaveValue('')
    expect(screen.getByRole('radio', { name: 'Do not ask the agent' })).toBeChecked()
    expect(screen.queryByText(/later version|not available yet/)).toBeNull()
    expect(screen.getByRole('button', { name: 'Start scan' })).toBeDisabled()
  }, 20_000)

  it('starts a scan of pasted names with the chosen options, then follows it through scanProgress', async () => {
    const first = scanHost({ id: 1, target: '10.231.0.11', state: 'queued' })
    const second = scanHost({ id: 2, target: '10.231.0.15', address: '10.231.0.15', state: 'queued' })
    const api = createFakeApi({ listCredentials: ok([]), startScan: ok({ scanId: 'scan-1', hosts: 2, notes: [] }), getScan: ok(scanDetail([first, second])) })
    renderDetect(api)
    await userEvent.click(screen.getByRole('radio', { name: 'Scan more than one computer' }))
    await userEvent.click(screen.getByRole('radio', { name: /List of computers/ }))
    await userEvent.type(screen.getByRole('textbox', { name: /Computers/ }), '# lab\n10.231.0.11\n10.231.0.15\n10.231.0.11')
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Transport' }), 'ssh')
    await userEvent.type(screen.getByRole('textbox', { name: /SSH user name/ }), 'patchlane-lab')
    await userEvent.click(screen.getByRole('button', { name: 'Start scan of 2 entries' }))

    expect(api.calls.find((call) => call.method === 'startScan')?.input).toEqual({ targets: ['10.231.0.11', '10.231.0.15'], transport: 'ssh', concurrency: 8, userName: 'patchlane-lab' })
    const table = await screen.findByRole('grid', { name: 'Hosts of this scan' })
    expect(within(table).getAllByText('Queued')).toHaveLength(2)
    expect(screen.getByRole('button', { name: 'Cancel scan' })).toBeInTheDocument()

    const failed = { ...second, state: 'unreachable' as const, startedAt: '2026-11-27T08:00:00.000Z', finishedAt: '2026-11-27T08:00:03.000Z', error: unreachable }
    const done = { ...first, state: 'done' as const, startedAt: '2026-11-27T08:00:00.000Z', finishedAt: '2026-11-27T08:01:05.000Z' }
    api.answer('getScan', ok(scanDetail([done, failed], 'finished')))
    api.emit('scanProgress', { scanId: 'scan-1', host: failed, counts: scanDetail([first, failed]).summary.counts })
    expect(await within(table).findByText(unreachable.cause)).toBeInTheDocument()
    expect(within(table).getByText(`Fix: ${unreachable.fix}`)).toBeInTheDocument()
    expect(within(table).getByText('3 s')).toBeInTheDocument()
    api.emit('scanProgress', { scanId: 'scan-1', host: done, counts: scanDetail([done, failed]).summary.counts })
    expect(await screen.findByRole('button', { name: 'Retry 1 failed' })).toBeInTheDocument()
    expect(within(table).getByText('1 min 05 s')).toBeInTheDocument()

    api.answer('retryFailedHosts', ok({ scanId: 'scan-1', hosts: 1 }))
    await userEvent.click(screen.getByRole('button', { name: 'Retry 1 failed' }))
    expect(api.calls.filter((call) => call.method === 'retryFailedHosts')).toEqual([{ method: 'retryFailedHosts', input: { scanId: 'scan-1' } }])
  }, 20_000)

  it('shows why a scan could not start, in the service’s words', async () => {
    const message = 'Target "PC 0142" is not valid: a computer name cannot contain a space.'
    renderDetect(createFakeApi({ listCredentials: ok([]), startScan: fail('invalid-input', message) }))
    await userEvent.type(screen.getByRole('textbox', { name: /Computer name or IP address/ }), 'PC-0142')
    await userEvent.click(screen.getByRole('button', { name: 'Start scan' }))
    expect(await screen.findByText(message)).toBeInTheDocument()
    expect(screen.getByText('The scan could not start')).toBeInTheDocument()
  }, 20_000)

  it('turns the form into the CLI’s target specs', () => {
    const base = { mode: 'many', computer: '', thisComputer: false, manySource: 'range', range: '', list: '' } as const
    expect(targetsOf({ ...base, mode: 'one', thisComputer: true })).toEqual(['.'])
    expect(targetsOf({ ...base, mode: 'one', computer: '  PC-0142 ' })).toEqual(['PC-0142'])
    expect(targetsOf({ ...base, range: '10.1.2.1-10.1.2.20, 10.1.3.0/28' })).toEqual(['10.1.2.1-10.1.2.20', '10.1.3.0/28'])
    expect(targetsOf({ ...base, manySource: 'list', list: 'a\r\nB # desk\n\n@C:\\x.txt\nb' })).toEqual(['a', 'B'])
  })
})
