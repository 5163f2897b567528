import type { HostInventory, InstalledUpdate, InventorySource, OsInfo } from '../contract/schemas/inventory'
import { HostInventory as HostInventorySchema } from '../contract/schemas/inventory'

/** The file a text-based inventory was read from. */
export interface InventoryFile {
  readonly fileName: string | null
  readonly encoding: string | null
  readonly now?: Date | undefined
}

/** What a file parser found: the parts a text file can tell. */
export interface FileInventoryParts {
  readonly source: InventorySource
  readonly computerName: string | null
  readonly os: OsInfo | null
  readonly updates: InstalledUpdate[]
  readonly updatesComplete: boolean
  readonly warnings: string[]
}

/**
 * The HostInventory of a text file (systeminfo, a hotfix list, an OS listing), validated. Text
 * files record no products, services, features or pending reboot, so those are null (unknown),
 * never empty lists that would read as "none installed".
 */
export function fileInventory(parts: FileInventoryParts, file: InventoryFile): HostInventory {
  return HostInventorySchema.parse({
    schemaVersion: 1,
    computerName: parts.computerName,
    os: parts.os,
    updates: parts.updates,
    updatesComplete: parts.updatesComplete,
    products: null,
    services: null,
    features: null,
    pendingReboot: null,
    provenance: {
      sources: [parts.source],
      collectedAt: null,
      parsedAt: (file.now ?? new Date()).toISOString(),
      fileName: file.fileName,
      encoding: file.encoding,
      warnings: parts.warnings,
    },
  } satisfies HostInventory)
}
