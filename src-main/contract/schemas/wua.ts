import { z } from 'zod'
import { Severity, UpdateState } from './assessment'

/**
 * The Windows Update Agent's own answer for a host (Detect's optional search), and how it
 * compares with Patchlane's build-based judgement (Assess: "show both answers side by side").
 */

/** `online`: the host's configured source (WSUS or Microsoft Update). `offline`: a copied wsusscn2.cab. */
export const WuaMode = z.enum(['online', 'offline'])
export type WuaMode = z.infer<typeof WuaMode>

/** Asked per scan. `cabFile` is a path on this computer; it is copied to each host and removed after. */
export const WuaScanOptions = z
  .strictObject({
    mode: WuaMode,
    cabFile: z.string().trim().min(1).max(4096).optional(),
  })
  .refine((options) => (options.mode === 'offline') === (options.cabFile !== undefined), 'an offline search needs a wsusscn2.cab file, and only an offline search takes one')
export type WuaScanOptions = z.infer<typeof WuaScanOptions>

/** One update the agent found applicable and not installed (IUpdate). */
export const WuaUpdate = z.object({
  /** `KB` + IUpdate.KBArticleIDs[0]; null when the update names no KB (definition updates, drivers). */
  kb: z.string().regex(/^KB\d{4,8}$/).nullable(),
  title: z.string(),
  /** IUpdate.Identity.UpdateID. */
  updateId: z.string().nullable(),
  /** IUpdate.MsrcSeverity; null for non-security updates. */
  severity: Severity.nullable(),
  /** IUpdate.Categories[*].Name, e.g. "Security Updates", "Windows 11". */
  categories: z.array(z.string()),
  /** IUpdate.CveIDs. */
  cves: z.array(z.string()),
  isDownloaded: z.boolean(),
})
export type WuaUpdate = z.infer<typeof WuaUpdate>

/** The agent's search as it ran on the host. A failed search keeps its error; the scan's other results stand. */
export const WuaSearchResult = z.object({
  mode: WuaMode,
  /** Where the agent looked: `wsus`, `windows-update`, `microsoft-update` or `offline-cab`. */
  source: z.string(),
  /** The WSUS server (HKLM\SOFTWARE\Policies\Microsoft\Windows\WindowsUpdate WUServer), when there is one. */
  serverUrl: z.string().nullable(),
  searchedAt: z.string(),
  criteria: z.string(),
  missing: z.array(WuaUpdate),
  error: z.object({ hresult: z.string().nullable(), message: z.string() }).nullable(),
})
export type WuaSearchResult = z.infer<typeof WuaSearchResult>

/** One KB in either answer, with both verdicts and why they differ. */
export const WuaComparisonRow = z.object({
  kb: z.string(),
  title: z.string().nullable(),
  agent: z.enum(['missing', 'not-listed']),
  patchlane: z.union([UpdateState, z.literal('not-listed')]),
  agree: z.boolean(),
  /** Why the answers differ (or "both missing"), in words. */
  note: z.string(),
})
export type WuaComparisonRow = z.infer<typeof WuaComparisonRow>

/** Both answers side by side, for a host whose scan asked the agent. */
export const WuaSideBySide = z.object({
  search: WuaSearchResult,
  rows: z.array(WuaComparisonRow),
  disagreements: z.number().int().nonnegative(),
})
export type WuaSideBySide = z.infer<typeof WuaSideBySide>
