import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import readline from 'node:readline'
import { pipeline } from 'node:stream/promises'
import { PassThrough } from 'node:stream'
import zlib from 'node:zlib'
import type { Database } from 'better-sqlite3'
import { CoreError } from '../errors'
import { storedDocument, storedHeaders, storedProducts } from './catalog-reader'
import { BUNDLE_FORMAT, BUNDLE_VERSION, BundleBodyLine, BundleEndLine, BundleHeaderLine } from './bundle-format'
import { kevStatus } from './kev'
import type { CatalogDocument } from './model'

/**
 * The catalog bundle: one gzip-compressed file of JSON lines that another Patchlane imports on an
 * offline network. Line 1 says what it holds (as-of date, documents with their revisions, KEV);
 * then the products, one line per document, the KEV feed; the last line carries the SHA-256 of
 * everything before it, checked before anything is imported.
 */
export async function exportBundle(
  db: Database,
  file: string,
  options: { now: Date; onProgress?: (done: number, total: number, current: string | null) => void },
): Promise<{ file: string; bytes: number; documents: number }> {
  const target = path.resolve(file)
  fs.mkdirSync(path.dirname(target), { recursive: true })
  const temp = `${target}.${process.pid}.partial`
  const headers = storedHeaders(db)
  const kev = kevStatus(db)
  const hash = crypto.createHash('sha256')
  const body = new PassThrough()
  const done = pipeline(body, zlib.createGzip({ level: 9 }), fs.createWriteStream(temp))
  let lines = 0
  const write = async (value: unknown): Promise<void> => {
    const line = `${JSON.stringify(value)}\n`
    hash.update(line)
    lines++
    if (!body.write(line)) await new Promise<void>((resolve) => body.once('drain', resolve))
  }
  try {
    const header: BundleHeaderLine = {
      format: BUNDLE_FORMAT,
      version: BUNDLE_VERSION,
      createdAt: options.now.toISOString(),
      asOf: headers.reduce<string | null>((max, h) => (max === null || h.currentReleaseDate > max ? h.currentReleaseDate : max), null),
      documents: headers.map((h) => ({ id: h.id, currentReleaseDate: h.currentReleaseDate, revision: h.revision })),
      kev: kev && kev.asOf ? { asOf: kev.asOf, version: kev.version, count: kev.count } : null,
    }
    await write(header)
    await write({ products: storedProducts(db) })
    let index = 0
    for (const h of headers) {
      options.onProgress?.(index++, headers.length, h.id)
      await write({ document: storedDocument(db, h) })
    }
    if (kev && kev.asOf) await write({ kev: kevFeedFromStore(db, kev.asOf, kev.version) })
    body.end(`${JSON.stringify({ end: true, sha256: hash.digest('hex'), lines })}\n`)
    await done
    fs.renameSync(temp, target)
  } catch (error) {
    body.destroy()
    fs.rmSync(temp, { force: true })
    throw new CoreError('store-failed', `Cannot write the catalog bundle ${target}: ${(error as Error).message}`, { cause: error })
  }
  options.onProgress?.(headers.length, headers.length, null)
  return { file: target, bytes: fs.statSync(target).size, documents: headers.length }
}

function kevFeedFromStore(db: Database, asOf: string, version: string | null): { catalogVersion: string; dateReleased: string; vulnerabilities: Array<Record<string, unknown>> } {
  const rows = db
    .prepare(
      `SELECT cve AS cveID, vendor_project AS vendorProject, product, name AS vulnerabilityName, date_added AS dateAdded,
              short_description AS shortDescription, required_action AS requiredAction, due_date AS dueDate,
              ransomware_use AS knownRansomwareCampaignUse, notes
       FROM catalog_kev ORDER BY cve`,
    )
    .all() as Array<Record<string, unknown>>
  return { catalogVersion: version ?? asOf, dateReleased: asOf, vulnerabilities: rows }
}

