import { setTimeout as sleep } from 'node:timers/promises'
// undici (1 MB) is loaded on first use: every CLI command would otherwise pay for compiling it.
import type { Dispatcher } from 'undici'
import { CoreError } from '../errors'

/** Retry policy of catalog downloads. */
export interface RetryPolicy {
  readonly attempts: number
  /** First back-off; doubled on each retry, capped at `maxDelayMs`. */
  readonly baseDelayMs: number
  readonly maxDelayMs: number
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 1000, maxDelayMs: 30_000 }

/**
 * A dispatcher that honours HTTPS_PROXY / HTTP_PROXY / NO_PROXY (and their lower-case forms)
 * from the given environment, as administrators behind a proxy expect; follows redirects.
 */
export async function proxyDispatcher(env: NodeJS.ProcessEnv): Promise<Dispatcher> {
  const { EnvHttpProxyAgent, interceptors } = await import('undici')
  const pick = (name: string): string | undefined => env[name] ?? env[name.toLowerCase()]
  return new EnvHttpProxyAgent({
    httpProxy: pick('HTTP_PROXY'),
    httpsProxy: pick('HTTPS_PROXY') ?? pick('HTTP_PROXY'),
    noProxy: pick('NO_PROXY'),
    headersTimeout: 60_000,
    bodyTimeout: 120_000,
  }).compose(interceptors.redirect({ maxRedirections: 5 }))
}

/**
 * GETs `url` and hands the streamed body to `consume`, retrying network failures, 429 and 5xx
 * with exponential back-off (and `Retry-After` when the server sends one). 4xx other than 429 is
 * final. A failure in `consume` itself (bad content) is not retried.
 */
export async function fetchWithRetry<T>(
  url: string,
  options: { dispatcher: Dispatcher; accept: string; retry: RetryPolicy; what: string },
  consume: (body: AsyncIterable<Uint8Array>) => Promise<T>,
): Promise<T> {
  const { request } = await import('undici')
  let lastError: Error | null = null
  for (let attempt = 1; attempt <= options.retry.attempts; attempt++) {
    let retryAfterMs: number | null = null
    try {
      const response = await request(url, {
        method: 'GET',
        dispatcher: options.dispatcher,
        headers: { accept: options.accept, 'user-agent': 'Patchlane catalog sync' },
      })
      if (response.statusCode === 200) return await consume(response.body)
      await response.body.dump()
      const message = `${options.what}: ${url} answered HTTP ${response.statusCode}`
      if (response.statusCode !== 429 && response.statusCode < 500) throw new CoreError('network-failed', message)
      lastError = new CoreError('network-failed', message)
      const header = response.headers['retry-after']
      const seconds = Number(Array.isArray(header) ? header[0] : header)
      if (Number.isFinite(seconds) && seconds >= 0) retryAfterMs = Math.min(seconds * 1000, options.retry.maxDelayMs)
    } catch (error) {
      if (error instanceof CoreError) throw error
      lastError = error as Error
    }
    if (attempt < options.retry.attempts) {
      await sleep(retryAfterMs ?? Math.min(options.retry.baseDelayMs * 2 ** (attempt - 1), options.retry.maxDelayMs))
    }
  }
  const cause = lastError instanceof CoreError ? lastError.message : `${url}: ${lastError?.message ?? 'unknown error'}`
  throw new CoreError(
    'network-failed',
    `${options.what} failed after ${options.retry.attempts} attempts (${cause}). Check the network or proxy settings (HTTPS_PROXY, NO_PROXY), or import copied files instead.`,
    { cause: lastError },
  )
}
