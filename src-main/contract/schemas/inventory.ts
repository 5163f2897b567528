import { z } from 'zod'

/**
 * What a host is, whatever it was read from: Patchlane's collector, a `systeminfo` text or a
 * hotfix list. The assessment reads only this; parsers in `src-main/inventory/` produce it.
 *
 * Values a source does not have are `null` (never guessed): `systeminfo` has no UBR, a hotfix
 * list has no OS. `provenance` says which source gave what, and `buildSource` says how sure the
 * build is, so the assessment can fill the UBR later from the newest installed cumulative update.
 */

/** A calendar date, ISO 8601 (`2019-03-05`). */
export const IsoDate = z.iso.date()

/**
 * Where an inventory (or one fact in it) came from. `os-properties` is a PowerShell listing of the
 * OS alone (Get-ComputerInfo, the registry's CurrentVersion key, Win32_OperatingSystem).
 */
export const InventorySource = z.enum(['collector', 'systeminfo', 'qfe', 'get-hotfix', 'os-properties'])
export type InventorySource = z.infer<typeof InventorySource>

/** CPU architecture of the installed Windows (not of the processor). */
export const Architecture = z.enum(['x86', 'x64', 'arm64', 'arm', 'itanium'])
export type Architecture = z.infer<typeof Architecture>

/** Client Windows, full server, or Server Core (MSRC lists Server Core as its own product). */
export const InstallationType = z.enum(['client', 'server', 'server-core'])
export type InstallationType = z.infer<typeof InstallationType>

/** Win32_ComputerSystem.DomainRole, in words (systeminfo's "OS Configuration"). */
export const DomainRole = z.enum([
  'standalone-workstation',
  'member-workstation',
  'standalone-server',
  'member-server',
  'backup-domain-controller',
  'primary-domain-controller',
])
export type DomainRole = z.infer<typeof DomainRole>

/**
 * How the build and UBR are known.
 * - `registry`: CurrentBuild + UBR read from the registry (exact);
 * - `os-version`: build from the OS version string, UBR unknown (systeminfo, Win32_OperatingSystem);
 * - `inferred-from-updates`: UBR derived from the newest installed cumulative update (the catalog does this later);
 * - `unknown`: no build at all (a bare hotfix list).
 */
export const BuildSource = z.enum(['registry', 'os-version', 'inferred-from-updates', 'unknown'])
export type BuildSource = z.infer<typeof BuildSource>

/** The operating system as the host reported it, with the facts the product mapping needs. */
export const OsInfo = z.object({
  /** As reported, possibly localised: `Microsoft Windows 10 企业版 LTSC`. */
  caption: z.string().nullable(),
  /** EditionID when known (`Professional`, `ServerDatacenter`), else the edition words of the caption. */
  edition: z.string().nullable(),
  /** `10.0.19044`, `6.1.7601`. */
  version: z.string().nullable(),
  build: z.number().int().nonnegative().nullable(),
  /** Update build revision (the `.2364` in 10.0.19044.2364); null when the source does not show it. */
  ubr: z.number().int().nonnegative().nullable(),
  buildSource: BuildSource,
  /** Feature release: `22H2`, `1809`; from the registry or derived from the build. */
  displayVersion: z.string().nullable(),
  servicePack: z.number().int().nonnegative().nullable(),
  architecture: Architecture.nullable(),
  installationType: InstallationType.nullable(),
  domainRole: DomainRole.nullable(),
  /**
   * Original install date and last boot. From the collector: ISO 8601 UTC (`…Z`). From systeminfo:
   * the host's local time without zone (`2019-03-04T11:44:54`), as systeminfo prints no zone.
   */
  installDate: z.string().nullable(),
  lastBootTime: z.string().nullable(),
  /** System locale code as reported (`de`, `zh-cn`). */
  locale: z.string().nullable(),
})
export type OsInfo = z.infer<typeof OsInfo>

