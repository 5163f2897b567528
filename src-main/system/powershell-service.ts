import type { Database } from 'better-sqlite3'
import type { PowerShellCheck, PowerShellStatus } from '../contract/schemas/system'
import { CoreError } from '../errors'
import type { EventBus } from '../event-bus'
import { findPowerShell, type PowerShellLocation } from '../powershell/find-powershell'
import type { PowerShellRunner } from '../powershell/runner'
import { getPatchlaneHost } from '../powershell/scripts'
import { insertPowerShellCheck, latestPowerShellCheck } from '../store/powershell-checks'

export interface PowerShellServiceDeps {
  readonly db: Database
  readonly events: EventBus
  readonly now: () => Date
  /** The located executable; null with a problem when none was found. */
  readonly location: PowerShellLocation
  /** Created on first use so that starting the app never waits for PowerShell. */
  readonly runner: () => PowerShellRunner | null
}

/**
 * "Check PowerShell": runs Get-PatchlaneHost.ps1, keeps the outcome, tells listeners.
 *
 * A failure is stored too: Settings shows the last problem until a check succeeds.
 */
export function createPowerShellService(deps: PowerShellServiceDeps) {
  return {
    status(): PowerShellStatus {
      return { executable: deps.location.executable, problem: deps.location.problem, lastCheck: latestPowerShellCheck(deps.db) }
    },

    async check(): Promise<PowerShellCheck> {
      const runner = deps.runner()
      let check: PowerShellCheck
      if (!runner) {
        check = insertPowerShellCheck(deps.db, {
          checkedAt: deps.now().toISOString(),
          executable: null,
          report: null,
          problem: deps.location.problem ?? 'PowerShell was not found.',
        })
      } else {
        try {
          const report = await runner.run(getPatchlaneHost, {})
          check = insertPowerShellCheck(deps.db, { checkedAt: deps.now().toISOString(), executable: runner.executable, report, problem: null })
        } catch (error) {
          const problem = error instanceof CoreError ? error.message : String(error)
          check = insertPowerShellCheck(deps.db, { checkedAt: deps.now().toISOString(), executable: runner.executable, report: null, problem })
        }
      }
      deps.events.emit('powershellChecked', check)
      return check
    },
  }
}

export type PowerShellService = ReturnType<typeof createPowerShellService>

export { findPowerShell }
