import type { Output } from '../../../../src-main/contract/api'

/** What getAppInfo answers for a data folder on a Windows machine. */
export function appInfo(): Output<'getAppInfo'> {
  return {
    version: '0.1.0',
    dataDir: 'C:\\Users\\admin\\AppData\\Roaming\\Patchlane',
    db: { path: 'C:\\Users\\admin\\AppData\\Roaming\\Patchlane\\patchlane.db', schemaVersion: 2, bytes: 164_864 },
  }
}

/** A successful check, shaped as Get-PatchlaneHost.ps1 reports it through the store. */
export function okCheck(id: number, overrides: Partial<Output<'checkPowerShell'>> = {}): Output<'checkPowerShell'> {
  return {
    id,
    checkedAt: '2026-11-27T08:00:00.000Z',
    executable: 'C:\\Program Files\\PowerShell\\7\\pwsh.exe',
    report: { schemaVersion: 1, psVersion: '7.6.9', edition: 'Core', os: 'Microsoft Windows 11 Pro 10.0.26100', isAdmin: false, computerName: 'PC-ADMIN01' },
    problem: null,
    ...overrides,
  }
}