/** One installed update (Win32_QuickFixEngineering, systeminfo's hotfix list, Get-HotFix). */
export const InstalledUpdate = z.object({
  /** As reported: `KB4343909`, `Q147222`, `KB893803v2`, `{7A068575-…}`, `943729`. */
  id: z.string().min(1),
  /** The KB it names, normalised (`KB893803`), or null when the id names none. */
  kb: z.string().regex(/^KB\d{5,8}$/).nullable(),
  installedOn: IsoDate.nullable(),
  /** `Security Update`, `Update`, `Hotfix`; null when the source does not say (systeminfo). */
  description: z.string().nullable(),
  installedBy: z.string().nullable(),
  source: InventorySource,
})
export type InstalledUpdate = z.infer<typeof InstalledUpdate>

/** Software other than Windows that MSRC publishes updates for. */
export const InstalledProduct = z.object({
  kind: z.enum(['dotnet-framework', 'edge', 'office', 'other']),
  name: z.string(),
  version: z.string().nullable(),
  /** .NET Framework `Release` DWORD, when that is the product. */
  release: z.number().int().nullable(),
})
export type InstalledProduct = z.infer<typeof InstalledProduct>

/** A Windows service (mitigating factors: "the service is stopped"). */
export const ServiceInfo = z.object({
  name: z.string(),
  displayName: z.string().nullable(),
  state: z.enum(['running', 'stopped', 'paused', 'start-pending', 'stop-pending', 'continue-pending', 'pause-pending', 'unknown']),
  startMode: z.enum(['auto', 'manual', 'disabled', 'boot', 'system', 'unknown']),
})
export type ServiceInfo = z.infer<typeof ServiceInfo>

/** A server role/feature or client optional feature (mitigating factors: "the role is absent"). */
export const FeatureInfo = z.object({
  name: z.string(),
  displayName: z.string().nullable(),
  kind: z.enum(['server-feature', 'optional-feature']),
  installed: z.boolean(),
})
export type FeatureInfo = z.infer<typeof FeatureInfo>

/** Which sources made this inventory, when, and what they could not read. */
export const Provenance = z.object({
  sources: z.array(InventorySource).min(1),
  /** When the host was read (collector), or null when unknown (a text file carries no time). */
  collectedAt: z.iso.datetime().nullable(),
  /** When Patchlane parsed it. */
  parsedAt: z.iso.datetime(),
  /** File name for imported files, else null. */
  fileName: z.string().nullable(),
  /** How the file's bytes were decoded (`utf-16le`, `ibm850` …), null for JSON from the collector. */
  encoding: z.string().nullable(),
  /** Things the parser could not read or had to assume, in words for an administrator. */
  warnings: z.array(z.string()),
})
export type Provenance = z.infer<typeof Provenance>

/** Everything Patchlane knows about one host at one moment. */
export const HostInventory = z.object({
  schemaVersion: z.literal(1),
  computerName: z.string().nullable(),
  /** Null only for a bare hotfix list, whose OS must be given separately. */
  os: OsInfo.nullable(),
  updates: z.array(InstalledUpdate),
  /**
   * False when the source says more updates are installed than it lists: systeminfo on
   * Windows 7 / XP stops after about 245 entries. An incomplete list must not be read as
   * "everything else is missing"; add the host's `wmic qfe` list or scan it with the collector.
   */
  updatesComplete: z.boolean(),
  /** Null when the source cannot tell (systeminfo), empty when it tells "none". */
  products: z.array(InstalledProduct).nullable(),
  services: z.array(ServiceInfo).nullable(),
  features: z.array(FeatureInfo).nullable(),
  pendingReboot: z.boolean().nullable(),
  /**
   * HKLM registry values read for the mitigating-factor rules (`registryValuesNeeded` in
   * src-main/assess/mitigations/): `value` null = read, and the value does not exist. Absent
   * when the source reads no registry (systeminfo); a value not listed was not read.
   */
  registryValues: z
    .array(z.object({ path: z.string(), name: z.string(), value: z.union([z.string(), z.number(), z.array(z.string())]).nullable() }))
    .optional(),
  provenance: Provenance,
})
export type HostInventory = z.infer<typeof HostInventory>
