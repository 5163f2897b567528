import type { FeatureInfo, HostInventory, InstallationType, InstalledProduct, InstalledUpdate, OsInfo, ServiceInfo } from '../contract/schemas/inventory'
import { HostInventory as HostInventorySchema } from '../contract/schemas/inventory'
import type { CollectorFeature, CollectorOs, CollectorOutput, CollectorProduct, CollectorService } from '../powershell/collector-output'
import { dotNetVersionOfRelease } from './dotnet-releases'
import { kbOfHotfixId } from './hotfix-id'
import { parseQfeRawDate } from './local-dates'
import { architectureOf, editionOfCaption, editionOfSku, versionOf } from './os-facts'
import { displayVersionOfBuild } from './windows-builds'

/**
 * The collector's raw JSON (`src-main/powershell/collector-output.ts`, already validated) →
 * HostInventory. The collector reads the registry, so build and UBR are exact (`buildSource:
 * 'registry'`) whenever Windows has a UBR (Windows 10 and later, and 8.1/2012 R2 once updated).
 */

/** Provenance details the caller knows. */
export interface CollectorSource {
  readonly fileName?: string | null
  readonly now?: Date | undefined
}

function installationTypeOf(os: CollectorOs): InstallationType | null {
  const registry = os.registry.installationType?.toLowerCase() ?? ''
  if (registry === 'server core') return 'server-core'
  if (registry === 'server') return 'server'
  if (registry === 'client') return 'client'
  // Win32_OperatingSystem.ProductType: 1 workstation, 2 domain controller, 3 server (null: unreadable, so unknown).
  if (os.productType === null) return null
  return os.productType === 1 ? 'client' : 'server'
}

function osInfoOf(os: CollectorOs): OsInfo {
  const parsed = versionOf(os.version)
  const buildText = os.registry.currentBuild ?? os.buildNumber
  const build = /^\d+$/.test(buildText) ? Number(buildText) : (parsed?.build ?? null)
  const installationType = installationTypeOf(os)
  const kind = installationType === 'client' ? 'client' : 'server'
  // ReleaseId stopped at 2009 (20H2 and later say so in DisplayVersion); the build decides otherwise.
  const displayVersion = os.registry.displayVersion ?? (build === null ? null : displayVersionOfBuild(build, kind)) ?? os.registry.releaseId
  return {
    caption: os.caption,
    edition: os.registry.editionId ?? editionOfSku(os.operatingSystemSku) ?? editionOfCaption(os.caption),
    version: parsed?.version ?? os.version,
    build,
    ubr: os.registry.ubr,
    buildSource: os.registry.ubr !== null ? 'registry' : build !== null ? 'os-version' : 'unknown',
    displayVersion,
    servicePack: os.servicePackMajorVersion ? os.servicePackMajorVersion : null,
    architecture: architectureOf(os.osArchitecture),
    installationType,
    domainRole: null,
    installDate: os.installDate,
    lastBootTime: os.lastBootUpTime,
    locale: os.muiLanguages[0]?.toLowerCase() ?? null,
  }
}

function servicesOf(services: readonly CollectorService[]): ServiceInfo[] {
  const states: Record<string, ServiceInfo['state']> = {
    running: 'running',
    stopped: 'stopped',
    paused: 'paused',
    'start pending': 'start-pending',
    'stop pending': 'stop-pending',
    'continue pending': 'continue-pending',
    'pause pending': 'pause-pending',
  }
  const modes: Record<string, ServiceInfo['startMode']> = { auto: 'auto', manual: 'manual', disabled: 'disabled', boot: 'boot', system: 'system' }
  return services.map((s) => ({
    name: s.name,
    displayName: s.displayName,
    state: states[(s.state ?? '').toLowerCase()] ?? 'unknown',
    startMode: modes[(s.startMode ?? '').toLowerCase()] ?? 'unknown',
  }))
}

function featuresOf(features: readonly CollectorFeature[]): FeatureInfo[] {
  return features.map((f) =>
    f.source === 'Win32_ServerFeature'
      ? { name: f.name, displayName: f.caption, kind: 'server-feature', installed: f.installState === null || f.installState === 1 }
      : { name: f.name, displayName: f.caption, kind: 'optional-feature', installed: f.installState === 1 },
  )
}

function productsOf(doc: CollectorOutput): InstalledProduct[] {
  const products: InstalledProduct[] = []
  if (doc.dotNetFrameworkRelease !== null) {
    const version = dotNetVersionOfRelease(doc.dotNetFrameworkRelease)
    products.push({ kind: 'dotnet-framework', name: `.NET Framework ${version ?? '4.x'}`, version, release: doc.dotNetFrameworkRelease })
  }
  if (doc.edgeVersion !== null) products.push({ kind: 'edge', name: 'Microsoft Edge', version: doc.edgeVersion, release: null })
  const isOffice = (p: CollectorProduct) => /^Microsoft (Office|365)\b/i.test(p.displayName)
  for (const p of doc.products ?? []) {
    if (/^Microsoft Edge$/i.test(p.displayName)) continue
    products.push({ kind: isOffice(p) ? 'office' : 'other', name: p.displayName, version: p.displayVersion, release: null })
  }
  return products
}

function updatesOf(doc: CollectorOutput): InstalledUpdate[] {
  const byKey = new Map<string, InstalledUpdate>()
  for (const h of doc.hotfixes ?? []) {
    const kb = kbOfHotfixId(h.hotFixId)
    if (!kb && /^File \d+$/i.test(h.hotFixId)) continue
    const key = (kb ?? h.hotFixId).toUpperCase()
    if (byKey.has(key)) continue
    byKey.set(key, {
      id: h.hotFixId,
      kb,
      installedOn: h.installedOnIso ?? (h.installedOn ? parseQfeRawDate(h.installedOn) : null),
      description: h.description,
      installedBy: h.installedBy,
      source: 'collector',
    })
  }
  return [...byKey.values()]
}

/** Maps a validated collector document to a HostInventory. */
export function inventoryFromCollector(doc: CollectorOutput, source: CollectorSource = {}): HostInventory {
  const warnings = doc.warnings.map((w) => `${w.section}: ${w.message}`)
  if (doc.hotfixes === null) warnings.push('The installed updates could not be read; the assessment cannot tell what is missing.')
  return HostInventorySchema.parse({
    schemaVersion: 1,
    computerName: doc.os.csName ?? doc.collector.computerName,
    os: osInfoOf(doc.os),
    updates: updatesOf(doc),
    updatesComplete: doc.hotfixes !== null,
    products: doc.products === null && doc.dotNetFrameworkRelease === null && doc.edgeVersion === null ? null : productsOf(doc),
    services: doc.services === null ? null : servicesOf(doc.services),
    features: doc.features === null ? null : featuresOf(doc.features),
    pendingReboot: doc.pendingReboot?.any ?? null,
    // Absent (not asked) stays absent, so the rules say "not read" rather than "absent value".
    ...(doc.registryValues ? { registryValues: doc.registryValues } : {}),
    provenance: {
      sources: ['collector'],
      collectedAt: doc.collector.finishedAt,
      parsedAt: (source.now ?? new Date()).toISOString(),
      fileName: source.fileName ?? null,
      encoding: null,
      warnings,
    },
  } satisfies HostInventory)
}
