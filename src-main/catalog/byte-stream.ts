import { TextDecoder } from 'node:util'
import { CoreError } from '../errors'

/** A stream of bytes, as any Node Readable or async generator provides. */
export type ByteChunks = AsyncIterable<Uint8Array>

/** What the first bytes of an input say it is. */
export type ContentKind = 'zstd' | 'gzip' | 'zip' | 'xml' | 'json' | 'empty' | 'unknown'

/**
 * Looks at the first bytes of a stream without losing them: returns the kind and a stream that
 * still yields every byte. Decided by content, not by file name, so a renamed file still imports.
 */
export async function sniff(chunks: ByteChunks): Promise<{ kind: ContentKind; chunks: ByteChunks }> {
  const iterator = chunks[Symbol.asyncIterator]()
  const head: Uint8Array[] = []
  let size = 0
  let ended = false
  while (size < 16) {
    const next = await iterator.next()
    if (next.done) {
      ended = true
      break
    }
    head.push(next.value)
    size += next.value.length
  }
  const first = Buffer.concat(head)
  // A hand-written iterator rather than a generator, so that `return()` closes the source even
  // when the caller never reads (a skipped document, an archive opened by path instead).
  const rest: ByteChunks = {
    [Symbol.asyncIterator]: () => {
      let headSent = first.length === 0
      return {
        next: async (): Promise<IteratorResult<Uint8Array>> => {
          if (!headSent) {
            headSent = true
            return { done: false, value: first }
          }
          if (ended) return { done: true, value: undefined }
          return iterator.next()
        },
        return: async (): Promise<IteratorResult<Uint8Array>> => {
          ended = true
          await iterator.return?.()
          return { done: true, value: undefined }
        },
      }
    },
  }
  return { kind: kindOf(first), chunks: rest }
}

function kindOf(bytes: Buffer): ContentKind {
  if (bytes.length === 0) return 'empty'
  if (bytes.length >= 4 && bytes.readUInt32LE(0) === 0xfd2fb528) return 'zstd'
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return 'gzip'
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'zip'
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++
  if (i >= bytes.length) return 'empty'
  if (bytes[i] === 0x3c) return 'xml'
  if (bytes[i] === 0x7b || bytes[i] === 0x5b) return 'json'
  return 'unknown'
}

const ZSTD_SLICE = 16 * 1024

/**
 * Streaming zstd decompression (fzstd, pure JS): memory stays at one window plus one chunk,
 * whatever the size of the document. A truncated or corrupt frame becomes a clear error.
 */
export async function* zstdDecompress(chunks: ByteChunks, source: string): ByteChunks {
  // Loaded on first use, like every heavy dependency of the catalog (see scripts/build.mjs).
  const { Decompress } = await import('fzstd')
  const out: Uint8Array[] = []
  const decompress = new Decompress((data) => {
    out.push(data)
  })
  try {
    for await (const chunk of chunks) {
      // Small slices, so a reader that stops after the header (an unchanged document) costs
      // one block of decompression, not the whole file.
      for (let offset = 0; offset < chunk.length; offset += ZSTD_SLICE) {
        decompress.push(chunk.subarray(offset, offset + ZSTD_SLICE))
        while (out.length > 0) yield out.shift() as Uint8Array
      }
    }
    decompress.push(new Uint8Array(0), true)
  } catch (error) {
    throw new CoreError('bad-file', `${source}: the zstd data is corrupt or truncated (${(error as Error).message})`, { cause: error })
  }
  while (out.length > 0) yield out.shift() as Uint8Array
}

/** Reads a whole (bounded) stream into one string, BOM removed; used for JSON documents. */
export async function readText(chunks: ByteChunks, source: string, limitBytes = 256 * 1024 * 1024): Promise<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true })
  let text = ''
  let size = 0
  try {
    for await (const chunk of chunks) {
      size += chunk.length
      if (size > limitBytes) throw new CoreError('bad-file', `${source}: larger than ${limitBytes} bytes, which no catalog document is`)
      text += decoder.decode(chunk, { stream: true })
    }
    text += decoder.decode()
  } catch (error) {
    if (error instanceof CoreError) throw error
    throw new CoreError('bad-file', `${source}: not valid UTF-8 text`, { cause: error })
  }
  return text
}
