import { z } from 'zod'
import { WuaSearchResult } from '../contract/schemas/wua'

/**
 * The JSON document `Get-HostInventory.ps1` prints, exactly as printed (raw shapes, the script's
 * field names). `src-main/inventory/` maps it to a HostInventory; nothing here interprets it.
 *
 * Conventions of the script that the schema pins down:
 * - every list is a JSON array, even with one or zero items (Windows PowerShell 5.1 would
 *   otherwise unwrap a single item into an object);
 * - instants are ISO 8601 UTC strings (`2024-01-09T10:15:00Z`); values Windows does not have are
 *   `null`, never missing;
 * - a section that could not be read is `null` (or empty) and explained in `warnings`.
 */

/** An instant written by the script: ISO 8601 in UTC. */
const UtcInstant = z.iso.datetime()

/** What the script reports about itself and how it reached the host. */
export const CollectorRun = z.object({
  /** Host name as requested (`-ComputerName`), or null for the local machine. */
  computerName: z.string().nullable(),
  protocol: z.enum(['Local', 'Dcom', 'Wsman']),
  /** PowerShell that ran the script (the console's, not the target's, for a remote CimSession). */
  psVersion: z.string(),
  psEdition: z.string(),
  startedAt: UtcInstant,
  finishedAt: UtcInstant,
})
export type CollectorRun = z.infer<typeof CollectorRun>

/** Win32_OperatingSystem plus `HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion`. */
export const CollectorOs = z.object({
  /** Win32_OperatingSystem.Caption, e.g. `Microsoft Windows 11 Enterprise`. */
  caption: z.string(),
  /** Win32_OperatingSystem.Version, e.g. `10.0.22631`. */
  version: z.string(),
  buildNumber: z.string(),
  /** `64-bit`, `32-bit`, `ARM 64-bit Processor` (localised on some systems). */
  osArchitecture: z.string().nullable(),
  /** 1 workstation, 2 domain controller, 3 server; null when WMI answered something else (with a warning). */
  productType: z.number().int().nullable(),
  operatingSystemSku: z.number().int().nullable(),
  servicePackMajorVersion: z.number().int().nullable(),
  csdVersion: z.string().nullable(),
  osLanguage: z.number().int().nullable(),
  muiLanguages: z.array(z.string()),
  csName: z.string().nullable(),
  installDate: UtcInstant.nullable(),
  lastBootUpTime: UtcInstant.nullable(),
  /** Registry values (null when absent, e.g. no DisplayVersion before 20H2, no UBR before Windows 10). */
  registry: z.object({
    productName: z.string().nullable(),
    currentBuild: z.string().nullable(),
    ubr: z.number().int().nullable(),
    displayVersion: z.string().nullable(),
    releaseId: z.string().nullable(),
    editionId: z.string().nullable(),
    /** `Client`, `Server`, `Server Core`. */
    installationType: z.string().nullable(),
  }),
})
export type CollectorOs = z.infer<typeof CollectorOs>

/** One Win32_QuickFixEngineering instance. */
export const CollectorHotFix = z.object({
  /** Usually `KB5034441`; old systems also list GUIDs, bare numbers or `File 1`. */
  hotFixId: z.string(),
  description: z.string().nullable(),
  installedBy: z.string().nullable(),
  /** As Windows stores it: `1/9/2024`, `20190305`, a hex FILETIME, or null. */
  installedOn: z.string().nullable(),
  /** `installedOn` as an ISO 8601 calendar date (`2024-01-09`) when it could be parsed. */
  installedOnIso: z.iso.date().nullable(),
  caption: z.string().nullable(),
})
export type CollectorHotFix = z.infer<typeof CollectorHotFix>

/** One IUpdateHistoryEntry of the Windows Update Agent. */
export const CollectorUpdateHistoryEntry = z.object({
  title: z.string().nullable(),
  /** First `KB\d+` in the title, or null. */
  kb: z.string().nullable(),
  date: UtcInstant.nullable(),
  /** 1 installation, 2 uninstallation. */
  operation: z.number().int(),
  /** OperationResultCode: 0 not started, 1 in progress, 2 succeeded, 3 succeeded with errors, 4 failed, 5 aborted. */
  resultCode: z.number().int(),
  hResult: z.number().int(),
  updateId: z.string().nullable(),
  revisionNumber: z.number().int().nullable(),
  clientApplicationId: z.string().nullable(),
  /** ServerSelection: 0 default, 1 managed server (WSUS), 2 Windows Update, 3 other. */
  serverSelection: z.number().int().nullable(),
  supportUrl: z.string().nullable(),
})
export type CollectorUpdateHistoryEntry = z.infer<typeof CollectorUpdateHistoryEntry>

/** One Win32_Service instance. */
export const CollectorService = z.object({
  name: z.string(),
  displayName: z.string().nullable(),
  /** `Running`, `Stopped`, … */
  state: z.string().nullable(),
  /** `Auto`, `Manual`, `Disabled`, `Boot`, `System`. */
  startMode: z.string().nullable(),
  startName: z.string().nullable(),
  pathName: z.string().nullable(),
})
export type CollectorService = z.infer<typeof CollectorService>

