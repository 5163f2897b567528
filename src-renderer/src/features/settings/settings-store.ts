import { createStore } from 'zustand/vanilla'
import type { ApiError, Output, PatchlaneApi } from '../../../../src-main/contract/api'
import type { FeatureStore } from '../../stores/feature-store'

type AppInfo = Output<'getAppInfo'>
type PowerShellStatus = Output<'getPowerShellStatus'>

export interface SettingsState {
  readonly appInfo: AppInfo | null
  readonly appInfoError: ApiError | null
  readonly powershell: PowerShellStatus | null
  readonly powershellError: ApiError | null
  readonly loading: boolean
  readonly checking: boolean
  /** Load the data folder, database facts and the PowerShell status. Errors land in state. */
  load(): Promise<void>
  /** Run "Check PowerShell" on this machine; the outcome arrives also as the `powershellChecked` event. */
  checkPowerShell(): Promise<void>
}

/** Settings: application facts and the PowerShell this machine will use. */
export function createSettingsStore(api: PatchlaneApi): FeatureStore<SettingsState> {
  const store = createStore<SettingsState>()((set) => ({
    appInfo: null,
    appInfoError: null,
    powershell: null,
    powershellError: null,
    loading: false,
    checking: false,
    async load() {
      set({ loading: true })
      const [info, status] = await Promise.all([api.getAppInfo({}), api.getPowerShellStatus({})])
      set({
        loading: false,
        ...(info.ok ? { appInfo: info.value, appInfoError: null } : { appInfoError: info.error }),
        ...(status.ok ? { powershell: status.value, powershellError: null } : { powershellError: status.error }),
      })
    },
    async checkPowerShell() {
      set({ checking: true, powershellError: null })
      const result = await api.checkPowerShell({})
      set((state) => ({
        checking: false,
        ...(result.ok ? { powershell: withLastCheck(state.powershell, result.value) } : { powershellError: result.error }),
      }))
    },
  }))
  const connect = (): (() => void) =>
    // Another window or the CLI may check too: show the newest check wherever it came from.
    api.on('powershellChecked', (check) => store.setState((state) => ({ powershell: withLastCheck(state.powershell, check) })))
  return Object.assign(store, { connect })
}

function withLastCheck(status: PowerShellStatus | null, check: Output<'checkPowerShell'>): PowerShellStatus {
  if (status?.lastCheck && status.lastCheck.id > check.id) return status
  return {
    executable: check.executable ?? status?.executable ?? null,
    problem: status?.problem ?? null,
    lastCheck: check,
  }
}
