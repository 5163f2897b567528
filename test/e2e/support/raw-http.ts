import http from 'node:http'

/** A response as received, headers lower-cased. */
export interface RawResponse {
  readonly status: number
  readonly headers: http.IncomingHttpHeaders
  readonly body: string
}

/**
 * One HTTP request with exactly the headers given (fetch would refuse to set Host), to 127.0.0.1.
 */
export function rawRequest(
  port: number,
  options: { readonly method?: string; readonly path?: string; readonly headers?: Record<string, string>; readonly body?: string | Buffer },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path ?? '/', headers: options.headers ?? {}, setHost: false },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }))
        res.on('error', reject)
      },
    )
    // An oversized upload may be cut off by the server after it answers 413; that is the point.
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)))
    if (options.body !== undefined) req.write(options.body)
    req.end()
  })
}