/**
 * One role/feature. Servers: Win32_ServerFeature (installed ones only, `installState` 1).
 * Clients: Win32_OptionalFeature, every feature with its InstallState (1 enabled, 2 disabled, 3 absent).
 */
export const CollectorFeature = z.object({
  source: z.enum(['Win32_ServerFeature', 'Win32_OptionalFeature']),
  name: z.string(),
  caption: z.string().nullable(),
  /** Win32_ServerFeature.ID / ParentID; null for optional features. */
  id: z.number().int().nullable(),
  parentId: z.number().int().nullable(),
  installState: z.number().int().nullable(),
})
export type CollectorFeature = z.infer<typeof CollectorFeature>

/** One uninstall entry with a DisplayName (`Uninstall` key, 64-bit or WOW6432Node view). */
export const CollectorProduct = z.object({
  displayName: z.string(),
  displayVersion: z.string().nullable(),
  publisher: z.string().nullable(),
  /** Name of the subkey (a GUID for MSI products). */
  keyName: z.string(),
  /** `native` = SOFTWARE\…\Uninstall, `wow6432` = SOFTWARE\WOW6432Node\…\Uninstall. */
  view: z.enum(['native', 'wow6432']),
})
export type CollectorProduct = z.infer<typeof CollectorProduct>

/** The three places Windows records a reboot it still needs. */
export const CollectorPendingReboot = z.object({
  /** `…\Component Based Servicing\RebootPending` key exists. */
  cbsRebootPending: z.boolean(),
  /** `…\WindowsUpdate\Auto Update\RebootRequired` key exists. */
  windowsUpdateRebootRequired: z.boolean(),
  /** `Session Manager` PendingFileRenameOperations has entries. */
  pendingFileRenameOperations: z.boolean(),
  pendingFileRenameCount: z.number().int().nonnegative(),
  any: z.boolean(),
})
export type CollectorPendingReboot = z.infer<typeof CollectorPendingReboot>

/** One registry value read for the rules: `path` is `HKLM\…`. */
export const CollectorRegistryValue = z.object({
  path: z.string(),
  name: z.string(),
  value: z.union([z.string(), z.number(), z.array(z.string())]).nullable(),
})
export type CollectorRegistryValue = z.infer<typeof CollectorRegistryValue>

/** A section that could not be read; the rest of the document is still valid. */
export const CollectorWarning = z.object({
  section: z.enum(['os', 'registry', 'hotfixes', 'updateHistory', 'services', 'features', 'dotNet', 'products', 'edge', 'pendingReboot', 'registryValues']),
  message: z.string(),
  hresult: z.number().int().nullable(),
})
export type CollectorWarning = z.infer<typeof CollectorWarning>

/** The whole document on stdout. */
export const CollectorOutput = z.object({
  schemaVersion: z.literal(1),
  collector: CollectorRun,
  /** Always present: without Win32_OperatingSystem the script fails (stderr, exit 1) instead. */
  os: CollectorOs,
  hotfixes: z.array(CollectorHotFix).nullable(),
  /** Null when not asked for (`-IncludeUpdateHistory` absent) or not readable (see warnings). */
  updateHistory: z.array(CollectorUpdateHistoryEntry).nullable(),
  services: z.array(CollectorService).nullable(),
  features: z.array(CollectorFeature).nullable(),
  /**
   * `NDP\v4\Full` Release DWORD, null when 4.5+ is absent. Microsoft's table: 528372 = 4.8 on
   * Windows 10 2004+, 533320 = 4.8.1 on Windows 11 22H2/23H2, 533325 = 4.8.1 elsewhere (24H2, Server 2025).
   */
  dotNetFrameworkRelease: z.number().int().nullable(),
  products: z.array(CollectorProduct).nullable(),
  /** Microsoft Edge (Chromium) version from its uninstall entry, else EdgeUpdate's `pv`. */
  edgeVersion: z.string().nullable(),
  pendingReboot: CollectorPendingReboot.nullable(),
  /**
   * The HKLM values asked for with `-RegistryValue` (the mitigating-factor rules' values); absent
   * when none were asked, null when they could not be read (see warnings). A value that does
   * not exist is `value: null`.
   */
  registryValues: z.array(CollectorRegistryValue).nullable().optional(),
  /**
   * The Windows Update Agent's search (`-WuaMode Online|Offline`); absent when the scan did not ask
   * for it. A search that failed is still present, with its `error`: the inventory stands without it.
   */
  wua: WuaSearchResult.optional(),
  warnings: z.array(CollectorWarning),
})
export type CollectorOutput = z.infer<typeof CollectorOutput>

/** What the script prints on stderr before exiting 1. */
export const CollectorFailure = z.object({
  schemaVersion: z.literal(1),
  error: z.object({ message: z.string(), hresult: z.number().int().nullable(), section: z.string().nullable() }),
})
export type CollectorFailure = z.infer<typeof CollectorFailure>
