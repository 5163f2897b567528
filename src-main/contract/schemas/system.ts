import { z } from 'zod'

/** Where the app keeps its data, and the state of its database. */
export const AppInfo = z.object({
  version: z.string(),
  dataDir: z.string(),
  db: z.object({
    path: z.string(),
    schemaVersion: z.number().int().nonnegative(),
    bytes: z.number().int().nonnegative(),
  }),
})
export type AppInfo = z.infer<typeof AppInfo>

/** What `Get-PatchlaneHost.ps1` prints, as validated in TypeScript. */
export const PowerShellHostReport = z.object({
  schemaVersion: z.literal(1),
  psVersion: z.string().min(1),
  edition: z.enum(['Desktop', 'Core']),
  os: z.string(),
  isAdmin: z.boolean(),
  computerName: z.string(),
})
export type PowerShellHostReport = z.infer<typeof PowerShellHostReport>

/** One run of "Check PowerShell", as stored. `problem` is set when no report could be had. */
export const PowerShellCheck = z.object({
  id: z.number().int().positive(),
  checkedAt: z.string(),
  executable: z.string().nullable(),
  report: PowerShellHostReport.nullable(),
  problem: z.string().nullable(),
})
export type PowerShellCheck = z.infer<typeof PowerShellCheck>

/** The PowerShell this machine would use, and the newest stored check. */
export const PowerShellStatus = z.object({
  executable: z.string().nullable(),
  problem: z.string().nullable(),
  lastCheck: PowerShellCheck.nullable(),
})
export type PowerShellStatus = z.infer<typeof PowerShellStatus>
