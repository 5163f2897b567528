import { z } from 'zod'
import { PowerShellHostReport } from '../contract/schemas/system'
import { defineScript } from './script-spec'

/** Describes the PowerShell engine and machine (Settings → Check PowerShell, `patchlane doctor`). */
export const getPatchlaneHost = defineScript({
  file: 'Get-PatchlaneHost.ps1',
  params: z.strictObject({}),
  output: PowerShellHostReport,
  timeoutMs: 30_000,
})
