import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { createDispatcher } from '../dispatch'
import type { Services } from '../services'
import { PRODUCTION_CSP, SECURITY_HEADERS } from './csp'
import { streamEvents } from './event-stream'
import { BodyError, readJsonBody } from './read-body'
import { checkHostAndOrigin, presentedTokens, tokenCookie, tokenMatches } from './request-guard'
import { serveStatic } from './serve-static'

/** The largest `/rpc` body accepted; method inputs are small (paths, ids, filters). */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024

export interface BridgeOptions {
  readonly services: Services
  /** The built renderer (out/renderer). */
  readonly staticDir: string
  /** 0 (the default) picks a free port. */
  readonly port?: number
  /** Generated when absent: 32 random bytes, base64url. */
  readonly token?: string
  readonly maxBodyBytes?: number
}

export interface Bridge {
  /** The address to open once: it carries the token, which the page then keeps in a cookie. */
  readonly url: string
  /** `http://127.0.0.1:<port>`, without the token. */
  readonly origin: string
  readonly port: number
  readonly token: string
  /** Stops listening and ends open event streams; the services stay open (the caller owns them). */
  close(): Promise<void>
}

/**
 * Serves the dispatcher, the core's events and the built renderer over HTTP on 127.0.0.1.
 *
 * The same page the Electron shell loads runs in any browser: `POST /rpc/<method>` with a JSON
 * body answers the method's `Result`, `GET /events` is an SSE stream of every event, and every
 * other GET is a file of the renderer, sent with the production CSP. Every request must carry the
 * token (query on first load, then cookie, or the `x-patchlane-token` header) and name this
 * bridge in Host and Origin, so neither another site nor another local user's browser tab can
 * drive the console (the VS Code server's connection-token idea).
 */
export async function createBridge(options: BridgeOptions): Promise<Bridge> {
  const token = options.token ?? randomBytes(32).toString('base64url')
  const staticDir = path.resolve(options.staticDir)
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES
  const dispatch = createDispatcher(options.services)
  const streams = new Set<() => void>()
  const headers: Record<string, string> = { ...SECURITY_HEADERS, 'content-security-policy': PRODUCTION_CSP }
  let port = 0

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const refusal = checkHostAndOrigin(req, port)
    if (refusal) return void res.writeHead(refusal.status, { ...headers, 'content-type': 'text/plain' }).end(refusal.reason)

    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`)
    if (url.pathname === '/healthz') return void res.writeHead(200, { ...headers, 'content-type': 'text/plain' }).end('ok')

    if (!presentedTokens(req, url).some((candidate) => tokenMatches(candidate, token))) {
      return void res
        .writeHead(403, { ...headers, 'content-type': 'text/plain; charset=utf-8' })
        .end('Forbidden: open the address printed by `npm run serve` (it carries ?token=…).')
    }

    const method = req.method ?? 'GET'
    if (url.searchParams.has('token') && (method === 'GET' || method === 'HEAD')) {
      // Keep the token in an HttpOnly cookie and take it out of the address bar and history.
      url.searchParams.delete('token')
      return void res
        .writeHead(303, { ...headers, 'set-cookie': tokenCookie(token), location: url.pathname + url.search })
        .end()
    }

    if (url.pathname.startsWith('/rpc/')) {
      if (method !== 'POST') return void res.writeHead(405, { ...headers, allow: 'POST' }).end()
      let input: unknown
      try {
        input = await readJsonBody(req, maxBodyBytes)
      } catch (error) {
        const status = error instanceof BodyError ? error.status : 400
        const message = error instanceof Error ? error.message : String(error)
        // Stop reading an oversized upload rather than draining it.
        res.setHeader('connection', 'close')
        return void res.writeHead(status, { ...headers, 'content-type': 'text/plain' }).end(message)
      }
      const result = await dispatch(decodeURIComponent(url.pathname.slice('/rpc/'.length)), input)
      return void res
        .writeHead(200, { ...headers, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
        .end(JSON.stringify(result))
    }

    if (method !== 'GET' && method !== 'HEAD') return void res.writeHead(405, { ...headers, allow: 'GET, HEAD' }).end()
    if (url.pathname === '/events') {
      const end = streamEvents(options.services.events, res, headers)
      streams.add(end)
      res.on('close', () => streams.delete(end))
      return
    }
    return serveStatic(staticDir, url.pathname, res, headers, method === 'HEAD')
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error('bridge request failed:', error)
      if (!res.headersSent) res.writeHead(500, { ...headers, 'content-type': 'text/plain' })
      res.end('internal error')
    })
  })
  // Loopback only: the bridge is never reachable from another machine.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  port = (server.address() as AddressInfo).port
  const origin = `http://127.0.0.1:${port}`

  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    async close() {
      for (const end of streams) end()
      streams.clear()
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
    },
  }
}
