import fs from 'node:fs'
import path from 'node:path'
// yauzl is loaded on first use, like every heavy dependency of the catalog (see scripts/build.mjs).
import type { Entry, ZipFile } from 'yauzl'
import { CoreError } from '../errors'
import { sniff, zstdDecompress, type ByteChunks, type ContentKind } from './byte-stream'

/** One readable input: a file, a member of a .zip, always decompressed from .zst. */
export interface CatalogInput {
  /** For messages: the path, or `archive.zip!member.xml`. */
  readonly source: string
  readonly kind: Exclude<ContentKind, 'zstd' | 'zip'>
  readonly chunks: ByteChunks
}

/** An input that could not even be opened or listed. */
export interface CatalogInputFailure {
  readonly source: string
  readonly error: CoreError
}

const CHUNK = 1 << 20

/** Files picked up when walking a folder; anything else there is ignored. */
const CATALOG_FILE = /\.(xml|json|zst|zip|gz|plcat)$/i

function isDirectory(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory()
  } catch {
    return false
  }
}

/**
 * Lists the files behind the paths given on the command line or by the UI: files as they are,
 * folders recursively (sorted, hidden files skipped). Archives are opened later, one at a time.
 */
export function listFiles(paths: readonly string[]): { files: string[]; failures: CatalogInputFailure[] } {
  const files: string[] = []
  const failures: CatalogInputFailure[] = []
  const walk = (file: string): void => {
    let stat: fs.Stats
    try {
      stat = fs.statSync(file)
    } catch {
      failures.push({ source: file, error: new CoreError('not-found', `${file}: no such file or folder`) })
      return
    }
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(file).sort()) {
        if (name.startsWith('.')) continue
        const child = path.join(file, name)
        // Inside folders only catalog-looking files are taken (a README beside the documents is no error).
        if (CATALOG_FILE.test(name) || isDirectory(child)) walk(child)
      }
    } else if (stat.isFile()) files.push(file)
  }
  // Files named explicitly are always tried, whatever their extension.
  for (const p of paths) walk(path.resolve(p))
  return { files, failures }
}

/** How many documents a file will yield, for the progress total: a zip's entry count, else one. */
export async function countInputs(file: string): Promise<number> {
  if (!/\.zip$/i.test(file)) return 1
  try {
    const { openPromise } = await import('yauzl')
    const zip = await openPromise(file, { lazyEntries: true, autoClose: false })
    const count = zip.entryCount
    zip.close()
    return count
  } catch {
    return 1
  }
}

/**
 * Yields the inputs inside one file, in order, each fully consumed by the caller before the
 * next is opened (so a zip of the whole catalog never sits decompressed in memory).
 */
export async function* openFile(file: string): AsyncGenerator<CatalogInput | CatalogInputFailure> {
  let first: { kind: ContentKind; chunks: ByteChunks }
  try {
    first = await sniff(fs.createReadStream(file, { highWaterMark: CHUNK }))
  } catch (error) {
    yield { source: file, error: new CoreError('bad-file', `${file}: cannot be read (${(error as Error).message})`, { cause: error }) }
    return
  }
  if (first.kind === 'zip') {
    await closeStream(first.chunks)
    yield* openZip(file)
    return
  }
  yield await unwrap(file, first)
}

async function unwrap(source: string, sniffed: { kind: ContentKind; chunks: ByteChunks }): Promise<CatalogInput | CatalogInputFailure> {
  let current = sniffed
  if (current.kind === 'zstd') {
    try {
      current = await sniff(zstdDecompress(current.chunks, source))
    } catch (error) {
      return { source, error: asBadFile(source, error) }
    }
  }
  if (current.kind === 'zip' || current.kind === 'zstd') {
    await closeStream(current.chunks)
    return { source, error: new CoreError('bad-file', `${source}: archives nested inside compressed files are not supported`) }
  }
  return { source, kind: current.kind, chunks: current.chunks }
}

async function* openZip(file: string): AsyncGenerator<CatalogInput | CatalogInputFailure> {
  let zip: ZipFile
  try {
    const { openPromise } = await import('yauzl')
    zip = await openPromise(file, { lazyEntries: true, autoClose: false, strictFileNames: false, validateEntrySizes: true })
  } catch (error) {
    yield { source: file, error: new CoreError('bad-file', `${file}: not a readable zip archive (${(error as Error).message})`, { cause: error }) }
    return
  }
  try {
    for (;;) {
      let entry: Entry | null
      try {
        entry = await nextEntry(zip)
      } catch (error) {
        yield { source: file, error: new CoreError('bad-file', `${file}: the zip archive is corrupt (${(error as Error).message})`, { cause: error }) }
        return
      }
      if (!entry) return
      if (entry.fileName.endsWith('/') || path.basename(entry.fileName).startsWith('.')) continue
      const source = `${file}!${entry.fileName}`
      try {
        const stream = await zip.openReadStreamPromise(entry)
        yield await unwrap(source, await sniff(stream))
      } catch (error) {
        yield { source, error: asBadFile(source, error) }
      }
    }
  } finally {
    zip.close()
  }
}

function nextEntry(zip: ZipFile): Promise<Entry | null> {
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      zip.off('entry', onEntry)
      zip.off('end', onEnd)
      zip.off('error', onError)
    }
    const onEntry = (entry: Entry): void => {
      cleanup()
      resolve(entry)
    }
    const onEnd = (): void => {
      cleanup()
      resolve(null)
    }
    const onError = (error: Error): void => {
      cleanup()
      reject(error)
    }
    zip.on('entry', onEntry)
    zip.on('end', onEnd)
    zip.on('error', onError)
    zip.readEntry()
  })
}

/** Releases a stream the caller will not read (closes the file). */
export async function closeStream(chunks: ByteChunks): Promise<void> {
  await chunks[Symbol.asyncIterator]().return?.()
}

function asBadFile(source: string, error: unknown): CoreError {
  if (error instanceof CoreError) return error
  return new CoreError('bad-file', `${source}: cannot be read (${(error as Error).message})`, { cause: error })
}
