import { z } from 'zod'
import { AssessmentChanges, AssessmentSummary, HostAssessment } from './assessment'
import { Decision } from './decisions'
import { CredentialName } from './credentials'
import { HostError, ScanHost, ScanHostState, ScanSummary, ScanTransport } from './scan'
import { WuaScanOptions, WuaSideBySide } from './wua'

/**
 * Inputs and outputs of the console's Detect and Reports screens. Target specs are the CLI's own
 * (names, addresses, a-b ranges, CIDR, `domain:NAME`); a list file's contents arrive as names.
 */
export const StartScanInput = z.strictObject({
  targets: z.array(z.string().trim().min(1).max(500)).min(1).max(10_000),
  transport: ScanTransport,
  concurrency: z.number().int().min(1).max(64),
  /** SSH account and private key file; no password crosses to the renderer in this version. */
  userName: z.string().trim().min(1).max(256).optional(),
  keyFile: z.string().trim().min(1).max(4096).optional(),
  /** A stored credential (Settings or the Detect screen); main reads its secret, the renderer never sees it. */
  credentialName: CredentialName.optional(),
  /** Also ask each host's Windows Update Agent. */
  wua: WuaScanOptions.optional(),
  confirmLarge: z.boolean().optional(),
  /** Not offered in the UI: the lab (test only) turns host-key checking off. Default accept-new. */
  hostKeyPolicy: z.enum(['accept-new', 'yes', 'no']).optional(),
})

export const StartScanResult = z.object({ scanId: z.string(), hosts: z.number().int().nonnegative(), notes: z.array(z.string()) })

export const ScanIdInput = z.strictObject({ scanId: z.string().min(1).max(100) })

export const ListScansInput = z.strictObject({ limit: z.number().int().min(1).max(1000).optional() })

/** What the report list shows of a host's newest assessment. */
export const HostAssessmentBrief = z.object({
  name: z.string().nullable(),
  product: z.string().nullable(),
  build: z.string().nullable(),
  assessedAt: z.string(),
  summary: AssessmentSummary,
})
export type HostAssessmentBrief = z.infer<typeof HostAssessmentBrief>

export const ScanDetail = z.object({
  summary: ScanSummary,
  hosts: z.array(ScanHost.extend({ assessment: HostAssessmentBrief.nullable() })),
})
export type ScanDetail = z.infer<typeof ScanDetail>

/** A scanned host (`scanHostId`) or an imported file's assessment (`assessmentId`). */
export const HostReportInput = z.union([
  z.strictObject({ scanHostId: z.number().int().positive() }),
  z.strictObject({ assessmentId: z.number().int().positive() }),
])

/** One computer's report: where it came from, how it was reached, and its newest judgement. */
export const HostReport = z.object({
  source: z.enum(['scan', 'imported']),
  computer: z.string(),
  address: z.string().nullable(),
  /** The imported file's name; null for a scanned host. */
  fileName: z.string().nullable(),
  scanLabel: z.string().nullable(),
  scannedAt: z.string(),
  transport: z.string().nullable(),
  state: ScanHostState.nullable(),
  error: HostError.nullable(),
  catalogAsOf: z.string().nullable(),
  assessment: HostAssessment.nullable(),
  /** Decisions in force (Assess) on this computer's missing updates. */
  decisions: z.array(Decision),
  /** The Windows Update Agent's answer beside Patchlane's, when the scan asked for it. */
  wua: WuaSideBySide.nullable().optional(),
  /** What changed since this computer's previous assessment; null when there is none. */
  changes: AssessmentChanges.nullable().optional(),
})
export type HostReport = z.infer<typeof HostReport>

export const ListReportsInput = z.strictObject({ limit: z.number().int().min(1).max(50_000).optional() })

/** One row of "Pick a security report to view": a scanned host or an imported file. */
export const ReportRow = z.object({
  source: z.enum(['scan', 'imported']),
  scanHostId: z.number().int().nullable(),
  assessmentId: z.number().int().nullable(),
  scanId: z.string().nullable(),
  computer: z.string(),
  address: z.string().nullable(),
  fileName: z.string().nullable(),
  time: z.string(),
  state: ScanHostState.nullable(),
  product: z.string().nullable(),
  missingUpdates: z.number().int().nullable(),
  missingCritical: z.number().int().nullable(),
  unconfirmed: z.number().int().nullable(),
  exposedExploited: z.number().int().nullable(),
})
export type ReportRow = z.infer<typeof ReportRow>

/** Files to import: typed paths on this machine, or dropped/picked files' bytes (base64). */
export const ImportInventoryInput = z
  .strictObject({
    paths: z.array(z.string().trim().min(1).max(4096)).max(500).optional(),
    files: z.array(z.strictObject({ name: z.string().min(1).max(260), base64: z.string().max(4 * 1024 * 1024) })).max(200).optional(),
  })
  .refine((input) => (input.paths?.length ?? 0) + (input.files?.length ?? 0) > 0, 'give at least one file')

export const ImportInventoryResult = z.array(
  z.union([
    z.object({ file: z.string(), ok: z.literal(true), assessmentId: z.number().int(), hostName: z.string().nullable(), product: z.string().nullable(), missingUpdates: z.number().int() }),
    z.object({ file: z.string(), ok: z.literal(false), error: z.string() }),
  ]),
)