/** One line of a verified bundle, as the importer consumes them. */
export type BundleItem =
  | { readonly kind: 'products'; readonly products: CatalogDocument['products'] }
  | { readonly kind: 'document'; readonly document: CatalogDocument }
  | { readonly kind: 'kev'; readonly feed: { catalogVersion: string; dateReleased: string; vulnerabilities: Array<Record<string, unknown>> } }

async function* bundleLines(file: string): AsyncGenerator<string> {
  const gunzip = zlib.createGunzip()
  const input = fs.createReadStream(file)
  input.on('error', (error) => gunzip.destroy(error))
  const lines = readline.createInterface({ input: input.pipe(gunzip), crlfDelay: Infinity })
  try {
    for await (const line of lines) yield line
  } finally {
    lines.close()
    input.destroy()
  }
}

/**
 * Checks a bundle end to end (gzip intact, header, checksum) without importing anything, and
 * returns its header. Any fault names the file and what is wrong.
 */
export async function verifyBundle(file: string): Promise<BundleHeaderLine> {
  const hash = crypto.createHash('sha256')
  let header: BundleHeaderLine | null = null
  let previous: string | null = null
  let count = 0
  try {
    for await (const line of bundleLines(file)) {
      if (previous !== null) {
        hash.update(`${previous}\n`)
        count++
      }
      if (header === null) header = parseHeader(file, line)
      previous = line
    }
  } catch (error) {
    if (error instanceof CoreError) throw error
    throw new CoreError('bad-file', `${file}: the catalog bundle is corrupt or truncated (${(error as Error).message})`, { cause: error })
  }
  if (header === null || previous === null) throw new CoreError('bad-file', `${file}: the catalog bundle is empty`)
  let end: unknown
  try {
    end = JSON.parse(previous)
  } catch {
    end = null
  }
  const parsedEnd = BundleEndLine.safeParse(end)
  if (!parsedEnd.success) throw new CoreError('bad-file', `${file}: the catalog bundle is truncated (no end line with its checksum)`)
  if (parsedEnd.data.sha256 !== hash.digest('hex') || parsedEnd.data.lines !== count) {
    throw new CoreError('bad-file', `${file}: the catalog bundle's checksum does not match its content (damaged in transit?)`)
  }
  return header
}

function parseHeader(file: string, line: string): BundleHeaderLine {
  let value: unknown
  try {
    value = JSON.parse(line)
  } catch {
    throw new CoreError('bad-file', `${file}: not a Patchlane catalog bundle (its first line is not JSON)`)
  }
  const parsed = BundleHeaderLine.safeParse(value)
  if (!parsed.success) {
    const version = (value as { version?: unknown } | null)?.version
    if ((value as { format?: unknown } | null)?.format === BUNDLE_FORMAT && version !== BUNDLE_VERSION) {
      throw new CoreError('bad-file', `${file}: a catalog bundle of format version ${String(version)}, which this Patchlane does not read; update Patchlane`)
    }
    throw new CoreError('bad-file', `${file}: not a Patchlane catalog bundle`)
  }
  return parsed.data
}

/** The items of a bundle already checked by `verifyBundle`, one at a time. */
export async function* readBundle(file: string): AsyncGenerator<BundleItem> {
  let lineNo = 0
  for await (const line of bundleLines(file)) {
    lineNo++
    if (lineNo === 1) continue
    let value: unknown
    try {
      value = JSON.parse(line)
    } catch {
      throw new CoreError('bad-file', `${file}: line ${lineNo} of the bundle is not JSON`)
    }
    if (BundleEndLine.safeParse(value).success) return
    const parsed = BundleBodyLine.safeParse(value)
    if (!parsed.success) throw new CoreError('bad-file', `${file}: line ${lineNo} of the bundle has an unexpected shape`)
    const item = parsed.data
    if ('products' in item) yield { kind: 'products', products: item.products }
    else if ('document' in item) yield { kind: 'document', document: item.document }
    else yield { kind: 'kev', feed: item.kev }
  }
}
