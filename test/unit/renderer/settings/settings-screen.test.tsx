import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { ApiProvider } from '../../../../src-renderer/src/api/api-context'
import { SettingsScreen } from '../../../../src-renderer/src/features/settings/settings-screen'
import { SettingsStoreProvider } from '../../../../src-renderer/src/features/settings/settings-store-context'
import { createFakeApi, fail, ok, type FakeApi } from '../../../helpers/fake-api'
import { appInfo, okCheck } from './fixtures'

function renderSettings(api: FakeApi) {
  return render(
    <ApiProvider api={api}>
      <SettingsStoreProvider>
        <SettingsScreen />
      </SettingsStoreProvider>
    </ApiProvider>,
  )
}

const noCheckYet = () => ok({ executable: 'C:\\Program Files\\PowerShell\\7\\pwsh.exe', problem: null, lastCheck: null })

describe('SettingsScreen', () => {
  it('shows the data folder, database path, size and schema version', async () => {
    const api = createFakeApi({ getAppInfo: ok(appInfo()), getPowerShellStatus: noCheckYet() })
    renderSettings(api)
    const data = await screen.findByRole('region', { name: 'Data and database' })
    expect(await within(data).findByText(appInfo().dataDir)).toBeInTheDocument()
    expect(within(data).getByText(appInfo().db.path)).toBeInTheDocument()
    expect(within(data).getByText('161 KB')).toBeInTheDocument()
    expect(within(data).getByText('2')).toBeInTheDocument()
  })

  it('runs Check PowerShell and shows version, edition, OS, rights and computer name', async () => {
    const api = createFakeApi({ getAppInfo: ok(appInfo()), getPowerShellStatus: noCheckYet(), checkPowerShell: ok(okCheck(1)) })
    renderSettings(api)
    const card = await screen.findByRole('region', { name: 'PowerShell' })
    expect(await within(card).findByText(/Not checked yet/)).toBeInTheDocument()
    await userEvent.click(within(card).getByRole('button', { name: 'Check PowerShell' }))
    expect(await within(card).findByText('7.6.9')).toBeInTheDocument()
    expect(within(card).getByText('Core (PowerShell 7)')).toBeInTheDocument()
    expect(within(card).getByText('Microsoft Windows 11 Pro 10.0.26100')).toBeInTheDocument()
    expect(within(card).getByText('No')).toBeInTheDocument()
    expect(within(card).getByText('PC-ADMIN01')).toBeInTheDocument()
    expect(api.calls.filter((c) => c.method === 'checkPowerShell')).toEqual([{ method: 'checkPowerShell', input: {} }])
  })

  it('disables the button while a check runs', async () => {
    let finish: (value: ReturnType<typeof ok>) => void = () => undefined
    const api = createFakeApi({
      getAppInfo: ok(appInfo()),
      getPowerShellStatus: noCheckYet(),
      checkPowerShell: () => new Promise((resolve) => (finish = resolve as typeof finish)),
    })
    renderSettings(api)
    await userEvent.click(await screen.findByRole('button', { name: 'Check PowerShell' }))
    expect(screen.getByRole('button', { name: /Checking/ })).toBeDisabled()
    finish(ok(okCheck(1)))
    expect(await screen.findByRole('button', { name: 'Check PowerShell' })).toBeEnabled()
  })

  it('shows the problem of a failed check', async () => {
    const failed = okCheck(3, { report: null, problem: 'Get-PatchlaneHost.ps1 did not answer within 30 s on this computer.' })
    const api = createFakeApi({ getAppInfo: ok(appInfo()), getPowerShellStatus: ok({ executable: failed.executable, problem: null, lastCheck: failed }) })
    renderSettings(api)
    expect(await screen.findByText(/did not answer within 30 s/)).toBeInTheDocument()
    expect(screen.getByText(/Last check failed/)).toBeInTheDocument()
  })

  it('says when no PowerShell was found', async () => {
    const problem = 'Neither PowerShell 7 (pwsh.exe) nor Windows PowerShell (powershell.exe) was found.'
    const api = createFakeApi({ getAppInfo: ok(appInfo()), getPowerShellStatus: ok({ executable: null, problem, lastCheck: null }) })
    renderSettings(api)
    expect(await screen.findByText(problem)).toBeInTheDocument()
    expect(screen.getByText('No PowerShell found')).toBeInTheDocument()
  })

  it('shows a failed Result in a message bar instead of throwing', async () => {
    const api = createFakeApi({
      getAppInfo: fail('store-failed', 'The database C:\\Patchlane\\patchlane.db is locked by another program.'),
      getPowerShellStatus: noCheckYet(),
      checkPowerShell: fail('powershell-failed', 'pwsh.exe exited with code 1 before answering.'),
    })
    renderSettings(api)
    expect(await screen.findByText(/is locked by another program/)).toBeInTheDocument()
    expect(screen.getByText('Application details could not be read')).toBeInTheDocument()
    await userEvent.click(screen.getByRole('button', { name: 'Check PowerShell' }))
    expect(await screen.findByText(/exited with code 1/)).toBeInTheDocument()
  })

  it('updates live on the powershellChecked event, ignoring an older check', async () => {
    const api = createFakeApi({ getAppInfo: ok(appInfo()), getPowerShellStatus: noCheckYet() })
    renderSettings(api)
    await screen.findByText(/Not checked yet/)
    api.emit('powershellChecked', okCheck(5, { report: { ...okCheck(5).report!, computerName: 'SRV-FILE02' } }))
    expect(await screen.findByText('SRV-FILE02')).toBeInTheDocument()
    api.emit('powershellChecked', okCheck(4, { report: { ...okCheck(4).report!, computerName: 'OLD-PC' } }))
    expect(screen.queryByText('OLD-PC')).not.toBeInTheDocument()
    expect(screen.getByText('SRV-FILE02')).toBeInTheDocument()
  })

  it('stops listening when it goes away', async () => {
    const api = createFakeApi({ getAppInfo: ok(appInfo()), getPowerShellStatus: noCheckYet() })
    const view = renderSettings(api)
    await screen.findByText(/Not checked yet/)
    expect(api.listenerCount('powershellChecked')).toBe(1)
    view.unmount()
    expect(api.listenerCount('powershellChecked')).toBe(0)
  })
})
