import fs from 'node:fs'
import path from 'node:path'
import type { Database } from 'better-sqlite3'
import { CoreError } from '../errors'
import { parseInventoryFile } from '../inventory/parse-inventory-file'
import { catalogVersion, insertAssessment } from '../store/assessments'
import { assessHost } from './assess-host'
import { CatalogCache } from './catalog-cache'
import { indexMitigationRules } from './mitigations/evaluate-rules'
import { loadMitigationRules } from './mitigations/load-rules'

/** A file to import: a path on this machine, or the bytes of a file dropped onto the window. */
export type InventorySource = { readonly path: string } | { readonly name: string; readonly bytes: Uint8Array }

/** One file's outcome: the assessment kept (its id and computer), or why the file was not usable. */
export type ImportedFile =
  | { readonly file: string; readonly ok: true; readonly assessmentId: number; readonly hostName: string | null; readonly product: string | null; readonly missingUpdates: number }
  | { readonly file: string; readonly ok: false; readonly error: string }

/**
 * Imports a consultant's captures (systeminfo, wmic qfe / Get-HotFix, collector or inventory
 * JSON): each is parsed, assessed against the catalog and kept with its file name and inventory,
 * so Reports lists it beside scanned computers. A bad file is reported; the others still go in.
 */
export function importInventoryFiles(db: Database, sources: ReadonlyArray<InventorySource>, options: { now: Date; dataDir: string }): ImportedFile[] {
  if (!db.prepare(`SELECT 1 FROM catalog_documents LIMIT 1`).get()) {
    throw new CoreError('not-found', 'The catalog is empty: import Microsoft’s data first (Maintain → Catalog), then import the files again.')
  }
  const rules = loadMitigationRules({ dataDir: options.dataDir })
  const mitigations = indexMitigationRules(rules.rules)
  const catalog = new CatalogCache(db)
  const version = catalogVersion(db)
  return sources.map((source): ImportedFile => {
    const file = 'path' in source ? source.path : source.name
    try {
      const bytes = 'path' in source ? fs.readFileSync(source.path) : source.bytes
      const fileName = 'path' in source ? path.basename(source.path) : path.basename(source.name)
      const parsed = parseInventoryFile(bytes, fileName, { now: options.now })
      const assessment = assessHost(db, parsed.inventory, { now: options.now, mitigations, catalog })
      const assessmentId = insertAssessment(db, { fileName, inventory: parsed.inventory }, assessment, version)
      return { file, ok: true, assessmentId, hostName: assessment.host.name, product: assessment.host.product, missingUpdates: assessment.summary.missingUpdates }
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      const message = code === 'ENOENT' ? `Cannot read '${file}': no such file.` : code === 'EISDIR' ? `'${file}' is a folder: give the files in it.` : (error as Error).message
      return { file, ok: false, error: message }
    }
  })
}
