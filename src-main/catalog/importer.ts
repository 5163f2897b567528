import type { Database } from 'better-sqlite3'
import type { CatalogFileOutcome, CatalogImportSummary, CatalogProgress, KevStatus } from '../contract/schemas/catalog'
import { CoreError } from '../errors'
import { isNewer, upsertProducts, writeDocument, type WriteOutcome } from '../store/catalog-documents'
import { readText } from './byte-stream'
import { readBundle, verifyBundle } from './bundle'
import { countInputs, closeStream, listFiles, openFile, type CatalogInput } from './inputs'
import { looksLikeCvrfJson, parseCvrfJson } from './json-parser'
import { kevStatus, looksLikeKev, parseKev, writeKev } from './kev'
import type { CatalogDocument, CatalogDocumentHeader } from './model'
import { parseCvrfXml } from './parse-xml-stream'

/** How an import reports progress and tells time. */
export interface ImportOptions {
  readonly now?: () => Date
  readonly onProgress?: (progress: CatalogProgress) => void
  readonly operation?: CatalogProgress['operation']
}

/** A summary being filled in as files go by. */
export class ImportTally {
  readonly files: CatalogFileOutcome[] = []
  kev: KevStatus | null = null
  private readonly started = performance.now()

  add(outcome: CatalogFileOutcome): void {
    this.files.push(outcome)
  }

  summary(): CatalogImportSummary {
    const count = (outcome: CatalogFileOutcome['outcome']): number => this.files.filter((f) => f.outcome === outcome).length
    return {
      imported: count('imported'),
      replaced: count('replaced'),
      skipped: count('skipped'),
      failed: count('failed'),
      files: this.files,
      kev: this.kev,
      elapsedMs: Math.round(performance.now() - this.started),
    }
  }
}

/**
 * Imports files, folders and archives: CVRF XML or JSON (optionally .zst), KEV feeds and
 * Patchlane bundles. Each document is written in its own transaction, so a bad file costs only
 * itself: it is reported, the others are imported, and nothing of it is stored.
 */
export async function importPaths(db: Database, paths: readonly string[], options: ImportOptions = {}): Promise<CatalogImportSummary> {
  const tally = new ImportTally()
  const { files, failures } = listFiles(paths)
  for (const failure of failures) tally.add({ source: failure.source, outcome: 'failed', documentId: null, message: failure.error.message })
  let total = 0
  for (const file of files) total += await countInputs(file)
  let done = 0
  const progress = (current: string | null, message: string | null = null): void =>
    options.onProgress?.({ operation: options.operation ?? 'import', done, total, current, message })
  for (const file of files) {
    for await (const input of openFile(file)) {
      progress(input.source)
      if ('error' in input) tally.add({ source: input.source, outcome: 'failed', documentId: null, message: input.error.message })
      else await importInput(db, input, tally, options)
      done = Math.min(done + 1, total)
    }
  }
  progress(null, 'done')
  return tally.summary()
}

/** Imports one opened input, recording its outcome(s) in `tally`; never throws for bad content. */
export async function importInput(db: Database, input: CatalogInput, tally: ImportTally, options: ImportOptions = {}): Promise<void> {
  const importedAt = (options.now?.() ?? new Date()).toISOString()
  const { source } = input
  try {
    switch (input.kind) {
      case 'xml': {
        const outcome = await parseCvrfXml(input.chunks, source, (header) => isNewer(db, header))
        if (outcome.kind === 'header') tally.add(skipped(source, outcome.header))
        else tally.add(recordWrite(source, outcome.document, writeDocument(db, outcome.document, source, importedAt)))
        return
      }
      case 'json': {
        const text = await readText(input.chunks, source)
        let value: unknown
        try {
          value = JSON.parse(text)
        } catch (error) {
          throw new CoreError('bad-file', `${source}: not valid JSON (${(error as Error).message})`)
        }
        if (looksLikeKev(value)) {
          const result = writeKev(db, parseKev(value, source))
          const status = kevStatus(db)
          tally.kev = status ? { count: status.count, asOf: status.asOf } : null
          tally.add({ source, outcome: result, documentId: 'KEV', message: result === 'skipped' ? `the store already holds a KEV as of ${status?.asOf ?? '?'}` : null })
        } else if (looksLikeCvrfJson(value)) {
          const document = parseCvrfJson(value, source)
          tally.add(recordWrite(source, document, writeDocument(db, document, source, importedAt)))
        } else if (typeof value === 'object' && value !== null && Array.isArray((value as { value?: unknown }).value)) {
          tally.add({ source, outcome: 'skipped', documentId: null, message: 'an MSRC /updates index: it lists documents but holds none' })
        } else if (typeof value === 'object' && value !== null && '$schema' in value) {
          // CISA ships its feed's JSON schema beside the feed; a copied folder often holds both.
          tally.add({ source, outcome: 'skipped', documentId: null, message: 'a JSON schema, not catalog data' })
        } else {
          throw new CoreError('bad-file', `${source}: JSON of the wrong shape (neither an MSRC CVRF document nor a CISA KEV feed)`)
        }
        return
      }
      case 'gzip':
        await closeStream(input.chunks)
        if (source.includes('!')) throw new CoreError('bad-file', `${source}: a catalog bundle inside an archive; extract it and import the bundle itself`)
        await importBundle(db, source, tally, importedAt)
        return
      case 'empty':
        throw new CoreError('bad-file', `${source}: the file is empty`)
      case 'unknown':
        throw new CoreError('bad-file', `${source}: not a CVRF document (XML or JSON), a CISA KEV feed or a Patchlane catalog bundle`)
    }
  } catch (error) {
    await closeStream(input.chunks).catch(() => undefined)
    const message = error instanceof CoreError ? error.message : `${source}: ${(error as Error).message}`
    tally.add({ source, outcome: 'failed', documentId: null, message })
  }
}

async function importBundle(db: Database, file: string, tally: ImportTally, importedAt: string): Promise<void> {
  // The checksum is verified over the whole file first: a damaged bundle imports nothing.
  await verifyBundle(file)
  for await (const item of readBundle(file)) {
    if (item.kind === 'products') upsertProducts(db, item.products)
    else if (item.kind === 'document') {
      const source = `${file}#${item.document.header.id}`
      tally.add(recordWrite(source, item.document, writeDocument(db, item.document, file, importedAt)))
    } else {
      const result = writeKev(db, parseKev(item.feed, file))
      const status = kevStatus(db)
      tally.kev = status ? { count: status.count, asOf: status.asOf } : null
      tally.add({ source: `${file}#KEV`, outcome: result, documentId: 'KEV', message: null })
    }
  }
}

function describe(header: { currentReleaseDate: string; revision: string | null }): string {
  return `revision ${header.revision ?? '?'} of ${header.currentReleaseDate}`
}

function skipped(source: string, header: CatalogDocumentHeader): CatalogFileOutcome {
  return { source, outcome: 'skipped', documentId: header.id, message: `${describe(header)} is not newer than the copy held` }
}

function recordWrite(source: string, document: CatalogDocument, result: WriteOutcome): CatalogFileOutcome {
  const { header } = document
  if (result.outcome === 'skipped') {
    return { source, outcome: 'skipped', documentId: header.id, message: `${describe(header)} is not newer than the held ${describe(result.held)}` }
  }
  return { source, outcome: result.outcome, documentId: header.id, message: `${describe(header)}, ${document.vulnerabilities.length} vulnerabilities` }
}
