import fs from 'node:fs'
import path from 'node:path'
import type { Database } from 'better-sqlite3'
import type { HostAssessment } from '../contract/schemas/assessment'
import type { OsInfo } from '../contract/schemas/inventory'
import { CoreError } from '../errors'
import { parseInventoryFile } from '../inventory/parse-inventory-file'
import { assessHost } from './assess-host'
import { CatalogCache } from './catalog-cache'
import { loadMitigationRules } from './mitigations/load-rules'
import { indexMitigationRules } from './mitigations/evaluate-rules'

/** One file's outcome: an assessment, or why the file could not be used. */
export type FileAssessment = { readonly file: string; readonly assessment: HostAssessment } | { readonly file: string; readonly error: string }

/**
 * Assesses inventory files (systeminfo, wmic qfe / Get-HotFix with the OS given, collector or
 * HostInventory JSON) against the catalog. A bad file is reported and the others still assessed.
 */
export function assessFiles(
  db: Database,
  files: ReadonlyArray<string>,
  options: { now: Date; os?: OsInfo | null; dataDir: string },
): { results: FileAssessment[]; ruleProblems: string[] } {
  if (!db.prepare(`SELECT 1 FROM catalog_documents LIMIT 1`).get()) {
    throw new CoreError('not-found', 'The catalog is empty: import Microsoft’s data first (`patchlane catalog import FILES` or `patchlane catalog sync`).')
  }
  const rules = loadMitigationRules({ dataDir: options.dataDir })
  const mitigations = indexMitigationRules(rules.rules)
  const catalog = new CatalogCache(db)
  const results = files.map((file): FileAssessment => {
    try {
      const bytes = fs.readFileSync(file)
      const parsed = parseInventoryFile(bytes, path.basename(file), { os: options.os ?? null, now: options.now })
      return { file, assessment: assessHost(db, parsed.inventory, { now: options.now, mitigations, catalog }) }
    } catch (error) {
      const message = (error as NodeJS.ErrnoException).code === 'ENOENT' ? `Cannot read '${file}': no such file.` : (error as Error).message
      return { file, error: message }
    }
  })
  return { results, ruleProblems: rules.problems }
}
