import type { Database } from 'better-sqlite3'
import type { HostAssessment } from '../contract/schemas/assessment'
import type { HostInventory } from '../contract/schemas/inventory'
import { CoreError } from '../errors'
import { CollectorOutput } from '../powershell/collector-output'
import { inventoryFromCollector } from '../inventory/from-collector'
import { catalogVersion, insertAssessment } from '../store/assessments'
import { getHostInventoryJson, listScanHosts } from '../store/scans'
import { assessHost } from './assess-host'
import { CatalogCache } from './catalog-cache'
import { indexMitigationRules, type MitigationIndex } from './mitigations/evaluate-rules'
import { loadMitigationRules } from './mitigations/load-rules'
import { registryValuesNeeded } from './mitigations/registry-values'

/**
 * Assessments kept in the store: of a scanned host as it arrives, and of a whole scan again with
 * a newer catalog (`patchlane assess --scan ID`), without touching the network.
 */
export function createAssessmentService(deps: { db: Database; dataDir: string; now: () => Date }) {
  let rules: { index: MitigationIndex; problems: string[]; registryValues: string[] } | null = null
  const mitigations = () => {
    if (!rules) {
      const loaded = loadMitigationRules({ dataDir: deps.dataDir })
      const registryValues = registryValuesNeeded(loaded.rules).map((value) => `${value.subKey}::${value.name}`)
      rules = { index: indexMitigationRules(loaded.rules), problems: loaded.problems, registryValues }
    }
    return rules
  }
  // One cache per catalog version: scans share it across hosts; an import or sync makes a new one.
  let cache: { version: string; catalog: CatalogCache } | null = null
  const catalogFor = (version: string): CatalogCache => {
    if (cache?.version !== version) cache = { version, catalog: new CatalogCache(deps.db) }
    return cache.catalog
  }
  const hasCatalog = () => deps.db.prepare(`SELECT 1 FROM catalog_documents LIMIT 1`).get() !== undefined

  const assessScanHost = (scanHostId: number, raw: unknown): HostAssessment | null => {
    if (!hasCatalog()) return null
    const inventory = toInventory(raw)
    const version = catalogVersion(deps.db)
    const assessment = assessHost(deps.db, inventory, { now: deps.now(), mitigations: mitigations().index, catalog: catalogFor(version) })
    insertAssessment(deps.db, { scanHostId }, assessment, version)
    return assessment
  }

  return {
    /** Problems with the user's mitigation override file, for the UI and the CLI to show. */
    ruleProblems: (): string[] => mitigations().problems,
    /** The HKLM values the rules test (`SubKey::ValueName`), for the collector to read. */
    registryValuesNeeded: (): string[] => mitigations().registryValues,
    /** Assesses and keeps one scanned host's raw collector document. Null when the catalog is empty. */
    assessScanHost,
    /** Re-assesses every collected host of a scan with the catalog held now. */
    reassessScan(scanId: string): Array<{ scanHostId: number; target: string; assessment: HostAssessment }> {
      if (!hasCatalog()) throw new CoreError('not-found', 'The catalog is empty: import Microsoft’s data first (`patchlane catalog import` or `catalog sync`).')
      const hosts = listScanHosts(deps.db, scanId, ['done'])
      return hosts.flatMap((host) => {
        const raw = getHostInventoryJson(deps.db, host.id)
        const assessment = raw ? assessScanHost(host.id, raw) : null
        return assessment ? [{ scanHostId: host.id, target: host.target, assessment }] : []
      })
    },
  }
}

export type AssessmentService = ReturnType<typeof createAssessmentService>

/** A scanned host's raw document as a HostInventory (the collector's shape, validated again). */
function toInventory(raw: unknown): HostInventory {
  const parsed = CollectorOutput.safeParse(raw)
  if (!parsed.success) throw new CoreError('bad-file', `The stored inventory is not collector output: ${parsed.error.issues[0]?.message ?? 'unknown shape'}.`)
  return inventoryFromCollector(parsed.data)
}
