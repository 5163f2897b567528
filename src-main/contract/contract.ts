import { z } from 'zod'
import type { EventName, MethodName } from './methods'
import {
  CatalogExportResult,
  CatalogImportSummary,
  CatalogProgress,
  CatalogStatus,
  ExportCatalogInput,
  ImportCatalogInput,
} from './schemas/catalog'
import {
  HostReport,
  HostReportInput,
  ImportInventoryInput,
  ImportInventoryResult,
  ListReportsInput,
  ListScansInput,
  ReportRow,
  ScanDetail,
  ScanIdInput,
  StartScanInput,
  StartScanResult,
} from './schemas/console'
import { CredentialNameInput, CredentialSummary, SaveCredentialInput } from './schemas/credentials'
import { AffectedComputer, AffectedComputersInput, Decision, ListDecisionsInput, MissingUpdate, RecordDecisionInput } from './schemas/decisions'
import { ScanProgress, ScanSummary } from './schemas/scan'
import { AppInfo, PowerShellCheck, PowerShellStatus } from './schemas/system'

const NoInput = z.strictObject({})

/**
 * The whole request surface: one plain-object input and one output schema per method.
 *
 * The dispatcher validates every input against it before a handler runs.
 */
export const contract = {
  getAppInfo: { input: NoInput, output: AppInfo },
  getPowerShellStatus: { input: NoInput, output: PowerShellStatus },
  checkPowerShell: { input: NoInput, output: PowerShellCheck },
  getCatalogStatus: { input: NoInput, output: CatalogStatus },
  importCatalog: { input: ImportCatalogInput, output: CatalogImportSummary },
  exportCatalog: { input: ExportCatalogInput, output: CatalogExportResult },
  syncCatalog: { input: NoInput, output: CatalogImportSummary },
  startScan: { input: StartScanInput, output: StartScanResult },
  cancelScan: { input: ScanIdInput, output: z.object({ cancelled: z.boolean() }) },
  retryFailedHosts: { input: ScanIdInput, output: z.object({ scanId: z.string(), hosts: z.number().int().nonnegative() }) },
  listScans: { input: ListScansInput, output: z.array(ScanSummary) },
  getScan: { input: ScanIdInput, output: ScanDetail },
  getHostReport: { input: HostReportInput, output: HostReport },
  listReports: { input: ListReportsInput, output: z.array(ReportRow) },
  importInventoryFiles: { input: ImportInventoryInput, output: ImportInventoryResult },
  listMissingUpdates: { input: NoInput, output: z.array(MissingUpdate) },
  recordDecision: { input: RecordDecisionInput, output: Decision },
  listDecisions: { input: ListDecisionsInput, output: z.array(Decision) },
  listAffectedComputers: { input: AffectedComputersInput, output: z.array(AffectedComputer) },
  listCredentials: { input: NoInput, output: z.array(CredentialSummary) },
  saveCredential: { input: SaveCredentialInput, output: CredentialSummary },
  deleteCredential: { input: CredentialNameInput, output: z.object({ deleted: z.boolean() }) },
} satisfies Record<MethodName, { input: z.ZodType; output: z.ZodType }>

/** Payload schemas of the events main pushes to the renderer. */
export const events = {
  powershellChecked: PowerShellCheck,
  catalogProgress: CatalogProgress,
  scanProgress: ScanProgress,
} satisfies Record<EventName, z.ZodType>
