import { z } from 'zod'

/** How Patchlane reaches a host; `auto` picks from the ports that answered the probe. */
export const ScanTransport = z.enum(['auto', 'winrm', 'ssh', 'dcom', 'local'])
export type ScanTransport = z.infer<typeof ScanTransport>

/** Where one host of a scan stands. The last four are final; `cancelled` can be resumed. */
export const ScanHostState = z.enum(['queued', 'probing', 'collecting', 'assessing', 'done', 'failed', 'unreachable', 'cancelled'])
export type ScanHostState = z.infer<typeof ScanHostState>

/** Where a scan stands. `interrupted`: its process died; `patchlane scan --resume ID` finishes it. */
export const ScanState = z.enum(['running', 'finished', 'cancelled', 'interrupted'])
export type ScanState = z.infer<typeof ScanState>

/** Why a host could not be scanned, in an administrator's words, with what to do about it. */
export const HostError = z.object({
  kind: z.string(),
  cause: z.string(),
  fix: z.string(),
  /** The raw text the failure came with (WinRM, SSH, CIM), kept for the curious; never secrets. */
  detail: z.string().nullable(),
})
export type HostError = z.infer<typeof HostError>

/** One host of a scan as stored: what was asked, what answered, and what came back. */
export const ScanHost = z.object({
  id: z.number().int().positive(),
  scanId: z.string(),
  target: z.string(),
  address: z.string().nullable(),
  state: ScanHostState,
  transport: z.string().nullable(),
  openPorts: z.array(z.number().int()),
  error: HostError.nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
})
export type ScanHost = z.infer<typeof ScanHost>

/** A scan and the count of its hosts in each state. */
export const ScanSummary = z.object({
  id: z.string(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  state: ScanState,
  label: z.string(),
  counts: z.record(ScanHostState, z.number().int().nonnegative()),
})
export type ScanSummary = z.infer<typeof ScanSummary>

/** Pushed each time a host changes state. */
export const ScanProgress = z.object({
  scanId: z.string(),
  host: ScanHost,
  counts: z.record(ScanHostState, z.number().int().nonnegative()),
})
export type ScanProgress = z.infer<typeof ScanProgress>
