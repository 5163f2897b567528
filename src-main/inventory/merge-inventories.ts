import type { HostInventory, InstalledUpdate, OsInfo } from '../contract/schemas/inventory'
import { HostInventory as HostInventorySchema } from '../contract/schemas/inventory'
import { CoreError } from '../errors'

/**
 * The consultant's case: a host's `systeminfo` and its `wmic qfe` list brought home together.
 * systeminfo names the OS but cuts long hotfix lists and has no dates or UBR; the hotfix list is
 * complete and dated but names no OS; the registry listing has the UBR. Merged, they make one inventory.
 */

function keyOf(update: InstalledUpdate): string {
  return (update.kb ?? update.id).toUpperCase()
}

/** Fills the OS facts one source lacks from another of the same host and build. */
function mergeOs(a: OsInfo | null, b: OsInfo | null, names: string): OsInfo | null {
  if (!a || !b) return a ?? b
  if (a.build !== null && b.build !== null && a.build !== b.build) {
    throw new CoreError('invalid-input', `${names} describe different Windows builds (${a.build} and ${b.build}): they are not one host at one time.`)
  }
  const fill = <K extends keyof OsInfo>(key: K): OsInfo[K] => a[key] ?? b[key]
  const exact = a.ubr === null && b.ubr !== null ? b : a
  return {
    caption: fill('caption'),
    edition: fill('edition'),
    version: fill('version'),
    build: fill('build'),
    ubr: exact.ubr,
    buildSource: exact.buildSource,
    displayVersion: fill('displayVersion'),
    servicePack: fill('servicePack'),
    architecture: fill('architecture'),
    // systeminfo says "server" for Server Core too; a source that says "server-core" knows better.
    installationType: a.installationType === 'server-core' || b.installationType === 'server-core' ? 'server-core' : fill('installationType'),
    domainRole: fill('domainRole'),
    installDate: fill('installDate'),
    lastBootTime: fill('lastBootTime'),
    locale: fill('locale'),
  }
}

/**
 * Merges two inventories of one host taken together: systeminfo with its wmic qfe list, an OS
 * listing with a Get-HotFix list. OS facts are filled from whichever has them (an exact UBR wins);
 * the second's update entries win (hotfix lists carry dates); the list is complete when either is.
 * Refuses two different hosts or builds.
 */
export function mergeInventories(base: HostInventory, other: HostInventory): HostInventory {
  const names = `'${base.provenance.fileName ?? '(text)'}' and '${other.provenance.fileName ?? '(text)'}'`
  const a = base.computerName?.toUpperCase()
  const b = other.computerName?.toUpperCase()
  if (a && b && a !== b) {
    throw new CoreError(
      'invalid-input',
      `'${other.provenance.fileName ?? '(text)'}' is of host ${other.computerName}, but '${base.provenance.fileName ?? '(text)'}' is of ${base.computerName}: they cannot be merged.`,
    )
  }
  const os = mergeOs(base.os, other.os, names)
  const merged = new Map<string, InstalledUpdate>()
  for (const u of base.updates) merged.set(keyOf(u), u)
  for (const u of other.updates) merged.set(keyOf(u), u)
  const complete = base.updatesComplete || other.updatesComplete
  // Drop the warnings the merge answered: a cut list now completed, an OS now known, Server Core now told.
  const answered = (w: string) =>
    (complete && /hotfix|"File 1"|cut off|only the operating system/i.test(w)) ||
    (os !== null && /does not name the operating system/.test(w)) ||
    (os?.installationType === 'server-core' && /Server Core/.test(w))
  return HostInventorySchema.parse({
    ...base,
    computerName: base.computerName ?? other.computerName,
    os,
    updates: [...merged.values()],
    updatesComplete: complete,
    products: base.products ?? other.products,
    services: base.services ?? other.services,
    features: base.features ?? other.features,
    registryValues: base.registryValues ?? other.registryValues,
    pendingReboot: base.pendingReboot ?? other.pendingReboot,
    provenance: {
      ...base.provenance,
      sources: [...new Set([...base.provenance.sources, ...other.provenance.sources])],
      collectedAt: base.provenance.collectedAt ?? other.provenance.collectedAt,
      fileName: [base.provenance.fileName, other.provenance.fileName].filter((f) => f !== null).join(' + ') || null,
      warnings: [...base.provenance.warnings, ...other.provenance.warnings].filter((w) => !answered(w)),
    },
  } satisfies HostInventory)
}

/**
 * The hook for the catalog: systeminfo has no UBR, but the newest installed cumulative update
 * implies it. The assessment finds that update in its catalog and records the result here.
 */
export function withInferredUbr(inventory: HostInventory, ubr: number, fromKb: string): HostInventory {
  if (!inventory.os) throw new CoreError('invalid-input', 'An inventory without an operating system has no build to complete.')
  if (inventory.os.buildSource === 'registry') return inventory
  return HostInventorySchema.parse({
    ...inventory,
    os: { ...inventory.os, ubr, buildSource: 'inferred-from-updates' },
    provenance: {
      ...inventory.provenance,
      warnings: [...inventory.provenance.warnings, `UBR ${ubr} was inferred from the newest installed cumulative update, ${fromKb}.`],
    },
  } satisfies HostInventory)
}
