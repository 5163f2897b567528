import { timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

/** The cookie that carries the bridge token after the first `/?token=…` page load. */
export const TOKEN_COOKIE = 'patchlane_bridge'
/** The header a script (tests, tools) may send instead of the cookie. */
export const TOKEN_HEADER = 'x-patchlane-token'

/** Why a request was refused, with the HTTP status that says so. */
export interface Refusal {
  readonly status: 403 | 421
  readonly reason: string
}

/**
 * Refuses requests whose Host or Origin is not this bridge (DNS rebinding, other sites' pages).
 *
 * A rebinding attack makes `evil.example` resolve to 127.0.0.1: the browser then sends
 * `Host: evil.example`, which is not in the allowed list. A page of another origin that posts to
 * us sends its own `Origin`, also refused. Requests without `Origin` (navigations, same-origin
 * GETs, tools) pass this check and still need the token.
 */
export function checkHostAndOrigin(req: IncomingMessage, port: number): Refusal | null {
  const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`]
  const host = req.headers.host?.toLowerCase()
  if (!host || !allowedHosts.includes(host)) return { status: 421, reason: 'unexpected Host header' }
  const origin = req.headers.origin
  if (origin !== undefined && !allowedHosts.some((h) => origin.toLowerCase() === `http://${h}`)) {
    return { status: 403, reason: 'cross-origin request' }
  }
  // Browsers send Sec-Fetch-Site; a cross-site subresource or form post is refused even when the
  // Origin header was stripped (for example by a redirect).
  if (req.headers['sec-fetch-site'] === 'cross-site') return { status: 403, reason: 'cross-site request' }
  return null
}

/** The token presented by a request: the `token` query parameter, the header, or the cookie. */
export function presentedTokens(req: IncomingMessage, url: URL): string[] {
  const tokens: string[] = []
  const fromQuery = url.searchParams.get('token')
  if (fromQuery) tokens.push(fromQuery)
  const fromHeader = req.headers[TOKEN_HEADER]
  if (typeof fromHeader === 'string') tokens.push(fromHeader)
  const fromCookie = readCookie(req.headers.cookie, TOKEN_COOKIE)
  if (fromCookie) tokens.push(fromCookie)
  return tokens
}

/** Constant-time comparison, so the token cannot be guessed byte by byte from response times. */
export function tokenMatches(candidate: string, token: string): boolean {
  const a = Buffer.from(candidate)
  const b = Buffer.from(token)
  return a.length === b.length && timingSafeEqual(a, b)
}

/** The `Set-Cookie` value that remembers the token for this origin's later requests. */
export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`
}

function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim()
  }
  return null
}
