import type { IncomingMessage } from 'node:http'

/** Raised when a request body is too large or not JSON; carries the HTTP status to answer with. */
export class BodyError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message)
    this.name = 'BodyError'
  }
}

/**
 * Reads a JSON request body of at most `maxBytes`, refusing the rest without buffering it.
 *
 * An empty body is `{}` (methods without input). Only `application/json` is accepted: that
 * content type cannot be sent cross-site without a CORS preflight, which we never grant.
 */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const type = req.headers['content-type'] ?? ''
  if (!/^application\/json\b/i.test(type)) throw new BodyError(415, 'expected Content-Type: application/json')
  const declared = Number(req.headers['content-length'] ?? 0)
  if (declared > maxBytes) throw new BodyError(413, `request body over ${maxBytes} bytes`)
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > maxBytes) throw new BodyError(413, `request body over ${maxBytes} bytes`)
    chunks.push(chunk)
  }
  const text = Buffer.concat(chunks).toString('utf8').trim()
  if (text === '') return {}
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw new BodyError(400, 'request body is not valid JSON')
  }
}
