import { TextDecoder } from 'node:util'
import type { ByteChunks } from './byte-stream'
import { createCvrfXmlParser, type HeaderDecision, type ParseOutcome } from './xml-parser'
import { CoreError } from '../errors'

/**
 * Parses a CVRF XML byte stream chunk by chunk. When `decide` declines after the header, it stops
 * reading there (the rest of the file is never decoded), which makes re-importing an unchanged
 * catalog cheap.
 */
export async function parseCvrfXml(chunks: ByteChunks, source: string, decide?: HeaderDecision): Promise<ParseOutcome> {
  const parser = await createCvrfXmlParser(source, decide)
  // TextDecoder drops a leading UTF-8 byte-order mark, which PowerShell's Out-File writes.
  const decoder = new TextDecoder('utf-8', { fatal: true })
  const iterator = chunks[Symbol.asyncIterator]()
  try {
    for (;;) {
      const next = await iterator.next()
      if (next.done) break
      parser.write(decode(decoder, next.value, source, true))
      if (parser.done) break
    }
    if (!parser.done) parser.write(decode(decoder, new Uint8Array(0), source, false))
  } finally {
    // Stop the underlying file or decompressor when the parse ends early.
    await iterator.return?.()
  }
  return parser.end()
}

function decode(decoder: TextDecoder, bytes: Uint8Array, source: string, stream: boolean): string {
  try {
    return decoder.decode(bytes, { stream })
  } catch (error) {
    throw new CoreError('bad-file', `${source}: not valid UTF-8 text`, { cause: error })
  }
}
